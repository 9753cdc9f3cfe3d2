//! `stakemap`: the command-line side of Stakemap.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, OnceLock};

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};
use stakemap_core::analysis::DEFAULT_THRESHOLD;
use stakemap_core::backup::{self, BackupInfo, BackupReason};
use stakemap_core::export::{self, ExportFormat, ExportOptions, PageSize, Redaction};
use stakemap_core::import::{ImportOptions, ImportPlan, ImportSource, Preset};
use stakemap_core::{demo, import, merge, Account, Lang, Password, SystemClock, Workspace};

mod bench;
mod report;

#[derive(Parser)]
#[command(
    name = "stakemap",
    version,
    about = "Map a customer's decision network: people, ratings, reporting and influence lines.",
    long_about = "Map a customer's decision network: people, ratings, reporting and influence lines.\n\n\
                  A workspace is one SQLite file (suggested extension .stakemap) that holds every \
                  account; the desktop app and this command read and write the same files.\n\n\
                  Backups: before import and merge write, and before a workspace of an older \
                  format is migrated, a backup is taken (SQLite VACUUM INTO) to \
                  .stakemap-backups beside the workspace file, or to --backups DIR. See the \
                  backups, backup and restore commands."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The folder of the backups (default: .stakemap-backups beside the workspace file;
    /// the desktop app keeps its own in its data folder, under backups/).
    #[arg(long, global = true, value_name = "DIR")]
    backups: Option<PathBuf>,
    /// Read the password of an encrypted workspace from the first line of standard input
    /// (it is tried on every encrypted file the command opens).
    #[arg(long, global = true)]
    password_stdin: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Ja,
}

/// The layout of a `--file`: guessed from its header, or one of the known exports.
#[derive(Clone, Copy, ValueEnum)]
enum PresetArg {
    Auto,
    Generic,
    Salesforce,
    Hubspot,
    BusinessCard,
    Organogram,
}

impl PresetArg {
    fn preset(self) -> Option<Preset> {
        match self {
            PresetArg::Auto => None,
            PresetArg::Generic => Some(Preset::Generic),
            PresetArg::Salesforce => Some(Preset::Salesforce),
            PresetArg::Hubspot => Some(Preset::Hubspot),
            PresetArg::BusinessCard => Some(Preset::BusinessCard),
            PresetArg::Organogram => Some(Preset::Organogram),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Svg,
    Png,
    Pdf,
    Csv,
    Json,
    Graphml,
    Html,
}

impl FormatArg {
    fn format(self) -> ExportFormat {
        match self {
            FormatArg::Svg => ExportFormat::Svg,
            FormatArg::Png => ExportFormat::Png,
            FormatArg::Pdf => ExportFormat::Pdf,
            FormatArg::Csv => ExportFormat::Csv,
            FormatArg::Json => ExportFormat::Json,
            FormatArg::Graphml => ExportFormat::Graphml,
            FormatArg::Html => ExportFormat::Html,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum PageArg {
    Fit,
    A4,
    A3,
    Letter,
}

impl PageArg {
    fn page(self) -> PageSize {
        match self {
            PageArg::Fit => PageSize::Fit,
            PageArg::A4 => PageSize::A4,
            PageArg::A3 => PageSize::A3,
            PageArg::Letter => PageSize::Letter,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Write the demo account (a fictional manufacturer, 35 people) to a new workspace file.
    Demo {
        /// The workspace file to create; it must not exist yet.
        file: PathBuf,
        /// Language of the demo's names and titles (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Import people into an account, creating the workspace and the account if missing:
    /// either the generic CSV files (--people, --relations) or one people file of another
    /// layout (--file: a CRM or business-card CSV, an Excel workbook, a vCard file, a UK
    /// government organogram). Re-importing updates, never duplicates; a file with a bad row
    /// is refused whole, with every bad line listed.
    #[command(
        group(ArgGroup::new("input").required(true).args(["people", "file"])),
        after_help = "people.csv columns (any order; only id and name are required):\n  \
                      id,name,reading,title,department,side,roles,key,influence,intimacy,solution,price,notes\n\
                      relations.csv columns: from,to,kind,strength,sign,note\n  \
                      kind: reports_to, dotted_line, influence or covers; strength 1-3; sign + or -\n\n\
                      --file reads CSV (UTF-8 or Shift_JIS; comma, semicolon or tab), .xlsx (first sheet) and \
                      .vcf. Title lines above the header are skipped. A person is found again by the id the \
                      file gives them (and, with --match-email / --match-name, by e-mail or name; people \
                      without an id always are). Managers are found by id or by name; a name that fits \
                      several people is listed and the person imported without a manager."
    )]
    Import {
        /// The workspace file (created if it does not exist).
        workspace: PathBuf,
        /// The account to import into (created if missing).
        #[arg(long)]
        account: String,
        /// The people CSV file of the generic format.
        #[arg(long)]
        people: Option<PathBuf>,
        /// The relations CSV file (lines between people); with --people only.
        #[arg(long)]
        relations: Option<PathBuf>,
        /// A people file: CSV, Excel workbook (.xlsx) or vCard (.vcf).
        #[arg(long)]
        file: Option<PathBuf>,
        /// The layout of --file (default: guessed from its header).
        #[arg(long, value_enum)]
        preset: Option<PresetArg>,
        /// Also find stored people by e-mail (case-insensitive).
        #[arg(long)]
        match_email: bool,
        /// Also find stored people by name (spaces, case and full-width letters aside).
        #[arg(long)]
        match_name: bool,
        /// Print what the import would do and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Import the good rows of a file that has bad ones (which are listed and skipped).
        #[arg(long)]
        skip_bad_rows: bool,
    },
    /// Print the accounts of a workspace, with their numbers of people and lines.
    Accounts {
        /// The workspace file.
        file: PathBuf,
        /// Print JSON (id, name, people, lines) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export an account's map: a picture (svg, png, pdf), data (csv, json, graphml) or
    /// one HTML file to open in any browser. The same files as the app's Export.
    #[command(
        after_help = "Pictures and the HTML viewer are meant for outside the team: they leave out \
                      ratings, notes, portraits (notes, e-mail, phone) and negative influence lines \
                      unless --no-redact is given. --redact leaves them out of every format.\n\
                      csv writes people to --out and lines beside it (NAME.relations.csv)."
    )]
    Export {
        /// The workspace file.
        workspace: PathBuf,
        /// The account to export.
        #[arg(long)]
        account: String,
        #[arg(long, value_enum)]
        format: FormatArg,
        /// The file to write (an existing file is replaced).
        #[arg(long)]
        out: PathBuf,
        /// Leave out ratings, notes, portraits and negative influence lines.
        #[arg(long, conflicts_with = "no_redact")]
        redact: bool,
        /// Keep the private parts in a picture or HTML export.
        #[arg(long)]
        no_redact: bool,
        /// PNG: pixels per map unit (1 to 8; 2 or more for slides).
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
        /// PDF: the page, fitted to the map or a paper size.
        #[arg(long, value_enum, default_value = "fit")]
        page: PageArg,
        /// Language of the legend and labels.
        #[arg(long, value_enum, default_value = "en")]
        lang: LangArg,
    },
    /// Merge a colleague's workspace file or JSON export into a workspace: new accounts,
    /// people and lines are added; where both sides changed the same item, yours is kept
    /// unless --theirs is given.
    Merge {
        /// Your workspace file.
        workspace: PathBuf,
        /// The colleague's .stakemap or .json file (it is only read).
        #[arg(long)]
        from: PathBuf,
        /// Take their version of every conflict.
        #[arg(long)]
        theirs: bool,
        /// Print what would change and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Analyse an account: who sways the key persons indirectly, coverage gaps, our
    /// approach paths, hidden central people and the map status.
    #[command(
        after_help = "Reach: the product of the line weights (weak 0.3, medium 0.6, strong 0.9) along \
                      the best path of influence lines. Coverage: from our staff along coverage \
                      lines and positive influence lines; a key person is weakly covered below \
                      0.5. Map status: green when every decision maker and approver accepts our \
                      solution (4 or 5), amber when some do, red when none do."
    )]
    Analyze {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// Print one JSON object instead of the report.
        #[arg(long)]
        json: bool,
        /// Least reach for an indirect key person, above 0 and at most 1.
        #[arg(long, default_value_t = DEFAULT_THRESHOLD, allow_negative_numbers = true)]
        threshold: f64,
        /// Language of the report (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Analyse this opportunity's decision chain (its name or id) on the deal's own
        /// graph: the account's lines with the deal's lines laid over; the JSON then also
        /// holds the chain, its missing buying roles and its map status.
        #[arg(long)]
        opportunity: Option<String>,
    },
    /// List the backups of a workspace, newest first: when and why each was taken, what it
    /// holds, and whether it passes the checks.
    Backups {
        /// The workspace file (it need not exist any more, e.g. after it was found damaged).
        workspace: PathBuf,
        /// Print JSON (path, taken_at, reason, size_bytes, accounts, people, lines, ok…).
        #[arg(long)]
        json: bool,
    },
    /// Back a workspace up now. Nothing new is written when it did not change since its
    /// newest backup. The file is only read (an older format is not migrated).
    Backup {
        /// The workspace file.
        workspace: PathBuf,
    },
    /// Put a backup back in place of a workspace. What it replaces is kept: backed up first
    /// (reason before-restore), or, when it is damaged, moved aside beside it as
    /// NAME.damaged-TIME. Close the workspace in the app first.
    Restore {
        /// The workspace file (it need not exist).
        workspace: PathBuf,
        /// The backup: a path, or a file name from `stakemap backups`.
        #[arg(long)]
        from: PathBuf,
    },
    /// Take a snapshot of an account for a review: its people, ratings, lines,
    /// opportunities and decision chains, frozen in the workspace file under a name.
    Snapshot {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// The snapshot's name, e.g. "FY26 Q3 review".
        #[arg(long)]
        name: String,
    },
    /// List an account's snapshots, newest first.
    Snapshots {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
    },
    /// Compare an account now (or at a snapshot) with a snapshot: people added and removed,
    /// ratings that moved, lines added and removed, coverage gaps opened and closed, the map
    /// status then and now.
    Compare {
        /// The workspace file.
        workspace: PathBuf,
        /// The account's name (or id).
        #[arg(long)]
        account: String,
        /// The earlier state: a snapshot's name or id (default: the newest snapshot).
        #[arg(long)]
        from: Option<String>,
        /// The later state: a snapshot's name or id (default: now).
        #[arg(long)]
        to: Option<String>,
        /// Print JSON instead of the summary.
        #[arg(long)]
        json: bool,
        /// Also write the printable summary (HTML) to this file.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Language of the summary (default: the system locale).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
    /// Encrypt a workspace with a password (SQLCipher: AES-256, a key derived from the
    /// password), or change its password; its backups are rewritten under the new one. The
    /// new password, at least 8 characters, is read from standard input: its first line,
    /// or its second with --password-stdin (the current password first).
    Encrypt {
        /// The workspace file.
        workspace: PathBuf,
    },
    /// Remove a workspace's encryption (its password is read with --password-stdin); its
    /// backups are rewritten unencrypted.
    Decrypt {
        /// The workspace file.
        workspace: PathBuf,
    },
    /// Time the analysis on a random account generated in memory (for scripts/bench.sh).
    #[command(hide = true)]
    BenchAnalysis {
        /// Customer-side people in the account.
        #[arg(long)]
        people: usize,
        /// Influence lines per person.
        #[arg(long, default_value_t = 2.5)]
        lines_per_person: f64,
        /// Seed of the random account.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Runs timed; the best is printed.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Write the people and lines as JSON here, for the networkx comparison.
        #[arg(long)]
        out_graph: Option<PathBuf>,
    },
    /// Time a CSV import of a generated account against a minimal rusqlite loop (for
    /// scripts/bench.sh).
    #[command(hide = true)]
    BenchImport {
        /// People in the account (as many influence lines, and a reporting tree).
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        /// Seed of the generated files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn system_lang() -> Lang {
    sys_locale::get_locale()
        .map(|l| Lang::from_locale(&l))
        .unwrap_or(Lang::En)
}

fn lang_or_system(lang: Option<LangArg>) -> Lang {
    match lang {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Ja) => Lang::Ja,
        None => system_lang(),
    }
}

/// `--backups`, when given.
static BACKUPS: OnceLock<Option<PathBuf>> = OnceLock::new();

/// `--password-stdin` was given.
static PASSWORD_STDIN: OnceLock<bool> = OnceLock::new();
/// The password read with `--password-stdin`, read once.
static PASSWORD: OnceLock<Option<Password>> = OnceLock::new();

/// The next line of standard input, a password (`what` names it in errors).
fn read_password_line(what: &str) -> stakemap_core::Result<zeroize::Zeroizing<String>> {
    use std::io::BufRead;
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let text = line.trim_end_matches(['\n', '\r']);
    if text.is_empty() {
        return Err(stakemap_core::Error::invalid(
            "password",
            format!("{what} was expected on a line of standard input"),
        ));
    }
    Ok(zeroize::Zeroizing::new(text.to_owned()))
}

/// The workspace password given with `--password-stdin`, if any.
fn password() -> stakemap_core::Result<Option<&'static Password>> {
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
fn backups_dir(workspace: &Path) -> PathBuf {
    BACKUPS
        .get()
        .cloned()
        .flatten()
        .unwrap_or_else(|| backup::beside(workspace))
}

/// Opens (or creates) a workspace; a file of an older format is backed up before it is
/// migrated.
fn open_workspace(file: &Path) -> stakemap_core::Result<Workspace> {
    let key = if stakemap_core::cipher::is_encrypted(file) {
        password()?
    } else {
        None
    };
    Workspace::open_keyed(file, Arc::new(SystemClock), Some(&backups_dir(file)), key)
}

/// The password to read `file` with: `--password-stdin`'s when the file is encrypted.
fn key_for(file: &Path) -> stakemap_core::Result<Option<&'static Password>> {
    if stakemap_core::cipher::is_encrypted(file) {
        password()
    } else {
        Ok(None)
    }
}

/// Opens an existing workspace (never creates one).
fn open_existing(file: &Path) -> stakemap_core::Result<Workspace> {
    if !file.exists() {
        return Err(stakemap_core::Error::invalid(
            "file",
            format!("{} does not exist", file.display()),
        ));
    }
    open_workspace(file)
}

/// A backup of a workspace that was there before this command, before it writes.
fn backup_before(ws: &Workspace, reason: BackupReason) -> stakemap_core::Result<()> {
    backup::take_backup(ws, &backups_dir(ws.path()), reason)?;
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
            b.problem.as_deref().unwrap_or("it fails the checks")
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
    if from.exists() {
        return Ok(from.to_path_buf());
    }
    let is_bare_name = match from.parent() {
        Some(p) => p.as_os_str().is_empty(),
        None => true,
    };
    if is_bare_name {
        let candidate = backup::backup_folder(&backups_dir(workspace), workspace)?.join(from);
        if candidate.exists() {
            return Ok(candidate);
        }
    }
    Err(stakemap_core::Error::invalid(
        "backup",
        format!(
            "{} was not found; `stakemap backups {}` lists the backups",
            from.display(),
            workspace.display()
        ),
    ))
}

/// Pretty JSON with a final newline.
fn to_json<T: serde::Serialize>(value: &T) -> stakemap_core::Result<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| stakemap_core::Error::invalid("json", e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// The opportunity of `account` with this name, or else this id; an error listing them.
fn find_opportunity(
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
        format!(
            "the account \"{}\" has no opportunity named \"{}\" (its opportunities: {})",
            account.name,
            name.trim(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ),
    ))
}

/// The account with this name, or else this id; an error naming it and listing the
/// accounts there are.
fn find_account(ws: &Workspace, name: &str) -> stakemap_core::Result<Account> {
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
        format!(
            "there is no account named \"{}\" in {} (its accounts: {})",
            name.trim(),
            ws.path().display(),
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ),
    ))
}

fn run(cli: Cli) -> stakemap_core::Result<()> {
    match cli.command {
        Command::Demo { file, lang } => {
            let lang = lang_or_system(lang);
            let mut ws = Workspace::create_new(&file)?;
            let account = demo::create_demo(&mut ws, lang)?;
            let map = ws.account_map(&account.id)?;
            println!(
                "Wrote {}: account \"{}\" with {} people and {} lines.",
                file.display(),
                account.name,
                map.people.len(),
                map.relations.len()
            );
        }
        Command::Import {
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
                    "--preset, --match-email, --match-name, --dry-run and --skip-bad-rows go with --file, not with --people",
                ))
            }
            (None, Some(_)) if relations.is_some() => {
                return Err(stakemap_core::Error::invalid(
                    "import",
                    "--relations goes with --people (the generic CSV files), not with --file",
                ))
            }
            (Some(people), None) => import(&workspace, &account, &people, relations.as_deref())?,
            (None, Some(file)) => import_file(
                &workspace,
                &account,
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
                    "give exactly one of --people (the generic CSV files) and --file",
                ))
            }
        },
        Command::Accounts { file, json } => {
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
                    println!("{}\t{}\t{people} people\t{lines} lines", a.id, a.name);
                }
            }
        }
        Command::Export {
            workspace,
            account,
            format,
            out,
            redact,
            no_redact,
            scale,
            page,
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
        Command::Merge {
            workspace,
            from,
            theirs,
            dry_run,
        } => merge(&workspace, &from, theirs, dry_run)?,
        Command::Analyze {
            workspace,
            account,
            json,
            threshold,
            lang,
            opportunity,
        } => {
            let threshold = stakemap_core::analysis::check_threshold(threshold)?;
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let lang = lang_or_system(lang);
            let text = match opportunity {
                None => {
                    let analysis = ws.analyze(&account.id, threshold)?;
                    if json {
                        to_json(&analysis)?
                    } else {
                        let people = ws.people(&account.id)?;
                        report::render(&account.name, &people, &analysis, lang)
                    }
                }
                Some(name) => {
                    let opp = find_opportunity(&ws, &account, &name)?;
                    let deal = ws.analyze_opportunity(&opp.id, threshold)?;
                    if json {
                        to_json(&deal)?
                    } else {
                        let people = stakemap_core::deal::deal_people(
                            &ws.people(&account.id)?,
                            &deal.members,
                        );
                        report::render_deal(&account.name, &people, &deal, lang)
                    }
                }
            };
            emit(&text)?;
        }
        Command::Backups { workspace, json } => {
            let dir = backups_dir(&workspace);
            let list = backup::list_backups(&dir, &workspace, key_for(&workspace)?)?;
            if json {
                let mut text = serde_json::to_string_pretty(&list)
                    .map_err(|e| stakemap_core::Error::invalid("backups", e.to_string()))?;
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
        Command::Backup { workspace } => {
            if !workspace.is_file() {
                return Err(stakemap_core::Error::invalid(
                    "file",
                    format!("{} does not exist", workspace.display()),
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
        Command::Restore { workspace, from } => {
            let dir = backups_dir(&workspace);
            let from = find_backup(&workspace, &from)?;
            let key = key_for(&from)?;
            let kept = backup::restore_backup(&workspace, &from, &dir, key)?;
            let what = backup::backup_info(&from, key)
                .map(|b| format!(" (taken {}, {})", b.taken_at, b.reason.as_str()))
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
        Command::BenchAnalysis {
            people,
            lines_per_person,
            seed,
            runs,
            out_graph,
        } => bench::run(people, lines_per_person, seed, runs, out_graph.as_deref())?,
        Command::BenchImport { people, seed } => bench::run_import(people, seed)?,
        Command::Snapshot {
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
        Command::Snapshots { workspace, account } => {
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let list = ws.snapshots(&account.id)?;
            if list.is_empty() {
                println!("\"{}\" has no snapshots yet.", account.name);
            }
            for s in list {
                println!("{}\t{}\t{} people\t{} lines\t{}", s.taken_at, s.name, s.people, s.lines, s.id);
            }
        }
        Command::Compare {
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
                            format!(
                                "\"{}\" has no snapshot named \"{}\"; `stakemap snapshots` lists them",
                                account.name,
                                name.trim()
                            ),
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
                            format!(
                                "\"{}\" has no snapshot to compare with; take one with `stakemap snapshot`",
                                account.name
                            ),
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
        Command::Encrypt { workspace } => {
            let mut ws = open_existing(&workspace)?;
            let new = read_password_line("the new password")?;
            let new = Password::new_for_encryption(new.as_str())?;
            let was = ws.is_encrypted();
            let dir = backups_dir(&workspace);
            let done = ws.change_password(Some(&new), Some(&dir))?;
            println!(
                "{} {} ({} backups rewritten under the new password{}).",
                if was { "Changed the password of" } else { "Encrypted" },
                workspace.display(),
                done.backups_rewritten,
                left_note(done.backups_left)
            );
        }
        Command::Decrypt { workspace } => {
            let mut ws = open_existing(&workspace)?;
            if !ws.is_encrypted() {
                return Err(stakemap_core::Error::invalid(
                    "file",
                    format!("{} is not encrypted", workspace.display()),
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

/// ", N backups left as they were (…)" when some backups could not be rewritten.
fn left_note(left: u32) -> String {
    if left == 0 {
        String::new()
    } else {
        format!("; {left} backups that do not open with the old password or fail the checks were left as they were")
    }
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
/// `stakemap merge`: previews, then applies in one transaction.
fn merge(workspace: &Path, from: &Path, theirs: bool, dry_run: bool) -> stakemap_core::Result<()> {
    let is_json = from
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let docs = if is_json {
        let bytes = read_input("file", from)?;
        let name = from.file_name().map_or_else(
            || from.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        merge::read_json_docs(&name, &bytes)?
    } else {
        merge::read_workspace_docs(from, key_for(from)?)?
    };
    let existed = workspace.exists();
    let mut ws = open_workspace(workspace)?;
    let preview = merge::merge_preview(&ws, &docs)?;
    let mut take = Vec::new();
    for a in &preview.accounts {
        println!(
            "{}{}: {} people and {} lines to add, {} conflicts",
            a.name,
            if a.is_new { " (new account)" } else { "" },
            a.people_added_count,
            a.lines_added_count,
            a.conflicts.len()
        );
        for c in &a.conflicts {
            println!("  {}:", c.label);
            for f in &c.fields {
                println!(
                    "    {}: mine \"{}\", theirs \"{}\"",
                    f.field, f.mine, f.theirs
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
        backup_before(&ws, BackupReason::Merge)?;
    }
    let report = merge::merge_apply(&mut ws, &docs, &take)?;
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

fn emit(text: &str) -> stakemap_core::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn read_input(what: &str, path: &Path) -> stakemap_core::Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        stakemap_core::Error::invalid(what, format!("cannot read {}: {e}", path.display()))
    })
}

fn import(
    file: &Path,
    account: &str,
    people: &Path,
    relations: Option<&Path>,
) -> stakemap_core::Result<()> {
    let people = read_input("people file", people)?;
    let relations = relations
        .map(|path| read_input("relations file", path))
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
        report.account_name,
        file.display(),
        report.people_added,
        report.people_updated,
        report.lines_added,
        report.lines_updated
    );
    Ok(())
}

/// How `import --file` runs.
struct FileImport {
    preset: Option<Preset>,
    options: ImportOptions,
    dry_run: bool,
    skip_bad_rows: bool,
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
            out.push_str(&format!("  line {}: {}\n", r.line, r.reason));
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
            out.push_str(&format!("  line {}: {}\n", r.line, r.reason));
        }
        more(
            plan.unmatched_managers.len(),
            plan.unmatched_managers_count,
            &mut out,
        );
    }
    for w in &plan.warnings {
        out.push_str(&format!("Note: {w}\n"));
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

fn import_file(
    workspace: &Path,
    account: &str,
    file: &Path,
    how: &FileImport,
) -> stakemap_core::Result<()> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Refuse a file too big to import before reading it.
    let size = std::fs::metadata(file)
        .map_err(|e| {
            stakemap_core::Error::invalid("file", format!("cannot read {}: {e}", file.display()))
        })?
        .len();
    if size > import::sheet::MAX_FILE_BYTES as u64 {
        return Err(stakemap_core::Error::refused(
            &name,
            format!(
                "the file is {} MiB; the largest file Stakemap imports is {} MiB. Split it into smaller files and import them one by one",
                size >> 20,
                import::sheet::MAX_FILE_BYTES >> 20
            ),
        ));
    }
    let source = ImportSource {
        file_name: name.clone(),
        bytes: read_input("file", file)?,
        preset: how.preset,
        mapping: None,
        options: how.options,
        resolutions: Vec::new(),
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
        emit(&plan_text(&plan))?;
        return emit("Dry run: nothing was written.\n");
    }
    let mut ws = open_workspace(workspace)?;
    let result = (|| {
        let plan = import::plan_import(&ws, account, &source)?;
        if plan.rejected_count > 0 && !how.skip_bad_rows {
            let mut rows: Vec<String> = plan
                .rejected
                .iter()
                .map(|r| format!("{name} line {}: {}", r.line, r.reason))
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
            out.push_str(&format!("  line {}: {}\n", r.line, r.reason));
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
    emit(&out)
}

/// The workspace a command would write, if it writes one: import, merge and restore (not
/// their dry runs). Read-only commands and `backup` (which only reads the workspace) work
/// while the app has the workspace open; `demo` only creates new files.
fn written_workspace(command: &Command) -> Option<&Path> {
    match command {
        Command::Import {
            workspace, dry_run, ..
        }
        | Command::Merge {
            workspace, dry_run, ..
        } => (!dry_run).then_some(workspace.as_path()),
        Command::Restore { workspace, .. }
        | Command::Snapshot { workspace, .. }
        | Command::Encrypt { workspace }
        | Command::Decrypt { workspace } => Some(workspace),
        _ => None,
    }
}

/// Why the command must not write `workspace`: the app has it open ("one writer").
fn held_message(workspace: &Path) -> Option<String> {
    let hold = stakemap_core::hold::held_by_app(workspace)?;
    let on_host = if hold.is_this_host() {
        String::new()
    } else {
        format!(" on {}", hold.host)
    };
    Some(format!(
        "{} is open in the Stakemap app{on_host} (process {} since {}); close it there, or work \
         on a copy (File → Save workspace as), then try again. Nothing was changed.\n\
         stakemap: if the app is not running any more, delete {} and try again.",
        workspace.display(),
        hold.pid,
        hold.since_local(),
        stakemap_core::hold::hold_path(workspace).display()
    ))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = BACKUPS.set(cli.backups.clone());
    let _ = PASSWORD_STDIN.set(cli.password_stdin);
    if let Some(message) = written_workspace(&cli.command).and_then(held_message) {
        eprintln!("stakemap: {message}");
        return ExitCode::FAILURE;
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stakemap: {e}");
            if let stakemap_core::Error::Encrypted { .. } = &e {
                eprintln!("stakemap: give its password on standard input with --password-stdin");
            }
            if let stakemap_core::Error::Corrupt { path, .. } = &e {
                eprintln!(
                    "stakemap: its backups: stakemap backups {0}; put one back: stakemap restore {0} --from BACKUP",
                    path.display()
                );
            }
            ExitCode::FAILURE
        }
    }
}
