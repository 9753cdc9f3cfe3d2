//! One writer: the CLI refuses to write a workspace the desktop app holds open (the hold
//! file `<name>.open-by-app` beside it), and still reads it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stakemap_core::hold::{hold_path, host_name, Hold, HoldInfo};

fn stakemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "stakemap failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let file = dir.join("work.stakemap");
    ok(stakemap(&["demo", s(&file), "--lang", "en"]));
    let people = dir.join("people.csv");
    std::fs::write(&people, "id,name\np1,Ayumi Ono\n").unwrap();
    (file, people)
}

fn import(file: &Path, people: &Path) -> Output {
    stakemap(&[
        "import",
        s(file),
        "--account",
        "Imported",
        "--people",
        s(people),
    ])
}

/// The bytes of the workspace and of anything SQLite keeps beside it.
fn snapshot(file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && s(p).starts_with(s(file)) && !s(p).ends_with(".open-by-app"))
        .map(|p| (s(&p).to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn a_workspace_the_app_holds_is_read_but_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    let backups = dir.path().join(".stakemap-backups");
    // As the app takes it: this test's process is alive, like the app's.
    let hold = Hold::take(&file).unwrap();
    let before = snapshot(&file);

    let out = import(&file, &people);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{} is open in the Stakemap app (process {} since ",
            file.display(),
            std::process::id()
        )),
        "{err}"
    );
    assert!(err.contains("File → Save workspace as"), "{err}");
    assert!(err.contains("Nothing was changed."), "{err}");
    assert_eq!(snapshot(&file), before, "the workspace was not touched");
    assert!(!backups.exists(), "not even a backup was taken");

    // Merge and restore write too.
    let other = dir.path().join("other.stakemap");
    ok(stakemap(&["demo", s(&other), "--lang", "en"]));
    let out = stakemap(&["merge", s(&file), "--from", s(&other)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is open in the Stakemap app"));
    let out = stakemap(&["restore", s(&file), "--from", s(&other)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is open in the Stakemap app"));
    assert_eq!(snapshot(&file), before);

    // Reading goes on: accounts, analyze, export, a dry run, and a backup (which only reads).
    let accounts = ok(stakemap(&["accounts", s(&file)]));
    assert!(
        accounts.contains("Northwind Precision Industries"),
        "{accounts}"
    );
    assert!(!accounts.contains("Imported"));
    ok(stakemap(&[
        "merge",
        s(&file),
        "--from",
        s(&other),
        "--dry-run",
    ]));
    ok(stakemap(&["backup", s(&file)]));

    // Once the app lets go, the import goes through.
    drop(hold);
    assert!(!hold_path(&file).exists());
    ok(import(&file, &people));
    assert!(ok(stakemap(&["accounts", s(&file)])).contains("Imported"));
}

#[test]
fn a_stale_hold_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    // A process that has ended.
    let mut child = Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let ended = child.id();
    child.wait().unwrap();
    for pid in [ended, 999_999_999] {
        let info = HoldInfo {
            pid,
            opened_at: "2024-05-01T09:30:00Z".into(),
            host: host_name(),
        };
        std::fs::write(hold_path(&file), serde_json::to_string(&info).unwrap()).unwrap();
        ok(import(&file, &people));
    }
    assert!(ok(stakemap(&["accounts", s(&file)])).contains("Imported"));
}

#[test]
fn a_hold_from_another_computer_blocks_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    let info = HoldInfo {
        pid: 4242,
        opened_at: "2024-05-01T09:30:00Z".into(),
        host: format!("{}-laptop", host_name()),
    };
    std::fs::write(hold_path(&file), serde_json::to_string(&info).unwrap()).unwrap();
    let out = import(&file, &people);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "open in the Stakemap app on {}-laptop (process 4242 since",
            host_name()
        )),
        "{err}"
    );
    assert!(
        err.contains(s(&hold_path(&file))),
        "says which file to delete: {err}"
    );
}
