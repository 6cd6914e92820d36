//! brat standoff: for each article `<id>.txt` (the text as Crosscheck counts it) and `<id>.ann`
//! with a `T` line per entity link (the entity id as type; spans across line breaks become
//! fragments, as brat requires), an `N` line per "same as" link of its entity (brat's
//! normalization: `Wikidata:Q794`, see `crate::linked::to_brat_reference`), one `#` `AnnotatorNotes` line per span (its note, its claims,
//! its links to other articles), `A` lines for claim stances and `R` lines for typed links
//! within an article; plus `annotation.conf` and `visual.conf`.
//! brat counts offsets in code points, as Crosscheck does.

use crate::document::Document;
use crate::model::{AnnotationId, EntityId, FastMap, LinkKind, Stance};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The type of spans that link to no entity.
const UNTYPED: &str = "Span";

fn relation_type(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Corroborates => "Corroborates",
        LinkKind::Contradicts => "Contradicts",
        LinkKind::Quotes => "Quotes",
        LinkKind::SameClaim => "Same_claim",
    }
}

fn stance_value(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "Asserts",
        Stance::Denies => "Denies",
        Stance::Supports => "Supports",
        Stance::Disputes => "Disputes",
        Stance::Reports => "Reports",
    }
}

/// One line of text inside an `.ann` field: no tabs or line breaks.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Fragments of the span `start..start + quote.len()` split at line breaks, as `(start, end)`
/// code-point pairs with their text. Only the quote is scanned, not the text before it.
fn fragments(quote: &str, start: usize) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut at = start;
    for piece in quote.split('\n') {
        let len = piece.chars().count();
        if len > 0 {
            out.push((at, at + len, piece));
        }
        at += len + 1;
    }
    out
}

/// brat relations join annotations of one document; a link to another article becomes part of
/// the note of its `from` span instead.
fn cross_article_notes<'a>(
    p: &'a crate::model::Project,
    index: &crate::model::Index<'a>,
) -> BTreeMap<&'a AnnotationId, Vec<String>> {
    let mut notes: BTreeMap<&AnnotationId, Vec<String>> = BTreeMap::new();
    for link in &p.links {
        let (Some(from), Some(to)) = (index.annotation(&link.from), index.annotation(&link.to))
        else {
            continue;
        };
        if from.article != to.article {
            notes.entry(&from.id).or_default().push(format!(
                "{} “{}” in {}",
                link.kind.label(),
                one_line(&to.quote),
                to.article
            ));
        }
    }
    notes
}

/// Where a span is and what it shows, as a `T` line has it after the type:
/// `start end;start end<TAB>text text`.
fn place(frags: &[(usize, usize, &str)]) -> String {
    let mut out = String::new();
    for (i, (s, e, _)) in frags.iter().enumerate() {
        let sep = if i == 0 { "" } else { ";" };
        let _ = write!(out, "{sep}{s} {e}");
    }
    out.push('\t');
    for (i, (_, _, piece)) in frags.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// The brat types of a span: its entities' (made once per entity in `type_of`), or
/// `Span` when it has none.
fn span_types<'a>(
    a: &'a crate::model::Annotation,
    type_of: &'a FastMap<&EntityId, String>,
) -> Vec<Cow<'a, str>> {
    if a.entities.is_empty() {
        return vec![Cow::Borrowed(UNTYPED)];
    }
    a.entities
        .iter()
        .map(|e| match type_of.get(e) {
            Some(ty) => Cow::Borrowed(ty.as_str()),
            // An entity the project does not list (validation reports it).
            None => Cow::Owned(e.as_str().replace('-', "_")),
        })
        .collect()
}

/// The files of a brat export, as (file name, content), sorted by name.
#[must_use]
pub fn brat_files(doc: &Document) -> Vec<(String, String)> {
    let p = doc.project();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut types: BTreeSet<String> = BTreeSet::new();
    let index = crate::model::Index::new(p);
    let mut cross_notes = cross_article_notes(p, &index);
    // The brat type of each entity, made once; the types used, for annotation.conf.
    let type_of: FastMap<&EntityId, String> = p
        .entities
        .iter()
        .map(|e| (&e.id, e.id.as_str().replace('-', "_")))
        .collect();
    // The first T of every annotation, for the R lines.
    let mut first_t: FastMap<&AnnotationId, (String, &str)> = FastMap::default();
    let mut anns: BTreeMap<&str, String> = BTreeMap::new();
    let mut relation_counts: BTreeMap<&str, usize> = BTreeMap::new();

    for article in &p.articles {
        let Some(text) = doc.text(&article.id) else {
            continue;
        };
        files.insert(format!("{}.txt", article.id), text.as_str().to_owned());
        let mut ann = String::new();
        let (mut t, mut a_n, mut note_n, mut n) = (0, 0, 0, 0);
        for a in p.annotations_of(&article.id) {
            let Some(quote) = text.slice(a.char_start..a.char_end) else {
                continue; // does not anchor; validation reports it
            };
            let frags = fragments(quote, a.char_start);
            if frags.is_empty() {
                continue;
            }
            let place = place(&frags);
            let mut first = None;
            for (i, ty) in span_types(a, &type_of).into_iter().enumerate() {
                t += 1;
                let id = format!("T{t}");
                let _ = writeln!(ann, "{id}\t{ty} {place}");
                // Its entity's "same as" links as brat normalizations.
                if let Some(e) = a.entities.get(i).and_then(|e| index.entity(e)) {
                    for iri in &e.same_as {
                        let (db, reference) = crate::linked::to_brat_reference(iri);
                        n += 1;
                        let name = one_line(&e.name);
                        let _ = writeln!(ann, "N{n}\tReference {id} {db}:{reference}\t{name}");
                    }
                }
                if !types.contains(ty.as_ref()) {
                    types.insert(ty.into_owned());
                }
                first.get_or_insert(id);
            }
            let Some(first) = first else { continue };
            // One AnnotatorNotes line per span (brat shows one note per annotation): the
            // note, the claims it speaks to, its links to other articles.
            let mut notes: Vec<String> = Vec::new();
            if !a.note.is_empty() {
                notes.push(one_line(&a.note));
            }
            for l in &a.claims {
                a_n += 1;
                let _ = writeln!(ann, "A{a_n}\tStance {first} {}", stance_value(l.stance));
                let statement = index
                    .claim(&l.claim)
                    .map_or_else(|| l.claim.to_string(), |c| c.statement.clone());
                notes.push(format!(
                    "{} {} the claim: {}",
                    one_line(&index.speaker_name(l.speaker.as_ref())),
                    l.stance.label(),
                    one_line(&statement)
                ));
            }
            notes.extend(cross_notes.remove(&a.id).unwrap_or_default());
            if !notes.is_empty() {
                note_n += 1;
                let _ = writeln!(
                    ann,
                    "#{note_n}\tAnnotatorNotes {first}\t{}",
                    notes.join(" | ")
                );
            }
            first_t.insert(&a.id, (first, article.id.as_str()));
        }
        anns.insert(article.id.as_str(), ann);
    }

    for link in &p.links {
        let (Some((from, doc_a)), Some((to, doc_b))) =
            (first_t.get(&link.from), first_t.get(&link.to))
        else {
            continue;
        };
        if doc_a != doc_b {
            continue; // written into the `from` span's note above
        }
        let Some(ann) = anns.get_mut(doc_a) else {
            continue;
        };
        let n = relation_counts.entry(doc_a).or_default();
        *n += 1;
        let ty = relation_type(link.kind);
        let _ = writeln!(ann, "R{n}\t{ty} Arg1:{from} Arg2:{to}");
    }
    for (article, ann) in anns {
        files.insert(format!("{article}.ann"), ann);
    }

    files.extend(conf_files(p, &types));
    files.into_iter().collect()
}

/// `annotation.conf` (the types, relations and the stance attribute) and `visual.conf` (entity
/// names and colors).
fn conf_files(p: &crate::model::Project, types: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut conf = String::from("[entities]\n");
    for ty in types {
        let _ = writeln!(conf, "{ty}");
    }
    conf.push_str("\n[relations]\n");
    for r in ["Contradicts", "Corroborates", "Quotes", "Same_claim"] {
        let _ = writeln!(conf, "{r}\tArg1:<ENTITY>, Arg2:<ENTITY>");
    }
    conf.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    conf.push_str("\n[events]\n\n[attributes]\n");
    conf.push_str("Stance\tArg:<ENTITY>, Value:Asserts|Denies|Supports|Disputes|Reports\n");
    let mut out = vec![("annotation.conf".to_owned(), conf)];

    let mut visual = String::from("[labels]\n");
    for e in &p.entities {
        let ty = e.id.as_str().replace('-', "_");
        if types.contains(&ty) {
            let _ = writeln!(visual, "{ty} | {}", one_line(&e.name).replace('|', "/"));
        }
    }
    visual.push_str("\n[drawing]\n");
    for e in &p.entities {
        let ty = e.id.as_str().replace('-', "_");
        if types.contains(&ty) {
            let _ = writeln!(visual, "{ty}\tbgColor:{}", e.color);
        }
    }
    out.push(("visual.conf".to_owned(), visual));
    out
}

#[cfg(test)]
mod tests {
    use super::fragments;

    #[test]
    fn spans_split_at_line_breaks() {
        assert_eq!(
            fragments("ab\ncd\n\nef", 0),
            vec![(0, 2, "ab"), (3, 5, "cd"), (7, 9, "ef")]
        );
        assert_eq!(fragments("b", 1), vec![(1, 2, "b")]);
        assert_eq!(fragments("x\n", 10), vec![(10, 11, "x")]);
        assert_eq!(fragments("«ما»\nz", 4), vec![(4, 8, "«ما»"), (9, 10, "z")]);
    }
}
