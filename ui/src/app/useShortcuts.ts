// The keyboard of the workspace window: undo and redo, export, delete the selection, Esc.

import { useEffect } from "react";
import type { Selection } from "../lib/edit";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

export function useShortcuts(props: {
  /** A dialog owns the keyboard while it is open. */
  dialogOpen: boolean;
  accountOpen: boolean;
  selection: Selection;
  onUndo: () => void;
  onRedo: () => void;
  onExport: () => void;
  onDelete: (s: NonNullable<Selection>) => void;
  onEscape: () => void;
}) {
  const { dialogOpen, accountOpen, selection, onUndo, onRedo, onExport, onDelete, onEscape } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialogOpen) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "e" && !isTyping(e.target) && accountOpen) {
        e.preventDefault();
        onExport();
        return;
      }
      if (mod && e.key.toLowerCase() === "z" && !isTyping(e.target)) {
        e.preventDefault();
        if (e.shiftKey) onRedo();
        else onUndo();
      } else if (mod && e.key.toLowerCase() === "y" && !isTyping(e.target)) {
        e.preventDefault();
        onRedo();
      } else if ((e.key === "Delete" || e.key === "Backspace") && !isTyping(e.target) && selection) {
        e.preventDefault();
        onDelete(selection);
      } else if (e.key === "Escape" && !isTyping(e.target)) {
        onEscape();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialogOpen, accountOpen, selection, onUndo, onRedo, onExport, onDelete, onEscape]);
}
