//! Finding text across all articles: the search box (Ctrl+F) and an entity's unlinked
//! mentions (its name and aliases where no highlight of it is yet). Pure; offsets are code
//! points of the original text whatever case folding did to lengths ("İ" lowercases to two
//! code points, "ẞ" to one).

use crate::document::{Document, Edit};
use crate::model::{AnnotationId, ArticleId, CONTEXT_CHARS, EntityId};
use crate::text::ArticleText;

/// At most this many hits are returned; the rest are counted as cut off.
pub const MAX_HITS: usize = 5_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub match_case: bool,
    /// The match must not start or end inside a word.
    pub whole_word: bool,
}

/// One place where the text matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub article: ArticleId,
    /// Code points of the article text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub before: String,
    pub matched: String,
    pub after: String,
    /// Highlights that cover the whole match.
    pub covered_by: Vec<AnnotationId>,
}

/// What a search found, in article order, then by position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// More than [`MAX_HITS`] matched; only the first are listed.
    pub cut_off: bool,
}

/// Every match of `query` in every loaded article.
#[must_use]
pub fn search(doc: &Document, query: &str, options: Options) -> Found {
    search_cached(doc, query, options, &mut FoldCache::default())
}

/// [`search`] with the articles' case-folded texts kept in `cache` between queries, as the
/// search box does: folding 20 MB of text for a query that is not plain ASCII took longer
/// than a keystroke should.
#[must_use]
pub fn search_cached(
    doc: &Document,
    query: &str,
    options: Options,
    cache: &mut FoldCache,
) -> Found {
    let mut found = Found::default();
    if query.trim().is_empty() {
        return found;
    }
    for article in &doc.project().articles {
        let Some(text) = doc.text(&article.id) else {
            continue;
        };
        let folded = needs_folding(query, options).then(|| cache.get(&article.id, text));
        for (start, end) in matches_in(text, folded, query, options) {
            if found.hits.len() == MAX_HITS {
                found.cut_off = true;
                return found;
            }
            found.hits.push(hit(doc, &article.id, text, start, end));
        }
    }
    found
}

fn hit(doc: &Document, article: &ArticleId, text: &ArticleText, start: usize, end: usize) -> Hit {
    let (before, after) = text.context(start..end, CONTEXT_CHARS);
    let mut hit = Hit {
        article: article.clone(),
        start,
        end,
        before,
        matched: text.slice(start..end).unwrap_or_default().to_owned(),
        after,
        covered_by: Vec::new(),
    };
    hit.covered_by = covered_by(doc, &hit);
    hit
}

/// The highlights that cover the whole of a hit, in offset order.
#[must_use]
pub fn covered_by(doc: &Document, hit: &Hit) -> Vec<AnnotationId> {
    doc.project()
        .annotations_of(&hit.article)
        .filter(|a| a.char_start <= hit.start && hit.end <= a.char_end)
        .map(|a| a.id.clone())
        .collect()
}

/// Code-point ranges where `query` occurs in `text`.
#[must_use]
pub fn matches(text: &ArticleText, query: &str, options: Options) -> Vec<(usize, usize)> {
    let folded = needs_folding(query, options).then(|| Folded::new(text));
    matches_in(text, folded.as_ref(), query, options)
}

/// Whether a query needs the full Unicode case folding of the text (a case-insensitive
/// query that is not plain ASCII).
fn needs_folding(query: &str, options: Options) -> bool {
    !options.match_case && !query.is_ascii()
}

/// [`matches`] with the text's folded form given when [`needs_folding`] says so.
fn matches_in(
    text: &ArticleText,
    folded: Option<&Folded>,
    query: &str,
    options: Options,
) -> Vec<(usize, usize)> {
    let s = text.as_str();
    let mut out = Vec::new();
    if let Some(folded) = folded {
        let needle: String = query.chars().flat_map(char::to_lowercase).collect();
        let mut from = 0;
        while let Some(i) = folded.text[from..].find(&needle) {
            let byte = from + i;
            // Only matches that begin and end on whole original characters count.
            if let (Some(start), Some(end)) = (
                folded.original(byte).and_then(|b| text.char_of_byte(b)),
                folded
                    .original(byte + needle.len())
                    .and_then(|b| text.char_of_byte(b)),
            ) {
                out.push((start, end));
            }
            from = byte + needle.chars().next().map_or(1, char::len_utf8);
        }
    } else {
        // ASCII lowercasing keeps every byte where it was, so offsets carry over as they are.
        let (hay, needle) = if options.match_case {
            (std::borrow::Cow::Borrowed(s), query.to_owned())
        } else {
            (
                std::borrow::Cow::Owned(s.to_ascii_lowercase()),
                query.to_ascii_lowercase(),
            )
        };
        let mut from = 0;
        while let Some(i) = hay[from..].find(&needle) {
            let byte = from + i;
            if let (Some(start), Some(end)) = (
                text.char_of_byte(byte),
                text.char_of_byte(byte + needle.len()),
            ) {
                out.push((start, end));
            }
            from = byte + needle.chars().next().map_or(1, char::len_utf8);
        }
    }
    if options.whole_word {
        out.retain(|&(start, end)| is_whole_word(text, start, end));
    }
    out
}

/// An article's text case-folded (each char lowercased), with what is needed to map a byte
/// of it back to the original: most chars fold to one char of the same length, so only the
/// others are listed.
#[derive(Clone, Debug)]
pub struct Folded {
    text: String,
    /// Chars that fold to another length or to several chars, in order: their folded byte
    /// range, and folded minus original byte offset after them.
    changes: Vec<(usize, usize, isize)>,
}

impl Folded {
    #[must_use]
    pub fn new(text: &ArticleText) -> Self {
        let s = text.as_str();
        let mut folded = String::with_capacity(s.len());
        let mut changes = Vec::new();
        for (byte, c) in s.char_indices() {
            let start = folded.len();
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(one), None) if one.len_utf8() == c.len_utf8() => folded.push(one),
                (first, second) => {
                    folded.extend(first.into_iter().chain(second).chain(lower));
                    #[allow(clippy::cast_possible_wrap)] // byte offsets of a text in memory
                    let delta = folded.len() as isize - (byte + c.len_utf8()) as isize;
                    changes.push((start, folded.len(), delta));
                }
            }
        }
        Self {
            text: folded,
            changes,
        }
    }

    /// The original byte offset at folded byte `at`; `None` inside a char's folded form.
    fn original(&self, at: usize) -> Option<usize> {
        let i = self.changes.partition_point(|&(start, _, _)| start <= at);
        let delta_before = |i: usize| if i == 0 { 0 } else { self.changes[i - 1].2 };
        let Some(&(start, end, delta)) = i.checked_sub(1).map(|j| &self.changes[j]) else {
            return Some(at);
        };
        let delta = if at == start {
            delta_before(i - 1)
        } else if at < end {
            return None;
        } else {
            delta
        };
        #[allow(clippy::cast_possible_wrap, clippy::cast_sign_loss)]
        usize::try_from(at as isize - delta).ok()
    }
}

/// Folded texts kept between searches, each checked against its article's text (a reload
/// replaces it) by length and fingerprint.
#[derive(Default)]
pub struct FoldCache {
    folded: std::collections::BTreeMap<ArticleId, (usize, u64, Folded)>,
}

impl FoldCache {
    fn get(&mut self, article: &ArticleId, text: &ArticleText) -> &Folded {
        let key = (text.as_str().len(), text.fingerprint());
        let fresh = self
            .folded
            .get(article)
            .is_some_and(|(len, print, _)| (*len, *print) == key);
        if !fresh {
            self.folded
                .insert(article.clone(), (key.0, key.1, Folded::new(text)));
        }
        &self.folded[article].2
    }
}

impl std::fmt::Debug for FoldCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FoldCache({} articles)", self.folded.len())
    }
}

fn is_whole_word(text: &ArticleText, start: usize, end: usize) -> bool {
    let word = |i: usize| {
        text.slice(i..i + 1)
            .and_then(|c| c.chars().next())
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    };
    (start == 0 || !word(start - 1)) && !word(end)
}

/// Every occurrence of the entity's name or aliases (whole words, any case) that no highlight
/// linked to the entity overlaps yet. Where one name sits inside another ("FBI" in
/// "FBI/CISA/ODNI"), the longer match is kept.
#[must_use]
pub fn unlinked_mentions(doc: &Document, entity: &EntityId) -> Vec<Hit> {
    unlinked_mentions_in(doc, entity, |_| true)
}

/// [`unlinked_mentions`] in the articles `wanted` accepts only, in project order: after an
/// edit, the articles whose highlights changed are searched again, not all of them.
#[must_use]
pub fn unlinked_mentions_in(
    doc: &Document,
    entity: &EntityId,
    wanted: impl Fn(&ArticleId) -> bool,
) -> Vec<Hit> {
    let Some(e) = doc.project().entity(entity) else {
        return Vec::new();
    };
    let mut names: Vec<&str> = std::iter::once(e.name.as_str())
        .chain(e.aliases.iter().map(String::as_str))
        .map(str::trim)
        .filter(|n| n.chars().count() >= 2)
        .collect();
    names.sort_unstable();
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let options = Options {
        match_case: false,
        whole_word: true,
    };
    let mut out = Vec::new();
    for article in doc.project().articles.iter().filter(|a| wanted(&a.id)) {
        let Some(text) = doc.text(&article.id) else {
            continue;
        };
        // Folded once for all the names that need it.
        let folded = names
            .iter()
            .any(|n| needs_folding(n, options))
            .then(|| Folded::new(text));
        let mut ranges: Vec<(usize, usize)> = names
            .iter()
            .flat_map(|n| {
                let f = folded.as_ref().filter(|_| needs_folding(n, options));
                matches_in(text, f, n, options)
            })
            .collect();
        // Longest first at each start, then drop those inside another.
        ranges.sort_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for r in ranges {
            if kept.last().is_none_or(|k| r.0 >= k.1) {
                kept.push(r);
            }
        }
        let linked: Vec<(usize, usize)> = doc
            .project()
            .annotations_of(&article.id)
            .filter(|a| a.entities.contains(entity))
            .map(|a| (a.char_start, a.char_end))
            .collect();
        for (start, end) in kept {
            if linked.iter().all(|&(s, e)| e <= start || end <= s) {
                out.push(hit(doc, &article.id, text, start, end));
            }
        }
    }
    out
}

/// The edit that links every hit to `entity` as one undo step named `label`: the entity joins a highlight
/// with exactly the hit's span, or a new highlight is made.
#[must_use]
pub fn link_all(
    doc: &Document,
    hits: &[Hit],
    entity: &EntityId,
    created: &str,
    label: &'static str,
) -> Edit {
    let mut edits = Vec::new();
    for h in hits {
        let same = doc
            .project()
            .annotations_of(&h.article)
            .find(|a| a.char_start == h.start && a.char_end == h.end);
        match same {
            Some(a) if a.entities.contains(entity) => {}
            Some(a) => edits.push(Edit::LinkEntity {
                annotation: a.id.clone(),
                entity: entity.clone(),
            }),
            None => edits.push(Edit::AddAnnotation {
                id: AnnotationId::random(),
                article: h.article.clone(),
                char_start: h.start,
                char_end: h.end,
                entities: vec![entity.clone()],
                claims: vec![],
                created: created.to_owned(),
            }),
        }
    }
    Edit::Batch { label, edits }
}
