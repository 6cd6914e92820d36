//! The three-way merge, its driver and its conflicts; who made what; agreement between two
//! copies against hand-computed figures; shared projects that point outside their folder.

// Tests fail loudly by unwrapping.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::agreement;
use crosscheck::document::{Document, Edit};
use crosscheck::merge::merge;
use crosscheck::model::{
    Annotation, AnnotationId, Claim, ClaimId, ClaimLink, Conflict, Contested, Entity, EntityId,
    EntityKind, ItemRef, Project, Rgb, Stance, Verdict,
};
use crosscheck::store;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

const BIN: &str = env!("CARGO_BIN_EXE_crosscheck");

fn sample() -> (String, Project) {
    let path = Path::new("samples/iran-hack/crosscheck.ron");
    let text = std::fs::read_to_string(path).unwrap();
    let p = store::load(path).unwrap().document.project().clone();
    (text, p)
}

fn doc(p: &Project, author: &str) -> Document {
    let loaded = store::load(Path::new("samples/iran-hack/crosscheck.ron")).unwrap();
    let mut d = Document::new(p.clone(), {
        let mut texts = std::collections::BTreeMap::new();
        for a in &p.articles {
            if let Some(t) = loaded.document.text(&a.id) {
                texts.insert(a.id.clone(), t.clone());
            }
        }
        texts
    });
    d.set_author(Some(author.to_owned()));
    d
}

fn edited(p: &Project, author: &str, edits: Vec<Edit>) -> Project {
    let mut d = doc(p, author);
    for e in edits {
        d.apply(e).unwrap();
    }
    d.project().clone()
}

fn entity(id: &str, name: &str) -> Entity {
    Entity {
        id: EntityId::from(id),
        name: name.into(),
        kind: EntityKind::Media,
        color: Rgb([1, 2, 3]),
        aliases: Vec::new(),
        same_as: Vec::new(),
    }
}

fn add_span(id: &str, article: &str, range: std::ops::Range<usize>) -> Edit {
    Edit::AddAnnotation {
        id: AnnotationId::from(id),
        article: article.into(),
        char_start: range.start,
        char_end: range.end,
        entities: Vec::new(),
        claims: Vec::new(),
        created: "2026-12-06T10:00:00Z".into(),
    }
}

#[test]
fn merging_the_sample_with_itself_changes_nothing() {
    let (text, p) = sample();
    let m = merge(&p, &p, &p);
    assert!(m.is_clean());
    assert_eq!(store::to_ron(&m.project).unwrap(), text);
    // The driver leaves OURS byte for byte.
    let dir = tempfile::tempdir().unwrap();
    for name in ["base.ron", "ours.ron", "theirs.ron"] {
        std::fs::write(dir.path().join(name), &text).unwrap();
    }
    let out = std::process::Command::new(BIN)
        .args(["merge", "base.ron", "ours.ron", "theirs.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ours.ron")).unwrap(),
        text
    );
}

#[test]
fn one_sided_changes_are_taken_and_the_same_change_twice_is_one() {
    let (_, base) = sample();
    let gone = base.annotations[0].id.clone();
    let noted = base.annotations[1].id.clone();
    let ours = edited(
        &base,
        "Alice",
        vec![
            add_span("new-ours", "001-us-officials", 3..9),
            Edit::DeleteAnnotation(gone.clone()),
            Edit::SetNote {
                annotation: noted.clone(),
                note: "same words".into(),
            },
        ],
    );
    let theirs = edited(
        &base,
        "Bob",
        vec![
            add_span("new-theirs", "002-iran-mission", 3..9),
            Edit::SetNote {
                annotation: noted.clone(),
                note: "same words".into(),
            },
            Edit::AddEntity(entity("dpa", "Deutsche Presse-Agentur")),
        ],
    );
    let m = merge(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.project.conflicts);
    let p = &m.project;
    assert!(p.annotation(&gone).is_none(), "deleted on one side");
    assert!(p.annotation(&"new-ours".into()).is_some());
    assert!(p.annotation(&"new-theirs".into()).is_some());
    assert_eq!(p.annotation(&noted).unwrap().note, "same words");
    assert!(p.entity(&"dpa".into()).is_some());
    assert_eq!(p.annotations.len(), base.annotations.len() + 1);
    // Swapping the two sides gives the same project.
    let swapped = merge(&base, &theirs, &ours);
    assert_eq!(
        store::to_ron(&swapped.project).unwrap(),
        store::to_ron(&m.project).unwrap()
    );
}

#[test]
fn different_edits_of_one_field_are_conflicts_and_swapping_sides_swaps_only_them() {
    let (_, base) = sample();
    let span = base.annotations[4].id.clone();
    let claim = base.claims[0].clone();
    let set = |note: &str, verdict: Verdict, name: &str| {
        let mut c = claim.clone();
        c.verdict = verdict;
        let mut e = base.entities[0].clone();
        e.name = name.into();
        vec![
            Edit::SetNote {
                annotation: span.clone(),
                note: note.into(),
            },
            Edit::UpdateClaim(c),
            Edit::UpdateEntity(e),
        ]
    };
    let ours = edited(&base, "Alice", set("A", Verdict::False, "Name A"));
    let theirs = edited(&base, "Bob", set("B", Verdict::True, "Name B"));
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.new_conflicts, 3);
    let note = m
        .project
        .conflicts
        .iter()
        .find(|c| c.what == Contested::Field("note".into()))
        .unwrap();
    assert_eq!(note.base, Some(Value::String(String::new())));
    assert_eq!(note.ours, Some(Value::String("A".into())));
    assert_eq!(note.theirs, Some(Value::String("B".into())));
    // The merged project holds ours until a checker decides.
    assert_eq!(m.project.annotation(&span).unwrap().note, "A");
    let swapped = merge(&base, &theirs, &ours);
    let flip = |c: &Conflict| Conflict {
        ours: c.theirs.clone(),
        theirs: c.ours.clone(),
        ..c.clone()
    };
    let flipped: Vec<Conflict> = swapped.project.conflicts.iter().map(flip).collect();
    assert_eq!(flipped, m.project.conflicts);
    // Resolving: theirs for the note, a new value for the name, ours for the verdict.
    let mut d = doc(&m.project, "Carol");
    let conflicts = m.project.conflicts.clone();
    for c in conflicts {
        let value = match &c.what {
            Contested::Field(f) if f == "note" => c.theirs.clone(),
            Contested::Field(f) if f == "name" => Some(Value::String("Agreed name".into())),
            _ => c.ours.clone(),
        };
        d.apply(Edit::ResolveConflict { conflict: c, value })
            .unwrap();
    }
    let p = d.project();
    assert!(p.conflicts.is_empty());
    assert_eq!(p.annotation(&span).unwrap().note, "B");
    assert_eq!(p.entities[0].name, "Agreed name");
    assert_eq!(p.claim(&claim.id).unwrap().verdict, Verdict::False);
    assert_eq!(
        p.annotation(&span).unwrap().modified_by.as_deref(),
        Some("Carol")
    );
    // Each choice is undone on its own.
    d.undo();
    assert_eq!(d.project().conflicts.len(), 1);
    // A conflict already settled cannot be settled twice.
    let again = m.project.conflicts[0].clone();
    d.redo();
    assert!(
        d.apply(Edit::ResolveConflict {
            conflict: again,
            value: None
        })
        .is_err()
    );
}

#[test]
fn a_span_moved_two_ways_keeps_one_sides_place_whole() {
    let (_, base) = sample();
    let a = base.annotations[7].clone();
    let mv = |start: usize, end: usize| Edit::MoveAnnotation {
        annotation: a.id.clone(),
        char_start: start,
        char_end: end,
    };
    let ours = edited(&base, "Alice", vec![mv(a.char_start + 1, a.char_end)]);
    let theirs = edited(&base, "Bob", vec![mv(a.char_start, a.char_end - 1)]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.project.conflicts.len(), 1);
    assert_eq!(
        m.project.conflicts[0].what,
        Contested::Field("position".into())
    );
    let kept = m.project.annotation(&a.id).unwrap();
    // Ours whole: never ours' start with theirs' end.
    assert_eq!(
        (kept.char_start, kept.char_end),
        (a.char_start + 1, a.char_end)
    );
    let mut d = doc(&m.project, "Carol");
    let c = m.project.conflicts[0].clone();
    d.apply(Edit::ResolveConflict {
        value: c.theirs.clone(),
        conflict: c,
    })
    .unwrap();
    let placed = d.annotation(&a.id).unwrap();
    assert_eq!(
        (placed.char_start, placed.char_end),
        (a.char_start, a.char_end - 1)
    );
    assert_eq!(
        d.text(&placed.article)
            .unwrap()
            .slice(placed.char_start..placed.char_end),
        Some(placed.quote.as_str())
    );
}

#[test]
fn entities_and_links_merge_as_sets() {
    let (_, base) = sample();
    let span = base.annotations[0].clone();
    let others: Vec<EntityId> = base
        .entities
        .iter()
        .map(|e| e.id.clone())
        .filter(|e| !span.entities.contains(e))
        .take(2)
        .collect();
    let link = |e: &EntityId| Edit::LinkEntity {
        annotation: span.id.clone(),
        entity: e.clone(),
    };
    let ours = edited(&base, "Alice", vec![link(&others[0])]);
    let theirs = edited(&base, "Bob", vec![link(&others[1])]);
    let m = merge(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.project.conflicts);
    let merged = m.project.annotation(&span.id).unwrap();
    for e in span.entities.iter().chain(&others) {
        assert!(merged.entities.contains(e));
    }
    // Two stances of one speaker on one claim cannot both stand.
    let claim = base.claims[0].id.clone();
    let stance = |s: Stance| Edit::LinkClaim {
        annotation: span.id.clone(),
        link: ClaimLink {
            claim: claim.clone(),
            stance: s,
            speaker: None,
            created_by: None,
        },
        replacing: None,
    };
    let ours = edited(&base, "Alice", vec![stance(Stance::Asserts)]);
    let theirs = edited(&base, "Bob", vec![stance(Stance::Denies)]);
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.project.conflicts.len(), 1);
    assert_eq!(
        m.project.conflicts[0].what,
        Contested::Field("claims".into())
    );
    // The same link made by both is one link, whoever made it.
    let theirs = edited(&base, "Bob", vec![stance(Stance::Asserts)]);
    let m = merge(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.project.conflicts);
}

#[test]
fn deleted_on_one_side_and_used_on_the_other_is_kept_and_asked() {
    let (_, base) = sample();
    let gone = base
        .entities
        .iter()
        .find(|e| e.id.0 == "google")
        .unwrap()
        .id
        .clone();
    let ours = edited(&base, "Alice", vec![Edit::DeleteEntity(gone.clone())]);
    let mut theirs_doc = doc(&base, "Bob");
    theirs_doc
        .apply(add_span("uses-google", "000-unn", 10..20))
        .unwrap();
    theirs_doc
        .apply(Edit::LinkEntity {
            annotation: "uses-google".into(),
            entity: gone.clone(),
        })
        .unwrap();
    let theirs = theirs_doc.project().clone();
    let m = merge(&base, &ours, &theirs);
    let p = &m.project;
    assert!(
        p.entity(&gone).is_some(),
        "brought back: a new span names it"
    );
    assert!(
        p.annotation(&"uses-google".into())
            .unwrap()
            .entities
            .contains(&gone)
    );
    let c = p
        .conflicts
        .iter()
        .find(|c| c.item == ItemRef::Entity(gone.clone()))
        .unwrap();
    assert_eq!(c.what, Contested::Item);
    assert!(c.ours.is_none() && c.theirs.is_some() && c.base.is_some());
    // "Delete it" deletes it as the delete edit does: no span names it after.
    let mut d = doc(p, "Carol");
    d.apply(Edit::ResolveConflict {
        conflict: c.clone(),
        value: None,
    })
    .unwrap();
    assert!(d.project().entity(&gone).is_none());
    assert!(
        d.project()
            .annotations
            .iter()
            .all(|a| !a.entities.contains(&gone))
    );
    // A span deleted on one side and changed on the other is kept.
    let span = base.annotations[9].id.clone();
    let ours = edited(&base, "Alice", vec![Edit::DeleteAnnotation(span.clone())]);
    let theirs = edited(
        &base,
        "Bob",
        vec![Edit::SetNote {
            annotation: span.clone(),
            note: "keep me".into(),
        }],
    );
    let m = merge(&base, &ours, &theirs);
    assert_eq!(m.project.annotation(&span).unwrap().note, "keep me");
    assert_eq!(m.project.conflicts[0].what, Contested::Item);
}

#[test]
fn the_same_entity_or_claim_made_on_both_sides_is_offered_for_merging() {
    let (_, base) = sample();
    let mut ap = entity("ap", "Associated Press");
    ap.aliases.push("AP".into());
    let ours = edited(
        &base,
        "Alice",
        vec![
            Edit::AddEntity(ap),
            Edit::AddClaim(Claim::from_quote("Iran  sent the emails")),
        ],
    );
    let theirs = edited(
        &base,
        "Bob",
        vec![
            Edit::AddEntity(entity("the-ap", "ap")),
            Edit::AddClaim(Claim::from_quote("iran sent the emails")),
        ],
    );
    let m = merge(&base, &ours, &theirs);
    let dups: Vec<&Conflict> = m
        .project
        .conflicts
        .iter()
        .filter(|c| c.what == Contested::Duplicate)
        .collect();
    assert_eq!(dups.len(), 2, "{:?}", m.project.conflicts);
    let mut d = doc(&m.project, "Carol");
    for c in dups {
        d.apply(Edit::ResolveConflict {
            conflict: c.clone(),
            value: Some(Value::Bool(true)),
        })
        .unwrap();
    }
    let p = d.project();
    assert!(p.entity(&"the-ap".into()).is_none());
    assert!(p.entity(&"ap".into()).is_some());
    assert_eq!(
        p.claims
            .iter()
            .filter(|c| c.statement.to_lowercase().contains("sent the emails"))
            .count(),
        1
    );
}

#[test]
fn merging_claims_moves_links_and_reviews() {
    let (_, base) = sample();
    let from = base.claims[1].id.clone();
    let into = base.claims[0].id.clone();
    let linked = base
        .annotations
        .iter()
        .filter(|a| a.claims.iter().any(|l| l.claim == from))
        .count();
    assert!(linked > 0);
    let mut d = doc(&base, "Carol");
    d.apply(Edit::MergeClaims {
        from: from.clone(),
        into: into.clone(),
    })
    .unwrap();
    let p = d.project();
    assert!(p.claim(&from).is_none());
    assert!(
        p.annotations
            .iter()
            .all(|a| a.claims.iter().all(|l| l.claim != from))
    );
    assert!(p.reviews.iter().all(|r| r.key.claim() != Some(&from)));
    d.undo();
    assert_eq!(d.project(), &base);
    assert!(
        d.apply(Edit::MergeClaims {
            from: into.clone(),
            into
        })
        .is_err()
    );
}

#[test]
fn edits_record_who_made_and_who_changed() {
    let (_, base) = sample();
    let mut d = doc(&base, "Alice");
    d.apply(add_span("mine", "000-unn", 0..4)).unwrap();
    let claim = Claim::from_quote("A claim of Alice's");
    let claim_id = claim.id.clone();
    d.apply(Edit::AddClaim(claim)).unwrap();
    d.apply(Edit::LinkClaim {
        annotation: "mine".into(),
        link: ClaimLink {
            claim: claim_id.clone(),
            stance: Stance::Asserts,
            speaker: None,
            created_by: None,
        },
        replacing: None,
    })
    .unwrap();
    let a = d.annotation(&"mine".into()).unwrap();
    assert_eq!(a.created_by.as_deref(), Some("Alice"));
    assert_eq!(a.claims[0].created_by.as_deref(), Some("Alice"));
    assert_eq!(
        d.project().claim(&claim_id).unwrap().created_by.as_deref(),
        Some("Alice")
    );
    d.set_author(Some("Bob".into()));
    d.apply(Edit::SetNote {
        annotation: "mine".into(),
        note: "Bob was here".into(),
    })
    .unwrap();
    let mut c = d.project().claim(&claim_id).unwrap().clone();
    c.created_by = None; // a form that does not carry it
    c.verdict = Verdict::Mixed;
    d.apply(Edit::UpdateClaim(c)).unwrap();
    let a = d.annotation(&"mine".into()).unwrap();
    assert_eq!(a.created_by.as_deref(), Some("Alice"), "the maker stays");
    assert_eq!(a.modified_by.as_deref(), Some("Bob"));
    assert!(a.modified.as_deref().is_some_and(|t| t.ends_with('Z')));
    let c = d.project().claim(&claim_id).unwrap();
    assert_eq!(c.created_by.as_deref(), Some("Alice"));
    assert_eq!(c.modified_by.as_deref(), Some("Bob"));
    // Without a name, nothing is signed; a blank name is no name.
    d.set_author(Some("   ".into()));
    assert_eq!(d.author(), None);
    d.apply(add_span("anonymous", "000-unn", 5..9)).unwrap();
    assert_eq!(d.annotation(&"anonymous".into()).unwrap().created_by, None);
    // Undo takes the stamps back with the change.
    d.undo();
    d.undo();
    assert_eq!(d.project().claim(&claim_id).unwrap().modified_by, None);
}

#[test]
fn older_files_load_with_unknown_authors() {
    let p = store::load(Path::new("tests/fixtures/v3/crosscheck.ron")).unwrap();
    let p = p.document.project();
    assert!(p.annotations.iter().all(|a| a.created_by.is_none()));
    assert!(p.reviews.iter().all(|r| r.created_by.is_none()));
    let v4 = store::load(Path::new("tests/fixtures/v4/crosscheck.ron")).unwrap();
    let p = v4.document.project();
    assert!(
        p.annotations
            .iter()
            .any(|a| a.created_by.as_deref() == Some("Alice"))
    );
    assert_eq!(p.conflicts.len(), 2);
}

#[test]
fn the_driver_refuses_unreadable_input_and_leaves_ours_alone() {
    let (text, _) = sample();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.ron"), &text).unwrap();
    std::fs::write(
        dir.path().join("ours.ron"),
        text.replace("Iran UN mission", "X"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("theirs.ron"),
        "(format_version: 4, name: \"broken",
    )
    .unwrap();
    let before = std::fs::read(dir.path().join("ours.ron")).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["merge", "base.ron", "ours.ron", "theirs.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("theirs.ron") && err.contains("unchanged"),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.path().join("ours.ron")).unwrap(), before);
    // A conflict: exit 1, the result a valid project that records it.
    std::fs::write(
        dir.path().join("theirs.ron"),
        text.replace("Iran UN mission", "Y"),
    )
    .unwrap();
    let out = std::process::Command::new(BIN)
        .args(["merge", "base.ron", "ours.ron", "theirs.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let merged = std::fs::read_to_string(dir.path().join("ours.ron")).unwrap();
    let p = store::parse(&merged, Path::new("ours.ron")).unwrap();
    assert_eq!(p.conflicts.len(), 1);
    // `diff` lists it, and says nothing for identical files.
    let out = std::process::Command::new(BIN)
        .args(["diff", "base.ron", "ours.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("~ entity iran-un-mission (X): name: “Iran UN mission” → “X”"),
        "{listed}"
    );
    assert!(
        listed.contains("+ conflict over entity iran-un-mission: name"),
        "{listed}"
    );
    assert_eq!(out.status.code(), Some(1));
    let same = std::process::Command::new(BIN)
        .args(["diff", "base.ron", "base.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(same.stdout.is_empty());
}

/// Two hand-made copies of a one-article project.
fn copies() -> (Project, Project) {
    let mut base = Project::new("agreement");
    base.articles.push(crosscheck::model::Article {
        author: None,
        id: "a".into(),
        title: String::new(),
        outlet: String::new(),
        url: None,
        published: None,
        path: "articles/a.txt".into(),
        sha256: String::new(),
    });
    base.entities.push(entity("iran", "Iran"));
    base.entities.push(entity("fbi", "FBI"));
    base.claims.push(Claim {
        id: ClaimId::from("c1"),
        ..Claim::from_quote("Iran hacked the campaign")
    });
    let span = |id: &str, r: std::ops::Range<usize>, ents: &[&str], stance: Option<Stance>| {
        Arc::new(Annotation {
            id: id.into(),
            article: "a".into(),
            char_start: r.start,
            char_end: r.end,
            quote: "x".repeat(r.len()),
            prefix: String::new(),
            suffix: String::new(),
            entities: ents.iter().map(|e| EntityId::from(*e)).collect(),
            claims: stance
                .map(|s| ClaimLink {
                    claim: "c1".into(),
                    stance: s,
                    speaker: None,
                    created_by: None,
                })
                .into_iter()
                .collect(),
            note: String::new(),
            created: String::new(),
            created_by: None,
            modified_by: None,
            modified: None,
        })
    };
    let mut a = base.clone();
    a.annotations = vec![
        span("a1", 0..10, &["iran"], Some(Stance::Asserts)),
        span("a2", 20..30, &["fbi"], Some(Stance::Denies)),
        span("a3", 40..50, &["iran", "fbi"], Some(Stance::Asserts)),
        span("a4", 60..70, &[], Some(Stance::Reports)),
        span("a5", 80..90, &["iran"], None),
    ];
    let mut b = base;
    b.annotations = vec![
        span("b1", 0..10, &["iran"], Some(Stance::Asserts)), // exact, same
        span("b2", 22..30, &["fbi"], Some(Stance::Asserts)), // overlap, stance differs
        span("b3", 40..50, &["iran"], Some(Stance::Asserts)), // exact, one entity fewer
        span("b4", 60..70, &[], Some(Stance::Reports)),      // exact, same
        span("b6", 100..110, &[], None),                     // only in B
    ];
    (a, b)
}

#[test]
fn agreement_gives_the_hand_computed_figures() {
    let (a, b) = copies();
    let r = agreement::agreement(&a, &b);
    let f = &r.overall;
    // Spans: 5 and 5; exact matches a1/b1, a3/b3, a4/b4 = 3 → F1 = 6/10.
    assert_eq!((f.spans_a, f.spans_b, f.exact_matches), (5, 5, 3));
    assert!((f.exact_f1.unwrap() - 0.6).abs() < 1e-12);
    // Overlap adds a2/b2 = 4 → F1 = 8/10.
    assert_eq!(f.overlap_matches, 4);
    assert!((f.overlap_f1.unwrap() - 0.8).abs() < 1e-12);
    // Entities on the 4 pairs: A 1+1+2+0 = 4, B 1+1+1+0 = 3, common 3 → F1 = 6/7.
    assert_eq!(
        (f.entity_links_a, f.entity_links_b, f.entity_links_common),
        (4, 3, 3)
    );
    assert!((f.entity_f1.unwrap() - 6.0 / 7.0).abs() < 1e-12);
    // Stance items (pair × claim): A = asserts, denies, asserts, reports; B = asserts,
    // asserts, asserts, reports. pₒ = 3/4; pₑ = (2/4·3/4) + (1/4·0) + (1/4·1/4) = 7/16;
    // κ = (3/4 − 7/16) / (1 − 7/16) = 5/9.
    assert_eq!((f.stance.items, f.stance.agreed), (4, 3));
    assert!((f.stance.expected.unwrap() - 7.0 / 16.0).abs() < 1e-12);
    assert!((f.stance.kappa.unwrap() - 5.0 / 9.0).abs() < 1e-12);
    let kinds: Vec<&str> = r.differences.iter().map(|d| d.kind.label()).collect();
    assert_eq!(
        kinds,
        [
            "boundaries differ",
            "stance differs",
            "entities differ",
            "only in A",
            "only in B"
        ]
    );
    // An entity renamed in one copy is still the same entity (matched by id).
    let mut renamed = b.clone();
    renamed.entities[0].name = "Islamic Republic of Iran".into();
    let r3 = agreement::agreement(&a, &renamed);
    assert_eq!(r3.overall.entity_links_common, 3);
    // The measure does not depend on which copy is A.
    let r2 = agreement::agreement(&b, &a);
    assert_eq!(r2.overall.overlap_f1, r.overall.overlap_f1);
    assert!((r2.overall.stance.kappa.unwrap() - 5.0 / 9.0).abs() < 1e-12);
    // A copy against itself: everything 1; kappa undefined only when one label covers all.
    let same = agreement::agreement(&a, &a);
    assert_eq!(same.overall.exact_f1, Some(1.0));
    assert_eq!(same.overall.stance.kappa, Some(1.0));
    assert!(same.differences.is_empty());
    assert_eq!(agreement::kappa(&[("x".into(), "x".into())]).kappa, None);
    assert_eq!(agreement::f1(0, 0, 0), None);
}

#[test]
fn the_agreement_command_prints_the_figures_and_json() {
    let (a, b) = copies();
    let dir = tempfile::tempdir().unwrap();
    store::save(&a, &dir.path().join("a.ron")).unwrap();
    store::save(&b, &dir.path().join("b.ron")).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["agreement", "a.ron", "b.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("exact 3 (F1 0.600)") && text.contains("stance κ 0.556"),
        "{text}"
    );
    let out = std::process::Command::new(BIN)
        .args(["agreement", "a.ron", "b.ron", "--json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"]["overlap_matches"], 4);
    assert_eq!(v["differences"].as_array().unwrap().len(), 5);
    let missing = std::process::Command::new(BIN)
        .args(["agreement", "a.ron", "nowhere.ron"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nowhere.ron"));
}

#[cfg(unix)]
#[test]
fn an_article_linked_outside_the_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "a private file").unwrap();
    let link = dir.path().join("articles/000-unn.txt");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let loaded = store::load(&path).unwrap();
    assert!(
        loaded.document.text(&"000-unn".into()).is_none(),
        "never read"
    );
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.message.contains("leads outside the project folder")),
        "{:?}",
        loaded.problems
    );
    // A link inside the project is fine.
    std::fs::remove_file(&link).unwrap();
    std::fs::copy(
        "samples/iran-hack/articles/000-unn.txt",
        dir.path().join("articles/real.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path().join("articles/real.txt"), &link).unwrap();
    let loaded = store::load(&path).unwrap();
    assert!(loaded.document.text(&"000-unn".into()).is_some());
}

#[test]
fn the_publisher_merges_like_a_field_and_its_conflict_resolves() {
    let (_, base) = sample();
    let settings = |name: &str, url: &str| Edit::SetProjectSettings {
        name: base.name.clone(),
        publisher: crosscheck::model::Publisher {
            name: name.into(),
            url: url.into(),
        },
    };
    // Set on one side: taken.
    let ours = edited(
        &base,
        "Alice",
        vec![settings("Fact Desk", "https://desk.example")],
    );
    let merged = merge(&base, &ours, &base);
    assert_eq!(merged.project.publisher.name, "Fact Desk");
    let merged = merge(&base, &base, &ours);
    assert_eq!(merged.project.publisher.url, "https://desk.example");
    assert!(merged.project.conflicts.is_empty());
    // Set two ways: a conflict that keeps ours until it is resolved.
    let theirs = edited(
        &base,
        "Bob",
        vec![settings("Other Desk", "https://other.example")],
    );
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.project.publisher.name, "Fact Desk");
    let conflict = merged
        .project
        .conflicts
        .iter()
        .find(|c| c.what == Contested::Field("publisher".into()))
        .cloned()
        .expect("a publisher conflict");
    let mut d = doc(&merged.project, "Alice");
    let value = conflict.theirs.clone();
    d.apply(Edit::ResolveConflict { conflict, value }).unwrap();
    assert_eq!(d.project().publisher.name, "Other Desk");
    assert!(
        d.project()
            .conflicts
            .iter()
            .all(|c| c.item != ItemRef::Project)
    );
}
