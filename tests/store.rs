//! The project format on disk: round trips, byte-identical re-saves, atomic saves, and every
//! kind of bad input giving a clear error without losing anything.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::document::Edit;
use crosscheck::model::{Annotation, AnnotationId, Article, Entity, EntityKind, Project, Rgb};
use crosscheck::store::{self, LoadError};
use crosscheck::text::sha256_hex;
use std::fs;
use std::path::{Path, PathBuf};

const TEXT: &str = "Tehran denied it. The FBI said Iran’s hackers 👍🏽 targeted the campaign.\n";

/// A small valid project folder; returns the path of its .ron file.
fn make_project(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir.join("articles")).unwrap();
    fs::write(dir.join("articles/a.txt"), TEXT).unwrap();
    let mut p = Project::new("Test");
    p.articles.push(Article {
        author: None,
        id: "a".into(),
        title: "A title".into(),
        outlet: "Outlet".into(),
        url: Some("https://example.org/a".into()),
        published: Some("2024-08-20".into()),
        path: "articles/a.txt".into(),
        sha256: sha256_hex(TEXT.as_bytes()),
    });
    p.entities.push(Entity {
        id: "fbi".into(),
        name: "FBI".into(),
        kind: EntityKind::Agency,
        color: Rgb([1, 2, 3]),
        aliases: vec!["FBI".into()],
        same_as: Vec::new(),
    });
    p.annotations.push(std::sync::Arc::new(Annotation {
        created_by: None,
        modified: None,
        modified_by: None,
        id: AnnotationId("6c1f3d52-0000-4000-8000-000000000001".into()),
        article: "a".into(),
        char_start: 22,
        char_end: 25,
        quote: "FBI".into(),
        prefix: "Tehran denied it. The ".into(),
        suffix: " said Iran’s hackers 👍🏽 targeted ".into(),
        entities: vec!["fbi".into()],
        claims: vec![],
        note: "a \"quoted\" note\nwith a second line".into(),
        created: "2026-11-22T09:00:00Z".into(),
    }));
    let path = dir.join("crosscheck.ron");
    store::save(&p, &path).unwrap();
    path
}

#[test]
fn load_save_round_trip_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let before = fs::read(&path).unwrap();
    let loaded = store::load(&path).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    store::save(loaded.document.project(), &path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), before);
    let text = String::from_utf8(before).unwrap();
    assert!(text.starts_with("(\n    format_version: 7,\n"), "{text}");
    assert!(
        text.contains("url: \"https://example.org/a\""),
        "plain optional strings"
    );
    assert!(text.contains("color: \"#010203\""));
}

#[test]
fn edits_survive_save_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let mut doc = store::load(&path).unwrap().document;
    doc.apply(Edit::AddAnnotation {
        id: AnnotationId("new".into()),
        article: "a".into(),
        char_start: 31,
        char_end: 37,
        entities: vec!["fbi".into()],
        claims: vec![],
        created: "2026-11-22T10:00:00Z".into(),
    })
    .unwrap();
    store::save(doc.project(), &path).unwrap();
    let again = store::load(&path).unwrap();
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!(again.document.project(), doc.project());
    let a = again.document.project().annotation(&"new".into()).unwrap();
    assert_eq!(a.quote, "Iran’s");
}

#[test]
fn save_keeps_previous_file_as_bak_and_leaves_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let first = fs::read(&path).unwrap();
    let mut p = store::load(&path).unwrap().document.project().clone();
    p.name = "Renamed".into();
    store::save(&p, &path).unwrap();
    assert_eq!(fs::read(store::backup_path(&path)).unwrap(), first);
    assert!(fs::read_to_string(&path).unwrap().contains("Renamed"));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_write_that_fails_half_way_leaves_the_old_file_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let before = fs::read(&path).unwrap();
    let err = store::write_atomic_with(&path, true, |f| {
        f.write_all(&before[..before.len() / 2])?;
        Err(std::io::Error::other("no space left on device"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "no space left on device");
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp")),
        "temp file removed: {names:?}"
    );
}

#[cfg(unix)]
#[test]
fn failed_save_leaves_the_old_file_untouched_and_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let before = fs::read(&path).unwrap();
    let mut perms = fs::metadata(dir.path()).unwrap().permissions();
    perms.set_mode(0o555); // no new files in the folder: the temp file cannot be created
    fs::set_permissions(dir.path(), perms.clone()).unwrap();
    let probe = dir.path().join("probe");
    let read_only_applies = fs::write(&probe, "x").is_err(); // root ignores permissions
    let mut p = store::load(&path).unwrap().document.project().clone();
    p.name = "Changed".into();
    let result = store::save(&p, &path);
    perms.set_mode(0o755);
    fs::set_permissions(dir.path(), perms).unwrap();
    if read_only_applies {
        let err = result.unwrap_err().to_string();
        assert!(err.starts_with("could not save project: "), "{err}");
        assert!(err.ends_with(&format!("({})", path.display())), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
    }
    // Whoever runs the test, a save whose target is a folder must fail cleanly too.
    let folder_target = dir.path().join("articles");
    let err = store::save(&p, &folder_target).unwrap_err().to_string();
    assert!(err.contains("folder"), "{err}");
    assert!(folder_target.join("a.txt").exists());
}

#[test]
fn save_as_to_another_folder_copies_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(&dir.path().join("one"));
    let doc = store::load(&path).unwrap().document;
    let target = dir.path().join("two/copy.ron");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    store::save_as(doc.project(), &path, &target).unwrap();
    let copy = store::load(&target).unwrap();
    assert!(copy.problems.is_empty(), "{:?}", copy.problems);
    // A different file already in the way is not overwritten.
    let third = dir.path().join("three/p.ron");
    fs::create_dir_all(dir.path().join("three/articles")).unwrap();
    fs::write(dir.path().join("three/articles/a.txt"), "other text").unwrap();
    let err = store::save_as(doc.project(), &path, &third)
        .unwrap_err()
        .to_string();
    assert!(err.contains("already there"), "{err}");
    assert!(!third.exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("three/articles/a.txt")).unwrap(),
        "other text"
    );
}

fn write_ron(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("crosscheck.ron");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let good = fs::read_to_string(&path).unwrap();
    // Drop the comma after the name: line 3 is `    name: "Test"`.
    let bad = good.replacen("name: \"Test\",", "name: \"Test\"", 1);
    fs::write(&path, &bad).unwrap();
    let err = store::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, LoadError::Syntax { line: 4, .. }), "{msg}");
    assert!(msg.starts_with("could not load project: "), "{msg}");
    assert!(msg.contains(" at 4:"), "{msg}");
    assert!(msg.ends_with(&format!("({})", path.display())), "{msg}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        bad,
        "loading never writes"
    );
}

#[test]
fn truncated_random_and_wrong_typed_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let good = fs::read_to_string(&path).unwrap();
    for cut in [0, 1, 10, good.len() / 2, good.len() - 3] {
        let p = write_ron(dir.path(), &good[..cut]);
        assert!(store::load(&p).is_err(), "truncated at {cut}");
    }
    let p = dir.path().join("random.ron");
    fs::write(&p, [0xff, 0xfe, 0x00, 0x13, 0x80]).unwrap();
    let msg = store::load(&p).unwrap_err().to_string();
    assert!(msg.contains("not UTF-8"), "{msg}");
    let p = write_ron(
        dir.path(),
        &good.replace("char_start: 22", "char_start: \"22\""),
    );
    let msg = store::load(&p).unwrap_err().to_string();
    assert!(msg.contains("could not load project"), "{msg}");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let p = write_ron(dir.path(), &deep);
    assert!(store::load(&p).is_err());
    let p = write_ron(
        dir.path(),
        &good.replace("format_version: 7", "format_version: 99"),
    );
    let msg = store::load(&p).unwrap_err().to_string();
    assert!(msg.contains("format_version 99"), "{msg}");
    let p = write_ron(
        dir.path(),
        &good.replace("    name: \"Test\",", "    name: \"Test\",\n    nmae: 1,"),
    );
    let msg = store::load(&p).unwrap_err().to_string();
    assert!(msg.contains("nmae"), "unknown field named: {msg}");
}

#[test]
fn missing_project_file_and_folder_path_are_clear() {
    let dir = tempfile::tempdir().unwrap();
    let msg = store::load(&dir.path().join("nope.ron"))
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("could not read project: "), "{msg}");
    assert!(msg.contains("nope.ron"), "{msg}");
    let msg = store::load(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("folder"), "{msg}");
}

/// Problems that leave the project usable: each is reported with its subject and line.
fn problems_after(edit: impl Fn(&str) -> String, setup: impl Fn(&Path)) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let text = edit(&fs::read_to_string(&path).unwrap());
    fs::write(&path, &text).unwrap();
    setup(dir.path());
    let loaded = store::load(&path).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "loading never writes"
    );
    loaded
        .problems
        .iter()
        .map(|p| p.with_file(Path::new("p.ron")))
        .collect()
}

#[test]
fn unknown_entity_id_is_reported_with_its_line() {
    let ps = problems_after(
        |s| {
            s.replace(
                "entities: [\n                \"fbi\"",
                "entities: [\n                \"cia\"",
            )
        },
        |_| {},
    );
    assert_eq!(ps.len(), 1, "{ps:?}");
    assert!(ps[0].starts_with("p.ron:"), "{}", ps[0]);
    assert!(ps[0].contains("links to entity cia"), "{}", ps[0]);
}

#[test]
fn spans_that_no_longer_give_their_quote_are_classified_for_re_anchoring() {
    // The quote "FBI" sits at 22..25: offsets beyond the text or off by one are "moved".
    let ps = problems_after(|s| s.replace("char_end: 25", "char_end: 9999"), |_| {});
    assert!(
        ps.iter().any(|p| p.contains(
            "moved: \"FBI\" at 22..9999 of article a is now at 22..25; opening the project in Crosscheck moves it"
        )),
        "{ps:?}"
    );
    let ps = problems_after(|s| s.replace("char_start: 22", "char_start: 21"), |_| {});
    assert!(
        ps.iter()
            .any(|p| p.contains("moved: \"FBI\" at 21..25 of article a is now at 22..25")),
        "{ps:?}"
    );
    // A quote no longer anywhere in the text (too short for an approximate match).
    let ps = problems_after(|s| s.replace("quote: \"FBI\"", "quote: \"CIA\""), |_| {});
    assert!(
        ps.iter()
            .any(|p| p.contains("orphan: \"CIA\" at 22..25 of article a is no longer in the text")),
        "{ps:?}"
    );
}

#[test]
fn duplicate_ids_are_reported() {
    let ps = problems_after(
        |s| {
            let start = s.find("        (\n            id: \"fbi\"").unwrap();
            let end = start + s[start..].find("        ),\n").unwrap() + "        ),\n".len();
            let entity = &s[start..end];
            s.replacen(entity, &format!("{entity}{entity}"), 1)
        },
        |_| {},
    );
    assert!(
        ps.iter()
            .any(|p| p.contains("entity fbi: the id fbi is used 2 times")),
        "{ps:?}"
    );
}

#[test]
fn missing_changed_and_unsafe_article_files_are_reported_with_paths() {
    let ps = problems_after(ToOwned::to_owned, |d| {
        fs::remove_file(d.join("articles/a.txt")).unwrap();
    });
    assert!(
        ps.iter()
            .any(|p| p.contains("article file not found") && p.contains("articles/a.txt")),
        "{ps:?}"
    );
    let ps = problems_after(ToOwned::to_owned, |d| {
        fs::remove_dir_all(d.join("articles")).unwrap();
    });
    assert!(ps.iter().any(|p| p.contains("not found")), "{ps:?}");
    let ps = problems_after(ToOwned::to_owned, |d| {
        fs::write(d.join("articles/a.txt"), "Edited text").unwrap();
    });
    assert!(
        ps.iter()
            .any(|p| p.contains("changed since the project was saved")),
        "{ps:?}"
    );
    let ps = problems_after(ToOwned::to_owned, |d| {
        fs::write(d.join("articles/a.txt"), [b'a', 0xff, b'b']).unwrap();
    });
    assert!(ps.iter().any(|p| p.contains("not UTF-8")), "{ps:?}");
    let ps = problems_after(ToOwned::to_owned, |d| {
        fs::remove_file(d.join("articles/a.txt")).unwrap();
        fs::create_dir(d.join("articles/a.txt")).unwrap();
    });
    assert!(ps.iter().any(|p| p.contains("is a folder")), "{ps:?}");
    let ps = problems_after(|s| s.replace("articles/a.txt", "../a.txt"), |_| {});
    assert!(
        ps.iter().any(|p| p.contains("leaves the project folder")),
        "{ps:?}"
    );
    let ps = problems_after(|s| s.replace("articles/a.txt", "/etc/hostname"), |_| {});
    assert!(ps.iter().any(|p| p.contains("absolute")), "{ps:?}");
}

#[test]
fn a_version_1_file_opens_and_is_saved_as_the_current_version_with_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let v1 = fs::read_to_string(&path)
        .unwrap()
        .replace("format_version: 7,", "format_version: 1,");
    fs::write(&path, &v1).unwrap();
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded.migrated_from, Some(1));
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        v1,
        "loading never writes"
    );
    store::save(loaded.document.project(), &path).unwrap();
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("format_version: 7,")
    );
    assert_eq!(fs::read_to_string(store::backup_path(&path)).unwrap(), v1);
}

/// The project's own checks run while the article files are read on another thread; what
/// both find comes back once each, in one sorted list.
#[test]
fn structure_and_file_problems_come_back_once_each_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = make_project(dir.path());
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("        (\n            id: \"6c1f3d52").unwrap();
    let end = start + text[start..].find("        ),\n").unwrap() + "        ),\n".len();
    let span = &text[start..end];
    let text = text.replacen(span, &format!("{span}{span}{span}"), 1);
    let text = text.replace("published: \"2024-08-20\"", "published: \"20 Aug\"");
    fs::write(&path, &text).unwrap();
    fs::remove_file(dir.path().join("articles/a.txt")).unwrap();
    let loaded = store::load(&path).unwrap();
    let ps: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    let once = |needle: &str| {
        let n = ps.iter().filter(|p| p.contains(needle)).count();
        assert_eq!(n, 1, "{needle:?} in {ps:?}");
    };
    once("is used 3 times; ids must be unique");
    once("published date \"20 Aug\" is not YYYY-MM-DD");
    once("article file not found");
    assert_eq!(ps.len(), 3, "{ps:?}");
    assert!(loaded.problems.windows(2).all(|w| w[0] <= w[1]), "{ps:?}");
}
