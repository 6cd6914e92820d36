//! The project as plain data: articles, entities and annotations with typed ids.
//!
//! Nothing here knows about egui or the file system. Offsets are Unicode code points
//! (`char` indices), end exclusive, as the W3C `TextPositionSelector` counts them.
//!
//! `Project` and the format version live here; the items in their own files: `ids` (typed
//! ids), `article` (articles, the spans on them), `entity`, `claim` (claims, stances, typed
//! links), `review` (disagreement reviews, merge conflicts), `index` (lookups by id).
//! Everything is re-exported here, so paths stay `crate::model::Annotation`.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The version of the project format this build writes. Version 1 (no claims, links or
/// reviews) still loads: it is version 2 with those lists empty. Version 2 reviewed quote
/// pairs; its reviews are carried into the disagreements that hold them (`crate::migrate`).
/// Version 3 had no authorship and no merge conflicts: it loads as version 4 with every author
/// unknown and no conflicts.
///
/// Version 4 had no dismissed suggestions: it loads as version 5 with none.
pub const FORMAT_VERSION: u32 = 7;

/// How many code points of context an annotation keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

mod article;
mod claim;
mod entity;
mod ids;
mod index;
mod review;

pub use article::{Annotation, Article};
pub use claim::{Claim, ClaimLink, LinkKind, Side, SpanLink, Stance, Verdict};
pub use entity::{Entity, EntityKind, Rgb};
pub use ids::{AnnotationId, ArticleId, ClaimId, EntityId, LinkId};
pub use index::{FastMap, Index};
pub use review::{
    Conflict, Contested, ContradictionKey, DisagreementKey, ItemRef, Review, ReviewState,
};

/// The whole user document, as saved in the project's RON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub format_version: u32,
    pub name: String,
    /// The project's identifier in exports (format 7): every entity, claim and article IRI is
    /// made from it and the item's id (see `crate::linked`), so a rename changes none. Set
    /// when the project is made; a file from before format 7 gets `urn:crosscheck:` and the
    /// slug of its name, the prefix its exports used already.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub iri: String,
    pub articles: Vec<Article>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Kept sorted by [`Annotation::sort_key`]. Shared pointers: inserting or removing one of
    /// 100,000 moves pointers, not the annotations; undo steps share the annotations they
    /// record; and a copy of the project for a worker (autosave) copies no annotation. Change
    /// one only through the document (or `Arc::make_mut` while building a project).
    #[serde(default)]
    pub annotations: Vec<Arc<Annotation>>,
    /// Claims in the order the user made them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Typed links between two annotations, sorted by (from, to, kind).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<SpanLink>,
    /// Review decisions on disagreements, sorted by key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<Review>,
    /// What a merge of two copies could not decide, waiting for a checker (see
    /// `crate::merge`). Empty in a project nobody merged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// Suggested attributions the checker dismissed, so they are not offered again; sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissed>,
    /// The fact-checking organisation that publishes the checks (`ClaimReview`'s `author`).
    /// Format 6; empty when not set.
    #[serde(default, skip_serializing_if = "Publisher::is_empty")]
    pub publisher: Publisher,
}

/// The organisation that publishes the fact-checks of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Its web site, `https://…`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

impl Publisher {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.url.is_empty()
    }
}

/// A suggested attribution dismissed: the article and the content it would have highlighted
/// (its text, so the dismissal holds while the text around it moves).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dismissed {
    pub article: ArticleId,
    pub quote: String,
}

impl Project {
    /// An empty project of the current format.
    #[must_use]
    /// Its [`Project::iri`] comes from the name alone (`urn:crosscheck:` and its slug), so the
    /// same input makes the same project; a project a checker starts gets a unique one
    /// ([`crate::linked::fresh_project_iri`]).
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            publisher: Publisher::default(),
            dismissed: Vec::new(),
            conflicts: Vec::new(),
            format_version: FORMAT_VERSION,
            iri: crate::linked::project_iri(&name),
            name,
            articles: Vec::new(),
            entities: Vec::new(),
            annotations: Vec::new(),
            claims: Vec::new(),
            links: Vec::new(),
            reviews: Vec::new(),
        }
    }

    /// The name of a claim link's speaker: the entity's name, its id if the project does not
    /// define it, or "unattributed".
    #[must_use]
    pub fn speaker_name(&self, speaker: Option<&EntityId>) -> String {
        match speaker {
            Some(id) => self
                .entity(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            None => "unattributed".to_owned(),
        }
    }

    #[must_use]
    pub fn claim(&self, id: &ClaimId) -> Option<&Claim> {
        self.claims.iter().find(|c| &c.id == id)
    }

    /// Every (annotation, link) that speaks to a claim, in annotation order.
    pub fn claim_spans<'a>(
        &'a self,
        claim: &'a ClaimId,
    ) -> impl Iterator<Item = (&'a Annotation, &'a ClaimLink)> + 'a {
        self.annotations.iter().flat_map(move |a| {
            a.claims
                .iter()
                .filter(move |l| &l.claim == claim)
                .map(move |l| (&**a, l))
        })
    }

    /// The review saved for a disagreement, if any.
    #[must_use]
    pub fn review(&self, key: &DisagreementKey) -> Option<&Review> {
        self.reviews
            .binary_search_by(|r| r.key.cmp(key))
            .ok()
            .map(|i| &self.reviews[i])
    }

    #[must_use]
    pub fn article(&self, id: &ArticleId) -> Option<&Article> {
        self.articles.iter().find(|a| &a.id == id)
    }

    #[must_use]
    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.entities.iter().find(|e| &e.id == id)
    }

    #[must_use]
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|a| &a.id == id).map(|a| &**a)
    }

    /// The annotations of one article, in offset order.
    pub fn annotations_of<'a>(
        &'a self,
        article: &'a ArticleId,
    ) -> impl Iterator<Item = &'a Annotation> + 'a {
        // Annotations are sorted by article first, so this is one contiguous run.
        let start = self
            .annotations
            .partition_point(|a| a.article.as_str() < article.as_str());
        self.annotations[start..]
            .iter()
            .take_while(move |a| &a.article == article)
            .map(|a| &**a)
    }

    /// How many annotations link to the entity.
    #[must_use]
    pub fn mention_count(&self, entity: &EntityId) -> usize {
        self.annotations
            .iter()
            .filter(|a| a.entities.contains(entity))
            .count()
    }

    /// A new entity id derived from `name` that no entity uses yet.
    #[must_use]
    pub fn fresh_entity_id(&self, name: &str) -> EntityId {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let base = if slug.is_empty() { "entity" } else { slug };
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.entities.iter().any(|e| e.id.0 == candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        EntityId(candidate)
    }
}

/// Serde helper: an `Option<String>` written as a plain string (never `Some(..)`).
mod plain_option {
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // the signature serde's `with` requires
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_deref().unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s.is_empty() { None } else { Some(s) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_links_keep_one_stance_per_claim_and_speaker() {
        let link = |claim: &str, stance, speaker: Option<&str>| ClaimLink {
            created_by: None,
            claim: ClaimId(claim.to_owned()),
            stance,
            speaker: speaker.map(|s| EntityId(s.to_owned())),
        };
        // The same claim and speaker with another speaker's link sorted between them: the
        // repeat is not next to the first, and is still found.
        let mut links = vec![
            link("x", Stance::Denies, Some("iran")),
            link("x", Stance::Asserts, Some("us")),
            link("x", Stance::Asserts, Some("iran")),
            link("x", Stance::Asserts, Some("iran")),
            link("x", Stance::Denies, Some("iran")),
            link("a", Stance::Reports, None),
        ];
        let conflicts = ClaimLink::normalise(&mut links);
        assert_eq!(
            conflicts,
            [(
                link("x", Stance::Denies, Some("iran")),
                link("x", Stance::Asserts, Some("iran"))
            )]
        );
        assert_eq!(
            links,
            [
                link("a", Stance::Reports, None),
                link("x", Stance::Asserts, Some("us")),
                link("x", Stance::Denies, Some("iran")),
            ]
        );
        // Already normal: unchanged, nothing reported.
        let before = links.clone();
        assert!(ClaimLink::normalise(&mut links).is_empty());
        assert_eq!(links, before);
    }

    #[test]
    fn color_round_trips_and_rejects_bad_text() {
        assert_eq!(Rgb::parse("#0a0B0c").unwrap().to_string(), "#0a0b0c");
        for bad in ["0a0b0c", "#0a0b0", "#0a0b0g", "#0a0b0c0", ""] {
            let err = Rgb::parse(bad).unwrap_err();
            assert!(err.contains("expected \"#rrggbb\""), "{err}");
        }
    }

    #[test]
    fn fresh_entity_ids_are_slugs_and_unique() {
        let mut p = Project::new("t");
        assert_eq!(p.fresh_entity_id("Trump campaign").0, "trump-campaign");
        assert_eq!(p.fresh_entity_id("  FBI / CISA / ODNI ").0, "fbi-cisa-odni");
        assert_eq!(p.fresh_entity_id("!!!").0, "entity");
        p.entities.push(Entity {
            id: "trump-campaign".into(),
            name: "x".into(),
            kind: EntityKind::Campaign,
            color: Rgb([0, 0, 0]),
            aliases: vec![],
            same_as: Vec::new(),
        });
        assert_eq!(p.fresh_entity_id("Trump campaign").0, "trump-campaign-2");
    }

    #[test]
    fn random_annotation_ids_differ() {
        assert_ne!(AnnotationId::random(), AnnotationId::random());
        assert_eq!(AnnotationId::random().0.len(), 36);
    }
}
