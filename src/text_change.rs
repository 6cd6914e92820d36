//! When an article's text changed on disk since the project was saved: every annotation
//! whose offsets no longer give its quote is classified by [`crate::anchor`] (moved, needs
//! review, orphan), the moves become one [`Edit::Reanchor`] per changed article, and the rest
//! wait for the user in the window's re-anchoring list. Nothing is deleted. Pure.

use crate::anchor::{self, Anchoring};
use crate::document::{Document, Edit};
use crate::model::{AnnotationId, ArticleId};
use crate::text::ArticleText;
use std::collections::BTreeMap;
use std::ops::Range;

/// One annotation that does not sit where it was saved, and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reanchored {
    pub annotation: AnnotationId,
    pub article: ArticleId,
    /// The offsets as saved.
    pub old: Range<usize>,
    /// The saved context and quote, as the project had them before any move.
    pub old_prefix: String,
    pub old_quote: String,
    pub old_suffix: String,
    pub outcome: Anchoring,
}

impl Reanchored {
    /// Where the quote is now, for moved annotations and review candidates.
    #[must_use]
    pub fn new_range(&self) -> Option<Range<usize>> {
        match self.outcome {
            Anchoring::Moved { start, end } | Anchoring::NeedsReview { start, end, .. } => {
                Some(start..end)
            }
            Anchoring::Exact | Anchoring::Orphan => None,
        }
    }
}

/// Whether the annotation's offsets still give its quote in `text`, and the text beside it
/// still confirms the place ([`anchor::holds_in_place`]): "Iran" now standing at the offsets
/// of a deleted sentence's "Iran" is not anchored.
#[must_use]
pub fn is_anchored(a: &crate::model::Annotation, text: &ArticleText) -> bool {
    text.has_at(a.char_start..a.char_end, &a.quote) && anchor::holds_in_place(a, text)
}

/// Classifies every annotation whose offsets do not give its quote in its article's text
/// (articles whose text is not loaded are left out: their own problem says why). In project
/// order.
#[must_use]
pub fn classify(doc: &Document) -> Vec<Reanchored> {
    classify_in(&doc.project().annotations, |id| doc.text(id))
}

/// [`classify`] over some of a project's annotations (every span of an article must be among
/// them or none: the spans of one article are located together), with the texts `text` gives.
/// The one classification behind the window, `validate` and `export`.
#[must_use]
pub fn classify_in<'t>(
    annotations: &[std::sync::Arc<crate::model::Annotation>],
    text: impl Fn(&ArticleId) -> Option<&'t ArticleText>,
) -> Vec<Reanchored> {
    let mut by_article: BTreeMap<&ArticleId, Vec<&crate::model::Annotation>> = BTreeMap::new();
    for a in annotations {
        if let Some(t) = text(&a.article)
            && !is_anchored(a, t)
        {
            by_article.entry(&a.article).or_default().push(a);
        }
    }
    let mut out = Vec::new();
    for (article, annotations) in by_article {
        let Some(t) = text(article) else {
            continue;
        };
        let outcomes = anchor::locate_all(annotations.iter().copied(), t);
        for (a, outcome) in annotations.into_iter().zip(outcomes) {
            out.push(Reanchored {
                annotation: a.id.clone(),
                article: a.article.clone(),
                old: a.char_start..a.char_end,
                old_prefix: a.prefix.clone(),
                old_quote: a.quote.clone(),
                old_suffix: a.suffix.clone(),
                outcome,
            });
        }
    }
    out
}

/// The edits that bring a loaded document up to date with its changed texts: for every
/// article in `changed` (its id and the SHA-256 of the file as read now) or with moved spans,
/// the moves found in it and its hash.
#[must_use]
pub fn reanchor_edits(
    doc: &Document,
    changed: &BTreeMap<ArticleId, String>,
    found: &[Reanchored],
) -> Vec<Edit> {
    let mut moves: BTreeMap<&ArticleId, Vec<(AnnotationId, Range<usize>)>> = BTreeMap::new();
    for r in found {
        if let Anchoring::Moved { start, end } = r.outcome {
            moves
                .entry(&r.article)
                .or_default()
                .push((r.annotation.clone(), start..end));
        }
    }
    // Articles whose text changed, and any other whose spans moved (a hand-edited project
    // file), keeping its hash.
    let mut articles: Vec<&ArticleId> = changed.keys().chain(moves.keys().copied()).collect();
    articles.sort();
    articles.dedup();
    articles
        .into_iter()
        .filter_map(|article| {
            let sha256 = changed
                .get(article)
                .or_else(|| doc.project().article(article).map(|a| &a.sha256))?;
            Some(Edit::Reanchor {
                article: article.clone(),
                sha256: sha256.clone(),
                moves: moves.remove(article).unwrap_or_default(),
            })
        })
        .collect()
}

/// Counts for a status line: (moved, needs review, orphaned).
#[must_use]
pub fn counts<'a>(found: impl IntoIterator<Item = &'a Reanchored>) -> (usize, usize, usize) {
    found
        .into_iter()
        .fold((0, 0, 0), |(m, r, o), x| match x.outcome {
            Anchoring::Moved { .. } => (m + 1, r, o),
            Anchoring::NeedsReview { .. } => (m, r + 1, o),
            Anchoring::Orphan => (m, r, o + 1),
            Anchoring::Exact => (m, r, o),
        })
}
