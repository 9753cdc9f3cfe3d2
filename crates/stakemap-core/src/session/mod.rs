//! The open workspace of a running app, and the policy around it: which workspace opens at
//! start, its hold (so the CLI does not write it meanwhile), its backups, what is offered
//! when a file is found damaged, which backup belongs to which workspace, and the passwords
//! that opened encrypted files. The desktop shell keeps one [`Session`]; the CLI, which
//! opens one file per command, uses the functions of [`open`].

use crate::error::Reason;
pub mod open;
pub mod recent;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::backup::{self, BackupInfo, BackupReason};
use crate::error::ErrorData;
use crate::hold::{self, Hold};
use crate::{Error, Lang, Password, Result, Workspace};

pub use open::{backups_dir_for, find_backup, is_backup_of, open_default, open_existing};

/// File name of the workspace created on first start.
pub const DEFAULT_WORKSPACE: &str = "default.stakemap";
/// The folder of the data directory that holds the backups of every workspace.
pub const BACKUPS_FOLDER: &str = "backups";
/// How often the open workspace is backed up (when it changed).
pub const BACKUP_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// A workspace that was found damaged when it was opened, for the window to offer its
/// newest good backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Recovery {
    /// The workspace that could not be opened: where a restore puts the backup back.
    pub workspace_path: String,
    /// Where the damaged file was moved (`<name>.damaged-<time>` beside it); `None` when it
    /// could not be moved and is still where it was.
    pub damaged_path: Option<String>,
    /// The newest backup that passes the checks (its date in `taken_at`, its contents in
    /// `accounts`, `people`, `lines`); `None` when there is no good backup.
    pub backup: Option<BackupInfo>,
}

/// Where warnings go that must not stop the user (a hold or a backup that could not be
/// written): one line each, for a log.
type Warn = Box<dyn Fn(&str) + Send + Sync>;

/// The app's open workspace and what goes with it. Every method takes `&self`: the app's
/// commands share one session between threads.
pub struct Session {
    workspace: Mutex<Option<Workspace>>,
    /// Where the default workspace and the recent-files list live.
    data_dir: Option<PathBuf>,
    /// Where the backups of every workspace go: `<data_dir>/backups`.
    backups_dir: Option<PathBuf>,
    /// Why the workspace could not be opened (at start, or when undo could not be turned on).
    open_error: Mutex<Option<ErrorData>>,
    /// The last workspace found damaged: where it was moved and the backup to offer.
    recovery: Mutex<Option<Recovery>>,
    /// The hold on the open workspace (`<name>.open-by-app` beside it), so that the CLI
    /// does not write it meanwhile; released when another workspace is opened, and when
    /// this session is dropped.
    hold: Mutex<Option<Hold>>,
    /// The passwords that opened encrypted workspaces in this session, by path: to read
    /// their backups, reopen them after a restore, and open a copy saved under another
    /// name. Kept in memory only, wiped when dropped.
    keys: Mutex<std::collections::HashMap<PathBuf, Password>>,
    /// An encrypted workspace that waits for its password (from the start, or from Open).
    locked: Mutex<Option<PathBuf>>,
    warn: Warn,
}

impl Session {
    /// A session without a workspace. `data_dir` holds the default workspace, the recent
    /// list and the backups (`<data_dir>/backups`); without it there are no backups.
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Session {
            workspace: Mutex::new(None),
            backups_dir: data_dir.as_ref().map(|d| d.join(BACKUPS_FOLDER)),
            data_dir,
            open_error: Mutex::new(None),
            recovery: Mutex::new(None),
            hold: Mutex::new(None),
            keys: Mutex::new(std::collections::HashMap::new()),
            locked: Mutex::new(None),
            warn: Box::new(|_| {}),
        }
    }

    /// Sends the warnings that do not stop the user (a hold or a backup that could not be
    /// written) to `warn`; by default they are dropped.
    pub fn with_warnings(mut self, warn: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.warn = Box::new(warn);
        self
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The backups folder, `None` without a data directory.
    pub fn backups_dir(&self) -> Option<&Path> {
        self.backups_dir.as_deref()
    }

    /// The password that opened `path` in this session, if it is encrypted.
    pub fn key_for(&self, path: &Path) -> Option<Password> {
        lock(&self.keys).get(path).cloned()
    }

    /// Remembers (or, with `None`, forgets) the password of `path` for this session.
    pub fn remember_key(&self, path: &Path, key: Option<&Password>) {
        let mut keys = lock(&self.keys);
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
        lock(&self.locked).clone()
    }

    /// Switches to `ws` (see [`Session::ready`]); when undo cannot be turned on, the
    /// workspace that was open stays open and the error is kept as the open error.
    pub fn set_workspace(&self, ws: Workspace) {
        if let Ok(ws) = self.ready(ws) {
            let mut guard = lock(&self.workspace);
            self.hold(ws.path());
            *guard = Some(ws);
        }
    }

    /// Holds `workspace` (the one being opened) and lets go of the one held before. A hold
    /// that cannot be written (a read-only folder) is a warning and does not keep the user
    /// from their workspace.
    fn hold(&self, workspace: &Path) {
        let mut held = lock(&self.hold);
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
            Err(e) => (self.warn)(&format!(
                "could not mark {} as open in the app: {e}",
                workspace.display()
            )),
        }
    }

    /// Lets go of the open workspace's hold (when the app exits).
    pub fn release_hold(&self) {
        *lock(&self.hold) = None;
    }

    /// Where the open workspace is, when that place is unsafe for SQLite's locking (a
    /// cloud-synced folder or a network file system).
    pub fn location_warning(&self) -> Option<hold::LocationWarning> {
        let path = self.workspace_path()?;
        hold::location_warning(&path)
    }

    /// The open workspace's file, if one is open.
    pub fn workspace_path(&self) -> Option<PathBuf> {
        lock(&self.workspace)
            .as_ref()
            .map(|ws| ws.path().to_path_buf())
    }

    /// Turns on undo and remembers the file among the recent ones; on success clears the
    /// open error, and the recovery offer when it was about this file.
    fn ready(&self, mut ws: Workspace) -> Result<Workspace> {
        if let Err(e) = ws.enable_undo() {
            self.set_open_error(e.data());
            return Err(e);
        }
        if let Some(dir) = &self.data_dir {
            // The recent list is a convenience: failing to save it must not stop the user.
            let _ = recent::remember(dir, ws.path());
        }
        *lock(&self.open_error) = None;
        *lock(&self.locked) = None;
        self.remember_key(ws.path(), ws.password());
        let mut recovery = lock(&self.recovery);
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
    pub fn open_file(&self, path: &Path, password: Option<&Password>) -> Result<Workspace> {
        let known = self.key_for(path);
        open::open(
            path,
            self.backups_dir.as_deref(),
            password.or(known.as_ref()),
        )
    }

    /// Switches to a workspace just opened, after backing it up (reason `open`; nothing is
    /// written when the newest backup holds the same). A backup that fails is a warning and
    /// does not keep the user from their workspace.
    pub fn opened(&self, ws: Workspace) {
        if let Err(e) = self.backup(&ws, BackupReason::Open) {
            (self.warn)(&format!(
                "no backup of {} was taken: {e}",
                ws.path().display()
            ));
        }
        self.set_workspace(ws);
    }

    /// Takes in why a workspace could not be opened, and answers the error to report. A
    /// damaged file is moved aside (never deleted) and the newest good backup looked up,
    /// for the window to offer (see [`Session::recovery`]).
    ///
    /// An encrypted workspace opened without its password (or with a wrong one) becomes the
    /// one waiting for it ([`Session::locked`]); `password` is the one that was tried, kept
    /// to read the backups of a damaged encrypted workspace.
    pub fn open_failed(&self, e: Error, password: Option<&Password>) -> Error {
        if let Error::Encrypted { path } | Error::WrongPassword { path } = &e {
            *lock(&self.locked) = Some(path.clone());
        }
        let Error::Corrupt { path, .. } = &e else {
            return e;
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
        *lock(&self.recovery) = Some(Recovery {
            workspace_path: path.display().to_string(),
            damaged_path: damaged_path.map(|p| p.display().to_string()),
            backup: offer,
        });
        e
    }

    /// The last workspace found damaged, while no other was opened since.
    pub fn recovery(&self) -> Option<Recovery> {
        lock(&self.recovery).clone()
    }

    /// A backup of `ws` when there is a backups folder (the open workspace, before an
    /// import or a merge, every interval…).
    pub fn backup(&self, ws: &Workspace, reason: BackupReason) -> Result<Option<BackupInfo>> {
        match &self.backups_dir {
            Some(dir) => Ok(Some(backup::take_backup(ws, dir, reason)?)),
            None => Ok(None),
        }
    }

    /// The interval backup of the open workspace (nothing when it did not change).
    pub fn interval_backup(&self) {
        let guard = lock(&self.workspace);
        if let Some(ws) = guard.as_ref() {
            if let Err(e) = self.backup(ws, BackupReason::Interval) {
                (self.warn)(&format!(
                    "no backup of {} was taken: {e}",
                    ws.path().display()
                ));
            }
        }
    }

    pub fn set_open_error(&self, e: ErrorData) {
        *lock(&self.open_error) = Some(e);
    }

    /// Why no workspace could be opened, until one is.
    pub fn open_error(&self) -> Option<ErrorData> {
        lock(&self.open_error).clone()
    }

    /// Runs `f` with the open workspace, or `None` when none is open. The workspace stays
    /// locked while `f` runs.
    pub fn with<T>(&self, f: impl FnOnce(Option<&mut Workspace>) -> T) -> T {
        let mut guard = lock(&self.workspace);
        f(guard.as_mut())
    }

    /// The workspace whose backups are meant: the open one, else the one found damaged.
    pub fn backup_target(&self) -> Option<PathBuf> {
        self.workspace_path()
            .or_else(|| self.recovery().map(|r| PathBuf::from(r.workspace_path)))
    }

    /// Restores `backup` in place of the workspace it is a backup of (the open one, or the
    /// one found damaged) and opens that workspace. The file it replaces is kept (see
    /// [`backup::restore_backup`]). On failure the workspace that was open stays open.
    /// Without a backups folder there is nothing to restore ([`Error::Invalid`]).
    pub fn restore(&self, backup: &Path) -> Result<()> {
        let not_a_backup = || {
            Error::invalid(
                "backup",
                Reason::NotABackup {
                    path: backup.display().to_string(),
                },
            )
        };
        let dir = self.backups_dir.clone().ok_or_else(not_a_backup)?;
        let mut guard = lock(&self.workspace);
        let open = guard.as_ref().map(|ws| ws.path().to_path_buf());
        let damaged = self.recovery().map(|r| PathBuf::from(r.workspace_path));
        let target = [damaged, open.clone()]
            .into_iter()
            .flatten()
            .find(|ws| is_backup_of(&dir, ws, backup))
            .filter(|ws| backup::backup_info(backup, self.key_for(ws).as_ref()).is_some())
            .ok_or_else(not_a_backup)?;
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
            return Err(e);
        }
        let ws = self.open_file(&target, None)?;
        let ws = self.ready(ws)?;
        self.hold(ws.path());
        *guard = Some(ws);
        Ok(())
    }

    /// Opens the workspace a user sees at start (see [`open_default`]) and switches to it;
    /// when it cannot be opened, the error is kept as the open error (a damaged file is
    /// moved aside and its backup offered, as by [`Session::open_failed`]).
    pub fn start(&self, explicit: Option<&Path>, lang: Lang) {
        let Some(dir) = self.data_dir.clone() else {
            return;
        };
        match open_default(explicit, &dir, lang, self.backups_dir.as_deref()) {
            Ok(ws) => self.opened(ws),
            Err(e) => {
                let e = self.open_failed(e, None);
                self.set_open_error(e.data());
            }
        }
    }
}

/// A lock that a panic elsewhere does not poison for good.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
