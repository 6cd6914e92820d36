//! The open document and the one place that changes it: [`Document::apply`].
//!
//! Panels never touch the project directly. They queue an [`Edit`]; the shell applies the
//! queue at the end of the frame. `apply` validates the edit and changes the project in
//! place, recording what it changed as a list of [`Change`]s: that list is the undo step
//! (played backwards to undo, forwards to redo), and the journal entry from which derived
//! views catch up. "Unsaved changes" compares a fingerprint kept up to date change by change
//! with the one saved, so undoing back to the saved state is clean again, and no edit ever
//! copies or compares the whole project.
//!
//! - `edit.rs`: the [`Edit`] enum and [`EditError`];
//! - `apply.rs`: applying an edit, item by item, with rollback when it is refused;
//! - `change.rs`: [`Change`], and the project state with its id index and fingerprint;
//! - `history.rs`: undo and redo steps, and the journal views read.

mod apply;
mod change;
mod edit;
mod history;

pub use change::{Change, Fingerprint};
pub use edit::{Edit, EditError};
pub use history::{Transition, UNDO_DEPTH};

use crate::model::{Annotation, AnnotationId, ArticleId, Project};
use crate::text::ArticleText;
use change::State;
use history::{History, Journal, Step};
use std::collections::BTreeMap;

/// What some transitions touched, for views that update only that.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Touched {
    /// Annotations added, changed or removed.
    pub annotations: std::collections::BTreeSet<AnnotationId>,
    /// The articles of those annotations.
    pub articles: std::collections::BTreeSet<ArticleId>,
    /// Articles were added or their details changed.
    pub article_list: bool,
    /// Entities, claims, links or reviews changed.
    pub other: bool,
}

/// The project plus the loaded article texts, with undo history and dirty tracking.
#[derive(Clone, Debug)]
pub struct Document {
    state: State,
    texts: BTreeMap<ArticleId, ArticleText>,
    saved: Fingerprint,
    revision: u64,
    next_revision: u64,
    history: History,
    journal: Journal,
    /// The spans not on their quote, found on first use after a change (exports ask for them,
    /// once per state of the document however many formats are written).
    off_quote: std::sync::OnceLock<Vec<AnnotationId>>,
    /// The checker whose edits these are, written on what each edit makes or changes
    /// (`created_by`, `modified_by`). `None`: nothing is stamped (authors stay unknown).
    author: Option<String>,
}

impl Document {
    /// A document as loaded: clean, with no history.
    #[must_use]
    pub fn new(project: Project, texts: BTreeMap<ArticleId, ArticleText>) -> Self {
        let state = State::new(project);
        Self {
            saved: state.fingerprint,
            state,
            texts,
            revision: 0,
            next_revision: 1,
            history: History::default(),
            journal: Journal::default(),
            off_quote: std::sync::OnceLock::new(),
            author: None,
        }
    }

    /// Names the checker whose edits follow (`None`: leave authors unknown). A name that is
    /// only blanks counts as none.
    pub fn set_author(&mut self, author: Option<String>) {
        self.author = author
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty());
    }

    /// The checker whose edits are being recorded, if named.
    #[must_use]
    pub fn author(&self) -> Option<&str> {
        self.author.as_deref()
    }

    /// The annotations whose offsets do not give their quote in the article text: empty,
    /// reversed or past the end, moved text, or an article whose text could not be read. In
    /// project order. Worked out once per state of the document.
    #[must_use]
    pub fn off_quote(&self) -> &[AnnotationId] {
        self.off_quote.get_or_init(|| {
            // An article's spans are contiguous: its text is looked up once for all of them.
            let check = |spans: &[std::sync::Arc<Annotation>]| -> Vec<AnnotationId> {
                let mut out = Vec::new();
                for run in spans.chunk_by(|x, y| x.article == y.article) {
                    let text = self.text(&run[0].article);
                    out.extend(
                        run.iter()
                            .filter(|a| {
                                a.char_start >= a.char_end
                                    || !text.is_some_and(|t| crate::text_change::is_anchored(a, t))
                            })
                            .map(|a| a.id.clone()),
                    );
                }
                out
            };
            // Quote and context of 100,000 spans: on two threads, each half in order.
            let all = &self.project().annotations;
            if all.len() < 10_000 {
                return check(all);
            }
            let (first, second) = all.split_at(all.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| check(first));
                let mut tail = check(second);
                let mut out = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                out.append(&mut tail);
                out
            })
        })
    }

    #[must_use]
    pub fn project(&self) -> &Project {
        &self.state.project
    }

    /// The annotation with this id, found through the id index (no scan).
    #[must_use]
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.state.annotation(id)
    }

    /// Where the annotation is in `project().annotations`, found through the id index.
    #[must_use]
    pub fn annotation_position(&self, id: &AnnotationId) -> Option<usize> {
        self.state.position(id)
    }

    /// Each article's id and text, in project order (articles whose text is missing are
    /// left out): what the analyses over all texts take.
    #[must_use]
    pub fn article_texts(&self) -> Vec<(ArticleId, &ArticleText)> {
        self.project()
            .articles
            .iter()
            .filter_map(|a| Some((a.id.clone(), self.text(&a.id)?)))
            .collect()
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

    /// Whether the project differs from the one last loaded or saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.state.fingerprint != self.saved
    }

    /// Call after the project was written to disk.
    pub fn mark_saved(&mut self) {
        self.saved = self.state.fingerprint;
    }

    /// What the next undo would revert.
    #[must_use]
    pub fn undo_label(&self) -> Option<&'static str> {
        self.history.undo.back().map(|s| s.label)
    }

    #[must_use]
    pub fn redo_label(&self) -> Option<&'static str> {
        self.history.redo.last().map(|s| s.label)
    }

    /// How many transitions (edits, undos, redos) the document has gone through: a view that
    /// kept this number can later ask [`Document::changes_since`] what changed.
    #[must_use]
    pub fn transitions(&self) -> u64 {
        self.journal.count()
    }

    /// What changed since the document had gone through `seen` transitions, in order; `None`
    /// when that is no longer known (too long ago, or unknown): recompute from the project.
    #[must_use]
    pub fn changes_since(&self, seen: u64) -> Option<impl Iterator<Item = &Transition>> {
        self.journal.since(seen)
    }

    /// In summary, what the transitions since `seen` touched; `None` when that is no longer
    /// known (then everything may have changed).
    #[must_use]
    pub fn touched_since(&self, seen: u64) -> Option<Touched> {
        let mut touched = Touched::default();
        for t in self.changes_since(seen)? {
            let Transition::Changes(changes) = t else {
                return None;
            };
            for c in changes {
                match c {
                    Change::Annotation { before, after } => {
                        for a in before.iter().chain(after) {
                            touched.annotations.insert(a.id.clone());
                            touched.articles.insert(a.article.clone());
                        }
                    }
                    Change::Article { .. } => touched.article_list = true,
                    _ => touched.other = true,
                }
            }
        }
        Some(touched)
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
                    .project()
                    .review(&r.key)
                    .is_some_and(|old| old.state == r.state) =>
            {
                Some(format!("review {:?}", r.key))
            }
            _ => None,
        };
        // Typing joins the last step only when it did not start from the saved state: a save
        // ends the step, so undo goes back to what was saved.
        let was_dirty = self.is_dirty();
        let changes = match edit {
            Edit::RestoreProject { project, texts } => {
                for (id, text) in texts {
                    self.texts.entry(id).or_insert(text);
                }
                let mut other = *project;
                self.state.swap_project(&mut other);
                vec![Change::Project(Box::new(other))]
            }
            Edit::AddArticle { article, text } => {
                if self.project().article(&article.id).is_some() {
                    return Err(EditError::DuplicateArticle(article.id));
                }
                self.texts
                    .insert(article.id.clone(), ArticleText::new(&text));
                let change = Change::Article {
                    at: self.project().articles.len(),
                    before: None,
                    after: Some(article),
                };
                self.state.apply(&change);
                vec![change]
            }
            edit => {
                let stamp = self.author.as_ref().map(|by| apply::Stamp {
                    by: by.clone(),
                    at: crate::now_rfc3339(),
                });
                let mut tx = apply::Tx::new(&mut self.state, &self.texts, stamp);
                if let Err(e) = tx.apply(edit) {
                    tx.roll_back();
                    return Err(e);
                }
                tx.changes
            }
        };
        if changes.is_empty() {
            return Ok(());
        }
        let size = changes.iter().map(Change::annotation_count).sum();
        self.journal.record(|| changes.clone(), size);
        self.off_quote = std::sync::OnceLock::new();
        let revision = self.next_revision;
        self.next_revision += 1;
        let joins_last = typing_in.is_some()
            && self.history.redo.is_empty()
            && was_dirty
            && self
                .history
                .undo
                .back()
                .is_some_and(|s| s.typing_in == typing_in && s.revisions.1 == self.revision);
        if joins_last && let Some(last) = self.history.undo.back_mut() {
            last.absorb(changes, revision);
        } else {
            self.history.push(Step {
                label,
                typing_in,
                revisions: (self.revision, revision),
                changes,
            });
        }
        self.revision = revision;
        Ok(())
    }

    /// Reverts the last edit. Returns what was undone.
    pub fn undo(&mut self) -> Option<&'static str> {
        let mut step = self.history.undo.pop_back()?;
        history::replay(&mut self.state, &mut step.changes, false);
        self.off_quote = std::sync::OnceLock::new();
        let size = step.changes.iter().map(Change::annotation_count).sum();
        self.journal.record(
            || step.changes.iter().rev().map(Change::inverse).collect(),
            size,
        );
        self.revision = step.revisions.0;
        // Typing after an undo starts a new step.
        step.typing_in = None;
        let label = step.label;
        self.history.redo.push(step);
        Some(label)
    }

    /// Re-applies the last undone edit. Returns what was redone.
    pub fn redo(&mut self) -> Option<&'static str> {
        let mut step = self.history.redo.pop()?;
        history::replay(&mut self.state, &mut step.changes, true);
        self.off_quote = std::sync::OnceLock::new();
        let size = step.changes.iter().map(Change::annotation_count).sum();
        self.journal.record(|| step.changes.clone(), size);
        self.revision = step.revisions.1;
        let label = step.label;
        self.history.undo.push_back(step);
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Claim, Entity, EntityId, EntityKind, Rgb};

    fn doc() -> Document {
        let mut p = Project::new("t");
        p.articles.push(Article {
            author: None,
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
            same_as: Vec::new(),
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
            same_as: Vec::new(),
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
        use crate::model::{ClaimLink, DisagreementKey, Review, ReviewState, Stance, Verdict};
        let mut d = doc();
        d.apply(Edit::AddClaim(Claim {
            review_url: None,
            created_by: None,
            modified: None,
            modified_by: None,
            id: "c".into(),
            statement: "Iran did it".into(),
            description: String::new(),
            verdict: Verdict::Unrated,
            verdict_note: String::new(),
        }))
        .unwrap();
        d.apply(add("x", 0, 6)).unwrap();
        let link = ClaimLink {
            created_by: None,
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
            created_by: None,
            modified: None,
            modified_by: None,
            key: DisagreementKey::Claim {
                claim: "c".into(),
                asserting: Some("iran".into()),
                denying: None,
            },
            state: ReviewState::Confirmed,
            note: String::new(),
        }))
        .unwrap();
        assert_eq!(
            d.apply(Edit::LinkClaim {
                annotation: "x".into(),
                link: ClaimLink {
                    created_by: None,
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
            author: None,
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
