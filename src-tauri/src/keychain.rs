//! The passwords of encrypted workspaces that the user asked to remember, in the OS keychain
//! (the Secret Service on Linux, the Keychain on macOS, the Credential Manager on Windows,
//! through the `keyring` crate). Nothing else ever holds a password outside memory: no
//! log, no settings file, no recent list.
//!
//! An entry is keyed by service [`SERVICE`] and, as its user, the workspace file's
//! canonical path. Not by the workspace's own id: that id is inside the encrypted file,
//! which cannot be read before the password is known, and the password is looked up exactly
//! then. A workspace moved or renamed elsewhere is simply asked for again (and remembered
//! anew if the user ticks the box).

use std::path::{Path, PathBuf};

use keyring::{Entry, Error as KeyringError};
use serde::Serialize;
use stakemap_core::Password;

use crate::error::{CmdResult, ShellError};

/// The service every entry of Stakemap is stored under.
pub const SERVICE: &str = "Stakemap";

/// The user name of an entry that is never written: reading it tells whether a keychain
/// answers at all.
const PROBE: &str = "stakemap-keychain-check";

/// What the window shows about the keychain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct KeychainStatus {
    /// A keychain answers: the password can be remembered. Without one (on Linux, no Secret
    /// Service such as GNOME Keyring or KWallet running) the app asks each time, as always.
    pub available: bool,
    /// The open workspace's password is remembered.
    pub remembered: bool,
    /// What the user is to be told about the keychain and the open workspace, or the one
    /// waiting for its password.
    pub note: Option<KeychainNote>,
}

/// Something the keychain did that the user did not see happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum KeychainNote {
    /// The user asked to remember the password when unlocking the workspace; it opened,
    /// but the password was not remembered, for `why`.
    NotRemembered { why: KeychainFailure },
    /// The remembered password no longer opened the workspace (it was changed elsewhere),
    /// so it was forgotten; the user is asked for the password.
    Forgotten,
}

/// Why the keychain did not take a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum KeychainFailure {
    /// No keychain answered, or it is locked and was not unlocked.
    Unavailable,
    /// The keychain answered and refused the entry.
    Refused,
}

impl KeychainFailure {
    /// Why `e` kept a password out of the keychain.
    pub fn of(e: &KeyringError) -> Self {
        match e {
            KeyringError::NoStorageAccess(_) | KeyringError::PlatformFailure(_) => {
                KeychainFailure::Unavailable
            }
            _ => KeychainFailure::Refused,
        }
    }
}

/// The path an entry is keyed by: the canonical one, so that the same file reached through
/// another spelling (a symbolic link, `..`) finds its entry.
pub fn account(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn entry(path: &Path) -> Result<Entry, KeyringError> {
    Entry::new(SERVICE, &account(path).to_string_lossy())
}

/// The remembered password of `path`, if the keychain answers and holds one.
fn read(path: &Path) -> Result<Option<Password>, KeyringError> {
    match entry(path)?.get_password() {
        // The text moves into the password, which wipes it when dropped.
        Ok(text) => Ok(Password::new(text).ok()),
        Err(KeyringError::NoEntry) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The remembered password of `path`; `None` when none is remembered or no keychain answers.
pub fn recall(path: &Path) -> Option<Password> {
    read(path).ok().flatten()
}

/// Whether a keychain answers, and whether it holds the password of `path` (the open
/// workspace, if any).
pub fn status(path: Option<&Path>) -> KeychainStatus {
    let answer = match path {
        Some(p) => read(p).map(|pw| pw.is_some()),
        None => match Entry::new(SERVICE, PROBE).and_then(|e| e.get_password()) {
            Ok(_) => Ok(false),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) => Err(e),
        },
    };
    match answer {
        Ok(remembered) => KeychainStatus {
            available: true,
            remembered,
            note: None,
        },
        Err(_) => KeychainStatus {
            available: false,
            remembered: false,
            note: None,
        },
    }
}

/// Remembers `password` as the password of `path`, replacing any remembered before.
pub fn remember(path: &Path, password: &str) -> CmdResult<()> {
    store(path, password).map_err(|_| ShellError::KeychainUnavailable.into())
}

/// [`remember`], saying why the keychain did not take the password.
pub fn store(path: &Path, password: &str) -> Result<(), KeychainFailure> {
    entry(path)
        .and_then(|e| e.set_password(password))
        .map_err(|e| KeychainFailure::of(&e))
}

/// Forgets the remembered password of `path` (nothing to do when none is remembered).
pub fn forget(path: &Path) -> CmdResult<()> {
    match entry(path).and_then(|e| e.delete_credential()) {
        Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
        Err(_) => Err(ShellError::KeychainUnavailable.into()),
    }
}

/// Forgets the remembered password of `path` when a keychain answers; a warning otherwise
/// (used where the password has just stopped being right, and the user is asked anyway).
pub fn forget_quietly(path: &Path) {
    if forget(path).is_err() {
        eprintln!(
            "stakemap: a remembered password that no longer opens {} could not be removed from the keychain",
            path.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_keyed_by_the_canonical_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.stakemap");
        std::fs::write(&file, b"x").unwrap();
        let roundabout = dir.path().join("sub").join("..").join("a.stakemap");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(account(&roundabout), file.canonicalize().unwrap());
        // A file that is not there (yet) keeps its path as given.
        let missing = dir.path().join("missing.stakemap");
        assert_eq!(account(&missing), missing);
    }

    #[test]
    fn a_keychain_that_does_not_answer_is_told_from_one_that_refuses() {
        let cause = || Box::new(std::io::Error::other("bus")) as Box<_>;
        assert_eq!(
            KeychainFailure::of(&KeyringError::NoStorageAccess(cause())),
            KeychainFailure::Unavailable
        );
        assert_eq!(
            KeychainFailure::of(&KeyringError::PlatformFailure(cause())),
            KeychainFailure::Unavailable
        );
        assert_eq!(
            KeychainFailure::of(&KeyringError::TooLong("password".into(), 10)),
            KeychainFailure::Refused
        );
        // As the window reads them.
        assert_eq!(
            serde_json::to_value(KeychainNote::NotRemembered {
                why: KeychainFailure::Unavailable
            })
            .unwrap(),
            serde_json::json!({"code": "not_remembered", "why": "unavailable"})
        );
        assert_eq!(
            serde_json::to_value(KeychainNote::Forgotten).unwrap(),
            serde_json::json!({"code": "forgotten"})
        );
    }

    #[test]
    fn a_password_that_could_not_be_remembered_is_told_for_its_workspace_only() {
        let state = crate::state::AppState::new(stakemap_core::Lang::En, None);
        let file = Path::new("/w/a.stakemap");
        let note = KeychainNote::NotRemembered {
            why: KeychainFailure::Refused,
        };
        state.set_keychain_note(Some((file.to_path_buf(), note)));
        assert_eq!(state.keychain_note(file), Some(note));
        assert_eq!(state.keychain_note(Path::new("/w/b.stakemap")), None);
        state.set_keychain_note(None);
        assert_eq!(state.keychain_note(file), None);
    }
}
