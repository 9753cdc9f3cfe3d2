// The map's zoom buttons (with their shortcuts in the tooltips), the fit button and the
// mini-map's fold button; and the zoom shortcuts: Ctrl+0 fit, Ctrl+1 100%, Ctrl++ (or
// Ctrl+=) and Ctrl+- a step of `zoomStep`.

import { ControlButton, Controls, useReactFlow, useStoreApi } from "@xyflow/react";
import { useCallback, useEffect } from "react";
import { useT } from "../../lib/i18n";
import { CARD_H, CARD_W } from "./mapModel";
import { fitViewport, zoomStep } from "./viewport";

export function useZoomActions() {
  const rf = useReactFlow();
  const store = useStoreApi();
  const step = useCallback((dir: 1 | -1) => void rf.zoomTo(zoomStep(rf.getZoom(), dir), { duration: 150 }), [rf]);
  // The whole map in the window, clear of the legend, the mini-map and the zoom buttons: no
  // card the user may want to click lies under one of them.
  const fit = useCallback(() => {
    const el = store.getState().domNode;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const covers = [...el.querySelectorAll(".legend, .react-flow__minimap, .react-flow__controls")].map((c) => {
      const b = c.getBoundingClientRect();
      return { x: b.x - r.x, y: b.y - r.y, width: b.width, height: b.height };
    });
    const cards = rf
      .getNodes()
      .filter((n) => !n.hidden)
      .map((n) => ({ x: n.position.x, y: n.position.y, w: n.measured?.width ?? CARD_W, h: n.measured?.height ?? CARD_H }));
    if (cards.length === 0) return;
    void rf.setViewport(fitViewport(cards, { width: r.width, height: r.height }, covers), { duration: 200 });
  }, [rf, store]);
  const actual = useCallback(() => void rf.zoomTo(1, { duration: 150 }), [rf]);
  return { step, fit, actual };
}

/** The zoom shortcuts, anywhere in the window but in a text field or a dialog. */
export function useZoomKeys() {
  const { step, fit, actual } = useZoomActions();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT")) return;
      if (document.querySelector(".modal-backdrop, [role='dialog']")) return;
      const action = { "0": fit, "1": actual, "+": () => step(1), "=": () => step(1), "-": () => step(-1) }[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [step, fit, actual]);
}

export function ZoomControls(props: { miniMap: "none" | "shown" | "folded"; onFoldMiniMap: (folded: boolean) => void }) {
  const { t } = useT();
  const { step, fit, actual } = useZoomActions();
  useZoomKeys();
  return (
    <Controls showZoom={false} showFitView={false} showInteractive={false} aria-label={t("zoomControls")}>
      <ControlButton onClick={() => step(1)} title={t("zoomInHint")} aria-label={t("zoomInHint")} data-testid="zoom-in">
        +
      </ControlButton>
      <ControlButton onClick={() => step(-1)} title={t("zoomOutHint")} aria-label={t("zoomOutHint")} data-testid="zoom-out">
        −
      </ControlButton>
      <ControlButton onClick={actual} title={t("zoomActualHint")} aria-label={t("zoomActualHint")} data-testid="zoom-100">
        1:1
      </ControlButton>
      <ControlButton
        onClick={fit}
        className="react-flow__controls-fitview"
        title={t("fitViewHint")}
        aria-label={t("fitViewHint")}
        data-testid="zoom-fit"
      >
        ⤢
      </ControlButton>
      {props.miniMap !== "none" && (
        <ControlButton
          onClick={() => props.onFoldMiniMap(props.miniMap === "shown")}
          title={props.miniMap === "shown" ? t("hideMiniMap") : t("showMiniMap")}
          aria-label={props.miniMap === "shown" ? t("hideMiniMap") : t("showMiniMap")}
          aria-pressed={props.miniMap === "shown"}
          data-testid="minimap-toggle"
        >
          ▣
        </ControlButton>
      )}
    </Controls>
  );
}
