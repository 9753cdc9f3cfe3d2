//! Opening workspace files, for the app and for a command of the CLI: the default
//! workspace at start, an existing file, the backups folder of a file, and which backup
//! belongs to which workspace.

use crate::error::Reason;
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
            Reason::FileMissing {
                path: path.display().to_string(),
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::BackupReason;

    #[test]
    fn the_default_workspace_starts_with_the_demo_and_its_backups_are_found_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let ws = open_default(None, &data, Lang::En, None).unwrap();
        assert_eq!(ws.path(), data.join(DEFAULT_WORKSPACE));
        assert_eq!(ws.accounts().unwrap().len(), 1, "the demo account");

        let backups = backups_dir_for(None, ws.path());
        assert_eq!(backups, data.join(backup::BESIDE_FOLDER));
        let given = dir.path().join("elsewhere");
        assert_eq!(backups_dir_for(Some(&given), ws.path()), given);

        let b = backup::take_backup(&ws, &backups, BackupReason::Manual).unwrap();
        let path = PathBuf::from(&b.path);
        assert!(is_backup_of(&backups, ws.path(), &path));
        assert!(!is_backup_of(
            &backups,
            &dir.path().join("other.stakemap"),
            &path
        ));
        let by_name = Path::new(&b.file_name);
        assert_eq!(
            find_backup(&backups, ws.path(), by_name).unwrap(),
            Some(path.clone())
        );
        assert_eq!(find_backup(&backups, ws.path(), &path).unwrap(), Some(path));
        assert_eq!(
            find_backup(&backups, ws.path(), Path::new("nothing.stakemap")).unwrap(),
            None
        );

        let missing = dir.path().join("missing.stakemap");
        let err = open_existing(&missing, None, None).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(!missing.exists(), "nothing created");
    }
}
