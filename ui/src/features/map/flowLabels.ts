// The words React Flow puts on the map (the zoom buttons' tooltips, the overview, the
// keyboard help read to screen readers), in the window's language.

import type { AriaLabelConfig } from "@xyflow/react";
import type { MessageKey, T } from "../../lib/i18n";

export function flowLabels(t: T): Partial<AriaLabelConfig> {
  return {
    "node.a11yDescription.default": t("flow_nodeHelp"),
    "node.a11yDescription.keyboardDisabled": t("flow_nodeHelpKeys"),
    "node.a11yDescription.ariaLiveMessage": () => t("flow_moved"),
    "edge.a11yDescription.default": t("flow_edgeHelp"),
    "controls.ariaLabel": t("flow_controls"),
    "controls.zoomIn.ariaLabel": t("flow_zoomIn"),
    "controls.zoomOut.ariaLabel": t("flow_zoomOut"),
    "controls.fitView.ariaLabel": t("flow_fitView"),
    "controls.interactive.ariaLabel": t("flow_interactive"),
    "minimap.ariaLabel": t("flow_minimap"),
    "handle.ariaLabel": t("flow_handle"),
  };
}

/** Each line with the label a screen reader reads ("Influence: Sato → Tanaka"), in place of
 * React Flow's English "Edge from <id> to <id>". One pass over the lines. */
export function labelLines<E extends { source: string; target: string; data?: { relation: { kind: string } } }>(
  t: T,
  people: { id: string; name: string }[],
  edges: E[],
): (E & { ariaLabel: string })[] {
  const names = new Map(people.map((p) => [p.id, p.name]));
  return edges.map((e) => ({
    ...e,
    ariaLabel: t("lineAria", {
      kind: e.data ? t(`kind_${e.data.relation.kind}` as MessageKey) : "",
      from: names.get(e.source) ?? "",
      to: names.get(e.target) ?? "",
    }),
  }));
}
