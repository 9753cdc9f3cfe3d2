use crate::error::Reason;
use rusqlite::{params, Connection};

use super::{people, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{Side, TeamMember, TeamRole};

impl Workspace {
    /// Who on our side holds each role of the account's iron triangle.
    pub fn team(&self, account_id: &str) -> Result<Vec<TeamMember>> {
        let mut stmt = self.conn().prepare(
            "SELECT role, person_id FROM account_team WHERE account_id = ?1 ORDER BY role",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            let role: String = r.get(0)?;
            Ok((role, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (role, person_id) = row?;
            if let Ok(role) = role.parse() {
                out.push(TeamMember { role, person_id });
            }
        }
        Ok(out)
    }
}

impl Tx<'_> {
    /// Gives a role of the account's iron triangle to one of our staff, or leaves it empty.
    pub fn set_team_role(
        &self,
        account_id: &str,
        role: TeamRole,
        person_id: Option<&str>,
    ) -> Result<()> {
        super::accounts::get(self.conn(), account_id)?;
        match person_id {
            Some(id) => {
                let p = people::get(self.conn(), id)?;
                if p.side != Side::Ours {
                    return Err(Error::invalid(
                        "team",
                        Reason::NotOnTeam {
                            name: p.name.clone(),
                        },
                    ));
                }
                self.conn().execute(
                    "INSERT INTO account_team (account_id, role, person_id) VALUES (?1, ?2, ?3)
                     ON CONFLICT (account_id, role) DO UPDATE SET person_id = excluded.person_id",
                    params![account_id, role.as_str(), id],
                )?;
            }
            None => {
                self.conn().execute(
                    "DELETE FROM account_team WHERE account_id = ?1 AND role = ?2",
                    params![account_id, role.as_str()],
                )?;
            }
        }
        Ok(())
    }
}

/// Gives a role of the iron triangle unless somebody holds it; answers how many were added.
pub(crate) fn add_if_missing(
    conn: &Connection,
    account: &str,
    role: TeamRole,
    person: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "INSERT INTO account_team (account_id, role, person_id) VALUES (?1, ?2, ?3)
         ON CONFLICT (account_id, role) DO NOTHING",
        params![account, role.as_str(), person],
    )?)
}
