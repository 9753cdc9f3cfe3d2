//! The error every command returns: a tagged union the window branches on and words in the
//! user's language. Either one of the core's kinds ([`ErrorData`]) or one of the shell's own
//! ([`ShellError`]); both serialize as `{"kind": "…", …arguments}`.

use serde::Serialize;
use stakemap_core::error::ErrorData;

use crate::purpose::Purpose;

/// The error of every command: one of the core's kinds or one of the shell's, told apart
/// by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(untagged)]
pub enum AppError {
    Core(ErrorData),
    Shell(ShellError),
}

/// The shell's own errors: about the app's state rather than a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShellError {
    /// No workspace is open (and none failed to open).
    NoWorkspace,
    /// The app has no data directory (no folder it may write): it works without a default
    /// workspace, a recent list and backups. `STAKEMAP_DATA_DIR` names one.
    NoDataDir,
    /// There are no backups, because there is no data directory (`STAKEMAP_DATA_DIR`).
    NoBackups,
    /// The file chosen to merge is the workspace that is open.
    SameWorkspace { path: String },
    /// A command was given a file token that is not one the user has just chosen in a
    /// dialog for `purpose` (made up, already used, replaced by a newer choice, or chosen
    /// for something else). Nothing was read or written.
    NotChosen { purpose: Purpose },
    /// A file the user did not choose, named after the one they did (an extension added,
    /// a second file beside it), already exists; it is not written over.
    FileExists { name: String },
    /// An entry of the app's own lists (`what`: `recent` files, `backups` of a workspace,
    /// the `locked` workspace waiting for its password) that is not there (any more).
    NotListed { what: String },
    /// No OS keychain answered (on Linux: no Secret Service running), so a password could
    /// not be remembered or forgotten there. Everything else works as without one.
    KeychainUnavailable,
}

impl AppError {
    /// The `kind` of the JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            AppError::Core(e) => e.kind(),
            AppError::Shell(ShellError::NoWorkspace) => "no_workspace",
            AppError::Shell(ShellError::NoDataDir) => "no_data_dir",
            AppError::Shell(ShellError::NoBackups) => "no_backups",
            AppError::Shell(ShellError::SameWorkspace { .. }) => "same_workspace",
            AppError::Shell(ShellError::NotChosen { .. }) => "not_chosen",
            AppError::Shell(ShellError::FileExists { .. }) => "file_exists",
            AppError::Shell(ShellError::NotListed { .. }) => "not_listed",
            AppError::Shell(ShellError::KeychainUnavailable) => "keychain_unavailable",
        }
    }
}

impl From<stakemap_core::Error> for AppError {
    fn from(e: stakemap_core::Error) -> Self {
        AppError::Core(e.data())
    }
}

impl From<ErrorData> for AppError {
    fn from(e: ErrorData) -> Self {
        AppError::Core(e)
    }
}

impl From<ShellError> for AppError {
    fn from(e: ShellError) -> Self {
        AppError::Shell(e)
    }
}

pub type CmdResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_a_kind_with_its_arguments_beside() {
        let core = AppError::from(stakemap_core::Error::invalid(
            "name",
            stakemap_core::error::Reason::Required,
        ));
        assert_eq!(
            serde_json::to_value(&core).unwrap(),
            serde_json::json!({"kind": "invalid", "field": "name", "reason": {"code": "required"}})
        );
        for e in [
            ShellError::NoWorkspace,
            ShellError::NoDataDir,
            ShellError::NoBackups,
            ShellError::SameWorkspace { path: "a".into() },
            ShellError::NotChosen {
                purpose: Purpose::Import,
            },
            ShellError::FileExists { name: "a".into() },
            ShellError::NotListed {
                what: "recent".into(),
            },
            ShellError::KeychainUnavailable,
        ] {
            let e = AppError::from(e);
            assert_eq!(serde_json::to_value(&e).unwrap()["kind"], e.kind());
        }
        assert_eq!(
            serde_json::to_value(AppError::from(ShellError::SameWorkspace {
                path: "w.stakemap".into()
            }))
            .unwrap(),
            serde_json::json!({"kind": "same_workspace", "path": "w.stakemap"})
        );
        assert_eq!(
            serde_json::to_value(AppError::from(ShellError::NotChosen {
                purpose: Purpose::ExportAccount
            }))
            .unwrap(),
            serde_json::json!({"kind": "not_chosen", "purpose": "export_account"})
        );
    }
}
