//! The analysis of an account, its what-if preview and what would change if someone left.

use stakemap_core::analysis::{Settings, DEFAULT_REPORTING_ACCESS};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The analysis of an account: indirect key persons, coverage gaps, approach paths,
/// centrality, the map status and the advice (risks, levers, next steps).
/// `reporting_access` is the weight of an introduction along a reporting or dotted line
/// (0 to 1; 0 turns it off; none: the default 0.3).
#[tauri::command]
#[specta::specta]
pub async fn analyze(
    state: State<'_, AppState>,
    account_id: String,
    threshold: f64,
    reporting_access: Option<f64>,
) -> CmdResult<stakemap_core::analysis::Analysis> {
    let settings = Settings {
        threshold,
        reporting_access: reporting_access.unwrap_or(DEFAULT_REPORTING_ACCESS),
    };
    state.with(|ws| Ok(ws.analyze_with(&account_id, settings)?))
}

/// What-if preview: which key persons would move if `person`'s solution acceptance became
/// `solution`. Nothing is saved.
#[tauri::command]
#[specta::specta]
pub async fn what_if(
    state: State<'_, AppState>,
    account_id: String,
    person: String,
    solution: u8,
) -> CmdResult<Vec<stakemap_core::analysis::WhatIfEffect>> {
    state.with(|ws| Ok(ws.what_if(&account_id, &person, solution)?))
}

/// What if `person` left: the key persons we would no longer reach or only weakly, and the
/// levers lost. Nothing is saved.
#[tauri::command]
#[specta::specta]
pub async fn without(
    state: State<'_, AppState>,
    account_id: String,
    person: String,
    threshold: f64,
    reporting_access: Option<f64>,
) -> CmdResult<stakemap_core::analysis::Departure> {
    let settings = Settings {
        threshold,
        reporting_access: reporting_access.unwrap_or(DEFAULT_REPORTING_ACCESS),
    };
    state.with(|ws| Ok(ws.without(&account_id, &person, settings)?))
}
