//! The `crosscheck` binary: logging, the command line, then the window or a headless command.

use clap::Parser;
use crosscheck::cli::{self, Cli, Command};
use std::process::ExitCode;

/// mimalloc instead of the system allocator. egui builds and drops its meshes (about a
/// megabyte on the sample) every frame; glibc handed those pages back to the kernel and
/// faulted them in again each frame (29 % of the sample bench's time was in the kernel, 2 %
/// now). A sample frame takes 0.57 ms instead of 0.92 (`cargo run --release --example bench`).
/// Built without transparent huge pages (`no_thp`): with them the window's resident memory
/// was 154 MB instead of 128.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args = Cli::parse();
    let Some(command) = args.command else {
        return window(args.project, started);
    };
    // Locked only for headless commands: the window's threads log to stderr.
    let out = &mut std::io::stdout().lock();
    let err = &mut std::io::stderr().lock();
    let result = match command {
        Command::Validate { project } => cli::validate(&project, out, err),
        Command::Contradictions { project, json } => cli::contradictions(&project, json, out, err),
        Command::Export {
            project,
            format,
            output,
            strict,
        } => cli::export(&project, format, &output, strict, out, err),
        Command::Import {
            folder,
            output,
            brat,
            whole_page,
        } => cli::import(
            &folder,
            &output,
            brat,
            crosscheck::import::ImportOptions { whole_page },
            out,
            err,
        ),
        Command::Suggest { project, json } => cli::suggest::suggest(&project, json, out, err),
        Command::Provenance { project, json } => {
            cli::provenance::provenance(&project, json, out, err)
        }
        Command::Merge { base, ours, theirs } => cli::team::merge(&base, &ours, &theirs, out, err),
        Command::Diff { a, b } => cli::team::diff(&a, b.as_deref(), out, err),
        Command::GitSetup { dir } => cli::team::git_setup(dir.as_deref(), out, err),
        Command::Agreement { a, b, json } => cli::team::agreement(&a, &b, json, out, err),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // `crosscheck contradictions … | head` closed the pipe: not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crosscheck: could not write output: {e}");
            ExitCode::from(2)
        }
    }
}

fn window(project: Option<std::path::PathBuf>, started: std::time::Instant) -> ExitCode {
    match crosscheck::ui::run(project, started) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crosscheck: {e:#}");
            ExitCode::FAILURE
        }
    }
}
