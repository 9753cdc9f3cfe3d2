//! Account plans (アカウントプラン), the ABCD classification and the portfolio.
//!
//! **The plan** has four parts: the industry and the customer; the customer's priorities
//! (one per line); network resources, now and target, as targets on people's ratings
//! ("intimacy 4 with the CFO by 2027-09-30"); opportunities and targets (a revenue target
//! by a date). Its progress is computed from the data, never typed in: a network target is
//! reached when the person's rating is at or above it; revenue progress is the amount of
//! the account's won opportunities (in the plan's currency) over the target, with the open
//! pipeline beside it.
//!
//! **ABCD** places an account by two scores, each 1 to 5:
//! - *potential* (潜在力): what the customer could buy from us in the next three years,
//!   1 very little, 2 little, 3 as much as a typical account, 4 much, 5 among our largest;
//! - *contribution* (貢献度): what the account brings us now (revenue, margin, reference
//!   value), on the same scale.
//!
//! A score of 3 or more is high. **A**: high potential, high contribution (invest: key
//! account); **B**: low potential, high contribution (keep: serve it well and efficiently);
//! **C**: high potential, low contribution (develop: win share); **D**: low and low (serve
//! at low cost). Unscored accounts have no class.
//!
//! **The portfolio** lists every account of the workspace with its class, map status, last
//! review and whether it is due, open coverage gaps, missing roles of the iron triangle and
//! targets reached.

use crate::error::Reason;
use serde::{Deserialize, Serialize};

use crate::analysis::MapStatus;
use crate::cadence::{self, Cadence};
use crate::error::{Error, Result};
use crate::model::{Account, RatingKind, TeamRole};
use crate::model::{AccountPlan, NetworkTarget};
use crate::store::{plans, snapshots, UndoLabel, Workspace};

/// The score from which potential or contribution counts as high.
pub const HIGH_SCORE: u8 = 3;

/// The four account classes (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum AbcdClass {
    A,
    B,
    C,
    D,
}

/// The class of an account scored `potential` and `contribution` (1 to 5 each).
pub fn classify(potential: Option<u8>, contribution: Option<u8>) -> Option<AbcdClass> {
    let (p, c) = (potential? >= HIGH_SCORE, contribution? >= HIGH_SCORE);
    Some(match (p, c) {
        (true, true) => AbcdClass::A,
        (false, true) => AbcdClass::B,
        (true, false) => AbcdClass::C,
        (false, false) => AbcdClass::D,
    })
}

/// What the user sets of a plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanInput {
    pub industry_customer: String,
    pub priorities: Vec<String>,
    pub strategy: String,
    pub revenue_target: Option<f64>,
    pub currency: String,
    pub target_date: String,
    pub potential: Option<u8>,
    pub contribution: Option<u8>,
    /// `None`: 3 months.
    pub review_months: Option<u32>,
}

/// A target with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TargetProgress {
    pub target: NetworkTarget,
    pub person_name: String,
    /// The person's rating now (`None`: unknown).
    pub current: Option<u8>,
    pub reached: bool,
    /// Not reached and past its date.
    pub overdue: bool,
}

/// A plan with its progress, computed from the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanProgress {
    pub plan: AccountPlan,
    pub class: Option<AbcdClass>,
    pub targets: Vec<TargetProgress>,
    pub targets_reached: u32,
    /// Won opportunities and open ones, in the plan's currency (others are left out).
    pub won_amount: f64,
    pub open_amount: f64,
    /// `won_amount / revenue_target`, when there is a target above 0.
    pub revenue_progress: Option<f64>,
}

/// One account of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PortfolioRow {
    pub account: Account,
    pub potential: Option<u8>,
    pub contribution: Option<u8>,
    pub class: Option<AbcdClass>,
    pub map_status: MapStatus,
    pub cadence: Cadence,
    /// Key persons who are coverage gaps (uncovered or weakly covered).
    pub open_gaps: u32,
    pub key_persons: u32,
    pub missing_team_roles: Vec<TeamRole>,
    pub targets_reached: u32,
    pub targets_total: u32,
}

fn check_date(field: &str, value: &str) -> Result<()> {
    let v = value.trim();
    if !v.is_empty() && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_err() {
        return Err(Error::invalid(
            field,
            Reason::NotADate {
                value: v.to_string(),
            },
        ));
    }
    Ok(())
}

fn check_score(field: &str, value: Option<u8>) -> Result<()> {
    if value.is_some_and(|v| !(1..=5).contains(&v)) {
        return Err(Error::invalid(
            field,
            Reason::OutOfRange {
                value: value.unwrap_or_default().to_string(),
                min: "1".into(),
                max: "5".into(),
            },
        ));
    }
    Ok(())
}

impl PlanInput {
    fn check(&self) -> Result<()> {
        for (field, value) in [
            ("industry_customer", &self.industry_customer),
            ("strategy", &self.strategy),
            ("currency", &self.currency),
        ] {
            crate::model::check_text(field, value)?;
        }
        crate::model::check_text("priorities", &self.priorities.join("\n"))?;
        if self.priorities.len() > 100 {
            return Err(Error::invalid("priorities", Reason::TooMany { limit: 100 }));
        }
        if self
            .revenue_target
            .is_some_and(|t| !t.is_finite() || t < 0.0)
        {
            return Err(Error::invalid("revenue_target", Reason::Negative));
        }
        check_date("target_date", &self.target_date)?;
        check_score("potential", self.potential)?;
        check_score("contribution", self.contribution)?;
        if self.review_months.is_some_and(|m| !(1..=24).contains(&m)) {
            return Err(Error::invalid(
                "review_months",
                Reason::OutOfRange {
                    value: self.review_months.unwrap_or_default().to_string(),
                    min: "1".into(),
                    max: "24".into(),
                },
            ));
        }
        Ok(())
    }
}

impl Workspace {
    /// The account's plan (the defaults when it has none yet).
    pub fn plan(&self, account_id: &str) -> Result<AccountPlan> {
        self.account(account_id)?;
        Ok(
            plans::get(self.conn(), account_id)?.unwrap_or_else(|| AccountPlan {
                account_id: account_id.to_string(),
                industry_customer: String::new(),
                priorities: Vec::new(),
                strategy: String::new(),
                revenue_target: None,
                currency: String::new(),
                target_date: String::new(),
                potential: None,
                contribution: None,
                review_months: cadence::REVIEW_MONTHS,
                updated_at: String::new(),
            }),
        )
    }

    /// Writes the account's plan (one undo step).
    pub fn set_plan(&mut self, account_id: &str, input: &PlanInput) -> Result<AccountPlan> {
        input.check()?;
        self.account(account_id)?;
        let priorities: Vec<String> = input
            .priorities
            .iter()
            .map(|p| p.replace(['\n', '\r'], " ").trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
        let plan = AccountPlan {
            account_id: account_id.to_string(),
            industry_customer: input.industry_customer.clone(),
            priorities,
            strategy: input.strategy.clone(),
            revenue_target: input.revenue_target,
            currency: input.currency.trim().to_string(),
            target_date: input.target_date.trim().to_string(),
            potential: input.potential,
            contribution: input.contribution,
            review_months: input.review_months.unwrap_or(cadence::REVIEW_MONTHS),
            updated_at: String::new(),
        };
        self.write_step(UndoLabel::SetPlan, |tx| plans::upsert(tx, &plan))?;
        self.plan(account_id)
    }

    /// The network targets of an account's plan.
    pub fn targets(&self, account_id: &str) -> Result<Vec<NetworkTarget>> {
        plans::targets(self.conn(), account_id)
    }

    /// Adds a network target ("intimacy 4 with this person by this date"); a target on the
    /// same person and rating replaces it. One undo step.
    pub fn set_target(
        &mut self,
        person_id: &str,
        rating: RatingKind,
        target: u8,
        due: &str,
    ) -> Result<NetworkTarget> {
        if !(1..=5).contains(&target) {
            return Err(Error::invalid(
                "target",
                Reason::OutOfRange {
                    value: target.to_string(),
                    min: "1".into(),
                    max: "5".into(),
                },
            ));
        }
        check_date("due", due)?;
        let person = self.person(person_id)?;
        let Some(account_id) = person.account_id.clone() else {
            return Err(Error::invalid("person", Reason::TargetOnStaff));
        };
        let id = crate::store::new_id();
        let new = NetworkTarget {
            id: id.clone(),
            account_id,
            person_id: person_id.to_string(),
            rating,
            target,
            due: due.trim().to_string(),
        };
        self.write_step(UndoLabel::SetTarget, |tx| plans::replace_target(tx, &new))?;
        plans::target(self.conn(), &id)
    }

    /// Deletes a network target. One undo step.
    pub fn delete_target(&mut self, id: &str) -> Result<()> {
        let n = self.write_step(UndoLabel::DeleteTarget, |tx| plans::delete_target(tx, id))?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "target",
                id: id.to_string(),
            });
        }
        Ok(())
    }

    /// The plan with its progress at `today` (see the module documentation).
    pub fn plan_progress(
        &self,
        account_id: &str,
        today: chrono::NaiveDate,
    ) -> Result<PlanProgress> {
        let plan = self.plan(account_id)?;
        let mut targets = Vec::new();
        // Only the people with targets are read: this runs after every edit in the window.
        for t in self.targets(account_id)? {
            let p = self.person(&t.person_id)?;
            let current = p.ratings.get(t.rating);
            let reached = current.is_some_and(|c| c >= t.target);
            let overdue = !reached
                && chrono::NaiveDate::parse_from_str(&t.due, "%Y-%m-%d").is_ok_and(|d| d < today);
            targets.push(TargetProgress {
                person_name: p.name.clone(),
                target: t,
                current,
                reached,
                overdue,
            });
        }
        let (mut won, mut open) = (0.0, 0.0);
        for o in self.opportunities(account_id)? {
            if !plan.currency.is_empty() && o.currency != plan.currency {
                continue;
            }
            match o.status.as_str() {
                "won" => won += o.amount,
                "open" => open += o.amount,
                _ => {}
            }
        }
        Ok(PlanProgress {
            class: classify(plan.potential, plan.contribution),
            targets_reached: targets.iter().filter(|t| t.reached).count() as u32,
            targets,
            won_amount: won,
            open_amount: open,
            revenue_progress: plan.revenue_target.filter(|t| *t > 0.0).map(|t| won / t),
            plan,
        })
    }

    /// Every account of the workspace with its class and flags, by name.
    pub fn portfolio(&self, today: chrono::NaiveDate) -> Result<Vec<PortfolioRow>> {
        let mut rows = Vec::new();
        for account in self.accounts()? {
            let progress = self.plan_progress(&account.id, today)?;
            let analysis = self.analyze(&account.id, crate::analysis::DEFAULT_THRESHOLD)?;
            let last = snapshots::last_taken(self.conn(), &account.id)?;
            let plan_updated = Some(progress.plan.updated_at.as_str()).filter(|s| !s.is_empty());
            rows.push(PortfolioRow {
                potential: progress.plan.potential,
                contribution: progress.plan.contribution,
                class: progress.class,
                map_status: analysis.map_status,
                cadence: cadence::cadence(
                    &account.id,
                    last.as_deref(),
                    progress.plan.review_months,
                    plan_updated,
                    today,
                ),
                open_gaps: analysis.coverage_gaps.len() as u32,
                key_persons: analysis.key_persons.len() as u32,
                missing_team_roles: analysis.missing_team_roles,
                targets_reached: progress.targets_reached,
                targets_total: progress.targets.len() as u32,
                account,
            });
        }
        Ok(rows)
    }
}

impl Workspace {
    /// The review cadence of every account (no analysis: cheap enough for the account list).
    pub fn cadences(&self, today: chrono::NaiveDate) -> Result<Vec<Cadence>> {
        let mut out = Vec::new();
        for account in self.accounts()? {
            let plan = self.plan(&account.id)?;
            let last = snapshots::last_taken(self.conn(), &account.id)?;
            out.push(cadence::cadence(
                &account.id,
                last.as_deref(),
                plan.review_months,
                Some(plan.updated_at.as_str()).filter(|s| !s.is_empty()),
                today,
            ));
        }
        Ok(out)
    }
}
