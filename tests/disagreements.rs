//! Disagreements: a claim and two opposing speakers with every quote on each side, the unit a
//! checker reviews. Grouping, kinds, order, the speakers map, a claim's timeline, and the
//! carrying of format 2's pair reviews into them.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::analysis::{self, Kind};
use crosscheck::migrate::{PairReview, carry_reviews};
use crosscheck::model::{
    Annotation, Article, Claim, ClaimLink, ContradictionKey, DisagreementKey, Entity, EntityKind,
    LinkKind, Project, Review, ReviewState, Rgb, SpanLink, Stance, Verdict,
};
use std::sync::Arc;

fn project() -> Project {
    let mut p = Project::new("t");
    for (id, date) in [
        ("a1", Some("2024-08-20")),
        ("a2", Some("2024-08-19")),
        ("a3", None),
    ] {
        p.articles.push(Article {
            author: None,
            id: id.into(),
            title: id.into(),
            outlet: String::new(),
            url: None,
            published: date.map(str::to_owned),
            path: format!("{id}.txt"),
            sha256: String::new(),
        });
    }
    for id in ["fbi", "iran", "mission", "trump"] {
        p.entities.push(Entity {
            id: id.into(),
            name: id.to_uppercase(),
            kind: EntityKind::Other,
            color: Rgb([10, 20, 30]),
            aliases: vec![],
            same_as: Vec::new(),
        });
    }
    for (id, statement) in [("c1", "Iran hacked the campaign"), ("c2", "It failed")] {
        p.claims.push(Claim {
            review_url: None,
            created_by: None,
            modified: None,
            modified_by: None,
            id: id.into(),
            statement: statement.into(),
            description: String::new(),
            verdict: Verdict::Unrated,
            verdict_note: String::new(),
        });
    }
    p
}

fn span(p: &mut Project, id: &str, article: &str, start: usize, links: &[(&str, Stance, &str)]) {
    let mut a = Annotation {
        created_by: None,
        modified: None,
        modified_by: None,
        id: id.into(),
        article: article.into(),
        char_start: start,
        char_end: start + 4,
        quote: format!("q{id}"),
        prefix: String::new(),
        suffix: String::new(),
        entities: vec![],
        claims: vec![],
        note: String::new(),
        created: String::new(),
    };
    a.claims = links
        .iter()
        .map(|(c, s, sp)| ClaimLink {
            created_by: None,
            claim: (*c).into(),
            stance: *s,
            speaker: (!sp.is_empty()).then(|| (*sp).into()),
        })
        .collect();
    a.claims.sort();
    p.annotations.push(Arc::new(a));
    p.annotations
        .sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
}

/// FBI asserts c1 twice (a1, a2); Iran denies it twice (a1, a3); the mission denies it once
/// (a2); Trump asserts and denies c2; two unclaimed spans are linked as contradicting.
fn story() -> Project {
    let mut p = project();
    span(&mut p, "f1", "a1", 0, &[("c1", Stance::Asserts, "fbi")]);
    span(&mut p, "f2", "a2", 0, &[("c1", Stance::Supports, "fbi")]);
    span(&mut p, "i1", "a1", 10, &[("c1", Stance::Denies, "iran")]);
    span(&mut p, "i2", "a3", 0, &[("c1", Stance::Denies, "iran")]);
    span(
        &mut p,
        "m1",
        "a2",
        10,
        &[("c1", Stance::Disputes, "mission")],
    );
    span(&mut p, "t1", "a1", 20, &[("c2", Stance::Asserts, "trump")]);
    span(&mut p, "t2", "a3", 20, &[("c2", Stance::Denies, "trump")]);
    span(&mut p, "u1", "a1", 30, &[]);
    span(&mut p, "u2", "a2", 30, &[]);
    p.links.push(SpanLink {
        created_by: None,
        id: "l1".into(),
        kind: LinkKind::Contradicts,
        from: "u2".into(),
        to: "u1".into(),
        note: String::new(),
    });
    p
}

fn claim_key(claim: &str, asserting: &str, denying: &str) -> DisagreementKey {
    DisagreementKey::Claim {
        claim: claim.into(),
        asserting: Some(asserting.into()),
        denying: Some(denying.into()),
    }
}

#[test]
fn pairs_are_grouped_by_claim_and_the_two_opposing_speakers() {
    let p = story();
    let found = analysis::disagreements(&p);
    let pairs = analysis::contradictions(&p);
    // 2×2 FBI–Iran, 2×1 FBI–mission, 1 Trump–Trump, 1 linked.
    assert_eq!(pairs.len(), 8);
    assert_eq!(found.len(), 4);
    let all: Vec<_> = found
        .iter()
        .flat_map(|d| &d.pairs)
        .map(|c| &c.key)
        .collect();
    assert_eq!(all.len(), pairs.len(), "every pair in exactly one");
    for c in &pairs {
        assert_eq!(all.iter().filter(|k| ***k == c.key).count(), 1);
    }

    let fbi_iran = found
        .iter()
        .find(|d| d.key == claim_key("c1", "fbi", "iran"))
        .unwrap();
    assert_eq!(fbi_iran.kind, Kind::Opposing);
    assert_eq!(fbi_iran.pairs.len(), 4);
    let ids = |q: &[analysis::Quote]| {
        q.iter()
            .map(|q| q.annotation.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&fbi_iran.pro.quotes), ["f1", "f2"]);
    assert_eq!(ids(&fbi_iran.con.quotes), ["i1", "i2"]);
    assert_eq!(fbi_iran.pro.stances(), [Stance::Asserts, Stance::Supports]);
    assert_eq!(fbi_iran.pro.stance_label(), "asserts, supports");
    assert_eq!(fbi_iran.pro.extent(), "2 quotes in 2 articles");
    assert_eq!(fbi_iran.con.articles, 2);
    assert_eq!(fbi_iran.articles, 3);
    assert!(fbi_iran.involves(&"iran".into()) && !fbi_iran.involves(&"mission".into()));

    let trump = found
        .iter()
        .find(|d| d.claim.as_ref().is_some_and(|c| c.as_str() == "c2"))
        .unwrap();
    assert_eq!(trump.kind, Kind::SelfContradiction);
    assert!(trump.key.is_self_contradiction());

    let linked = found.iter().find(|d| d.kind == Kind::Linked).unwrap();
    assert_eq!(
        linked.key,
        DisagreementKey::linked("u1".into(), "u2".into())
    );
    assert_eq!(linked.claim, None);
    assert_eq!(linked.pro.stance_label(), "linked");
}

#[test]
fn open_ones_come_first_then_the_most_widely_carried() {
    let mut p = story();
    let order = |p: &Project| {
        analysis::disagreements(p)
            .into_iter()
            .map(|d| d.key.clone())
            .collect::<Vec<_>>()
    };
    let before = order(&p);
    // FBI–Iran is carried by three articles, the others by two.
    assert_eq!(before[0], claim_key("c1", "fbi", "iran"));
    assert_eq!(order(&p), before, "deterministic");
    p.reviews.push(Review {
        created_by: None,
        modified: None,
        modified_by: None,
        key: claim_key("c1", "fbi", "iran"),
        state: ReviewState::Confirmed,
        note: "checked".into(),
    });
    let after = order(&p);
    assert_eq!(after.last(), Some(&claim_key("c1", "fbi", "iran")));
    assert_eq!(&after[..3], &before[1..]);
    assert_eq!(
        analysis::review_state(&p, &after[3]),
        ReviewState::Confirmed
    );
}

#[test]
fn the_speakers_map_joins_opponents_and_allies() {
    let p = story();
    let found = analysis::disagreements(&p);
    let map = analysis::speaker_map(&p, &found);
    let names: Vec<&str> = map.nodes.iter().map(|n| n.speaker.as_str()).collect();
    assert_eq!(names, ["fbi", "iran", "mission", "trump"]);
    let at = |s: &str| names.iter().position(|n| *n == s).unwrap();
    let edge = |x: &str, y: &str, opposed: bool| {
        map.edges
            .iter()
            .find(|e| e.a == at(x) && e.b == at(y) && e.opposed == opposed)
    };
    let fbi_iran = edge("fbi", "iran", true).unwrap();
    assert_eq!((fbi_iran.claims, fbi_iran.quotes), (1, 4));
    let rows = analysis::map_rows(&p, &found);
    let claims = analysis::edge_claims(
        &p,
        rows.iter().map(|(c, r)| (c, r)),
        (&"iran".into(), &"fbi".into(), true),
    );
    assert_eq!(claims, [("c1".into(), 4)]);
    assert_eq!(edge("fbi", "mission", true).unwrap().quotes, 3);
    // Iran and the mission are both against c1: allies.
    let allies = edge("iran", "mission", false).unwrap();
    assert_eq!(allies.quotes, 3);
    assert!(edge("fbi", "iran", false).is_none());
    assert_eq!(map.nodes[at("trump")].self_contradictions, ["c2".into()]);
    assert!(map.nodes[at("fbi")].self_contradictions.is_empty());
    assert_eq!(map.nodes[at("iran")].quotes, 2);
    // Opposing edges first.
    assert!(map.edges.iter().take_while(|e| e.opposed).count() == 2);
    assert_eq!(analysis::speaker_map(&p, &found), map, "deterministic");
}

/// Taking a claim's row away and adding it back gives the same map, as the window's
/// incremental update relies on.
#[test]
fn map_totals_add_and_take_away_rows_exactly() {
    let p = story();
    let found = analysis::disagreements(&p);
    let rows = analysis::map_rows(&p, &found);
    let mut totals = analysis::MapTotals::default();
    for (c, r) in &rows {
        totals.apply(c, r, true);
    }
    let whole = totals.map(&p);
    for (c, r) in &rows {
        totals.apply(c, r, false);
        totals.apply(c, r, true);
    }
    assert_eq!(totals.map(&p), whole);
    for (c, r) in &rows {
        totals.apply(c, r, false);
    }
    assert_eq!(totals.map(&p), analysis::SpeakerMap::default());
}

/// A timeline group as read: its entries' annotation and date.
type Entries<'a> = Vec<(&'a str, Option<&'a str>)>;

#[test]
fn a_claims_timeline_reads_in_date_order_by_speaker_undated_last() {
    let p = story();
    let c1 = "c1".into();
    let spans: Vec<_> = p.claim_spans(&c1).collect();
    let groups = analysis::claim_timeline(&p, &spans);
    let read: Vec<(Option<&str>, Entries)> = groups
        .iter()
        .map(|g| {
            (
                g.speaker.as_ref().map(crosscheck::model::EntityId::as_str),
                g.entries
                    .iter()
                    .map(|e| (e.annotation.as_str(), e.published.as_deref()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            // FBI spoke first (a2, the 19th), then on the 20th.
            (
                Some("fbi"),
                vec![("f2", Some("2024-08-19")), ("f1", Some("2024-08-20"))]
            ),
            (Some("mission"), vec![("m1", Some("2024-08-19"))]),
            // Iran on the 20th, then in an article without a date.
            (Some("iran"), vec![("i1", Some("2024-08-20")), ("i2", None)]),
        ]
    );
    assert_eq!(groups[0].first_date(), Some("2024-08-19"));
}

fn pair(claim: Option<&str>, a: (&str, &str), b: (&str, &str)) -> ContradictionKey {
    let speaker = |s: &str| (!s.is_empty()).then(|| s.into());
    ContradictionKey::new(
        claim.map(Into::into),
        (a.0.into(), speaker(a.1)),
        (b.0.into(), speaker(b.1)),
    )
}

#[test]
fn pair_reviews_of_format_2_are_carried_into_their_disagreements() {
    let p = story();
    let review = |key, state, note: &str| PairReview {
        key,
        state,
        note: note.into(),
    };
    let old = vec![
        // Two pairs of FBI–Iran, reviewed differently.
        review(
            pair(Some("c1"), ("i1", "iran"), ("f1", "fbi")),
            ReviewState::Confirmed,
            "real",
        ),
        review(
            pair(Some("c1"), ("f2", "fbi"), ("i2", "iran")),
            ReviewState::Explained,
            "different dates",
        ),
        // Two pairs of FBI–mission that agree.
        review(
            pair(Some("c1"), ("f1", "fbi"), ("m1", "mission")),
            ReviewState::Confirmed,
            "on the record",
        ),
        review(
            pair(Some("c1"), ("f2", "fbi"), ("m1", "mission")),
            ReviewState::Confirmed,
            "on the record",
        ),
        // The linked pair, either way round.
        review(
            pair(None, ("u2", ""), ("u1", "")),
            ReviewState::Explained,
            "by hand",
        ),
        // A pair whose spans are gone: kept, never dropped.
        review(
            pair(Some("c1"), ("gone-1", "fbi"), ("gone-2", "trump")),
            ReviewState::Open,
            "left behind",
        ),
    ];
    let carried = carry_reviews(&p, &old);
    assert_eq!(carried.len(), 4, "{carried:#?}");
    let get = |k: &DisagreementKey| carried.iter().find(|r| &r.key == k).unwrap();

    let mixed = get(&claim_key("c1", "fbi", "iran"));
    assert_eq!(mixed.state, ReviewState::Explained, "the least settled");
    for part in [
        "2 quote pairs",
        "confirmed: real",
        "explained: different dates",
        "“qf1”",
        "“qi2”",
    ] {
        assert!(mixed.note.contains(part), "{part}: {}", mixed.note);
    }
    let agreed = get(&claim_key("c1", "fbi", "mission"));
    assert_eq!(agreed.state, ReviewState::Confirmed);
    assert_eq!(agreed.note, "on the record");
    let linked = get(&DisagreementKey::linked("u1".into(), "u2".into()));
    assert_eq!(
        (linked.state, linked.note.as_str()),
        (ReviewState::Explained, "by hand")
    );
    let stale = get(&claim_key("c1", "fbi", "trump"));
    assert_eq!(stale.note, "left behind");
    // Sorted, as the project keeps them.
    assert!(carried.windows(2).all(|w| w[0].key < w[1].key));
    // And the analysis finds each live one on its disagreement.
    let mut p = p;
    p.reviews = carried;
    let found = analysis::disagreements(&p);
    assert_eq!(
        found[0].kind,
        Kind::SelfContradiction,
        "the one left open comes first"
    );
    for d in &found[1..] {
        assert_ne!(
            analysis::review_state(&p, &d.key),
            ReviewState::Open,
            "{:?}",
            d.key
        );
    }
}

#[test]
fn an_open_pair_review_makes_the_disagreement_open_again() {
    let p = story();
    let old = vec![
        PairReview {
            key: pair(Some("c1"), ("f1", "fbi"), ("i1", "iran")),
            state: ReviewState::Confirmed,
            note: String::new(),
        },
        PairReview {
            key: pair(Some("c1"), ("f2", "fbi"), ("i1", "iran")),
            state: ReviewState::Open,
            note: String::new(),
        },
    ];
    let carried = carry_reviews(&p, &old);
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0].state, ReviewState::Open);
    assert!(
        carried[0].note.contains("confirmed: no note"),
        "{}",
        carried[0].note
    );
    assert!(
        carried[0].note.contains("open: no note"),
        "{}",
        carried[0].note
    );
}

/// Merging two speakers makes their disagreements one; their reviews become one too, the
/// least settled state with both notes, and undo brings both back.
#[test]
fn merging_speakers_merges_their_reviews_without_losing_one() {
    use crosscheck::document::{Document, Edit};
    let mut p = story();
    // The mission's side is Iran's too: after the merge FBI–mission is FBI–Iran.
    p.reviews = vec![
        Review {
            created_by: None,
            modified: None,
            modified_by: None,
            key: claim_key("c1", "fbi", "iran"),
            state: ReviewState::Confirmed,
            note: "checked with the agencies".into(),
        },
        Review {
            created_by: None,
            modified: None,
            modified_by: None,
            key: claim_key("c1", "fbi", "mission"),
            state: ReviewState::Explained,
            note: "the mission speaks for Iran".into(),
        },
    ];
    p.reviews.sort_by(|x, y| x.key.cmp(&y.key));
    let mut doc = Document::new(p, std::collections::BTreeMap::new());
    let before = doc.project().clone();
    doc.apply(Edit::MergeEntities {
        from: "mission".into(),
        into: "iran".into(),
    })
    .unwrap();
    let reviews = &doc.project().reviews;
    assert_eq!(reviews.len(), 1, "{reviews:#?}");
    assert_eq!(reviews[0].key, claim_key("c1", "fbi", "iran"));
    assert_eq!(
        reviews[0].state,
        ReviewState::Explained,
        "the least settled"
    );
    assert!(reviews[0].note.contains("checked with the agencies"));
    assert!(reviews[0].note.contains("the mission speaks for Iran"));
    doc.undo();
    assert_eq!(doc.project(), &before);
}

/// Deleting a speaker leaves its quotes unattributed, and its reviews follow them there.
#[test]
fn deleting_a_speaker_moves_its_reviews_to_the_unattributed_side() {
    use crosscheck::document::{Document, Edit};
    let mut p = story();
    p.reviews = vec![Review {
        created_by: None,
        modified: None,
        modified_by: None,
        key: claim_key("c1", "fbi", "mission"),
        state: ReviewState::Confirmed,
        note: "seen".into(),
    }];
    let mut doc = Document::new(p, std::collections::BTreeMap::new());
    doc.apply(Edit::DeleteEntity("mission".into())).unwrap();
    let moved = DisagreementKey::Claim {
        claim: "c1".into(),
        asserting: Some("fbi".into()),
        denying: None,
    };
    let p = doc.project();
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].key, moved);
    assert_eq!(analysis::review_state(p, &moved), ReviewState::Confirmed);
    assert!(
        analysis::disagreements(p).iter().any(|d| d.key == moved),
        "the disagreement it reviews is there"
    );
}

/// The sample with `reviews` (RON list entries) appended, at a given format version.
fn sample_with_reviews(dir: &std::path::Path, version: u32, reviews: &str) -> std::path::PathBuf {
    let path = common::sample_copy(dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let current = format!("format_version: {},", crosscheck::model::FORMAT_VERSION);
    let text = text.replace(&current, &format!("format_version: {version},"));
    let end = text.trim_end().rfind(')').unwrap();
    std::fs::write(
        &path,
        format!("{}    reviews: [\n{reviews}    ],\n)\n", &text[..end]),
    )
    .unwrap();
    path
}

/// Hand-edited review keys: a linked pair in the wrong order is put right; a misspelt field
/// or a malformed format 2 key is an error naming the file and the place, never a panic or a
/// review silently applied to another disagreement.
#[test]
fn hand_edited_review_keys_load_right_or_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<String> = {
        let loaded = crosscheck::store::load(&common::sample_copy(dir.path())).unwrap();
        loaded.document.project().annotations[..2]
            .iter()
            .map(|a| a.id.to_string())
            .collect()
    };
    let (low, high) = if ids[0] < ids[1] {
        (&ids[0], &ids[1])
    } else {
        (&ids[1], &ids[0])
    };
    let reversed = format!(
        "        (\n            key: Linked(a: {high:?}, b: {low:?}),\n            state: Explained,\n            note: \"by hand\",\n        ),\n"
    );
    let path = sample_with_reviews(dir.path(), 3, &reversed);
    let loaded = crosscheck::store::load(&path).unwrap();
    let reviews = &loaded.document.project().reviews;
    assert_eq!(
        reviews[0].key,
        DisagreementKey::linked(low.as_str().into(), high.as_str().into())
    );

    let dir = tempfile::tempdir().unwrap();
    let misspelt = "        (\n            key: Claim(claim: \"c\", asserted: Some(\"fbi-cisa-odni\")),\n            state: Open,\n        ),\n";
    let path = sample_with_reviews(dir.path(), 3, misspelt);
    let err = crosscheck::store::load(&path).unwrap_err().to_string();
    assert!(err.contains("asserted"), "{err}");
    assert!(err.contains("crosscheck.ron"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let broken_v2 = "        (\n            key: (claim: Some(\"c\"), a: 7),\n            state: Open,\n        ),\n";
    let path = sample_with_reviews(dir.path(), 2, broken_v2);
    let err = crosscheck::store::load(&path).unwrap_err().to_string();
    assert!(err.starts_with("could not load project:"), "{err}");
    assert!(err.contains(" at "), "names the place: {err}");
}
