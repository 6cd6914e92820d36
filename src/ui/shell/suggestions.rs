//! Suggested attributions in the window: worked out on a worker thread (never in a frame),
//! again whenever the document changes, the text-only part once per article text.

use crate::attribution::{self, Raw, Suggestion};
use crate::document::Document;
use crate::model::ArticleId;
use crate::text::ArticleText;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;

/// What the worker sends back: the revision it worked for, its suggestions, and the raw
/// attributions it found for texts it was given.
type Answer = (
    u64,
    Arc<Vec<Suggestion>>,
    Arc<HashMap<ArticleId, std::ops::Range<usize>>>,
    Vec<(ArticleId, u64, Arc<Vec<Raw>>)>,
);

/// How long the document must rest after a change before suggestions are worked out again
/// (typing a note, or a run of edits, starts the worker once, not at every keystroke).
const REST_SECONDS: f64 = 0.4;

/// The suggestions of the open project, and the work under way.
#[derive(Default)]
pub struct Suggestions {
    /// Raw attributions by article, with the fingerprint of the text they were found in.
    raw: HashMap<ArticleId, (u64, Arc<Vec<Raw>>)>,
    list: Arc<Vec<Suggestion>>,
    /// Where each article's suggestions are in `list` (they come article by article).
    by_article: Arc<HashMap<ArticleId, std::ops::Range<usize>>>,
    /// The document revision `list` is for.
    revision: Option<u64>,
    /// The revision last seen, and when (egui time), to let the document rest first.
    seen: Option<(u64, f64)>,
    job: Option<mpsc::Receiver<Answer>>,
    /// The suggestion the keys act on.
    pub selected: usize,
    /// The choice being edited before accepting (`e`).
    pub editing: Option<attribution::Choice>,
}

impl std::fmt::Debug for Suggestions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Suggestions")
            .field("list", &self.list.len())
            .field("revision", &self.revision)
            .field("working", &self.job.is_some())
            .finish_non_exhaustive()
    }
}

impl Suggestions {
    /// The suggestions as last worked out.
    #[must_use]
    pub fn list(&self) -> &Arc<Vec<Suggestion>> {
        &self.list
    }

    /// Where each article's suggestions are in [`Self::list`].
    #[must_use]
    pub fn by_article(&self) -> &Arc<HashMap<ArticleId, std::ops::Range<usize>>> {
        &self.by_article
    }

    fn take(&mut self, (revision, list, by_article, raws): Answer) {
        for (id, fp, raw) in raws {
            self.raw.insert(id, (fp, raw));
        }
        // Freeing a list of 100,000 suggestions takes a frame's time: done on its own thread.
        let old = (
            std::mem::replace(&mut self.list, list),
            std::mem::replace(&mut self.by_article, by_article),
        );
        let _ = std::thread::Builder::new()
            .name("drop suggestions".into())
            .spawn(move || drop(old));
        self.revision = Some(revision);
        self.selected = self.selected.min(self.list.len().saturating_sub(1));
        self.job = None;
    }

    /// Whether the list is for this state of the document.
    #[must_use]
    pub fn is_current(&self, doc: &Document) -> bool {
        self.revision == Some(doc.revision())
    }

    /// Whether a worker is finding suggestions.
    #[must_use]
    pub fn working(&self) -> bool {
        self.job.is_some()
    }

    /// Takes a finished answer, and starts the worker when the document changed since the
    /// list was made. Returns whether the list changed.
    /// `now` is egui's time; returns, besides, how long to wait before calling again when
    /// the document has not rested long enough yet.
    pub fn poll(&mut self, doc: &Document, now: f64) -> (bool, Option<f64>) {
        let mut changed = false;
        if let Some(rx) = &self.job {
            match rx.try_recv() {
                Ok(answer) => {
                    self.take(answer);
                    changed = true;
                }
                Err(mpsc::TryRecvError::Empty) => return (false, None),
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        if self.job.is_some() || self.is_current(doc) {
            return (changed, None);
        }
        let revision = doc.revision();
        let since = match self.seen {
            Some((r, at)) if r == revision => at,
            _ => {
                self.seen = Some((revision, now));
                now
            }
        };
        // The first list comes at once; later ones when the document rests.
        if self.revision.is_none() || now - since >= REST_SECONDS {
            self.start(doc);
            (changed, None)
        } else {
            (changed, Some(REST_SECONDS - (now - since)))
        }
    }

    /// Waits for the worker (tests, and a first list before a screenshot).
    pub fn wait(&mut self, doc: &Document) {
        for _ in 0..2 {
            if let Some(rx) = &self.job
                && let Ok(answer) = rx.recv()
            {
                self.take(answer);
            }
            if self.is_current(doc) {
                return;
            }
            self.start(doc);
        }
    }

    fn start(&mut self, doc: &Document) {
        let project = doc.project().clone();
        let revision = doc.revision();
        // Texts whose attributions are not known yet go to the worker (once per text).
        let mut known: HashMap<ArticleId, Arc<Vec<Raw>>> = HashMap::new();
        let mut todo: Vec<(ArticleId, ArticleText)> = Vec::new();
        for a in &project.articles {
            let Some(text) = doc.text(&a.id) else {
                continue;
            };
            match self.raw.get(&a.id) {
                Some((fp, raw)) if *fp == text.fingerprint() => {
                    known.insert(a.id.clone(), Arc::clone(raw));
                }
                _ => todo.push((a.id.clone(), text.clone())),
            }
        }
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("suggestions".into())
            .spawn(move || {
                let texts: Vec<(ArticleId, &ArticleText)> =
                    todo.iter().map(|(id, t)| (id.clone(), t)).collect();
                let mut found = Vec::with_capacity(todo.len());
                for ((id, raw), (_, text)) in attribution::raw_all(&texts, 1).into_iter().zip(&todo)
                {
                    known.insert(id.clone(), Arc::clone(&raw));
                    found.push((id, text.fingerprint(), raw));
                }
                let list = attribution::suggest(&project, &|id| known.get(id).cloned());
                let mut by_article: HashMap<ArticleId, std::ops::Range<usize>> = HashMap::new();
                for (i, s) in list.iter().enumerate() {
                    by_article
                        .entry(s.article.clone())
                        .and_modify(|r| r.end = i + 1)
                        .or_insert(i..i + 1);
                }
                let _ = tx.send((revision, Arc::new(list), Arc::new(by_article), found));
                // What the worker was given (a project's worth of pointers) is freed here,
                // not in a frame.
                drop(project);
            });
        match spawned {
            Ok(_) => self.job = Some(rx),
            Err(e) => log::warn!("could not start the suggestions worker: {e}"),
        }
    }
}
