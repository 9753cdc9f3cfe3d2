//! The map on a page (a 16:9 slide, A4 or A3 landscape) of the demo and of generated 60-
//! and 300-person accounts: every card's name at 9 pt or more, measured from the page's SVG
//! (font size × the map's scale, in points), the key view where the whole map would be
//! smaller, everyone either shown or counted in a "+N" box, cards inside the page; the PNG
//! at 1920 × 1080, the PDF read by poppler's `pdftoppm`, `pdfinfo` and `pdftotext`.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use stakemap_core::export::{
    self, page, ExportData, ExportFormat, ExportOptions, MapView, PageSize, Redaction,
};
use stakemap_core::{
    demo, AccountInput, Lang, PersonInput, Ratings, RelationInput, RelationKind, Role, Side,
    Workspace,
};

/// splitmix64: the same accounts on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

const FIRST: &[&str] = &["Aiko", "Ben", "Chie", "Dan", "Emi", "Fumio", "Hana", "Ken"];
const LAST: &[&str] = &["Sato", "Suzuki", "Takahashi", "Tanaka", "Ito", "Watanabe"];
const TITLES: &[&str] = &[
    "Director",
    "General Manager",
    "Manager",
    "Engineer",
    "Buyer",
];

/// An account of `n` customer people in a reporting tree (5 to 8 reports a manager, one
/// name in ten Japanese), about one key person in twenty, three of our staff covering a
/// few of them through 12 lines, a partner and a competitor, and `n / 8` influence lines.
fn account(ws: &mut Workspace, n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    ws.write(|tx| {
        let account = tx.create_account(&AccountInput {
            name: format!("Generated {n} Industries"),
            industry: "Machinery".into(),
            notes: String::new(),
        })?;
        let id = &account.id;
        let person = |id: String, side: Side, name: String| PersonInput {
            id: Some(id),
            side: Some(side),
            name,
            ..Default::default()
        };
        for i in 0..n {
            let name = if i % 10 == 3 {
                ["佐藤 一郎", "鈴木 花子", "高橋 健", "田中 美咲"][rng.below(4)].to_string()
            } else {
                format!("{} {} {i}", FIRST[rng.below(8)], LAST[rng.below(6)])
            };
            let mut p = person(format!("c{i:04}"), Side::Customer, name);
            p.title = TITLES[rng.below(TITLES.len())].into();
            p.roles = match rng.below(40) {
                0 => vec![Role::DecisionMaker],
                1 => vec![Role::Approver],
                _ => vec![Role::User],
            };
            p.ratings = Ratings {
                intimacy: Some(1 + rng.below(5) as u8),
                solution: Some(1 + rng.below(5) as u8),
                price: None,
            };
            tx.add_person(id, &p)?;
        }
        for (i, side) in [
            Side::Ours,
            Side::Ours,
            Side::Ours,
            Side::Partner,
            Side::Competitor,
        ]
        .into_iter()
        .enumerate()
        {
            tx.add_person(
                id,
                &person(format!("o{i}"), side, format!("{} Staff", FIRST[i])),
            )?;
        }
        let line = |kind, from: String, to: String, strength: u8, sign: i8| {
            tx.add_relation(
                id,
                &RelationInput {
                    kind,
                    from,
                    to,
                    strength: Some(strength),
                    sign: Some(sign),
                    note: String::new(),
                },
            )
            .map(|_| ())
        };
        let (mut manager, mut left) = (0, 5 + rng.below(4));
        for i in 1..n {
            if left == 0 {
                manager += 1;
                left = 5 + rng.below(4);
            }
            left -= 1;
            line(
                RelationKind::ReportsTo,
                format!("c{i:04}"),
                format!("c{manager:04}"),
                2,
                1,
            )?;
        }
        let mut made = HashSet::new();
        while made.len() < n / 8 {
            let (a, b) = (rng.below(n), rng.below(n));
            if a != b && made.insert((a, b)) {
                let sign = if rng.below(7) == 0 { -1 } else { 1 };
                let s = 1 + rng.below(3) as u8;
                line(
                    RelationKind::Influence,
                    format!("c{a:04}"),
                    format!("c{b:04}"),
                    s,
                    sign,
                )?;
            }
        }
        let mut covered = HashSet::new();
        for i in 0..12 {
            let to = rng.below(n.min(60));
            if covered.insert((i % 3, to)) {
                line(
                    RelationKind::Covers,
                    format!("o{}", i % 3),
                    format!("c{to:04}"),
                    3,
                    1,
                )?;
            }
        }
        Ok(account.id)
    })
    .unwrap()
}

struct Case {
    _dir: tempfile::TempDir,
    ws: Workspace,
    account: String,
    label: String,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::Ja] {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create_new(dir.path().join("w.stakemap")).unwrap();
        let account = demo::create_demo(&mut ws, lang).unwrap().id;
        out.push(Case {
            _dir: dir,
            ws,
            account,
            label: format!("demo {lang:?}"),
        });
    }
    for n in [60, 300] {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create_new(dir.path().join("w.stakemap")).unwrap();
        let account = account(&mut ws, n, n as u64);
        out.push(Case {
            _dir: dir,
            ws,
            account,
            label: format!("{n} people"),
        });
    }
    out
}

fn opts(format: ExportFormat, page: PageSize, redact: bool) -> ExportOptions {
    ExportOptions {
        page: Some(page),
        redaction: if redact {
            Redaction::all()
        } else {
            Redaction::none()
        },
        ..ExportOptions::new(format)
    }
}

/// The value of attribute `name` in the tag starting at `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let end = tag.find('>')?;
    let tag = &tag[..end];
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

fn numbers(s: &str) -> Vec<f64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|t| !t.is_empty())
        .map(|t| t.parse().unwrap())
        .collect()
}

/// What a page SVG shows, measured from its geometry.
struct Measured {
    width: f64,
    height: f64,
    view: String,
    /// The smallest card name on the page, in points.
    min_name_pt: f64,
    /// The names shown (cards of people; "+N" boxes apart).
    names: Vec<String>,
    /// The people the "+N" boxes stand for.
    folded: usize,
    /// Cards (people and boxes) with a corner outside the page.
    outside: usize,
    chips: usize,
}

fn measure(svg: &str) -> Measured {
    let root = &svg[svg.find("<svg").unwrap()..];
    let width: f64 = attr(root, "width").unwrap().parse().unwrap();
    let height: f64 = attr(root, "height").unwrap().parse().unwrap();
    let view = attr(root, "data-view").unwrap().to_string();
    let map = &svg[svg.find("<g class=\"map\"").expect("a map group")..];
    let t = numbers(attr(map, "transform").unwrap());
    let (tx, ty, scale) = (t[0], t[1], t[2]);
    let mut min_name_pt = f64::MAX;
    let mut names = Vec::new();
    let mut folded = 0;
    let mut outside = 0;
    for (i, _) in map.match_indices("<g id=\"p-") {
        let g = &map[i..];
        let end = g.find("</g>\n").unwrap();
        let card = &g[..end];
        let pos = numbers(attr(card, "transform").unwrap());
        let rect = &card[card.find("<rect class=\"card\"").unwrap()..];
        let (w, h): (f64, f64) = (
            attr(rect, "width").unwrap().parse().unwrap(),
            attr(rect, "height").unwrap().parse().unwrap(),
        );
        let (x0, y0) = (tx + pos[0] * scale, ty + pos[1] * scale);
        let (x1, y1) = (x0 + w * scale, y0 + h * scale);
        if x0 < -0.01 || y0 < -0.01 || x1 > width + 0.01 || y1 > height + 0.01 {
            outside += 1;
        }
        let name = &card[card.find("<text class=\"name\"").unwrap()..];
        let size: f64 = attr(name, "font-size").unwrap().parse().unwrap();
        min_name_pt = min_name_pt.min(size * scale);
        let text = &name[name.find('>').unwrap() + 1..name.find("</text>").unwrap()];
        match attr(card, "data-count") {
            Some(n) => folded += n.parse::<usize>().unwrap(),
            None => names.push(text.to_string()),
        }
    }
    Measured {
        width,
        height,
        view,
        min_name_pt,
        names,
        folded,
        outside,
        chips: svg.matches("class=\"chip\"").count(),
    }
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn pages(c: &Case, o: &ExportOptions) -> Vec<String> {
    export::export(&c.ws, &c.account, o)
        .unwrap()
        .into_iter()
        .map(|f| String::from_utf8(f.bytes).unwrap())
        .collect()
}

#[test]
fn every_name_on_a_page_is_at_least_9_pt_and_the_key_view_is_used_where_needed() {
    for c in cases() {
        let data = ExportData::load(&c.ws, &c.account).unwrap();
        let keys: Vec<String> = data
            .key_person_ids
            .iter()
            .map(|k| data.person(k).unwrap().name.clone())
            .collect();
        for page in [PageSize::Slide, PageSize::A4, PageSize::A3] {
            let (pw, ph) = page.landscape().unwrap();
            let whole = page::name_points(&data, Lang::En, pw, ph);
            let o = opts(ExportFormat::Svg, page, false);
            let svgs = pages(&c, &o);
            let m: Vec<Measured> = svgs.iter().map(|s| measure(s)).collect();
            let label = format!("{} on {}", c.label, page.as_str());
            for p in &m {
                assert_eq!((p.width, p.height), (pw, ph), "{label}: page size");
                assert!(
                    p.min_name_pt >= page::MIN_NAME_PT - 1e-6,
                    "{label}: a name at {:.2} pt ({} view)",
                    p.min_name_pt,
                    p.view
                );
                assert_eq!(p.outside, 0, "{label}: cards outside the page");
            }
            if whole >= page::MIN_NAME_PT {
                assert_eq!(m.len(), 1, "{label}");
                assert_eq!(m[0].view, "all", "{label}: the whole map fits");
                assert_eq!(m[0].names.len(), data.people.len(), "{label}");
            } else {
                assert!(
                    m.iter().all(|p| p.view != "all"),
                    "{label}: whole map at {whole:.2} pt"
                );
                if m.len() == 1 {
                    // One key view: everyone is either a card or counted in a "+N" box.
                    assert_eq!(m[0].view, "key");
                    assert_eq!(m[0].names.len() + m[0].folded, data.people.len(), "{label}");
                } else {
                    assert_eq!(m.len(), keys.len(), "{label}: a page per key person");
                    assert!(m.iter().all(|p| p.view == "key-person"));
                }
            }
            let shown: HashSet<String> = m
                .iter()
                .flat_map(|p| p.names.iter().map(|n| unescape(n)))
                .collect();
            for k in &keys {
                assert!(
                    // A long name is shortened to its card with "…".
                    shown
                        .iter()
                        .any(|n| n == k
                            || (n.ends_with('…') && k.starts_with(n.trim_end_matches('…')))),
                    "{label}: key person {k} on no page"
                );
            }
            eprintln!(
                "{label}: whole map names at {whole:.2} pt; {} page(s), view {}, smallest name {:.2} pt",
                m.len(),
                m[0].view,
                m.iter().map(|p| p.min_name_pt).fold(f64::MAX, f64::min)
            );
        }
    }
}

#[test]
fn for_outside_the_cards_have_no_chips_and_no_empty_band() {
    let c = cases().into_iter().next().unwrap();
    let mine = pages(&c, &opts(ExportFormat::Svg, PageSize::Slide, false));
    let outside = pages(&c, &opts(ExportFormat::Svg, PageSize::Slide, true));
    assert!(measure(&mine[0]).chips > 0, "for my team: chips shown");
    assert_eq!(measure(&outside[0]).chips, 0, "for outside: no chips");
    let heights = |svg: &str| -> HashSet<String> {
        svg.match_indices("<rect class=\"card\"")
            .map(|(i, _)| attr(&svg[i..], "height").unwrap().to_string())
            .collect()
    };
    let (h_mine, h_out) = (heights(&mine[0]), heights(&outside[0]));
    assert_eq!(h_mine.len(), 1);
    assert_eq!(h_out.len(), 1);
    let (a, b): (f64, f64) = (
        h_mine.iter().next().unwrap().parse().unwrap(),
        h_out.iter().next().unwrap().parse().unwrap(),
    );
    assert!(b < a - 15.0, "redacted cards {b} high, with chips {a}");
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("`{program}` could not be run ({e}); run scripts/setup.sh"));
    assert!(out.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn slide_png_is_1920_by_1080_and_slide_pdf_renders_in_pdftoppm() {
    let dir = tempfile::tempdir().unwrap();
    for c in cases() {
        // PNG: the slide's pixels, decoded.
        let t = Instant::now();
        let files = export::export(
            &c.ws,
            &c.account,
            &opts(ExportFormat::Png, PageSize::Slide, true),
        )
        .unwrap();
        let took = t.elapsed();
        let svgs = pages(&c, &opts(ExportFormat::Svg, PageSize::Slide, true));
        assert_eq!(files.len(), svgs.len(), "{}: one PNG per page", c.label);
        for f in &files {
            let decoder = png::Decoder::new(std::io::Cursor::new(&f.bytes));
            let reader = decoder.read_info().unwrap();
            let info = reader.info();
            assert_eq!((info.width, info.height), (1920, 1080), "{}", c.label);
        }
        if files.len() > 1 {
            assert_eq!(files[1].suffix, "-2.png");
        }
        eprintln!(
            "{}: slide PNG ({} file(s)) in {:.0} ms",
            c.label,
            files.len(),
            took.as_secs_f64() * 1e3
        );

        // PDF: as many pages as planned, each 960 x 540 pt, drawn by pdftoppm, with the
        // key persons' names as text.
        let pdf = export::export(
            &c.ws,
            &c.account,
            &opts(ExportFormat::Pdf, PageSize::Slide, false),
        )
        .unwrap();
        assert_eq!(pdf.len(), 1);
        let path = dir.path().join("slide.pdf");
        std::fs::write(&path, &pdf[0].bytes).unwrap();
        let p = path.to_str().unwrap();
        let info = run("pdfinfo", &[p]);
        let count = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse::<usize>().unwrap());
        assert_eq!(count, Some(svgs.len()), "{}: {info}", c.label);
        assert!(info.contains("960 x 540 pts"), "{info}");
        let prefix = dir.path().join("page");
        run(
            "pdftoppm",
            &["-r", "24", "-png", p, prefix.to_str().unwrap()],
        );
        let rendered = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                let n = e.as_ref().unwrap().file_name();
                n.to_string_lossy().starts_with("page")
            })
            .count();
        assert_eq!(
            rendered,
            svgs.len(),
            "{}: pdftoppm drew every page",
            c.label
        );
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let e = e.unwrap();
            if e.file_name().to_string_lossy().starts_with("page") {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        let text: String = run("pdftotext", &[p, "-"]).split_whitespace().collect();
        let data = ExportData::load(&c.ws, &c.account).unwrap();
        for k in &data.key_person_ids {
            let name: String = data.person(k).unwrap().name.split_whitespace().collect();
            assert!(
                text.contains(&name),
                "{}: {name} not in the PDF's text",
                c.label
            );
        }
    }
    let _ = Path::new(".");
}

#[test]
fn view_all_and_view_key_are_obeyed() {
    let c = cases().into_iter().nth(3).unwrap();
    let mut o = opts(ExportFormat::Svg, PageSize::Slide, false);
    o.view = Some(MapView::All);
    let all = pages(&c, &o);
    assert_eq!(all.len(), 1);
    let m = measure(&all[0]);
    assert_eq!(m.view, "all");
    assert_eq!(m.names.len(), 305, "the whole map, every card");
    assert!(
        m.min_name_pt < page::MIN_NAME_PT,
        "300 people cannot be legible on one slide"
    );
    o.view = Some(MapView::Key);
    let key = pages(&c, &o);
    assert!(key.iter().all(|s| measure(s).view != "all"));
}
