//! The open document and the one place that changes it: [`Document::apply`].
//!
//! Panels never touch the project directly. They queue an [`Edit`]; the shell applies the
//! queue at the end of the frame. `apply` validates the edit, keeps annotations sorted,
//! records an undo snapshot and bumps the revision that dirty tracking compares against.

use crate::model::{
    Annotation, AnnotationId, ArticleId, CONTEXT_CHARS, Claim, ClaimId, ClaimLink, Entity,
    EntityId, LinkId, Project, Review, SpanLink,
};
use crate::text::ArticleText;
use std::collections::BTreeMap;

/// How many undo steps are kept.
const UNDO_DEPTH: usize = 200;

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
            Self::SetReview(_) => "review contradiction",
            Self::AddArticle { .. } => "add article",
            Self::RestoreProject { .. } => "restore unsaved work",
            Self::Batch { label, .. } => label,
            Self::UpdateArticleDetails { .. } => "edit article details",
            Self::MoveAnnotation { .. } => "move highlight",
            Self::Reanchor { .. } => "re-anchor highlights",
            Self::MergeEntities { .. } => "merge entities",
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
    #[error("articles cannot be added or projects restored inside a batch of edits")]
    NotInBatch,
}

/// The project plus the loaded article texts, with undo history and dirty tracking.
#[derive(Clone, Debug)]
pub struct Document {
    project: Project,
    texts: BTreeMap<ArticleId, ArticleText>,
    revision: u64,
    saved_revision: u64,
    next_revision: u64,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

#[derive(Clone, Debug)]
struct Snapshot {
    project: Project,
    revision: u64,
    label: &'static str,
    /// Set for note edits: further edits of the same note join this undo step, so typing a
    /// note is undone as a whole.
    typing_in: Option<String>,
}

impl Document {
    /// A document as loaded: clean, with no history.
    #[must_use]
    pub fn new(project: Project, texts: BTreeMap<ArticleId, ArticleText>) -> Self {
        Self {
            project,
            texts,
            revision: 0,
            saved_revision: 0,
            next_revision: 1,
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }

    #[must_use]
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The text of an article, when its file could be read.
    #[must_use]
    pub fn text(&self, article: &ArticleId) -> Option<&ArticleText> {
        self.texts.get(article)
    }

    /// Identifies the document's current state: equal revisions mean equal projects.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes since the last load or save.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Call after the project was written to disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// What the next undo would revert.
    #[must_use]
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|s| s.label)
    }

    #[must_use]
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|s| s.label)
    }

    /// Validates and applies one edit.
    ///
    /// # Errors
    /// [`EditError`] when the edit refers to something that does not exist or would break an
    /// invariant; the document is then unchanged.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let label = edit.label();
        let typing_in = match &edit {
            Edit::SetNote { annotation, .. } => Some(format!("note {annotation}")),
            // Typing a review note; a change of review state is a step of its own.
            Edit::SetReview(r)
                if self
                    .project
                    .review(&r.key)
                    .is_some_and(|old| old.state == r.state) =>
            {
                Some(format!("review {:?}", r.key))
            }
            _ => None,
        };
        let mut next = self.project.clone();
        if let Edit::RestoreProject { project, texts } = edit {
            for (id, text) in texts {
                self.texts.entry(id).or_insert(text);
            }
            next = *project;
        } else if let Edit::AddArticle { article, text } = edit {
            if next.article(&article.id).is_some() {
                return Err(EditError::DuplicateArticle(article.id));
            }
            self.texts
                .insert(article.id.clone(), ArticleText::new(&text));
            next.articles.push(article);
        } else {
            apply_to(&mut next, &self.texts, edit)?;
        }
        if next == self.project {
            return Ok(());
        }
        let previous = std::mem::replace(&mut self.project, next);
        let joins_last = typing_in.is_some()
            && self.redo.is_empty()
            && self.revision != self.saved_revision
            && self.undo.last().is_some_and(|s| s.typing_in == typing_in);
        if joins_last {
            self.revision = self.next_revision;
            self.next_revision += 1;
            return Ok(());
        }
        self.undo.push(Snapshot {
            project: previous,
            revision: self.revision,
            label,
            typing_in,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision = self.next_revision;
        self.next_revision += 1;
        Ok(())
    }

    /// Reverts the last edit. Returns what was undone.
    pub fn undo(&mut self) -> Option<&'static str> {
        travel(
            &mut self.project,
            &mut self.revision,
            &mut self.undo,
            &mut self.redo,
        )
    }

    /// Re-applies the last undone edit. Returns what was redone.
    pub fn redo(&mut self) -> Option<&'static str> {
        travel(
            &mut self.project,
            &mut self.revision,
            &mut self.redo,
            &mut self.undo,
        )
    }
}

/// One step through history: restores the top of `from` and keeps the current state on `to`.
fn travel(
    project: &mut Project,
    revision: &mut u64,
    from: &mut Vec<Snapshot>,
    to: &mut Vec<Snapshot>,
) -> Option<&'static str> {
    let snap = from.pop()?;
    let current = std::mem::replace(project, snap.project);
    to.push(Snapshot {
        project: current,
        revision: *revision,
        label: snap.label,
        typing_in: None,
    });
    *revision = snap.revision;
    Some(snap.label)
}

fn apply_to(
    p: &mut Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    edit: Edit,
) -> Result<(), EditError> {
    match edit {
        Edit::AddAnnotation {
            id,
            article,
            char_start,
            char_end,
            entities,
            claims,
            created,
        } => {
            let mut annotation = new_annotation(
                p,
                texts,
                id,
                article,
                char_start..char_end,
                entities,
                created,
            )?;
            for link in &claims {
                check_claim_link(p, link)?;
            }
            annotation.claims = claims;
            ClaimLink::normalise(&mut annotation.claims);
            insert_sorted(p, annotation);
        }
        Edit::DeleteAnnotation(id) => {
            let idx = annotation_index(p, &id)?;
            p.annotations.remove(idx);
            p.links.retain(|l| l.from != id && l.to != id);
            p.reviews.retain(|r| r.key.a != id && r.key.b != id);
        }
        Edit::LinkEntity { annotation, entity } => {
            if p.entity(&entity).is_none() {
                return Err(EditError::UnknownEntity(entity));
            }
            let idx = annotation_index(p, &annotation)?;
            let list = &mut p.annotations[idx].entities;
            if let Err(pos) = list.binary_search(&entity) {
                list.insert(pos, entity);
            }
        }
        Edit::UnlinkEntity { annotation, entity } => {
            let idx = annotation_index(p, &annotation)?;
            p.annotations[idx].entities.retain(|e| e != &entity);
        }
        Edit::SetNote { annotation, note } => {
            let idx = annotation_index(p, &annotation)?;
            p.annotations[idx].note = note;
        }
        Edit::AddEntity(entity) => {
            if entity.name.trim().is_empty() {
                return Err(EditError::EmptyEntityName);
            }
            if p.entity(&entity.id).is_some() {
                return Err(EditError::DuplicateEntity(entity.id));
            }
            p.entities.push(entity);
        }
        Edit::UpdateEntity(entity) => {
            if entity.name.trim().is_empty() {
                return Err(EditError::EmptyEntityName);
            }
            let slot = p
                .entities
                .iter_mut()
                .find(|e| e.id == entity.id)
                .ok_or_else(|| EditError::UnknownEntity(entity.id.clone()))?;
            *slot = entity;
        }
        Edit::DeleteEntity(id) => delete_entity(p, id)?,
        edit @ (Edit::MergeEntities { .. }
        | Edit::MoveAnnotation { .. }
        | Edit::Reanchor { .. }) => apply_correction(p, texts, edit)?,
        Edit::UpdateArticleDetails {
            article,
            title,
            outlet,
            url,
            published,
        } => update_article_details(p, &article, &title, &outlet, url, published)?,
        edit @ (Edit::AddClaim(_)
        | Edit::UpdateClaim(_)
        | Edit::DeleteClaim(_)
        | Edit::LinkClaim { .. }
        | Edit::UnlinkClaim { .. }
        | Edit::AddLink(_)
        | Edit::DeleteLink(_)
        | Edit::SetReview(_)) => apply_claim_edit(p, edit)?,
        Edit::Batch { edits, .. } => apply_batch(p, texts, edits)?,
        Edit::AddArticle { .. } | Edit::RestoreProject { .. } => {
            unreachable!("Document::apply adds articles and restores projects itself")
        }
    }
    Ok(())
}

/// Several edits in order, as one; the caller drops the project on the first failure.
fn apply_batch(
    p: &mut Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    edits: Vec<Edit>,
) -> Result<(), EditError> {
    for edit in edits {
        if matches!(edit, Edit::AddArticle { .. } | Edit::RestoreProject { .. }) {
            return Err(EditError::NotInBatch);
        }
        apply_to(p, texts, edit)?;
    }
    Ok(())
}

/// Corrections of what is already there: merged entities, moved highlights, re-anchoring.
fn apply_correction(
    p: &mut Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    edit: Edit,
) -> Result<(), EditError> {
    match edit {
        Edit::MergeEntities { from, into } => merge_entities(p, &from, &into)?,
        Edit::MoveAnnotation {
            annotation,
            char_start,
            char_end,
        } => move_annotation(p, texts, &annotation, char_start..char_end)?,
        Edit::Reanchor {
            article,
            sha256,
            moves,
        } => reanchor(p, texts, &article, &sha256, moves)?,
        _ => unreachable!("apply_to routes only corrections here"),
    }
    Ok(())
}

/// The edits of claims, typed links and reviews.
fn apply_claim_edit(p: &mut Project, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::AddClaim(claim) | Edit::UpdateClaim(claim) if claim.statement.trim().is_empty() => {
            return Err(EditError::EmptyStatement);
        }
        Edit::AddClaim(claim) => {
            if p.claim(&claim.id).is_some() {
                return Err(EditError::DuplicateClaim(claim.id));
            }
            p.claims.push(claim);
        }
        Edit::UpdateClaim(claim) => {
            let slot = p
                .claims
                .iter_mut()
                .find(|c| c.id == claim.id)
                .ok_or_else(|| EditError::UnknownClaim(claim.id.clone()))?;
            *slot = claim;
        }
        Edit::DeleteClaim(id) => {
            let before = p.claims.len();
            p.claims.retain(|c| c.id != id);
            if p.claims.len() == before {
                return Err(EditError::UnknownClaim(id));
            }
            for a in &mut p.annotations {
                a.claims.retain(|l| l.claim != id);
            }
            p.reviews.retain(|r| r.key.claim.as_ref() != Some(&id));
        }
        Edit::LinkClaim {
            annotation,
            link,
            replacing,
        } => {
            check_claim_link(p, &link)?;
            let idx = annotation_index(p, &annotation)?;
            let links = &mut p.annotations[idx].claims;
            if let Some(old) = replacing {
                links.retain(|l| l != &old);
            }
            links.retain(|l| !(l.claim == link.claim && l.speaker == link.speaker));
            links.push(link);
            links.sort();
        }
        Edit::UnlinkClaim { annotation, link } => {
            let idx = annotation_index(p, &annotation)?;
            p.annotations[idx].claims.retain(|l| l != &link);
        }
        Edit::AddLink(link) => {
            annotation_index(p, &link.from)?;
            annotation_index(p, &link.to)?;
            if link.from == link.to {
                return Err(EditError::SelfLink);
            }
            let pos = p.links.partition_point(|l| {
                (&l.from, &l.to, l.kind, &l.id) < (&link.from, &link.to, link.kind, &link.id)
            });
            p.links.insert(pos, link);
        }
        Edit::DeleteLink(id) => {
            let before = p.links.len();
            p.links.retain(|l| l.id != id);
            if p.links.len() == before {
                return Err(EditError::UnknownLink(id));
            }
        }
        Edit::SetReview(review) => match p.reviews.binary_search_by(|r| r.key.cmp(&review.key)) {
            Ok(i) => p.reviews[i] = review,
            Err(i) => p.reviews.insert(i, review),
        },
        _ => unreachable!("apply_to routes only claim edits here"),
    }
    Ok(())
}

/// Removes an entity, its links from spans, and its role as a speaker (the spans stay).
fn delete_entity(p: &mut Project, id: EntityId) -> Result<(), EditError> {
    let before = p.entities.len();
    p.entities.retain(|e| e.id != id);
    if p.entities.len() == before {
        return Err(EditError::UnknownEntity(id));
    }
    for a in &mut p.annotations {
        a.entities.retain(|e| e != &id);
        for link in &mut a.claims {
            if link.speaker.as_ref() == Some(&id) {
                link.speaker = None;
            }
        }
        ClaimLink::normalise(&mut a.claims);
    }
    Ok(())
}

fn update_article_details(
    p: &mut Project,
    article: &ArticleId,
    title: &str,
    outlet: &str,
    url: Option<String>,
    published: Option<String>,
) -> Result<(), EditError> {
    let tidy = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let published = tidy(published);
    if let Some(date) = &published
        && !crate::validate::is_date(date)
    {
        return Err(EditError::BadDate(date.clone()));
    }
    let slot = p
        .articles
        .iter_mut()
        .find(|a| &a.id == article)
        .ok_or_else(|| EditError::UnknownArticle(article.clone()))?;
    title.trim().clone_into(&mut slot.title);
    outlet.trim().clone_into(&mut slot.outlet);
    slot.url = tidy(url);
    slot.published = published;
    Ok(())
}

fn merge_entities(p: &mut Project, from: &EntityId, into: &EntityId) -> Result<(), EditError> {
    if from == into {
        return Err(EditError::SelfMerge);
    }
    let gone = p
        .entity(from)
        .cloned()
        .ok_or_else(|| EditError::UnknownEntity(from.clone()))?;
    let kept = p
        .entities
        .iter_mut()
        .find(|e| &e.id == into)
        .ok_or_else(|| EditError::UnknownEntity(into.clone()))?;
    for alias in std::iter::once(&gone.name).chain(&gone.aliases) {
        let known = kept.name.eq_ignore_ascii_case(alias)
            || kept.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias));
        if !known && !alias.trim().is_empty() {
            kept.aliases.push(alias.clone());
        }
    }
    p.entities.retain(|e| &e.id != from);
    let swap = |e: &mut Option<EntityId>| {
        if e.as_ref() == Some(from) {
            *e = Some(into.clone());
        }
    };
    for a in &mut p.annotations {
        for e in &mut a.entities {
            if e == from {
                *e = into.clone();
            }
        }
        a.entities.sort();
        a.entities.dedup();
        for link in &mut a.claims {
            swap(&mut link.speaker);
        }
        ClaimLink::normalise(&mut a.claims);
    }
    for r in &mut p.reviews {
        let (mut sa, mut sb) = (r.key.speaker_a.clone(), r.key.speaker_b.clone());
        swap(&mut sa);
        swap(&mut sb);
        r.key = crate::model::ContradictionKey::new(
            r.key.claim.clone(),
            (r.key.a.clone(), sa),
            (r.key.b.clone(), sb),
        );
    }
    p.reviews.sort_by(|a, b| a.key.cmp(&b.key));
    p.reviews.dedup_by(|x, y| x.key == y.key);
    Ok(())
}

fn check_claim_link(p: &Project, link: &ClaimLink) -> Result<(), EditError> {
    if p.claim(&link.claim).is_none() {
        return Err(EditError::UnknownClaim(link.claim.clone()));
    }
    if let Some(speaker) = &link.speaker
        && p.entity(speaker).is_none()
    {
        return Err(EditError::UnknownEntity(speaker.clone()));
    }
    Ok(())
}

/// Builds a validated annotation, taking quote and context from the article text.
fn new_annotation(
    p: &Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    id: AnnotationId,
    article: ArticleId,
    chars: std::ops::Range<usize>,
    mut entities: Vec<EntityId>,
    created: String,
) -> Result<Annotation, EditError> {
    if p.article(&article).is_none() {
        return Err(EditError::UnknownArticle(article));
    }
    let (quote, prefix, suffix) = span_text(texts, &article, &chars)?;
    if p.annotation(&id).is_some() {
        return Err(EditError::DuplicateAnnotation(id));
    }
    if let Some(unknown) = entities.iter().find(|e| p.entity(e).is_none()) {
        return Err(EditError::UnknownEntity(unknown.clone()));
    }
    entities.sort();
    entities.dedup();
    Ok(Annotation {
        id,
        article,
        char_start: chars.start,
        char_end: chars.end,
        quote,
        prefix,
        suffix,
        entities,
        claims: Vec::new(),
        note: String::new(),
        created,
    })
}

/// The quote and context of a span of an article's text, or why it is not one.
fn span_text(
    texts: &BTreeMap<ArticleId, ArticleText>,
    article: &ArticleId,
    chars: &std::ops::Range<usize>,
) -> Result<(String, String, String), EditError> {
    let text = texts
        .get(article)
        .ok_or_else(|| EditError::ArticleTextMissing(article.clone()))?;
    if chars.start >= chars.end {
        return Err(EditError::EmptySpan);
    }
    let quote = text
        .slice(chars.clone())
        .ok_or_else(|| EditError::SpanOutOfRange {
            article: article.clone(),
            start: chars.start,
            end: chars.end,
            len: text.char_count(),
        })?
        .to_owned();
    let (prefix, suffix) = text.context(chars.clone(), CONTEXT_CHARS);
    Ok((quote, prefix, suffix))
}

fn annotation_index(p: &Project, id: &AnnotationId) -> Result<usize, EditError> {
    p.annotations
        .iter()
        .position(|a| &a.id == id)
        .ok_or_else(|| EditError::UnknownAnnotation(id.clone()))
}

/// Sets an annotation's span, taking quote and context from the text, and keeps the
/// annotations sorted.
fn move_annotation(
    p: &mut Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    id: &AnnotationId,
    chars: std::ops::Range<usize>,
) -> Result<(), EditError> {
    let pos = annotation_index(p, id)?;
    let article = p.annotations[pos].article.clone();
    let (quote, prefix, suffix) = span_text(texts, &article, &chars)?;
    let mut a = p.annotations.remove(pos);
    a.char_start = chars.start;
    a.char_end = chars.end;
    a.quote = quote;
    a.prefix = prefix;
    a.suffix = suffix;
    insert_sorted(p, a);
    Ok(())
}

/// Many moves in one article at once: one pass over the annotations, one sort.
fn reanchor(
    p: &mut Project,
    texts: &BTreeMap<ArticleId, ArticleText>,
    article: &ArticleId,
    sha256: &str,
    moves: Vec<(AnnotationId, std::ops::Range<usize>)>,
) -> Result<(), EditError> {
    let text = texts
        .get(article)
        .ok_or_else(|| EditError::ArticleTextMissing(article.clone()))?;
    let mut moves: crate::model::FastMap<AnnotationId, std::ops::Range<usize>> =
        moves.into_iter().collect();
    for a in p.annotations.iter_mut().filter(|a| &a.article == article) {
        let Some(chars) = moves.remove(&a.id) else {
            continue;
        };
        let quote = text
            .slice(chars.clone())
            .filter(|_| chars.start < chars.end)
            .ok_or_else(|| EditError::SpanOutOfRange {
                article: article.clone(),
                start: chars.start,
                end: chars.end,
                len: text.char_count(),
            })?;
        quote.clone_into(&mut a.quote);
        (a.prefix, a.suffix) = text.context(chars.clone(), CONTEXT_CHARS);
        a.char_start = chars.start;
        a.char_end = chars.end;
    }
    if let Some(id) = moves.into_keys().next() {
        return Err(EditError::UnknownAnnotation(id));
    }
    p.annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    sha256.clone_into(
        &mut p
            .articles
            .iter_mut()
            .find(|a| &a.id == article)
            .ok_or_else(|| EditError::UnknownArticle(article.clone()))?
            .sha256,
    );
    Ok(())
}

fn insert_sorted(p: &mut Project, a: Annotation) {
    let pos = p
        .annotations
        .partition_point(|x| x.sort_key() < a.sort_key());
    p.annotations.insert(pos, a);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, EntityKind, Rgb};

    fn doc() -> Document {
        let mut p = Project::new("t");
        p.articles.push(Article {
            id: "a".into(),
            title: "A".into(),
            outlet: String::new(),
            url: None,
            published: None,
            path: "a.txt".into(),
            sha256: String::new(),
        });
        p.entities.push(Entity {
            id: "iran".into(),
            name: "Iran".into(),
            kind: EntityKind::Government,
            color: Rgb([1, 2, 3]),
            aliases: vec![],
        });
        let mut texts = BTreeMap::new();
        texts.insert(
            "a".into(),
            ArticleText::new("Tehran denied it. Iran’s mission spoke."),
        );
        Document::new(p, texts)
    }

    fn add(id: &str, start: usize, end: usize) -> Edit {
        Edit::AddAnnotation {
            id: id.into(),
            article: "a".into(),
            char_start: start,
            char_end: end,
            entities: vec!["iran".into()],
            claims: vec![],
            created: "2026-11-22T09:00:00Z".into(),
        }
    }

    #[test]
    fn add_takes_quote_and_context_from_text_and_marks_dirty() {
        let mut d = doc();
        assert!(!d.is_dirty());
        d.apply(add("x", 18, 24)).unwrap();
        let a = &d.project().annotations[0];
        assert_eq!(a.quote, "Iran’s");
        assert_eq!(a.prefix, "Tehran denied it. ");
        assert_eq!(a.suffix, " mission spoke.");
        assert!(d.is_dirty());
        d.mark_saved();
        assert!(!d.is_dirty());
    }

    #[test]
    fn annotations_stay_sorted_by_offset() {
        let mut d = doc();
        d.apply(add("late", 18, 24)).unwrap();
        d.apply(add("early", 0, 6)).unwrap();
        d.apply(add("nested", 0, 3)).unwrap();
        let ids: Vec<_> = d
            .project()
            .annotations
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, ["nested", "early", "late"]);
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut d = doc();
        let before = d.project().clone();
        assert!(matches!(
            d.apply(add("x", 30, 99)),
            Err(EditError::SpanOutOfRange { len: 39, .. })
        ));
        assert_eq!(d.apply(add("x", 5, 5)), Err(EditError::EmptySpan));
        let mut unknown = add("x", 0, 3);
        if let Edit::AddAnnotation { entities, .. } = &mut unknown {
            entities.push("nope".into());
        }
        assert_eq!(
            d.apply(unknown),
            Err(EditError::UnknownEntity("nope".into()))
        );
        assert_eq!(
            d.apply(Edit::DeleteAnnotation("ghost".into())),
            Err(EditError::UnknownAnnotation("ghost".into()))
        );
        assert_eq!(d.project(), &before);
        assert!(!d.is_dirty());
    }

    #[test]
    fn link_unlink_and_delete_entity() {
        let mut d = doc();
        d.apply(add("x", 0, 6)).unwrap();
        d.apply(Edit::AddEntity(Entity {
            id: "a-gov".into(),
            name: "A gov".into(),
            kind: EntityKind::Government,
            color: Rgb([0, 0, 0]),
            aliases: vec![],
        }))
        .unwrap();
        d.apply(Edit::LinkEntity {
            annotation: "x".into(),
            entity: "a-gov".into(),
        })
        .unwrap();
        assert_eq!(
            d.project().annotations[0].entities,
            vec![EntityId::from("a-gov"), EntityId::from("iran")]
        );
        d.apply(Edit::DeleteEntity("iran".into())).unwrap();
        assert_eq!(
            d.project().annotations[0].entities,
            vec![EntityId::from("a-gov")]
        );
        d.apply(Edit::UnlinkEntity {
            annotation: "x".into(),
            entity: "a-gov".into(),
        })
        .unwrap();
        assert!(d.project().annotations[0].entities.is_empty());
    }

    #[test]
    fn undo_and_redo_restore_state_and_dirtiness() {
        let mut d = doc();
        d.apply(add("x", 0, 6)).unwrap();
        d.mark_saved();
        d.apply(Edit::SetNote {
            annotation: "x".into(),
            note: "check".into(),
        })
        .unwrap();
        assert!(d.is_dirty());
        assert_eq!(d.undo_label(), Some("edit note"));
        assert_eq!(d.undo(), Some("edit note"));
        assert!(!d.is_dirty(), "back at the saved state");
        assert_eq!(d.project().annotations[0].note, "");
        assert_eq!(d.redo(), Some("edit note"));
        assert_eq!(d.project().annotations[0].note, "check");
        assert!(d.is_dirty());
    }

    #[test]
    fn typing_a_note_is_one_undo_step() {
        let mut d = doc();
        d.apply(add("x", 0, 6)).unwrap();
        for note in ["c", "ch", "che", "check"] {
            d.apply(Edit::SetNote {
                annotation: "x".into(),
                note: note.into(),
            })
            .unwrap();
        }
        assert_eq!(d.undo(), Some("edit note"));
        assert_eq!(d.project().annotations[0].note, "");
        assert_eq!(d.undo(), Some("add highlight"));
        assert!(d.project().annotations.is_empty());
        assert!(!d.is_dirty());
    }

    #[test]
    fn deleting_a_claim_unlinks_its_spans_and_drops_its_reviews() {
        use crate::model::{ClaimLink, ContradictionKey, Review, ReviewState, Stance, Verdict};
        let mut d = doc();
        d.apply(Edit::AddClaim(Claim {
            id: "c".into(),
            statement: "Iran did it".into(),
            description: String::new(),
            verdict: Verdict::Unrated,
            verdict_note: String::new(),
        }))
        .unwrap();
        d.apply(add("x", 0, 6)).unwrap();
        let link = ClaimLink {
            claim: "c".into(),
            stance: Stance::Denies,
            speaker: Some("iran".into()),
        };
        d.apply(Edit::LinkClaim {
            annotation: "x".into(),
            link: link.clone(),
            replacing: None,
        })
        .unwrap();
        // Changing the stance replaces the link rather than adding a second one.
        let asserts = ClaimLink {
            stance: Stance::Asserts,
            ..link.clone()
        };
        d.apply(Edit::LinkClaim {
            annotation: "x".into(),
            link: asserts.clone(),
            replacing: Some(link),
        })
        .unwrap();
        assert_eq!(d.project().annotations[0].claims, vec![asserts]);
        d.apply(Edit::SetReview(Review {
            key: ContradictionKey::new(Some("c".into()), ("x".into(), None), ("y".into(), None)),
            state: ReviewState::Confirmed,
            note: String::new(),
        }))
        .unwrap();
        assert_eq!(
            d.apply(Edit::LinkClaim {
                annotation: "x".into(),
                link: ClaimLink {
                    claim: "nope".into(),
                    stance: Stance::Asserts,
                    speaker: None
                },
                replacing: None,
            }),
            Err(EditError::UnknownClaim("nope".into()))
        );
        d.apply(Edit::DeleteClaim("c".into())).unwrap();
        assert!(d.project().claims.is_empty());
        assert!(d.project().annotations[0].claims.is_empty());
        assert!(d.project().reviews.is_empty());
        assert_eq!(d.project().annotations.len(), 1, "the span stays");
    }

    #[test]
    fn adding_an_article_brings_its_text_and_refuses_a_taken_id() {
        let mut d = doc();
        let article = Article {
            id: "b".into(),
            title: "B".into(),
            outlet: String::new(),
            url: None,
            published: None,
            path: "articles/b.txt".into(),
            sha256: String::new(),
        };
        d.apply(Edit::AddArticle {
            article: article.clone(),
            text: "New text".into(),
        })
        .unwrap();
        assert_eq!(d.text(&"b".into()).unwrap().as_str(), "New text");
        assert!(d.is_dirty());
        assert_eq!(
            d.apply(Edit::AddArticle {
                article,
                text: String::new(),
            }),
            Err(EditError::DuplicateArticle("b".into()))
        );
        d.undo();
        assert!(d.project().article(&"b".into()).is_none());
    }

    #[test]
    fn entity_needs_a_name_and_unique_id() {
        let mut d = doc();
        let mut e = d.project().entities[0].clone();
        assert_eq!(
            d.apply(Edit::AddEntity(e.clone())),
            Err(EditError::DuplicateEntity("iran".into()))
        );
        e.name = "  ".into();
        assert_eq!(
            d.apply(Edit::UpdateEntity(e)),
            Err(EditError::EmptyEntityName)
        );
    }
}
