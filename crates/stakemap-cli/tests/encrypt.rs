//! `stakemap encrypt` and `decrypt`, and `--password-stdin` for every command that reads
//! an encrypted workspace, on real files.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the CLI with `input` on its standard input.
fn stakemap(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn contains(file: &Path, needle: &str) -> bool {
    std::fs::read(file)
        .unwrap()
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn encrypt_needs_the_password_for_every_later_command_and_decrypt_gives_plain_sqlite_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.stakemap");
    let f = file.to_str().unwrap();
    let backups = dir.path().join("backups");
    let b = backups.to_str().unwrap();
    assert!(stakemap(&["demo", f, "--lang", "en"], "").status.success());
    assert!(stakemap(&["backup", f, "--backups", b], "")
        .status
        .success());
    let accounts = text(&stakemap(&["accounts", f], "")).0;
    let name = accounts
        .lines()
        .next()
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    assert!(
        contains(&file, "Procurement"),
        "the demo is readable before"
    );

    // Too short: refused, nothing changed.
    let out = stakemap(&["encrypt", f, "--backups", b], "short\n");
    assert!(!out.status.success());
    assert!(
        text(&out).1.contains("at least 8 characters"),
        "{}",
        text(&out).1
    );
    assert!(contains(&file, "Procurement"));

    let out = stakemap(&["encrypt", f, "--backups", b], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("Encrypted"), "{}", text(&out).0);
    assert!(
        text(&out).0.contains("1 backups rewritten"),
        "{}",
        text(&out).0
    );
    assert!(
        !contains(&file, "Procurement"),
        "nothing readable in the file"
    );
    assert!(stakemap_core::store::cipher::is_encrypted(&file));

    // Without the password: refused with the way to give it.
    let out = stakemap(&["accounts", f], "");
    assert!(!out.status.success());
    let err = text(&out).1;
    assert!(
        err.contains("is encrypted") && err.contains("--password-stdin"),
        "{err}"
    );
    // A wrong one: refused, the file unchanged.
    let before = std::fs::read(&file).unwrap();
    let out = stakemap(&["accounts", f, "--password-stdin"], "wrong password\n");
    assert!(!out.status.success());
    assert!(text(&out).1.contains("does not open"), "{}", text(&out).1);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The right one: the same accounts; the backups list reads the encrypted backup.
    let out = stakemap(&["accounts", f, "--password-stdin"], "first secret\n");
    assert_eq!(text(&out).0, accounts);
    let out = stakemap(
        &["backups", f, "--backups", b, "--password-stdin"],
        "first secret\n",
    );
    assert!(text(&out).0.contains("accounts,"), "{}", text(&out).0);
    assert!(!text(&out).0.contains("NOT USABLE"), "{}", text(&out).0);

    // Change it: the current password first, then the new one.
    let out = stakemap(
        &["encrypt", f, "--backups", b, "--password-stdin"],
        "first secret\nsecond secret\n",
    );
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("Changed the password"));
    let out = stakemap(&["accounts", f, "--password-stdin"], "first secret\n");
    assert!(!out.status.success());
    let out = stakemap(
        &[
            "export",
            f,
            "--account",
            &name,
            "--format",
            "csv",
            "--out",
            dir.path().join("people.csv").to_str().unwrap(),
            "--password-stdin",
        ],
        "second secret\n",
    );
    assert!(out.status.success(), "{}", text(&out).1);

    // Decrypt: plain SQLite again, and its backups.
    let out = stakemap(
        &["decrypt", f, "--backups", b, "--password-stdin"],
        "second secret\n",
    );
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(contains(&file, "Procurement"));
    assert_eq!(text(&stakemap(&["accounts", f], "")).0, accounts);
    let out = stakemap(&["decrypt", f], "");
    assert!(!out.status.success());
    assert!(text(&out).1.contains("is not encrypted"));
}

const PLANTED: &str = "Zebulon Quillfeather";

/// Every file under `dir` (hidden ones and backups included) that holds `needle`.
fn readable_copies(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if contains(&p, needle) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// A new workspace holding the planted person, backed up beside it and to `app`.
fn planted(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let file = dir.join("work.stakemap");
    let app = dir.join("app-backups");
    let people = dir.join("people.csv");
    std::fs::write(&people, format!("id,name\np1,{PLANTED}\n")).unwrap();
    let f = file.to_str().unwrap();
    let out = stakemap(
        &[
            "import",
            f,
            "--account",
            "Planted",
            "--people",
            people.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out).1);
    std::fs::remove_file(&people).unwrap();
    for extra in [vec!["--backups", app.to_str().unwrap()], vec![]] {
        let mut args = vec!["backup", f];
        args.extend(extra);
        let out = stakemap(&args, "");
        assert!(out.status.success(), "{}", text(&out).1);
    }
    (file, app)
}

#[test]
fn encrypt_rewrites_the_backups_in_every_folder_the_workspace_was_backed_up_to() {
    let dir = tempfile::tempdir().unwrap();
    let (file, app) = planted(dir.path());
    let f = file.to_str().unwrap();
    assert_eq!(readable_copies(dir.path(), PLANTED).len(), 3);

    // Only the folder beside it is named; the other is recorded in the file.
    let out = stakemap(&["encrypt", f], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(
        text(&out).0.contains("2 backups rewritten"),
        "{}",
        text(&out).0
    );
    assert_eq!(
        readable_copies(dir.path(), PLANTED),
        Vec::<std::path::PathBuf>::new()
    );
    // Both folders' backups open with the password.
    for extra in [vec!["--backups", app.to_str().unwrap()], vec![]] {
        let mut args = vec!["backups", f, "--password-stdin"];
        args.extend(extra);
        let out = text(&stakemap(&args, "first secret\n")).0;
        assert!(
            out.contains("1 accounts, 1 people") && !out.contains("NOT USABLE"),
            "{out}"
        );
    }

    // Decrypting brings them all back readable.
    let out = stakemap(&["decrypt", f, "--password-stdin"], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("2 backups rewritten unencrypted"));
    let out = text(&stakemap(
        &["backups", f, "--backups", app.to_str().unwrap()],
        "",
    ))
    .0;
    assert!(out.contains("1 accounts, 1 people"), "{out}");

    // A recorded folder that cannot be read any more does not keep anyone from the
    // workspace, encrypted or not.
    let sub = std::fs::read_dir(&app)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::remove_dir_all(&sub).unwrap();
    std::fs::write(&sub, b"not a folder").unwrap();
    assert!(text(&stakemap(&["accounts", f], "")).0.contains("Planted"));
    let out = stakemap(&["encrypt", f], "second secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    let out = stakemap(&["accounts", f, "--password-stdin"], "second secret\n");
    assert!(text(&out).0.contains("Planted"), "{}", text(&out).1);
}

#[test]
fn the_next_read_removes_copies_a_killed_command_left_and_rewrites_readable_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (file, app) = planted(dir.path());
    let f = file.to_str().unwrap();
    let plain = std::fs::read(&file).unwrap();
    let app_folder = std::fs::read_dir(&app)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let plain_backup = std::fs::read_dir(&app_folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let backup_bytes = std::fs::read(&plain_backup).unwrap();
    let out = stakemap(&["encrypt", f], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);

    // What a command killed half-way leaves: readable temporary copies of a process that
    // is gone, and an unencrypted backup.
    let mut child = Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .arg("--version")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let left = [
        dir.path().join(format!(".work.stakemap.rekey-{gone}.tmp")),
        dir.path()
            .join(format!(".work.stakemap.restore-{gone}.tmp")),
        dir.path()
            .join(format!(".work.stakemap.rekey-{gone}.tmp-journal")),
        app_folder.join(format!(".20250101T000000Z-open.stakemap.rekey-{gone}.tmp")),
        app_folder.join(format!(".20250101T000000Z-open.stakemap.{gone}.tmp")),
    ];
    for p in &left {
        std::fs::write(p, &plain).unwrap();
    }
    let stray = app_folder.join("20250101T000000Z-open.stakemap");
    std::fs::write(&stray, &backup_bytes).unwrap();
    // A cut-short backup: nothing to rewrite, but readable.
    let cut = app_folder.join("20250102T000000Z-open.stakemap");
    std::fs::write(&cut, &backup_bytes[..backup_bytes.len() / 2]).unwrap();
    // A copy of a process that runs (this one) is not touched.
    let live = dir
        .path()
        .join(format!(".work.stakemap.rekey-{}.tmp", std::process::id()));
    std::fs::write(&live, b"in use").unwrap();
    assert!(readable_copies(dir.path(), PLANTED).len() > left.len());

    // One reading command.
    let out = stakemap(&["accounts", f, "--password-stdin"], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("Planted"));
    assert_eq!(
        readable_copies(dir.path(), PLANTED),
        Vec::<std::path::PathBuf>::new()
    );
    for p in &left {
        assert!(!p.exists(), "{}", p.display());
    }
    assert!(live.exists());
    assert!(!cut.exists(), "a readable remnant is deleted");
    assert!(stakemap_core::store::cipher::is_encrypted(&stray));
    let out = text(&stakemap(
        &[
            "backups",
            f,
            "--backups",
            app.to_str().unwrap(),
            "--password-stdin",
        ],
        "first secret\n",
    ))
    .0;
    assert_eq!(out.matches("1 accounts, 1 people").count(), 2, "{out}");
}

#[test]
fn a_truncated_encrypted_workspace_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = planted(dir.path());
    let f = file.to_str().unwrap();
    let out = stakemap(&["encrypt", f], "first secret\n");
    assert!(out.status.success(), "{}", text(&out).1);
    let bytes = std::fs::read(&file).unwrap();
    for len in [bytes.len() - 100, bytes.len() / 2 + 7, 1000] {
        std::fs::write(&file, &bytes[..len]).unwrap();
        for input in ["first secret\n", ""] {
            let args: &[&str] = if input.is_empty() {
                &["accounts", f]
            } else {
                &["accounts", f, "--password-stdin"]
            };
            let out = stakemap(args, input);
            let err = text(&out).1;
            assert!(!out.status.success());
            assert!(
                err.contains("is damaged") && err.contains("cut short"),
                "{len} bytes: {err}"
            );
            assert!(!err.contains("not a SQLite database"), "{err}");
            assert!(
                err.contains("stakemap restore"),
                "offers its backups: {err}"
            );
        }
    }
}
