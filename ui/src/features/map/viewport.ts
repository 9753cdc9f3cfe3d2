// Where the map's view opens and how its zoom steps. Pure: unit-tested.

/** The zoom levels "+" and "-" (and Ctrl++ / Ctrl+-) step through. Coarse on purpose: from
 * a fitted overview (0.15-0.3) 100% is two or three steps away. */
export const ZOOM_LEVELS: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5];
export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 2.5;

/** Size of a card's name in CSS pixels at 100% (styles.css, `.card-name`). */
export const NAME_FONT_PX = 13;
/** The smallest on-screen size of a card's name a map opens at. */
export const READABLE_NAME_PX = 11.5;
/** The zoom at which a card's name is readable (about 11.5 px on screen). */
export const READABLE_ZOOM = READABLE_NAME_PX / NAME_FONT_PX;

/** The next zoom level up (`dir` 1) or down (-1) from `zoom`. A zoom just below a level
 * (within 10%) steps past it, so that 0.9 steps to 1 and 1 to 1.5. */
export function zoomStep(zoom: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_LEVELS.find((l) => l >= zoom * 1.1) ?? MAX_ZOOM;
  return [...ZOOM_LEVELS].reverse().find((l) => l <= zoom / 1.1) ?? MIN_ZOOM;
}

export type Box = { x: number; y: number; w: number; h: number };
export type Viewport = { x: number; y: number; zoom: number };

function bounds(boxes: Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The view a map opens at, in a pane of `width` x `height` pixels (of which `right`
 * pixels on the right are covered by the legend). A map that fits at a readable zoom is
 * fitted (at most 100%); a larger one opens at the readable zoom, with the top of the tree at
 * the top and centred on the key persons and the top row of cards. */
export function openingViewport(
  cards: (Box & { key: boolean })[],
  pane: { width: number; height: number; right?: number },
  margin = 24,
): Viewport {
  if (cards.length === 0) return { x: 0, y: 0, zoom: 1 };
  const width = Math.max(pane.width - (pane.right ?? 0), pane.width / 2);
  const all = bounds(cards);
  const fit = Math.min((width - 2 * margin) / all.w, (pane.height - 2 * margin) / all.h);
  if (fit >= READABLE_ZOOM) {
    const zoom = Math.min(fit, 1);
    return {
      x: (width - all.w * zoom) / 2 - all.x * zoom,
      y: (pane.height - all.h * zoom) / 2 - all.y * zoom,
      zoom,
    };
  }
  const zoom = READABLE_ZOOM;
  const topRow = cards.filter((c) => c.y <= all.y + 1);
  const focus = bounds([...cards.filter((c) => c.key), ...topRow]);
  const cx = focus.x + focus.w / 2;
  return { x: width / 2 - cx * zoom, y: margin - all.y * zoom, zoom };
}

type Rect = { x: number; y: number; width: number; height: number };

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** How far to pan (screen pixels) so that `card` is clear of the `covers` (legend, mini-map,
 * zoom buttons) and inside the pane: null when it already is. The smallest move along one
 * axis that does it, else the card goes to the middle of the pane (which none covers). */
export function panToClear(card: Rect, pane: { width: number; height: number }, covers: Rect[], margin = 12): { dx: number; dy: number } | null {
  const fine = (c: Rect) =>
    c.x >= 0 && c.y >= 0 && c.x + c.width <= pane.width && c.y + c.height <= pane.height && !covers.some((k) => overlap(c, k));
  if (fine(card)) return null;
  const moves: { dx: number; dy: number }[] = [];
  if (card.x < 0) moves.push({ dx: margin - card.x, dy: 0 });
  if (card.y < 0) moves.push({ dx: 0, dy: margin - card.y });
  if (card.x + card.width > pane.width) moves.push({ dx: pane.width - margin - card.x - card.width, dy: 0 });
  if (card.y + card.height > pane.height) moves.push({ dx: 0, dy: pane.height - margin - card.y - card.height });
  for (const k of covers.filter((k) => overlap(card, k))) {
    moves.push({ dx: k.x - margin - card.x - card.width, dy: 0 }, { dx: k.x + k.width + margin - card.x, dy: 0 });
    moves.push({ dx: 0, dy: k.y - margin - card.y - card.height }, { dx: 0, dy: k.y + k.height + margin - card.y });
  }
  const best = moves
    .filter((m) => fine({ ...card, x: card.x + m.dx, y: card.y + m.dy }))
    .sort((a, b) => Math.abs(a.dx) + Math.abs(a.dy) - Math.abs(b.dx) - Math.abs(b.dy))[0];
  return best ?? { dx: pane.width / 2 - (card.x + card.width / 2), dy: pane.height / 2 - (card.y + card.height / 2) };
}

/** The view that fits every card in a pane of `width` x `height` pixels, clear of the
 * `covers` (legend, mini-map, zoom buttons, in pane pixels): the columns they take on the
 * left and on the right are left free, so that no card of the fitted map lies under one.
 * At most `maxZoom`. */
export function fitViewport(cards: Box[], pane: { width: number; height: number }, covers: Rect[], maxZoom = MAX_ZOOM, margin = 16): Viewport {
  if (cards.length === 0) return { x: 0, y: 0, zoom: 1 };
  let left = 0;
  let right = 0;
  for (const k of covers) {
    if (k.x + k.width / 2 < pane.width / 2) left = Math.max(left, k.x + k.width);
    else right = Math.max(right, pane.width - k.x);
  }
  // Never less than half the pane for the map.
  if (left + right > pane.width / 2) {
    const s = pane.width / 2 / (left + right);
    left *= s;
    right *= s;
  }
  const width = pane.width - left - right;
  const all = bounds(cards);
  const zoom = Math.max(MIN_ZOOM, Math.min(maxZoom, (width - 2 * margin) / all.w, (pane.height - 2 * margin) / all.h));
  return {
    x: left + (width - all.w * zoom) / 2 - all.x * zoom,
    y: (pane.height - all.h * zoom) / 2 - all.y * zoom,
    zoom,
  };
}
