//! Checking account documents before anything of them is read into a workspace, and
//! normalising them as the store keeps them.

use crate::error::Reason;
use std::collections::{HashMap, HashSet};

use super::clean::clean_in_place;
use super::{AccountDoc, FORMAT, VERSION};
use crate::error::{Error, Result};
use crate::model::{Person, RatingKind, RelationKind, Side, TeamRole};

/// Checks a set of documents before anything of them is read into the workspace: every
/// value in range, every reference to something in the same document, each person with at
/// most one manager. Returns the reason of the first problem.
pub(crate) fn check_docs(docs: &[AccountDoc]) -> std::result::Result<(), String> {
    let mut accounts = HashSet::new();
    for doc in docs {
        check_doc(doc)?;
        if !accounts.insert(doc.account.id.as_str()) {
            return Err(format!(
                "it holds the account '{}' twice",
                doc.account.name.trim()
            ));
        }
    }
    Ok(())
}

fn check_doc(doc: &AccountDoc) -> std::result::Result<(), String> {
    if doc.format != FORMAT {
        return Err(format!(
            "it is not a Stakemap account export (its format is '{}')",
            doc.format
        ));
    }
    if doc.version == 0 || doc.version > VERSION {
        return Err(format!(
            "it has export version {}; this version of Stakemap reads 1 to {VERSION}",
            doc.version
        ));
    }
    let a = &doc.account;
    let name = a.name.trim();
    if a.id.trim().is_empty() || name.is_empty() {
        return Err("an account has no id or no name".into());
    }
    let bad = |what: String| Err(format!("account '{name}': {what}"));
    let id_ok = |id: &str| !id.trim().is_empty() && id.len() <= 200;

    let mut people: HashMap<&str, &Person> = HashMap::new();
    for dp in &doc.people {
        let p = &dp.person;
        if !id_ok(&p.id) {
            return bad(format!(
                "the person '{}' has no id or one longer than 200 characters",
                p.name
            ));
        }
        if people.insert(p.id.as_str(), p).is_some() {
            return bad(format!("the person id '{}' is used twice", p.id));
        }
        if p.name.trim().is_empty() {
            return bad(format!("the person '{}' has no name", p.id));
        }
        let want = p.side.is_account_bound().then_some(a.id.as_str());
        if p.account_id.as_deref() != want {
            return bad(format!(
                "{} belongs to another account than the file's",
                p.name
            ));
        }
        if p.level.is_some_and(|l| !(1..=99).contains(&l)) {
            return bad(format!("{} has a level out of range (1 to 99)", p.name));
        }
        for kind in RatingKind::ALL {
            if p.ratings.get(*kind).is_some_and(|v| !(1..=5).contains(&v)) {
                return bad(format!("{}'s {kind} is out of range (1 to 5)", p.name));
            }
        }
    }
    let person = |id: &str, what: &str| -> std::result::Result<&Person, String> {
        people
            .get(id)
            .copied()
            .ok_or_else(|| format!("account '{name}': {what} refers to '{id}', who is not in it"))
    };

    let mut lines = HashSet::new();
    let mut managers: HashMap<&str, &str> = HashMap::new();
    for dl in &doc.relations {
        let l = &dl.relation;
        if !id_ok(&l.id) || !lines.insert(l.id.as_str()) {
            return bad(format!("a line has no id or the id '{}' twice", l.id));
        }
        if l.account_id != a.id {
            return bad(format!("the line '{}' belongs to another account", l.id));
        }
        let from = person(&l.from, "a line")?;
        let to = person(&l.to, "a line")?;
        if from.id == to.id {
            return bad(format!("a line goes from {} to themselves", from.name));
        }
        if !(1..=3).contains(&l.strength) || (l.sign != 1 && l.sign != -1) {
            return bad(format!(
                "the line from {} to {} has a strength or sign out of range",
                from.name, to.name
            ));
        }
        match l.kind {
            RelationKind::ReportsTo | RelationKind::DottedLine
                if !(from.side.is_account_bound() && to.side.is_account_bound()) =>
            {
                return bad(format!(
                    "{} and {} are joined by a reporting line but are not both of the account",
                    from.name, to.name
                ));
            }
            RelationKind::Covers if from.side != Side::Ours || !to.side.is_account_bound() => {
                return bad(format!(
                    "coverage from {} to {} does not go from our staff to the account",
                    from.name, to.name
                ));
            }
            _ => {}
        }
        if l.kind == RelationKind::ReportsTo {
            if let Some(other) = managers.insert(l.from.as_str(), l.to.as_str()) {
                return bad(format!(
                    "{} reports to two managers, {} and {}",
                    from.name, people[other].name, to.name
                ));
            }
        }
    }

    let mut opportunities = HashSet::new();
    for o in &doc.opportunities {
        let o = &o.opportunity;
        if !id_ok(&o.id) || !opportunities.insert(o.id.as_str()) {
            return bad(format!(
                "an opportunity has no id or the id '{}' twice",
                o.id
            ));
        }
        if o.account_id != a.id {
            return bad(format!(
                "the opportunity '{}' belongs to another account",
                o.name
            ));
        }
        if o.name.trim().is_empty() {
            return bad("an opportunity has no name".into());
        }
        if !o.amount.is_finite() || o.amount < 0.0 {
            return bad(format!(
                "the opportunity '{}' has a negative amount",
                o.name
            ));
        }
    }
    for o in &doc.opportunities {
        let name = &o.opportunity.name;
        let mut members = HashSet::new();
        for m in &o.members {
            let p = person(&m.person_id, "a decision chain")?;
            if m.opportunity_id != o.opportunity.id
                || !p.side.is_account_bound()
                || !members.insert(m.person_id.as_str())
            {
                return bad(format!(
                    "the decision chain of '{name}' lists {} twice, under another opportunity, or though they are not of the account",
                    p.name
                ));
            }
        }
        let mut ids = HashSet::new();
        for l in &o.lines {
            let from = person(&l.from, "a deal line")?;
            let to = person(&l.to, "a deal line")?;
            if !id_ok(&l.id)
                || !ids.insert(l.id.as_str())
                || l.opportunity_id != o.opportunity.id
                || l.from == l.to
                || !(1..=3).contains(&l.strength)
                || (l.sign != 1 && l.sign != -1)
            {
                return bad(format!(
                    "the deal line of '{name}' from {} to {} has no id, a repeated id, the same two ends, or a strength or sign out of range",
                    from.name, to.name
                ));
            }
        }
    }
    let mut placed = HashSet::new();
    for pos in &doc.positions {
        person(&pos.person_id, "a card position")?;
        if !pos.x.is_finite() || !pos.y.is_finite() || !placed.insert(pos.person_id.as_str()) {
            return bad(format!(
                "the card position of '{}' is not a finite point or is there twice",
                pos.person_id
            ));
        }
    }
    let mut roles: HashSet<TeamRole> = HashSet::new();
    for m in &doc.team {
        let p = person(&m.person_id, "the account team")?;
        if p.side != Side::Ours || !roles.insert(m.role) {
            return bad(format!(
                "the team role {} is held twice or by someone not of our staff ({})",
                m.role, p.name
            ));
        }
    }
    for c in &doc.rating_history {
        person(&c.person_id, "the rating history")?;
        if c.value.is_some_and(|v| !(1..=5).contains(&v)) {
            return bad("a rating in the history is out of range (1 to 5)".into());
        }
    }
    if let Some(plan) = &doc.plan {
        let score = |v: Option<u8>| v.is_none_or(|v| (1..=5).contains(&v));
        if plan.account_id != a.id
            || !score(plan.potential)
            || !score(plan.contribution)
            || !(1..=24).contains(&plan.review_months)
            || plan
                .revenue_target
                .is_some_and(|t| !t.is_finite() || t < 0.0)
        {
            return bad("the account plan belongs to another account or has a score, interval or target out of range".into());
        }
    }
    let mut target_ids = HashSet::new();
    for t in &doc.targets {
        person(&t.person_id, "a network target")?;
        if !id_ok(&t.id)
            || !target_ids.insert(t.id.as_str())
            || t.account_id != a.id
            || !(1..=5).contains(&t.target)
        {
            return bad(format!(
                "the network target '{}' has no id, a repeated id, another account or a target out of range (1 to 5)",
                t.id
            ));
        }
    }
    let mut sources = HashSet::new();
    for s in &doc.source_ids {
        person(&s.person_id, "a source id")?;
        let n = s.source_id.chars().count();
        if !(1..=200).contains(&n) || !sources.insert(s.source_id.as_str()) {
            return bad(format!(
                "the source id '{}' is empty, longer than 200 characters or there twice",
                s.source_id
            ));
        }
    }
    Ok(())
}

/// The document as the store would keep it: names and short fields trimmed, roles sorted
/// and without repeats (so that comparisons see only real differences).
fn normalised(doc: &AccountDoc) -> AccountDoc {
    let mut doc = doc.clone();
    let trim = |s: &mut String| {
        let t = s.trim();
        if t.len() != s.len() {
            *s = t.to_string();
        }
    };
    // Control characters and direction overrides are taken out of a colleague's text as
    // out of an imported file (see `clean`).
    let line = |s: &mut String| {
        clean_in_place(s, false);
        trim(s);
    };
    line(&mut doc.account.name);
    line(&mut doc.account.industry);
    clean_in_place(&mut doc.account.notes, true);
    for dp in &mut doc.people {
        let p = &mut dp.person;
        for s in p.line_fields_mut() {
            line(s);
        }
        clean_in_place(&mut p.notes, true);
        p.roles.sort_by_key(|r| r.as_str());
        p.roles.dedup();
    }
    for o in &mut doc.opportunities {
        line(&mut o.opportunity.name);
        clean_in_place(&mut o.opportunity.notes, true);
    }
    for r in &mut doc.relations {
        clean_in_place(&mut r.relation.note, true);
    }
    doc
}

/// Checks `docs` (see [`check_docs`]) and answers them normalised.
pub(crate) fn prepare(docs: &[AccountDoc]) -> Result<Vec<AccountDoc>> {
    check_docs(docs).map_err(|detail| Error::invalid("file", Reason::Inconsistent { detail }))?;
    let docs: Vec<AccountDoc> = docs.iter().map(normalised).collect();
    // Again once cleaned: a name of control characters only is no name.
    check_docs(&docs).map_err(|detail| Error::invalid("file", Reason::Inconsistent { detail }))?;
    Ok(docs)
}
