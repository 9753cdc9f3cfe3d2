//! People with no manager (a business-card import: Eight, Sansan) are grouped under their
//! department's header on the map and in its exports, not scattered as roots along the top.

mod quality;

use std::collections::HashMap;

use stakemap_core::export::{self, ExportFormat, ExportOptions, Redaction};
use stakemap_core::layout::{CARD_H, CARD_W, HEADER_H};
use stakemap_core::map::AccountMap;
use stakemap_core::{
    AccountInput, Lang, PersonInput, RelationInput, RelationKind, Side, Workspace,
};

use quality::{card_counts, enters, measure, parse, Rect};

/// Departments and how many people of each, as a business-card file has them.
const CARDS: [(&str, usize); 3] = [("営業部", 8), ("購買部", 7), ("情報システム部", 5)];

fn account(ws: &mut Workspace, name: &str) -> String {
    ws.write(|tx| {
        Ok(tx
            .create_account(&AccountInput {
                name: name.into(),
                industry: "製造".into(),
                notes: String::new(),
            })?
            .id)
    })
    .unwrap()
}

fn person(ws: &mut Workspace, account: &str, side: Side, name: &str, dept: &str) -> String {
    ws.write(|tx| {
        Ok(tx
            .add_person(
                account,
                &PersonInput {
                    side: Some(side),
                    name: name.into(),
                    title: "課長".into(),
                    department: dept.into(),
                    ..Default::default()
                },
            )?
            .id)
    })
    .unwrap()
}

fn line(ws: &mut Workspace, account: &str, kind: RelationKind, from: &str, to: &str) {
    ws.write(|tx| {
        tx.add_relation(
            account,
            &RelationInput {
                kind,
                from: from.into(),
                to: to.into(),
                strength: Some(2),
                sign: Some(1),
                note: String::new(),
            },
        )?;
        Ok(())
    })
    .unwrap();
}

/// 20 people of three departments (interleaved, as a file sorted by name has them), no
/// manager anywhere. Returns the workspace, the account and each department's people.
fn business_cards() -> (
    tempfile::TempDir,
    Workspace,
    String,
    HashMap<&'static str, Vec<String>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("cards.stakemap")).unwrap();
    let acc = account(&mut ws, "東邦化成");
    let mut by_dept: HashMap<&str, Vec<String>> = HashMap::new();
    let most = CARDS.iter().map(|c| c.1).max().unwrap();
    for i in 0..most {
        for (d, n) in CARDS {
            if i < n {
                let id = person(&mut ws, &acc, Side::Customer, &format!("{d} {i}"), d);
                by_dept.entry(d).or_default().push(id);
            }
        }
    }
    (dir, ws, acc, by_dept)
}

fn card(map: &AccountMap, id: &str) -> Rect {
    let p = map.placements.iter().find(|p| p.person_id == id).unwrap();
    Rect {
        x0: p.x,
        y0: p.y,
        x1: p.x + CARD_W,
        y1: p.y + CARD_H,
    }
}

fn inside(a: Rect, b: Rect) -> bool {
    a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

fn no_card_overlaps(map: &AccountMap) {
    let cards: Vec<(&str, Rect)> = map
        .placements
        .iter()
        .map(|p| (p.person_id.as_str(), card(map, &p.person_id)))
        .collect();
    for (i, (a, ra)) in cards.iter().enumerate() {
        for (b, rb) in &cards[i + 1..] {
            assert!(!overlap(*ra, *rb), "{a} overlaps {b}");
        }
    }
}

/// Each department's frame in the SVG (`<g class="department" data-department=…><rect …>`).
fn svg_frames(svg: &str) -> HashMap<String, Rect> {
    let mut out = HashMap::new();
    for line in svg
        .lines()
        .filter(|l| l.starts_with("<g class=\"department\""))
    {
        let attr = |tag: &str, name: &str| -> String {
            let key = format!(" {name}=\"");
            let i = tag.find(&key).unwrap() + key.len();
            tag[i..][..tag[i..].find('"').unwrap()].to_string()
        };
        let rect = &line[line.find("<rect").unwrap()..];
        let n = |k: &str| attr(rect, k).parse::<f64>().unwrap();
        let (x, y, w, h) = (n("x"), n("y"), n("width"), n("height"));
        out.insert(
            attr(line, "data-department"),
            Rect {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + h,
            },
        );
    }
    out
}

fn svg(ws: &Workspace, account: &str) -> String {
    let opts = ExportOptions {
        lang: Some(Lang::Ja),
        redaction: Redaction::none(),
        ..ExportOptions::new(ExportFormat::Svg)
    };
    String::from_utf8(export::export(ws, account, &opts).unwrap()[0].bytes.clone()).unwrap()
}

#[test]
fn business_card_people_sit_in_one_block_under_their_department() {
    let (_dir, ws, acc, by_dept) = business_cards();
    let map = ws.account_map(&acc).unwrap();
    assert_eq!(map.groups.len(), 3, "one header per department");
    no_card_overlaps(&map);
    for g in &map.groups {
        let mut want = by_dept[g.department.as_str()].clone();
        let mut got = g.person_ids.clone();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}: its people and no one else", g.department);
        let frame = Rect {
            x0: g.x,
            y0: g.y,
            x1: g.x + g.width,
            y1: g.y + g.height,
        };
        for id in &g.person_ids {
            let c = card(&map, id);
            assert!(inside(c, frame), "{}: {id} outside its frame", g.department);
            assert!(c.y0 >= g.y + HEADER_H, "{id} under the header");
        }
        // Nobody of another department inside the frame.
        for p in &map.placements {
            if !g.person_ids.contains(&p.person_id) {
                assert!(!overlap(card(&map, &p.person_id), frame));
            }
        }
        // One compact block: full rows, the last one maybe not.
        let rows: std::collections::BTreeSet<i64> = g
            .person_ids
            .iter()
            .map(|id| card(&map, id).y0 as i64)
            .collect();
        let cols: std::collections::BTreeSet<i64> = g
            .person_ids
            .iter()
            .map(|id| card(&map, id).x0 as i64)
            .collect();
        assert_eq!(
            rows.len(),
            g.person_ids.len().div_ceil(cols.len()),
            "{}: rows filled in order",
            g.department
        );
        assert!(cols.len() * rows.len() < g.person_ids.len() + cols.len());
    }
    // The frames do not overlap one another.
    for (i, a) in map.groups.iter().enumerate() {
        for b in &map.groups[i + 1..] {
            let ra = Rect {
                x0: a.x,
                y0: a.y,
                x1: a.x + a.width,
                y1: a.y + a.height,
            };
            let rb = Rect {
                x0: b.x,
                y0: b.y,
                x1: b.x + b.width,
                y1: b.y + b.height,
            };
            assert!(!overlap(ra, rb), "{} and {}", a.department, b.department);
        }
    }
    // Slide-shaped: before, 20 roots in one row (aspect about 40).
    let (lo_x, lo_y, hi_x, hi_y) = map.groups.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), g| {
            (
                a.min(g.x),
                b.min(g.y),
                c.max(g.x + g.width),
                d.max(g.y + g.height),
            )
        },
    );
    let aspect = (hi_x - lo_x) / (hi_y - lo_y);
    println!("business cards: chart aspect {aspect:.2}");
    assert!((1.0..=2.2).contains(&aspect), "aspect {aspect:.2}");

    // The SVG draws each header with its name, around the same people.
    let text = svg(&ws, &acc);
    let frames = svg_frames(&text);
    assert_eq!(frames.len(), 3);
    assert_eq!(card_counts(&text).len(), 20, "a header is not a card");
    let (cards, _, view) = parse(&text);
    for (d, ids) in &by_dept {
        assert!(text.contains(&format!(">{d}</text>")), "{d} written");
        let frame = frames[*d];
        for c in &cards {
            let mine = ids.contains(&c.id);
            assert_eq!(inside(c.rect, frame), mine, "{d}: card {}", c.id);
        }
        assert!(inside(frame, view), "{d}: the frame is on the page");
    }
    let f = measure(&text);
    println!("business cards SVG: {f:?}");
    assert!(
        (1.0..=2.4).contains(&f.aspect),
        "SVG aspect {:.2}",
        f.aspect
    );
}

#[test]
fn a_department_with_a_tree_keeps_its_loose_people_beside_it_and_lines_avoid_headers() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("mixed.stakemap")).unwrap();
    let acc = account(&mut ws, "北辰精機");
    let head = person(&mut ws, &acc, Side::Customer, "営業部長", "営業部");
    let a = person(&mut ws, &acc, Side::Customer, "課長 A", "営業部");
    let b = person(&mut ws, &acc, Side::Customer, "課長 B", "営業部");
    line(&mut ws, &acc, RelationKind::ReportsTo, &a, &head);
    line(&mut ws, &acc, RelationKind::ReportsTo, &b, &head);
    let other = person(&mut ws, &acc, Side::Customer, "購買 部長", "購買部");
    let other_report = person(&mut ws, &acc, Side::Customer, "購買 課長", "購買部");
    line(
        &mut ws,
        &acc,
        RelationKind::ReportsTo,
        &other_report,
        &other,
    );
    let mut loose = Vec::new();
    for i in 0..5 {
        loose.push(person(
            &mut ws,
            &acc,
            Side::Customer,
            &format!("営業 {i}"),
            "営業部 ",
        ));
    }
    let it = person(&mut ws, &acc, Side::Customer, "情シス", "情報システム部");
    let nobody = person(&mut ws, &acc, Side::Customer, "所属なし", "");
    let us = person(&mut ws, &acc, Side::Ours, "当社 営業", "");
    line(&mut ws, &acc, RelationKind::Covers, &us, &loose[2]);
    line(&mut ws, &acc, RelationKind::Covers, &us, &head);
    line(&mut ws, &acc, RelationKind::Influence, &loose[4], &other);
    line(&mut ws, &acc, RelationKind::Influence, &it, &loose[0]);

    let map = ws.account_map(&acc).unwrap();
    no_card_overlaps(&map);
    // 営業部 (its five loose people, the department written with a trailing space) and
    // 情報システム部; the heads with reports and the person with no department are not in
    // any group.
    let names: Vec<&str> = map.groups.iter().map(|g| g.department.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let sales = map
        .groups
        .iter()
        .find(|g| g.department.trim() == "営業部")
        .unwrap();
    assert_eq!(sales.person_ids, loose);
    for g in &map.groups {
        for id in [&head, &a, &b, &other, &other_report, &nobody, &us] {
            assert!(!g.person_ids.contains(id));
        }
    }
    // The block comes right after the 営業部 tree: beside it in its row, or first in the
    // next row; no other customer card comes between them.
    let h = card(&map, &head);
    let tree = [&head, &a, &b];
    for p in &map.placements {
        let q = map.people.iter().find(|q| q.id == p.person_id).unwrap();
        if q.side != Side::Customer || tree.contains(&&p.person_id) || loose.contains(&p.person_id)
        {
            continue;
        }
        let c = card(&map, &p.person_id);
        let before = if sales.y == h.y0 {
            c.y0 == h.y0 && c.x0 > h.x1 && c.x0 < sales.x
        } else {
            c.y0 < sales.y || (c.y0 == sales.y && c.x1 <= sales.x)
        };
        assert!(!before, "{} between the 営業部 tree and its block", q.name);
    }
    // Our staff is not placed inside a frame.
    let ours = card(&map, &us);
    for g in &map.groups {
        let f = Rect {
            x0: g.x,
            y0: g.y,
            x1: g.x + g.width,
            y1: g.y + g.height,
        };
        assert!(!overlap(ours, f), "our staff inside {}", g.department);
    }
    // The lines are routed, clear of every card and of the headers' bands.
    let text = svg(&ws, &acc);
    let f = measure(&text);
    println!("mixed SVG: {f:?}");
    assert_eq!(f.through_cards + f.over_text + f.unrouted, 0, "{f:?}");
    let (_, lines, _) = parse(&text);
    for g in &map.groups {
        let band = Rect {
            x0: g.x + 2.0,
            y0: g.y + 2.0,
            x1: g.x + g.width - 2.0,
            y1: g.y + HEADER_H - 2.0,
        };
        for l in &lines {
            assert!(
                !l.points.windows(2).any(|s| enters(s[0], s[1], band)),
                "a {} line over the header of {}",
                l.kind,
                g.department
            );
        }
    }
}

#[test]
fn a_card_moved_by_hand_leaves_its_group_and_the_rest_stay() {
    let (_dir, mut ws, acc, by_dept) = business_cards();
    let moved = by_dept["購買部"][0].clone();
    ws.write(|tx| tx.set_position(&acc, &moved, -2000.0, -2000.0))
        .unwrap();
    let map = ws.account_map(&acc).unwrap();
    let g = map
        .groups
        .iter()
        .find(|g| g.department == "購買部")
        .unwrap();
    assert!(!g.person_ids.contains(&moved));
    assert_eq!(g.person_ids.len(), 6);
}

#[test]
fn the_powerpoint_draws_each_department_header_as_a_shape() {
    let (_dir, ws, acc, _) = business_cards();
    let opts = ExportOptions {
        lang: Some(Lang::Ja),
        redaction: Redaction::none(),
        ..ExportOptions::new(ExportFormat::Pptx)
    };
    let bytes = export::export(&ws, &acc, &opts).unwrap()[0].bytes.clone();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    // Every slide (a large map is cut by team), each frame before the slide's cards.
    let mut xml = String::new();
    for k in 1..=zip.len() {
        let Ok(mut part) = zip.by_name(&format!("ppt/slides/slide{k}.xml")) else {
            break;
        };
        let mut slide = String::new();
        std::io::Read::read_to_string(&mut part, &mut slide).unwrap();
        if let (Some(f), Some(c)) = (slide.find("F8FAFC"), slide.find("<a:t>課長</a:t>")) {
            assert!(f < c, "slide {k}: the frames are drawn before the cards");
        }
        xml.push_str(&slide);
    }
    for (d, _) in CARDS {
        // The name, shortened with an ellipsis where the frame is narrow on the slide.
        let start: String = d.chars().take(2).collect();
        let frame = xml
            .find(&format!("name=\"{start}"))
            .unwrap_or_else(|| panic!("{d}: a frame shape"));
        assert!(
            xml.contains(&format!("<a:t>{start}")),
            "{d}: its name shown"
        );
        assert!(xml[frame..].contains("F8FAFC"), "{d}: the frame's fill");
    }
}
