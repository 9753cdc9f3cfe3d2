use std::path::PathBuf;

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
    NotAWorkspace { path: PathBuf, reason: String },
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
    Invalid { field: String, reason: String },
    #[error("this reporting line would make a cycle: {}", .names.join(" → "))]
    ReportingCycle { names: Vec<String> },
    /// An import found bad rows; nothing of it was written. Each entry names the file,
    /// the line and the reason, e.g. `people.csv line 7: side 'vendor' is not one of: …`.
    #[error("nothing was imported; fix these rows and import again:\n{}", .rows.join("\n"))]
    ImportRejected { rows: Vec<String> },
    /// A file was refused before anything was read into the workspace: it is not what it
    /// claims to be, or it is too big or too deep to read safely. The reason says which.
    #[error("{name} cannot be imported: {reason}")]
    FileRefused { name: String, reason: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub fn refused(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::FileRefused {
            name: name.into(),
            reason: reason.into(),
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
            Error::Io(_) => "io",
        }
    }
}
