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
            file_id: None,
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
        file_id: None,
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

/// Runs the CLI, killing it when it takes more than 20 s (a hang is a failure, not a
/// stuck test run).
fn stakemap_within(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stakemap"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("stakemap {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_link_to_a_held_workspace_is_held_too() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    let hold = Hold::take(&file).unwrap();
    let before = snapshot(&file);
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let symlink = elsewhere.join("shortcut.stakemap");
    std::os::unix::fs::symlink(&file, &symlink).unwrap();
    let hard = dir.path().join("same-file.stakemap");
    std::fs::hard_link(&file, &hard).unwrap();
    let hard_elsewhere = elsewhere.join("hard-elsewhere.stakemap");
    std::fs::hard_link(&file, &hard_elsewhere).unwrap();
    for link in [&symlink, &hard, &hard_elsewhere] {
        let out = import(link, &people);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{}: {err}", link.display());
        assert!(err.contains("is open in the Stakemap app"), "{err}");
    }
    assert_eq!(snapshot(&file), before, "the workspace was not touched");
    drop(hold);

    // The app opened it through the link: the real path is held.
    let hold = Hold::take(&symlink).unwrap();
    let out = import(&file, &people);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is open in the Stakemap app"));
    drop(hold);
    assert!(!hold_path(&file).exists() && !hold_path(&symlink).exists());
    ok(import(&hard, &people));
}

#[test]
fn a_hold_file_that_cannot_be_read_counts_as_held() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    let before = snapshot(&file);
    let held = hold_path(&file);
    let cases: [(&str, &dyn Fn()); 5] = [
        ("empty", &|| std::fs::write(&held, b"").unwrap()),
        ("garbage", &|| std::fs::write(&held, b"{not json").unwrap()),
        ("fields missing", &|| {
            std::fs::write(&held, br#"{"opened_at":"2024-05-01T09:30:00Z"}"#).unwrap()
        }),
        ("binary", &|| {
            std::fs::write(&held, [0u8, 159, 146, 150]).unwrap()
        }),
        ("a folder", &|| std::fs::create_dir(&held).unwrap()),
    ];
    for (what, make) in cases {
        make();
        let out = stakemap_within(&[
            "import",
            s(&file),
            "--account",
            "Imported",
            "--people",
            s(&people),
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{what}: {err}");
        assert!(
            err.contains("counts as open in the Stakemap app")
                && err.contains("cannot be read")
                && err.contains(&format!("delete {}", held.display())),
            "{what}: {err}"
        );
        assert_eq!(snapshot(&file), before, "{what}");
        if held.is_dir() {
            std::fs::remove_dir(&held).unwrap();
        } else {
            std::fs::remove_file(&held).unwrap();
        }
    }
    ok(import(&file, &people));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_hold_file_does_not_hang_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (file, people) = setup(dir.path());
    let held = hold_path(&file);
    let made = Command::new("mkfifo").arg(&held).status().unwrap();
    assert!(made.success());
    let out = stakemap_within(&[
        "import",
        s(&file),
        "--account",
        "Imported",
        "--people",
        s(&people),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("not a regular file"), "{err}");
    // Reading commands do not look at the hold.
    ok(stakemap_within(&["accounts", s(&file)]));
}
