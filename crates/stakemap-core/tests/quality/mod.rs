//! Measures the quality of an exported map from its SVG alone, as a reader sees it:
//! line crossings, lines through other people's cards, lines over card text, the aspect
//! ratio and the area. Curves are flattened into short segments.

use std::collections::HashMap;

/// A card's outline and the boxes of its texts, in map units.
pub struct CardBox {
    pub id: String,
    pub rect: Rect,
    pub texts: Vec<Rect>,
}

#[derive(Clone, Copy, Debug)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// One drawn line: its kind, its two people and its path as a polyline.
pub struct Line {
    pub kind: String,
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
    /// Drawn as one bowed curve (no straight segment): a line the layout gave no route.
    pub unrouted: bool,
}

/// The figures of one map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Proper crossings between lines that share no person and are not both reporting lines.
    pub crossings: usize,
    /// (line, card) pairs where a line enters another person's card inset by 4 units.
    pub through_cards: usize,
    /// (line, text box) pairs where a line passes over the text of a card.
    pub over_text: usize,
    /// Lines drawn as a bowed curve rather than along a route.
    pub unrouted: usize,
    /// Width / height of the viewBox.
    pub aspect: f64,
    /// Area of the viewBox in map units squared.
    pub area: f64,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let rest = &tag[i..];
    Some(&rest[..rest.find('"')?])
}

fn num(s: &str) -> f64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// The width of `text` at `size` units, roughly: wide (CJK) characters one em, others 0.62.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.62 })
        .sum::<f64>()
        * size
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Parses a path's `d` (M, L, H, V, Q, C, Z, absolute) into a polyline.
pub fn flatten(d: &str) -> Vec<(f64, f64)> {
    let mut toks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            if !cur.is_empty() {
                toks.push(std::mem::take(&mut cur));
            }
            toks.push(c.to_string());
        } else if c == ',' || c.is_whitespace() {
            if !cur.is_empty() {
                toks.push(std::mem::take(&mut cur));
            }
        } else if c == '-' && !cur.is_empty() && !cur.ends_with('e') {
            toks.push(std::mem::take(&mut cur));
            cur.push(c);
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    let mut pts: Vec<(f64, f64)> = Vec::new();
    let mut i = 0;
    let mut cmd = 'M';
    let mut p = (0.0, 0.0);
    let mut start = p;
    let n = |i: &mut usize| {
        let v = num(&toks[*i]);
        *i += 1;
        v
    };
    while i < toks.len() {
        if toks[i].chars().all(|c| c.is_ascii_alphabetic()) {
            cmd = toks[i].chars().next().unwrap();
            i += 1;
            if cmd == 'Z' || cmd == 'z' {
                pts.push(start);
                p = start;
            }
            continue;
        }
        match cmd {
            'M' => {
                p = (n(&mut i), n(&mut i));
                start = p;
                pts.push(p);
                cmd = 'L';
            }
            'L' => {
                p = (n(&mut i), n(&mut i));
                pts.push(p);
            }
            'H' => {
                p.0 = n(&mut i);
                pts.push(p);
            }
            'V' => {
                p.1 = n(&mut i);
                pts.push(p);
            }
            'Q' => {
                let c = (n(&mut i), n(&mut i));
                let e = (n(&mut i), n(&mut i));
                for k in 1..=16 {
                    let t = k as f64 / 16.0;
                    let u = 1.0 - t;
                    pts.push((
                        u * u * p.0 + 2.0 * u * t * c.0 + t * t * e.0,
                        u * u * p.1 + 2.0 * u * t * c.1 + t * t * e.1,
                    ));
                }
                p = e;
            }
            'C' => {
                let c1 = (n(&mut i), n(&mut i));
                let c2 = (n(&mut i), n(&mut i));
                let e = (n(&mut i), n(&mut i));
                for k in 1..=16 {
                    let t = k as f64 / 16.0;
                    let u = 1.0 - t;
                    pts.push((
                        u * u * u * p.0
                            + 3.0 * u * u * t * c1.0
                            + 3.0 * u * t * t * c2.0
                            + t * t * t * e.0,
                        u * u * u * p.1
                            + 3.0 * u * u * t * c1.1
                            + 3.0 * u * t * t * c2.1
                            + t * t * t * e.1,
                    ));
                }
                p = e;
            }
            other => panic!("path command {other} not handled in {d}"),
        }
    }
    pts
}

/// The cards, lines and viewBox of an exported SVG.
pub fn parse(svg: &str) -> (Vec<CardBox>, Vec<Line>, Rect) {
    let vb_tag = &svg[svg.find("<svg ").expect("an <svg> element")..];
    let vb: Vec<f64> = attr(vb_tag, "viewBox")
        .expect("a viewBox")
        .split_whitespace()
        .map(num)
        .collect();
    let view = Rect {
        x0: vb[0],
        y0: vb[1],
        x1: vb[0] + vb[2],
        y1: vb[1] + vb[3],
    };
    let mut cards = Vec::new();
    let mut lines = Vec::new();
    for block in svg.split('\n') {
        if block.starts_with("<g id=\"p-") {
            let head = &block[..block.find('>').unwrap()];
            let id = unescape(attr(head, "data-id").unwrap());
            let tr = attr(head, "transform").unwrap();
            let xy: Vec<f64> = tr
                .trim_start_matches("translate(")
                .trim_end_matches(')')
                .split(',')
                .map(num)
                .collect();
            let outline = &block[block.find("<rect class=\"card\"").unwrap()..];
            let (w, h) = (
                num(attr(outline, "width").unwrap()),
                num(attr(outline, "height").unwrap()),
            );
            let mut texts = Vec::new();
            let mut rest = block;
            while let Some(i) = rest.find("<text ") {
                rest = &rest[i..];
                let end = rest.find('>').unwrap();
                let tag = &rest[..end];
                let close = rest.find("</text>").unwrap();
                let content = unescape(&rest[end + 1..close]);
                rest = &rest[close..];
                if content.trim().is_empty() {
                    continue;
                }
                let size = num(attr(tag, "font-size").unwrap());
                let (tx, ty) = (num(attr(tag, "x").unwrap()), num(attr(tag, "y").unwrap()));
                let tw = text_width(&content, size);
                let x0 = if attr(tag, "text-anchor") == Some("middle") {
                    tx - tw / 2.0
                } else {
                    tx
                };
                texts.push(Rect {
                    x0: xy[0] + x0,
                    y0: xy[1] + ty - 0.8 * size,
                    x1: xy[0] + (x0 + tw).min(w),
                    y1: xy[1] + ty + 0.2 * size,
                });
            }
            cards.push(CardBox {
                id,
                rect: Rect {
                    x0: xy[0],
                    y0: xy[1],
                    x1: xy[0] + w,
                    y1: xy[1] + h,
                },
                texts,
            });
        } else if block.starts_with("<g class=\"line\"") {
            let head = &block[..block.find('>').unwrap()];
            let path = &block[block.find("<path ").unwrap()..];
            lines.push(Line {
                kind: attr(head, "data-kind").unwrap().to_string(),
                from: unescape(attr(head, "data-from").unwrap()),
                to: unescape(attr(head, "data-to").unwrap()),
                points: flatten(attr(path, "d").unwrap()),
                unrouted: !attr(path, "d").unwrap().contains('L'),
            });
        }
    }
    (cards, lines, view)
}

fn cross(o: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// Whether segments ab and cd cross properly (each strictly separates the other's ends).
pub fn proper_cross(a: (f64, f64), b: (f64, f64), c: (f64, f64), d: (f64, f64)) -> bool {
    let eps = 1e-9;
    let d1 = cross(c, d, a);
    let d2 = cross(c, d, b);
    let d3 = cross(a, b, c);
    let d4 = cross(a, b, d);
    ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps))
        && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps))
}

/// Whether segment ab enters the open rectangle r.
pub fn enters(a: (f64, f64), b: (f64, f64), r: Rect) -> bool {
    if r.x1 <= r.x0 || r.y1 <= r.y0 {
        return false;
    }
    // Liang-Barsky clipping against the open box.
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

fn is_reporting(kind: &str) -> bool {
    kind == "reports_to" || kind == "dotted_line"
}

fn bbox(pts: &[(f64, f64)]) -> Rect {
    pts.iter().fold(
        Rect {
            x0: f64::MAX,
            y0: f64::MAX,
            x1: f64::MIN,
            y1: f64::MIN,
        },
        |r, p| Rect {
            x0: r.x0.min(p.0),
            y0: r.y0.min(p.1),
            x1: r.x1.max(p.0),
            y1: r.y1.max(p.1),
        },
    )
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1
}

/// The figures of an exported SVG map.
pub fn measure(svg: &str) -> Figures {
    let (cards, lines, view) = parse(svg);
    let boxes: Vec<Rect> = lines.iter().map(|l| bbox(&l.points)).collect();
    let mut crossings = 0;
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            let (a, b) = (&lines[i], &lines[j]);
            if is_reporting(&a.kind) && is_reporting(&b.kind) {
                continue;
            }
            if a.from == b.from || a.from == b.to || a.to == b.from || a.to == b.to {
                continue;
            }
            if !overlap(boxes[i], boxes[j]) {
                continue;
            }
            for s in a.points.windows(2) {
                for t in b.points.windows(2) {
                    if proper_cross(s[0], s[1], t[0], t[1]) {
                        crossings += 1;
                    }
                }
            }
        }
    }
    let mut through_cards = 0;
    let mut over_text = 0;
    for (l, lb) in lines.iter().zip(&boxes) {
        for c in &cards {
            if !overlap(*lb, c.rect) {
                continue;
            }
            let inset = Rect {
                x0: c.rect.x0 + 4.0,
                y0: c.rect.y0 + 4.0,
                x1: c.rect.x1 - 4.0,
                y1: c.rect.y1 - 4.0,
            };
            let segs = || l.points.windows(2);
            if c.id != l.from && c.id != l.to && segs().any(|s| enters(s[0], s[1], inset)) {
                through_cards += 1;
            }
            for t in &c.texts {
                if segs().any(|s| enters(s[0], s[1], *t)) {
                    over_text += 1;
                }
            }
        }
    }
    let (w, h) = (view.x1 - view.x0, view.y1 - view.y0);
    Figures {
        crossings,
        through_cards,
        over_text,
        unrouted: lines.iter().filter(|l| l.unrouted).count(),
        aspect: w / h,
        area: w * h,
    }
}

/// How many cards each person has (a person drawn twice would be a defect of its own).
pub fn card_counts(svg: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for c in parse(svg).0 {
        *m.entry(c.id).or_insert(0) += 1;
    }
    m
}
