//! schema.org `ClaimReview` JSON-LD, one per rated claim: what was claimed, by whom and where
//! it appeared, and the rating. Unrated claims are left out: there is no review to publish.

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
        let mut item = json!({"@type": "Claim", "appearance": appearance});
        if let Some(e) = author {
            let kind = if e.kind == crate::model::EntityKind::Person {
                "Person"
            } else {
                "Organization"
            };
            item["author"] = json!({"@type": kind, "name": e.name});
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

pub fn write(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Value::Array(reviews(doc)))?;
    writeln!(out)
}
