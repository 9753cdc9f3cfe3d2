use crate::error::Reason;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

use super::{new_id, Tx, Workspace};
use crate::error::{Error, Result};
use crate::model::{
    validate_rating, Person, PersonInput, RatingChange, RatingKind, Ratings, Role, Side,
};

pub(crate) const COLUMNS: &str =
    "id, account_id, side, name, reading, title, department, level, email, \
                       phone, notes, roles, influence, key_person, intimacy, solution, price";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Person> {
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
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM person WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "person",
            id: id.to_string(),
        })
}

pub(crate) fn roles_text(roles: &[Role]) -> String {
    let mut v: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v.join(";")
}

fn validate(input: &PersonInput) -> Result<()> {
    if input.name.trim().is_empty() {
        return Err(Error::invalid("name", Reason::Required));
    }
    for (field, value) in [
        ("name", &input.name),
        ("reading", &input.reading),
        ("title", &input.title),
        ("department", &input.department),
        ("email", &input.email),
        ("phone", &input.phone),
        ("notes", &input.notes),
    ] {
        crate::model::check_text(field, value)?;
    }
    if let Some(level) = input.level {
        if !(1..=99).contains(&level) {
            return Err(Error::invalid(
                "level",
                Reason::OutOfRange {
                    value: level.to_string(),
                    min: "1".into(),
                    max: "99".into(),
                },
            ));
        }
    }
    for kind in RatingKind::ALL {
        validate_rating(*kind, input.ratings.get(*kind))?;
    }
    if let Some(id) = &input.id {
        if id.trim().is_empty() || id.len() > 200 {
            return Err(Error::invalid("id", Reason::IdLength { max: 200 }));
        }
    }
    Ok(())
}

/// Where a person id is held: `None` if nobody has it, `Some(None)` for our own staff,
/// `Some(Some(account))` for a person of an account.
pub(crate) fn holder(conn: &Connection, id: &str) -> Result<Option<Option<String>>> {
    Ok(conn
        .prepare_cached("SELECT account_id FROM person WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, Option<String>>(0))
        .optional()?)
}

/// Every person an account's lines can join (its people and our staff), in no order.
pub(crate) fn visible_on(conn: &Connection, account_id: &str) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM person WHERE account_id = ?1 OR account_id IS NULL"
    ))?;
    let rows = stmt.query_map([account_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored columns of a person (but the id, the account and the record times): as an
/// edit writes them, to tell whether it changes any, and as the rows below are written.
#[derive(PartialEq)]
pub(crate) struct Columns<'a> {
    side: &'static str,
    name: &'a str,
    reading: &'a str,
    title: &'a str,
    department: &'a str,
    level: Option<u8>,
    email: &'a str,
    phone: &'a str,
    notes: &'a str,
    roles: String,
    influence: Option<&'static str>,
    key_person: bool,
    ratings: Ratings,
}

impl<'a> Columns<'a> {
    /// As an edit writes `input`: its text trimmed (but the notes).
    fn of_input(input: &'a PersonInput, side: Side) -> Self {
        Columns {
            side: side.as_str(),
            name: input.name.trim(),
            reading: input.reading.trim(),
            title: input.title.trim(),
            department: input.department.trim(),
            level: input.level,
            email: input.email.trim(),
            phone: input.phone.trim(),
            notes: &input.notes,
            roles: roles_text(&input.roles),
            influence: input.influence.map(|i| i.as_str()),
            key_person: input.key_person,
            ratings: input.ratings,
        }
    }

    /// Exactly as `input` says (the side defaults to customer; nothing is trimmed or
    /// checked): what the import planned.
    pub(crate) fn exact(input: &'a PersonInput) -> Self {
        Columns {
            side: input.side.unwrap_or(Side::Customer).as_str(),
            name: &input.name,
            reading: &input.reading,
            title: &input.title,
            department: &input.department,
            level: input.level,
            email: &input.email,
            phone: &input.phone,
            notes: &input.notes,
            roles: roles_text(&input.roles),
            influence: input.influence.map(|i| i.as_str()),
            key_person: input.key_person,
            ratings: input.ratings,
        }
    }

    pub(crate) fn of_person(p: &'a Person) -> Self {
        Columns {
            side: p.side.as_str(),
            name: &p.name,
            reading: &p.reading,
            title: &p.title,
            department: &p.department,
            level: p.level,
            email: &p.email,
            phone: &p.phone,
            notes: &p.notes,
            roles: roles_text(&p.roles),
            influence: p.influence.map(|i| i.as_str()),
            key_person: p.key_person,
            ratings: p.ratings,
        }
    }
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
        // An unknown person is an error, not an empty history.
        get(self.conn(), person_id)?;
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
        super::accounts::get(self.conn(), account_id)?;
        let id = input.id.clone().unwrap_or_else(new_id);
        if !self.insert_person(account_id, &id, input)? {
            let account = match holder(self.conn(), &id)?.flatten() {
                Some(a) => super::accounts::get(self.conn(), &a)?.name,
                None => String::new(),
            };
            return Err(Error::invalid(
                "id",
                Reason::IdTaken {
                    id: id.clone(),
                    account,
                },
            ));
        }
        get(self.conn(), &id)
    }

    /// Writes a new person with the id `id` (`input.id` is not read) on an account that
    /// exists, with their known ratings as the first entries of the history. Returns false,
    /// writing nothing, when the id is already taken.
    pub(crate) fn insert_person(
        &self,
        account_id: &str,
        id: &str,
        input: &PersonInput,
    ) -> Result<bool> {
        validate(input)?;
        let side = input.side.unwrap_or(Side::Customer);
        let account: Option<&str> = side.is_account_bound().then_some(account_id);
        let inserted = self
            .conn()
            .prepare_cached(&format!(
                "INSERT INTO person ({COLUMNS}, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)"
            ))?
            .execute(params![
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
            ]);
        match inserted {
            Err(e)
                if e.sqlite_error().map(|e| e.extended_code)
                    == Some(rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY) =>
            {
                return Ok(false)
            }
            other => other?,
        };
        let known: Vec<_> = RatingKind::ALL
            .iter()
            .filter_map(|&kind| input.ratings.get(kind).map(|v| (kind, Some(v))))
            .collect();
        self.record_ratings(id, &known)?;
        Ok(true)
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
        self.record_ratings(person_id, &[(kind, value)])?;
        get(self.conn(), person_id)
    }

    /// Keeps changes of a person's ratings in the history, in this order, dated now. One
    /// statement writes them all: SQLite's fixed cost of a statement on this table is
    /// larger than that of a row.
    fn record_ratings(&self, person_id: &str, changes: &[(RatingKind, Option<u8>)]) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let rows = (0..changes.len())
            .map(|i| format!("(?1, ?{}, ?{}, ?2)", 3 + 2 * i, 4 + 2 * i))
            .collect::<Vec<_>>()
            .join(", ");
        let now = self.now();
        let kinds: Vec<&str> = changes.iter().map(|(kind, _)| kind.as_str()).collect();
        let mut values: Vec<&dyn rusqlite::ToSql> = vec![&person_id, &now];
        for (kind, (_, value)) in kinds.iter().zip(changes) {
            values.push(kind);
            values.push(value);
        }
        self.conn()
            .prepare_cached(&format!(
                "INSERT INTO rating_change (person_id, rating, value, changed_at) VALUES {rows}"
            ))?
            .execute(rusqlite::params_from_iter(values))?;
        Ok(())
    }

    /// Replaces every field of a person except the id, the side's account binding and the
    /// ratings' history (a rating that changes is recorded there with its date, as by
    /// [`Tx::set_rating`]).
    pub fn update_person(&self, id: &str, input: &PersonInput) -> Result<Person> {
        let before = get(self.conn(), id)?;
        self.change_person(&before, input)?;
        get(self.conn(), id)
    }

    /// Writes `input` over the stored person `before` (what [`Tx::update_person`] does, for
    /// a caller that has read them already). Returns false, writing nothing, when it
    /// changes no column.
    pub(crate) fn change_person(&self, before: &Person, input: &PersonInput) -> Result<bool> {
        validate(input)?;
        let side = input.side.unwrap_or(before.side);
        if side.is_account_bound() != before.side.is_account_bound() {
            return Err(Error::invalid("side", Reason::StaffCannotMove));
        }
        let after = Columns::of_input(input, side);
        if after == Columns::of_person(before) {
            return Ok(false);
        }
        overwrite(self.conn(), &before.id, &after, self.now())?;
        let changed: Vec<_> = RatingKind::ALL
            .iter()
            .map(|&kind| (kind, after.ratings.get(kind)))
            .filter(|&(kind, value)| value != before.ratings.get(kind))
            .collect();
        self.record_ratings(&before.id, &changed)?;
        Ok(true)
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

/// The person with this id, if any.
pub(crate) fn find(conn: &Connection, id: &str) -> Result<Option<Person>> {
    Ok(conn
        .query_row(
            &format!("SELECT {} FROM person WHERE id = ?1", COLUMNS),
            [id],
            from_row,
        )
        .optional()?)
}

/// The person's name, or the id when there is nobody with it.
pub(crate) fn name_or_id(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .query_row("SELECT name FROM person WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| id.to_string()))
}

impl Columns<'_> {
    /// The values of the columns from `side` to `price`, in the order of [`COLUMNS`].
    fn values(&self) -> [&dyn ToSql; 15] {
        [
            &self.side,
            &self.name,
            &self.reading,
            &self.title,
            &self.department,
            &self.level,
            &self.email,
            &self.phone,
            &self.notes,
            &self.roles,
            &self.influence,
            &self.key_person,
            &self.ratings.intimacy,
            &self.ratings.solution,
            &self.ratings.price,
        ]
    }
}

/// Adds a person with the id `id`, in `account` (none for our staff), and their record
/// times, without the checks of an edit (the caller has checked).
pub(crate) fn insert_record(
    conn: &Connection,
    id: &str,
    account: Option<&str>,
    f: &Columns<'_>,
    created_at: &str,
    updated_at: &str,
) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO person ({COLUMNS}, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
    ))?
    .execute(rusqlite::params_from_iter(
        [&id as &dyn ToSql, &account]
            .into_iter()
            .chain(f.values())
            .chain([&created_at as &dyn ToSql, &updated_at]),
    ))?;
    Ok(())
}

/// Overwrites every field of the person `id` (but their account) with `f`.
pub(crate) fn overwrite(conn: &Connection, id: &str, f: &Columns<'_>, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE person SET side = ?2, name = ?3, reading = ?4, title = ?5, department = ?6,
             level = ?7, email = ?8, phone = ?9, notes = ?10, roles = ?11, influence = ?12,
             key_person = ?13, intimacy = ?14, solution = ?15, price = ?16, updated_at = ?17
         WHERE id = ?1",
    )?
    .execute(rusqlite::params_from_iter(
        [&id as &dyn ToSql]
            .into_iter()
            .chain(f.values())
            .chain([&now as &dyn ToSql]),
    ))?;
    Ok(())
}

/// Records one change of a person's rating.
pub(crate) fn insert_rating_change(
    conn: &Connection,
    person: &str,
    kind: RatingKind,
    value: Option<u8>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO rating_change (person_id, rating, value, changed_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![person, kind.as_str(), value, at])?;
    Ok(())
}

/// A person's recorded rating changes, oldest first: (rating, value, time).
pub(crate) fn rating_changes(
    conn: &Connection,
    person: &str,
) -> Result<Vec<(String, Option<u8>, String)>> {
    let mut stmt = conn.prepare(
        "SELECT rating, value, changed_at FROM rating_change WHERE person_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([person], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The value of a person's last recorded change of a rating; `None` when there is none.
pub(crate) fn last_rating(
    conn: &Connection,
    person: &str,
    kind: RatingKind,
) -> Result<Option<Option<u8>>> {
    Ok(conn
        .query_row(
            "SELECT value FROM rating_change WHERE person_id = ?1 AND rating = ?2
             ORDER BY seq DESC LIMIT 1",
            params![person, kind.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}
