//! Article text and code-point offsets: slicing, context, word and grapheme boundaries.
//!
//! Offsets everywhere in Crosscheck count Unicode scalar values (`char`s). Converting to byte
//! offsets happens only here.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// How far on each side of a position word, sentence and grapheme boundaries are looked for
/// (bytes): within a paragraph, never across the whole of a long one.
const LOCAL_BYTES: usize = 4096;

/// How often [`ArticleText`] remembers the byte offset of a code point.
const CHECKPOINT_EVERY: usize = 64;

/// The text of one article with a sparse code-point → byte index, so slicing by code points
/// does not scan the whole text. Shared: a clone (for a worker thread) copies no text.
#[derive(Clone, Debug)]
pub struct ArticleText {
    text: std::sync::Arc<str>,
    char_count: usize,
    /// Byte offset of code point `i * CHECKPOINT_EVERY`.
    checkpoints: std::sync::Arc<[usize]>,
    /// [`fingerprint`] of the text, made the first time a cache asks.
    fingerprint: std::sync::OnceLock<u64>,
}

/// Two texts are equal when their characters are; the rest is derived from them.
impl PartialEq for ArticleText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for ArticleText {}

impl ArticleText {
    /// Takes the text as stored; CRLF and lone CR become LF, so offsets count one
    /// character per line break whatever the file used.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut char_count = 0;
        for (i, (byte, _)) in text.char_indices().enumerate() {
            if i % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            char_count += 1;
        }
        Self {
            text: text.into(),
            char_count,
            checkpoints: checkpoints.into(),
            fingerprint: std::sync::OnceLock::new(),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text's [`fingerprint`], hashed once per text: caches keyed by it (layout, search
    /// folding) check it every frame or keystroke.
    #[must_use]
    pub fn fingerprint(&self) -> u64 {
        *self.fingerprint.get_or_init(|| fingerprint(&self.text))
    }

    #[must_use]
    pub fn char_count(&self) -> usize {
        self.char_count
    }

    /// Byte offset of code point `char_idx`; `char_count()` maps to the text's byte length.
    #[must_use]
    pub fn byte_of_char(&self, char_idx: usize) -> Option<usize> {
        if char_idx > self.char_count {
            return None;
        }
        if char_idx == self.char_count {
            return Some(self.text.len());
        }
        let checkpoint = char_idx / CHECKPOINT_EVERY;
        let from = *self.checkpoints.get(checkpoint)?;
        let skip = char_idx - checkpoint * CHECKPOINT_EVERY;
        self.text[from..]
            .char_indices()
            .nth(skip)
            .map(|(b, _)| from + b)
    }

    /// The code point index of a byte offset that lies on a char boundary.
    #[must_use]
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        if byte > self.text.len() || !self.text.is_char_boundary(byte) {
            return None;
        }
        let checkpoint = self.checkpoints.partition_point(|&b| b <= byte).max(1) - 1;
        let from = self.checkpoints.get(checkpoint).copied().unwrap_or(0);
        Some(checkpoint * CHECKPOINT_EVERY + self.text[from..byte].chars().count())
    }

    /// The text between two code-point offsets, or `None` when the range is not inside.
    #[must_use]
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        if chars.start > chars.end {
            return None;
        }
        let start = self.byte_of_char(chars.start)?;
        let end = self.byte_of_char(chars.end)?;
        self.text.get(start..end)
    }

    /// Whether `quote` is the text at `chars`: [`ArticleText::slice`] compared with it, but
    /// finding only the start (the quote's own length tells the end), for the check of every
    /// span at open and before an export.
    #[must_use]
    pub fn has_at(&self, chars: Range<usize>, quote: &str) -> bool {
        if chars.start > chars.end || chars.end > self.char_count {
            return false;
        }
        let Some(start) = self.byte_of_char(chars.start) else {
            return false;
        };
        self.text
            .get(start..)
            .is_some_and(|rest| rest.starts_with(quote))
            && quote.chars().count() == chars.end - chars.start
    }

    /// Up to `n` code points before and after the range.
    #[must_use]
    pub fn context(&self, chars: Range<usize>, n: usize) -> (String, String) {
        let before = self
            .slice(chars.start.saturating_sub(n)..chars.start)
            .unwrap_or_default();
        let after = self
            .slice(chars.end..(chars.end + n).min(self.char_count))
            .unwrap_or_default();
        (before.to_owned(), after.to_owned())
    }

    /// The paragraph (line) around byte `byte`, cut to at most [`LOCAL_BYTES`] on each side
    /// at character boundaries: where word, sentence and grapheme boundaries are looked for,
    /// so that a click or a drag frame costs the same in a 200 KB one-line article as in a
    /// short one. Returns the window's first byte and its text.
    fn local(&self, byte: usize) -> (usize, &str) {
        let t = &*self.text;
        let byte = byte.min(t.len());
        let mut lo = t[..byte].rfind('\n').map_or(0, |i| i + 1);
        let mut hi = t[byte..].find('\n').map_or(t.len(), |i| byte + i);
        if byte - lo > LOCAL_BYTES {
            lo = byte - LOCAL_BYTES;
            while !t.is_char_boundary(lo) {
                lo += 1;
            }
        }
        if hi - byte > LOCAL_BYTES {
            hi = byte + LOCAL_BYTES;
            while !t.is_char_boundary(hi) {
                hi -= 1;
            }
        }
        (lo, &t[lo..hi])
    }

    /// The segment (Unicode word boundaries, UAX #29) holding `char_idx`: a word, a run of
    /// spaces or a punctuation mark. At the end of the text, the last segment.
    #[must_use]
    pub fn word_at(&self, char_idx: usize) -> Range<usize> {
        self.segment_at(char_idx).0
    }

    /// [`Self::word_at`], and whether the segment is a word (has a letter or digit).
    fn segment_at(&self, char_idx: usize) -> (Range<usize>, bool) {
        let Some(byte) = self.byte_of_char(char_idx.min(self.char_count)) else {
            return (char_idx..char_idx, false);
        };
        let (base, local) = self.local(byte);
        let at = byte - base;
        let mut last = None;
        for (start, word) in local.split_word_bound_indices() {
            let end = start + word.len();
            last = Some((start, end, word));
            if at < end {
                break;
            }
        }
        let Some((start, end, word)) = last else {
            return (char_idx..char_idx, false);
        };
        let s = self.char_of_byte(base + start).unwrap_or(char_idx);
        let e = self.char_of_byte(base + end).unwrap_or(char_idx);
        (s..e, word.chars().any(char::is_alphanumeric))
    }

    /// Widens a range to whole words at both ends, as a drag selects: an end inside a word
    /// moves to that word's edge; an end in spaces or punctuation stays (on a grapheme
    /// boundary). "U.S.", "l'homme" and Persian words with their joiners are one word each
    /// by Unicode's rules. Whitespace at the ends is trimmed.
    #[must_use]
    pub fn snap_to_words(&self, chars: Range<usize>) -> Range<usize> {
        let chars = chars.start.min(self.char_count)..chars.end.min(self.char_count);
        if chars.is_empty() {
            return chars;
        }
        let (first, first_is_word) = self.segment_at(chars.start);
        let start = if first_is_word {
            first.start
        } else {
            chars.start
        };
        let (last, last_is_word) = self.segment_at(chars.end - 1);
        let end = if last_is_word { last.end } else { chars.end };
        self.trim(self.snap_to_graphemes(start..end.max(start)))
    }

    /// The sentence (Unicode sentence boundaries) holding `char_idx`, within its paragraph,
    /// without the spaces after it.
    #[must_use]
    pub fn sentence_at(&self, char_idx: usize) -> Range<usize> {
        let Some(byte) = self.byte_of_char(char_idx.min(self.char_count)) else {
            return char_idx..char_idx;
        };
        let (base, local) = self.local(byte);
        let at = byte - base;
        let mut found = None;
        for (start, sentence) in local.split_sentence_bound_indices() {
            let end = start + sentence.len();
            found = Some((start, end));
            if at < end {
                break;
            }
        }
        let Some((start, end)) = found else {
            return char_idx..char_idx;
        };
        let s = self.char_of_byte(base + start).unwrap_or(char_idx);
        let e = self.char_of_byte(base + end).unwrap_or(char_idx);
        self.trim(s..e)
    }

    /// Widens a range so that it neither starts nor ends inside a grapheme cluster (an emoji
    /// with modifiers, a letter with combining marks).
    #[must_use]
    pub fn snap_to_graphemes(&self, chars: Range<usize>) -> Range<usize> {
        let snap = |char_idx: usize, forward: bool| -> usize {
            let Some(byte) = self.byte_of_char(char_idx) else {
                return char_idx;
            };
            let (base, local) = self.local(byte);
            let at = byte - base;
            for (b, g) in local.grapheme_indices(true) {
                let g_end = b + g.len();
                if b < at && at < g_end {
                    let to = if forward { g_end } else { b };
                    return self.char_of_byte(base + to).unwrap_or(char_idx);
                }
                if b >= at {
                    break;
                }
            }
            char_idx
        };
        let start = snap(chars.start, false);
        let end = snap(chars.end, true);
        start..end.max(start)
    }

    /// Trims whitespace off both ends of a range (a drag often catches a space).
    #[must_use]
    pub fn trim(&self, chars: Range<usize>) -> Range<usize> {
        let Some(slice) = self.slice(chars.clone()) else {
            return chars;
        };
        let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
        let total = slice.chars().count();
        if lead == total {
            return chars.start..chars.start;
        }
        let trail = slice
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        chars.start + lead..chars.end - trail
    }
}

/// A fast 64-bit fingerprint of a text (FNV-style over 8-byte words), to tell a reloaded
/// text from the one a cache was built for. Not a cryptographic hash.
#[must_use]
pub fn fingerprint(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let chunks = s.as_bytes().chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    }
    for &b in rest {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Where UTF-8 decoding failed, for error messages: the byte, its line and column (both from
/// 1; the column counts chars) and its byte offset, e.g. `invalid byte 0xE9 at line 3,
/// column 12 (byte offset 58)`. `valid_up_to` is [`std::str::Utf8Error::valid_up_to`].
#[must_use]
pub fn utf8_error_place(bytes: &[u8], valid_up_to: usize) -> String {
    let before = bytes.get(..valid_up_to).unwrap_or(bytes);
    // Everything before the error is valid UTF-8.
    let line = std::str::from_utf8(before).map_or(0, |s| s.matches('\n').count()) + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = std::str::from_utf8(&before[line_start..]).map_or(0, |s| s.chars().count()) + 1;
    let byte = bytes.get(valid_up_to).copied().unwrap_or_default();
    format!("invalid byte 0x{byte:02X} at line {line}, column {column} (byte offset {valid_up_to})")
}

/// Lowercase hex SHA-256 of some bytes.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_at_agrees_with_slice() {
        let t = ArticleText::new(&"Tehran «ادعا» café 👍 naïve. ".repeat(20));
        let n = t.char_count();
        for start in (0..n).step_by(7) {
            for len in [0, 1, 3, 17, 70] {
                let end = start + len;
                let quote = t.slice(start..end).unwrap_or("x");
                assert_eq!(
                    t.has_at(start..end, quote),
                    t.slice(start..end) == Some(quote)
                );
                assert!(!t.has_at(start..end, "not here at all"));
            }
        }
        let (start, end) = (5, 2);
        assert!(!t.has_at(start..end, ""), "reversed");
        assert!(!t.has_at(n..n + 3, "abc"), "past the end");
    }

    #[test]
    fn a_text_hashes_once_and_equality_ignores_whether_it_has() {
        let a = ArticleText::new("same text");
        let b = ArticleText::new("same text");
        assert_eq!(a.fingerprint(), fingerprint("same text"));
        assert_eq!(a, b, "one fingerprinted, one not");
        assert_eq!(a.clone().fingerprint(), b.fingerprint());
        assert_ne!(a, ArticleText::new("same text!"));
    }

    #[test]
    fn fingerprint_tells_texts_of_one_length_apart() {
        assert_ne!(fingerprint("abcdefgh-1"), fingerprint("abcdefgh-2"));
        assert_ne!(
            fingerprint("12345678abcdefgh"),
            fingerprint("abcdefgh12345678")
        );
        assert_eq!(fingerprint("same text"), fingerprint("same text"));
    }

    #[test]
    fn slices_by_code_points_across_multibyte_text() {
        let t = ArticleText::new("Tehran • “no motive” 👍🏽 done");
        assert_eq!(t.slice(0..6), Some("Tehran"));
        assert_eq!(t.slice(7..8), Some("•"));
        assert_eq!(t.slice(9..20), Some("“no motive”"));
        assert_eq!(t.slice(21..23), Some("👍🏽"));
        assert_eq!(t.slice(24..28), Some("done"));
        assert_eq!(t.slice(24..29), None);
        #[allow(clippy::reversed_empty_ranges)] // a reversed range is the input under test
        let reversed = 5..4;
        assert_eq!(t.slice(reversed), None);
    }

    #[test]
    fn byte_and_char_offsets_agree_past_checkpoints() {
        let s = "é".repeat(300) + "abc";
        let t = ArticleText::new(&s);
        for i in [0, 1, 63, 64, 65, 128, 299, 300, 303] {
            let b = t.byte_of_char(i).unwrap();
            assert_eq!(t.char_of_byte(b), Some(i), "char {i}");
        }
        assert_eq!(t.byte_of_char(304), None);
        assert_eq!(t.char_of_byte(1), None, "inside é");
    }

    #[test]
    fn crlf_becomes_lf() {
        let t = ArticleText::new("a\r\nb\rc");
        assert_eq!(t.as_str(), "a\nb\nc");
        assert_eq!(t.char_count(), 5);
    }

    #[test]
    fn context_is_clamped_at_the_edges() {
        let t = ArticleText::new("abcdefghij");
        assert_eq!(t.context(2..4, 3), ("ab".into(), "efg".into()));
        assert_eq!(t.context(8..10, 3), ("fgh".into(), String::new()));
    }

    #[test]
    fn word_at_finds_words_and_punctuation() {
        let t = ArticleText::new("Iran's mission, said");
        assert_eq!(t.slice(t.word_at(1)), Some("Iran's"));
        assert_eq!(t.slice(t.word_at(9)), Some("mission"));
        assert_eq!(t.slice(t.word_at(14)), Some(","));
        assert_eq!(t.slice(t.word_at(19)), Some("said"));
        assert_eq!(t.slice(t.word_at(20)), Some("said"));
    }

    #[test]
    fn snapping_never_splits_a_grapheme() {
        // "e" + combining acute, then a family emoji joined by ZWJ.
        let t = ArticleText::new("cafe\u{301} 👨‍👩‍👧 x");
        assert_eq!(t.slice(t.snap_to_graphemes(0..4)), Some("cafe\u{301}"));
        let fam = t.snap_to_graphemes(7..8);
        assert_eq!(t.slice(fam), Some("👨‍👩‍👧"));
    }

    #[test]
    fn trim_drops_surrounding_whitespace() {
        let t = ArticleText::new("  the FBI \n");
        assert_eq!(t.slice(t.trim(0..11)), Some("the FBI"));
        assert_eq!(t.trim(0..2), 0..0);
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
