//! What the window needs to know at start and after a workspace changes.

use serde::Serialize;
use stakemap_core::session::Recovery;
use stakemap_core::Lang;

use crate::error::AppError;
use crate::state::AppState;

/// What the window needs to know at start.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppInfo {
    pub version: String,
    /// The app's data folder (recent files, backups, the default workspace), if it has one.
    pub data_dir: Option<String>,
    /// Language following the OS locale (or `STAKEMAP_LANG`).
    pub lang: Lang,
    /// Path of the open workspace file, if one is open.
    pub workspace_path: Option<String>,
    /// Why no workspace could be opened, for the user to act on.
    pub open_error: Option<AppError>,
    /// Where the backups of every workspace are kept; `None` without a data directory.
    pub backups_dir: Option<String>,
    /// A workspace found damaged (at start or when opened): where it was moved and the
    /// newest good backup to offer. Stays until that workspace is restored or opened again.
    pub recovery: Option<Recovery>,
    /// How often Stakemap was started again while this window was open; each time this
    /// window came to the front instead of a second one opening the same workspace (the
    /// window hears of each through the `Relaunched` event).
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

/// The app's state as the window sees it.
pub fn app_info(state: &AppState) -> AppInfo {
    let workspace_path = state.workspace_path().map(|p| p.display().to_string());
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir().map(|d| d.display().to_string()),
        lang: state.lang,
        workspace_path,
        open_error: state.open_error(),
        backups_dir: state.session.backups_dir().map(|d| d.display().to_string()),
        recovery: state.recovery(),
        relaunches: state.relaunches.load(std::sync::atomic::Ordering::SeqCst),
        location_warning: state.location_warning(),
        encrypted: state.with(|ws| Ok(ws.is_encrypted())).unwrap_or(false),
        locked_path: state.locked().map(|p| p.display().to_string()),
    }
}
