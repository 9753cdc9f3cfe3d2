//! What if someone left: the key persons we would lose touch with and the levers lost.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Person, Relation};

use super::{run, GapKind, Lever, Settings};

/// What the account would lose if one person left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Departure {
    /// Who leaves.
    pub person: String,
    /// Key persons reached today who would be reached by none of our staff.
    pub uncovered: Vec<String>,
    /// Key persons well covered today (best reach 0.5 or more) who would be only weakly.
    pub weakened: Vec<String>,
    /// Levers of today that would be gone (the person's own, and those whose path runs
    /// through them).
    pub levers_lost: Vec<Lever>,
}

/// What if `person` left (see [`Departure`]): the analysis without them and their lines,
/// compared with the analysis now. [`Error::NotFound`] when `person` is not among `people`.
pub fn without(
    people: &[Person],
    relations: &[Relation],
    person: &str,
    settings: Settings,
) -> Result<Departure> {
    if !people.iter().any(|p| p.id == person) {
        return Err(Error::NotFound {
            what: "person",
            id: person.to_string(),
        });
    }
    let before = run(people, relations, settings, false);
    let rest: Vec<Person> = people.iter().filter(|p| p.id != person).cloned().collect();
    let lines: Vec<Relation> = relations
        .iter()
        .filter(|r| r.from != person && r.to != person)
        .cloned()
        .collect();
    let after = run(&rest, &lines, settings, false);
    let gap = |a: &super::Analysis, k: &str| {
        a.coverage_gaps
            .iter()
            .find(|g| g.person == k)
            .map(|g| g.kind)
    };
    let mut uncovered = Vec::new();
    let mut weakened = Vec::new();
    for k in after.key_persons.iter() {
        match (gap(&before, k), gap(&after, k)) {
            (Some(GapKind::Uncovered), _) => {}
            (_, Some(GapKind::Uncovered)) => uncovered.push(k.clone()),
            (None, Some(GapKind::Weak)) => weakened.push(k.clone()),
            _ => {}
        }
    }
    let levers_lost = before
        .levers
        .into_iter()
        .filter(|l| {
            !after
                .levers
                .iter()
                .any(|m| m.kind == l.kind && m.person == l.person && m.key_person == l.key_person)
        })
        .collect();
    Ok(Departure {
        person: person.to_string(),
        uncovered,
        weakened,
        levers_lost,
    })
}
