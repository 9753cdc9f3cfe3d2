//! Opening workspace files, for the app and for a command of the CLI: the default
//! workspace at start, an existing file, the backups folder of a file, and which backup
//! belongs to which workspace.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::backup;
use crate::{Error, Lang, Password, Result, SystemClock, Workspace};

use super::DEFAULT_WORKSPACE;

/// The backups folder of `workspace` for a command: `explicit` when given (`--backups
/// DIR`), else `.stakemap-backups` beside the workspace.
pub fn backups_dir_for(explicit: Option<&Path>, workspace: &Path) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .unwrap_or_else(|| backup::beside(workspace))
}

/// Opens (or creates) the workspace at `path` with the wall clock; a file of an older
/// format is first backed up to `backups`. `key` opens an encrypted file.
pub fn open(path: &Path, backups: Option<&Path>, key: Option<&Password>) -> Result<Workspace> {
    Workspace::open_keyed(path, Arc::new(SystemClock), backups, key)
}

/// [`open`] for a workspace that must exist already (never creates one).
pub fn open_existing(
    path: &Path,
    backups: Option<&Path>,
    key: Option<&Password>,
) -> Result<Workspace> {
    if !path.exists() {
        return Err(Error::invalid(
            "file",
            format!("{} does not exist", path.display()),
        ));
    }
    open(path, backups, key)
}

/// Opens the workspace a user sees at start: `explicit` when given on the command line,
/// else the default workspace in `dir`, created with the demo account on first start. A
/// file about to be migrated is first backed up to `backups`.
pub fn open_default(
    explicit: Option<&Path>,
    dir: &Path,
    lang: Lang,
    backups: Option<&Path>,
) -> Result<Workspace> {
    let open = |path: &Path| Workspace::open_with(path, Arc::new(SystemClock), backups);
    if let Some(path) = explicit {
        return open(path);
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join(DEFAULT_WORKSPACE);
    let first_start = !path.exists();
    let mut ws = open(&path)?;
    if first_start {
        crate::demo::create_demo(&mut ws, lang)?;
    }
    Ok(ws)
}

/// Whether the file `backup` lies in the folder of `workspace`'s backups in `dir` (not
/// whether it passes the checks: see [`backup::backup_info`]).
pub fn is_backup_of(dir: &Path, workspace: &Path, backup: &Path) -> bool {
    let parent = backup.parent().and_then(|p| p.canonicalize().ok());
    backup::backup_folder(dir, workspace)
        .and_then(|f| Ok(f.canonicalize()?))
        .is_ok_and(|f| Some(f) == parent)
}

/// The backup `from` names: a path to a file, or the file name of one of `workspace`'s
/// backups in `dir` (as listed). `None` when there is no such file.
pub fn find_backup(dir: &Path, workspace: &Path, from: &Path) -> Result<Option<PathBuf>> {
    if from.exists() {
        return Ok(Some(from.to_path_buf()));
    }
    let is_bare_name = match from.parent() {
        Some(p) => p.as_os_str().is_empty(),
        None => true,
    };
    if is_bare_name {
        let candidate = backup::backup_folder(dir, workspace)?.join(from);
        if candidate.exists() {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}
