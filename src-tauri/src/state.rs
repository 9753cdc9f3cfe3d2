//! The app's state: the core's [`Session`] (the open workspace and its policy) and what
//! only the shell knows (the language, the data directory from the environment, how often
//! the app was started again), and the files the user chose in a dialog (`grants`). Below
//! every command module; imports only `error` and `grants`.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU32;

use stakemap_core::backup::{BackupInfo, BackupReason};
use stakemap_core::session::Session;
use stakemap_core::{Error, Lang, Password, Workspace};

use crate::error::{AppError, CmdResult, ShellError};
use crate::grants::Grants;

pub use stakemap_core::session::{BACKUPS_FOLDER, BACKUP_INTERVAL, DEFAULT_WORKSPACE};

/// Environment variable that moves the app's data directory (tests and development runs
/// use their own folder and never touch a user's data).
pub const DATA_DIR_ENV: &str = "STAKEMAP_DATA_DIR";
/// Environment variable that forces the UI and demo language (`en` or `ja`).
pub const LANG_ENV: &str = "STAKEMAP_LANG";

/// The app's state. It derefs to its [`Session`]; the methods here answer the shell's
/// errors ([`AppError`]).
pub struct AppState {
    pub session: Session,
    pub lang: Lang,
    /// How often Stakemap was started again while this window was open (each time this
    /// window was brought forward instead).
    pub relaunches: AtomicU32,
    /// The files the user has just chosen in a dialog, by token.
    pub grants: Grants,
    /// What the user is to be told about the keychain, and the workspace file it concerns
    /// (see `crate::keychain::KeychainNote`).
    pub keychain_note: std::sync::Mutex<Option<(PathBuf, crate::keychain::KeychainNote)>>,
}

impl Deref for AppState {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}

impl AppState {
    pub fn new(lang: Lang, data_dir: Option<PathBuf>) -> Self {
        AppState {
            session: Session::new(data_dir).with_warnings(|w| eprintln!("stakemap: {w}")),
            lang,
            relaunches: AtomicU32::new(0),
            grants: Grants::default(),
            keychain_note: std::sync::Mutex::new(None),
        }
    }

    /// Sets (or, with `None`, clears) what the user is told about the keychain.
    pub fn set_keychain_note(&self, note: Option<(PathBuf, crate::keychain::KeychainNote)>) {
        *self
            .keychain_note
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = note;
    }

    /// What the user is told about the keychain, when it concerns `path`.
    pub fn keychain_note(&self, path: &Path) -> Option<crate::keychain::KeychainNote> {
        self.keychain_note
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .filter(|(p, _)| p == path)
            .map(|(_, n)| *n)
    }

    /// Why there is no workspace without a data directory, until one is opened.
    fn no_data_dir(&self) -> Option<AppError> {
        self.session
            .data_dir()
            .is_none()
            .then_some(AppError::Shell(ShellError::NoDataDir))
    }

    /// Why no workspace could be opened, for the user to act on.
    pub fn open_error(&self) -> Option<AppError> {
        self.session.open_error().map(AppError::Core).or_else(|| {
            if self.session.workspace_path().is_none() {
                self.no_data_dir()
            } else {
                None
            }
        })
    }

    /// What the user is told when a workspace could not be opened (see
    /// [`Session::open_failed`]: a damaged file is moved aside and its backup offered).
    pub fn open_failed(&self, e: Error, password: Option<&Password>) -> AppError {
        self.session.open_failed(e, password).into()
    }

    /// The backups folder, or why there is none.
    pub fn backups_dir(&self) -> CmdResult<&Path> {
        self.session
            .backups_dir()
            .ok_or(AppError::Shell(ShellError::NoBackups))
    }

    /// A backup of `ws` when there is a backups folder (see [`Session::backup`]).
    pub fn backup(&self, ws: &Workspace, reason: BackupReason) -> CmdResult<Option<BackupInfo>> {
        Ok(self.session.backup(ws, reason)?)
    }

    /// Runs `f` with the open workspace.
    pub fn with<T>(&self, f: impl FnOnce(&mut Workspace) -> CmdResult<T>) -> CmdResult<T> {
        self.session.with(|ws| match ws {
            Some(ws) => f(ws),
            None => Err(self
                .session
                .open_error()
                .map(AppError::Core)
                .or_else(|| self.no_data_dir())
                .unwrap_or(AppError::Shell(ShellError::NoWorkspace))),
        })
    }

    /// The workspace whose backups are meant: the open one, else the one found damaged.
    pub fn backup_target(&self) -> CmdResult<PathBuf> {
        self.session
            .backup_target()
            .ok_or(AppError::Shell(ShellError::NoWorkspace))
    }

    /// Restores `backup` in place of the workspace it is a backup of, and opens that
    /// workspace (see [`Session::restore`]).
    pub fn restore(&self, backup: &Path) -> CmdResult<()> {
        self.backups_dir()?;
        Ok(self.session.restore(backup)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use stakemap_core::backup;
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
        assert_eq!(err.kind(), "corrupt");
        // What the English message said is data now: the file was moved aside, and the
        // backup offered is the one taken on open, with its date.
        let told = state.recovery().unwrap();
        assert!(told.damaged_path.is_some(), "moved aside");
        assert_eq!(
            told.backup.as_ref().map(|b| b.taken_at.as_str()),
            Some(backups[0].taken_at.as_str())
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
        assert_eq!(err.kind(), "invalid");
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
