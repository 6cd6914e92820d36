//! Figures and indexes derived from the document, kept up to date edit by edit: mention and
//! stance counts, where each article's spans are (what the columns paint from), each claim's
//! spans, the disagreements (with the contradicting pairs they gather) and the matrix.
//!
//! [`Derived::refresh`] reads the document's journal ([`Document::changes_since`]) and updates
//! only what the changes touched: the counts by what an annotation had before and has after,
//! the span index of the articles whose spans changed, the contradictions and matrix rows of
//! the claims whose spans changed. When the journal cannot say (a whole project restored, a
//! view that fell too far behind), it recomputes from the project. Pure: no egui, no I/O;
//! `tests/derived.rs` checks that it always equals a recomputation from scratch.

use crate::analysis::{self, Axis, Disagreement, ExplicitPairs, Matrix, MatrixRow};
use crate::document::{Change, Document, Transition};
use crate::model::{
    Annotation, AnnotationId, ArticleId, ClaimId, ClaimLink, DisagreementKey, EntityId, FastMap,
    LinkKind, Project, Side,
};
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

/// Where one article's spans are among the project's sorted annotations, with what lets a
/// frame find the ones on screen by binary search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleSpans {
    /// Index range into `Project::annotations` (an article's spans are contiguous).
    pub range: Range<usize>,
    /// The largest `char_end` of the spans up to each one: monotone, so the first span that
    /// can reach a visible range is found by `partition_point`.
    pub max_end: Vec<usize>,
    /// How many earlier spans enclose each one (the stacking of underlines).
    pub depths: Vec<usize>,
}

impl ArticleSpans {
    fn of(spans: &[Arc<Annotation>], range: Range<usize>) -> Self {
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for a in spans {
            m = m.max(a.char_end);
            max_end.push(m);
        }
        Self {
            range,
            max_end,
            depths: nesting_depths(spans),
        }
    }
}

/// How many earlier spans enclose each span (spans sorted by start).
#[must_use]
pub fn nesting_depths(spans: &[Arc<Annotation>]) -> Vec<usize> {
    let mut open_ends: Vec<usize> = Vec::new();
    spans
        .iter()
        .map(|a| {
            open_ends.retain(|&end| end > a.char_start);
            let depth = open_ends.len();
            open_ends.push(a.char_end);
            depth
        })
        .collect()
}

/// Counts per claim: (for, against, neutral).
pub type StanceCounts = (usize, usize, usize);

/// What the panels show, derived from one document.
#[derive(Default)]
pub struct Derived {
    /// The document's transition count when last brought up to date.
    seen: Option<u64>,
    pub mention_counts: FastMap<EntityId, usize>,
    pub stance_counts: FastMap<ClaimId, StanceCounts>,
    pub spans: FastMap<ArticleId, ArticleSpans>,
    /// Each claim's spans (claims that some span names, whether or not the claim exists).
    members: FastMap<ClaimId, BTreeSet<AnnotationId>>,
    /// Each entity's mentions.
    entity_members: FastMap<EntityId, BTreeSet<AnnotationId>>,
    /// Ends of "contradicts" links, with how many such links each has.
    contradicts_ends: FastMap<AnnotationId, usize>,
    /// Built when first asked for, then kept up to date.
    disagreements: Option<Lazy<Sorted>>,
    matrix: Option<Lazy<MatrixCache>>,
    map: Option<Lazy<MapView>>,
}

/// A view built on first use, with what changed since it was last brought up to date.
struct Lazy<T> {
    value: T,
    stale: Stale,
}

#[derive(Default)]
struct Stale {
    /// Claims whose spans changed.
    claims: BTreeSet<ClaimId>,
    /// The set or order of claims, entities or articles changed.
    lists: bool,
    /// A "contradicts" link, or a span at an end of one, changed.
    explicit: bool,
    /// Disagreements whose review changed (their place in the review order).
    reviews: BTreeSet<DisagreementKey>,
}

impl Stale {
    fn is_empty(&self) -> bool {
        self.claims.is_empty() && !self.lists && !self.explicit && self.reviews.is_empty()
    }
}

/// The disagreements in review order, each with the cheap part of its place in it (so an
/// update compares small keys, not reviews and claim ids).
#[derive(Default)]
struct Sorted {
    /// Shared, so an update moves pointers, not disagreements.
    items: Vec<Arc<Disagreement>>,
    keys: Vec<analysis::OrderKey>,
}

impl Sorted {
    fn new(items: Vec<Disagreement>, p: &Project) -> Self {
        let mut items: Vec<Arc<Disagreement>> = items.into_iter().map(Arc::new).collect();
        analysis::sort_disagreements(&mut items, p);
        Self::of_sorted(items, p)
    }

    /// A list already in review order.
    fn of_sorted(items: Vec<Arc<Disagreement>>, p: &Project) -> Self {
        let order = analysis::ReviewOrder::new(p);
        let keys = items.iter().map(|d| order.key(d)).collect();
        Self { items, keys }
    }

    /// Takes out the disagreements `out` names and merges `new` in, in one pass: the list
    /// stays in review order without being sorted again.
    fn merge(
        &mut self,
        new: Vec<Arc<Disagreement>>,
        out: impl Fn(&Disagreement) -> bool,
        order: &analysis::ReviewOrder<'_>,
    ) {
        let mut new: Vec<(analysis::OrderKey, Arc<Disagreement>)> =
            new.into_iter().map(|d| (order.key(&d), d)).collect();
        new.sort_by(|(kx, x), (ky, y)| kx.cmp(ky).then_with(|| x.key.cmp(&y.key)));
        let old_items = std::mem::take(&mut self.items);
        let old_keys = std::mem::take(&mut self.keys);
        self.items.reserve(old_items.len() + new.len());
        self.keys.reserve(old_items.len() + new.len());
        let mut new = new.into_iter().peekable();
        for (d, k) in old_items.into_iter().zip(old_keys) {
            if out(&d) {
                continue;
            }
            while let Some((nk, n)) =
                new.next_if(|(nk, n)| nk.cmp(&k).then_with(|| n.key.cmp(&d.key)).is_lt())
            {
                self.items.push(n);
                self.keys.push(nk);
            }
            self.items.push(d);
            self.keys.push(k);
        }
        for (nk, n) in new {
            self.items.push(n);
            self.keys.push(nk);
        }
    }
}

/// The speakers map with the claim rows it sums.
struct MapView {
    rows: FastMap<ClaimId, analysis::MapRow>,
    totals: analysis::MapTotals,
    map: analysis::SpeakerMap,
}

struct MatrixCache {
    axis: Axis,
    rows: FastMap<ClaimId, MatrixRow>,
    matrix: Matrix,
}

impl Derived {
    /// Brings the counts and the span index up to date with the document: what changed since
    /// the last call, or all of it on the first call and when the journal cannot say.
    pub fn refresh(&mut self, doc: &Document) {
        let now = doc.transitions();
        if self.seen == Some(now) {
            return;
        }
        let caught_up = self.seen.and_then(|seen| {
            let transitions = doc.changes_since(seen)?;
            let mut articles = BTreeSet::new();
            for t in transitions {
                match t {
                    Transition::Everything => return None,
                    Transition::Changes(changes) => {
                        for c in changes {
                            self.note(c, &mut articles);
                        }
                    }
                }
            }
            Some(articles)
        });
        match caught_up {
            Some(articles) => self.update_spans(doc.project(), &articles),
            None => self.rebuild(doc.project()),
        }
        self.seen = Some(now);
    }

    /// Everything from the project.
    fn rebuild(&mut self, p: &Project) {
        self.mention_counts.clear();
        self.stance_counts.clear();
        self.members.clear();
        self.entity_members.clear();
        for a in &p.annotations {
            self.count(a, 1);
        }
        self.contradicts_ends.clear();
        for l in p.links.iter().filter(|l| l.kind == LinkKind::Contradicts) {
            *self.contradicts_ends.entry(l.from.clone()).or_default() += 1;
            *self.contradicts_ends.entry(l.to.clone()).or_default() += 1;
        }
        self.spans.clear();
        let all = &p.annotations;
        let mut start = 0;
        while start < all.len() {
            let article = &all[start].article;
            let len = all[start..].partition_point(|a| &a.article == article);
            let range = start..start + len;
            self.spans.insert(
                article.clone(),
                ArticleSpans::of(&all[range.clone()], range),
            );
            start += len;
        }
        self.disagreements = None;
        self.matrix = None;
        self.map = None;
    }

    /// Adds (`sign` 1) or takes away (-1) what one annotation contributes to the counts and
    /// to its claims' spans.
    fn count(&mut self, a: &Annotation, sign: isize) {
        for e in &a.entities {
            let n = self.mention_counts.entry(e.clone()).or_default();
            *n = n.saturating_add_signed(sign);
            if *n == 0 {
                self.mention_counts.remove(e);
            }
            let members = self.entity_members.entry(e.clone()).or_default();
            if sign > 0 {
                members.insert(a.id.clone());
            } else {
                members.remove(&a.id);
                if members.is_empty() {
                    self.entity_members.remove(e);
                }
            }
        }
        for l in &a.claims {
            let c = self.stance_counts.entry(l.claim.clone()).or_default();
            let slot = match l.stance.side() {
                Side::For => &mut c.0,
                Side::Against => &mut c.1,
                Side::Neutral => &mut c.2,
            };
            *slot = slot.saturating_add_signed(sign);
            if *c == (0, 0, 0) {
                self.stance_counts.remove(&l.claim);
            }
            let members = self.members.entry(l.claim.clone()).or_default();
            if sign > 0 {
                members.insert(a.id.clone());
            } else {
                members.remove(&a.id);
                if members.is_empty() {
                    self.members.remove(&l.claim);
                }
            }
        }
    }

    /// Marks a view's parts as stale.
    fn mark(&mut self, f: impl Fn(&mut Stale)) {
        if let Some(c) = &mut self.disagreements {
            f(&mut c.stale);
        }
        if let Some(m) = &mut self.matrix {
            f(&mut m.stale);
        }
        if let Some(m) = &mut self.map {
            f(&mut m.stale);
        }
    }

    /// Folds one change into the counts and notes what else it affects.
    #[allow(clippy::match_same_arms)] // entities and articles are different types
    fn note(&mut self, change: &Change, articles: &mut BTreeSet<ArticleId>) {
        match change {
            Change::Annotation { before, after } => {
                for (a, sign) in [(before, -1), (after, 1)] {
                    let Some(a) = a else { continue };
                    self.count(a, sign);
                    articles.insert(a.article.clone());
                    let explicit = self.contradicts_ends.contains_key(&a.id);
                    self.mark(|s| {
                        s.claims.extend(a.claims.iter().map(|l| l.claim.clone()));
                        s.explicit |= explicit;
                    });
                }
            }
            Change::Link { before, after } => {
                for (l, added) in [(before, false), (after, true)] {
                    let Some(l) = l.as_ref().filter(|l| l.kind == LinkKind::Contradicts) else {
                        continue;
                    };
                    for end in [&l.from, &l.to] {
                        if added {
                            *self.contradicts_ends.entry(end.clone()).or_default() += 1;
                        } else if let Some(n) = self.contradicts_ends.get_mut(end) {
                            *n -= 1;
                            if *n == 0 {
                                self.contradicts_ends.remove(end);
                            }
                        }
                    }
                    // The contradictions on the claims the two ends share change their
                    // reason; a pair with none stands on its own.
                    let mut claims = self.claims_of(&l.from);
                    claims.extend(self.claims_of(&l.to));
                    self.mark(|s| {
                        s.claims.extend(claims.iter().cloned());
                        s.explicit = true;
                    });
                }
            }
            // A claim, speaker or article added or removed: rows and columns, and (claims)
            // which explicit links stand on their own. Renames and verdicts change neither.
            Change::Claim { before, after, .. } if before.is_none() || after.is_none() => {
                self.mark(|s| {
                    s.lists = true;
                    s.explicit = true;
                });
            }
            Change::Entity { before, after, .. } if before.is_none() || after.is_none() => {
                self.mark(|s| s.lists = true);
            }
            Change::Article { before, after, .. } if before.is_none() || after.is_none() => {
                self.mark(|s| s.lists = true);
            }
            // Reviews are read from the project, but they order the disagreements.
            Change::Review { before, after } => {
                let keys: Vec<DisagreementKey> = [before, after]
                    .into_iter()
                    .flatten()
                    .map(|r| r.key.clone())
                    .collect();
                self.mark(|s| s.reviews.extend(keys.iter().cloned()));
            }
            // A whole project comes as `Everything`.
            Change::Claim { .. }
            | Change::Entity { .. }
            | Change::Article { .. }
            | Change::Conflict { .. }
            | Change::Dismissed { .. }
            | Change::Name { .. }
            | Change::Publisher { .. }
            | Change::Project(_) => {}
        }
    }

    /// The spans linked to a claim, by id (unsorted).
    pub fn claim_members(&self, claim: &ClaimId) -> impl Iterator<Item = &AnnotationId> {
        self.members.get(claim).into_iter().flatten()
    }

    /// The annotations related to one: those on a claim it speaks to, and those it is linked
    /// with; sorted by id, without itself. As `analysis::related_annotations`, through the
    /// claim index instead of a scan.
    #[must_use]
    pub fn related(&self, doc: &Document, x: &Annotation) -> Vec<AnnotationId> {
        let mut out: BTreeSet<&AnnotationId> = x
            .claims
            .iter()
            .flat_map(|l| self.claim_members(&l.claim))
            .collect();
        for l in &doc.project().links {
            if l.from == x.id {
                out.insert(&l.to);
            } else if l.to == x.id {
                out.insert(&l.from);
            }
        }
        out.remove(&x.id);
        out.into_iter()
            .filter(|id| doc.annotation(id).is_some())
            .cloned()
            .collect()
    }

    /// An entity's mentions, in annotation order.
    #[must_use]
    pub fn mentions<'d>(&self, doc: &'d Document, entity: &EntityId) -> Vec<&'d Annotation> {
        let mut found: Vec<&Annotation> = self
            .entity_members
            .get(entity)
            .into_iter()
            .flatten()
            .filter_map(|id| doc.annotation(id))
            .collect();
        found.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
        found
    }

    /// A claim's spans with their links to it, in annotation order.
    #[must_use]
    pub fn claim_spans<'d>(
        &self,
        doc: &'d Document,
        claim: &ClaimId,
    ) -> Vec<(&'d Annotation, &'d ClaimLink)> {
        claim_spans(doc, claim, &self.members)
    }

    /// The claims a span is counted under.
    fn claims_of(&self, id: &AnnotationId) -> Vec<ClaimId> {
        self.members
            .iter()
            .filter(|(_, m)| m.contains(id))
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// The span index after changes: the ends and depths of the articles whose spans
    /// changed, and the ranges of the articles after them shifted by the number of spans
    /// added or removed (no search through the annotations for the others).
    fn update_spans(&mut self, p: &Project, changed: &BTreeSet<ArticleId>) {
        if changed.is_empty() {
            return;
        }
        let all = &p.annotations;
        let run_of = |article: &ArticleId| {
            let start = all.partition_point(|a| &a.article < article);
            start..start + all[start..].partition_point(|a| &a.article == article)
        };
        let mut grown: Vec<(&ArticleId, isize)> = Vec::new();
        for article in changed {
            let range = run_of(article);
            let before = self.spans.get(article).map_or(0, |s| s.range.len());
            let delta = isize::try_from(range.len()).unwrap_or(isize::MAX)
                - isize::try_from(before).unwrap_or(isize::MAX);
            if delta != 0 {
                grown.push((article, delta));
            }
            if range.is_empty() {
                self.spans.remove(article);
            } else {
                self.spans.insert(
                    article.clone(),
                    ArticleSpans::of(&all[range.clone()], range),
                );
            }
        }
        if grown.is_empty() {
            return;
        }
        for (article, spans) in &mut self.spans {
            if changed.contains(article) {
                continue;
            }
            let shift: isize = grown
                .iter()
                .filter(|(c, _)| *c < article)
                .map(|(_, d)| d)
                .sum();
            if shift != 0 {
                spans.range = spans.range.start.saturating_add_signed(shift)
                    ..spans.range.end.saturating_add_signed(shift);
            }
        }
    }

    /// Every disagreement in review order ([`analysis::sort_disagreements`]), each with its
    /// contradicting pairs; updated for what changed since it was last asked for: the
    /// disagreements of the claims whose spans changed are found again, the rest stay, and
    /// the list is sorted again (the disagreements, not the pairs).
    pub fn disagreements(&mut self, doc: &Document) -> &[Arc<Disagreement>] {
        self.refresh(doc);
        // Most frames have nothing to bring up to date: they take the list as it is, without
        // going through the project's links.
        if self
            .disagreements
            .as_ref()
            .is_some_and(|lazy| lazy.stale.is_empty())
        {
            return self.cached_disagreements();
        }
        let p = doc.project();
        let members = &self.members;
        let explicit = ExplicitPairs::new(p, |id| doc.annotation(id));
        let fresh = |claim: &ClaimId| {
            let pairs =
                analysis::claim_contradictions(claim, &claim_spans(doc, claim, members), &explicit);
            analysis::group(pairs, |id| doc.annotation(id))
        };
        let linked = || {
            let pairs = analysis::explicit_contradictions(p, |id| doc.annotation(id), &explicit);
            analysis::group(pairs, |id| doc.annotation(id))
        };
        // The first time, all of them as the exports find them (on two threads).
        let lazy = self.disagreements.get_or_insert_with(|| Lazy {
            value: Sorted::of_sorted(analysis::disagreements(p), p),
            stale: Stale::default(),
        });
        let stale = std::mem::take(&mut lazy.stale);
        let sorted = &mut lazy.value;
        if stale.lists {
            // Claims came, went or moved: their order is part of the review order.
            let mut list: Vec<Disagreement> = std::mem::take(&mut sorted.items)
                .into_iter()
                .map(Arc::unwrap_or_clone)
                .collect();
            list.retain(|d| {
                d.claim
                    .as_ref()
                    .is_none_or(|c| p.claim(c).is_some() && !stale.claims.contains(c))
                    && !(stale.explicit && d.kind == analysis::Kind::Linked)
            });
            for claim in &stale.claims {
                if p.claim(claim).is_some() {
                    list.extend(fresh(claim));
                }
            }
            if stale.explicit {
                list.extend(linked());
            }
            *sorted = Sorted::new(list, p);
            return &sorted.items;
        }
        // Otherwise the list stays sorted: the changed ones are taken out, found again (or
        // moved for their new review), sorted among themselves and merged back in one pass.
        let gone = |d: &Disagreement| match &d.claim {
            Some(c) => stale.claims.contains(c),
            None => stale.explicit,
        };
        let mut changed: Vec<Arc<Disagreement>> = Vec::new();
        for claim in &stale.claims {
            if p.claim(claim).is_some() {
                changed.extend(fresh(claim).into_iter().map(Arc::new));
            }
        }
        if stale.explicit {
            changed.extend(linked().into_iter().map(Arc::new));
        }
        if !stale.reviews.is_empty() {
            changed.extend(
                sorted
                    .items
                    .iter()
                    .filter(|d| stale.reviews.contains(&d.key) && !gone(d))
                    .cloned(),
            );
        }
        sorted.merge(
            changed,
            |d| gone(d) || stale.reviews.contains(&d.key),
            &analysis::ReviewOrder::new(p),
        );
        &sorted.items
    }

    /// Whether the disagreement at an index of [`Self::cached_disagreements`] is still open.
    #[must_use]
    pub fn disagreement_open(&self, i: usize) -> bool {
        self.disagreements
            .as_ref()
            .and_then(|lazy| lazy.value.keys.get(i))
            .is_some_and(|k| !k.0)
    }

    /// The speakers map, its claim rows updated for what changed since it was last shown.
    pub fn speaker_map(&mut self, doc: &Document) -> &analysis::SpeakerMap {
        self.refresh(doc);
        let p = doc.project();
        let members = &self.members;
        let explicit = ExplicitPairs::new(p, |id| doc.annotation(id));
        let row = |claim: &ClaimId| {
            let spans = claim_spans(doc, claim, members);
            let pairs = analysis::claim_contradictions(claim, &spans, &explicit);
            analysis::map_row(&spans, &analysis::group(pairs, |id| doc.annotation(id)))
        };
        let lazy = self.map.get_or_insert_with(|| {
            // The first time, from the disagreements when they are up to date (the Review tab
            // or an export found them), else from each claim's pairs.
            let mut found: FastMap<&ClaimId, Vec<&Disagreement>> = FastMap::default();
            let current = self.disagreements.as_ref().filter(|l| l.stale.is_empty());
            for d in current.iter().flat_map(|l| &l.value.items) {
                if let Some(c) = &d.claim {
                    found.entry(c).or_default().push(d);
                }
            }
            let mut rows = FastMap::default();
            let mut totals = analysis::MapTotals::default();
            for claim in &p.claims {
                if rows.contains_key(&claim.id) {
                    continue;
                }
                let r = if current.is_some() {
                    let spans = claim_spans(doc, &claim.id, members);
                    let mine = found.get(&claim.id).into_iter().flatten().copied();
                    analysis::map_row(&spans, mine)
                } else {
                    row(&claim.id)
                };
                totals.apply(&claim.id, &r, true);
                rows.insert(claim.id.clone(), r);
            }
            let map = totals.map(p);
            Lazy {
                value: MapView { rows, totals, map },
                stale: Stale::default(),
            }
        });
        let stale = std::mem::take(&mut lazy.stale);
        let view = &mut lazy.value;
        if stale.claims.is_empty() && !stale.lists {
            return &view.map;
        }
        let mut redo: BTreeSet<ClaimId> = stale.claims;
        if stale.lists {
            // Claims gone; claims new (their spans come as changes too, but a claim added
            // back by an undo may bring none).
            redo.extend(view.rows.keys().filter(|c| p.claim(c).is_none()).cloned());
            redo.extend(
                p.claims
                    .iter()
                    .filter(|c| !view.rows.contains_key(&c.id))
                    .map(|c| c.id.clone()),
            );
        }
        for claim in &redo {
            if let Some(old) = view.rows.remove(claim) {
                view.totals.apply(claim, &old, false);
            }
            if p.claim(claim).is_some() {
                let new = row(claim);
                view.totals.apply(claim, &new, true);
                view.rows.insert(claim.clone(), new);
            }
        }
        view.map = view.totals.map(p);
        &view.map
    }

    /// The claims behind an edge of the map (as last brought up to date), each with the quotes
    /// the two speakers carry on it, in project order.
    #[must_use]
    pub fn map_edge_claims(
        &self,
        doc: &Document,
        edge: (&EntityId, &EntityId, bool),
    ) -> Vec<(ClaimId, usize)> {
        self.map.as_ref().map_or_else(Vec::new, |lazy| {
            analysis::edge_claims(doc.project(), lazy.value.rows.iter(), edge)
        })
    }

    /// The disagreements as last brought up to date by [`Self::disagreements`] (empty before
    /// the first call), for a view that also needs the matrix in the same frame.
    #[must_use]
    pub fn cached_disagreements(&self) -> &[Arc<Disagreement>] {
        self.disagreements
            .as_ref()
            .map_or(&[], |lazy| lazy.value.items.as_slice())
    }

    /// The speakers map as last brought up to date by [`Self::speaker_map`].
    #[must_use]
    pub fn cached_map(&self) -> Option<&analysis::SpeakerMap> {
        self.map.as_ref().map(|lazy| &lazy.value.map)
    }

    /// The matrix as last brought up to date by [`Self::matrix`].
    #[must_use]
    pub fn cached_matrix(&self) -> Option<&Matrix> {
        self.matrix.as_ref().map(|lazy| &lazy.value.matrix)
    }

    /// The matrix for an axis; its rows updated for what changed since it was last shown.
    pub fn matrix(&mut self, doc: &Document, axis: Axis) -> &Matrix {
        self.refresh(doc);
        let p = doc.project();
        let members = &self.members;
        let row = |claim: &ClaimId| analysis::matrix_row(axis, &claim_spans(doc, claim, members));
        if self.matrix.as_ref().is_none_or(|m| m.value.axis != axis) {
            let rows: FastMap<ClaimId, MatrixRow> = p
                .claims
                .iter()
                .map(|c| (c.id.clone(), row(&c.id)))
                .collect();
            let matrix = analysis::assemble_matrix(p, axis, |id| rows.get(id));
            self.matrix = Some(Lazy {
                value: MatrixCache { axis, rows, matrix },
                stale: Stale::default(),
            });
        }
        let Some(lazy) = self.matrix.as_mut() else {
            unreachable!("the matrix was built above");
        };
        let stale = std::mem::take(&mut lazy.stale);
        let m = &mut lazy.value;
        if stale.lists {
            for claim in &stale.claims {
                m.rows.insert(claim.clone(), row(claim));
            }
            m.rows.retain(|id, _| p.claim(id).is_some());
            for claim in &p.claims {
                if !m.rows.contains_key(&claim.id) {
                    m.rows.insert(claim.id.clone(), row(&claim.id));
                }
            }
            m.matrix = analysis::assemble_matrix(p, axis, |id| m.rows.get(id));
            return &m.matrix;
        }
        if stale.claims.is_empty() {
            return &m.matrix;
        }
        // Whether a column comes or goes is told by the changed rows: one that a changed
        // row used before or uses now, and no other row uses.
        let mut touched_columns: BTreeSet<analysis::Column> = BTreeSet::new();
        for claim in &stale.claims {
            let old = m.rows.remove(claim);
            touched_columns.extend(old.iter().flat_map(|r| r.keys().cloned()));
            if p.claim(claim).is_some() {
                let new = row(claim);
                touched_columns.extend(new.keys().cloned());
                m.rows.insert(claim.clone(), new);
            }
        }
        let shown: BTreeSet<&analysis::Column> = m.matrix.columns.iter().collect();
        let columns_changed = touched_columns.iter().any(|c| {
            let used = m.rows.values().any(|r| r.contains_key(c));
            used != shown.contains(c)
        });
        if columns_changed {
            // A speaker or article column came or went: every row is laid out again.
            m.matrix = analysis::assemble_matrix(p, axis, |id| m.rows.get(id));
            return &m.matrix;
        }
        // The same columns: only the changed rows are filled in again.
        for claim in &stale.claims {
            let cells = m.rows.get(claim);
            for r in 0..m.matrix.rows.len() {
                if &m.matrix.rows[r] != claim {
                    continue;
                }
                m.matrix.cells[r] = m
                    .matrix
                    .columns
                    .iter()
                    .map(|c| {
                        cells
                            .and_then(|cells| cells.get(c))
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect();
            }
        }
        &m.matrix
    }
}

/// A claim's spans with their links to it, in annotation order.
fn claim_spans<'d>(
    doc: &'d Document,
    claim: &ClaimId,
    members: &FastMap<ClaimId, BTreeSet<AnnotationId>>,
) -> Vec<(&'d Annotation, &'d ClaimLink)> {
    let mut spans: Vec<(&Annotation, &ClaimLink)> = members
        .get(claim)
        .into_iter()
        .flatten()
        .filter_map(|id| doc.annotation(id))
        .flat_map(|a| {
            a.claims
                .iter()
                .filter(|l| &l.claim == claim)
                .map(move |l| (a, l))
        })
        .collect();
    // Stable: a span's links keep their saved order.
    spans.sort_by(|(x, _), (y, _)| x.sort_key().cmp(&y.sort_key()));
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_counts_enclosing_spans() {
        let ann = |start, end| std::sync::Arc::new(Annotation::bare("a", start..end, ""));
        let a = [ann(0, 10), ann(2, 5), ann(3, 4), ann(6, 8), ann(12, 14)];
        assert_eq!(nesting_depths(&a), vec![0, 1, 2, 1, 0]);
    }
}
