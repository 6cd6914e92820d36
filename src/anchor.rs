//! Re-anchoring: where an annotation belongs in an article whose text changed.
//!
//! Each annotation keeps its offsets, its exact quote and up to 32 characters of context on
//! each side. A place is **confirmed** by that context when the text there, counted within
//! the quote's own paragraph (saved context reaching into the next paragraph proves nothing
//! of this one):
//! - repeats the whole saved context, or
//! - repeats one side whole (at least [`WHOLE_SIDE_CHARS`] characters), or
//! - repeats both sides in part, each over at least [`SIDE_CHARS`] characters and together
//!   over [`CONFIRM_CHARS`] (or all the paragraph has, if less);
//!
//! or when the quote is at least [`DISTINCTIVE_CHARS`] long and occurs exactly once (at its
//! saved offsets, a distinctive quote needs no context). Against the new text an annotation
//! is, in this order:
//! - **exact**: the offsets still give the quote, and the text beside it still confirms it
//!   (or the quote is distinctive);
//! - **moved**: the quote is found at one confirmed place (the best-confirmed one, when one
//!   confirms better than all others);
//! - **needs review**: the quote is found but no place confirms it, or several confirm it
//!   equally, or only an approximate match (within an edit distance of a fifth of the quote,
//!   for quotes of 8 characters or more) is found. The places are listed; none is applied
//!   without the user;
//! - **orphan**: nothing close.
//!
//! A short or frequent quote ("Iran", dozens of times in one article) whose context is gone is
//! never moved by nearness. Two highlights never move onto one place unless both were on one
//! place before: where that would happen, the moves are demoted to needs review.
//!
//! Bounds, so that a project full of orphans cannot hang: at most [`MAX_EXACT_HITS`] exact
//! occurrences are weighed; approximate matches are looked for only from seeds (by the
//! pigeonhole principle, with `k` edits one of `k + 1` disjoint pieces of the quote survives
//! unchanged), at most [`MAX_CANDIDATES`] of them, nearest the expected place first, each
//! checked by an edit-distance table the size of the quote times the quote plus `2k`.
//! Quotes longer than [`MAX_FUZZY_CHARS`] are only matched exactly. Pure; never panics.

use crate::model::Annotation;
use crate::text::ArticleText;

/// Characters of context, both sides together, that confirm a place.
pub const CONFIRM_CHARS: usize = 24;
/// Less context than this never confirms a place (a title of two words).
pub const MIN_CONFIRM_CHARS: usize = 8;
/// One side agreeing whole confirms only when it is at least this long.
pub const WHOLE_SIDE_CHARS: usize = 16;
/// When neither side agrees whole, each must agree over at least this much.
pub const SIDE_CHARS: usize = 6;
/// A quote at least this long that occurs once in the text needs no context to be placed.
pub const DISTINCTIVE_CHARS: usize = 30;
/// How many places are listed for a review.
pub const MAX_LISTED: usize = 6;

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
        /// Every place where the quote (or a close match) was found, best first: `start..end`
        /// is the first. More than one when the context could not choose between them.
        candidates: Vec<std::ops::Range<usize>>,
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
    let mut olds = Vec::new();
    for a in annotations {
        let found = locate_one(a, text, shift, &mut chars);
        if let Anchoring::Moved { start, .. } = found {
            shift = isize::try_from(start).unwrap_or(isize::MAX)
                - isize::try_from(a.char_start).unwrap_or(isize::MAX);
        } else if found == Anchoring::Exact {
            shift = 0;
        }
        olds.push(a.char_start..a.char_end);
        out.push(found);
    }
    no_two_onto_one(&olds, &mut out);
    out
}

/// Demotes moves that would put a highlight where another one ends up (exact or moved)
/// while the two were not on one place before.
fn no_two_onto_one(olds: &[std::ops::Range<usize>], out: &mut [Anchoring]) {
    // (new place, old place, index), sorted: highlights on one new place are neighbours.
    type Place = (usize, usize);
    let mut placed: Vec<(Place, Place, usize)> = out
        .iter()
        .enumerate()
        .filter_map(|(i, found)| {
            let old = (olds[i].start, olds[i].end);
            match found {
                Anchoring::Exact => Some((old, old, i)),
                Anchoring::Moved { start, end } => Some(((*start, *end), old, i)),
                _ => None,
            }
        })
        .collect();
    placed.sort_unstable();
    for run in placed.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 || run.iter().all(|x| x.1 == run[0].1) {
            continue;
        }
        let (start, end) = run[0].0;
        // The one already there (exact) stays; every move onto it waits for the user.
        for &(_, _, i) in run {
            if matches!(out[i], Anchoring::Moved { .. }) {
                out[i] = Anchoring::NeedsReview {
                    start,
                    end,
                    similarity: 1.0,
                    candidates: std::iter::once(start..end).collect(),
                };
            }
        }
    }
}

/// Whether an annotation whose offsets give its quote is still confirmed there by its
/// context (as a new place would be), or its quote is distinctive. A span on text that did
/// not change always is.
#[must_use]
pub fn holds_in_place(a: &Annotation, text: &ArticleText) -> bool {
    a.quote.chars().count() >= DISTINCTIVE_CHARS
        || context_confirms(a, text, a.char_start, a.char_end)
}

/// Whether the text around a new place `start..end` confirms the annotation there.
fn confirms(a: &Annotation, text: &ArticleText, start: usize, end: usize, once: bool) -> bool {
    (end - start >= DISTINCTIVE_CHARS && once) || context_confirms(a, text, start, end)
}

/// Whether the text beside `start..end` repeats the whole saved context, or repeats it over
/// [`CONFIRM_CHARS`] characters, both sides together, counted within the quote's own paragraph (the saved
/// context may reach into the next paragraph, which says nothing of this one). A paragraph
/// with less context than that around the quote confirms with all of it, but never with
/// fewer than [`MIN_CONFIRM_CHARS`].
fn context_confirms(a: &Annotation, text: &ArticleText, start: usize, end: usize) -> bool {
    let (p, s) = context_sides(a, text, start, end);
    let own = |saved: &str, reversed: bool| -> usize {
        if reversed {
            saved.chars().rev().take_while(|c| *c != '\n').count()
        } else {
            saved.chars().take_while(|c| *c != '\n').count()
        }
    };
    // The whole saved context around it, both sides: this is its place (a span on text that
    // did not change always holds).
    if p == a.prefix.chars().count() && s == a.suffix.chars().count() {
        return true;
    }
    let (own_p, own_s) = (own(&a.prefix, true), own(&a.suffix, false));
    let (p, s) = (p.min(own_p), s.min(own_s));
    // One side whole, as far as the paragraph goes ("… at Iran" with the next word changed).
    let whole = |got: usize, own: usize| own >= WHOLE_SIDE_CHARS && got == own;
    // Or both sides in part: a few words on each side, together long enough. A run of common
    // words on one side only ("the campaign said") is no proof.
    let need = CONFIRM_CHARS.min(own_p + own_s);
    let part = |got: usize, own: usize| got >= SIDE_CHARS.min(own);
    whole(p, own_p)
        || whole(s, own_s)
        || (need >= MIN_CONFIRM_CHARS && part(p, own_p) && part(s, own_s) && p + s >= need)
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
    let in_place =
        a.char_start < a.char_end && text.slice(a.char_start..a.char_end) == Some(a.quote.as_str());
    if in_place && context_score(a, text, a.char_start, a.char_end) == full_context(a) {
        return Anchoring::Exact;
    }
    let expected = if in_place {
        a.char_start
    } else {
        a.char_start.saturating_add_signed(shift)
    };
    // Most often the quote sits exactly where the previous shift puts it, context and all.
    if !in_place
        && shift != 0
        && text.slice(expected..expected + quote_len) == Some(a.quote.as_str())
        && context_score(a, text, expected, expected + quote_len) == full_context(a)
    {
        return Anchoring::Moved {
            start: expected,
            end: expected + quote_len,
        };
    }
    match best_exact(a, text, expected, quote_len) {
        Exact::Confirmed(start) if in_place && start == a.char_start => return Anchoring::Exact,
        // Still at its offsets and confirmed there, though another place agrees better:
        // only a place that confirms it moves it.
        Exact::Confirmed(start) => {
            return Anchoring::Moved {
                start,
                end: start + quote_len,
            };
        }
        Exact::Unconfirmed(places) => {
            if in_place && holds_in_place(a, text) {
                return Anchoring::Exact;
            }
            let first = places[0].clone();
            return Anchoring::NeedsReview {
                start: first.start,
                end: first.end,
                similarity: 1.0,
                candidates: places,
            };
        }
        Exact::Nowhere => {}
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
                candidates: vec![range],
            }
        }
        None => Anchoring::Orphan,
    }
}

/// Whether a byte offset falls between two grapheme clusters. Segments only the stretch
/// from the last ASCII blank before it (no cluster runs across one), so it costs what is near,
/// not the whole text before it.
fn grapheme_boundary(s: &str, byte: usize) -> bool {
    use unicode_segmentation::UnicodeSegmentation as _;
    if byte == 0 || byte >= s.len() {
        return true;
    }
    if !s.is_char_boundary(byte) {
        return false;
    }
    let from = s.as_bytes()[..byte]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |i| i + 1);
    if from == byte {
        return true;
    }
    let to = s.as_bytes()[byte..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(s.len(), |i| byte + i);
    to == byte
        || s[from..to]
            .grapheme_indices(true)
            .any(|(i, _)| from + i == byte)
}

/// What the exact occurrences of a quote say.
enum Exact {
    /// One place confirms it better than every other.
    Confirmed(usize),
    /// The quote is there, but no place (or more than one, equally) confirms it: the places,
    /// best first, at most [`MAX_LISTED`].
    Unconfirmed(Vec<std::ops::Range<usize>>),
    Nowhere,
}

/// The occurrences of the quote, judged by their context: one place that confirms it and
/// agrees with the saved context better than any other does, or the places to review (best
/// context first, then nearest `expected`).
fn best_exact(a: &Annotation, text: &ArticleText, expected: usize, quote_len: usize) -> Exact {
    let mut places: Vec<(usize, usize, usize)> = Vec::new(); // (context, distance, start)
    // Overlapping occurrences too (" 👨‍👩‍👧 " twice in " 👨‍👩‍👧 👨‍👩‍👧 "): each search starts one
    // character after the last hit.
    let hay = text.as_str();
    let step = a.quote.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    while places.len() < MAX_EXACT_HITS
        && let Some(i) = hay.get(from..).and_then(|rest| rest.find(a.quote.as_str()))
    {
        let byte = from + i;
        if let Some(start) = text.char_of_byte(byte) {
            let score = context_score(a, text, start, start + quote_len);
            places.push((score, start.abs_diff(expected), start));
        }
        from = byte + step;
    }
    // Best context first, then nearest: only the best few are ever looked at, so only they
    // are put in order (a frequent word has hundreds of places).
    let order = |x: &(usize, usize, usize), y: &(usize, usize, usize)| {
        y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))
    };
    let best_few = 2 * MAX_LISTED;
    if places.len() > best_few {
        places.select_nth_unstable_by(best_few, order);
        places.truncate(best_few);
    }
    places.sort_unstable_by(order);
    // A hit inside a grapheme (the "👩" of "👨‍👩‍👧") is not a place for a highlight: checked
    // only for the places that count (the best few), as it costs more than finding them.
    let mut kept = Vec::with_capacity(MAX_LISTED);
    for p in places {
        let bytes = (text.byte_of_char(p.2), text.byte_of_char(p.2 + quote_len));
        if let (Some(b0), Some(b1)) = bytes
            && grapheme_boundary(text.as_str(), b0)
            && grapheme_boundary(text.as_str(), b1)
        {
            kept.push(p);
            if kept.len() >= MAX_LISTED {
                break;
            }
        }
    }
    let places = kept;
    if places.is_empty() {
        return Exact::Nowhere;
    }
    let once = places.len() == 1;
    let (score, _, start) = places[0];
    let unrivalled = places.get(1).is_none_or(|second| second.0 < score);
    if unrivalled && confirms(a, text, start, start + quote_len, once) {
        return Exact::Confirmed(start);
    }
    Exact::Unconfirmed(
        places
            .iter()
            .take(MAX_LISTED)
            .map(|&(_, _, s)| s..s + quote_len)
            .collect(),
    )
}

/// How many characters of the saved prefix (from its end) and suffix (from its start) the
/// text around `start..end` repeats.
fn context_score(a: &Annotation, text: &ArticleText, start: usize, end: usize) -> usize {
    let (p, s) = context_sides(a, text, start, end);
    p + s
}

/// [`context_score`] side by side: (prefix, suffix).
fn context_sides(a: &Annotation, text: &ArticleText, start: usize, end: usize) -> (usize, usize) {
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
    (p, s)
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
