//! Work between saves: autosave's recovery file, the restore offer when a project opens, and
//! the question before Save overwrites a project file someone else changed. Pure functions
//! first, then the same flows in the window (`egui_kittest`, no display).

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{harness, sample_copy};
use crosscheck::document::Edit;
use crosscheck::model::{Entity, EntityId, EntityKind, Project, Rgb};
use crosscheck::recovery::{self, DiskChange, DiskState};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::Action;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

fn entity(id: &str, name: &str) -> Entity {
    Entity {
        id: EntityId(id.into()),
        name: name.into(),
        kind: EntityKind::Person,
        color: Rgb([10, 20, 30]),
        aliases: vec![],
        same_as: Vec::new(),
    }
}

fn loaded(path: &Path) -> Project {
    store::load(path).unwrap().document.project().clone()
}

/// Sets a file's modification time, to make "newer" and "older" certain.
fn set_mtime(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(time)
        .unwrap();
}

/// The saved sample with one entity added, one annotation removed and one claim changed.
fn edited(saved: &Project) -> Project {
    let mut p = saved.clone();
    p.entities.push(entity("reporter", "A reporter"));
    let gone = p.annotations.remove(3).id.clone();
    p.links.retain(|l| l.from != gone && l.to != gone);
    p.reviews.retain(|r| match &r.key {
        crosscheck::model::DisagreementKey::Linked { a, b } => *a != gone && *b != gone,
        crosscheck::model::DisagreementKey::Claim { .. } => true,
    });
    p.claims[0].statement.push_str(" (edited)");
    p.name.push_str(" (edited)");
    p
}

#[test]
fn recovery_file_sits_beside_the_project() {
    assert_eq!(
        recovery::recovery_path(Path::new("/x/y/crosscheck.ron")),
        PathBuf::from("/x/y/crosscheck.ron.recovery")
    );
}

/// An autosave killed mid-write leaves a temp file; the next autosave removes it once it is
/// a minute old (a younger one may belong to a write under way), and nothing else.
#[test]
fn autosave_clears_its_own_stale_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let temp = |hex: char| {
        dir.path().join(format!(
            ".crosscheck.ron.recovery.{}.tmp",
            hex.to_string().repeat(32)
        ))
    };
    let (stale, fresh, other) = (temp('a'), temp('b'), dir.path().join("notes.tmp"));
    for f in [&stale, &fresh, &other] {
        fs::write(f, "partial").unwrap();
    }
    let hour_ago = SystemTime::now() - Duration::from_hours(1);
    set_mtime(&stale, hour_ago);
    set_mtime(&other, hour_ago);
    recovery::write_recovery(&loaded(&path), &path).unwrap();
    assert!(!stale.exists(), "a stale autosave temp is removed");
    assert!(fresh.exists(), "a young one may be a write under way");
    assert!(other.exists(), "files that are not ours are left alone");
}

#[test]
fn a_newer_recovery_file_is_found_and_says_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let saved = loaded(&path);
    let written = recovery::write_recovery(&edited(&saved), &path).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_mins(1));

    let found = recovery::find_recovery(&path, &saved).unwrap().unwrap();
    assert_eq!(found.path, written);
    let d = &found.difference;
    assert_eq!(
        (d.entities.saved, d.entities.recovered, d.entities.added),
        (31, 32, 1)
    );
    assert_eq!((d.annotations.removed, d.annotations.added), (1, 0));
    assert_eq!(
        d.annotations.recovered,
        d.annotations.saved - 1,
        "counts before and after"
    );
    assert_eq!(
        (d.claims.changed, d.claims.added, d.claims.removed),
        (1, 0, 0)
    );
    let lines = d.lines().join("\n");
    assert!(
        lines.contains("Entities: 32 (saved: 31; 1 added)"),
        "{lines}"
    );
    assert!(
        lines.contains("Claims: 10 (saved: 10; 1 changed)"),
        "{lines}"
    );
    assert!(
        lines.contains("Annotations: 298 (saved: 299; 1 removed)"),
        "{lines}"
    );
    assert!(written.exists(), "finding it does not remove it");
}

#[test]
fn identical_recovery_files_are_removed_older_ones_set_aside_unreadable_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let saved = loaded(&path);

    // Older than the project file, and different: not offered over the newer file, but set
    // aside, never deleted.
    let written = recovery::write_recovery(&edited(&saved), &path).unwrap();
    set_mtime(&written, SystemTime::now() - Duration::from_mins(1));
    let e = recovery::find_recovery(&path, &saved).unwrap_err();
    assert!(
        e.contains("older than the project file; it is kept as"),
        "{e}"
    );
    assert!(!written.exists());
    let aside = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("crosscheck.ron.recovery-")
        })
        .count();
    assert_eq!(aside, 1);

    // Newer, but holds the project as saved.
    recovery::write_recovery(&saved, &path).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_mins(1));
    assert!(recovery::find_recovery(&path, &saved).unwrap().is_none());
    assert!(!written.exists());

    // Broken: reported with its path and kept for the user to look at.
    fs::write(&written, "(format_version: 2, name: \"half").unwrap();
    let e = recovery::find_recovery(&path, &saved).unwrap_err();
    assert!(e.contains("could not read it"), "{e}");
    assert!(e.contains("crosscheck.ron.recovery"), "{e}");
    assert!(written.exists());
}

#[test]
fn set_aside_moves_the_recovery_file_out_of_autosaves_way() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let saved = loaded(&path);
    let written = recovery::write_recovery(&edited(&saved), &path).unwrap();
    let kept = recovery::set_aside(&written).unwrap();
    assert!(!written.exists());
    // A second one in the same second does not replace the first.
    let again = recovery::write_recovery(&saved, &path).unwrap();
    let kept_again = recovery::set_aside(&again).unwrap();
    assert_ne!(kept, kept_again);
    assert!(kept.exists() && kept_again.exists());
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("crosscheck.ron.recovery-")
    );
    assert_eq!(
        store::load(&kept)
            .unwrap()
            .document
            .project()
            .entities
            .len(),
        32
    );
}

#[test]
fn disk_state_tells_a_touch_from_a_change_and_a_removal() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut disk = DiskState::read(&path).unwrap();
    assert_eq!(disk.check(&path), DiskChange::Unchanged);

    set_mtime(&path, SystemTime::now() + Duration::from_secs(5));
    assert_eq!(disk.check(&path), DiskChange::Unchanged, "only touched");

    let mut text = fs::read_to_string(&path).unwrap();
    text = text.replacen("Iran", "Irán", 1);
    fs::write(&path, &text).unwrap();
    assert_eq!(disk.check(&path), DiskChange::Changed);

    fs::remove_file(&path).unwrap();
    assert_eq!(disk.check(&path), DiskChange::Missing);
}

// ---- In the window ----

fn entity_count(h: &Harness<'static, CrosscheckApp>) -> usize {
    h.state().project().unwrap().doc.project().entities.len()
}

#[test]
fn autosave_writes_the_recovery_file_and_save_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let recovery_file = recovery::recovery_path(&path);
    let before = fs::read(&path).unwrap();
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.state_mut().set_autosave_every(0.5);
    h.state_mut()
        .queue_edit(Edit::AddEntity(entity("reporter", "A reporter")));
    h.run();
    assert!(h.state().title().contains("unsaved"));

    // Not before the interval...
    h.run_steps(10);
    h.state_mut().wait_for_autosave();
    assert!(!recovery_file.exists(), "written too early");
    // ...but once it has passed, without any input.
    h.run_steps(30);
    h.state_mut().wait_for_autosave();
    assert!(
        recovery_file.exists(),
        "no recovery file after the interval"
    );
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "autosave never touches the project"
    );
    assert_eq!(loaded(&recovery_file).entities.len(), 32);

    h.state_mut().queue(Action::Save);
    h.run();
    assert!(
        !recovery_file.exists(),
        "a save makes the recovery file unneeded"
    );
    assert_eq!(loaded(&path).entities.len(), 32);

    // Nothing unsaved: nothing more is written.
    h.run_steps(60);
    h.state_mut().wait_for_autosave();
    assert!(!recovery_file.exists());
}

#[test]
fn opening_offers_newer_unsaved_work_and_restores_it_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let saved = loaded(&path);
    recovery::write_recovery(&edited(&saved), &path).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_mins(1));

    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    assert!(h.state().offers_recovery());
    h.get_by_label_contains("Restore unsaved work in");
    h.get_by_label_contains("Entities: 32 (saved: 31; 1 added)");
    h.get_by_label_contains("Annotations: 298 (saved: 299; 1 removed)");
    h.get_by_label("Restore").click();
    h.run();
    assert!(!h.state().offers_recovery());
    assert_eq!(entity_count(&h), 32);
    assert!(
        h.state().title().contains("unsaved"),
        "restored, not yet saved"
    );

    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(entity_count(&h), 31, "undo goes back to the saved project");
    h.state_mut().queue(Action::Redo);
    h.state_mut().queue(Action::Save);
    h.run();
    assert_eq!(loaded(&path).entities.len(), 32);
    assert!(!recovery::recovery_path(&path).exists());
}

#[test]
fn discarding_unsaved_work_removes_it_and_not_now_keeps_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let saved = loaded(&path);
    let recovery_file = recovery::write_recovery(&edited(&saved), &path).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_mins(1));

    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.get_by_label("Not now").click();
    h.run();
    assert_eq!(entity_count(&h), 31);
    assert!(!recovery_file.exists(), "set aside, out of autosave's way");
    let aside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("crosscheck.ron.recovery-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let status = h.state().status_text().unwrap().to_owned();
    assert!(status.contains(&aside[0]), "{status}");

    recovery::write_recovery(&edited(&saved), &path).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_mins(1));
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery_file.exists());
    assert_eq!(entity_count(&h), 31);
    assert!(!h.state().title().contains("unsaved"));
}

#[test]
fn save_asks_before_overwriting_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.state_mut()
        .queue_edit(Edit::AddEntity(entity("reporter", "A reporter")));
    h.run();

    // Someone else renames the project (a git pull, another window).
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replacen("name: \"", "name: \"Theirs: ", 1);
    fs::write(&path, &theirs).unwrap();

    h.state_mut().queue(Action::Save);
    h.run();
    h.get_by_label("“crosscheck.ron” changed on disk");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert!(h.state().title().contains("unsaved"));

    // Asked again on the next save; this time overwrite.
    h.state_mut().queue(Action::Save);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    let ours = loaded(&path);
    assert_eq!(ours.entities.len(), 32);
    assert!(!ours.name.starts_with("Theirs"));
    assert!(!h.state().title().contains("unsaved"));

    // After our own save, saving again does not ask.
    h.state_mut()
        .queue_edit(Edit::AddEntity(entity("editor", "An editor")));
    h.state_mut().queue(Action::Save);
    h.run();
    assert!(
        h.query_by_label("“crosscheck.ron” changed on disk")
            .is_none()
    );
    assert_eq!(loaded(&path).entities.len(), 33);
}

#[test]
fn a_change_on_disk_shows_a_bar_and_reload_takes_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replacen("name: \"", "name: \"Theirs: ", 1);
    fs::write(&path, &theirs).unwrap();
    // The file is checked every two seconds of frame time.
    h.run_steps(150);
    h.get_by_label_contains("changed on disk.");
    h.get_by_label("Reload").click();
    h.run();
    assert!(
        h.state()
            .project()
            .unwrap()
            .doc
            .project()
            .name
            .starts_with("Theirs")
    );
    assert!(h.query_by_label_contains("changed on disk").is_none());
}

#[test]
fn reload_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.state_mut()
        .queue_edit(Edit::AddEntity(entity("reporter", "A reporter")));
    h.run();
    let theirs = fs::read_to_string(&path)
        .unwrap()
        .replacen("name: \"", "name: \"Theirs: ", 1);
    fs::write(&path, &theirs).unwrap();
    h.run_steps(150);
    h.get_by_label("Reload").click();
    h.run();
    // The bar's Reload would drop the new entity: the question comes first.
    h.get_by_label("Reload (drop my changes)").click();
    h.run();
    assert_eq!(entity_count(&h), 31);
    assert!(!h.state().title().contains("unsaved"));
}
