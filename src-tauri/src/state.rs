//! Where the app keeps its workspace, and which one it opens at start.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use stakemap_core::{Lang, Workspace};

use crate::error::{AppError, CmdResult};

/// Environment variable that moves the app's data directory (tests and development runs
/// use their own folder and never touch a user's data).
pub const DATA_DIR_ENV: &str = "STAKEMAP_DATA_DIR";
/// Environment variable that forces the UI and demo language (`en` or `ja`).
pub const LANG_ENV: &str = "STAKEMAP_LANG";
/// File name of the workspace created on first start.
pub const DEFAULT_WORKSPACE: &str = "default.stakemap";

pub struct AppState {
    workspace: Mutex<Option<Workspace>>,
    /// Where the default workspace and the recent-files list live.
    pub data_dir: Option<PathBuf>,
    /// Why the workspace could not be opened at start, shown to the user.
    open_error: Mutex<Option<AppError>>,
    pub lang: Lang,
    /// The running import, export or merge, for the window's progress bar.
    pub(crate) progress: Mutex<Option<crate::share::Progress>>,
}

impl AppState {
    pub fn new(lang: Lang, data_dir: Option<PathBuf>) -> Self {
        AppState {
            workspace: Mutex::new(None),
            data_dir,
            open_error: Mutex::new(None),
            lang,
            progress: Mutex::new(None),
        }
    }

    pub fn set_workspace(&self, mut ws: Workspace) {
        if let Err(e) = ws.enable_undo() {
            self.set_open_error(e.into());
            return;
        }
        if let Some(dir) = &self.data_dir {
            // The recent list is a convenience: failing to save it must not stop the user.
            let _ = crate::recent::remember(dir, ws.path());
        }
        *self.workspace.lock().unwrap_or_else(|e| e.into_inner()) = Some(ws);
        *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    pub fn set_open_error(&self, e: AppError) {
        *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
    }

    pub fn open_error(&self) -> Option<AppError> {
        self.open_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Runs `f` with the open workspace.
    pub fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> CmdResult<T>) -> CmdResult<T> {
        let mut guard = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_mut() {
            Some(ws) => f(ws),
            None => Err(self
                .open_error()
                .unwrap_or_else(|| AppError::state("no workspace is open"))),
        }
    }
}

/// The UI language: `STAKEMAP_LANG`, else the OS locale.
pub fn detect_lang() -> Lang {
    std::env::var(LANG_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .or_else(|| sys_locale::get_locale().map(|l| Lang::from_locale(&l)))
        .unwrap_or(Lang::En)
}

/// The data directory: `STAKEMAP_DATA_DIR` when set, else the OS app-data directory.
pub fn data_dir(os_default: Option<PathBuf>) -> Option<PathBuf> {
    std::env::var_os(DATA_DIR_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or(os_default)
}

/// Opens the workspace a user sees at start: `explicit` when given on the command line,
/// else the default workspace in `dir`, created with the demo account on first start.
pub fn open_initial(
    explicit: Option<&Path>,
    dir: &Path,
    lang: Lang,
) -> stakemap_core::Result<Workspace> {
    if let Some(path) = explicit {
        return Workspace::open(path);
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join(DEFAULT_WORKSPACE);
    let first_start = !path.exists();
    let mut ws = Workspace::open(&path)?;
    if first_start {
        stakemap_core::demo::create_demo(&mut ws, lang)?;
    }
    Ok(ws)
}
