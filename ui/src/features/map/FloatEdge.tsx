import { BaseEdge, useInternalNode, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { borderPoint, CARD_H, CARD_W, type LineEdge } from "./mapModel";

/** A line between the borders of two cards, bowed slightly so that A→B and B→A differ. */
function FloatEdgeImpl({ id, source, target, style, markerEnd }: EdgeProps<LineEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t) return null;
  const box = (n: NonNullable<typeof s>) => ({
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? CARD_W,
    h: n.measured.height ?? CARD_H,
  });
  const a = borderPoint(box(s), box(t));
  const b = borderPoint(box(t), box(s));
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const bow = 0.12;
  const path = `M ${a.x},${a.y} Q ${mx - dy * bow},${my + dx * bow} ${b.x},${b.y}`;
  return <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} />;
}

export const FloatEdge = memo(FloatEdgeImpl);
