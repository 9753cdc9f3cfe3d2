//! The map as a PowerPoint file (Office Open XML, `.pptx`) the user can edit.
//!
//! Written by hand with the `zip` crate: the Rust crates that write PowerPoint files do not
//! glue connectors to shapes, which is the point here. Each slide is 16:9 (12,192,000 ×
//! 6,858,000 EMU) and has the account as its title, the legend along the bottom, every card
//! as a native rounded rectangle (`p:sp`, `roundRect`) with the name, reading, title,
//! department as real text and the rating chips as small rounded rectangles grouped with
//! it, and every line as one connector (`p:cxnSp`) glued to its two cards
//! (`a:stCxn`/`a:endCxn`; connection sites 0 top, 1 left, 2 bottom, 3 right): reporting and
//! dotted lines as elbow connectors from the manager's bottom to the report's top,
//! influence and coverage lines as straight arrows in the map's colours and dashes. Moving
//! a card in PowerPoint keeps its lines.
//!
//! The departments' headers (people with no manager grouped by department) are frames
//! with the department's name behind their cards. The whole map is exported (not a key view). A map too large for one slide at a readable
//! size (cards at least 0.7 of their size on screen, names at 9 pt or more) is cut by team
//! over several slides (see [`pages`]); each person is on one slide, and the lines between
//! people on different slides are listed on the last slides, each with its two slides.
//!
//! The data is the redacted, shown copy the other picture exports use: ratings left out
//! means no chips (the card's text is then centred, leaving no empty row), and the legend
//! says what was left out. Text is in Arial and Meiryo (see [`shapes::Fonts`]); a text too
//! long for its card is set smaller and, past that, shortened with an ellipsis (the card's
//! alternative text keeps the full name, title and department). The same data gives the
//! same bytes.

use crate::error::Reason;
mod connector;
mod draw;
mod groups;
mod legend;
mod pages;
mod parts;
mod shapes;
mod words;

use std::collections::{HashMap, HashSet};
use std::io::Write as _;

use super::svg::text::fit;
use super::svg::words::words;
use super::{ExportData, ExportOptions};
use crate::error::{Error, Result};
use crate::model::{RelationKind, Side};
use crate::palette;
use connector::Rect;
use draw::{content_box, kind_word, Ctx, MARGIN, MIN_SCALE, TITLE_H};
use pages::{paginate, Placed};
use parts::{SLIDE_H, SLIDE_W};
use shapes::{Body, Fonts, Look, Para, Run, Slide, EMU_PT, EMU_PX};
use words::pptx_words;

/// Rows of the list of lines between slides, per column; two columns a slide.
const LIST_ROWS: usize = 30;
const LIST_SIZE: f64 = 10.0;

/// The map of `data` as the bytes of a `.pptx` file.
pub fn render(data: &ExportData, opts: &ExportOptions) -> Result<Vec<u8>> {
    let slides = slides(data, opts);
    package(&data.account.name, &slides)
}

/// The XML of each slide, in order.
fn slides(data: &ExportData, opts: &ExportOptions) -> Vec<String> {
    let lang = opts.lang();
    let w = words(lang);
    let pw = pptx_words(lang);
    let fonts = Fonts { lang };

    let by_id: HashMap<&str, &crate::model::Person> =
        data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut placed: Vec<Placed> = Vec::new();
    for pl in &data.placements {
        let Some(p) = by_id.get(pl.person_id.as_str()) else {
            continue;
        };
        if !seen.insert(p.id.as_str()) {
            continue;
        }
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        placed.push(Placed {
            person: p,
            x: finite(pl.x),
            y: finite(pl.y),
            stacked: pl.stacked,
        });
    }
    let index: HashMap<&str, usize> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| (p.person.id.as_str(), i))
        .collect();
    let drawn = |l: &crate::model::Relation| {
        l.from != l.to && index.contains_key(l.from.as_str()) && index.contains_key(l.to.as_str())
    };
    let competitor_line = data.relations.iter().any(|l| {
        l.kind == RelationKind::Influence
            && drawn(l)
            && placed[index[l.from.as_str()]].person.side == Side::Competitor
    });
    let legend = legend::Legend::new(&w, &data.redaction, competitor_line);
    let area = content_box(legend.height);
    let pages = paginate(
        &placed,
        &data.relations,
        area.w as f64 / EMU_PX / MIN_SCALE,
        area.h as f64 / EMU_PX / MIN_SCALE,
    );
    let mut page_of = vec![0usize; placed.len()];
    for (i, p) in pages.iter().enumerate() {
        for &c in &p.cards {
            page_of[c] = i;
        }
    }
    // Lines whose two people are on different slides.
    let across: Vec<&crate::model::Relation> = data
        .relations
        .iter()
        .filter(|l| drawn(l) && page_of[index[l.from.as_str()]] != page_of[index[l.to.as_str()]])
        .collect();
    let list_slides = across.len().div_ceil(2 * LIST_ROWS);
    let total = pages.len() + list_slides;
    let mut across_count = vec![0usize; pages.len()];
    for l in &across {
        across_count[page_of[index[l.from.as_str()]]] += 1;
        across_count[page_of[index[l.to.as_str()]]] += 1;
    }

    let key: HashSet<&str> = data.key_person_ids.iter().map(String::as_str).collect();
    let ctx = Ctx {
        w: &w,
        pw: &pw,
        redaction: data.redaction,
        key: &key,
        legend: &legend,
        account: &data.account.name,
        industry: &data.account.industry,
        groups: &data.groups,
    };
    let mut out = Vec::with_capacity(total);
    for (i, page) in pages.iter().enumerate() {
        let mut heading = Vec::new();
        if total > 1 {
            heading.push(pw.slide_of(i + 1, total));
        }
        if pages.len() > 1 {
            heading.push(match page.team_of {
                Some(m) => pw.team_of(&fit(&placed[m].person.name, 300.0, 11.0, false)),
                None => pw.top.to_string(),
            });
        }
        if across_count[i] > 0 {
            heading.push(pw.across_note(across_count[i], pages.len() + 1));
        }
        let mut s = Slide::new(fonts);
        draw::slide(
            &mut s,
            &ctx,
            &placed,
            page,
            &data.relations,
            &heading.join("  ·  "),
        );
        out.push(s.finish());
    }
    for (k, chunk) in across.chunks(2 * LIST_ROWS).enumerate() {
        let mut s = Slide::new(fonts);
        let rows: Vec<String> = chunk
            .iter()
            .map(|l| {
                let (a, b) = (index[l.from.as_str()], index[l.to.as_str()]);
                let from = placed[a].person;
                format!(
                    "{} → {}  ({}, {} → {})",
                    fit(&from.name, 200.0, LIST_SIZE, false),
                    fit(&placed[b].person.name, 200.0, LIST_SIZE, false),
                    kind_word(&w, l, from),
                    pw.slide(page_of[a] + 1),
                    pw.slide(page_of[b] + 1),
                )
            })
            .collect();
        list_slide(
            &mut s,
            &ctx,
            &pw.slide_of(pages.len() + k + 1, total),
            &rows,
        );
        out.push(s.finish());
    }
    out
}

/// A slide listing lines between slides, in two columns.
fn list_slide(s: &mut Slide, ctx: &Ctx, slide_of: &str, rows: &[String]) {
    let heading = format!("{}  ·  {}", slide_of, ctx.pw.across_title);
    let plain = Ctx {
        industry: "",
        ..*ctx
    };
    draw::title(s, &plain, &heading);
    let col_w = (SLIDE_W - 2 * MARGIN) / 2;
    let width_pt = col_w as f64 / EMU_PT - 12.0;
    for (c, column) in rows.chunks(LIST_ROWS).enumerate() {
        let texts: Vec<String> = column
            .iter()
            .map(|r| fit(r, width_pt, LIST_SIZE, false))
            .collect();
        let paras: Vec<Para> = texts
            .iter()
            .map(|t| Para {
                runs: vec![Run {
                    text: t,
                    size: LIST_SIZE,
                    bold: false,
                    colour: palette::INK.hex,
                }],
                centred: false,
            })
            .collect();
        s.shape(
            ctx.pw.across_title,
            "",
            "rect",
            None,
            Rect {
                x: MARGIN + c as i64 * col_w,
                y: MARGIN + TITLE_H,
                w: col_w,
                h: SLIDE_H - 2 * MARGIN - TITLE_H,
            },
            &Look {
                fill: None,
                line: None,
                line_w: 0,
                dash: None,
            },
            &paras,
            &Body {
                insets: [0; 4],
                anchor: "t",
                shrink: true,
            },
        );
    }
}

/// The package: fixed parts, then the slides.
fn package(title: &str, slides: &[String]) -> Result<Vec<u8>> {
    let n = slides.len();
    let mut files: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), parts::content_types(n)),
        ("_rels/.rels".into(), parts::root_rels()),
        ("docProps/core.xml".into(), parts::core(title)),
        ("docProps/app.xml".into(), parts::app(n)),
        ("ppt/presentation.xml".into(), parts::presentation(n)),
        (
            "ppt/_rels/presentation.xml.rels".into(),
            parts::presentation_rels(n),
        ),
        ("ppt/presProps.xml".into(), parts::pres_props()),
        ("ppt/viewProps.xml".into(), parts::view_props()),
        ("ppt/tableStyles.xml".into(), parts::table_styles()),
        (
            "ppt/slideMasters/slideMaster1.xml".into(),
            parts::slide_master(),
        ),
        (
            "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
            parts::slide_master_rels(),
        ),
        (
            "ppt/slideLayouts/slideLayout1.xml".into(),
            parts::slide_layout(),
        ),
        (
            "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
            parts::slide_layout_rels(),
        ),
        ("ppt/theme/theme1.xml".into(), parts::theme()),
    ];
    for (i, xml) in slides.iter().enumerate() {
        files.push((format!("ppt/slides/slide{}.xml", i + 1), xml.clone()));
        files.push((
            format!("ppt/slides/_rels/slide{}.xml.rels", i + 1),
            parts::slide_rels(),
        ));
    }
    let zip_err = |e: &dyn std::fmt::Display| {
        Error::invalid(
            "pptx",
            Reason::Internal {
                detail: e.to_string(),
            },
        )
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed time stamp, so the same map gives the same file.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, xml) in &files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| zip_err(&e))?;
        zip.write_all(xml.as_bytes()).map_err(|e| zip_err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| zip_err(&e))?;
    Ok(cursor.into_inner())
}
