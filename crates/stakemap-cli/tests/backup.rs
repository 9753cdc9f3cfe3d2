//! `stakemap backups`, `backup` and `restore`, and the backups `import` and `merge` take
//! first, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stakemap_core::backup::{backup_folder, BackupInfo, BackupReason};

fn stakemap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stakemap"))
}

fn run(args: &[&str]) -> Output {
    stakemap().args(args).output().unwrap()
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

/// A workspace with the demo account (35 people).
fn demo(dir: &Path) -> PathBuf {
    let file = dir.join("work.stakemap");
    ok(run(&["demo", s(&file), "--lang", "en"]));
    file
}

fn list(file: &Path, extra: &[&str]) -> Vec<BackupInfo> {
    let mut args = vec!["backups", s(file), "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(run(&args))).unwrap()
}

fn people(file: &Path) -> i64 {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn import_and_merge_back_the_workspace_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let colleague = dir.path().join("colleague.stakemap");
    ok(run(&["demo", s(&colleague), "--lang", "ja"]));
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "id,name\nn1,New Person\nn2,Other Person\n").unwrap();

    ok(run(&[
        "import",
        s(&file),
        "--account",
        "Acme",
        "--people",
        s(&csv),
    ]));
    let backups = list(&file, &[]);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, BackupReason::Import);
    assert_eq!(
        (backups[0].accounts, backups[0].people),
        (1, 35),
        "before the import"
    );
    assert!(backups[0].ok);
    let folder = backup_folder(&dir.path().join(".stakemap-backups"), &file).unwrap();
    assert_eq!(Path::new(&backups[0].path).parent().unwrap(), folder);

    ok(run(&["merge", s(&file), "--from", s(&colleague)]));
    let backups = list(&file, &[]);
    assert_eq!(backups.len(), 2);
    assert_eq!(backups[0].reason, BackupReason::Merge);
    assert_eq!((backups[0].accounts, backups[0].people), (2, 37));

    // A dry run writes nothing, backups included.
    ok(run(&[
        "merge",
        s(&file),
        "--from",
        s(&colleague),
        "--dry-run",
    ]));
    assert_eq!(list(&file, &[]).len(), 2);

    // A workspace the import creates has nothing to back up.
    let fresh = dir.path().join("fresh.stakemap");
    ok(run(&[
        "import",
        s(&fresh),
        "--account",
        "Acme",
        "--people",
        s(&csv),
    ]));
    assert!(list(&fresh, &[]).is_empty());
}

#[test]
fn backup_list_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let out = ok(run(&["backups", s(&file)]));
    assert!(out.starts_with("No backups of"), "{out}");

    let out = ok(run(&["backup", s(&file)]));
    assert!(out.starts_with("Backed up"), "{out}");
    assert!(out.contains("1 accounts, 35 people"), "{out}");
    let out = ok(run(&["backup", s(&file)]));
    assert!(out.contains("has not changed since its backup of"), "{out}");
    let backups = list(&file, &[]);
    assert_eq!(backups.len(), 1);
    let first = backups[0].clone();
    assert_eq!(first.reason, BackupReason::Manual);

    let text = ok(run(&["backups", s(&file)]));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains(" UTC  manual"), "{text}");
    assert!(text.contains("1 accounts, 35 people"), "{text}");
    assert!(text.contains(&first.path), "{text}");

    // Change it, then put the backup back by its file name.
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "id,name\nn1,New Person\n").unwrap();
    ok(run(&[
        "import",
        s(&file),
        "--account",
        "Acme",
        "--people",
        s(&csv),
    ]));
    assert_eq!(people(&file), 36);
    let out = ok(run(&["restore", s(&file), "--from", &first.file_name]));
    assert!(out.contains("Restored"), "{out}");
    assert!(out.contains("What it replaced is kept at"), "{out}");
    assert_eq!(people(&file), 35);
    let backups = list(&file, &[]);
    assert_eq!(backups[0].reason, BackupReason::BeforeRestore);
    assert_eq!(backups[0].people, 36, "what was replaced");
    assert!(backups.iter().any(|b| b.path == first.path));

    // An unknown backup is refused with a pointer to the list.
    let out = run(&["restore", s(&file), "--from", "nope.stakemap"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("stakemap backups"));
    assert_eq!(people(&file), 35);
}

#[test]
fn backups_go_where_they_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let elsewhere = dir.path().join("elsewhere");
    ok(run(&["backup", s(&file), "--backups", s(&elsewhere)]));
    assert!(!dir.path().join(".stakemap-backups").exists());
    assert_eq!(list(&file, &["--backups", s(&elsewhere)]).len(), 1);
    assert!(list(&file, &[]).is_empty());
}

#[test]
fn a_damaged_workspace_points_to_its_backups_and_is_moved_aside_on_restore() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
             INSERT INTO account (id, name, industry, notes, created_at, updated_at)
             SELECT 'a' || i, 'Account ' || i, hex(randomblob(100)), hex(randomblob(200)), '', ''
             FROM n;",
        )
        .unwrap();
    }
    ok(run(&["backup", s(&file)]));
    let good = list(&file, &[])[0].clone();
    let mut bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() > 64 * 1024, "{}", bytes.len());
    let end = bytes.len() / 2;
    for b in &mut bytes[3 * 4096..end] {
        *b = 0x5A;
    }
    std::fs::write(&file, &bytes).unwrap();

    let out = run(&["accounts", s(&file)]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged"), "{err}");
    assert!(err.contains("stakemap backups"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "left as it was");

    let out = ok(run(&["restore", s(&file), "--from", &good.path]));
    assert!(out.contains(".damaged-"), "{out}");
    let moved: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("work.stakemap.damaged-"))
        .collect();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(
        std::fs::read(&moved[0]).unwrap(),
        bytes,
        "kept, not deleted"
    );
    assert!(ok(run(&["accounts", s(&file)])).contains("35 people"));
}

#[test]
fn a_workspace_of_an_older_format_is_backed_up_before_the_cli_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    {
        // Back to file format 3: before the indexes of migration 4 (and what came after).
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch(
            "DROP TABLE IF EXISTS plan_target; DROP TABLE IF EXISTS account_plan;
             DROP TABLE IF EXISTS snapshot; DROP TABLE IF EXISTS deal_line;
             DROP TABLE IF EXISTS deal_member; DROP TABLE IF EXISTS trash;
             DROP INDEX relation_from; DROP INDEX relation_to; DROP INDEX position_person;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    assert!(ok(run(&["accounts", s(&file)])).contains("35 people"));
    let backups = list(&file, &[]);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, BackupReason::Migration);
    assert_eq!(backups[0].file_format, 3);
}
