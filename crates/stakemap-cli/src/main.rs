//! `stakemap`: the command-line side of Stakemap.
//!
//! `args` defines the command line; one module runs each group of commands (`share` and
//! `import`, `analysis`, `backups`, `reviews`), over what they share (`workspace`) and the
//! text reports (`report`). The benchmarks are a separate binary, `stakemap-bench`.

use std::process::ExitCode;

use clap::Parser;

mod analysis;
mod args;
mod backups;
mod import;
mod report;
mod reviews;
mod share;
mod workspace;

use args::{Cli, Command};

fn run(command: Command) -> stakemap_core::Result<()> {
    match command {
        Command::Share(c) => share::run(c),
        Command::Analysis(c) => analysis::run(c),
        Command::Backups(c) => backups::run(c),
        Command::Reviews(c) => reviews::run(c),
        Command::Cipher(c) => backups::run_cipher(c),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = workspace::BACKUPS.set(cli.backups.clone());
    let _ = workspace::PASSWORD_STDIN.set(cli.password_stdin);
    if let Some(message) =
        workspace::written_workspace(&cli.command).and_then(workspace::held_message)
    {
        eprintln!("stakemap: {message}");
        return ExitCode::FAILURE;
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stakemap: {}", report::term_text(&e.to_string()));
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
