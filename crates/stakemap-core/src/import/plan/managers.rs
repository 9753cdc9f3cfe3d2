//! The managers of an import: each record's manager found by id or name, or as the user
//! chose it; the rows whose reporting lines would make a cycle rejected; and the lines the
//! import sets, with what they change.

use std::collections::HashMap;

use super::super::mapping::name_key;
use super::super::note::{ImportNote, NoteKind};
use super::item::{Item, LineChange, Node, Target};
use super::records::Keeps;
use super::stored::Existing;
use super::{Ambiguity, Candidate, FieldChange, ImportSource, RowProblem, MAX_CANDIDATES};

fn candidate_key_line(line: u32) -> String {
    format!("line:{line}")
}

fn candidate_key_person(id: &str) -> String {
    format!("person:{id}")
}

/// Finds the cycles of a graph in which every node has at most one successor (each
/// person has at most one manager). Each cycle is listed from one of its nodes along the
/// reporting lines.
fn find_cycles(next: &HashMap<Node, Node>) -> Vec<Vec<Node>> {
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state: HashMap<Node, u8> = HashMap::with_capacity(next.len());
    let mut starts: Vec<Node> = next.keys().copied().collect();
    starts.sort_unstable();
    let mut cycles = Vec::new();
    let mut path: Vec<Node> = Vec::new();
    let mut position: HashMap<Node, usize> = HashMap::new();
    for start in starts {
        if state.contains_key(&start) {
            continue;
        }
        path.clear();
        position.clear();
        let mut node = start;
        loop {
            if let Some(&s) = state.get(&node) {
                if s == ON_PATH {
                    cycles.push(path[position[&node]..].to_vec());
                }
                break;
            }
            state.insert(node, ON_PATH);
            position.insert(node, path.len());
            path.push(node);
            match next.get(&node) {
                Some(&m) => node = m,
                None => break,
            }
        }
        for n in &path {
            state.insert(*n, DONE);
        }
    }
    cycles
}

/// The most names a cycle's reason lists, and the most characters of each.
const CYCLE_NAMES: usize = 20;
const CYCLE_NAME_CHARS: usize = 80;

/// Why the rows of a reporting cycle are rejected: the cycle's people in order, at most
/// [`CYCLE_NAMES`] of them (each cut at [`CYCLE_NAME_CHARS`] characters), and how many
/// more there are.
pub(super) fn cycle_reason<N: Copy>(cycle: &[N], name: impl Fn(N) -> String) -> ImportNote {
    let short = |n: N| {
        let full = name(n);
        match full.char_indices().nth(CYCLE_NAME_CHARS) {
            Some((at, _)) => format!("{}…", &full[..at]),
            None => full,
        }
    };
    let mut names: Vec<String> = cycle.iter().take(CYCLE_NAMES).map(|&n| short(n)).collect();
    if cycle.len() > CYCLE_NAMES {
        names.push(format!("… {} more", cycle.len() - CYCLE_NAMES));
    }
    if let Some(&first) = cycle.first() {
        names.push(short(first));
    }
    ImportNote::new(NoteKind::Cycle, &[("names", names.join(" → "))])
}

pub(super) struct Planner<'a> {
    pub(super) existing: &'a Existing,
    pub(super) items: Vec<Item>,
    /// Stored person → the record matched to it.
    pub(super) claimed: HashMap<usize, usize>,
}

impl Planner<'_> {
    pub(super) fn node_of(&self, i: usize) -> Node {
        match self.items[i].matched {
            Some(e) => Node::Stored(e),
            None => Node::New(i),
        }
    }

    /// A stored person, or the record matched to them.
    pub(super) fn stored_target(&self, e: usize) -> Target {
        match self.claimed.get(&e) {
            Some(&i) => Target::Record(i),
            None => Target::Person(e),
        }
    }

    /// Where a manager reference ends up: `None` for a rejected row that is nobody
    /// stored.
    pub(super) fn target_node(&self, t: Target) -> Option<Node> {
        match t {
            Target::Person(e) => Some(Node::Stored(e)),
            Target::Record(j) if self.items[j].rejected.is_none() => Some(self.node_of(j)),
            Target::Record(j) => self.items[j]
                .matched
                .or_else(|| {
                    let id = &self.items[j].source_id;
                    (!id.is_empty()).then(|| self.existing.by_id(id)).flatten()
                })
                .map(Node::Stored),
        }
    }

    pub(super) fn node_name(&self, n: Node) -> String {
        match n {
            Node::Stored(e) => match self.claimed.get(&e) {
                Some(&i) if self.items[i].rejected.is_none() => self.items[i].after.name.clone(),
                _ => self.existing.people[e].input.name.clone(),
            },
            Node::New(i) => self.items[i].name.clone(),
        }
    }

    pub(super) fn candidate(&self, t: Target) -> Candidate {
        match t {
            Target::Record(j) => {
                let item = &self.items[j];
                Candidate {
                    key: candidate_key_line(item.record.line),
                    name: item.name.clone(),
                    title: item.after.title.clone(),
                    department: item.after.department.clone(),
                    line: Some(item.record.line),
                }
            }
            Target::Person(e) => {
                let p = &self.existing.people[e];
                Candidate {
                    key: candidate_key_person(&p.id),
                    name: p.input.name.clone(),
                    title: p.input.title.clone(),
                    department: p.input.department.clone(),
                    line: None,
                }
            }
        }
    }

    /// The reporting lines after the import: the stored ones, replaced by the file's.
    /// Returns them and, for each line from the file, the record that gives it.
    pub(super) fn graph(&self) -> (HashMap<Node, Node>, HashMap<Node, usize>) {
        let mut next = HashMap::new();
        for (e, p) in self.existing.people.iter().enumerate() {
            if let Some(m) = p.manager.as_ref().and_then(|m| self.existing.index.get(m)) {
                next.insert(Node::Stored(e), Node::Stored(*m));
            }
        }
        let mut from_file = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            if item.rejected.is_some() {
                continue;
            }
            let Some(to) = item.manager.and_then(|t| self.target_node(t)) else {
                continue;
            };
            let from = self.node_of(i);
            if from != to {
                next.insert(from, to);
                from_file.insert(from, i);
            }
        }
        (next, from_file)
    }

    /// Rejects the rows whose reporting lines make a cycle, until none does.
    pub(super) fn reject_cycles(&mut self) {
        loop {
            let (next, from_file) = self.graph();
            let mut rejected_any = false;
            for cycle in find_cycles(&next) {
                let rows: Vec<usize> = cycle
                    .iter()
                    .filter_map(|n| from_file.get(n).copied())
                    .collect();
                if rows.is_empty() {
                    continue; // a cycle the account already had; not this file's doing
                }
                let reason = cycle_reason(&cycle, |n| self.node_name(n));
                // One reason per cycle: its first row carries the names, the others
                // point to that row, so the text does not grow with the square of the
                // cycle's length.
                let first_line = rows
                    .iter()
                    .map(|&i| self.items[i].record.line)
                    .min()
                    .unwrap_or(0);
                for i in rows {
                    let line = self.items[i].record.line;
                    self.items[i].rejected = Some(vec![if line == first_line {
                        reason.clone()
                    } else {
                        ImportNote::new(
                            NoteKind::OnCycle,
                            &[("first", first_line as usize), ("count", cycle.len())],
                        )
                    }]);
                    rejected_any = true;
                }
            }
            if !rejected_any {
                return;
            }
        }
    }
}

/// The records of the file by id (the first with each id), by name (those not rejected)
/// and by line, as manager references and the user's choices name them.
struct FileIndex {
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    by_line: HashMap<u32, usize>,
}

impl FileIndex {
    fn of(items: &[Item]) -> Self {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_line: HashMap<u32, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let id = item.record.id.trim();
            if !id.is_empty() {
                by_id.entry(id.to_string()).or_insert(i);
            }
            by_line.entry(item.record.line).or_insert(i);
            if item.rejected.is_none() {
                let key = name_key(&item.name);
                if !key.is_empty() {
                    by_name.entry(key).or_default().push(i);
                }
            }
        }
        FileIndex {
            by_id,
            by_name,
            by_line,
        }
    }
}

/// Finds the manager of every record that is not rejected: the one the user chose for its
/// line, else the one its manager id or name points to. Returns the manager names that
/// fit several people and the references that fit nobody.
pub(super) fn find_managers(
    planner: &mut Planner<'_>,
    source: &ImportSource,
    warnings: &mut Vec<ImportNote>,
) -> (Vec<Ambiguity>, Vec<RowProblem>) {
    let files = FileIndex::of(&planner.items);
    let resolutions: HashMap<u32, &Option<String>> = source
        .resolutions
        .iter()
        .map(|r| (r.line, &r.manager))
        .collect();
    let mut ambiguous = Vec::new();
    let mut unmatched = Vec::new();
    for i in 0..planner.items.len() {
        if planner.items[i].rejected.is_some() {
            continue;
        }
        let line = planner.items[i].record.line;
        if let Some(choice) = resolutions.get(&line) {
            if chosen_manager(planner, i, choice, &files.by_line, warnings) {
                continue;
            }
        }
        manager_from_file(planner, i, &files, &mut ambiguous, &mut unmatched);
    }
    (ambiguous, unmatched)
}

/// Sets the manager the user chose for record `i` (`None`: no manager). True when the
/// choice settles it; false, with a warning, when it names nobody of the file or the
/// account.
fn chosen_manager(
    planner: &mut Planner<'_>,
    i: usize,
    choice: &Option<String>,
    by_line: &HashMap<u32, usize>,
    warnings: &mut Vec<ImportNote>,
) -> bool {
    let existing = planner.existing;
    let Some(key) = choice else {
        return true; // the user chose: no manager
    };
    let target = if let Some(l) = key.strip_prefix("line:") {
        l.trim()
            .parse::<u32>()
            .ok()
            .and_then(|l| by_line.get(&l))
            .map(|&j| Target::Record(j))
    } else if let Some(id) = key.strip_prefix("person:") {
        existing.index.get(id).map(|&e| planner.stored_target(e))
    } else {
        None
    };
    match target {
        Some(t) if t != Target::Record(i) => {
            planner.items[i].manager = Some(t);
            true
        }
        _ => {
            let item = &planner.items[i];
            let (line, name) = (item.record.line, &item.name);
            warnings.push(ImportNote::new(
                NoteKind::ChoiceUnknown,
                &[
                    ("line", line.to_string()),
                    ("name", name.clone()),
                    ("key", key.clone()),
                ],
            ));
            false
        }
    }
}

/// Sets the manager that record `i`'s manager id (among the file's ids, then the
/// account's) or manager name (among the file's people and the account's) points to;
/// a name that fits several people is an ambiguity, a reference that fits nobody is
/// listed as unmatched.
fn manager_from_file(
    planner: &mut Planner<'_>,
    i: usize,
    files: &FileIndex,
    ambiguous: &mut Vec<Ambiguity>,
    unmatched: &mut Vec<RowProblem>,
) {
    let existing = planner.existing;
    let line = planner.items[i].record.line;
    let name = planner.items[i].name.clone();
    let manager_id = planner.items[i].record.manager_id.trim().to_string();
    let manager_name = planner.items[i].record.manager_name.trim().to_string();
    if !manager_id.is_empty() {
        let target = files
            .by_id
            .get(&manager_id)
            .map(|&j| Target::Record(j))
            .or_else(|| {
                existing
                    .by_id(&manager_id)
                    .map(|e| planner.stored_target(e))
            });
        match target {
            Some(t) if t == Target::Record(i) => unmatched.push(RowProblem {
                line,
                reasons: vec![ImportNote::new(
                    NoteKind::OwnManagerId,
                    &[("name", &name), ("id", &manager_id)],
                )],
            }),
            Some(t) => planner.items[i].manager = Some(t),
            None => unmatched.push(RowProblem {
                line,
                reasons: vec![ImportNote::new(
                    NoteKind::ManagerIdUnknown,
                    &[("name", &name), ("id", &manager_id)],
                )],
            }),
        }
    } else if !manager_name.is_empty() {
        let key = name_key(&manager_name);
        let mut candidates: Vec<Target> = Vec::new();
        for &j in files.by_name.get(&key).into_iter().flatten() {
            if j != i {
                candidates.push(Target::Record(j));
            }
        }
        for &e in existing.by_name.get(&key).into_iter().flatten() {
            let t = planner.stored_target(e);
            if t != Target::Record(i) && !candidates.contains(&t) {
                candidates.push(t);
            }
        }
        match candidates.len() {
            0 => unmatched.push(RowProblem {
                line,
                reasons: vec![ImportNote::new(
                    NoteKind::ManagerNameUnknown,
                    &[("name", &name), ("manager", &manager_name)],
                )],
            }),
            1 => planner.items[i].manager = Some(candidates[0]),
            _ => ambiguous.push(Ambiguity {
                line,
                name,
                manager_text: manager_name,
                candidates: candidates
                    .iter()
                    .take(MAX_CANDIDATES)
                    .map(|t| planner.candidate(*t))
                    .collect(),
            }),
        }
    }
}

/// The final lines and what they change: each record's manager after cycles and rejected
/// rows, whether it adds or changes a line, and the manager change of a stored person.
pub(super) fn settle_lines(
    planner: &mut Planner<'_>,
    unmatched: &mut Vec<RowProblem>,
    keep: &Keeps<'_>,
) {
    let existing = planner.existing;
    for i in 0..planner.items.len() {
        if planner.items[i].rejected.is_some() {
            continue;
        }
        let Some(t) = planner.items[i].manager else {
            continue;
        };
        let line = planner.items[i].record.line;
        let name = planner.items[i].name.clone();
        let node = planner.node_of(i);
        let to = match planner.target_node(t) {
            Some(to) if to == node => {
                unmatched.push(RowProblem {
                    line,
                    reasons: vec![ImportNote::new(NoteKind::OwnManager, &[("name", &name)])],
                });
                continue;
            }
            Some(to) => to,
            None => {
                let Target::Record(j) = t else { continue };
                let manager = &planner.items[j];
                unmatched.push(RowProblem {
                    line,
                    reasons: vec![ImportNote::new(
                        NoteKind::ManagerRejected,
                        &[
                            ("name", name.clone()),
                            ("manager", manager.name.clone()),
                            ("manager_line", manager.record.line.to_string()),
                        ],
                    )],
                });
                continue;
            }
        };
        planner.items[i].final_manager = Some(to);
        let old = planner.items[i].matched.and_then(|e| {
            existing.people[e]
                .manager
                .as_ref()
                .and_then(|m| existing.index.get(m).copied())
        });
        if matches!((old, to), (Some(o), Node::Stored(s)) if o == s) {
            continue;
        }
        let change = match (planner.items[i].matched, old) {
            (Some(_), Some(_)) => LineChange::Changed,
            _ => LineChange::Added,
        };
        let kept = planner.items[i].matched.is_some() && keep.keeps(line, "manager");
        if kept {
            // The user keeps the stored manager: the change is listed, not made.
            planner.items[i].final_manager = old.map(Node::Stored);
        } else {
            planner.items[i].line_change = Some(change);
        }
        if planner.items[i].matched.is_some() {
            let before = old
                .map(|o| existing.people[o].input.name.clone())
                .unwrap_or_default();
            let after = planner.node_name(to);
            planner.items[i].changes.push(FieldChange {
                field: "manager".to_string(),
                before,
                after,
                kept,
            });
        }
    }
}
