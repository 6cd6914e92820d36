//! Claims, the stances spans take on them, and typed links between spans.

use super::plain_option;
use super::{AnnotationId, ClaimId, EntityId, LinkId};
use serde::{Deserialize, Serialize};

/// A checkable statement, such as "Iran was behind the hacking of the Trump campaign".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub id: ClaimId,
    pub statement: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub verdict: Verdict,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verdict_note: String,
    /// The address of the published fact-check of this claim (`ClaimReview`'s `url`). Format 6.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub review_url: Option<String>,
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

/// The fact-checker's rating of a claim.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Verdict {
    #[default]
    Unrated,
    True,
    MostlyTrue,
    Mixed,
    MostlyFalse,
    False,
    Unproven,
}

impl Verdict {
    pub const ALL: [Self; 7] = [
        Self::Unrated,
        Self::True,
        Self::MostlyTrue,
        Self::Mixed,
        Self::MostlyFalse,
        Self::False,
        Self::Unproven,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Unrated => "unrated",
            Self::True => "true",
            Self::MostlyTrue => "mostly true",
            Self::Mixed => "mixed",
            Self::MostlyFalse => "mostly false",
            Self::False => "false",
            Self::Unproven => "unproven",
        }
    }
}

/// How a span relates to a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stance {
    /// The speaker says the claim is so.
    Asserts,
    /// The speaker says the claim is not so.
    Denies,
    /// Evidence for the claim.
    Supports,
    /// Evidence against the claim.
    Disputes,
    /// Neutral attribution ("X said that …").
    Reports,
}

/// Which side of a claim a stance is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    For,
    Against,
    Neutral,
}

impl Stance {
    pub const ALL: [Self; 5] = [
        Self::Asserts,
        Self::Denies,
        Self::Supports,
        Self::Disputes,
        Self::Reports,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Asserts => "asserts",
            Self::Denies => "denies",
            Self::Supports => "supports",
            Self::Disputes => "disputes",
            Self::Reports => "reports",
        }
    }

    #[must_use]
    pub fn side(self) -> Side {
        match self {
            Self::Asserts | Self::Supports => Side::For,
            Self::Denies | Self::Disputes => Side::Against,
            Self::Reports => Side::Neutral,
        }
    }

    /// Whether two stances on one claim contradict each other.
    #[must_use]
    pub fn opposes(self, other: Self) -> bool {
        matches!(
            (self.side(), other.side()),
            (Side::For, Side::Against) | (Side::Against, Side::For)
        )
    }
}

/// An annotation's link to a claim: what stance it takes, and who says it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct ClaimLink {
    pub claim: ClaimId,
    pub stance: Stance,
    /// The entity that says it (the Iran UN mission denies; a campaign asserts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<EntityId>,
    /// The checker who made it; `None` when unknown.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub created_by: Option<String>,
}

impl ClaimLink {
    /// Puts a span's claim links in their saved order with one link per claim and speaker,
    /// as a span gives one stance per speaker. Where several links share a claim and speaker
    /// the first in `links` is kept. Returns each dropped link that disagreed with the kept
    /// one, beside it, once each, in the order found; exact repeats are dropped without a word.
    pub fn normalise(links: &mut Vec<Self>) -> Vec<(Self, Self)> {
        let mut conflicts = Vec::new();
        // What a saved file holds: sorted, each claim and speaker once (spans link few claims,
        // so the pairwise check is cheap). Nothing to move or allocate.
        let normal = links.windows(2).all(|w| w[0] < w[1])
            && links.iter().enumerate().all(|(i, x)| {
                links[i + 1..]
                    .iter()
                    .all(|y| (&x.claim, &x.speaker) != (&y.claim, &y.speaker))
            });
        if normal {
            return conflicts;
        }
        // Stable: among links of one claim and speaker, the first given comes first.
        links.sort_by(|x, y| (&x.claim, &x.speaker).cmp(&(&y.claim, &y.speaker)));
        let mut kept: Vec<Self> = Vec::with_capacity(links.len());
        for link in links.drain(..) {
            match kept.last() {
                Some(k) if k.claim == link.claim && k.speaker == link.speaker => {
                    // Who made a link is not a second stance.
                    if k.stance != link.stance && !conflicts.iter().any(|(_, d)| *d == link) {
                        conflicts.push((k.clone(), link));
                    }
                }
                _ => kept.push(link),
            }
        }
        kept.sort();
        *links = kept;
        conflicts
    }
}

/// The kind of a typed link between two annotations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LinkKind {
    Corroborates,
    Contradicts,
    Quotes,
    SameClaim,
}

impl LinkKind {
    pub const ALL: [Self; 4] = [
        Self::Corroborates,
        Self::Contradicts,
        Self::Quotes,
        Self::SameClaim,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Corroborates => "corroborates",
            Self::Contradicts => "contradicts",
            Self::Quotes => "quotes",
            Self::SameClaim => "same claim",
        }
    }
}

/// A typed link between two annotations, usually in different articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct SpanLink {
    pub id: LinkId,
    pub kind: LinkKind,
    pub from: AnnotationId,
    pub to: AnnotationId,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The checker who made it; `None` when unknown.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub created_by: Option<String>,
}

impl Claim {
    /// A new unrated claim whose statement is a quote (its first 160 characters).
    #[must_use]
    pub fn from_quote(quote: &str) -> Self {
        Self {
            id: ClaimId::random(),
            statement: quote
                .chars()
                .take(160)
                .collect::<String>()
                .trim()
                .to_owned(),
            description: String::new(),
            review_url: None,
            verdict: Verdict::Unrated,
            verdict_note: String::new(),
            created_by: None,
            modified_by: None,
            modified: None,
        }
    }
}
