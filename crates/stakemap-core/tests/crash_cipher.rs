//! Crash safety of encrypting: a writer process encrypts the workspace, then removes the
//! encryption, again and again (each time its backups are rewritten too), and is killed
//! with SIGKILL at random moments. After every kill the workspace opens, either
//! unencrypted or with the password, passes `integrity_check` and holds exactly what it
//! held at the start; every backup opens with one of the two (none is lost or damaged).
//!
//! The writer is this test binary run again (`password_writer`, which does nothing unless
//! [`WRITER_ENV`] names a file). `STAKEMAP_CIPHER_KILLS` sets the number of kills (default
//! 60: a change derives keys from the password several times and takes most of a second
//! here) and `STAKEMAP_CRASH_SEED` the seed of the kill timing.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use stakemap_core::backup::{self, BackupReason};
use stakemap_core::store::cipher::{self, FileKind};
use stakemap_core::{demo, AccountInput, Lang, Password, PersonInput, SystemClock, Workspace};

const WRITER_ENV: &str = "STAKEMAP_CIPHER_WRITER";
const KILLS_ENV: &str = "STAKEMAP_CIPHER_KILLS";
const SEED_ENV: &str = "STAKEMAP_CRASH_SEED";
const DEFAULT_KILLS: u64 = 60;
const MARK: &str = "CIPHER-WRITER ";
const PASSWORD: &str = "kill me softly 123";

fn password() -> Password {
    Password::new(PASSWORD).unwrap()
}

fn backups_of(path: &Path) -> PathBuf {
    path.with_file_name("backups")
}

fn key_for(path: &Path) -> Option<Password> {
    cipher::is_encrypted(path).then(password)
}

fn say(what: &str) {
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{MARK}{what}")
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(3);
    }
}

#[test]
#[ignore = "the writer process of survives_sigkill_while_encrypting, which starts it"]
fn password_writer() {
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    let backups = backups_of(&path);
    let mut ws = Workspace::open_keyed(&path, Arc::new(SystemClock), None, key_for(&path).as_ref())
        .expect("the writer opens the workspace");
    say("ready");
    loop {
        let next = if ws.is_encrypted() {
            None
        } else {
            Some(password())
        };
        ws.change_password(next.as_ref(), Some(&backups))
            .expect("the writer changes the password");
        say(if ws.is_encrypted() {
            "encrypted"
        } else {
            "plain"
        });
    }
}

/// Everything a user would see of the workspace, to compare before and after.
fn contents(ws: &Workspace) -> String {
    let mut out = String::new();
    for a in ws.accounts().unwrap() {
        let map = ws.account_map(&a.id).unwrap();
        let mut people: Vec<String> = map
            .people
            .iter()
            .map(|p| format!("{}|{}|{:?}", p.id, p.name, p.ratings))
            .collect();
        people.sort();
        let mut lines: Vec<String> = map
            .relations
            .iter()
            .map(|r| format!("{}>{}:{:?}", r.from, r.to, r.kind))
            .collect();
        lines.sort();
        out.push_str(&format!(
            "{}\n{}\n{}\n",
            a.name,
            people.join("\n"),
            lines.join("\n")
        ));
    }
    out
}

/// SQLite's full check of the file, opened as it is found (unencrypted or with the key).
fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).unwrap();
    if cipher::is_encrypted(path) {
        conn.pragma_update(None, "key", PASSWORD).unwrap();
    }
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap_or_else(|e| format!("unreadable: {e}"))
}

/// splitmix64, repeatable from the seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

#[test]
#[cfg(unix)]
fn survives_sigkill_while_encrypting() {
    let kills: u64 = std::env::var(KILLS_ENV).map_or(DEFAULT_KILLS, |v| v.parse().unwrap());
    let seed: u64 = std::env::var(SEED_ENV).map_or_else(
        |_| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        },
        |v| v.parse().unwrap(),
    );
    println!("encryption crash test: {kills} kills, seed {seed} (repeat with {SEED_ENV}={seed})");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.stakemap");
    let backups = backups_of(&path);

    // A workspace of some size, with a few backups to rewrite each time.
    let mut ws = Workspace::open(&path).unwrap();
    let account = demo::create_demo(&mut ws, Lang::En).unwrap();
    ws.write(|tx| {
        for i in 0..300 {
            tx.add_person(
                &account.id,
                &PersonInput {
                    name: format!("Person {i}"),
                    notes: "n".repeat(200),
                    ..Default::default()
                },
            )?;
        }
        tx.create_account(&AccountInput {
            name: "Second".into(),
            industry: String::new(),
            notes: String::new(),
        })
    })
    .unwrap();
    for _ in 0..2 {
        backup::take_backup(&ws, &backups, BackupReason::Manual).unwrap();
        ws.write(|tx| {
            tx.add_person(
                &account.id,
                &PersonInput {
                    name: format!("Later {}", rng.below(1_000_000)),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    }
    let expected = contents(&ws);
    drop(ws);

    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let (mut encrypted_seen, mut plain_seen, mut changes) = (0u64, 0u64, 0u64);
    // How long one change takes, learnt as the test goes, to spread the kills over it.
    let mut change_us: u64 = 50_000;
    for kill in 1..=kills {
        let mut child = Command::new(&exe)
            .args([
                "password_writer",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        // Wait for "ready", then let it work a random part of one to three changes.
        let ready = loop {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                break false;
            }
            if line.contains(&format!("{MARK}ready")) {
                break true;
            }
        };
        assert!(ready, "kill {kill}: the writer did not start");
        let t0 = Instant::now();
        std::thread::sleep(Duration::from_micros(rng.below(change_us * 2)));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut rest);
        let done = rest.matches(MARK).count() as u64;
        changes += done;
        change_us = match (t0.elapsed().as_micros() as u64).checked_div(done) {
            Some(per_change) => per_change.clamp(1_000, 3_000_000),
            None => (change_us * 3 / 2).min(3_000_000),
        };

        // The workspace: whole, in one of the two states, with all it held.
        match cipher::file_kind(&path).unwrap() {
            FileKind::Encrypted => encrypted_seen += 1,
            FileKind::Plain => plain_seen += 1,
            other => panic!("kill {kill}: the workspace is {other:?}"),
        }
        assert_eq!(integrity(&path), "ok", "kill {kill}: integrity");
        let ws = Workspace::open_keyed(&path, Arc::new(SystemClock), None, key_for(&path).as_ref())
            .unwrap_or_else(|e| panic!("kill {kill}: the workspace does not open: {e}"));
        assert_eq!(contents(&ws), expected, "kill {kill}: the contents changed");
        drop(ws);
        // Every backup still opens, under one of the two states, and none is lost.
        let key = password();
        let listed = backup::list_backups(&backups, &path, Some(&key)).unwrap();
        assert_eq!(listed.len(), 2, "kill {kill}: backups {listed:?}");
        for b in &listed {
            assert!(b.ok, "kill {kill}: backup {} {:?}", b.file_name, b.problem);
        }
    }
    println!(
        "encryption crash test: {kills} kills survived with 0 integrity failures and 0 \
         changed contents; {changes} password changes completed; found encrypted {encrypted_seen} \
         times, unencrypted {plain_seen} times; one change took about {} ms; {:.1} s",
        change_us / 1000,
        started.elapsed().as_secs_f64()
    );
    assert!(
        encrypted_seen > 0 && plain_seen > 0,
        "kills hit both states"
    );
}
