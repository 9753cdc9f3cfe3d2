//! Decision chains in the file: `deal_member` and `deal_line` (see [`crate::deal`]).

use crate::error::Reason;
use rusqlite::{params, Connection, Row};

use super::relations::{check_line, End};
use super::{new_id, people, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{
    DealLine, DealMember, DealMemberInput, Opportunity, RelationInput, RelationKind,
};

const LINE_COLUMNS: &str =
    "id, opportunity_id, kind, from_id, to_id, strength, sign, note, created_at";

fn line_from_row(r: &Row<'_>) -> rusqlite::Result<DealLine> {
    let kind: String = r.get(2)?;
    Ok(DealLine {
        id: r.get(0)?,
        opportunity_id: r.get(1)?,
        kind: kind.parse().unwrap_or(RelationKind::Influence),
        from: r.get(3)?,
        to: r.get(4)?,
        strength: r.get(5)?,
        sign: r.get(6)?,
        note: r.get(7)?,
        created_at: r.get(8)?,
    })
}

fn member_from_row(r: &Row<'_>) -> rusqlite::Result<DealMember> {
    let roles: String = r.get(2)?;
    let importance: Option<String> = r.get(3)?;
    Ok(DealMember {
        opportunity_id: r.get(0)?,
        person_id: r.get(1)?,
        roles: roles.split(';').filter_map(|s| s.parse().ok()).collect(),
        importance: importance.and_then(|s| s.parse().ok()),
    })
}

pub(crate) fn members(conn: &Connection, opportunity_id: &str) -> Result<Vec<DealMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.opportunity_id, m.person_id, m.roles, m.importance
         FROM deal_member m JOIN person p ON p.id = m.person_id
         WHERE m.opportunity_id = ?1 ORDER BY p.name, p.id",
    )?;
    let rows = stmt.query_map([opportunity_id], member_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn lines(conn: &Connection, opportunity_id: &str) -> Result<Vec<DealLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM deal_line WHERE opportunity_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([opportunity_id], line_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Workspace {
    /// The people of a deal's decision chain, by name.
    pub fn deal_members(&self, opportunity_id: &str) -> Result<Vec<DealMember>> {
        self.opportunity(opportunity_id)?;
        members(self.conn(), opportunity_id)
    }

    /// The lines that hold only in this deal.
    pub fn deal_lines(&self, opportunity_id: &str) -> Result<Vec<DealLine>> {
        self.opportunity(opportunity_id)?;
        lines(self.conn(), opportunity_id)
    }
}

/// The opportunity and its account's id, or [`Error::NotFound`].
fn opportunity(conn: &Connection, id: &str) -> Result<Opportunity> {
    super::opportunities::get(conn, id)
}

impl Tx<'_> {
    /// Puts a person in a deal's decision chain, or changes their roles and importance
    /// there. The person must be a customer-side person (or partner, consultant,
    /// competitor) of the deal's account.
    pub fn set_deal_member(
        &self,
        opportunity_id: &str,
        person_id: &str,
        input: &DealMemberInput,
    ) -> Result<DealMember> {
        let opp = opportunity(self.conn(), opportunity_id)?;
        let person = people::get(self.conn(), person_id)?;
        if person.account_id.as_deref() != Some(opp.account_id.as_str()) {
            return Err(Error::invalid(
                "person",
                Reason::NotOfDealAccount {
                    name: person.name.clone(),
                },
            ));
        }
        self.conn().execute(
            "INSERT INTO deal_member (opportunity_id, person_id, roles, importance)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (opportunity_id, person_id)
             DO UPDATE SET roles = excluded.roles, importance = excluded.importance",
            params![
                opportunity_id,
                person_id,
                people::roles_text(&input.roles),
                input.importance.map(|i| i.as_str())
            ],
        )?;
        Ok(DealMember {
            opportunity_id: opportunity_id.to_string(),
            person_id: person_id.to_string(),
            roles: {
                let mut r = input.roles.clone();
                r.sort_by_key(|x| x.as_str());
                r.dedup();
                r
            },
            importance: input.importance,
        })
    }

    /// Takes a person out of a deal's decision chain (their deal-only lines stay).
    pub fn remove_deal_member(&self, opportunity_id: &str, person_id: &str) -> Result<()> {
        let n = self.conn().execute(
            "DELETE FROM deal_member WHERE opportunity_id = ?1 AND person_id = ?2",
            [opportunity_id, person_id],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "deal member",
                id: person_id.to_string(),
            });
        }
        Ok(())
    }

    /// Draws a line that holds only in this deal, checked as an account-wide line is (the
    /// ends, strength, sign, note), and, for a reporting line, refused when it would make a
    /// cycle in the deal's graph.
    pub fn add_deal_line(&self, opportunity_id: &str, input: &RelationInput) -> Result<DealLine> {
        let (strength, sign) = super::relations::check_input(input)?;
        let opp = opportunity(self.conn(), opportunity_id)?;
        let from = people::get(self.conn(), &input.from)?;
        let to = people::get(self.conn(), &input.to)?;
        check_line(
            input.kind,
            &End::of(&from, &opp.account_id),
            &End::of(&to, &opp.account_id),
        )?;
        if input.kind != RelationKind::ReportsTo {
            // The same line again is the line already there, never a second arrow.
            if let Some(line) = lines(self.conn(), opportunity_id)?
                .into_iter()
                .find(|l| l.kind == input.kind && l.from == from.id && l.to == to.id)
            {
                return Ok(line);
            }
        }
        if input.kind == RelationKind::ReportsTo {
            // The deal's reporting line replaces the person's earlier one in this deal.
            self.conn().execute(
                "DELETE FROM deal_line WHERE opportunity_id = ?1 AND from_id = ?2 AND kind = 'reports_to'",
                [opportunity_id, &from.id],
            )?;
            let relations = super::relations::list_for_account(self.conn(), &opp.account_id)?;
            let mut deal_lines = lines(self.conn(), opportunity_id)?;
            deal_lines.push(DealLine {
                id: String::new(),
                opportunity_id: opportunity_id.to_string(),
                kind: RelationKind::ReportsTo,
                from: from.id.clone(),
                to: to.id.clone(),
                strength,
                sign,
                note: String::new(),
                created_at: String::new(),
            });
            let graph = crate::model::deal_relations(&opp.account_id, &relations, &deal_lines);
            if let Some(cycle) = reporting_cycle(&graph, &from.id) {
                let names = cycle
                    .iter()
                    .map(|id| people::get(self.conn(), id).map(|p| p.name))
                    .collect::<Result<Vec<_>>>()?;
                return Err(Error::ReportingCycle { names });
            }
        } else {
            // The same line drawn again in this deal replaces the earlier one.
            self.conn().execute(
                "DELETE FROM deal_line WHERE opportunity_id = ?1 AND from_id = ?2 AND to_id = ?3 AND kind = ?4",
                params![opportunity_id, from.id, to.id, input.kind.as_str()],
            )?;
        }
        let id = new_id();
        self.conn().execute(
            "INSERT INTO deal_line (id, opportunity_id, kind, from_id, to_id, strength, sign, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                opportunity_id,
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
            &format!("SELECT {LINE_COLUMNS} FROM deal_line WHERE id = ?1"),
            [&id],
            line_from_row,
        )?)
    }

    /// Deletes a deal-only line.
    pub fn delete_deal_line(&self, id: &str) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM deal_line WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "deal line",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}

/// The reporting chain from `start` upwards when it comes back to `start`.
fn reporting_cycle(graph: &[crate::model::Relation], start: &str) -> Option<Vec<String>> {
    let manager = |id: &str| {
        graph
            .iter()
            .find(|r| r.kind == RelationKind::ReportsTo && r.from == id)
            .map(|r| r.to.clone())
    };
    let mut chain = vec![start.to_string()];
    let mut current = start.to_string();
    while let Some(next) = manager(&current) {
        chain.push(next.clone());
        if next == start {
            return Some(chain);
        }
        if chain[..chain.len() - 1].contains(&next) || chain.len() > graph.len() + 1 {
            return None;
        }
        current = next;
    }
    None
}

/// Puts `person` in the decision chain of the opportunity `opportunity_id` unless they are
/// in it; answers how many were added (0 or 1).
pub(crate) fn add_member(
    conn: &Connection,
    opportunity_id: &str,
    person: &str,
    m: &DealMember,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO deal_member (opportunity_id, person_id, roles, importance)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (opportunity_id, person_id) DO NOTHING",
        params![
            opportunity_id,
            person,
            people::roles_text(&m.roles),
            m.importance.map(|i| i.as_str())
        ],
    )?)
}

/// Adds the deal line `l` (its id kept) to the opportunity `opportunity_id`, between
/// `from` and `to`, drawn at `created_at`, unless a line has its id; answers how many were
/// added.
pub(crate) fn add_line(
    conn: &Connection,
    opportunity_id: &str,
    l: &DealLine,
    from: &str,
    to: &str,
    created_at: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO deal_line (id, opportunity_id, kind, from_id, to_id, strength, sign, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) DO NOTHING",
        params![
            l.id,
            opportunity_id,
            l.kind.as_str(),
            from,
            to,
            l.strength,
            l.sign,
            l.note,
            created_at
        ],
    )?)
}
