//! Files the user chose in a dialog, handed to the window as one-time tokens.
//!
//! The window never names a file. A command that reads or writes a user's file takes a
//! token from `pick_file`, which opens the native dialog from Rust for one [`Purpose`]; the
//! token stands for the path the user chose there, for that purpose only. The command that
//! acts on the file (opens, imports, merges, writes) uses the token up; a preview only looks
//! at it; a command that fails leaves it usable (nothing was done with it). One token per
//! purpose is live: a new choice replaces the last one.
//!
//! What a command may write from a chosen path ([`write_chosen`]): the chosen file itself
//! (replaced, the user chose it), and names derived from it (an extension added, a second
//! file beside it), which are only ever created fresh, never written over.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use stakemap_core::export::ExportFile;
use stakemap_core::Error;

use crate::error::{CmdResult, ShellError};
use crate::purpose::Purpose;

/// What the window gets for a file the user chose: the token to hand to the command, and
/// the file's name to show.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Picked {
    pub token: String,
    pub name: String,
}

/// The live tokens, one per purpose.
#[derive(Default)]
pub struct Grants {
    live: Mutex<HashMap<Purpose, (String, PathBuf)>>,
}

impl Grants {
    fn lock(&self) -> MutexGuard<'_, HashMap<Purpose, (String, PathBuf)>> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A token for `path`, just chosen by the user for `purpose`; the last token of that
    /// purpose is no longer valid.
    pub fn issue(&self, purpose: Purpose, path: PathBuf) -> Picked {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let name = file_name(&path);
        self.lock().insert(purpose, (token.clone(), path));
        Picked { token, name }
    }

    /// The path of a live token of `purpose`, which stays valid (a preview).
    pub fn peek(&self, purpose: Purpose, token: &str) -> CmdResult<PathBuf> {
        match self.lock().get(&purpose) {
            Some((t, path)) if t == token => Ok(path.clone()),
            _ => Err(ShellError::NotChosen { purpose }.into()),
        }
    }

    /// Runs `f` with the path of a live token of `purpose` and uses the token up. When `f`
    /// fails, the token is valid again (unless the user chose another file meanwhile).
    pub fn using<T>(
        &self,
        purpose: Purpose,
        token: &str,
        f: impl FnOnce(&Path) -> CmdResult<T>,
    ) -> CmdResult<T> {
        let path = {
            let mut live = self.lock();
            match live.get(&purpose) {
                Some((t, _)) if t == token => live.remove(&purpose).map(|(_, p)| p),
                _ => None,
            }
        }
        .ok_or(ShellError::NotChosen { purpose })?;
        let done = f(&path);
        if done.is_err() {
            self.lock()
                .entry(purpose)
                .or_insert_with(|| (token.to_string(), path));
        }
        done
    }
}

/// The file name of a path, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `chosen` when its name ends in `.ext`, else that name with `.ext` added, which is a
/// name the user did not choose: `true` when it must be created fresh.
pub fn with_extension(chosen: &Path, ext: &str) -> (PathBuf, bool) {
    let has = chosen
        .extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext));
    if has {
        (chosen.to_path_buf(), false)
    } else {
        let mut name = chosen.as_os_str().to_owned();
        name.push(".");
        name.push(ext);
        (PathBuf::from(name), true)
    }
}

/// How many numbered names a file written beside the chosen one tries before giving up.
const BESIDE_TRIES: u32 = 100;

/// Writes an export from the file the user chose for it: the main file to `chosen` (or,
/// when its name lacks `.ext`, to that name with `.ext` added, created fresh), and every
/// other file beside it under a name derived from it (`acme.relations.csv`), created fresh:
/// when that name is taken, `acme-2.relations.csv` and so on. Each file is written to a
/// new temporary file in the same folder first, so a failed export leaves no half file
/// and writes over nothing but the chosen file. Returns the paths written.
pub fn write_chosen(chosen: &Path, ext: &str, files: &[ExportFile]) -> CmdResult<Vec<PathBuf>> {
    let (main, main_fresh) = with_extension(chosen, ext);
    let dir = stakemap_core::export::save_folder(&main)?.to_path_buf();
    if main_fresh && std::fs::symlink_metadata(&main).is_ok() {
        return Err(ShellError::FileExists {
            name: file_name(&main),
        }
        .into());
    }
    let stem = main
        .file_stem()
        .map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    // Every file's bytes go to a temporary file first; nothing is put in place until all
    // are written.
    let mut parts = Vec::new();
    let result = (|| {
        for f in files {
            parts.push((temp_file(&dir, &f.bytes)?, f.suffix.as_ref()));
        }
        let mut written = Vec::new();
        for (tmp, suffix) in &parts {
            let path = if suffix.is_empty() {
                if main_fresh {
                    place_fresh(tmp, &main)?;
                } else {
                    // The file the user chose is replaced (the link itself, when it is one).
                    std::fs::rename(tmp, &main).map_err(Error::from)?;
                }
                main.clone()
            } else {
                place_beside(tmp, &dir, &stem, suffix)?
            };
            written.push(path);
        }
        Ok(written)
    })();
    for (tmp, _) in &parts {
        let _ = std::fs::remove_file(tmp);
    }
    result
}

/// A new file in `dir` holding `bytes`, under a name no one else has.
fn temp_file(dir: &Path, bytes: &[u8]) -> CmdResult<PathBuf> {
    let path = dir.join(format!(".stakemap-{}.part", uuid::Uuid::new_v4().simple()));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(Error::from)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(Error::from(e).into());
    }
    Ok(path)
}

/// Puts the temporary file `tmp` at `target`, which must not exist (no file, no link):
/// a hard link never replaces anything; where the file system has none, a new file is
/// created and the bytes copied into it.
fn place_fresh(tmp: &Path, target: &Path) -> CmdResult<()> {
    let exists = || {
        CmdResult::<()>::Err(
            ShellError::FileExists {
                name: file_name(target),
            }
            .into(),
        )
    };
    match std::fs::hard_link(tmp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => exists(),
        Err(_) => {
            let mut file = match OpenOptions::new().write(true).create_new(true).open(target) {
                Ok(f) => f,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => return exists(),
                Err(e) => return Err(Error::from(e).into()),
            };
            let copied = std::fs::read(tmp)
                .and_then(|bytes| file.write_all(&bytes))
                .and_then(|()| file.sync_all());
            if let Err(e) = copied {
                drop(file);
                let _ = std::fs::remove_file(target);
                return Err(Error::from(e).into());
            }
            Ok(())
        }
    }
}

/// Puts `tmp` beside the main file as `<stem><suffix>`, or `<stem>-2<suffix>`, … when the
/// name is taken.
fn place_beside(tmp: &Path, dir: &Path, stem: &str, suffix: &str) -> CmdResult<PathBuf> {
    for n in 1..=BESIDE_TRIES {
        let name = if n == 1 {
            format!("{stem}{suffix}")
        } else {
            format!("{stem}-{n}{suffix}")
        };
        let target = dir.join(&name);
        match place_fresh(tmp, &target) {
            Ok(()) => return Ok(target),
            Err(crate::AppError::Shell(ShellError::FileExists { .. })) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ShellError::FileExists {
        name: format!("{stem}{suffix}"),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(main: &str, beside: Option<&str>) -> Vec<ExportFile> {
        let mut v = vec![ExportFile {
            suffix: "".into(),
            bytes: main.as_bytes().to_vec(),
        }];
        if let Some(b) = beside {
            v.push(ExportFile {
                suffix: ".relations.csv".into(),
                bytes: b.as_bytes().to_vec(),
            });
        }
        v
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_token_is_for_its_purpose_once_and_a_newer_choice_replaces_it() {
        let grants = Grants::default();
        let a = grants.issue(Purpose::Import, PathBuf::from("/x/a.csv"));
        assert_eq!(a.name, "a.csv");
        assert_eq!(a.token.len(), 32);
        // A preview looks, and the token stays.
        assert_eq!(
            grants.peek(Purpose::Import, &a.token).unwrap(),
            Path::new("/x/a.csv")
        );
        assert_eq!(
            grants.peek(Purpose::Merge, &a.token).unwrap_err().kind(),
            "not_chosen"
        );
        assert!(grants
            .using(Purpose::ExportAccount, &a.token, |_| Ok(()))
            .is_err());
        assert_eq!(
            grants.peek(Purpose::Import, "forged").unwrap_err().kind(),
            "not_chosen"
        );
        // A failure leaves it valid; a success uses it up.
        let failed: CmdResult<()> = grants.using(Purpose::Import, &a.token, |_| {
            Err(ShellError::NoWorkspace.into())
        });
        assert_eq!(failed.unwrap_err().kind(), "no_workspace");
        let used = grants.using(Purpose::Import, &a.token, |p| Ok(p.to_path_buf()));
        assert_eq!(used.unwrap(), Path::new("/x/a.csv"));
        let again = grants.using(Purpose::Import, &a.token, |_| Ok(()));
        assert_eq!(again.unwrap_err().kind(), "not_chosen");
        // One live token per purpose.
        let b = grants.issue(Purpose::Merge, PathBuf::from("/x/b.json"));
        let c = grants.issue(Purpose::Merge, PathBuf::from("/x/c.json"));
        assert_ne!(b.token, c.token);
        assert!(grants.peek(Purpose::Merge, &b.token).is_err());
        assert!(grants.peek(Purpose::Merge, &c.token).is_ok());
    }

    #[test]
    fn an_export_replaces_only_the_chosen_file_and_creates_the_others_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = dir.path().join("acme.csv");
        std::fs::write(&chosen, "old").unwrap();
        std::fs::write(dir.path().join("acme.relations.csv"), "theirs").unwrap();
        let written = write_chosen(&chosen, "csv", &files("people", Some("lines"))).unwrap();
        assert_eq!(
            written,
            vec![chosen.clone(), dir.path().join("acme-2.relations.csv")]
        );
        assert_eq!(std::fs::read_to_string(&chosen).unwrap(), "people");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("acme.relations.csv")).unwrap(),
            "theirs",
            "a file beside the chosen one is never written over"
        );
        assert_eq!(
            names(dir.path()),
            ["acme-2.relations.csv", "acme.csv", "acme.relations.csv"],
            "no temporary file is left"
        );
    }

    #[test]
    fn an_extension_added_to_the_chosen_name_never_writes_over_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = dir.path().join("notes");
        let taken = dir.path().join("notes.html");
        std::fs::write(&taken, "mine").unwrap();
        let err = write_chosen(&chosen, "html", &files("page", None)).unwrap_err();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({"kind": "file_exists", "name": "notes.html"})
        );
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine");
        assert_eq!(names(dir.path()), ["notes.html"]);
        // Nor through a link named so.
        #[cfg(unix)]
        {
            let target = dir.path().join("target");
            std::fs::write(&target, "keep").unwrap();
            std::os::unix::fs::symlink(&target, dir.path().join("r.html")).unwrap();
            assert!(write_chosen(&dir.path().join("r"), "html", &files("x", None)).is_err());
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        }
        let written = write_chosen(&dir.path().join("Page.HTML"), "html", &files("page", None));
        assert_eq!(written.unwrap(), vec![dir.path().join("Page.HTML")]);
    }

    #[test]
    fn an_export_into_a_missing_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_chosen(&dir.path().join("no/such/x.png"), "png", &files("p", None));
        assert_eq!(err.unwrap_err().kind(), "invalid");
    }
}
