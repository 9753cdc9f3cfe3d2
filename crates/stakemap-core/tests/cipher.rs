//! Encryption at rest, on real files: an encrypted workspace, its backups and copies hold
//! nothing readable without the password, the real `sqlite3` of Python cannot read them,
//! and the right password gives back every row.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use stakemap_core::backup::{self, list_backups, restore_backup, take_backup, BackupReason};
use stakemap_core::store::cipher::{self, FileKind};
use stakemap_core::UndoLabel;
use stakemap_core::{
    demo, merge, AccountInput, Error, Lang, Password, PersonInput, SystemClock, Workspace,
};

/// A name planted in the workspace, looked for in the raw bytes of every file.
const MARKER: &str = "Zephyrine-Marker-7731";
const PASSWORD: &str = "correct horse battery";

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    path: PathBuf,
    backups: PathBuf,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    Setup {
        dir: dir.path().to_path_buf(),
        path: dir.path().join("work.stakemap"),
        backups: dir.path().join("backups"),
        _dir: dir,
    }
}

fn named(name: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        ..Default::default()
    }
}

fn password(text: &str) -> Password {
    Password::new(text).unwrap()
}

fn open(path: &Path, key: Option<&Password>) -> stakemap_core::Result<Workspace> {
    Workspace::open_keyed(path, Arc::new(SystemClock), None, key)
}

/// The demo account plus a person and an account note carrying [`MARKER`].
fn planted(path: &Path) -> Workspace {
    let mut ws = Workspace::open(path).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap();
    let input = PersonInput {
        name: MARKER.into(),
        notes: format!("{MARKER} said the budget moves in Q3"),
        ..Default::default()
    };
    ws.write(|tx| {
        tx.add_person(&account.id, &input)?;
        tx.create_account(&AccountInput {
            name: "Second".into(),
            industry: String::new(),
            notes: MARKER.into(),
        })
    })
    .unwrap();
    ws
}

/// What a workspace holds, compared before and after.
fn contents(ws: &Workspace) -> Vec<(String, Vec<String>, usize)> {
    ws.accounts()
        .unwrap()
        .into_iter()
        .map(|a| {
            let map = ws.account_map(&a.id).unwrap();
            let mut names: Vec<String> = map.people.iter().map(|p| p.name.clone()).collect();
            names.sort();
            (a.name, names, map.relations.len())
        })
        .collect()
}

/// True when the raw bytes of `path` (and its `-wal`) contain `text`.
fn bytes_contain(path: &Path, text: &str) -> bool {
    let mut files = vec![path.to_path_buf()];
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    files.push(PathBuf::from(wal));
    files.iter().any(|f| {
        std::fs::read(f).is_ok_and(|b| b.windows(text.len()).any(|w| w == text.as_bytes()))
    })
}

/// What Python's sqlite3 (the ordinary SQLite library) says of the file: `Ok(tables)` or
/// the error it prints.
fn python_sqlite(path: &Path) -> Result<u32, String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\n\
             c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n\
             print(c.execute(\"select count(*) from sqlite_master where type='table'\").fetchone()[0])",
        ])
        .arg(path)
        .output()
        .expect("python3 runs");
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse().unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn backup_paths(s: &Setup, key: Option<&Password>) -> Vec<PathBuf> {
    list_backups(&s.backups, &s.path, key)
        .unwrap()
        .into_iter()
        .map(|b| PathBuf::from(b.path))
        .collect()
}

#[test]
fn an_encrypted_workspace_reads_as_noise_without_its_password_and_whole_with_it() {
    let s = setup();
    let mut ws = planted(&s.path);
    let before = contents(&ws);
    let first = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    let plain_backup = backup_paths(&s, None).remove(0);
    assert!(bytes_contain(&s.path, MARKER), "the marker is planted");
    assert!(bytes_contain(&plain_backup, MARKER));
    assert!(
        python_sqlite(&s.path).unwrap() > 5,
        "the plain file is ordinary SQLite"
    );

    let done = ws
        .change_password(Some(&password(PASSWORD)), Some(&s.backups))
        .unwrap();
    assert!(done.encrypted && ws.is_encrypted());
    assert_eq!((done.backups_rewritten, done.backups_left), (1, 0));
    assert_eq!(contents(&ws), before, "nothing changed for the user");

    // Written after encryption: in the WAL, then in a backup (VACUUM INTO) and a copy.
    let account = ws.accounts().unwrap()[0].id.clone();
    let late = PersonInput {
        name: format!("{MARKER}-late"),
        notes: MARKER.into(),
        ..Default::default()
    };
    ws.write(|tx| tx.add_person(&account, &late)).unwrap();
    let after = contents(&ws);
    assert!(!bytes_contain(&s.path, &format!("{MARKER}-late")));
    let taken = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    assert!(taken.ok, "{:?}", taken.problem);
    assert_eq!(
        taken.people,
        first.people + 1,
        "the backup holds the person added since"
    );
    let copy = s.dir.join("copy.stakemap");
    ws.save_copy(&copy).unwrap();
    drop(ws);

    let backups = backup_paths(&s, Some(&password(PASSWORD)));
    assert_eq!(backups.len(), 2);
    for file in backups.iter().chain([&s.path, &copy]) {
        assert!(
            !bytes_contain(file, MARKER),
            "{} holds the marker",
            file.display()
        );
        assert_eq!(
            cipher::file_kind(file).unwrap(),
            FileKind::Encrypted,
            "{}",
            file.display()
        );
        let err = python_sqlite(file).unwrap_err();
        assert!(
            err.contains("file is not a database"),
            "{}: {err}",
            file.display()
        );
    }

    // Without the password, and with a wrong one: refused, the file untouched.
    let bytes = std::fs::read(&s.path).unwrap();
    let err = open(&s.path, None).unwrap_err();
    assert!(matches!(err, Error::Encrypted { .. }), "{err}");
    assert_eq!(err.kind(), "encrypted");
    let err = open(&s.path, Some(&password("not the password"))).unwrap_err();
    assert!(matches!(err, Error::WrongPassword { .. }), "{err}");
    assert!(err.to_string().contains("does not open"));
    assert_eq!(std::fs::read(&s.path).unwrap(), bytes);

    // With it: every row back, in the workspace, its copy and its backups.
    let ws = open(&s.path, Some(&password(PASSWORD))).unwrap();
    assert_eq!(contents(&ws), after);
    drop(ws);
    assert_eq!(
        contents(&open(&copy, Some(&password(PASSWORD))).unwrap()),
        after
    );
    let listed = list_backups(&s.backups, &s.path, Some(&password(PASSWORD))).unwrap();
    assert!(listed.iter().all(|b| b.ok), "{listed:?}");
    let unread = list_backups(&s.backups, &s.path, None).unwrap();
    assert!(unread.iter().all(|b| !b.ok
        && matches!(
            b.problem,
            Some(stakemap_core::error::ErrorData::Encrypted { .. })
        )
        && b.problem_text.as_deref().unwrap().contains("encrypted")));
}

#[test]
fn changing_and_removing_the_password_rewrites_the_workspace_and_its_backups() {
    let s = setup();
    let mut ws = planted(&s.path);
    ws.change_password(Some(&password(PASSWORD)), Some(&s.backups))
        .unwrap();
    take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    let before = contents(&ws);

    let new = password("a different secret");
    let done = ws.change_password(Some(&new), Some(&s.backups)).unwrap();
    assert_eq!(done.backups_rewritten, 1);
    drop(ws);
    assert!(matches!(
        open(&s.path, Some(&password(PASSWORD))).unwrap_err(),
        Error::WrongPassword { .. }
    ));
    let backup = backup_paths(&s, Some(&new)).remove(0);
    assert!(backup::backup_info(&backup, Some(&new)).unwrap().ok);
    assert!(
        !backup::backup_info(&backup, Some(&password(PASSWORD)))
            .unwrap()
            .ok
    );

    let mut ws = open(&s.path, Some(&new)).unwrap();
    assert_eq!(contents(&ws), before);
    let done = ws.change_password(None, Some(&s.backups)).unwrap();
    assert!(!done.encrypted && !ws.is_encrypted());
    assert_eq!(done.backups_rewritten, 1);
    drop(ws);
    assert!(python_sqlite(&s.path).unwrap() > 5, "plain SQLite again");
    assert!(python_sqlite(&backup).unwrap() > 5, "its backup too");
    assert_eq!(contents(&open(&s.path, None).unwrap()), before);

    // Removing the encryption of a workspace that has none is refused.
    let mut ws = open(&s.path, None).unwrap();
    let err = ws.change_password(None, None).unwrap_err();
    assert_eq!(err.kind(), "invalid");
}

#[test]
fn undo_works_after_encryption_and_edits_stay_encrypted() {
    let s = setup();
    let mut ws = planted(&s.path);
    ws.enable_undo().unwrap();
    ws.change_password(Some(&password(PASSWORD)), None).unwrap();
    let account = ws.accounts().unwrap()[0].id.clone();
    let count = ws.account_map(&account).unwrap().people.len();
    ws.write_step(UndoLabel::AddPerson, |tx| {
        tx.add_person(&account, &named("New after encryption"))
    })
    .unwrap();
    assert_eq!(ws.account_map(&account).unwrap().people.len(), count + 1);
    ws.undo().unwrap();
    assert_eq!(ws.account_map(&account).unwrap().people.len(), count);
}

#[test]
fn a_restored_backup_of_an_encrypted_workspace_stays_encrypted() {
    let s = setup();
    let mut ws = planted(&s.path);
    let key = password(PASSWORD);
    ws.change_password(Some(&key), Some(&s.backups)).unwrap();
    let before = contents(&ws);
    let taken = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    let account = ws.accounts().unwrap()[0].id.clone();
    ws.write(|tx| tx.add_person(&account, &named("Added later")))
        .unwrap();
    drop(ws);

    let err = restore_backup(&s.path, Path::new(&taken.path), &s.backups, None).unwrap_err();
    assert_eq!(err.kind(), "encrypted");
    restore_backup(&s.path, Path::new(&taken.path), &s.backups, Some(&key)).unwrap();
    assert!(cipher::is_encrypted(&s.path));
    assert!(!bytes_contain(&s.path, MARKER));
    assert_eq!(contents(&open(&s.path, Some(&key)).unwrap()), before);
}

#[test]
fn a_colleagues_encrypted_workspace_merges_with_its_password() {
    let s = setup();
    let mut ws = planted(&s.path);
    let key = password(PASSWORD);
    ws.change_password(Some(&key), None).unwrap();
    drop(ws);
    assert_eq!(
        merge::read_workspace_docs(&s.path, None)
            .unwrap_err()
            .kind(),
        "encrypted"
    );
    assert_eq!(
        merge::read_workspace_docs(&s.path, Some(&password("wrong one")))
            .unwrap_err()
            .kind(),
        "wrong_password"
    );
    let docs = merge::read_workspace_docs(&s.path, Some(&key)).unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs
        .iter()
        .any(|d| d.people.iter().any(|p| p.person.name == MARKER)));
}

#[test]
fn a_new_workspace_opened_with_a_password_is_created_encrypted() {
    let s = setup();
    let key = password(PASSWORD);
    let mut ws = open(&s.path, Some(&key)).unwrap();
    ws.write(|tx| {
        tx.create_account(&AccountInput {
            name: MARKER.into(),
            industry: String::new(),
            notes: String::new(),
        })
    })
    .unwrap();
    drop(ws);
    assert!(cipher::is_encrypted(&s.path));
    assert!(!bytes_contain(&s.path, MARKER));
    assert_eq!(
        open(&s.path, Some(&key)).unwrap().accounts().unwrap()[0].name,
        MARKER
    );
}

#[test]
fn passwords_are_checked_before_anything_is_written() {
    assert_eq!(Password::new("").unwrap_err().kind(), "invalid");
    assert_eq!(Password::new("a\0b").unwrap_err().kind(), "invalid");
    assert_eq!(
        Password::new("x".repeat(2000)).unwrap_err().kind(),
        "invalid"
    );
    let short = Password::new_for_encryption("short").unwrap_err();
    assert!(short.to_string().contains("at least 8"), "{short}");
    assert!(Password::new_for_encryption("ひらがなのパスワード").is_ok());
    assert_eq!(format!("{:?}", password(PASSWORD)), "Password(…)");
}

#[test]
fn other_files_are_not_taken_for_encrypted_workspaces() {
    let s = setup();
    let text = s.dir.join("notes.stakemap");
    std::fs::write(&text, "name,title\n".repeat(1000)).unwrap();
    assert_eq!(cipher::file_kind(&text).unwrap(), FileKind::Other);
    assert_eq!(open(&text, None).unwrap_err().kind(), "not_a_workspace");
    let short = s.dir.join("short.stakemap");
    std::fs::write(&short, [7u8; 100]).unwrap();
    assert_eq!(open(&short, None).unwrap_err().kind(), "not_a_workspace");
    // A plain workspace opens whatever password is given.
    drop(planted(&s.path));
    assert_eq!(cipher::file_kind(&s.path).unwrap(), FileKind::Plain);
    assert!(open(&s.path, Some(&password("ignored password"))).is_ok());
}
