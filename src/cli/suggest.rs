//! `crosscheck suggest`: the suggested attributions of a project, as text or JSON.

use super::{Outcome, load_or_report};
use crate::attribution::{self, Piece, Suggestion};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

#[derive(Serialize)]
struct Json<'a> {
    format: &'static str,
    suggestions: Vec<JsonSuggestion<'a>>,
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    article_id: &'a str,
    speaker: &'a Piece,
    content: &'a Piece,
    cue: &'a Piece,
    stance: &'static str,
    entity_id: Option<&'a str>,
    claim_id: Option<&'a str>,
    rule: &'a str,
}

/// Every suggestion of the project at `path` (opened as every entry point opens it).
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn suggest(
    path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(opened) = load_or_report(path, err)? else {
        return Ok(Outcome::Failed);
    };
    let doc = &opened.document;
    let texts = doc.article_texts();
    let raws: std::collections::HashMap<_, Arc<_>> =
        attribution::raw_all(&texts, cores()).into_iter().collect();
    let found = attribution::suggest(doc.project(), &|id| raws.get(id).cloned());
    if json {
        let doc = Json {
            format: "crosscheck-suggestions/1",
            suggestions: found.iter().map(json_of).collect(),
        };
        let text = serde_json::to_string_pretty(&doc).map_err(crate::cli::json_io)?;
        writeln!(out, "{text}")?;
    } else {
        let p = doc.project();
        for s in &found {
            let speaker = s
                .entity
                .as_ref()
                .map_or_else(|| "new entity".to_owned(), |e| p.speaker_name(Some(e)));
            let claim = s
                .claim
                .as_ref()
                .and_then(|c| p.claim(c))
                .map_or("new claim", |c| c.statement.as_str());
            writeln!(
                out,
                "{} {}..{}: \u{201c}{}\u{201d} ({speaker}) {} \u{201c}{}\u{201d} → {claim}\n    {}",
                s.article,
                s.content.char_start,
                s.content.char_end,
                s.speaker.text,
                s.stance.label(),
                s.content.text,
                s.why
            )?;
        }
        writeln!(out, "{} suggestion(s)", found.len())?;
    }
    Ok(Outcome::Clean)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

fn json_of(s: &Suggestion) -> JsonSuggestion<'_> {
    JsonSuggestion {
        article_id: s.article.as_str(),
        speaker: &s.speaker,
        content: &s.content,
        cue: &s.cue,
        stance: s.stance.label(),
        entity_id: s.entity.as_ref().map(crate::model::EntityId::as_str),
        claim_id: s.claim.as_ref().map(crate::model::ClaimId::as_str),
        rule: &s.why,
    }
}
