//! Editing an account's map: accounts, people, ratings, lines, managers, card positions,
//! roles of the iron triangle, and undo. Each edit is one transaction and one undo step,
//! named by a key the UI translates ("add_person").

use stakemap_core::map::AccountMap;
use stakemap_core::UndoLabel;
use stakemap_core::{
    Account, AccountInput, Person, PersonInput, RatingChange, RatingKind, Relation, RelationInput,
    UndoStatus,
};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

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

#[tauri::command]
#[specta::specta]
pub async fn create_account(state: State<'_, AppState>, input: AccountInput) -> CmdResult<Account> {
    state.with(|ws| Ok(ws.write_step(UndoLabel::CreateAccount, |tx| tx.create_account(&input))?))
}

#[tauri::command]
#[specta::specta]
pub async fn update_account(
    state: State<'_, AppState>,
    id: String,
    input: AccountInput,
) -> CmdResult<Account> {
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::UpdateAccount, |tx| {
            tx.update_account(&id, &input)
        })?)
    })
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
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::AddPerson, |tx| {
            tx.add_person(&account_id, &input)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn update_person(
    state: State<'_, AppState>,
    id: String,
    input: PersonInput,
) -> CmdResult<Person> {
    state.with(|ws| Ok(ws.write_step(UndoLabel::UpdatePerson, |tx| tx.update_person(&id, &input))?))
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
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::SetRating, |tx| {
            tx.set_rating(&person_id, kind, value)
        })?)
    })
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
    state.with(|ws| {
        Ok(ws.write_step(UndoLabel::AddRelation, |tx| {
            tx.add_relation(&account_id, &input)
        })?)
    })
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
        Ok(ws.write_step(UndoLabel::UpdateRelation, |tx| {
            tx.update_relation(&id, strength, sign, &note)
        })?)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn delete_relation(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.write_step(UndoLabel::DeleteRelation, |tx| tx.delete_relation(&id))?))
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
        Ok(ws.write_step(UndoLabel::SetManager, |tx| {
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
        Ok(ws.write_step(UndoLabel::MoveCard, |tx| {
            tx.set_position(&account_id, &person_id, x, y)
        })?)
    })
}

/// Forgets manual positions: the automatic layout again.
#[tauri::command]
#[specta::specta]
pub async fn relayout(state: State<'_, AppState>, account_id: String) -> CmdResult<()> {
    state.with(|ws| Ok(ws.write_step(UndoLabel::Relayout, |tx| tx.clear_positions(&account_id))?))
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
        Ok(ws.write_step(UndoLabel::SetTeamRole, |tx| {
            tx.set_team_role(&account_id, role, person_id.as_deref())
        })?)
    })
}
