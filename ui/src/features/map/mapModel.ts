// Turns the core's account map into React Flow nodes and edges. Pure: unit-tested.

import { MarkerType, type Edge, type Node } from "@xyflow/react";
import type { AccountMap, DepartmentGroup, Person, Relation } from "../../bindings";

/** Card size; must match `stakemap_core::layout::{CARD_W, CARD_H}`. */
export const CARD_W = 220;
export const CARD_H = 104;
/** Height of a department's header band; must match `stakemap_core::layout::HEADER_H`. */
export const HEADER_H = 32;

export type PersonNodeData = {
  person: Person;
  isKey: boolean;
  /** Number of direct reports (primary reporting lines). */
  reports: number;
  collapsed?: boolean;
  onToggle?: (id: string) => void;
  /** Dimmed when a search is on and this card does not match. */
  dimmed?: boolean;
  match?: boolean;
  /** On the path the analysis panel highlights. */
  onPath?: boolean;
  /** A key person nobody on our team reaches, or reaches only weakly. */
  gap?: "uncovered" | "weak";
  /** Marks from the advice: a blocker, a champion, someone a competitor sways. */
  badges?: ("blocker" | "champion" | "competitor")[];
  /** 0..1 when the heat view is on. */
  heat?: number;
  /** In the deal view: a member of the deal's decision chain. */
  inDeal?: boolean;
  /** While a comparison is shown on the map: how each rating moved since then. */
  moves?: { rating: "intimacy" | "solution" | "price"; direction: number }[];
  /** Network targets of the account plan this person has not reached yet. */
  targets?: { rating: "intimacy" | "solution" | "price"; target: number; due: string; overdue: boolean }[];
};

export type PersonNode = Node<PersonNodeData, "person">;

/** A line's route from the core's layout (map units), with where its two cards were when
 * it was computed: the window draws it only while both cards are still there. */
export type LineRoute = {
  points: { x: number; y: number }[];
  sourceAt: { x: number; y: number };
  targetAt: { x: number; y: number };
};
export type LineData = { relation: Relation; route?: LineRoute };
export type LineEdge = Edge<LineData>;

/** Line colours: the palette's CSS variables (lib/palette.css, written from the core's
 * palette, which the exports use too). */
export const lineColours = {
  reports: "var(--sm-line-reports)",
  influencePositive: "var(--sm-line-influence)",
  influenceNegative: "var(--sm-line-negative)",
  covers: "var(--sm-line-covers)",
  competitor: "var(--sm-line-competitor)",
} as const;

const strengthWidth = (s: number) => (s >= 3 ? 3.5 : s <= 1 ? 1.25 : 2.25);

/** The edge for one line. `stacked` holds the cards that sit in a column under their
 * manager: their reporting line enters from the left. Influence lines from `competitors`
 * take the competitor colour, as in the exports. */
export function relationEdge(
  r: Relation,
  stacked: ReadonlySet<string> = new Set(),
  competitors: ReadonlySet<string> = new Set(),
  route?: LineRoute,
): LineEdge {
  const base = { id: r.id, data: { relation: r, route }, className: `line line-${r.kind}` };
  switch (r.kind) {
    case "reports_to":
    case "dotted_line":
      // The line is drawn from the manager down to the report: along its route while the
      // cards are where the layout put them, else as a step connector.
      return {
        ...base,
        source: r.to,
        target: r.from,
        sourceHandle: "bottom",
        targetHandle: stacked.has(r.from) ? "left" : "top",
        type: route ? "float" : "smoothstep",
        style: {
          stroke: lineColours.reports,
          strokeWidth: 1.5,
          strokeDasharray: r.kind === "dotted_line" ? "6 4" : undefined,
        },
      };
    case "influence": {
      const competitor = competitors.has(r.from);
      const colour = competitor
        ? lineColours.competitor
        : r.sign < 0
          ? lineColours.influenceNegative
          : lineColours.influencePositive;
      return {
        ...base,
        className: competitor ? `${base.className} line-competitor` : base.className,
        source: r.from,
        target: r.to,
        type: "float",
        zIndex: 1,
        markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
        style: { stroke: colour, strokeWidth: strengthWidth(r.strength) },
      };
    }
    case "covers":
      return {
        ...base,
        source: r.from,
        target: r.to,
        type: "float",
        zIndex: 1,
        markerEnd: { type: MarkerType.Arrow, color: lineColours.covers, width: 14, height: 14 },
        style: {
          stroke: lineColours.covers,
          strokeWidth: strengthWidth(r.strength),
          strokeDasharray: "4 3",
        },
      };
  }
}

/** Colour of the lines that hold only in the deal shown. */
export const dealLineColour = "var(--sm-line-deal)";

export function toFlow(map: AccountMap): { nodes: PersonNode[]; edges: LineEdge[] } {
  const keys = new Set(map.key_person_ids);
  const byId = new Map(map.people.map((p) => [p.id, p]));
  const reports = new Map<string, number>();
  for (const r of map.relations) if (r.kind === "reports_to") reports.set(r.to, (reports.get(r.to) ?? 0) + 1);
  const nodes: PersonNode[] = [];
  for (const pl of map.placements) {
    const person = byId.get(pl.person_id);
    if (!person) continue;
    nodes.push({
      id: person.id,
      type: "person",
      position: { x: pl.x, y: pl.y },
      width: CARD_W,
      height: CARD_H,
      data: { person, isKey: keys.has(person.id), reports: reports.get(person.id) ?? 0 },
    });
  }
  const stacked = new Set(map.placements.filter((p) => p.stacked).map((p) => p.person_id));
  const competitors = new Set(map.people.filter((p) => p.side === "competitor").map((p) => p.id));
  const at = new Map(map.placements.map((p) => [p.person_id, { x: p.x, y: p.y }]));
  const routes = new Map((map.routes ?? []).map((r) => [r.relation_id, r.points]));
  const routeOf = (r: Relation): LineRoute | undefined => {
    const points = routes.get(r.id);
    const reporting = r.kind === "reports_to" || r.kind === "dotted_line";
    const sourceAt = at.get(reporting ? r.to : r.from);
    const targetAt = at.get(reporting ? r.from : r.to);
    return points && points.length >= 2 && sourceAt && targetAt ? { points, sourceAt, targetAt } : undefined;
  };
  const edges = map.relations
    .filter((r) => byId.has(r.from) && byId.has(r.to))
    .map((r) => relationEdge(r, stacked, competitors, routeOf(r)));
  return { nodes, edges };
}

/** Colour of a rating chip: red (1) to green (5); unknown is grey. */
export function ratingColour(value: number | null): string {
  return value !== null && Number.isInteger(value) && value >= 1 && value <= 5 ? `var(--sm-rating-${value})` : "var(--sm-rating-unknown)";
}

/** Text on a rating chip: dark on the light colours (3, 4, unknown), white on the others. */
export function ratingTextColour(value: number | null): string {
  return value === 3 || value === 4 || value === null ? "var(--sm-text-on-light)" : "var(--sm-text-on-dark)";
}

/** Where a line from the centre of `a` towards the centre of `b` leaves box `a`. */
export function borderPoint(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
): { x: number; y: number } {
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const dx = b.x + b.w / 2 - ax;
  const dy = b.y + b.h / 2 - ay;
  if (dx === 0 && dy === 0) return { x: ax, y: ay };
  const sx = dx === 0 ? Infinity : a.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : a.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: ax + dx * s, y: ay + dy * s };
}

/** Everybody below a collapsed manager (by primary reporting lines). */
export function hiddenByCollapse(map: AccountMap, collapsed: ReadonlySet<string>): Set<string> {
  const hidden = new Set<string>();
  if (collapsed.size === 0) return hidden;
  const reportsOf = new Map<string, string[]>();
  for (const r of map.relations) {
    if (r.kind !== "reports_to") continue;
    const list = reportsOf.get(r.to) ?? [];
    list.push(r.from);
    reportsOf.set(r.to, list);
  }
  const stack = [...collapsed];
  while (stack.length) {
    const id = stack.pop() as string;
    for (const c of reportsOf.get(id) ?? []) {
      if (!hidden.has(c)) {
        hidden.add(c);
        stack.push(c);
      }
    }
  }
  return hidden;
}

type Placed = { id: string; position: { x: number; y: number } };

/** The nearest card from `from` in a direction (arrow-key navigation). */
export function nextInDirection<T extends Placed>(from: Placed, nodes: T[], dir: "left" | "right" | "up" | "down"): T | undefined {
  let best: T | undefined;
  let bestScore = Infinity;
  for (const n of nodes) {
    if (n.id === from.id) continue;
    const dx = n.position.x - from.position.x;
    const dy = n.position.y - from.position.y;
    const along = dir === "left" ? -dx : dir === "right" ? dx : dir === "up" ? -dy : dy;
    const across = dir === "left" || dir === "right" ? Math.abs(dy) : Math.abs(dx);
    if (along <= 0) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = n;
    }
  }
  return best;
}

/** Above this many people, a map opens with the teams below the third level collapsed,
 * so that a large account opens and pans at once; "+N" on a card expands its team. */
export const AUTO_COLLAPSE_ABOVE = 200;

/** Managers to collapse when a large map opens: those on the third level of the chart. */
export function autoCollapsed(map: AccountMap): Set<string> {
  const customers = map.people.filter((p) => p.side === "customer");
  if (customers.length <= AUTO_COLLAPSE_ABOVE) return new Set();
  const managerOf = new Map<string, string>();
  const hasReports = new Set<string>();
  for (const r of map.relations) {
    if (r.kind !== "reports_to") continue;
    managerOf.set(r.from, r.to);
    hasReports.add(r.to);
  }
  const depth = (id: string) => {
    let d = 0;
    const seen = new Set<string>();
    for (let m = managerOf.get(id); m !== undefined && !seen.has(m); m = managerOf.get(m)) {
      seen.add(m);
      d++;
    }
    return d;
  };
  return new Set(customers.filter((p) => hasReports.has(p.id) && depth(p.id) === 2).map((p) => p.id));
}

/** Background of a card in the heat view: white (0) to deep orange (1). */
export function heatColour(v: number): string {
  const t = Math.max(0, Math.min(1, v));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(255, 234)}, ${mix(255, 88)}, ${mix(255, 12)})`;
}

/** An SVG path through `pts` with straight segments and corners rounded by up to 8 units,
 * as the exports draw a routed line. */
export function roundedPath(pts: readonly { x: number; y: number }[]): string {
  const [first] = pts;
  if (!first) return "";
  let d = `M ${first.x},${first.y}`;
  for (let i = 1; i < pts.length; i++) {
    const cur = pts[i];
    if (!cur) continue;
    const prev = pts[i - 1];
    const next = pts[i + 1];
    if (prev && next) {
      const l1 = Math.hypot(cur.x - prev.x, cur.y - prev.y);
      const l2 = Math.hypot(next.x - cur.x, next.y - cur.y);
      const r = Math.min(8, l1 / 2, l2 / 2);
      if (l1 === 0 || l2 === 0 || r === 0) {
        d += ` L ${cur.x},${cur.y}`;
        continue;
      }
      const a = { x: cur.x - ((cur.x - prev.x) / l1) * r, y: cur.y - ((cur.y - prev.y) / l1) * r };
      const b = { x: cur.x + ((next.x - cur.x) / l2) * r, y: cur.y + ((next.y - cur.y) / l2) * r };
      d += ` L ${a.x},${a.y} Q ${cur.x},${cur.y} ${b.x},${b.y}`;
    } else {
      d += ` L ${cur.x},${cur.y}`;
    }
  }
  return d;
}

/** The departments' headers to draw: those with one of their people shown (a filter or a
 * folded team can hide them all). */
export function shownGroups(groups: readonly DepartmentGroup[], shown: ReadonlySet<string>): DepartmentGroup[] {
  return groups.filter((g) => g.person_ids.some((id) => shown.has(id)));
}
