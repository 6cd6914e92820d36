//! How far two checkers' copies of one project agree (inter-annotator agreement). Pure.
//!
//! Per article and over all articles:
//! - **Spans, exact**: spans with the same start and end in both copies, paired one to one;
//!   F1 = 2·matched / (spans in A + spans in B) (precision and recall of one copy against the
//!   other; the measure does not depend on which copy is A).
//! - **Spans, overlap**: spans that share at least one character, paired one to one, the
//!   largest overlaps first; F1 as above.
//! - **Entity links** on overlap-matched pairs: an entity both copies have is matched by id
//!   (renamed in one copy, it is still one), one made in each copy on its own by folded name
//!   (so two copies that each made "Reuters" agree); F1 = 2·common / (links in A + links in B).
//! - **Stance** on each matched pair × claim that either copy links (claims matched like
//!   entities: by id, or by folded statement for claims made separately): the label is the
//!   stance, or "none" where a copy does not link the claim. Cohen's κ = (pₒ − pₑ) / (1 − pₑ),
//!   pₒ the share of items with the same label, pₑ = Σₖ (Aₖ/n)(Bₖ/n) the agreement expected by
//!   chance from each copy's label counts. κ is undefined (`None`) with no items, or when both
//!   copies give every item one label.
//!
//! Every difference is listed with both quotes, to jump to.

use crate::merge::fold;
use crate::model::{Annotation, ArticleId, Project};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One copy's span in a difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanRef {
    pub id: String,
    pub char_start: usize,
    pub char_end: usize,
    pub quote: String,
}

impl SpanRef {
    fn of(a: &Annotation) -> Self {
        Self {
            id: a.id.0.clone(),
            char_start: a.char_start,
            char_end: a.char_end,
            quote: a.quote.clone(),
        }
    }
}

/// What differs between the two copies at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// Highlighted in A only.
    OnlyA,
    /// Highlighted in B only.
    OnlyB,
    /// Both highlighted it, with different boundaries.
    Boundaries,
    /// Both highlighted it, linked to different entities.
    Entities,
    /// Both highlighted it, with a different stance (or none) on one claim.
    Stance,
}

impl DifferenceKind {
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::OnlyA => "only in A",
            Self::OnlyB => "only in B",
            Self::Boundaries => "boundaries differ",
            Self::Entities => "entities differ",
            Self::Stance => "stance differs",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    pub article: String,
    pub kind: DifferenceKind,
    pub a: Option<SpanRef>,
    pub b: Option<SpanRef>,
    /// What differs, in words ("A: Iran; B: Iran, Iran UN mission").
    pub detail: String,
}

/// Cohen's kappa with the counts it comes from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Kappa {
    /// Matched span × claim items.
    pub items: usize,
    /// Items both copies gave the same label.
    pub agreed: usize,
    pub observed: Option<f64>,
    pub expected: Option<f64>,
    pub kappa: Option<f64>,
    /// How many items got each (A label, B label).
    pub table: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The figures of one article, or of all.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub spans_a: usize,
    pub spans_b: usize,
    pub exact_matches: usize,
    pub exact_f1: Option<f64>,
    pub overlap_matches: usize,
    pub overlap_f1: Option<f64>,
    pub entity_links_a: usize,
    pub entity_links_b: usize,
    pub entity_links_common: usize,
    pub entity_f1: Option<f64>,
    pub stance: Kappa,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleFigures {
    pub article: String,
    pub title: String,
    pub figures: Figures,
}

/// The comparison of two copies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub articles: Vec<ArticleFigures>,
    pub overall: Figures,
    pub differences: Vec<Difference>,
    /// Articles only one copy has (not compared).
    pub unmatched_articles: Vec<String>,
}

/// 2·m / (a + b); `None` when both are empty.
#[must_use]
pub fn f1(matched: usize, a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * matched as f64 / (a + b) as f64)
}

/// Cohen's kappa of labelled items (A's label, B's label).
#[must_use]
pub fn kappa(items: &[(String, String)]) -> Kappa {
    let n = items.len();
    let mut k = Kappa {
        items: n,
        ..Kappa::default()
    };
    if n == 0 {
        return k;
    }
    let mut count_a: BTreeMap<&str, usize> = BTreeMap::new();
    let mut count_b: BTreeMap<&str, usize> = BTreeMap::new();
    for (a, b) in items {
        *count_a.entry(a).or_default() += 1;
        *count_b.entry(b).or_default() += 1;
        *k.table
            .entry(a.clone())
            .or_default()
            .entry(b.clone())
            .or_default() += 1;
        if a == b {
            k.agreed += 1;
        }
    }
    let nf = n as f64;
    let po = k.agreed as f64 / nf;
    let pe: f64 = count_a
        .iter()
        .map(|(label, ca)| {
            let cb = count_b.get(label).copied().unwrap_or(0);
            (*ca as f64 / nf) * (cb as f64 / nf)
        })
        .sum();
    k.observed = Some(po);
    k.expected = Some(pe);
    k.kappa = ((1.0 - pe).abs() > 1e-12).then(|| (po - pe) / (1.0 - pe));
    k
}

/// Compares copy `a` with copy `b`.
#[must_use]
pub fn agreement(a: &Project, b: &Project) -> Agreement {
    // An entity (a claim) both copies have under one id is one, whatever each calls it; one
    // made in each copy separately is matched by its folded name (statement).
    let mut labels = HashMap::new();
    let mut keys = |this: &Project, other: &Project| -> (Keys, Keys) {
        let mut entities = HashMap::new();
        for e in &this.entities {
            let key = if other.entity(&e.id).is_some() {
                format!("id {}", e.id)
            } else {
                format!("name {}", fold(&e.name))
            };
            labels.entry(key.clone()).or_insert_with(|| e.name.clone());
            entities.insert(e.id.0.clone(), key);
        }
        let mut claims = HashMap::new();
        for c in &this.claims {
            let key = if other.claim(&c.id).is_some() {
                format!("id {}", c.id)
            } else {
                format!("statement {}", fold(&c.statement))
            };
            labels
                .entry(key.clone())
                .or_insert_with(|| c.statement.clone());
            claims.insert(c.id.0.clone(), key);
        }
        (entities, claims)
    };
    let (entities_a, claims_a) = keys(a, b);
    let (entities_b, claims_b) = keys(b, a);
    let ctx = Context {
        entities: (entities_a, entities_b),
        claims: (claims_a, claims_b),
        labels,
    };
    let mut out = Agreement {
        articles: Vec::new(),
        overall: Figures::default(),
        differences: Vec::new(),
        unmatched_articles: Vec::new(),
    };
    let mut all_items = Vec::new();
    for art in &a.articles {
        if b.article(&art.id).is_none() {
            out.unmatched_articles.push(art.id.0.clone());
            continue;
        }
        let spans_a: Vec<&Annotation> = a.annotations_of(&art.id).collect();
        let spans_b: Vec<&Annotation> = b.annotations_of(&art.id).collect();
        let (figures, items) = ctx.article(&art.id, &spans_a, &spans_b, &mut out.differences);
        add(&mut out.overall, &figures);
        all_items.extend(items);
        out.articles.push(ArticleFigures {
            article: art.id.0.clone(),
            title: art.display_title(),
            figures,
        });
    }
    for art in &b.articles {
        if a.article(&art.id).is_none() {
            out.unmatched_articles.push(art.id.0.clone());
        }
    }
    let o = &mut out.overall;
    o.exact_f1 = f1(o.exact_matches, o.spans_a, o.spans_b);
    o.overlap_f1 = f1(o.overlap_matches, o.spans_a, o.spans_b);
    o.entity_f1 = f1(o.entity_links_common, o.entity_links_a, o.entity_links_b);
    o.stance = kappa(&all_items);
    out
}

fn add(total: &mut Figures, f: &Figures) {
    total.spans_a += f.spans_a;
    total.spans_b += f.spans_b;
    total.exact_matches += f.exact_matches;
    total.overlap_matches += f.overlap_matches;
    total.entity_links_a += f.entity_links_a;
    total.entity_links_b += f.entity_links_b;
    total.entity_links_common += f.entity_links_common;
}

/// Each entity's (claim's) key by id in one copy.
type Keys = HashMap<String, String>;

struct Context {
    entities: (Keys, Keys),
    claims: (Keys, Keys),
    /// A key's name or statement, as the copies give it.
    labels: HashMap<String, String>,
}

impl Context {
    fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels.get(key).map_or(key, String::as_str)
    }
}

impl Context {
    fn article(
        &self,
        article: &ArticleId,
        spans_a: &[&Annotation],
        spans_b: &[&Annotation],
        differences: &mut Vec<Difference>,
    ) -> (Figures, Vec<(String, String)>) {
        let mut f = Figures {
            spans_a: spans_a.len(),
            spans_b: spans_b.len(),
            ..Figures::default()
        };
        // Exact: one to one by (start, end).
        let mut by_place: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (j, s) in spans_b.iter().enumerate() {
            by_place
                .entry((s.char_start, s.char_end))
                .or_default()
                .push(j);
        }
        for s in spans_a {
            if let Some(js) = by_place.get_mut(&(s.char_start, s.char_end))
                && js.pop().is_some()
            {
                f.exact_matches += 1;
            }
        }
        let pairs = overlap_pairs(spans_a, spans_b);
        f.overlap_matches = pairs.len();
        let matched_a: BTreeSet<usize> = pairs.iter().map(|p| p.0).collect();
        let matched_b: BTreeSet<usize> = pairs.iter().map(|p| p.1).collect();
        let mut found = Found {
            article,
            items: Vec::new(),
            differences: Vec::new(),
        };
        for (i, s) in spans_a.iter().enumerate() {
            if !matched_a.contains(&i) {
                found.push(DifferenceKind::OnlyA, Some(s), None, String::new());
            }
        }
        for (j, s) in spans_b.iter().enumerate() {
            if !matched_b.contains(&j) {
                found.push(DifferenceKind::OnlyB, None, Some(s), String::new());
            }
        }
        for &(i, j) in &pairs {
            self.pair(spans_a[i], spans_b[j], &mut f, &mut found);
        }
        found.differences.sort_by_key(|(start, _)| *start);
        differences.extend(found.differences.into_iter().map(|(_, d)| d));
        f.exact_f1 = f1(f.exact_matches, f.spans_a, f.spans_b);
        f.overlap_f1 = f1(f.overlap_matches, f.spans_a, f.spans_b);
        f.entity_f1 = f1(f.entity_links_common, f.entity_links_a, f.entity_links_b);
        f.stance = kappa(&found.items);
        (f, found.items)
    }

    /// Compares two matched spans: their boundaries, entities and stances.
    fn pair(&self, x: &Annotation, y: &Annotation, f: &mut Figures, found: &mut Found) {
        if (x.char_start, x.char_end) != (y.char_start, y.char_end) {
            let detail = format!(
                "A {}..{}, B {}..{}",
                x.char_start, x.char_end, y.char_start, y.char_end
            );
            found.push(DifferenceKind::Boundaries, Some(x), Some(y), detail);
        }
        let names = |s: &Annotation, of: &HashMap<String, String>| -> BTreeSet<String> {
            s.entities
                .iter()
                .filter_map(|e| of.get(&e.0).cloned())
                .collect()
        };
        let (ea, eb) = (names(x, &self.entities.0), names(y, &self.entities.1));
        f.entity_links_a += ea.len();
        f.entity_links_b += eb.len();
        f.entity_links_common += ea.intersection(&eb).count();
        if ea != eb {
            let list = |s: &BTreeSet<String>| {
                if s.is_empty() {
                    "none".to_owned()
                } else {
                    s.iter()
                        .map(|k| self.label(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let detail = format!("A: {}; B: {}", list(&ea), list(&eb));
            found.push(DifferenceKind::Entities, Some(x), Some(y), detail);
        }
        let sa = stances(x, &self.claims.0);
        let sb = stances(y, &self.claims.1);
        let claims: BTreeSet<&String> = sa.keys().chain(sb.keys()).collect();
        for claim in claims {
            let la = sa.get(claim).cloned().unwrap_or_else(|| "none".to_owned());
            let lb = sb.get(claim).cloned().unwrap_or_else(|| "none".to_owned());
            if la != lb {
                let detail = format!("on \u{201c}{}\u{201d}: A {la}, B {lb}", self.label(claim));
                found.push(DifferenceKind::Stance, Some(x), Some(y), detail);
            }
            found.items.push((la, lb));
        }
    }
}

/// What one article's comparison found so far.
struct Found<'a> {
    article: &'a ArticleId,
    items: Vec<(String, String)>,
    /// Each with where it starts, to list them in reading order.
    differences: Vec<(usize, Difference)>,
}

impl Found<'_> {
    fn push(
        &mut self,
        kind: DifferenceKind,
        x: Option<&Annotation>,
        y: Option<&Annotation>,
        detail: String,
    ) {
        let start = x
            .into_iter()
            .chain(y)
            .map(|s| s.char_start)
            .min()
            .unwrap_or(0);
        self.differences.push((
            start,
            Difference {
                article: self.article.0.clone(),
                kind,
                a: x.map(SpanRef::of),
                b: y.map(SpanRef::of),
                detail,
            },
        ));
    }
}

/// A span's stance on each claim it links, by folded statement ("asserts", or
/// "asserts+denies" where it gives several speakers different stances).
fn stances(s: &Annotation, claims: &HashMap<String, String>) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    for l in &s.claims {
        let key = claims
            .get(&l.claim.0)
            .cloned()
            .unwrap_or_else(|| l.claim.0.clone());
        out.entry(key).or_default().insert(l.stance.label());
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect::<Vec<_>>().join("+")))
        .collect()
}

/// Spans of A and B that overlap, paired one to one, largest overlap first (ties: earlier
/// spans first).
fn overlap_pairs(a: &[&Annotation], b: &[&Annotation]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    // Both lists are sorted by start: B's spans that can overlap A's start after it begins.
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            if y.char_start >= x.char_end {
                break;
            }
            let overlap = x
                .char_end
                .min(y.char_end)
                .saturating_sub(x.char_start.max(y.char_start));
            if overlap > 0 {
                candidates.push((std::cmp::Reverse(overlap), i, j));
            }
        }
    }
    candidates.sort_unstable();
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_unstable();
    pairs
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.3}"))
}

/// One line of figures: spans, exact and overlap F1, entity F1, stance κ with its counts.
#[must_use]
pub fn figures_line(f: &Figures) -> String {
    format!(
        "spans A {} B {} · exact {} (F1 {}) · overlap {} (F1 {}) · entity links {}/{}/{} common (F1 {}) · stance κ {} ({} of {} agree, pₒ {}, pₑ {})",
        f.spans_a,
        f.spans_b,
        f.exact_matches,
        figure(f.exact_f1),
        f.overlap_matches,
        figure(f.overlap_f1),
        f.entity_links_a,
        f.entity_links_b,
        f.entity_links_common,
        figure(f.entity_f1),
        figure(f.stance.kappa),
        f.stance.agreed,
        f.stance.items,
        figure(f.stance.observed),
        figure(f.stance.expected),
    )
}

/// The comparison as text: overall, per article, then every difference.
#[must_use]
pub fn report(a: &Agreement) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Overall: {}", figures_line(&a.overall));
    for art in &a.articles {
        let _ = writeln!(
            out,
            "{} ({}): {}",
            art.article,
            art.title,
            figures_line(&art.figures)
        );
    }
    for id in &a.unmatched_articles {
        let _ = writeln!(out, "{id}: in one copy only, not compared");
    }
    let _ = writeln!(out, "{} difference(s)", a.differences.len());
    let quote = |s: &Option<SpanRef>| {
        s.as_ref().map_or_else(
            || "—".to_owned(),
            |s| {
                format!(
                    "{}..{} \u{201c}{}\u{201d}",
                    s.char_start, s.char_end, s.quote
                )
            },
        )
    };
    for d in &a.differences {
        let _ = writeln!(
            out,
            "  {} {}: A {} · B {}{}",
            d.article,
            d.kind.label(),
            quote(&d.a),
            quote(&d.b),
            if d.detail.is_empty() {
                String::new()
            } else {
                format!(" · {}", d.detail)
            }
        );
    }
    out
}
