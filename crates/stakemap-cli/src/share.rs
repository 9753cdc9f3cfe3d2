//! `demo`, `accounts`, `export` and `merge`; `import` is in [`crate::import`].

use std::path::Path;

use stakemap_core::backup::BackupReason;
use stakemap_core::export::{self, ExportOptions, Redaction};
use stakemap_core::import::ImportOptions;
use stakemap_core::{demo, merge, Lang, Workspace};

use crate::args::{lang_or_system, LangArg, PresetArg, ShareCommand};
use crate::import::{import, import_file, FileImport};
use crate::report::term_field;
use crate::workspace::{backup_before, emit, find_account, key_for, open_existing, open_workspace};

pub fn run(command: ShareCommand) -> stakemap_core::Result<()> {
    match command {
        ShareCommand::Demo { file, lang } => {
            let lang = lang_or_system(lang);
            let mut ws = Workspace::create_new(&file)?;
            let account = demo::create_demo(&mut ws, lang)?;
            let map = ws.account_map(&account.id)?;
            println!(
                "Wrote {}: account \"{}\" with {} people and {} lines.",
                file.display(),
                term_field(&account.name),
                map.people.len(),
                map.relations.len()
            );
        }
        ShareCommand::Import {
            workspace,
            account,
            people,
            relations,
            file,
            preset,
            match_email,
            match_name,
            dry_run,
            skip_bad_rows,
        } => match (people, file) {
            (Some(_), None) if preset.is_some() || match_email || match_name || dry_run || skip_bad_rows => {
                return Err(stakemap_core::Error::invalid(
                    "import",
                    stakemap_core::error::Reason::CommandLine { message: "--preset, --match-email, --match-name, --dry-run and --skip-bad-rows go with --file, not with --people".into() },
                ))
            }
            (None, Some(_)) if relations.is_some() => {
                return Err(stakemap_core::Error::invalid(
                    "import",
                    stakemap_core::error::Reason::CommandLine { message: "--relations goes with --people (the generic CSV files), not with --file".into() },
                ))
            }
            (Some(_), None) if account.is_none() => {
                return Err(stakemap_core::Error::invalid(
                    "import",
                    stakemap_core::error::Reason::CommandLine { message: "--people needs --account, the account to import into".into() },
                ))
            }
            (Some(people), None) => import(
                &workspace,
                account.as_deref().unwrap_or_default(),
                &people,
                relations.as_deref(),
            )?,
            (None, Some(file)) => import_file(
                &workspace,
                account.as_deref().unwrap_or_default(),
                &file,
                &FileImport {
                    preset: preset.and_then(PresetArg::preset),
                    options: ImportOptions {
                        match_email,
                        match_name,
                    },
                    dry_run,
                    skip_bad_rows,
                },
            )?,
            _ => {
                return Err(stakemap_core::Error::invalid(
                    "import",
                    stakemap_core::error::Reason::CommandLine { message: "give exactly one of --people (the generic CSV files) and --file".into() },
                ))
            }
        },
        ShareCommand::Accounts { file, json } => {
            let ws = open_existing(&file)?;
            let mut rows = Vec::new();
            for a in ws.accounts()? {
                let map = ws.account_map(&a.id)?;
                rows.push((a, map.people.len(), map.relations.len()));
            }
            if json {
                let list: Vec<_> = rows
                    .iter()
                    .map(|(a, people, lines)| {
                        serde_json::json!({"id": a.id, "name": a.name, "people": people, "lines": lines})
                    })
                    .collect();
                emit(&serde_json::to_string_pretty(&list).expect("JSON of accounts"))?;
            } else {
                for (a, people, lines) in rows {
                    println!(
                        "{}\t{}\t{people} people\t{lines} lines",
                        term_field(&a.id),
                        term_field(&a.name)
                    );
                }
            }
        }
        ShareCommand::Export {
            workspace,
            account,
            format,
            out,
            redact,
            no_redact,
            scale,
            page,
            view,
            lang,
        } => {
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let format = format.format();
            let mut opts = ExportOptions::new(format);
            if redact || (format.is_for_outside() && !no_redact) {
                opts.redaction = Redaction::all();
            }
            opts.scale = Some(scale);
            opts.page = Some(page.page());
            opts.view = Some(view.view());
            opts.lang = Some(match lang {
                LangArg::En => Lang::En,
                LangArg::Ja => Lang::Ja,
            });
            let written = export::export_to(&ws, &account.id, &opts, &out)?;
            for path in written {
                println!("Wrote {}", path.display());
            }
            if opts.redaction.any() {
                println!("Left out: ratings, notes, portraits and negative influence lines.");
            }
        }
        ShareCommand::Merge {
            workspace,
            from,
            theirs,
            dry_run,
        } => merge_file(&workspace, &from, theirs, dry_run)?,
    }
    Ok(())
}

/// `stakemap merge`: previews, then applies in one transaction.
fn merge_file(
    workspace: &Path,
    from: &Path,
    theirs: bool,
    dry_run: bool,
) -> stakemap_core::Result<()> {
    let is_json = from
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let docs = if is_json {
        let bytes =
            stakemap_core::import::read_capped("file", from, stakemap_core::doc::MAX_JSON_BYTES)?;
        let name = from.file_name().map_or_else(
            || from.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        stakemap_core::doc::read_json_docs(&name, &bytes)?
    } else {
        merge::read_workspace_docs(from, key_for(from)?)?
    };
    let existed = workspace.exists();
    // A dry run creates no workspace: a missing one is previewed against an empty database.
    let mut ws = if existed || !dry_run {
        open_workspace(workspace)?
    } else {
        Workspace::open(":memory:")?
    };
    let result = merge_into(&mut ws, &docs, theirs, dry_run, existed);
    drop(ws);
    if result.is_err() && !existed && !dry_run {
        // A workspace this command created stays absent when nothing was merged.
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = workspace.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(name));
        }
    }
    result
}

/// Previews and (unless `dry_run`) applies a merge into an open workspace.
fn merge_into(
    ws: &mut Workspace,
    docs: &[stakemap_core::doc::AccountDoc],
    theirs: bool,
    dry_run: bool,
    existed: bool,
) -> stakemap_core::Result<()> {
    let preview = merge::merge_preview(ws, docs)?;
    let mut take = Vec::new();
    for a in &preview.accounts {
        println!(
            "{}{}: {} people and {} lines to add, {} conflicts",
            term_field(&a.name),
            if a.is_new { " (new account)" } else { "" },
            a.people_added_count,
            a.lines_added_count,
            a.conflicts.len()
        );
        for c in &a.conflicts {
            println!("  {}:", term_field(&c.label));
            for f in &c.fields {
                println!(
                    "    {}: mine \"{}\", theirs \"{}\"",
                    f.field,
                    term_field(&f.mine),
                    term_field(&f.theirs)
                );
            }
            if theirs {
                take.push(c.key.clone());
            }
        }
    }
    if dry_run {
        println!("Dry run: nothing was written.");
        return Ok(());
    }
    if existed {
        backup_before(ws, BackupReason::Merge)?;
    }
    let report = merge::merge_apply(ws, docs, &take)?;
    println!(
        "Merged: {} accounts added, {} people added, {} updated, {} lines added, {} updated.",
        report.accounts_added,
        report.people_added,
        report.people_updated,
        report.lines_added,
        report.lines_updated
    );
    Ok(())
}
