//! Disagreements: a claim and the two speakers on opposite sides of it (or two spans linked as
//! contradicting), each side with every quote that carries it, gathering the contradicting
//! pairs as evidence; and the order a checker reviews them in.

use super::{
    Contradiction, ExplicitPairs, Side, claim_contradictions, claim_positions,
    explicit_contradictions, ordered, spans_by_claim,
};
use crate::model::{
    Annotation, AnnotationId, ArticleId, ClaimId, DisagreementKey, EntityId, Project, ReviewState,
    Stance,
};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::Arc;

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
        Self {
            project,
            claim_at: claim_positions(project),
        }
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
