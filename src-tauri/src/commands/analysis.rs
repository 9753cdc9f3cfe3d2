//! The analysis of an account and its what-if preview.

use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The analysis of an account: indirect key persons, coverage gaps, approach paths,
/// centrality and the map status.
#[tauri::command]
#[specta::specta]
pub async fn analyze(
    state: State<'_, AppState>,
    account_id: String,
    threshold: f64,
) -> CmdResult<stakemap_core::analysis::Analysis> {
    state.with(|ws| Ok(ws.analyze(&account_id, threshold)?))
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
