//! The key view of a map: the key persons, the people on the paths of their strongest
//! indirect key persons and on our best approach path to each (our staff on those paths
//! included); everyone else is folded into one "+N" box per team.
//!
//! A shown person's reporting line goes to their nearest shown manager (direct or not), so
//! the view stays an org chart. The people below a shown manager who are not shown make
//! that manager's "+N" box; the customer's people with no shown manager make one box
//! together, and so do the people outside the customer who are not shown.
//! The view is laid out anew by the map's own automatic layout. Time and memory are linear
//! in people and lines (plus the analysis).

use std::collections::{HashMap, HashSet};

use super::{ExportData, Fold};
use crate::analysis::{self, Analysis, Settings};
use crate::map::{self, Placement};
use crate::model::{Person, Relation, RelationKind, Side};

/// Indirect key persons kept per key person, strongest first, unless fewer are asked for.
pub const IKP_PER_KEY: usize = 3;

/// The analysis a key view is made from (on the data as it will be shown: after redaction,
/// a left-out line opens no path).
pub fn analysis(data: &ExportData) -> Analysis {
    analysis::analyze_with(&data.people, &data.relations, Settings::default())
}

/// The key view of all key persons, with the paths of up to `ikps` indirect key persons
/// each.
pub fn key_view(data: &ExportData, a: &Analysis, ikps: usize) -> ExportData {
    view(data, &seeds(data, a, None, ikps))
}

/// The key view of one key person: them, the paths of their `ikps` strongest indirect key
/// persons and our best path to them.
pub fn key_person_view(data: &ExportData, a: &Analysis, key: &str, ikps: usize) -> ExportData {
    view(data, &seeds(data, a, Some(key), ikps))
}

/// The key persons the map shows (in the order of the data), for pages of one each.
pub fn key_persons(data: &ExportData) -> Vec<String> {
    let known: HashSet<&str> = data.people.iter().map(|p| p.id.as_str()).collect();
    data.key_person_ids
        .iter()
        .filter(|k| known.contains(k.as_str()))
        .cloned()
        .collect()
}

fn seeds(data: &ExportData, a: &Analysis, only: Option<&str>, ikps: usize) -> HashSet<String> {
    let keys: Vec<String> = match only {
        Some(k) => vec![k.to_string()],
        None => key_persons(data),
    };
    let wanted: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let mut shown: HashSet<String> = keys.iter().cloned().collect();
    let mut per_key: HashMap<&str, usize> = HashMap::new();
    let mut found: Vec<_> = a
        .indirect_key_persons
        .iter()
        .filter(|i| wanted.contains(i.key_person.as_str()))
        .collect();
    found.sort_by(|x, y| y.reach.total_cmp(&x.reach));
    for i in found {
        let n = per_key.entry(i.key_person.as_str()).or_default();
        if *n < ikps {
            *n += 1;
            shown.extend(i.path.iter().cloned());
        }
    }
    for p in &a.approach_paths {
        if wanted.contains(p.key_person.as_str()) {
            shown.extend(p.path.iter().cloned());
        }
    }
    shown
}

/// The view of `data` with the people of `shown` (see the module documentation).
fn view(data: &ExportData, shown: &HashSet<String>) -> ExportData {
    let people: HashMap<&str, &Person> = data.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let is_shown = |id: &str| shown.contains(id) && people.contains_key(id);
    let customer = |id: &str| people.get(id).is_some_and(|p| p.side == Side::Customer);

    // Primary reporting lines between the customer's people, first one per report.
    let mut parent: HashMap<&str, &str> = HashMap::new();
    for r in &data.relations {
        if r.kind == RelationKind::ReportsTo
            && r.from != r.to
            && customer(&r.from)
            && customer(&r.to)
        {
            parent.entry(r.from.as_str()).or_insert(r.to.as_str());
        }
    }
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for (&c, &m) in &parent {
        children.entry(m).or_default().push(c);
    }
    let roots: Vec<&str> = data
        .people
        .iter()
        .filter(|p| p.side == Side::Customer && !parent.contains_key(p.id.as_str()))
        .map(|p| p.id.as_str())
        .collect();
    let nearest = nearest_shown(&roots, &children, &is_shown);

    // The "+N" boxes: the customer's people by their nearest shown manager (or none), and
    // everyone outside the customer together. A box of one shows that person instead (it
    // takes the same room); they have no one else below them in the box, so no other box
    // changes.
    let group = |p: &Person| -> Option<&str> {
        if p.side == Side::Customer {
            nearest.get(p.id.as_str()).copied().flatten()
        } else {
            Some("")
        }
    };
    let mut members: HashMap<(Option<&str>, bool), Vec<&str>> = HashMap::new();
    for p in &data.people {
        if !is_shown(&p.id) {
            members
                .entry((group(p), p.side == Side::Customer))
                .or_default()
                .push(p.id.as_str());
        }
    }
    let single: HashSet<&str> = members
        .values()
        .filter(|m| m.len() == 1)
        .map(|m| m[0])
        .collect();
    let is_shown = |id: &str| is_shown(id) || single.contains(id);
    let nearest = nearest_shown(&roots, &children, &is_shown);

    // The people shown, in the data's order, and the boxes.
    let mut out_people: Vec<Person> = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut fold_count: Vec<(String, Side, usize)> = Vec::new();
    let mut fold_index: HashMap<(Option<&str>, bool), usize> = HashMap::new();
    for p in &data.people {
        let id = p.id.as_str();
        let up = nearest.get(id).copied().flatten();
        if is_shown(id) {
            out_people.push(p.clone());
            if let Some(m) = up {
                relations.push(reports(&data.account.id, id, m));
            }
            continue;
        }
        let customer = p.side == Side::Customer;
        let team = if customer { up } else { None };
        let i = *fold_index.entry((team, customer)).or_insert_with(|| {
            fold_count.push((team.unwrap_or("").to_string(), p.side, 0));
            fold_count.len() - 1
        });
        fold_count[i].2 += 1;
    }
    let mut folds = Vec::new();
    for (i, (manager, side, count)) in fold_count.into_iter().enumerate() {
        let id = format!("fold-{i}");
        out_people.push(Person::bare(
            &id,
            Some(&data.account.id),
            side,
            &format!("+{count}"),
        ));
        let team = !manager.is_empty();
        if team {
            relations.push(reports(&data.account.id, &id, &manager));
        }
        folds.push(Fold { id, count, team });
    }
    // The other lines between people shown.
    for r in &data.relations {
        if r.kind != RelationKind::ReportsTo && is_shown(&r.from) && is_shown(&r.to) {
            relations.push(r.clone());
        }
    }

    let laid = map::auto_layout(&out_people, &relations, &HashSet::new());
    let placements = out_people
        .iter()
        .map(|p| {
            let pt = laid.positions.get(&p.id);
            Placement {
                person_id: p.id.clone(),
                x: pt.map_or(0.0, |p| p.x),
                y: pt.map_or(0.0, |p| p.y),
                manual: false,
                stacked: laid.stacked.contains(&p.id),
            }
        })
        .collect();
    // The lines routed around the cards where the key view puts them (the full map's
    // routes belong to other positions).
    let routes = crate::layout::route_lines(
        &relations,
        &crate::layout::drawn(&laid.positions, &laid.stacked, &laid.hidden),
    );
    let mut v = data.clone();
    v.key_person_ids.retain(|k| is_shown(k));
    v.people = out_people;
    v.relations = relations;
    v.routes = routes;
    // The key view places its cards itself: no department block stays as laid out.
    v.groups.clear();
    v.placements = placements;
    v.folds = folds;
    v
}

/// The nearest shown manager of everyone below `roots`, top down (people caught in a
/// reporting cycle have none).
fn nearest_shown<'a>(
    roots: &[&'a str],
    children: &HashMap<&'a str, Vec<&'a str>>,
    is_shown: &dyn Fn(&str) -> bool,
) -> HashMap<&'a str, Option<&'a str>> {
    let mut nearest: HashMap<&str, Option<&str>> = HashMap::new();
    let mut stack: Vec<&str> = roots.to_vec();
    for &r in &stack {
        nearest.insert(r, None);
    }
    while let Some(m) = stack.pop() {
        let up = if is_shown(m) { Some(m) } else { nearest[m] };
        for &c in children.get(m).map(Vec::as_slice).unwrap_or_default() {
            if !nearest.contains_key(c) {
                nearest.insert(c, up);
                stack.push(c);
            }
        }
    }
    nearest
}

fn reports(account: &str, from: &str, to: &str) -> Relation {
    Relation {
        id: format!("kv-{from}"),
        account_id: account.to_string(),
        kind: RelationKind::ReportsTo,
        from: from.to_string(),
        to: to.to_string(),
        strength: 2,
        sign: 1,
        note: String::new(),
    }
}
