//! The key-account cycle: opportunities with their decision chains, reviews (snapshots,
//! comparisons, trends), account plans and the ABCD portfolio. Thin commands over
//! `stakemap_core::{deal, review, plan}`; every edit is one undo step.

use stakemap_core::cadence::Cadence;
use stakemap_core::deal::DealAnalysis;
use stakemap_core::plan::{PlanInput, PlanProgress, PortfolioRow};
use stakemap_core::review::{Comparison, State as ReviewState, Trend};
use stakemap_core::store::OpportunityInput;
use stakemap_core::UndoLabel;
use stakemap_core::{
    AccountPlan, DealLine, DealMember, DealMemberInput, NetworkTarget, Opportunity, RatingKind,
    RelationInput, Snapshot,
};
use tauri::State;

use crate::error::CmdResult;
use crate::grants::write_chosen;
use crate::purpose::Purpose;
use crate::state::AppState;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

// ---- Opportunities and decision chains

/// The opportunities of an account, by close date and name.
#[tauri::command]
#[specta::specta]
pub async fn list_opportunities(
    state: State<'_, AppState>,
    account_id: String,
) -> CmdResult<Vec<Opportunity>> {
    state.with(|ws| Ok(ws.opportunities(&account_id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn create_opportunity(
    state: State<'_, AppState>,
    account_id: String,
    input: OpportunityInput,
) -> CmdResult<Opportunity> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::CreateOpportunity, |tx| {
            tx.add_opportunity(&account_id, &input)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn update_opportunity(
    state: State<'_, AppState>,
    id: String,
    input: OpportunityInput,
) -> CmdResult<Opportunity> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::UpdateOpportunity, |tx| {
            tx.update_opportunity(&id, &input)
        })?)
    })
}

/// Deletes an opportunity with its decision chain (undo brings both back).
#[tauri::command]
#[specta::specta]
pub async fn delete_opportunity(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::DeleteOpportunity, |tx| {
            tx.delete_opportunity(&id)
        })?)
    })
}

/// Puts a person in a deal's decision chain, or changes their deal roles and importance.
#[tauri::command]
#[specta::specta]
pub async fn set_deal_member(
    state: State<'_, AppState>,
    opportunity_id: String,
    person_id: String,
    input: DealMemberInput,
) -> CmdResult<DealMember> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::SetDealMember, |tx| {
            tx.set_deal_member(&opportunity_id, &person_id, &input)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn remove_deal_member(
    state: State<'_, AppState>,
    opportunity_id: String,
    person_id: String,
) -> CmdResult<()> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::RemoveDealMember, |tx| {
            tx.remove_deal_member(&opportunity_id, &person_id)
        })?)
    })
}

/// Draws a line that holds only in this deal.
#[tauri::command]
#[specta::specta]
pub async fn add_deal_line(
    state: State<'_, AppState>,
    opportunity_id: String,
    input: RelationInput,
) -> CmdResult<DealLine> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::AddDealLine, |tx| {
            tx.add_deal_line(&opportunity_id, &input)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn delete_deal_line(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.write_step(UndoLabel::DeleteDealLine, |tx| tx.delete_deal_line(&id))?))
}

/// A deal's chain and the analysis of its own graph. `reporting_access` is the weight of an
/// introduction along a reporting or dotted line, as in `analyze` (none: the default 0.3).
#[tauri::command]
#[specta::specta]
pub async fn analyze_opportunity(
    state: State<'_, AppState>,
    opportunity_id: String,
    threshold: f64,
    reporting_access: Option<f64>,
) -> CmdResult<DealAnalysis> {
    let settings = stakemap_core::analysis::Settings {
        threshold,
        reporting_access: reporting_access
            .unwrap_or(stakemap_core::analysis::DEFAULT_REPORTING_ACCESS),
    };
    state.with(|ws| Ok(ws.analyze_opportunity_with(&opportunity_id, settings)?))
}

// ---- Reviews

#[tauri::command]
#[specta::specta]
pub async fn take_snapshot(
    state: State<'_, AppState>,
    account_id: String,
    name: String,
) -> CmdResult<Snapshot> {
    state.with(|ws| Ok(ws.take_snapshot(&account_id, &name)?))
}

/// The snapshots of an account, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_snapshots(
    state: State<'_, AppState>,
    account_id: String,
) -> CmdResult<Vec<Snapshot>> {
    state.with(|ws| Ok(ws.snapshots(&account_id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_snapshot(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.delete_snapshot(&id)?))
}

/// What changed on an account between two states (now, or snapshots).
#[tauri::command]
#[specta::specta]
pub async fn compare_states(
    state: State<'_, AppState>,
    account_id: String,
    before: ReviewState,
    after: ReviewState,
    threshold: f64,
) -> CmdResult<Comparison> {
    state.with(|ws| Ok(ws.compare(&account_id, &before, &after, threshold)?))
}

/// Writes the comparison as a printable HTML page to the file the user chose (`token` of an
/// `export_review` choice; `.html` is added to a name without it, as a new file); returns
/// the file written.
#[tauri::command]
#[specta::specta]
pub async fn export_review(
    state: State<'_, AppState>,
    account_id: String,
    before: ReviewState,
    after: ReviewState,
    threshold: f64,
    token: String,
) -> CmdResult<String> {
    state.grants.using(Purpose::ExportReview, &token, |chosen| {
        let comparison =
            state.with(|ws| Ok(ws.compare(&account_id, &before, &after, threshold)?))?;
        let html = stakemap_core::review::summary_html(&comparison, state.lang);
        let files = [stakemap_core::export::ExportFile {
            suffix: "".into(),
            bytes: html.into_bytes(),
        }];
        let written = write_chosen(chosen, "html", &files)?;
        Ok(written
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default())
    })
}

/// A person's ratings over time, with the reviews of their account.
#[tauri::command]
#[specta::specta]
pub async fn rating_trend(state: State<'_, AppState>, person_id: String) -> CmdResult<Trend> {
    state.with(|ws| Ok(ws.rating_trend(&person_id)?))
}

// ---- Plans and the portfolio

/// The account's plan with its progress, computed from the data.
#[tauri::command]
#[specta::specta]
pub async fn plan_progress(
    state: State<'_, AppState>,
    account_id: String,
) -> CmdResult<PlanProgress> {
    state.with(|ws| Ok(ws.plan_progress(&account_id, today())?))
}

#[tauri::command]
#[specta::specta]
pub async fn set_plan(
    state: State<'_, AppState>,
    account_id: String,
    input: PlanInput,
) -> CmdResult<AccountPlan> {
    state.with(|ws| Ok(ws.set_plan(&account_id, &input)?))
}

/// A network target: `rating` of the person at `target` (1-5) by `due` (ISO date or empty).
#[tauri::command]
#[specta::specta]
pub async fn set_target(
    state: State<'_, AppState>,
    person_id: String,
    rating: RatingKind,
    target: u8,
    due: String,
) -> CmdResult<NetworkTarget> {
    state.with(|ws| Ok(ws.set_target(&person_id, rating, target, &due)?))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_target(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.delete_target(&id)?))
}

/// Every account of the workspace with its ABCD class, map status, review cadence, open
/// gaps and missing roles of the iron triangle.
#[tauri::command]
#[specta::specta]
pub async fn portfolio(state: State<'_, AppState>) -> CmdResult<Vec<PortfolioRow>> {
    state.with(|ws| Ok(ws.portfolio(today())?))
}

/// The review cadence of every account: its last review and whether one is due.
#[tauri::command]
#[specta::specta]
pub async fn cadences(state: State<'_, AppState>) -> CmdResult<Vec<Cadence>> {
    state.with(|ws| Ok(ws.cadences(today())?))
}
