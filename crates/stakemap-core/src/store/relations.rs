use crate::error::Reason;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{new_id, people, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{Person, Relation, RelationInput, RelationKind, Side};

pub(crate) const COLUMNS: &str = "id, account_id, kind, from_id, to_id, strength, sign, note";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Relation> {
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

/// Hands every line of an account, with the time it was made, to `f`, in no order and
/// without holding them all.
pub(crate) fn each_on_account(
    conn: &Connection,
    account_id: &str,
    mut f: impl FnMut(Relation, String) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, created_at FROM relation WHERE account_id = ?1"
    ))?;
    let mut rows = stmt.query([account_id])?;
    while let Some(row) = rows.next()? {
        f(from_row(row)?, row.get(8)?)?;
    }
    Ok(())
}

/// One end of a line as [`check_line`] sees it.
pub(crate) struct End<'a> {
    pub name: &'a str,
    pub side: Side,
    /// The person belongs to the account of the line.
    pub on_account: bool,
}

impl<'a> End<'a> {
    pub(crate) fn of(p: &'a Person, account_id: &str) -> Self {
        End {
            name: &p.name,
            side: p.side,
            on_account: on_account(p, account_id),
        }
    }
}

/// Checks that a line of this kind may join these two people of an account (the
/// strength, sign and distinct ends are checked by the caller; reporting cycles too).
pub(crate) fn check_line(kind: RelationKind, from: &End<'_>, to: &End<'_>) -> Result<()> {
    let visible = |p: &End<'_>| p.on_account || p.side == Side::Ours;
    if !visible(from) || !visible(to) {
        return Err(Error::invalid("line", Reason::OtherAccount));
    }
    match kind {
        RelationKind::ReportsTo | RelationKind::DottedLine => {
            if !from.on_account || !to.on_account {
                return Err(Error::invalid(
                    "reporting line",
                    Reason::ReportsAcrossAccounts {
                        from: from.name.to_string(),
                        to: to.name.to_string(),
                    },
                ));
            }
        }
        RelationKind::Covers => {
            if from.side != Side::Ours || !to.on_account {
                return Err(Error::invalid("coverage", Reason::CoverageDirection));
            }
        }
        RelationKind::Influence => {}
    }
    Ok(())
}

/// Checks what a line's input holds besides its ends' sides: its note, strength (1 to 3,
/// default 2) and sign (+1 or -1, default +1), and two different people. Answers the
/// strength and sign to store.
pub(crate) fn check_input(input: &RelationInput) -> Result<(u8, i8)> {
    crate::model::check_text("note", &input.note)?;
    let strength = input.strength.unwrap_or(2);
    if !(1..=3).contains(&strength) {
        return Err(Error::invalid(
            "strength",
            Reason::OutOfRange {
                value: strength.to_string(),
                min: "1".into(),
                max: "3".into(),
            },
        ));
    }
    let sign = input.sign.unwrap_or(1);
    if sign != 1 && sign != -1 {
        return Err(Error::invalid("sign", Reason::BadSign));
    }
    if input.from == input.to {
        return Err(Error::invalid("line", Reason::SamePerson));
    }
    Ok((strength, sign))
}

/// The primary manager of a person on an account, if any.
pub(crate) fn manager_of(
    conn: &Connection,
    account_id: &str,
    person_id: &str,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT to_id FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
        )?
        .query_row([account_id, person_id], |r| r.get(0))
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
    /// Adds a line. A new primary reporting line replaces the person's previous manager; a
    /// line of the same kind between the same two people as one already there is that line
    /// (answered unchanged), never a second arrow.
    pub fn add_relation(&self, account_id: &str, input: &RelationInput) -> Result<Relation> {
        check_input(input)?;
        super::accounts::get(self.conn(), account_id)?;
        let from = people::get(self.conn(), &input.from)?;
        let to = people::get(self.conn(), &input.to)?;
        check_line(
            input.kind,
            &End::of(&from, account_id),
            &End::of(&to, account_id),
        )?;
        if input.kind != RelationKind::ReportsTo {
            if let Some(line) = self.find_relation(account_id, input.kind, &from.id, &to.id)? {
                return Ok(line);
            }
        }
        if input.kind == RelationKind::ReportsTo {
            check_no_cycle(self.conn(), account_id, &from, &to)?;
            self.conn().execute(
                "DELETE FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
                [account_id, &from.id],
            )?;
        }
        let id = self.insert_relation(account_id, input)?;
        Ok(self.conn().query_row(
            &format!("SELECT {COLUMNS} FROM relation WHERE id = ?1"),
            [&id],
            from_row,
        )?)
    }

    /// Writes a new line that has been checked (as [`Tx::add_relation`] does), and returns
    /// its id.
    pub(crate) fn insert_relation(
        &self,
        account_id: &str,
        input: &RelationInput,
    ) -> Result<String> {
        let id = new_id();
        self.conn()
            .prepare_cached(
                "INSERT INTO relation (id, account_id, kind, from_id, to_id, strength, sign, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id,
                account_id,
                input.kind.as_str(),
                input.from,
                input.to,
                input.strength.unwrap_or(2),
                input.sign.unwrap_or(1),
                input.note,
                self.now()
            ])?;
        Ok(id)
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
        crate::model::check_text("note", note)?;
        if !(1..=3).contains(&strength) {
            return Err(Error::invalid(
                "strength",
                Reason::OutOfRange {
                    value: strength.to_string(),
                    min: "1".into(),
                    max: "3".into(),
                },
            ));
        }
        if sign != 1 && sign != -1 {
            return Err(Error::invalid("sign", Reason::BadSign));
        }
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE relation SET strength = ?2, sign = ?3, note = ?4 WHERE id = ?1",
            )?
            .execute(params![id, strength, sign, note])?;
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
            .prepare_cached("DELETE FROM relation WHERE id = ?1")?
            .execute([id])?;
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

/// The line with this id, if any.
pub(crate) fn find(conn: &Connection, id: &str) -> Result<Option<Relation>> {
    Ok(conn
        .query_row(
            &format!("SELECT {} FROM relation WHERE id = ?1", COLUMNS),
            [id],
            from_row,
        )
        .optional()?)
}

/// The reporting line giving `person` their manager on `account`: (line id, manager id).
pub(crate) fn manager_line(
    conn: &Connection,
    account: &str,
    person: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, to_id FROM relation WHERE account_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
            [account, person],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// True when the account has a line of this kind from `from` to `to`.
pub(crate) fn has_line(
    conn: &Connection,
    account: &str,
    kind: &str,
    from: &str,
    to: &str,
) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM relation
         WHERE account_id = ?1 AND kind = ?2 AND from_id = ?3 AND to_id = ?4",
        params![account, kind, from, to],
        |r| r.get(0),
    )?)
}

/// Each person's manager on the account (reporting lines: from → to).
pub(crate) fn reporting_parents(
    conn: &Connection,
    account: &str,
) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare(
        "SELECT from_id, to_id FROM relation WHERE account_id = ?1 AND kind = 'reports_to'",
    )?;
    let rows = stmt.query_map([account], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Adds the line `r` (with its id, account and ends) drawn at `created_at`.
pub(crate) fn insert_record(conn: &Connection, r: &Relation, created_at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO relation (id, account_id, kind, from_id, to_id, strength, sign, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            r.id,
            r.account_id,
            r.kind.as_str(),
            r.from,
            r.to,
            r.strength,
            r.sign,
            r.note,
            created_at,
        ],
    )?;
    Ok(())
}

/// Overwrites the line `r.id` with `r` (but its account; its note kept when `keep_note`).
pub(crate) fn overwrite(conn: &Connection, r: &Relation, keep_note: bool) -> Result<()> {
    conn.execute(
        "UPDATE relation SET kind = ?2, from_id = ?3, to_id = ?4, strength = ?5,
             sign = ?6, note = CASE WHEN ?7 THEN note ELSE ?8 END
         WHERE id = ?1",
        params![
            r.id,
            r.kind.as_str(),
            r.from,
            r.to,
            r.strength,
            r.sign,
            keep_note,
            r.note
        ],
    )?;
    Ok(())
}

/// Deletes a line.
pub(crate) fn delete_row(conn: &Connection, id: &str) -> Result<()> {
    conn.execute("DELETE FROM relation WHERE id = ?1", [id])?;
    Ok(())
}
