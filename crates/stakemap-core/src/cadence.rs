//! Where an account stands in its review cycle (see `crate::review` for the reviews and
//! `crate::plan` for the plan whose interval it follows). Shared by both, below them.

use serde::{Deserialize, Serialize};

/// Where an account stands in its review cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cadence {
    pub account_id: String,
    /// The newest snapshot's time, if any.
    pub last_review: Option<String>,
    /// Months between reviews (3 unless the account plan says otherwise).
    pub review_months: u32,
    /// When the next review is due (an ISO date); `None` before the first review.
    pub review_due: Option<String>,
    /// Past the review date, or never reviewed.
    pub review_overdue: bool,
    /// When the plan and strategy last changed, if there is a plan.
    pub plan_updated: Option<String>,
    /// The plan and strategy are older than 6 months (or there is no plan).
    pub plan_overdue: bool,
}

/// Months between reviews of people, lines, opportunities and targets.
pub const REVIEW_MONTHS: u32 = 3;
/// Months between reviews of the plan and strategy.
pub const PLAN_MONTHS: u32 = 6;

/// The date `months` after `at` (an RFC 3339 time).
fn months_after(at: &str, months: u32) -> Option<chrono::NaiveDate> {
    let date = chrono::DateTime::parse_from_rfc3339(at).ok()?.date_naive();
    date.checked_add_months(chrono::Months::new(months))
}

/// The cadence of an account at `today`.
pub fn cadence(
    account_id: &str,
    last_review: Option<&str>,
    review_months: u32,
    plan_updated: Option<&str>,
    today: chrono::NaiveDate,
) -> Cadence {
    let review_due = last_review.and_then(|at| months_after(at, review_months));
    let plan_due = plan_updated.and_then(|at| months_after(at, PLAN_MONTHS));
    Cadence {
        account_id: account_id.to_string(),
        last_review: last_review.map(str::to_string),
        review_months,
        review_due: review_due.map(|d| d.to_string()),
        review_overdue: review_due.is_none_or(|d| d < today),
        plan_updated: plan_updated.map(str::to_string),
        plan_overdue: plan_due.is_none_or(|d| d < today),
    }
}
