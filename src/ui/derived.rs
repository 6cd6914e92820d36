//! Figures the panels show every frame, derived from the document once per revision rather
//! than recomputed per frame: mention and stance counts, the matrix, the contradictions.

use crate::analysis::{self, Axis, Contradiction, Matrix};
use crate::document::Document;
use crate::model::{ClaimId, EntityId};
use std::collections::HashMap;

#[derive(Default)]
pub struct Derived {
    revision: Option<u64>,
    pub mention_counts: HashMap<EntityId, usize>,
    /// (for, against, neutral) per claim.
    pub stance_counts: HashMap<ClaimId, (usize, usize, usize)>,
    matrix: Option<(Axis, Matrix)>,
    contradictions: Option<Vec<Contradiction>>,
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
