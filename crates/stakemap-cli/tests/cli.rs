//! The `stakemap` binary as a user runs it.

use std::process::Command;

fn stakemap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
}

#[test]
fn help_names_the_commands() {
    let out = stakemap().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("demo"), "{text}");
    assert!(text.contains("decision network"), "{text}");
}

#[test]
fn demo_writes_a_workspace_the_app_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.stakemap");
    let out = stakemap()
        .args(["demo", file.to_str().unwrap(), "--lang", "ja"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("北星精機株式会社"));

    // Read it back with plain SQLite, as another program would.
    let conn = rusqlite::Connection::open(&file).unwrap();
    let customers: i64 = conn
        .query_row(
            "SELECT count(*) FROM person WHERE side = 'customer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let ours: i64 = conn
        .query_row("SELECT count(*) FROM person WHERE side = 'ours'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let ceo: String = conn
        .query_row(
            "SELECT name FROM person WHERE title = '代表取締役社長'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((customers, ours), (30, 3));
    assert_eq!(ceo, "高橋 誠");

    let out = stakemap()
        .args(["accounts", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("35 people"));
}

#[test]
fn demo_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.stakemap");
    std::fs::write(&file, b"my notes").unwrap();
    let out = stakemap()
        .args(["demo", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&file).unwrap(), b"my notes");
}

#[test]
fn a_newer_workspace_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("future.stakemap");
    let out = stakemap()
        .args(["demo", file.to_str().unwrap(), "--lang", "en"])
        .output()
        .unwrap();
    assert!(out.status.success());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let out = stakemap()
        .args(["accounts", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("newer version of Stakemap"), "{err}");
    assert!(err.contains("file format 999"), "{err}");
}
