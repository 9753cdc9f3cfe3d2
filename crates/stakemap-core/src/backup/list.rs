//! Backup names, finding a workspace's backups, and reading one (read-only) for the list.

use super::*;

// ---------------------------------------------------------------------------------------
// Backup names
// ---------------------------------------------------------------------------------------

/// A backup file found in a workspace's folder.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) path: PathBuf,
    pub(super) at: DateTime<Utc>,
    pub(super) seq: u32,
    pub(super) reason: BackupReason,
}

pub(super) fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

pub(super) fn backup_name(at: DateTime<Utc>, reason: BackupReason, seq: u32) -> String {
    if seq > 1 {
        format!("{}-{}-{seq}.stakemap", stamp(at), reason.as_str())
    } else {
        format!("{}-{}.stakemap", stamp(at), reason.as_str())
    }
}

/// `20250114T093000Z` as an instant.
pub(super) fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(4..6)?, digits(6..8)?)?;
    let time = date.and_hms_opt(digits(9..11)?, digits(11..13)?, digits(13..15)?)?;
    Some(time.and_utc())
}

/// The instant, reason and sequence number of a backup's file name; `None` for any other
/// file.
pub(super) fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupReason, u32)> {
    let rest = name.strip_suffix(".stakemap")?;
    let at = parse_stamp(rest.get(..16)?)?;
    let tail = rest.get(16..)?.strip_prefix('-')?;
    for reason in BackupReason::ALL {
        let Some(after) = tail.strip_prefix(reason.as_str()) else {
            continue;
        };
        if after.is_empty() {
            return Some((at, reason, 1));
        }
        let n = after.strip_prefix('-')?;
        if !n.is_empty() && n.len() <= 6 && n.bytes().all(|c| c.is_ascii_digit()) {
            let seq: u32 = n.parse().ok()?;
            return (seq >= 2).then_some((at, reason, seq));
        }
        return None;
    }
    None
}

/// The backups in `folder`, newest first (a missing folder has none).
pub(super) fn scan(folder: &Path) -> Result<Vec<Entry>> {
    let read = match std::fs::read_dir(folder) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut entries = Vec::new();
    for item in read {
        let item = item?;
        let name = item.file_name();
        let Some((at, reason, seq)) = name.to_str().and_then(parse_name) else {
            continue;
        };
        if !item.file_type()?.is_file() {
            continue;
        }
        entries.push(Entry {
            path: item.path(),
            at,
            seq,
            reason,
        });
    }
    entries.sort_by_key(|e| std::cmp::Reverse((e.at, e.seq)));
    Ok(entries)
}

// ---------------------------------------------------------------------------------------
// Reading a backup
// ---------------------------------------------------------------------------------------

/// What a read-only look at a workspace file found.
pub(super) struct Contents {
    pub(super) format: i64,
    pub(super) accounts: u32,
    pub(super) people: u32,
    pub(super) lines: u32,
}

/// Checks, without writing to it, that `path` is a sound Stakemap workspace this build
/// reads, and counts what it holds.
pub(super) fn check_file(path: &Path, key: Option<&Password>) -> Result<Contents> {
    let Some((conn, format)) = inspect_read_only(path, key)? else {
        return Err(Error::NotAWorkspace {
            path: path.to_path_buf(),
            reason: crate::error::Reason::NoTables,
        });
    };
    let counts = file::counts(&conn, path)?;
    Ok(Contents {
        format,
        accounts: counts.accounts,
        people: counts.people,
        lines: counts.lines,
    })
}

/// A short description of why a file is no good backup.
pub(super) fn problem(e: &Error) -> String {
    match e {
        Error::Corrupt { detail, .. } => format!("damaged ({detail})"),
        Error::NotAWorkspace { reason, .. } => format!("not a Stakemap workspace ({reason})"),
        Error::NewerSchema { found, .. } => {
            format!("written by a newer Stakemap (file format {found})")
        }
        Error::Encrypted { .. } => "encrypted; open the workspace with its password".into(),
        Error::WrongPassword { .. } => "encrypted with another password".into(),
        other => other.to_string(),
    }
}

pub(super) fn info(entry: &Entry, key: Option<&Password>) -> BackupInfo {
    read_entry(entry, key, false).0
}

/// [`info`], and the backup's fingerprint, read through the same connection (one key
/// derivation for an encrypted backup); `None` when it fails the checks.
pub(super) fn info_and_fingerprint(
    entry: &Entry,
    key: Option<&Password>,
) -> (BackupInfo, Option<u128>) {
    read_entry(entry, key, true)
}

fn read_entry(
    entry: &Entry,
    key: Option<&Password>,
    with_print: bool,
) -> (BackupInfo, Option<u128>) {
    let size_bytes = std::fs::metadata(&entry.path).map_or(0.0, |m| m.len() as f64);
    let checked = (|| -> Result<(Contents, Option<u128>)> {
        let Some((conn, format)) = inspect_read_only(&entry.path, key)? else {
            return Err(Error::NotAWorkspace {
                path: entry.path.clone(),
                reason: crate::error::Reason::NoTables,
            });
        };
        let counts = file::counts(&conn, &entry.path)?;
        let print = if with_print {
            Some(fingerprint(&conn).map_err(|e| classify(&entry.path, e))?)
        } else {
            None
        };
        let contents = Contents {
            format,
            accounts: counts.accounts,
            people: counts.people,
            lines: counts.lines,
        };
        Ok((contents, print))
    })();
    let (contents, print, problem) = match checked {
        Ok((c, p)) => (Some(c), p, None),
        Err(e) => (None, None, Some(e)),
    };
    let info = BackupInfo {
        path: entry.path.display().to_string(),
        file_name: entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        taken_at: entry.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reason: entry.reason,
        size_bytes,
        accounts: contents.as_ref().map_or(0, |c| c.accounts),
        people: contents.as_ref().map_or(0, |c| c.people),
        lines: contents.as_ref().map_or(0, |c| c.lines),
        file_format: contents
            .as_ref()
            .map_or(0, |c| u32::try_from(c.format).unwrap_or(0)),
        ok: problem.is_none(),
        problem_text: problem.as_ref().map(self::problem),
        problem: problem.as_ref().map(Error::data),
    };
    (info, print)
}

/// Every backup of the workspace at `workspace_path` in `dir`, newest first, each read
/// (read-only) for its contents and checked. None yet is an empty list. The backups of an
/// encrypted workspace are read with its password (`key`).
pub fn list_backups(
    dir: &Path,
    workspace_path: &Path,
    key: Option<&Password>,
) -> Result<Vec<BackupInfo>> {
    let folder = backup_folder(dir, workspace_path)?;
    Ok(scan(&folder)?.iter().map(|e| info(e, key)).collect())
}

/// The newest backup of the workspace that passes the checks (a damaged backup is
/// skipped), or `None`.
pub fn newest_good_backup(
    dir: &Path,
    workspace_path: &Path,
    key: Option<&Password>,
) -> Result<Option<BackupInfo>> {
    let folder = backup_folder(dir, workspace_path)?;
    Ok(scan(&folder)?.iter().map(|e| info(e, key)).find(|i| i.ok))
}

/// When a backup was taken (RFC 3339, UTC) and why, from its file name alone (nothing is
/// read); `None` when its name is not a backup's.
pub fn backup_taken(path: &Path) -> Option<(String, BackupReason)> {
    let (at, reason, _) = parse_name(path.file_name()?.to_str()?)?;
    Some((
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        reason,
    ))
}

/// Reads one backup file (any path) as the list shows it; `None` when its name is not a
/// backup's.
pub fn backup_info(path: &Path, key: Option<&Password>) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?;
    let (at, reason, seq) = parse_name(name)?;
    Some(info(
        &Entry {
            path: path.to_path_buf(),
            at,
            seq,
            reason,
        },
        key,
    ))
}

// ---------------------------------------------------------------------------------------
// Fingerprints
// ---------------------------------------------------------------------------------------
