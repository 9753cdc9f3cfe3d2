//! Unsafe places for a workspace: cloud-synced folders and network file systems, where
//! SQLite's file locking cannot be relied on (the app warns about them).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
            && best.is_none_or(|b| {
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
