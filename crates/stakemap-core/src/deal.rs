//! Opportunities' decision chains (意思決定チェーン).
//!
//! Every deal has its own decision chain: which people take part, in which buying role for
//! this deal and with what importance, and deal-only lines that overlay the account-wide
//! map ("in this project A reports to B, and C, with no formal tie, sways B").
//!
//! **The deal's graph** is the account's people and lines with the deal's lines laid over:
//! - a deal reporting line from A replaces A's account-wide primary reporting line;
//! - a deal line of another kind between the same two people, in the same direction, as an
//!   account-wide line of that kind replaces it (its strength, sign and note);
//! - any other deal line is added.
//!
//! **The deal's people** are the account's, with their deal roles: a member's buying roles
//! are the ones the deal gives them (their account-wide roles when the deal gives none), and
//! a member with high importance is a key person of the deal. People outside the chain stay
//! in the graph (they can sway the members, and our paths can run through them) but are no
//! key persons of this deal.
//!
//! The analysis of a deal ([`analyze_deal`]) is the account analysis
//! ([`crate::analysis::analyze`]) on that graph, with the same outputs, plus the buying roles
//! nobody in the chain holds yet ([`REQUIRED_ROLES`]).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{self, Analysis, MapStatus};
use crate::error::Result;
use crate::model::{deal_relations, DealLine, DealMember};
use crate::model::{InfluenceLevel, Opportunity, Person, Relation, Role, Side};
use crate::store::Workspace;

/// The buying roles a decision chain should name before the deal can be forecast: who
/// decides, who approves the money (the economic buyer), who evaluates, who will use it and
/// who coaches us. Procurement, influencers and gatekeepers are welcome but optional.
pub const REQUIRED_ROLES: [Role; 5] = [
    Role::DecisionMaker,
    Role::Approver,
    Role::Evaluator,
    Role::User,
    Role::Coach,
];

/// The account's people with their roles and key flags in this deal (see the module
/// documentation).
pub fn deal_people(people: &[Person], members: &[DealMember]) -> Vec<Person> {
    let by_person: HashMap<&str, &DealMember> =
        members.iter().map(|m| (m.person_id.as_str(), m)).collect();
    people
        .iter()
        .map(|p| {
            let mut p = p.clone();
            match by_person.get(p.id.as_str()) {
                Some(m) => {
                    if !m.roles.is_empty() {
                        p.roles = m.roles.clone();
                    }
                    p.key_person = m.importance == Some(InfluenceLevel::High);
                }
                None if p.side == Side::Customer => {
                    p.key_person = false;
                    p.roles
                        .retain(|r| !matches!(r, Role::DecisionMaker | Role::Approver));
                }
                None => {}
            }
            p
        })
        .collect()
}

/// The buying roles of [`REQUIRED_ROLES`] nobody in the chain holds, in that order.
pub fn missing_roles(deal_people: &[Person], members: &[DealMember]) -> Vec<Role> {
    let in_chain: Vec<&Person> = deal_people
        .iter()
        .filter(|p| members.iter().any(|m| m.person_id == p.id))
        .collect();
    REQUIRED_ROLES
        .iter()
        .copied()
        .filter(|role| !in_chain.iter().any(|p| p.roles.contains(role)))
        .collect()
}

/// A deal with its chain and its analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DealAnalysis {
    pub opportunity: Opportunity,
    pub members: Vec<DealMember>,
    pub lines: Vec<DealLine>,
    /// Buying roles of [`REQUIRED_ROLES`] nobody in the chain holds yet.
    pub missing_roles: Vec<Role>,
    /// The deal's map status (from its own deciders).
    pub map_status: MapStatus,
    /// The deal's graph: the account's lines with the deal's laid over
    /// ([`deal_relations`]), as the map draws it in the deal view.
    pub graph: Vec<Relation>,
    /// The account analysis, run on the deal's graph.
    pub analysis: Analysis,
}

/// Analyses a deal: [`analysis::analyze`] on its graph, its missing roles and status.
pub fn analyze_deal(
    opportunity: Opportunity,
    people: &[Person],
    relations: &[Relation],
    members: Vec<DealMember>,
    lines: Vec<DealLine>,
    settings: analysis::Settings,
) -> DealAnalysis {
    let people = deal_people(people, &members);
    let relations = deal_relations(&opportunity.account_id, relations, &lines);
    let analysis = analysis::analyze_with(&people, &relations, settings);
    DealAnalysis {
        missing_roles: missing_roles(&people, &members),
        map_status: analysis.map_status,
        graph: relations,
        opportunity,
        members,
        lines,
        analysis,
    }
}

impl Workspace {
    /// The analysis of a deal on its own graph (see the module documentation), with the roles of our
    /// iron triangle nobody holds for its account.
    pub fn analyze_opportunity(
        &self,
        opportunity_id: &str,
        threshold: f64,
    ) -> Result<DealAnalysis> {
        self.analyze_opportunity_with(
            opportunity_id,
            analysis::Settings::with_threshold(threshold),
        )
    }

    /// [`Workspace::analyze_opportunity`] with the reporting access set too; the advice
    /// includes the `stale` risks of the deal's key persons.
    pub fn analyze_opportunity_with(
        &self,
        opportunity_id: &str,
        settings: analysis::Settings,
    ) -> Result<DealAnalysis> {
        let settings = settings.check()?;
        let opportunity = self.opportunity(opportunity_id)?;
        let people = self.people(&opportunity.account_id)?;
        let relations = self.relations(&opportunity.account_id)?;
        let team = self.team(&opportunity.account_id)?;
        let mut out = analyze_deal(
            opportunity,
            &people,
            &relations,
            crate::store::deals::members(self.conn(), opportunity_id)?,
            crate::store::deals::lines(self.conn(), opportunity_id)?,
            settings,
        );
        out.analysis.missing_team_roles = crate::model::missing_team_roles(&team);
        let account_id = out.opportunity.account_id.clone();
        self.add_stale_risks(&account_id, &mut out.analysis)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationKind;

    fn line(id: &str, kind: RelationKind, from: &str, to: &str) -> Relation {
        Relation {
            id: id.into(),
            account_id: "acc".into(),
            kind,
            from: from.into(),
            to: to.into(),
            strength: 2,
            sign: 1,
            note: String::new(),
        }
    }

    fn deal(id: &str, kind: RelationKind, from: &str, to: &str, strength: u8) -> DealLine {
        DealLine {
            id: id.into(),
            opportunity_id: "o".into(),
            kind,
            from: from.into(),
            to: to.into(),
            strength,
            sign: 1,
            note: String::new(),
            created_at: String::new(),
        }
    }

    fn account() -> Vec<Relation> {
        vec![
            line("m1", RelationKind::ReportsTo, "a", "boss"),
            line("i1", RelationKind::Influence, "b", "boss"),
            line("i2", RelationKind::Influence, "c", "boss"),
        ]
    }

    #[test]
    fn a_deal_reporting_line_replaces_the_persons_manager() {
        let out = deal_relations(
            "acc",
            &account(),
            &[deal("d1", RelationKind::ReportsTo, "a", "c", 3)],
        );
        let managers: Vec<(&str, &str, &str)> = out
            .iter()
            .filter(|r| r.kind == RelationKind::ReportsTo)
            .map(|r| (r.id.as_str(), r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(managers, [("d1", "a", "c")]);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn the_same_influence_line_is_replaced_and_new_ones_added() {
        let out = deal_relations(
            "acc",
            &account(),
            &[
                deal("d2", RelationKind::Influence, "b", "boss", 1),
                deal("d3", RelationKind::Influence, "a", "c", 3),
            ],
        );
        let mut ids: Vec<&str> = out.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["d2", "d3", "i2", "m1"]);
        assert_eq!(out.iter().find(|r| r.id == "d2").unwrap().strength, 1);
        assert_eq!(out.iter().find(|r| r.id == "d3").unwrap().account_id, "acc");
    }
}
