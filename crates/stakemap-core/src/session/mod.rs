//! Where the app keeps its workspace, and which one it opens at start.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use stakemap_core::backup::{self, BackupReason};
use stakemap_core::hold::{self, Hold};
use stakemap_core::{Error, Lang, Password, SystemClock, Workspace};

use crate::backups::Recovery;
use crate::error::{AppError, CmdResult};

/// Environment variable that moves the app's data directory (tests and development runs
/// use their own folder and never touch a user's data).
pub const DATA_DIR_ENV: &str = "STAKEMAP_DATA_DIR";
/// Environment variable that forces the UI and demo language (`en` or `ja`).
pub const LANG_ENV: &str = "STAKEMAP_LANG";
/// File name of the workspace created on first start.
pub const DEFAULT_WORKSPACE: &str = "default.stakemap";
/// The folder of the data directory that holds the backups of every workspace.
pub const BACKUPS_FOLDER: &str = "backups";
/// How often the open workspace is backed up (when it changed).
pub const BACKUP_INTERVAL: Duration = Duration::from_secs(10 * 60);

pub struct AppState {
    workspace: Mutex<Option<Workspace>>,
    /// Where the default workspace and the recent-files list live.
    pub data_dir: Option<PathBuf>,
    /// Where the backups of every workspace go: `<data_dir>/backups`.
    pub backups_dir: Option<PathBuf>,
    /// Why the workspace could not be opened at start, shown to the user.
    open_error: Mutex<Option<AppError>>,
    /// The last workspace found damaged: where it was moved and the backup to offer.
    recovery: Mutex<Option<Recovery>>,
    pub lang: Lang,
    /// The running import, export or merge, for the window's progress bar.
    pub(crate) progress: Mutex<Option<crate::share::Progress>>,
    /// How often Stakemap was started again while this window was open (each time this
    /// window was brought forward instead).
    pub relaunches: std::sync::atomic::AtomicU32,
    /// The app's hold on the open workspace (`<name>.open-by-app` beside it), so that the
    /// CLI does not write it meanwhile; released when another workspace is opened, and
    /// when this state is dropped.
    hold: Mutex<Option<Hold>>,
    /// The passwords that opened encrypted workspaces this session, by path: to read their
    /// backups, reopen them after a restore, and open a copy saved under another name.
    /// Kept in memory only, wiped when dropped.
    keys: Mutex<std::collections::HashMap<PathBuf, Password>>,
    /// An encrypted workspace that waits for its password (from the start, or from Open).
    locked: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn new(lang: Lang, data_dir: Option<PathBuf>) -> Self {
        AppState {
            workspace: Mutex::new(None),
            backups_dir: data_dir.as_ref().map(|d| d.join(BACKUPS_FOLDER)),
            data_dir,
            open_error: Mutex::new(None),
            recovery: Mutex::new(None),
            lang,
            progress: Mutex::new(None),
            relaunches: std::sync::atomic::AtomicU32::new(0),
            hold: Mutex::new(None),
            keys: Mutex::new(std::collections::HashMap::new()),
            locked: Mutex::new(None),
        }
    }

    /// The password that opened `path` this session, if it is encrypted.
    pub fn key_for(&self, path: &Path) -> Option<Password> {
        self.keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }

    /// Remembers (or, with `None`, forgets) the password of `path` for this session.
    pub fn remember_key(&self, path: &Path, key: Option<&Password>) {
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        match key {
            Some(k) => {
                keys.insert(path.to_path_buf(), k.clone());
            }
            None => {
                keys.remove(path);
            }
        }
    }

    /// The encrypted workspace waiting for its password, if any.
    pub fn locked(&self) -> Option<PathBuf> {
        self.locked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_workspace(&self, ws: Workspace) {
        if let Ok(ws) = self.ready(ws) {
            let mut guard = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
            self.hold(ws.path());
            *guard = Some(ws);
        }
    }

    /// Holds `workspace` (the one being opened) and lets go of the one held before. A hold
    /// that cannot be written (a read-only folder) is reported on the standard error and
    /// does not keep the user from their workspace.
    fn hold(&self, workspace: &Path) {
        let mut held = self.hold.lock().unwrap_or_else(|e| e.into_inner());
        if held
            .as_ref()
            .is_some_and(|h| h.path() == hold::hold_path(workspace))
        {
            return;
        }
        // The previous hold goes first (its Drop removes its file).
        *held = None;
        match Hold::take(workspace) {
            Ok(h) => *held = Some(h),
            Err(e) => eprintln!(
                "stakemap: could not mark {} as open in the app: {e}",
                workspace.display()
            ),
        }
    }

    /// Lets go of the open workspace's hold (when the app exits).
    pub fn release_hold(&self) {
        *self.hold.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Where the open workspace is, when that place is unsafe for SQLite's locking (a
    /// cloud-synced folder or a network file system).
    pub fn location_warning(&self) -> Option<hold::LocationWarning> {
        let path = self.with(|ws| Ok(ws.path().to_path_buf())).ok()?;
        hold::location_warning(&path)
    }

    /// Turns on undo and remembers the file among the recent ones; on success clears the
    /// open error, and the recovery offer when it was about this file.
    fn ready(&self, mut ws: Workspace) -> CmdResult<Workspace> {
        if let Err(e) = ws.enable_undo() {
            let e = AppError::from(e);
            self.set_open_error(e.clone());
            return Err(e);
        }
        if let Some(dir) = &self.data_dir {
            // The recent list is a convenience: failing to save it must not stop the user.
            let _ = crate::recent::remember(dir, ws.path());
        }
        *self.open_error.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.locked.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.remember_key(ws.path(), ws.password());
        let mut recovery = self.recovery.lock().unwrap_or_else(|e| e.into_inner());
        if recovery
            .as_ref()
            .is_some_and(|r| Path::new(&r.workspace_path) == ws.path())
        {
            *recovery = None;
        }
        drop(recovery);
        Ok(ws)
    }

    /// Opens an existing workspace file, backed up before a migration; an encrypted one with
    /// `password`, else with the password that opened it before in this session.
    pub fn open_file(
        &self,
        path: &Path,
        password: Option<&Password>,
    ) -> stakemap_core::Result<Workspace> {
        let known = self.key_for(path);
        Workspace::open_keyed(
            path,
            Arc::new(SystemClock),
            self.backups_dir.as_deref(),
            password.or(known.as_ref()),
        )
    }

    /// Switches to a workspace just opened, after backing it up (reason `open`; nothing is
    /// written when the newest backup holds the same). A backup that fails is reported on
    /// the standard error and does not keep the user from their workspace.
    pub fn opened(&self, ws: Workspace) {
        if let Err(e) = self.backup(&ws, BackupReason::Open) {
            eprintln!(
                "stakemap: no backup of {} was taken: {e}",
                ws.path().display()
            );
        }
        self.set_workspace(ws);
    }

    /// What the user is told when a workspace could not be opened. A damaged file is moved
    /// aside (never deleted) and the newest good backup looked up, for the window to offer
    /// (see [`AppState::recovery`]).
    ///
    /// An encrypted workspace opened without its password (or with a wrong one) becomes the
    /// one waiting for it ([`AppState::locked`]); `password` is the one that was tried, kept
    /// to read the backups of a damaged encrypted workspace.
    pub fn open_failed(&self, e: Error, password: Option<&Password>) -> AppError {
        if let Error::Encrypted { path } | Error::WrongPassword { path } = &e {
            *self.locked.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
        }
        let Error::Corrupt { path, .. } = &e else {
            return e.into();
        };
        let path = path.clone();
        if password.is_some() {
            self.remember_key(&path, password);
        }
        let key = self.key_for(&path);
        let damaged_path = backup::quarantine(&path).ok();
        let offer = self.backups_dir.as_deref().and_then(|dir| {
            backup::newest_good_backup(dir, &path, key.as_ref())
                .ok()
                .flatten()
        });
        let mut message = match &damaged_path {
            Some(moved) => format!(
                "{} is damaged ({}). It was moved aside to {} (nothing was deleted).",
                path.display(),
                match &e {
                    Error::Corrupt { detail, .. } => detail.as_str(),
                    _ => "",
                },
                moved.display()
            ),
            None => e.to_string(),
        };
        match &offer {
            Some(b) => message.push_str(&format!(
                " The newest good backup is from {}: {} accounts, {} people, {} lines.",
                b.taken_at, b.accounts, b.people, b.lines
            )),
            None => message.push_str(" There is no good backup of it."),
        }
        *self.recovery.lock().unwrap_or_else(|e| e.into_inner()) = Some(Recovery {
            workspace_path: path.display().to_string(),
            damaged_path: damaged_path.map(|p| p.display().to_string()),
            message: message.clone(),
            backup: offer,
        });
        AppError {
            kind: e.kind().to_string(),
            message,
        }
    }

    /// The last workspace found damaged, while no other was opened since.
    pub fn recovery(&self) -> Option<Recovery> {
        self.recovery
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The backups folder, or why there is none.
    pub fn backups_dir(&self) -> CmdResult<&Path> {
        self.backups_dir.as_deref().ok_or_else(|| {
            AppError::state("no data directory, so no backups: set STAKEMAP_DATA_DIR")
        })
    }

    /// A backup of `ws` when there is a backups folder (the open workspace, before an
    /// import or a merge, every interval…).
    pub fn backup(
        &self,
        ws: &Workspace,
        reason: BackupReason,
    ) -> CmdResult<Option<backup::BackupInfo>> {
        match &self.backups_dir {
            Some(dir) => Ok(Some(backup::take_backup(ws, dir, reason)?)),
            None => Ok(None),
        }
    }

    /// The interval backup of the open workspace (nothing when it did not change).
    pub fn interval_backup(&self) {
        let guard = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ws) = guard.as_ref() {
            if let Err(e) = self.backup(ws, BackupReason::Interval) {
                eprintln!(
                    "stakemap: no backup of {} was taken: {e}",
                    ws.path().display()
                );
            }
        }
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

    /// The workspace whose backups are meant: the open one, else the one found damaged.
    pub fn backup_target(&self) -> CmdResult<PathBuf> {
        if let Ok(path) = self.with(|ws| Ok(ws.path().to_path_buf())) {
            return Ok(path);
        }
        self.recovery()
            .map(|r| PathBuf::from(r.workspace_path))
            .ok_or_else(|| AppError::state("no workspace is open"))
    }

    /// Restores `backup` in place of the workspace it is a backup of (the open one, or the
    /// one found damaged) and opens that workspace. The file it replaces is kept (see
    /// [`backup::restore_backup`]). On failure the workspace that was open stays open.
    pub fn restore(&self, backup: &Path) -> CmdResult<()> {
        let dir = self.backups_dir()?.to_path_buf();
        let mut guard = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        let open = guard.as_ref().map(|ws| ws.path().to_path_buf());
        let damaged = self.recovery().map(|r| PathBuf::from(r.workspace_path));
        let parent = backup.parent().and_then(|p| p.canonicalize().ok());
        let is_backup_of = |ws: &PathBuf| {
            backup::backup_folder(&dir, ws)
                .and_then(|f| Ok(f.canonicalize()?))
                .is_ok_and(|f| Some(f) == parent)
        };
        let target = [damaged, open.clone()]
            .into_iter()
            .flatten()
            .find(is_backup_of)
            .filter(|ws| backup::backup_info(backup, self.key_for(ws).as_ref()).is_some())
            .ok_or_else(|| AppError {
                kind: "invalid".into(),
                message: format!(
                    "{} is not a backup of this workspace; choose one from the list",
                    backup.display()
                ),
            })?;
        // The workspace is closed while its file is replaced.
        let closed = open.as_ref() == Some(&target);
        if closed {
            *guard = None;
        }
        let key = self.key_for(&target);
        if let Err(e) = backup::restore_backup(&target, backup, &dir, key.as_ref()) {
            if closed {
                if let Ok(ws) = self.open_file(&target, None) {
                    *guard = self.ready(ws).ok();
                }
            }
            return Err(e.into());
        }
        let ws = self.open_file(&target, None)?;
        let ws = self.ready(ws)?;
        self.hold(ws.path());
        *guard = Some(ws);
        Ok(())
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
/// else the default workspace in `dir`, created with the demo account on first start. A
/// file about to be migrated is first backed up to `backups`.
pub fn open_initial(
    explicit: Option<&Path>,
    dir: &Path,
    lang: Lang,
    backups: Option<&Path>,
) -> stakemap_core::Result<Workspace> {
    let open = |path: &Path| Workspace::open_with(path, Arc::new(SystemClock), backups);
    if let Some(path) = explicit {
        return open(path);
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join(DEFAULT_WORKSPACE);
    let first_start = !path.exists();
    let mut ws = open(&path)?;
    if first_start {
        stakemap_core::demo::create_demo(&mut ws, lang)?;
    }
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stakemap_core::AccountInput;

    /// A workspace with enough in it that damage in its middle hits real pages.
    fn workspace(path: &Path) {
        let mut ws = Workspace::open(path).unwrap();
        stakemap_core::demo::create_demo(&mut ws, Lang::En).unwrap();
        ws.write(|tx| {
            for i in 0..300 {
                tx.create_account(&AccountInput {
                    name: format!("Account {i} with a long name to fill pages"),
                    industry: "x".repeat(200),
                    notes: "y".repeat(400),
                })?;
            }
            Ok(())
        })
        .unwrap();
    }

    fn accounts(state: &AppState) -> usize {
        state.with(|ws| Ok(ws.accounts()?.len())).unwrap()
    }

    #[test]
    fn a_damaged_workspace_is_moved_aside_and_its_newest_good_backup_restored() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let path = dir.path().join("work.stakemap");
        workspace(&path);

        // Opened: backed up once; the interval backup of an unchanged workspace adds none.
        let state = AppState::new(Lang::En, Some(data.clone()));
        state.opened(state.open_file(&path, None).unwrap());
        state.interval_backup();
        let backups = backup::list_backups(state.backups_dir().unwrap(), &path, None).unwrap();
        assert_eq!(backups.len(), 1);
        assert_eq!(backups[0].reason, BackupReason::Open);
        assert!(backups_in(&data).starts_with(data.join(BACKUPS_FOLDER)));
        drop(state);

        let mut bytes = std::fs::read(&path).unwrap();
        let end = bytes.len() / 2;
        for b in &mut bytes[3 * 4096..end] {
            *b = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();

        let state = AppState::new(Lang::En, Some(data.clone()));
        let err = state.open_file(&path, None).unwrap_err();
        let err = state.open_failed(err, None);
        assert_eq!(err.kind, "corrupt");
        assert!(err.message.contains("moved aside"), "{}", err.message);
        assert!(
            err.message.contains(&backups[0].taken_at),
            "{}",
            err.message
        );
        let recovery = state.recovery().unwrap();
        assert_eq!(recovery.workspace_path, path.display().to_string());
        let damaged = PathBuf::from(recovery.damaged_path.clone().unwrap());
        assert_eq!(std::fs::read(&damaged).unwrap(), bytes, "kept, not deleted");
        let offer = recovery.backup.clone().unwrap();
        assert_eq!(offer.path, backups[0].path);
        assert_eq!(offer.accounts, 301);

        // A file that is not one of its backups is refused.
        let err = state.restore(&damaged).unwrap_err();
        assert_eq!(err.kind, "invalid");
        assert!(state.recovery().is_some());

        state.restore(Path::new(&offer.path)).unwrap();
        assert_eq!(accounts(&state), 301);
        assert!(state.recovery().is_none());
        assert!(state.open_error().is_none());
        assert!(damaged.exists());
    }

    #[test]
    fn restore_puts_an_older_backup_of_the_open_workspace_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("work.stakemap");
        workspace(&path);
        let state = AppState::new(Lang::En, Some(dir.path().join("data")));
        state.opened(state.open_file(&path, None).unwrap());
        let first = state
            .with(|ws| state.backup(ws, BackupReason::Manual))
            .unwrap()
            .unwrap();
        state
            .with(|ws| {
                ws.write(|tx| {
                    tx.create_account(&AccountInput {
                        name: "Later".into(),
                        industry: String::new(),
                        notes: String::new(),
                    })
                })?;
                Ok(())
            })
            .unwrap();
        assert_eq!(accounts(&state), 302);
        state.restore(Path::new(&first.path)).unwrap();
        assert_eq!(accounts(&state), 301);
        let list = backup::list_backups(state.backups_dir().unwrap(), &path, None).unwrap();
        assert_eq!(list[0].reason, BackupReason::BeforeRestore);
        assert_eq!(list[0].accounts, 302);
    }

    #[test]
    fn the_open_workspace_is_held_and_let_go_when_another_is_opened() {
        use stakemap_core::hold::{held_by_app, hold_path};
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("first.stakemap");
        let second = dir.path().join("second.stakemap");
        let state = AppState::new(Lang::En, Some(dir.path().join("data")));
        state.set_workspace(Workspace::create_new(&first).unwrap());
        assert_eq!(held_by_app(&first).unwrap().pid, std::process::id());
        state.set_workspace(Workspace::create_new(&second).unwrap());
        assert!(!hold_path(&first).exists(), "the first is let go");
        assert!(held_by_app(&second).is_some());
        assert_eq!(state.location_warning(), None);
        state.release_hold();
        assert!(!hold_path(&second).exists());
        state.set_workspace(Workspace::open(&first).unwrap());
        drop(state);
        assert!(
            !hold_path(&first).exists(),
            "let go when the app's state goes"
        );
    }

    #[test]
    fn a_workspace_in_a_synced_folder_is_warned_about() {
        let dir = tempfile::tempdir().unwrap();
        let synced = dir.path().join("OneDrive - Contoso");
        std::fs::create_dir_all(&synced).unwrap();
        let state = AppState::new(Lang::En, Some(dir.path().join("data")));
        state.set_workspace(Workspace::create_new(synced.join("w.stakemap")).unwrap());
        let w = state.location_warning().unwrap();
        assert_eq!(
            (w.kind.as_str(), w.detail.as_str()),
            ("cloud", "OneDrive - Contoso")
        );
    }

    fn backups_in(data: &Path) -> PathBuf {
        std::fs::read_dir(data.join(BACKUPS_FOLDER))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path()
    }
}
