//! Undo, redo, dirty state and the derived views under random sequences of edits, on the
//! sample project: after every step the document equals the surviving edits replayed on the
//! original, it is dirty exactly when it differs from the saved project, a refused edit
//! (a whole batch with it) changes nothing, and the views kept up to date edit by edit equal
//! the same views computed from scratch.

#![allow(clippy::unwrap_used, clippy::many_single_char_names)]

use crosscheck::analysis::{self, Axis};
use crosscheck::derived::Derived;
use crosscheck::document::{Document, Edit};
use crosscheck::model::{
    AnnotationId, Claim, ClaimId, ClaimLink, Entity, EntityId, EntityKind, LinkId, LinkKind,
    Project, Review, ReviewState, Rgb, SpanLink, Stance, Verdict,
};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn sample() -> &'static Document {
    static SAMPLE: OnceLock<Document> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        crosscheck::store::load(Path::new("samples/iran-hack/crosscheck.ron"))
            .unwrap()
            .document
    })
}

/// A fresh document with the sample's project and texts, clean, with no history.
fn fresh() -> Document {
    let doc = sample();
    let texts = doc
        .project()
        .articles
        .iter()
        .filter_map(|a| Some((a.id.clone(), doc.text(&a.id)?.clone())))
        .collect();
    Document::new(doc.project().clone(), texts)
}

/// What a test step does; the numbers pick targets in the document as it is then.
#[derive(Clone, Debug)]
enum Op {
    Edit(u8, u32, u32),
    /// Two or three edits as one step; `bad` makes the last one refer to nothing.
    Batch(u8, u32, u32, bool),
    Undo,
    Redo,
    Save,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0u8..24, any::<u32>(), any::<u32>()).prop_map(|(k, a, b)| Op::Edit(k, a, b)),
        1 => (0u8..24, any::<u32>(), any::<u32>(), any::<bool>())
            .prop_map(|(k, a, b, bad)| Op::Batch(k, a, b, bad)),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
        1 => Just(Op::Save),
    ]
}

fn pick<T>(list: &[T], n: u32) -> Option<&T> {
    (!list.is_empty()).then(|| &list[n as usize % list.len()])
}

/// An edit of kind `k` on the document as it is (most are valid; some are refused).
#[allow(clippy::too_many_lines)] // one arm per kind of edit
fn make(doc: &Document, k: u8, a: u32, b: u32) -> Edit {
    let p = doc.project();
    let ann =
        || pick(&p.annotations, a).map_or_else(|| AnnotationId::from("none"), |x| x.id.clone());
    let entity = || pick(&p.entities, b).map_or_else(|| EntityId::from("none"), |e| e.id.clone());
    let claim = || pick(&p.claims, b).map_or_else(|| ClaimId::from("none"), |c| c.id.clone());
    let article = pick(&p.articles, a).unwrap();
    let len = doc
        .text(&article.id)
        .map_or(1, crosscheck::text::ArticleText::char_count);
    let start = a as usize % len.saturating_sub(30).max(1);
    match k {
        0 | 1 => Edit::LinkEntity {
            annotation: ann(),
            entity: entity(),
        },
        2 => match pick(&p.annotations, a) {
            Some(x) if !x.entities.is_empty() => Edit::UnlinkEntity {
                annotation: x.id.clone(),
                entity: x.entities[b as usize % x.entities.len()].clone(),
            },
            _ => Edit::UnlinkEntity {
                annotation: ann(),
                entity: entity(),
            },
        },
        3 | 4 => Edit::AddAnnotation {
            // Derived from the numbers, so a replay adds the same id.
            id: AnnotationId(format!("test-{a:08x}-{b:08x}")),
            article: article.id.clone(),
            char_start: start,
            char_end: start + 1 + b as usize % 25,
            entities: vec![entity()],
            claims: if b.is_multiple_of(3) {
                vec![ClaimLink {
                    created_by: None,
                    claim: claim(),
                    stance: Stance::ALL[b as usize % 5],
                    speaker: Some(entity()),
                }]
            } else {
                vec![]
            },
            created: "2026-12-06T10:00:00Z".into(),
        },
        5 => Edit::DeleteAnnotation(ann()),
        6 | 7 => Edit::LinkClaim {
            annotation: ann(),
            link: ClaimLink {
                created_by: None,
                claim: claim(),
                stance: Stance::ALL[a as usize % 5],
                speaker: (!b.is_multiple_of(4)).then(entity),
            },
            replacing: None,
        },
        8 => match pick(&p.annotations, a).and_then(|x| Some((x, pick(&x.claims, b)?))) {
            Some((x, l)) => Edit::UnlinkClaim {
                annotation: x.id.clone(),
                link: l.clone(),
            },
            None => Edit::DeleteAnnotation(AnnotationId::from("none")),
        },
        // Typing: a few notes on a few annotations, so typing steps join and break.
        9 | 10 => Edit::SetNote {
            annotation: pick(&p.annotations, a % 3).unwrap().id.clone(),
            note: "checked".chars().take(b as usize % 8).collect(),
        },
        11 => {
            let found = analysis::disagreements(p);
            match pick(&found, a) {
                Some(d) => Edit::SetReview(Review {
                    created_by: None,
                    modified: None,
                    modified_by: None,
                    key: d.key.clone(),
                    state: [ReviewState::Open, ReviewState::Confirmed][b as usize % 2],
                    note: "seen".chars().take(b as usize % 5).collect(),
                }),
                None => Edit::DeleteLink(LinkId::from("none")),
            }
        }
        12 => Edit::AddClaim(Claim {
            review_url: None,
            created_by: None,
            modified: None,
            modified_by: None,
            id: ClaimId(format!("claim-{a:08x}")),
            statement: format!("Claim {b}"),
            description: String::new(),
            verdict: Verdict::ALL[b as usize % 7],
            verdict_note: String::new(),
        }),
        13 => match pick(&p.claims, a) {
            Some(c) => Edit::UpdateClaim(Claim {
                statement: format!("{} ({b})", c.statement),
                ..c.clone()
            }),
            None => Edit::DeleteClaim(claim()),
        },
        14 => Edit::DeleteClaim(claim()),
        15 => Edit::AddEntity(Entity {
            id: EntityId(format!("entity-{a:08x}")),
            name: format!("Entity {b}"),
            kind: EntityKind::ALL[b as usize % 7],
            color: Rgb([1, 2, 3]),
            aliases: vec![],
            same_as: Vec::new(),
        }),
        16 => match pick(&p.entities, a) {
            Some(e) => Edit::UpdateEntity(Entity {
                name: format!("{} {b}", e.name),
                ..e.clone()
            }),
            None => Edit::DeleteEntity(entity()),
        },
        17 => Edit::DeleteEntity(entity()),
        18 => Edit::MergeEntities {
            from: entity(),
            into: pick(&p.entities, a).map_or_else(entity, |e| e.id.clone()),
        },
        19 => Edit::AddLink(SpanLink {
            created_by: None,
            id: LinkId(format!("link-{a:08x}-{b:08x}")),
            kind: LinkKind::ALL[b as usize % 4],
            from: ann(),
            to: pick(&p.annotations, b).map_or_else(ann, |x| x.id.clone()),
            note: String::new(),
        }),
        20 => match pick(&p.links, a) {
            Some(l) => Edit::DeleteLink(l.id.clone()),
            None => Edit::DeleteLink(LinkId::from("none")),
        },
        21 => Edit::MoveAnnotation {
            annotation: ann(),
            char_start: start,
            char_end: start + 2 + b as usize % 20,
        },
        22 => {
            // Several spans of one article moved at once, as re-anchoring does.
            let moves = p
                .annotations_of(&article.id)
                .take(1 + b as usize % 6)
                .enumerate()
                .map(|(i, x)| {
                    let s = (start + i * 7) % len.saturating_sub(10).max(1);
                    (x.id.clone(), s..s + 3)
                })
                .collect();
            Edit::Reanchor {
                article: article.id.clone(),
                sha256: format!("{b:064x}"),
                moves,
            }
        }
        _ => Edit::UpdateArticleDetails {
            author: None,
            article: article.id.clone(),
            title: format!("Title {b}"),
            outlet: article.outlet.clone(),
            url: None,
            published: [
                None,
                Some("2024-08-13".to_owned()),
                Some("13 August".to_owned()),
            ][b as usize % 3]
                .clone(),
        },
    }
}

/// The surviving edits, grouped as undo steps, as a checker's session sees them.
#[derive(Default)]
struct Model {
    steps: Vec<Vec<Edit>>,
    redo: Vec<Vec<Edit>>,
    /// The typing target of the last step, while typing may still join it.
    typing: Option<String>,
}

fn typing_key(doc: &Document, e: &Edit) -> Option<String> {
    match e {
        Edit::SetNote { annotation, .. } => Some(format!("note {annotation}")),
        Edit::SetReview(r)
            if doc
                .project()
                .review(&r.key)
                .is_some_and(|old| old.state == r.state) =>
        {
            Some(format!("review {:?}", r.key))
        }
        _ => None,
    }
}

fn replay(steps: &[Vec<Edit>]) -> Project {
    let mut doc = fresh();
    for edit in steps.iter().flatten() {
        doc.apply(edit.clone()).unwrap();
    }
    doc.project().clone()
}

/// The derived views kept up to date equal the same views from scratch (`live` keeps the
/// matrix by speakers, `by_article` by articles: each keeps one axis up to date).
fn check_views(doc: &Document, live: &mut Derived, by_article: &mut Derived) {
    let mut scratch = Derived::default();
    scratch.refresh(doc);
    live.refresh(doc);
    assert_eq!(live.mention_counts, scratch.mention_counts);
    assert_eq!(live.stance_counts, scratch.stance_counts);
    assert_eq!(live.spans, scratch.spans);
    let p = doc.project();
    // The spans off their quote, as the document keeps them for exports, after every step.
    let off: Vec<&AnnotationId> = p
        .annotations
        .iter()
        .filter(|a| {
            a.char_start >= a.char_end
                || doc
                    .text(&a.article)
                    .and_then(|t| t.slice(a.char_start..a.char_end))
                    != Some(a.quote.as_str())
        })
        .map(|a| &a.id)
        .collect();
    assert_eq!(doc.off_quote().iter().collect::<Vec<_>>(), off);
    for e in &p.entities {
        let scanned: Vec<&crosscheck::model::Annotation> = p
            .annotations
            .iter()
            .filter(|a| a.entities.contains(&e.id))
            .map(|a| &**a)
            .collect();
        assert_eq!(live.mentions(doc, &e.id), scanned, "mentions of {}", e.id);
    }
    for c in &p.claims {
        let scanned: Vec<_> = p.claim_spans(&c.id).collect();
        assert_eq!(live.claim_spans(doc, &c.id), scanned, "spans of {}", c.id);
    }
    let everything = analysis::disagreements(doc.project());
    assert_eq!(live.disagreements(doc), everything.as_slice());
    let whole_map = analysis::speaker_map(doc.project(), &everything);
    assert_eq!(live.speaker_map(doc), &whole_map);
    // Built first, before any disagreements were asked for.
    assert_eq!(Derived::default().speaker_map(doc), &whole_map);
    assert_eq!(
        live.matrix(doc, Axis::Speakers),
        &analysis::matrix(doc.project(), Axis::Speakers)
    );
    assert_eq!(
        by_article.matrix(doc, Axis::Articles),
        &analysis::matrix(doc.project(), Axis::Articles)
    );
}

fn run(ops: &[Op]) {
    let mut doc = fresh();
    let mut saved = doc.project().clone();
    let mut model = Model::default();
    let (mut live, mut by_article) = (Derived::default(), Derived::default());
    check_views(&doc, &mut live, &mut by_article);
    for op in ops {
        match op {
            Op::Edit(..) | Op::Batch(..) => {
                let edit = match *op {
                    Op::Edit(k, a, b) => make(&doc, k, a, b),
                    Op::Batch(k, a, b, bad) => {
                        let mut edits = vec![make(&doc, k, a, b), make(&doc, (k + 3) % 24, b, a)];
                        if bad {
                            edits.push(Edit::LinkEntity {
                                annotation: AnnotationId::from("none"),
                                entity: EntityId::from("none"),
                            });
                        }
                        Edit::Batch {
                            label: "test batch",
                            edits,
                        }
                    }
                    _ => unreachable!(),
                };
                let before = doc.project().clone();
                let revision = doc.revision();
                let was_dirty = doc.is_dirty();
                let key = typing_key(&doc, &edit);
                match doc.apply(edit.clone()) {
                    Err(_) => {
                        assert_eq!(doc.project(), &before, "a refused edit changes nothing");
                        assert_eq!(doc.revision(), revision);
                    }
                    Ok(()) if doc.revision() == revision => {
                        assert_eq!(doc.project(), &before, "no revision, no change");
                    }
                    Ok(()) => {
                        let joins = key.is_some()
                            && model.redo.is_empty()
                            && was_dirty
                            && model.typing == key;
                        if joins {
                            model.steps.last_mut().unwrap().push(edit);
                        } else {
                            model.steps.push(vec![edit]);
                        }
                        model.redo.clear();
                        model.typing = key;
                    }
                }
            }
            // An undo or redo ends a typing step; one with nothing to do changes nothing.
            Op::Undo => {
                if let Some(step) = model.steps.pop() {
                    assert!(doc.undo().is_some());
                    model.redo.push(step);
                    model.typing = None;
                } else {
                    assert!(doc.undo().is_none());
                }
            }
            Op::Redo => {
                if let Some(step) = model.redo.pop() {
                    assert!(doc.redo().is_some());
                    model.steps.push(step);
                    model.typing = None;
                } else {
                    assert!(doc.redo().is_none());
                }
            }
            Op::Save => {
                doc.mark_saved();
                saved = doc.project().clone();
            }
        }
        assert_eq!(
            doc.project(),
            &replay(&model.steps),
            "surviving edits replayed"
        );
        assert_eq!(
            doc.is_dirty(),
            doc.project() != &saved,
            "dirty exactly when changed"
        );
        check_views(&doc, &mut live, &mut by_article);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edits_undos_and_redos_agree_with_a_replay(ops in proptest::collection::vec(op(), 1..40)) {
        run(&ops);
    }
}

#[test]
fn undoing_back_to_the_saved_state_is_clean_and_so_is_an_edit_made_and_reverted() {
    let mut doc = fresh();
    let id = doc.project().annotations[0].id.clone();
    let note = doc.project().annotations[0].note.clone();
    doc.apply(Edit::SetNote {
        annotation: id.clone(),
        note: "x".into(),
    })
    .unwrap();
    assert!(doc.is_dirty());
    doc.undo();
    assert!(!doc.is_dirty(), "undo back to the saved state");
    // The same content reached by another path is the saved content: not dirty.
    doc.apply(Edit::SetNote {
        annotation: id.clone(),
        note: "y".into(),
    })
    .unwrap();
    doc.apply(Edit::Batch {
        label: "put it back",
        edits: vec![Edit::SetNote {
            annotation: id,
            note,
        }],
    })
    .unwrap();
    assert!(!doc.is_dirty());
}

#[test]
fn typing_after_a_save_is_a_new_step() {
    let mut doc = fresh();
    let id = doc.project().annotations[0].id.clone();
    for note in ["c", "ch"] {
        doc.apply(Edit::SetNote {
            annotation: id.clone(),
            note: note.into(),
        })
        .unwrap();
    }
    doc.mark_saved();
    doc.apply(Edit::SetNote {
        annotation: id.clone(),
        note: "che".into(),
    })
    .unwrap();
    doc.undo();
    assert_eq!(
        doc.annotation(&id).unwrap().note,
        "ch",
        "undo goes back to what was saved"
    );
    assert!(!doc.is_dirty());
}

#[test]
fn history_keeps_the_last_steps_only() {
    let mut doc = fresh();
    let id = doc.project().annotations[0].id.clone();
    let entities: Vec<EntityId> = doc
        .project()
        .entities
        .iter()
        .map(|e| e.id.clone())
        .collect();
    let steps = crosscheck::document::UNDO_DEPTH + 20;
    for i in 0..steps {
        let entity = entities[i % entities.len()].clone();
        let edit = if doc.annotation(&id).unwrap().entities.contains(&entity) {
            Edit::UnlinkEntity {
                annotation: id.clone(),
                entity,
            }
        } else {
            Edit::LinkEntity {
                annotation: id.clone(),
                entity,
            }
        };
        doc.apply(edit).unwrap();
    }
    let mut undone = 0;
    while doc.undo().is_some() {
        undone += 1;
    }
    assert_eq!(undone, crosscheck::document::UNDO_DEPTH);
    assert!(
        doc.is_dirty(),
        "the oldest steps are gone, so this is not the saved state"
    );
}

#[test]
fn a_restore_is_one_step_and_undoes_whole() {
    let mut doc = fresh();
    let original = doc.project().clone();
    let mut recovered = original.clone();
    recovered.annotations.truncate(10);
    recovered.name = "recovered".into();
    doc.apply(Edit::RestoreProject {
        project: Box::new(recovered.clone()),
        texts: vec![],
    })
    .unwrap();
    assert_eq!(doc.project(), &recovered);
    let (mut live, mut by_article) = (Derived::default(), Derived::default());
    check_views(&doc, &mut live, &mut by_article);
    assert_eq!(doc.undo(), Some("restore unsaved work"));
    assert_eq!(doc.project(), &original);
    assert!(!doc.is_dirty());
    check_views(&doc, &mut live, &mut by_article);
    doc.redo();
    assert_eq!(doc.project(), &recovered);
    check_views(&doc, &mut live, &mut by_article);
}

#[test]
fn an_annotation_is_found_by_id_wherever_edits_moved_it() {
    let mut doc = fresh();
    let id = doc.project().annotations[3].id.clone();
    let article = doc.annotation(&id).unwrap().article.clone();
    doc.apply(Edit::MoveAnnotation {
        annotation: id.clone(),
        char_start: 0,
        char_end: 4,
    })
    .unwrap();
    let at = doc.annotation_position(&id).unwrap();
    assert_eq!(doc.project().annotations[at].id, id);
    assert_eq!(doc.annotation(&id).unwrap().char_start, 0);
    assert_eq!(doc.annotation(&id).unwrap().article, article);
    doc.undo();
    assert_ne!(doc.annotation(&id).unwrap().char_start, 0);
    assert!(doc.annotation(&AnnotationId::from("none")).is_none());
}

#[test]
fn steps_that_touch_many_highlights_undo_and_redo_whole() {
    // Deleting the entity with the most mentions touches more highlights than one by one
    // would be played; so does a batch of a hundred new highlights.
    let mut doc = fresh();
    let before = doc.project().clone();
    let busiest = before
        .entities
        .iter()
        .max_by_key(|e| before.mention_count(&e.id))
        .unwrap()
        .id
        .clone();
    assert!(before.mention_count(&busiest) > 50);
    doc.apply(Edit::DeleteEntity(busiest)).unwrap();
    let deleted = doc.project().clone();
    let article = before.articles[0].id.clone();
    let edits = (0..100)
        .map(|i| Edit::AddAnnotation {
            id: AnnotationId(format!("batch-{i}")),
            article: article.clone(),
            char_start: i,
            char_end: i + 5,
            entities: vec![],
            claims: vec![],
            created: String::new(),
        })
        .collect();
    doc.apply(Edit::Batch {
        label: "hundred",
        edits,
    })
    .unwrap();
    let batched = doc.project().clone();
    let (mut live, mut by_article) = (Derived::default(), Derived::default());
    for (expect, step) in [
        (&deleted, "undo"),
        (&before, "undo"),
        (&deleted, "redo"),
        (&batched, "redo"),
    ] {
        if step == "undo" {
            doc.undo();
        } else {
            doc.redo();
        }
        assert_eq!(doc.project(), expect, "after {step}");
        for a in &doc.project().annotations {
            assert_eq!(
                doc.annotation(&a.id),
                Some(&**a),
                "the index finds {}",
                a.id
            );
        }
        check_views(&doc, &mut live, &mut by_article);
    }
    assert!(doc.is_dirty());
    doc.undo();
    doc.undo();
    assert!(!doc.is_dirty());
}
