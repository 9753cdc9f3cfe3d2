//! `stakemap-bench`: the benchmarks behind the figures in the README (run by
//! scripts/bench.sh), kept out of the `stakemap` command users get.
//!
//! `stakemap-bench analysis` times the analysis of a random account generated in memory;
//! `stakemap-bench import` times a CSV import of a generated account against a minimal
//! rusqlite loop.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;

#[derive(Parser)]
#[command(
    name = "stakemap-bench",
    version,
    about = "Benchmarks of Stakemap's analysis and import (for scripts/bench.sh)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Time the analysis on a random account generated in memory.
    Analysis {
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
    /// Time a CSV import of a generated account against a minimal rusqlite loop.
    Import {
        /// People in the account (as many influence lines, and a reporting tree).
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        /// Seed of the generated files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
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

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Analysis {
            people,
            lines_per_person,
            seed,
            runs,
            out_graph,
        } => bench::run(people, lines_per_person, seed, runs, out_graph.as_deref()),
        Command::Import { people, seed } => bench::run_import(people, seed),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stakemap-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
