use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{new_id, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{
    validate_rating, Person, PersonInput, RatingChange, RatingKind, Ratings, Role, Side,
};

const COLUMNS: &str = "id, account_id, side, name, reading, title, department, level, email, \
                       phone, notes, roles, influence, key_person, intimacy, solution, price";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
    let side: String = r.get(2)?;
    let roles: String = r.get(11)?;
    let influence: Option<String> = r.get(12)?;
    Ok(Person {
        id: r.get(0)?,
        account_id: r.get(1)?,
        side: side.parse().unwrap_or(Side::Customer),
        name: r.get(3)?,
        reading: r.get(4)?,
        title: r.get(5)?,
        department: r.get(6)?,
        level: r.get(7)?,
        email: r.get(8)?,
        phone: r.get(9)?,
        notes: r.get(10)?,
        roles: roles
            .split(';')
            .filter_map(|s| s.parse::<Role>().ok())
            .collect(),
        influence: influence.and_then(|s| s.parse().ok()),
        key_person: r.get(13)?,
        ratings: Ratings {
            intimacy: r.get(14)?,
            solution: r.get(15)?,
            price: r.get(16)?,
        },
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM person WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: "person",
        id: id.to_string(),
    })
}

fn roles_text(roles: &[Role]) -> String {
    let mut v: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v.join(";")
}

fn validate(input: &PersonInput) -> Result<()> {
    if input.name.trim().is_empty() {
        return Err(Error::invalid("name", "a person needs a name"));
    }
    if let Some(level) = input.level {
        if !(1..=99).contains(&level) {
            return Err(Error::invalid(
                "level",
                format!("{level} is out of range; use 1 (top) to 99"),
            ));
        }
    }
    for kind in RatingKind::ALL {
        validate_rating(*kind, input.ratings.get(*kind))?;
    }
    if let Some(id) = &input.id {
        if id.trim().is_empty() || id.len() > 200 {
            return Err(Error::invalid("id", "an id must be 1 to 200 characters"));
        }
    }
    Ok(())
}

/// People shown on an account's map: its own people and our staff.
pub(crate) fn list_for_account(conn: &Connection, account_id: &str) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM person WHERE account_id = ?1 OR account_id IS NULL
         ORDER BY side = 'ours' DESC, level IS NULL, level, name, id"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Workspace {
    pub fn person(&self, id: &str) -> Result<Person> {
        get(self.conn(), id)
    }

    /// The people of an account plus our own staff (shared by every account).
    pub fn people(&self, account_id: &str) -> Result<Vec<Person>> {
        list_for_account(self.conn(), account_id)
    }

    /// Every recorded change of the person's ratings, oldest first.
    pub fn rating_history(&self, person_id: &str) -> Result<Vec<RatingChange>> {
        let mut stmt = self.conn().prepare(
            "SELECT person_id, rating, value, changed_at FROM rating_change
             WHERE person_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([person_id], |r| {
            let rating: String = r.get(1)?;
            Ok(RatingChange {
                person_id: r.get(0)?,
                rating: rating.parse().unwrap_or(RatingKind::Intimacy),
                value: r.get(2)?,
                changed_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    /// Adds a person to an account (or, for `side = ours`, to the workspace's own team).
    pub fn add_person(&self, account_id: &str, input: &PersonInput) -> Result<Person> {
        validate(input)?;
        let side = input.side.unwrap_or(Side::Customer);
        super::accounts::get(self.conn(), account_id)?;
        let id = input.id.clone().unwrap_or_else(new_id);
        if let Some(existing) = self
            .conn()
            .query_row("SELECT account_id FROM person WHERE id = ?1", [&id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
        {
            let whose = match existing {
                Some(a) if a == account_id => "this account".to_string(),
                Some(a) => format!("account {}", super::accounts::get(self.conn(), &a)?.name),
                None => "our own team".to_string(),
            };
            return Err(Error::invalid(
                "id",
                format!("the id '{id}' is already used by a person of {whose}"),
            ));
        }
        let account: Option<&str> = side.is_account_bound().then_some(account_id);
        self.conn().execute(
            &format!(
                "INSERT INTO person ({COLUMNS}, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)"
            ),
            params![
                id,
                account,
                side.as_str(),
                input.name.trim(),
                input.reading.trim(),
                input.title.trim(),
                input.department.trim(),
                input.level,
                input.email.trim(),
                input.phone.trim(),
                input.notes,
                roles_text(&input.roles),
                input.influence.map(|i| i.as_str()),
                input.key_person,
                input.ratings.intimacy,
                input.ratings.solution,
                input.ratings.price,
                self.now(),
            ],
        )?;
        for kind in RatingKind::ALL {
            if let Some(v) = input.ratings.get(*kind) {
                self.record_rating(&id, *kind, Some(v))?;
            }
        }
        get(self.conn(), &id)
    }

    /// Sets one rating and keeps the change, with its date, in the history.
    pub fn set_rating(
        &self,
        person_id: &str,
        kind: RatingKind,
        value: Option<u8>,
    ) -> Result<Person> {
        validate_rating(kind, value)?;
        let before = get(self.conn(), person_id)?;
        if before.ratings.get(kind) == value {
            return Ok(before);
        }
        self.conn().execute(
            &format!(
                "UPDATE person SET {} = ?2, updated_at = ?3 WHERE id = ?1",
                kind.as_str()
            ),
            params![person_id, value, self.now()],
        )?;
        self.record_rating(person_id, kind, value)?;
        get(self.conn(), person_id)
    }

    fn record_rating(&self, person_id: &str, kind: RatingKind, value: Option<u8>) -> Result<()> {
        self.conn().execute(
            "INSERT INTO rating_change (person_id, rating, value, changed_at) VALUES (?1, ?2, ?3, ?4)",
            params![person_id, kind.as_str(), value, self.now()],
        )?;
        Ok(())
    }

    /// Replaces every field of a person except the id, the side's account binding and the
    /// ratings' history (rating changes are recorded through [`Tx::set_rating`]).
    pub fn update_person(&self, id: &str, input: &PersonInput) -> Result<Person> {
        validate(input)?;
        let before = get(self.conn(), id)?;
        let side = input.side.unwrap_or(before.side);
        if side.is_account_bound() != before.side.is_account_bound() {
            return Err(Error::invalid(
                "side",
                "our own staff are shared by every account and cannot move to one account (or back); add a new person instead",
            ));
        }
        self.conn().execute(
            "UPDATE person SET side = ?2, name = ?3, reading = ?4, title = ?5, department = ?6,
                 level = ?7, email = ?8, phone = ?9, notes = ?10, roles = ?11, influence = ?12,
                 key_person = ?13, updated_at = ?14
             WHERE id = ?1",
            params![
                id,
                side.as_str(),
                input.name.trim(),
                input.reading.trim(),
                input.title.trim(),
                input.department.trim(),
                input.level,
                input.email.trim(),
                input.phone.trim(),
                input.notes,
                roles_text(&input.roles),
                input.influence.map(|i| i.as_str()),
                input.key_person,
                self.now(),
            ],
        )?;
        for kind in RatingKind::ALL {
            self.set_rating(id, *kind, input.ratings.get(*kind))?;
        }
        get(self.conn(), id)
    }

    /// Deletes a person with their lines, positions and rating history.
    pub fn delete_person(&self, id: &str) -> Result<()> {
        let n = self
            .conn()
            .execute("DELETE FROM person WHERE id = ?1", [id])?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "person",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}
