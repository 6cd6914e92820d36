//! The human-readable report, as one self-contained HTML page or as Markdown: claims with
//! verdicts, the contradictions with both quotes side by side, and every article with its
//! highlights. Article text and notes are always escaped: nothing in them runs.

use crate::analysis::{self, Disagreement};
use crate::document::Document;
use crate::model::FastMap as HashMap;
use crate::model::{Annotation, Project, ReviewState, Rgb};
use crate::model::{ClaimId, Index, Side};
use crate::text::ArticleText;
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;

/// (for, against, neutral) per claim, in one pass over the annotations.
fn all_stance_counts(p: &Project) -> HashMap<&ClaimId, (usize, usize, usize)> {
    let mut counts: HashMap<&ClaimId, (usize, usize, usize)> = HashMap::default();
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

/// Splits an article at every span boundary, so overlapping and nested spans can be shown
/// without nesting markup: calls `f` with each run of text and the anchored spans covering
/// all of it, in order. One sweep over the sorted spans and the text (no slicing by char
/// offsets, no scan of every span for every run).
fn for_each_segment<'a>(
    text: &'a ArticleText,
    spans: &[&'a Annotation],
    mut f: impl FnMut(&'a str, &[&'a Annotation]),
) {
    let mut anchored: Vec<&Annotation> = spans
        .iter()
        .copied()
        .filter(|a| text.slice(a.char_start..a.char_end) == Some(a.quote.as_str()))
        .collect();
    anchored.sort_by_key(|a| a.char_start);
    let mut cuts: Vec<usize> = vec![0, text.char_count()];
    for a in &anchored {
        cuts.push(a.char_start);
        cuts.push(a.char_end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let s = text.as_str();
    let mut chars = s
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(s.len()));
    let mut byte = chars.next().unwrap_or(0);
    let mut next = 0;
    let mut covering: Vec<&Annotation> = Vec::new();
    for w in cuts.windows(2) {
        let (from, to) = (w[0], w[1]);
        // Spans end at a cut, so one that started at or before `from` and ends after it
        // covers the whole run up to the next cut.
        covering.retain(|a| a.char_end > from);
        while let Some(a) = anchored.get(next).filter(|a| a.char_start <= from) {
            if a.char_end > from {
                covering.push(a);
            }
            next += 1;
        }
        let start = byte;
        byte = chars.nth(to - from - 1).unwrap_or(s.len());
        f(&s[start..byte], &covering);
    }
}

/// Appends `s` to `out` with each byte `escape` names replaced (the bytes are ASCII, so
/// the text between them stays whole).
fn escape_with(out: &mut String, s: &str, escape: impl Fn(u8) -> Option<&'static str>) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(escaped) = escape(b) {
            out.push_str(&s[last..i]);
            out.push_str(escaped);
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
}

/// Appends `s` to `out`, escaped for HTML text and attribute values.
fn escape_html_into(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_html_into(&mut out, s);
    out
}

/// The claim a disagreement is on, or what stands for it when there is none.
fn claim_title<'a>(index: &Index<'a>, d: &Disagreement) -> &'a str {
    d.claim
        .as_ref()
        .and_then(|id| index.claim(id))
        .map_or("(linked as contradicting)", |x| x.statement.as_str())
}

/// "1 quote pair", "12 quote pairs".
fn pairs_label(n: usize) -> String {
    format!("{n} quote pair{}", if n == 1 { "" } else { "s" })
}

/// How many disagreements are still open, for the report's summary line.
fn open_count(p: &Project, found: &[Arc<Disagreement>]) -> usize {
    found
        .iter()
        .filter(|d| analysis::review_state(p, &d.key) == ReviewState::Open)
        .count()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}\
.text{white-space:pre-wrap}.meta{color:#666}mark{background:none;border-radius:2px}\
.for{color:#0275cc}.against{color:#bf5620}.badge{border:1px solid #999;border-radius:4px;padding:0 .3rem;font-size:.85em}\
blockquote{margin:0;font-style:italic}";

/// The report as one HTML page with its style inline and no scripts.
pub fn write_html(
    doc: &Document,
    found: &[Arc<Disagreement>],
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
        "<p class=\"meta\">{} articles, {} entities, {} highlights, {} claims, {} disagreements ({} open, {} contradicting quote pairs)</p>",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len(),
        p.claims.len(),
        found.len(),
        open_count(p, found),
        found.iter().map(|d| d.pairs.len()).sum::<usize>()
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

fn contradictions_html(p: &Project, found: &[Arc<Disagreement>], h: &mut String) {
    let index = Index::new(p);
    h.push_str("<h2>Disagreements</h2>\n");
    if found.is_empty() {
        h.push_str("<p>None.</p>\n");
    } else {
        h.push_str("<table>\n<tr><th>Claim</th><th>For</th><th>Against</th><th>Kind</th><th>Review</th></tr>\n");
        h.push_str(&super::render_in_parallel(found, |d, h| {
            let note = p.review(&d.key).map_or("", |r| r.note.as_str());
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} <small>({})</small></td><td>{}{}</td></tr>",
                escape_html(claim_title(&index, d)),
                party_html(&index, &d.pro),
                party_html(&index, &d.con),
                d.kind.label(),
                pairs_label(d.pairs.len()),
                analysis::review_state(p, &d.key).label(),
                if note.is_empty() {
                    String::new()
                } else {
                    format!("<br><small class=\"text\">{}</small>", escape_html(note))
                }
            );
        }));
        h.push_str("</table>\n");
    }
}

fn articles_html(doc: &Document, h: &mut String) {
    let p = doc.project();
    let index = Index::new(p);
    h.push_str("<h2>Articles</h2>\n");
    h.push_str(&super::render_in_parallel(&p.articles, |article, h| {
        let _ = writeln!(
            h,
            "<article>\n<h3>{}</h3>\n<p class=\"meta\">{}</p>",
            escape_html(&article.display_title()),
            escape_html(&article.source_line())
        );
        let Some(text) = doc.text(&article.id) else {
            h.push_str("<p>(text not available)</p>\n</article>\n");
            return;
        };
        let spans: Vec<&Annotation> = p.annotations_of(&article.id).collect();
        h.push_str("<div class=\"text\">");
        for_each_segment(text, &spans, |piece, covering| {
            // The innermost (shortest) span decides the color; the title lists everything.
            let Some(inner) = covering.iter().min_by_key(|a| a.char_len()) else {
                escape_html_into(h, piece);
                return;
            };
            let color = inner.entities.first().and_then(|e| index.entity(e));
            let color = color.map_or(Rgb([0x88, 0x88, 0x88]), |e| e.color);
            let _ = write!(
                h,
                "<mark style=\"background:{color}40;border-bottom:2px solid {color}\" title=\""
            );
            let names = covering.iter().flat_map(|a| a.entities.iter());
            for (i, e) in names.enumerate() {
                if i > 0 {
                    h.push_str(", ");
                }
                match index.entity(e) {
                    Some(x) => escape_html_into(h, &x.name),
                    None => escape_html_into(h, e.as_str()),
                }
            }
            h.push_str("\">");
            escape_html_into(h, piece);
            h.push_str("</mark>");
        });
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
    }));
}

/// Each quote of a side with the source line of its article, for both reports.
fn party_quotes<'p, 'a: 'p>(
    p: &'p Index<'a>,
    party: &'p analysis::Party,
) -> impl Iterator<Item = (&'a Annotation, String)> + 'p {
    party.quotes.iter().filter_map(|q| {
        let a = p.annotation(&q.annotation)?;
        let source = p
            .article(&q.article)
            .map_or_else(|| q.article.to_string(), crate::model::Article::source_line);
        Some((a, source))
    })
}

/// A side: speaker, stance, "6 quotes in 3 articles", then each quote with its source.
fn party_html(p: &Index<'_>, party: &analysis::Party) -> String {
    let mut h = format!(
        "<strong>{}</strong> {} — {}",
        escape_html(&p.speaker_name(party.speaker.as_ref())),
        party.stance_label(),
        party.extent()
    );
    for (a, source) in party_quotes(p, party) {
        let _ = write!(
            h,
            "<blockquote>“{}”</blockquote><small>{} · characters {}–{}</small>",
            escape_html(&a.quote),
            escape_html(&source),
            a.char_start,
            a.char_end
        );
    }
    h
}

/// Escapes Markdown (and the HTML that Markdown passes through) in running text.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_md_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as [`escape_md`] does.
fn escape_md_into(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'\\' => Some("\\\\"),
        b'`' => Some("\\`"),
        b'*' => Some("\\*"),
        b'_' => Some("\\_"),
        b'{' => Some("\\{"),
        b'}' => Some("\\}"),
        b'[' => Some("\\["),
        b']' => Some("\\]"),
        b'(' => Some("\\("),
        b')' => Some("\\)"),
        b'#' => Some("\\#"),
        b'+' => Some("\\+"),
        b'-' => Some("\\-"),
        b'.' => Some("\\."),
        b'!' => Some("\\!"),
        b'|' => Some("\\|"),
        b'~' => Some("\\~"),
        b'>' => Some("\\>"),
        b'<' => Some("&lt;"),
        b'&' => Some("&amp;"),
        _ => None,
    });
}

/// Markdown inside a table cell: escaped, on one line.
fn cell_md(s: &str) -> String {
    escape_md(s).replace(['\n', '\r'], " ")
}

/// The same report in Markdown.
pub fn write_markdown(
    doc: &Document,
    found: &[Arc<Disagreement>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let p = doc.project();
    let counts = all_stance_counts(p);
    let index = Index::new(p);
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", cell_md(&p.name));
    let _ = writeln!(
        m,
        "{} articles, {} entities, {} highlights, {} claims, {} disagreements ({} open, {} contradicting quote pairs)\n",
        p.articles.len(),
        p.entities.len(),
        p.annotations.len(),
        p.claims.len(),
        found.len(),
        open_count(p, found),
        found.iter().map(|d| d.pairs.len()).sum::<usize>()
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
    m.push_str("\n## Disagreements\n\n");
    if found.is_empty() {
        m.push_str("None.\n");
    } else {
        m.push_str("| Claim | For | Against | Kind | Review |\n|---|---|---|---|---|\n");
        m.push_str(&super::render_in_parallel(found, |d, m| {
            let note = p.review(&d.key).map_or("", |r| r.note.as_str());
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} ({}) | {}{} |",
                cell_md(claim_title(&index, d)),
                party_md(&index, &d.pro),
                party_md(&index, &d.con),
                d.kind.label(),
                pairs_label(d.pairs.len()),
                analysis::review_state(p, &d.key).label(),
                if note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", cell_md(note))
                }
            );
        }));
    }
    m.push_str("\n## Articles\n");
    m.push_str(&super::render_in_parallel(&p.articles, |article, m| {
        let _ = writeln!(
            m,
            "\n### {}\n\n*{}*\n",
            cell_md(&article.display_title()),
            cell_md(&article.source_line())
        );
        let Some(text) = doc.text(&article.id) else {
            m.push_str("(text not available)\n");
            return;
        };
        let spans: Vec<&Annotation> = p.annotations_of(&article.id).collect();
        let mut body = String::new();
        for_each_segment(text, &spans, |piece, covering| {
            if covering.is_empty() {
                escape_md_into(&mut body, piece);
                return;
            }
            // Bold per line: Markdown emphasis cannot span a line break.
            for (i, l) in piece.split('\n').enumerate() {
                if i > 0 {
                    body.push('\n');
                }
                if l.trim().is_empty() {
                    escape_md_into(&mut body, l);
                } else {
                    body.push_str("**");
                    escape_md_into(&mut body, l);
                    body.push_str("**");
                }
            }
        });
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
    }));
    out.write_all(m.as_bytes())
}

/// A side in one table cell: speaker, stance and extent, then each quote with its source.
fn party_md(p: &Index<'_>, party: &analysis::Party) -> String {
    let mut m = format!(
        "**{}** {} — {}",
        cell_md(&p.speaker_name(party.speaker.as_ref())),
        party.stance_label(),
        party.extent()
    );
    for (a, source) in party_quotes(p, party) {
        let _ = write!(
            m,
            "<br>“{}” — *{} · characters {}–{}*",
            cell_md(&a.quote),
            cell_md(&source),
            a.char_start,
            a.char_end
        );
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnnotationId;

    fn span(text: &ArticleText, start: usize, end: usize) -> Annotation {
        let quote = text.slice(start..end).unwrap_or("not in the text");
        Annotation::bare("a", start..end, quote)
    }

    /// Runs of text cut at every boundary of nested, overlapping and touching spans, in
    /// multi-byte text; a span whose quote is not in the text is left out.
    #[test]
    fn segments_cut_at_every_span_boundary() {
        let text = ArticleText::new("«ما» said the FBI, and Iran denied it.");
        let outer = span(&text, 0, 17); // «ما» said the FBI
        let inner = span(&text, 1, 3); // ما
        let overlap = span(&text, 14, 23); // FBI, and
        let touching = span(&text, 23, 27); // Iran
        let mut stale = span(&text, 5, 9);
        stale.quote = "gone".into();
        let spans = [&outer, &inner, &overlap, &touching, &stale];
        let mut got: Vec<(String, Vec<AnnotationId>)> = Vec::new();
        for_each_segment(&text, &spans, |piece, covering| {
            got.push((
                piece.to_owned(),
                covering.iter().map(|a| a.id.clone()).collect(),
            ));
        });
        let ids = |v: &[&Annotation]| v.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        let want = vec![
            ("«".to_owned(), ids(&[&outer])),
            ("ما".to_owned(), ids(&[&outer, &inner])),
            ("» said the ".to_owned(), ids(&[&outer])),
            ("FBI".to_owned(), ids(&[&outer, &overlap])),
            (", and ".to_owned(), ids(&[&overlap])),
            ("Iran".to_owned(), ids(&[&touching])),
            (" denied it.".to_owned(), vec![]),
        ];
        assert_eq!(got, want);
        let whole: String = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(whole, text.as_str());
    }

    #[test]
    fn escapes_html_and_markdown_specials_only() {
        assert_eq!(
            escape_html("a<b & \"c\" 'd'> «ما»"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt; «ما»"
        );
        assert_eq!(
            escape_md("1. *x* [y](z) <b> & «ما» a_b|c\\"),
            "1\\. \\*x\\* \\[y\\]\\(z\\) &lt;b\\> &amp; «ما» a\\_b\\|c\\\\"
        );
        assert_eq!(escape_md(""), "");
    }
}
