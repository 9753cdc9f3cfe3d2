//! The map on a page: a 16:9 slide (960 × 540 pt; a PNG of 1920 × 1080 px) or a paper size
//! in landscape, with the account's title above, the legend at the right and the map
//! scaled to fit between them.
//!
//! Every card's name must stay legible when printed: at least [`MIN_NAME_PT`] points.
//! When the whole map would be drawn smaller, the page shows the key view instead (see
//! [`super::keyview`]); when even that would be smaller, one page per key person (pages of
//! one PDF; numbered PNG or SVG files). [`MapView::All`] always draws the whole map,
//! shrunk as needed; [`MapView::Key`] always the key view.
//!
//! A page is drawn at its own size (points as SVG units), never at the map's size and then
//! scaled, so a slide PNG takes the same time whatever the size of the map.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::svg::{self, words::words, Body, Style, FONT_FAMILY, LEGEND_W, PAPER};
use super::{keyview, ExportData, ExportFile, ExportFormat, ExportOptions, MapView, PageSize};
use crate::error::Result;
use crate::markup::esc;
use crate::model::Lang;

/// The smallest size of a card's name on a page, in points.
pub const MIN_NAME_PT: f64 = 9.0;
/// At most this many pages of one key person each (the first key persons of the map): the
/// work and the file grow with pages × people.
pub const MAX_PAGES: usize = 60;
/// PNG pixels per point: a slide of 960 pt is 1920 px across.
pub const PNG_PX_PER_PT: f32 = 2.0;

/// The margin of the page, the height of the title band, the gap between map and legend.
const MARGIN: f64 = 12.0;
const TITLE_H: f64 = 36.0;
const GAP: f64 = 16.0;
/// The legend is drawn at this fraction of its size on the map (or smaller when the page is
/// not tall enough for it).
const LEGEND_SCALE: f64 = 0.6;
/// A small map is not blown up beyond this (names at 20 pt).
const MAX_SCALE: f64 = 1.0;

/// Where the map and the legend go on a page.
#[derive(Debug, Clone, Copy)]
struct Geometry {
    scale: f64,
    tx: f64,
    ty: f64,
    legend_x: f64,
    legend_y: f64,
    legend_scale: f64,
}

fn geometry(body: &Body, pw: f64, ph: f64) -> Geometry {
    let top = MARGIN + TITLE_H;
    let avail_h = ph - top - MARGIN;
    let legend_scale = LEGEND_SCALE.min(avail_h / body.legend_height().max(1.0));
    let legend_w = LEGEND_W * legend_scale;
    let box_w = (pw - 2.0 * MARGIN - legend_w - GAP).max(1.0);
    let scale = (box_w / body.width().max(1.0))
        .min(avail_h / body.height().max(1.0))
        .min(MAX_SCALE);
    Geometry {
        scale,
        tx: MARGIN + (box_w - body.width() * scale) / 2.0 - body.min_x * scale,
        ty: top - body.min_y * scale,
        legend_x: pw - MARGIN - legend_w,
        legend_y: top,
        legend_scale,
    }
}

/// The size in points a card's name of `data` is drawn at on a `pw` × `ph` page.
pub fn name_points(data: &ExportData, lang: Lang, pw: f64, ph: f64) -> f64 {
    let body = svg::body(data, lang, Style::PAGE);
    geometry(&body, pw, ph).scale * Style::PAGE.name_size
}

/// One page to draw: the data of its map, which view it is (`all`, `key`, or `key-person`)
/// and the subtitle that says so.
#[derive(Debug, Clone)]
pub struct PagePlan {
    pub data: ExportData,
    pub view: &'static str,
    pub subtitle: Option<String>,
}

/// What each page shows (see the module documentation).
pub fn plan(data: &ExportData, opts: &ExportOptions, page: PageSize) -> Vec<PagePlan> {
    let lang = opts.lang();
    let (pw, ph) = page.landscape().unwrap_or((960.0, 540.0));
    let legible = |d: &ExportData| name_points(d, lang, pw, ph) >= MIN_NAME_PT - 1e-9;
    let view = opts.view.unwrap_or(MapView::Auto);
    let keys = keyview::key_persons(data);
    if view == MapView::All || (view == MapView::Auto && (keys.is_empty() || legible(data))) {
        return vec![PagePlan {
            data: data.clone(),
            view: "all",
            subtitle: None,
        }];
    }
    let w = words(lang);
    let a = keyview::analysis(data);
    // The key view with the paths of up to three indirect key persons per key person, else
    // of the strongest one.
    let mut all = keyview::key_view(data, &a, keyview::IKP_PER_KEY);
    if !legible(&all) {
        let fewer = keyview::key_view(data, &a, 1);
        if legible(&fewer) || keys.len() <= 1 {
            all = fewer;
        }
    }
    if keys.len() <= 1 || legible(&all) {
        return vec![PagePlan {
            data: all,
            view: "key",
            subtitle: Some(w.key_view.to_string()),
        }];
    }
    // A page per key person, each with as many indirect key persons as stay legible.
    keys.iter()
        .take(MAX_PAGES)
        .map(|k| {
            let name = data.person(k).map_or("", |p| p.name.as_str());
            let mut v = keyview::key_person_view(data, &a, k, keyview::IKP_PER_KEY);
            for n in (0..keyview::IKP_PER_KEY).rev() {
                if legible(&v) {
                    break;
                }
                v = keyview::key_person_view(data, &a, k, n);
            }
            PagePlan {
                data: v,
                view: "key-person",
                subtitle: Some(w.key_page.replace("{}", name)),
            }
        })
        .collect()
}

/// One page as an SVG document in points.
pub fn page_svg(plan: &PagePlan, lang: Lang, page: PageSize) -> String {
    let (data, subtitle) = (&plan.data, plan.subtitle.as_deref());
    let (pw, ph) = page.landscape().unwrap_or((960.0, 540.0));
    let body = svg::body(data, lang, Style::PAGE);
    let g = geometry(&body, pw, ph);
    let mut s = String::with_capacity(body.content.len() + 8192);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"stakemap-page\" \
         data-page=\"{}\" data-view=\"{}\" width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {pw} {ph}\" font-family=\"{}\">",
        page.as_str(),
        plan.view,
        esc(FONT_FAMILY)
    );
    let _ = writeln!(s, "<title>{}</title>", esc(&data.account.name));
    svg::write_defs(
        &mut s,
        svg::card_height(Style::PAGE, data.redaction.ratings),
    );
    let _ = writeln!(
        s,
        "<rect class=\"background\" width=\"{pw}\" height=\"{ph}\" fill=\"{PAPER}\"/>"
    );
    svg::write_title(
        &mut s,
        data,
        MARGIN,
        MARGIN,
        pw - 2.0 * MARGIN,
        18.0,
        subtitle,
    );
    let _ = writeln!(
        s,
        "<g class=\"map\" transform=\"translate({:.3},{:.3}) scale({:.5})\">",
        g.tx, g.ty, g.scale
    );
    s.push_str(&body.content);
    s.push_str("</g>\n");
    let _ = write!(
        s,
        "<g class=\"page-legend\" transform=\"translate({:.3},{:.3}) scale({:.4})\">",
        g.legend_x, g.legend_y, g.legend_scale
    );
    body.write_legend(&mut s, lang, 0.0, 0.0, &data.redaction);
    s.push_str("</g>\n</svg>\n");
    s
}

/// The pages of `data` in the format of `opts`: one PDF of all pages; one PNG or SVG file
/// per page (the second and later named `-2`, `-3`, …).
pub fn render(data: &ExportData, opts: &ExportOptions, page: PageSize) -> Result<Vec<ExportFile>> {
    let lang = opts.lang();
    let pages: Vec<String> = plan(data, opts, page)
        .iter()
        .map(|p| page_svg(p, lang, page))
        .collect();
    let ext = opts.format.extension();
    let suffix = |i: usize| -> Cow<'static, str> {
        if i == 0 {
            "".into()
        } else {
            format!("-{}.{ext}", i + 1).into()
        }
    };
    Ok(match opts.format {
        ExportFormat::Pdf => vec![ExportFile {
            suffix: "".into(),
            bytes: super::raster::pdf_pages(&pages)?,
        }],
        ExportFormat::Png => {
            let mut files = Vec::with_capacity(pages.len());
            for (i, p) in pages.iter().enumerate() {
                files.push(ExportFile {
                    suffix: suffix(i),
                    bytes: super::raster::png(p, PNG_PX_PER_PT)?,
                });
            }
            files
        }
        _ => pages
            .into_iter()
            .enumerate()
            .map(|(i, p)| ExportFile {
                suffix: suffix(i),
                bytes: p.into_bytes(),
            })
            .collect(),
    })
}
