//! `stakemap import`: the generic CSV files, or one people file of another layout, with
//! its plan printed as the user reads it.

use std::path::Path;

use stakemap_core::backup::BackupReason;
use stakemap_core::import::{self, read_capped, ImportOptions, ImportPlan, ImportSource, Preset};
use stakemap_core::Workspace;

use crate::report::{term_field, term_text};
use crate::workspace::{backup_before, emit, open_workspace};

pub fn import(
    file: &Path,
    account: &str,
    people: &Path,
    relations: Option<&Path>,
) -> stakemap_core::Result<()> {
    let people = read_capped("people file", people, import::MAX_GENERIC_BYTES)?;
    let relations = relations
        .map(|path| read_capped("relations file", path, import::MAX_GENERIC_BYTES))
        .transpose()?;
    let existed = file.exists();
    let mut ws = open_workspace(file)?;
    let result = if existed {
        backup_before(&ws, BackupReason::Import)
    } else {
        Ok(())
    }
    .and_then(|()| import::import_generic(&mut ws, account, &people, relations.as_deref()));
    drop(ws);
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            // A workspace this command created stays absent when nothing could be imported.
            if !existed {
                let _ = std::fs::remove_file(file);
            }
            return Err(e);
        }
    };
    println!(
        "Imported into \"{}\" in {}: {} people added, {} updated; {} lines added, {} updated.",
        term_field(&report.account_name),
        file.display(),
        report.people_added,
        report.people_updated,
        report.lines_added,
        report.lines_updated
    );
    Ok(())
}

/// How `import --file` runs.
pub struct FileImport {
    pub preset: Option<Preset>,
    pub options: ImportOptions,
    pub dry_run: bool,
    pub skip_bad_rows: bool,
}

/// "… and 12 more" when a list was cut.
fn more(shown: usize, count: u32, out: &mut String) {
    let count = count as usize;
    if count > shown {
        out.push_str(&format!("  … and {} more\n", count - shown));
    }
}

/// The plan as the user reads it: what the file is, what would change, and every row or
/// manager that needs attention, with its line.
fn plan_text(plan: &ImportPlan) -> String {
    let mut out = String::new();
    let preset = plan
        .preset
        .map(|p| format!(", preset {}", p.as_str().replace('_', "-")))
        .unwrap_or_default();
    let header = if plan.header_line > 0 {
        format!(", header on line {}", plan.header_line)
    } else {
        String::new()
    };
    out.push_str(&format!(
        "File: {} ({}, {}{preset}{header})\n",
        plan.file_name, plan.kind, plan.encoding
    ));
    if plan.header_line > 0 {
        let columns: Vec<String> = plan
            .columns
            .iter()
            .zip(&plan.mapping)
            .map(|(c, f)| format!("{c} → {f}"))
            .collect();
        out.push_str(&format!("Columns: {}\n", columns.join(", ")));
    }
    out.push_str(&format!(
        "Account: \"{}\"{}\n",
        plan.account_name,
        if plan.account_exists { "" } else { " (new)" }
    ));
    out.push_str(&format!(
        "{} records: {} to add, {} to update, {} unchanged, {} rejected\n",
        plan.total_records,
        plan.added_count,
        plan.updated_count,
        plan.unchanged,
        plan.rejected_count
    ));
    out.push_str(&format!(
        "Reporting lines: {} to add, {} to change\n",
        plan.reporting_added, plan.reporting_changed
    ));
    if !plan.rejected.is_empty() {
        out.push_str("Rejected rows (not imported):\n");
        for r in &plan.rejected {
            out.push_str(&format!("  line {}: {}\n", r.line, r.english()));
        }
        more(plan.rejected.len(), plan.rejected_count, &mut out);
    }
    if !plan.updated.is_empty() {
        out.push_str("Changes:\n");
        for u in &plan.updated {
            let changes: Vec<String> = u
                .changes
                .iter()
                .map(|c| format!("{} \"{}\" → \"{}\"", c.field, c.before, c.after))
                .collect();
            out.push_str(&format!(
                "  line {} {}: {}\n",
                u.line,
                u.name,
                changes.join("; ")
            ));
        }
        more(plan.updated.len(), plan.updated_count, &mut out);
    }
    out.push_str(&notes_text(plan, "Managers not found:"));
    out
}

/// The ambiguous managers, the managers not found (under `heading`) and the notes of an
/// import plan.
fn notes_text(plan: &ImportPlan, heading: &str) -> String {
    let mut out = ambiguity_text(plan);
    if !plan.unmatched_managers.is_empty() {
        out.push_str(heading);
        out.push('\n');
        for r in &plan.unmatched_managers {
            out.push_str(&format!("  line {}: {}\n", r.line, r.english()));
        }
        more(
            plan.unmatched_managers.len(),
            plan.unmatched_managers_count,
            &mut out,
        );
    }
    for w in &plan.warnings {
        out.push_str(&format!("Note: {}\n", w.english()));
    }
    out
}

fn ambiguity_text(plan: &ImportPlan) -> String {
    let mut out = String::new();
    if plan.ambiguous.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "Ambiguous managers ({} people are imported without a manager; set it on the map):\n",
        plan.ambiguous_count
    ));
    for a in &plan.ambiguous {
        let candidates: Vec<String> = a
            .candidates
            .iter()
            .map(|c| {
                let place = c.line.map_or_else(
                    || "already on the account".to_string(),
                    |l| format!("line {l}"),
                );
                let about: Vec<&str> = [c.title.as_str(), c.department.as_str()]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect();
                if about.is_empty() {
                    format!("{} ({place})", c.name)
                } else {
                    format!("{} ({}, {place})", c.name, about.join(", "))
                }
            })
            .collect();
        out.push_str(&format!(
            "  line {}: {}'s manager \"{}\" could be {}\n",
            a.line,
            a.name,
            a.manager_text,
            candidates.join(" or ")
        ));
    }
    more(plan.ambiguous.len(), plan.ambiguous_count, &mut out);
    out
}

pub fn import_file(
    workspace: &Path,
    account: &str,
    file: &Path,
    how: &FileImport,
) -> stakemap_core::Result<()> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let source = ImportSource {
        file_name: name.clone(),
        // A file too big to import is refused before it is read whole.
        bytes: read_capped("file", file, import::sheet::MAX_FILE_BYTES)?,
        preset: how.preset,
        mapping: None,
        options: how.options,
        resolutions: Vec::new(),
        keep: Vec::new(),
    };
    let existed = workspace.exists();
    if how.dry_run {
        // A dry run creates no workspace: a new one is planned against an empty database.
        let ws = if existed {
            open_workspace(workspace)?
        } else {
            Workspace::open(":memory:")?
        };
        let plan = import::plan_import(&ws, account, &source)?;
        emit(&term_text(&plan_text(&plan)))?;
        return emit("Dry run: nothing was written.\n");
    }
    let mut ws = open_workspace(workspace)?;
    let result = (|| {
        let plan = import::plan_import(&ws, account, &source)?;
        if plan.rejected_count > 0 && !how.skip_bad_rows {
            let mut rows: Vec<String> = plan
                .rejected
                .iter()
                .map(|r| format!("{name} line {}: {}", r.line, r.english()))
                .collect();
            if plan.rejected_count as usize > rows.len() {
                rows.push(format!(
                    "… and {} more rows",
                    plan.rejected_count as usize - rows.len()
                ));
            }
            rows.push("(or import the other rows with --skip-bad-rows)".to_string());
            return Err(stakemap_core::Error::ImportRejected { rows });
        }
        if existed {
            backup_before(&ws, BackupReason::Import)?;
        }
        let report = import::apply_import(&mut ws, account, &source, &mut |_, _| {})?;
        Ok((plan, report))
    })();
    drop(ws);
    let (plan, report) = match result {
        Ok(done) => done,
        Err(e) => {
            // A workspace this command created stays absent when nothing was imported.
            if !existed {
                let _ = std::fs::remove_file(workspace);
            }
            return Err(e);
        }
    };
    let mut out = String::new();
    if report.skipped > 0 {
        out.push_str("Skipped rows (not imported):\n");
        for r in &plan.rejected {
            out.push_str(&format!("  line {}: {}\n", r.line, r.english()));
        }
        more(plan.rejected.len(), plan.rejected_count, &mut out);
    }
    out.push_str(&notes_text(
        &plan,
        "Managers not found (imported without a manager):",
    ));
    out.push_str(&format!(
        "Imported {name} into \"{}\" in {}: {} people added, {} updated, {} unchanged, {} rows skipped; {} reporting lines added, {} changed.\n",
        report.account_name,
        workspace.display(),
        report.added,
        report.updated,
        report.unchanged,
        report.skipped,
        report.lines_added,
        report.lines_changed
    ));
    emit(&term_text(&out))
}
