//! Search across articles and an entity's unlinked mentions: offsets through case folding,
//! whole words, the cap, "link all" as one undo step; then the same in the window.

#![allow(clippy::unwrap_used)]

mod common;

use common::{harness, sample_copy};
use crosscheck::document::{Document, Edit};
use crosscheck::model::{Article, ArticleId, Entity, EntityId, EntityKind, Project, Rgb};
use crosscheck::search::{self, MAX_HITS, Options};
use crosscheck::text::{ArticleText, sha256_hex};
use crosscheck::ui::CrosscheckApp;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::BTreeMap;

fn doc_of(texts: &[&str]) -> Document {
    let mut p = Project::new("t");
    let mut map = BTreeMap::new();
    for (i, t) in texts.iter().enumerate() {
        let id = ArticleId(format!("a{i}"));
        p.articles.push(Article {
            author: None,
            id: id.clone(),
            title: String::new(),
            outlet: String::new(),
            url: None,
            published: None,
            path: format!("articles/a{i}.txt"),
            sha256: sha256_hex(t.as_bytes()),
        });
        map.insert(id, ArticleText::new(t));
    }
    p.entities.push(Entity {
        id: "fbi".into(),
        name: "FBI".into(),
        kind: EntityKind::Agency,
        color: Rgb([1, 2, 3]),
        aliases: vec![
            "FBI/CISA/ODNI".into(),
            "Federal Bureau of Investigation".into(),
        ],
        same_as: Vec::new(),
    });
    Document::new(p, map)
}

fn ranges(doc: &Document, q: &str, o: Options) -> Vec<(String, usize, usize, String)> {
    search::search(doc, q, o)
        .hits
        .into_iter()
        .map(|h| (h.article.0, h.start, h.end, h.matched))
        .collect()
}

#[test]
fn case_folding_keeps_offsets_of_the_original_text() {
    let doc = doc_of(&[
        "İstanbul and ISTANBUL; STRASSE, Straße; ایران و ایران",
        "istanbul",
    ]);
    let any = Options::default();
    let found = ranges(&doc, "istanbul", any);
    assert_eq!(
        found,
        vec![
            ("a0".into(), 13, 21, "ISTANBUL".into()),
            ("a1".into(), 0, 8, "istanbul".into()),
        ],
        "İ folds to two code points: no false match inside it"
    );
    assert_eq!(ranges(&doc, "i̇stanbul", any)[0].3, "İstanbul");
    assert_eq!(ranges(&doc, "straße", any)[0].3, "Straße");
    let persian = ranges(&doc, "ایران", any);
    assert_eq!(persian.len(), 2);
    assert_eq!(persian[0].1, 40);
    let exact = Options {
        match_case: true,
        ..Options::default()
    };
    assert_eq!(ranges(&doc, "ISTANBUL", exact).len(), 1);
}

/// Every match a brute-force scan finds: each range of whole chars whose lowercase equals
/// the query's.
fn brute_force(text: &str, query: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let needle: String = query.chars().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    for start in 0..chars.len() {
        let mut folded = String::new();
        for end in start + 1..=chars.len() {
            folded.extend(chars[end - 1].to_lowercase());
            if folded == needle {
                out.push((start, end));
            }
            if folded.len() >= needle.len() {
                break;
            }
        }
    }
    out
}

/// The folded texts kept between queries give what a fresh fold and a brute-force scan
/// give, after many chars that fold to another length ("İ" longer, "ẞ" shorter), and a
/// changed text under the same article id is folded again.
#[test]
fn cached_folding_matches_a_fresh_fold_and_a_brute_force_scan() {
    let text = "İzmir ẞTRASSE İİ straße Σίσυφος «ایران» İZMİR 👍🏽 izmir ẞẞ İzmir.".repeat(3);
    let doc = doc_of(&[&text]);
    let mut cache = search::FoldCache::default();
    let any = Options::default();
    for query in [
        "İzmir",
        "ẞ",
        "ßtrasse",
        "σίσυφος",
        "ایران",
        "İİ",
        "i̇zmi̇r",
        "👍🏽 İ",
        "\u{307}z",
    ] {
        let cached: Vec<(usize, usize)> = search::search_cached(&doc, query, any, &mut cache)
            .hits
            .iter()
            .map(|h| (h.start, h.end))
            .collect();
        let fresh: Vec<(usize, usize)> = search::search(&doc, query, any)
            .hits
            .iter()
            .map(|h| (h.start, h.end))
            .collect();
        assert_eq!(cached, fresh, "{query}");
        assert_eq!(cached, brute_force(&text, query), "{query}");
    }
    assert_eq!(
        brute_force(&text, "\u{307}z").len(),
        0,
        "never inside a folded char"
    );
    // The same article id with another text: the cache notices.
    let other = doc_of(&["Straße İzmir"]);
    let hits = search::search_cached(&other, "İzmir", any, &mut cache).hits;
    assert_eq!((hits.len(), hits[0].start, hits[0].end), (1, 7, 12));
}

#[test]
fn whole_words_overlaps_cover_and_the_cap() {
    let doc = doc_of(&["Iran, Iranian, IRAN. aaaa"]);
    let whole = Options {
        whole_word: true,
        ..Options::default()
    };
    let found = ranges(&doc, "iran", whole);
    assert_eq!(found.iter().map(|f| f.1).collect::<Vec<_>>(), vec![0, 15]);
    assert_eq!(ranges(&doc, "iran", Options::default()).len(), 3);
    assert_eq!(
        ranges(&doc, "aa", Options::default()).len(),
        3,
        "overlapping matches"
    );
    assert!(
        search::search(&doc, "  ", Options::default())
            .hits
            .is_empty()
    );

    let many = "x ".repeat(MAX_HITS + 10);
    let doc = doc_of(&[&many]);
    let found = search::search(&doc, "x", Options::default());
    assert_eq!(found.hits.len(), MAX_HITS);
    assert!(found.cut_off);
}

#[test]
fn unlinked_mentions_take_aliases_prefer_the_longest_and_skip_linked_ones() {
    let text = "The FBI/CISA/ODNI statement. The FBI said. The Federal Bureau of Investigation agreed. fbi";
    let mut doc = doc_of(&[text]);
    let fbi = EntityId("fbi".into());
    let hits = search::unlinked_mentions(&doc, &fbi);
    let matched: Vec<&str> = hits.iter().map(|h| h.matched.as_str()).collect();
    assert_eq!(
        matched,
        vec![
            "FBI/CISA/ODNI",
            "FBI",
            "Federal Bureau of Investigation",
            "fbi"
        ]
    );
    // Linking one (an existing plain highlight gets the entity; elsewhere a new one) leaves
    // the others, and all of it is one undo step.
    doc.apply(Edit::AddAnnotation {
        id: "plain".into(),
        article: "a0".into(),
        char_start: hits[1].start,
        char_end: hits[1].end,
        entities: vec![],
        claims: vec![],
        created: "2026-11-22T00:00:00Z".into(),
    })
    .unwrap();
    let before = doc.project().clone();
    let edit = search::link_all(
        &doc,
        &hits,
        &fbi,
        "2026-11-22T00:00:00Z",
        "link all mentions",
    );
    doc.apply(edit).unwrap();
    assert!(search::unlinked_mentions(&doc, &fbi).is_empty());
    assert_eq!(doc.project().annotations.len(), 4, "one joined, three made");
    assert_eq!(doc.undo_label(), Some("link all mentions"));
    doc.undo();
    assert_eq!(doc.project(), &before);
}

#[test]
fn a_batch_applies_all_or_nothing() {
    let mut doc = doc_of(&["some text"]);
    let before = doc.project().clone();
    let bad = Edit::Batch {
        label: "test",
        edits: vec![
            Edit::AddAnnotation {
                id: "ok".into(),
                article: "a0".into(),
                char_start: 0,
                char_end: 4,
                entities: vec![],
                claims: vec![],
                created: String::new(),
            },
            Edit::DeleteAnnotation("missing".into()),
        ],
    };
    assert!(doc.apply(bad).is_err());
    assert_eq!(doc.project(), &before);
    assert!(!doc.is_dirty());
}

// ---- In the window ----

fn view<'a>(h: &'a Harness<'static, CrosscheckApp>) -> &'a crosscheck::ui::state::ViewState {
    &h.state().project().unwrap().view
}

#[test]
fn ctrl_f_finds_groups_jumps_and_links_all_as_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    // The field has the keyboard at once.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find")
        .type_text("tehran");
    h.run();
    let found = view(&h).search.found.clone();
    assert!(found.hits.len() >= 3, "{}", found.hits.len());
    let articles = found.hits.chunk_by(|a, b| a.article == b.article).count();
    h.get_by_label(&format!(
        "{} matches in {articles} articles",
        found.hits.len()
    ));
    // Enter jumps to the first match: its column comes into view and it flashes.
    h.key_press(Key::Enter);
    h.step();
    let v = view(&h);
    let first = &found.hits[0];
    assert_eq!(
        v.flash_range.as_ref().map(|f| (&f.0, f.1.clone())),
        Some((&first.article, first.start..first.end))
    );
    h.run();
    // Enter again: the next one.
    h.key_press(Key::Enter);
    h.step();
    let second = &found.hits[1];
    assert_eq!(
        view(&h).flash_range.as_ref().map(|f| f.1.clone()),
        Some(second.start..second.end)
    );
    h.run();

    let before = h.state().project().unwrap().doc.project().annotations.len();
    h.get_by_label("Link all matches to entity…").click();
    h.run();
    // The entity in the menu, not a highlight of that name nor the matrix's header.
    h.query_all_by_label("Iran")
        .find(|n| {
            !matches!(
                n.accesskit_node().role(),
                egui::accesskit::Role::Mark | egui::accesskit::Role::Label
            )
        })
        .unwrap()
        .click();
    h.run();
    let p = h.state().project().unwrap().doc.project().clone();
    let iran = EntityId("iran".into());
    for hit in &found.hits {
        assert!(
            p.annotations_of(&hit.article)
                .any(|a| a.char_start == hit.start
                    && a.char_end == hit.end
                    && a.entities.contains(&iran)),
            "{hit:?}"
        );
    }
    assert!(p.annotations.len() >= before);
    h.key_press(Key::Escape); // leave the field, so Ctrl+Z undoes the document
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().project().unwrap().doc.project().annotations.len(),
        before
    );
}

#[test]
fn unlinked_mentions_of_an_entity_are_listed_and_linked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    let id = EntityId("iran".into());
    let doc = h.state().project().unwrap().doc.clone();
    let expected = search::unlinked_mentions(&doc, &id);
    assert!(
        !expected.is_empty(),
        "the sample leaves some mentions of Iran unlinked"
    );
    h.state_mut().view_mut().unwrap().selected =
        Some(crosscheck::ui::state::Selected::Entity(id.clone()));
    h.run();
    h.get_by_label("Find unlinked mentions").click();
    h.run();
    h.get_by_label(&format!("Unlinked mentions ({})", expected.len()));
    let mentions = h
        .state()
        .project()
        .unwrap()
        .doc
        .project()
        .mention_count(&id);
    h.get_all_by_label("Link").next().unwrap().click();
    h.run();
    h.get_by_label(&format!("Unlinked mentions ({})", expected.len() - 1));
    h.get_by_label("Link all").click();
    h.run();
    h.get_by_label("Unlinked mentions (0)");
    let p = h.state().project().unwrap().doc.project().clone();
    assert_eq!(p.mention_count(&id), mentions + expected.len());
}
