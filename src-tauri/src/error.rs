use serde::Serialize;

/// The error every command returns: a kind the UI can branch on and a message written
/// for the user.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AppError {
    pub kind: String,
    pub message: String,
}

impl From<stakemap_core::Error> for AppError {
    fn from(e: stakemap_core::Error) -> Self {
        AppError {
            kind: e.kind().to_string(),
            message: e.to_string(),
        }
    }
}

impl AppError {
    pub fn state(message: impl Into<String>) -> Self {
        AppError {
            kind: "state".into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub type CmdResult<T> = Result<T, AppError>;
