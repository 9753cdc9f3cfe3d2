//! `stakemap`: the command-line side of Stakemap.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stakemap_core::analysis::DEFAULT_THRESHOLD;
use stakemap_core::{demo, import, Account, Lang, Workspace};

mod bench;
mod report;

#[derive(Parser)]
#[command(
    name = "stakemap",
    version,
    about = "Map a customer's decision network: people, ratings, reporting and influence lines.",
    long_about = "Map a customer's decision network: people, ratings, reporting and influence lines.\n\n\
                  A workspace is one SQLite file (suggested extension .stakemap) that holds every \
                  account; the desktop app and this command read and write the same files."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Ja,
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
    /// Import people (and their lines) from CSV files into an account, creating the
    /// workspace and the account if missing. Re-importing updates by id; a file with a bad
    /// row is refused whole, with every bad line listed.
    #[command(
        after_help = "people.csv columns (any order; only id and name are required):\n  \
                      id,name,reading,title,department,side,roles,key,influence,intimacy,solution,price,notes\n\
                      relations.csv columns: from,to,kind,strength,sign,note\n  \
                      kind: reports_to, dotted_line, influence or covers; strength 1-3; sign + or -"
    )]
    Import {
        /// The workspace file (created if it does not exist).
        workspace: PathBuf,
        /// The account to import into (created if missing).
        #[arg(long)]
        account: String,
        /// The people CSV file.
        #[arg(long)]
        people: PathBuf,
        /// The relations CSV file (lines between people).
        #[arg(long)]
        relations: Option<PathBuf>,
    },
    /// Print the accounts of a workspace, with their numbers of people and lines.
    Accounts {
        /// The workspace file.
        file: PathBuf,
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

/// Opens an existing workspace (never creates one).
fn open_existing(file: &Path) -> stakemap_core::Result<Workspace> {
    if !file.exists() {
        return Err(stakemap_core::Error::invalid(
            "file",
            format!("{} does not exist", file.display()),
        ));
    }
    Workspace::open(file)
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
        } => import(&workspace, &account, &people, relations.as_deref())?,
        Command::Accounts { file } => {
            let ws = open_existing(&file)?;
            for a in ws.accounts()? {
                let map = ws.account_map(&a.id)?;
                println!(
                    "{}\t{}\t{} people\t{} lines",
                    a.id,
                    a.name,
                    map.people.len(),
                    map.relations.len()
                );
            }
        }
        Command::Analyze {
            workspace,
            account,
            json,
            threshold,
            lang,
        } => {
            let threshold = stakemap_core::analysis::check_threshold(threshold)?;
            let ws = open_existing(&workspace)?;
            let account = find_account(&ws, &account)?;
            let analysis = ws.analyze(&account.id, threshold)?;
            let text = if json {
                let mut text = serde_json::to_string_pretty(&analysis)
                    .map_err(|e| stakemap_core::Error::invalid("analysis", e.to_string()))?;
                text.push('\n');
                text
            } else {
                let people = ws.people(&account.id)?;
                report::render(&account.name, &people, &analysis, lang_or_system(lang))
            };
            emit(&text)?;
        }
        Command::BenchAnalysis {
            people,
            lines_per_person,
            seed,
            runs,
            out_graph,
        } => bench::run(people, lines_per_person, seed, runs, out_graph.as_deref())?,
    }
    Ok(())
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
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
    let mut ws = Workspace::open(file)?;
    let result = import::import_generic(&mut ws, account, &people, relations.as_deref());
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stakemap: {e}");
            ExitCode::FAILURE
        }
    }
}
