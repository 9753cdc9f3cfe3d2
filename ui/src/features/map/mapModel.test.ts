import { describe, expect, it } from "vitest";
import type { AccountMap } from "../../bindings";
import palette from "../../lib/palette.css?raw";
import { line, person } from "../../lib/testFixtures";
import {
  AUTO_COLLAPSE_ABOVE,
  autoCollapsed,
  borderPoint,
  hiddenByCollapse,
  nextInDirection,
  ratingColour,
  relationEdge,
  roundedPath,
  shownGroups,
  toFlow,
} from "./mapModel";

/** The colour a `var(--sm-…)` value stands for, as the palette file defines it. */
function paletteHex(value: string): string | undefined {
  const name = /^var\((--sm-[a-z0-9-]+)\)$/.exec(value)?.[1];
  return name ? new RegExp(`${name}: (#[0-9a-f]{6});`).exec(palette)?.[1] : undefined;
}

describe("toFlow", () => {
  const map: AccountMap = {
    account: { id: "acc", name: "A", industry: "", notes: "", created_at: "", updated_at: "" },
    people: [person("boss", "Boss"), person("rep", "Report")],
    relations: [
      line("r1", "reports_to", "rep", "boss"),
      line("r2", "influence", "rep", "boss", -1),
      line("r3", "influence", "rep", "ghost"),
    ],
    opportunities: [],
    placements: [
      { person_id: "boss", x: 10, y: 0, manual: false, stacked: false },
      { person_id: "rep", x: 10, y: 168, manual: true, stacked: false },
    ],
    key_person_ids: ["boss"],
    team: [],
    missing_team_roles: [],
    groups: [],
    routes: [
      {
        relation_id: "r2",
        points: [
          { x: 120, y: 168 },
          { x: 120, y: 150 },
          { x: 300, y: 150 },
          { x: 300, y: 104 },
        ],
      },
    ],
  };

  it("places every person where the core put them and marks key persons", () => {
    const { nodes } = toFlow(map);
    expect(nodes.map((n) => [n.id, n.position.x, n.position.y, n.data.isKey])).toEqual([
      ["boss", 10, 0, true],
      ["rep", 10, 168, false],
    ]);
  });

  it("draws reporting lines from manager down to report and drops lines to unknown people", () => {
    const { edges } = toFlow(map);
    expect(edges.map((e) => [e.id, e.source, e.target])).toEqual([
      ["r1", "boss", "rep"],
      ["r2", "rep", "boss"],
    ]);
  });

  it("gives a line the core's route with where its cards were, and none to a line without one", () => {
    const { edges } = toFlow(map);
    const routed = edges.find((e) => e.id === "r2");
    expect(routed?.type).toBe("float");
    expect(routed?.data?.route?.points).toHaveLength(4);
    expect(routed?.data?.route?.sourceAt).toEqual({ x: 10, y: 168 });
    expect(routed?.data?.route?.targetAt).toEqual({ x: 10, y: 0 });
    const reporting = edges.find((e) => e.id === "r1");
    expect(reporting?.data?.route).toBeUndefined();
    expect(reporting?.type).toBe("smoothstep");
  });

  it("draws a route with straight runs and rounded corners", () => {
    expect(roundedPath([{ x: 0, y: 0 }, { x: 0, y: 100 }, { x: 50, y: 100 }])).toBe(
      "M 0,0 L 0,92 Q 0,100 8,100 L 50,100",
    );
  });

  it("enters a stacked card from the left and any other card from the top", () => {
    const r = line("r", "reports_to", "rep", "boss");
    expect(relationEdge(r, new Set(["rep"])).targetHandle).toBe("left");
    expect(relationEdge(r).targetHandle).toBe("top");
  });

  it("colours negative influence red and positive blue", () => {
    const stroke = (sign: number) => relationEdge(line("l", "influence", "a", "b", sign)).style?.stroke as string;
    expect(stroke(-1)).toBe("var(--sm-line-negative)");
    expect(stroke(1)).toBe("var(--sm-line-influence)");
    expect(paletteHex(stroke(-1))).toBe("#dc2626");
    expect(paletteHex(stroke(1))).toBe("#2563eb");
  });

  it("colours a competitor's influence lines in the competitor colour, whatever their sign", () => {
    const rival = new Set(["r"]);
    for (const sign of [1, -1]) {
      const e = relationEdge(line("l", "influence", "r", "b", sign), new Set(), rival);
      expect(e.style?.stroke).toBe("var(--sm-line-competitor)");
      expect(e.className).toContain("line-competitor");
    }
    expect(paletteHex("var(--sm-line-competitor)")).toBe("#db2777");
    // A line to the competitor from the customer keeps the usual colour.
    expect(relationEdge(line("l", "influence", "b", "r", 1), new Set(), rival).style?.stroke).toBe("var(--sm-line-influence)");
  });
});

describe("ratingColour", () => {
  it("runs from red to green and keeps unknown grey", () => {
    expect([1, 2, 3, 4, 5, null].map((v) => paletteHex(ratingColour(v)))).toEqual([
      "#dc2626",
      "#f97316",
      "#eab308",
      "#84cc16",
      "#16a34a",
      "#9ca3af",
    ]);
  });
});

describe("borderPoint", () => {
  const box = (x: number, y: number) => ({ x, y, w: 200, h: 100 });
  it("leaves through the right side towards a box on the right", () => {
    expect(borderPoint(box(0, 0), box(400, 0))).toEqual({ x: 200, y: 50 });
  });
  it("leaves through the bottom towards a box below", () => {
    expect(borderPoint(box(0, 0), box(0, 300))).toEqual({ x: 100, y: 100 });
  });
});

describe("hiddenByCollapse", () => {
  it("hides everybody below a collapsed manager, and nobody else", () => {
    const map = {
      relations: [line("1", "reports_to", "b", "a"), line("2", "reports_to", "c", "b"), line("3", "reports_to", "d", "a"), line("4", "influence", "e", "b")],
    } as AccountMap;
    expect([...hiddenByCollapse(map, new Set(["b"]))]).toEqual(["c"]);
    expect([...hiddenByCollapse(map, new Set(["a"]))].sort()).toEqual(["b", "c", "d"]);
  });
});

describe("nextInDirection", () => {
  const at = (id: string, x: number, y: number) => ({ id, position: { x, y } });
  const nodes = [at("a", 0, 0), at("b", 300, 0), at("c", 0, 200), at("d", 300, 190)];
  it("moves to the nearest card that way", () => {
    expect(nextInDirection(nodes[0]!, nodes, "right")?.id).toBe("b");
    expect(nextInDirection(nodes[0]!, nodes, "down")?.id).toBe("c");
    expect(nextInDirection(nodes[0]!, nodes, "left")).toBeUndefined();
  });
});

describe("autoCollapsed", () => {
  // A chain of four levels under a root, plus enough leaves to pass the threshold.
  const chain = ["root", "l1", "l2", "l3"];
  const leaves = Array.from({ length: AUTO_COLLAPSE_ABOVE }, (_, i) => `leaf${i}`);
  const relations = [
    line("a", "reports_to", "l1", "root"),
    line("b", "reports_to", "l2", "l1"),
    line("c", "reports_to", "l3", "l2"),
    ...leaves.map((id, i) => line(`x${i}`, "reports_to", id, "l3")),
  ];
  it("collapses the managers on the third level of a large chart", () => {
    const map = { people: [...chain, ...leaves].map((id) => person(id, id)), relations } as unknown as AccountMap;
    expect([...autoCollapsed(map)]).toEqual(["l2"]);
    expect(hiddenByCollapse(map, autoCollapsed(map)).size).toBe(1 + AUTO_COLLAPSE_ABOVE);
  });
  it("leaves a small chart open", () => {
    const map = { people: chain.map((id) => person(id, id)), relations: relations.slice(0, 3) } as unknown as AccountMap;
    expect(autoCollapsed(map).size).toBe(0);
  });
});

describe("shownGroups", () => {
  const group = (department: string, person_ids: string[]) => ({ department, x: 0, y: 0, width: 252, height: 172, person_ids });
  it("draws a department's header while one of its people is shown, not when all are filtered out", () => {
    const groups = [group("営業部", ["a", "b"]), group("購買部", ["c"])];
    expect(shownGroups(groups, new Set(["b"])).map((g) => g.department)).toEqual(["営業部"]);
    expect(shownGroups(groups, new Set(["a", "c"])).map((g) => g.department)).toEqual(["営業部", "購買部"]);
    expect(shownGroups(groups, new Set())).toEqual([]);
  });
});
