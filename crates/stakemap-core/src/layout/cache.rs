//! The laid-out maps of the last reads, kept in the open workspace with everything they were
//! computed from. The window reads the map again after every edit; an edit that changes
//! nothing the layout and the router read (a rating, a note, a line's strength) then costs
//! the read from the file, not a new layout and routing. Any change to what they read (a
//! person added, removed or moved to another side or department, a line added, removed or
//! re-pointed, a card placed by hand, a team folded) makes a different key and a new layout.

use std::collections::{HashMap, HashSet};

use super::{ForestLayout, Route};
use crate::model::{Person, Ratings, Relation, RelationKind};

/// How many maps are kept (the whole account and its folded view, for a few accounts).
const KEPT: usize = 6;

/// Everything of a map's data the automatic layout and the line router read.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutKey {
    account: String,
    /// The people in the order read, without what no layout reads (ratings, notes,
    /// contact details).
    people: Vec<Person>,
    relations: Vec<(String, RelationKind, String, String)>,
    /// Manual positions by person, as bits (exact).
    manual: Vec<(String, u64, u64)>,
    collapsed: Vec<String>,
}

impl LayoutKey {
    pub fn new(
        account: &str,
        people: &[Person],
        relations: &[Relation],
        manual: &HashMap<String, (f64, f64)>,
        collapsed: &HashSet<String>,
    ) -> Self {
        let people = people
            .iter()
            .map(|p| Person {
                ratings: Ratings::default(),
                notes: String::new(),
                email: String::new(),
                phone: String::new(),
                ..p.clone()
            })
            .collect();
        let relations = relations
            .iter()
            .map(|r| (r.id.clone(), r.kind, r.from.clone(), r.to.clone()))
            .collect();
        let mut manual: Vec<(String, u64, u64)> = manual
            .iter()
            .map(|(id, &(x, y))| (id.clone(), x.to_bits(), y.to_bits()))
            .collect();
        manual.sort();
        let mut collapsed: Vec<String> = collapsed.iter().cloned().collect();
        collapsed.sort();
        LayoutKey {
            account: account.to_string(),
            people,
            relations,
            manual,
            collapsed,
        }
    }
}

/// The automatic layout and the routes of one map.
#[derive(Debug, Clone, PartialEq)]
pub struct Laid {
    pub auto: ForestLayout,
    pub routes: Vec<Route>,
}

/// The last maps computed, newest last.
#[derive(Debug, Default)]
pub struct MapCache {
    entries: Vec<(LayoutKey, Laid)>,
}

impl MapCache {
    /// The cache kept in a workspace's opaque slot, put there on first use.
    pub fn in_slot(slot: &mut Option<Box<dyn std::any::Any + Send>>) -> &mut MapCache {
        if !slot.as_ref().is_some_and(|b| b.is::<MapCache>()) {
            *slot = Some(Box::new(MapCache::default()));
        }
        slot.as_mut()
            .and_then(|b| b.downcast_mut::<MapCache>())
            .expect("a map cache was just put in the slot")
    }

    /// The layout of `key`, computed by `make` unless kept from an earlier read.
    pub fn get_or(&mut self, key: LayoutKey, make: impl FnOnce() -> Laid) -> Laid {
        if let Some(i) = self.entries.iter().position(|(k, _)| *k == key) {
            let entry = self.entries.remove(i);
            let laid = entry.1.clone();
            self.entries.push(entry);
            return laid;
        }
        let laid = make();
        if self.entries.len() >= KEPT {
            self.entries.remove(0);
        }
        self.entries.push((key, laid.clone()));
        laid
    }

    /// Forgets every map (the file was replaced).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
