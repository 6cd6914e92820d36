//! The speakers map: speakers as nodes, an edge for each pair on opposite sides (or the same
//! side) of some claim, summed from one row per claim so an edit updates only its claims.

use super::{Disagreement, Kind, claim_positions, spans_by_claim};
use crate::model::{Annotation, ClaimId, EntityId, Project, Side as StanceSide};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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
        let claim_at = claim_positions(project);
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
    let claim_at = claim_positions(project);
    out.sort_by_key(|(c, _)| claim_at.get(c).copied());
    out
}
