import { BaseEdge, useInternalNode, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { borderPoint, CARD_H, CARD_W, roundedPath, type LineEdge } from "./mapModel";

/** Whether a card is still where it was when the core computed the line's route. */
const still = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5;

/** A line along the route the core's layout gave it, while both cards are where the layout
 * placed them. A card being dragged (or moved since the map was read) falls back to a
 * floating line until the map reloads: a step connector for a reporting line, else a line
 * between the borders of the two cards, bowed slightly so that A→B and B→A differ. */
function FloatEdgeImpl({ id, source, target, style, markerEnd, data }: EdgeProps<LineEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t) return null;
  const box = (n: NonNullable<typeof s>) => ({
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? CARD_W,
    h: n.measured.height ?? CARD_H,
  });
  const sb = box(s);
  const tb = box(t);
  const route = data?.route;
  if (route && still(sb, route.sourceAt) && still(tb, route.targetAt)) {
    return <BaseEdge id={id} path={roundedPath(route.points)} style={style} markerEnd={markerEnd} />;
  }
  const kind = data?.relation.kind;
  if (kind === "reports_to" || kind === "dotted_line") {
    const sx = sb.x + sb.w / 2;
    const sy = sb.y + sb.h;
    const ex = tb.x + tb.w / 2;
    const mid = sy + (tb.y - sy) / 2;
    const path = roundedPath([
      { x: sx, y: sy },
      { x: sx, y: mid },
      { x: ex, y: mid },
      { x: ex, y: tb.y },
    ]);
    return <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />;
  }
  const a = borderPoint(sb, tb);
  const b = borderPoint(tb, sb);
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const bow = 0.12;
  const path = `M ${a.x},${a.y} Q ${mx - dy * bow},${my + dx * bow} ${b.x},${b.y}`;
  return <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />;
}

export const FloatEdge = memo(FloatEdgeImpl);
