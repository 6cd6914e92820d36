//! Independent sources in the window: the project's shared passages, citations and source
//! families, worked out on a worker thread (never in a frame), again when the articles or
//! their texts change.

use crate::analysis::provenance::{self, Provenance};
use crate::document::Document;
use crate::model::ArticleId;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::mpsc;

/// The families of the open project's articles, and the work under way.
#[derive(Default)]
pub struct Sources {
    found: Option<Arc<Provenance>>,
    /// The family of each article, for counting independent sources.
    family_of: Arc<HashMap<ArticleId, usize>>,
    /// Each article's shared passages, for the margin bars.
    by_article: Arc<HashMap<ArticleId, Vec<crate::ui::state::SharedPassage>>>,
    /// Which articles and texts `found` is for.
    key: Option<u64>,
    job: Option<(u64, mpsc::Receiver<Provenance>)>,
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources")
            .field("families", &self.found.as_ref().map(|p| p.families.len()))
            .field("working", &self.job.is_some())
            .finish_non_exhaustive()
    }
}

/// What the findings depend on: the articles, their outlets and their texts.
fn key_of(doc: &Document) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for a in &doc.project().articles {
        a.id.hash(&mut h);
        a.outlet.hash(&mut h);
        doc.text(&a.id)
            .map(crate::text::ArticleText::fingerprint)
            .hash(&mut h);
    }
    for e in &doc.project().entities {
        (e.kind == crate::model::EntityKind::Media)
            .then_some((&e.name, &e.aliases))
            .hash(&mut h);
    }
    h.finish()
}

impl Sources {
    /// Takes a finished result and starts a worker when the articles changed since.
    /// Returns whether work is under way (the caller repaints until it is done).
    pub fn poll(&mut self, doc: &Document) -> bool {
        if let Some((key, rx)) = &self.job {
            match rx.try_recv() {
                Ok(found) => {
                    self.family_of = Arc::new(
                        found
                            .family_of()
                            .into_iter()
                            .map(|(a, f)| (a.clone(), f))
                            .collect(),
                    );
                    self.key = Some(*key);
                    self.by_article = Arc::new(by_article(&found));
                    self.found = Some(Arc::new(found));
                    self.job = None;
                }
                Err(mpsc::TryRecvError::Empty) => return true,
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        let key = key_of(doc);
        if self.key == Some(key) || self.job.as_ref().is_some_and(|(k, _)| *k == key) {
            return self.job.is_some();
        }
        let project = doc.project().clone();
        // Cheap clones: the texts are shared with the document.
        let texts: Vec<(ArticleId, crate::text::ArticleText)> = doc
            .article_texts()
            .into_iter()
            .map(|(id, t)| (id, t.clone()))
            .collect();
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("sources".into())
            .spawn(move || {
                let refs: Vec<_> = texts
                    .iter()
                    .map(|(id, t)| (id.clone(), t.as_str()))
                    .collect();
                let _ = tx.send(provenance::provenance(&project, &refs));
            });
        if spawned.is_ok() {
            self.job = Some((key, rx));
        }
        true
    }

    /// The findings, once worked out.
    #[must_use]
    pub fn found(&self) -> Option<&Arc<Provenance>> {
        self.found.as_ref()
    }

    /// Each article's shared passages, in text order (empty until worked out).
    #[must_use]
    pub fn passages(&self) -> &Arc<HashMap<ArticleId, Vec<crate::ui::state::SharedPassage>>> {
        &self.by_article
    }

    /// The family of each article (empty until worked out).
    #[must_use]
    pub fn family_of(&self) -> &Arc<HashMap<ArticleId, usize>> {
        &self.family_of
    }

    /// Waits for the worker (tests and the bench).
    pub fn wait(&mut self, doc: &Document) {
        while self.poll(doc) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

/// The passages seen from each of their two articles.
fn by_article(found: &Provenance) -> HashMap<ArticleId, Vec<crate::ui::state::SharedPassage>> {
    let mut out: HashMap<ArticleId, Vec<crate::ui::state::SharedPassage>> = HashMap::new();
    for p in &found.passages {
        let copied = p.kind == provenance::PassageKind::Copied;
        for (this, that) in [(&p.a, &p.b), (&p.b, &p.a)] {
            out.entry(this.article_id.clone())
                .or_default()
                .push(crate::ui::state::SharedPassage {
                    chars: this.char_start..this.char_end,
                    other: that.article_id.clone(),
                    other_chars: that.char_start..that.char_end,
                    copied,
                    words: p.words,
                });
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|p| (p.chars.start, p.chars.end));
    }
    out
}
