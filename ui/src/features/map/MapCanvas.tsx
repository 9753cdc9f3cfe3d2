import {
  applyNodeChanges,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeTypes,
  type FinalConnectionState,
  type NodeChange,
  type NodeTypes,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { heat, type HeatMode } from "../analysis/analysisText";
import { adviceBadges, type AdviceBadge } from "../analysis/adviceText";
import type { AccountMap, Analysis, DealAnalysis } from "../../bindings";
import { backend } from "../../lib/backend";
import { DepartmentGroups } from "./DepartmentGroups";
import { FloatEdge } from "./FloatEdge";
import type { EditFn, Selection } from "../../lib/edit";
import { Legend } from "./Legend";
import { flowLabels, labelLines } from "./flowLabels";
import { useT } from "../../lib/i18n";
import {
  AUTO_COLLAPSE_ABOVE,
  CARD_H,
  CARD_W,
  dealLineColour,
  hiddenByCollapse,
  nextInDirection,
  ratingColour,
  toFlow,
  type PersonNode,
  type PersonNodeData,
} from "./mapModel";
import { PersonCard } from "./PersonCard";
import { CardMenu, type CardMenuState } from "./CardMenu";
import { matches } from "../../lib/text";
import { MAX_ZOOM, MIN_ZOOM, openingViewport, panToClear } from "./viewport";
import { usePanelFolded } from "./viewPrefs";
import { ZoomControls } from "./ZoomControls";

const nodeTypes: NodeTypes = { person: PersonCard };
const edgeTypes: EdgeTypes = { float: FloatEdge };

export type Filters = { query: string; keyOnly: boolean; department: string; side: string };

export function MapCanvas(props: {
  map: AccountMap;
  filters: Filters;
  selection: Selection;
  onSelect: (s: Selection) => void;
  edit: EditFn;
  analysis: Analysis | null;
  highlight: string[] | null;
  heatMode: HeatMode;
  collapsed: ReadonlySet<string>;
  onToggleCollapse: (managerId: string) => void;
  /** The deal shown: its chain is highlighted and its own lines drawn; lines drawn now are
   * the deal's. */
  deal: DealAnalysis | null;
  /** While a comparison is shown: each person's rating moves. */
  moves: ReadonlyMap<string, { rating: "intimacy" | "solution" | "price"; direction: number }[]> | null;
  /** The plan's network targets not reached yet, by person: shown as gaps on the cards. */
  targets: ReadonlyMap<string, NonNullable<PersonNodeData["targets"]>> | null;
  /** "What if this person left?" chosen from a card's menu. */
  onWhatIfLeft: (personId: string) => void;
  /** A short notice above the map (a line not drawn, or drawn already). */
  onNotice: (message: string) => void;
}) {
  return (
    <ReactFlowProvider key={props.map.account.id}>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}

function Canvas(props: Parameters<typeof MapCanvas>[0]) {
  const { map, filters, selection, onSelect, edit, analysis, highlight, heatMode, collapsed, deal, moves, targets } = props;
  const toggle = props.onToggleCollapse;
  const { t } = useT();
  const ariaLabels = useMemo(() => flowLabels(t), [t]);
  const flow = useMemo(() => {
    if (!deal) return toFlow(map);
    // The deal's graph (from the core), with its own lines set apart.
    const own = new Set(deal.lines.map((l) => l.id));
    const f = toFlow({ ...map, relations: deal.graph });
    f.edges = f.edges.map((e) =>
      own.has(e.id)
        ? {
            ...e,
            className: `${e.className ?? ""} deal-line`,
            style: { ...e.style, stroke: dealLineColour, strokeDasharray: "8 4" },
            markerEnd: e.markerEnd && typeof e.markerEnd === "object" ? { ...e.markerEnd, color: dealLineColour } : e.markerEnd,
          }
        : e,
    );
    return f;
  }, [map, deal]);
  const members = useMemo(() => (deal ? new Set(deal.members.map((m) => m.person_id)) : null), [deal]);
  const rf = useReactFlow();
  const pane = useRef<HTMLDivElement>(null);
  const [legendFolded, setLegendFolded] = usePanelFolded("legend");
  const [miniFolded, setMiniFolded] = usePanelFolded("minimap");
  const [menu, setMenu] = useState<CardMenuState>(null);
  const closeMenu = useCallback(() => setMenu(null), []);
  const openMenu = useCallback(
    (id: string, x: number, y: number) => {
      const name = map.people.find((p) => p.id === id)?.name ?? id;
      onSelect({ type: "person", id });
      setMenu({ person: id, name, x, y });
    },
    [map.people, onSelect],
  );

  const gaps = useMemo(() => new Map((analysis?.coverage_gaps ?? []).map((g) => [g.person, g.kind])), [analysis]);
  const badges = useMemo(() => (analysis ? adviceBadges(analysis) : new Map<string, AdviceBadge[]>()), [analysis]);
  const heatValues = useMemo(
    () => (heatMode === "none" || !analysis ? null : heat(analysis.centrality[heatMode])),
    [analysis, heatMode],
  );
  const onPath = useMemo(() => new Set(highlight ?? []), [highlight]);

  // What the filters and collapsed subtrees leave on the map.
  const shown = useMemo(() => {
    const hidden = hiddenByCollapse(map, collapsed);
    const keys = new Set(map.key_person_ids);
    return flow.nodes.map((n) => {
      const p = n.data.person;
      const filteredOut =
        hidden.has(p.id) ||
        (filters.keyOnly && !keys.has(p.id)) ||
        (filters.department !== "" && p.department !== filters.department) ||
        (filters.side !== "" && p.side !== filters.side);
      const match = filters.query.trim() !== "" && matches(filters.query, [p.name, p.reading, p.title, p.department]);
      return {
        ...n,
        hidden: filteredOut,
        selected: selection?.type === "person" && selection.id === p.id,
        data: {
          ...n.data,
          collapsed: collapsed.has(p.id),
          onToggle: toggle,
          dimmed:
            (filters.query.trim() !== "" && !match) ||
            (onPath.size > 0 && !onPath.has(p.id)) ||
            (members !== null && members.size > 0 && p.side !== "ours" && !members.has(p.id)),
          inDeal: members?.has(p.id) ?? false,
          moves: moves?.get(p.id),
          targets: targets?.get(p.id),
          match,
          onPath: onPath.has(p.id),
          gap: gaps.get(p.id),
          badges: badges.get(p.id),
          heat: heatValues ? (heatValues.get(p.id) ?? 0) : undefined,
        },
      };
    });
  }, [flow.nodes, map, collapsed, filters, selection, toggle, gaps, badges, heatValues, onPath, members, moves, targets]);

  const [nodes, setNodes] = useState<PersonNode[]>(shown);
  useEffect(() => setNodes(shown), [shown]);
  const edges = useMemo(() => {
    const visible = new Set(shown.filter((n) => !n.hidden).map((n) => n.id));
    // The lines along a highlighted path: consecutive people joined by influence or coverage.
    const steps = new Set<string>();
    for (let i = 0; i + 1 < (highlight?.length ?? 0); i++) steps.add(`${highlight?.[i]}>${highlight?.[i + 1]}`);
    return flow.edges.map((e) => {
      const kind = e.data?.relation.kind;
      const along = (kind === "influence" || kind === "covers") && steps.has(`${e.source}>${e.target}`);
      return {
        ...e,
        hidden: !visible.has(e.source) || !visible.has(e.target),
        selected: selection?.type === "line" && selection.id === e.id,
        className: `${e.className ?? ""}${along ? " on-path" : steps.size > 0 ? " off-path" : ""}`,
        zIndex: along ? 5 : e.zIndex,
      };
    });
  }, [flow.edges, shown, selection, highlight]);
  const labelled = useMemo(() => labelLines(t, map.people, edges), [t, map.people, edges]);
  // The people shown where the layout put them: a department's header is drawn while one of
  // its people is (a card being dragged leaves the frame where it was).
  const shownIds = useMemo(() => new Set(shown.filter((n) => !n.hidden).map((n) => n.id)), [shown]);

  // Searching moves the view to the first match.
  useEffect(() => {
    const first = shown.find((n) => n.data.match && !n.hidden);
    if (first) void rf.setCenter(first.position.x + CARD_W / 2, first.position.y + CARD_H / 2, { zoom: 1, duration: 200 });
  }, [filters.query, shown, rf]);

  // Arrow keys move the selection to the nearest card in that direction.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT")) return;
      if (el?.closest?.(".card-menu")) return;
      // Shift+F10 or the Menu key: the selected card's menu, beside the card.
      if (e.key === "ContextMenu" || (e.shiftKey && e.key === "F10")) {
        if (selection?.type !== "person") return;
        const card = document.querySelector<HTMLElement>(`[data-person-id="${CSS.escape(selection.id)}"]`);
        if (!card) return;
        e.preventDefault();
        const r = card.getBoundingClientRect();
        openMenu(selection.id, r.x + r.width / 2, r.y + r.height / 2);
        return;
      }
      const dir = { ArrowLeft: "left", ArrowRight: "right", ArrowUp: "up", ArrowDown: "down" }[e.key] as
        | "left"
        | "right"
        | "up"
        | "down"
        | undefined;
      if (!dir) return;
      const visible = nodes.filter((n) => !n.hidden);
      const from = selection?.type === "person" ? visible.find((n) => n.id === selection.id) : undefined;
      const next = from ? nextInDirection(from, visible, dir) : visible[0];
      if (next) {
        e.preventDefault();
        onSelect({ type: "person", id: next.id });
        void rf.setCenter(next.position.x + CARD_W / 2, next.position.y + CARD_H / 2, {
          zoom: Math.max(rf.getZoom(), 0.8),
          duration: 150,
        });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [nodes, selection, onSelect, rf, openMenu]);

  // The map opens at a readable zoom on the key persons and the top of the tree (viewport.ts).
  const onInit = useCallback(() => {
    const el = pane.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const legend = el.querySelector(".legend")?.getBoundingClientRect();
    const cards = nodes
      .filter((n) => !n.hidden)
      .map((n) => ({ x: n.position.x, y: n.position.y, w: CARD_W, h: CARD_H, key: n.data.isKey }));
    const right = legend ? r.right - legend.left : 0;
    void rf.setViewport(openingViewport(cards, { width: r.width, height: r.height, right }));
    el.style.setProperty("--zoom", String(rf.getZoom()));
    // A card selected before the view was set (a new account's first person) stays clear.
    keepClearRef.current();
    markReadyWhenDrawn(el, cards.length > 0);
    // Only once, when the account opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The selected card is kept clear of the legend, the mini-map and the zoom buttons, and
  // inside the window: when it is not, the view pans to put it in the middle.
  const selectedId = selection?.type === "person" ? selection.id : null;
  const selectedNode = selectedId ? nodes.find((n) => n.id === selectedId && !n.hidden) : undefined;
  const selX = selectedNode && !selectedNode.dragging ? selectedNode.position.x : null;
  const selY = selectedNode && !selectedNode.dragging ? selectedNode.position.y : null;
  const keepClear = useCallback(() => {
    const el = pane.current;
    if (selX === null || selY === null || !el) return;
    const r = el.getBoundingClientRect();
    const { x, y, zoom } = rf.getViewport();
    const card = { x: selX * zoom + x, y: selY * zoom + y, width: CARD_W * zoom, height: CARD_H * zoom };
    const covers = [...el.querySelectorAll(".legend, .react-flow__minimap, .react-flow__controls")].map((c) => {
      const b = c.getBoundingClientRect();
      return { x: b.x - r.x, y: b.y - r.y, width: b.width, height: b.height };
    });
    const pan = panToClear(card, r, covers);
    if (pan) void rf.setViewport({ x: x + pan.dx, y: y + pan.dy, zoom }, { duration: 200 });
    // The folds change the covers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selX, selY, legendFolded, miniFolded, rf]);
  const keepClearRef = useRef(keepClear);
  keepClearRef.current = keepClear;
  useEffect(() => keepClear(), [selectedId, keepClear]);

  const onNodesChange = useCallback(
    (changes: NodeChange<PersonNode>[]) =>
      setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type === "position" || c.type === "dimensions"), ns)),
    [],
  );

  const onNodeDragStop = useCallback(
    (event: React.MouseEvent | MouseEvent | TouchEvent, node: PersonNode) => {
      // The card under the pointer (other than the one dragged) is where the user dropped it.
      const pt = "clientX" in event ? { x: event.clientX, y: event.clientY } : null;
      const under = pt
        ? document
            .elementsFromPoint(pt.x, pt.y)
            .map((el) => (el as HTMLElement).closest<HTMLElement>("[data-person-id]")?.dataset.personId)
            .find((id) => id && id !== node.id)
        : undefined;
      const mine = (id: string) => map.people.find((p) => p.id === id)?.account_id === map.account.id;
      if (under && mine(node.id) && mine(under)) {
        // Dropped onto a card: that person becomes the manager; the card joins their team,
        // and stays selected, so the view follows it to its new place.
        onSelect({ type: "person", id: node.id });
        void edit("set_manager", () => backend.setManager(map.account.id, node.id, under));
      } else {
        void edit("move_card", () => backend.moveCard(map.account.id, node.id, node.position.x, node.position.y));
      }
    },
    [map, edit, onSelect],
  );

  /** Draws a line from one card to another: coverage from our staff to someone not ours,
   * else influence. The same line again is not drawn twice: the notice says so and the line
   * already there is selected. */
  const { onNotice } = props;
  const addLine = useCallback(
    (source: string, target: string) => {
      if (source === target) return;
      const from = map.people.find((p) => p.id === source);
      const to = map.people.find((p) => p.id === target);
      if (!from || !to) return;
      const kind = from.side === "ours" && to.side !== "ours" ? "covers" : "influence";
      const there = (deal ? deal.graph : map.relations).find((r) => r.kind === kind && r.from === source && r.to === target);
      if (there) {
        onNotice(t("lineExists", { from: from.name, to: to.name }));
        onSelect({ type: "line", id: there.id });
        return;
      }
      const input = { kind, from: source, to: target, strength: 2, sign: 1, note: "" } as const;
      // In the deal view a line drawn holds only in the deal.
      if (deal) void edit("add_deal_line", () => backend.addDealLine(deal.opportunity.id, input));
      else void edit("add_relation", () => backend.addRelation(map.account.id, input));
    },
    [map, edit, deal, onNotice, onSelect, t],
  );
  const onConnect = useCallback((c: Connection) => addLine(c.source, c.target), [addLine]);
  // A line dropped anywhere on a card draws it (React Flow itself takes only a drop near the
  // card's top edge); a line dropped on the empty canvas says that nothing was drawn.
  const dragFrom = useRef<{ x: number; y: number } | null>(null);
  const onConnectStart = useCallback((e: MouseEvent | TouchEvent) => {
    const p = "touches" in e ? e.touches[0] : e;
    dragFrom.current = p ? { x: p.clientX, y: p.clientY } : null;
  }, []);
  const onConnectEnd = useCallback(
    (e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      const start = dragFrom.current;
      dragFrom.current = null;
      if (state.isValid || !state.fromNode) return;
      const p = "changedTouches" in e ? e.changedTouches[0] : e;
      if (!p) return;
      const under = document
        .elementsFromPoint(p.clientX, p.clientY)
        .map((el) => (el as HTMLElement).closest<HTMLElement>("[data-testid='person-card']")?.dataset.personId)
        .find((id) => id !== undefined);
      if (under && under !== state.fromNode.id) addLine(state.fromNode.id, under);
      else if (!under && start && Math.hypot(p.clientX - start.x, p.clientY - start.y) > 10) onNotice(t("lineNotDrawn"));
    },
    [addLine, onNotice, t],
  );

  return (
    <ReactFlow
      ref={pane}
      onInit={onInit}
      onMove={(_, vp) => pane.current?.style.setProperty("--zoom", String(vp.zoom))}
      nodes={nodes}
      edges={labelled}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      onConnectStart={onConnectStart}
      onConnectEnd={onConnectEnd}
      connectOnClick={false}
      onNodeClick={(_, n) => onSelect({ type: "person", id: n.id })}
      onNodeContextMenu={(e, n) => {
        e.preventDefault();
        openMenu(n.id, e.clientX, e.clientY);
      }}
      onEdgeClick={(_, e) => onSelect({ type: "line", id: e.id })}
      onPaneClick={() => onSelect(null)}
      nodesDraggable
      nodesConnectable
      elementsSelectable
      deleteKeyCode={null}
      connectionRadius={48}
      minZoom={MIN_ZOOM}
      maxZoom={MAX_ZOOM}
      onlyRenderVisibleElements
      proOptions={{ hideAttribution: true }}
      ariaLabelConfig={ariaLabels}
    >
      <ZoomControls
        miniMap={nodes.length > AUTO_COLLAPSE_ABOVE ? "none" : miniFolded ? "folded" : "shown"}
        onFoldMiniMap={setMiniFolded}
      />
      {nodes.length <= AUTO_COLLAPSE_ABOVE && !miniFolded && (
        <MiniMap pannable zoomable nodeColor={(n) => ratingColour((n as PersonNode).data.person.ratings.intimacy)} />
      )}
      <DepartmentGroups groups={map.groups} shown={shownIds} />
      <Legend folded={legendFolded} onFold={setLegendFolded} />
      {menu && <CardMenu menu={menu} onClose={closeMenu} onWhatIfLeft={props.onWhatIfLeft} />}
    </ReactFlow>
  );
}

/**
 * Marks the map `data-map-ready="true"` once its first draw is done: cards are in the page
 * (when the account has any), React Flow has measured and shown every one of them (it hides
 * a card until then), and that frame has been painted (the next frame has begun). The start
 * benchmark and the tests wait for it, however many cards are in view.
 */
function markReadyWhenDrawn(el: HTMLElement, hasCards: boolean, framesLeft = 600) {
  requestAnimationFrame(() => {
    if (!el.isConnected) return;
    const cards = [...el.querySelectorAll<HTMLElement>(".react-flow__node")];
    const drawn = (cards.length > 0 || !hasCards) && cards.every((c) => c.style.visibility !== "hidden");
    if (drawn)
      requestAnimationFrame(() => {
        // Only the first draw of the window: the start benchmark reads when it happened.
        if (performance.getEntriesByName("map-ready").length === 0) performance.mark("map-ready");
        el.setAttribute("data-map-ready", "true");
      });
    // A card never shown in ten seconds leaves the map not ready (the wait gives up).
    else if (framesLeft > 0) markReadyWhenDrawn(el, hasCards, framesLeft - 1);
  });
}
