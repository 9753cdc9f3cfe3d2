//! Taking a backup (or finding the newest one unchanged) and rotating the folder.

use super::*;
use crate::error::Reason;

// ---------------------------------------------------------------------------------------
// Taking backups
// ---------------------------------------------------------------------------------------

/// Flushes a file to the disk.
pub(super) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Makes a rename in `dir` durable where the system allows it (not on Windows, where a
/// folder cannot be opened as a file; it is not needed there).
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// `VACUUM INTO` a temporary file, flushed, then renamed to `target`.
pub(super) fn vacuum_into(
    conn: &Connection,
    source: &Path,
    tmp: &Path,
    target: &Path,
) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    let written = file::vacuum_into(conn, source, tmp)
        .and_then(|()| Ok(sync_file(tmp)?))
        .and_then(|()| Ok(std::fs::rename(tmp, target)?));
    if written.is_err() {
        let _ = std::fs::remove_file(tmp);
    }
    written
}

/// A backup of what `conn` holds (the workspace at `workspace_path`), or the newest backup
/// when nothing changed since it.
pub(super) fn backup_connection(
    conn: &Connection,
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
    mark: Option<&SeenMark>,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    if !workspace_path.is_file() {
        return Err(Error::invalid(
            "path",
            Reason::NotAWorkspaceFile {
                path: workspace_path.display().to_string(),
            },
        ));
    }
    let folder = backup_folder(dir, workspace_path)?;
    std::fs::create_dir_all(&folder)?;
    record_place(conn, workspace_path, &folder, now)?;
    let entries = scan(&folder)?;
    let latest = entries.first();
    let state = connection_state(conn).map_err(|e| classify(workspace_path, e))?;
    let known = mark.and_then(|m| {
        m.borrow()
            .as_ref()
            .and_then(|b| b.downcast_ref::<Mark>())
            .cloned()
    });
    let known = known.filter(|m| latest.is_some_and(|l| l.path == m.path));
    if let Some(m) = &known {
        let size = std::fs::metadata(&m.path).map_or(-1.0, |md| md.len() as f64);
        if m.state == state && m.info.ok && size == m.info.size_bytes {
            return Ok(m.info.clone());
        }
    }
    let fp = fingerprint(conn).map_err(|e| classify(workspace_path, e))?;
    let remember = |path: &Path, info: &BackupInfo| {
        if let Some(m) = mark {
            *m.borrow_mut() = Some(Box::new(Mark {
                path: path.to_path_buf(),
                info: info.clone(),
                fingerprint: fp,
                state,
            }));
        }
    };
    if let Some(latest) = latest {
        let (read, latest_fp) = match &known {
            Some(m) => (None, Some(m.fingerprint)),
            None => {
                let (i, p) = info_and_fingerprint(latest, key);
                (Some(i), p)
            }
        };
        if latest_fp == Some(fp) {
            let found = read.unwrap_or_else(|| info(latest, key));
            if found.ok {
                remember(&latest.path, &found);
                return Ok(found);
            }
        }
    }

    let at = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    let seq = entries
        .iter()
        .filter(|e| e.at == at)
        .map(|e| e.seq)
        .max()
        .map_or(1, |s| s + 1);
    let name = backup_name(at, reason, seq);
    let target = folder.join(&name);
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    vacuum_into(conn, workspace_path, &tmp, &target)?;
    sync_dir(&folder);
    let taken = info(
        &Entry {
            path: target.clone(),
            at,
            seq,
            reason,
        },
        key,
    );
    rotate(&folder, now, taken.ok.then_some(target.as_path()), key)?;
    remember(&target, &taken);
    Ok(taken)
}

/// Records `folder` in the workspace (see [`crate::backup`]), before its first backup
/// there: a later password change finds it. A workspace on a read-only disk cannot record
/// it and is backed up all the same.
fn record_place(
    conn: &Connection,
    workspace_path: &Path,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<()> {
    let folder = std::fs::canonicalize(folder)?;
    let known = places::recorded(conn).map_err(|e| classify(workspace_path, e))?;
    if known.contains(&folder) {
        return Ok(());
    }
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    match places::record(conn, &folder, &at) {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => Ok(()),
        done => done.map_err(|e| classify(workspace_path, e)),
    }
}

/// Takes a backup of the open workspace into its folder under `dir` (see the module
/// documentation), named by the workspace's clock, and rotates the folder. When nothing
/// changed since the newest backup, takes none and answers that one.
pub fn take_backup(ws: &Workspace, dir: &Path, reason: BackupReason) -> Result<BackupInfo> {
    backup_connection(
        ws.conn(),
        ws.path(),
        dir,
        reason,
        ws.clock_now(),
        Some(&ws.seen),
        ws.password(),
    )
}

/// Takes a backup of a workspace file that is not open here, without migrating or
/// otherwise changing it. Refuses a file that is not a sound Stakemap workspace
/// ([`Error::Corrupt`], [`Error::NotAWorkspace`]); a file of a newer Stakemap is backed
/// up as it is. An encrypted file needs its password (`key`); its backup is encrypted
/// with it.
pub fn backup_file(
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    backup_file_at(workspace_path, dir, reason, Utc::now(), key)
}

pub(super) fn backup_file_at(
    workspace_path: &Path,
    dir: &Path,
    reason: BackupReason,
    now: DateTime<Utc>,
    key: Option<&Password>,
) -> Result<BackupInfo> {
    match check_file(workspace_path, key) {
        Ok(_) | Err(Error::NewerSchema { .. }) => {}
        Err(e) => return Err(e),
    }
    // Read-write (never created): a WAL left by a crash is recovered and read, as the
    // app would read it.
    let key = key.filter(|_| cipher::is_encrypted(workspace_path));
    let conn = file::open_existing(workspace_path, key)?;
    backup_connection(&conn, workspace_path, dir, reason, now, None, key)
}

/// Deletes the backups the rotation does not keep (see the module documentation).
/// `known_good` is a backup already checked.
pub(super) fn rotate(
    folder: &Path,
    now: DateTime<Utc>,
    known_good: Option<&Path>,
    key: Option<&Password>,
) -> Result<()> {
    let entries = scan(folder)?;
    let mut keep = vec![false; entries.len()];
    for k in keep.iter_mut().take(KEEP_NEWEST) {
        *k = true;
    }
    let today = now.date_naive();
    let mut days = HashSet::new();
    for (e, k) in entries.iter().zip(keep.iter_mut()) {
        let day = e.at.date_naive();
        let age = (today - day).num_days();
        if (0..KEEP_DAYS).contains(&age) && days.insert(day) {
            *k = true;
        }
    }
    let good = |e: &Entry| known_good == Some(e.path.as_path()) || check_file(&e.path, key).is_ok();
    let kept_good = entries.iter().zip(&keep).any(|(e, k)| *k && good(e));
    if !kept_good {
        if let Some(i) = (0..entries.len()).find(|&i| !keep[i] && good(&entries[i])) {
            keep[i] = true;
        }
    }
    for (e, k) in entries.iter().zip(&keep) {
        if !k {
            let _ = std::fs::remove_file(&e.path);
        }
    }
    // Temporary files of a backup that was cut short (a crash) go after a day.
    if let Ok(read) = std::fs::read_dir(folder) {
        for item in read.flatten() {
            let name = item.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let old = item
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 60 * 60);
            if old {
                let _ = std::fs::remove_file(item.path());
            }
        }
    }
    Ok(())
}
