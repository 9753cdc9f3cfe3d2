//! Checking a record: what it says about a person (a [`Patch`]), laid over the stored
//! person, and the fields that change, as the user reads them.

use crate::model::{InfluenceLevel, PersonInput, RatingKind, Role, Side};

use super::super::mapping::ImportRecord;
use super::super::note::{ImportNote, NoteKind};
use super::FieldChange;

/// What a record says about a person; `None` and empty texts say nothing.
pub(super) struct Patch {
    name: String,
    reading: String,
    title: String,
    department: String,
    email: String,
    phone: String,
    /// The company's switchboard: the phone of a person who has none, never over a
    /// direct number.
    company_phone: String,
    notes: String,
    side: Option<Side>,
    roles: Option<Vec<Role>>,
    key: Option<bool>,
    influence: Option<InfluenceLevel>,
    ratings: [(RatingKind, Option<u8>); 3],
    level: Option<u8>,
}

fn one_of(what: &str, value: &str, allowed: &[&str]) -> ImportNote {
    ImportNote::new(
        NoteKind::NotOneOf,
        &[
            ("what", what.to_string()),
            ("value", value.to_string()),
            ("allowed", allowed.join(", ")),
        ],
    )
}

pub(super) fn parse_patch(
    record: &ImportRecord,
    name: String,
) -> std::result::Result<Patch, Vec<ImportNote>> {
    let mut bad = Vec::new();
    if name.is_empty() {
        bad.push(ImportNote::bare(NoteKind::NoName));
    }
    let id = record.id.trim();
    if id.chars().count() > 200 {
        bad.push(ImportNote::new(
            NoteKind::IdTooLong,
            &[("length", id.chars().count())],
        ));
    }
    let side = match record.side.trim() {
        "" => None,
        s => match s.parse::<Side>() {
            Ok(Side::Ours) => {
                bad.push(ImportNote::bare(NoteKind::SideOurs));
                None
            }
            Ok(side) => Some(side),
            Err(_) => {
                bad.push(one_of(
                    "side",
                    s,
                    &["customer", "partner", "consultant", "competitor"],
                ));
                None
            }
        },
    };
    let roles = match record.roles.trim() {
        "" => None,
        s => {
            let mut roles = Vec::new();
            for part in s
                .split([';', ',', '/'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match part.replace([' ', '-'], "_").parse::<Role>() {
                    Ok(role) => roles.push(role),
                    Err(_) => bad.push(one_of(
                        "role",
                        part,
                        &Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                    )),
                }
            }
            Some(roles)
        }
    };
    let key = match record.key.trim().to_lowercase().as_str() {
        "" => None,
        "true" | "1" | "yes" | "y" | "x" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => {
            bad.push(one_of(
                "key",
                record.key.trim(),
                &["yes", "no", "true", "false", "1", "0"],
            ));
            None
        }
    };
    let influence = match record.influence.trim() {
        "" => None,
        s => s
            .parse::<InfluenceLevel>()
            .map_err(|_| bad.push(one_of("influence", s, &["high", "medium", "low"])))
            .ok(),
    };
    let ratings = [
        (RatingKind::Intimacy, &record.intimacy),
        (RatingKind::Solution, &record.solution),
        (RatingKind::Price, &record.price),
    ]
    .map(|(kind, text)| {
        let text = text.trim();
        if text.is_empty() {
            return (kind, None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && (1.0..=5.0).contains(&v) => (kind, Some(v as u8)),
            Ok(_) => {
                bad.push(ImportNote::new(
                    NoteKind::RatingOutOfRange,
                    &[("what", kind.as_str()), ("value", text)],
                ));
                (kind, None)
            }
            Err(_) => {
                bad.push(ImportNote::new(
                    NoteKind::RatingNotNumber,
                    &[("what", kind.as_str()), ("value", text)],
                ));
                (kind, None)
            }
        }
    });
    let level = match record.level.trim() {
        "" => None,
        s => match s.parse::<f64>() {
            Ok(v) if v.fract() == 0.0 && (1.0..=99.0).contains(&v) => Some(v as u8),
            _ => {
                bad.push(ImportNote::new(NoteKind::LevelInvalid, &[("value", s)]));
                None
            }
        },
    };
    if !bad.is_empty() {
        return Err(bad);
    }
    Ok(Patch {
        name,
        reading: record.full_reading(),
        title: record.title.trim().to_string(),
        department: record.department.trim().to_string(),
        email: record.email.trim().to_string(),
        phone: record.phone.trim().to_string(),
        company_phone: record.company_phone.trim().to_string(),
        notes: record.notes.trim().to_string(),
        side,
        roles,
        key,
        influence,
        ratings,
        level,
    })
}

fn sorted_roles(roles: &[Role]) -> Vec<Role> {
    let mut v = roles.to_vec();
    v.sort_unstable_by_key(|r| r.as_str());
    v.dedup();
    v
}

impl Patch {
    /// The patch laid over `base` (the stored person, or the defaults of a new one).
    pub(super) fn apply(&self, mut base: PersonInput) -> PersonInput {
        let set = |target: &mut String, value: &String| {
            if !value.is_empty() {
                target.clone_from(value);
            }
        };
        set(&mut base.name, &self.name);
        set(&mut base.reading, &self.reading);
        set(&mut base.title, &self.title);
        set(&mut base.department, &self.department);
        // An e-mail differing only in case is the stored one: its spelling is kept.
        if self.email.to_lowercase() != base.email.trim().to_lowercase() {
            set(&mut base.email, &self.email);
        }
        set(&mut base.phone, &self.phone);
        if base.phone.trim().is_empty() {
            set(&mut base.phone, &self.company_phone);
        }
        set(&mut base.notes, &self.notes);
        if let Some(side) = self.side {
            base.side = Some(side);
        }
        if base.side.is_none() {
            base.side = Some(Side::Customer);
        }
        if let Some(roles) = &self.roles {
            base.roles = sorted_roles(roles);
        }
        if let Some(key) = self.key {
            base.key_person = key;
        }
        if let Some(influence) = self.influence {
            base.influence = Some(influence);
        }
        for (kind, value) in self.ratings {
            if value.is_some() {
                base.ratings.set(kind, value);
            }
        }
        if self.level.is_some() {
            base.level = self.level;
        }
        base
    }
}

pub(super) fn roles_text(roles: &[Role]) -> String {
    sorted_roles(roles)
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// `after` with the stored value of `field` (as a change names it) put back: the user
/// keeps what is stored. `manager` is kept by the managers' step, not here.
pub(super) fn keep_stored(before: &PersonInput, after: &mut PersonInput, field: &str) {
    match field {
        "name" => after.name.clone_from(&before.name),
        "reading" => after.reading.clone_from(&before.reading),
        "title" => after.title.clone_from(&before.title),
        "department" => after.department.clone_from(&before.department),
        "email" => after.email.clone_from(&before.email),
        "phone" => after.phone.clone_from(&before.phone),
        "notes" => after.notes.clone_from(&before.notes),
        "side" => after.side = before.side,
        "roles" => after.roles.clone_from(&before.roles),
        "key" => after.key_person = before.key_person,
        "influence" => after.influence = before.influence,
        "level" => after.level = before.level,
        other => {
            if let Some(kind) = RatingKind::ALL.iter().find(|k| k.as_str() == other) {
                after.ratings.set(*kind, before.ratings.get(*kind));
            }
        }
    }
}

fn opt_text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The fields that differ, as the user reads them.
pub(super) fn diff(before: &PersonInput, after: &PersonInput) -> Vec<FieldChange> {
    let mut out = Vec::new();
    // Texts are compared before anything is allocated: most re-imported people are the
    // same.
    let mut text = |field: &str, b: &str, a: &str| {
        if b != a {
            out.push(FieldChange {
                field: field.to_string(),
                before: b.to_string(),
                after: a.to_string(),
                kept: false,
            });
        }
    };
    text("name", &before.name, &after.name);
    text("reading", &before.reading, &after.reading);
    text("title", &before.title, &after.title);
    text("department", &before.department, &after.department);
    text("email", &before.email, &after.email);
    text("phone", &before.phone, &after.phone);
    text("notes", &before.notes, &after.notes);
    if before.side != after.side {
        text("side", &opt_text(before.side), &opt_text(after.side));
    }
    if sorted_roles(&before.roles) != sorted_roles(&after.roles) {
        text(
            "roles",
            &roles_text(&before.roles),
            &roles_text(&after.roles),
        );
    }
    let yes = |b: bool| if b { "yes" } else { "no" };
    text("key", yes(before.key_person), yes(after.key_person));
    if before.influence != after.influence {
        text(
            "influence",
            &opt_text(before.influence),
            &opt_text(after.influence),
        );
    }
    for kind in RatingKind::ALL {
        let (b, a) = (before.ratings.get(*kind), after.ratings.get(*kind));
        if b != a {
            text(kind.as_str(), &opt_text(b), &opt_text(a));
        }
    }
    if before.level != after.level {
        text("level", &opt_text(before.level), &opt_text(after.level));
    }
    out
}
