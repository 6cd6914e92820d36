//! Every released format version keeps opening, and a migrated file is kept before the first
//! save overwrites it (see `tests/fixtures/README.md`).

// Tests fail loudly by unwrapping, and copy their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::document::Edit;
use crosscheck::model::{Entity, EntityKind, FORMAT_VERSION, Rgb};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::Action;
use std::fs;
use std::path::{Path, PathBuf};

/// A private copy of a fixture folder.
fn copy_fixture(version: u32, to: &Path) -> PathBuf {
    common::copy_project(&Path::new("tests/fixtures").join(format!("v{version}")), to)
}

#[test]
fn every_released_version_opens_without_problems() {
    for version in 1..=FORMAT_VERSION {
        let path = Path::new("tests/fixtures")
            .join(format!("v{version}"))
            .join("crosscheck.ron");
        let source = fs::read_to_string(&path).unwrap();
        assert!(source.contains(&format!("format_version: {version},")));
        let loaded = store::load(&path).unwrap();
        assert!(
            loaded.problems.is_empty(),
            "v{version}: {:?}",
            loaded.problems
        );
        let p = loaded.document.project();
        assert_eq!(p.format_version, FORMAT_VERSION);
        assert_eq!(
            loaded.migrated_from,
            (version < FORMAT_VERSION).then_some(version)
        );
        // Nothing of the old file is dropped on the way in.
        assert_eq!(p.articles.len(), 5, "v{version}");
        assert_eq!(
            p.annotations.len(),
            source.matches("char_start:").count(),
            "v{version}"
        );
        assert_eq!(
            p.entities.len(),
            source.matches("color:").count(),
            "v{version}"
        );
    }
}

#[test]
fn the_current_version_round_trips_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(FORMAT_VERSION, dir.path());
    let before = fs::read(&path).unwrap();
    let loaded = store::load(&path).unwrap();
    store::save(loaded.document.project(), &path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_migrated_file_is_kept_before_the_first_save_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(1, dir.path());
    let v1 = fs::read(&path).unwrap();
    let loaded = store::load(&path).unwrap();
    let backup = store::backup_before_migration(&path, 1).unwrap();
    assert_eq!(backup, dir.path().join("crosscheck.ron.v1.bak"));
    store::save(loaded.document.project(), &path).unwrap();
    let v2 = fs::read(&path).unwrap();
    assert!(String::from_utf8_lossy(&v2).contains(&format!("format_version: {FORMAT_VERSION},")));
    // A second save rolls `.bak` over, but the v1 copy stays.
    store::backup_before_migration(&path, 1).unwrap();
    store::save(loaded.document.project(), &path).unwrap();
    assert_eq!(fs::read(&backup).unwrap(), v1);
    assert_eq!(fs::read(store::backup_path(&path)).unwrap(), v2);
    // And the saved file opens as the current version with the same content.
    let again = store::load(&path).unwrap();
    assert_eq!(again.migrated_from, None);
    assert_eq!(again.document.project(), loaded.document.project());
}

#[test]
fn saving_a_migrated_project_in_the_window_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(1, dir.path());
    let v1 = fs::read(&path).unwrap();
    let mut h = common::harness(CrosscheckApp::new(Some(path.clone()), None));
    assert!(
        h.state()
            .status_text()
            .unwrap()
            .contains("keeping the old file as .v1.bak")
    );
    h.state_mut().queue_edit(Edit::AddEntity(Entity {
        id: "reporter".into(),
        name: "A reporter".into(),
        kind: EntityKind::Person,
        color: Rgb([1, 2, 3]),
        aliases: vec![],
        same_as: Vec::new(),
    }));
    h.state_mut().queue(Action::Save);
    h.run();
    assert_eq!(
        fs::read(dir.path().join("crosscheck.ron.v1.bak")).unwrap(),
        v1
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains(&format!("format_version: {FORMAT_VERSION},"))
    );
}

/// Format 2 reviewed quote pairs; format 3 reviews disagreements. Every pair review of the v2
/// fixture (thirteen, one disagreement's pairs reviewed differently) lands on the disagreement
/// that holds its pair, with its state and note; nothing is dropped; the v2 file is kept.
#[test]
fn version_2_pair_reviews_are_carried_into_their_disagreements() {
    use crosscheck::analysis;
    use crosscheck::migrate::{PairReview, disagreement_of};
    use crosscheck::model::ReviewState;

    #[derive(serde::Deserialize)]
    struct Old {
        reviews: Vec<PairReview>,
    }
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(2, dir.path());
    let v2 = fs::read(&path).unwrap();
    let old: Old = ron::from_str(std::str::from_utf8(&v2).unwrap()).unwrap();
    assert_eq!(old.reviews.len(), 13);

    let opened = store::open(&path).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.migrated_from, Some(2));
    let p = opened.document.project();
    let found = analysis::disagreements(p);
    let mut groups: std::collections::BTreeMap<_, Vec<&PairReview>> =
        std::collections::BTreeMap::new();
    for r in &old.reviews {
        let key = disagreement_of(p, &r.key);
        // The pair is evidence of exactly the disagreement its review went to.
        let holding: Vec<_> = found
            .iter()
            .filter(|d| d.pairs.iter().any(|c| c.key == r.key))
            .collect();
        assert_eq!(holding.len(), 1, "{:?}", r.key);
        assert_eq!(holding[0].key, key);
        groups.entry(key).or_default().push(r);
    }
    assert_eq!(p.reviews.len(), groups.len());
    let mut mixed = 0;
    for (key, pairs) in &groups {
        let review = p.review(key).expect("carried");
        let least = pairs
            .iter()
            .map(|r| r.state)
            .min_by_key(|s| s.settledness());
        assert_eq!(Some(review.state), least, "{key:?}");
        assert_eq!(analysis::review_state(p, key), review.state);
        for r in pairs {
            assert!(
                review.note.contains(r.note.trim()),
                "{key:?}: {}",
                review.note
            );
        }
        if pairs.iter().any(|r| r.state != pairs[0].state) {
            mixed += 1;
            for r in pairs {
                assert!(review.note.contains(&format!("- {}: ", r.state.label())));
            }
        }
    }
    assert!(
        mixed >= 1,
        "the fixture has a disagreement reviewed two ways"
    );
    assert!(p.reviews.iter().any(|r| r.state != ReviewState::Open));

    // Saving keeps the v2 file as `.v2.bak` and writes format 3, which opens unchanged.
    let backup = store::backup_before_migration(&path, 2).unwrap();
    store::save(p, &path).unwrap();
    assert_eq!(fs::read(&backup).unwrap(), v2);
    let again = store::load(&path).unwrap();
    assert_eq!(again.migrated_from, None);
    assert_eq!(again.document.project().reviews, p.reviews);
}
