//! Review decisions on disagreements, and what a merge left to decide.

use super::plain_option;
use super::{AnnotationId, ArticleId, ClaimId, EntityId, LinkId};
use serde::{Deserialize, Serialize};

/// Where the review of one disagreement stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReviewState {
    #[default]
    Open,
    /// Not a real disagreement (different time, scope or wording), with the reason noted.
    Explained,
    /// A real disagreement between the sources.
    Confirmed,
}

impl ReviewState {
    pub const ALL: [Self; 3] = [Self::Open, Self::Explained, Self::Confirmed];

    /// How far the review got: open (0), explained (1), confirmed (2). Where reviews of one
    /// disagreement differ, the least settled one stands for all.
    #[must_use]
    pub fn settledness(self) -> u8 {
        match self {
            Self::Open => 0,
            Self::Explained => 1,
            Self::Confirmed => 2,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Explained => "explained",
            Self::Confirmed => "confirmed",
        }
    }
}

/// Identifies one contradiction: the claim (if any) and the two sides, each an annotation
/// with the speaker of its link, in a fixed order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictionKey {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<ClaimId>,
    pub a: AnnotationId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_a: Option<EntityId>,
    pub b: AnnotationId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_b: Option<EntityId>,
}

impl ContradictionKey {
    /// The key with the two sides in a fixed order, whichever way they are given.
    #[must_use]
    pub fn new(
        claim: Option<ClaimId>,
        x: (AnnotationId, Option<EntityId>),
        y: (AnnotationId, Option<EntityId>),
    ) -> Self {
        let (first, second) = if x <= y { (x, y) } else { (y, x) };
        Self {
            claim,
            a: first.0,
            speaker_a: first.1,
            b: second.0,
            speaker_b: second.1,
        }
    }
}

/// Identifies one disagreement, whatever quotes it gathers: the claim and the two speakers on
/// opposite sides of it, or two spans linked as contradicting without such a claim. Stays the
/// same while quotes are added to or taken from either side, so its review stays with it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum DisagreementKey {
    /// `asserting` asserts or supports the claim, `denying` denies or disputes it; the same
    /// entity on both sides is a self-contradiction. `None` is an unattributed side.
    Claim {
        claim: ClaimId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        asserting: Option<EntityId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        denying: Option<EntityId>,
    },
    /// Two spans linked as contradicting that oppose each other on no claim, in id order.
    Linked { a: AnnotationId, b: AnnotationId },
}

impl DisagreementKey {
    /// The key of a linked pair, whichever way round the link points.
    #[must_use]
    pub fn linked(x: AnnotationId, y: AnnotationId) -> Self {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        Self::Linked { a, b }
    }

    #[must_use]
    pub fn claim(&self) -> Option<&ClaimId> {
        match self {
            Self::Claim { claim, .. } => Some(claim),
            Self::Linked { .. } => None,
        }
    }

    /// Whether one speaker is on both sides of the claim.
    #[must_use]
    pub fn is_self_contradiction(&self) -> bool {
        matches!(self, Self::Claim { asserting: Some(x), denying: Some(y), .. } if x == y)
    }
}

/// A fact-checker's decision on one disagreement, saved in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub key: DisagreementKey,
    pub state: ReviewState,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The checker who made it, as named in preferences; `None` when unknown (made before
    /// format 4, or by someone who gave no name).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub created_by: Option<String>,
    /// The checker who changed it last, when someone changed it after making it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub modified_by: Option<String>,
    /// RFC 3339 UTC time of the last change, when there was one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub modified: Option<String>,
}

impl Review {
    /// This review with another of the same disagreement folded in: the least settled state
    /// of the two, and the other's note added when it says something this one does not.
    #[must_use]
    pub fn absorbing(&self, other: &Self) -> Self {
        let state = if other.state.settledness() < self.state.settledness() {
            other.state
        } else {
            self.state
        };
        let mut note = self.note.clone();
        let extra = other.note.trim();
        if !extra.is_empty() && !note.contains(extra) {
            if !note.trim().is_empty() {
                note.push_str("\n\n");
            }
            note.push_str(extra);
        }
        Self {
            key: self.key.clone(),
            state,
            note,
            created_by: self.created_by.clone().or_else(|| other.created_by.clone()),
            modified_by: self.modified_by.clone(),
            modified: self.modified.clone(),
        }
    }
}

/// An item of the project, named by its id (a review by its disagreement).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ItemRef {
    Project,
    Article(ArticleId),
    Entity(EntityId),
    Claim(ClaimId),
    Annotation(AnnotationId),
    Link(LinkId),
    Review(DisagreementKey),
}

impl ItemRef {
    /// "entity", "claim", "highlight", … as a checker names them.
    #[must_use]
    pub fn kind_label(&self) -> &'static str {
        match self {
            Self::Project => "project",
            Self::Article(_) => "article",
            Self::Entity(_) => "entity",
            Self::Claim(_) => "claim",
            Self::Annotation(_) => "highlight",
            Self::Link(_) => "link",
            Self::Review(_) => "review",
        }
    }
}

/// What two merged copies disagree on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Contested {
    /// One field (`note`, `name`, `verdict`, `state`, …; `position` for a span's place) was
    /// changed two different ways. The merged item holds our value until it is resolved.
    Field(String),
    /// One side deleted the item, the other changed it or still uses it. The merged project
    /// keeps it until it is resolved.
    Item,
    /// Both sides made an item that looks like one thing twice (an entity with the same name
    /// or alias, a claim with the same statement): `ours` and `theirs` hold the two ids.
    Duplicate,
}

/// A decision a merge left to the checker: the contested item and its value in the common
/// ancestor (`base`) and in the two copies, as plain data (`None`: absent on that side).
/// Resolving it is an edit like any other (`Edit::ResolveConflict`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub item: ItemRef,
    pub what: Contested,
    #[serde(default)]
    pub base: Option<serde_json::Value>,
    #[serde(default)]
    pub ours: Option<serde_json::Value>,
    #[serde(default)]
    pub theirs: Option<serde_json::Value>,
}

impl std::hash::Hash for Conflict {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.item.hash(state);
        self.what.hash(state);
        for v in [&self.base, &self.ours, &self.theirs] {
            v.as_ref().map(ToString::to_string).hash(state);
        }
    }
}
