//! Reviews (動的評価): snapshots of an account, the comparison of two states of it, rating
//! trends and the review cadence.
//!
//! **Snapshots** freeze an account as the JSON export's document ([`AccountDoc`]: its
//! people with their ratings and rating history, lines, opportunities with their decision
//! chains, team), named and dated, inside the workspace file: they move with the file and
//! survive restarts. A trigger refuses every `UPDATE` of a snapshot; the app and the CLI
//! offer no way to edit one. A snapshot can be deleted (one undo step). It stays while its
//! account is in the trash and goes when the trash is emptied.
//!
//! **Comparing** two states (now, or any snapshot) lists: the people added and removed;
//! each rating that moved, with its direction; the lines added and removed between people
//! present in both (a removed person's lines are counted with them, not again); coverage
//! gaps that opened or closed on people present in both; and the map status then and now.
//!
//! **Cadence**: an account's last review is its newest snapshot; it is due again after its
//! review interval (3 months unless the account plan says otherwise). The plan and strategy
//! are due for review 6 months after they last changed.

use crate::error::Reason;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::analysis::{self, MapStatus};
use crate::doc::AccountDoc;
use crate::error::{Error, Result};
use crate::markup::esc;
use crate::model::Snapshot;
use crate::model::{Person, RatingKind, RelationKind};
use crate::store::{snapshots, UndoLabel, Workspace};

/// One state of an account to compare: now, or a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum State {
    Now,
    Snapshot(String),
}

/// A person as a comparison names them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonRef {
    pub id: String,
    pub name: String,
    pub title: String,
}

/// A rating that moved between the two states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RatingMove {
    pub person: PersonRef,
    pub rating: RatingKind,
    /// `None`: unknown.
    pub before: Option<u8>,
    pub after: Option<u8>,
}

impl RatingMove {
    /// +1 up, -1 down, 0 to or from unknown.
    pub fn direction(&self) -> i8 {
        match (self.before, self.after) {
            (Some(b), Some(a)) if a > b => 1,
            (Some(b), Some(a)) if a < b => -1,
            _ => 0,
        }
    }
}

/// A line added or removed between the two states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LineRef {
    pub kind: RelationKind,
    pub from: PersonRef,
    pub to: PersonRef,
    pub strength: u8,
    pub sign: i8,
}

/// What changed on an account between two states (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Comparison {
    pub account_name: String,
    pub before: State,
    pub after: State,
    /// The snapshot's name, or "now".
    pub before_label: String,
    pub after_label: String,
    /// When each state was: the snapshot's time, or the time of the comparison.
    pub before_at: String,
    pub after_at: String,
    pub people_added: Vec<PersonRef>,
    pub people_removed: Vec<PersonRef>,
    pub rating_moves: Vec<RatingMove>,
    pub lines_added: Vec<LineRef>,
    pub lines_removed: Vec<LineRef>,
    /// Key persons (present in both) who became a coverage gap, and who stopped being one.
    pub gaps_opened: Vec<PersonRef>,
    pub gaps_closed: Vec<PersonRef>,
    pub status_before: MapStatus,
    pub status_after: MapStatus,
}

impl Comparison {
    /// True when nothing listed changed (the map status may still be the same).
    pub fn is_empty(&self) -> bool {
        self.people_added.is_empty()
            && self.people_removed.is_empty()
            && self.rating_moves.is_empty()
            && self.lines_added.is_empty()
            && self.lines_removed.is_empty()
            && self.gaps_opened.is_empty()
            && self.gaps_closed.is_empty()
    }
}

fn person_ref(p: &Person) -> PersonRef {
    PersonRef {
        id: p.id.clone(),
        name: p.name.clone(),
        title: p.title.clone(),
    }
}

fn people_of(doc: &AccountDoc) -> Vec<Person> {
    doc.people.iter().map(|p| p.person.clone()).collect()
}

/// Compares two documents of the same account (see the module documentation).
pub fn compare_docs(before: &AccountDoc, after: &AccountDoc, threshold: f64) -> Comparison {
    let (pb, pa) = (people_of(before), people_of(after));
    let by_b: HashMap<&str, &Person> = pb.iter().map(|p| (p.id.as_str(), p)).collect();
    let by_a: HashMap<&str, &Person> = pa.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut people_added: Vec<PersonRef> = pa
        .iter()
        .filter(|p| !by_b.contains_key(p.id.as_str()))
        .map(person_ref)
        .collect();
    let mut people_removed: Vec<PersonRef> = pb
        .iter()
        .filter(|p| !by_a.contains_key(p.id.as_str()))
        .map(person_ref)
        .collect();
    people_added.sort_by(|a, b| a.name.cmp(&b.name));
    people_removed.sort_by(|a, b| a.name.cmp(&b.name));

    let mut rating_moves = Vec::new();
    for a in &pa {
        let Some(b) = by_b.get(a.id.as_str()) else {
            continue;
        };
        for kind in RatingKind::ALL {
            let (vb, va) = (b.ratings.get(*kind), a.ratings.get(*kind));
            if vb != va {
                rating_moves.push(RatingMove {
                    person: person_ref(a),
                    rating: *kind,
                    before: vb,
                    after: va,
                });
            }
        }
    }
    rating_moves.sort_by(|x, y| x.person.name.cmp(&y.person.name));

    let both = |id: &str| by_a.contains_key(id) && by_b.contains_key(id);
    type Key = (RelationKind, String, String);
    let lines = |doc: &AccountDoc, people: &HashMap<&str, &Person>| -> HashMap<Key, LineRef> {
        doc.relations
            .iter()
            .map(|l| &l.relation)
            .filter(|r| both(&r.from) && both(&r.to))
            .filter_map(|r| {
                let (f, t) = (people.get(r.from.as_str())?, people.get(r.to.as_str())?);
                Some((
                    (r.kind, r.from.clone(), r.to.clone()),
                    LineRef {
                        kind: r.kind,
                        from: person_ref(f),
                        to: person_ref(t),
                        strength: r.strength,
                        sign: r.sign,
                    },
                ))
            })
            .collect()
    };
    let (lb, la) = (lines(before, &by_b), lines(after, &by_a));
    let mut lines_added: Vec<LineRef> = la
        .iter()
        .filter(|(k, _)| !lb.contains_key(*k))
        .map(|(_, l)| l.clone())
        .collect();
    let mut lines_removed: Vec<LineRef> = lb
        .iter()
        .filter(|(k, _)| !la.contains_key(*k))
        .map(|(_, l)| l.clone())
        .collect();
    let line_order = |x: &LineRef, y: &LineRef| {
        (&x.from.name, &x.to.name, x.kind.as_str()).cmp(&(
            &y.from.name,
            &y.to.name,
            y.kind.as_str(),
        ))
    };
    lines_added.sort_by(line_order);
    lines_removed.sort_by(line_order);

    let rb: Vec<_> = before
        .relations
        .iter()
        .map(|l| l.relation.clone())
        .collect();
    let ra: Vec<_> = after.relations.iter().map(|l| l.relation.clone()).collect();
    let (ab, aa) = (
        analysis::analyze(&pb, &rb, threshold),
        analysis::analyze(&pa, &ra, threshold),
    );
    let gaps = |an: &analysis::Analysis| -> HashSet<String> {
        an.coverage_gaps
            .iter()
            .map(|g| g.person.clone())
            .filter(|id| both(id))
            .collect()
    };
    let (gb, ga) = (gaps(&ab), gaps(&aa));
    let mut gaps_opened: Vec<PersonRef> = ga
        .difference(&gb)
        .filter_map(|id| by_a.get(id.as_str()).map(|p| person_ref(p)))
        .collect();
    let mut gaps_closed: Vec<PersonRef> = gb
        .difference(&ga)
        .filter_map(|id| by_a.get(id.as_str()).map(|p| person_ref(p)))
        .collect();
    gaps_opened.sort_by(|a, b| a.name.cmp(&b.name));
    gaps_closed.sort_by(|a, b| a.name.cmp(&b.name));

    Comparison {
        account_name: after.account.name.clone(),
        before: State::Now,
        after: State::Now,
        before_label: String::new(),
        after_label: String::new(),
        before_at: String::new(),
        after_at: String::new(),
        people_added,
        people_removed,
        rating_moves,
        lines_added,
        lines_removed,
        gaps_opened,
        gaps_closed,
        status_before: ab.map_status,
        status_after: aa.map_status,
    }
}

/// One point of a person's rating trend: the three ratings from this time on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrendPoint {
    /// RFC 3339.
    pub at: String,
    pub intimacy: Option<u8>,
    pub solution: Option<u8>,
    pub price: Option<u8>,
}

/// A person's ratings over time, and the reviews (snapshots) of their account to mark on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Trend {
    pub person_id: String,
    /// One point per recorded change (the ratings after it), oldest first.
    pub points: Vec<TrendPoint>,
    /// The account's snapshots, oldest first, with this person's ratings in each (`None`
    /// when they were not on the map then).
    pub reviews: Vec<(Snapshot, Option<TrendPoint>)>,
}

impl Workspace {
    /// Freezes the account as it is now, named (e.g. "FY26 Q3 review"). One undo step.
    pub fn take_snapshot(&mut self, account_id: &str, name: &str) -> Result<Snapshot> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", Reason::Required));
        }
        crate::model::check_text("name", name)?;
        let doc = AccountDoc::load(self, account_id)?;
        let people = doc
            .people
            .iter()
            .filter(|p| p.person.side.is_account_bound())
            .count() as u32;
        let lines = doc.relations.len() as u32;
        let body = serde_json::to_string(&doc).map_err(|e| {
            Error::invalid(
                "snapshot",
                Reason::Internal {
                    detail: e.to_string(),
                },
            )
        })?;
        let id = crate::store::new_id();
        self.write_step(UndoLabel::TakeSnapshot, |tx| {
            snapshots::insert(tx, &id, account_id, name, people, lines, &body)
        })?;
        self.snapshot(&id)
    }

    /// One snapshot, or [`Error::NotFound`].
    pub fn snapshot(&self, id: &str) -> Result<Snapshot> {
        snapshots::get(self.conn(), id)?.ok_or_else(|| Error::NotFound {
            what: "snapshot",
            id: id.to_string(),
        })
    }

    /// The snapshots of an account, newest first.
    pub fn snapshots(&self, account_id: &str) -> Result<Vec<Snapshot>> {
        snapshots::list(self.conn(), account_id)
    }

    /// The account as the snapshot froze it.
    pub fn snapshot_doc(&self, id: &str) -> Result<AccountDoc> {
        let body = snapshots::body(self.conn(), id)?.ok_or_else(|| Error::NotFound {
            what: "snapshot",
            id: id.to_string(),
        })?;
        serde_json::from_str(&body).map_err(|e| Error::Corrupt {
            path: self.path().to_path_buf(),
            detail: format!("snapshot {id} cannot be read: {e}"),
        })
    }

    /// Deletes a snapshot (one undo step). Snapshots cannot be changed, only deleted.
    pub fn delete_snapshot(&mut self, id: &str) -> Result<()> {
        self.snapshot(id)?;
        self.write_step(UndoLabel::DeleteSnapshot, |tx| snapshots::delete(tx, id))
    }

    fn state_doc(&self, account_id: &str, state: &State) -> Result<(AccountDoc, String, String)> {
        match state {
            State::Now => Ok((
                AccountDoc::load(self, account_id)?,
                "now".to_string(),
                self.now(),
            )),
            State::Snapshot(id) => {
                let s = self.snapshot(id)?;
                if s.account_id != account_id {
                    return Err(Error::invalid(
                        "snapshot",
                        Reason::SnapshotOfOtherAccount {
                            name: s.name.clone(),
                        },
                    ));
                }
                Ok((self.snapshot_doc(id)?, s.name, s.taken_at))
            }
        }
    }

    /// Compares two states of an account (see the module documentation).
    pub fn compare(
        &self,
        account_id: &str,
        before: &State,
        after: &State,
        threshold: f64,
    ) -> Result<Comparison> {
        let threshold = analysis::check_threshold(threshold)?;
        self.account(account_id)?;
        let (db, lb, tb) = self.state_doc(account_id, before)?;
        let (da, la, ta) = self.state_doc(account_id, after)?;
        let mut c = compare_docs(&db, &da, threshold);
        c.before = before.clone();
        c.after = after.clone();
        c.before_label = lb;
        c.after_label = la;
        c.before_at = tb;
        c.after_at = ta;
        Ok(c)
    }

    /// A person's ratings over time (see [`Trend`]).
    pub fn rating_trend(&self, person_id: &str) -> Result<Trend> {
        let person = self.person(person_id)?;
        let history = self.rating_history(person_id)?;
        let mut current = TrendPoint {
            at: String::new(),
            intimacy: None,
            solution: None,
            price: None,
        };
        let mut points: Vec<TrendPoint> = Vec::new();
        for change in history {
            match change.rating {
                RatingKind::Intimacy => current.intimacy = change.value,
                RatingKind::Solution => current.solution = change.value,
                RatingKind::Price => current.price = change.value,
            }
            current.at = change.changed_at.clone();
            match points.last_mut() {
                Some(last) if last.at == current.at => *last = current.clone(),
                _ => points.push(current.clone()),
            }
        }
        let mut reviews = Vec::new();
        if let Some(account) = &person.account_id {
            let mut snaps = self.snapshots(account)?;
            snaps.reverse();
            for s in snaps {
                let doc = self.snapshot_doc(&s.id)?;
                let then = doc
                    .people
                    .iter()
                    .find(|p| p.person.id == person_id)
                    .map(|p| TrendPoint {
                        at: s.taken_at.clone(),
                        intimacy: p.person.ratings.intimacy,
                        solution: p.person.ratings.solution,
                        price: p.person.ratings.price,
                    });
                reviews.push((s, then));
            }
        }
        Ok(Trend {
            person_id: person_id.to_string(),
            points,
            reviews,
        })
    }

    /// The newest snapshot's time of an account, if any.
    pub fn last_review(&self, account_id: &str) -> Result<Option<String>> {
        snapshots::last_taken(self.conn(), account_id)
    }
}

/// A rating's name in `lang` (the glossary's terms).
pub fn rating_name(kind: RatingKind, lang: crate::model::Lang) -> &'static str {
    let ja = lang == crate::model::Lang::Ja;
    match kind {
        RatingKind::Intimacy => {
            if ja {
                "親密度"
            } else {
                "intimacy"
            }
        }
        RatingKind::Solution => {
            if ja {
                "ソリューション受容度"
            } else {
                "solution acceptance"
            }
        }
        RatingKind::Price => {
            if ja {
                "価格受容度"
            } else {
                "price acceptance"
            }
        }
    }
}

/// A map status's name in `lang`.
pub fn status_name(status: MapStatus, lang: crate::model::Lang) -> &'static str {
    let ja = lang == crate::model::Lang::Ja;
    match status {
        MapStatus::Red => {
            if ja {
                "赤"
            } else {
                "red"
            }
        }
        MapStatus::Amber => {
            if ja {
                "黄"
            } else {
                "amber"
            }
        }
        MapStatus::Green => {
            if ja {
                "緑"
            } else {
                "green"
            }
        }
    }
}

/// ▲ up, ▼ down, ◆ to or from unknown.
pub fn move_symbol(m: &RatingMove) -> &'static str {
    match m.direction() {
        1 => "▲",
        -1 => "▼",
        _ => "◆",
    }
}

/// The comparison as one printable, self-contained HTML page (no script, no network), in
/// English or Japanese: what a review meeting hands round.
pub fn summary_html(c: &Comparison, lang: crate::model::Lang) -> String {
    let ja = lang == crate::model::Lang::Ja;
    let t = |en: &'static str, jp: &'static str| if ja { jp } else { en };
    let rating = |k: RatingKind| rating_name(k, lang);
    let value =
        |v: Option<u8>| v.map_or_else(|| t("unknown", "不明").to_string(), |v| v.to_string());
    let status = |s: MapStatus| status_name(s, lang);
    let kind = |k: RelationKind| match k {
        RelationKind::ReportsTo => t("reports to", "報告関係"),
        RelationKind::DottedLine => t("dotted line to", "点線の報告関係"),
        RelationKind::Influence => t("influences", "影響関係"),
        RelationKind::Covers => t("covers", "カバレッジ"),
    };
    let mut body = String::new();
    let section = |body: &mut String, title: &str, items: Vec<String>| {
        body.push_str(&format!("<h2>{}</h2>", esc(title)));
        if items.is_empty() {
            body.push_str(&format!("<p class=\"none\">{}</p>", t("None.", "なし")));
        } else {
            body.push_str("<ul>");
            for i in items {
                body.push_str(&format!("<li>{i}</li>"));
            }
            body.push_str("</ul>");
        }
    };
    let who = |p: &PersonRef| {
        if p.title.is_empty() {
            esc(&p.name)
        } else {
            format!(
                "{} <span class=\"muted\">({})</span>",
                esc(&p.name),
                esc(&p.title)
            )
        }
    };
    section(
        &mut body,
        t("People added", "加わった人物"),
        c.people_added.iter().map(who).collect(),
    );
    section(
        &mut body,
        t("People removed", "いなくなった人物"),
        c.people_removed.iter().map(who).collect(),
    );
    section(
        &mut body,
        t("Ratings that moved", "評価の変化"),
        c.rating_moves
            .iter()
            .map(|m| {
                format!(
                    "{} {}: {} {} → {}",
                    move_symbol(m),
                    who(&m.person),
                    rating(m.rating),
                    esc(&value(m.before)),
                    esc(&value(m.after))
                )
            })
            .collect(),
    );
    let line = |l: &LineRef| {
        format!(
            "{} {} {}{}",
            esc(&l.from.name),
            kind(l.kind),
            esc(&l.to.name),
            if l.sign < 0 {
                t(" (negative)", "（負）")
            } else {
                ""
            }
        )
    };
    section(
        &mut body,
        t("Lines added", "加わった関係"),
        c.lines_added.iter().map(line).collect(),
    );
    section(
        &mut body,
        t("Lines removed", "なくなった関係"),
        c.lines_removed.iter().map(line).collect(),
    );
    section(
        &mut body,
        t("Coverage gaps opened", "新たなカバレッジの空白"),
        c.gaps_opened.iter().map(who).collect(),
    );
    section(
        &mut body,
        t("Coverage gaps closed", "解消したカバレッジの空白"),
        c.gaps_closed.iter().map(who).collect(),
    );
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{title}</title><style>body{{font-family:'Noto Sans CJK JP','Noto Sans',sans-serif;max-width:50em;margin:2em auto;color:#222}}\
         h1{{font-size:1.4em}}h2{{font-size:1.1em;margin-top:1.4em;border-bottom:1px solid #ccc}}.muted,.none{{color:#777}}\
         @media print{{body{{margin:0}}}}</style></head><body><h1>{title}</h1>\
         <p>{from} <b>{before}</b> ({before_at}) → <b>{after}</b> ({after_at})</p>\
         <p>{status_label}: {status_before} → {status_after}</p>{body}</body></html>",
        lang = if ja { "ja" } else { "en" },
        title = esc(&format!("{}: {}", c.account_name, t("review", "レビュー"))),
        from = t("Compared:", "比較:"),
        before = esc(&c.before_label),
        before_at = esc(&c.before_at),
        after = esc(&c.after_label),
        after_at = esc(&c.after_at),
        status_label = t("Map status", "マップの状態"),
        status_before = status(c.status_before),
        status_after = status(c.status_after),
    )
}
