import { describe, expect, it } from "vitest";
import { fitViewport, NAME_FONT_PX, openingViewport, panToClear, READABLE_ZOOM, zoomStep } from "./viewport";
import { readCollapsed, writeCollapsed, type Store } from "./viewPrefs";

const W = 220;
const H = 104;
/** A chart of `rows` rows of `perRow` cards, 40 px apart; the first card of the top row is key. */
function chart(rows: number, perRow: number, keys: number[] = []) {
  const cards = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < perRow; c++)
      cards.push({ x: c * (W + 40), y: r * (H + 60), w: W, h: H, key: keys.includes(r * perRow + c) });
  return cards;
}

describe("zoom steps", () => {
  it("reach 100% from a fitted overview in two or three clicks, and from the opening zoom in one", () => {
    const clicksTo100 = (z: number) => {
      let n = 0;
      while (z < 1 && n < 10) {
        z = zoomStep(z, 1);
        n++;
      }
      return { n, z };
    };
    expect(clicksTo100(0.27)).toEqual({ n: 2, z: 1 }); // the demo's old fitted zoom
    expect(clicksTo100(0.17)).toEqual({ n: 3, z: 1 }); // a 45-person import's
    expect(clicksTo100(READABLE_ZOOM)).toEqual({ n: 1, z: 1 });
  });
  it("go down again level by level and stop at the ends", () => {
    expect(zoomStep(1, -1)).toBe(0.5);
    expect(zoomStep(0.5, -1)).toBe(0.25);
    expect(zoomStep(0.05, -1)).toBe(0.05);
    expect(zoomStep(2.5, 1)).toBe(2.5);
    expect(zoomStep(1, 1)).toBe(1.5);
  });
});

describe("the opening view", () => {
  const pane = { width: 860, height: 780, right: 200 };
  it("opens a large map at a readable zoom, the top row at the top, centred on the key persons", () => {
    const cards = chart(6, 12, [5, 6]);
    const v = openingViewport(cards, pane);
    expect(v.zoom * NAME_FONT_PX).toBeGreaterThanOrEqual(11);
    // The top of the tree is at the top of the pane.
    expect(v.y).toBe(24);
    // The two key persons (cards 5 and 6 of the top row) are in the middle of the free width.
    const mid = ((5 * (W + 40) + 6 * (W + 40) + W) / 2) * v.zoom + v.x;
    expect(Math.abs(mid - (pane.width - pane.right) / 2)).toBeLessThan(1);
  });
  it("fits a small map whole, at no more than 100%", () => {
    const v = openingViewport(chart(1, 2), pane);
    expect(v.zoom).toBe(1);
    const v2 = openingViewport(chart(3, 2), { width: 700, height: 470 });
    expect(v2.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(v2.zoom).toBeLessThan(1);
    // The whole map is inside the pane.
    expect(v2.y).toBeGreaterThanOrEqual(0);
    expect(v2.y + (3 * H + 2 * 60) * v2.zoom).toBeLessThanOrEqual(470);
    expect(v2.x).toBeGreaterThanOrEqual(0);
    expect(v2.x + (2 * W + 40) * v2.zoom).toBeLessThanOrEqual(700);
  });
  it("opens an empty map at 100%", () => {
    expect(openingViewport([], pane).zoom).toBe(1);
  });
});

describe("keeping the selected card clear", () => {
  const pane = { width: 800, height: 600 };
  const legend = { x: 600, y: 10, width: 190, height: 250 };
  it("leaves a card that is clear where it is", () => {
    expect(panToClear({ x: 100, y: 100, width: 200, height: 90 }, pane, [legend])).toBeNull();
  });
  it("moves a card under the legend by the least that clears it", () => {
    // Left of the legend: 600 - 12 - 750 = -162; below it: 260 + 12 - 50 = 222.
    expect(panToClear({ x: 550, y: 50, width: 200, height: 90 }, pane, [legend])).toEqual({ dx: -162, dy: 0 });
  });
  it("brings a card outside the window back inside, clear of the covers", () => {
    const card = { x: -150, y: 400, width: 200, height: 90 };
    const pan = panToClear(card, pane, [{ x: 0, y: 420, width: 60, height: 180 }]);
    expect(pan).not.toBeNull();
    const moved = { ...card, x: card.x + (pan?.dx ?? 0), y: card.y + (pan?.dy ?? 0) };
    expect(moved.x).toBeGreaterThanOrEqual(0);
    expect(moved.x >= 60 || moved.y + moved.height <= 420).toBe(true);
  });
  it("puts the card in the middle when no single move clears it", () => {
    const covers = [{ x: 0, y: 0, width: 800, height: 250 }, { x: 0, y: 350, width: 800, height: 250 }];
    expect(panToClear({ x: 300, y: 200, width: 200, height: 90 }, pane, covers)).toEqual({ dx: 0, dy: 300 - 245 });
  });
});

describe("fitting the map", () => {
  const pane = { width: 860, height: 740 };
  const legend = { x: 660, y: 10, width: 190, height: 260 };
  const minimap = { x: 650, y: 580, width: 200, height: 150 };
  const controls = { x: 10, y: 560, width: 30, height: 170 };
  const onScreen = (v: { x: number; y: number; zoom: number }, c: { x: number; y: number; w: number; h: number }) => ({
    x: c.x * v.zoom + v.x,
    y: c.y * v.zoom + v.y,
    width: c.w * v.zoom,
    height: c.h * v.zoom,
  });
  it("puts every card of a wide map inside the pane and under none of the covers", () => {
    const cards = chart(5, 14);
    const v = fitViewport(cards, pane, [legend, minimap, controls]);
    for (const c of cards) {
      const r = onScreen(v, c);
      expect(r.x).toBeGreaterThanOrEqual(0);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.x + r.width).toBeLessThanOrEqual(pane.width);
      expect(r.y + r.height).toBeLessThanOrEqual(pane.height);
      for (const k of [legend, minimap, controls])
        expect(r.x < k.x + k.width && k.x < r.x + r.width && r.y < k.y + k.height && k.y < r.y + r.height).toBe(false);
    }
    // As large as the free width allows.
    expect((14 * (W + 40) - 40) * v.zoom).toBeGreaterThan((650 - 40 - 2 * 16) * 0.99);
  });
  it("keeps at least half the pane for the map when the covers are wide", () => {
    const v = fitViewport(chart(2, 20), pane, [{ x: 0, y: 0, width: 400, height: 100 }, { x: 460, y: 0, width: 400, height: 100 }]);
    expect((20 * (W + 40) - 40) * v.zoom).toBeGreaterThan(pane.width / 2 - 2 * 16 - 1);
  });
});

describe("folded teams kept per account", () => {
  const store = (): Store => {
    const m = new Map<string, string>();
    return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v) };
  };
  it("reads back what was written, per account, and nothing for an account never opened", () => {
    const s = store();
    expect(readCollapsed("a", s)).toBeNull();
    writeCollapsed("a", new Set(["m2", "m1"]), s);
    writeCollapsed("b", new Set(), s);
    expect([...(readCollapsed("a", s) ?? [])].sort()).toEqual(["m1", "m2"]);
    expect(readCollapsed("b", s)?.size).toBe(0);
    expect(readCollapsed("c", s)).toBeNull();
  });
  it("treats a damaged entry as never written", () => {
    const s = store();
    s.setItem("stakemap.collapsed.a", "{not json");
    expect(readCollapsed("a", s)).toBeNull();
    s.setItem("stakemap.collapsed.a", '{"x":1}');
    expect(readCollapsed("a", s)).toBeNull();
  });
});
