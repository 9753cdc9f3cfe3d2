//! `stakemap`: the command-line side of Stakemap.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use stakemap_core::{demo, Lang, Workspace};

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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stakemap: {e}");
            ExitCode::FAILURE
        }
    }
}
