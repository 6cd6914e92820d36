//! Code-point offsets, grapheme snapping, words and trimming on text beyond ASCII: emoji
//! sequences, combining marks, right-to-left script and CRLF line endings.

#![allow(clippy::unwrap_used)]

use crosscheck::text::ArticleText;
use unicode_segmentation::UnicodeSegmentation;

/// Code-point offset of the first occurrence of `needle`.
fn at(t: &ArticleText, needle: &str) -> usize {
    let byte = t.as_str().find(needle).unwrap();
    t.char_of_byte(byte).unwrap()
}

/// The code-point range of the first occurrence of `needle`.
fn range(t: &ArticleText, needle: &str) -> std::ops::Range<usize> {
    let s = at(t, needle);
    s..s + needle.chars().count()
}

const FAMILY: &str = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
const FLAG_IR: &str = "🇮🇷";
const FLAG_US: &str = "🇺🇸";
const THUMB_DARK: &str = "👍🏿";

#[test]
fn zwj_family_counts_its_code_points_and_snaps_whole() {
    let line = format!("a {FAMILY} b");
    let t = ArticleText::new(&line);
    // Four people and three joiners.
    assert_eq!(t.char_count(), 2 + 7 + 2);
    let fam = range(&t, FAMILY);
    assert_eq!(fam, 2..9);
    assert_eq!(t.slice(fam.clone()), Some(FAMILY));
    // Any cut inside the sequence widens to all of it.
    for inner in fam.start + 1..fam.end {
        assert_eq!(t.snap_to_graphemes(fam.start..inner), fam, "end at {inner}");
        assert_eq!(t.snap_to_graphemes(inner..fam.end), fam, "start at {inner}");
    }
    // Offsets after it are right.
    assert_eq!(t.slice(range(&t, "b")), Some("b"));
    assert_eq!(at(&t, "b"), 10);
}

#[test]
fn adjacent_flags_are_two_graphemes_of_two_code_points() {
    let line = format!("{FLAG_IR}{FLAG_US} talks");
    let t = ArticleText::new(&line);
    assert_eq!(t.slice(0..2), Some(FLAG_IR));
    assert_eq!(t.slice(2..4), Some(FLAG_US));
    // Half of the second flag snaps to that flag only, not the first.
    assert_eq!(t.snap_to_graphemes(3..4), 2..4);
    assert_eq!(t.snap_to_graphemes(1..3), 0..4);
    assert_eq!(t.slice(t.word_at(at(&t, "talks"))), Some("talks"));
}

#[test]
fn skin_tone_modifier_stays_with_its_emoji() {
    let line = format!("ok {THUMB_DARK}!");
    let t = ArticleText::new(&line);
    let thumb = range(&t, THUMB_DARK);
    assert_eq!(thumb, 3..5);
    assert_eq!(t.snap_to_graphemes(3..4), thumb);
    assert_eq!(t.snap_to_graphemes(4..6), 3..6);
    assert_eq!(t.slice(t.snap_to_graphemes(4..6)), Some("👍🏿!"));
}

#[test]
fn combining_marks_stay_with_their_base_letter() {
    // x + dot below + circumflex (no precomposed form), then a Vietnamese word written
    // decomposed: e + circumflex + acute.
    let line = "tax\u{323}\u{302} Vie\u{302}\u{301}t end";
    let t = ArticleText::new(line);
    let x = at(&t, "x");
    assert_eq!(t.snap_to_graphemes(0..x + 1), 0..x + 3);
    assert_eq!(t.snap_to_graphemes(x + 2..x + 3), x..x + 3);
    let viet = range(&t, "Vie\u{302}\u{301}t");
    assert_eq!(
        t.snap_to_graphemes(viet.start..viet.start + 3),
        viet.start..viet.start + 5
    );
    // Double-click on a mark still selects the whole word.
    assert_eq!(t.word_at(viet.start + 3), viet);
    assert_eq!(t.slice(range(&t, "end")), Some("end"));
    // Trimming works on the snapped range, marks and all.
    assert_eq!(
        t.slice(t.trim(t.snap_to_graphemes(x - 2..x + 2))),
        Some("tax\u{323}\u{302}")
    );
}

#[test]
fn persian_quote_offsets_count_code_points() {
    let line = "The mission said «ما هیچ نقشی نداریم» and then the FBI replied.";
    let t = ArticleText::new(line);
    assert_eq!(t.slice(range(&t, "FBI")), Some("FBI"));
    assert_eq!(at(&t, "FBI"), 51);
    let word = range(&t, "نداریم");
    assert_eq!(t.word_at(word.start + 2), word);
    // A Persian word with a zero-width non-joiner is one word and keeps the joiner.
    let zwnj = ArticleText::new("گفت می\u{200c}خواهیم صلح");
    let w = range(&zwnj, "می\u{200c}خواهیم");
    assert_eq!(zwnj.word_at(w.start), w);
    assert_eq!(
        zwnj.snap_to_graphemes(w.start + 1..w.start + 2),
        w.start + 1..w.start + 3
    );
}

#[test]
fn crlf_and_lone_cr_count_one_char_per_line_break() {
    let t = ArticleText::new("One.\r\nTwo FBI.\rThree\r\n");
    assert_eq!(t.as_str(), "One.\nTwo FBI.\nThree\n");
    assert_eq!(t.slice(range(&t, "FBI")), Some("FBI"));
    assert_eq!(at(&t, "FBI"), 9);
    assert_eq!(t.slice(t.word_at(at(&t, "Three"))), Some("Three"));
    // A range across a line break trims the break off.
    let two = range(&t, "Two FBI.");
    assert_eq!(t.trim(two.start..two.end + 1), two);
    // The same text with LF only gives the same offsets.
    assert_eq!(ArticleText::new("One.\nTwo FBI.\nThree\n"), t);
}

#[test]
fn offsets_round_trip_through_bytes_for_mixed_text() {
    let line =
        format!("«ما هیچ» {FAMILY} {FLAG_IR} x\u{323}\u{302} {THUMB_DARK}\r\nend").repeat(20);
    let t = ArticleText::new(&line);
    let mut bytes = 0;
    for (i, c) in t.as_str().chars().enumerate() {
        assert_eq!(t.byte_of_char(i), Some(bytes), "char {i}");
        assert_eq!(t.char_of_byte(bytes), Some(i), "byte {bytes}");
        assert_eq!(t.slice(i..i + 1), Some(c.to_string().as_str()));
        bytes += c.len_utf8();
    }
    assert_eq!(t.byte_of_char(t.char_count()), Some(t.as_str().len()));
    // Snapping never returns a range that splits a grapheme, wherever it starts.
    let bounds: Vec<usize> = t
        .as_str()
        .grapheme_indices(true)
        .map(|(b, _)| t.char_of_byte(b).unwrap())
        .chain([t.char_count()])
        .collect();
    for s in 0..t.char_count().min(200) {
        let r = t.snap_to_graphemes(s..(s + 3).min(t.char_count()));
        assert!(
            bounds.contains(&r.start) && bounds.contains(&r.end),
            "{s}: {r:?}"
        );
        assert!(r.start <= s && r.end >= (s + 3).min(t.char_count()));
    }
}

/// The text `range` selects, for readable assertions.
fn sel(t: &ArticleText, range: std::ops::Range<usize>) -> &str {
    t.slice(range).unwrap()
}

/// The char range of the first `needle` in `t`, shifted by (`start`, `end`) chars: a drag
/// that starts and ends a few letters off the words.
fn off(t: &ArticleText, needle: &str, start: isize, end: isize) -> std::ops::Range<usize> {
    let byte = t.as_str().find(needle).unwrap();
    let s = t.char_of_byte(byte).unwrap();
    let e = s + needle.chars().count();
    s.checked_add_signed(start).unwrap()..e.checked_add_signed(end).unwrap()
}

#[test]
fn a_drag_snaps_to_whole_words_at_both_ends() {
    let t = ArticleText::new("Tehran says it has no intention of interfering in the election.");
    // "ys it has no intention of interfering i": the drag.
    let drag = off(&t, "says it has no intention of interfering in", 2, -1);
    assert_eq!(
        sel(&t, drag.clone()),
        "ys it has no intention of interfering i"
    );
    assert_eq!(
        sel(&t, t.snap_to_words(drag)),
        "says it has no intention of interfering in"
    );
    // Backwards is the same range; a drag inside one word gives the word.
    let inside = off(&t, "intention", 2, -3);
    assert_eq!(sel(&t, t.snap_to_words(inside)), "intention");
    // An end on the full stop keeps it; spaces at the ends go.
    let to_stop = off(&t, " the election.", 0, 0);
    assert_eq!(sel(&t, t.snap_to_words(to_stop)), "the election.");
    assert_eq!(t.snap_to_words(3..3), 3..3);
}

#[test]
fn word_snapping_follows_unicode_words_in_other_scripts_and_abbreviations() {
    let t = ArticleText::new(
        "The U.S. said so. L'homme d'État a parlé. ایران می‌گوید دخالتی نکرده است.",
    );
    assert_eq!(sel(&t, t.snap_to_words(off(&t, "U.S.", 1, -2))), "U.S");
    assert_eq!(sel(&t, t.snap_to_words(off(&t, "d'État", 2, -1))), "d'État");
    assert_eq!(
        sel(&t, t.snap_to_words(off(&t, "L'homme", 1, 0))),
        "L'homme"
    );
    // A Persian word with a zero-width non-joiner inside stays one word.
    assert_eq!(sel(&t, t.snap_to_words(off(&t, "می‌گوید", 1, -1))), "می‌گوید");
    assert_eq!(
        sel(&t, t.snap_to_words(off(&t, "ایران می‌گوید", 2, -2))),
        "ایران می‌گوید"
    );
}

#[test]
fn selections_never_cut_a_grapheme_cluster() {
    // A flag (two regional indicators), a family emoji joined by ZWJ, e + combining acute.
    let t = ArticleText::new("Flag 🇺🇸 and 👩‍💻 coder, cafe\u{301}.");
    let flag = off(&t, "🇺🇸", 1, 0); // starts between the two indicators
    assert_eq!(sel(&t, t.snap_to_graphemes(flag.clone())), "🇺🇸");
    assert_eq!(sel(&t, t.snap_to_words(flag)), "🇺🇸");
    let zwj = off(&t, "👩‍💻", 0, -1); // ends inside the ZWJ sequence
    assert_eq!(sel(&t, t.snap_to_words(zwj)), "👩‍💻");
    let cafe = off(&t, "cafe\u{301}", 0, -1); // ends before the combining mark
    assert_eq!(sel(&t, t.snap_to_words(cafe.clone())), "cafe\u{301}");
    assert_eq!(sel(&t, t.snap_to_graphemes(cafe)), "cafe\u{301}");
}

#[test]
fn a_sentence_is_found_within_its_paragraph() {
    let t =
        ArticleText::new("First line. Iran denies it. The U.S. disagrees!\nNext paragraph here.");
    let inside = off(&t, "denies", 0, 0).start;
    assert_eq!(sel(&t, t.sentence_at(inside)), "Iran denies it.");
    let last = off(&t, "disagrees", 0, 0).start;
    assert_eq!(sel(&t, t.sentence_at(last)), "The U.S. disagrees!");
    let next = off(&t, "Next", 0, 0).start;
    assert_eq!(sel(&t, t.sentence_at(next)), "Next paragraph here.");
    assert_eq!(t.sentence_at(t.char_count()), t.sentence_at(t.char_count()));
}

#[test]
fn snapping_in_a_huge_one_line_text_looks_only_near_the_ends() {
    // 400,000 words on one line, no punctuation: each end is snapped by looking around it.
    let words = "lorem ".repeat(400_000);
    let t = ArticleText::new(&words);
    let mid = t.char_count() / 2 + 2; // inside a word
    let r = t.snap_to_words(mid..mid + 9);
    assert_eq!(sel(&t, r.clone()).split(' ').count(), 2, "{:?}", sel(&t, r));
    let s = t.sentence_at(mid);
    assert!(s.len() <= 2 * 4096 && s.contains(&mid), "{s:?}");
}
