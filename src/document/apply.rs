//! Applying one [`Edit`] to the project in place, recording each item it changes.
//!
//! [`Tx`] is the only code that changes a project for an edit. It validates as it goes; when
//! an edit is refused part way (a batch whose third edit names a missing annotation), the
//! changes made so far are played back in reverse and the project is as it was. What an edit
//! costs is what it touches: annotations are found through the id index, never by a scan,
//! except for edits that by nature concern every annotation (deleting or merging an entity,
//! deleting a claim), which look at each one but copy only those they change.

mod resolve;

use super::change::{Change, State};
use super::edit::{Edit, EditError};
use crate::model::{
    Annotation, AnnotationId, ArticleId, CONTEXT_CHARS, ClaimId, ClaimLink, DisagreementKey,
    EntityId, Project, Review, SpanLink,
};
use crate::text::ArticleText;
use std::collections::BTreeMap;
use std::sync::Arc;

/// An edit being applied: the state it changes and what it changed so far.
pub struct Tx<'a> {
    state: &'a mut State,
    texts: &'a BTreeMap<ArticleId, ArticleText>,
    /// Who makes this edit and when, written on what it creates or changes; `None` when the
    /// document has no author (tests, the command line): nothing is stamped then.
    stamp: Option<Stamp>,
    pub changes: Vec<Change>,
}

/// The checker making an edit and the time it is made.
pub struct Stamp {
    pub by: String,
    pub at: String,
}

impl Stamp {
    /// Marks `after` as made by this checker when it is new, or as changed by them when it
    /// changed; its maker stays whoever made it first.
    fn item<T: PartialEq + Clone>(
        &self,
        before: Option<&T>,
        after: &mut T,
        fields: impl Fn(&mut T) -> [&mut Option<String>; 3],
    ) {
        let Some(before) = before else {
            let [created_by, ..] = fields(after);
            created_by.get_or_insert_with(|| self.by.clone());
            return;
        };
        let mut old = before.clone();
        let [created_by, modified_by, modified] = fields(&mut old);
        let kept = created_by.clone();
        let (old_by, old_at) = (modified_by.clone(), modified.clone());
        let [c, m, t] = fields(after);
        *c = kept;
        *m = old_by;
        *t = old_at;
        if *after != *before {
            let [_, m, t] = fields(after);
            *m = Some(self.by.clone());
            *t = Some(self.at.clone());
        }
    }

    /// New claim links of a span are marked as made by this checker.
    fn links(&self, before: Option<&Annotation>, after: &mut Annotation) {
        for link in &mut after.claims {
            let known = before.is_some_and(|b| {
                b.claims.iter().any(|l| {
                    (&l.claim, &l.speaker, l.stance) == (&link.claim, &link.speaker, link.stance)
                })
            });
            if !known {
                link.created_by.get_or_insert_with(|| self.by.clone());
            }
        }
    }

    fn annotation(&self, before: Option<&Annotation>, after: &mut Annotation) {
        self.links(before, after);
        self.item(before, after, |a| {
            [&mut a.created_by, &mut a.modified_by, &mut a.modified]
        });
    }

    fn change(&self, change: &mut Change) {
        match change {
            Change::Claim {
                before,
                after: Some(after),
                ..
            } => self.item(before.as_ref(), after, |c| {
                [&mut c.created_by, &mut c.modified_by, &mut c.modified]
            }),
            Change::Review {
                before,
                after: Some(after),
            } => self.item(before.as_ref(), after, |r| {
                [&mut r.created_by, &mut r.modified_by, &mut r.modified]
            }),
            Change::Link {
                before: None,
                after: Some(after),
            } => {
                after.created_by.get_or_insert_with(|| self.by.clone());
            }
            _ => {}
        }
    }
}

impl<'a> Tx<'a> {
    pub fn new(
        state: &'a mut State,
        texts: &'a BTreeMap<ArticleId, ArticleText>,
        stamp: Option<Stamp>,
    ) -> Self {
        Self {
            state,
            texts,
            stamp,
            changes: Vec::new(),
        }
    }

    fn p(&self) -> &Project {
        &self.state.project
    }

    /// Plays back what this edit changed, newest first.
    pub fn roll_back(mut self) {
        for change in self.changes.drain(..).rev() {
            self.state.apply(&change.inverse());
        }
    }

    fn position(&self, id: &AnnotationId) -> Result<usize, EditError> {
        self.state
            .position(id)
            .ok_or_else(|| EditError::UnknownAnnotation(id.clone()))
    }

    /// Changes the annotation at `at` with `f`; records it when something changed. The sort
    /// key may change (a moved span): the annotation is then put where it sorts.
    fn update_at(&mut self, at: usize, f: impl FnOnce(&mut Annotation)) {
        let before = Arc::clone(&self.state.project.annotations[at]);
        let mut after = Annotation::clone(&before);
        f(&mut after);
        if after == *before {
            return;
        }
        if let Some(stamp) = &self.stamp {
            stamp.annotation(Some(&before), &mut after);
        }
        let after = Arc::new(after);
        if after.sort_key() == before.sort_key() {
            self.state.replace_annotation_at(at, after.clone());
        } else {
            self.state
                .put_annotation(Some(&before), Some(after.clone()));
        }
        self.changes.push(Change::Annotation {
            before: Some(before),
            after: Some(after),
        });
    }

    fn update(
        &mut self,
        id: &AnnotationId,
        f: impl FnOnce(&mut Annotation),
    ) -> Result<(), EditError> {
        let at = self.position(id)?;
        self.update_at(at, f);
        Ok(())
    }

    fn insert_annotation(&mut self, mut a: Annotation) {
        if let Some(stamp) = &self.stamp {
            stamp.annotation(None, &mut a);
        }
        let a = Arc::new(a);
        self.state.put_annotation(None, Some(a.clone()));
        self.changes.push(Change::Annotation {
            before: None,
            after: Some(a),
        });
    }

    fn record(&mut self, mut change: Change) {
        if let Some(stamp) = &self.stamp {
            stamp.change(&mut change);
        }
        self.state.apply(&change);
        self.changes.push(change);
    }

    fn remove_links_where(&mut self, gone: impl Fn(&SpanLink) -> bool) {
        let doomed: Vec<SpanLink> = self.p().links.iter().filter(|l| gone(l)).cloned().collect();
        for link in doomed {
            self.record(Change::Link {
                before: Some(link),
                after: None,
            });
        }
    }

    fn remove_reviews_where(&mut self, gone: impl Fn(&Review) -> bool) {
        let doomed: Vec<Review> = self
            .p()
            .reviews
            .iter()
            .filter(|r| gone(r))
            .cloned()
            .collect();
        for review in doomed {
            self.record(Change::Review {
                before: Some(review),
                after: None,
            });
        }
    }

    /// Applies one edit. `AddArticle` and `RestoreProject` are the document's own.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            edit @ (Edit::AddAnnotation { .. }
            | Edit::DeleteAnnotation(_)
            | Edit::LinkEntity { .. }
            | Edit::UnlinkEntity { .. }
            | Edit::SetNote { .. }
            | Edit::MoveAnnotation { .. }
            | Edit::Reanchor { .. }) => self.annotation_edit(edit)?,
            Edit::AddEntity(mut entity) => {
                if entity.name.trim().is_empty() {
                    return Err(EditError::EmptyEntityName);
                }
                entity.same_as = same_as_links(&entity.same_as)?;
                if self.p().entity(&entity.id).is_some() {
                    return Err(EditError::DuplicateEntity(entity.id));
                }
                let at = self.p().entities.len();
                self.record(Change::Entity {
                    at,
                    before: None,
                    after: Some(entity),
                });
            }
            Edit::UpdateEntity(mut entity) => {
                if entity.name.trim().is_empty() {
                    return Err(EditError::EmptyEntityName);
                }
                entity.same_as = same_as_links(&entity.same_as)?;
                let at = self
                    .p()
                    .entities
                    .iter()
                    .position(|e| e.id == entity.id)
                    .ok_or_else(|| EditError::UnknownEntity(entity.id.clone()))?;
                let before = self.p().entities[at].clone();
                if before != entity {
                    self.record(Change::Entity {
                        at,
                        before: Some(before),
                        after: Some(entity),
                    });
                }
            }
            Edit::DeleteEntity(id) => self.delete_entity(&id)?,
            Edit::MergeEntities { from, into } => self.merge_entities(&from, &into)?,
            Edit::MergeClaims { from, into } => self.merge_claims(&from, &into)?,
            Edit::Dismiss(d) => {
                if self.p().dismissed.binary_search(&d).is_err() {
                    self.record(Change::Dismissed {
                        before: None,
                        after: Some(d),
                    });
                }
            }
            Edit::ResolveConflict { conflict, value } => self.resolve_conflict(conflict, value)?,
            Edit::UpdateArticleDetails {
                article,
                title,
                outlet,
                url,
                published,
                author,
            } => {
                self.update_article_details(&article, (&title, &outlet), (url, published, author))?;
            }
            Edit::SetProjectSettings { name, publisher } => {
                self.set_project_settings(&name, &publisher)?;
            }
            edit @ (Edit::AddClaim(_)
            | Edit::UpdateClaim(_)
            | Edit::DeleteClaim(_)
            | Edit::LinkClaim { .. }
            | Edit::UnlinkClaim { .. }) => self.claim_edit(edit)?,
            edit @ (Edit::AddLink(_) | Edit::DeleteLink(_) | Edit::SetReview(_)) => {
                self.link_edit(edit)?;
            }
            Edit::Batch { edits, .. } => {
                for edit in edits {
                    if matches!(edit, Edit::AddArticle { .. } | Edit::RestoreProject { .. }) {
                        return Err(EditError::NotInBatch);
                    }
                    self.apply(edit)?;
                }
            }
            Edit::AddArticle { .. } | Edit::RestoreProject { .. } => {
                return Err(EditError::NotInBatch);
            }
        }
        Ok(())
    }

    /// Highlights: adding, deleting, their entities and notes, moving them.
    fn annotation_edit(&mut self, edit: Edit) -> Result<(), EditError> {
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
                let mut annotation =
                    self.new_annotation(id, article, char_start..char_end, entities, created)?;
                for link in &claims {
                    check_claim_link(self.p(), link)?;
                }
                annotation.claims = claims;
                ClaimLink::normalise(&mut annotation.claims);
                self.insert_annotation(annotation);
            }
            Edit::DeleteAnnotation(id) => {
                let at = self.position(&id)?;
                let before = self.state.project.annotations[at].clone();
                self.state.put_annotation(Some(&before), None);
                self.changes.push(Change::Annotation {
                    before: Some(before),
                    after: None,
                });
                self.remove_links_where(|l| l.from == id || l.to == id);
                // A linked pair's review goes with either span; a claim's disagreement stays
                // reviewed while other quotes carry it (and returns with a new quote).
                self.remove_reviews_where(|r| match &r.key {
                    DisagreementKey::Linked { a, b } => a == &id || b == &id,
                    DisagreementKey::Claim { .. } => false,
                });
            }
            Edit::LinkEntity { annotation, entity } => {
                if self.p().entity(&entity).is_none() {
                    return Err(EditError::UnknownEntity(entity));
                }
                self.update(&annotation, |a| {
                    if let Err(pos) = a.entities.binary_search(&entity) {
                        a.entities.insert(pos, entity);
                    }
                })?;
            }
            Edit::UnlinkEntity { annotation, entity } => {
                self.update(&annotation, |a| a.entities.retain(|e| e != &entity))?;
            }
            Edit::SetNote { annotation, note } => {
                self.update(&annotation, |a| a.note = note)?;
            }
            Edit::MoveAnnotation {
                annotation,
                char_start,
                char_end,
            } => self.move_annotation(&annotation, char_start..char_end)?,
            Edit::Reanchor {
                article,
                sha256,
                moves,
            } => self.reanchor(&article, &sha256, &moves)?,
            _ => unreachable!("Tx::apply routes only annotation edits here"),
        }
        Ok(())
    }

    /// Claims and the spans' links to them.
    fn claim_edit(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::AddClaim(claim) | Edit::UpdateClaim(claim)
                if claim.statement.trim().is_empty() =>
            {
                return Err(EditError::EmptyStatement);
            }
            Edit::AddClaim(claim) => {
                if self.p().claim(&claim.id).is_some() {
                    return Err(EditError::DuplicateClaim(claim.id));
                }
                let at = self.p().claims.len();
                self.record(Change::Claim {
                    at,
                    before: None,
                    after: Some(claim),
                });
            }
            Edit::UpdateClaim(claim) => {
                let at = self
                    .p()
                    .claims
                    .iter()
                    .position(|c| c.id == claim.id)
                    .ok_or_else(|| EditError::UnknownClaim(claim.id.clone()))?;
                let before = self.p().claims[at].clone();
                if before != claim {
                    self.record(Change::Claim {
                        at,
                        before: Some(before),
                        after: Some(claim),
                    });
                }
            }
            Edit::DeleteClaim(id) => self.delete_claim(&id)?,
            Edit::LinkClaim {
                annotation,
                link,
                replacing,
            } => {
                check_claim_link(self.p(), &link)?;
                self.update(&annotation, |a| {
                    let links = &mut a.claims;
                    if let Some(old) = replacing {
                        links.retain(|l| l != &old);
                    }
                    links.retain(|l| !(l.claim == link.claim && l.speaker == link.speaker));
                    links.push(link);
                    links.sort();
                })?;
            }
            Edit::UnlinkClaim { annotation, link } => {
                self.update(&annotation, |a| a.claims.retain(|l| l != &link))?;
            }
            _ => unreachable!("Tx::apply routes only claim edits here"),
        }
        Ok(())
    }

    /// Typed links between spans, and reviews of contradictions.
    fn link_edit(&mut self, edit: Edit) -> Result<(), EditError> {
        match edit {
            Edit::AddLink(link) => {
                self.position(&link.from)?;
                self.position(&link.to)?;
                if link.from == link.to {
                    return Err(EditError::SelfLink);
                }
                self.record(Change::Link {
                    before: None,
                    after: Some(link),
                });
            }
            Edit::DeleteLink(id) => {
                let link = self
                    .p()
                    .links
                    .iter()
                    .find(|l| l.id == id)
                    .cloned()
                    .ok_or(EditError::UnknownLink(id))?;
                self.record(Change::Link {
                    before: Some(link),
                    after: None,
                });
            }
            Edit::SetReview(review) => {
                let before = self.p().review(&review.key).cloned();
                if before.as_ref() != Some(&review) {
                    self.record(Change::Review {
                        before,
                        after: Some(review),
                    });
                }
            }
            _ => unreachable!("Tx::apply routes only link and review edits here"),
        }
        Ok(())
    }

    fn delete_claim(&mut self, id: &ClaimId) -> Result<(), EditError> {
        let at = self
            .p()
            .claims
            .iter()
            .position(|c| &c.id == id)
            .ok_or_else(|| EditError::UnknownClaim(id.clone()))?;
        let before = self.p().claims[at].clone();
        self.record(Change::Claim {
            at,
            before: Some(before),
            after: None,
        });
        let linked: Vec<usize> = (0..self.p().annotations.len())
            .filter(|&i| {
                self.p().annotations[i]
                    .claims
                    .iter()
                    .any(|l| &l.claim == id)
            })
            .collect();
        for at in linked {
            self.update_at(at, |a| a.claims.retain(|l| &l.claim != id));
        }
        self.remove_reviews_where(|r| r.key.claim() == Some(id));
        Ok(())
    }

    /// Removes an entity, its links from spans, and its role as a speaker (the spans stay).
    fn delete_entity(&mut self, id: &EntityId) -> Result<(), EditError> {
        let at = self
            .p()
            .entities
            .iter()
            .position(|e| &e.id == id)
            .ok_or_else(|| EditError::UnknownEntity(id.clone()))?;
        let before = self.p().entities[at].clone();
        self.record(Change::Entity {
            at,
            before: Some(before),
            after: None,
        });
        let touched: Vec<usize> = (0..self.p().annotations.len())
            .filter(|&i| mentions(&self.p().annotations[i], id))
            .collect();
        for at in touched {
            self.update_at(at, |a| {
                a.entities.retain(|e| e != id);
                for link in &mut a.claims {
                    if link.speaker.as_ref() == Some(id) {
                        link.speaker = None;
                    }
                }
                ClaimLink::normalise(&mut a.claims);
            });
        }
        // Its spans are unattributed now, and so are the disagreements it took a side in.
        self.move_reviews_to(id, None);
        Ok(())
    }

    /// Moves every mention, speaker role and review of `from` to `into`, adds `from`'s name
    /// and aliases to `into`'s aliases and its "same as" links to `into`'s, and removes `from`.
    fn merge_entities(&mut self, from: &EntityId, into: &EntityId) -> Result<(), EditError> {
        if from == into {
            return Err(EditError::SelfMerge);
        }
        let gone_at = self
            .p()
            .entities
            .iter()
            .position(|e| &e.id == from)
            .ok_or_else(|| EditError::UnknownEntity(from.clone()))?;
        let kept_at = self
            .p()
            .entities
            .iter()
            .position(|e| &e.id == into)
            .ok_or_else(|| EditError::UnknownEntity(into.clone()))?;
        let gone = self.p().entities[gone_at].clone();
        let before = self.p().entities[kept_at].clone();
        let mut kept = before.clone();
        for alias in std::iter::once(&gone.name).chain(&gone.aliases) {
            let known = kept.name.eq_ignore_ascii_case(alias)
                || kept.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias));
            if !known && !alias.trim().is_empty() {
                kept.aliases.push(alias.clone());
            }
        }
        // Both entities' "same as" links: the merged entity is what each of them named.
        for link in &gone.same_as {
            if !kept.same_as.contains(link) {
                kept.same_as.push(link.clone());
            }
        }
        if kept != before {
            self.record(Change::Entity {
                at: kept_at,
                before: Some(before),
                after: Some(kept),
            });
        }
        self.record(Change::Entity {
            at: gone_at,
            before: Some(gone),
            after: None,
        });
        let swap = |e: &mut Option<EntityId>| {
            if e.as_ref() == Some(from) {
                *e = Some(into.clone());
            }
        };
        let touched: Vec<usize> = (0..self.p().annotations.len())
            .filter(|&i| mentions(&self.p().annotations[i], from))
            .collect();
        for at in touched {
            self.update_at(at, |a| {
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
            });
        }
        self.move_reviews_to(from, Some(into));
        Ok(())
    }

    /// Reviews of a merged speaker's disagreements now belong to the entity merged into; a
    /// review already kept under the merged key wins, as a sorted dedup kept it.
    fn move_reviews_to(&mut self, from: &EntityId, into: Option<&EntityId>) {
        let swap = |s: &mut Option<EntityId>| {
            if s.as_ref() == Some(from) {
                *s = into.cloned();
            }
        };
        let named: Vec<Review> = self
            .p()
            .reviews
            .iter()
            .filter(|r| match &r.key {
                DisagreementKey::Claim {
                    asserting, denying, ..
                } => asserting.as_ref() == Some(from) || denying.as_ref() == Some(from),
                DisagreementKey::Linked { .. } => false,
            })
            .cloned()
            .collect();
        for old in named {
            let DisagreementKey::Claim {
                claim,
                asserting,
                denying,
            } = &old.key
            else {
                continue;
            };
            let (mut asserting, mut denying) = (asserting.clone(), denying.clone());
            swap(&mut asserting);
            swap(&mut denying);
            let key = DisagreementKey::Claim {
                claim: claim.clone(),
                asserting,
                denying,
            };
            self.rekey_review(old, key);
        }
    }

    /// Moves a review to another disagreement's key. Two disagreements that become one keep
    /// one review: the least settled state and both notes, as when format 2's pair reviews
    /// were carried over.
    fn rekey_review(&mut self, old: Review, key: DisagreementKey) {
        self.record(Change::Review {
            before: Some(old.clone()),
            after: None,
        });
        let existing = self.p().review(&key).cloned();
        let merged = match &existing {
            Some(kept) => kept.absorbing(&old),
            None => Review { key, ..old },
        };
        if existing.as_ref() != Some(&merged) {
            self.record(Change::Review {
                before: existing,
                after: Some(merged),
            });
        }
    }

    /// Puts an annotation on another span of its article, taking quote and context from
    /// the text.
    fn move_annotation(
        &mut self,
        id: &AnnotationId,
        chars: std::ops::Range<usize>,
    ) -> Result<(), EditError> {
        let at = self.position(id)?;
        let article = self.p().annotations[at].article.clone();
        let (quote, prefix, suffix) = span_text(self.texts, &article, &chars)?;
        self.update_at(at, |a| {
            a.char_start = chars.start;
            a.char_end = chars.end;
            a.quote = quote;
            a.prefix = prefix;
            a.suffix = suffix;
        });
        Ok(())
    }

    /// Many moves in one article at once: each annotation set in place, then that article's
    /// run of spans sorted once.
    fn reanchor(
        &mut self,
        article: &ArticleId,
        sha256: &str,
        moves: &[(AnnotationId, std::ops::Range<usize>)],
    ) -> Result<(), EditError> {
        let text = self
            .texts
            .get(article)
            .ok_or_else(|| EditError::ArticleTextMissing(article.clone()))?;
        let article_at = self
            .p()
            .articles
            .iter()
            .position(|a| &a.id == article)
            .ok_or_else(|| EditError::UnknownArticle(article.clone()))?;
        let all = &self.state.project.annotations;
        let start = all.partition_point(|a| &a.article < article);
        let run = start..start + all[start..].partition_point(|a| &a.article == article);
        // One move per annotation; where a list names one twice, the last move counts.
        let mut last: crate::model::FastMap<&AnnotationId, &std::ops::Range<usize>> =
            moves.iter().map(|(id, chars)| (id, chars)).collect();
        let moves: Vec<(AnnotationId, std::ops::Range<usize>)> = moves
            .iter()
            .filter_map(|(id, _)| last.remove(id).map(|chars| (id.clone(), chars.clone())))
            .collect();
        let mut placed = Vec::with_capacity(moves.len());
        let mut changes = Vec::with_capacity(moves.len());
        for (id, chars) in moves {
            let at = self
                .state
                .position(&id)
                .filter(|at| run.contains(at))
                .ok_or_else(|| EditError::UnknownAnnotation(id.clone()))?;
            let quote = text
                .slice(chars.clone())
                .filter(|_| chars.start < chars.end)
                .ok_or_else(|| EditError::SpanOutOfRange {
                    article: article.clone(),
                    start: chars.start,
                    end: chars.end,
                    len: text.char_count(),
                })?;
            let before = Arc::clone(&self.state.project.annotations[at]);
            let mut after = Annotation::clone(&before);
            quote.clone_into(&mut after.quote);
            (after.prefix, after.suffix) = text.context(chars.clone(), CONTEXT_CHARS);
            after.char_start = chars.start;
            after.char_end = chars.end;
            if after != *before {
                let after = Arc::new(after);
                placed.push((at, after.clone()));
                changes.push(Change::Annotation {
                    before: Some(before),
                    after: Some(after),
                });
            }
        }
        self.state.move_within_run(run, placed);
        self.changes.extend(changes);
        let before = self.p().articles[article_at].clone();
        if before.sha256 != sha256 {
            let mut after = before.clone();
            sha256.clone_into(&mut after.sha256);
            self.record(Change::Article {
                at: article_at,
                before: Some(before),
                after: Some(after),
            });
        }
        Ok(())
    }

    /// Renames the project and sets its publisher (trimmed); the name cannot be empty and a
    /// publisher's web site must be an `http(s)` address.
    fn set_project_settings(
        &mut self,
        name: &str,
        publisher: &crate::model::Publisher,
    ) -> Result<(), EditError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EditError::BadValue {
                field: "name".to_owned(),
                message: "a project needs a name".to_owned(),
            });
        }
        let publisher = crate::model::Publisher {
            name: publisher.name.trim().to_owned(),
            url: publisher.url.trim().to_owned(),
        };
        if !publisher.url.is_empty() && !crate::validate::is_web_address(&publisher.url) {
            return Err(EditError::BadValue {
                field: "publisher web site".to_owned(),
                message: format!(
                    "“{}” is not a web address: write it as https://…",
                    publisher.url
                ),
            });
        }
        if name != self.p().name {
            let before = self.p().name.clone();
            self.record(Change::Name {
                before,
                after: name.to_owned(),
            });
        }
        if publisher != self.p().publisher {
            let before = self.p().publisher.clone();
            self.record(Change::Publisher {
                before,
                after: publisher,
            });
        }
        Ok(())
    }

    fn update_article_details(
        &mut self,
        article: &ArticleId,
        (title, outlet): (&str, &str),
        (url, published, author): (Option<String>, Option<String>, Option<String>),
    ) -> Result<(), EditError> {
        let tidy = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let published = tidy(published);
        if let Some(date) = &published
            && !crate::validate::is_date(date)
        {
            return Err(EditError::BadDate(date.clone()));
        }
        let at = self
            .p()
            .articles
            .iter()
            .position(|a| &a.id == article)
            .ok_or_else(|| EditError::UnknownArticle(article.clone()))?;
        let before = self.p().articles[at].clone();
        let mut after = before.clone();
        title.trim().clone_into(&mut after.title);
        outlet.trim().clone_into(&mut after.outlet);
        after.url = tidy(url);
        after.published = published;
        after.author = tidy(author);
        if after != before {
            self.record(Change::Article {
                at,
                before: Some(before),
                after: Some(after),
            });
        }
        Ok(())
    }

    /// Builds a validated annotation, taking quote and context from the article text.
    fn new_annotation(
        &self,
        id: AnnotationId,
        article: ArticleId,
        chars: std::ops::Range<usize>,
        mut entities: Vec<EntityId>,
        created: String,
    ) -> Result<Annotation, EditError> {
        if self.p().article(&article).is_none() {
            return Err(EditError::UnknownArticle(article));
        }
        let (quote, prefix, suffix) = span_text(self.texts, &article, &chars)?;
        if self.state.contains(&id) {
            return Err(EditError::DuplicateAnnotation(id));
        }
        if let Some(unknown) = entities.iter().find(|e| self.p().entity(e).is_none()) {
            return Err(EditError::UnknownEntity(unknown.clone()));
        }
        entities.sort();
        entities.dedup();
        Ok(Annotation {
            created_by: None,
            modified: None,
            modified_by: None,
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
}

/// Whether an annotation names the entity, as a mention or as a speaker.
fn mentions(a: &Annotation, id: &EntityId) -> bool {
    a.entities.contains(id) || a.claims.iter().any(|l| l.speaker.as_ref() == Some(id))
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

/// An entity's "same as" links as the project keeps them: each normalised
/// ([`crate::linked::normalise_link`]: a pasted Q-id or Wikidata address as the item's IRI),
/// each once, in the order given.
fn same_as_links(links: &[String]) -> Result<Vec<String>, EditError> {
    let mut out: Vec<String> = Vec::with_capacity(links.len());
    for link in links {
        let iri = crate::linked::normalise_link(link).map_err(|e| EditError::BadValue {
            field: "\"same as\"".to_owned(),
            message: e.to_string(),
        })?;
        if !out.contains(&iri) {
            out.push(iri);
        }
    }
    Ok(out)
}
