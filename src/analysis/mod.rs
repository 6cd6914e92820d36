//! Where sources disagree: disagreements (a claim and the two speakers on opposite sides of
//! it, with every quote on each side), the contradicting quote pairs they gather, the claims ×
//! speakers (or × articles) matrix, the speakers map and a claim's timeline. Pure functions
//! over the project; they never change it.

use crate::model::{
    Annotation, AnnotationId, ArticleId, ClaimId, ContradictionKey, EntityId, LinkKind, Project,
    Side as StanceSide, Stance,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod disagreements;
mod matrix;
pub mod provenance;
mod speakers;
mod timeline;

pub use disagreements::*;
pub use matrix::*;
pub use speakers::*;
pub use timeline::*;

/// Each claim's position in the project (the first, for an id given twice).
fn claim_positions(project: &Project) -> crate::model::FastMap<&ClaimId, usize> {
    let mut at = crate::model::FastMap::default();
    for (i, c) in project.claims.iter().enumerate() {
        at.entry(&c.id).or_insert(i);
    }
    at
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Claim, ClaimLink, Entity, EntityKind, Rgb, SpanLink, Verdict};

    fn project() -> Project {
        let mut p = Project::new("t");
        for id in ["a1", "a2"] {
            p.articles.push(Article {
                author: None,
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
                same_as: Vec::new(),
            });
        }
        for (id, statement) in [
            ("c1", "Iran hacked the campaign"),
            ("c2", "It was unsuccessful"),
        ] {
            p.claims.push(Claim {
                review_url: None,
                created_by: None,
                modified: None,
                modified_by: None,
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
            created_by: None,
            modified: None,
            modified_by: None,
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
                    created_by: None,
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
                created_by: None,
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
