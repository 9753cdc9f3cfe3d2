//! The JSON export of one account: [`AccountDoc`], a lossless copy of everything the
//! workspace holds about the account (and the staff of ours on its map), so that a
//! colleague can merge it into their workspace, or it can be imported into an empty one.
//!
//! The document is written in a stable order (the order the store lists things in, and
//! ids where that order has ties), so exporting the same account twice gives the same
//! bytes.

use serde::{Deserialize, Serialize};

use super::{ExportData, Redaction};
use crate::error::Result;
use crate::model::{Account, Opportunity, Person, RatingChange, Relation, TeamMember};
use crate::store::Workspace;
pub use crate::model::{PersonStamp, SourceId, Stamps};

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
    pub plan: Option<crate::plan::AccountPlan>,
    /// The plan's network targets (absent in older files).
    #[serde(default)]
    pub targets: Vec<crate::plan::NetworkTarget>,
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
    pub members: Vec<crate::deal::DealMember>,
    /// The lines that hold only in this deal (absent in older files).
    #[serde(default)]
    pub lines: Vec<crate::deal::DealLine>,
}

/// A card placed by hand (top-left corner, map units).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocPosition {
    pub person_id: String,
    pub x: f64,
    pub y: f64,
}




/// Reads the record times and source ids of an account (for [`ExportData::load`]).
pub(crate) fn load_extras(ws: &Workspace, account_id: &str) -> Result<(Stamps, Vec<SourceId>)> {
    let conn = ws.conn();
    let mut stamps = Stamps::default();
    {
        let mut stmt = conn.prepare(
            "SELECT id, created_at, updated_at FROM person
             WHERE account_id = ?1 OR account_id IS NULL",
        )?;
        let rows = stmt.query_map([account_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                PersonStamp {
                    created_at: r.get(1)?,
                    updated_at: r.get(2)?,
                },
            ))
        })?;
        for row in rows {
            let (id, stamp) = row?;
            stamps.people.insert(id, stamp);
        }
    }
    for (table, map) in [
        ("relation", &mut stamps.relations),
        ("opportunity", &mut stamps.opportunities),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT id, created_at FROM {table} WHERE account_id = ?1"
        ))?;
        let rows = stmt.query_map([account_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, at) = row?;
            map.insert(id, at);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT source_id, person_id FROM person_source WHERE account_id = ?1 ORDER BY source_id",
    )?;
    let rows = stmt.query_map([account_id], |r| {
        Ok(SourceId {
            source_id: r.get(0)?,
            person_id: r.get(1)?,
        })
    })?;
    let source_ids = rows.collect::<rusqlite::Result<_>>()?;
    Ok((stamps, source_ids))
}

impl AccountDoc {
    /// The document of already loaded (and possibly redacted) data.
    pub fn from_data(data: &ExportData) -> AccountDoc {
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
        let positions = data
            .placements
            .iter()
            .filter(|p| p.manual)
            .map(|p| DocPosition {
                person_id: p.person_id.clone(),
                x: p.x,
                y: p.y,
            })
            .collect();
        let mut team = data.team.clone();
        team.sort_by_key(|m| m.role.as_str());
        let mut source_ids = data.source_ids.clone();
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
            rating_history: data.rating_history.clone(),
            source_ids,
            plan: data.plan.clone(),
            targets: {
                let mut t = data.targets.clone();
                t.sort_by(|a, b| a.id.cmp(&b.id));
                t
            },
            redaction: data.redaction,
        }
    }

    /// Loads an account of `ws` as a document, nothing left out.
    pub fn load(ws: &Workspace, account_id: &str) -> Result<AccountDoc> {
        Ok(AccountDoc::from_data(&ExportData::load(ws, account_id)?))
    }
}
