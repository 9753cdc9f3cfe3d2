//! Rotating backups, restore and damaged files, on real files in temporary folders.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use stakemap_core::backup::{
    self, backup_folder, list_backups, newest_good_backup, quarantine, restore_backup, take_backup,
    BackupInfo, BackupReason, KEEP_DAYS, KEEP_NEWEST,
};
use stakemap_core::store::SCHEMA_VERSION;
use stakemap_core::{demo, AccountInput, Clock, Error, Lang, Workspace};

/// A clock the test moves on.
struct StepClock(Mutex<DateTime<Utc>>);

impl StepClock {
    fn at(t: DateTime<Utc>) -> Arc<StepClock> {
        Arc::new(StepClock(Mutex::new(t)))
    }
    fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
    fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap() = t;
    }
}

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2030, 3, 1, 9, 0, 0).unwrap()
}

struct Setup {
    _dir: tempfile::TempDir,
    path: PathBuf,
    backups: PathBuf,
    clock: Arc<StepClock>,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.stakemap");
    let backups = dir.path().join("backups");
    Setup {
        path,
        backups,
        clock: StepClock::at(start()),
        _dir: dir,
    }
}

impl Setup {
    fn open(&self) -> Workspace {
        Workspace::open_with(&self.path, self.clock.clone(), Some(&self.backups)).unwrap()
    }
    fn with_demo(&self) -> Workspace {
        let mut ws = self.open();
        demo::create_demo(&mut ws, Lang::En).unwrap();
        ws
    }
    fn folder(&self) -> PathBuf {
        backup_folder(&self.backups, &self.path).unwrap()
    }
    fn files(&self) -> Vec<String> {
        files_in(&self.folder())
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(read) => read
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

fn add_account(ws: &mut Workspace, name: &str) {
    ws.write(|tx| {
        tx.create_account(&AccountInput {
            name: name.into(),
            industry: String::new(),
            notes: String::new(),
        })
    })
    .unwrap();
}

fn account_names(ws: &Workspace) -> Vec<String> {
    ws.accounts().unwrap().into_iter().map(|a| a.name).collect()
}

/// Opens a copy of a backup as a workspace (opening writes; the backup stays untouched).
fn open_copy(backup: &str, dir: &Path) -> Workspace {
    let copy = dir.join(format!("copy-{}.stakemap", uuid_like()));
    std::fs::copy(backup, &copy).unwrap();
    Workspace::open(&copy).unwrap()
}

fn uuid_like() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    u128::from(N.fetch_add(1, Ordering::Relaxed))
}

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

/// Scribbles over pages 3 and on (up to the middle of the file), as a failing disk would.
fn damage(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    assert!(bytes.len() > 16 * page, "file big enough: {}", bytes.len());
    let end = bytes.len() / 2;
    for (i, b) in bytes[3 * page..end].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(31) ^ 0xA5;
    }
    std::fs::write(path, &bytes).unwrap();
    bytes
}

/// A workspace big enough that damage in its middle hits real pages.
fn fill(ws: &mut Workspace, from: usize) {
    ws.write(|tx| {
        for i in from..from + 300 {
            tx.create_account(&AccountInput {
                name: format!("Account {i} with a long name to fill pages"),
                industry: "x".repeat(200),
                notes: "y".repeat(400),
            })?;
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_backup_is_a_vacuumed_copy_named_by_the_clock() {
    let s = setup();
    let mut ws = s.with_demo();
    add_account(&mut ws, "Second");
    drop(ws);
    {
        // Free pages in the workspace: a file copy would keep them, VACUUM INTO does not.
        let conn = rusqlite::Connection::open(&s.path).unwrap();
        conn.execute_batch(
            "CREATE TABLE scratch (x BLOB);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
             INSERT INTO scratch SELECT randomblob(2000) FROM n;
             DROP TABLE scratch;",
        )
        .unwrap();
    }
    assert!(pragma(&s.path, "freelist_count") > 0);
    let ws = s.open();
    let info = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();

    assert_eq!(info.file_name, "20300301T090000Z-manual.stakemap");
    assert_eq!(info.taken_at, "2030-03-01T09:00:00Z");
    assert_eq!(info.reason, BackupReason::Manual);
    assert!(info.ok, "{info:?}");
    assert_eq!(info.problem, None);
    assert_eq!((info.accounts, info.people), (2, 35));
    assert!(info.lines > 30, "{}", info.lines);
    assert_eq!(i64::from(info.file_format), SCHEMA_VERSION);
    let path = PathBuf::from(&info.path);
    assert_eq!(path.parent().unwrap(), s.folder());
    assert_eq!(
        info.size_bytes,
        std::fs::metadata(&path).unwrap().len() as f64
    );
    assert_eq!(pragma(&path, "freelist_count"), 0, "a vacuumed copy");
    assert_eq!(
        s.files(),
        vec![info.file_name.clone()],
        "no temporary file left"
    );

    // The backup is a workspace with the same accounts and people.
    let copy = open_copy(&info.path, s._dir.path());
    assert_eq!(account_names(&copy), account_names(&ws));
    for a in ws.accounts().unwrap() {
        assert_eq!(copy.people(&a.id).unwrap(), ws.people(&a.id).unwrap());
        assert_eq!(copy.relations(&a.id).unwrap(), ws.relations(&a.id).unwrap());
    }

    // The folder: the file's stem and a hash of its path.
    let folder = s.folder();
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("work-"), "{name}");
    assert_eq!(folder.parent().unwrap(), s.backups);
    assert_eq!(list_backups(&s.backups, &s.path, None).unwrap(), [info]);
}

#[test]
fn an_unchanged_workspace_is_not_backed_up_again() {
    let s = setup();
    let mut ws = s.with_demo();
    let first = take_backup(&ws, &s.backups, BackupReason::Open).unwrap();
    s.clock.advance(Duration::minutes(10));
    let again = take_backup(&ws, &s.backups, BackupReason::Interval).unwrap();
    assert_eq!(again, first, "the newest backup is answered");
    assert_eq!(s.files().len(), 1);

    // Another session, same content: still no new backup.
    drop(ws);
    s.clock.advance(Duration::hours(1));
    ws = s.open();
    let reopened = take_backup(&ws, &s.backups, BackupReason::Open).unwrap();
    assert_eq!(reopened, first);
    assert_eq!(s.files().len(), 1);

    // A change is backed up.
    add_account(&mut ws, "New");
    s.clock.advance(Duration::minutes(10));
    let changed = take_backup(&ws, &s.backups, BackupReason::Interval).unwrap();
    assert_ne!(changed.path, first.path);
    assert_eq!(changed.reason, BackupReason::Interval);
    assert_eq!(changed.accounts, 2);
    assert_eq!(s.files().len(), 2);

    // A change made by another connection (another process) is seen too.
    {
        let conn = rusqlite::Connection::open(&s.path).unwrap();
        conn.execute("UPDATE account SET notes = 'from elsewhere'", [])
            .unwrap();
    }
    s.clock.advance(Duration::minutes(10));
    let other = take_backup(&ws, &s.backups, BackupReason::Interval).unwrap();
    assert_ne!(other.path, changed.path);
    assert_eq!(s.files().len(), 3);

    // Two changed backups within one second get distinct names, in order.
    add_account(&mut ws, "Quick");
    let quick = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    assert!(
        quick.file_name.ends_with("-manual-2.stakemap"),
        "{}",
        quick.file_name
    );
    let list = list_backups(&s.backups, &s.path, None).unwrap();
    assert_eq!(list[0], quick, "newest first");
    assert_eq!(list[1], other);
}

#[test]
fn rotation_keeps_the_newest_ten_and_one_a_day_for_fourteen_days() {
    let s = setup();
    let mut ws = s.with_demo();
    let day0 = start();
    let mut taken: Vec<(i64, String)> = Vec::new();
    for day in 0..20i64 {
        for hour in [9, 13, 17] {
            s.clock
                .set(day0 + Duration::days(day) + Duration::hours(hour - 9));
            add_account(&mut ws, &format!("Day {day} at {hour}"));
            let info = take_backup(&ws, &s.backups, BackupReason::Interval).unwrap();
            taken.push((day, info.file_name));
        }
    }
    assert_eq!(taken.len(), 60);
    // The newest ten, and the last of each day of the fourteen days up to today (day 19).
    let mut expected: Vec<String> = taken
        .iter()
        .rev()
        .take(KEEP_NEWEST)
        .map(|(_, n)| n.clone())
        .collect();
    for day in (19 - KEEP_DAYS + 1)..=19 {
        let last = taken.iter().rev().find(|(d, _)| *d == day).unwrap();
        expected.push(last.1.clone());
    }
    expected.sort();
    expected.dedup();
    assert_eq!(expected.len(), 20);
    assert_eq!(s.files(), expected);
    let list = list_backups(&s.backups, &s.path, None).unwrap();
    assert!(list.iter().all(|b| b.ok));
    assert_eq!(list[0].file_name, taken[59].1, "newest first");
    assert_eq!(list[0].accounts, 61);
}

#[test]
fn a_workspace_of_an_older_format_is_backed_up_before_it_is_migrated() {
    let s = setup();
    let ws = s.with_demo();
    let accounts = account_names(&ws);
    drop(ws);
    {
        // Back to file format 2: before the person_source table.
        let conn = rusqlite::Connection::open(&s.path).unwrap();
        for (name, sql) in [
            ("rekey_pending", "DROP TABLE rekey_pending;"),
            ("backup_place", "DROP TABLE backup_place;"),
            ("plan_target", "DROP TABLE plan_target;"),
            ("account_plan", "DROP TABLE account_plan;"),
            ("snapshot", "DROP TABLE snapshot;"),
            ("deal_line", "DROP TABLE deal_line;"),
            ("deal_member", "DROP TABLE deal_member;"),
            ("trash", "DROP TABLE trash;"),
            ("relation_from", "DROP INDEX relation_from;"),
            ("relation_to", "DROP INDEX relation_to;"),
            ("position_person", "DROP INDEX position_person;"),
            ("person_source", "DROP TABLE person_source;"),
        ] {
            let exists: bool = conn
                .query_row(
                    "SELECT count(*) > 0 FROM sqlite_schema WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            if exists {
                conn.execute_batch(sql).unwrap();
            }
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
    }

    // Without a backups folder nothing is written beside.
    let plain = s._dir.path().join("plain.stakemap");
    std::fs::copy(&s.path, &plain).unwrap();
    let migrated = Workspace::open(&plain).unwrap();
    assert_eq!(pragma(&plain, "user_version"), SCHEMA_VERSION);
    drop(migrated);
    assert!(!s.backups.exists());

    s.clock.advance(Duration::days(1));
    let ws = s.open();
    assert_eq!(account_names(&ws), accounts);
    let list = list_backups(&s.backups, &s.path, None).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let b = &list[0];
    assert_eq!(b.reason, BackupReason::Migration);
    assert_eq!(b.file_name, "20300302T090000Z-migration.stakemap");
    assert_eq!(b.file_format, 2, "taken before the migration");
    assert!(b.ok);
    assert_eq!((b.accounts, b.people), (1, 35));
    assert_eq!(pragma(Path::new(&b.path), "user_version"), 2);
    drop(ws);
    assert_eq!(pragma(&s.path, "user_version"), SCHEMA_VERSION);

    // Opening the migrated file again takes no more backups.
    let _ws = s.open();
    assert_eq!(s.files().len(), 1);
}

#[test]
fn restore_brings_back_the_old_content_and_keeps_the_replaced_file() {
    let s = setup();
    let mut ws = s.with_demo();
    let old = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    s.clock.advance(Duration::hours(1));
    add_account(&mut ws, "Added after the backup");
    let mine = account_names(&ws);
    drop(ws);

    let kept = backup::restore_backup_with_clock(
        &s.path,
        Path::new(&old.path),
        &s.backups,
        s.clock.as_ref(),
        None,
    )
    .unwrap()
    .expect("the replaced file is kept");
    assert_eq!(
        kept.file_name().unwrap().to_string_lossy(),
        "20300301T100000Z-before-restore.stakemap"
    );
    let ws = s.open();
    assert_eq!(account_names(&ws).len(), 1);
    assert!(!account_names(&ws).contains(&"Added after the backup".to_string()));
    drop(ws);

    // The replaced file is a before-restore backup with what the user had.
    let kept_info = backup::backup_info(&kept, None).unwrap();
    assert_eq!(kept_info.reason, BackupReason::BeforeRestore);
    assert!(kept_info.ok);
    assert_eq!(kept_info.accounts, 2);
    assert_eq!(
        account_names(&open_copy(&kept_info.path, s._dir.path())),
        mine
    );
    assert_eq!(
        list_backups(&s.backups, &s.path, None).unwrap()[0].path,
        kept_info.path,
        "listed first"
    );
    // Only the workspace (and the copies this test made) beside: nothing stale, no temp.
    let beside: Vec<String> = files_in(s._dir.path())
        .into_iter()
        .filter(|n| !n.starts_with("copy-"))
        .collect();
    assert_eq!(beside, ["backups", "work.stakemap"]);
    // The backup itself is unchanged and still listed.
    assert!(backup::backup_info(Path::new(&old.path), None).unwrap().ok);

    // A damaged backup is refused and the workspace left as it is.
    let mut ws = s.open();
    fill(&mut ws, 0);
    s.clock.advance(Duration::hours(1));
    let big = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    drop(ws);
    damage(Path::new(&big.path));
    let before = std::fs::read(&s.path).unwrap();
    let err = restore_backup(&s.path, Path::new(&big.path), &s.backups, None).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&s.path).unwrap(), before);
}

#[test]
fn a_damaged_file_is_moved_aside_and_the_newest_good_backup_offered() {
    let s = setup();
    let mut ws = s.with_demo();
    fill(&mut ws, 0);
    let good = take_backup(&ws, &s.backups, BackupReason::Open).unwrap();
    s.clock.advance(Duration::hours(2));
    fill(&mut ws, 1000);
    let later = take_backup(&ws, &s.backups, BackupReason::Interval).unwrap();
    assert!(later.ok);
    drop(ws);
    assert!(backup::backup_info(Path::new(&later.path), None).is_some());

    // The newest backup and the workspace get damaged.
    damage(Path::new(&later.path));
    let damaged_bytes = damage(&s.path);
    let err = Workspace::open_with(&s.path, s.clock.clone(), Some(&s.backups)).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&s.path).unwrap(),
        damaged_bytes,
        "open changed nothing"
    );

    let moved = quarantine(&s.path).unwrap();
    assert!(!s.path.exists());
    assert_eq!(moved.parent(), s.path.parent());
    let name = moved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("work.stakemap.damaged-"), "{name}");
    assert_eq!(
        std::fs::read(&moved).unwrap(),
        damaged_bytes,
        "kept, not deleted"
    );

    let list = list_backups(&s.backups, &s.path, None).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].path, later.path);
    assert!(!list[0].ok);
    assert!(
        list[0]
            .problem_text
            .as_deref()
            .unwrap_or("")
            .contains("damaged"),
        "{:?}",
        list[0].problem_text
    );
    // The window gets the kind, to word it in the user's language.
    assert!(
        matches!(
            list[0].problem,
            Some(stakemap_core::error::ErrorData::Corrupt { ref path, .. }) if *path == later.path
        ),
        "{:?}",
        list[0].problem
    );
    let offer: BackupInfo = newest_good_backup(&s.backups, &s.path, None)
        .unwrap()
        .unwrap();
    assert_eq!(offer.path, good.path);
    assert_eq!(offer.taken_at, "2030-03-01T09:00:00Z");
    assert_eq!(offer.accounts, 301);

    // Restoring into the emptied path keeps nothing more (the damaged file is aside).
    let kept = restore_backup(&s.path, Path::new(&offer.path), &s.backups, None).unwrap();
    assert_eq!(kept, None);
    let ws = s.open();
    assert_eq!(ws.accounts().unwrap().len(), 301);
    assert!(moved.exists());
}

#[test]
fn restore_moves_a_damaged_current_file_aside() {
    let s = setup();
    let mut ws = s.with_demo();
    fill(&mut ws, 0);
    let good = take_backup(&ws, &s.backups, BackupReason::Manual).unwrap();
    drop(ws);
    let damaged_bytes = damage(&s.path);
    let kept = restore_backup(&s.path, Path::new(&good.path), &s.backups, None)
        .unwrap()
        .unwrap();
    assert!(kept
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("work.stakemap.damaged-"));
    assert_eq!(std::fs::read(&kept).unwrap(), damaged_bytes);
    let ws = s.open();
    assert_eq!(ws.accounts().unwrap().len(), 301);
}

#[test]
fn only_workspaces_in_files_are_backed_up() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(":memory:").unwrap();
    let err = take_backup(&ws, dir.path(), BackupReason::Manual).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(files_in(dir.path()).is_empty());
}
