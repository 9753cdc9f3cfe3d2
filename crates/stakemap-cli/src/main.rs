//! `stakemap`: the command-line side of Stakemap.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stakemap_core::{demo, import, Lang, Workspace};

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
}

fn system_lang() -> Lang {
    sys_locale::get_locale()
        .map(|l| Lang::from_locale(&l))
        .unwrap_or(Lang::En)
}

fn run(cli: Cli) -> stakemap_core::Result<()> {
    match cli.command {
        Command::Demo { file, lang } => {
            let lang = match lang {
                Some(LangArg::En) => Lang::En,
                Some(LangArg::Ja) => Lang::Ja,
                None => system_lang(),
            };
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
            if !file.exists() {
                return Err(stakemap_core::Error::invalid(
                    "file",
                    format!("{} does not exist", file.display()),
                ));
            }
            let ws = Workspace::open(&file)?;
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
    }
    Ok(())
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
