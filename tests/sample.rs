//! The sample project: it validates clean, every annotation anchors exactly, the seed
//! entities are there and linked, and re-saving it changes no byte.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::model::EntityId;
use crosscheck::store;
use std::path::Path;

const SAMPLE: &str = "samples/iran-hack/crosscheck.ron";

#[test]
fn sample_loads_without_problems() {
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
    let p = loaded.document.project();
    assert_eq!(p.articles.len(), 5);
    assert!(p.annotations.len() >= 48, "{}", p.annotations.len());
}

#[test]
fn every_sample_annotation_matches_its_quote_and_context() {
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    let doc = &loaded.document;
    for a in &doc.project().annotations {
        let text = doc.text(&a.article).expect("article text loaded");
        assert_eq!(
            text.slice(a.char_start..a.char_end),
            Some(a.quote.as_str()),
            "annotation {} in {}",
            a.id,
            a.article
        );
        let (prefix, suffix) = text.context(a.char_start..a.char_end, 32);
        assert_eq!(prefix, a.prefix, "prefix of {}", a.id);
        assert_eq!(suffix, a.suffix, "suffix of {}", a.id);
        assert_eq!(a.id.as_str().len(), 36, "uuid id {}", a.id);
    }
}

#[test]
fn seed_entities_exist_and_are_linked_in_every_article_that_names_them() {
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    let p = loaded.document.project();
    for id in [
        "trump-campaign",
        "harris-campaign",
        "iran-un-mission",
        "fbi-cisa-odni",
    ] {
        let id = EntityId::from(id);
        assert!(p.entity(&id).is_some(), "entity {id}");
        assert!(
            p.mention_count(&id) >= 5,
            "{id} has {}",
            p.mention_count(&id)
        );
    }
    for id in ["microsoft", "google", "politico"] {
        assert!(p.entity(&EntityId::from(id)).is_some(), "entity {id}");
    }
    // Every article mentions the Trump campaign.
    for article in &p.articles {
        assert!(
            p.annotations_of(&article.id)
                .any(|a| a.entities.contains(&EntityId::from("trump-campaign"))),
            "{}",
            article.id
        );
    }
}

#[test]
fn sample_resaves_byte_identically() {
    let on_disk = std::fs::read_to_string(SAMPLE).unwrap();
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    let saved = store::to_ron(loaded.document.project()).unwrap();
    if saved != on_disk {
        let line = saved
            .lines()
            .zip(on_disk.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "differs at line {}: saved {:?} vs disk {:?}",
            line + 1,
            saved.lines().nth(line),
            on_disk.lines().nth(line)
        );
    }
}

/// The disagreements the sample must show, as (claim statement, speaker for, speaker against).
#[test]
fn sample_contradictions_cover_the_four_required_disagreements() {
    use crosscheck::analysis::{contradictions, disagreements};
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    let p = loaded.document.project();
    let found = disagreements(p);
    // A checker's list, not hundreds of pairs: every pair in exactly one disagreement.
    assert!(found.len() <= 60, "{} disagreements", found.len());
    let pairs = contradictions(p);
    let grouped: Vec<_> = found.iter().flat_map(|d| &d.pairs).collect();
    assert_eq!(grouped.len(), pairs.len());
    let keys: std::collections::BTreeSet<_> = grouped.iter().map(|c| &c.key).collect();
    assert_eq!(keys.len(), pairs.len(), "a pair in two disagreements");
    assert!(pairs.iter().all(|c| keys.contains(&c.key)));
    let has = |claim_words: &str, pro: &str, con: &str| {
        found.iter().any(|d| {
            let statement = d
                .claim
                .as_ref()
                .and_then(|id| p.claim(id))
                .map_or("", |x| x.statement.as_str());
            statement.contains(claim_words)
                && d.pro.speaker.as_ref().is_some_and(|s| s.as_str() == pro)
                && d.con.speaker.as_ref().is_some_and(|s| s.as_str() == con)
        })
    };
    assert!(has(
        "hacking of the Trump campaign",
        "fbi-cisa-odni",
        "iran-un-mission"
    ));
    assert!(has(
        "hacking of the Trump campaign",
        "trump-campaign",
        "iran-un-mission"
    ));
    assert!(has("targeted the Harris", "google", "harris-campaign"));
    assert!(has(
        "only publicly available information",
        "donald-trump",
        "politico"
    ));
    assert!(has(
        "only publicly available information",
        "donald-trump",
        "new-york-times"
    ));
    assert!(has(
        "only publicly available information",
        "donald-trump",
        "washington-post"
    ));
    assert!(found.iter().any(|c| {
        c.claim
            .as_ref()
            .and_then(|id| p.claim(id))
            .is_some_and(|x| x.statement.contains("first time federal agencies"))
    }));
}

/// Every article has an honest title (taken from its first sentence where the text gives
/// none), and an article that names no outlet says so rather than inventing one.
#[test]
fn every_sample_article_has_a_title_and_unknown_outlets_say_so() {
    let loaded = store::load(Path::new(SAMPLE)).unwrap();
    for a in &loaded.document.project().articles {
        assert!(!a.title.trim().is_empty(), "{} has no title", a.id);
        assert!(!a.display_title().starts_with("Untitled"));
        if a.outlet.is_empty() {
            assert!(a.source_line().contains("unknown"), "{}", a.source_line());
        }
    }
}
