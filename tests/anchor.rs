//! Re-anchoring highlights when an article's text changed: exact, moved, needs review,
//! orphan; Unicode offsets; and a property test (the fuzz target for re-anchoring) that edits
//! random texts and checks that what is found is always where it says.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::anchor::{Anchoring, locate, locate_all};
use crosscheck::model::{Annotation, AnnotationId, CONTEXT_CHARS};
use crosscheck::text::ArticleText;
use proptest::prelude::*;

/// An annotation of `old[start..end]` (code points) as Crosscheck saves it.
fn saved(old: &str, start: usize, end: usize) -> Annotation {
    let text = ArticleText::new(old);
    let (prefix, suffix) = text.context(start..end, CONTEXT_CHARS);
    Annotation {
        created_by: None,
        modified: None,
        modified_by: None,
        id: AnnotationId(format!("a{start}-{end}")),
        article: "x".into(),
        char_start: start,
        char_end: end,
        quote: text.slice(start..end).unwrap().to_owned(),
        prefix,
        suffix,
        entities: vec![],
        claims: vec![],
        note: String::new(),
        created: "2026-11-22T00:00:00Z".into(),
    }
}

/// Code-point range of the first `needle` in `hay`.
fn span(hay: &str, needle: &str) -> (usize, usize) {
    let byte = hay.find(needle).unwrap();
    let start = hay[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn slice(text: &str, a: &Anchoring) -> String {
    let t = ArticleText::new(text);
    match a {
        Anchoring::Moved { start, end } | Anchoring::NeedsReview { start, end, .. } => {
            t.slice(*start..*end).unwrap().to_owned()
        }
        _ => String::new(),
    }
}

const OLD: &str = "Iran's mission to the UN denied the accusation on Monday. \
                   The FBI said the hackers sent spear-phishing emails to campaign staff.";

#[test]
fn unchanged_offsets_are_exact() {
    let (s, e) = span(OLD, "FBI");
    assert_eq!(
        locate(&saved(OLD, s, e), &ArticleText::new(OLD)),
        Anchoring::Exact
    );
}

#[test]
fn text_inserted_or_deleted_before_a_span_moves_it() {
    let (s, e) = span(OLD, "spear-phishing emails");
    let a = saved(OLD, s, e);
    let inserted = format!("UPDATED 21 August: a correction was added. {OLD}");
    let found = locate(&a, &ArticleText::new(&inserted));
    let (ns, ne) = span(&inserted, "spear-phishing emails");
    assert_eq!(found, Anchoring::Moved { start: ns, end: ne });

    let deleted = OLD.replace(" on Monday", "");
    let found = locate(&a, &ArticleText::new(&deleted));
    assert_eq!(slice(&deleted, &found), "spear-phishing emails");
    assert!(matches!(found, Anchoring::Moved { .. }));
}

#[test]
fn of_several_occurrences_the_saved_context_decides_then_nearness() {
    let old = "Tehran denied it. The FBI disagreed. Later the FBI said more. The FBI ended.";
    let (s, e) = {
        let byte = old.find("the FBI said").unwrap() + "the ".len();
        let start = old[..byte].chars().count();
        (start, start + 3)
    };
    let a = saved(old, s, e);
    // Text added at the start shifts everything; the middle FBI keeps its context.
    let new = format!("Breaking. {old}");
    let found = locate(&a, &ArticleText::new(&new));
    let expected = new.find("the FBI said").unwrap() + "the ".len();
    let expected = new[..expected].chars().count();
    assert_eq!(
        found,
        Anchoring::Moved {
            start: expected,
            end: expected + 3
        }
    );

    // No context to go by: a short quote is never moved by nearness. Every place is listed
    // for review, the nearest first.
    let mut bare = a.clone();
    bare.prefix.clear();
    bare.suffix.clear();
    bare.char_start += 1;
    bare.char_end += 1;
    let Anchoring::NeedsReview {
        start, candidates, ..
    } = locate(&bare, &ArticleText::new(old))
    else {
        panic!("a short quote without context must not be placed");
    };
    assert_eq!(start, s);
    assert_eq!(candidates.len(), 3);
}

#[test]
fn a_changed_word_inside_a_span_needs_review_and_is_never_moved() {
    let (s, e) = span(OLD, "the hackers sent spear-phishing emails");
    let a = saved(OLD, s, e);
    let new = OLD.replace("hackers sent", "hackers had sent");
    let found = locate(&a, &ArticleText::new(&new));
    let Anchoring::NeedsReview { similarity, .. } = found else {
        panic!("expected needs review, got {found:?}");
    };
    assert!((0.8..1.0).contains(&similarity), "{similarity}");
    assert_eq!(
        slice(&new, &found),
        "the hackers had sent spear-phishing emails"
    );

    let typo = OLD.replace("spear-phishing", "spear-fishing");
    let found = locate(&a, &ArticleText::new(&typo));
    assert_eq!(
        slice(&typo, &found),
        "the hackers sent spear-fishing emails"
    );
}

#[test]
fn a_span_whose_text_is_gone_is_an_orphan() {
    let (s, e) = span(
        OLD,
        "the hackers sent spear-phishing emails to campaign staff",
    );
    let a = saved(OLD, s, e);
    let new = "Iran's mission to the UN denied the accusation on Monday. No more details.";
    assert_eq!(locate(&a, &ArticleText::new(new)), Anchoring::Orphan);
    assert_eq!(locate(&a, &ArticleText::new("")), Anchoring::Orphan);
    // Short quotes are never matched approximately: "FBO" is not "FBI".
    let (s, e) = span(OLD, "FBI");
    let fbi = saved(OLD, s, e);
    assert_eq!(
        locate(&fbi, &ArticleText::new(&OLD.replace("FBI", "FBO"))),
        Anchoring::Orphan
    );
}

#[test]
fn quotes_at_the_edges_and_stored_offsets_out_of_range() {
    let (s, e) = span(OLD, "Iran's mission");
    let a = saved(OLD, s, e);
    let new = format!("{OLD} Iran's mission");
    assert_eq!(locate(&a, &ArticleText::new(&new)), Anchoring::Exact);
    let last = saved(OLD, OLD.chars().count() - 6, OLD.chars().count());
    let shorter = OLD.replace("Monday. ", "");
    assert_eq!(
        slice(&shorter, &locate(&last, &ArticleText::new(&shorter))),
        "staff."
    );
    let mut wild = a.clone();
    wild.char_start = 10_000;
    wild.char_end = 9_000;
    assert_eq!(
        locate(&wild, &ArticleText::new(OLD)),
        Anchoring::Moved { start: 0, end: 14 }
    );
    let mut empty = a;
    empty.quote.clear();
    assert_eq!(locate(&empty, &ArticleText::new(OLD)), Anchoring::Orphan);
}

#[test]
fn offsets_count_code_points_through_emoji_marks_persian_and_crlf() {
    let old = "👨‍👩‍👧 family 🇮🇷 flag cafe\u{301} «ما هیچ نقشی نداریم» then the FBI replied.";
    let (s, e) = span(old, "FBI");
    let a = saved(old, s, e);
    let new = format!("👍🏽 {old}"); // three code points: thumb, skin tone, space
    let found = locate(&a, &ArticleText::new(&new));
    assert_eq!(
        found,
        Anchoring::Moved {
            start: s + 3,
            end: e + 3
        }
    );
    assert_eq!(slice(&new, &found), "FBI");

    let (s, e) = span(old, "نقشی نداریم");
    let persian = saved(old, s, e);
    let new = old.replace("family", "family of three");
    assert_eq!(
        slice(&new, &locate(&persian, &ArticleText::new(&new))),
        "نقشی نداریم"
    );

    // CRLF on disk reads as LF, so offsets saved from LF text still hold.
    let crlf = old.replace(' ', "\r\n");
    let lf = old.replace(' ', "\n");
    let (s, e) = span(&lf, "FBI");
    assert_eq!(
        locate(&saved(&lf, s, e), &ArticleText::new(&crlf)),
        Anchoring::Exact
    );
}

#[test]
fn approximate_matches_respect_grapheme_boundaries() {
    let old = "The statement 👨‍👩‍👧 was signed by the mission's spokesman on Monday.";
    let (s, e) = span(old, "👨‍👩‍👧 was signed by the mission");
    let a = saved(old, s, e);
    let new = old.replace("signed", "sined");
    let found = locate(&a, &ArticleText::new(&new));
    let got = slice(&new, &found);
    assert!(got.starts_with("👨‍👩‍👧"), "{got:?}");
    assert!(matches!(found, Anchoring::NeedsReview { .. }), "{found:?}");
}

#[test]
fn locate_all_follows_the_shift_of_an_insertion() {
    let text = (0..200).fold(String::new(), |mut t, i| {
        use std::fmt::Write as _;
        let _ = write!(t, "Sentence {i} says something about claim {i}. ");
        t
    });
    let annotations: Vec<Annotation> = (0..200)
        .map(|i| {
            let (s, e) = span(&text, &format!("claim {i}."));
            saved(&text, s, e)
        })
        .collect();
    let new = format!("An editor's note was added at the top. {text}");
    let found = locate_all(&annotations, &ArticleText::new(&new));
    for (a, f) in annotations.iter().zip(&found) {
        assert_eq!(slice(&new, f), a.quote);
        assert!(matches!(f, Anchoring::Moved { .. }));
    }
}

// ---- The fuzz target: random texts, random spans, random edits. ----

fn words() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Iran",
        "FBI",
        "denied",
        "the",
        "claim",
        "«ما»",
        "نقشی",
        "👨‍👩‍👧",
        "cafe\u{301}",
        "🇮🇷",
        "\n",
        "campaign",
        "said",
        "hack",
        ",",
        ".",
    ]);
    prop::collection::vec(word, 1..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    /// Edits outside the span and its context: always found exactly, at its shifted place.
    #[test]
    fn edits_outside_a_span_keep_it(
        text in words(),
        // Words the text never has, so the edit cannot make a second copy of the span.
        insert in prop::collection::vec(prop::sample::select(vec!["QQ", "ZX", "٩٨", "🦀"]), 1..20)
            .prop_map(|w| w.join(" ")),
        span_at in 0.0..1.0f64,
        span_len in 1usize..20,
        edit_before in any::<bool>(),
    ) {
        let t = ArticleText::new(&text);
        let n = t.char_count();
        prop_assume!(n > 2);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let start = ((n - 1) as f64 * span_at) as usize;
        let range = t.snap_to_graphemes(start..(start + span_len).min(n));
        prop_assume!(!range.is_empty());
        let a = saved(&text, range.start, range.end);
        prop_assume!(!a.quote.trim().is_empty());
        // Inserted before the saved context (an edit inside the 32 characters of context of
        // a word repeated all over the text is ambiguous by nature).
        let (new, shift) = if edit_before {
            let cut = t.byte_of_char(range.start.saturating_sub(CONTEXT_CHARS)).unwrap();
            let new = format!("{}{insert} {}", &text[..cut], &text[cut..]);
            (new, insert.chars().count() + 1)
        } else {
            (format!("{text} {insert}"), 0)
        };
        let found = locate(&a, &ArticleText::new(&new));
        match found {
            Anchoring::Exact => prop_assert_eq!(shift, 0),
            Anchoring::Moved { start, end } => {
                prop_assert_eq!(slice(&new, &found), a.quote.clone());
                prop_assert_eq!(end - start, range.len());
            }
            other => prop_assert!(false, "lost a span the edit did not touch: {:?}", other),
        }
    }

    /// Any edit: never a panic; what is moved gives the quote; what needs review is in bounds.
    #[test]
    fn any_edit_gives_sound_results(
        text in words(),
        other in words(),
        spans in prop::collection::vec((0.0..1.0f64, 1usize..40), 1..8),
        cut in 0.0..1.0f64,
    ) {
        let t = ArticleText::new(&text);
        let n = t.char_count();
        prop_assume!(n > 2);
        let annotations: Vec<Annotation> = spans
            .iter()
            .filter_map(|(at, len)| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let s = ((n - 1) as f64 * at) as usize;
                let r = t.snap_to_graphemes(s..(s + len).min(n));
                (!r.is_empty()).then(|| saved(&text, r.start, r.end))
            })
            .collect();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let c = t.byte_of_char((n as f64 * cut) as usize).unwrap_or(text.len());
        let new = format!("{}{other}", &text[..c]);
        let new_text = ArticleText::new(&new);
        for (a, found) in annotations.iter().zip(locate_all(&annotations, &new_text)) {
            match found {
                Anchoring::Exact => prop_assert_eq!(
                    new_text.slice(a.char_start..a.char_end), Some(a.quote.as_str())
                ),
                Anchoring::Moved { .. } => prop_assert_eq!(slice(&new, &found), a.quote.clone()),
                Anchoring::NeedsReview { start, end, similarity, .. } => {
                    prop_assert!(start < end && end <= new_text.char_count());
                    prop_assert!((0.0..=1.0).contains(&similarity));
                    prop_assert_eq!(new_text.snap_to_graphemes(start..end), start..end);
                }
                Anchoring::Orphan => {}
            }
        }
    }
}

// ---- In the window: an article edited on disk, then the project opened ----

mod common;

use common::{harness, sample_copy};
use crosscheck::model::ArticleId;
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::Action;
use egui_kittest::kittest::Queryable;

#[test]
#[allow(clippy::too_many_lines)] // one flow, from the edit on disk to the save
fn an_article_changed_on_disk_opens_with_its_highlights_classified() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let article = ArticleId("002-iran-mission".into());
    let before = store::load(&path).unwrap().document;
    let file = dir.path().join("articles/002-iran-mission.txt");
    let old = std::fs::read_to_string(&file).unwrap();
    let spans: Vec<&Annotation> = before.project().annotations_of(&article).collect();
    let unique = |a: &&&Annotation| old.matches(a.quote.as_str()).count() == 1;
    // The longest span gets a word changed; another long one is deleted from the text.
    let mut long: Vec<&&Annotation> = spans
        .iter()
        .filter(|a| a.quote.len() > 40)
        .filter(unique)
        .collect();
    long.sort_by_key(|a| std::cmp::Reverse(a.quote.len()));
    let (changed, gone) = (long[0], long[1]);
    assert!(changed.char_end <= gone.char_start || gone.char_end <= changed.char_start);
    let word = changed.quote.split(' ').nth(2).unwrap();
    let new_quote = changed.quote.replacen(word, &format!("{word}s"), 1);
    let new = format!(
        "Editor's note: this story was updated.\n{}",
        old.replacen(changed.quote.as_str(), &new_quote, 1)
            .replacen(gone.quote.as_str(), "", 1)
    );
    std::fs::write(&file, &new).unwrap();

    // validate names the same classification, and writes nothing.
    let problems: Vec<String> = store::load(&path)
        .unwrap()
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    let about = |a: &Annotation, what: &str| {
        problems
            .iter()
            .any(|p| p.contains(a.id.as_str()) && p.contains(what))
    };
    assert!(about(changed, "needs review:"), "{problems:#?}");
    assert!(about(gone, "orphan:"), "{problems:#?}");
    // Every span apart from those two (and spans nested with them) moved.
    let overlaps =
        |a: &Annotation, b: &Annotation| a.char_start < b.char_end && b.char_start < a.char_end;
    for a in spans
        .iter()
        .filter(|a| !overlaps(a, changed) && !overlaps(a, gone))
    {
        assert!(about(a, "moved:"), "{} {problems:#?}", a.id);
    }
    let count = |what: &str| problems.iter().filter(|p| p.contains(what)).count();
    let (moved, review, orphan) = (
        count(": moved:"),
        count(": needs review:"),
        count(": orphan:"),
    );
    assert_eq!(moved + review + orphan, spans.len());

    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    let open = h.state().project().unwrap();
    // The moves are applied (one undo step) and the rest wait for the user.
    assert!(h.state().title().contains("unsaved"));
    assert_eq!(open.doc.undo_label(), Some("re-anchor highlights"));
    let text = open.doc.text(&article).unwrap();
    for a in open.doc.project().annotations_of(&article) {
        if !overlaps(a, changed) && !overlaps(a, gone) {
            assert_eq!(text.slice(a.char_start..a.char_end), Some(a.quote.as_str()));
        }
    }
    h.get_by_label(&format!("Re-anchor ({})", spans.len()));
    assert!(
        h.query_by_label_contains("Problems (").is_none(),
        "what the re-anchoring list shows is not repeated as problems"
    );
    // In the status line and above the list.
    assert_eq!(
        h.get_all_by_label_contains(&format!(
            "{moved} highlights moved, {review} need review, {orphan} lost their text"
        ))
        .count(),
        2
    );
    h.get_by_label("Accept all moves").click();
    h.run();
    h.get_by_label(&format!("Re-anchor ({})", review + orphan));
    // Each approximate match accepted puts its highlight on the new text.
    let mut left = review + orphan;
    while h.query_all_by_label("Accept match").next().is_some() {
        h.get_all_by_label("Accept match").next().unwrap().click();
        h.run();
        left -= 1;
        if left > 0 {
            h.get_by_label(&format!("Re-anchor ({left})"));
        }
    }
    assert_eq!(left, orphan);
    let project = h.state().project().unwrap().doc.project().clone();
    assert_eq!(
        project.annotation(&changed.id).unwrap().quote,
        new_quote,
        "moved onto the changed words"
    );
    // The rest: re-select by hand is offered; here they are deleted.
    while h.query_by_label_contains("Re-anchor (").is_some() {
        assert!(h.query_all_by_label("Re-select").count() > 0);
        // The re-anchoring rows' delete buttons come after the details panel's (if any).
        h.get_all_by_label("Delete highlight")
            .last()
            .unwrap()
            .click();
        h.run();
    }
    assert!(
        h.state()
            .project()
            .unwrap()
            .doc
            .project()
            .annotation(&gone.id)
            .is_none()
    );

    h.state_mut().queue(Action::Save);
    h.run();
    let reopened = store::load(&path).unwrap();
    assert!(reopened.problems.is_empty(), "{:?}", reopened.problems);
    assert!(reopened.changed_texts.is_empty());
}

#[test]
fn re_select_moves_an_orphaned_highlight_onto_the_text_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let file = dir.path().join("articles/001-us-officials.txt");
    let old = std::fs::read_to_string(&file).unwrap();
    let before = store::load(&path).unwrap().document;
    // A span nested with no other, whose quote the text has once.
    let id = ArticleId("001-us-officials".into());
    let spans: Vec<&Annotation> = before.project().annotations_of(&id).collect();
    let first = (*spans
        .iter()
        .find(|a| {
            old.matches(a.quote.as_str()).count() == 1
                && spans
                    .iter()
                    .filter(|b| b.char_start < a.char_end && a.char_start < b.char_end)
                    .count()
                    == 1
        })
        .unwrap())
    .clone();
    std::fs::write(
        &file,
        old.replacen(first.quote.as_str(), "Officials in Washington", 1),
    )
    .unwrap();
    let mut h = harness(CrosscheckApp::new(Some(path), None));
    // The spans after it moved (the new words are shorter); those are accepted first.
    h.get_by_label("Accept all moves").click();
    h.run();
    h.get_by_label("Re-select").click();
    h.run();
    // Select the new words as the mouse would (the column's drag ends in a pending span).
    let text = h
        .state()
        .project()
        .unwrap()
        .doc
        .text(&first.article)
        .unwrap()
        .clone();
    let byte = text.as_str().find("Officials in Washington").unwrap();
    let start = text.char_of_byte(byte).unwrap();
    h.state_mut().view_mut().unwrap().pending = Some(crosscheck::ui::state::PendingSpan {
        article: first.article.clone(),
        chars: start..start + "Officials in Washington".len(),
        anchor: egui::pos2(400.0, 300.0),
    });
    h.run();
    h.get_by_label("Move highlight here").click();
    h.run();
    let a = h
        .state()
        .project()
        .unwrap()
        .doc
        .project()
        .annotation(&first.id)
        .unwrap()
        .clone();
    assert_eq!(a.quote, "Officials in Washington");
    assert_eq!(a.entities, first.entities, "links kept");
    assert!(h.query_by_label_contains("Re-anchor (").is_none());
}

#[test]
fn offsets_edited_by_hand_in_the_project_file_are_moved_back_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let loaded = store::load(&path).unwrap();
    let mut project = loaded.document.project().clone();
    let a = project.annotations[5].clone();
    let moved = std::sync::Arc::make_mut(&mut project.annotations[5]);
    moved.char_start += 3;
    moved.char_end += 3;
    store::save(&project, &path).unwrap();

    let h = harness(CrosscheckApp::new(Some(path), None));
    let open = h.state().project().unwrap();
    let now = open.doc.project().annotation(&a.id).unwrap();
    assert_eq!((now.char_start, now.char_end), (a.char_start, a.char_end));
    assert_eq!(open.doc.undo_label(), Some("re-anchor highlights"));
    let hashes: Vec<&str> = open
        .doc
        .project()
        .articles
        .iter()
        .map(|x| x.sha256.as_str())
        .collect();
    let before: Vec<&str> = project.articles.iter().map(|x| x.sha256.as_str()).collect();
    assert_eq!(hashes, before, "texts unchanged, hashes kept");
}

/// The case that made the rule: article 001 edited on disk (a paragraph copied to the top, a
/// word changed in the first paragraph, the "pointed fingers at Iran" paragraph deleted). The
/// "Iran" of the deleted sentence is not moved onto another "Iran" by nearness; nothing is
/// moved onto a place another highlight already holds; every highlight still in the text is
/// where it truly is.
#[test]
fn a_highlight_from_a_deleted_sentence_is_never_moved_onto_another_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let article = ArticleId("001-us-officials".into());
    let file = dir.path().join("articles/001-us-officials.txt");
    let old = std::fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = old.lines().collect();
    let deleted = lines
        .iter()
        .position(|l| l.starts_with("This is for the first time"))
        .unwrap();
    let mut new_lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    new_lines.remove(deleted);
    new_lines[0] = new_lines[0].replacen("confident", "certain", 1);
    new_lines.insert(0, lines[4].to_owned()); // "Iran maintains robust cyber …" copied to the top
    let new = new_lines.join("\n") + "\n";
    std::fs::write(&file, &new).unwrap();

    let before = store::load(&sample_copy(&dir.path().join("orig")))
        .unwrap()
        .document;
    let loaded = store::load(&path).unwrap();
    let fingers = before
        .project()
        .annotations_of(&article)
        .find(|a| a.quote == "Iran" && a.prefix.ends_with("pointed fingers at "))
        .unwrap();
    let outcome = loaded
        .reanchored
        .iter()
        .find(|r| r.annotation == fingers.id)
        .map(|r| r.outcome.clone())
        .unwrap();
    assert!(
        matches!(outcome, Anchoring::NeedsReview { .. } | Anchoring::Orphan),
        "{outcome:?}"
    );
    if let Anchoring::NeedsReview { candidates, .. } = &outcome {
        assert!(
            candidates.len() > 1,
            "every \u{201c}Iran\u{201d} is listed: {candidates:?}"
        );
    }
    // What opening does: no two highlights on one place that were not before, and every
    // highlight outside the deleted sentence still on its own words.
    let opened = store::open(&path).unwrap().document;
    let deleted_start = old
        .lines()
        .take(deleted)
        .map(|l| l.chars().count() + 1)
        .sum::<usize>();
    let deleted_end = deleted_start + lines[deleted].chars().count();
    let inserted = lines[4].chars().count() + 1;
    let mut places = std::collections::HashMap::new();
    for a in before.project().annotations_of(&article) {
        let now = opened.annotation(&a.id).unwrap();
        let was = (a.char_start, a.char_end);
        places
            .entry((now.char_start, now.char_end))
            .or_insert_with(Vec::new)
            .push(was);
        let survives = a.char_end <= deleted_start || a.char_start >= deleted_end;
        let kept_or_moved = !loaded
            .reanchored
            .iter()
            .any(|r| r.annotation == a.id && !matches!(r.outcome, Anchoring::Moved { .. }));
        if survives && kept_or_moved {
            // The copied line comes first; "confident" became "certain" (two characters
            // fewer) in the first line; the deleted line and its line break are gone.
            let confident = lines[0].find("confident").unwrap();
            let confident_end = lines[0][..confident].chars().count() + "confident".len();
            let mut expected = a.char_start + inserted;
            if a.char_start >= confident_end {
                expected -= 2;
            }
            if a.char_start >= deleted_end {
                expected -= deleted_end - deleted_start + 1;
            }
            assert_eq!(
                now.char_start, expected,
                "{:?} was at {}",
                a.quote, a.char_start
            );
        }
    }
    for (place, were) in places {
        let first = were[0];
        assert!(
            were.iter().all(|w| *w == first),
            "{place:?} holds highlights from {were:?}"
        );
    }
}
