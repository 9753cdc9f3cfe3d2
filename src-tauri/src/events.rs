//! What the shell pushes to the window: the progress of a long command (over the
//! command's channel) and events.

use serde::{Deserialize, Serialize};

/// How far the running job is; `total` 0 when it cannot tell. Sent on the `on_progress`
/// channel of the long commands (import, export, merge).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Progress {
    pub label: String,
    pub done: u32,
    pub total: u32,
}

impl Progress {
    /// A job that has started and cannot tell how far it is.
    pub fn started(label: &str) -> Self {
        Progress {
            label: label.into(),
            done: 0,
            total: 0,
        }
    }
}

/// Stakemap was started again while this window was open: this window came to the front
/// instead of a second one opening the same workspace.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, tauri_specta::Event)]
pub struct Relaunched {
    /// The workspace file the second start was given, if any (a double-click on a
    /// `.stakemap` file while the app runs).
    pub path: Option<String>,
    /// That file as a token of purpose `open_workspace`: the window opens it with
    /// `open_workspace`, through the same checks as File > Open.
    pub token: Option<String>,
}
