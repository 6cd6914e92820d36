//! The command line: open the window, or run a headless command over a project.

use crate::store;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Crosscheck: compare how several sources report one event.
#[derive(Debug, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Project file (.ron) to open in the window; without it a start screen opens.
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and check a project; print a summary, or every problem with its location.
    /// Never writes anything. Exit status 0 when clean, 1 with problems, 2 when unreadable.
    Validate {
        /// The project's .ron file.
        project: PathBuf,
    },
}

/// Exit status of a headless command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Problems,
    Failed,
}

impl Outcome {
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Clean => 0,
            Self::Problems => 1,
            Self::Failed => 2,
        }
    }
}

/// `crosscheck validate`: the one-line summary on `out`, problems or the load error on `err`.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn validate(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Outcome> {
    let loaded = match store::load(path) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Outcome::Failed);
        }
    };
    let p = loaded.document.project();
    let summary = format!(
        "{} articles, {} entities, {} annotations",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len()
    );
    if loaded.problems.is_empty() {
        writeln!(out, "{summary}")?;
        return Ok(Outcome::Clean);
    }
    for problem in &loaded.problems {
        writeln!(err, "{}", problem.with_file(path))?;
    }
    let n = loaded.problems.len();
    writeln!(
        err,
        "{summary}; {n} problem{}",
        if n == 1 { "" } else { "s" }
    )?;
    Ok(Outcome::Problems)
}
