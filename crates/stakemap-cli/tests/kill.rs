//! `stakemap encrypt`, `decrypt` and `restore` killed with SIGKILL at random moments, on
//! the real binary. The workspace has backups in two folders (beside it, as the CLI keeps
//! them, and another, as the app keeps its own); each command is given only the one beside.
//! After each kill, one reading command (`accounts`) opens the workspace; then:
//!
//! - the workspace is there and opens (never missing, never damaged), with its accounts;
//! - when it is encrypted, no file in any folder involved (temporary copies, side files
//!   and backups included) holds the name of a person planted in it;
//! - no temporary copy is left, and no backup was lost.
//!
//! `STAKEMAP_KILLS` sets the number of kills of each command (default 200),
//! `STAKEMAP_KILL_SEED` the seed of their timing. Three workers share the kills of each
//! command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use stakemap_core::store::cipher;

const PLANTED: &str = "Zebulon Quillfeather";
const PASSWORD: &str = "correct horse 42";
/// Workers per command: more than the cores, so that one's wait on the disk is another's
/// turn on the processor.
const WORKERS: u64 = 3;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stakemap")
}

fn run(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
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

/// Every file under `dir`, with its path relative to it.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let t = std::fs::symlink_metadata(&p).unwrap().file_type();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                if let Ok(bytes) = std::fs::read(&p) {
                    out.push((p.strip_prefix(dir).unwrap().to_path_buf(), bytes));
                }
            }
        }
    }
    out.sort();
    out
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// A small xorshift: the kill timings, reproducible from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    std::env::var("STAKEMAP_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1
}

fn kills() -> u64 {
    std::env::var("STAKEMAP_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// A worker's folder: the workspace, its backup beside it and one in `app-backups`.
struct Place {
    dir: PathBuf,
    file: PathBuf,
    app: PathBuf,
    /// What the folder holds at the start of each round.
    start: Vec<(PathBuf, Vec<u8>)>,
}

impl Place {
    /// A workspace with a planted person, backed up to both folders; `encrypted` encrypts
    /// it (and so its backups) before the start is kept.
    fn new(dir: PathBuf, encrypted: bool) -> Place {
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("work.stakemap");
        let app = dir.join("app-backups");
        let f = s(&file);
        // A new workspace with one account (small: the kills are many).
        let people = dir.join("people.csv");
        std::fs::write(&people, format!("id,name\np1,{PLANTED}\n")).unwrap();
        ok(run(
            &["import", f, "--account", "Planted", "--people", s(&people)],
            "",
        ));
        std::fs::remove_file(&people).unwrap();
        // Backups in the app's folder (the workspace records it), and beside.
        ok(run(&["backup", f, "--backups", s(&app)], ""));
        ok(run(&["backup", f], ""));
        if encrypted {
            let out = ok(run(&["encrypt", f], &format!("{PASSWORD}\n")));
            assert!(out.contains("Encrypted"), "{out}");
        }
        let start = files(&dir);
        let place = Place {
            dir,
            file,
            app,
            start,
        };
        assert_eq!(place.backups().len(), 2, "{:?}", place.backups());
        place
    }

    /// Puts the folder back as it was at the start.
    fn reset(&self) {
        for e in std::fs::read_dir(&self.dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                std::fs::remove_dir_all(&p).unwrap();
            } else {
                std::fs::remove_file(&p).unwrap();
            }
        }
        for (rel, bytes) in &self.start {
            let p = self.dir.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
        }
    }

    /// The backup files in both folders.
    fn backups(&self) -> Vec<PathBuf> {
        files(&self.dir)
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| {
                let name = p.file_name().unwrap().to_str().unwrap();
                p.components().count() == 3 && !name.starts_with('.') && name.ends_with(".stakemap")
            })
            .collect()
    }

    fn encrypted(&self) -> bool {
        cipher::is_encrypted(&self.file)
    }

    /// After a kill: one reading command, then the checks of the module documentation.
    /// Answers whether the workspace was encrypted.
    fn check(&self, what: &str, backups_before: usize) -> bool {
        let f = s(&self.file);
        assert!(self.file.is_file(), "{what}: the workspace is missing");
        let encrypted = self.encrypted();
        let out = if encrypted {
            run(
                &["accounts", f, "--password-stdin"],
                &format!("{PASSWORD}\n"),
            )
        } else {
            run(&["accounts", f], "")
        };
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            out.status.success(),
            "{what}: the workspace does not open: {err}"
        );
        let accounts = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(accounts.contains("Planted"), "{what}: {accounts}");
        assert_eq!(self.encrypted(), encrypted, "{what}: a read changed it");

        let all = files(&self.dir);
        for (rel, bytes) in &all {
            let name = rel.file_name().unwrap().to_string_lossy();
            assert!(
                !name.contains(".tmp"),
                "{what}: a temporary copy is left: {}",
                rel.display()
            );
            if encrypted {
                assert!(
                    !holds(bytes, PLANTED),
                    "{what}: the workspace is encrypted, and {} holds a readable copy",
                    rel.display()
                );
            }
        }
        let backups = self.backups().len();
        assert!(
            backups >= backups_before,
            "{what}: {backups} backups, {backups_before} before: {:?}",
            self.backups()
        );
        assert!(
            self.app.is_dir(),
            "{what}: the app's backups folder is gone"
        );
        encrypted
    }
}

/// How long `command` takes uncut, from the start of the round.
fn timed(place: &Place, command: &dyn Fn(&Place) -> std::process::Child) -> Duration {
    place.reset();
    let t = Instant::now();
    let out = command(place).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

fn spawn(args: &[&str], input: &str) -> std::process::Child {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child
}

/// Kills `command` at random moments, `kills()` times over the workers, and checks after
/// each. Answers (kills, how many left the workspace encrypted).
fn kill_rounds(
    name: &str,
    encrypted_at_start: bool,
    command: fn(&Place) -> std::process::Child,
) -> (u64, u64) {
    // In memory where there is such a folder: a kill is not a power cut, and a flush to
    // memory costs nothing, so the kills are many in little time.
    let shm = Path::new("/dev/shm");
    let root = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let total = kills();
    let seed = seed();
    let started = Instant::now();
    let results: Vec<(u64, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WORKERS)
            .map(|w| {
                let dir = root.path().join(format!("w{w}"));
                scope.spawn(move || {
                    let place = Place::new(dir, encrypted_at_start);
                    let before = place.backups().len();
                    let full = timed(&place, &command);
                    let span = (full.as_micros() as u64 * 11 / 10).max(1);
                    let mut rng = Rng(seed.wrapping_add(w.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
                    let n = total / WORKERS + u64::from(w < total % WORKERS);
                    let mut encrypted = 0;
                    for i in 0..n {
                        place.reset();
                        let delay = rng.below(span);
                        let mut child = command(&place);
                        std::thread::sleep(Duration::from_micros(delay));
                        let _ = child.kill();
                        let _ = child.wait();
                        let what = format!(
                            "{name} killed after {delay} µs (worker {w}, round {i}, seed {seed})"
                        );
                        if place.check(&what, before) {
                            encrypted += 1;
                        }
                    }
                    (n, encrypted)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let n: u64 = results.iter().map(|r| r.0).sum();
    let encrypted: u64 = results.iter().map(|r| r.1).sum();
    eprintln!(
        "{name}: {n} kills, {encrypted} left it encrypted, {:.1} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
    (n, encrypted)
}

#[test]
fn killed_while_encrypting_no_readable_copy_is_left() {
    let (n, encrypted) = kill_rounds("encrypt", false, |p| {
        spawn(&["encrypt", s(&p.file)], &format!("{PASSWORD}\n"))
    });
    assert!(n >= kills());
    // The kills land before and after the workspace is switched.
    assert!(encrypted > 0 && encrypted < n, "{encrypted} of {n}");
}

#[test]
fn killed_while_decrypting_no_readable_copy_is_left() {
    let (n, encrypted) = kill_rounds("decrypt", true, |p| {
        spawn(
            &["decrypt", s(&p.file), "--password-stdin"],
            &format!("{PASSWORD}\n"),
        )
    });
    assert!(n >= kills());
    assert!(encrypted > 0 && encrypted < n, "{encrypted} of {n}");
}

#[test]
fn killed_while_restoring_the_workspace_is_never_missing() {
    let (n, encrypted) = kill_rounds("restore", true, |p| {
        // The newest backup beside it (it holds the planted person).
        let beside = p.dir.join(".stakemap-backups");
        let mut found: Vec<PathBuf> = files(&beside)
            .into_iter()
            .map(|(rel, _)| beside.join(rel))
            .filter(|f| f.extension().is_some_and(|e| e == "stakemap"))
            .collect();
        found.sort();
        spawn(
            &[
                "restore",
                s(&p.file),
                "--from",
                s(found.last().unwrap()),
                "--password-stdin",
            ],
            &format!("{PASSWORD}\n"),
        )
    });
    assert!(n >= kills());
    assert_eq!(encrypted, n, "a restore keeps the workspace encrypted");
}
