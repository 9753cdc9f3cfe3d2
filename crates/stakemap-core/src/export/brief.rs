//! The account brief: one page for the account meeting, as a PDF (A4 landscape) and as an
//! HTML file. The map in key view at the left; at the right the map status, the key persons
//! with their ratings and our best route to each, the top risks and the next steps from the
//! analysis' advice. In the export's language.
//!
//! The advice is computed on the data the brief is made from: when the ratings are left
//! out (a brief for outside the team), so are the ratings, the risks and the next steps,
//! which would tell them.

use std::fmt::Write as _;

use super::svg::{self, text_fit, Style, FONT_FAMILY, PAPER};
use super::{keyview, ExportData, ExportOptions, PageSize};
use crate::analysis::{Action, ActionKind, Analysis, MapStatus, Risk, RiskKind};
use crate::error::Result;
use crate::markup::esc;
use crate::model::Lang;

/// How many risks and next steps the brief lists.
pub const TOP: usize = 5;

struct BriefWords {
    status: &'static str,
    statuses: [&'static str; 3],
    key_persons: &'static str,
    route: &'static str,
    no_route: &'static str,
    risks: &'static str,
    steps: &'static str,
    none: &'static str,
    left_out: &'static str,
    more: &'static str,
    ratings: [&'static str; 3],
    risk: fn(RiskKind) -> &'static str,
    action: fn(ActionKind) -> &'static str,
}

fn brief_words(lang: Lang) -> BriefWords {
    match lang {
        Lang::En => BriefWords {
            status: "Map status",
            statuses: [
                "Red: no decision maker or approver supports our solution",
                "Amber: some decision makers or approvers support our solution",
                "Green: every decision maker and approver supports our solution",
            ],
            key_persons: "Key persons",
            route: "our best route",
            no_route: "none of us reaches them",
            risks: "Top risks",
            steps: "Next steps",
            none: "None found.",
            left_out: "Left out of this copy (ratings redacted).",
            more: "and {} more",
            ratings: ["I", "S", "P"],
            risk: |k| match k {
                RiskKind::SingleThreaded => "Single-threaded: every coverage line starts from {p}",
                RiskKind::Uncovered => "{k}: none of us reaches them",
                RiskKind::WeakCoverage => "{k}: our reach is weak",
                RiskKind::OpposedKeyPerson => "{k} opposes our solution",
                RiskKind::Blocker => "{p} works against us on {k}",
                RiskKind::Competitor => "The competitor's {p} sways {k}",
                RiskKind::UnknownStance => "Where {p} stands on {k} is not known",
                RiskKind::Stale => "{k}: ratings not reviewed for too long",
            },
            action: |k| match k {
                ActionKind::Cover => "Build a relationship with {t} to reach {k}",
                ActionKind::WinOver => "Win {t} over (for {k})",
                ActionKind::Counter => "Counter the competitor's pull on {k} through {t}",
                ActionKind::Confirm => "Find out where {t} stands (for {k})",
                ActionKind::Leverage => "Ask {t} to sway {k} for us",
            },
        },
        Lang::Ja => BriefWords {
            status: "マップの状態",
            statuses: [
                "赤：当社ソリューションを支持する意思決定者・承認者がいない",
                "黄：一部の意思決定者・承認者が当社ソリューションを支持",
                "緑：すべての意思決定者・承認者が当社ソリューションを支持",
            ],
            key_persons: "キーパーソン",
            route: "最善の経路",
            no_route: "当社から届く経路なし",
            risks: "主なリスク",
            steps: "次の一手",
            none: "ありません。",
            left_out: "この版では省略（評価は非公開）。",
            more: "ほか {} 件",
            ratings: ["親", "ソ", "価"],
            risk: |k| match k {
                RiskKind::SingleThreaded => "シングルスレッド：カバレッジはすべて{p}から",
                RiskKind::Uncovered => "{k}：当社から届く経路なし",
                RiskKind::WeakCoverage => "{k}：当社からの到達が弱い",
                RiskKind::OpposedKeyPerson => "{k}は当社ソリューションに反対",
                RiskKind::Blocker => "{p}が{k}に対して当社に不利に働く",
                RiskKind::Competitor => "競合の{p}が{k}に影響",
                RiskKind::UnknownStance => "{k}に対する{p}の立場が不明",
                RiskKind::Stale => "{k}：評価が長く見直されていない",
            },
            action: |k| match k {
                ActionKind::Cover => "{k}に届くよう{t}との関係を築く",
                ActionKind::WinOver => "{t}を味方にする（{k}のため）",
                ActionKind::Counter => "{t}を通じて{k}への競合の影響に対抗する",
                ActionKind::Confirm => "{t}の立場を確かめる（{k}のため）",
                ActionKind::Leverage => "{t}に{k}への働きかけを頼む",
            },
        },
    }
}

/// What the brief says, in words: its sections as lines of text.
struct Content {
    status: Option<(MapStatus, String)>,
    /// Per key person: name, ratings text (empty when redacted), best route.
    keys: Vec<(String, String, String)>,
    risks: Vec<String>,
    steps: Vec<String>,
    redacted: bool,
}

fn content(data: &ExportData, a: &Analysis, lang: Lang) -> Content {
    let w = brief_words(lang);
    let name = |id: &str| {
        data.person(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    let redacted = data.redaction.ratings;
    let keys = keyview::key_persons(data)
        .iter()
        .map(|k| {
            let p = data.person(k);
            let ratings = match p {
                Some(p) if !redacted => {
                    let v = |x: Option<u8>| x.map_or("–".to_string(), |v| v.to_string());
                    format!(
                        "{} {} · {} {} · {} {}",
                        w.ratings[0],
                        v(p.ratings.intimacy),
                        w.ratings[1],
                        v(p.ratings.solution),
                        w.ratings[2],
                        v(p.ratings.price)
                    )
                }
                _ => String::new(),
            };
            let route = a
                .approach_paths
                .iter()
                .find(|r| r.key_person == *k)
                .map_or_else(
                    || w.no_route.to_string(),
                    |r| {
                        r.path
                            .iter()
                            .map(|id| name(id))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    },
                );
            (name(k), ratings, route)
        })
        .collect();
    let risk = |r: &Risk| {
        (w.risk)(r.kind)
            .replace(
                "{k}",
                &r.key_person.as_deref().map(name).unwrap_or_default(),
            )
            .replace("{p}", &r.person.as_deref().map(name).unwrap_or_default())
    };
    let step = |s: &Action| {
        format!(
            "{}. {}",
            s.rank,
            (w.action)(s.kind)
                .replace("{k}", &name(&s.key_person))
                .replace("{t}", &name(&s.target))
        )
    };
    let status_index = match a.map_status {
        MapStatus::Red => 0,
        MapStatus::Amber => 1,
        MapStatus::Green => 2,
    };
    Content {
        status: (!redacted).then(|| (a.map_status, w.statuses[status_index].to_string())),
        keys,
        risks: if redacted {
            Vec::new()
        } else {
            a.risks.iter().take(TOP).map(risk).collect()
        },
        steps: if redacted {
            Vec::new()
        } else {
            a.actions.iter().take(TOP).map(step).collect()
        },
        redacted,
    }
}

fn status_colour(s: MapStatus) -> &'static str {
    match s {
        MapStatus::Red => "#c62828",
        MapStatus::Amber => "#b26a00",
        MapStatus::Green => "#2e7d32",
    }
}

/// The brief as one A4 landscape page (an SVG in points).
pub fn page_svg(data: &ExportData, opts: &ExportOptions) -> String {
    let lang = opts.lang();
    let w = brief_words(lang);
    let a = keyview::analysis(data);
    let c = content(data, &a, lang);
    let (pw, ph) = PageSize::A4.landscape().unwrap_or((841.89, 595.28));
    let view = keyview::key_view(data, &a, 1);
    let body = svg::body(&view, lang, Style::PAGE);
    let (m, title_h) = (24.0, 40.0);
    let col_x = pw * 0.56;
    let (box_w, box_h) = (col_x - m - 12.0, ph - 2.0 * m - title_h);
    let scale = (box_w / body.width().max(1.0))
        .min(box_h / body.height().max(1.0))
        .min(0.8);
    let tx = m - body.min_x * scale;
    let ty = m + title_h - body.min_y * scale;

    let mut s = String::with_capacity(body.content.len() + 8192);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" class=\"stakemap-brief\" \
         width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {pw} {ph}\" font-family=\"{}\">",
        esc(FONT_FAMILY)
    );
    svg::write_defs(
        &mut s,
        svg::card_height(Style::PAGE, data.redaction.ratings),
    );
    let _ = writeln!(s, "<rect width=\"{pw}\" height=\"{ph}\" fill=\"{PAPER}\"/>");
    svg::write_title(&mut s, data, m, m, pw - 2.0 * m, 18.0, None);
    let _ = writeln!(
        s,
        "<g class=\"map\" transform=\"translate({tx:.3},{ty:.3}) scale({scale:.5})\">"
    );
    s.push_str(&body.content);
    s.push_str("</g>\n");

    // The right column, line by line; what does not fit is counted, not cut mid-way.
    let col_w = pw - col_x - m;
    let bottom = ph - m;
    let mut y = m + title_h + 4.0;
    let line = |s: &mut String, y: &mut f64, text: &str, size: f64, bold: bool, fill: &str| {
        *y += size * 1.35;
        let _ = writeln!(
            s,
            "<text x=\"{col_x:.2}\" y=\"{:.2}\" font-size=\"{size}\"{} fill=\"{fill}\">{}</text>",
            *y,
            if bold { " font-weight=\"700\"" } else { "" },
            esc(&text_fit(text, col_w, size, bold))
        );
    };
    let ink = "#1f2937";
    let muted = "#64748b";
    s.push_str("<g class=\"brief\">\n");
    line(&mut s, &mut y, w.status, 11.0, true, ink);
    match &c.status {
        Some((st, text)) => line(&mut s, &mut y, text, 9.5, true, status_colour(*st)),
        None => line(&mut s, &mut y, w.left_out, 9.0, false, muted),
    }
    y += 6.0;
    line(&mut s, &mut y, w.key_persons, 11.0, true, ink);
    // Room for the key persons: what the risks and steps leave (at least four of them).
    let reserved = if c.redacted {
        0.0
    } else {
        2.0 * (15.0 + 13.0 * TOP as f64)
    };
    let per_key = if c.keys.first().is_some_and(|k| !k.1.is_empty()) {
        3.0 * 12.6
    } else {
        2.0 * 12.6
    };
    let fit_keys = (((bottom - y - reserved) / per_key).floor() as usize).max(4);
    for (i, (name, ratings, route)) in c.keys.iter().enumerate() {
        if i == fit_keys && c.keys.len() > fit_keys + 1 {
            let more = w.more.replace("{}", &(c.keys.len() - i).to_string());
            line(&mut s, &mut y, &more, 9.0, false, muted);
            break;
        }
        line(&mut s, &mut y, &format!("★ {name}"), 9.5, true, ink);
        if !ratings.is_empty() {
            line(&mut s, &mut y, &format!("   {ratings}"), 9.0, false, ink);
        }
        line(
            &mut s,
            &mut y,
            &format!("   {}: {route}", w.route),
            9.0,
            false,
            muted,
        );
    }
    for (heading, items) in [(w.risks, &c.risks), (w.steps, &c.steps)] {
        if y + 30.0 > bottom {
            break;
        }
        y += 6.0;
        line(&mut s, &mut y, heading, 11.0, true, ink);
        if c.redacted {
            line(&mut s, &mut y, w.left_out, 9.0, false, muted);
        } else if items.is_empty() {
            line(&mut s, &mut y, w.none, 9.0, false, muted);
        }
        for item in items.iter() {
            if y + 12.0 > bottom {
                break;
            }
            line(&mut s, &mut y, item, 9.0, false, ink);
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// The brief as a one-page PDF.
pub fn pdf(data: &ExportData, opts: &ExportOptions) -> Result<Vec<u8>> {
    super::raster::pdf_pages(&[page_svg(data, opts)])
}

/// The brief as one HTML file: the key-view map and the same sections as text.
pub fn html(data: &ExportData, opts: &ExportOptions) -> String {
    let lang = opts.lang();
    let w = brief_words(lang);
    let a = keyview::analysis(data);
    let c = content(data, &a, lang);
    let view = keyview::key_view(data, &a, 1);
    let map = svg::render_element(&view, opts);
    let mut h = String::with_capacity(map.len() + 8192);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{}</title><style>body{{font-family:{};margin:24px;color:#1f2937}}\
         .map svg{{max-width:100%;height:auto}}.muted{{color:#64748b}}\
         section{{margin-top:16px}}li{{margin:4px 0}}</style></head><body>\n",
        lang.as_str(),
        esc(&data.account.name),
        esc(FONT_FAMILY)
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1><p class=\"muted\">{}</p>",
        esc(&data.account.name),
        esc(&data.account.industry)
    );
    let _ = writeln!(h, "<section class=\"status\"><h2>{}</h2>", esc(w.status));
    match &c.status {
        Some((st, text)) => {
            let _ = writeln!(
                h,
                "<p data-status=\"{}\" style=\"color:{};font-weight:700\">{}</p>",
                st_str(*st),
                status_colour(*st),
                esc(text)
            );
        }
        None => {
            let _ = writeln!(h, "<p class=\"muted\">{}</p>", esc(w.left_out));
        }
    }
    h.push_str("</section>\n");
    let _ = writeln!(h, "<section class=\"map\">{map}</section>");
    let _ = writeln!(
        h,
        "<section class=\"keys\"><h2>{}</h2><ul>",
        esc(w.key_persons)
    );
    for (name, ratings, route) in &c.keys {
        let _ = writeln!(
            h,
            "<li><b>{}</b> {}<br><span class=\"muted\">{}: {}</span></li>",
            esc(name),
            esc(ratings),
            esc(w.route),
            esc(route)
        );
    }
    h.push_str("</ul></section>\n");
    for (class, heading, items) in [("risks", w.risks, &c.risks), ("steps", w.steps, &c.steps)] {
        let _ = writeln!(h, "<section class=\"{class}\"><h2>{}</h2>", esc(heading));
        if c.redacted {
            let _ = writeln!(h, "<p class=\"muted\">{}</p>", esc(w.left_out));
        } else if items.is_empty() {
            let _ = writeln!(h, "<p class=\"muted\">{}</p>", esc(w.none));
        } else {
            h.push_str("<ul>");
            for i in items.iter() {
                let _ = write!(h, "<li>{}</li>", esc(i));
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</section>\n");
    }
    h.push_str("</body></html>\n");
    h
}

fn st_str(s: MapStatus) -> &'static str {
    match s {
        MapStatus::Red => "red",
        MapStatus::Amber => "amber",
        MapStatus::Green => "green",
    }
}
