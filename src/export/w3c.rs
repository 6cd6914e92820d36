//! W3C Web Annotation Data Model (JSON-LD): one `AnnotationCollection` whose first (and only)
//! `AnnotationPage` holds every annotation. Each span annotation targets its article (its web
//! address where known, its project `urn:` beside it) with both a `TextQuoteSelector` (exact,
//! prefix, suffix) and a `TextPositionSelector` (start, end in code points).
//!
//! The graph knows who: an entity link is a body that *is* the entity, a resource with its
//! IRI, `label`, types and `sameAs` links (purpose `identifying`); a claim link's body is the
//! claim's resource (purpose `classifying`); the stance each speaker takes on a claim in the
//! span is data (`stances`: claim, speaker, position). Notes are `TextualBody` comments; typed
//! links between spans are `linking` annotations with two targets. Every term is mapped by the
//! W3C context or by ours before it, so a JSON-LD processor drops none.

use crate::document::Document;
use crate::linked;
use crate::model::FastMap as HashMap;
use crate::model::{Annotation, Article, ArticleId, ClaimId, EntityId, EntityKind, Index, Project};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;

/// The W3C Web Annotation context, last so that its terms win (as the model asks).
const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The namespace of the few terms no common vocabulary has: a stance and its parts.
pub const VOCAB: &str = "urn:crosscheck:vocab:";

/// The terms this export adds to the W3C context, each mapped, so that a JSON-LD processor
/// drops none: `sameAs` (schema.org), `Claim` (schema.org), and the stance of a speaker on a
/// claim (`stances`, `Stance`, `claim`, `speaker`, `position`), an entity's `kind`, the
/// `Entity` type.
fn extension_context() -> serde_json::Value {
    serde_json::json!({
        "cc": VOCAB,
        "sameAs": { "@id": linked::SAME_AS, "@type": "@id" },
        "Claim": "http://schema.org/Claim",
        "Entity": "cc:Entity",
        "Stance": "cc:Stance",
        "kind": "cc:kind",
        "stances": { "@id": "cc:stance", "@container": "@set" },
        "claim": { "@id": "cc:claim", "@type": "@id" },
        "speaker": { "@id": "cc:speaker", "@type": "@id" },
        "position": "cc:position",
    })
}

/// An article as a target's `source`: its web address where known, with its project-local
/// `urn:` as `sameAs`; the `urn:` alone otherwise.
#[derive(Serialize, Clone)]
struct Source {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
}

fn source(project: &Project, article: &Article) -> Source {
    let urn = linked::article_urn(project, &article.id);
    match &article.url {
        Some(url) if linked::is_iri(url) => Source {
            id: url.clone(),
            kind: "Text",
            same_as: Some(urn),
        },
        _ => Source {
            id: urn,
            kind: "Text",
            same_as: None,
        },
    }
}

/// An entity as a resource: the body of every link to it.
#[derive(Serialize)]
struct EntityResource {
    id: String,
    #[serde(rename = "type")]
    kind: Vec<&'static str>,
    label: String,
    #[serde(rename = "kind")]
    entity_kind: &'static str,
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<String>,
    purpose: &'static str,
}

fn entity_types(kind: EntityKind) -> Vec<&'static str> {
    match kind {
        EntityKind::Person => vec!["Entity", "Person"],
        EntityKind::Other => vec!["Entity"],
        EntityKind::Campaign
        | EntityKind::Government
        | EntityKind::Agency
        | EntityKind::Company
        | EntityKind::Media => vec!["Entity", "Organization"],
    }
}

/// A claim as a resource: the body of every link to it.
#[derive(Serialize)]
struct ClaimResource {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    purpose: &'static str,
}

/// The stance one speaker takes on one claim in a span, as data.
#[derive(Serialize)]
struct StanceNode<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    claim: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    speaker: Option<&'a str>,
    position: &'static str,
}

/// Every entity and claim resource, made once for the whole export.
struct Resources {
    entities: HashMap<EntityId, EntityResource>,
    claims: HashMap<ClaimId, ClaimResource>,
    sources: HashMap<ArticleId, Source>,
}

impl Resources {
    fn new(p: &Project, index: &Index<'_>) -> Self {
        let mut entities: HashMap<EntityId, EntityResource> = p
            .entities
            .iter()
            .map(|e| {
                let resource = EntityResource {
                    id: linked::entity_iri(p, &e.id),
                    kind: entity_types(e.kind),
                    label: e.name.clone(),
                    entity_kind: e.kind.label(),
                    same_as: e.same_as.clone(),
                    purpose: "identifying",
                };
                (e.id.clone(), resource)
            })
            .collect();
        let mut claims: HashMap<ClaimId, ClaimResource> = p
            .claims
            .iter()
            .map(|c| {
                let resource = ClaimResource {
                    id: linked::claim_iri(p, &c.id),
                    kind: "Claim",
                    label: c.statement.clone(),
                    purpose: "classifying",
                };
                (c.id.clone(), resource)
            })
            .collect();
        // Ids a span names that the project does not define (validation reports them) still
        // get their IRI, labelled with the id.
        for a in &p.annotations {
            for e in a.entities.iter().filter(|e| index.entity(e).is_none()) {
                entities.entry(e.clone()).or_insert_with(|| EntityResource {
                    id: linked::entity_iri(p, e),
                    kind: vec!["Entity"],
                    label: e.to_string(),
                    entity_kind: EntityKind::Other.label(),
                    same_as: Vec::new(),
                    purpose: "identifying",
                });
            }
            for l in a.claims.iter().filter(|l| index.claim(&l.claim).is_none()) {
                claims
                    .entry(l.claim.clone())
                    .or_insert_with(|| ClaimResource {
                        id: linked::claim_iri(p, &l.claim),
                        kind: "Claim",
                        label: l.claim.to_string(),
                        purpose: "classifying",
                    });
            }
        }
        let sources = p
            .articles
            .iter()
            .map(|a| (a.id.clone(), source(p, a)))
            .collect();
        Self {
            entities,
            claims,
            sources,
        }
    }
}

/// A span of an article: the article as `source`, both selectors.
#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: Cow<'a, Source>,
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

/// A textual body: a note, or the kind of a typed link.
#[derive(Serialize)]
struct TextBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    purpose: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Text(TextBody<'a>),
    Entity(&'a EntityResource),
    Claim(&'a ClaimResource),
}

impl<'a> Body<'a> {
    fn text(value: &'a str, purpose: &'static str) -> Self {
        Self::Text(TextBody {
            kind: "TextualBody",
            value,
            format: None,
            purpose,
        })
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
    /// Who takes which stance on which claim in this span.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    stances: Vec<StanceNode<'a>>,
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
    context: (serde_json::Value, &'static str),
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    generator: &'a Agent,
    first: Page<'a>,
}

fn target<'a>(resources: &'a Resources, p: &Project, a: &'a Annotation) -> Target<'a> {
    Target {
        kind: "SpecificResource",
        source: resources.sources.get(&a.article).map_or_else(
            || {
                Cow::Owned(Source {
                    id: linked::article_urn(p, &a.article),
                    kind: "Text",
                    same_as: None,
                })
            },
            Cow::Borrowed,
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
    resources: &'a Resources,
    p: &Project,
    a: &'a Annotation,
) -> WebAnnotation<'a> {
    let mut body = Vec::new();
    // Every entity and claim has its resource (made for unknown ids too).
    for e in &a.entities {
        if let Some(r) = resources.entities.get(e) {
            body.push(Body::Entity(r));
        }
    }
    let mut stances = Vec::new();
    for l in &a.claims {
        let Some(claim) = resources.claims.get(&l.claim) else {
            continue;
        };
        if !body
            .iter()
            .any(|b| matches!(b, Body::Claim(c) if std::ptr::eq(*c, claim)))
        {
            body.push(Body::Claim(claim));
        }
        stances.push(StanceNode {
            kind: "Stance",
            claim: &claim.id,
            speaker: l
                .speaker
                .as_ref()
                .and_then(|s| resources.entities.get(s))
                .map(|r| r.id.as_str()),
            position: l.stance.label(),
        });
    }
    if !a.note.is_empty() {
        body.push(Body::Text(TextBody {
            kind: "TextualBody",
            value: &a.note,
            format: Some("text/plain"),
            purpose: "commenting",
        }));
    }
    let motivation = if !a.claims.is_empty() {
        "classifying"
    } else if !a.entities.is_empty() {
        "identifying"
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
        stances,
        target: Targets::One(target(resources, p, a)),
    }
}

fn collection<'a>(p: &'a Project, resources: &'a Resources, creator: &'a Agent) -> Collection<'a> {
    let index = Index::new(p);
    let mut items: Vec<WebAnnotation> = p
        .annotations
        .iter()
        .map(|a| span_annotation(resources, p, a))
        .collect();
    for link in &p.links {
        let (Some(from), Some(to)) = (index.annotation(&link.from), index.annotation(&link.to))
        else {
            continue;
        };
        let mut body = vec![Body::text(link.kind.label(), "linking")];
        if !link.note.is_empty() {
            body.push(Body::text(&link.note, "commenting"));
        }
        items.push(WebAnnotation {
            id: format!("urn:uuid:{}", link.id),
            kind: "Annotation",
            motivation: "linking",
            created: std::cmp::max(&from.created, &to.created),
            creator: person(link.created_by.as_ref()),
            modified: None,
            body,
            stances: Vec::new(),
            target: Targets::Two([target(resources, p, from), target(resources, p, to)]),
        });
    }
    let (id, page) = linked::annotations_iris(p);
    Collection {
        context: (extension_context(), ANNO_CONTEXT),
        id: id.clone(),
        kind: "AnnotationCollection",
        label: p.name.clone(),
        total: items.len(),
        generator: creator,
        first: Page {
            id: page,
            kind: "AnnotationPage",
            part_of: id,
            start_index: 0,
            items,
        },
    }
}

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    let p = doc.project();
    let resources = Resources::new(p, &Index::new(p));
    let creator = software();
    // serde_json writes token by token: buffered, those are copies, not calls through `out`.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &collection(p, &resources, &creator))?;
    writeln!(out)?;
    out.flush()
}
