//! Tests of the compact layout, the placement of outside people and the router.

use std::collections::HashMap;
use std::time::Instant;

use super::route::{drawn, route_lines};
use super::*;
use crate::model::{Relation, RelationKind};

fn overlaps(a: Point, b: Point) -> bool {
    (a.x - b.x).abs() < CARD_W && (a.y - b.y).abs() < CARD_H
}

fn no_overlap(pos: &HashMap<String, Point>) {
    let v: Vec<(&String, &Point)> = pos.iter().collect();
    for (i, a) in v.iter().enumerate() {
        for b in &v[i + 1..] {
            assert!(!overlaps(*a.1, *b.1), "{} overlaps {}", a.0, b.0);
        }
    }
}

/// A CEO with `m` managers, each with one manager under them with two reports.
fn wide(m: usize) -> (Vec<String>, HashMap<String, String>) {
    let mut ids = vec!["ceo".to_string()];
    let mut parent = HashMap::new();
    for k in 0..m {
        let (a, b) = (format!("m{k}"), format!("s{k}"));
        parent.insert(a.clone(), "ceo".to_string());
        parent.insert(b.clone(), a.clone());
        ids.extend([a, b.clone()]);
        for j in 0..2 {
            let leaf = format!("l{k}_{j}");
            parent.insert(leaf.clone(), b.clone());
            ids.push(leaf);
        }
    }
    (ids, parent)
}

fn rel(id: &str, kind: RelationKind, from: &str, to: &str) -> Relation {
    Relation {
        id: id.into(),
        account_id: "a".into(),
        kind,
        from: from.into(),
        to: to.into(),
        strength: 2,
        sign: 1,
        note: String::new(),
    }
}

#[test]
fn a_wide_team_wraps_into_rows_with_a_free_lane_for_the_line_down() {
    let (ids, parent) = wide(10);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let parent: HashMap<&str, &str> = parent
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let forest = Forest::new(&ids, &parent);
    let (natural_w, natural_h) = forest.extent(f64::INFINITY);
    let (w, h) = forest.extent(natural_w / 3.0);
    assert!(w < natural_w / 2.0, "narrower: {w} of {natural_w}");
    assert!(h > natural_h, "taller: {h} of {natural_h}");
    let laid = forest.layout(natural_w / 3.0);
    no_overlap(&laid.positions);
    let ceo = laid.positions["ceo"];
    let trunk = ceo.x + CARD_W / 2.0;
    let rows: std::collections::BTreeSet<i64> = (0..10)
        .map(|k| laid.positions[&format!("m{k}")].y as i64)
        .collect();
    assert!(rows.len() >= 3, "the managers in rows: {rows:?}");
    // The line from the CEO down to the last row passes no card.
    let last = *rows.iter().max().unwrap() as f64;
    for (id, p) in &laid.positions {
        let crosses = p.x < trunk && trunk < p.x + CARD_W && p.y > ceo.y && p.y < last;
        assert!(!crosses, "{id} sits on the line down at {trunk}");
    }
}

#[test]
fn four_or_more_leaf_reports_stand_in_two_columns_either_side_of_the_line() {
    let ids = ["b", "a", "c", "d", "e"];
    let parent: HashMap<&str, &str> = [("a", "b"), ("c", "b"), ("d", "b"), ("e", "b")]
        .into_iter()
        .collect();
    let laid = tidy_forest(&ids, &parent);
    let p = &laid.positions;
    let trunk = p["b"].x + CARD_W / 2.0;
    assert_eq!(
        p["a"].x + CARD_W,
        trunk - STACK_INDENT,
        "first report left of the line"
    );
    assert_eq!(p["c"].x, trunk + STACK_INDENT, "second right of it");
    assert_eq!(p["a"].y, p["c"].y);
    assert_eq!(p["d"].y - p["a"].y, CARD_H + STACK_GAP);
    assert!(["a", "c", "d", "e"]
        .iter()
        .all(|id| laid.stacked.contains(*id)));
    no_overlap(p);
}

#[test]
fn an_outside_person_is_placed_near_the_people_they_touch_and_on_no_card() {
    let (ids, parent) = wide(6);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let parent: HashMap<&str, &str> = parent
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut laid = tidy_forest(&ids, &parent);
    let target = laid.positions["l5_1"];
    place_outside(
        &mut laid.positions,
        &[],
        &[],
        vec![
            Outsider {
                id: "us",
                touches: vec!["l5_1", "l5_0"],
            },
            Outsider {
                id: "loner",
                touches: vec![],
            },
        ],
    );
    no_overlap(&laid.positions);
    let us = laid.positions["us"];
    let d = (us.x - target.x).abs() + (us.y - target.y).abs();
    assert!(d < 2.5 * (CARD_W + CARD_H), "{us:?} far from {target:?}");
    let top = ids
        .iter()
        .map(|i| laid.positions[*i].y)
        .fold(f64::MAX, f64::min);
    assert!(
        laid.positions["loner"].y < top,
        "who touches nobody goes above the chart"
    );
}

#[test]
fn a_line_is_routed_around_the_card_between_its_two_people() {
    let at = |x: f64, y: f64| Point { x, y };
    let positions: HashMap<String, Point> = [
        ("a".to_string(), at(0.0, 0.0)),
        ("wall".to_string(), at(CARD_W + H_GAP, 0.0)),
        ("b".to_string(), at(2.0 * (CARD_W + H_GAP), 0.0)),
    ]
    .into_iter()
    .collect();
    let cards = drawn(&positions, &Default::default(), &Default::default());
    let routes = route_lines(&[rel("l", RelationKind::Influence, "a", "b")], &cards);
    assert_eq!(routes.len(), 1);
    let pts = &routes[0].points;
    let wall = positions["wall"];
    for w in pts.windows(2) {
        assert!(w[0].x == w[1].x || w[0].y == w[1].y, "orthogonal: {pts:?}");
        let (x0, x1) = (w[0].x.min(w[1].x), w[0].x.max(w[1].x));
        let (y0, y1) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
        let inside = x1 > wall.x && x0 < wall.x + CARD_W && y1 > wall.y && y0 < wall.y + CARD_H;
        assert!(!inside, "through the card between: {pts:?}");
    }
    // It starts on a's border and ends on b's.
    let on_border = |p: Point, c: Point| {
        let (x, y) = (p.x - c.x, p.y - c.y);
        let within = (0.0..=CARD_W).contains(&x) && (0.0..=CARD_H).contains(&y);
        within && (x == 0.0 || x == CARD_W || y == 0.0 || y == CARD_H)
    };
    assert!(on_border(pts[0], positions["a"]), "{pts:?}");
    assert!(on_border(pts[pts.len() - 1], positions["b"]), "{pts:?}");
}

#[test]
fn a_thousand_people_with_300_influence_lines_are_routed_within_the_budget() {
    let n = 1000;
    let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let ids: Vec<&str> = names.iter().map(String::as_str).collect();
    // Each person reports to person i / 4: a bushy tree.
    let parent: HashMap<&str, &str> = (1..n).map(|i| (ids[i], ids[(i - 1) / 4])).collect();
    let forest = Forest::new(&ids, &parent);
    let laid = forest.layout(forest.extent(f64::INFINITY).0 / 6.0);
    let mut lines: Vec<Relation> = (1..n)
        .map(|i| {
            rel(
                &format!("r{i}"),
                RelationKind::ReportsTo,
                ids[i],
                ids[(i - 1) / 4],
            )
        })
        .collect();
    let mut seed = 7u64;
    for k in 0..300 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let a = (seed >> 33) as usize % n;
        let b = (seed >> 13) as usize % n;
        if a != b {
            lines.push(rel(
                &format!("i{k}"),
                RelationKind::Influence,
                ids[a],
                ids[b],
            ));
        }
    }
    let t = Instant::now();
    let cards = drawn(&laid.positions, &laid.stacked, &Default::default());
    let routes = route_lines(&lines, &cards);
    let took = t.elapsed();
    println!(
        "1,000 people, 300 influence lines: {} routes in {took:?}",
        routes.len()
    );
    let influence = routes
        .iter()
        .filter(|r| r.relation_id.starts_with('i'))
        .count();
    assert!(influence >= 150, "most lines routed: {influence}");
    assert!(routes.iter().all(|r| r.points.len() >= 2));
}

#[test]
fn a_hundred_thousand_people_lay_out_at_every_wrap_width_tried() {
    let n = 100_000;
    let names: Vec<String> = (0..n).map(|i| format!("p{i}")).collect();
    let ids: Vec<&str> = names.iter().map(String::as_str).collect();
    let parent: HashMap<&str, &str> = (1..n).map(|i| (ids[i], ids[(i - 1) / 6])).collect();
    let t = Instant::now();
    let forest = Forest::new(&ids, &parent);
    let (w, _) = forest.extent(f64::INFINITY);
    let mut wrap = w;
    for _ in 0..16 {
        wrap *= 0.82;
        forest.extent(wrap);
    }
    let laid = forest.layout(wrap);
    println!("100,000 people, 17 wrap widths: {:?}", t.elapsed());
    assert_eq!(laid.positions.len(), n);
}
