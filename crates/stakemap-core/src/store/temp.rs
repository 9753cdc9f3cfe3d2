//! The temporary copies a process writes before it renames them into place, and removing
//! those a process left when it was killed.
//!
//! Every temporary copy the core writes is a hidden file named after the file it becomes
//! or replaces and the id of the process writing it, and ends in `.tmp`:
//! `.<workspace>.rekey-<pid>.tmp` (a password change), `.<workspace>.restore-<pid>.tmp` (a
//! restore), `.<backup>.<pid>.tmp` and `.<backup>.rekey-<pid>.tmp` in a backups folder.
//! SQLite may keep a `-journal` (or `-wal`, `-shm`) beside one while it writes it. A copy
//! whose process no longer runs is a leftover: it may hold a readable copy of an encrypted
//! workspace, so every open removes those it can find (see `crate::backup`).

use std::path::Path;

/// What SQLite may keep beside a file it writes.
const SIDE: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The process id of a temporary copy's file name (see the module documentation), with
/// the part before it; `None` for any other file.
pub fn parse(file_name: &str) -> Option<(&str, u32)> {
    let mut name = file_name;
    for side in SIDE {
        if let Some(n) = name.strip_suffix(side) {
            name = n;
            break;
        }
    }
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let cut = stem.rfind(['-', '.'])?;
    let pid = &stem[cut + 1..];
    if pid.is_empty() || pid.len() > 10 || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((&stem[..cut], pid.parse().ok()?))
}

/// Removes from `dir` the temporary copies (and their SQLite side files) whose process no
/// longer runs; with `of`, only those of the file named so (`.<of>.rekey-<pid>.tmp`,
/// `.<of>.restore-<pid>.tmp`). Answers how many files were removed.
pub fn remove_dead(dir: &Path, of: Option<&str>) -> usize {
    let Ok(read) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for item in read.flatten() {
        let file = item.file_name();
        let Some(file) = file.to_str() else {
            continue;
        };
        let Some((stem, pid)) = parse(file) else {
            continue;
        };
        if let Some(name) = of {
            let ours = [".rekey", ".restore"]
                .iter()
                .any(|what| stem == format!("{name}{what}"));
            if !ours {
                continue;
            }
        }
        if !item.file_type().is_ok_and(|t| t.is_file()) || process_alive(pid) {
            continue;
        }
        if std::fs::remove_file(item.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether process `pid` runs on this computer. Linux: `/proc/<pid>` exists. Other unix:
/// `kill -0 <pid>` succeeds. Windows: `tasklist` lists it. When it cannot be told, it is
/// taken to run (nothing is removed or ignored on a guess). This process always runs.
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    if cfg!(unix) {
        return match std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
        {
            Ok(status) => status.success(),
            Err(_) => true,
        };
    }
    if cfg!(windows) {
        return match std::process::Command::new("tasklist")
            .args(["/FI", &format!("PID eq {pid}"), "/NH", "/FO", "CSV"])
            .output()
        {
            Ok(out) if out.status.success() => {
                String::from_utf8_lossy(&out.stdout).contains(&format!("\"{pid}\""))
            }
            _ => true,
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_give_their_process() {
        let cases = [
            (
                ".work.stakemap.rekey-123.tmp",
                Some(("work.stakemap.rekey", 123)),
            ),
            (
                ".work.stakemap.restore-9.tmp",
                Some(("work.stakemap.restore", 9)),
            ),
            (
                ".work.stakemap.rekey-123.tmp-journal",
                Some(("work.stakemap.rekey", 123)),
            ),
            (
                ".20250114T093005Z-open.stakemap.4567.tmp",
                Some(("20250114T093005Z-open.stakemap", 4567)),
            ),
            (
                ".20250114T093005Z-open.stakemap.rekey-77.tmp-wal",
                Some(("20250114T093005Z-open.stakemap.rekey", 77)),
            ),
            ("work.stakemap.open-by-app.tmp", None),
            (".work.stakemap.rekey-.tmp", None),
            (".work.stakemap.rekey-12x.tmp", None),
            (".tmp", None),
            ("..tmp", None),
            (".x.99999999999.tmp", None),
            ("20250114T093005Z-open.stakemap", None),
        ];
        for (name, want) in cases {
            assert_eq!(parse(name), want, "{name}");
        }
    }

    #[test]
    fn only_copies_of_gone_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let me = std::process::id();
        let write = |name: &str| std::fs::write(dir.path().join(name), b"x").unwrap();
        let dead = [
            format!(".w.stakemap.rekey-{gone}.tmp"),
            format!(".w.stakemap.rekey-{gone}.tmp-journal"),
            format!(".w.stakemap.restore-{gone}.tmp"),
        ];
        let other = format!(".v.stakemap.rekey-{gone}.tmp");
        let live = format!(".w.stakemap.rekey-{me}.tmp");
        for n in dead.iter().chain([&other, &live]) {
            write(n);
        }
        write("w.stakemap");
        assert_eq!(remove_dead(dir.path(), Some("w.stakemap")), 3);
        for n in &dead {
            assert!(!dir.path().join(n).exists(), "{n}");
        }
        assert!(
            dir.path().join(&other).exists(),
            "another file's copy stays"
        );
        assert!(
            dir.path().join(&live).exists(),
            "a running process's copy stays"
        );
        assert!(dir.path().join("w.stakemap").exists());
        assert_eq!(remove_dead(dir.path(), None), 1, "any file's");
        assert!(dir.path().join(&live).exists());
    }
}
