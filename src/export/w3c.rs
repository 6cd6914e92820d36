//! W3C Web Annotation Data Model (JSON-LD): one `AnnotationCollection` whose first (and only)
//! `AnnotationPage` holds every annotation. Each span annotation targets its article with both
//! a `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector` (start, end in code
//! points); entity and claim links are `TextualBody` bodies with a purpose; typed links between
//! spans are `linking` annotations with two targets.

use crate::document::Document;
use crate::model::FastMap as HashMap;
use crate::model::{Annotation, Article, ArticleId, Index, Project};
use serde::Serialize;
use std::borrow::Cow;
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

/// A span of an article: the article as `source`, both selectors.
#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: Cow<'a, str>,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    purpose: &'static str,
}

impl<'a> Body<'a> {
    fn text(value: impl Into<Cow<'a, str>>, purpose: &'static str) -> Self {
        Self {
            kind: "TextualBody",
            value: value.into(),
            format: None,
            purpose,
        }
    }
}

#[derive(Serialize, Clone)]
struct Agent {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Targets<'a> {
    One(Target<'a>),
    Two([Target<'a>; 2]),
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: &'a str,
    /// The checker who made it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<Agent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    target: Targets<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: String,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<WebAnnotation<'a>>,
}

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    generator: &'a Agent,
    first: Page<'a>,
}

/// Builds one article's IRI per article, once.
fn sources(project: &Project) -> HashMap<&ArticleId, String> {
    project
        .articles
        .iter()
        .map(|a| (&a.id, article_iri(project, a)))
        .collect()
}

fn target<'a>(sources: &'a HashMap<&ArticleId, String>, a: &'a Annotation) -> Target<'a> {
    Target {
        kind: "SpecificResource",
        source: sources.get(&a.article).map_or_else(
            || Cow::Owned(format!("urn:crosscheck:article:{}", a.article)),
            |s| Cow::Borrowed(s.as_str()),
        ),
        selector: (
            QuoteSelector {
                kind: "TextQuoteSelector",
                exact: &a.quote,
                prefix: &a.prefix,
                suffix: &a.suffix,
            },
            PositionSelector {
                kind: "TextPositionSelector",
                start: a.char_start,
                end: a.char_end,
            },
        ),
    }
}

/// The checker named as an item's maker, as a W3C `Person`.
fn person(name: Option<&String>) -> Option<Agent> {
    name.map(|n| Agent {
        kind: "Person",
        name: n.clone(),
    })
}

fn software() -> Agent {
    Agent {
        kind: "Software",
        name: format!("Crosscheck {}", env!("CARGO_PKG_VERSION")),
    }
}

fn span_annotation<'a>(
    index: &Index<'a>,
    sources: &'a HashMap<&ArticleId, String>,
    a: &'a Annotation,
) -> WebAnnotation<'a> {
    let mut body = Vec::new();
    for e in &a.entities {
        let name: Cow<'a, str> = index.entity(e).map_or_else(
            || Cow::Owned(e.to_string()),
            |x| Cow::Borrowed(x.name.as_str()),
        );
        body.push(Body::text(name, "tagging"));
    }
    for l in &a.claims {
        let statement = index
            .claim(&l.claim)
            .map_or_else(|| l.claim.to_string(), |c| c.statement.clone());
        let speaker = index.speaker_name(l.speaker.as_ref());
        body.push(Body::text(
            format!("{speaker} {} the claim: {statement}", l.stance.label()),
            "classifying",
        ));
    }
    if !a.note.is_empty() {
        body.push(Body {
            format: Some("text/plain"),
            ..Body::text(a.note.as_str(), "commenting")
        });
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
    WebAnnotation {
        id: format!("urn:uuid:{}", a.id),
        kind: "Annotation",
        motivation,
        created: &a.created,
        creator: person(a.created_by.as_ref()),
        modified: a.modified.as_deref(),
        body,
        target: Targets::One(target(sources, a)),
    }
}

fn collection<'a>(
    p: &'a Project,
    sources: &'a HashMap<&ArticleId, String>,
    creator: &'a Agent,
) -> Collection<'a> {
    let index = Index::new(p);
    let mut items: Vec<WebAnnotation> = p
        .annotations
        .iter()
        .map(|a| span_annotation(&index, sources, a))
        .collect();
    for link in &p.links {
        let (Some(from), Some(to)) = (index.annotation(&link.from), index.annotation(&link.to))
        else {
            continue;
        };
        let mut body = vec![Body::text(link.kind.label(), "linking")];
        if !link.note.is_empty() {
            body.push(Body::text(link.note.as_str(), "commenting"));
        }
        items.push(WebAnnotation {
            id: format!("urn:uuid:{}", link.id),
            kind: "Annotation",
            motivation: "linking",
            created: std::cmp::max(&from.created, &to.created),
            creator: person(link.created_by.as_ref()),
            modified: None,
            body,
            target: Targets::Two([target(sources, from), target(sources, to)]),
        });
    }
    let id = format!("urn:crosscheck:{}:annotations", slug(&p.name));
    Collection {
        context: CONTEXT,
        id: id.clone(),
        kind: "AnnotationCollection",
        label: p.name.clone(),
        total: items.len(),
        generator: creator,
        first: Page {
            id: format!("{id}:page1"),
            kind: "AnnotationPage",
            part_of: id,
            start_index: 0,
            items,
        },
    }
}

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    let p = doc.project();
    let sources = sources(p);
    let creator = software();
    serde_json::to_writer_pretty(&mut *out, &collection(p, &sources, &creator))?;
    writeln!(out)
}
