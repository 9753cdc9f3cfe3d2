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
