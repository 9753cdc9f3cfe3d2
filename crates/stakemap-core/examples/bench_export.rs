//! Times the picture exports (SVG, PNG at scale 1 and 2, PDF fitted and on A4) of a
//! generated 300-person account, and the one-off loading of the machine's fonts separately.
//!
//! ```text
//! cargo run -p stakemap-core --release --example bench_export [-- --people N --runs R]
//! cargo run -p stakemap-core --release --example bench_export -- --demo OUT_DIR
//! ```
//!
//! `--demo OUT_DIR` writes the demo account's SVG, PNG and PDF in English and Japanese
//! (with and without redaction) to look at, instead of timing.

use std::time::{Duration, Instant};

use stakemap_core::export::{self, raster, ExportData, ExportFormat, ExportOptions, PageSize};
use stakemap_core::{
    AccountInput, Error, Lang, PersonInput, Ratings, RelationInput, RelationKind, Role, Side,
    Workspace,
};

/// splitmix64: small, fast and the same on every machine.
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

const FIRST: &[&str] = &[
    "Aiko", "Ben", "Chie", "Dan", "Emi", "Fumio", "Gen", "Hana", "Ichiro", "Jun", "Kaori", "Ken",
    "Mai", "Nao", "Ren", "Saki", "Taro", "Yui",
];
const LAST: &[&str] = &[
    "Sato",
    "Suzuki",
    "Takahashi",
    "Tanaka",
    "Ito",
    "Watanabe",
    "Yamamoto",
    "Nakamura",
    "Kobayashi",
    "Kato",
    "Yoshida",
    "Yamada",
    "Sasaki",
    "Mori",
    "Ikeda",
];
const JA_NAMES: &[&str] = &["佐藤 一郎", "鈴木 花子", "高橋 健", "田中 美咲", "伊藤 翔"];
const TITLES: &[&str] = &[
    "Director",
    "General Manager",
    "Manager",
    "Section Chief",
    "Engineer",
    "Analyst",
    "Buyer",
];
const DEPARTMENTS: &[&str] = &[
    "Finance",
    "Procurement",
    "IT",
    "Production",
    "Quality",
    "Sales",
    "R&D",
    "Logistics",
];

fn person(id: String, side: Side, name: String) -> PersonInput {
    PersonInput {
        id: Some(id),
        side: Some(side),
        name,
        ..Default::default()
    }
}

/// A workspace holding one account of `n` customer people in a reporting tree (every
/// person but the first reports to an earlier one, 5 to 8 reports a manager, filled
/// breadth-first, as `stakemap-bench import` generates; one name in ten Japanese), three
/// of our staff covering a few of them, a partner and a competitor, and `n / 10` influence
/// lines (one in seven negative). Returns the account's export data, as the map lays it out.
fn generate(path: &std::path::Path, n: usize, seed: u64) -> Result<ExportData, Error> {
    let mut rng = Rng(seed);
    let mut ws = Workspace::create_new(path)?;
    let account_id = ws.write(|tx| {
        let account = tx.create_account(&AccountInput {
            name: "Bench Heavy Industries".into(),
            industry: "Generated".into(),
            notes: String::new(),
        })?;
        let id = &account.id;
        let rating = |rng: &mut Rng| (rng.below(5) != 0).then(|| 1 + rng.below(5) as u8);
        for i in 0..n {
            let name = if i % 10 == 3 {
                JA_NAMES[rng.below(JA_NAMES.len())].to_string()
            } else {
                let (first, last) = (FIRST[rng.below(FIRST.len())], LAST[rng.below(LAST.len())]);
                format!("{first} {last}")
            };
            let mut p = person(format!("c{i:04}"), Side::Customer, name);
            p.title = TITLES[rng.below(TITLES.len())].into();
            p.department = DEPARTMENTS[rng.below(DEPARTMENTS.len())].into();
            p.roles = match rng.below(50) {
                0 => vec![Role::DecisionMaker],
                1 => vec![Role::Approver],
                _ => vec![Role::User],
            };
            p.key_person = rng.below(30) == 0;
            p.ratings = Ratings {
                intimacy: rating(&mut rng),
                solution: rating(&mut rng),
                price: rating(&mut rng),
            };
            tx.add_person(id, &p)?;
        }
        let outside = [
            Side::Ours,
            Side::Ours,
            Side::Ours,
            Side::Partner,
            Side::Competitor,
        ];
        for (i, side) in outside.into_iter().enumerate() {
            let mut p = person(format!("o{i}"), side, format!("{} {}", FIRST[i], LAST[i]));
            p.title = "Account Manager".into();
            tx.add_person(id, &p)?;
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
            let (report, boss) = (format!("c{i:04}"), format!("c{manager:04}"));
            line(RelationKind::ReportsTo, report, boss, 2, 1)?;
        }
        let mut made = std::collections::HashSet::new();
        while made.len() < n / 10 {
            let (a, b) = (rng.below(n), rng.below(n));
            if a == b || !made.insert((a, b)) {
                continue;
            }
            let sign = if rng.below(7) == 0 { -1 } else { 1 };
            let strength = 1 + rng.below(3) as u8;
            let (from, to) = (format!("c{a:04}"), format!("c{b:04}"));
            line(RelationKind::Influence, from, to, strength, sign)?;
        }
        let mut covered = std::collections::HashSet::new();
        for i in 0..12 {
            let to = rng.below(n.min(60));
            if covered.insert((i % 3, to)) {
                let (from, to) = (format!("o{}", i % 3), format!("c{to:04}"));
                line(RelationKind::Covers, from, to, 1 + (i % 3) as u8, 1)?;
            }
        }
        Ok(account.id)
    })?;
    ExportData::load(&ws, &account_id)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Best and median of `runs` timings of `f`, and what the last run returned.
fn time(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut out = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        out = f();
        times.push(ms(t.elapsed()));
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[0], times[times.len() / 2], out)
}

fn demo(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(dir)?;
    for lang in [Lang::En, Lang::Ja] {
        let path = dir.join(format!("demo-{lang}.stakemap"));
        let _ = std::fs::remove_file(&path);
        let mut ws = Workspace::create_new(&path)?;
        let account = stakemap_core::demo::create_demo(&mut ws, lang)?;
        for (tag, redaction) in [
            ("", export::Redaction::none()),
            ("-redacted", export::Redaction::all()),
        ] {
            for (format, page, ext) in [
                (ExportFormat::Svg, None, "svg"),
                (ExportFormat::Png, None, "png"),
                (ExportFormat::Pdf, None, "pdf"),
                (ExportFormat::Pdf, Some(PageSize::A4), "a4.pdf"),
            ] {
                let opts = ExportOptions {
                    redaction,
                    page,
                    lang: Some(lang),
                    ..ExportOptions::new(format)
                };
                let out = dir.join(format!("demo-{lang}{tag}.{ext}"));
                export::export_to(&ws, &account.id, &opts, &out)?;
                println!("wrote {}", out.display());
            }
        }
    }
    Ok(())
}

/// Times the demo account's slide PNG: the whole map on one slide, and the pages the
/// export makes by itself (one per key person), fonts read once beforehand.
fn demo_slide(runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    raster::fonts();
    println!("font database: {:.1} ms, once per process", ms(t.elapsed()));
    let dir = tempfile::tempdir()?;
    let mut ws = Workspace::create_new(dir.path().join("demo.stakemap"))?;
    let account = stakemap_core::demo::create_demo(&mut ws, Lang::En)?.id;
    for (label, view) in [
        ("demo slide png, whole map", Some(export::MapView::All)),
        ("demo slide png, as chosen", None),
    ] {
        let opts = ExportOptions {
            page: Some(PageSize::Slide),
            view,
            redaction: export::Redaction::all(),
            ..ExportOptions::new(ExportFormat::Png)
        };
        let (best, median, files) = time(runs, || {
            export::export(&ws, &account, &opts).expect("export").len()
        });
        println!("{label:<28} {best:>7.1} ms  {median:>7.1} ms  ({files} file(s), load included)");
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let Some(dir) = arg("--demo") {
        return demo(std::path::Path::new(&dir));
    }
    if args.iter().any(|a| a == "--demo-slide") {
        return demo_slide(arg("--runs").map_or(Ok(5), |s| s.parse())?);
    }
    let n: usize = arg("--people").map_or(Ok(295), |s| s.parse())?;
    let runs: usize = arg("--runs").map_or(Ok(5), |s| s.parse())?;

    let t = Instant::now();
    let fonts = raster::fonts();
    println!(
        "font database: {:.1} ms, once per process ({} faces; sans-serif = {})",
        ms(t.elapsed()),
        fonts.len(),
        raster::sans_serif_family().unwrap_or("none found")
    );

    let dir = tempfile::tempdir()?;
    let data = generate(&dir.path().join("bench.stakemap"), n, 42)?;
    let svg = export::svg::render(&data, &ExportOptions::new(ExportFormat::Svg));
    let tree = raster::parse(&svg)?;
    println!(
        "account: {} people, {} lines; map {:.0} × {:.0} units; {runs} runs each",
        data.people.len(),
        data.relations.len(),
        tree.size().width(),
        tree.size().height(),
    );
    println!(
        "{:<16} {:>10}  {:>10}  {:>11}",
        "", "best", "median", "size"
    );
    let report = |label: &str, opts: ExportOptions| {
        let (best, median, bytes) = time(runs, || {
            export::render(&data, &opts)
                .expect("export")
                .iter()
                .map(|f| f.bytes.len())
                .sum()
        });
        println!(
            "{label:<16} {best:>7.1} ms  {median:>7.1} ms  {:>8.1} KB",
            bytes as f64 / 1024.0
        );
    };
    report("svg", ExportOptions::new(ExportFormat::Svg));
    for scale in [1.0, 2.0] {
        let opts = ExportOptions {
            scale: Some(scale),
            ..ExportOptions::new(ExportFormat::Png)
        };
        report(&format!("png scale {scale}"), opts);
    }
    report("pdf fit", ExportOptions::new(ExportFormat::Pdf));
    let a4 = ExportOptions {
        page: Some(PageSize::A4),
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    report("pdf a4", a4);
    for (label, format, view) in [
        ("png slide", ExportFormat::Png, None),
        (
            "png slide all",
            ExportFormat::Png,
            Some(export::MapView::All),
        ),
        ("pdf slide", ExportFormat::Pdf, None),
    ] {
        let opts = ExportOptions {
            page: Some(PageSize::Slide),
            view,
            ..ExportOptions::new(format)
        };
        report(label, opts);
    }
    for format in [
        ExportFormat::Html,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Graphml,
    ] {
        report(format.as_str(), ExportOptions::new(format));
    }

    // Where the PNG's time goes: reading the SVG (text layout), drawing, encoding.
    let (parse_ms, _, _) = time(runs, || raster::parse(&svg).map(|_| 1).expect("svg"));
    let scale = 2.0;
    let (w, h) = (
        (tree.size().width() * scale).ceil() as u32,
        (tree.size().height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).expect("pixmap");
    let (fill_ms, _, _) = time(runs, || {
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        1
    });
    let (draw_ms, _, _) = time(runs, || {
        let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        1
    });
    println!(
        "png scale 2 = {w} × {h} px ({:.0} MP): read SVG {parse_ms:.1} ms, fill {fill_ms:.1} ms, \
         draw {draw_ms:.1} ms on one thread (best of {runs})",
        w as f64 * h as f64 / 1e6
    );
    Ok(())
}
