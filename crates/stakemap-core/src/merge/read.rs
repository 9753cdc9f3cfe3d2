//! Reading the accounts of another workspace file, without writing to it.

use crate::error::Reason;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::clock::SystemClock;
use crate::doc::AccountDoc;
use crate::error::{Error, Result};
use crate::store::cipher::Password;
use crate::store::file::{self, inspect_read_only, sidecar};
use crate::store::Workspace;

/// A temporary copy of a workspace, removed (with its side files) when dropped.
struct TempCopy {
    path: PathBuf,
}

impl TempCopy {
    fn new() -> TempCopy {
        TempCopy {
            path: std::env::temp_dir()
                .join(format!("stakemap-merge-{}.stakemap", uuid::Uuid::new_v4())),
        }
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(sidecar(&self.path, suffix));
        }
    }
}

/// Puts the user's path back into errors that name the temporary copy.
fn at_path(e: Error, path: &Path) -> Error {
    match e {
        Error::NewerSchema {
            found, supported, ..
        } => Error::NewerSchema {
            path: path.to_path_buf(),
            found,
            supported,
        },
        Error::NotAWorkspace { reason, .. } => Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason,
        },
        Error::Corrupt { detail, .. } => Error::Corrupt {
            path: path.to_path_buf(),
            detail,
        },
        other => other,
    }
}

/// Every account of another workspace file, without writing to it.
///
/// The file gets the checks [`Workspace::open`] makes (a Stakemap workspace, not from a
/// newer Stakemap, not damaged), all read-only. It is then copied (`VACUUM INTO`) to a
/// temporary file, which is opened as a workspace (an older file format is migrated
/// there, never in the colleague's file) and read.
pub fn read_workspace_docs(path: &Path, key: Option<&Password>) -> Result<Vec<AccountDoc>> {
    let copy = TempCopy::new();
    {
        let Some((conn, _version)) = inspect_read_only(path, key)? else {
            return Ok(Vec::new());
        };
        if copy.path.to_str().is_none() {
            return Err(Error::invalid("path", Reason::TempFolderName));
        }
        file::vacuum_into(&conn, path, &copy.path)?;
    }
    // The copy of an encrypted file is encrypted with the same password.
    let ws = Workspace::open_hooked(&copy.path, Arc::new(SystemClock), key, None)
        .map_err(|e| at_path(e, path))?;
    let mut docs = Vec::new();
    for account in ws.accounts()? {
        docs.push(AccountDoc::load(&ws, &account.id)?);
    }
    drop(ws);
    Ok(docs)
}
