//! The command line: open the window, or run a headless command over a project.

pub mod provenance;
pub mod suggest;
pub mod team;

use crate::analysis::{self, Disagreement};
use crate::model::{Project, ReviewState};
use crate::store;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Export the annotated project: csv, json, w3c, brat (a folder), claimreview, html, md.
    Export {
        /// The project's .ron file.
        project: PathBuf,
        #[arg(long, value_enum)]
        format: crate::export::Format,
        /// Where to write (a folder for brat).
        #[arg(short, long)]
        output: PathBuf,
        /// Fail (exit 1, nothing written) when a highlight would be left out because its
        /// place in the text cannot be confirmed; without it such highlights are left out and
        /// listed on stderr.
        #[arg(long)]
        strict: bool,
    },
    /// Make a new project from a folder of .txt, .md and .html files (or a brat corpus).
    Import {
        /// The folder to import.
        folder: PathBuf,
        /// The new project's .ron file; its article texts go to `articles/` beside it.
        #[arg(short, long)]
        output: PathBuf,
        /// Read the folder as a brat corpus (.txt + .ann pairs).
        #[arg(long)]
        brat: bool,
        /// Keep the whole text of saved web pages (menus, footers, related links) rather
        /// than the article's main content.
        #[arg(long)]
        whole_page: bool,
    },
    /// List every disagreement: the claim, who is on each side with every quote (article,
    /// speaker, stance), and its review; `--json` adds the contradicting quote pairs.
    Contradictions {
        /// The project's .ron file.
        project: PathBuf,
        /// One JSON document on stdout instead of text, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Suggested attributions: who says what in each article (cue, speaker, content, stance),
    /// with the entity and claim they match. Never writes anything.
    Suggest {
        /// The project's .ron file.
        project: PathBuf,
        /// One JSON document (`crosscheck-suggestions/1`) on stdout instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Which articles found it out for themselves: text shared between articles (copied or
    /// quoted), citations of other outlets, and the families of dependent articles.
    Provenance {
        /// The project's .ron file.
        project: PathBuf,
        /// One JSON document (`crosscheck-provenance/1`) on stdout instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Three-way merge of project files, as git's merge driver (`%O %A %B`): the result is
    /// written to OURS. Exit 0 when clean, 1 when conflicts are recorded in the project (open
    /// it to resolve them), 2 when a file cannot be read (OURS untouched).
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
    },
    /// With two project files, what differs from A to B; with one, the project one line per
    /// item (git's textconv). Exit 0 when A and B are the same, 1 when they differ.
    Diff { a: PathBuf, b: Option<PathBuf> },
    /// Make git merge and diff Crosscheck projects in this repository (or DIR):
    /// `.gitattributes` and the local git config. Idempotent.
    GitSetup { dir: Option<PathBuf> },
    /// How far two checkers' copies of a project agree: span F1 (exact and overlap), entity
    /// links, stance (Cohen's kappa), and every difference.
    Agreement {
        a: PathBuf,
        b: PathBuf,
        /// One JSON document on stdout instead of text.
        #[arg(long)]
        json: bool,
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

/// Opens a project as the window does ([`store::open`]: spans re-anchored in changed texts);
/// a project that cannot be loaded is reported on `err` once.
fn load_or_report(path: &Path, err: &mut dyn Write) -> std::io::Result<Option<store::Opened>> {
    match store::open(path) {
        Ok(l) => Ok(Some(l)),
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(None)
        }
    }
}

/// `crosscheck validate`: the one-line summary on `out`, problems or the load error on `err`.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn validate(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<Outcome> {
    let Some(loaded) = load_or_report(path, err)? else {
        return Ok(Outcome::Failed);
    };
    let p = loaded.document.project();
    let summary = format!(
        "{} articles, {} entities, {} annotations",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len()
    );
    // Not problems of the file: what the ClaimReview export will lack.
    for m in crate::export::claimreview::missing(p) {
        writeln!(
            out,
            "note: the ClaimReview export of claim {} “{}” lacks {} ({})",
            m.claim,
            m.statement,
            m.fields.join("; "),
            path.display()
        )?;
    }
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

/// `crosscheck contradictions`: each contradiction as text (or JSON with `json`) on `out`;
/// a project that cannot be loaded is reported on `err`.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn contradictions(
    path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(loaded) = load_or_report(path, err)? else {
        return Ok(Outcome::Failed);
    };
    let project = loaded.document.project();
    let found = analysis::disagreements(project);
    if json {
        let report = JsonReport::new(project, &found);
        let mut value = serde_json::to_value(&report).map_err(crate::cli::json_io)?;
        add_independent_sources(&mut value, &loaded.document, &found);
        serde_json::to_writer_pretty(&mut *out, &value).map_err(crate::cli::json_io)?;
        writeln!(out)?;
    } else {
        write_text(project, &found, out)?;
    }
    Ok(Outcome::Clean)
}

fn article_name(project: &Project, id: &crate::model::ArticleId) -> String {
    project.article(id).map_or_else(
        || id.to_string(),
        |a| format!("{} {}", a.id, a.source_line()),
    )
}

fn write_text(
    project: &Project,
    found: &[Arc<Disagreement>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let index = crate::model::Index::new(project);
    for (i, d) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let title = d.claim.as_ref().and_then(|id| index.claim(id)).map_or_else(
            || "Linked as contradicting (no claim on which they oppose)".to_owned(),
            |claim| format!("Claim: {} [{}]", claim.statement, claim.verdict.label()),
        );
        writeln!(out, "{title}")?;
        if d.kind == analysis::Kind::SelfContradiction {
            writeln!(
                out,
                "  self-contradiction: {} is on both sides",
                index.speaker_name(d.pro.speaker.as_ref())
            )?;
        }
        for (n, party) in [&d.pro, &d.con].into_iter().enumerate() {
            writeln!(
                out,
                "  {}{} {} — {}",
                if n == 1 { "against: " } else { "" },
                index.speaker_name(party.speaker.as_ref()),
                party.stance_label(),
                party.extent()
            )?;
            for q in &party.quotes {
                let quote = index
                    .annotation(&q.annotation)
                    .map_or("", |a| a.quote.as_str());
                writeln!(
                    out,
                    "    · {}: “{quote}”",
                    article_name(project, &q.article)
                )?;
            }
        }
        let review = project.review(&d.key);
        let state = review.map_or(ReviewState::Open, |r| r.state);
        writeln!(
            out,
            "  review: {}{}; {} contradicting quote pair{}",
            state.label(),
            review
                .filter(|r| !r.note.is_empty())
                .map_or_else(String::new, |r| format!(" ({})", r.note.replace('\n', " "))),
            d.pairs.len(),
            if d.pairs.len() == 1 { "" } else { "s" }
        )?;
    }
    let n = found.len();
    let open = found
        .iter()
        .filter(|d| analysis::review_state(project, &d.key) == ReviewState::Open)
        .count();
    let pairs: usize = found.iter().map(|d| d.pairs.len()).sum();
    writeln!(
        out,
        "{n} disagreement{} ({open} open), {pairs} contradicting quote pair{}",
        if n == 1 { "" } else { "s" },
        if pairs == 1 { "" } else { "s" }
    )
}

/// The `--json` document (`crosscheck-contradictions/2`). Field names are part of the
/// interface: add, never rename. Format 1 listed only the pairs.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    disagreements: Vec<crate::export::JsonDisagreement<'a>>,
    contradictions: Vec<crate::export::JsonContradiction<'a>>,
}

impl<'a> JsonReport<'a> {
    fn new(project: &'a Project, found: &'a [Arc<Disagreement>]) -> Self {
        Self {
            format: "crosscheck-contradictions/2",
            disagreements: crate::export::disagreements_json(project, found),
            contradictions: crate::export::contradictions_json(project, found),
        }
    }
}

/// `crosscheck export`: opens the project as the window does (spans re-anchored), writes the
/// export and names the files on `out`. A highlight whose place cannot be confirmed is left
/// out and named on `err` as `file:line: annotation …: left out of the export: why`; with
/// `strict` any such highlight fails the export (exit 1) and nothing is written.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn export(
    path: &Path,
    format: crate::export::Format,
    output: &Path,
    strict: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(opened) = load_or_report(path, err)? else {
        return Ok(Outcome::Failed);
    };
    let left_out = crate::export::unplaced(&opened.document);
    if !left_out.is_empty() {
        let mut problems: Vec<crate::validate::Problem> = left_out
            .iter()
            .map(|u| {
                crate::validate::Problem::new(
                    crate::validate::Subject::Annotation(u.annotation.clone()),
                    format!("left out of the export: {}", u.reason),
                )
            })
            .collect();
        // The lines of the project file where they are, read again only for this.
        if let Ok(source) = std::fs::read_to_string(path) {
            crate::validate::locate(&mut problems, &source);
        }
        for p in &problems {
            writeln!(err, "{}", p.with_file(path))?;
        }
        let n = problems.len();
        let what = if n == 1 { "highlight" } else { "highlights" };
        if strict {
            writeln!(
                err,
                "{n} {what} cannot be placed; nothing written (--strict)"
            )?;
            return Ok(Outcome::Problems);
        }
        writeln!(
            err,
            "{n} {what} left out: their place in the text cannot be confirmed"
        )?;
    }
    match crate::export::export(&opened.document, format, output) {
        Ok(exported) => {
            for f in exported.files {
                writeln!(out, "{}", f.display())?;
            }
            Ok(Outcome::Clean)
        }
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(Outcome::Failed)
        }
    }
}

/// `crosscheck import`: a new project from a folder; every skipped file is named on `err`.
/// Exit status 0 when every file was imported, 1 when some were skipped, 2 when nothing could
/// be imported or the project could not be written.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn import(
    folder: &Path,
    output: &Path,
    brat: bool,
    options: crate::import::ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    match crate::import_project::new_project(
        folder,
        output,
        brat,
        options,
        &crate::now_rfc3339(),
        &mut |_, _| true,
    ) {
        Ok(report) => {
            for s in &report.skipped {
                writeln!(err, "skipped: {} ({})", s.reason, s.path.display())?;
            }
            for note in &report.notes {
                writeln!(err, "note: {note}")?;
            }
            writeln!(
                out,
                "{} articles imported into {}{}",
                report.imported.len(),
                output.display(),
                if report.skipped.is_empty() {
                    String::new()
                } else {
                    format!("; {} files skipped", report.skipped.len())
                }
            )?;
            Ok(if report.skipped.is_empty() {
                Outcome::Clean
            } else {
                Outcome::Problems
            })
        }
        Err(e) => {
            writeln!(err, "{e}")?;
            Ok(Outcome::Failed)
        }
    }
}

/// A JSON writer's error as the I/O error it is: a closed pipe stays `BrokenPipe`, so
/// `crosscheck … --json | head` ends quietly.
pub(crate) fn json_io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}

/// Each side of each disagreement gains `independent_sources`: how many source families
/// (articles joined by copied text or citations, see `analysis::provenance`) carry its quotes.
fn add_independent_sources(
    value: &mut serde_json::Value,
    doc: &crate::document::Document,
    found: &[Arc<Disagreement>],
) {
    let texts: Vec<_> = doc
        .article_texts()
        .into_iter()
        .map(|(id, t)| (id, t.as_str()))
        .collect();
    let found_sources = analysis::provenance::provenance(doc.project(), &texts);
    let family_of = found_sources.family_of();
    let Some(list) = value
        .get_mut("disagreements")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return;
    };
    for (d, json) in found.iter().zip(list) {
        let Some(sides) = json
            .get_mut("sides")
            .and_then(serde_json::Value::as_array_mut)
        else {
            continue;
        };
        for (party, side) in [&d.pro, &d.con].into_iter().zip(sides) {
            let n = analysis::provenance::independent_sources(
                |a| family_of.get(a).copied(),
                party.quotes.iter().map(|q| &q.article),
            );
            side["independent_sources"] = serde_json::json!(n);
        }
    }
}
