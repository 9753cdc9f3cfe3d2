//! The picture exports (SVG, PNG, PDF) of the demo account, checked with real programs:
//! Python's XML parser, usvg, the `png` decoder and poppler's `pdftoppm`, `pdftotext`,
//! `pdffonts`, `pdfimages` and `pdfinfo`. A missing program fails the test and says how to
//! install it (scripts/setup.sh); nothing is skipped silently.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use stakemap_core::export::{
    self, raster, ExportFormat, ExportOptions, MapView, PageSize, Redaction,
};
use stakemap_core::markup::esc;
use stakemap_core::{demo, Lang, PersonInput, Side, Workspace};

// ---------------------------------------------------------------------------------------
// Helpers

struct Demo {
    dir: tempfile::TempDir,
    ws: Workspace,
    account: String,
}

fn demo(lang: Lang) -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("demo.stakemap")).unwrap();
    let account = demo::create_demo(&mut ws, lang).unwrap().id;
    Demo { dir, ws, account }
}

fn opts(format: ExportFormat, lang: Lang) -> ExportOptions {
    ExportOptions {
        lang: Some(lang),
        ..ExportOptions::new(format)
    }
}

fn export(d: &Demo, opts: &ExportOptions) -> Vec<u8> {
    let files = export::export(&d.ws, &d.account, opts).unwrap();
    assert_eq!(files.len(), 1);
    files.into_iter().next().unwrap().bytes
}

fn svg_text(d: &Demo, opts: &ExportOptions) -> String {
    String::from_utf8(export(d, opts)).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs an installed program; a missing one fails the test with what to do about it.
fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`{program}` could not be run ({e}). Run scripts/setup.sh: it installs \
             poppler-utils (pdftoppm, pdftotext, pdffonts, pdfimages, pdfinfo) and python3."
            )
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What Python's XML parser (xml.etree) reads from an SVG file: the root tag, every
/// person group with its name text, every line group, and the legend's text.
fn python_read(path: &Path) -> serde_json::Value {
    const SCRIPT: &str = r#"
import json, sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
def texts(g, cls=None):
    return [ "".join(t.itertext()) for t in g.iter(S + "text") if cls is None or t.get("class") == cls ]
out = {"root": root.tag, "viewBox": root.get("viewBox"), "people": [], "lines": [], "legend": "", "title": ""}
for g in root.iter(S + "g"):
    cls = (g.get("class") or "").split()
    if "person" in cls:
        out["people"].append({"id": g.get("data-id"), "gid": g.get("id"), "name": "".join(texts(g, "name")),
                              "texts": texts(g), "chips": len([r for r in g.iter(S + "rect") if r.get("class") == "chip"])})
    elif "line" in cls:
        out["lines"].append({"kind": g.get("data-kind"), "from": g.get("data-from"), "to": g.get("data-to"), "sign": g.get("data-sign")})
    elif "legend" in cls:
        out["legend"] = "\n".join(texts(g))
    elif "title" in cls:
        out["title"] = "\n".join(texts(g))
print(json.dumps(out))
"#;
    let json = run("python3", &["-c", SCRIPT, path.to_str().unwrap()]);
    serde_json::from_str(&json).unwrap()
}

/// A decoded PNG: width, height, bytes per pixel and the pixels.
struct Image {
    w: usize,
    h: usize,
    channels: usize,
    px: Vec<u8>,
}

impl Image {
    fn decode(bytes: &[u8]) -> Image {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut px = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut px).unwrap();
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        let channels = match info.color_type {
            png::ColorType::Rgba => 4,
            png::ColorType::Rgb => 3,
            other => panic!("unexpected colour type {other:?}"),
        };
        px.truncate(info.buffer_size());
        Image {
            w: info.width as usize,
            h: info.height as usize,
            channels,
            px,
        }
    }

    /// Pixels inside (x0, y0)–(x1, y1) that are not (nearly) white.
    fn inked(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.h) {
            for x in x0..x1.min(self.w) {
                let i = (y * self.w + x) * self.channels;
                if self.px[i..i + 3].iter().any(|c| *c < 235) {
                    n += 1;
                }
            }
        }
        n
    }
}

fn names(d: &Demo) -> HashMap<String, String> {
    d.ws.people(&d.account)
        .unwrap()
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect()
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------
// SVG

#[test]
fn svg_parses_and_shows_every_person_by_name() {
    for lang in [Lang::En, Lang::Ja] {
        let d = demo(lang);
        let svg = svg_text(&d, &opts(ExportFormat::Svg, lang));
        assert!(svg.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
        ));
        assert!(svg.contains(
            "font-family=\"&#39;Noto Sans CJK JP&#39;, &#39;Noto Sans JP&#39;, &#39;Noto Sans&#39;, sans-serif\""
        ));
        // usvg reads it...
        let tree = raster::parse(&svg).unwrap();
        assert!(tree.size().width() > 1000.0 && tree.size().height() > 500.0);
        // ...and so does Python's XML parser, which finds every person with their name.
        let read = python_read(&write(d.dir.path(), "map.svg", svg.as_bytes()));
        assert_eq!(read["root"], "{http://www.w3.org/2000/svg}svg");
        let names = names(&d);
        let people = read["people"].as_array().unwrap();
        assert_eq!(people.len(), names.len(), "one card per person");
        for p in people {
            let id = p["id"].as_str().unwrap();
            assert_eq!(p["gid"].as_str().unwrap(), format!("p-{id}"));
            assert_eq!(
                p["name"].as_str().unwrap(),
                names[id],
                "{lang}: name of {id}"
            );
            assert!(svg.contains(&format!(">{}</text>", esc(&names[id]))));
            assert!(tree.node_by_id(&format!("p-{id}")).is_some());
        }
        // Every line of the demo whose people are on the map, with its kind.
        let lines = read["lines"].as_array().unwrap();
        let relations = d.ws.relations(&d.account).unwrap();
        assert_eq!(lines.len(), relations.len());
        for kind in ["reports_to", "dotted_line", "influence", "covers"] {
            assert!(lines.iter().any(|l| l["kind"] == kind), "{kind} drawn");
        }
        assert!(
            lines.iter().any(|l| l["sign"] == "-1"),
            "negative lines drawn"
        );
        // Markers for the arrows.
        assert!(svg.contains("<marker id=\"sm-arrow-pos\""));
        assert!(svg.contains("marker-end=\"url(#sm-arrow-neg)\""));
        // The title is the account.
        let account = d.ws.account(&d.account).unwrap();
        assert!(read["title"].as_str().unwrap().starts_with(&account.name));
    }
}

#[test]
fn svg_legend_is_in_the_export_language() {
    let d = demo(Lang::Ja);
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::Ja));
    let read = python_read(&write(d.dir.path(), "ja.svg", svg.as_bytes()));
    let legend = read["legend"].as_str().unwrap();
    for term in [
        "凡例",
        "報告関係",
        "点線の報告関係",
        "影響関係（＋）",
        "影響関係（−）",
        "カバレッジ",
        "親密度",
        "ソリューション受容度",
        "価格受容度",
        "キーパーソン",
        "顧客",
        "自社チーム",
        "競合",
    ] {
        assert!(
            legend.contains(term),
            "{term} missing from the legend:\n{legend}"
        );
    }
    assert!(!legend.contains("Legend") && !legend.contains("非公開"));
    // Chips on the cards carry the Japanese short labels.
    assert!(svg.contains(">親 2</text>") && svg.contains(">価 ?</text>"));
    // An unknown rating has the same mark in the window as in the export.
    let ui = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ui/src/lib/i18n/index.ts"
    ))
    .unwrap();
    assert!(
        ui.contains("export const UNKNOWN_MARK = \"?\";"),
        "the window's mark of an unknown rating differs"
    );

    let en = svg_text(&d, &opts(ExportFormat::Svg, Lang::En));
    let read = python_read(&write(d.dir.path(), "en.svg", en.as_bytes()));
    let legend = read["legend"].as_str().unwrap();
    for term in [
        "Legend",
        "Reporting line",
        "Influence (+)",
        "Coverage",
        "Intimacy",
        "Key person",
    ] {
        assert!(
            legend.contains(term),
            "{term} missing from the legend:\n{legend}"
        );
    }
}

/// SVG and PNG. (Not the PDF: svg2pdf writes a page's font resources in hash-map order,
/// so two PDFs of the same map can differ in the order of those entries.)
#[test]
fn pictures_are_the_same_bytes_every_time() {
    let d = demo(Lang::Ja);
    for format in [ExportFormat::Svg, ExportFormat::Png] {
        let o = ExportOptions {
            scale: Some(1.0),
            ..opts(format, Lang::Ja)
        };
        assert!(export(&d, &o) == export(&d, &o), "{format} differs");
    }
}

#[test]
fn redacted_svg_has_no_chips_no_negative_lines_and_says_what_was_left_out() {
    for (lang, note) in [(Lang::En, "Redacted: ratings"), (Lang::Ja, "非公開：評価")] {
        let d = demo(lang);
        let o = ExportOptions {
            redaction: Redaction::all(),
            ..opts(ExportFormat::Svg, lang)
        };
        let svg = svg_text(&d, &o);
        assert!(!svg.contains("class=\"chip\""), "no rating chip anywhere");
        assert!(!svg.contains("data-sign=\"-1\""), "no negative line");
        let read = python_read(&write(d.dir.path(), "r.svg", svg.as_bytes()));
        assert!(read["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["chips"] == 0));
        let legend = no_space(read["legend"].as_str().unwrap());
        assert!(legend.contains(&no_space(note)), "{legend}");
        // Only ratings left out: the note names ratings only.
        let o = ExportOptions {
            redaction: Redaction {
                ratings: true,
                ..Redaction::none()
            },
            ..opts(ExportFormat::Svg, lang)
        };
        let svg = svg_text(&d, &o);
        assert!(!svg.contains("class=\"chip\"") && svg.contains("data-sign=\"-1\""));
    }
    // Nothing left out: no note, and chips drawn.
    let d = demo(Lang::En);
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::En));
    assert!(!svg.contains("Redacted") && svg.contains("class=\"chip\""));
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("h.stakemap")).unwrap();
    let long = "長".repeat(50_000); // 150 KB of UTF-8
    let hostile = "<script>alert(1)</script> ]]> \u{202E}evil\u{1}\u{B}\u{FFFE} &amp; 'q\" end";
    let id = "a\"b'<c>&d";
    let (account, ids) = ws
        .write(|tx| {
            let account = tx.create_account(&stakemap_core::AccountInput {
                name: format!("{hostile}{long}"),
                industry: "]]><!--".into(),
                notes: String::new(),
            })?;
            let mut ids = Vec::new();
            for (pid, name, title) in [
                (Some(id.to_string()), hostile.to_string(), long.clone()),
                (None, long.clone(), hostile.to_string()),
            ] {
                let p = tx.add_person(
                    &account.id,
                    &PersonInput {
                        id: pid,
                        side: Some(Side::Customer),
                        name,
                        title,
                        department: "x".repeat(100_000),
                        reading: "\u{0}\u{8}\u{1F}".into(),
                        ..Default::default()
                    },
                )?;
                ids.push(p.id);
            }
            Ok((account.id, ids))
        })
        .unwrap();
    let svg = export::export(&ws, &account, &ExportOptions::new(ExportFormat::Svg)).unwrap();
    let svg = String::from_utf8(svg[0].bytes.clone()).unwrap();
    assert!(!svg.contains("<script"), "markup is escaped");
    assert!(!svg.contains("]]><"), "no raw ]]>");
    for c in [
        '\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{1F}', '\u{FFFE}', '\u{202E}',
    ] {
        assert!(!svg.contains(c), "{c:?} left out");
    }
    assert!(svg.len() < 60_000, "long text is cut: {} bytes", svg.len());
    raster::parse(&svg).expect("usvg reads it");
    let read = python_read(&write(dir.path(), "h.svg", svg.as_bytes()));
    let people = read["people"].as_array().unwrap();
    let first = people
        .iter()
        .find(|p| p["id"] == id)
        .expect("hostile id kept");
    assert_eq!(first["gid"].as_str().unwrap(), format!("p-{id}"));
    // Shown as text, cut to the card with an ellipsis.
    let name = first["name"].as_str().unwrap();
    assert!(
        name.starts_with("<script>alert(1)</") && name.ends_with('…'),
        "the name shows as text: {name}"
    );
    assert!(svg.contains(">&lt;script&gt;alert(1)&lt;/"));
    let second = people.iter().find(|p| p["id"] == ids[1].as_str()).unwrap();
    let cut = second["name"].as_str().unwrap();
    assert!(
        cut.starts_with("長長") && cut.ends_with('…') && cut.chars().count() < 30,
        "{cut}"
    );
    let title = read["title"].as_str().unwrap();
    assert!(
        title.starts_with("<script>alert(1)</script> ]]> evil &amp; 'q\" end長長"),
        "{title}"
    );
    assert!(title.contains("\n]]><!--"), "industry as text: {title}");
    // The pictures of it render too.
    let png = raster::png(&svg, 1.0).unwrap();
    assert!(Image::decode(&png).w > 0);
    raster::pdf(&svg, PageSize::A4).unwrap();
}

// ---------------------------------------------------------------------------------------
// PNG

#[test]
fn png_is_scale_times_the_svg_and_draws_the_cards() {
    let d = demo(Lang::En);
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::En));
    let tree = raster::parse(&svg).unwrap();
    let (w, h) = (tree.size().width(), tree.size().height());
    // Scale 2, the default, and 1.5: a size that is not whole is rounded up.
    for scale in [2.0f32, 1.5] {
        let o = ExportOptions {
            scale: Some(scale),
            ..opts(ExportFormat::Png, Lang::En)
        };
        let img = Image::decode(&export(&d, &o));
        let expected = ((w * scale).ceil() as usize, (h * scale).ceil() as usize);
        assert_eq!((img.w, img.h), expected, "scale {scale} × {w} × {h}");
        // Every card is drawn: well inked inside its rectangle.
        let map = d.ws.account_map(&d.account).unwrap();
        for p in &map.people {
            let node = tree.node_by_id(&format!("p-{}", p.id)).unwrap();
            let b = node.abs_bounding_box();
            let (x0, y0) = ((b.left() * scale) as usize, (b.top() * scale) as usize);
            let (x1, y1) = ((b.right() * scale) as usize, (b.bottom() * scale) as usize);
            let area = (x1 - x0) * (y1 - y0);
            let inked = img.inked(x0, y0, x1, y1);
            assert!(
                inked * 100 > area * 4,
                "card of {} barely drawn: {inked} of {area} pixels",
                p.name
            );
        }
        // And the margin around the map stays white.
        assert_eq!(img.inked(0, 0, img.w, 8), 0);
    }
}

#[test]
fn png_larger_than_the_limit_is_refused_with_a_scale_that_fits() {
    let mut d = demo(Lang::En);
    let people = d.ws.people(&d.account).unwrap();
    // One card dragged far away makes the map about 60,000 × 40,000 units.
    let account = d.account.clone();
    d.ws.write(|tx| tx.set_position(&account, &people[5].id, 60_000.0, 40_000.0))
        .unwrap();
    let o = ExportOptions {
        scale: Some(2.0),
        ..opts(ExportFormat::Png, Lang::En)
    };
    let err = export::export(&d.ws, &d.account, &o).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let msg = err.to_string();
    assert!(msg.contains("invalid scale"), "{msg}");
    assert!(msg.contains("megapixels") && msg.contains("PDF"), "{msg}");
    // The PDF of the same map is fine.
    export(&d, &opts(ExportFormat::Pdf, Lang::En));
}

/// The Japanese names are drawn with real glyphs: every glyph of each name on the map comes
/// from a font that has it (a missing font gives glyph 0, the "tofu" box), and is outlined.
/// This fails on a machine without a Japanese font.
#[test]
fn japanese_names_are_drawn_with_real_glyphs() {
    let d = demo(Lang::Ja);
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::Ja));
    let tree = raster::parse(&svg).unwrap();
    let fonts = tree.fontdb().clone();
    let family = raster::sans_serif_family();
    let names = names(&d);
    let mut checked = 0;
    for (id, name) in &names {
        let group = match tree.node_by_id(&format!("p-{id}")) {
            Some(resvg::usvg::Node::Group(g)) => g,
            other => panic!("no group for {name}: {other:?}"),
        };
        let mut found = false;
        for text in texts(group) {
            let chunk_text: String = text.chunks().iter().map(|c| c.text()).collect();
            if chunk_text != *name {
                continue;
            }
            found = true;
            let glyphs: Vec<_> = text
                .layouted()
                .iter()
                .flat_map(|s| s.positioned_glyphs.iter())
                .collect();
            assert_eq!(
                glyphs.len(),
                name.chars().count(),
                "one glyph per character of {name}"
            );
            for g in glyphs {
                assert_ne!(
                    g.id.0, 0,
                    "{name}: '{}' has no glyph (missing font)",
                    g.text
                );
                let face = fonts.face(g.font).unwrap();
                assert!(
                    face.families
                        .iter()
                        .any(|(f, _)| Some(f.as_str()) == family),
                    "{name}: '{}' from {:?}, not from {family:?}",
                    g.text,
                    face.families
                );
            }
            let b = text.flattened().bounding_box();
            assert!(
                b.width() > 20.0 && b.height() > 8.0,
                "{name} outlined: {b:?}"
            );
            checked += 1;
        }
        assert!(found, "name text of {name} not found");
    }
    assert_eq!(checked, names.len());
    assert_eq!(
        raster::sans_serif_family(),
        Some("Noto Sans CJK JP"),
        "sans-serif should be Noto Sans CJK JP; run scripts/setup.sh (fonts-noto-cjk)"
    );

    // And in pixels: a PNG of a name in the map's font is inked where the name is.
    let name = &names.values().find(|n| n.contains('高')).unwrap();
    let one = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" font-family=\"{}\">\
         <text x=\"4\" y=\"28\" font-size=\"24\">{}</text></svg>",
        esc(export::svg::FONT_FAMILY),
        esc(name)
    );
    let img = Image::decode(&raster::png(&one, 1.0).unwrap());
    assert!(img.inked(0, 0, 120, 40) > 150, "the name {name} shows");
}

fn texts(g: &resvg::usvg::Group) -> Vec<&resvg::usvg::Text> {
    let mut out = Vec::new();
    for node in g.children() {
        match node {
            resvg::usvg::Node::Text(t) => out.push(t.as_ref()),
            resvg::usvg::Node::Group(g) => out.extend(texts(g)),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// PDF

#[test]
fn pdf_is_vector_with_searchable_japanese_text_in_embedded_fonts() {
    let d = demo(Lang::Ja);
    let pdf = export(&d, &opts(ExportFormat::Pdf, Lang::Ja));
    assert!(pdf.starts_with(b"%PDF-"));
    let path = write(d.dir.path(), "map.pdf", &pdf);
    let path_s = path.to_str().unwrap();

    // The page is the map's size: one map unit is 1/96 inch.
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::Ja));
    let size = raster::parse(&svg).unwrap().size();
    let info = run("pdfinfo", &[path_s]);
    let expected = format!("{} x {} pts", size.width() * 0.75, size.height() * 0.75);
    assert!(info.contains(&expected), "page size {expected}:\n{info}");

    // It renders to a picture that is not blank.
    let prefix = d.dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "50",
            "-singlefile",
            path_s,
            prefix.to_str().unwrap(),
        ],
    );
    let img = Image::decode(&std::fs::read(prefix.with_extension("png")).unwrap());
    let inked = img.inked(0, 0, img.w, img.h);
    assert!(
        inked * 100 > img.w * img.h * 3,
        "page barely drawn: {inked} of {} pixels",
        img.w * img.h
    );

    // The text is text: every Japanese name can be found (glyphs and ToUnicode map).
    let text = no_space(&run("pdftotext", &[path_s, "-"]));
    for name in names(&d).values() {
        assert!(
            text.contains(&no_space(name)),
            "{name} not in the PDF's text"
        );
    }
    assert!(text.contains("影響関係") && text.contains("キーパーソン"));

    // In embedded (subset) fonts, and with no picture of the map inside.
    let fonts = run("pdffonts", &[path_s]);
    let embedded: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            cols.len() >= 5 && cols[cols.len() - 5] == "yes"
        })
        .collect();
    assert!(
        embedded.iter().any(|l| l.contains("NotoSansCJK")),
        "Noto Sans CJK embedded:\n{fonts}"
    );
    assert_eq!(
        embedded.len(),
        fonts
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .count(),
        "every font embedded:\n{fonts}"
    );
    let images = run("pdfimages", &["-list", path_s]);
    assert_eq!(
        images.lines().count(),
        2,
        "no images, only vectors:\n{images}"
    );
}

#[test]
fn pdf_on_a4_is_landscape_with_the_whole_map_fitted_when_asked() {
    // The whole map on one page, as the user asks with "Whole map" (`--view all`); by
    // default a map whose names would be under 9 pt goes to the key view (tests/export_page.rs).
    let d = demo(Lang::En);
    let o = ExportOptions {
        page: Some(PageSize::A4),
        view: Some(MapView::All),
        ..opts(ExportFormat::Pdf, Lang::En)
    };
    let path = write(d.dir.path(), "a4.pdf", &export(&d, &o));
    let path_s = path.to_str().unwrap();
    let info = run("pdfinfo", &[path_s]);
    assert!(
        info.contains("Page size:       841.89 x 595.28 pts (A4)"),
        "landscape A4 (the demo map is wider than tall):\n{info}"
    );
    assert!(info.contains("Pages:           1"));
    let text = run("pdftotext", &[path_s, "-"]);
    assert!(text.contains("Eleanor Whitfield") && text.contains("Legend"));
    // The map fills the page's width inside the margin: ink near both sides, not beyond.
    let prefix = d.dir.path().join("a4");
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            "-singlefile",
            path_s,
            prefix.to_str().unwrap(),
        ],
    );
    let img = Image::decode(&std::fs::read(prefix.with_extension("png")).unwrap());
    // 841.89 × 595.28 pt at 72 dpi (poppler rounds up).
    assert!((841..=843).contains(&img.w) && (595..=596).contains(&img.h));
    // The page's margin is 12 pt: blank, then the title, the map and the legend.
    assert_eq!(img.inked(0, 0, 10, img.h), 0, "left margin blank");
    assert_eq!(
        img.inked(img.w - 10, 0, img.w, img.h),
        0,
        "right margin blank"
    );
    assert!(img.inked(28, 0, 140, img.h) > 0, "map reaches the left");
    assert!(
        img.inked(img.w - 140, 0, img.w - 28, img.h) > 0,
        "map reaches the right"
    );
}

#[test]
fn an_empty_account_still_exports_its_title_and_legend() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create_new(dir.path().join("e.stakemap")).unwrap();
    let account = ws
        .write(|tx| {
            tx.create_account(&stakemap_core::AccountInput {
                name: "Empty Co".into(),
                ..Default::default()
            })
        })
        .unwrap()
        .id;
    for format in [ExportFormat::Svg, ExportFormat::Png, ExportFormat::Pdf] {
        let files = export::export(&ws, &account, &ExportOptions::new(format)).unwrap();
        assert!(!files[0].bytes.is_empty(), "{format}");
    }
    let svg = export::export(&ws, &account, &ExportOptions::new(ExportFormat::Svg)).unwrap();
    let svg = String::from_utf8(svg[0].bytes.clone()).unwrap();
    assert!(svg.contains(">Empty Co</text>") && svg.contains(">Legend</text>"));
    assert!(!svg.contains("class=\"person"));
}

/// The demo's competitor has an influence line to the Head of Procurement: the legend of
/// every picture export explains its colour, in the export's language; without such a
/// line the entry is not there.
#[test]
fn legend_explains_the_competitor_colour_when_a_competitor_line_is_drawn() {
    let competitor_colour = stakemap_core::palette::LINE_COMPETITOR.hex;
    let mut d = demo(Lang::En);
    for (lang, entry) in [
        (Lang::En, "Competitor's influence"),
        (Lang::Ja, "競合の影響関係"),
    ] {
        let svg = svg_text(&d, &opts(ExportFormat::Svg, lang));
        let read = python_read(&write(d.dir.path(), "c.svg", svg.as_bytes()));
        assert!(read["legend"].as_str().unwrap().contains(entry), "{read}");
        let legend = &svg[svg.find("<g class=\"legend\"").unwrap()..];
        assert!(
            legend.contains(&format!("stroke=\"{competitor_colour}\"")),
            "the legend's sample line is in the competitor colour"
        );
        let html = String::from_utf8(export(&d, &opts(ExportFormat::Html, lang))).unwrap();
        assert!(html.contains(&esc(entry)), "{entry} in the HTML export");
    }
    // The PDF's text holds it too (PNG and PDF are drawn from the same SVG).
    let pdf = export(&d, &opts(ExportFormat::Pdf, Lang::Ja));
    let path = write(d.dir.path(), "c.pdf", &pdf);
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(no_space(&text).contains("競合の影響関係"), "{text}");

    // Without the competitor's influence lines, no entry.
    let people = d.ws.people(&d.account).unwrap();
    let rivals: Vec<&str> = people
        .iter()
        .filter(|p| p.side == Side::Competitor)
        .map(|p| p.id.as_str())
        .collect();
    let lines: Vec<String> =
        d.ws.relations(&d.account)
            .unwrap()
            .into_iter()
            .filter(|l| rivals.contains(&l.from.as_str()))
            .map(|l| l.id)
            .collect();
    assert!(!lines.is_empty(), "the demo has a competitor's line");
    d.ws.write(|tx| lines.iter().try_for_each(|id| tx.delete_relation(id)))
        .unwrap();
    let svg = svg_text(&d, &opts(ExportFormat::Svg, Lang::En));
    let read = python_read(&write(d.dir.path(), "n.svg", svg.as_bytes()));
    let legend = read["legend"].as_str().unwrap();
    assert!(!legend.contains("Competitor's influence"), "{legend}");
    assert!(
        legend.contains("Coverage"),
        "the rest of the legend stays: {legend}"
    );
}
