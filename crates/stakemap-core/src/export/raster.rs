//! PNG and PDF from the map's SVG, with the fonts installed on the machine.
//!
//! The fonts are read once per process (see [`fonts`]) and shared by every export after.
//! The generic `sans-serif` family is pointed at a Japanese font when the machine has one
//! (Noto Sans CJK JP first), so that Japanese text never falls back to a Chinese or Korean
//! face, or to no glyph at all.
//!
//! The PDF is vector: paths stay paths, and text stays text in subset fonts embedded in the
//! file (with a ToUnicode map, so that it can be searched and copied).

use crate::error::Reason;
use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};

use super::PageSize;
use crate::error::{Error, Result};

/// Largest PNG the export makes, in pixels (about 800 MB of memory while it is drawn).
pub const MAX_PIXELS: f64 = 200_000_000.0;

/// Families tried, in order, for `sans-serif`: Japanese faces first (Noto Sans CJK JP as
/// the window uses), then the common Japanese fonts of Linux, macOS and Windows.
pub const SANS_FAMILIES: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "Source Han Sans",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
    "Noto Sans",
    "DejaVu Sans",
    "Arial",
];

/// Largest page side a PDF reader is sure to accept (Acrobat's limit, 200 inches).
const MAX_PAGE_PT: f32 = 14_400.0;
/// Paper margin, 10 mm.
const PAPER_MARGIN_PT: f32 = 28.35;

static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();

/// The machine's fonts, read on first use and kept for the life of the process.
pub fn fonts() -> Arc<fontdb::Database> {
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            if let Some(family) = sans_family(&db) {
                db.set_sans_serif_family(family);
                keep_in_memory(&mut db, family);
            }
            Arc::new(db)
        })
        .clone()
}

/// Reads the files of `family` into memory once.
///
/// fontdb maps a font file anew for every access, and the text layout reads a face several
/// times per glyph: with the 20 MB Noto Sans CJK collections that took 2.7 s for a
/// 300-person map, against a few milliseconds from memory. (Keeping the files mapped
/// instead would need `unsafe`, which this crate forbids.) Other fonts, used only as a
/// fallback for a rare character, stay on disk.
fn keep_in_memory(db: &mut fontdb::Database, family: &str) {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for face in db.faces() {
        if let fontdb::Source::File(path) = &face.source {
            if face.families.iter().any(|(name, _)| name == family) && !files.contains(path) {
                files.push(path.clone());
            }
        }
    }
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let old: Vec<fontdb::ID> = db
            .faces()
            .filter(|f| matches!(&f.source, fontdb::Source::File(p) if *p == path))
            .map(|f| f.id)
            .collect();
        for id in old {
            db.remove_face(id);
        }
        db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
    }
}

/// The first of [`SANS_FAMILIES`] that `db` has.
fn sans_family(db: &fontdb::Database) -> Option<&'static str> {
    SANS_FAMILIES.iter().copied().find(|want| {
        db.faces()
            .any(|f| f.families.iter().any(|(name, _)| name == want))
    })
}

/// The family `sans-serif` stands for, or `None` when the machine has none of
/// [`SANS_FAMILIES`].
pub fn sans_serif_family() -> Option<&'static str> {
    sans_family(&fonts())
}

/// Options to read an SVG with: the shared fonts, and `sans-serif` for text that names no
/// font.
pub fn options() -> usvg::Options<'static> {
    let fonts = fonts();
    let family = sans_family(&fonts).unwrap_or("sans-serif");
    usvg::Options {
        fontdb: fonts,
        font_family: family.to_string(),
        ..usvg::Options::default()
    }
}

/// Reads an SVG (with text laid out in the shared fonts).
pub fn parse(svg: &str) -> Result<usvg::Tree> {
    usvg::Tree::from_str(svg, &options()).map_err(|e| {
        Error::invalid(
            "svg",
            Reason::Internal {
                detail: e.to_string(),
            },
        )
    })
}

/// The SVG as PNG at `scale` pixels per map unit, on white.
///
/// Refuses a picture of more than [`MAX_PIXELS`], saying which scale would fit.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(Error::invalid(
            "scale",
            Reason::NotANumber {
                value: scale.to_string(),
            },
        ));
    }
    let tree = parse(svg)?;
    let size = tree.size();
    let (w, h) = (size.width() as f64, size.height() as f64);
    let s = scale as f64;
    // Sizes are whole units in our SVG; the small slack keeps 2 × 1234 at 2468.
    let (pw, ph) = (
        (w * s - 1e-3).ceil().max(1.0),
        (h * s - 1e-3).ceil().max(1.0),
    );
    if pw * ph > MAX_PIXELS || pw > u32::MAX as f64 || ph > u32::MAX as f64 {
        let fits = (MAX_PIXELS / (w * h)).sqrt();
        let max_scale = if fits >= 1.0 {
            ((fits * 10.0).floor() / 10.0).to_string()
        } else {
            String::new()
        };
        return Err(Error::invalid(
            "scale",
            Reason::PictureTooBig {
                width: pw.min(u32::MAX as f64) as u32,
                height: ph.min(u32::MAX as f64) as u32,
                megapixels: (pw * ph / 1e6).min(u32::MAX as f64) as u32,
                limit_mp: (MAX_PIXELS / 1e6) as u32,
                max_scale,
            },
        ));
    }
    let mut pixmap = tiny_skia::Pixmap::new(pw as u32, ph as u32).ok_or_else(|| {
        Error::invalid(
            "scale",
            Reason::Internal {
                detail: format!("{pw:.0} × {ph:.0} pixels"),
            },
        )
    })?;
    draw(&tree, scale, &mut pixmap);
    encode(&pixmap).map_err(|e| {
        Error::invalid(
            "png",
            Reason::Internal {
                detail: e.to_string(),
            },
        )
    })
}

/// Encodes an opaque picture as 8-bit RGB PNG, row by row and with fast compression:
/// tiny-skia's own encoder copies the whole (premultiplied RGBA) buffer first, which for a
/// slide-sized export of a large map is most of the time. The picture is drawn on white,
/// so every pixel is opaque and its premultiplied colour is its colour.
fn encode(pixmap: &tiny_skia::Pixmap) -> std::result::Result<Vec<u8>, png::EncodingError> {
    use std::io::Write;
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    let mut writer = encoder.write_header()?;
    {
        let mut stream = writer.stream_writer()?;
        let mut row = Vec::with_capacity(w as usize * 3);
        for line in pixmap.data().chunks_exact(w as usize * 4) {
            row.clear();
            for px in line.chunks_exact(4) {
                row.extend_from_slice(&px[..3]);
            }
            stream.write_all(&row)?;
        }
        stream.finish()?;
    }
    writer.finish()?;
    Ok(out)
}

/// Draws `tree` at `scale` onto white, in horizontal bands on as many threads as the
/// machine has cores (up to 8): a band is a run of whole rows, so each thread draws straight
/// into its own part of the picture.
fn draw(tree: &usvg::Tree, scale: f32, pixmap: &mut tiny_skia::Pixmap) {
    const MIN_ROWS: usize = 256;
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(h.div_ceil(MIN_ROWS));
    let rows = h.div_ceil(threads.max(1));
    let draw_band = |band: &mut [u8], top: usize| {
        let band_h = band.len() / (w * 4);
        if let Some(mut band) = tiny_skia::PixmapMut::from_bytes(band, w as u32, band_h as u32) {
            band.fill(tiny_skia::Color::WHITE);
            let at = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, 0.0, -(top as f32));
            resvg::render(tree, at, &mut band);
        }
    };
    if threads <= 1 {
        draw_band(pixmap.data_mut(), 0);
        return;
    }
    std::thread::scope(|scope| {
        for (i, band) in pixmap.data_mut().chunks_mut(rows * w * 4).enumerate() {
            let draw_band = &draw_band;
            scope.spawn(move || draw_band(band, i * rows));
        }
    });
}

/// The SVG as a vector PDF of one page.
///
/// [`PageSize::Fit`]: a page of the map's own size (one map unit is one CSS pixel, 1/96
/// inch; a map larger than 200 inches is scaled down to that). A paper size: the map
/// scaled to fit inside a 10 mm margin and centred, on a landscape page when the map is
/// wider than tall.
pub fn pdf(svg: &str, page: PageSize) -> Result<Vec<u8>> {
    let (tree, dpi) = match page.points() {
        None => {
            let tree = parse(svg)?;
            let size = tree.size();
            let largest_pt = size.width().max(size.height()) * 72.0 / 96.0;
            let dpi = 96.0 * (largest_pt / MAX_PAGE_PT).max(1.0);
            (tree, dpi)
        }
        Some((pw, ph)) => {
            let on_paper = match fit_to_paper(svg, pw, ph) {
                Some(s) => s,
                None => {
                    // No usable size in the root element: measure the picture first.
                    let size = parse(svg)?.size();
                    let vb = [0.0, 0.0, size.width(), size.height()];
                    fit_to_paper_box(svg, vb, pw, ph).ok_or_else(|| {
                        Error::invalid(
                            "svg",
                            Reason::Internal {
                                detail: "no <svg> root element".into(),
                            },
                        )
                    })?
                }
            };
            // The root is now sized in points: one unit per point.
            (parse(&on_paper)?, 72.0)
        }
    };
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi },
    )
    .map_err(|e| {
        let reason = match e {
            svg2pdf::ConversionError::MissingGlyphs => Reason::MissingFont,
            e => Reason::Internal {
                detail: e.to_string(),
            },
        };
        Error::invalid("pdf", reason)
    })
}

/// Pages (SVG documents sized in points) as one vector PDF, a page each.
pub fn pdf_pages(pages: &[String]) -> Result<Vec<u8>> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref};
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let mut pdf = Pdf::new();
    let mut kids = Vec::with_capacity(pages.len());
    let mut chunks = Vec::with_capacity(pages.len());
    for page in pages {
        let tree = parse(page)?;
        let (w, h) = (tree.size().width(), tree.size().height());
        let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| {
                Error::invalid(
                    "pdf",
                    Reason::Internal {
                        detail: e.to_string(),
                    },
                )
            })?;
        let mut map = std::collections::HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_ref = map.get(&svg_ref).copied().unwrap_or(svg_ref);
        let (page_id, content_id) = (alloc.bump(), alloc.bump());
        let name = Name(b"S1");
        let mut p = pdf.page(page_id);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(tree_id);
        p.contents(content_id);
        p.resources().x_objects().pair(name, svg_ref);
        p.finish();
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        pdf.stream(content_id, &content.finish());
        kids.push(page_id);
        chunks.push(chunk);
    }
    pdf.catalog(catalog).pages(tree_id);
    pdf.pages(tree_id)
        .kids(kids.iter().copied())
        .count(kids.len() as i32);
    for c in &chunks {
        pdf.extend(c);
    }
    Ok(pdf.finish())
}

/// The root `<svg …>` start tag of `svg`: where it is and its attributes (values as
/// written, still escaped).
struct RootTag<'a> {
    start: usize,
    end: usize,
    attrs: Vec<(&'a str, &'a str)>,
}

fn root_tag(svg: &str) -> Option<RootTag<'_>> {
    let mut from = 0;
    let start = loop {
        let i = from + svg[from..].find("<svg")?;
        let next = svg[i + 4..].chars().next()?;
        if next.is_whitespace() || next == '>' || next == '/' {
            break i;
        }
        from = i + 4;
    };
    let b = svg.as_bytes();
    let mut i = start + 4;
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            return Some(RootTag {
                start,
                end: i + 1,
                attrs,
            });
        }
        if b[i] == b'/' {
            // A childless root: nothing to draw, but still a picture.
            let end = i + svg[i..].find('>')? + 1;
            return Some(RootTag { start, end, attrs });
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
            i += 1;
        }
        let name = &svg[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return None;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *b.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let value_end = value_start + svg[value_start..].find(quote as char)?;
        attrs.push((name, &svg[value_start..value_end]));
        i = value_end + 1;
    }
}

/// A plain number (user units or `px`); `None` for other units and percentages.
fn plain_length(v: &str) -> Option<f32> {
    let v = v.trim();
    let v = v.strip_suffix("px").unwrap_or(v);
    v.parse::<f32>().ok().filter(|n| n.is_finite() && *n > 0.0)
}

/// `svg` with its root sized to a `pw` × `ph` pt page (turned to landscape when the map is
/// wider than tall) and its view box widened so that the map sits centred and as large as
/// fits inside the margin. `None` when the root gives no view box or plain size.
fn fit_to_paper(svg: &str, pw: f32, ph: f32) -> Option<String> {
    let root = root_tag(svg)?;
    let attr = |n: &str| root.attrs.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
    let vb: Option<[f32; 4]> = attr("viewBox").and_then(|v| {
        let n: Vec<f32> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .filter_map(|t| t.parse().ok())
            .collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0).then(|| [n[0], n[1], n[2], n[3]])
    });
    let vb = match vb {
        Some(vb) => vb,
        None => {
            let w = attr("width").and_then(plain_length)?;
            let h = attr("height").and_then(plain_length)?;
            [0.0, 0.0, w, h]
        }
    };
    fit_to_paper_box(svg, vb, pw, ph)
}

fn fit_to_paper_box(svg: &str, vb: [f32; 4], pw: f32, ph: f32) -> Option<String> {
    let root = root_tag(svg)?;
    let [x, y, w, h] = vb;
    let (pw, ph) = if w > h {
        (pw.max(ph), pw.min(ph))
    } else {
        (pw.min(ph), pw.max(ph))
    };
    let scale = ((pw - 2.0 * PAPER_MARGIN_PT) / w).min((ph - 2.0 * PAPER_MARGIN_PT) / h);
    let (vw, vh) = (pw / scale, ph / scale);
    let (vx, vy) = (x - (vw - w) / 2.0, y - (vh - h) / 2.0);
    let mut tag = String::from("<svg");
    for (k, v) in &root.attrs {
        if !matches!(*k, "width" | "height" | "viewBox" | "preserveAspectRatio") {
            tag.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
        }
    }
    tag.push_str(&format!(
        " width=\"{pw}\" height=\"{ph}\" viewBox=\"{vx} {vy} {vw} {vh}\" \
         preserveAspectRatio=\"xMidYMid meet\">"
    ));
    let mut out = String::with_capacity(svg.len() + 64);
    out.push_str(&svg[..root.start]);
    out.push_str(&tag);
    if svg[root.start..root.end].ends_with("/>") {
        out.push_str("</svg>");
    }
    out.push_str(&svg[root.end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_rewrites_only_the_root_size_and_centres_the_map() {
        let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2000\" \
                   height=\"1000\" viewBox=\"-10 -20 2000 1000\" font-family=\"'A', sans-serif\"><svg/></svg>";
        let out = fit_to_paper(svg, 595.28, 841.89).unwrap();
        let root = root_tag(&out).unwrap();
        let attr = |n: &str| root.attrs.iter().find(|(k, _)| *k == n).unwrap().1;
        // Landscape A4.
        assert_eq!(attr("width"), "841.89");
        assert_eq!(attr("height"), "595.28");
        assert_eq!(attr("font-family"), "'A', sans-serif");
        let vb: Vec<f32> = attr("viewBox")
            .split(' ')
            .map(|t| t.parse().unwrap())
            .collect();
        // Width-bound: the map fills the width inside the margin, centred vertically.
        let scale = (841.89 - 2.0 * PAPER_MARGIN_PT) / 2000.0;
        assert!((vb[2] - 841.89 / scale).abs() < 0.5);
        assert!(((vb[0] + vb[2] / 2.0) - 990.0).abs() < 0.5);
        assert!(((vb[1] + vb[3] / 2.0) - 480.0).abs() < 0.5);
        assert!(out.ends_with("<svg/></svg>"));
    }
}
