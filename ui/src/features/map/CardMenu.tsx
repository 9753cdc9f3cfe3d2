// A person card's menu, opened by a right-click on the card or, on the selected card, by
// Shift+F10 or the Menu key. Its item asks "What if this person left?" and opens the answer
// in the Analysis tab. Escape, a click elsewhere or leaving the menu closes it.

import { useEffect, useRef } from "react";
import { useT } from "../../lib/i18n";

export type CardMenuState = { person: string; name: string; x: number; y: number } | null;

export function CardMenu(props: { menu: NonNullable<CardMenuState>; onClose: () => void; onWhatIfLeft: (id: string) => void }) {
  const { menu, onClose, onWhatIfLeft } = props;
  const { t } = useT();
  const item = useRef<HTMLButtonElement>(null);
  // The first item takes the focus, so Enter chooses it and Escape closes the menu.
  useEffect(() => item.current?.focus(), [menu.person]);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (!(e.target instanceof Node) || !item.current?.parentElement?.contains(e.target)) onClose();
    };
    window.addEventListener("pointerdown", away, true);
    return () => window.removeEventListener("pointerdown", away, true);
  }, [onClose]);
  return (
    <div
      className="card-menu"
      role="menu"
      data-testid="card-menu"
      style={{ position: "fixed", left: menu.x, top: menu.y, zIndex: 1000 }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
      onContextMenu={(e) => e.preventDefault()}
    >
      <button
        ref={item}
        role="menuitem"
        data-testid="card-menu-without"
        onClick={() => {
          onClose();
          onWhatIfLeft(menu.person);
        }}
      >
        {t("whatIfLeft").replace("{name}", menu.name)}
      </button>
    </div>
  );
}
