//! The desktop app's hold on the workspace it has open, so that the CLI does not write a
//! file the app is working in ("one writer").
//!
//! While the app has a workspace open it keeps a small JSON file beside it, named after it:
//! `<workspace file name>.open-by-app` (for `work.stakemap`, `work.stakemap.open-by-app`),
//! holding `{pid, opened_at, host, file_id}` (`file_id`: the workspace file's device and
//! inode). It is a visible file on purpose: a user who finds it sees what it means, and may
//! delete it when no app is running. The app removes it when it switches to another
//! workspace or exits ([`Hold`] removes it when dropped). Opened through a symbolic link,
//! the app writes the hold beside the real file as well.
//!
//! A hold whose process is no longer running (the app crashed) is stale and ignored. A hold
//! taken on another computer (a workspace on a shared folder) cannot be checked from here
//! and counts as held: the CLI refuses, and says which computer has it. A hold file that
//! cannot be read as one (empty, not JSON, fields missing, a folder, a FIFO) counts as held
//! too ([`Held::Unreadable`]); it is never waited on (see [`hold_on`] for which files are
//! looked at, so that a link to the workspace is held like the file).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What follows the workspace's file name in the name of its hold file.
pub const HOLD_SUFFIX: &str = ".open-by-app";

/// Who holds a workspace open: the contents of the hold file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldInfo {
    /// The app's process id.
    pub pid: u32,
    /// When the app opened the workspace (RFC 3339, UTC).
    pub opened_at: String,
    /// The computer the app runs on.
    pub host: String,
    /// The workspace file's device and inode when the hold was taken (unix), by which a
    /// link to it under another name is known to be the same file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<(u64, u64)>,
}

impl HoldInfo {
    /// Whether the hold was taken on this computer.
    pub fn is_this_host(&self) -> bool {
        self.host == host_name()
    }

    /// `opened_at` in local time, `HH:MM` (with the date when it is not today).
    pub fn since_local(&self) -> String {
        match chrono::DateTime::parse_from_rfc3339(&self.opened_at) {
            Ok(t) => {
                let t = t.with_timezone(&chrono::Local);
                if t.date_naive() == chrono::Local::now().date_naive() {
                    t.format("%H:%M").to_string()
                } else {
                    t.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            Err(_) => self.opened_at.clone(),
        }
    }
}

/// The hold file of a workspace: `<file name>.open-by-app` beside it.
pub fn hold_path(workspace: &Path) -> PathBuf {
    let mut name = workspace
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(HOLD_SUFFIX);
    workspace.with_file_name(name)
}

/// Why a workspace counts as open in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// A live hold: taken by a process that still runs on this computer, or taken on
    /// another computer. `file` is the hold file.
    ByApp { info: HoldInfo, file: PathBuf },
    /// A hold file is there but cannot be read as one (empty, not JSON, fields missing, a
    /// folder, not a regular file): it is not ignored on a guess. `why` says what it is.
    Unreadable { file: PathBuf, why: String },
    /// No hold file names this path, but the file itself is locked by the app (the lock
    /// [`Hold::take`] keeps on the workspace's inode): `workspace` is another name of a
    /// file the app has open (a hard link in another folder).
    Locked { workspace: PathBuf },
}

impl Held {
    /// The hold file.
    pub fn file(&self) -> &Path {
        match self {
            Held::ByApp { file, .. } | Held::Unreadable { file, .. } => file,
            Held::Locked { workspace } => workspace,
        }
    }
}

/// The largest hold file read (a real one is some 100 bytes).
const MAX_HOLD_BYTES: u64 = 64 * 1024;

/// The device and inode of the file at `path` (links followed); `None` where there are
/// none (not unix) or the file is not there.
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Reads a hold file: never blocks (a FIFO is not waited on), reads only a regular file,
/// and only its first [`MAX_HOLD_BYTES`]. `Ok(None)` when there is no such file.
fn read_hold_file(path: &Path) -> Result<Option<HoldInfo>, String> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A symbolic link that leads nowhere is not a hold.
            return Ok(None);
        }
        Err(e) => return Err(format!("it cannot be read: {e}")),
    };
    if meta.is_dir() {
        return Err("it is a folder".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("it cannot be read: {e}"))?;
    let is_file = file.metadata().map(|m| m.is_file()).unwrap_or(false);
    if !is_file {
        return Err("it is not a regular file".into());
    }
    let mut bytes = Vec::new();
    file.take(MAX_HOLD_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("it cannot be read: {e}"))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("it is empty".into());
    }
    serde_json::from_slice::<HoldInfo>(&bytes)
        .map(Some)
        .map_err(|e| format!("it is not a hold the app wrote ({e})"))
}

#[cfg(target_os = "linux")]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(target_os = "linux")))]
const O_NONBLOCK: i32 = 0x0004;

/// Whether the app holds `workspace` (see [`Held`]). The hold files looked at: the one
/// beside the path given, the one beside the path with its links resolved, and every hold
/// file in those two folders whose recorded device and inode are the workspace's (a hard
/// link under another name in the same folder). A hold of a process that no longer runs
/// on this computer is stale and ignored.
pub fn hold_on(workspace: &Path) -> Option<Held> {
    let mut named = vec![hold_path(workspace)];
    if let Ok(real) = workspace.canonicalize() {
        let beside = hold_path(&real);
        if !named.contains(&beside) {
            named.push(beside);
        }
    }
    let live = |info: &HoldInfo| !info.is_this_host() || process_alive(info.pid);
    for file in &named {
        match read_hold_file(file) {
            Ok(Some(info)) if live(&info) => {
                return Some(Held::ByApp {
                    info,
                    file: file.clone(),
                })
            }
            Ok(_) => {}
            Err(why) => {
                return Some(Held::Unreadable {
                    file: file.clone(),
                    why,
                })
            }
        }
    }
    let id = file_id(workspace)?;
    let folders: Vec<PathBuf> = named
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    for folder in folders {
        let Ok(read) = std::fs::read_dir(&folder) else {
            continue;
        };
        for item in read.flatten() {
            let path = item.path();
            let is_hold = item
                .file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(HOLD_SUFFIX));
            if !is_hold || named.contains(&path) {
                continue;
            }
            if let Ok(Some(info)) = read_hold_file(&path) {
                if info.file_id == Some(id) && live(&info) {
                    return Some(Held::ByApp { info, file: path });
                }
            }
        }
    }
    locked_by_app(workspace).then(|| Held::Locked {
        workspace: workspace.to_path_buf(),
    })
}

/// Whether another process keeps the app's lock on the file at `workspace` (whatever name
/// it was opened by). The lock is an advisory whole-file lock of its own (`flock` on
/// Linux), separate from SQLite's byte-range locks, so it never blocks a reader.
fn locked_by_app(workspace: &Path) -> bool {
    let Ok(file) = std::fs::File::open(workspace) else {
        return false;
    };
    matches!(
        file.try_lock_shared(),
        Err(std::fs::TryLockError::WouldBlock)
    )
}

/// The hold of the app on `workspace`, when one is live (see [`hold_on`]); an unreadable
/// hold file, or a lock without a hold file naming this path, is `None` here (there is no
/// hold to show): [`hold_on`] tells them.
pub fn held_by_app(workspace: &Path) -> Option<HoldInfo> {
    match hold_on(workspace)? {
        Held::ByApp { info, .. } => Some(info),
        Held::Unreadable { .. } | Held::Locked { .. } => None,
    }
}

/// The app's hold on the workspace it has open; the hold file is removed when this is
/// dropped (or [`Hold::release`]d).
#[derive(Debug)]
pub struct Hold {
    path: PathBuf,
    /// The hold file beside the workspace's real path, when it was opened through a
    /// symbolic link (so that the CLI, given the real path, sees the hold too).
    real: Option<PathBuf>,
    info: HoldInfo,
    /// The workspace file opened and locked for as long as the hold lasts, so that a name
    /// of it the hold files do not cover (a hard link in another folder) is held too. `None`
    /// where the lock could not be taken (a file system without locks).
    _lock: Option<std::fs::File>,
}

/// Writes `info` to the hold file `path`, aside and renamed, so that a reader never sees
/// half a file.
fn write_hold(path: &Path, info: &HoldInfo) -> std::io::Result<()> {
    let json = serde_json::to_string(info).map_err(std::io::Error::other)?;
    let mut tmp = path.to_path_buf().into_os_string();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, json)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Removes the hold file `path` when it still holds `info`.
fn remove_hold(path: &Path, info: &HoldInfo) {
    let ours = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<HoldInfo>(&t).ok())
        .is_some_and(|i| &i == info);
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

impl Hold {
    /// Takes the hold on `workspace` for this process (replacing a hold file that is there),
    /// beside the path given and, when that is a symbolic link, beside the real file too.
    pub fn take(workspace: &Path) -> std::io::Result<Hold> {
        let info = HoldInfo {
            pid: std::process::id(),
            opened_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            host: host_name(),
            file_id: file_id(workspace),
        };
        let path = hold_path(workspace);
        write_hold(&path, &info)?;
        // The same hold file by its real folder: is it this one?
        let same = |real: &PathBuf| {
            let here = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .canonicalize()
                .ok();
            here.zip(path.file_name())
                .is_some_and(|(dir, name)| &dir.join(name) == real)
        };
        let real = workspace
            .canonicalize()
            .ok()
            .map(|r| hold_path(&r))
            .filter(|r| !same(r))
            .filter(|r| write_hold(r, &info).is_ok());
        let lock = std::fs::File::open(workspace)
            .ok()
            .filter(|f| f.try_lock().is_ok());
        Ok(Hold {
            path,
            real,
            info,
            _lock: lock,
        })
    }

    /// The hold file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn info(&self) -> &HoldInfo {
        &self.info
    }

    /// Removes the hold file (when it is still this hold's).
    pub fn release(self) {
        // Drop does it.
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        remove_hold(&self.path, &self.info);
        if let Some(real) = &self.real {
            remove_hold(real, &self.info);
        }
    }
}

/// This computer's name, as well as it can be found without system calls.
pub fn host_name() -> String {
    let from_file = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string());
    let from_env = || {
        ["COMPUTERNAME", "HOSTNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok())
            .map(|s| s.trim().to_string())
    };
    let from_command = || {
        std::process::Command::new("hostname")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    from_file
        .filter(|s| !s.is_empty())
        .or_else(|| from_env().filter(|s| !s.is_empty()))
        .or_else(|| from_command().filter(|s| !s.is_empty()))
        .unwrap_or_default()
}

/// Whether process `pid` runs on this computer (see [`crate::store::temp::process_alive`]):
/// when it cannot be told, it is taken to run (a hold is never ignored on a guess).
pub fn process_alive(pid: u32) -> bool {
    crate::store::temp::process_alive(pid)
}

mod location;
pub use location::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_is_seen_while_taken_and_gone_once_released() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("work.stakemap");
        std::fs::write(&ws, b"x").unwrap();
        assert_eq!(held_by_app(&ws), None);
        let hold = Hold::take(&ws).unwrap();
        assert_eq!(hold.path(), dir.path().join("work.stakemap.open-by-app"));
        let info = held_by_app(&ws).expect("held");
        assert_eq!(info.pid, std::process::id());
        assert!(info.is_this_host());
        assert_eq!(&info, hold.info());
        hold.release();
        assert_eq!(held_by_app(&ws), None);
        assert!(!dir.path().join("work.stakemap.open-by-app").exists());
    }

    #[test]
    fn a_hold_of_a_process_that_ended_is_stale() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("work.stakemap");
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        for pid in [pid, 999_999_999] {
            let info = HoldInfo {
                pid,
                opened_at: "2024-01-01T09:00:00Z".into(),
                host: host_name(),
                file_id: None,
            };
            std::fs::write(hold_path(&ws), serde_json::to_string(&info).unwrap()).unwrap();
            assert_eq!(held_by_app(&ws), None, "pid {pid}");
        }
        // The same file with a live pid is a hold.
        let info = HoldInfo {
            pid: std::process::id(),
            opened_at: "2024-01-01T09:00:00Z".into(),
            host: host_name(),
            file_id: None,
        };
        std::fs::write(hold_path(&ws), serde_json::to_string(&info).unwrap()).unwrap();
        assert_eq!(held_by_app(&ws), Some(info));
    }

    #[test]
    fn a_hold_from_another_computer_counts_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("work.stakemap");
        let info = HoldInfo {
            pid: 999_999_999,
            opened_at: "2024-01-01T09:00:00Z".into(),
            host: format!("{}-elsewhere", host_name()),
            file_id: None,
        };
        std::fs::write(hold_path(&ws), serde_json::to_string(&info).unwrap()).unwrap();
        let held = held_by_app(&ws).expect("cannot be checked, so it counts");
        assert!(!held.is_this_host());
    }

    #[test]
    fn dropping_a_hold_leaves_a_newer_hold_of_someone_else() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("work.stakemap");
        let hold = Hold::take(&ws).unwrap();
        let other = HoldInfo {
            pid: std::process::id(),
            opened_at: "2030-01-01T00:00:00Z".into(),
            host: "other".into(),
            file_id: None,
        };
        std::fs::write(hold_path(&ws), serde_json::to_string(&other).unwrap()).unwrap();
        drop(hold);
        assert!(hold_path(&ws).exists());
    }
}
