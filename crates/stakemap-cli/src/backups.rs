//! `backups`, `backup`, `restore`, and `encrypt` / `decrypt` (which rewrite the backups).

use std::path::{Path, PathBuf};

use stakemap_core::backup::{self, BackupInfo, BackupReason};
use stakemap_core::session;
use stakemap_core::Password;

use crate::args::{BackupCommand, CipherCommand};
use crate::workspace::{backups_dir, emit, key_for, open_existing, read_password_line};

pub fn run(command: BackupCommand) -> stakemap_core::Result<()> {
    match command {
        BackupCommand::Backups { workspace, json } => {
            let dir = backups_dir(&workspace);
            let list = backup::list_backups(&dir, &workspace, key_for(&workspace)?)?;
            if json {
                let mut text = serde_json::to_string_pretty(&list).map_err(|e| {
                    stakemap_core::Error::invalid(
                        "backups",
                        stakemap_core::error::Reason::Internal {
                            detail: e.to_string(),
                        },
                    )
                })?;
                text.push('\n');
                emit(&text)?;
            } else if list.is_empty() {
                println!(
                    "No backups of {} in {}.",
                    workspace.display(),
                    dir.display()
                );
            } else {
                let mut text = String::new();
                for b in &list {
                    text.push_str(&backup_line(b));
                    text.push('\n');
                }
                emit(&text)?;
            }
        }
        BackupCommand::Backup { workspace } => {
            if !workspace.is_file() {
                return Err(stakemap_core::Error::invalid(
                    "file",
                    stakemap_core::error::Reason::CommandLine {
                        message: format!("{} does not exist", workspace.display()),
                    },
                ));
            }
            let dir = backups_dir(&workspace);
            let key = key_for(&workspace)?;
            let newest = backup::list_backups(&dir, &workspace, key)?
                .into_iter()
                .next()
                .map(|b| b.path);
            let b = backup::backup_file(&workspace, &dir, BackupReason::Manual, key)?;
            if newest.as_deref() == Some(b.path.as_str()) {
                println!(
                    "{} has not changed since its backup of {}: {}",
                    workspace.display(),
                    b.taken_at,
                    b.path
                );
            } else {
                println!(
                    "Backed up {} to {} ({} accounts, {} people, {} lines).",
                    workspace.display(),
                    b.path,
                    b.accounts,
                    b.people,
                    b.lines
                );
            }
        }
        BackupCommand::Restore { workspace, from } => {
            let dir = backups_dir(&workspace);
            let from = find_backup(&workspace, &from)?;
            let key = key_for(&from)?;
            let kept = backup::restore_backup(&workspace, &from, &dir, key)?;
            let what = backup::backup_taken(&from)
                .map(|(at, reason)| format!(" (taken {at}, {})", reason.as_str()))
                .unwrap_or_default();
            println!(
                "Restored {} from {}{what}.",
                workspace.display(),
                from.display()
            );
            match kept {
                Some(kept) => println!("What it replaced is kept at {}", kept.display()),
                None => println!("There was no file to replace."),
            }
        }
    }
    Ok(())
}

pub fn run_cipher(command: CipherCommand) -> stakemap_core::Result<()> {
    match command {
        CipherCommand::Encrypt { workspace } => {
            let mut ws = open_existing(&workspace)?;
            let new = read_password_line("the new password")?;
            let new = Password::new_for_encryption(new.as_str())?;
            let was = ws.is_encrypted();
            let dir = backups_dir(&workspace);
            let done = ws.change_password(Some(&new), Some(&dir))?;
            println!(
                "{} {} ({} backups rewritten under the new password{}).",
                if was {
                    "Changed the password of"
                } else {
                    "Encrypted"
                },
                workspace.display(),
                done.backups_rewritten,
                left_note(done.backups_left)
            );
        }
        CipherCommand::Decrypt { workspace } => {
            let mut ws = open_existing(&workspace)?;
            if !ws.is_encrypted() {
                return Err(stakemap_core::Error::invalid(
                    "file",
                    stakemap_core::error::Reason::CommandLine {
                        message: format!("{} is not encrypted", workspace.display()),
                    },
                ));
            }
            let done = ws.change_password(None, Some(&backups_dir(&workspace)))?;
            println!(
                "Removed the encryption of {} ({} backups rewritten unencrypted{}).",
                workspace.display(),
                done.backups_rewritten,
                left_note(done.backups_left)
            );
        }
    }
    Ok(())
}

/// One line of `stakemap backups`.
fn backup_line(b: &BackupInfo) -> String {
    let when = b.taken_at.replacen('T', " ", 1).replace('Z', " UTC");
    let size = if b.size_bytes >= 1_000_000.0 {
        format!("{:.1} MB", b.size_bytes / 1_000_000.0)
    } else {
        format!("{:.0} KB", (b.size_bytes / 1000.0).ceil())
    };
    let what = if b.ok {
        format!(
            "{} accounts, {} people, {} lines",
            b.accounts, b.people, b.lines
        )
    } else {
        format!(
            "NOT USABLE: {}",
            b.problem_text.as_deref().unwrap_or("it fails the checks")
        )
    };
    format!(
        "{when}  {:<14}  {what}  {size}  {}",
        b.reason.as_str(),
        b.path
    )
}

/// `--from` of `stakemap restore`: a path, or the name of one of the workspace's backups.
fn find_backup(workspace: &Path, from: &Path) -> stakemap_core::Result<PathBuf> {
    if let Some(found) = session::find_backup(&backups_dir(workspace), workspace, from)? {
        return Ok(found);
    }
    Err(stakemap_core::Error::invalid(
        "backup",
        stakemap_core::error::Reason::CommandLine {
            message: format!(
                "{} was not found; `stakemap backups {}` lists the backups",
                from.display(),
                workspace.display()
            ),
        },
    ))
}

/// ", N backups left as they were (…)" when some backups could not be rewritten.
fn left_note(left: u32) -> String {
    if left == 0 {
        String::new()
    } else {
        format!("; {left} backups that do not open with the old password or fail the checks were left as they were")
    }
}
