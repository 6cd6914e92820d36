//! `crosscheck provenance`: shared passages, citations and source families of a project.

use crate::analysis::provenance::{self, PassageKind, Provenance};
use crate::cli::{Outcome, load_or_report};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct Json<'a> {
    format: &'static str,
    #[serde(flatten)]
    found: &'a Provenance,
}

/// The project's provenance as text (families, then passages by pair, then citations) or as
/// JSON `crosscheck-provenance/1`. Never writes the project.
///
/// # Errors
/// Only when writing to `out` or `err` fails.
pub fn provenance(
    path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(opened) = load_or_report(path, err)? else {
        return Ok(Outcome::Failed);
    };
    let doc = &opened.document;
    let texts: Vec<_> = doc
        .article_texts()
        .into_iter()
        .map(|(id, t)| (id, t.as_str()))
        .collect();
    let found = provenance::provenance(doc.project(), &texts);
    if json {
        let text = serde_json::to_string_pretty(&Json {
            format: "crosscheck-provenance/1",
            found: &found,
        })
        .map_err(crate::cli::json_io)?;
        writeln!(out, "{text}")?;
        return Ok(Outcome::Clean);
    }
    writeln!(
        out,
        "{} source families for {} articles",
        found.families.len(),
        doc.project().articles.len()
    )?;
    for (i, f) in found.families.iter().enumerate() {
        let ids: Vec<&str> = f.iter().map(crate::model::ArticleId::as_str).collect();
        writeln!(out, "  family {}: {}", i + 1, ids.join(", "))?;
    }
    writeln!(out, "{} shared passages", found.passages.len())?;
    for p in &found.passages {
        let kind = match p.kind {
            PassageKind::Copied => "copied",
            PassageKind::Quotation => "quotation",
        };
        writeln!(
            out,
            "  {} ↔ {}: {kind}, {} words: “{}” ({}..{} / {}..{})",
            p.a.article_id,
            p.b.article_id,
            p.words,
            p.a.text,
            p.a.char_start,
            p.a.char_end,
            p.b.char_start,
            p.b.char_end
        )?;
    }
    writeln!(out, "{} citations", found.citations.len())?;
    for c in &found.citations {
        let to = c
            .cited_article_id
            .as_ref()
            .map(|a| format!(" → article {a}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} cites {}{to}: “{}” ({}..{})",
            c.article_id, c.cited, c.cue.text, c.cue.char_start, c.cue.char_end
        )?;
    }
    Ok(Outcome::Clean)
}
