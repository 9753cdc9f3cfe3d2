//! The records the store keeps for the domain above it: decision chains, account plans and
//! their targets, snapshots, trash entries, and the record times and import ids of an
//! account's document. Plain types, no I/O.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{InfluenceLevel, RatingKind, Relation, RelationKind, Role};

// Decision chains (see `crate::deal`).

/// A person who takes part in a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealMember {
    pub opportunity_id: String,
    pub person_id: String,
    /// Their buying roles in this deal; empty: their account-wide roles.
    pub roles: Vec<Role>,
    /// How much this person weighs in this deal; high makes them a key person of the deal.
    pub importance: Option<InfluenceLevel>,
}

/// What the user sets for a member of a deal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealMemberInput {
    pub roles: Vec<Role>,
    pub importance: Option<InfluenceLevel>,
}

/// A line that holds only in one deal (see `crate::deal` for how it overlays the
/// account-wide lines).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealLine {
    pub id: String,
    pub opportunity_id: String,
    pub kind: RelationKind,
    pub from: String,
    pub to: String,
    /// 1 weak, 2 medium, 3 strong.
    pub strength: u8,
    /// +1 positive, -1 negative.
    pub sign: i8,
    pub note: String,
    /// RFC 3339 time it was drawn.
    pub created_at: String,
}

impl DealLine {
    /// The line as the analysis sees it (on the deal's account).
    pub fn as_relation(&self, account_id: &str) -> Relation {
        Relation {
            id: self.id.clone(),
            account_id: account_id.to_string(),
            kind: self.kind,
            from: self.from.clone(),
            to: self.to.clone(),
            strength: self.strength,
            sign: self.sign,
            note: self.note.clone(),
        }
    }
}

/// A deal's graph: the account's lines with the deal's laid over (see `crate::deal`).
/// The deal's lines keep their own ids.
pub fn deal_relations(
    account_id: &str,
    relations: &[Relation],
    lines: &[DealLine],
) -> Vec<Relation> {
    let mut out: Vec<Relation> = relations
        .iter()
        .filter(|r| {
            !lines.iter().any(|l| {
                if l.kind == RelationKind::ReportsTo {
                    r.kind == RelationKind::ReportsTo && r.from == l.from
                } else {
                    r.kind == l.kind && r.from == l.from && r.to == l.to
                }
            })
        })
        .cloned()
        .collect();
    out.extend(lines.iter().map(|l| l.as_relation(account_id)));
    out
}

// Account plans (see `crate::plan`).

/// An account's plan (see `crate::plan`). An account without one has the
/// defaults: empty parts, no scores, reviews every 3 months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountPlan {
    pub account_id: String,
    /// Part 1: the industry and the customer.
    pub industry_customer: String,
    /// Part 2: the customer's priorities, most important first.
    pub priorities: Vec<String>,
    /// Our strategy for the account.
    pub strategy: String,
    /// Part 4: the revenue target and by when (an ISO date).
    pub revenue_target: Option<f64>,
    pub currency: String,
    pub target_date: String,
    /// ABCD scores, 1 to 5.
    pub potential: Option<u8>,
    pub contribution: Option<u8>,
    /// Months between reviews of the account.
    pub review_months: u32,
    /// When the plan last changed (RFC 3339); empty when there is no plan yet.
    pub updated_at: String,
}

/// Part 3 of a plan: a rating a person should reach by a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NetworkTarget {
    pub id: String,
    pub account_id: String,
    pub person_id: String,
    pub rating: RatingKind,
    /// 1 to 5.
    pub target: u8,
    /// ISO date, or empty.
    pub due: String,
}

// Reviews (see `crate::review`).

/// A snapshot as lists show it (its document is read with `Workspace::snapshot_doc`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Snapshot {
    pub id: String,
    pub account_id: String,
    /// E.g. "FY26 Q3 review".
    pub name: String,
    /// RFC 3339 time it was taken.
    pub taken_at: String,
    /// People of the account (not our own staff), and lines, it holds.
    pub people: u32,
    pub lines: u32,
}

// The trash (see `crate::trash`).

/// One entry of the trash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TrashItem {
    pub id: String,
    /// `account` or `person`.
    pub kind: String,
    /// The account's or person's name.
    pub label: String,
    /// The account it belonged to (for one of our staff: empty).
    pub account_name: String,
    /// RFC 3339 time of the deletion.
    pub deleted_at: String,
    pub people: u32,
    pub lines: u32,
}

// The account document's records (see `crate::doc`).

/// The id a person has in a file they were imported from (a CRM contact id), so that a
/// re-import of that file finds them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceId {
    pub source_id: String,
    pub person_id: String,
}

/// When a person's record was created and last changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PersonStamp {
    pub created_at: String,
    pub updated_at: String,
}

/// The record times the map types leave out, by record id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Stamps {
    pub people: BTreeMap<String, PersonStamp>,
    pub relations: BTreeMap<String, String>,
    pub opportunities: BTreeMap<String, String>,
}
