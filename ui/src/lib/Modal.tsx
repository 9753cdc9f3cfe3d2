// A modal dialog: focus stays inside, Esc closes it, and a progress bar shows long work.

import { useEffect, useRef, type ReactNode } from "react";
import { useJobProgress } from "./progress";
import { useT } from "./i18n";
import { formatNumber } from "./i18n/format";

export function Modal(props: { title: string; onClose: () => void; children: ReactNode; testId: string; wide?: boolean }) {
  const { t } = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        className={props.wide ? "modal wide" : "modal"}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        tabIndex={-1}
        ref={box}
        data-testid={props.testId}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            props.onClose();
          }
        }}
      >
        <div className="modal-head">
          <h2>{props.title}</h2>
          <button className="icon" onClick={props.onClose} aria-label={t("close")}>
            ✕
          </button>
        </div>
        <div className="modal-body">{props.children}</div>
      </div>
    </div>
  );
}

/** While `busy`, shows the progress of the running job. */
export function ProgressBar(props: { busy: boolean; label: string }) {
  const { lang } = useT();
  const p = useJobProgress(props.busy);
  if (!props.busy) return null;
  const fraction = p && p.total > 0 ? Math.min(1, p.done / p.total) : null;
  return (
    <div className="progress" data-testid="progress">
      <span>{props.label}</span>
      {fraction === null ? <progress /> : <progress value={fraction} max={1} />}
      {p && p.total > 0 && (
        <span className="muted">
          {formatNumber(lang, p.done)} / {formatNumber(lang, p.total)}
        </span>
      )}
    </div>
  );
}

/** The foot of a dialog: its error, the progress of its work, Cancel and its action. */
export function DialogFoot(props: {
  name: string;
  error: string | null;
  busy: boolean;
  workingLabel: string;
  cancelLabel: string;
  actionLabel: string;
  actionDisabled: boolean;
  onCancel: () => void;
  onAction: () => void;
}) {
  return (
    <>
      {props.error && (
        <p className="problem" role="alert" data-testid={`${props.name}-error`}>
          {props.error}
        </p>
      )}
      <ProgressBar busy={props.busy} label={props.workingLabel} />
      <div className="actions">
        <button onClick={props.onCancel} disabled={props.busy}>
          {props.cancelLabel}
        </button>
        <button className="primary" onClick={props.onAction} disabled={props.busy || props.actionDisabled} data-testid={`${props.name}-do`}>
          {props.actionLabel}
        </button>
      </div>
    </>
  );
}
