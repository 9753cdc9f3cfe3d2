//! What every command shares: the workspace it names (opened through the core's session
//! functions, with the backups folder and the password of the command line), the account
//! or opportunity it names, and its output.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use stakemap_core::backup::{self, BackupReason};
use stakemap_core::session;
use stakemap_core::{Account, Password, Workspace};

use crate::args::{BackupCommand, CipherCommand, Command, ReviewCommand, ShareCommand};

/// `--backups`, when given.
pub static BACKUPS: OnceLock<Option<PathBuf>> = OnceLock::new();

/// `--password-stdin` was given.
pub static PASSWORD_STDIN: OnceLock<bool> = OnceLock::new();
/// The password read with `--password-stdin`, read once.
static PASSWORD: OnceLock<Option<Password>> = OnceLock::new();

/// The next line of standard input, a password (`what` names it in errors).
pub fn read_password_line(what: &str) -> stakemap_core::Result<zeroize::Zeroizing<String>> {
    use std::io::BufRead;
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let text = line.trim_end_matches(['\n', '\r']);
    if text.is_empty() {
        return Err(stakemap_core::Error::invalid(
            "password",
            stakemap_core::error::Reason::CommandLine {
                message: format!("{what} was expected on a line of standard input"),
            },
        ));
    }
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}

/// The workspace password given with `--password-stdin`, if any.
pub fn password() -> stakemap_core::Result<Option<&'static Password>> {
    if !PASSWORD_STDIN.get().copied().unwrap_or(false) {
        return Ok(None);
    }
    if let Some(p) = PASSWORD.get() {
        return Ok(p.as_ref());
    }
    let p = Password::new(read_password_line("the workspace's password")?.as_str())?;
    Ok(PASSWORD.get_or_init(|| Some(p)).as_ref())
}

/// The backups folder of a workspace: `--backups DIR`, else `.stakemap-backups` beside it.
pub fn backups_dir(workspace: &Path) -> PathBuf {
    session::backups_dir_for(BACKUPS.get().cloned().flatten().as_deref(), workspace)
}

/// Opens (or creates) a workspace; a file of an older format is backed up before it is
/// migrated.
pub fn open_workspace(file: &Path) -> stakemap_core::Result<Workspace> {
    session::open::open(file, Some(&backups_dir(file)), key_for(file)?)
}

/// The password to read `file` with: `--password-stdin`'s when the file is encrypted.
pub fn key_for(file: &Path) -> stakemap_core::Result<Option<&'static Password>> {
    if stakemap_core::store::cipher::is_encrypted(file) {
        password()
    } else {
        Ok(None)
    }
}

/// Opens an existing workspace (never creates one).
pub fn open_existing(file: &Path) -> stakemap_core::Result<Workspace> {
    session::open_existing(file, Some(&backups_dir(file)), key_for(file)?)
}

/// A backup of a workspace that was there before this command, before it writes.
pub fn backup_before(ws: &Workspace, reason: BackupReason) -> stakemap_core::Result<()> {
    backup::take_backup(ws, &backups_dir(ws.path()), reason)?;
    Ok(())
}

/// Pretty JSON with a final newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> stakemap_core::Result<String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| {
        stakemap_core::Error::invalid(
            "json",
            stakemap_core::error::Reason::Internal {
                detail: e.to_string(),
            },
        )
    })?;
    text.push('\n');
    Ok(text)
}

/// The opportunity of `account` with this name, or else this id; an error listing them.
pub fn find_opportunity(
    ws: &Workspace,
    account: &Account,
    name: &str,
) -> stakemap_core::Result<stakemap_core::Opportunity> {
    let all = ws.opportunities(&account.id)?;
    if let Some(o) = all
        .iter()
        .find(|o| o.name == name.trim() || o.id == name.trim())
    {
        return Ok(o.clone());
    }
    let names: Vec<String> = all.iter().map(|o| format!("\"{}\"", o.name)).collect();
    Err(stakemap_core::Error::invalid(
        "opportunity",
        stakemap_core::error::Reason::CommandLine {
            message: format!(
                "the account \"{}\" has no opportunity named \"{}\" (its opportunities: {})",
                account.name,
                name.trim(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ),
        },
    ))
}

/// The account with this name, or else this id; an error naming it and listing the
/// accounts there are.
pub fn find_account(ws: &Workspace, name: &str) -> stakemap_core::Result<Account> {
    if let Some(a) = ws.account_by_name(name)? {
        return Ok(a);
    }
    let accounts = ws.accounts()?;
    if let Some(a) = accounts.iter().find(|a| a.id == name.trim()) {
        return Ok(a.clone());
    }
    let names: Vec<String> = accounts.iter().map(|a| format!("\"{}\"", a.name)).collect();
    Err(stakemap_core::Error::invalid(
        "account",
        stakemap_core::error::Reason::CommandLine {
            message: format!(
                "there is no account named \"{}\" in {} (its accounts: {})",
                name.trim(),
                ws.path().display(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ),
        },
    ))
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn emit(text: &str) -> stakemap_core::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The workspace a command would write, if it writes one: import, merge and restore (not
/// their dry runs). Read-only commands and `backup` (which only reads the workspace) work
/// while the app has the workspace open; `demo` only creates new files.
pub fn written_workspace(command: &Command) -> Option<&Path> {
    match command {
        Command::Share(ShareCommand::Import {
            workspace, dry_run, ..
        })
        | Command::Share(ShareCommand::Merge {
            workspace, dry_run, ..
        }) => (!dry_run).then_some(workspace.as_path()),
        Command::Backups(BackupCommand::Restore { workspace, .. })
        | Command::Reviews(ReviewCommand::Snapshot { workspace, .. })
        | Command::Cipher(CipherCommand::Encrypt { workspace })
        | Command::Cipher(CipherCommand::Decrypt { workspace }) => Some(workspace),
        _ => None,
    }
}

/// Why the command must not write `workspace`: the app has it open ("one writer"), or a
/// hold file is there that cannot be read (it counts as held; the user is told what to do).
pub fn held_message(workspace: &Path) -> Option<String> {
    use stakemap_core::hold::{self, Held};
    match hold::hold_on(workspace)? {
        Held::ByApp { info, file } => {
            let on_host = if info.is_this_host() {
                String::new()
            } else {
                format!(" on {}", info.host)
            };
            Some(format!(
                "{} is open in the Stakemap app{on_host} (process {} since {}); close it there, \
                 or work on a copy (File → Save workspace as), then try again. Nothing was \
                 changed.\nstakemap: if the app is not running any more, delete {} and try again.",
                workspace.display(),
                info.pid,
                info.since_local(),
                file.display()
            ))
        }
        Held::Locked { .. } => Some(format!(
            "{} is open in the Stakemap app under another name (a link to the same file); \
             close it there, or work on a copy (File → Save workspace as), then try again. \
             Nothing was changed.",
            workspace.display()
        )),
        Held::Unreadable { file, why } => Some(format!(
            "{} counts as open in the Stakemap app: its hold file {} cannot be read ({why}). \
             Nothing was changed.\nstakemap: if the app is not running, delete {} and try again.",
            workspace.display(),
            file.display(),
            file.display()
        )),
    }
}
