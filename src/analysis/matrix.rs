//! The claims × speakers (or × articles) matrix: per claim, how many spans take each side in
//! each column.

use super::spans_by_claim;
use crate::model::{
    Annotation, AnnotationId, ArticleId, ClaimId, EntityId, Project, Side as StanceSide,
};
use std::collections::{BTreeMap, BTreeSet};

/// Columns of the contradiction matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    #[default]
    Speakers,
    Articles,
}

/// A column of the matrix: a speaker (or "unattributed"), or an article.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Speaker(Option<EntityId>),
    Article(ArticleId),
}

/// What one cell holds: how many spans take each side, and which.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub for_count: usize,
    pub against_count: usize,
    pub neutral_count: usize,
    /// The spans in the cell, in annotation order.
    pub annotations: Vec<AnnotationId>,
}

/// The overall stance a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Asserts,
    Denies,
    Mixed,
    Reports,
    None,
}

impl Cell {
    #[must_use]
    pub fn tone(&self) -> Tone {
        match (self.for_count > 0, self.against_count > 0) {
            (true, true) => Tone::Mixed,
            (true, false) => Tone::Asserts,
            (false, true) => Tone::Denies,
            (false, false) if self.neutral_count > 0 => Tone::Reports,
            (false, false) => Tone::None,
        }
    }

    #[must_use]
    pub fn total(&self) -> usize {
        self.for_count + self.against_count + self.neutral_count
    }
}

/// Claims × speakers (or articles).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// In project order.
    pub rows: Vec<ClaimId>,
    /// Speakers in entity order (unattributed last), or articles in project order; only
    /// columns with at least one span.
    pub columns: Vec<Column>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// Builds the matrix for one axis.
#[must_use]
pub fn matrix(project: &Project, axis: Axis) -> Matrix {
    let by_claim = spans_by_claim(project);
    let rows: crate::model::FastMap<&ClaimId, MatrixRow> = project
        .claims
        .iter()
        .map(|c| {
            let spans = by_claim.get(&c.id).map_or(&[][..], Vec::as_slice);
            (&c.id, matrix_row(axis, spans))
        })
        .collect();
    assemble_matrix(project, axis, |id| rows.get(id))
}

/// One claim's cells of the matrix, by column; only columns with a span.
pub type MatrixRow = BTreeMap<Column, Cell>;

/// The cells of one claim's row from its spans with their links to it, in annotation order.
#[must_use]
pub fn matrix_row(axis: Axis, spans: &[(&Annotation, &crate::model::ClaimLink)]) -> MatrixRow {
    let mut row = MatrixRow::new();
    for (a, l) in spans {
        let cell = row
            .entry(column_of(axis, a, l.speaker.clone()))
            .or_default();
        match l.stance.side() {
            StanceSide::For => cell.for_count += 1,
            StanceSide::Against => cell.against_count += 1,
            StanceSide::Neutral => cell.neutral_count += 1,
        }
        if cell.annotations.last() != Some(&a.id) && !cell.annotations.contains(&a.id) {
            cell.annotations.push(a.id.clone());
        }
    }
    row
}

/// The matrix from each claim's row: columns are the speakers (in entity order, unattributed
/// last) or articles (in project order) that some row uses.
#[must_use]
pub fn assemble_matrix<'r>(
    project: &Project,
    axis: Axis,
    row_of: impl Fn(&ClaimId) -> Option<&'r MatrixRow>,
) -> Matrix {
    let rows: Vec<ClaimId> = project.claims.iter().map(|c| c.id.clone()).collect();
    let used: BTreeSet<&Column> = rows
        .iter()
        .filter_map(&row_of)
        .flat_map(BTreeMap::keys)
        .collect();
    let columns: Vec<Column> = match axis {
        Axis::Speakers => project
            .entities
            .iter()
            .map(|e| Column::Speaker(Some(e.id.clone())))
            .chain(std::iter::once(Column::Speaker(None)))
            .filter(|c| used.contains(c))
            .collect(),
        Axis::Articles => project
            .articles
            .iter()
            .map(|a| Column::Article(a.id.clone()))
            .filter(|c| used.contains(c))
            .collect(),
    };
    let cells = rows
        .iter()
        .map(|claim| {
            let row = row_of(claim);
            columns
                .iter()
                .map(|c| row.and_then(|r| r.get(c)).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    Matrix {
        rows,
        columns,
        cells,
    }
}

fn column_of(axis: Axis, a: &Annotation, speaker: Option<EntityId>) -> Column {
    match axis {
        Axis::Speakers => Column::Speaker(speaker),
        Axis::Articles => Column::Article(a.article.clone()),
    }
}

/// Stance counts of one claim, for the claims panel: (for, against, neutral).
#[must_use]
pub fn stance_counts(project: &Project, claim: &ClaimId) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for (_, l) in project.claim_spans(claim) {
        match l.stance.side() {
            StanceSide::For => counts.0 += 1,
            StanceSide::Against => counts.1 += 1,
            StanceSide::Neutral => counts.2 += 1,
        }
    }
    counts
}
