//! The `crosscheck` binary: logging, the command line, then the window or a headless command.

use clap::Parser;
use crosscheck::cli::{self, Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    match args.command {
        Some(Command::Validate { project }) => {
            let out = &mut std::io::stdout().lock();
            let err = &mut std::io::stderr().lock();
            match cli::validate(&project, out, err) {
                Ok(outcome) => ExitCode::from(outcome.code()),
                Err(e) => {
                    eprintln!("crosscheck: could not write output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        None => match crosscheck::ui::run(args.project) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("crosscheck: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}
