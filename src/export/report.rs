//! The human-readable report, as one self-contained HTML page or as Markdown: claims with
//! verdicts, the contradictions with both quotes side by side, and every article with its
//! highlights. Article text and notes are always escaped: nothing in them runs.

use crate::analysis::{self, Contradiction};
use crate::document::Document;
use crate::model::{Annotation, Project, ReviewState};
use crate::model::{ClaimId, Index, Side};
use crate::text::ArticleText;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

/// (for, against, neutral) per claim, in one pass over the annotations.
fn all_stance_counts(p: &Project) -> HashMap<&ClaimId, (usize, usize, usize)> {
    let mut counts: HashMap<&ClaimId, (usize, usize, usize)> = HashMap::new();
    for a in &p.annotations {
        for l in &a.claims {
            let c = counts.entry(&l.claim).or_default();
            match l.stance.side() {
                Side::For => c.0 += 1,
                Side::Against => c.1 += 1,
                Side::Neutral => c.2 += 1,
            }
        }
    }
    counts
}

/// A run of article text and the annotations covering all of it.
struct Segment<'a> {
    text: &'a str,
    covering: Vec<&'a Annotation>,
}

/// Splits an article at every span boundary, so overlapping and nested spans can be shown
/// without nesting markup.
fn segments<'a>(text: &'a ArticleText, spans: &[&'a Annotation]) -> Vec<Segment<'a>> {
    let anchored: Vec<&Annotation> = spans
        .iter()
        .copied()
        .filter(|a| text.slice(a.char_start..a.char_end) == Some(a.quote.as_str()))
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.char_count()];
    for a in &anchored {
        cuts.push(a.char_start);
        cuts.push(a.char_end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let piece = text.slice(w[0]..w[1])?;
            let covering = anchored
                .iter()
                .copied()
                .filter(|a| a.char_start <= w[0] && a.char_end >= w[1])
                .collect();
            Some(Segment {
                text: piece,
                covering,
            })
        })
        .collect()
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn review_state(p: &Project, c: &Contradiction) -> ReviewState {
    p.review(&c.key).map_or(ReviewState::Open, |r| r.state)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}\
.text{white-space:pre-wrap}.meta{color:#666}mark{background:none;border-radius:2px}\
.for{color:#1f7a45}.against{color:#b3312d}.badge{border:1px solid #999;border-radius:4px;padding:0 .3rem;font-size:.85em}\
blockquote{margin:0;font-style:italic}";

/// The report as one HTML page with its style inline and no scripts.
pub fn write_html(
    doc: &Document,
    found: &[Contradiction],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let p = doc.project();
    let counts = all_stance_counts(p);
    let mut h = String::new();
    let title = escape_html(&p.name);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} — Crosscheck report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} articles, {} entities, {} highlights, {} claims, {} contradictions</p>",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len(),
        p.claims.len(),
        found.len()
    );

    h.push_str("<h2>Claims</h2>\n<table>\n<tr><th>Claim</th><th>Verdict</th><th>For</th><th>Against</th><th>Reports</th></tr>\n");
    for c in &p.claims {
        let (pro, con, neutral) = counts.get(&c.id).copied().unwrap_or_default();
        let note = if c.verdict_note.is_empty() {
            String::new()
        } else {
            format!("<br><small>{}</small>", escape_html(&c.verdict_note))
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td><span class=\"badge\">{}</span>{note}</td><td class=\"for\">{pro}</td><td class=\"against\">{con}</td><td>{neutral}</td></tr>",
            escape_html(&c.statement),
            c.verdict.label()
        );
    }
    h.push_str("</table>\n");

    contradictions_html(p, found, &mut h);
    articles_html(doc, &mut h);
    h.push_str("</body>\n</html>\n");
    out.write_all(h.as_bytes())
}

fn contradictions_html(p: &Project, found: &[Contradiction], h: &mut String) {
    let index = Index::new(p);
    h.push_str("<h2>Contradictions</h2>\n");
    if found.is_empty() {
        h.push_str("<p>None.</p>\n");
    } else {
        h.push_str("<table>\n<tr><th>Claim</th><th>One side</th><th>Other side</th><th>Why</th><th>Review</th></tr>\n");
        for c in found {
            let claim = c
                .claim
                .as_ref()
                .and_then(|id| index.claim(id))
                .map_or("(linked as contradicting)", |x| x.statement.as_str());
            let note = p.review(&c.key).map_or("", |r| r.note.as_str());
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                escape_html(claim),
                side_html(&index, &c.a),
                side_html(&index, &c.b),
                c.reason.describe(),
                review_state(p, c).label(),
                if note.is_empty() {
                    String::new()
                } else {
                    format!("<br><small>{}</small>", escape_html(note))
                }
            );
        }
        h.push_str("</table>\n");
    }
}

fn articles_html(doc: &Document, h: &mut String) {
    let p = doc.project();
    let index = Index::new(p);
    h.push_str("<h2>Articles</h2>\n");
    for article in &p.articles {
        let _ = writeln!(
            h,
            "<article>\n<h3>{}</h3>\n<p class=\"meta\">{}</p>",
            escape_html(&article.display_title()),
            escape_html(&article.source_line())
        );
        let Some(text) = doc.text(&article.id) else {
            h.push_str("<p>(text not available)</p>\n</article>\n");
            continue;
        };
        let spans: Vec<&Annotation> = p.annotations_of(&article.id).collect();
        h.push_str("<div class=\"text\">");
        for seg in segments(text, &spans) {
            // The innermost (shortest) span decides the color; the title lists everything.
            match seg.covering.iter().min_by_key(|a| a.char_len()) {
                None => h.push_str(&escape_html(seg.text)),
                Some(inner) => {
                    let color = inner
                        .entities
                        .first()
                        .and_then(|e| index.entity(e))
                        .map_or_else(|| "#888888".to_owned(), |e| e.color.to_string());
                    let names: Vec<String> = seg
                        .covering
                        .iter()
                        .flat_map(|a| a.entities.iter())
                        .map(|e| {
                            index
                                .entity(e)
                                .map_or_else(|| e.to_string(), |x| x.name.clone())
                        })
                        .collect();
                    let _ = write!(
                        h,
                        "<mark style=\"background:{color}40;border-bottom:2px solid {color}\" title=\"{}\">{}</mark>",
                        escape_html(&names.join(", ")),
                        escape_html(seg.text)
                    );
                }
            }
        }
        h.push_str("</div>\n");
        let notes: Vec<&&Annotation> = spans.iter().filter(|a| !a.note.is_empty()).collect();
        if !notes.is_empty() {
            h.push_str("<h4>Notes</h4>\n<ul>\n");
            for a in notes {
                let _ = writeln!(
                    h,
                    "<li><q>{}</q>: {}</li>",
                    escape_html(&a.quote),
                    escape_html(&a.note)
                );
            }
            h.push_str("</ul>\n");
        }
        h.push_str("</article>\n");
    }
}

fn side_html(p: &Index<'_>, s: &analysis::Side) -> String {
    let source = p
        .article(&s.article)
        .map_or_else(|| s.article.to_string(), crate::model::Article::source_line);
    format!(
        "<strong>{}</strong> {}<blockquote>“{}”</blockquote><small>{}</small>",
        escape_html(&p.speaker_name(s.speaker.as_ref())),
        s.stance.map_or("linked", crate::model::Stance::label),
        escape_html(&s.quote),
        escape_html(&source)
    )
}

/// Escapes Markdown (and the HTML that Markdown passes through) in running text.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '~' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown inside a table cell: escaped, on one line.
fn cell_md(s: &str) -> String {
    escape_md(s).replace(['\n', '\r'], " ")
}

/// The same report in Markdown.
pub fn write_markdown(
    doc: &Document,
    found: &[Contradiction],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let p = doc.project();
    let counts = all_stance_counts(p);
    let index = Index::new(p);
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", cell_md(&p.name));
    let _ = writeln!(
        m,
        "{} articles, {} entities, {} highlights, {} claims, {} contradictions\n",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len(),
        p.claims.len(),
        found.len()
    );
    m.push_str(
        "## Claims\n\n| Claim | Verdict | For | Against | Reports |\n|---|---|---|---|---|\n",
    );
    for c in &p.claims {
        let (pro, con, neutral) = counts.get(&c.id).copied().unwrap_or_default();
        let _ = writeln!(
            m,
            "| {} | {} | {pro} | {con} | {neutral} |",
            cell_md(&c.statement),
            c.verdict.label()
        );
    }
    m.push_str("\n## Contradictions\n\n");
    if found.is_empty() {
        m.push_str("None.\n");
    } else {
        m.push_str("| Claim | One side | Other side | Why | Review |\n|---|---|---|---|---|\n");
        for c in found {
            let claim = c
                .claim
                .as_ref()
                .and_then(|id| index.claim(id))
                .map_or("(linked as contradicting)", |x| x.statement.as_str());
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} | {} |",
                cell_md(claim),
                side_md(&index, &c.a),
                side_md(&index, &c.b),
                c.reason.describe(),
                review_state(p, c).label()
            );
        }
    }
    m.push_str("\n## Articles\n");
    for article in &p.articles {
        let _ = writeln!(
            m,
            "\n### {}\n\n*{}*\n",
            cell_md(&article.display_title()),
            cell_md(&article.source_line())
        );
        let Some(text) = doc.text(&article.id) else {
            m.push_str("(text not available)\n");
            continue;
        };
        let spans: Vec<&Annotation> = p.annotations_of(&article.id).collect();
        let mut body = String::new();
        for seg in segments(text, &spans) {
            if seg.covering.is_empty() {
                body.push_str(&escape_md(seg.text));
            } else {
                // Bold per line: Markdown emphasis cannot span a line break.
                let lines: Vec<String> = seg
                    .text
                    .split('\n')
                    .map(|l| {
                        if l.trim().is_empty() {
                            escape_md(l)
                        } else {
                            format!("**{}**", escape_md(l))
                        }
                    })
                    .collect();
                body.push_str(&lines.join("\n"));
            }
        }
        for line in body.split('\n') {
            let _ = writeln!(m, "> {line}");
        }
        let notes: Vec<&&Annotation> = spans.iter().filter(|a| !a.note.is_empty()).collect();
        if !notes.is_empty() {
            m.push_str("\nNotes:\n\n");
            for a in notes {
                let _ = writeln!(m, "- “{}”: {}", cell_md(&a.quote), cell_md(&a.note));
            }
        }
    }
    out.write_all(m.as_bytes())
}

fn side_md(p: &Index<'_>, s: &analysis::Side) -> String {
    let source = p
        .article(&s.article)
        .map_or_else(|| s.article.to_string(), crate::model::Article::source_line);
    format!(
        "**{}** {}: “{}” — *{}*",
        cell_md(&p.speaker_name(s.speaker.as_ref())),
        s.stance.map_or("linked", crate::model::Stance::label),
        cell_md(&s.quote),
        cell_md(&source)
    )
}
