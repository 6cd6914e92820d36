//! Figures the panels show every frame, derived from the document once per revision rather
//! than recomputed per frame: mention and stance counts, the matrix, the contradictions.

use crate::analysis::{self, Axis, Contradiction, Matrix};
use crate::document::Document;
use crate::model::{ArticleId, ClaimId, EntityId};
use std::collections::HashMap;
use std::ops::Range;

/// Where one article's spans are among the project's sorted annotations, with what lets a
/// frame find the ones on screen by binary search.
pub struct ArticleSpans {
    /// Index range into `Project::annotations` (an article's spans are contiguous).
    pub range: Range<usize>,
    /// The largest `char_end` of the spans up to each one: monotone, so the first span that
    /// can reach a visible range is found by `partition_point`.
    pub max_end: Vec<usize>,
    /// How many earlier spans enclose each one (the stacking of underlines).
    pub depths: Vec<usize>,
}

#[derive(Default)]
pub struct Derived {
    revision: Option<u64>,
    pub mention_counts: HashMap<EntityId, usize>,
    /// (for, against, neutral) per claim.
    pub stance_counts: HashMap<ClaimId, (usize, usize, usize)>,
    matrix: Option<(Axis, Matrix)>,
    contradictions: Option<Vec<Contradiction>>,
    pub spans: HashMap<ArticleId, ArticleSpans>,
}

impl Derived {
    /// Recomputes the counts when the document changed since the last call.
    pub fn refresh(&mut self, doc: &Document) {
        if self.revision == Some(doc.revision()) {
            return;
        }
        let p = doc.project();
        self.mention_counts.clear();
        self.stance_counts.clear();
        for a in &p.annotations {
            for e in &a.entities {
                *self.mention_counts.entry(e.clone()).or_default() += 1;
            }
            for l in &a.claims {
                let c = self.stance_counts.entry(l.claim.clone()).or_default();
                match l.stance.side() {
                    crate::model::Side::For => c.0 += 1,
                    crate::model::Side::Against => c.1 += 1,
                    crate::model::Side::Neutral => c.2 += 1,
                }
            }
        }
        self.spans.clear();
        let all = &p.annotations;
        let mut start = 0;
        while start < all.len() {
            let article = &all[start].article;
            let len = all[start..].partition_point(|a| &a.article == article);
            let run = &all[start..start + len];
            let mut max_end = Vec::with_capacity(len);
            let mut m = 0;
            for a in run {
                m = m.max(a.char_end);
                max_end.push(m);
            }
            self.spans.insert(
                article.clone(),
                ArticleSpans {
                    range: start..start + len,
                    max_end,
                    depths: super::columns::article_view::nesting_depths(run),
                },
            );
            start += len;
        }
        self.matrix = None;
        self.contradictions = None;
        self.revision = Some(doc.revision());
    }

    /// The matrix for an axis, built on first use after a change.
    pub fn matrix(&mut self, doc: &Document, axis: Axis) -> &Matrix {
        if self.matrix.as_ref().is_none_or(|(a, _)| *a != axis) {
            self.matrix = Some((axis, analysis::matrix(doc.project(), axis)));
        }
        &self
            .matrix
            .get_or_insert_with(|| (axis, analysis::matrix(doc.project(), axis)))
            .1
    }

    /// Every contradiction, found on first use after a change.
    pub fn contradictions(&mut self, doc: &Document) -> &[Contradiction] {
        self.contradictions
            .get_or_insert_with(|| analysis::contradictions(doc.project()))
    }
}
