//! schema.org `ClaimReview` JSON-LD, one per rated claim: what was claimed, by whom and where
//! it appeared, and the rating. Unrated claims are left out: there is no review to publish.
//!
//! What its consumers (search engines' fact-check listings) require beyond that: `url`, the
//! page where the fact-check is published (the claim's `review_url`), and `author`, the
//! fact-checking organisation (the project's publisher). [`missing`] says which claims lack
//! them; the export writes what there is either way.
//!
//! The claim and its author carry their IRIs (`@id`), and the author its `sameAs` links (a
//! Wikidata item, an official site), so the reviews join other graphs.

use crate::document::Document;
use crate::model::{Side, Verdict};
use serde_json::{Value, json};
use std::io::Write;

/// Rating on a 1 (false) to 5 (true) scale; `None` for verdicts without a place on it.
fn rating_value(v: Verdict) -> Option<u8> {
    match v {
        Verdict::True => Some(5),
        Verdict::MostlyTrue => Some(4),
        Verdict::Mixed => Some(3),
        Verdict::MostlyFalse => Some(2),
        Verdict::False => Some(1),
        Verdict::Unrated | Verdict::Unproven => None,
    }
}

fn alternate_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Unrated => "Unrated",
        Verdict::True => "True",
        Verdict::MostlyTrue => "Mostly true",
        Verdict::Mixed => "Mixed",
        Verdict::MostlyFalse => "Mostly false",
        Verdict::False => "False",
        Verdict::Unproven => "Unproven",
    }
}

/// A rated claim whose review lacks fields its consumers need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub claim: crate::model::ClaimId,
    pub statement: String,
    /// What is missing, each with where to set it.
    pub fields: Vec<&'static str>,
}

/// `url`: required by the main consumer's documentation.
pub const MISSING_URL: &str =
    "url (the published fact-check's address: set it in the claim's details)";
/// `author`: the organisation publishing the check.
pub const MISSING_AUTHOR: &str =
    "author (the fact-checking organisation: set it in Project settings, in the File menu)";

/// The rated claims (those the export writes) whose review lacks `url` or `author`, in the
/// project's claim order.
#[must_use]
pub fn missing(project: &crate::model::Project) -> Vec<Missing> {
    let no_author = project.publisher.name.trim().is_empty();
    project
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Unrated)
        .filter_map(|c| {
            let mut fields = Vec::new();
            if c.review_url.as_deref().is_none_or(|u| u.trim().is_empty()) {
                fields.push(MISSING_URL);
            }
            if no_author {
                fields.push(MISSING_AUTHOR);
            }
            (!fields.is_empty()).then(|| Missing {
                claim: c.id.clone(),
                statement: c.statement.clone(),
                fields,
            })
        })
        .collect()
}

/// The publishing organisation as schema.org's `Organization`, when named.
fn publisher(p: &crate::model::Publisher) -> Option<Value> {
    if p.name.trim().is_empty() {
        return None;
    }
    let mut org = json!({"@type": "Organization", "name": p.name});
    if !p.url.trim().is_empty() {
        org["url"] = json!(p.url);
    }
    Some(org)
}

/// The claim's author as schema.org's `Person` or `Organization`, with its IRI and the links
/// that join it to other newsrooms' graphs (`sameAs`: its Wikidata item, its official site).
fn claim_author(project: &crate::model::Project, e: &crate::model::Entity) -> Value {
    let kind = if e.kind == crate::model::EntityKind::Person {
        "Person"
    } else {
        "Organization"
    };
    let mut who = json!({
        "@type": kind,
        "@id": crate::linked::entity_iri(project, &e.id),
        "name": e.name,
    });
    match e.same_as.as_slice() {
        [] => {}
        [one] => who["sameAs"] = json!(one),
        many => who["sameAs"] = json!(many),
    }
    who
}

pub fn reviews(doc: &Document) -> Vec<Value> {
    let project = doc.project();
    // Lookups by id, and every claim's spans in one pass (not one pass per claim).
    let p = crate::model::Index::new(project);
    let mut by_claim: crate::model::FastMap<&crate::model::ClaimId, Vec<_>> =
        crate::model::FastMap::default();
    for a in &project.annotations {
        for l in &a.claims {
            by_claim.entry(&l.claim).or_default().push((a, l));
        }
    }
    let mut out = Vec::new();
    for claim in project
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Unrated)
    {
        let spans: Vec<_> = by_claim.remove(&claim.id).unwrap_or_default();
        // The claim's author: who asserts it first; appearances: the articles where it is made.
        let author = spans
            .iter()
            .find(|(_, l)| l.stance.side() == Side::For && l.speaker.is_some())
            .and_then(|(_, l)| l.speaker.as_ref())
            .and_then(|s| p.entity(s));
        let mut appearance = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (a, l) in &spans {
            if l.stance.side() != Side::For || !seen.insert(&a.article) {
                continue;
            }
            let Some(article) = p.article(&a.article) else {
                continue;
            };
            let mut work = json!({
                "@type": "CreativeWork",
                "headline": article.display_title(),
            });
            if let Some(url) = &article.url {
                work["url"] = json!(url);
            }
            if !article.outlet.is_empty() {
                work["publisher"] = json!({"@type": "Organization", "name": article.outlet});
            }
            if let Some(date) = &article.published {
                work["datePublished"] = json!(date);
            }
            appearance.push(work);
        }
        let mut item = json!({
            "@type": "Claim",
            "@id": crate::linked::claim_iri(project, &claim.id),
            "appearance": appearance,
        });
        if let Some(e) = author {
            item["author"] = claim_author(project, e);
        }
        if let Some(first) = spans
            .iter()
            .filter_map(|(a, _)| p.article(&a.article)?.published.clone())
            .min()
        {
            item["datePublished"] = json!(first);
        }
        let mut rating = json!({
            "@type": "Rating",
            "alternateName": alternate_name(claim.verdict),
        });
        if let Some(v) = rating_value(claim.verdict) {
            rating["ratingValue"] = json!(v);
            rating["bestRating"] = json!(5);
            rating["worstRating"] = json!(1);
        }
        let mut review = json!({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": claim.statement,
            "reviewRating": rating,
            "itemReviewed": item,
        });
        if let Some(url) = claim.review_url.as_deref().filter(|u| !u.trim().is_empty()) {
            review["url"] = json!(url);
        }
        if let Some(org) = publisher(&project.publisher) {
            review["author"] = org;
        }
        if !claim.verdict_note.is_empty() {
            review["reviewBody"] = json!(claim.verdict_note);
        }
        // When the review was made: the last time a span of the claim was annotated, so the
        // export does not depend on the day it runs.
        if let Some(date) = super::latest_date(spans.iter().map(|(a, _)| a.created.as_str())) {
            review["datePublished"] = json!(date);
        }
        out.push(review);
    }
    out
}

/// Writes the reviews as one JSON array.
///
/// # Errors
/// When `out` cannot be written.
pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Value::Array(reviews(doc)))?;
    writeln!(out)
}
