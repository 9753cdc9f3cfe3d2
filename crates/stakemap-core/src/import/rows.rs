//! One row of each file, checked cell by cell. Every problem of a row is reported, not
//! only the first.

use crate::error::Error;
use crate::model::{
    validate_rating, InfluenceLevel, PersonInput, RatingKind, RelationKind, Role, Side,
};

use super::table::{Row, Table};

/// The reason of a user-facing parse error, without the field name (the column is named
/// by the caller).
fn reason(e: Error) -> String {
    match e {
        Error::Invalid { reason, .. } => reason.to_string(),
        other => other.to_string(),
    }
}

/// A row of `people.csv`. `None` fields are columns the file does not have: a re-import
/// keeps what is stored for them.
pub(crate) struct PersonRow {
    pub id: String,
    pub side: Side,
    name: String,
    reading: Option<String>,
    title: Option<String>,
    department: Option<String>,
    notes: Option<String>,
    roles: Option<Vec<Role>>,
    influence: Option<Option<InfluenceLevel>>,
    key: Option<bool>,
    ratings: [(RatingKind, Option<Option<u8>>); 3],
}

fn parse_key(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "" | "false" | "0" | "no" => Ok(false),
        "true" | "1" | "yes" => Ok(true),
        _ => Err(format!(
            "key '{s}' is not one of: true, false, 1, 0, yes, no"
        )),
    }
}

fn parse_rating(kind: RatingKind, s: &str) -> Result<Option<u8>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let out_of_range = |v: &dyn std::fmt::Display| {
        format!("{kind} {v} is out of range; use 1 to 5, or leave it empty for unknown")
    };
    match s.parse::<i64>() {
        Ok(v) => match u8::try_from(v) {
            Ok(v) => validate_rating(kind, Some(v))
                .map(|()| Some(v))
                .map_err(|_| out_of_range(&v)),
            Err(_) => Err(out_of_range(&v)),
        },
        Err(_) => Err(format!(
            "{kind} '{s}' is not a number; use 1 to 5, or leave it empty for unknown"
        )),
    }
}

impl PersonRow {
    pub(crate) fn parse(table: &Table<'_>, row: &Row) -> Result<Self, Vec<String>> {
        let mut bad = Vec::new();
        let cell = |c: &str| table.cell(row, c);
        let text = |c: &str| cell(c).map(str::to_string);

        let id = cell("id").unwrap_or("").to_string();
        if id.is_empty() {
            bad.push(
                "id is empty; every person needs an id that stays the same from one import to the next"
                    .to_string(),
            );
        } else if id.len() > 200 {
            bad.push("id is longer than 200 characters".to_string());
        }
        let name = cell("name").unwrap_or("").to_string();
        if name.is_empty() {
            bad.push("name is empty; every person needs a name".to_string());
        }
        let side = match cell("side").unwrap_or("") {
            "" => Side::Customer,
            s => s.parse().unwrap_or_else(|e| {
                bad.push(format!("side {}", reason(e)));
                Side::Customer
            }),
        };
        let roles = cell("roles").map(|s| {
            s.split(';')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .filter_map(|r| match r.parse::<Role>() {
                    Ok(role) => Some(role),
                    Err(e) => {
                        bad.push(format!("role {}", reason(e)));
                        None
                    }
                })
                .collect()
        });
        let influence = cell("influence").map(|s| match s {
            "" => None,
            s => s
                .parse::<InfluenceLevel>()
                .map_err(|e| bad.push(format!("influence {}", reason(e))))
                .ok(),
        });
        let key = cell("key").map(|s| parse_key(s).map_err(|e| bad.push(e)).unwrap_or(false));
        let ratings = [
            RatingKind::Intimacy,
            RatingKind::Solution,
            RatingKind::Price,
        ]
        .map(|k| {
            let value = cell(k.as_str())
                .map(|s| parse_rating(k, s).map_err(|e| bad.push(e)).unwrap_or(None));
            (k, value)
        });
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(PersonRow {
            id,
            side,
            name,
            reading: text("reading"),
            title: text("title"),
            department: text("department"),
            notes: text("notes"),
            roles,
            influence,
            key,
            ratings,
        })
    }

    /// The row laid over `base` (the stored person, or the defaults for a new one).
    pub(crate) fn apply(&self, mut base: PersonInput) -> PersonInput {
        base.id = Some(self.id.clone());
        base.side = Some(self.side);
        base.name.clone_from(&self.name);
        let keep = |target: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                target.clone_from(v);
            }
        };
        keep(&mut base.reading, &self.reading);
        keep(&mut base.title, &self.title);
        keep(&mut base.department, &self.department);
        keep(&mut base.notes, &self.notes);
        if let Some(roles) = &self.roles {
            base.roles.clone_from(roles);
        }
        if let Some(influence) = self.influence {
            base.influence = influence;
        }
        if let Some(key) = self.key {
            base.key_person = key;
        }
        for (kind, value) in self.ratings {
            if let Some(value) = value {
                base.ratings.set(kind, value);
            }
        }
        base
    }
}

/// A row of `relations.csv`. `None` for strength, sign or note: the file has no such
/// column, and a re-import keeps what is stored.
pub(crate) struct RelationRow {
    pub kind: RelationKind,
    pub from: String,
    pub to: String,
    pub strength: Option<u8>,
    pub sign: Option<i8>,
    pub note: Option<String>,
}

impl RelationRow {
    pub(crate) fn parse(table: &Table<'_>, row: &Row) -> Result<Self, Vec<String>> {
        let mut bad = Vec::new();
        let cell = |c: &str| table.cell(row, c);
        let mut end = |c: &str| {
            let id = cell(c).unwrap_or("").to_string();
            if id.is_empty() {
                bad.push(format!("{c} is empty; give the id of a person"));
            }
            id
        };
        let from = end("from");
        let to = end("to");
        let kind = match cell("kind").unwrap_or("") {
            "" => {
                let kinds = RelationKind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                bad.push(format!("kind is empty; use one of: {kinds}"));
                None
            }
            s => s
                .parse::<RelationKind>()
                .map_err(|e| bad.push(format!("kind {}", reason(e))))
                .ok(),
        };
        if !from.is_empty() && from == to {
            bad.push(format!(
                "from and to are both '{from}'; a line joins two different people"
            ));
        }
        let strength = cell("strength").and_then(|s| match s {
            "" => Some(2),
            "1" | "2" | "3" => s.parse().ok(),
            _ => {
                bad.push(format!(
                    "strength '{s}' is not one of: 1 (weak), 2 (medium), 3 (strong)"
                ));
                None
            }
        });
        // The words are what the CSV export writes: a cell starting with `-` would be
        // neutralised against formula injection there.
        let sign = cell("sign").and_then(|s| match s.to_ascii_lowercase().as_str() {
            "" | "+" | "+1" | "1" | "positive" => Some(1),
            "-" | "-1" | "negative" => Some(-1),
            _ => {
                bad.push(format!("sign '{s}' is not + or -"));
                None
            }
        });
        let note = cell("note").map(str::to_string);
        match kind {
            Some(kind) if bad.is_empty() => Ok(RelationRow {
                kind,
                from,
                to,
                strength,
                sign,
                note,
            }),
            _ => Err(bad),
        }
    }
}
