//! The domain model. Terms follow the domain brief: account (顧客企業), person (人物),
//! key person (キーパーソン), reporting line (報告関係), influence (影響関係), coverage (カバレッジ).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::error::Error;

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                let t = s.trim().to_ascii_lowercase();
                $(if t == $text { return Ok($name::$variant); })+
                Err(Error::invalid(
                    stringify!($name).to_ascii_lowercase(),
                    $crate::error::Reason::NotOneOf {
                        value: s.trim().to_string(),
                        allowed: [$($text),+].iter().map(|a| a.to_string()).collect(),
                    },
                ))
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// Which side of the deal a person is on. Our staff are shared by all accounts of a
    /// workspace; everybody else belongs to one account.
    Side {
        Customer => "customer",
        Ours => "ours",
        Partner => "partner",
        Consultant => "consultant",
        Competitor => "competitor",
    }
);

string_enum!(
    /// Buying role in a deal (one taxonomy, documented in the README).
    Role {
        DecisionMaker => "decision_maker",
        Approver => "approver",
        Evaluator => "evaluator",
        User => "user",
        Influencer => "influencer",
        Coach => "coach",
        Procurement => "procurement",
        Gatekeeper => "gatekeeper",
    }
);

string_enum!(
    /// Influence level (影響力) of a person inside the customer.
    InfluenceLevel {
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

string_enum!(
    /// The kinds of line on the map.
    RelationKind {
        ReportsTo => "reports_to",
        DottedLine => "dotted_line",
        Influence => "influence",
        Covers => "covers",
    }
);

string_enum!(
    /// Which of the three ratings.
    RatingKind {
        Intimacy => "intimacy",
        Solution => "solution",
        Price => "price",
    }
);

string_enum!(
    /// Roles of the iron triangle (鉄の三角形): who on our side looks after an account.
    TeamRole {
        AccountManager => "account_manager",
        CustomerLeadExpert => "customer_lead_expert",
        SolutionManager => "solution_manager",
    }
);

string_enum!(
    /// UI and demo language.
    Lang {
        En => "en",
        Ja => "ja",
    }
);

impl Lang {
    /// Picks the language from a locale string such as `ja_JP.UTF-8` or `en-US`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }
}

impl Side {
    /// True for people who belong to one account (everybody but our own staff).
    pub fn is_account_bound(self) -> bool {
        self != Side::Ours
    }
}

/// The three ratings. `None` is "unknown", a real value shown differently from any rating.
/// Each rating is on a 1..=5 scale (see the README for the labels).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Ratings {
    pub intimacy: Option<u8>,
    pub solution: Option<u8>,
    pub price: Option<u8>,
}

impl Ratings {
    pub fn get(&self, kind: RatingKind) -> Option<u8> {
        match kind {
            RatingKind::Intimacy => self.intimacy,
            RatingKind::Solution => self.solution,
            RatingKind::Price => self.price,
        }
    }

    pub fn set(&mut self, kind: RatingKind, value: Option<u8>) {
        match kind {
            RatingKind::Intimacy => self.intimacy = value,
            RatingKind::Solution => self.solution = value,
            RatingKind::Price => self.price = value,
        }
    }
}

/// Checks a rating value: 1..=5 or unknown.
pub fn validate_rating(kind: RatingKind, value: Option<u8>) -> crate::Result<()> {
    match value {
        None | Some(1..=5) => Ok(()),
        Some(v) => Err(Error::invalid(
            kind.as_str(),
            crate::error::Reason::OutOfRange {
                value: v.to_string(),
                min: "1".into(),
                max: "5".into(),
            },
        )),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Account {
    pub id: String,
    pub name: String,
    pub industry: String,
    pub notes: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A new account as the user types it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountInput {
    pub name: String,
    pub industry: String,
    pub notes: String,
}

/// A person on the map with their key-person portrait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Person {
    pub id: String,
    /// The account the person belongs to; `None` for our own staff, shared by all accounts.
    pub account_id: Option<String>,
    pub side: Side,
    pub name: String,
    /// Reading of the name (フリガナ).
    pub reading: String,
    pub title: String,
    pub department: String,
    /// Level in the hierarchy, 1 = top.
    pub level: Option<u8>,
    pub email: String,
    pub phone: String,
    /// Free portrait: hobbies, school, career history, what they care about.
    pub notes: String,
    pub roles: Vec<Role>,
    pub influence: Option<InfluenceLevel>,
    /// Marked as key person by the user.
    pub key_person: bool,
    pub ratings: Ratings,
}

impl Person {
    /// A person with only an id, a side and a name (and the account), every other field
    /// empty: the "+N" card of a folded team, or a person in a test.
    pub fn bare(id: &str, account_id: Option<&str>, side: Side, name: &str) -> Self {
        Person {
            id: id.into(),
            account_id: account_id.map(str::to_string),
            side,
            name: name.into(),
            reading: String::new(),
            title: String::new(),
            department: String::new(),
            level: None,
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
            roles: Vec::new(),
            influence: None,
            key_person: false,
            ratings: Ratings::default(),
        }
    }

    /// Key persons: customer-side people with the key-person flag, or the role decision
    /// maker or approver.
    pub fn is_key(&self) -> bool {
        self.side == Side::Customer
            && (self.key_person
                || self.roles.contains(&Role::DecisionMaker)
                || self.roles.contains(&Role::Approver))
    }

    /// The person's one-line texts (name, reading, title, department, e-mail, phone), for
    /// what is done to each alike (cleaning outside text, preparing it to be shown).
    pub fn line_fields_mut(&mut self) -> [&mut String; 6] {
        [
            &mut self.name,
            &mut self.reading,
            &mut self.title,
            &mut self.department,
            &mut self.email,
            &mut self.phone,
        ]
    }
}

/// A person as the user types it (no id: the store gives one unless `id` is set).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonInput {
    pub id: Option<String>,
    pub side: Option<Side>,
    pub name: String,
    pub reading: String,
    pub title: String,
    pub department: String,
    pub level: Option<u8>,
    pub email: String,
    pub phone: String,
    pub notes: String,
    pub roles: Vec<Role>,
    pub influence: Option<InfluenceLevel>,
    pub key_person: bool,
    pub ratings: Ratings,
}

impl From<&Person> for PersonInput {
    /// Every field of a stored person, with its id.
    fn from(p: &Person) -> Self {
        PersonInput {
            id: Some(p.id.clone()),
            side: Some(p.side),
            name: p.name.clone(),
            reading: p.reading.clone(),
            title: p.title.clone(),
            department: p.department.clone(),
            level: p.level,
            email: p.email.clone(),
            phone: p.phone.clone(),
            notes: p.notes.clone(),
            roles: p.roles.clone(),
            influence: p.influence,
            key_person: p.key_person,
            ratings: p.ratings,
        }
    }
}

/// A line between two people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Relation {
    pub id: String,
    pub account_id: String,
    pub kind: RelationKind,
    /// For `reports_to`/`dotted_line`: the report; for `influence`: who sways;
    /// for `covers`: our staff member.
    pub from: String,
    /// For `reports_to`/`dotted_line`: the manager; for `influence`: who is swayed;
    /// for `covers`: the contact.
    pub to: String,
    /// 1 weak, 2 medium, 3 strong.
    pub strength: u8,
    /// +1 positive, -1 negative (opposition, rivalry).
    pub sign: i8,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RelationInput {
    pub kind: RelationKind,
    pub from: String,
    pub to: String,
    pub strength: Option<u8>,
    pub sign: Option<i8>,
    pub note: String,
}

/// Weight of a line by strength: weak 0.3, medium 0.6, strong 0.9.
pub fn strength_weight(strength: u8) -> f64 {
    match strength {
        1 => 0.3,
        3 => 0.9,
        _ => 0.6,
    }
}

/// The longest text a field may hold (1 MiB): far beyond any real name or note, and small
/// enough that a pasted file or a hostile import cannot bloat the workspace.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Refuses text longer than [`MAX_TEXT_BYTES`], naming the field.
pub fn check_text(field: &str, value: &str) -> crate::Result<()> {
    if value.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            field,
            crate::error::Reason::TooLong {
                size_kb: crate::error::n32(value.len() / 1024),
                limit_kb: crate::error::n32(MAX_TEXT_BYTES / 1024),
            },
        ));
    }
    Ok(())
}

/// An opportunity (案件) on an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Opportunity {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub stage: String,
    /// Amount in whole units of `currency` (e.g. 180000000 JPY).
    pub amount: f64,
    pub currency: String,
    /// ISO date, e.g. 2027-03-31.
    pub close_date: String,
    pub status: String,
    pub notes: String,
}

/// One recorded change of a rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RatingChange {
    pub person_id: String,
    pub rating: RatingKind,
    pub value: Option<u8>,
    /// RFC 3339 timestamp.
    pub changed_at: String,
}

/// One of our staff in one role of an account's iron triangle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TeamMember {
    pub role: TeamRole,
    pub person_id: String,
}

/// Roles of the iron triangle that nobody in `team` holds.
pub fn missing_team_roles(team: &[TeamMember]) -> Vec<TeamRole> {
    TeamRole::ALL
        .iter()
        .copied()
        .filter(|r| !team.iter().any(|m| m.role == *r))
        .collect()
}

mod rows;
pub use rows::*;
