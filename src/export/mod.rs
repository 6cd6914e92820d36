//! Exports of the annotated project in the formats the field uses. Every exporter is a pure
//! function of the document: the same project gives the same bytes.

mod brat;
pub mod claimreview;
mod csv;
mod json;
mod report;
mod w3c;

pub use brat::brat_files;
pub use json::{JsonContradiction, JsonDisagreement, contradictions_json, disagreements_json};

use crate::analysis::Disagreement;
use crate::document::Document;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// One row per annotation–claim link (RFC 4180), for spreadsheets.
    Csv,
    /// Annotations, entities, claims and contradictions in Crosscheck's documented schema.
    Json,
    /// W3C Web Annotation Data Model (JSON-LD), an `AnnotationCollection`.
    W3c,
    /// A brat standoff folder: `.txt` + `.ann` per article and `annotation.conf`.
    Brat,
    /// schema.org `ClaimReview` JSON-LD for each rated claim.
    Claimreview,
    /// One self-contained HTML report page.
    Html,
    /// The same report in Markdown.
    Md,
    /// One row per disagreement (claim, both sides' speakers, stances, quotes, review).
    DisagreementsCsv,
}

impl Format {
    pub const ALL: [Self; 8] = [
        Self::Csv,
        Self::DisagreementsCsv,
        Self::Json,
        Self::W3c,
        Self::Brat,
        Self::Claimreview,
        Self::Html,
        Self::Md,
    ];

    /// Whether the format lists disagreements (and so needs them found first).
    #[must_use]
    pub fn lists_disagreements(self) -> bool {
        matches!(
            self,
            Self::Json | Self::Html | Self::Md | Self::DisagreementsCsv
        )
    }

    /// What the user sees in the export dialog.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV: one row per claim link (spreadsheets)",
            Self::Json => "JSON: everything, Crosscheck schema",
            Self::W3c => "W3C Web Annotation (JSON-LD)",
            Self::Brat => "brat standoff folder (.txt + .ann)",
            Self::Claimreview => "schema.org ClaimReview (JSON-LD)",
            Self::Html => "HTML report",
            Self::Md => "Markdown report",
            Self::DisagreementsCsv => "CSV: one row per disagreement (spreadsheets)",
        }
    }

    /// The file name an export gets by default (a folder for brat).
    #[must_use]
    pub fn default_name(self) -> &'static str {
        match self {
            Self::Csv => "crosscheck.csv",
            Self::Json => "crosscheck.json",
            Self::W3c => "crosscheck.w3c.jsonld",
            Self::Brat => "crosscheck-brat",
            Self::Claimreview => "crosscheck.claimreview.jsonld",
            Self::Html => "crosscheck-report.html",
            Self::Md => "crosscheck-report.md",
            Self::DisagreementsCsv => "crosscheck-disagreements.csv",
        }
    }

    /// Whether the export is a folder of files rather than one file.
    #[must_use]
    pub fn is_folder(self) -> bool {
        self == Self::Brat
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not export: {source} ({})", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not export: {message}")]
    Encode { message: String },
}

/// A highlight an export leaves out: its offsets do not give its quote in the article text
/// (it needs review or lost its text when the text changed, or its offsets are empty, reversed
/// or past the end), or the text could not be read to check. No position written for it
/// could be trusted, so none is written: the span is left out of every format, and the
/// command line and the export dialog list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    pub annotation: crate::model::AnnotationId,
    pub reason: String,
}

/// The highlights an export of `doc` leaves out, in project order, each with why. The check
/// of every span is the document's own ([`Document::off_quote`]), done once per state.
#[must_use]
pub fn unplaced(doc: &Document) -> Vec<Unplaced> {
    doc.off_quote()
        .iter()
        .filter_map(|id| {
            let a = doc.annotation(id)?;
            Some(Unplaced {
                annotation: id.clone(),
                reason: why_unplaced(doc, a),
            })
        })
        .collect()
}

/// Why a span is not on its quote, in words.
fn why_unplaced(doc: &Document, a: &crate::model::Annotation) -> String {
    let span = format!("{}..{}", a.char_start, a.char_end);
    if a.char_start >= a.char_end {
        return format!("its span {span} is empty or reversed");
    }
    match doc.text(&a.article) {
        None => format!(
            "the text of article {} could not be read, so its place cannot be confirmed",
            a.article
        ),
        Some(text) if a.char_end > text.char_count() => format!(
            "its span {span} is past the end of article {} ({} characters)",
            a.article,
            text.char_count()
        ),
        Some(text) if text.has_at(a.char_start..a.char_end, &a.quote) => format!(
            "its quote {:?} is at {span} of article {}, but the text around it changed and no longer confirms that this is its place (review it in the window's Re-anchor tab)",
            crate::validate::ellipsize(&a.quote),
            a.article
        ),
        Some(_) => format!(
            "its quote {:?} is not at {span} of article {} (validate, and the window's Re-anchor tab, say where it may be now)",
            crate::validate::ellipsize(&a.quote),
            a.article
        ),
    }
}

/// The document an export writes: `doc` without its unplaced highlights (nor the typed links
/// and reviews that name them), and those highlights. Borrowed as it is when every highlight
/// sits on its quote.
#[must_use]
pub fn placed(doc: &Document) -> (std::borrow::Cow<'_, Document>, Vec<Unplaced>) {
    let left_out = unplaced(doc);
    if left_out.is_empty() {
        return (std::borrow::Cow::Borrowed(doc), left_out);
    }
    let gone: std::collections::BTreeSet<&crate::model::AnnotationId> =
        left_out.iter().map(|u| &u.annotation).collect();
    let mut project = doc.project().clone();
    project.annotations.retain(|a| !gone.contains(&a.id));
    project
        .links
        .retain(|l| !gone.contains(&l.from) && !gone.contains(&l.to));
    project.reviews.retain(|r| match &r.key {
        crate::model::DisagreementKey::Linked { a, b } => !gone.contains(a) && !gone.contains(b),
        crate::model::DisagreementKey::Claim { .. } => true,
    });
    let texts = project
        .articles
        .iter()
        .filter_map(|a| Some((a.id.clone(), doc.text(&a.id)?.clone())))
        .collect();
    (
        std::borrow::Cow::Owned(Document::new(project, texts)),
        left_out,
    )
}

/// What an export wrote, and which highlights it left out.
#[derive(Debug)]
pub struct Exported {
    /// Sorted.
    pub files: Vec<PathBuf>,
    pub left_out: Vec<Unplaced>,
}

/// Writes a single-file format to `out`, leaving out the highlights that are not on their
/// quote (returned). For brat, use [`export`].
///
/// # Errors
/// [`ExportError::Encode`] when writing to `out` fails or for brat.
pub fn write(
    doc: &Document,
    format: Format,
    out: &mut dyn Write,
) -> Result<Vec<Unplaced>, ExportError> {
    let (doc, left_out) = placed(doc);
    write_with(&doc, &disagreements_for(&doc, format), format, out)?;
    Ok(left_out)
}

/// The project's disagreements when the format lists them (nothing otherwise).
fn disagreements_for(doc: &Document, format: Format) -> Vec<Arc<Disagreement>> {
    if format.lists_disagreements() {
        crate::analysis::disagreements(doc.project())
    } else {
        Vec::new()
    }
}

/// [`write`] with the project's disagreements already found (the window keeps them; a
/// batch of exports finds them once), for a document whose highlights all sit on their quotes
/// (see [`placed`]): nothing is left out here.
///
/// # Errors
/// [`ExportError::Encode`] when writing to `out` fails or for brat.
pub fn write_with(
    doc: &Document,
    disagreements: &[Arc<Disagreement>],
    format: Format,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let encode = |e: std::io::Error| ExportError::Encode {
        message: e.to_string(),
    };
    let found = disagreements;
    match format {
        Format::Csv => csv::write(doc, out).map_err(encode),
        Format::DisagreementsCsv => csv::write_disagreements(doc, found, out).map_err(encode),
        Format::Json => json::write(doc, found, out).map_err(encode),
        Format::W3c => w3c::write(doc, out).map_err(encode),
        Format::Claimreview => claimreview::write(doc, out).map_err(encode),
        Format::Html => report::write_html(doc, found, out).map_err(encode),
        Format::Md => report::write_markdown(doc, found, out).map_err(encode),
        Format::Brat => Err(ExportError::Encode {
            message: "brat is a folder of files; export it to a folder".into(),
        }),
    }
}

/// Exports to `path` (a file, or a folder for brat), atomically per file. Returns the files
/// written, sorted.
///
/// # Errors
/// [`ExportError`] naming the file that could not be written.
pub fn export(doc: &Document, format: Format, path: &Path) -> Result<Exported, ExportError> {
    let (doc, left_out) = placed(doc);
    let files = write_files(&doc, &disagreements_for(&doc, format), format, path)?;
    Ok(Exported { files, left_out })
}

/// [`export`] with the project's disagreements already found (they are found again when
/// some highlights are left out, so that none names one).
///
/// # Errors
/// [`ExportError`] naming the file that could not be written.
pub fn export_with(
    doc: &Document,
    disagreements: &[Arc<Disagreement>],
    format: Format,
    path: &Path,
) -> Result<Exported, ExportError> {
    let (placed_doc, left_out) = placed(doc);
    let files = if left_out.is_empty() {
        write_files(doc, disagreements, format, path)?
    } else {
        write_files(
            &placed_doc,
            &disagreements_for(&placed_doc, format),
            format,
            path,
        )?
    };
    Ok(Exported { files, left_out })
}

/// Writes an export of a placed document to `path` (a folder for brat), atomically per file.
fn write_files(
    doc: &Document,
    disagreements: &[Arc<Disagreement>],
    format: Format,
    path: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Write { path, source }
    };
    if format.is_folder() {
        std::fs::create_dir_all(path).map_err(write_err(path))?;
        let mut written = Vec::new();
        for (name, content) in brat_files(doc) {
            let file = path.join(name);
            crate::store::write_atomic(&file, content.as_bytes(), false)
                .map_err(write_err(&file))?;
            written.push(file);
        }
        written.sort();
        return Ok(written);
    }
    let mut bytes = Vec::new();
    write_with(doc, disagreements, format, &mut bytes)?;
    crate::store::write_atomic(path, &bytes, false).map_err(write_err(path))?;
    Ok(vec![path.to_owned()])
}

/// A cell that a spreadsheet would run as a formula, made inert with a leading `'`.
#[must_use]
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The most recent `created` date (YYYY-MM-DD) among annotations, for dates that must not
/// depend on when the export ran.
fn latest_date<'a>(created: impl Iterator<Item = &'a str>) -> Option<String> {
    created.filter_map(|c| c.get(..10)).max().map(str::to_owned)
}

/// Renders `items` in order into one string, on up to four threads that each take a
/// contiguous share: the same bytes as one pass over them, in a fraction of the time for the
/// long parts of a report (every article, every contradiction).
pub(crate) fn render_in_parallel<T: Sync>(
    items: &[T],
    render: impl Fn(&T, &mut String) + Sync,
) -> String {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = threads.min(4);
    let one_pass = |share: &[T]| {
        let mut out = String::new();
        for item in share {
            render(item, &mut out);
        }
        out
    };
    if threads < 2 || items.len() < 64 {
        return one_pass(items);
    }
    let share = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(share)
            .map(|part| scope.spawn(|| one_pass(part)))
            .collect();
        parts
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Vec<String>>()
            .concat()
    })
}

#[cfg(test)]
mod parallel_tests {
    #[test]
    fn rendering_in_parallel_gives_the_bytes_of_one_pass() {
        for n in [0, 1, 63, 64, 65, 1000, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let render = |i: &usize, out: &mut String| {
                use std::fmt::Write;
                let _ = writeln!(out, "<p>{i}: {}</p>", "é".repeat(i % 7));
            };
            let mut one = String::new();
            for i in &items {
                render(i, &mut one);
            }
            assert_eq!(super::render_in_parallel(&items, render), one, "{n} items");
        }
    }
}
