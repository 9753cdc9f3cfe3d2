//! A uniform-grid spatial index of rectangles and axis-aligned segments, so that the
//! placement of outside people and the line router look only at what is nearby.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash of small integer keys (grid cells and nodes) in one multiplication, where the
/// standard hasher's rounds were a fifth of the router's time. The keys come from the map's
/// own coordinates, not from anyone who could choose them to collide.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        // The product's high bits depend on every bit of the key; the table indexes by the
        // low ones.
        self.0 ^ (self.0 >> 32)
    }
}

/// A map by small integer keys, hashed with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Cell size in map units: about one card.
const CELL: f64 = 256.0;
const MAX_CELLS: i64 = 1024;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn grow(self, dx: f64, dy: f64) -> Rect {
        Rect {
            x0: self.x0 - dx,
            y0: self.y0 - dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }

    /// Whether the open rectangles overlap.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether `p` is strictly inside.
    pub fn contains(&self, p: (f64, f64)) -> bool {
        self.x0 < p.0 && p.0 < self.x1 && self.y0 < p.1 && p.1 < self.y1
    }
}

/// Items with a bounding rectangle, found by the cells they touch.
pub struct Index<T> {
    cells: FastMap<(i64, i64), Vec<usize>>,
    /// Items spanning more cells than [`MAX_CELLS`] (a line between far-apart cards placed
    /// by hand): checked on every query instead of filling millions of cells.
    huge: Vec<usize>,
    pub items: Vec<(Rect, T)>,
}

fn cell(v: f64) -> i64 {
    (v / CELL).floor() as i64
}

impl<T> Index<T> {
    pub fn new() -> Self {
        Index {
            cells: FastMap::default(),
            huge: Vec::new(),
            items: Vec::new(),
        }
    }

    pub fn insert(&mut self, r: Rect, item: T) {
        let k = self.items.len();
        self.items.push((r, item));
        let span = |a: f64, b: f64| cell(b).saturating_sub(cell(a)).saturating_add(1);
        if !(r.x0.is_finite() && r.x1.is_finite() && r.y0.is_finite() && r.y1.is_finite())
            || span(r.x0, r.x1).saturating_mul(span(r.y0, r.y1)) > MAX_CELLS
        {
            self.huge.push(k);
            return;
        }
        for cx in cell(r.x0)..=cell(r.x1) {
            for cy in cell(r.y0)..=cell(r.y1) {
                self.cells.entry((cx, cy)).or_default().push(k);
            }
        }
    }

    /// Calls `f` with every item whose rectangle may touch `r` (an item may come more than
    /// once when it spans several cells); stops early when `f` answers true, and says so.
    pub fn any(&self, r: Rect, mut f: impl FnMut(&Rect, &T) -> bool) -> bool {
        for &k in &self.huge {
            let (rect, item) = &self.items[k];
            if f(rect, item) {
                return true;
            }
        }
        let span = |a: f64, b: f64| cell(b).saturating_sub(cell(a)).saturating_add(1);
        if span(r.x0, r.x1).saturating_mul(span(r.y0, r.y1)) > MAX_CELLS {
            // A query wider than the index: look at every item once.
            return self.items.iter().any(|(rect, item)| f(rect, item));
        }
        for cx in cell(r.x0)..=cell(r.x1) {
            for cy in cell(r.y0)..=cell(r.y1) {
                if let Some(list) = self.cells.get(&(cx, cy)) {
                    for &k in list {
                        let (rect, item) = &self.items[k];
                        if f(rect, item) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}
