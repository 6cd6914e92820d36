//! Suggested attributions: quality on our own test set of eight news articles written for it
//! (`tests/fixtures/attribution/`, 58 attributions marked by hand in `gold.json`), the speaker
//! and claim matching, and hostile text.

// Tests fail loudly by unwrapping.
#![allow(clippy::unwrap_used)]

mod common;

use crosscheck::attribution::{self, Matcher, Suggestion};
use crosscheck::model::{Claim, Entity, EntityKind, Project, Rgb, Stance};
use crosscheck::text::ArticleText;
use proptest::prelude::*;
use std::ops::Range;
use std::path::Path;

/// Each article of the set with its text.
fn articles() -> Vec<(String, ArticleText)> {
    let dir = Path::new("tests/fixtures/attribution");
    let mut out: Vec<(String, ArticleText)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, ArticleText::new(&std::fs::read_to_string(&p).unwrap()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn chars_of(text: &str, bytes: Range<usize>) -> Range<usize> {
    text[..bytes.start].chars().count()..text[..bytes.end].chars().count()
}

/// A gold attribution, placed in its article: the content where it is, the speaker's
/// occurrence nearest to it.
struct Gold {
    article: String,
    speaker: Range<usize>,
    content: Range<usize>,
    stance: Stance,
}

fn gold(articles: &[(String, ArticleText)]) -> Vec<Gold> {
    let raw: Vec<[String; 4]> = serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/attribution/gold.json").unwrap(),
    )
    .unwrap();
    raw.into_iter()
        .map(|[article, speaker, content, stance]| {
            let text = articles.iter().find(|a| a.0 == article).unwrap().1.as_str();
            let at = text
                .find(&content)
                .unwrap_or_else(|| panic!("{article}: {content}"));
            let c = at..at + content.len();
            let s = text
                .match_indices(&speaker)
                .map(|(i, _)| i..i + speaker.len())
                .min_by_key(|s| {
                    if s.end <= c.start {
                        c.start - s.end
                    } else {
                        s.start.saturating_sub(c.end)
                    }
                })
                .unwrap_or_else(|| panic!("{article}: {speaker}"));
            Gold {
                speaker: chars_of(text, s),
                content: chars_of(text, c),
                stance: match stance.as_str() {
                    "denies" => Stance::Denies,
                    "reports" => Stance::Reports,
                    _ => Stance::Asserts,
                },
                article,
            }
        })
        .collect()
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Right when the speaker overlaps the marked speaker and the content covers the marked
/// content (Dice coefficient of the two character ranges at least 0.5).
fn matches(s: &Suggestion, g: &Gold) -> bool {
    let dice = 2.0 * overlap(&s.content.range(), &g.content) as f64
        / (s.content.range().len() + g.content.len()) as f64;
    s.article.as_str() == g.article && overlap(&s.speaker.range(), &g.speaker) > 0 && dice >= 0.5
}

fn suggestions_of(project: &Project, articles: &[(String, ArticleText)]) -> Vec<Suggestion> {
    let matcher = Matcher::new(project);
    articles
        .iter()
        .flat_map(|(id, text)| matcher.resolve(&id.as_str().into(), &attribution::raw(text)))
        .collect()
}

#[test]
fn recall_precision_and_denials_on_our_test_set() {
    let articles = articles();
    let gold = gold(&articles);
    let found = suggestions_of(&Project::new("test set"), &articles);
    let mut used = vec![false; found.len()];
    let (mut hit, mut denials, mut denials_hit, mut denials_right) = (0, 0, 0, 0);
    let mut missed = Vec::new();
    for g in &gold {
        if g.stance == Stance::Denies {
            denials += 1;
        }
        let m = found
            .iter()
            .enumerate()
            .find(|(i, s)| !used[*i] && matches(s, g));
        match m {
            Some((i, s)) => {
                used[i] = true;
                hit += 1;
                if g.stance == Stance::Denies {
                    denials_hit += 1;
                    if s.stance == Stance::Denies {
                        denials_right += 1;
                    }
                }
            }
            None => missed.push(format!("{} {:?}", g.article, g.content)),
        }
    }
    let extra: Vec<String> = found
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(s, _)| format!("{}: {} — {}", s.article, s.speaker.text, s.content.text))
        .collect();
    let recall = f64::from(hit) / gold.len() as f64;
    let precision = f64::from(hit) / found.len() as f64;
    let denial_rate = f64::from(denials_right) / f64::from(denials_hit.max(1));
    println!(
        "attribution test set: {} marked, {} suggested, {hit} right: recall {recall:.3}, precision {precision:.3}; denials {denials_right} of {denials_hit} found as denials ({denial_rate:.3}), {denials} marked",
        gold.len(),
        found.len()
    );
    println!("missed: {missed:#?}\nnot marked: {extra:#?}");
    assert!(recall >= 0.8, "recall {recall}");
    assert!(precision >= 0.8, "precision {precision}");
    assert!(denial_rate >= 0.9, "denials {denial_rate}");
}

fn entity(id: &str, name: &str, kind: EntityKind, aliases: &[&str]) -> Entity {
    Entity {
        id: id.into(),
        name: name.into(),
        kind,
        color: Rgb([1, 2, 3]),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        same_as: Vec::new(),
    }
}

#[test]
fn speakers_match_the_longest_alias_and_pronouns_the_speaker_before() {
    let mut p = Project::new("entities");
    p.entities
        .push(entity("iran", "Iran", EntityKind::Government, &["Tehran"]));
    p.entities.push(entity(
        "mission",
        "Iran UN mission",
        EntityKind::Government,
        &["Iran’s permanent mission to the United Nations"],
    ));
    p.entities
        .push(entity("cheung", "Steven Cheung", EntityKind::Person, &[]));
    let m = Matcher::new(&p);
    // Case and apostrophes do not count; the longest alias wins over "Iran".
    assert_eq!(
        m.entity("IRAN'S PERMANENT MISSION TO THE UNITED NATIONS")
            .map(crosscheck::model::EntityId::as_str),
        Some("mission")
    );
    assert_eq!(
        m.entity("officials in Tehran")
            .map(crosscheck::model::EntityId::as_str),
        Some("iran")
    );
    assert_eq!(m.entity("Iranians"), None, "whole words only");
    let text = ArticleText::new(
        "Steven Cheung said the documents were stolen. The campaign is angry. He added that Iran was behind it.\n\nIran's permanent mission to the United Nations rejected the accusation. The mission said it has no intention of interfering.",
    );
    let found = m.resolve(&"a".into(), &attribution::raw(&text));
    let speakers: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|s| {
            (
                s.speaker.text.as_str(),
                s.entity.as_ref().map(crosscheck::model::EntityId::as_str),
            )
        })
        .collect();
    assert_eq!(
        speakers,
        [
            ("Steven Cheung", Some("cheung")),
            ("He", Some("cheung")),
            (
                "Iran's permanent mission to the United Nations",
                Some("mission")
            ),
            ("The mission", Some("mission")),
        ],
        "{found:#?}"
    );
    assert!(
        found[1].why.contains("taken as Steven Cheung"),
        "{}",
        found[1].why
    );
    assert_eq!(found[2].stance, Stance::Denies);
    assert_eq!(found[3].stance, Stance::Denies, "a negated content");
}

#[test]
fn contents_match_claims_by_word_overlap() {
    let mut p = Project::new("claims");
    let hack = Claim::from_quote("Iran hacked the Trump campaign");
    let defensive = Claim::from_quote("Iran does not launch cyberattacks");
    p.claims.push(hack.clone());
    p.claims.push(defensive.clone());
    let m = Matcher::new(&p);
    let text = ArticleText::new(
        "Officials said Iranian hackers hacked the Trump campaign in June. Iran said it was not behind the hacking of the Trump campaign. The mission said Iran does not launch cyberattacks. The weather service said rain was likely.",
    );
    let found = m.resolve(&"a".into(), &attribution::raw(&text));
    let claims: Vec<(Option<&str>, Stance)> = found
        .iter()
        .map(|s| {
            (
                s.claim.as_ref().map(crosscheck::model::ClaimId::as_str),
                s.stance,
            )
        })
        .collect();
    assert_eq!(
        claims,
        [
            (Some(hack.id.as_str()), Stance::Asserts),
            (Some(hack.id.as_str()), Stance::Denies),
            // Negated like the claim: it asserts it.
            (Some(defensive.id.as_str()), Stance::Asserts),
            (None, Stance::Asserts),
        ],
        "{found:#?}"
    );
    assert!(found[0].why.contains("% of its words"));
}

#[test]
fn highlighted_and_dismissed_contents_are_not_offered_again() {
    let text = ArticleText::new("The agency said the sample was contaminated.");
    let mut p = Project::new("covered");
    let raw = attribution::raw(&text);
    let first = Matcher::new(&p).resolve(&"a".into(), &raw);
    assert_eq!(first.len(), 1);
    p.dismissed.push(first[0].dismissal());
    assert!(Matcher::new(&p).resolve(&"a".into(), &raw).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
    ))]
    /// Any text, quotes unbalanced, right-to-left or without punctuation: suggestions stay
    /// inside the text and on their quotes, and nothing panics.
    #[test]
    fn hostile_text_never_panics(
        words in prop::collection::vec(prop::sample::select(vec![
            "said", "denied", "according", "to", "“", "”", "\"", ",", ".", "the", "agency",
            "Iran", "he", "that", "not", "called", "baseless", "citing", "إيران", "گفت",
            "\n", "Dr.", "told", "reported", "who", "—", "«", "»", "X", "مأموریت",
        ]), 0..400),
    ) {
        let text = ArticleText::new(&words.join(" "));
        for r in attribution::raw(&text) {
            for piece in [&r.cue, &r.speaker, &r.content] {
                prop_assert!(piece.char_start <= piece.char_end);
                prop_assert_eq!(text.slice(piece.range()), Some(piece.text.as_str()));
            }
        }
    }
}

#[test]
fn a_long_sentence_without_punctuation_is_quick_and_safe() {
    let long = "the agency said that ".repeat(10_000);
    let text = ArticleText::new(&long);
    // One passage: at most one suggestion, and a bounded number of cues tried (the speed is
    // the bench's to measure).
    let found = attribution::raw(&text);
    assert!(found.len() <= 1);
    let unbalanced = format!("“{}", "He said it. ".repeat(5_000));
    let _ = attribution::raw(&ArticleText::new(&unbalanced));
}

mod window {
    use crosscheck::document::Document;
    use crosscheck::ui::CrosscheckApp;
    use crosscheck::ui::state::{Action, BottomTab};
    use egui::Key;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::common;

    type H = Harness<'static, CrosscheckApp>;

    fn doc(h: &H) -> &Document {
        &h.state().project().unwrap().doc
    }

    /// A project made from the test set's plain articles, as "New project from folder" makes it.
    fn plain_project(dir: &std::path::Path) -> std::path::PathBuf {
        let out = dir.join("project/crosscheck.ron");
        let mut sink = Vec::new();
        crosscheck::cli::import(
            std::path::Path::new("tests/fixtures/attribution"),
            &out,
            false,
            crosscheck::import::ImportOptions::default(),
            &mut sink,
            &mut Vec::new(),
        )
        .unwrap();
        out
    }

    fn open_tab(h: &mut H) {
        h.state_mut().view_mut().unwrap().bottom_tab = BottomTab::Suggestions;
        h.run();
        h.state_mut().project_mut().unwrap().wait_for_suggestions();
        h.run();
    }

    #[test]
    fn enter_accepts_a_suggestion_in_one_undoable_step_and_backspace_dismisses() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_project(dir.path());
        let mut h = common::harness(CrosscheckApp::new(Some(path.clone()), None));
        h.run();
        assert!(doc(&h).project().annotations.is_empty());
        open_tab(&mut h);
        let before = h.state().project().unwrap().suggestions.list().len();
        assert!(before >= 50, "{before}");
        assert!(
            h.get_all_by_label_contains(&format!("{before} suggestion(s)"))
                .next()
                .is_some()
        );
        let first = h.state().project().unwrap().suggestions.list()[0].clone();
        h.key_press(Key::Enter);
        h.run();
        let p = doc(&h).project();
        // The speaker and the content highlighted, a new entity and a new claim, linked.
        assert_eq!(p.annotations.len(), 2);
        assert_eq!(p.entities.len(), 1);
        assert_eq!(p.claims.len(), 1);
        let content = p
            .annotations
            .iter()
            .find(|a| a.quote == first.content.text)
            .unwrap();
        assert_eq!(content.claims[0].stance, first.stance);
        assert_eq!(content.claims[0].speaker.as_ref(), Some(&p.entities[0].id));
        assert_eq!(doc(&h).undo_label(), Some("accept suggestion"));
        // It is not offered again, now that it is highlighted.
        h.state_mut().project_mut().unwrap().wait_for_suggestions();
        h.run();
        let list = h.state().project().unwrap().suggestions.list().clone();
        assert!(list.iter().all(|s| s.content != first.content));
        // One undo takes the whole step back.
        h.state_mut().queue(Action::Undo);
        h.run();
        let p = doc(&h).project();
        assert!(p.annotations.is_empty() && p.entities.is_empty() && p.claims.is_empty());
        // Backspace dismisses; the dismissal is kept in the project and saved.
        h.state_mut().project_mut().unwrap().wait_for_suggestions();
        h.run();
        let top = h.state().project().unwrap().suggestions.list()[0].clone();
        h.key_press(Key::Backspace);
        h.run();
        assert_eq!(doc(&h).project().dismissed.len(), 1);
        h.state_mut().project_mut().unwrap().wait_for_suggestions();
        h.run();
        assert!(
            h.state()
                .project()
                .unwrap()
                .suggestions
                .list()
                .iter()
                .all(|s| s.content != top.content)
        );
        h.state_mut().queue(Action::Save);
        h.run();
        let saved = crosscheck::store::load(&path).unwrap();
        assert_eq!(
            saved.document.project().dismissed[0].quote,
            top.content.text
        );
    }

    #[test]
    fn next_and_previous_walk_the_list_and_e_edits_before_accepting() {
        let dir = tempfile::tempdir().unwrap();
        let path = plain_project(dir.path());
        let mut h = common::harness(CrosscheckApp::new(Some(path), None));
        h.run();
        open_tab(&mut h);
        h.key_press(Key::CloseBracket);
        h.key_press(Key::CloseBracket);
        h.key_press(Key::OpenBracket);
        h.run();
        assert_eq!(h.state().project().unwrap().suggestions.selected, 1);
        let chosen = h.state().project().unwrap().suggestions.list()[1].clone();
        h.key_press(Key::E);
        h.run();
        assert!(
            h.get_all_by_label_contains("Edit before accepting")
                .next()
                .is_some()
        );
        // Change the stance to "reports", then accept.
        h.state_mut()
            .project_mut()
            .unwrap()
            .suggestions
            .editing
            .as_mut()
            .unwrap()
            .stance = crosscheck::model::Stance::Reports;
        h.run();
        h.get_by_label("Accept").click();
        h.run();
        let p = doc(&h).project();
        let content = p
            .annotations
            .iter()
            .find(|a| a.quote == chosen.content.text)
            .unwrap();
        assert_eq!(content.claims[0].stance, crosscheck::model::Stance::Reports);
        assert_eq!(content.article, chosen.article);
    }
}

#[test]
fn the_suggest_command_prints_json_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p/crosscheck.ron");
    crosscheck::cli::import(
        Path::new("tests/fixtures/attribution"),
        &out,
        false,
        crosscheck::import::ImportOptions::default(),
        &mut Vec::new(),
        &mut Vec::new(),
    )
    .unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["suggest", "--json"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["format"], "crosscheck-suggestions/1");
    let list = v["suggestions"].as_array().unwrap();
    assert!(list.len() >= 50);
    let first = &list[0];
    for field in ["speaker", "content", "cue"] {
        assert!(first[field]["char_start"].is_u64());
        assert!(first[field]["char_end"].is_u64());
        assert!(first[field]["text"].is_string());
    }
    assert!(["asserts", "denies", "reports"].contains(&first["stance"].as_str().unwrap()));
    assert!(first["entity_id"].is_null() && first["claim_id"].is_null());
    assert!(first["rule"].as_str().unwrap().contains("cue"));
    // A project that cannot be read: a clear error, exit 2.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["suggest", "nowhere.ron"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nowhere.ron"));
}
