//! The account as stored: its people, their managers and the ids they had in earlier
//! imports, with the indexes a record is matched by.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;
use crate::model::{PersonInput, RelationKind};
use crate::store;

use super::super::mapping::name_key;

pub(super) struct Stored {
    pub(super) id: String,
    pub(super) input: PersonInput,
    pub(super) manager: Option<String>,
}

pub(super) struct Existing {
    pub(super) account_id: Option<String>,
    pub(super) account_name: String,
    pub(super) people: Vec<Stored>,
    /// Person id → index in `people`.
    pub(super) index: HashMap<String, usize>,
    pub(super) by_source: HashMap<String, usize>,
    pub(super) by_email: HashMap<String, Vec<usize>>,
    pub(super) by_name: HashMap<String, Vec<usize>>,
}

impl Existing {
    pub(super) fn load(conn: &Connection, account_name: &str) -> Result<Existing> {
        let account = store::accounts::by_name(conn, account_name)?;
        let mut existing = Existing {
            account_id: account.as_ref().map(|a| a.id.clone()),
            account_name: account.map_or_else(|| account_name.to_string(), |a| a.name),
            people: Vec::new(),
            index: HashMap::new(),
            by_source: HashMap::new(),
            by_email: HashMap::new(),
            by_name: HashMap::new(),
        };
        let Some(account_id) = existing.account_id.clone() else {
            return Ok(existing);
        };
        for p in store::import::people_in_stored_order(conn, &account_id)? {
            let stored = Stored {
                input: PersonInput {
                    id: None,
                    ..PersonInput::from(&p)
                },
                id: p.id,
                manager: None,
            };
            let i = existing.people.len();
            existing.index.insert(stored.id.clone(), i);
            let email = stored.input.email.trim().to_lowercase();
            if !email.is_empty() {
                existing.by_email.entry(email).or_default().push(i);
            }
            let key = name_key(&stored.input.name);
            if !key.is_empty() {
                existing.by_name.entry(key).or_default().push(i);
            }
            existing.people.push(stored);
        }
        // A person has at most one reporting line on an account.
        store::each_on_account(conn, &account_id, |r, _| {
            if r.kind != RelationKind::ReportsTo {
                return Ok(());
            }
            if let (Some(&i), true) = (
                existing.index.get(&r.from),
                existing.index.contains_key(&r.to),
            ) {
                existing.people[i].manager = Some(r.to);
            }
            Ok(())
        })?;
        for (source, person) in store::import::source_ids(conn, &account_id)? {
            if let Some(&i) = existing.index.get(&person) {
                existing.by_source.insert(source, i);
            }
        }
        Ok(existing)
    }

    /// The stored person with this source id or person id.
    pub(super) fn by_id(&self, id: &str) -> Option<usize> {
        self.by_source
            .get(id)
            .or_else(|| self.index.get(id))
            .copied()
    }
}
