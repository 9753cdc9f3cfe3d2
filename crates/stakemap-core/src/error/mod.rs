use std::path::PathBuf;

mod io;
mod reason;
pub use io::IoKind;
pub use reason::{n32, Reason};

/// Every failure the core can report. Messages are written for the user: they say what
/// happened and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path} was written by a newer version of Stakemap (file format {found}, this version reads up to {supported}). Update Stakemap to open it; the file was not changed.")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is not a Stakemap workspace ({reason}). Nothing was changed; choose another file."
    )]
    NotAWorkspace { path: PathBuf, reason: Reason },
    #[error("{path} is damaged ({detail}). The file was left as it is; restore it from a backup.")]
    Corrupt { path: PathBuf, detail: String },
    /// The file is an encrypted workspace (or looks like one) and no password was given.
    #[error("{path} is encrypted. Enter its password to open it.")]
    Encrypted { path: PathBuf },
    /// The password given does not decrypt the file.
    #[error("The password does not open {path}. Check it and try again; the file was not changed. If the file is not an encrypted Stakemap workspace, choose another one.")]
    WrongPassword { path: PathBuf },
    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: String },
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: Reason },
    #[error("this reporting line would make a cycle: {}", .names.join(" → "))]
    ReportingCycle { names: Vec<String> },
    /// An import found bad rows; nothing of it was written. Each entry names the file,
    /// the line and the reason, e.g. `people.csv line 7: side 'vendor' is not one of: …`.
    #[error("nothing was imported; fix these rows and import again:\n{}", .rows.join("\n"))]
    ImportRejected { rows: Vec<String> },
    /// A file was refused before anything was read into the workspace: it is not what it
    /// claims to be, or it is too big or too deep to read safely. The reason says which.
    #[error("{name} cannot be imported: {reason}")]
    FileRefused { name: String, reason: Reason },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// A file error on a known path (see [`Error::file`]).
    #[error("file error: {}: {source}", .path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, reason: Reason) -> Self {
        Error::Invalid {
            field: field.into(),
            reason,
        }
    }

    pub fn refused(name: impl Into<String>, reason: Reason) -> Self {
        Error::FileRefused {
            name: name.into(),
            reason,
        }
    }

    /// A file error on `path`, for `map_err`: `File::open(p).map_err(Error::file(p))`.
    pub fn file(path: &std::path::Path) -> impl Fn(std::io::Error) -> Self + '_ {
        move |source| Error::File {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A short machine-readable kind the UI can branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::NewerSchema { .. } => "newer_schema",
            Error::NotAWorkspace { .. } => "not_a_workspace",
            Error::Corrupt { .. } => "corrupt",
            Error::Encrypted { .. } => "encrypted",
            Error::WrongPassword { .. } => "wrong_password",
            Error::NotFound { .. } => "not_found",
            Error::Invalid { .. } => "invalid",
            Error::ReportingCycle { .. } => "reporting_cycle",
            Error::ImportRejected { .. } => "import_rejected",
            Error::FileRefused { .. } => "file_refused",
            Error::Sqlite(_) => "database",
            Error::Io(_) | Error::File { .. } => "io",
        }
    }
}

/// A core error as data: its kind and the arguments a message needs, for a caller that
/// words the message itself (the window, in the user's language). Serialized as
/// `{"kind": "not_found", "what": "person", "id": "…"}`; paths are strings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorData {
    /// The file was written by a newer Stakemap: its format `found`, this build's `supported`.
    NewerSchema {
        path: String,
        found: i32,
        supported: i32,
    },
    NotAWorkspace {
        path: String,
        reason: Reason,
    },
    Corrupt {
        path: String,
        detail: String,
    },
    Encrypted {
        path: String,
    },
    WrongPassword {
        path: String,
    },
    NotFound {
        what: String,
        id: String,
    },
    /// `field` names what was refused (`name`, `scale`, `password`…); the window words it.
    Invalid {
        field: String,
        reason: Reason,
    },
    /// The people of the cycle, in order.
    ReportingCycle {
        names: Vec<String>,
    },
    /// One entry per bad row: its file, line and reason.
    ImportRejected {
        rows: Vec<String>,
    },
    FileRefused {
        name: String,
        reason: Reason,
    },
    /// A database error, as SQLite words it.
    Database {
        detail: String,
    },
    /// A file error: its kind, and the file's path when known.
    Io {
        io: IoKind,
        path: Option<String>,
    },
}

/// A file format number as the window reads it (formats are small numbers).
fn format_number(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX })
}

impl From<&Error> for ErrorData {
    fn from(e: &Error) -> Self {
        let path = |p: &PathBuf| p.display().to_string();
        match e {
            Error::NewerSchema {
                path: p,
                found,
                supported,
            } => ErrorData::NewerSchema {
                path: path(p),
                found: format_number(*found),
                supported: format_number(*supported),
            },
            Error::NotAWorkspace { path: p, reason } => ErrorData::NotAWorkspace {
                path: path(p),
                reason: reason.clone(),
            },
            Error::Corrupt { path: p, detail } => ErrorData::Corrupt {
                path: path(p),
                detail: detail.clone(),
            },
            Error::Encrypted { path: p } => ErrorData::Encrypted { path: path(p) },
            Error::WrongPassword { path: p } => ErrorData::WrongPassword { path: path(p) },
            Error::NotFound { what, id } => ErrorData::NotFound {
                what: (*what).to_string(),
                id: id.clone(),
            },
            Error::Invalid { field, reason } => ErrorData::Invalid {
                field: field.clone(),
                reason: reason.clone(),
            },
            Error::ReportingCycle { names } => ErrorData::ReportingCycle {
                names: names.clone(),
            },
            Error::ImportRejected { rows } => ErrorData::ImportRejected { rows: rows.clone() },
            Error::FileRefused { name, reason } => ErrorData::FileRefused {
                name: name.clone(),
                reason: reason.clone(),
            },
            Error::Sqlite(e) => ErrorData::Database {
                detail: e.to_string(),
            },
            Error::Io(e) => ErrorData::Io {
                io: IoKind::of(e),
                path: None,
            },
            Error::File { path: p, source } => ErrorData::Io {
                io: IoKind::of(source),
                path: Some(path(p)),
            },
        }
    }
}

impl From<Error> for ErrorData {
    fn from(e: Error) -> Self {
        ErrorData::from(&e)
    }
}

impl ErrorData {
    /// The kind, as in the JSON (`"not_found"`); the same as [`Error::kind`].
    pub fn kind(&self) -> &'static str {
        match self {
            ErrorData::NewerSchema { .. } => "newer_schema",
            ErrorData::NotAWorkspace { .. } => "not_a_workspace",
            ErrorData::Corrupt { .. } => "corrupt",
            ErrorData::Encrypted { .. } => "encrypted",
            ErrorData::WrongPassword { .. } => "wrong_password",
            ErrorData::NotFound { .. } => "not_found",
            ErrorData::Invalid { .. } => "invalid",
            ErrorData::ReportingCycle { .. } => "reporting_cycle",
            ErrorData::ImportRejected { .. } => "import_rejected",
            ErrorData::FileRefused { .. } => "file_refused",
            ErrorData::Database { .. } => "database",
            ErrorData::Io { .. } => "io",
        }
    }
}

impl Error {
    /// This error as data (see [`ErrorData`]).
    pub fn data(&self) -> ErrorData {
        ErrorData::from(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_data_is_tagged_by_kind_with_its_arguments_beside() {
        let e = Error::NewerSchema {
            path: PathBuf::from("w.stakemap"),
            found: 9,
            supported: 7,
        };
        let json = serde_json::to_value(e.data()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "newer_schema", "path": "w.stakemap", "found": 9, "supported": 7})
        );
        let all = [
            e,
            Error::invalid("name", Reason::Required),
            Error::refused("a.csv", Reason::TooBig { limit_mb: 20 }),
            Error::NotFound {
                what: "person",
                id: "p1".into(),
            },
            Error::ReportingCycle {
                names: vec!["A".into(), "B".into()],
            },
            Error::Io(std::io::Error::other("gone")),
        ];
        for e in &all {
            let data = e.data();
            assert_eq!(data.kind(), e.kind());
            assert_eq!(serde_json::to_value(&data).unwrap()["kind"], e.kind());
        }
        assert_eq!(
            Error::Io(std::io::Error::other("gone")).data(),
            ErrorData::Io {
                io: IoKind::Other {
                    detail: "gone".into()
                },
                path: None
            }
        );
    }

    #[test]
    fn a_missing_file_is_a_not_found_io_error_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere.csv");
        let e = std::fs::File::open(&missing)
            .map_err(Error::file(&missing))
            .unwrap_err();
        assert_eq!(e.kind(), "io");
        let json = serde_json::to_value(e.data()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "io", "io": {"code": "not_found"}, "path": missing.display().to_string()})
        );
        // The CLI keeps the system's English, with the path.
        assert!(e.to_string().contains("nowhere.csv"), "{e}");
        // Through the bounded reader of imports too: tests/reasons.rs.
    }

    #[test]
    fn a_folder_opened_as_a_file_and_a_file_as_a_folder_have_their_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, b"x").unwrap();
        let under_file = file.join("g");
        assert_eq!(
            IoKind::of(&std::fs::File::open(&under_file).unwrap_err()),
            IoKind::NotADirectory
        );
        assert_eq!(
            IoKind::of(&std::fs::create_dir(&file).unwrap_err()),
            IoKind::AlreadyExists
        );
    }
}
