//! Re-anchoring: where an annotation belongs in an article whose text changed.
//!
//! Each annotation keeps its offsets, its exact quote and up to 32 characters of context on
//! each side. Against the new text it is, in this order:
//! - **exact**: the offsets still give the quote;
//! - **moved**: the quote is found elsewhere; among several places the one whose surroundings
//!   best match the saved context wins, then the one nearest the old position (shifted by
//!   how far the previous annotation of the article moved, which is where an insertion or
//!   deletion puts it);
//! - **needs review**: only an approximate match, within an edit distance of a fifth of the
//!   quote (at least one edit, quotes of 8 characters or more), scored on the quote and its
//!   context. Never applied without the user;
//! - **orphan**: nothing close.
//!
//! Bounds, so that a project full of orphans cannot hang: at most [`MAX_EXACT_HITS`] exact
//! occurrences are weighed; approximate matches are looked for only from seeds (by the
//! pigeonhole principle, with `k` edits one of `k + 1` disjoint pieces of the quote survives
//! unchanged), at most [`MAX_CANDIDATES`] of them, nearest the expected place first, each
//! checked by an edit-distance table the size of the quote times the quote plus `2k`.
//! Quotes longer than [`MAX_FUZZY_CHARS`] are only matched exactly. Pure; never panics.

use crate::model::Annotation;
use crate::text::ArticleText;

/// How many exact occurrences of a quote are compared by context.
pub const MAX_EXACT_HITS: usize = 2_000;
/// How many approximate candidates are checked per annotation.
pub const MAX_CANDIDATES: usize = 24;
/// Quotes at least this long are looked for approximately.
pub const MIN_FUZZY_CHARS: usize = 8;
/// Longer quotes are only matched exactly (the edit-distance table would be too large).
pub const MAX_FUZZY_CHARS: usize = 1_500;

/// Where an annotation sits in (possibly changed) article text.
#[derive(Clone, Debug, PartialEq)]
pub enum Anchoring {
    Exact,
    Moved {
        start: usize,
        end: usize,
    },
    NeedsReview {
        start: usize,
        end: usize,
        similarity: f32,
    },
    Orphan,
}

impl Anchoring {
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Moved { .. } => "moved",
            Self::NeedsReview { .. } => "needs review",
            Self::Orphan => "orphan",
        }
    }
}

/// Classifies one annotation against the text.
#[must_use]
pub fn locate(annotation: &Annotation, text: &ArticleText) -> Anchoring {
    locate_all(std::iter::once(annotation), text)
        .pop()
        .unwrap_or(Anchoring::Orphan)
}

/// Classifies annotations of one article, in the order given. Annotations given in offset
/// order (as the project keeps them) are found fastest: each is first looked for where the
/// previous one's shift would put it.
pub fn locate_all<'a>(
    annotations: impl IntoIterator<Item = &'a Annotation>,
    text: &ArticleText,
) -> Vec<Anchoring> {
    let mut chars: Option<Vec<char>> = None; // built on the first approximate search
    let mut shift: isize = 0;
    let mut out = Vec::new();
    for a in annotations {
        let found = locate_one(a, text, shift, &mut chars);
        if let Anchoring::Moved { start, .. } = found {
            shift = isize::try_from(start).unwrap_or(isize::MAX)
                - isize::try_from(a.char_start).unwrap_or(isize::MAX);
        } else if found == Anchoring::Exact {
            shift = 0;
        }
        out.push(found);
    }
    out
}

fn locate_one(
    a: &Annotation,
    text: &ArticleText,
    shift: isize,
    chars: &mut Option<Vec<char>>,
) -> Anchoring {
    let quote_len = a.quote.chars().count();
    if quote_len == 0 {
        return Anchoring::Orphan;
    }
    if a.char_start < a.char_end && text.slice(a.char_start..a.char_end) == Some(a.quote.as_str()) {
        // The offsets give the quote. When the context changed too, a repeated word ("Iran")
        // may now be another occurrence: one whose surroundings match better wins.
        if context_score(a, text, a.char_start, a.char_end) == full_context(a) {
            return Anchoring::Exact;
        }
        return match best_exact(a, text, a.char_start, quote_len) {
            Some(start) if start != a.char_start => Anchoring::Moved {
                start,
                end: start + quote_len,
            },
            _ => Anchoring::Exact,
        };
    }
    let expected = a.char_start.saturating_add_signed(shift);
    // Most often the quote sits exactly where the previous shift puts it.
    if shift != 0
        && text.slice(expected..expected + quote_len) == Some(a.quote.as_str())
        && context_score(a, text, expected, expected + quote_len) == full_context(a)
    {
        return Anchoring::Moved {
            start: expected,
            end: expected + quote_len,
        };
    }
    if let Some(start) = best_exact(a, text, expected, quote_len) {
        return Anchoring::Moved {
            start,
            end: start + quote_len,
        };
    }
    if !(MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&quote_len) {
        return Anchoring::Orphan;
    }
    let chars = chars.get_or_insert_with(|| text.as_str().chars().collect());
    match best_fuzzy(a, text, chars, expected) {
        Some((range, similarity)) => {
            let range = text.snap_to_graphemes(range);
            Anchoring::NeedsReview {
                start: range.start,
                end: range.end,
                similarity,
            }
        }
        None => Anchoring::Orphan,
    }
}

/// The occurrence of the quote whose surroundings match the saved context best, then the one
/// nearest `expected`.
fn best_exact(
    a: &Annotation,
    text: &ArticleText,
    expected: usize,
    quote_len: usize,
) -> Option<usize> {
    let mut best: Option<(usize, usize, usize)> = None; // (context, -distance as key, start)
    for (byte, _) in text
        .as_str()
        .match_indices(a.quote.as_str())
        .take(MAX_EXACT_HITS)
    {
        let Some(start) = text.char_of_byte(byte) else {
            continue;
        };
        let score = context_score(a, text, start, start + quote_len);
        let distance = start.abs_diff(expected);
        let better = best.is_none_or(|(s, d, _)| score > s || (score == s && distance < d));
        if better {
            best = Some((score, distance, start));
        }
    }
    best.map(|(_, _, start)| start)
}

/// How many characters of the saved prefix (from its end) and suffix (from its start) the
/// text around `start..end` repeats.
fn context_score(a: &Annotation, text: &ArticleText, start: usize, end: usize) -> usize {
    let before = text
        .slice(start.saturating_sub(a.prefix.chars().count())..start)
        .unwrap_or_default();
    let after = text
        .slice(end..(end + a.suffix.chars().count()).min(text.char_count()))
        .unwrap_or_default();
    let p = before
        .chars()
        .rev()
        .zip(a.prefix.chars().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let s = after
        .chars()
        .zip(a.suffix.chars())
        .take_while(|(x, y)| x == y)
        .count();
    p + s
}

fn full_context(a: &Annotation) -> usize {
    a.prefix.chars().count() + a.suffix.chars().count()
}

/// The best approximate match: candidates from exact seeds, each aligned with an edit
/// distance table; scored on the quote (80 %) and the context (20 %).
fn best_fuzzy(
    a: &Annotation,
    text: &ArticleText,
    chars: &[char],
    expected: usize,
) -> Option<(std::ops::Range<usize>, f32)> {
    let quote: Vec<char> = a.quote.chars().collect();
    let m = quote.len();
    let k = (m / 5).max(1);
    let candidates = seed_candidates(&quote, chars, k, expected);
    let mut best: Option<(f32, usize, std::ops::Range<usize>, f32)> = None;
    for c in candidates {
        let lo = c.saturating_sub(k);
        let hi = (c + m + k).min(chars.len());
        if lo >= hi {
            continue;
        }
        let Some((distance, start, end)) = align(&quote, &chars[lo..hi], k) else {
            continue;
        };
        let range = lo + start..lo + end;
        let similarity = 1.0 - distance as f32 / m as f32;
        let context = if full_context(a) == 0 {
            1.0
        } else {
            context_score(a, text, range.start, range.end) as f32 / full_context(a) as f32
        };
        let score = 0.8 * similarity + 0.2 * context;
        let far = range.start.abs_diff(expected);
        let better = best.as_ref().is_none_or(|(s, d, _, _)| {
            score > *s + f32::EPSILON || ((score - *s).abs() <= f32::EPSILON && far < *d)
        });
        if better {
            best = Some((score, far, range, similarity));
        }
    }
    best.map(|(_, _, range, similarity)| (range, similarity))
}

/// Where the quote could start: every exact occurrence of one of `k + 1` disjoint pieces,
/// moved back by the piece's offset in the quote; nearest `expected` first, deduplicated,
/// at most [`MAX_CANDIDATES`].
fn seed_candidates(quote: &[char], chars: &[char], k: usize, expected: usize) -> Vec<usize> {
    let pieces = k + 1;
    let len = quote.len() / pieces;
    if len == 0 {
        return Vec::new();
    }
    let mut found: Vec<usize> = Vec::new();
    for p in 0..pieces {
        let offset = p * len;
        let piece = &quote[offset..offset + len];
        let mut at = 0;
        let mut hits = 0;
        while let Some(i) = find(&chars[at..], piece) {
            let pos = at + i;
            found.push(pos.saturating_sub(offset));
            hits += 1;
            if hits >= MAX_EXACT_HITS {
                break;
            }
            at = pos + 1;
        }
    }
    found.sort_by_key(|c| (c.abs_diff(expected), *c));
    let mut out: Vec<usize> = Vec::new();
    for c in found {
        if out.iter().all(|o| o.abs_diff(c) > k) {
            out.push(c);
            if out.len() >= MAX_CANDIDATES {
                break;
            }
        }
    }
    out
}

fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    (0..=hay.len() - needle.len()).find(|&i| hay[i] == first && hay[i..i + needle.len()] == *needle)
}

/// The substring of `window` closest to `quote` (semi-global edit distance: the quote in full,
/// free start and end in the window). Returns (distance, start, end) when within `k`.
fn align(quote: &[char], window: &[char], k: usize) -> Option<(usize, usize, usize)> {
    let n = window.len();
    // cost[j] and where the alignment ending at window[j] starts, row by row over the quote.
    let mut cost: Vec<usize> = vec![0; n + 1];
    let mut start: Vec<usize> = (0..=n).collect();
    let mut next_cost = vec![0; n + 1];
    let mut next_start = vec![0; n + 1];
    for (i, q) in quote.iter().enumerate() {
        next_cost[0] = i + 1;
        next_start[0] = 0;
        for j in 1..=n {
            let substitute = cost[j - 1] + usize::from(window[j - 1] != *q);
            let delete = cost[j] + 1; // a quote character missing from the text
            let insert = next_cost[j - 1] + 1; // an extra character in the text
            let (c, s) = if substitute <= delete && substitute <= insert {
                (substitute, start[j - 1])
            } else if delete <= insert {
                (delete, start[j])
            } else {
                (insert, next_start[j - 1])
            };
            next_cost[j] = c;
            next_start[j] = s;
        }
        std::mem::swap(&mut cost, &mut next_cost);
        std::mem::swap(&mut start, &mut next_start);
    }
    let (end, distance) = cost
        .iter()
        .enumerate()
        .skip(1)
        .min_by_key(|(j, c)| (**c, usize::MAX - j))?;
    (*distance <= k).then(|| (*distance, start[end], end))
}
