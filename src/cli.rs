//! The command line: open the window, or run a headless command over a project.

use crate::analysis::{self, Contradiction};
use crate::model::{EntityId, Project, ReviewState, Stance};
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
    /// List every contradiction: the claim, both quotes with article and speaker, and why.
    Contradictions {
        /// The project's .ron file.
        project: PathBuf,
        /// One JSON document on stdout instead of text, for scripts.
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
    let loaded = match store::load(path) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(Outcome::Failed);
        }
    };
    let project = loaded.document.project();
    let found = analysis::contradictions(project);
    if json {
        let report = JsonReport::new(project, &found);
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::other)?;
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
    found: &[Contradiction],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut last_claim = None;
    for c in found {
        if last_claim != Some(&c.claim) {
            let title = c
                .claim
                .as_ref()
                .and_then(|id| project.claim(id))
                .map_or_else(
                    || "Linked as contradicting (no shared claim)".to_owned(),
                    |claim| format!("Claim: {} [{}]", claim.statement, claim.verdict.label()),
                );
            if last_claim.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{title}")?;
            last_claim = Some(&c.claim);
        }
        let state = project
            .review(&c.key)
            .map_or(ReviewState::Open, |r| r.state);
        for side in [&c.a, &c.b] {
            let stance = side.stance.map_or("linked", Stance::label);
            writeln!(
                out,
                "  {stance} · {} · {}: “{}”",
                project.speaker_name(side.speaker.as_ref()),
                article_name(project, &side.article),
                side.quote
            )?;
        }
        writeln!(
            out,
            "    why: {}; review: {}",
            c.reason.describe(),
            state.label()
        )?;
    }
    let n = found.len();
    writeln!(out, "{n} contradiction{}", if n == 1 { "" } else { "s" })
}

/// The `--json` document. Field names are part of the interface: add, never rename.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    format: &'static str,
    contradictions: Vec<JsonContradiction<'a>>,
}

#[derive(serde::Serialize)]
struct JsonContradiction<'a> {
    claim_id: Option<&'a str>,
    claim: Option<&'a str>,
    verdict: Option<&'static str>,
    reason: analysis::Reason,
    review: &'static str,
    review_note: &'a str,
    a: JsonSide<'a>,
    b: JsonSide<'a>,
}

#[derive(serde::Serialize)]
struct JsonSide<'a> {
    annotation_id: &'a str,
    article_id: &'a str,
    article_title: String,
    outlet: &'a str,
    published: Option<&'a str>,
    quote: &'a str,
    char_start: Option<usize>,
    char_end: Option<usize>,
    stance: Option<&'static str>,
    speaker_id: Option<&'a str>,
    speaker: String,
}

impl<'a> JsonReport<'a> {
    fn new(project: &'a Project, found: &'a [Contradiction]) -> Self {
        let side = |s: &'a analysis::Side| {
            let article = project.article(&s.article);
            let span = project.annotation(&s.annotation);
            JsonSide {
                annotation_id: s.annotation.as_str(),
                article_id: s.article.as_str(),
                article_title: article
                    .map(crate::model::Article::display_title)
                    .unwrap_or_default(),
                outlet: article.map_or("", |a| a.outlet.as_str()),
                published: article.and_then(|a| a.published.as_deref()),
                quote: &s.quote,
                char_start: span.map(|a| a.char_start),
                char_end: span.map(|a| a.char_end),
                stance: s.stance.map(Stance::label),
                speaker_id: s.speaker.as_ref().map(EntityId::as_str),
                speaker: project.speaker_name(s.speaker.as_ref()),
            }
        };
        let contradictions = found
            .iter()
            .map(|c| {
                let claim = c.claim.as_ref().and_then(|id| project.claim(id));
                let review = project.review(&c.key);
                JsonContradiction {
                    claim_id: c.claim.as_ref().map(crate::model::ClaimId::as_str),
                    claim: claim.map(|x| x.statement.as_str()),
                    verdict: claim.map(|x| x.verdict.label()),
                    reason: c.reason,
                    review: review.map_or(ReviewState::Open, |r| r.state).label(),
                    review_note: review.map_or("", |r| r.note.as_str()),
                    a: side(&c.a),
                    b: side(&c.b),
                }
            })
            .collect();
        Self {
            format: "crosscheck-contradictions/1",
            contradictions,
        }
    }
}
