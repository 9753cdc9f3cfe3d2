use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{new_id, people, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{Person, Relation, RelationInput, RelationKind, Side};

const COLUMNS: &str = "id, account_id, kind, from_id, to_id, strength, sign, note";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Relation> {
    let kind: String = r.get(2)?;
    Ok(Relation {
        id: r.get(0)?,
        account_id: r.get(1)?,
        kind: kind.parse().unwrap_or(RelationKind::Influence),
        from: r.get(3)?,
        to: r.get(4)?,
        strength: r.get(5)?,
        sign: r.get(6)?,
        note: r.get(7)?,
    })
}

pub(crate) fn list_for_account(conn: &Connection, account_id: &str) -> Result<Vec<Relation>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM relation WHERE account_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The primary manager of a person on an account, if any.
pub(crate) fn manager_of(
    conn: &Connection,
    account_id: &str,
    person_id: &str,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT to_id FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
            [account_id, person_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Refuses a reporting line that would make a cycle, naming the people on it.
fn check_no_cycle(
    conn: &Connection,
    account_id: &str,
    report: &Person,
    manager: &Person,
) -> Result<()> {
    let mut chain = vec![report.id.clone(), manager.id.clone()];
    let mut current = manager.id.clone();
    while let Some(next) = manager_of(conn, account_id, &current)? {
        if next == report.id {
            chain.push(next);
            let names = chain
                .iter()
                .map(|id| people::get(conn, id).map(|p| p.name))
                .collect::<Result<Vec<_>>>()?;
            return Err(Error::ReportingCycle { names });
        }
        if chain.contains(&next) {
            break; // an older cycle above; not this line's doing
        }
        chain.push(next.clone());
        current = next;
    }
    Ok(())
}

fn on_account(p: &Person, account_id: &str) -> bool {
    p.account_id.as_deref() == Some(account_id)
}

impl Workspace {
    pub fn relations(&self, account_id: &str) -> Result<Vec<Relation>> {
        list_for_account(self.conn(), account_id)
    }
}

impl Tx<'_> {
    /// Adds a line. A new primary reporting line replaces the person's previous manager.
    pub fn add_relation(&self, account_id: &str, input: &RelationInput) -> Result<Relation> {
        super::accounts::get(self.conn(), account_id)?;
        let strength = input.strength.unwrap_or(2);
        if !(1..=3).contains(&strength) {
            return Err(Error::invalid(
                "strength",
                format!("{strength} is out of range; use 1 (weak), 2 (medium) or 3 (strong)"),
            ));
        }
        let sign = input.sign.unwrap_or(1);
        if sign != 1 && sign != -1 {
            return Err(Error::invalid("sign", "use + (1) or - (-1)"));
        }
        if input.from == input.to {
            return Err(Error::invalid("line", "a line needs two different people"));
        }
        let from = people::get(self.conn(), &input.from)?;
        let to = people::get(self.conn(), &input.to)?;
        let visible = |p: &Person| on_account(p, account_id) || p.side == Side::Ours;
        if !visible(&from) || !visible(&to) {
            return Err(Error::invalid(
                "line",
                "both people must be on this account or on our own team",
            ));
        }
        match input.kind {
            RelationKind::ReportsTo | RelationKind::DottedLine => {
                if !on_account(&from, account_id) || !on_account(&to, account_id) {
                    return Err(Error::invalid(
                        "reporting line",
                        format!(
                            "{} and {} must both belong to this account",
                            from.name, to.name
                        ),
                    ));
                }
                if input.kind == RelationKind::ReportsTo {
                    check_no_cycle(self.conn(), account_id, &from, &to)?;
                    self.conn().execute(
                        "DELETE FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
                        [account_id, &from.id],
                    )?;
                }
            }
            RelationKind::Covers => {
                if from.side != Side::Ours || !on_account(&to, account_id) {
                    return Err(Error::invalid(
                        "coverage",
                        "coverage goes from one of our staff to a person of this account",
                    ));
                }
            }
            RelationKind::Influence => {}
        }
        let id = new_id();
        self.conn().execute(
            "INSERT INTO relation (id, account_id, kind, from_id, to_id, strength, sign, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                account_id,
                input.kind.as_str(),
                from.id,
                to.id,
                strength,
                sign,
                input.note,
                self.now()
            ],
        )?;
        Ok(self.conn().query_row(
            &format!("SELECT {COLUMNS} FROM relation WHERE id = ?1"),
            [&id],
            from_row,
        )?)
    }

    /// The line of this kind from `from` to `to`, if there is one.
    pub fn find_relation(
        &self,
        account_id: &str,
        kind: RelationKind,
        from: &str,
        to: &str,
    ) -> Result<Option<Relation>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM relation
                     WHERE account_id = ?1 AND kind = ?2 AND from_id = ?3 AND to_id = ?4
                     ORDER BY created_at, id LIMIT 1"
                ),
                params![account_id, kind.as_str(), from, to],
                from_row,
            )
            .optional()?)
    }

    /// Changes a line's strength, sign and note (its ends and kind stay).
    pub fn update_relation(
        &self,
        id: &str,
        strength: u8,
        sign: i8,
        note: &str,
    ) -> Result<Relation> {
        if !(1..=3).contains(&strength) {
            return Err(Error::invalid(
                "strength",
                format!("{strength} is out of range; use 1 (weak), 2 (medium) or 3 (strong)"),
            ));
        }
        if sign != 1 && sign != -1 {
            return Err(Error::invalid("sign", "use + (1) or - (-1)"));
        }
        let n = self.conn().execute(
            "UPDATE relation SET strength = ?2, sign = ?3, note = ?4 WHERE id = ?1",
            params![id, strength, sign, note],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "line",
                id: id.to_string(),
            });
        }
        Ok(self.conn().query_row(
            &format!("SELECT {COLUMNS} FROM relation WHERE id = ?1"),
            [id],
            from_row,
        )?)
    }

    pub fn delete_relation(&self, id: &str) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM relation WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "line",
                id: id.to_string(),
            });
        }
        Ok(())
    }

    /// Sets or clears a person's primary manager (drag a card onto another card).
    pub fn set_manager(
        &self,
        account_id: &str,
        person_id: &str,
        manager_id: Option<&str>,
    ) -> Result<()> {
        match manager_id {
            Some(m) => {
                self.add_relation(
                    account_id,
                    &RelationInput {
                        kind: RelationKind::ReportsTo,
                        from: person_id.to_string(),
                        to: m.to_string(),
                        strength: None,
                        sign: None,
                        note: String::new(),
                    },
                )?;
            }
            None => {
                people::get(self.conn(), person_id)?;
                self.conn().execute(
                    "DELETE FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
                    [account_id, person_id],
                )?;
            }
        }
        Ok(())
    }
}
