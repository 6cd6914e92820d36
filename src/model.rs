//! The project as plain data: articles, entities and annotations with typed ids.
//!
//! Nothing here knows about egui or the file system. Offsets are Unicode code points
//! (`char` indices), end exclusive, as the W3C `TextPositionSelector` counts them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
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

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// A short, human-readable article id such as `000-unn`.
    ArticleId
);
string_id!(
    /// An entity id: a lowercase slug such as `trump-campaign`.
    EntityId
);
string_id!(
    /// An annotation id: a random UUID, so ids made on two machines never collide.
    AnnotationId
);

string_id!(
    /// A claim id: a random UUID, like annotation ids.
    ClaimId
);
string_id!(
    /// The id of a typed link between two annotations: a random UUID.
    LinkId
);

impl AnnotationId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

impl ClaimId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
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

impl LinkId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

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

/// One article of the project; its text lives in a separate UTF-8 file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: ArticleId,
    /// Empty when the article gives no title.
    #[serde(default)]
    pub title: String,
    /// Empty when the article names no outlet.
    #[serde(default)]
    pub outlet: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub url: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) as the article states it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub published: Option<String>,
    /// The byline, when the article names its writer (read from a web page's metadata, or
    /// typed by the checker). Format 6.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub author: Option<String>,
    /// Relative to the folder of the project file, with `/` separators.
    pub path: String,
    /// Lowercase hex SHA-256 of the article file's bytes.
    pub sha256: String,
}

impl Article {
    /// "title · outlet · by author · date": "outlet unknown" when it names none; no author or
    /// date when it has none.
    #[must_use]
    pub fn source_line(&self) -> String {
        let mut parts = vec![self.display_title()];
        // A source without its outlet is cited as such, not silently as a bare title.
        parts.push(if self.outlet.trim().is_empty() {
            "outlet unknown".to_owned()
        } else {
            self.outlet.clone()
        });
        if let Some(author) = &self.author {
            parts.push(format!("by {author}"));
        }
        if let Some(d) = &self.published {
            parts.push(d.clone());
        }
        parts.join(" · ")
    }

    /// [`Self::display_title`], borrowed when the article has a title.
    #[must_use]
    pub fn title_label(&self) -> std::borrow::Cow<'_, str> {
        if self.title.trim().is_empty() {
            std::borrow::Cow::Owned(self.display_title())
        } else {
            std::borrow::Cow::Borrowed(&self.title)
        }
    }

    /// The title, or a stand-in naming the article id when the article has none.
    #[must_use]
    pub fn display_title(&self) -> String {
        if self.title.trim().is_empty() {
            format!("Untitled ({})", self.id)
        } else {
            self.title.clone()
        }
    }
}

/// What kind of actor an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    Campaign,
    Government,
    Agency,
    Company,
    Person,
    Media,
    Other,
}

impl EntityKind {
    pub const ALL: [Self; 7] = [
        Self::Campaign,
        Self::Government,
        Self::Agency,
        Self::Company,
        Self::Person,
        Self::Media,
        Self::Other,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Campaign => "campaign",
            Self::Government => "government",
            Self::Agency => "agency",
            Self::Company => "company",
            Self::Person => "person",
            Self::Media => "media",
            Self::Other => "other",
        }
    }
}

/// An sRGB color, saved as `"#rrggbb"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parses `#rrggbb`.
    ///
    /// # Errors
    /// A message naming the bad text when it is not `#` and six hex digits.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid color {s:?}: expected \"#rrggbb\"");
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Self([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// Colors offered for new entities, chosen to stay readable as translucent fills.
    pub const PALETTE: [Self; 12] = [
        Self([0xe4, 0x57, 0x2e]),
        Self([0x29, 0x80, 0xb9]),
        Self([0x27, 0xae, 0x60]),
        Self([0x8e, 0x44, 0xad]),
        Self([0xf3, 0x9c, 0x12]),
        Self([0x16, 0xa0, 0x85]),
        Self([0xd3, 0x54, 0x9a]),
        Self([0x7f, 0x8c, 0x8d]),
        Self([0xc0, 0x39, 0x2b]),
        Self([0x2c, 0x3e, 0x8f]),
        Self([0x9a, 0x7d, 0x0a]),
        Self([0x00, 0x96, 0xc7]),
    ];
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A shared actor that spans across articles link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    pub color: Rgb,
    /// Surface forms under which the entity appears in the texts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// IRIs of the same thing elsewhere (format 7): its Wikidata item
    /// (`http://www.wikidata.org/entity/Q794`), an official site… Normalised by
    /// `crate::linked::normalise_link`; exported as `sameAs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
}

/// A highlighted span of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    pub article: ArticleId,
    /// First code point of the span.
    pub char_start: usize,
    /// One past the last code point of the span.
    pub char_end: usize,
    /// The exact text of the span.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before the span.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the span.
    #[serde(default)]
    pub suffix: String,
    /// Sorted, without duplicates.
    #[serde(default)]
    pub entities: Vec<EntityId>,
    /// Claims this span speaks to; sorted, at most one link per (claim, speaker).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimLink>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339 UTC time of creation.
    pub created: String,
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

impl Annotation {
    /// The order annotations are kept and saved in.
    #[must_use]
    pub fn sort_key(&self) -> (&ArticleId, usize, usize, &AnnotationId) {
        (&self.article, self.char_start, self.char_end, &self.id)
    }

    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_end.saturating_sub(self.char_start)
    }

    /// A span with a fresh id, its quote and nothing else, for unit tests.
    #[cfg(test)]
    pub(crate) fn bare(article: &str, chars: std::ops::Range<usize>, quote: &str) -> Self {
        Self {
            created_by: None,
            modified: None,
            modified_by: None,
            id: AnnotationId::random(),
            article: article.into(),
            char_start: chars.start,
            char_end: chars.end,
            quote: quote.to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            entities: vec![],
            claims: vec![],
            note: String::new(),
            created: String::new(),
        }
    }
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

/// A hash map with a fast hasher (foldhash, seeded per process), for the id lookups of
/// analysis and exports over 100,000 annotations, where `SipHash` was a tenth of the time.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Lookups by id in one pass over a project, for code that looks up many ids (exports,
/// validation); `Project::article` and friends scan. The annotations are indexed on the
/// first lookup of one: many exports look up none (a project without typed links), and
/// 100,000 of them take a while. (An open `Document` has its own index, kept with its edits.)
pub struct Index<'a> {
    pub articles: FastMap<&'a ArticleId, &'a Article>,
    pub entities: FastMap<&'a EntityId, &'a Entity>,
    pub claims: FastMap<&'a ClaimId, &'a Claim>,
    project: &'a Project,
    annotations: std::sync::OnceLock<FastMap<&'a AnnotationId, &'a Annotation>>,
}

impl<'a> Index<'a> {
    #[must_use]
    pub fn new(p: &'a Project) -> Self {
        Self {
            articles: p.articles.iter().map(|a| (&a.id, a)).collect(),
            entities: p.entities.iter().map(|e| (&e.id, e)).collect(),
            claims: p.claims.iter().map(|c| (&c.id, c)).collect(),
            project: p,
            annotations: std::sync::OnceLock::new(),
        }
    }

    #[must_use]
    pub fn article(&self, id: &ArticleId) -> Option<&'a Article> {
        self.articles.get(id).copied()
    }

    #[must_use]
    pub fn entity(&self, id: &EntityId) -> Option<&'a Entity> {
        self.entities.get(id).copied()
    }

    #[must_use]
    pub fn annotation(&self, id: &AnnotationId) -> Option<&'a Annotation> {
        self.annotations
            .get_or_init(|| {
                self.project
                    .annotations
                    .iter()
                    .map(|a| (&a.id, &**a))
                    .collect()
            })
            .get(id)
            .copied()
    }

    #[must_use]
    pub fn claim(&self, id: &ClaimId) -> Option<&'a Claim> {
        self.claims.get(id).copied()
    }

    /// As [`Project::speaker_name`].
    #[must_use]
    pub fn speaker_name(&self, speaker: Option<&EntityId>) -> String {
        match speaker {
            Some(id) => self
                .entity(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            None => "unattributed".to_owned(),
        }
    }

    /// As [`Self::speaker_name`], borrowed from the project where it can be.
    #[must_use]
    pub fn speaker_label<'s>(&self, speaker: Option<&'s EntityId>) -> std::borrow::Cow<'s, str>
    where
        'a: 's,
    {
        match speaker {
            Some(id) => self
                .entity(id)
                .map_or(std::borrow::Cow::Borrowed(id.as_str()), |e| {
                    std::borrow::Cow::Borrowed(e.name.as_str())
                }),
            None => std::borrow::Cow::Borrowed("unattributed"),
        }
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
