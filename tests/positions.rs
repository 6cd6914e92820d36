//! Exports never carry a position off its quote. Copies of the sample with the offsets of one
//! to three highlights corrupted (shifted by a few characters, start and end swapped, past the
//! end of the article, empty) are exported from the command line in every format that writes
//! positions: each written position covers its quote in the article text, every highlight that
//! cannot be placed is named on stderr (and `--strict` writes nothing), and `validate`,
//! `export` and the window see every span in the same place.

#![allow(clippy::unwrap_used)]

mod common;

use crosscheck::cli::{self, Outcome};
use crosscheck::export::Format;
use crosscheck::model::{AnnotationId, Project};
use crosscheck::store;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
enum Corruption {
    Shifted(usize),
    Swapped,
    PastTheEnd,
    Empty,
    /// The quote itself edited into words the text does not have: it cannot be placed.
    QuoteNotInText,
}

/// A copy of the sample in `dir` with some highlights' offsets corrupted (chosen by `seed`).
fn corrupted_copy(dir: &Path, seed: u64) -> (PathBuf, Vec<(AnnotationId, Corruption)>) {
    let path = common::sample_copy(dir);
    let mut project: Project = store::load(&path).unwrap().document.project().clone();
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        usize::try_from(state % n as u64).unwrap()
    };
    let mut done = Vec::new();
    for _ in 0..=next(3) {
        let at = next(project.annotations.len());
        let kind = match next(5) {
            0 => Corruption::Shifted(1 + next(5)),
            1 => Corruption::Swapped,
            2 => Corruption::PastTheEnd,
            3 => Corruption::Empty,
            _ => Corruption::QuoteNotInText,
        };
        let a = Arc::make_mut(&mut project.annotations[at]);
        match kind {
            Corruption::Shifted(k) => {
                a.char_start += k;
                a.char_end += k;
            }
            Corruption::Swapped => std::mem::swap(&mut a.char_start, &mut a.char_end),
            Corruption::PastTheEnd => {
                a.char_start += 1_000_000;
                a.char_end += 1_000_000;
            }
            Corruption::Empty => a.char_end = a.char_start,
            Corruption::QuoteNotInText => {
                a.quote = format!("{} qzx vwq", a.quote);
                a.char_start += 2;
                a.char_end += 2;
            }
        }
        done.push((a.id.clone(), kind));
    }
    store::save(&project, &path).unwrap();
    // Now and then an article file is gone: its spans cannot be checked, so not placed.
    if seed % 7 == 6 {
        std::fs::remove_file(dir.join("articles/003-fbi-cisa-odni.txt")).unwrap();
    }
    (path, done)
}

/// Exports `path` as `format` into `out` from the command line: (outcome, stderr).
fn export(path: &Path, format: Format, out: &Path, strict: bool) -> (Outcome, String) {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let outcome = cli::export(path, format, out, strict, &mut stdout, &mut stderr).unwrap();
    (outcome, String::from_utf8(stderr).unwrap())
}

/// The texts of the opened project's articles, by id, as code points.
fn texts(doc: &crosscheck::document::Document) -> BTreeMap<String, Vec<char>> {
    doc.project()
        .articles
        .iter()
        .filter_map(|a| {
            Some((
                a.id.to_string(),
                doc.text(&a.id)?.as_str().chars().collect(),
            ))
        })
        .collect()
}

fn covers(
    texts: &BTreeMap<String, Vec<char>>,
    article: &str,
    start: usize,
    end: usize,
    quote: &str,
) {
    let text = &texts[article];
    assert!(
        start < end && end <= text.len(),
        "{start}..{end} is not a span of {article} ({} characters) for {quote:?}",
        text.len()
    );
    let at: String = text[start..end].iter().collect();
    assert_eq!(
        at, quote,
        "the position {start}..{end} of {article} does not give its quote"
    );
}

/// Checks every position an export wrote against the article texts; returns how many.
#[allow(clippy::too_many_lines)] // one arm per format, each reading its own files
fn check_export(
    format: Format,
    out: &Path,
    project: &Project,
    texts: &BTreeMap<String, Vec<char>>,
) -> usize {
    let mut checked = 0;
    match format {
        Format::Json => {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
            for a in v["annotations"].as_array().unwrap() {
                let (s, e) = (
                    a["char_start"].as_u64().unwrap(),
                    a["char_end"].as_u64().unwrap(),
                );
                covers(
                    texts,
                    a["article"].as_str().unwrap(),
                    usize::try_from(s).unwrap(),
                    usize::try_from(e).unwrap(),
                    a["quote"].as_str().unwrap(),
                );
                checked += 1;
            }
            for d in v["disagreements"].as_array().unwrap() {
                for side in d["sides"].as_array().unwrap() {
                    for q in side["quotes"].as_array().unwrap() {
                        covers(
                            texts,
                            q["article_id"].as_str().unwrap(),
                            usize::try_from(q["char_start"].as_u64().unwrap()).unwrap(),
                            usize::try_from(q["char_end"].as_u64().unwrap()).unwrap(),
                            q["quote"].as_str().unwrap(),
                        );
                        checked += 1;
                    }
                }
            }
            for c in v["contradictions"].as_array().unwrap() {
                for side in ["a", "b"] {
                    let s = &c[side];
                    if let (Some(start), Some(end)) =
                        (s["char_start"].as_u64(), s["char_end"].as_u64())
                    {
                        covers(
                            texts,
                            s["article_id"].as_str().unwrap(),
                            usize::try_from(start).unwrap(),
                            usize::try_from(end).unwrap(),
                            s["quote"].as_str().unwrap(),
                        );
                        checked += 1;
                    }
                }
            }
        }
        Format::W3c => {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
            let article_of = |source: &str| {
                project
                    .articles
                    .iter()
                    .find(|a| {
                        a.url.as_deref() == Some(source)
                            || source.ends_with(&format!(":article:{}", a.id))
                    })
                    .map(|a| a.id.to_string())
                    .unwrap()
            };
            for item in v["first"]["items"].as_array().unwrap() {
                let targets = match &item["target"] {
                    serde_json::Value::Array(list) => list.clone(),
                    one => vec![one.clone()],
                };
                for t in targets {
                    let selectors = t["selector"].as_array().unwrap();
                    let quote = selectors.iter().find(|s| s["type"] == "TextQuoteSelector");
                    let position = selectors
                        .iter()
                        .find(|s| s["type"] == "TextPositionSelector");
                    let (Some(q), Some(p)) = (quote, position) else {
                        continue;
                    };
                    covers(
                        texts,
                        &article_of(t["source"]["id"].as_str().unwrap()),
                        usize::try_from(p["start"].as_u64().unwrap()).unwrap(),
                        usize::try_from(p["end"].as_u64().unwrap()).unwrap(),
                        q["exact"].as_str().unwrap(),
                    );
                    checked += 1;
                }
            }
        }
        Format::Csv => {
            let mut reader = csv::Reader::from_path(out).unwrap();
            let headers = reader.headers().unwrap().clone();
            let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
            let (quote, start, end, article) =
                (col("quote"), col("start"), col("end"), col("article_id"));
            for row in reader.records() {
                let row = row.unwrap();
                // Quotes that look like formulas carry a leading ' in the file.
                let q = row[quote].strip_prefix('\'').filter(|_| {
                    row[quote].starts_with("'=")
                        || row[quote].starts_with("'+")
                        || row[quote].starts_with("'-")
                        || row[quote].starts_with("'@")
                });
                covers(
                    texts,
                    &row[article],
                    row[start].parse().unwrap(),
                    row[end].parse().unwrap(),
                    q.unwrap_or(&row[quote]),
                );
                checked += 1;
            }
        }
        Format::DisagreementsCsv => {
            let mut reader = csv::Reader::from_path(out).unwrap();
            let headers = reader.headers().unwrap().clone();
            let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
            let cells = [col("for_quote_texts"), col("against_quote_texts")];
            for row in reader.records() {
                let row = row.unwrap();
                for cell in cells {
                    // One quote a line: “quote” (article start..end)
                    for line in row[cell].lines() {
                        let (quote, place) = line.rsplit_once("” (").unwrap();
                        let quote = quote.trim_start_matches('\'').strip_prefix('“').unwrap();
                        let (article, range) =
                            place.trim_end_matches(')').rsplit_once(' ').unwrap();
                        let (start, end) = range.split_once("..").unwrap();
                        covers(
                            texts,
                            article,
                            start.parse().unwrap(),
                            end.parse().unwrap(),
                            quote,
                        );
                        checked += 1;
                    }
                }
            }
        }
        Format::Brat => {
            for entry in std::fs::read_dir(out).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "ann") {
                    continue;
                }
                let article = path.file_stem().unwrap().to_string_lossy().into_owned();
                for line in std::fs::read_to_string(&path).unwrap().lines() {
                    if !line.starts_with('T') {
                        continue;
                    }
                    let fields: Vec<&str> = line.split('\t').collect();
                    let places = fields[1].split_once(' ').unwrap().1;
                    let pieces: Vec<(usize, usize)> = places
                        .split(';')
                        .map(|p| {
                            let (s, e) = p.split_once(' ').unwrap();
                            (s.parse().unwrap(), e.parse().unwrap())
                        })
                        .collect();
                    // Fragments are joined by a space in the text field, as brat writes it.
                    let text: Vec<String> = pieces
                        .iter()
                        .map(|&(s, e)| texts[&article][s..e].iter().collect())
                        .collect();
                    assert_eq!(text.join(" "), fields[2], "{line} in {}", path.display());
                    checked += 1;
                }
            }
        }
        _ => unreachable!(),
    }
    checked
}

#[test]
fn exports_write_only_positions_that_give_their_quote_and_name_the_rest() {
    let mut left_out_seen = 0;
    let mut moved_back = 0;
    for seed in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let (path, corrupted) = corrupted_copy(dir.path(), seed);
        let opened = store::open(&path).unwrap();
        let doc = &opened.document;
        let texts = texts(doc);
        let unplaced: BTreeSet<AnnotationId> = crosscheck::export::unplaced(doc)
            .into_iter()
            .map(|u| u.annotation)
            .collect();
        // Every corrupted highlight is either back on its quote or left out.
        for (id, kind) in &corrupted {
            let a = doc.annotation(id).unwrap();
            if unplaced.contains(id) {
                left_out_seen += 1;
            } else {
                covers(
                    &texts,
                    a.article.as_str(),
                    a.char_start,
                    a.char_end,
                    &a.quote,
                );
                moved_back += 1;
            }
            if matches!(kind, Corruption::Empty | Corruption::Swapped) && !unplaced.contains(id) {
                assert!(a.char_start < a.char_end, "{kind:?} placed as a real span");
            }
        }
        for format in [
            Format::W3c,
            Format::Json,
            Format::Csv,
            Format::DisagreementsCsv,
            Format::Brat,
        ] {
            let out = dir.path().join(format!("out-{format:?}"));
            let (outcome, stderr) = export(&path, format, &out, false);
            assert_eq!(outcome, Outcome::Clean, "{stderr}");
            let named: BTreeSet<AnnotationId> = stderr
                .lines()
                .filter(|l| l.contains("left out of the export"))
                .map(|l| {
                    let id = unplaced.iter().find(|id| l.contains(id.as_str()));
                    id.unwrap_or_else(|| panic!("an unknown highlight named: {l}"))
                        .clone()
                })
                .collect();
            assert_eq!(
                named, unplaced,
                "every left-out highlight is named: {stderr}"
            );
            for line in stderr
                .lines()
                .filter(|l| l.contains("left out of the export"))
            {
                assert!(
                    line.starts_with(&format!("{}:", path.display())),
                    "file and line first: {line}"
                );
            }
            let checked = check_export(format, &out, doc.project(), &texts);
            assert!(checked > 100, "{format:?}: {checked} positions checked");
            // --strict: nothing written when something cannot be placed.
            let strict_out = dir.path().join(format!("strict-{format:?}"));
            let (outcome, _) = export(&path, format, &strict_out, true);
            if unplaced.is_empty() {
                assert_eq!(outcome, Outcome::Clean);
            } else {
                assert_eq!(outcome, Outcome::Problems);
                assert!(
                    !strict_out.exists(),
                    "--strict wrote {}",
                    strict_out.display()
                );
            }
        }
    }
    assert!(
        left_out_seen > 10 && moved_back > 10,
        "{left_out_seen} left out, {moved_back} moved back"
    );
}

#[test]
fn validate_export_and_the_window_see_every_span_in_the_same_place() {
    for seed in 100..115 {
        let dir = tempfile::tempdir().unwrap();
        let (path, corrupted) = corrupted_copy(dir.path(), seed);
        let opened = store::open(&path).unwrap();
        let app = crosscheck::ui::CrosscheckApp::new(Some(path.clone()), None);
        let window = &app.project().unwrap().doc;
        let place = |doc: &crosscheck::document::Document| -> Vec<(AnnotationId, usize, usize)> {
            doc.project()
                .annotations
                .iter()
                .map(|a| (a.id.clone(), a.char_start, a.char_end))
                .collect()
        };
        assert_eq!(
            place(window),
            place(&opened.document),
            "window and command line"
        );
        // What validate says of each corrupted span is what opening did with it.
        let (mut out, mut err) = (Vec::new(), Vec::new());
        cli::validate(&path, &mut out, &mut err).unwrap();
        let said = String::from_utf8(err).unwrap();
        let unplaced: BTreeSet<AnnotationId> = crosscheck::export::unplaced(&opened.document)
            .into_iter()
            .map(|u| u.annotation)
            .collect();
        for (id, _) in &corrupted {
            let a = opened.document.annotation(id).unwrap();
            if opened.document.text(&a.article).is_none() {
                // Its article's file is gone: validate names the article, export the span.
                assert!(said.contains(&format!("article {}: article file not found", a.article)));
                assert!(unplaced.contains(id));
                continue;
            }
            let lines: Vec<&str> = said.lines().filter(|l| l.contains(id.as_str())).collect();
            assert!(!lines.is_empty(), "validate names {id}: {said}");
            assert!(
                lines.iter().all(|l| l
                    .split(':')
                    .nth(1)
                    .is_some_and(|n| n.parse::<usize>().is_ok())),
                "each with its line: {lines:?}"
            );
            if unplaced.contains(id) {
                assert!(
                    !lines.iter().any(|l| l.contains("moved:")),
                    "validate says moved, export leaves it out: {lines:?}"
                );
            } else if lines.iter().any(|l| l.contains("moved:")) {
                let now = format!("is now at {}..{}", a.char_start, a.char_end);
                assert!(lines.iter().any(|l| l.contains(&now)), "{now} in {lines:?}");
            }
        }
    }
}

#[test]
fn the_export_dialog_lists_what_it_will_leave_out_before_writing() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut project: Project = store::load(&path).unwrap().document.project().clone();
    let a = Arc::make_mut(&mut project.annotations[7]);
    a.quote = format!("{} qzx vwq", a.quote);
    let id = a.id.clone();
    store::save(&project, &path).unwrap();
    let mut h = common::harness(crosscheck::ui::CrosscheckApp::new(Some(path), None));
    h.state_mut().queue(crosscheck::ui::state::Action::Export);
    h.run();
    h.get_by_label_contains("1 highlight will be left out");
    h.get_by_label_contains(id.as_str());
}
