//! `snapshot`, `snapshots` and `compare`: the reviews of an account.

use stakemap_core::analysis::DEFAULT_THRESHOLD;

use crate::args::{lang_or_system, ReviewCommand};
use crate::report;
use crate::workspace::{emit, find_account, open_existing, to_json};

pub fn run(command: ReviewCommand) -> stakemap_core::Result<()> {
    match command {
        ReviewCommand::Snapshot {
            workspace,
            account,
            name,
        } => {
            let mut ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let s = ws.take_snapshot(&account.id, &name)?;
            println!(
                "Took snapshot \"{}\" of \"{}\" at {} ({} people, {} lines).",
                s.name, account.name, s.taken_at, s.people, s.lines
            );
        }
        ReviewCommand::Snapshots { workspace, account } => {
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let list = ws.snapshots(&account.id)?;
            if list.is_empty() {
                println!("\"{}\" has no snapshots yet.", account.name);
            }
            for s in list {
                println!(
                    "{}\t{}\t{} people\t{} lines\t{}",
                    s.taken_at, s.name, s.people, s.lines, s.id
                );
            }
        }
        ReviewCommand::Compare {
            workspace,
            account,
            from,
            to,
            json,
            html,
            lang,
        } => {
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let snaps = ws.snapshots(&account.id)?;
            let pick = |name: &str| -> stakemap_core::Result<stakemap_core::review::State> {
                snaps
                    .iter()
                    .find(|s| s.name == name.trim() || s.id == name.trim())
                    .map(|s| stakemap_core::review::State::Snapshot(s.id.clone()))
                    .ok_or_else(|| {
                        stakemap_core::Error::invalid(
                            "snapshot",
                            stakemap_core::error::Reason::CommandLine { message: format!(
                                "\"{}\" has no snapshot named \"{}\"; `stakemap snapshots` lists them",
                                account.name,
                                name.trim()
                            ) },
                        )
                    })
            };
            let before = match &from {
                Some(n) => pick(n)?,
                None => snaps
                    .first()
                    .map(|s| stakemap_core::review::State::Snapshot(s.id.clone()))
                    .ok_or_else(|| {
                        stakemap_core::Error::invalid(
                            "snapshot",
                            stakemap_core::error::Reason::CommandLine { message: format!(
                                "\"{}\" has no snapshot to compare with; take one with `stakemap snapshot`",
                                account.name
                            ) },
                        )
                    })?,
            };
            let after = match &to {
                Some(n) => pick(n)?,
                None => stakemap_core::review::State::Now,
            };
            let c = ws.compare(&account.id, &before, &after, DEFAULT_THRESHOLD)?;
            let lang = lang_or_system(lang);
            if let Some(path) = html {
                std::fs::write(&path, stakemap_core::review::summary_html(&c, lang))?;
            }
            if json {
                emit(&to_json(&c)?)?;
            } else {
                emit(&report::render_comparison(&c, lang))?;
            }
        }
    }
    Ok(())
}
