//! Two checkers, one project, real git: each clone annotates through the library's edits and
//! saves, a pull runs `crosscheck merge` as git's merge driver, the merged project keeps
//! everything both made and lists the conflicts provoked, and the Conflicts tab resolves
//! them (kittest) and saves a project without conflicts.

// Tests fail loudly by unwrapping.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::document::{Document, Edit};
use crosscheck::model::{AnnotationId, ClaimLink, Contested, ItemRef, Stance, Verdict};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::BottomTab;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_crosscheck");

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, "git", args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A clone of `origin` with the merge driver set up, as a checker would have it.
fn clone(origin: &Path, to: &Path) -> PathBuf {
    git(
        origin.parent().unwrap(),
        &[
            "clone",
            "-q",
            "-b",
            "main",
            origin.to_str().unwrap(),
            to.to_str().unwrap(),
        ],
    );
    let setup = run(to, BIN, &["git-setup"]);
    assert!(setup.status.success(), "{setup:?}");
    // Idempotent: a second run changes nothing.
    let attributes = std::fs::read_to_string(to.join(".gitattributes")).unwrap();
    let again = run(to, BIN, &["git-setup"]);
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(to.join(".gitattributes")).unwrap(),
        attributes
    );
    to.join("project/crosscheck.ron")
}

/// Opens the project, applies `edits` as `author`, saves; returns the ids it added.
fn annotate(path: &Path, author: &str, edits: impl FnOnce(&Document) -> Vec<Edit>) {
    let mut doc = store::open(path).unwrap().document;
    doc.set_author(Some(author.to_owned()));
    for edit in edits(&doc) {
        let label = edit.label();
        doc.apply(edit).unwrap_or_else(|e| panic!("{label}: {e}"));
    }
    store::save(doc.project(), path).unwrap();
}

/// A new highlight on the `n`-th word of an article.
fn highlight(doc: &Document, article: &str, n: usize, id: &AnnotationId) -> Edit {
    let text = doc.text(&article.into()).unwrap().as_str().to_owned();
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    let w = words[n].clone();
    Edit::AddAnnotation {
        id: id.clone(),
        article: article.into(),
        char_start: w.start,
        char_end: w.end,
        entities: Vec::new(),
        claims: Vec::new(),
        created: "2026-12-06T12:00:00Z".into(),
    }
}

#[test]
#[allow(clippy::too_many_lines)] // one story, told in order
fn two_clones_merge_through_git_and_the_conflicts_tab_resolves_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let origin = root.join("origin.git");
    git(root, &["init", "-q", "--bare", origin.to_str().unwrap()]);
    let first = root.join("first");
    git(root, &["init", "-q", first.to_str().unwrap()]);
    common::copy_project(Path::new("samples/iran-hack"), &first.join("project"));
    git(&first, &["add", "-A"]);
    git(&first, &["commit", "-q", "-m", "sample"]);
    git(
        &first,
        &[
            "push",
            "-q",
            origin.to_str().unwrap(),
            "HEAD:refs/heads/main",
        ],
    );

    let alice = clone(&origin, &root.join("alice"));
    let bob = clone(&origin, &root.join("bob"));
    let base = store::load(&alice).unwrap().document.project().clone();
    let note_target = base.annotations[3].id.clone();
    let claim = base.claims[0].id.clone();
    let entity = base.entities[0].id.clone();
    let (mut alice_new, mut bob_new) = (Vec::new(), Vec::new());
    for i in 0..5 {
        alice_new.push(AnnotationId(format!("alice-{i}")));
        bob_new.push(AnnotationId(format!("bob-{i}")));
    }

    annotate(&alice, "Alice", |doc| {
        let mut edits: Vec<Edit> = alice_new
            .iter()
            .enumerate()
            .map(|(i, id)| highlight(doc, "001-us-officials", 10 + i * 7, id))
            .collect();
        edits.push(Edit::LinkClaim {
            annotation: alice_new[0].clone(),
            link: ClaimLink {
                claim: claim.clone(),
                stance: Stance::Asserts,
                speaker: Some(entity.clone()),
                created_by: None,
            },
            replacing: None,
        });
        edits.push(Edit::SetNote {
            annotation: note_target.clone(),
            note: "Alice checked this against the FBI statement".into(),
        });
        let mut c = doc.project().claim(&claim).unwrap().clone();
        c.verdict = Verdict::False;
        edits.push(Edit::UpdateClaim(c));
        let mut e = doc.project().entity(&entity).unwrap().clone();
        e.name = "Alice's name for it".into();
        edits.push(Edit::UpdateEntity(e));
        edits
    });
    let alice_repo = root.join("alice");
    git(&alice_repo, &["commit", "-qam", "alice"]);
    git(
        &alice_repo,
        &["push", "-q", "origin", "HEAD:refs/heads/main"],
    );

    annotate(&bob, "Bob", |doc| {
        let mut edits: Vec<Edit> = bob_new
            .iter()
            .enumerate()
            .map(|(i, id)| highlight(doc, "002-iran-mission", 5 + i * 9, id))
            .collect();
        edits.push(Edit::SetNote {
            annotation: note_target.clone(),
            note: "Bob: the mission's own words".into(),
        });
        let mut c = doc.project().claim(&claim).unwrap().clone();
        c.verdict = Verdict::True;
        edits.push(Edit::UpdateClaim(c));
        let mut e = doc.project().entity(&entity).unwrap().clone();
        e.name = "Bob's name for it".into();
        edits.push(Edit::UpdateEntity(e));
        edits
    });
    let bob_repo = root.join("bob");
    git(&bob_repo, &["commit", "-qam", "bob"]);
    git(&bob_repo, &["fetch", "-q", "origin", "main"]);
    // The merge runs the driver; it reports the conflicts it recorded, so git stops.
    let merge = run(&bob_repo, "git", &["merge", "--no-edit", "FETCH_HEAD"]);
    assert!(!merge.status.success(), "conflicts stop the merge");
    let merged_text = std::fs::read_to_string(&bob).unwrap();
    assert!(!merged_text.contains("<<<<<<<"), "never git's markers");

    // The merged project validates and holds every highlight both made.
    let loaded = store::load(&bob).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let p = loaded.document.project();
    let ids: BTreeSet<&AnnotationId> = p.annotations.iter().map(|a| &a.id).collect();
    for id in alice_new.iter().chain(&bob_new) {
        assert!(ids.contains(id), "{id} lost");
    }
    assert_eq!(p.annotations.len(), base.annotations.len() + 10);
    let alice_span = p.annotation(&alice_new[0]).unwrap();
    assert_eq!(alice_span.created_by.as_deref(), Some("Alice"));
    assert_eq!(alice_span.claims[0].created_by.as_deref(), Some("Alice"));
    assert_eq!(
        p.annotation(&bob_new[0]).unwrap().created_by.as_deref(),
        Some("Bob")
    );
    // The three provoked conflicts, with both values and the base.
    let contested: BTreeSet<(ItemRef, Contested)> = p
        .conflicts
        .iter()
        .map(|c| (c.item.clone(), c.what.clone()))
        .collect();
    let expected: BTreeSet<(ItemRef, Contested)> = [
        (
            ItemRef::Annotation(note_target.clone()),
            Contested::Field("note".into()),
        ),
        (
            ItemRef::Claim(claim.clone()),
            Contested::Field("verdict".into()),
        ),
        (
            ItemRef::Entity(entity.clone()),
            Contested::Field("name".into()),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(contested, expected);
    let name_conflict = p
        .conflicts
        .iter()
        .find(|c| c.item == ItemRef::Entity(entity.clone()))
        .unwrap();
    assert_eq!(
        name_conflict.ours,
        Some(serde_json::Value::String("Bob's name for it".into()))
    );
    assert_eq!(
        name_conflict.theirs,
        Some(serde_json::Value::String("Alice's name for it".into()))
    );
    assert_eq!(
        name_conflict.base,
        Some(serde_json::Value::String(base.entities[0].name.clone()))
    );

    // The Conflicts tab opens first and resolves each one.
    let mut h = common::harness(CrosscheckApp::new(Some(bob.clone()), None));
    h.run();
    assert_eq!(
        h.state().project().unwrap().view.bottom_tab,
        BottomTab::Conflicts
    );
    // The first listed is the entity's name: Alice's is taken.
    h.get_all_by_label("Take theirs").next().unwrap().click();
    h.run();
    assert_eq!(
        h.state().project().unwrap().doc.project().conflicts.len(),
        2
    );
    // Undo brings it back; redo settles it again.
    h.state_mut().queue(crosscheck::ui::state::Action::Undo);
    h.run();
    assert_eq!(
        h.state().project().unwrap().doc.project().conflicts.len(),
        3
    );
    h.state_mut().queue(crosscheck::ui::state::Action::Redo);
    h.run();
    while !h
        .state()
        .project()
        .unwrap()
        .doc
        .project()
        .conflicts
        .is_empty()
    {
        h.get_all_by_label("Keep ours").next().unwrap().click();
        h.run();
    }
    h.state_mut().queue(crosscheck::ui::state::Action::Save);
    h.run();
    drop(h);
    let saved = store::load(&bob).unwrap();
    let p = saved.document.project();
    assert!(p.conflicts.is_empty());
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    assert_eq!(p.entity(&entity).unwrap().name, "Alice's name for it");
    assert_eq!(
        p.annotation(&note_target).unwrap().note,
        "Bob: the mission's own words"
    );
    assert_eq!(p.claim(&claim).unwrap().verdict, Verdict::True);
    git(&bob_repo, &["add", "project/crosscheck.ron"]);
    git(&bob_repo, &["commit", "-q", "--no-edit"]);
    // `git diff` reads the project through the textconv driver: Alice's highlights arrive.
    let diff = git(
        &bob_repo,
        &["diff", "HEAD^1", "HEAD", "--", "project/crosscheck.ron"],
    );
    assert!(
        diff.lines()
            .any(|l| l.starts_with("+highlight 001-us-officials") && l.contains("(by Alice)")),
        "{diff}"
    );
}

#[test]
fn the_first_edit_asks_for_the_checkers_name_and_signs_with_it() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut app = CrosscheckApp::new(Some(path), None);
    app.ask_for_checker_name();
    let mut h = common::harness(app);
    h.run();
    let target = h.state().project().unwrap().doc.project().annotations[0]
        .id
        .clone();
    let note = |h: &egui_kittest::Harness<'static, CrosscheckApp>| {
        h.state()
            .project()
            .unwrap()
            .doc
            .annotation(&target)
            .unwrap()
            .clone()
    };
    h.state_mut().queue_edit(Edit::SetNote {
        annotation: target.clone(),
        note: "first words".into(),
    });
    h.run();
    assert!(h.state().asks_checker_name(), "asked, never guessed");
    assert_eq!(note(&h).note, "", "the edit waits for the answer");
    h.get_by_role_and_label(Role::TextInput, "Name").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Alice Martin");
    h.run();
    h.get_by_label("Use this name").click();
    h.run();
    h.run();
    assert!(!h.state().asks_checker_name());
    assert_eq!(h.state().checker_name(), Some("Alice Martin"));
    let a = note(&h);
    assert_eq!(a.note, "first words");
    assert_eq!(a.modified_by.as_deref(), Some("Alice Martin"));
    // Kept in the preferences; the next edit does not ask again.
    assert_eq!(
        h.state_mut().prefs().checker.as_deref(),
        Some("Alice Martin")
    );
    h.state_mut().queue_edit(Edit::SetNote {
        annotation: target.clone(),
        note: "second words".into(),
    });
    h.run();
    assert!(!h.state().asks_checker_name());
    assert_eq!(note(&h).note, "second words");
    // The details show who changed it.
    h.state_mut().view_mut().unwrap().selected =
        Some(crosscheck::ui::state::Selected::Annotation(target.clone()));
    h.run();
    assert!(
        h.get_all_by_label_contains("changed by Alice Martin")
            .next()
            .is_some()
    );
    // "Only my highlights" dims everyone else's: none of the sample's are mine.
    h.state_mut().view_mut().unwrap().filter.by = Some(Some("Alice Martin".into()));
    h.run();
    assert!(
        h.get_all_by_label_contains("0 of 299 highlights stand out")
            .next()
            .is_some()
    );
}

#[test]
fn not_now_leaves_edits_unsigned_without_asking_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut app = CrosscheckApp::new(Some(path), None);
    app.ask_for_checker_name();
    let mut h = common::harness(app);
    h.run();
    let target = h.state().project().unwrap().doc.project().annotations[0]
        .id
        .clone();
    for note in ["one", "two"] {
        h.state_mut().queue_edit(Edit::SetNote {
            annotation: target.clone(),
            note: note.into(),
        });
        h.run();
        if h.state().asks_checker_name() {
            h.get_by_label("Not now").click();
            h.run();
            h.run();
        }
    }
    let a = h
        .state()
        .project()
        .unwrap()
        .doc
        .annotation(&target)
        .unwrap()
        .clone();
    assert_eq!(a.note, "two");
    assert_eq!(a.modified_by, None);
    assert_eq!(h.state().checker_name(), None);
}

#[test]
fn compare_with_another_copy_shows_the_figures_and_jumps_to_a_difference() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    // The other copy: one highlight gone, one note differs, one stance flipped.
    let other_dir = dir.path().join("other");
    let other = common::copy_project(Path::new("samples/iran-hack"), &other_dir);
    let mut doc = store::open(&other).unwrap().document;
    let p = doc.project().clone();
    doc.apply(Edit::DeleteAnnotation(p.annotations[0].id.clone()))
        .unwrap();
    let linked = p.annotations.iter().find(|a| !a.claims.is_empty()).unwrap();
    let link = linked.claims[0].clone();
    let flipped = ClaimLink {
        stance: if link.stance == Stance::Denies {
            Stance::Asserts
        } else {
            Stance::Denies
        },
        ..link.clone()
    };
    doc.apply(Edit::LinkClaim {
        annotation: linked.id.clone(),
        link: flipped,
        replacing: Some(link),
    })
    .unwrap();
    store::save(doc.project(), &other).unwrap();

    let mut h = common::harness(CrosscheckApp::new(Some(path), None));
    h.run();
    h.state_mut()
        .queue(crosscheck::ui::state::Action::ComparePath(other.clone()));
    h.run();
    h.run();
    let r = h.state().comparison().unwrap().clone();
    assert_eq!(r.overall.spans_a, p.annotations.len());
    assert_eq!(r.overall.spans_b, p.annotations.len() - 1);
    assert_eq!(r.overall.exact_matches, p.annotations.len() - 1);
    assert!(r.overall.stance.kappa.unwrap() < 1.0);
    assert_eq!(r.differences.len(), 2, "{:?}", r.differences);
    assert!(h.get_all_by_label("All articles").next().is_some());
    // "Show" on the stance difference selects that highlight in its column.
    let stance_row = r
        .differences
        .iter()
        .position(|d| d.kind.label() == "stance differs")
        .unwrap();
    h.get_all_by_label("Show").nth(stance_row).unwrap().click();
    h.run();
    assert_eq!(
        h.state().project().unwrap().view.selected_annotation(),
        Some(&linked.id)
    );
}
