//! The readable report of `stakemap analyze`, in English or Japanese, with people's names.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use stakemap_core::analysis::{
    Action, ActionKind, Analysis, GapKind, LeverKind, MapStatus, Risk, RiskKind,
};
use stakemap_core::deal::DealAnalysis;
use stakemap_core::doc::clean::is_unsafe;
use stakemap_core::{Lang, Person, Role, Side};

/// Text for a terminal: every control character but the line feed, and every direction
/// override or isolate, written as a visible escape (`\u{1b}`, `\u{202e}`), so that a
/// stored name can neither steer the terminal nor read backwards.
pub fn term_text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// [`term_text`] for one field of a line (a name in a tab-separated list): the line feed
/// and the tab are escaped too.
pub fn term_field(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

fn escape(s: &str, keep_newline: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_unsafe(c) && !(keep_newline && c == '\n');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The readable analysis of an account (see [`term_text`]).
pub fn render(account: &str, people: &[Person], analysis: &Analysis, lang: Lang) -> String {
    term_text(&render_text(account, people, analysis, lang)).into_owned()
}

/// The readable analysis of a deal (see [`term_text`]).
pub fn render_deal(account: &str, people: &[Person], deal: &DealAnalysis, lang: Lang) -> String {
    term_text(&render_deal_text(account, people, deal, lang)).into_owned()
}

/// The readable comparison of a review (see [`term_text`]).
pub fn render_comparison(c: &stakemap_core::review::Comparison, lang: Lang) -> String {
    term_text(&render_comparison_text(c, lang)).into_owned()
}

/// How many people the centrality section lists.
const TOP: usize = 5;

/// How many next steps the report lists.
const STEPS: usize = 10;

pub(crate) struct Names<'a> {
    by_id: HashMap<&'a str, &'a Person>,
    pub lang: Lang,
}

impl<'a> Names<'a> {
    pub fn new(people: &'a [Person], lang: Lang) -> Self {
        Names {
            by_id: people.iter().map(|p| (p.id.as_str(), p)).collect(),
            lang,
        }
    }

    /// "Name (Title)", or the department when there is no title; the id for a stranger.
    pub fn label(&self, id: &str) -> String {
        let Some(p) = self.by_id.get(id) else {
            return id.to_string();
        };
        let extra = if !p.title.is_empty() {
            &p.title
        } else {
            &p.department
        };
        match (extra.is_empty(), self.lang) {
            (true, _) => p.name.clone(),
            (false, Lang::En) => format!("{} ({extra})", p.name),
            (false, Lang::Ja) => format!("{}（{extra}）", p.name),
        }
    }

    pub fn name(&self, id: &str) -> String {
        self.by_id
            .get(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    pub fn list(&self, ids: &[String]) -> String {
        let sep = match self.lang {
            Lang::En => ", ",
            Lang::Ja => "、",
        };
        ids.iter()
            .map(|id| self.label(id))
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// The report of `analysis` on the account named `account` whose people are `people`.
/// The report of one opportunity: its decision chain, the buying roles nobody in it holds,
/// then the analysis of the deal's graph as [`render`] writes it (with the people's roles
/// in this deal).
fn render_deal_text(account: &str, people: &[Person], deal: &DealAnalysis, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let o = &deal.opportunity;
    let by_id: HashMap<&str, &Person> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut out = String::new();
    if ja {
        let _ = writeln!(
            out,
            "案件「{}」（{}）の意思決定チェーン: {}人、案件だけの関係 {}本",
            o.name,
            account,
            deal.members.len(),
            deal.lines.len()
        );
    } else {
        let _ = writeln!(
            out,
            "Decision chain of \"{}\" ({account}): {} people, {} deal-only lines",
            o.name,
            deal.members.len(),
            deal.lines.len()
        );
    }
    for m in &deal.members {
        let Some(p) = by_id.get(m.person_id.as_str()) else {
            continue;
        };
        let roles: Vec<&str> = p.roles.iter().map(|r| role_name(*r, lang)).collect();
        let _ = writeln!(
            out,
            "  {} ({})",
            p.name,
            if roles.is_empty() {
                "-".to_string()
            } else {
                roles.join(", ")
            }
        );
    }
    let missing: Vec<&str> = deal
        .missing_roles
        .iter()
        .map(|r| role_name(*r, lang))
        .collect();
    if missing.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if ja {
                "必要な購買上の役割はすべて特定済み"
            } else {
                "Every required buying role is identified"
            }
        );
    } else if ja {
        let _ = writeln!(out, "未特定の役割: {}", missing.join("、"));
    } else {
        let _ = writeln!(
            out,
            "Buying roles not yet identified: {}",
            missing.join(", ")
        );
    }
    out.push('\n');
    out.push_str(&render(account, people, &deal.analysis, lang));
    out
}

fn render_text(account: &str, people: &[Person], analysis: &Analysis, lang: Lang) -> String {
    let names = Names {
        by_id: people.iter().map(|p| (p.id.as_str(), p)).collect(),
        lang,
    };
    let ja = lang == Lang::Ja;
    let none = if ja { "  なし\n" } else { "  none\n" };
    let mut out = String::new();
    let customers = people.iter().filter(|p| p.side == Side::Customer).count();

    if ja {
        let _ = writeln!(
            out,
            "{account} の分析（顧客側 {customers}人、到達度のしきい値 {:.2}）",
            analysis.threshold
        );
    } else {
        let _ = writeln!(
            out,
            "Analysis of \"{account}\" ({customers} customer-side people, reach threshold {:.2})",
            analysis.threshold
        );
    }

    render_advice(&mut out, &names, analysis);

    // Map status.
    let deciders: Vec<&Person> = people
        .iter()
        .filter(|p| {
            p.side == Side::Customer
                && (p.roles.contains(&Role::DecisionMaker) || p.roles.contains(&Role::Approver))
        })
        .collect();
    let supportive = deciders
        .iter()
        .filter(|p| p.ratings.solution.is_some_and(|s| s >= 4))
        .count();
    let status = match (analysis.map_status, ja) {
        (MapStatus::Red, false) => "RED",
        (MapStatus::Amber, false) => "AMBER",
        (MapStatus::Green, false) => "GREEN",
        (MapStatus::Red, true) => "赤",
        (MapStatus::Amber, true) => "黄",
        (MapStatus::Green, true) => "緑",
    };
    out.push('\n');
    match (deciders.is_empty(), ja) {
        (true, false) => {
            let _ = writeln!(
                out,
                "Map status: {status}: no decision maker or approver is on the map."
            );
        }
        (true, true) => {
            let _ = writeln!(
                out,
                "マップの状態: {status}（決裁者・承認者がマップにいません）"
            );
        }
        (false, false) => {
            let _ = writeln!(
                out,
                "Map status: {status}: {supportive} of {} decision makers and approvers support our solution (acceptance 4 or 5).",
                deciders.len()
            );
        }
        (false, true) => {
            let _ = writeln!(
                out,
                "マップの状態: {status}（決裁者・承認者 {}人のうち {supportive}人がソリューションを支持: 受容度4以上）",
                deciders.len()
            );
        }
    }

    // Key persons.
    out.push('\n');
    if ja {
        let _ = writeln!(out, "キーパーソン（{}人）:", analysis.key_persons.len());
    } else {
        let _ = writeln!(out, "Key persons ({}):", analysis.key_persons.len());
    }
    if analysis.key_persons.is_empty() {
        out.push_str(none);
    }
    for id in &analysis.key_persons {
        let _ = writeln!(out, "  {}", names.label(id));
    }

    // Indirect key persons.
    out.push('\n');
    out.push_str(if ja {
        "キーパーソンへの間接的な影響:\n"
    } else {
        "Who sways the key persons:\n"
    });
    if analysis.indirect_key_persons.is_empty() {
        out.push_str(none);
    }
    for ik in &analysis.indirect_key_persons {
        let through: Vec<String> = ik.path[1..ik.path.len().saturating_sub(1)]
            .iter()
            .map(|id| names.name(id))
            .collect();
        let p = names.label(&ik.person);
        let k = names.label(&ik.key_person);
        let line = if ja {
            let against = if ik.polarity < 0 {
                "、逆方向の影響"
            } else {
                ""
            };
            if through.is_empty() {
                format!(
                    "{p}は{k}に直接影響します（到達度 {:.2}{against}）",
                    ik.reach
                )
            } else {
                format!(
                    "{p}は{}を通じて{k}に影響します（到達度 {:.2}{against}）",
                    through.join("、"),
                    ik.reach
                )
            }
        } else {
            let how = if through.is_empty() {
                "directly".to_string()
            } else {
                format!("through {}", through.join(", "))
            };
            let against = if ik.polarity < 0 {
                " (in the opposite direction)"
            } else {
                ""
            };
            format!("{p} sways {k} {how}, reach {:.2}{against}", ik.reach)
        };
        let _ = writeln!(out, "  {line}");
    }

    // Coverage gaps.
    out.push('\n');
    out.push_str(if ja {
        "カバレッジの穴:\n"
    } else {
        "Coverage gaps:\n"
    });
    if analysis.coverage_gaps.is_empty() {
        out.push_str(none);
    }
    for gap in &analysis.coverage_gaps {
        let k = names.label(&gap.person);
        let line = match (gap.kind, gap.best_reach, ja) {
            (GapKind::Uncovered, _, false) | (_, None, false) => {
                format!("{k}: uncovered, none of our staff reaches them")
            }
            (GapKind::Uncovered, _, true) | (_, None, true) => {
                format!("{k}: 未カバー（当社の誰からも届きません）")
            }
            (GapKind::Weak, Some(r), false) => format!("{k}: weak, best reach {r:.2}"),
            (GapKind::Weak, Some(r), true) => format!("{k}: 弱い（最良の到達度 {r:.2}）"),
        };
        let _ = writeln!(out, "  {line}");
    }

    // Approach paths.
    out.push('\n');
    out.push_str(if ja {
        "アプローチ経路:\n"
    } else {
        "Approach paths:\n"
    });
    if analysis.approach_paths.is_empty() {
        out.push_str(none);
    }
    for ap in &analysis.approach_paths {
        let path: Vec<String> = ap.path.iter().map(|id| names.name(id)).collect();
        let k = names.label(&ap.key_person);
        let line = if ja {
            format!("{k}へ: {}（到達度 {:.2}）", path.join(" → "), ap.reach)
        } else {
            format!("To {k}: {}, reach {:.2}", path.join(" → "), ap.reach)
        };
        let _ = writeln!(out, "  {line}");
    }

    // Centrality: the top people, key persons or not; the others are the hidden ones.
    let keys: HashSet<&str> = analysis.key_persons.iter().map(String::as_str).collect();
    for (title_en, title_ja, values) in [
        (
            "Brokers (betweenness), top",
            "仲介役（媒介中心性）上位",
            &analysis.centrality.betweenness,
        ),
        (
            "Where influence converges (PageRank), top",
            "影響が集まる人（PageRank）上位",
            &analysis.centrality.pagerank,
        ),
    ] {
        let mut ranked: Vec<(&String, f64)> = values.iter().map(|(k, v)| (k, *v)).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        ranked.retain(|(_, v)| *v > 0.0);
        ranked.truncate(TOP);
        out.push('\n');
        if ja {
            let _ = writeln!(out, "{title_ja}{}人:", ranked.len());
        } else {
            let _ = writeln!(out, "{title_en} {}:", ranked.len());
        }
        if ranked.is_empty() {
            out.push_str(none);
        }
        for (id, v) in ranked {
            let hidden = match (keys.contains(id.as_str()), ja) {
                (true, _) => "",
                (false, false) => "  (not a key person)",
                (false, true) => "  （キーパーソン以外）",
            };
            let _ = writeln!(out, "  {:.3}  {}{hidden}", v, names.label(id));
        }
    }

    // Single-threaded coverage and unknown ratings.
    out.push('\n');
    match (&analysis.single_threaded, ja) {
        (Some(id), false) => {
            let _ = writeln!(
                out,
                "Single-threaded: every coverage line goes through {}.",
                names.label(id)
            );
        }
        (Some(id), true) => {
            let _ = writeln!(
                out,
                "シングルスレッド: カバレッジはすべて{}経由です。",
                names.label(id)
            );
        }
        (None, _) => {}
    }
    if analysis.unknown_ratings.is_empty() {
        out.push_str(if ja {
            "評価が不明なキーパーソン: なし\n"
        } else {
            "Key persons with unknown ratings: none\n"
        });
    } else if ja {
        let _ = writeln!(
            out,
            "評価が不明なキーパーソン: {}",
            names.list(&analysis.unknown_ratings)
        );
    } else {
        let _ = writeln!(
            out,
            "Key persons with unknown ratings: {}",
            names.list(&analysis.unknown_ratings)
        );
    }
    out
}

/// One next step in words: what to do, then why and by which route.
fn action_line(names: &Names, a: &Action, analysis: &Analysis) -> (String, String) {
    let ja = names.lang == Lang::Ja;
    let (k, t) = (names.name(&a.key_person), names.name(&a.target));
    let helper = a.helper.as_deref().map(|h| names.name(h));
    let threat = a
        .threat
        .as_deref()
        .map(|h| names.name(h))
        .unwrap_or_default();
    let to_self = a.target == a.key_person;
    let what = match (a.kind, ja) {
        (ActionKind::Cover, false) if to_self => {
            format!("Build a strong relationship with {k} directly")
        }
        (ActionKind::Cover, false) => format!("Build a strong relationship with {t} to reach {k}"),
        (ActionKind::Cover, true) if to_self => format!("{k}本人と直接、強い関係を築く"),
        (ActionKind::Cover, true) => format!("{t}と強い関係を築き、{k}への経路をつくる"),
        (ActionKind::WinOver, false) => {
            let sways = if to_self {
                String::new()
            } else {
                format!(", who sways {k}")
            };
            let with = helper
                .map(|h| format!(", with the help of {h}"))
                .unwrap_or_default();
            format!("Win over {t}{sways}{with}")
        }
        (ActionKind::WinOver, true) => {
            let sways = if to_self {
                String::new()
            } else {
                format!("（{k}に影響）")
            };
            let with = helper
                .map(|h| format!("、{h}の協力を得て"))
                .unwrap_or_default();
            format!("{t}{sways}を味方につける{with}")
        }
        (ActionKind::Counter, false) if to_self => {
            format!("Counter the competitor {threat}: make our case to {k} directly")
        }
        (ActionKind::Counter, false) => {
            format!("Counter the competitor {threat} on {k}: ask {t} to make our case")
        }
        (ActionKind::Counter, true) if to_self => {
            format!("競合の{threat}に対抗: {k}に直接、当社の価値を伝える")
        }
        (ActionKind::Counter, true) => {
            format!("競合の{threat}の{k}への影響に対抗: {t}に当社の提案を推してもらう")
        }
        (ActionKind::Confirm, false) if to_self => {
            format!("Find out where {k} stands on our solution")
        }
        (ActionKind::Confirm, false) => format!("Find out where {t}, who sways {k}, stands"),
        (ActionKind::Confirm, true) if to_self => format!("{k}のソリューションへの立場を確かめる"),
        (ActionKind::Confirm, true) => format!("{k}に影響する{t}の立場を確かめる"),
        (ActionKind::Leverage, false) => format!("Ask {t} to make our case to {k}"),
        (ActionKind::Leverage, true) => format!("{t}に{k}への働きかけを依頼する"),
    };
    let why = if !ja {
        a.why.clone()
    } else {
        let old = analysis
            .coverage_gaps
            .iter()
            .find(|g| g.person == a.key_person)
            .and_then(|g| g.best_reach);
        match a.kind {
            ActionKind::Cover => match old {
                None => format!(
                    "当社の誰も{k}に届いていません。到達度は {:.2} になります。",
                    a.gain
                ),
                Some(o) => format!(
                    "{k}への最良の到達度は {o:.2} のみ。{:.2} に上がります。",
                    o + a.gain
                ),
            },
            ActionKind::WinOver if to_self => {
                format!("{k}は当社のソリューションに反対しています。")
            }
            ActionKind::WinOver => {
                let opposes = names.by_id.get(a.target.as_str()).is_some_and(|p| {
                    stakemap_core::analysis::stance(p) == stakemap_core::analysis::Stance::Opponent
                });
                let what = if opposes {
                    "当社のソリューションに反対"
                } else {
                    "価格に抵抗"
                };
                format!(
                    "{t}は{what}し、{k}に影響しています（到達度 {:.2}）。",
                    a.gain
                )
            }
            ActionKind::Counter => {
                format!(
                    "競合の{threat}が{k}に影響しています（到達度 {:.2}）。",
                    a.gain
                )
            }
            ActionKind::Confirm => format!("{t}の立場（ソリューション受容度）が分かりません。"),
            ActionKind::Leverage => format!(
                "{t}は当社を支持し、{k}に影響します（到達度 {:.2}）。",
                a.gain
            ),
        }
    };
    let route = if a.via.len() > 1 {
        let r: Vec<String> = a.via.iter().map(|id| names.name(id)).collect();
        if ja {
            format!("{why}\n     経路: {}", r.join(" → "))
        } else {
            format!("{why}\n     Route: {}", r.join(" → "))
        }
    } else {
        why
    };
    (what, route)
}

/// A risk in words.
fn risk_line(names: &Names, r: &Risk) -> String {
    let ja = names.lang == Lang::Ja;
    let k = r
        .key_person
        .as_deref()
        .map(|k| names.label(k))
        .unwrap_or_default();
    let p = r
        .person
        .as_deref()
        .map(|p| names.label(p))
        .unwrap_or_default();
    let reach = r.reach.unwrap_or(0.0);
    match (r.kind, ja) {
        (RiskKind::SingleThreaded, false) => {
            format!("Single-threaded: every coverage line starts from {p}")
        }
        (RiskKind::SingleThreaded, true) => format!("シングルスレッド: カバレッジはすべて{p}から"),
        (RiskKind::Uncovered, false) => format!("{k}: none of our staff reaches them"),
        (RiskKind::Uncovered, true) => format!("{k}: 当社の誰からも届きません"),
        (RiskKind::WeakCoverage, false) => format!("{k}: weakly covered, best reach {reach:.2}"),
        (RiskKind::WeakCoverage, true) => format!("{k}: カバーが弱い（最良の到達度 {reach:.2}）"),
        (RiskKind::OpposedKeyPerson, false) => format!("{k} opposes our solution"),
        (RiskKind::OpposedKeyPerson, true) => format!("{k}は当社のソリューションに反対"),
        (RiskKind::Blocker, false) => format!("Blocker: {p} sways {k}, reach {reach:.2}"),
        (RiskKind::Blocker, true) => format!("ブロッカー: {p}が{k}に影響（到達度 {reach:.2}）"),
        (RiskKind::Competitor, false) => format!("Competitor: {p} sways {k}, reach {reach:.2}"),
        (RiskKind::Competitor, true) => format!("競合: {p}が{k}に影響（到達度 {reach:.2}）"),
        (RiskKind::UnknownStance, false) if r.person.is_none() => format!("{k}: stance unknown"),
        (RiskKind::UnknownStance, false) => {
            format!("{p}: stance unknown, sways {k} (reach {reach:.2})")
        }
        (RiskKind::UnknownStance, true) if r.person.is_none() => format!("{k}: 立場が不明"),
        (RiskKind::UnknownStance, true) => {
            format!("{p}: 立場が不明、{k}に影響（到達度 {reach:.2}）")
        }
        (RiskKind::Stale, false) => format!("{k}: ratings not updated within the review interval"),
        (RiskKind::Stale, true) => format!("{k}: レビュー間隔を過ぎても評価が更新されていません"),
    }
}

/// Next steps, risks and levers: what the report begins with.
fn render_advice(out: &mut String, names: &Names, analysis: &Analysis) {
    let ja = names.lang == Lang::Ja;
    let none = if ja { "  なし\n" } else { "  none\n" };
    out.push('\n');
    out.push_str(if ja {
        "次の一手:\n"
    } else {
        "Next steps:\n"
    });
    if analysis.actions.is_empty() {
        out.push_str(none);
    }
    for a in analysis.actions.iter().take(STEPS) {
        let (what, why) = action_line(names, a, analysis);
        let _ = writeln!(out, "  {}. {what}\n     {why}", a.rank);
    }
    if analysis.actions.len() > STEPS {
        let more = analysis.actions.len() - STEPS;
        let _ = writeln!(
            out,
            "{}",
            if ja {
                format!("  ほか {more}件")
            } else {
                format!("  and {more} more")
            }
        );
    }
    out.push('\n');
    out.push_str(if ja { "リスク:\n" } else { "Risks:\n" });
    if analysis.risks.is_empty() {
        out.push_str(none);
    }
    for r in &analysis.risks {
        let _ = writeln!(out, "  {}", risk_line(names, r));
    }
    out.push('\n');
    out.push_str(if ja {
        "てこ（味方）:\n"
    } else {
        "Levers:\n"
    });
    if analysis.levers.is_empty() {
        out.push_str(none);
    }
    for l in &analysis.levers {
        let (p, k) = (names.label(&l.person), names.label(&l.key_person));
        let line = match (l.kind, ja) {
            (LeverKind::Champion, false) => format!(
                "Champion: {p} supports us and sways {k}, reach {:.2}",
                l.reach
            ),
            (LeverKind::Partner, false) => format!("Partner: {p} sways {k}, reach {:.2}", l.reach),
            (LeverKind::Champion, true) => format!(
                "チャンピオン: {p}は当社を支持し、{k}に影響（到達度 {:.2}）",
                l.reach
            ),
            (LeverKind::Partner, true) => {
                format!("パートナー: {p}が{k}に影響（到達度 {:.2}）", l.reach)
            }
        };
        let _ = writeln!(out, "  {line}");
    }
    if !analysis.price_objections.is_empty() {
        let ids = &analysis.price_objections;
        if ja {
            let _ = writeln!(out, "\n価格に抵抗: {}", names.list(ids));
        } else {
            let _ = writeln!(out, "\nPrice objections: {}", names.list(ids));
        }
    }
}

/// A buying role's name in the report's language (the glossary's terms).
fn role_name(role: Role, lang: Lang) -> &'static str {
    let (en, ja) = match role {
        Role::DecisionMaker => ("decision maker", "決裁者"),
        Role::Approver => ("approver (economic buyer)", "承認者"),
        Role::Evaluator => ("evaluator", "評価者"),
        Role::User => ("user", "利用者"),
        Role::Influencer => ("influencer", "影響者"),
        Role::Coach => ("coach", "コーチ"),
        Role::Procurement => ("procurement", "購買"),
        Role::Gatekeeper => ("gatekeeper", "ゲートキーパー"),
    };
    if lang == Lang::Ja {
        ja
    } else {
        en
    }
}

/// A comparison as plain text: what a review meeting looks at.
fn render_comparison_text(c: &stakemap_core::review::Comparison, lang: Lang) -> String {
    use stakemap_core::review::{move_symbol, rating_name, status_name};
    let ja = lang == Lang::Ja;
    let t = |en: &'static str, jp: &'static str| if ja { jp } else { en };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} ({}) → {} ({})",
        c.account_name, c.before_label, c.before_at, c.after_label, c.after_at
    );
    let section = |out: &mut String, title: &str, items: Vec<String>| {
        let _ = writeln!(out, "{title}");
        if items.is_empty() {
            let _ = writeln!(out, "  {}", t("none", "なし"));
        }
        for i in items {
            let _ = writeln!(out, "  {i}");
        }
    };
    let names = |v: &[stakemap_core::review::PersonRef]| {
        v.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    section(
        &mut out,
        t("People added", "加わった人物"),
        names(&c.people_added),
    );
    section(
        &mut out,
        t("People removed", "いなくなった人物"),
        names(&c.people_removed),
    );
    let v = |x: Option<u8>| x.map_or_else(|| "?".to_string(), |x| x.to_string());
    section(
        &mut out,
        t("Ratings that moved", "評価の変化"),
        c.rating_moves
            .iter()
            .map(|m| {
                let arrow = move_symbol(m);
                format!(
                    "{arrow} {}: {} {} → {}",
                    m.person.name,
                    rating_name(m.rating, lang),
                    v(m.before),
                    v(m.after)
                )
            })
            .collect(),
    );
    let line = |l: &stakemap_core::review::LineRef| {
        format!("{} → {} ({})", l.from.name, l.to.name, l.kind.as_str())
    };
    section(
        &mut out,
        t("Lines added", "加わった関係"),
        c.lines_added.iter().map(line).collect(),
    );
    section(
        &mut out,
        t("Lines removed", "なくなった関係"),
        c.lines_removed.iter().map(line).collect(),
    );
    section(
        &mut out,
        t("Coverage gaps opened", "新たなカバレッジの空白"),
        names(&c.gaps_opened),
    );
    section(
        &mut out,
        t("Coverage gaps closed", "解消したカバレッジの空白"),
        names(&c.gaps_closed),
    );
    let _ = writeln!(
        out,
        "{}: {} → {}",
        t("Map status", "マップの状態"),
        status_name(c.status_before, lang),
        status_name(c.status_after, lang)
    );
    out
}
