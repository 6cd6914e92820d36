//! Which articles found it out for themselves: passages of text two articles share, the
//! publications an article cites, and the families of articles joined by copied text or by
//! citing one another. Pure: texts in, findings out.
//!
//! Shared passages are found through word shingles, not by comparing every pair of texts. A
//! text is normalised to its words: letters and digits, lowercased; punctuation, quotation
//! marks and whitespace fold away. An index maps each run of [`SHINGLE`] words to where it
//! occurs. Two articles sharing runs on one diagonal form a passage. Runs on nearby diagonals
//! with a gap of up to [`GAP`] words (a changed word, an inserted adjective) join into one
//! passage. A passage shorter than [`MIN_WORDS`] is a stock phrase, not a passage. A passage is
//! a `quotation` when most of it lies inside quotation marks in either article, or when a colon
//! introduces it; otherwise it is `copied`.

use crate::model::{ArticleId, EntityId, EntityKind, Project};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// Words per shingle.
pub const SHINGLE: usize = 6;
/// Words that may differ inside one passage.
pub const GAP: usize = 4;
/// A passage has at least this many words. Chosen from the sample: the phrases its five
/// reports share by chance are organisation names and set phrases of 6 to 9 words ("and the
/// Office of the Director of National Intelligence"), while the one real reuse (a statement
/// two of them quote) is 21 words.
pub const MIN_WORDS: usize = 12;
/// A shingle found in more articles than this is boilerplate (a site's footer), not evidence.
const MAX_POSTINGS: usize = 64;

/// How a shared passage came to be in both articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// Shared prose outside quotation marks: wire copy, or one copied the other.
    Copied,
    /// Both quote one source: normal journalism, no dependence.
    Quotation,
}

/// Where a passage lies in one article (code points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PassageSide {
    pub article_id: ArticleId,
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
}

/// Text two articles share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub kind: PassageKind,
    /// Words in the longer of the two sides.
    pub words: usize,
    pub a: PassageSide,
    pub b: PassageSide,
}

/// Where a citation's cue is (code points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cue {
    pub char_start: usize,
    pub char_end: usize,
    pub text: String,
}

/// An article attributing its information to a publication or agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub article_id: ArticleId,
    /// The outlet's name as written.
    pub cited: String,
    pub entity_id: Option<EntityId>,
    pub cited_article_id: Option<ArticleId>,
    pub cue: Cue,
}

/// Everything found, in the JSON shape `crosscheck-provenance/1`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub passages: Vec<Passage>,
    pub citations: Vec<Citation>,
    /// Each article in exactly one family; families in the order of their first article.
    pub families: Vec<Vec<ArticleId>>,
}

impl Provenance {
    /// The family (index into `families`) of each article.
    #[must_use]
    pub fn family_of(&self) -> HashMap<&ArticleId, usize> {
        let mut out = HashMap::new();
        for (i, f) in self.families.iter().enumerate() {
            for a in f {
                out.insert(a, i);
            }
        }
        out
    }
}

/// One article's words, each with its place and whether quotation marks enclose it.
struct Words {
    /// (char start, char end) of each word.
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    quoted: Vec<bool>,
    /// The character before each word, skipping spaces (for "…: " introductions).
    before: Vec<char>,
}

fn words_of(text: &str) -> Words {
    let hasher = foldhash::fast::FixedState::with_seed(7);
    let mut w = Words {
        spans: Vec::new(),
        hashes: Vec::new(),
        quoted: Vec::new(),
        before: Vec::new(),
    };
    let mut in_quotes = false;
    // The word being read: where it starts and the hash of its lowercase letters so far.
    let mut current: Option<(usize, foldhash::fast::FoldHasher)> = None;
    let mut last_mark = ' ';
    let finish = |w: &mut Words, start: usize, end: usize, h: u64, q: bool, b: char| {
        w.spans.push((start, end));
        w.hashes.push(h);
        w.quoted.push(q);
        w.before.push(b);
    };
    let mut count = 0;
    for (i, c) in text.chars().enumerate() {
        count = i + 1;
        if c.is_alphanumeric() {
            let h = &mut current.get_or_insert_with(|| (i, hasher.build_hasher())).1;
            if c.is_ascii() {
                h.write_u32(u32::from(c.to_ascii_lowercase()));
            } else {
                for l in c.to_lowercase() {
                    h.write_u32(u32::from(l));
                }
            }
            continue;
        }
        // Apostrophes inside a word (Iran's, l'homme) keep it one word.
        if matches!(c, '\'' | '’') && current.is_some() {
            continue;
        }
        if let Some((start, h)) = current.take() {
            finish(&mut w, start, i, h.finish(), in_quotes, last_mark);
            last_mark = ' ';
        }
        match c {
            '“' | '«' | '„' => in_quotes = true,
            // Unbalanced quotes end with their paragraph.
            '”' | '»' | '\n' => in_quotes = false,
            '"' => in_quotes = !in_quotes,
            _ => {}
        }
        if !c.is_whitespace() {
            last_mark = c;
        }
    }
    if let Some((start, h)) = current.take() {
        finish(&mut w, start, count, h.finish(), in_quotes, last_mark);
    }
    w
}

/// A run of shared words: `len` words from `a` in the first article and `b` in the second.
#[derive(Clone, Copy, Debug)]
struct Run {
    a: usize,
    b: usize,
    a_end: usize,
    b_end: usize,
}

/// The maximal shared passages between two articles, from their shared shingle positions.
fn runs(mut matches: Vec<(u32, u32)>) -> Vec<Run> {
    // Exact runs: consecutive shingles on one diagonal.
    matches.sort_unstable_by_key(|&(a, b)| (i64::from(b) - i64::from(a), a));
    matches.dedup();
    let mut exact: Vec<Run> = Vec::new();
    for (a, b) in matches {
        let (a, b) = (a as usize, b as usize);
        if let Some(r) = exact.last_mut()
            && b + r.a == r.b + a
            && a < r.a_end - SHINGLE + 2
        {
            r.a_end = r.a_end.max(a + SHINGLE);
            r.b_end = r.b_end.max(b + SHINGLE);
            continue;
        }
        exact.push(Run {
            a,
            b,
            a_end: a + SHINGLE,
            b_end: b + SHINGLE,
        });
    }
    // Small edits: runs close on both sides join into one passage.
    exact.sort_unstable_by_key(|r| (r.a, r.b));
    let mut merged: Vec<Run> = Vec::new();
    for r in exact {
        if let Some(m) = merged.iter_mut().rev().find(|m| {
            r.a <= m.a_end + GAP && r.a + SHINGLE > m.a && r.b + GAP >= m.b && r.b <= m.b_end + GAP
        }) {
            m.a_end = m.a_end.max(r.a_end);
            m.b_end = m.b_end.max(r.b_end);
            m.b = m.b.min(r.b);
            continue;
        }
        merged.push(r);
    }
    merged
}

fn side(id: &ArticleId, text: &str, w: &Words, from: usize, to: usize) -> PassageSide {
    let (start, end) = (w.spans[from].0, w.spans[to - 1].1);
    PassageSide {
        article_id: id.clone(),
        char_start: start,
        char_end: end,
        text: text.chars().skip(start).take(end - start).collect(),
    }
}

fn kind(w: &Words, from: usize, to: usize) -> bool {
    let quoted = w.quoted[from..to].iter().filter(|q| **q).count();
    quoted * 2 >= to - from || w.before[from] == ':'
}

/// Shared passages between every pair of `texts` (article id and text, in project order).
#[must_use]
pub fn passages(texts: &[(ArticleId, &str)]) -> Vec<Passage> {
    let words: Vec<Words> = texts.iter().map(|(_, t)| words_of(t)).collect();
    // The index: every shingle (hash, article, position), sorted by hash, so that the
    // articles sharing a shingle sit side by side. One flat list, no map of lists.
    let mut shingles: Vec<(u64, u32, u32)> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        for p in 0..w.hashes.len().saturating_sub(SHINGLE - 1) {
            let mut h = 0xcbf2_9ce4_8422_2325_u64;
            for x in &w.hashes[p..p + SHINGLE] {
                h = (h ^ x).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(5);
            }
            #[allow(clippy::cast_possible_truncation)] // article and word counts fit
            shingles.push((h, i as u32, p as u32));
        }
    }
    shingles.sort_unstable();
    let mut pairs: HashMap<(u32, u32), Vec<(u32, u32)>> = HashMap::new();
    for group in shingles.chunk_by(|x, y| x.0 == y.0) {
        // Shared by one article only (repeated in it), or boilerplate shared by too many.
        if group.len() < 2 || group.len() > MAX_POSTINGS || group[0].1 == group[group.len() - 1].1 {
            continue;
        }
        let postings: Vec<(u32, u32)> = group.iter().map(|&(_, a, p)| (a, p)).collect();
        for (x, &(ai, ap)) in postings.iter().enumerate() {
            for &(bi, bp) in &postings[x + 1..] {
                if ai != bi {
                    let (k, v) = if ai < bi {
                        ((ai, bi), (ap, bp))
                    } else {
                        ((bi, ai), (bp, ap))
                    };
                    pairs.entry(k).or_default().push(v);
                }
            }
        }
    }
    let mut keys: Vec<(u32, u32)> = pairs.keys().copied().collect();
    keys.sort_unstable();
    let mut out = Vec::new();
    for k in keys {
        let (ai, bi) = (k.0 as usize, k.1 as usize);
        for r in runs(pairs.remove(&k).unwrap_or_default()) {
            let len = (r.a_end - r.a).max(r.b_end - r.b);
            if len < MIN_WORDS {
                continue;
            }
            let (wa, wb) = (&words[ai], &words[bi]);
            let quotation = kind(wa, r.a, r.a_end) || kind(wb, r.b, r.b_end);
            out.push(Passage {
                kind: if quotation {
                    PassageKind::Quotation
                } else {
                    PassageKind::Copied
                },
                words: len,
                a: side(&texts[ai].0, texts[ai].1, wa, r.a, r.a_end),
                b: side(&texts[bi].0, texts[bi].1, wb, r.b, r.b_end),
            });
        }
    }
    out
}

/// News agencies and outlets checkers meet most, recognised as cited even when the project
/// has no entity or article for them.
const KNOWN_OUTLETS: &[&str] = &[
    "Reuters",
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "BBC",
    "CNN",
    "Bloomberg",
    "The New York Times",
    "New York Times",
    "The Washington Post",
    "Washington Post",
    "The Wall Street Journal",
    "Wall Street Journal",
    "Politico",
    "Axios",
    "Al Jazeera",
    "IRNA",
    "Tasnim",
    "Fars",
    "Mehr",
    "ISNA",
    "UNN",
    "Interfax",
    "TASS",
    "Xinhua",
    "dpa",
    "ANSA",
    "EFE",
    "NPR",
    "ABC News",
    "CBS News",
    "NBC News",
    "Fox News",
    "The Guardian",
    "Guardian",
    "Le Monde",
    "Der Spiegel",
    "Financial Times",
    "The Times",
    "The Hill",
    "CNBC",
    "Sky News",
    "Euronews",
    "Deutsche Welle",
    "DW",
    "RFE/RL",
    "Radio Farda",
    "Iran International",
    "Semafor",
    "The Associated Press",
];

/// An outlet's name as listed, with the media entity and the project article it stands for.
type Outlet = (String, Option<EntityId>, Option<ArticleId>);

/// The outlets a project knows: media entities (names and aliases), the outlets of its
/// articles, and the well-known agencies; longest names first.
fn outlets(project: &Project) -> Vec<Outlet> {
    let mut out: Vec<Outlet> = Vec::new();
    for e in project
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Media)
    {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            out.push((name.clone(), Some(e.id.clone()), None));
        }
    }
    for a in project
        .articles
        .iter()
        .filter(|a| !a.outlet.trim().is_empty())
    {
        out.push((a.outlet.trim().to_owned(), None, Some(a.id.clone())));
    }
    for name in KNOWN_OUTLETS {
        out.push(((*name).to_owned(), None, None));
    }
    // Longest first, so "The New York Times" wins over "New York Times".
    out.sort_by_key(|(n, _, _)| std::cmp::Reverse(n.chars().count()));
    out
}

/// The outlet written at byte `at` of `text` (whole words, case as listed for short
/// acronyms, any case for names), with its byte length.
fn outlet_at<'o>(text: &str, at: usize, known: &'o [Outlet]) -> Option<(&'o Outlet, usize)> {
    let rest = &text[at..];
    known.iter().find_map(|o| {
        let n = o.0.as_str();
        let head = rest.get(..n.len())?;
        let same = if n.len() <= 4 {
            head == n
        } else {
            head.eq_ignore_ascii_case(n)
        };
        let after = rest[n.len()..].chars().next();
        (same && after.is_none_or(|c| !c.is_alphanumeric())).then_some((o, n.len()))
    })
}

/// Where cues name an outlet in `text`: (cue start, cue end, outlet start, outlet length),
/// in bytes.
fn cues(text: &str, known: &[Outlet]) -> Vec<(usize, usize, usize, usize)> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths (a Turkish İ); then the cues are looked for in the
    // text as written, where prose writes them in lowercase anyway.
    let hay = if lower.len() == text.len() {
        lower.as_str()
    } else {
        text
    };
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (cue, outlet_after) in [
        ("according to ", true),
        ("citing ", true),
        (" reported", false),
        (" reports", false),
        (" said", false),
        (" says", false),
    ] {
        for (pos, _) in hay.match_indices(cue) {
            if outlet_after {
                let mut at = pos + cue.len();
                if hay[at..].starts_with("the ") && outlet_at(text, at, known).is_none() {
                    at += 4;
                }
                if let Some((_, len)) = outlet_at(text, at, known) {
                    found.push((pos, at + len, at, len));
                }
            } else {
                // The outlet ends where the cue begins.
                for o in known {
                    let n = o.0.len();
                    if pos >= n
                        && text.is_char_boundary(pos - n)
                        && outlet_at(text, pos - n, std::slice::from_ref(o)).is_some()
                        && text[..pos - n]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric())
                    {
                        found.push((pos - n, pos + cue.len(), pos - n, n));
                        break;
                    }
                }
            }
        }
    }
    // Datelines: "(Reuters) -" and "— AP".
    for (pos, _) in text.match_indices('(') {
        if let Some((_, len)) = outlet_at(text, pos + 1, known)
            && text[pos + 1 + len..].starts_with(')')
            && text[pos + 2 + len..]
                .trim_start()
                .starts_with(['-', '–', '—'])
        {
            found.push((pos, pos + 2 + len, pos + 1, len));
        }
    }
    for dash in ["— ", "– ", "-- "] {
        for (pos, _) in text.match_indices(dash) {
            let at = pos + dash.len();
            if let Some((_, len)) = outlet_at(text, at, known)
                && text[at + len..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == '\n' || c == '.')
            {
                found.push((pos, at + len, at, len));
            }
        }
    }
    found
}

/// Citations of outlets in each article: "according to X", "citing X", "X reported",
/// "X reports", "X said", "X says", "(X) -" and "— X" datelines.
#[must_use]
pub fn citations(project: &Project, texts: &[(ArticleId, &str)]) -> Vec<Citation> {
    let known = outlets(project);
    let mut out = Vec::new();
    for (id, text) in texts {
        let char_of = |byte: usize| text[..byte].chars().count();
        let mut found = cues(text, &known);
        found.sort_unstable();
        found.dedup_by_key(|f| f.2);
        let own = project
            .article(id)
            .map(|a| a.outlet.trim().to_lowercase())
            .unwrap_or_default();
        for (cs, ce, os, ol) in found {
            let Some((o, _)) = outlet_at(text, os, &known) else {
                continue;
            };
            let cited = text[os..os + ol].to_owned();
            // "UNN reports" in UNN's own article is its byline, not a source.
            if !own.is_empty() && cited.to_lowercase() == own {
                continue;
            }
            // An article does not cite its own outlet.
            let cited_article_id =
                o.2.clone()
                    .or_else(|| {
                        project
                            .articles
                            .iter()
                            .find(|a| a.outlet.trim().eq_ignore_ascii_case(&cited))
                            .map(|a| a.id.clone())
                    })
                    .filter(|a| a != id);
            let entity_id = o.1.clone().or_else(|| {
                project
                    .entities
                    .iter()
                    .filter(|e| e.kind == EntityKind::Media)
                    .find(|e| {
                        std::iter::once(&e.name)
                            .chain(&e.aliases)
                            .any(|n| n.eq_ignore_ascii_case(&cited))
                    })
                    .map(|e| e.id.clone())
            });
            out.push(Citation {
                article_id: id.clone(),
                cited,
                entity_id,
                cited_article_id,
                cue: Cue {
                    char_start: char_of(cs),
                    char_end: char_of(ce),
                    text: text[cs..ce].to_owned(),
                },
            });
        }
    }
    out
}

/// Families: articles joined by copied passages, or by one citing the other's outlet.
#[must_use]
pub fn families(
    articles: &[ArticleId],
    passages: &[Passage],
    citations: &[Citation],
) -> Vec<Vec<ArticleId>> {
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let at: HashMap<&ArticleId, usize> = articles.iter().enumerate().map(|(i, a)| (a, i)).collect();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    let mut join = |x: &ArticleId, y: &ArticleId| {
        if let (Some(&i), Some(&j)) = (at.get(x), at.get(y)) {
            let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    };
    for p in passages.iter().filter(|p| p.kind == PassageKind::Copied) {
        join(&p.a.article_id, &p.b.article_id);
    }
    for c in citations {
        if let Some(cited) = &c.cited_article_id {
            join(&c.article_id, cited);
        }
    }
    let mut groups: Vec<Vec<ArticleId>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let r = root(&mut parent, i);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(a.clone());
    }
    groups
}

/// Passages, citations and families of a project's articles (`texts` in project order;
/// articles without text are their own family).
#[must_use]
pub fn provenance(project: &Project, texts: &[(ArticleId, &str)]) -> Provenance {
    let passages = passages(texts);
    let citations = citations(project, texts);
    let ids: Vec<ArticleId> = project.articles.iter().map(|a| a.id.clone()).collect();
    let families = families(&ids, &passages, &citations);
    Provenance {
        passages,
        citations,
        families,
    }
}

/// How many independent sources (families, as `family` gives them) carry `articles`. An
/// article without a family counts as one source of its own kind.
#[must_use]
pub fn independent_sources<'a>(
    family: impl Fn(&ArticleId) -> Option<usize>,
    articles: impl IntoIterator<Item = &'a ArticleId>,
) -> usize {
    let mut seen: Vec<usize> = articles
        .into_iter()
        .map(|a| family(a).unwrap_or(usize::MAX))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Whether every one of at least two quotes says the same words (case, punctuation and
/// quotation marks aside): a side that "all quote one statement".
#[must_use]
pub fn one_statement<'a>(quotes: impl IntoIterator<Item = &'a str>) -> bool {
    let norm = |q: &str| -> String {
        q.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut all = quotes.into_iter().map(norm);
    let Some(first) = all.next() else {
        return false;
    };
    let mut n = 1;
    for q in all {
        if q != first {
            return false;
        }
        n += 1;
    }
    n >= 2 && !first.is_empty()
}

/// "2 independent sources", and "all quote one statement" when they do; empty while the
/// families are not known yet.
#[must_use]
pub fn sources_note<'a, S: std::hash::BuildHasher>(
    family_of: &HashMap<ArticleId, usize, S>,
    articles: impl IntoIterator<Item = &'a ArticleId>,
    quotes: impl IntoIterator<Item = &'a str>,
) -> String {
    if family_of.is_empty() {
        return String::new();
    }
    let n = independent_sources(|a| family_of.get(a).copied(), articles);
    let mut note = format!("{n} independent source{}", if n == 1 { "" } else { "s" });
    if one_statement(quotes) {
        note.push_str(", all quote one statement");
    }
    note
}
