//! Thin commands: each parses nothing itself and calls one core function.

use serde::Serialize;
use stakemap_core::cipher::PasswordChange;
use stakemap_core::map::AccountMap;
use stakemap_core::trash::{RestoreReport, TrashItem};
use stakemap_core::{
    Account, AccountInput, Lang, Password, Person, PersonInput, RatingChange, RatingKind, Relation,
    RelationInput, UndoStatus,
};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    /// Language following the OS locale (or `STAKEMAP_LANG`).
    pub lang: Lang,
    /// Path of the open workspace file, if one is open.
    pub workspace_path: Option<String>,
    /// Why no workspace could be opened, for the user to act on.
    pub open_error: Option<crate::error::AppError>,
    /// Where the backups of every workspace are kept; `None` without a data directory.
    pub backups_dir: Option<String>,
    /// A workspace found damaged (at start or when opened): where it was moved and the
    /// newest good backup to offer. Stays until that workspace is restored or opened again.
    pub recovery: Option<crate::backups::Recovery>,
    /// How often Stakemap was started again while this window was open; each time this
    /// window came to the front instead of a second one opening the same workspace.
    pub relaunches: u32,
    /// The open workspace is in a cloud-synced folder or on a network file system, where
    /// SQLite's file locking is not safe (recomputed each time, so after every open, new
    /// and save-as).
    pub location_warning: Option<stakemap_core::hold::LocationWarning>,
    /// The open workspace is encrypted with a password.
    pub encrypted: bool,
    /// An encrypted workspace that could not be opened without its password: the window
    /// asks for it and calls `open_workspace` with it.
    pub locked_path: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let workspace_path = state.with(|ws| Ok(ws.path().display().to_string())).ok();
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        lang: state.lang,
        workspace_path,
        open_error: state.open_error(),
        backups_dir: state.backups_dir.as_ref().map(|d| d.display().to_string()),
        recovery: state.recovery(),
        relaunches: state.relaunches.load(std::sync::atomic::Ordering::SeqCst),
        location_warning: state.location_warning(),
        encrypted: state.with(|ws| Ok(ws.is_encrypted())).unwrap_or(false),
        locked_path: state.locked().map(|p| p.display().to_string()),
    })
}

/// Every account of the open workspace, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<Account>> {
    state.with(|ws| Ok(ws.accounts()?))
}

/// The map of one account: people, lines and where each card is drawn, with the teams of
/// the `collapsed` managers folded away.
#[tauri::command]
#[specta::specta]
pub async fn account_map(
    state: State<'_, AppState>,
    account_id: String,
    collapsed: Option<Vec<String>>,
) -> CmdResult<AccountMap> {
    let collapsed = collapsed.unwrap_or_default().into_iter().collect();
    state.with(|ws| Ok(ws.account_map_collapsed(&account_id, &collapsed)?))
}

// ---- Editing. Each edit is one transaction and one undo step, named by a key the UI
// translates ("add_person").

#[tauri::command]
#[specta::specta]
pub async fn create_account(state: State<'_, AppState>, input: AccountInput) -> CmdResult<Account> {
    state.with(|ws| Ok(ws.write_step("create_account", |tx| tx.create_account(&input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn update_account(
    state: State<'_, AppState>,
    id: String,
    input: AccountInput,
) -> CmdResult<Account> {
    state.with(|ws| Ok(ws.write_step("update_account", |tx| tx.update_account(&id, &input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_account(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.trash_account(&id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn add_person(
    state: State<'_, AppState>,
    account_id: String,
    input: PersonInput,
) -> CmdResult<Person> {
    state.with(|ws| Ok(ws.write_step("add_person", |tx| tx.add_person(&account_id, &input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn update_person(
    state: State<'_, AppState>,
    id: String,
    input: PersonInput,
) -> CmdResult<Person> {
    state.with(|ws| Ok(ws.write_step("update_person", |tx| tx.update_person(&id, &input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn delete_person(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.trash_person(&id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn set_rating(
    state: State<'_, AppState>,
    person_id: String,
    kind: RatingKind,
    value: Option<u8>,
) -> CmdResult<Person> {
    state.with(|ws| Ok(ws.write_step("set_rating", |tx| tx.set_rating(&person_id, kind, value))?))
}

/// Every recorded change of a person's ratings, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn rating_history(
    state: State<'_, AppState>,
    person_id: String,
) -> CmdResult<Vec<RatingChange>> {
    state.with(|ws| Ok(ws.rating_history(&person_id)?))
}

#[tauri::command]
#[specta::specta]
pub async fn add_relation(
    state: State<'_, AppState>,
    account_id: String,
    input: RelationInput,
) -> CmdResult<Relation> {
    state.with(|ws| Ok(ws.write_step("add_relation", |tx| tx.add_relation(&account_id, &input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn update_relation(
    state: State<'_, AppState>,
    id: String,
    strength: u8,
    sign: i8,
    note: String,
) -> CmdResult<Relation> {
    state.with(|ws| {
        Ok(ws.write_step("update_relation", |tx| {
            tx.update_relation(&id, strength, sign, &note)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn delete_relation(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.write_step("delete_relation", |tx| tx.delete_relation(&id))?))
}

/// Sets (or, with no manager, clears) a person's primary manager.
#[tauri::command]
#[specta::specta]
pub async fn set_manager(
    state: State<'_, AppState>,
    account_id: String,
    person_id: String,
    manager_id: Option<String>,
) -> CmdResult<()> {
    state.with(|ws| {
        Ok(ws.write_step("set_manager", |tx| {
            tx.set_manager(&account_id, &person_id, manager_id.as_deref())
        })?)
    })
}

/// Keeps a card where the user dropped it.
#[tauri::command]
#[specta::specta]
pub async fn move_card(
    state: State<'_, AppState>,
    account_id: String,
    person_id: String,
    x: f64,
    y: f64,
) -> CmdResult<()> {
    state.with(|ws| {
        Ok(ws.write_step("move_card", |tx| {
            tx.set_position(&account_id, &person_id, x, y)
        })?)
    })
}

/// Forgets manual positions: the automatic layout again.
#[tauri::command]
#[specta::specta]
pub async fn relayout(state: State<'_, AppState>, account_id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.write_step("relayout", |tx| tx.clear_positions(&account_id))?))
}

/// Takes back the last edit; answers what Undo and Redo would do next.
#[tauri::command]
#[specta::specta]
pub async fn undo(state: State<'_, AppState>) -> CmdResult<UndoStatus> {
    state.with(|ws| {
        ws.undo()?;
        Ok(ws.undo_status())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn redo(state: State<'_, AppState>) -> CmdResult<UndoStatus> {
    state.with(|ws| {
        ws.redo()?;
        Ok(ws.undo_status())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn undo_status(state: State<'_, AppState>) -> CmdResult<UndoStatus> {
    state.with(|ws| Ok(ws.undo_status()))
}

// ---- Workspace files. The window asks for a path with the native dialog and hands it
// here; on any error the open workspace stays open.

/// Creates a new, empty workspace file and switches to it.
#[tauri::command]
#[specta::specta]
pub async fn new_workspace(state: State<'_, AppState>, path: String) -> CmdResult<AppInfo> {
    let ws = stakemap_core::Workspace::create_new(&path)?;
    state.set_workspace(ws);
    app_info(state).await
}

/// Opens an existing workspace file and switches to it (backed up first when it is of an
/// older format, and on opening). A damaged file is moved aside and refused with kind
/// `corrupt`; `app_info().recovery` then holds the newest good backup to offer. An
/// encrypted file needs `password` (kinds `encrypted` without one, `wrong_password` when
/// it does not open the file).
#[tauri::command]
#[specta::specta]
pub async fn open_workspace(
    state: State<'_, AppState>,
    path: String,
    password: Option<String>,
) -> CmdResult<AppInfo> {
    if !std::path::Path::new(&path).is_file() {
        return Err(crate::error::AppError {
            kind: "not_found".into(),
            message: format!("{path} does not exist or is not a file"),
        });
    }
    let password = password
        .filter(|p| !p.is_empty())
        .map(Password::new)
        .transpose()?;
    let ws = state
        .open_file(std::path::Path::new(&path), password.as_ref())
        .map_err(|e| state.open_failed(e, password.as_ref()))?;
    state.opened(ws);
    app_info(state).await
}

/// Writes a copy of the open workspace to `path` and goes on working in the copy.
#[tauri::command]
#[specta::specta]
pub async fn save_workspace_as(state: State<'_, AppState>, path: String) -> CmdResult<AppInfo> {
    // A copy of an encrypted workspace is encrypted with the same password.
    let key = state.with(|ws| {
        ws.save_copy(&path)?;
        Ok(ws.password().cloned())
    })?;
    let ws = stakemap_core::Workspace::open_keyed(
        &path,
        std::sync::Arc::new(stakemap_core::SystemClock),
        None,
        key.as_ref(),
    )?;
    state.set_workspace(ws);
    app_info(state).await
}

/// Encrypts the open workspace with `password`, changes its password to `password`, or,
/// with none, removes its encryption (see `stakemap_core::cipher`); its backups are
/// rewritten the same way. A new password has at least 8 characters. The undo history
/// starts again.
#[tauri::command]
#[specta::specta]
pub async fn set_workspace_password(
    state: State<'_, AppState>,
    password: Option<String>,
) -> CmdResult<PasswordChange> {
    let password = password.map(Password::new_for_encryption).transpose()?;
    let dir = state.backups_dir.clone();
    let st = state.inner();
    st.with(|ws| {
        let done = ws.change_password(password.as_ref(), dir.as_deref())?;
        st.remember_key(ws.path(), ws.password());
        Ok(done)
    })
}

/// Recently opened workspace files, newest first.
#[tauri::command]
#[specta::specta]
pub async fn recent_files(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    Ok(state
        .data_dir
        .as_deref()
        .map(crate::recent::load)
        .unwrap_or_default())
}

// ---- Analysis

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

/// Gives a role of the account's iron triangle to one of our staff (or clears it).
#[tauri::command]
#[specta::specta]
pub async fn set_team_role(
    state: State<'_, AppState>,
    account_id: String,
    role: stakemap_core::TeamRole,
    person_id: Option<String>,
) -> CmdResult<()> {
    state.with(|ws| {
        Ok(ws.write_step("set_team_role", |tx| {
            tx.set_team_role(&account_id, role, person_id.as_deref())
        })?)
    })
}

// ---- The trash: deleted accounts and people, until restored or emptied.

/// The trash, newest first.
#[tauri::command]
#[specta::specta]
pub async fn trash_list(state: State<'_, AppState>) -> CmdResult<Vec<TrashItem>> {
    state.with(|ws| Ok(ws.trash()?))
}

/// Puts a trash entry back, with its ids. One undo step.
#[tauri::command]
#[specta::specta]
pub async fn restore_trash(state: State<'_, AppState>, id: String) -> CmdResult<RestoreReport> {
    state.with(|ws| Ok(ws.restore_from_trash(&id)?))
}

/// Deletes everything in the trash for good (undo still brings it back in this session).
#[tauri::command]
#[specta::specta]
pub async fn empty_trash(state: State<'_, AppState>) -> CmdResult<u32> {
    state.with(|ws| Ok(ws.empty_trash()?))
}
