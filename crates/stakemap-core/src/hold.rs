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
}

impl Held {
    /// The hold file.
    pub fn file(&self) -> &Path {
        match self {
            Held::ByApp { file, .. } | Held::Unreadable { file, .. } => file,
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
    None
}

/// The hold of the app on `workspace`, when one is live (see [`hold_on`]); an unreadable
/// hold file is `None` here: [`hold_on`] tells it.
pub fn held_by_app(workspace: &Path) -> Option<HoldInfo> {
    match hold_on(workspace)? {
        Held::ByApp { info, .. } => Some(info),
        Held::Unreadable { .. } => None,
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
        Ok(Hold { path, real, info })
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

// ---- Unsafe places: cloud-synced folders and network file systems.

/// Why a workspace's place is not safe for SQLite's file locking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LocationWarning {
    /// `"cloud"` (a folder a sync client copies between computers) or `"network"` (a
    /// network file system).
    pub kind: String,
    /// What was found: the synced folder (`Dropbox`, `OneDrive - Contoso`…), or the file
    /// system and its source (`nfs4 fileserver:/export/home`, `\\server\share`).
    pub detail: String,
}

/// File system types whose locking SQLite cannot rely on.
pub const NETWORK_FS_TYPES: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "davfs",
    "fuse.davfs2",
    "ncpfs",
    "lustre",
    "gpfs",
];

/// A warning when `path` (a workspace file, which need not exist yet) is in a cloud-synced
/// folder or on a network file system.
///
/// Cloud folders are found by name (any folder of the path, case-insensitive). Network
/// file systems: on Linux, the file system of the longest mount point in
/// `/proc/self/mountinfo` that contains the path; on Windows, UNC paths (`\\server\share`)
/// only: a mapped network drive letter cannot be told from a local disk without system
/// calls. Elsewhere (macOS) only the cloud folders are found.
pub fn location_warning(path: &Path) -> Option<LocationWarning> {
    let path = canonical(path);
    if let Some(w) = unc_warning(&path) {
        return Some(w);
    }
    if let Some(w) = cloud_warning(&path) {
        return Some(w);
    }
    if cfg!(target_os = "linux") {
        let text = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
        return network_warning(&text, &path);
    }
    None
}

/// The path with links resolved, as far as it exists (a file not created yet: its folder).
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let mut rest = Vec::new();
    let mut cur = path;
    while let Some(parent) = cur.parent() {
        if let Some(name) = cur.file_name() {
            rest.push(name.to_os_string());
        }
        if let Ok(p) = parent.canonicalize() {
            let mut p = p;
            for n in rest.iter().rev() {
                p.push(n);
            }
            return p;
        }
        cur = parent;
    }
    path.to_path_buf()
}

fn unc_warning(path: &Path) -> Option<LocationWarning> {
    use std::path::{Component, Prefix};
    match path.components().next()? {
        Component::Prefix(p) => match p.kind() {
            Prefix::UNC(server, share) | Prefix::VerbatimUNC(server, share) => {
                Some(LocationWarning {
                    kind: "network".into(),
                    detail: format!(
                        "\\\\{}\\{}",
                        server.to_string_lossy(),
                        share.to_string_lossy()
                    ),
                })
            }
            _ => None,
        },
        _ => None,
    }
}

/// A cloud-synced folder among the folders of `path`, by name.
pub fn cloud_warning(path: &Path) -> Option<LocationWarning> {
    let names: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    // The last component is the workspace file itself, not a folder.
    let folders = &names[..names.len().saturating_sub(1)];
    for (i, name) in folders.iter().enumerate() {
        let lower = name.to_lowercase();
        let prev = i.checked_sub(1).map(|j| folders[j].to_lowercase());
        let after_library = prev.as_deref() == Some("library");
        let exact = [
            "dropbox",
            "onedrive",
            "google drive",
            "googledrive",
            "my drive",
            "icloud drive",
            "iclouddrive",
            "box",
            "box sync",
            "pcloud",
            "pcloud drive",
            "pclouddrive",
            "nextcloud",
            "owncloud",
            "mega",
            "megasync",
            "mega downloads",
            "sync",
        ];
        let found = exact.contains(&lower.as_str())
            // "Dropbox (Company)", "OneDrive - Contoso", "OneDrive (Personal)", "Google Drive (me@x)"
            || ["dropbox (", "dropbox-", "onedrive -", "onedrive (", "onedrive-", "google drive ("]
                .iter()
                .any(|p| lower.starts_with(p))
            // macOS: iCloud Drive is ~/Library/Mobile Documents; the File Provider
            // clients (Dropbox, OneDrive, Google Drive, Box…) live in ~/Library/CloudStorage.
            || (after_library && (lower == "mobile documents" || lower == "cloudstorage"));
        if found {
            let detail = if after_library && lower == "mobile documents" {
                "iCloud Drive".to_string()
            } else if after_library && lower == "cloudstorage" {
                folders.get(i + 1).cloned().unwrap_or_else(|| name.clone())
            } else {
                name.clone()
            };
            return Some(LocationWarning {
                kind: "cloud".into(),
                detail,
            });
        }
    }
    None
}

/// One line of `/proc/self/mountinfo`: where, what file system, from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: PathBuf,
    pub fs_type: String,
    pub source: String,
}

/// Parses the text of `/proc/self/mountinfo` (see proc(5)); lines it cannot read are
/// skipped. Mount points are unescaped (`\040` is a space, `\011` a tab, `\012` a new
/// line, `\134` a backslash).
pub fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(' ').filter(|f| !f.is_empty()).collect();
            // id parent major:minor root mount_point options [optional…] - type source super
            let mount_point = fields.get(4)?;
            let dash = fields.iter().skip(6).position(|f| *f == "-")? + 6;
            let fs_type = fields.get(dash + 1)?;
            let source = fields.get(dash + 2).copied().unwrap_or("");
            Some(Mount {
                mount_point: PathBuf::from(unescape(mount_point)),
                fs_type: unescape(fs_type),
                source: unescape(source),
            })
        })
        .collect()
}

/// Undoes the octal escapes of mountinfo (`\040`).
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if let Some(oct) = bytes.get(i + 1..i + 4) {
                if oct.iter().all(|b| (b'0'..=b'7').contains(b)) {
                    let v = oct.iter().fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
                    if let Ok(v) = u8::try_from(v) {
                        out.push(v);
                        i += 4;
                        continue;
                    }
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mount that holds `path`: the longest mount point that contains it (of equal ones,
/// the last mounted, which hides the others).
pub fn mount_of<'a>(mounts: &'a [Mount], path: &Path) -> Option<&'a Mount> {
    let mut best: Option<&Mount> = None;
    for m in mounts {
        if path.starts_with(&m.mount_point)
            && best.map_or(true, |b| {
                m.mount_point.components().count() >= b.mount_point.components().count()
            })
        {
            best = Some(m);
        }
    }
    best
}

/// A warning when `path` (canonical) is on a network file system, by the mountinfo `text`.
pub fn network_warning(mountinfo: &str, path: &Path) -> Option<LocationWarning> {
    let mounts = parse_mountinfo(mountinfo);
    let m = mount_of(&mounts, path)?;
    NETWORK_FS_TYPES
        .contains(&m.fs_type.as_str())
        .then(|| LocationWarning {
            kind: "network".into(),
            detail: if m.source.is_empty() || m.source == "none" {
                m.fs_type.clone()
            } else {
                format!("{} {}", m.fs_type, m.source)
            },
        })
}

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

    #[test]
    fn cloud_folders_are_found_by_name() {
        let cases = [
            ("/home/ann/Dropbox/work.stakemap", Some("Dropbox")),
            (
                "/home/ann/dropbox (Acme)/x/work.stakemap",
                Some("dropbox (Acme)"),
            ),
            (
                "C:/Users/ann/OneDrive - Contoso/work.stakemap",
                Some("OneDrive - Contoso"),
            ),
            (
                "/Users/ann/Google Drive/My Drive/w.stakemap",
                Some("Google Drive"),
            ),
            ("/Volumes/GoogleDrive/w.stakemap", Some("GoogleDrive")),
            (
                "/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/w.stakemap",
                Some("iCloud Drive"),
            ),
            (
                "/Users/ann/Library/CloudStorage/Box-Box/w.stakemap",
                Some("Box-Box"),
            ),
            ("/home/ann/Box Sync/w.stakemap", Some("Box Sync")),
            ("/home/ann/pCloud Drive/w.stakemap", Some("pCloud Drive")),
            ("/home/ann/Nextcloud/w.stakemap", Some("Nextcloud")),
            ("/home/ann/ownCloud/w.stakemap", Some("ownCloud")),
            ("/home/ann/MEGA/w.stakemap", Some("MEGA")),
            ("/home/ann/Sync/w.stakemap", Some("Sync")),
            ("/home/ann/work/w.stakemap", None),
            ("/home/ann/dropboxes-old/w.stakemap", None),
            ("/home/ann/Library/w.stakemap", None),
            // The file's own name is not a folder.
            ("/home/ann/Dropbox", None),
        ];
        for (path, want) in cases {
            let got = cloud_warning(Path::new(path));
            assert_eq!(got.as_ref().map(|w| w.detail.as_str()), want, "{path}");
            if let Some(w) = got {
                assert_eq!(w.kind, "cloud");
            }
        }
    }

    const MOUNTINFO: &str = "\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
60 27 0:50 / /home rw,relatime shared:30 - ext4 /dev/vdb rw
61 60 0:51 / /home/ann/net rw,relatime shared:31 master:2 - nfs4 files:/export/ann rw,vers=4.2
62 60 0:52 / /home/ann/My\\040Share rw,relatime - cifs //nas/share rw,vers=3.1.1
63 60 0:53 / /home/ann/net/local rw,relatime - ext4 /dev/vdc rw
64 27 0:54 / /mnt/c rw,noatime - 9p drvfs rw,dirsync
65 60 0:55 / /home/ann/remote rw,nosuid - fuse.sshfs ann@host:/srv rw
66 60 0:56 / /home/ann/netx rw - tmpfs tmpfs rw
garbage line
";

    #[test]
    fn mountinfo_is_parsed_with_escaped_mount_points() {
        let mounts = parse_mountinfo(MOUNTINFO);
        assert_eq!(mounts.len(), 9);
        assert_eq!(mounts[3].fs_type, "nfs4");
        assert_eq!(mounts[3].source, "files:/export/ann");
        assert_eq!(mounts[4].mount_point, Path::new("/home/ann/My Share"));
        assert_eq!(mounts[4].source, "//nas/share");
        assert_eq!(unescape("a\\011b\\134c\\040"), "a\tb\\c ");
        assert_eq!(unescape("end\\04"), "end\\04");
    }

    #[test]
    fn network_file_systems_are_found_by_the_longest_mount_point() {
        let warn = |p: &str| network_warning(MOUNTINFO, Path::new(p));
        assert_eq!(
            warn("/home/ann/net/w.stakemap"),
            Some(LocationWarning {
                kind: "network".into(),
                detail: "nfs4 files:/export/ann".into()
            })
        );
        assert_eq!(
            warn("/home/ann/My Share/deep/w.stakemap").unwrap().detail,
            "cifs //nas/share"
        );
        assert_eq!(
            warn("/home/ann/remote/w.stakemap").unwrap().detail,
            "fuse.sshfs ann@host:/srv"
        );
        assert_eq!(warn("/mnt/c/Users/w.stakemap").unwrap().detail, "9p drvfs");
        // A local disk mounted inside the network one is local.
        assert_eq!(warn("/home/ann/net/local/w.stakemap"), None);
        // "/home/ann/netx" is not inside "/home/ann/net".
        assert_eq!(warn("/home/ann/netx/w.stakemap"), None);
        assert_eq!(warn("/home/ann/w.stakemap"), None);
        assert_eq!(warn("/tmp/w.stakemap"), None);
    }

    #[test]
    fn a_local_temporary_folder_has_no_warning_and_a_dropbox_one_has() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(location_warning(&dir.path().join("w.stakemap")), None);
        let dropbox = dir.path().join("Dropbox").join("data");
        std::fs::create_dir_all(&dropbox).unwrap();
        let w = location_warning(&dropbox.join("new.stakemap")).unwrap();
        assert_eq!((w.kind.as_str(), w.detail.as_str()), ("cloud", "Dropbox"));
    }

    #[cfg(windows)]
    #[test]
    fn unc_paths_are_network() {
        let w = location_warning(Path::new(r"\\server\share\w.stakemap")).unwrap();
        assert_eq!(w.kind, "network");
        assert_eq!(w.detail, r"\\server\share");
    }
}
