//! Carrying project files of older formats forward. Pure: no I/O.
//!
//! Format 2 reviewed each contradicting pair of quotes; format 3 reviews a disagreement (a
//! claim and two opposing speakers, or a linked pair) as a whole. A v2 file's pair reviews are
//! carried into the disagreements that hold their pairs: one review per disagreement; where
//! its pairs were reviewed differently, the state is the least settled one and the note lists
//! every pair's state and note, so nothing is dropped.

use crate::model::{
    Annotation, Article, Claim, ContradictionKey, DisagreementKey, Entity, EntityId, Project,
    Review, ReviewState, Side, SpanLink,
};
use serde::Deserialize;
use std::fmt::Write as _;
use std::sync::Arc;

/// A format 1 or 2 project file: the current shape but for its reviews (of quote pairs).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectV2 {
    format_version: u32,
    name: String,
    articles: Vec<Article>,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    annotations: Vec<Arc<Annotation>>,
    #[serde(default)]
    claims: Vec<Claim>,
    #[serde(default)]
    links: Vec<SpanLink>,
    #[serde(default)]
    reviews: Vec<PairReview>,
}

/// A format 2 review: the decision on one contradicting pair of quotes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairReview {
    pub key: ContradictionKey,
    pub state: ReviewState,
    #[serde(default)]
    pub note: String,
}

impl ProjectV2 {
    #[must_use]
    pub fn format_version(&self) -> u32 {
        self.format_version
    }

    /// The project in the current shape, its pair reviews carried into disagreement reviews
    /// ([`carry_reviews`]). Keeps the old `format_version` (the loader moves it on).
    #[must_use]
    pub fn into_current(self) -> Project {
        let mut project = Project {
            publisher: crate::model::Publisher::default(),
            dismissed: Vec::new(),
            conflicts: Vec::new(),
            format_version: self.format_version,
            iri: String::new(),
            name: self.name,
            articles: self.articles,
            entities: self.entities,
            annotations: self.annotations,
            claims: self.claims,
            links: self.links,
            reviews: Vec::new(),
        };
        project.reviews = carry_reviews(&project, &self.reviews);
        project
    }
}

/// Format 7 gives a project the identifier its exports' IRIs are made of. A file from before
/// gets the one its exports used already (`urn:crosscheck:` and the slug of its name), so
/// links into earlier exports keep pointing at the same articles; two copies of one project
/// migrated apart get the same identifier.
pub fn give_iri(project: &mut Project) {
    if project.iri.trim().is_empty() {
        project.iri = crate::linked::project_iri(&project.name);
    }
}

/// The disagreement a reviewed pair belongs to: on a claim, the speaker of the quote that is
/// for it against the speaker of the quote against it (told by the stances the two spans take
/// on the claim); without a claim, the linked pair. When neither span is found any more (a
/// review left behind in the file), the pair's first speaker is taken as the asserting one.
#[must_use]
pub fn disagreement_of(project: &Project, key: &ContradictionKey) -> DisagreementKey {
    disagreement_in(&crate::model::Index::new(project), key)
}

fn disagreement_in(index: &crate::model::Index<'_>, key: &ContradictionKey) -> DisagreementKey {
    let Some(claim) = &key.claim else {
        return DisagreementKey::linked(key.a.clone(), key.b.clone());
    };
    let side_of = |id, speaker: &Option<EntityId>| {
        index.annotation(id).and_then(|a| {
            a.claims
                .iter()
                .find(|l| &l.claim == claim && &l.speaker == speaker)
                .map(|l| l.stance.side())
        })
    };
    let a_is_for = match (
        side_of(&key.a, &key.speaker_a),
        side_of(&key.b, &key.speaker_b),
    ) {
        (Some(Side::For), _) | (_, Some(Side::Against)) => true,
        (Some(Side::Against), _) | (_, Some(Side::For)) => false,
        _ => true,
    };
    let (asserting, denying) = if a_is_for {
        (key.speaker_a.clone(), key.speaker_b.clone())
    } else {
        (key.speaker_b.clone(), key.speaker_a.clone())
    };
    DisagreementKey::Claim {
        claim: claim.clone(),
        asserting,
        denying,
    }
}

/// One review per disagreement from the reviews of its pairs, sorted by key. A lone review
/// is carried as it is; several that agree (one state, at most one distinct note) become one;
/// several that differ take the least settled state (open, then explained, then confirmed)
/// and a note that lists each pair's state and note with its two quotes.
#[must_use]
pub fn carry_reviews(project: &Project, old: &[PairReview]) -> Vec<Review> {
    let index = crate::model::Index::new(project);
    let mut groups: std::collections::BTreeMap<DisagreementKey, Vec<&PairReview>> =
        std::collections::BTreeMap::new();
    for r in old {
        groups
            .entry(disagreement_in(&index, &r.key))
            .or_default()
            .push(r);
    }
    groups
        .into_iter()
        .map(|(key, pairs)| {
            let state = pairs
                .iter()
                .map(|r| r.state)
                .min_by_key(|s| s.settledness())
                .unwrap_or_default();
            let mut notes: Vec<&str> = pairs
                .iter()
                .map(|r| r.note.trim())
                .filter(|n| !n.is_empty())
                .collect();
            notes.dedup();
            let agree = pairs.iter().all(|r| r.state == state) && notes.len() <= 1;
            let note = if agree {
                // The note as it was written (the first that says something).
                pairs
                    .iter()
                    .find(|r| !r.note.trim().is_empty())
                    .map_or_else(String::new, |r| r.note.clone())
            } else {
                merged_note(&index, &pairs)
            };
            Review {
                created_by: None,
                modified: None,
                modified_by: None,
                key,
                state,
                note,
            }
        })
        .collect()
}

fn merged_note(index: &crate::model::Index<'_>, pairs: &[&PairReview]) -> String {
    let quote = |id| {
        index.annotation(id).map_or_else(
            || format!("annotation {id}"),
            |a| format!("“{}”", crate::validate::ellipsize(&a.quote)),
        )
    };
    let mut note = format!(
        "Carried over from the reviews of {} quote pairs (format 2):",
        pairs.len()
    );
    for r in pairs {
        let said = if r.note.trim().is_empty() {
            "no note".to_owned()
        } else {
            r.note.trim().to_owned()
        };
        let _ = write!(
            note,
            "\n- {}: {said} — {} / {}",
            r.state.label(),
            quote(&r.key.a),
            quote(&r.key.b)
        );
    }
    note
}
