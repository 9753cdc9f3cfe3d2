//! What kind of file error happened ([`ErrorData::Io`](super::ErrorData::Io)): the window
//! words each kind in the user's language; only an error of no known kind carries the
//! system's own words.

use std::io::ErrorKind;

/// The kind of a file error, tagged by `code` in JSON: `{"code": "not_found"}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum IoKind {
    /// The file or folder does not exist.
    NotFound,
    /// The user may not read or write it.
    PermissionDenied,
    /// Something of that name is already there.
    AlreadyExists,
    /// A folder where a file is meant.
    IsADirectory,
    /// A part of the path is a file where a folder is meant.
    NotADirectory,
    /// The disk (or the user's quota) is full.
    StorageFull,
    /// The disk or folder can only be read.
    ReadOnly,
    /// Any other error, as the system words it.
    Other { detail: String },
}

impl IoKind {
    /// The kind of `e`.
    pub fn of(e: &std::io::Error) -> Self {
        match e.kind() {
            ErrorKind::NotFound => IoKind::NotFound,
            ErrorKind::PermissionDenied => IoKind::PermissionDenied,
            ErrorKind::AlreadyExists => IoKind::AlreadyExists,
            ErrorKind::IsADirectory => IoKind::IsADirectory,
            ErrorKind::NotADirectory => IoKind::NotADirectory,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => IoKind::StorageFull,
            ErrorKind::ReadOnlyFilesystem => IoKind::ReadOnly,
            _ => IoKind::Other {
                detail: e.to_string(),
            },
        }
    }
}
