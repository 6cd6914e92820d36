//! Where sources disagree: disagreements (a claim and the two speakers on opposite sides of
//! it, with every quote on each side), the contradicting quote pairs they gather, the claims ×
//! speakers (or × articles) matrix, the speakers map and a claim's timeline. Pure functions
//! over the project; they never change it.

use crate::model::{
    Annotation, AnnotationId, ArticleId, ClaimId, ContradictionKey, DisagreementKey, EntityId,
    LinkKind, Project, ReviewState, Side as StanceSide, Stance,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// One side of a contradiction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Side {
    pub annotation: AnnotationId,
    pub article: ArticleId,
    pub quote: String,
    /// `None` when the span is not linked to the contradiction's claim (explicit links).
    pub stance: Option<Stance>,
    pub speaker: Option<EntityId>,
}

/// Why two spans conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// One side asserts or supports the claim, the other denies or disputes it.
    OpposingStances,
    /// The user linked the two spans as contradicting.
    ExplicitLink,
    /// Both of the above.
    OpposingStancesAndExplicitLink,
}

impl Reason {
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::OpposingStances => "opposing stances on the claim",
            Self::ExplicitLink => "linked as contradicting",
            Self::OpposingStancesAndExplicitLink => {
                "opposing stances on the claim, and linked as contradicting"
            }
        }
    }
}

/// Two spans that disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    pub key: ContradictionKey,
    /// The claim they disagree on; `None` for an explicit link between spans with no shared
    /// claim.
    pub claim: Option<ClaimId>,
    /// The side that is for the claim (or the link's `from`).
    pub a: Side,
    /// The side that is against it (or the link's `to`).
    pub b: Side,
    pub reason: Reason,
}

fn side(a: &Annotation, stance: Option<Stance>, speaker: Option<EntityId>) -> Side {
    Side {
        annotation: a.id.clone(),
        article: a.article.clone(),
        quote: a.quote.clone(),
        stance,
        speaker,
    }
}

/// Every contradiction in the project, sorted by claim (in project order; explicit links
/// without a claim last), then by the positions of both spans.
#[must_use]
pub fn contradictions(project: &Project) -> Vec<Contradiction> {
    let index = crate::model::Index::new(project);
    let explicit = ExplicitPairs::new(project, |id| index.annotation(id));
    let mut by_claim = spans_by_claim(project);
    let mut out = Vec::new();
    for claim in &project.claims {
        let spans = by_claim.remove(&claim.id).unwrap_or_default();
        out.extend(claim_contradictions(&claim.id, &spans, &explicit));
    }
    out.extend(explicit_contradictions(
        project,
        |id| index.annotation(id),
        &explicit,
    ));
    out
}

/// The pairs of spans linked as contradicting (either way round), for the reason of a
/// contradiction on a claim.
pub struct ExplicitPairs<'a> {
    pairs: BTreeSet<(&'a AnnotationId, &'a AnnotationId)>,
}

impl<'a> ExplicitPairs<'a> {
    /// The "contradicts" links of the project whose two ends exist and differ.
    pub fn new<'b>(
        project: &'a Project,
        annotation: impl Fn(&AnnotationId) -> Option<&'b Annotation>,
    ) -> Self {
        let pairs = project
            .links
            .iter()
            .filter(|l| l.kind == LinkKind::Contradicts && l.from != l.to)
            .filter(|l| annotation(&l.from).is_some() && annotation(&l.to).is_some())
            .map(|l| ordered(&l.from, &l.to))
            .collect();
        Self { pairs }
    }

    fn contains(&self, x: &AnnotationId, y: &AnnotationId) -> bool {
        self.pairs.contains(&ordered(x, y))
    }
}

/// The contradictions on one claim: every span for it against every span against it (one
/// per pair of speakers), sorted by the positions of both spans. `spans` are the claim's
/// spans with their links to it, in annotation order.
#[must_use]
pub fn claim_contradictions(
    claim: &ClaimId,
    spans: &[(&Annotation, &crate::model::ClaimLink)],
    explicit: &ExplicitPairs<'_>,
) -> Vec<Contradiction> {
    // Each span's rank among the claim's distinct spans: their order in the project.
    let mut ranks = Vec::with_capacity(spans.len());
    for (i, (a, _)) in spans.iter().enumerate() {
        let rank = match ranks.last() {
            Some(&r) if spans[i - 1].0.id == a.id => r,
            Some(&r) => r + 1,
            None => 0,
        };
        ranks.push(rank);
    }
    let mut out = Vec::new();
    for (i, (pro, pro_link)) in spans.iter().enumerate() {
        if pro_link.stance.side() != StanceSide::For {
            continue;
        }
        for (j, (con, con_link)) in spans.iter().enumerate() {
            if con_link.stance.side() != StanceSide::Against || pro.id == con.id {
                continue; // one span cannot contradict itself
            }
            let key = ContradictionKey::new(
                Some(claim.clone()),
                (pro.id.clone(), pro_link.speaker.clone()),
                (con.id.clone(), con_link.speaker.clone()),
            );
            let reason = if explicit.contains(&pro.id, &con.id) {
                Reason::OpposingStancesAndExplicitLink
            } else {
                Reason::OpposingStances
            };
            out.push((
                (ranks[i], ranks[j]),
                Contradiction {
                    key,
                    claim: Some(claim.clone()),
                    a: side(pro, Some(pro_link.stance), pro_link.speaker.clone()),
                    b: side(con, Some(con_link.stance), con_link.speaker.clone()),
                    reason,
                },
            ));
        }
    }
    out.sort_by(|(x, cx), (y, cy)| x.cmp(y).then_with(|| cx.key.cmp(&cy.key)));
    out.dedup_by(|(_, x), (_, y)| x.key == y.key);
    out.into_iter().map(|(_, c)| c).collect()
}

/// Spans linked as contradicting that take no opposing stances on a claim they share: the
/// contradictions without a claim, sorted by the positions of both spans.
#[must_use]
pub fn explicit_contradictions<'b>(
    project: &Project,
    annotation: impl Fn(&AnnotationId) -> Option<&'b Annotation>,
    explicit: &ExplicitPairs<'_>,
) -> Vec<Contradiction> {
    if explicit.pairs.is_empty() {
        return Vec::new();
    }
    let mut found: BTreeMap<ContradictionKey, (&Annotation, &Annotation, Contradiction)> =
        BTreeMap::new();
    for link in project
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Contradicts)
    {
        let (Some(from), Some(to)) = (annotation(&link.from), annotation(&link.to)) else {
            continue; // dangling; validation reports it
        };
        if from.id == to.id || oppose_on_a_claim(project, from, to) {
            continue;
        }
        let key = ContradictionKey::new(
            None,
            (from.id.clone(), from.entities.first().cloned()),
            (to.id.clone(), to.entities.first().cloned()),
        );
        found.entry(key.clone()).or_insert_with(|| {
            let c = Contradiction {
                key,
                claim: None,
                a: side(from, None, from.entities.first().cloned()),
                b: side(to, None, to.entities.first().cloned()),
                reason: Reason::ExplicitLink,
            };
            (from, to, c)
        });
    }
    let mut out: Vec<_> = found.into_values().collect();
    out.sort_by(|(a1, b1, c1), (a2, b2, c2)| {
        (a1.sort_key(), b1.sort_key(), &c1.key).cmp(&(a2.sort_key(), b2.sort_key(), &c2.key))
    });
    out.into_iter().map(|(_, _, c)| c).collect()
}

/// Whether two spans take opposing stances (one for, one against) on a claim of the project.
fn oppose_on_a_claim(project: &Project, x: &Annotation, y: &Annotation) -> bool {
    x.claims.iter().any(|lx| {
        y.claims.iter().any(|ly| {
            lx.claim == ly.claim
                && lx.stance.opposes(ly.stance)
                && project.claim(&lx.claim).is_some()
        })
    })
}

/// A pair of annotations in a fixed order, whichever way a link points.
fn ordered<'a>(x: &'a AnnotationId, y: &'a AnnotationId) -> (&'a AnnotationId, &'a AnnotationId) {
    if x <= y { (x, y) } else { (y, x) }
}

/// Every claim's spans with their links, in one pass over the annotations.
fn spans_by_claim(
    project: &Project,
) -> crate::model::FastMap<&ClaimId, Vec<(&Annotation, &crate::model::ClaimLink)>> {
    let mut by_claim: crate::model::FastMap<&ClaimId, Vec<_>> = crate::model::FastMap::default();
    for a in &project.annotations {
        for l in &a.claims {
            by_claim.entry(&l.claim).or_default().push((&**a, l));
        }
    }
    by_claim
}

/// What kind of disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Speakers on opposite sides of a claim (or unattributed quotes).
    Opposing,
    /// One speaker on both sides of a claim.
    SelfContradiction,
    /// Two spans linked as contradicting without opposing each other on a claim.
    Linked,
}

impl Kind {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Opposing => "opposing sides",
            Self::SelfContradiction => "self-contradiction",
            Self::Linked => "linked as contradicting",
        }
    }
}

/// One quote that carries a side of a disagreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub annotation: AnnotationId,
    pub article: ArticleId,
    /// `None` for a span of a linked pair.
    pub stance: Option<Stance>,
}

/// One side of a disagreement: a speaker and every quote that carries its side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    pub speaker: Option<EntityId>,
    /// In annotation order (article, then position), each span once.
    pub quotes: Vec<Quote>,
    /// How many distinct articles carry the quotes.
    pub articles: usize,
}

impl Party {
    /// The stances the side takes, each once, in [`Stance::ALL`] order ("asserts", or
    /// "asserts, supports").
    #[must_use]
    pub fn stances(&self) -> Vec<Stance> {
        Stance::ALL
            .into_iter()
            .filter(|s| self.quotes.iter().any(|q| q.stance == Some(*s)))
            .collect()
    }

    /// "asserts", "asserts, supports", or "linked" for a side of a linked pair.
    #[must_use]
    pub fn stance_label(&self) -> String {
        let stances = self.stances();
        if stances.is_empty() {
            return "linked".to_owned();
        }
        stances
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "6 quotes in 3 articles".
    #[must_use]
    pub fn extent(&self) -> String {
        let q = self.quotes.len();
        let a = self.articles;
        format!(
            "{q} quote{} in {a} article{}",
            if q == 1 { "" } else { "s" },
            if a == 1 { "" } else { "s" }
        )
    }
}

/// A claim and two opposing sides, each with every quote that carries it, or two spans
/// linked as contradicting. The unit a checker reviews; its pairs are the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disagreement {
    pub key: DisagreementKey,
    pub kind: Kind,
    pub claim: Option<ClaimId>,
    /// For the claim (asserts or supports), or the linked pair's first span.
    pub pro: Party,
    /// Against the claim (denies or disputes), or the linked pair's second span.
    pub con: Party,
    /// The contradicting quote pairs it gathers, each pair in exactly one disagreement.
    pub pairs: Vec<Contradiction>,
    /// How many distinct articles carry either side.
    pub articles: usize,
}

impl Disagreement {
    /// Whether a speaker takes either side.
    #[must_use]
    pub fn involves(&self, speaker: &EntityId) -> bool {
        self.pro.speaker.as_ref() == Some(speaker) || self.con.speaker.as_ref() == Some(speaker)
    }

    /// Whether a quote of either side is in an article.
    #[must_use]
    pub fn cites(&self, article: &ArticleId) -> bool {
        [&self.pro, &self.con]
            .iter()
            .any(|p| p.quotes.iter().any(|q| &q.article == article))
    }

    /// Every quote of both sides.
    pub fn quotes(&self) -> impl Iterator<Item = &Quote> {
        self.pro.quotes.iter().chain(&self.con.quotes)
    }
}

/// Every disagreement of the project in review order ([`sort_disagreements`]).
#[must_use]
pub fn disagreements(project: &Project) -> Vec<Arc<Disagreement>> {
    let index = crate::model::Index::new(project);
    let explicit = ExplicitPairs::new(project, |id| index.annotation(id));
    let by_claim = spans_by_claim(project);
    let mut seen = BTreeSet::new();
    let claims: Vec<&ClaimId> = project
        .claims
        .iter()
        .map(|c| &c.id)
        .filter(|c| seen.insert(*c))
        .collect();
    // Each claim's disagreements are its own: half the claims on another thread.
    let find = |part: &[&ClaimId]| -> Vec<Arc<Disagreement>> {
        part.iter()
            .flat_map(|c| {
                let spans = by_claim.get(c).map_or(&[][..], Vec::as_slice);
                group(claim_contradictions(c, spans, &explicit), |id| {
                    index.annotation(id)
                })
            })
            .map(Arc::new)
            .collect()
    };
    let (first, second) = claims.split_at(claims.len() / 2);
    let mut out = std::thread::scope(|scope| {
        let other = scope.spawn(|| find(first));
        let mut out = find(second);
        out.extend(
            other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        );
        out
    });
    let linked = explicit_contradictions(project, |id| index.annotation(id), &explicit);
    out.extend(
        group(linked, |id| index.annotation(id))
            .into_iter()
            .map(Arc::new),
    );
    sort_disagreements(&mut out, project);
    out
}

/// The parts of a disagreement's key, borrowed: (claim, linked span, linked span, asserting
/// speaker, denying speaker).
type KeyParts<'a> = (
    Option<&'a ClaimId>,
    Option<&'a AnnotationId>,
    Option<&'a AnnotationId>,
    Option<&'a EntityId>,
    Option<&'a EntityId>,
);

/// The disagreements that gather contradicting pairs: pairs on a claim by the claim and the
/// speaker on each side (the speaker of the "for" quote, the speaker of the "against" one);
/// a linked pair without such a claim on its own. `pairs` in the order the evidence lists
/// them; each disagreement keeps its pairs in that order and its quotes in annotation order.
#[must_use]
pub fn group<'b>(
    pairs: Vec<Contradiction>,
    annotation: impl Fn(&AnnotationId) -> Option<&'b Annotation>,
) -> Vec<Disagreement> {
    // Which disagreement each pair goes to, by the parts of its key borrowed from the pairs
    // (no key is built per pair); then the pairs are moved there.
    let mut at: crate::model::FastMap<KeyParts<'_>, usize> = crate::model::FastMap::default();
    let mut slots = Vec::with_capacity(pairs.len());
    let mut firsts: Vec<usize> = Vec::new();
    for (n, c) in pairs.iter().enumerate() {
        // On a claim, pairs share a disagreement by their speakers; a linked pair is its own.
        let part: KeyParts<'_> = if let Some(claim) = &c.claim {
            (
                Some(claim),
                None,
                None,
                c.a.speaker.as_ref(),
                c.b.speaker.as_ref(),
            )
        } else {
            let (x, y) = ordered(&c.a.annotation, &c.b.annotation);
            (None, Some(x), Some(y), None, None)
        };
        let i = *at.entry(part).or_insert_with(|| {
            firsts.push(n);
            firsts.len() - 1
        });
        slots.push(i);
    }
    let mut out: Vec<Disagreement> = firsts
        .iter()
        .map(|&n| {
            let c = &pairs[n];
            let key = match &c.claim {
                Some(claim) => DisagreementKey::Claim {
                    claim: claim.clone(),
                    asserting: c.a.speaker.clone(),
                    denying: c.b.speaker.clone(),
                },
                None => DisagreementKey::linked(c.a.annotation.clone(), c.b.annotation.clone()),
            };
            let kind = match &key {
                DisagreementKey::Linked { .. } => Kind::Linked,
                k if k.is_self_contradiction() => Kind::SelfContradiction,
                DisagreementKey::Claim { .. } => Kind::Opposing,
            };
            let party = |s: &Side| Party {
                speaker: s.speaker.clone(),
                quotes: Vec::new(),
                articles: 0,
            };
            Disagreement {
                pro: party(&c.a),
                con: party(&c.b),
                key,
                kind,
                claim: c.claim.clone(),
                pairs: Vec::new(),
                articles: 0,
            }
        })
        .collect();
    for (c, i) in pairs.into_iter().zip(slots) {
        out[i].pairs.push(c);
    }
    for d in &mut out {
        let quotes = |side: fn(&Contradiction) -> &Side| {
            let mut q: Vec<(&Side, Option<&Annotation>)> = d
                .pairs
                .iter()
                .map(side)
                .map(|s| (s, annotation(&s.annotation)))
                .collect();
            q.sort_by(|(x, ax), (y, ay)| {
                (ax.map(Annotation::sort_key), &x.annotation)
                    .cmp(&(ay.map(Annotation::sort_key), &y.annotation))
            });
            q.dedup_by(|(x, _), (y, _)| x.annotation == y.annotation);
            q.into_iter()
                .map(|(s, _)| Quote {
                    annotation: s.annotation.clone(),
                    article: s.article.clone(),
                    stance: s.stance,
                })
                .collect::<Vec<_>>()
        };
        d.pro.quotes = quotes(|c| &c.a);
        d.con.quotes = quotes(|c| &c.b);
        let count = |q: &[Quote]| q.iter().map(|q| &q.article).collect::<BTreeSet<_>>().len();
        d.pro.articles = count(&d.pro.quotes);
        d.con.articles = count(&d.con.quotes);
        d.articles = d
            .quotes()
            .map(|q| &q.article)
            .collect::<BTreeSet<_>>()
            .len();
    }
    out
}

/// Where the review of a disagreement stands (open when it has none).
#[must_use]
pub fn review_state(project: &Project, key: &DisagreementKey) -> ReviewState {
    project.review(key).map_or(ReviewState::Open, |r| r.state)
}

/// Review order: open ones first, then by how many distinct articles carry them (most
/// first), then by quotes, then claims in project order (linked pairs last), then by key.
/// Deterministic: the same project gives the same order.
pub struct ReviewOrder<'a> {
    project: &'a Project,
    claim_at: crate::model::FastMap<&'a ClaimId, usize>,
}

/// The part of the review order that is cheap to compare (reviewed, then fewest articles,
/// then fewest quotes, then claim position); the disagreement's key breaks ties.
pub type OrderKey = (
    bool,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<usize>,
    usize,
);

impl<'a> ReviewOrder<'a> {
    #[must_use]
    pub fn new(project: &'a Project) -> Self {
        let mut claim_at = crate::model::FastMap::default();
        for (i, c) in project.claims.iter().enumerate() {
            claim_at.entry(&c.id).or_insert(i);
        }
        Self { project, claim_at }
    }

    /// The cheap part of a disagreement's place in the order.
    #[must_use]
    pub fn key(&self, d: &Disagreement) -> OrderKey {
        (
            review_state(self.project, &d.key) != ReviewState::Open,
            std::cmp::Reverse(d.articles),
            std::cmp::Reverse(d.pro.quotes.len() + d.con.quotes.len()),
            d.claim
                .as_ref()
                .and_then(|c| self.claim_at.get(c).copied())
                .unwrap_or(usize::MAX),
        )
    }

    /// Which of two disagreements comes first.
    #[must_use]
    pub fn cmp(&self, x: &Disagreement, y: &Disagreement) -> std::cmp::Ordering {
        self.key(x)
            .cmp(&self.key(y))
            .then_with(|| x.key.cmp(&y.key))
    }
}

/// Puts disagreements in review order ([`ReviewOrder`]), each review looked up once.
pub fn sort_disagreements(list: &mut Vec<Arc<Disagreement>>, project: &Project) {
    let order = ReviewOrder::new(project);
    let mut keyed: Vec<(OrderKey, usize)> = list
        .iter()
        .enumerate()
        .map(|(i, d)| (order.key(d), i))
        .collect();
    keyed.sort_by(|(kx, x), (ky, y)| kx.cmp(ky).then_with(|| list[*x].key.cmp(&list[*y].key)));
    let mut taken: Vec<Option<Arc<Disagreement>>> =
        std::mem::take(list).into_iter().map(Some).collect();
    list.extend(keyed.into_iter().filter_map(|(_, i)| taken[i].take()));
}

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

/// How two spans relate, for the connector curves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Contradicts,
    Corroborates,
    Neutral,
}

/// How two annotations relate: an explicit contradicts/corroborates link wins; otherwise their
/// stances on the claims they share (opposing → contradicts, same side → corroborates).
#[must_use]
pub fn relation(project: &Project, x: &Annotation, y: &Annotation) -> Relation {
    for link in &project.links {
        let joins =
            (link.from == x.id && link.to == y.id) || (link.from == y.id && link.to == x.id);
        if joins {
            match link.kind {
                LinkKind::Contradicts => return Relation::Contradicts,
                LinkKind::Corroborates => return Relation::Corroborates,
                LinkKind::Quotes | LinkKind::SameClaim => {}
            }
        }
    }
    let mut corroborates = false;
    for lx in &x.claims {
        for ly in y.claims.iter().filter(|l| l.claim == lx.claim) {
            if lx.stance.opposes(ly.stance) {
                return Relation::Contradicts;
            }
            if lx.stance.side() == ly.stance.side() && lx.stance.side() != StanceSide::Neutral {
                corroborates = true;
            }
        }
    }
    if corroborates {
        Relation::Corroborates
    } else {
        Relation::Neutral
    }
}

/// The annotations related to one annotation: those on a claim it speaks to, and those it is
/// linked with. Sorted by annotation order, without itself.
#[must_use]
pub fn related_annotations<'a>(project: &'a Project, x: &Annotation) -> Vec<&'a Annotation> {
    project
        .annotations
        .iter()
        .filter(|y| y.id != x.id)
        .filter(|y| {
            y.claims
                .iter()
                .any(|ly| x.claims.iter().any(|lx| lx.claim == ly.claim))
                || project
                    .links
                    .iter()
                    .any(|l| (l.from == x.id && l.to == y.id) || (l.from == y.id && l.to == x.id))
        })
        .map(|y| &**y)
        .collect()
}

/// A speaker on the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapNode {
    pub speaker: EntityId,
    /// How many quotes the speaker takes a side with (for or against some claim).
    pub quotes: usize,
    /// The claims the speaker is on both sides of, in project order.
    pub self_contradictions: Vec<ClaimId>,
}

/// Two speakers on opposite sides (or the same side) of one or more claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapEdge {
    /// Indexes into [`SpeakerMap::nodes`], `a < b`.
    pub a: usize,
    pub b: usize,
    /// Opposite sides (a disagreement) or the same side.
    pub opposed: bool,
    /// On how many claims ([`edge_claims`] lists them).
    pub claims: usize,
    /// The quotes the two speakers carry on those claims: the edge's width.
    pub quotes: usize,
}

/// Who disputes whom: speakers as nodes, an edge for each pair of speakers on opposite sides
/// of some claim (and one for those on the same side).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerMap {
    /// Speakers that take a side on a claim, in entity order.
    pub nodes: Vec<MapNode>,
    /// Opposing edges first, then agreeing ones; each by node order.
    pub edges: Vec<MapEdge>,
}

/// One claim's part of the speakers map: who takes which side of it, and which pairs of
/// speakers oppose (as its disagreements have them) or agree on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapRow {
    /// Speakers with a side: (speaker, quotes for, quotes against), by id.
    pub sides: Vec<(EntityId, usize, usize)>,
    /// (a, b, opposed) with `a < b`, and the quotes the two carry on the claim.
    pub pairs: Vec<((EntityId, EntityId, bool), usize)>,
}

/// A claim's map row from its spans (with their links to it) and its disagreements.
#[must_use]
pub fn map_row<'d>(
    spans: &[(&Annotation, &crate::model::ClaimLink)],
    found: impl IntoIterator<Item = &'d Disagreement>,
) -> MapRow {
    let mut sides: BTreeMap<&EntityId, (usize, usize)> = BTreeMap::new();
    for (_, l) in spans {
        let Some(speaker) = &l.speaker else { continue };
        match l.stance.side() {
            StanceSide::For => sides.entry(speaker).or_default().0 += 1,
            StanceSide::Against => sides.entry(speaker).or_default().1 += 1,
            StanceSide::Neutral => {}
        }
    }
    let sides: Vec<(&EntityId, usize, usize)> =
        sides.into_iter().map(|(e, (f, a))| (e, f, a)).collect();
    let mut pairs: BTreeMap<(EntityId, EntityId, bool), usize> = BTreeMap::new();
    // Speakers on the same side, pair by pair.
    for (k, &(x, fx, ax)) in sides.iter().enumerate() {
        for &(y, fy, ay) in &sides[k + 1..] {
            let same = usize::from(fx > 0 && fy > 0) * (fx + fy)
                + usize::from(ax > 0 && ay > 0) * (ax + ay);
            if same > 0 {
                pairs.insert((x.clone(), y.clone(), false), same);
            }
        }
    }
    for d in found.into_iter().filter(|d| d.kind == Kind::Opposing) {
        let (Some(x), Some(y)) = (&d.pro.speaker, &d.con.speaker) else {
            continue;
        };
        let key = if x < y {
            (x.clone(), y.clone(), true)
        } else {
            (y.clone(), x.clone(), true)
        };
        *pairs.entry(key).or_default() += d.pro.quotes.len() + d.con.quotes.len();
    }
    MapRow {
        sides: sides
            .into_iter()
            .map(|(e, f, a)| (e.clone(), f, a))
            .collect(),
        pairs: pairs.into_iter().collect(),
    }
}

/// The map's sums over claim rows, kept up to date by adding and taking away rows.
#[derive(Clone, Debug, Default)]
pub struct MapTotals {
    quotes: crate::model::FastMap<EntityId, usize>,
    selfs: crate::model::FastMap<EntityId, BTreeSet<ClaimId>>,
    /// (claims, quotes) per pair.
    edges: crate::model::FastMap<(EntityId, EntityId, bool), (usize, usize)>,
}

impl MapTotals {
    /// Adds a claim's row (`add`), or takes it away.
    pub fn apply(&mut self, claim: &ClaimId, row: &MapRow, add: bool) {
        fn step(n: &mut usize, by: usize, add: bool) {
            *n = if add { *n + by } else { n.saturating_sub(by) };
        }
        for (e, f, a) in &row.sides {
            let q = self.quotes.entry(e.clone()).or_default();
            step(q, f + a, add);
            if *q == 0 {
                self.quotes.remove(e);
            }
            if *f > 0 && *a > 0 {
                let set = self.selfs.entry(e.clone()).or_default();
                if add {
                    set.insert(claim.clone());
                } else {
                    set.remove(claim);
                    if set.is_empty() {
                        self.selfs.remove(e);
                    }
                }
            }
        }
        for (key, q) in &row.pairs {
            let (claims, quotes) = self.edges.entry(key.clone()).or_default();
            step(claims, 1, add);
            step(quotes, *q, add);
            if *claims == 0 {
                self.edges.remove(key);
            }
        }
    }

    /// The map: nodes in entity order (speakers the project defines), edges between them.
    #[must_use]
    pub fn map(&self, project: &Project) -> SpeakerMap {
        let claim_at: crate::model::FastMap<&ClaimId, usize> = project
            .claims
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.id, i))
            .collect();
        let linked: BTreeSet<&EntityId> = self.edges.keys().flat_map(|(a, b, _)| [a, b]).collect();
        let mut node_of: crate::model::FastMap<&EntityId, usize> = crate::model::FastMap::default();
        let mut nodes = Vec::new();
        for e in &project.entities {
            let quotes = self.quotes.get(&e.id).copied().unwrap_or(0);
            if (quotes == 0 && !linked.contains(&e.id)) || node_of.contains_key(&e.id) {
                continue;
            }
            let mut self_contradictions: Vec<ClaimId> = self
                .selfs
                .get(&e.id)
                .into_iter()
                .flatten()
                .filter(|c| claim_at.contains_key(c))
                .cloned()
                .collect();
            self_contradictions.sort_by_key(|c| claim_at.get(c).copied());
            node_of.insert(&e.id, nodes.len());
            nodes.push(MapNode {
                speaker: e.id.clone(),
                quotes,
                self_contradictions,
            });
        }
        let mut edges: Vec<MapEdge> = self
            .edges
            .iter()
            .filter_map(|((x, y, opposed), &(claims, quotes))| {
                let (x, y) = (*node_of.get(x)?, *node_of.get(y)?);
                Some(MapEdge {
                    a: x.min(y),
                    b: x.max(y),
                    opposed: *opposed,
                    claims,
                    quotes,
                })
            })
            .collect();
        edges.sort_by_key(|e| (!e.opposed, e.a, e.b));
        SpeakerMap { nodes, edges }
    }
}

/// Every claim's map row, in project order.
#[must_use]
pub fn map_rows(project: &Project, found: &[Arc<Disagreement>]) -> Vec<(ClaimId, MapRow)> {
    let by_claim = spans_by_claim(project);
    let mut found_by: crate::model::FastMap<&ClaimId, Vec<&Disagreement>> =
        crate::model::FastMap::default();
    for d in found {
        if let Some(c) = &d.claim {
            found_by.entry(c).or_default().push(d);
        }
    }
    let mut seen = BTreeSet::new();
    project
        .claims
        .iter()
        .filter(|c| seen.insert(&c.id))
        .map(|c| {
            let spans = by_claim.get(&c.id).map_or(&[][..], Vec::as_slice);
            let mine = found_by.get(&c.id).into_iter().flatten().copied();
            (c.id.clone(), map_row(spans, mine))
        })
        .collect()
}

/// The speakers map of a project: who takes which side of its claims (its spans) and who
/// opposes whom (its disagreements, exactly as the Review tab lists them). Unattributed quotes
/// have no node.
#[must_use]
pub fn speaker_map(project: &Project, found: &[Arc<Disagreement>]) -> SpeakerMap {
    let mut totals = MapTotals::default();
    for (claim, row) in map_rows(project, found) {
        totals.apply(&claim, &row, true);
    }
    totals.map(project)
}

/// The claims behind an edge between two speakers, each with the quotes the two carry on it,
/// in project order.
#[must_use]
pub fn edge_claims<'r>(
    project: &Project,
    rows: impl IntoIterator<Item = (&'r ClaimId, &'r MapRow)>,
    (x, y, opposed): (&EntityId, &EntityId, bool),
) -> Vec<(ClaimId, usize)> {
    let key = if x < y {
        (x.clone(), y.clone(), opposed)
    } else {
        (y.clone(), x.clone(), opposed)
    };
    let mut out: Vec<(ClaimId, usize)> = rows
        .into_iter()
        .filter_map(|(c, row)| {
            let i = row.pairs.binary_search_by(|(k, _)| k.cmp(&key)).ok()?;
            Some((c.clone(), row.pairs[i].1))
        })
        .collect();
    let claim_at: crate::model::FastMap<&ClaimId, usize> = project
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.id, i))
        .collect();
    out.sort_by_key(|(c, _)| claim_at.get(c).copied());
    out
}

/// One quote on a claim's timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    pub annotation: AnnotationId,
    pub article: ArticleId,
    /// The article's publication date, when known.
    pub published: Option<String>,
    pub stance: Stance,
}

/// One speaker's quotes on a claim, in date order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineGroup {
    pub speaker: Option<EntityId>,
    pub entries: Vec<TimelineEntry>,
}

impl TimelineGroup {
    /// The date of the speaker's first dated quote.
    #[must_use]
    pub fn first_date(&self) -> Option<&str> {
        self.entries.first().and_then(|e| e.published.as_deref())
    }
}

/// A claim's quotes grouped by speaker, so who said it first and who denied it when can be
/// read: within a group in order of the article's date (then article, then position), quotes
/// from undated articles last; groups by their first date, speakers with no dated quote last.
/// `spans` are the claim's spans with their links to it.
#[must_use]
pub fn claim_timeline(
    project: &Project,
    spans: &[(&Annotation, &crate::model::ClaimLink)],
) -> Vec<TimelineGroup> {
    let article_at: crate::model::FastMap<&ArticleId, (usize, Option<&str>)> = project
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, (i, a.published.as_deref().filter(|d| !d.is_empty()))))
        .collect();
    let order = |a: &Annotation| {
        let (i, date) = article_at
            .get(&a.article)
            .copied()
            .unwrap_or((usize::MAX, None));
        (date.is_none(), date, i, a.char_start, a.char_end)
    };
    let mut sorted: Vec<&(&Annotation, &crate::model::ClaimLink)> = spans.iter().collect();
    sorted.sort_by(|(x, _), (y, _)| order(x).cmp(&order(y)).then(x.id.cmp(&y.id)));
    let mut groups: Vec<TimelineGroup> = Vec::new();
    for (a, l) in sorted {
        let entry = TimelineEntry {
            annotation: a.id.clone(),
            article: a.article.clone(),
            published: article_at
                .get(&a.article)
                .and_then(|(_, d)| d.map(str::to_owned)),
            stance: l.stance,
        };
        match groups.iter_mut().find(|g| g.speaker == l.speaker) {
            Some(g) => g.entries.push(entry),
            None => groups.push(TimelineGroup {
                speaker: l.speaker.clone(),
                entries: vec![entry],
            }),
        }
    }
    // Groups were opened in the order of their first quote, which is the order wanted.
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Claim, ClaimLink, Entity, EntityKind, Rgb, SpanLink, Verdict};

    fn project() -> Project {
        let mut p = Project::new("t");
        for id in ["a1", "a2"] {
            p.articles.push(Article {
                id: id.into(),
                title: id.into(),
                outlet: String::new(),
                url: None,
                published: None,
                path: format!("{id}.txt"),
                sha256: String::new(),
            });
        }
        for id in ["fbi", "mission", "trump"] {
            p.entities.push(Entity {
                id: id.into(),
                name: id.to_uppercase(),
                kind: EntityKind::Other,
                color: Rgb([0, 0, 0]),
                aliases: vec![],
            });
        }
        for (id, statement) in [
            ("c1", "Iran hacked the campaign"),
            ("c2", "It was unsuccessful"),
        ] {
            p.claims.push(Claim {
                id: id.into(),
                statement: statement.into(),
                description: String::new(),
                verdict: Verdict::Unrated,
                verdict_note: String::new(),
            });
        }
        p
    }

    fn span(
        p: &mut Project,
        id: &str,
        article: &str,
        start: usize,
        links: &[(&str, Stance, Option<&str>)],
    ) {
        p.annotations.push(std::sync::Arc::new(Annotation {
            id: id.into(),
            article: article.into(),
            char_start: start,
            char_end: start + 5,
            quote: format!("quote {id}"),
            prefix: String::new(),
            suffix: String::new(),
            entities: vec![],
            claims: links
                .iter()
                .map(|(c, s, sp)| ClaimLink {
                    claim: (*c).into(),
                    stance: *s,
                    speaker: sp.map(EntityId::from),
                })
                .collect(),
            note: String::new(),
            created: String::new(),
        }));
        p.annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    #[test]
    fn no_contradictions_without_opposing_stances() {
        let mut p = project();
        assert!(contradictions(&p).is_empty());
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("fbi"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Supports, Some("trump"))],
        );
        span(&mut p, "z", "a2", 10, &[("c1", Stance::Reports, None)]);
        assert!(contradictions(&p).is_empty());
    }

    #[test]
    fn one_contradiction_names_both_sides() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("fbi"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Denies, Some("mission"))],
        );
        let found = contradictions(&p);
        assert_eq!(found.len(), 1);
        let c = &found[0];
        assert_eq!(c.claim, Some("c1".into()));
        assert_eq!(c.a.annotation.as_str(), "x");
        assert_eq!(c.a.stance, Some(Stance::Asserts));
        assert_eq!(c.a.speaker, Some("fbi".into()));
        assert_eq!(c.b.annotation.as_str(), "y");
        assert_eq!(c.b.stance, Some(Stance::Denies));
        assert_eq!(c.b.article.as_str(), "a2");
        assert_eq!(c.reason, Reason::OpposingStances);
    }

    #[test]
    fn several_contradictions_are_sorted_by_claim_then_position() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[
                ("c1", Stance::Asserts, Some("fbi")),
                ("c2", Stance::Disputes, None),
            ],
        );
        span(
            &mut p,
            "y",
            "a1",
            20,
            &[("c1", Stance::Disputes, Some("mission"))],
        );
        span(
            &mut p,
            "z",
            "a2",
            0,
            &[
                ("c1", Stance::Denies, Some("mission")),
                ("c2", Stance::Asserts, None),
            ],
        );
        let found = contradictions(&p);
        let keys: Vec<(String, String, String)> = found
            .iter()
            .map(|c| {
                (
                    c.claim.clone().unwrap().0,
                    c.a.annotation.0.clone(),
                    c.b.annotation.0.clone(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                ("c1".into(), "x".into(), "y".into()),
                ("c1".into(), "x".into(), "z".into()),
                ("c2".into(), "z".into(), "x".into()),
            ]
        );
        assert_eq!(contradictions(&p), found, "deterministic");
    }

    #[test]
    fn explicit_link_contradicts_without_a_shared_claim_and_marks_one_with() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("fbi"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Denies, Some("mission"))],
        );
        span(&mut p, "u", "a1", 30, &[]);
        span(&mut p, "v", "a2", 30, &[]);
        for (id, from, to) in [("l1", "u", "v"), ("l2", "y", "x")] {
            p.links.push(SpanLink {
                id: id.into(),
                kind: LinkKind::Contradicts,
                from: from.into(),
                to: to.into(),
                note: String::new(),
            });
        }
        let found = contradictions(&p);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].reason, Reason::OpposingStancesAndExplicitLink);
        assert_eq!(found[1].claim, None);
        assert_eq!(found[1].reason, Reason::ExplicitLink);
        assert_eq!(found[1].a.annotation.as_str(), "u");
    }

    #[test]
    fn a_speaker_contradicting_itself_is_found() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("trump"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Denies, Some("trump"))],
        );
        let found = contradictions(&p);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].a.speaker, found[0].b.speaker);
    }

    #[test]
    fn a_deleted_claim_leaves_no_contradictions_behind() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("fbi"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Denies, Some("mission"))],
        );
        assert_eq!(contradictions(&p).len(), 1);
        // Links to a claim the project no longer has (a hand-edited file) count for nothing.
        p.claims.retain(|c| c.id.as_str() != "c1");
        assert!(contradictions(&p).is_empty());
        assert!(matrix(&p, Axis::Speakers).columns.is_empty());
    }

    #[test]
    fn matrix_cells_count_stances_per_speaker_and_article() {
        let mut p = project();
        span(
            &mut p,
            "x",
            "a1",
            0,
            &[("c1", Stance::Asserts, Some("fbi"))],
        );
        span(
            &mut p,
            "y",
            "a2",
            0,
            &[("c1", Stance::Denies, Some("mission"))],
        );
        span(
            &mut p,
            "z",
            "a2",
            10,
            &[
                ("c1", Stance::Supports, Some("mission")),
                ("c2", Stance::Reports, None),
            ],
        );
        let m = matrix(&p, Axis::Speakers);
        assert_eq!(
            m.columns,
            vec![
                Column::Speaker(Some("fbi".into())),
                Column::Speaker(Some("mission".into())),
                Column::Speaker(None)
            ]
        );
        assert_eq!(m.cells[0][0].tone(), Tone::Asserts);
        assert_eq!(m.cells[0][1].tone(), Tone::Mixed);
        assert_eq!(m.cells[0][1].total(), 2);
        assert_eq!(m.cells[0][2].tone(), Tone::None);
        assert_eq!(m.cells[1][2].tone(), Tone::Reports);
        let m = matrix(&p, Axis::Articles);
        assert_eq!(m.columns.len(), 2);
        assert_eq!(m.cells[0][1].annotations.len(), 2);
        assert_eq!(stance_counts(&p, &"c1".into()), (2, 1, 0));
    }

    #[test]
    fn relation_follows_links_then_stances() {
        let mut p = project();
        span(&mut p, "x", "a1", 0, &[("c1", Stance::Asserts, None)]);
        span(&mut p, "y", "a2", 0, &[("c1", Stance::Denies, None)]);
        span(&mut p, "z", "a2", 10, &[("c1", Stance::Supports, None)]);
        let get = |id: &str| p.annotation(&id.into()).unwrap().clone();
        assert_eq!(relation(&p, &get("x"), &get("y")), Relation::Contradicts);
        assert_eq!(relation(&p, &get("x"), &get("z")), Relation::Corroborates);
        let related: Vec<&str> = related_annotations(&p, &get("x"))
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(related, ["y", "z"]);
    }
}
