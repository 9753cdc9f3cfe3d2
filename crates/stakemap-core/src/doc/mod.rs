//! The account document: [`AccountDoc`], a lossless copy of everything the workspace holds
//! about one account (and the staff of ours on its map), which the JSON export writes, so
//! that a colleague can merge it into their workspace, or it can be imported into an empty
//! one. Snapshots and the trash keep it too. Here: loading it from the store, reading it
//! from JSON ([`read_json_docs`]) and checking it.
//!
//! The document is written in a stable order (the order the store lists things in, and
//! ids where that order has ties), so exporting the same account twice gives the same
//! bytes.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{
    Account, AccountPlan, DealLine, DealMember, NetworkTarget, Opportunity, Person, RatingChange,
    Relation, TeamMember,
};
use crate::model::{SourceId, Stamps};
use crate::store::{docs, plans, Workspace};

mod check;
pub mod clean;
mod read;

pub(crate) use check::prepare;
pub use read::{read_json_docs, MAX_JSON_BYTES};

/// The `format` of every account document.
pub const FORMAT: &str = "stakemap-account";
/// The newest `version` of the format this build writes and reads.
pub const VERSION: u32 = 1;

/// One account, as the JSON export writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountDoc {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this build.
    pub version: u32,
    pub account: Account,
    /// The account's people and our own staff (who are shared by every account).
    pub people: Vec<DocPerson>,
    pub relations: Vec<DocRelation>,
    pub opportunities: Vec<DocOpportunity>,
    /// Cards the user placed by hand; every other card follows the automatic layout.
    pub positions: Vec<DocPosition>,
    pub team: Vec<TeamMember>,
    /// Every recorded rating change of the people above, oldest first per person.
    pub rating_history: Vec<RatingChange>,
    /// The ids the account's people have in the files they were imported from.
    pub source_ids: Vec<SourceId>,
    /// The account plan, when there is one (absent in older files).
    #[serde(default)]
    pub plan: Option<AccountPlan>,
    /// The plan's network targets (absent in older files).
    #[serde(default)]
    pub targets: Vec<NetworkTarget>,
    /// What was left out of this document; a merge does not read a left-out field as
    /// "empty" and keeps what the workspace holds for it.
    pub redaction: Redaction,
}

/// A person with the times the record was created and last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocPerson {
    #[serde(flatten)]
    pub person: Person,
    pub created_at: String,
    pub updated_at: String,
}

/// A line with the time it was drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocRelation {
    #[serde(flatten)]
    pub relation: Relation,
    pub created_at: String,
}

/// An opportunity with the time it was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocOpportunity {
    #[serde(flatten)]
    pub opportunity: Opportunity,
    pub created_at: String,
    /// Its decision chain: who takes part, in which buying role (absent in older files).
    #[serde(default)]
    pub members: Vec<DealMember>,
    /// The lines that hold only in this deal (absent in older files).
    #[serde(default)]
    pub lines: Vec<DealLine>,
}

/// A card placed by hand (top-left corner, map units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocPosition {
    pub person_id: String,
    pub x: f64,
    pub y: f64,
}

/// What a document is made of, as loaded (and possibly redacted) (see
/// [`AccountDoc::assemble`]).
pub(crate) struct Parts<'a> {
    pub account: &'a Account,
    pub people: &'a [Person],
    pub relations: &'a [Relation],
    pub opportunities: &'a [Opportunity],
    pub deal_members: &'a [DealMember],
    pub deal_lines: &'a [DealLine],
    pub plan: Option<&'a AccountPlan>,
    pub targets: &'a [NetworkTarget],
    /// The cards placed by hand.
    pub positions: Vec<DocPosition>,
    pub team: &'a [TeamMember],
    pub rating_history: &'a [RatingChange],
    pub stamps: &'a Stamps,
    pub source_ids: &'a [SourceId],
    pub redaction: Redaction,
}

/// Which private parts an export leaves out. Each is chosen on its own; the CLI's
/// `--redact` sets them all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Redaction {
    /// Intimacy, solution and price acceptance, and their history.
    pub ratings: bool,
    /// Notes on the account, on lines and on opportunities.
    pub notes: bool,
    /// The portrait of each person: their notes, e-mail address and phone number.
    pub portraits: bool,
    /// Influence lines with a negative sign (who works against whom).
    pub negative_lines: bool,
}

impl Redaction {
    pub fn all() -> Self {
        Redaction {
            ratings: true,
            notes: true,
            portraits: true,
            negative_lines: true,
        }
    }

    pub fn none() -> Self {
        Redaction::default()
    }

    pub fn any(&self) -> bool {
        self.ratings || self.notes || self.portraits || self.negative_lines
    }
}

impl AccountDoc {
    /// The document of already loaded (and possibly redacted) parts.
    pub(crate) fn assemble(data: Parts<'_>) -> AccountDoc {
        let people = data
            .people
            .iter()
            .map(|p| {
                let stamp = data.stamps.people.get(&p.id).cloned().unwrap_or_default();
                DocPerson {
                    person: p.clone(),
                    created_at: stamp.created_at,
                    updated_at: stamp.updated_at,
                }
            })
            .collect();
        let relations = data
            .relations
            .iter()
            .map(|l| DocRelation {
                relation: l.clone(),
                created_at: data
                    .stamps
                    .relations
                    .get(&l.id)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect();
        let mut opportunities: Vec<DocOpportunity> = data
            .opportunities
            .iter()
            .map(|o| DocOpportunity {
                members: {
                    let mut m: Vec<_> = data
                        .deal_members
                        .iter()
                        .filter(|m| m.opportunity_id == o.id)
                        .cloned()
                        .collect();
                    m.sort_by(|a, b| a.person_id.cmp(&b.person_id));
                    m
                },
                lines: {
                    let mut l: Vec<_> = data
                        .deal_lines
                        .iter()
                        .filter(|l| l.opportunity_id == o.id)
                        .cloned()
                        .collect();
                    l.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
                    l
                },
                opportunity: o.clone(),
                created_at: data
                    .stamps
                    .opportunities
                    .get(&o.id)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect();
        // The store lists them by close date and name; the id settles ties.
        opportunities.sort_by(|a, b| {
            let key = |o: &DocOpportunity| {
                (
                    o.opportunity.close_date.clone(),
                    o.opportunity.name.clone(),
                    o.opportunity.id.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        let positions = data.positions;
        let mut team = data.team.to_vec();
        team.sort_by_key(|m| m.role.as_str());
        let mut source_ids = data.source_ids.to_vec();
        source_ids.sort_by(|a, b| a.source_id.cmp(&b.source_id));
        AccountDoc {
            format: FORMAT.to_string(),
            version: VERSION,
            account: data.account.clone(),
            people,
            relations,
            opportunities,
            positions,
            team,
            rating_history: data.rating_history.to_vec(),
            source_ids,
            plan: data.plan.cloned(),
            targets: {
                let mut t = data.targets.to_vec();
                t.sort_by(|a, b| a.id.cmp(&b.id));
                t
            },
            redaction: data.redaction,
        }
    }

    /// Loads an account of `ws` as a document, nothing left out.
    pub fn load(ws: &Workspace, account_id: &str) -> Result<AccountDoc> {
        let account = ws.account(account_id)?;
        let people = ws.people(account_id)?;
        let relations = ws.relations(account_id)?;
        let opportunities = ws.opportunities(account_id)?;
        let manual = ws.manual_positions(account_id)?;
        let team = ws.team(account_id)?;
        // Cards placed by hand, in the order of the people.
        let positions = people
            .iter()
            .filter_map(|p| {
                manual.get(&p.id).map(|&(x, y)| DocPosition {
                    person_id: p.id.clone(),
                    x,
                    y,
                })
            })
            .collect();
        let mut rating_history = Vec::new();
        for p in &people {
            rating_history.extend(ws.rating_history(&p.id)?);
        }
        let (stamps, source_ids) = docs::stamps_and_sources(ws.conn(), account_id)?;
        let (mut deal_members, mut deal_lines) = (Vec::new(), Vec::new());
        for o in &opportunities {
            deal_members.extend(ws.deal_members(&o.id)?);
            deal_lines.extend(ws.deal_lines(&o.id)?);
        }
        let plan = plans::get(ws.conn(), account_id)?.filter(|p| !p.updated_at.is_empty());
        let targets = plans::targets(ws.conn(), account_id)?;
        Ok(AccountDoc::assemble(Parts {
            account: &account,
            people: &people,
            relations: &relations,
            opportunities: &opportunities,
            deal_members: &deal_members,
            deal_lines: &deal_lines,
            plan: plan.as_ref(),
            targets: &targets,
            positions,
            team: &team,
            rating_history: &rating_history,
            stamps: &stamps,
            source_ids: &source_ids,
            redaction: Redaction::none(),
        }))
    }
}
