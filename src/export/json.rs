//! JSON in Crosscheck's own documented schema (`crosscheck-export/1`): the project's
//! articles, entities, claims, annotations, links, disagreements and the contradicting quote
//! pairs they gather. Field names are part of the interface: add fields, never rename them.

use crate::analysis::{self, Disagreement};
use crate::document::Document;
use crate::model::{
    Annotation, AnnotationId, Article, ArticleId, ClaimLink, EntityId, Project, ReviewState,
    SpanLink, Stance,
};
use serde::Serialize;
use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

pub fn write(
    doc: &Document,
    found: &[Arc<Disagreement>],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let p = doc.project();
    let index = crate::model::Index::new(p);
    let export = Export {
        format: "crosscheck-export/1",
        project: &p.name,
        project_iri: &p.iri,
        articles: p.articles.iter().map(JsonArticle::from).collect(),
        entities: p
            .entities
            .iter()
            .map(|e| JsonEntity {
                iri: crate::linked::entity_iri(p, &e.id),
                same_as: &e.same_as,
                id: e.id.as_str(),
                name: &e.name,
                kind: e.kind.label(),
                color: e.color.to_string(),
                aliases: &e.aliases,
            })
            .collect(),
        claims: p
            .claims
            .iter()
            .map(|c| JsonClaim {
                iri: crate::linked::claim_iri(p, &c.id),
                id: c.id.as_str(),
                statement: &c.statement,
                description: &c.description,
                verdict: c.verdict.label(),
                verdict_note: &c.verdict_note,
                created_by: c.created_by.as_deref(),
                modified_by: c.modified_by.as_deref(),
                modified: c.modified.as_deref(),
            })
            .collect(),
        annotations: p
            .annotations
            .iter()
            .map(|a| JsonAnnotation::from(&**a))
            .collect(),
        links: p.links.iter().map(JsonLink::from).collect(),
        disagreements: disagreements_in(&index, p, found),
        contradictions: contradictions_in(&index, p, found),
    };
    // serde_json writes token by token: buffered, those are copies, not calls through `out`.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &export)?;
    writeln!(out)?;
    out.flush()
}

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    project: &'a str,
    /// What every `iri` below is made from (see `crate::linked`).
    project_iri: &'a str,
    articles: Vec<JsonArticle<'a>>,
    entities: Vec<JsonEntity<'a>>,
    claims: Vec<JsonClaim<'a>>,
    annotations: Vec<JsonAnnotation<'a>>,
    links: Vec<JsonLink<'a>>,
    disagreements: Vec<JsonDisagreement<'a>>,
    contradictions: Vec<JsonContradiction<'a>>,
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    id: &'a str,
    title: &'a str,
    outlet: &'a str,
    url: Option<&'a str>,
    published: Option<&'a str>,
    path: &'a str,
    sha256: &'a str,
}

impl<'a> From<&'a Article> for JsonArticle<'a> {
    fn from(a: &'a Article) -> Self {
        Self {
            id: a.id.as_str(),
            title: &a.title,
            outlet: &a.outlet,
            url: a.url.as_deref(),
            published: a.published.as_deref(),
            path: &a.path,
            sha256: &a.sha256,
        }
    }
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    color: String,
    aliases: &'a [String],
    /// Its IRI in every export, unchanged by a rename.
    iri: String,
    /// The same thing elsewhere: its Wikidata item, an official site.
    same_as: &'a [String],
}

#[derive(Serialize)]
struct JsonClaim<'a> {
    id: &'a str,
    iri: String,
    statement: &'a str,
    description: &'a str,
    verdict: &'static str,
    verdict_note: &'a str,
    /// The checker who made it (`null`: unknown), who changed it last, and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonClaimLink<'a> {
    claim: &'a str,
    stance: &'static str,
    speaker: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<&'a str>,
}

impl<'a> From<&'a ClaimLink> for JsonClaimLink<'a> {
    fn from(l: &'a ClaimLink) -> Self {
        Self {
            claim: l.claim.as_str(),
            stance: l.stance.label(),
            speaker: l.speaker.as_ref().map(EntityId::as_str),
            created_by: l.created_by.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonAnnotation<'a> {
    id: &'a str,
    article: &'a str,
    /// Code points, end exclusive.
    char_start: usize,
    char_end: usize,
    quote: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    entities: Vec<&'a str>,
    claims: Vec<JsonClaimLink<'a>>,
    note: &'a str,
    created: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<&'a str>,
}

impl<'a> From<&'a Annotation> for JsonAnnotation<'a> {
    fn from(a: &'a Annotation) -> Self {
        Self {
            id: a.id.as_str(),
            article: a.article.as_str(),
            char_start: a.char_start,
            char_end: a.char_end,
            quote: &a.quote,
            prefix: &a.prefix,
            suffix: &a.suffix,
            entities: a.entities.iter().map(EntityId::as_str).collect(),
            claims: a.claims.iter().map(JsonClaimLink::from).collect(),
            note: &a.note,
            created: &a.created,
            created_by: a.created_by.as_deref(),
            modified_by: a.modified_by.as_deref(),
            modified: a.modified.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonLink<'a> {
    id: &'a str,
    kind: &'static str,
    from: &'a str,
    to: &'a str,
    note: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_by: Option<&'a str>,
}

impl<'a> From<&'a SpanLink> for JsonLink<'a> {
    fn from(l: &'a SpanLink) -> Self {
        Self {
            id: l.id.as_str(),
            kind: l.kind.label(),
            from: l.from.as_str(),
            to: l.to.as_str(),
            note: &l.note,
            created_by: l.created_by.as_deref(),
        }
    }
}

/// One disagreement as JSON; shared by the JSON export and `crosscheck contradictions --json`.
#[derive(Serialize)]
pub struct JsonDisagreement<'a> {
    claim_id: Option<&'a str>,
    claim: Option<&'a str>,
    verdict: Option<&'static str>,
    kind: analysis::Kind,
    review: &'static str,
    review_note: &'a str,
    /// Who reviewed it first and last (`null`: unknown or not reviewed).
    #[serde(skip_serializing_if = "Option::is_none")]
    review_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review_modified_by: Option<&'a str>,
    /// Distinct articles carrying either side.
    articles: usize,
    /// How many contradicting quote pairs it gathers (listed under `contradictions`).
    pairs: usize,
    /// The side for the claim, then the side against it (for a linked pair: its two spans).
    sides: [JsonParty<'a>; 2],
}

#[derive(Serialize)]
struct JsonParty<'a> {
    /// "for", "against", or "linked".
    side: &'static str,
    speaker_id: Option<&'a str>,
    speaker: Cow<'a, str>,
    stances: Vec<&'static str>,
    articles: usize,
    quotes: Vec<JsonQuote<'a>>,
}

#[derive(Serialize)]
struct JsonQuote<'a> {
    annotation_id: &'a str,
    article_id: &'a str,
    article_title: Cow<'a, str>,
    outlet: &'a str,
    published: Option<&'a str>,
    quote: &'a str,
    char_start: Option<usize>,
    char_end: Option<usize>,
    stance: Option<&'static str>,
}

/// A quote with its article's title, outlet and date and its offsets; `quote` as given, or
/// the span's own.
fn quote_json<'a>(
    index: &crate::model::Index<'a>,
    (annotation, article_id): (&'a AnnotationId, &'a ArticleId),
    quote: Option<&'a str>,
    stance: Option<Stance>,
) -> JsonQuote<'a> {
    let article = index.article(article_id);
    let span = index.annotation(annotation);
    JsonQuote {
        annotation_id: annotation.as_str(),
        article_id: article_id.as_str(),
        article_title: article.map(Article::title_label).unwrap_or_default(),
        outlet: article.map_or("", |a| a.outlet.as_str()),
        published: article.and_then(|a| a.published.as_deref()),
        quote: quote.unwrap_or_else(|| span.map_or("", |a| a.quote.as_str())),
        char_start: span.map(|a| a.char_start),
        char_end: span.map(|a| a.char_end),
        stance: stance.map(Stance::label),
    }
}

/// The disagreements in the JSON shape both exports use, in the order given.
#[must_use]
pub fn disagreements_json<'a>(
    project: &'a Project,
    found: &'a [Arc<Disagreement>],
) -> Vec<JsonDisagreement<'a>> {
    disagreements_in(&crate::model::Index::new(project), project, found)
}

fn disagreements_in<'a>(
    index: &crate::model::Index<'a>,
    project: &'a Project,
    found: &'a [Arc<Disagreement>],
) -> Vec<JsonDisagreement<'a>> {
    let party = |p: &'a analysis::Party, side: &'static str| JsonParty {
        side,
        speaker_id: p.speaker.as_ref().map(EntityId::as_str),
        speaker: index.speaker_label(p.speaker.as_ref()),
        stances: p.stances().into_iter().map(Stance::label).collect(),
        articles: p.articles,
        quotes: p
            .quotes
            .iter()
            .map(|q| quote_json(index, (&q.annotation, &q.article), None, q.stance))
            .collect(),
    };
    found
        .iter()
        .map(|d| {
            let claim = d.claim.as_ref().and_then(|id| index.claim(id));
            let review = project.review(&d.key);
            let linked = d.kind == analysis::Kind::Linked;
            JsonDisagreement {
                claim_id: d.claim.as_ref().map(crate::model::ClaimId::as_str),
                claim: claim.map(|x| x.statement.as_str()),
                verdict: claim.map(|x| x.verdict.label()),
                kind: d.kind,
                review: review.map_or(ReviewState::Open, |r| r.state).label(),
                review_note: review.map_or("", |r| r.note.as_str()),
                review_by: review.and_then(|r| r.created_by.as_deref()),
                review_modified_by: review.and_then(|r| r.modified_by.as_deref()),
                articles: d.articles,
                pairs: d.pairs.len(),
                sides: [
                    party(&d.pro, if linked { "linked" } else { "for" }),
                    party(&d.con, if linked { "linked" } else { "against" }),
                ],
            }
        })
        .collect()
}

/// One contradicting pair of quotes as JSON, the evidence of a disagreement; shared by the
/// JSON export and `crosscheck contradictions --json`.
#[derive(Serialize)]
pub struct JsonContradiction<'a> {
    /// Index of the disagreement it belongs to in `disagreements`.
    disagreement: usize,
    claim_id: Option<&'a str>,
    claim: Option<&'a str>,
    verdict: Option<&'static str>,
    reason: analysis::Reason,
    /// The review of its disagreement.
    review: &'static str,
    review_note: &'a str,
    a: JsonSide<'a>,
    b: JsonSide<'a>,
}

/// A side of a pair: the quote's fields as in a disagreement, then its speaker.
#[derive(Serialize)]
struct JsonSide<'a> {
    #[serde(flatten)]
    quote: JsonQuote<'a>,
    speaker_id: Option<&'a str>,
    speaker: Cow<'a, str>,
}

/// Every contradicting pair of the disagreements, disagreement by disagreement, in the JSON
/// shape both exports use.
#[must_use]
pub fn contradictions_json<'a>(
    project: &'a Project,
    found: &'a [Arc<Disagreement>],
) -> Vec<JsonContradiction<'a>> {
    contradictions_in(&crate::model::Index::new(project), project, found)
}

fn contradictions_in<'a>(
    index: &crate::model::Index<'a>,
    project: &'a Project,
    found: &'a [Arc<Disagreement>],
) -> Vec<JsonContradiction<'a>> {
    let side = |s: &'a analysis::Side| JsonSide {
        quote: quote_json(index, (&s.annotation, &s.article), Some(&s.quote), s.stance),
        speaker_id: s.speaker.as_ref().map(EntityId::as_str),
        speaker: index.speaker_label(s.speaker.as_ref()),
    };
    found
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let review = project.review(&d.key);
            let claim = d.claim.as_ref().and_then(|id| index.claim(id));
            d.pairs.iter().map(move |c| JsonContradiction {
                disagreement: i,
                claim_id: c.claim.as_ref().map(crate::model::ClaimId::as_str),
                claim: claim.map(|x| x.statement.as_str()),
                verdict: claim.map(|x| x.verdict.label()),
                reason: c.reason,
                review: review.map_or(ReviewState::Open, |r| r.state).label(),
                review_note: review.map_or("", |r| r.note.as_str()),
                a: side(&c.a),
                b: side(&c.b),
            })
        })
        .collect()
}
