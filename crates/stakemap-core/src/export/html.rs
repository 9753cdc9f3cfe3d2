//! One self-contained HTML file a colleague opens in any browser, with no install and no
//! network: the map's SVG, the people's details as inert JSON, and a small script to pan,
//! zoom, filter and click people.
//!
//! User text reaches the page in two ways only: escaped inside the SVG (see [`super::svg`])
//! and inside a `<script type="application/json">` block whose `<`, `>` and `&` are written
//! as JSON escapes, so no text can close the block. The script shows it with `textContent`,
//! never as markup, and the page's Content-Security-Policy allows no fetch, image or frame
//! from anywhere.

use serde::Serialize;

use super::{svg, ExportData, ExportOptions};
use crate::markup::esc;
use crate::model::Lang;

/// The words of the viewer, in the export's language.
struct Words {
    search: &'static str,
    all_departments: &'static str,
    key_only: &'static str,
    fit: &'static str,
    shown: &'static str,
    reports_to: &'static str,
    influences: &'static str,
    influenced_by: &'static str,
    covered_by: &'static str,
    close: &'static str,
    hint: &'static str,
    ratings: [&'static str; 3],
    notes: &'static str,
    roles: &'static str,
    made_with: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            search: "Search name, title, department",
            all_departments: "All departments",
            key_only: "Key persons only",
            fit: "Fit",
            shown: "shown",
            reports_to: "Reports to",
            influences: "Influences",
            influenced_by: "Influenced by",
            covered_by: "Covered by",
            close: "Close",
            hint: "Drag to pan, scroll to zoom, click a card for details.",
            ratings: ["Intimacy", "Solution acceptance", "Price acceptance"],
            notes: "Portrait",
            roles: "Buying roles",
            made_with: "Exported from Stakemap",
        },
        Lang::Ja => Words {
            search: "氏名・役職・部署で検索",
            all_departments: "すべての部署",
            key_only: "キーパーソンのみ",
            fit: "全体表示",
            shown: "件表示",
            reports_to: "上司",
            influences: "影響を与える相手",
            influenced_by: "影響を受ける相手",
            covered_by: "当社の担当",
            close: "閉じる",
            hint: "ドラッグで移動、スクロールで拡大縮小、カードをクリックで詳細。",
            ratings: ["親密度", "ソリューション受容度", "価格受容度"],
            notes: "人物像",
            roles: "購買における役割",
            made_with: "Stakemap から書き出し",
        },
    }
}

#[derive(Serialize)]
struct ViewPerson<'a> {
    id: &'a str,
    name: &'a str,
    reading: &'a str,
    title: &'a str,
    department: &'a str,
    side: &'a str,
    key: bool,
    roles: Vec<&'a str>,
    influence: Option<&'a str>,
    /// Absent when ratings are redacted.
    #[serde(skip_serializing_if = "Option::is_none")]
    ratings: Option<[Option<u8>; 3]>,
    #[serde(skip_serializing_if = "str::is_empty")]
    notes: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    email: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    phone: &'a str,
}

#[derive(Serialize)]
struct ViewLine<'a> {
    kind: &'a str,
    from: &'a str,
    to: &'a str,
    sign: i8,
}

#[derive(Serialize)]
struct ViewData<'a> {
    people: Vec<ViewPerson<'a>>,
    lines: Vec<ViewLine<'a>>,
    words: serde_json::Value,
}

/// JSON that cannot end the `<script>` block it sits in, whatever the text holds.
fn inert_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).expect("view data serialises");
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The viewer page of `data`.
pub fn render(data: &ExportData, opts: &ExportOptions) -> String {
    let lang = opts.lang();
    let w = words(lang);
    let redacted_ratings = data.redaction.ratings;
    let people = data
        .people
        .iter()
        .map(|p| ViewPerson {
            id: &p.id,
            name: &p.name,
            reading: &p.reading,
            title: &p.title,
            department: &p.department,
            side: p.side.as_str(),
            key: data.key_person_ids.contains(&p.id),
            roles: p.roles.iter().map(|r| r.as_str()).collect(),
            influence: p.influence.map(|i| i.as_str()),
            ratings: (!redacted_ratings).then_some([
                p.ratings.intimacy,
                p.ratings.solution,
                p.ratings.price,
            ]),
            notes: &p.notes,
            email: &p.email,
            phone: &p.phone,
        })
        .collect();
    let lines = data
        .relations
        .iter()
        .map(|l| ViewLine {
            kind: l.kind.as_str(),
            from: &l.from,
            to: &l.to,
            sign: l.sign,
        })
        .collect();
    let view = ViewData {
        people,
        lines,
        words: serde_json::json!({
            "reportsTo": w.reports_to,
            "influences": w.influences,
            "influencedBy": w.influenced_by,
            "coveredBy": w.covered_by,
            "shown": w.shown,
            "ratingLabels": w.ratings,
            "notes": w.notes,
            "roles": w.roles,
        }),
    };
    let mut departments: Vec<&str> = data
        .people
        .iter()
        .map(|p| p.department.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let options: String = departments
        .iter()
        .map(|d| format!("<option>{}</option>", esc(d)))
        .collect();
    let title = esc(&data.account.name);
    let map = svg::render_element(data, opts);
    let html_lang = lang.as_str();
    let json = inert_json(&view);
    format!(
        r#"<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Stakemap">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<input id="q" type="search" placeholder="{search}" aria-label="{search}">
<select id="dept" aria-label="{all_departments}"><option value="">{all_departments}</option>{options}</select>
<label><input id="keyOnly" type="checkbox"> {key_only}</label>
<button id="fit" type="button">{fit}</button>
<span id="count"></span>
</header>
<main id="view">{map}</main>
<aside id="panel" hidden><button id="close" type="button" aria-label="{close}">×</button><div id="details"></div></aside>
<footer>{hint} · {made_with}</footer>
<script type="application/json" id="data">{json}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        search = w.search,
        all_departments = w.all_departments,
        key_only = w.key_only,
        fit = w.fit,
        close = w.close,
        hint = w.hint,
        made_with = w.made_with,
    )
}

const STYLE: &str = r#"
html,body{margin:0;height:100%;font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Sans','Yu Gothic',Meiryo,system-ui,sans-serif;color:#1f2933}
body{display:grid;grid-template-rows:auto 1fr auto;grid-template-columns:1fr auto;height:100vh}
header{grid-column:1/3;display:flex;gap:.6rem;align-items:center;padding:.5rem .8rem;border-bottom:1px solid #d9dee5;flex-wrap:wrap}
header h1{font-size:1.05rem;margin:0 1rem 0 0}
#q{min-width:16rem}
#view{overflow:hidden;cursor:grab;background:#fafbfc;touch-action:none}
#view.panning{cursor:grabbing}
#view>svg{width:100%;height:100%;display:block}
.person{cursor:pointer}
.person.dim,.line.dim{opacity:.12}
.person.selected rect:first-of-type{stroke:#1d4ed8;stroke-width:3}
#panel{width:20rem;border-left:1px solid #d9dee5;padding:.8rem;overflow:auto;position:relative}
#panel h2{margin:.2rem 0;font-size:1.1rem;overflow-wrap:anywhere}
#panel p,#panel li{overflow-wrap:anywhere;white-space:pre-wrap}
#close{position:absolute;right:.5rem;top:.5rem}
footer{grid-column:1/3;font-size:.75rem;color:#637083;padding:.3rem .8rem;border-top:1px solid #d9dee5}
"#;

const SCRIPT: &str = r#"
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("data").textContent);
  const W = data.words;
  const view = document.getElementById("view");
  const svg = view.querySelector("svg");
  const byId = new Map(data.people.map((p) => [p.id, p]));
  const cards = new Map();
  for (const g of svg.querySelectorAll(".person[data-id]")) cards.set(g.getAttribute("data-id"), g);
  // A copy: baseVal is live and follows every later change of the viewBox.
  const vb = svg.viewBox.baseVal;
  const home = { x: vb.x, y: vb.y, width: vb.width, height: vb.height };
  let box = { x: home.x, y: home.y, w: home.width, h: home.height };
  function apply() { svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h); }
  function fit() { box = { x: home.x, y: home.y, w: home.width, h: home.height }; apply(); }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  fit();

  function scale() {
    const r = svg.getBoundingClientRect();
    return Math.max(box.w / r.width, box.h / r.height);
  }
  function zoom(factor, cx, cy) {
    const r = svg.getBoundingClientRect();
    const s = scale();
    const px = box.x + (cx - r.left) * s - (r.width * s - box.w) / 2;
    const py = box.y + (cy - r.top) * s - (r.height * s - box.h) / 2;
    const w = Math.min(Math.max(box.w * factor, home.width / 50), home.width * 20);
    const f = w / box.w;
    box = { x: px - (px - box.x) * f, y: py - (py - box.y) * f, w: box.w * f, h: box.h * f };
    apply();
  }
  view.addEventListener("wheel", (e) => { e.preventDefault(); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY); }, { passive: false });
  let drag = null;
  view.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, box: { ...box }, moved: false };
    view.classList.add("panning");
  });
  window.addEventListener("pointermove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    const s = scale();
    box = { ...drag.box, x: drag.box.x - dx * s, y: drag.box.y - dy * s };
    apply();
  });
  window.addEventListener("pointerup", (e) => {
    const d = drag;
    drag = null;
    view.classList.remove("panning");
    if (d && !d.moved) {
      const g = e.target.closest && e.target.closest(".person[data-id]");
      if (g) show(g.getAttribute("data-id"));
    }
  });
  document.getElementById("fit").addEventListener("click", fit);

  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }
  function names(ids) { return ids.map((id) => (byId.get(id) || { name: id }).name).join(", "); }
  function show(id) {
    const p = byId.get(id);
    if (!p) return;
    for (const g of cards.values()) g.classList.remove("selected");
    const card = cards.get(id);
    if (card) card.classList.add("selected");
    const d = document.getElementById("details");
    d.replaceChildren();
    d.append(el("h2", p.name));
    if (p.reading) d.append(el("div", p.reading));
    d.append(el("p", [p.title, p.department].filter(Boolean).join(" · ")));
    if (p.ratings) {
      const ul = el("ul");
      p.ratings.forEach((v, i) => ul.append(el("li", W.ratingLabels[i] + ": " + (v == null ? "?" : v))));
      d.append(ul);
    }
    if (p.roles.length) d.append(el("p", W.roles + ": " + p.roles.join(", ")));
    const rel = (kind, dir) => data.lines.filter((l) => l.kind === kind && l[dir === "out" ? "from" : "to"] === id).map((l) => (dir === "out" ? l.to : l.from));
    const rows = [
      [W.reportsTo, rel("reports_to", "out")],
      [W.influences, rel("influence", "out")],
      [W.influencedBy, rel("influence", "in")],
      [W.coveredBy, rel("covers", "in")],
    ];
    for (const [label, ids] of rows) if (ids.length) d.append(el("p", label + ": " + names(ids)));
    if (p.email) d.append(el("p", p.email));
    if (p.phone) d.append(el("p", p.phone));
    if (p.notes) { d.append(el("h3", W.notes)); d.append(el("p", p.notes)); }
    document.getElementById("panel").hidden = false;
  }
  document.getElementById("close").addEventListener("click", () => {
    document.getElementById("panel").hidden = true;
    for (const g of cards.values()) g.classList.remove("selected");
  });

  const q = document.getElementById("q"), dept = document.getElementById("dept"), keyOnly = document.getElementById("keyOnly");
  function fold(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  function filter() {
    const text = fold(q.value.trim()), dp = dept.value, key = keyOnly.checked;
    let shown = 0;
    const visible = new Set();
    for (const p of data.people) {
      const hay = fold([p.name, p.reading, p.title, p.department].join(" "));
      const ok = (!text || hay.includes(text)) && (!dp || p.department === dp) && (!key || p.key);
      const g = cards.get(p.id);
      if (g) g.classList.toggle("dim", !ok);
      if (ok) { shown++; visible.add(p.id); }
    }
    for (const g of svg.querySelectorAll(".line[data-from]")) {
      g.classList.toggle("dim", !(visible.has(g.getAttribute("data-from")) && visible.has(g.getAttribute("data-to"))));
    }
    document.getElementById("count").textContent = shown + " / " + data.people.length + " " + W.shown;
  }
  q.addEventListener("input", filter);
  dept.addEventListener("change", filter);
  keyOnly.addEventListener("change", filter);
  filter();
})();
"#;
