//! W3C Web Annotation Data Model (JSON-LD): one `AnnotationCollection` whose first (and only)
//! `AnnotationPage` holds every annotation. Each span annotation targets its article with both
//! a `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in code
//! points); entity and claim links are `TextualBody` bodies with a purpose; typed links between
//! spans are `linking` annotations with two targets.

use crate::document::Document;
use crate::model::{Annotation, Article, Index, Project};
use serde_json::{Value, json};
use std::io::Write;

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The IRI of an article: its URL when it has one, otherwise a URN naming it in the project.
fn article_iri(project: &Project, article: &Article) -> String {
    article.url.clone().unwrap_or_else(|| {
        format!(
            "urn:crosscheck:{}:article:{}",
            slug(&project.name),
            article.id
        )
    })
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "project".into()
    } else {
        out
    }
}

fn target(project: &Project, index: &Index<'_>, a: &Annotation) -> Value {
    let source = index.article(&a.article).map_or_else(
        || format!("urn:crosscheck:article:{}", a.article),
        |x| article_iri(project, x),
    );
    json!({
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": a.quote,
                "prefix": a.prefix,
                "suffix": a.suffix,
            },
            {
                "type": "TextPositionSelector",
                "start": a.char_start,
                "end": a.char_end,
            }
        ]
    })
}

fn software() -> Value {
    json!({
        "id": "https://crates.io/crates/crosscheck",
        "type": "Software",
        "name": format!("Crosscheck {}", env!("CARGO_PKG_VERSION")),
    })
}

fn span_annotation(project: &Project, index: &Index<'_>, a: &Annotation) -> Value {
    let mut bodies = Vec::new();
    for e in &a.entities {
        let name = index
            .entity(e)
            .map_or_else(|| e.to_string(), |x| x.name.clone());
        bodies.push(json!({"type": "TextualBody", "value": name, "purpose": "tagging"}));
    }
    for l in &a.claims {
        let statement = index
            .claim(&l.claim)
            .map_or_else(|| l.claim.to_string(), |c| c.statement.clone());
        let speaker = index.speaker_name(l.speaker.as_ref());
        bodies.push(json!({
            "type": "TextualBody",
            "value": format!("{speaker} {} the claim: {statement}", l.stance.label()),
            "purpose": "classifying",
        }));
    }
    if !a.note.is_empty() {
        bodies.push(json!({
            "type": "TextualBody",
            "value": a.note,
            "format": "text/plain",
            "purpose": "commenting",
        }));
    }
    let motivation = if !a.claims.is_empty() {
        "classifying"
    } else if !a.entities.is_empty() {
        "tagging"
    } else if !a.note.is_empty() {
        "commenting"
    } else {
        "highlighting"
    };
    let mut v = json!({
        "id": format!("urn:uuid:{}", a.id),
        "type": "Annotation",
        "motivation": motivation,
        "created": a.created,
        "creator": software(),
        "target": target(project, index, a),
    });
    if !bodies.is_empty() {
        v["body"] = Value::Array(bodies);
    }
    v
}

pub fn collection(doc: &Document) -> Value {
    let p = doc.project();
    let index = Index::new(p);
    let mut items: Vec<Value> = p
        .annotations
        .iter()
        .map(|a| span_annotation(p, &index, a))
        .collect();
    for link in &p.links {
        let (Some(from), Some(to)) = (index.annotation(&link.from), index.annotation(&link.to))
        else {
            continue;
        };
        let mut bodies = vec![json!({
            "type": "TextualBody",
            "value": link.kind.label(),
            "purpose": "linking",
        })];
        if !link.note.is_empty() {
            bodies
                .push(json!({"type": "TextualBody", "value": link.note, "purpose": "commenting"}));
        }
        let created = std::cmp::max(&from.created, &to.created);
        items.push(json!({
            "id": format!("urn:uuid:{}", link.id),
            "type": "Annotation",
            "motivation": "linking",
            "created": created,
            "creator": software(),
            "body": bodies,
            "target": [target(p, &index, from), target(p, &index, to)],
        }));
    }
    let id = format!("urn:crosscheck:{}:annotations", slug(&p.name));
    json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": p.name,
        "total": items.len(),
        "generator": software(),
        "first": {
            "id": format!("{id}:page1"),
            "type": "AnnotationPage",
            "partOf": id,
            "startIndex": 0,
            "items": items,
        }
    })
}

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &collection(doc))?;
    writeln!(out)
}
