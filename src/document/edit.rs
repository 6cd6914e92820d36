//! What can change a document: [`Edit`], one variant per user action, and why an edit can be
//! refused ([`EditError`]).

use crate::model::{
    AnnotationId, ArticleId, Claim, ClaimId, ClaimLink, Entity, EntityId, LinkId, Project, Review,
    SpanLink,
};
use crate::text::ArticleText;

/// One change to the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new span. The quote and its context are taken from the article text.
    AddAnnotation {
        id: AnnotationId,
        article: ArticleId,
        char_start: usize,
        char_end: usize,
        entities: Vec<EntityId>,
        claims: Vec<ClaimLink>,
        /// RFC 3339 time stamp.
        created: String,
    },
    /// Removes the annotation, its typed links and the reviews that name it.
    DeleteAnnotation(AnnotationId),
    LinkEntity {
        annotation: AnnotationId,
        entity: EntityId,
    },
    UnlinkEntity {
        annotation: AnnotationId,
        entity: EntityId,
    },
    SetNote {
        annotation: AnnotationId,
        note: String,
    },
    AddEntity(Entity),
    /// Replaces name, kind, color and aliases of the entity with the same id.
    UpdateEntity(Entity),
    /// Removes the entity and unlinks it from every annotation (the spans stay).
    DeleteEntity(EntityId),
    AddClaim(Claim),
    /// Replaces statement, description and verdict of the claim with the same id.
    UpdateClaim(Claim),
    /// Removes the claim, every span's link to it, and its reviews (the spans stay).
    DeleteClaim(ClaimId),
    /// Links a span to a claim; replaces `replacing` (or a link with the same claim and
    /// speaker) when there is one.
    LinkClaim {
        annotation: AnnotationId,
        link: ClaimLink,
        replacing: Option<ClaimLink>,
    },
    UnlinkClaim {
        annotation: AnnotationId,
        link: ClaimLink,
    },
    AddLink(SpanLink),
    DeleteLink(LinkId),
    /// Sets (or replaces) the review of one contradiction.
    SetReview(Review),
    /// Adds an article whose text file was already written into the project folder.
    AddArticle {
        article: crate::model::Article,
        text: String,
    },
    /// Sets the details of an article as the user corrects them (its file and hash stay).
    UpdateArticleDetails {
        article: ArticleId,
        title: String,
        outlet: String,
        url: Option<String>,
        published: Option<String>,
        author: Option<String>,
    },
    /// Sets the project's name and its publishing organisation (project settings).
    SetProjectSettings {
        name: String,
        publisher: crate::model::Publisher,
    },
    /// Moves every mention, speaker role and review of `from` to `into`, adds `from`'s name
    /// and aliases to `into`'s aliases, and removes `from`.
    MergeEntities {
        from: EntityId,
        into: EntityId,
    },
    /// Puts an annotation on another span of its article (a re-selected span, or an
    /// accepted re-anchoring candidate): quote and context are taken from the text.
    MoveAnnotation {
        annotation: AnnotationId,
        char_start: usize,
        char_end: usize,
    },
    /// After an article's text changed on disk: moves the annotations whose quote was found
    /// elsewhere and records the new text's hash. Annotations it does not name keep their
    /// offsets (they need review or are orphaned, see `anchor`).
    Reanchor {
        article: ArticleId,
        sha256: String,
        moves: Vec<(AnnotationId, std::ops::Range<usize>)>,
    },
    /// Settles a conflict a merge left. For a contested field, `value` is its new value
    /// (`None`: empty); for an item one side deleted, the item to keep (`None`: delete it); for
    /// a possible duplicate, `Some` merges theirs into ours and `None` keeps both.
    ResolveConflict {
        conflict: crate::model::Conflict,
        value: Option<serde_json::Value>,
    },
    /// Moves every span's link and every review of claim `from` to `into`, and removes
    /// `from` (its description and verdict note are added to `into`'s when they differ).
    MergeClaims {
        from: ClaimId,
        into: ClaimId,
    },
    /// Remembers a suggested attribution as dismissed, so it is not offered again.
    Dismiss(crate::model::Dismissed),
    /// Several edits as one undo step ("link all matches"): all apply, or none does.
    Batch {
        label: &'static str,
        edits: Vec<Edit>,
    },
    /// Replaces the whole project with unsaved work recovered after a crash; `texts` are the
    /// articles it has that the document has not loaded yet. One undo step.
    RestoreProject {
        project: Box<Project>,
        texts: Vec<(ArticleId, ArticleText)>,
    },
}

impl Edit {
    /// Short text for menus and logs, e.g. "Undo link entity".
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::AddAnnotation { .. } => "add highlight",
            Self::DeleteAnnotation(_) => "delete highlight",
            Self::LinkEntity { .. } => "link entity",
            Self::UnlinkEntity { .. } => "unlink entity",
            Self::SetNote { .. } => "edit note",
            Self::AddEntity(_) => "add entity",
            Self::UpdateEntity(_) => "edit entity",
            Self::DeleteEntity(_) => "delete entity",
            Self::AddClaim(_) => "add claim",
            Self::UpdateClaim(_) => "edit claim",
            Self::DeleteClaim(_) => "delete claim",
            Self::LinkClaim { .. } => "link claim",
            Self::UnlinkClaim { .. } => "unlink claim",
            Self::AddLink(_) => "add link",
            Self::DeleteLink(_) => "delete link",
            Self::SetReview(_) => "review disagreement",
            Self::AddArticle { .. } => "add article",
            Self::RestoreProject { .. } => "restore unsaved work",
            Self::Batch { label, .. } => label,
            Self::UpdateArticleDetails { .. } => "edit article details",
            Self::SetProjectSettings { .. } => "edit project settings",
            Self::MoveAnnotation { .. } => "move highlight",
            Self::Reanchor { .. } => "re-anchor highlights",
            Self::MergeEntities { .. } => "merge entities",
            Self::ResolveConflict { .. } => "resolve conflict",
            Self::MergeClaims { .. } => "merge claims",
            Self::Dismiss(_) => "dismiss suggestion",
        }
    }
}

/// Why an edit was refused. The document is unchanged when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no annotation with id {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("no entity with id {0}")]
    UnknownEntity(EntityId),
    #[error("no article with id {0}")]
    UnknownArticle(ArticleId),
    #[error("the text of article {0} is not loaded")]
    ArticleTextMissing(ArticleId),
    #[error("span {start}..{end} is not inside article {article} ({len} characters)")]
    SpanOutOfRange {
        article: ArticleId,
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("an empty span cannot be highlighted")]
    EmptySpan,
    #[error("an annotation with id {0} already exists")]
    DuplicateAnnotation(AnnotationId),
    #[error("an entity with id {0} already exists")]
    DuplicateEntity(EntityId),
    #[error("an entity needs a name")]
    EmptyEntityName,
    #[error("no claim with id {0}")]
    UnknownClaim(ClaimId),
    #[error("a claim with id {0} already exists")]
    DuplicateClaim(ClaimId),
    #[error("a claim needs a statement")]
    EmptyStatement,
    #[error("no link with id {0}")]
    UnknownLink(LinkId),
    #[error("a span cannot be linked to itself")]
    SelfLink,
    #[error("an article with id {0} already exists")]
    DuplicateArticle(ArticleId),
    #[error("the date {0:?} is not YYYY-MM-DD (or YYYY-MM, or YYYY)")]
    BadDate(String),
    #[error("an entity cannot be merged into itself")]
    SelfMerge,
    #[error("that conflict is no longer open")]
    UnknownConflict,
    #[error("the value chosen for {field} does not fit: {message}")]
    BadValue { field: String, message: String },
    #[error("an article cannot be deleted from the project; keep it")]
    CannotDeleteArticle,
    #[error("articles cannot be added or projects restored inside a batch of edits")]
    NotInBatch,
}
