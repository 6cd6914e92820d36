//! Hostile input: each case gives a clear error naming the file and the place, never panics,
//! and leaves every file of the project folder exactly as it was, through the loader and
//! through `crosscheck validate`.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::store;
use crosscheck::text::sha256_hex;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the current-format fixture project.
fn project(dir: &Path) -> PathBuf {
    common::copy_project(Path::new("samples/iran-hack"), dir)
}

/// Every file under `dir` with the hash of its content (folders by name only).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.insert(p.clone(), "folder".to_owned());
                stack.push(p);
            } else {
                let len = fs::metadata(&p).unwrap().len();
                // The 200 MB file is compared by size: reading it is what is refused.
                let hash = if len > 1 << 20 {
                    format!("{len} bytes")
                } else {
                    sha256_hex(&fs::read(&p).unwrap())
                };
                out.insert(p, hash);
            }
        }
    }
    out
}

/// What `crosscheck validate` says: exit code and stderr.
fn validate(path: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("validate")
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Sets up a case, then checks the loader's error and validate's, and that nothing changed.
fn refused(case: &str, setup: impl Fn(&Path) -> PathBuf, expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = setup(dir.path());
    let before = snapshot(dir.path());
    let Err(err) = store::load(&path) else {
        panic!("{case}: opened");
    };
    let err = err.to_string();
    for e in expect {
        assert!(err.contains(e), "{case}: {err:?} lacks {e:?}");
    }
    assert!(
        err.contains(&path.display().to_string()),
        "{case}: names the file: {err}"
    );
    let (code, stderr) = validate(&path);
    assert_eq!(code, Some(2), "{case}: {stderr}");
    assert!(stderr.contains(expect[0]), "{case}: {stderr}");
    assert_eq!(snapshot(dir.path()), before, "{case}: files untouched");
}

/// Sets up a case that opens with problems; each expected text must be in one problem line
/// `file:line: subject: message` (or `file: …` for problems of no line).
fn reported(case: &str, edit: impl Fn(&str) -> String, setup: impl Fn(&Path), expect: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let text = edit(&fs::read_to_string(&path).unwrap());
    fs::write(&path, text).unwrap();
    setup(dir.path());
    let before = snapshot(dir.path());
    let loaded = store::load(&path).unwrap();
    let lines: Vec<String> = loaded.problems.iter().map(|p| p.with_file(&path)).collect();
    let file = path.display().to_string();
    for e in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(&file) && l.contains(e)),
            "{case}: no problem says {e:?}: {lines:#?}"
        );
    }
    let (code, stderr) = validate(&path);
    assert_eq!(code, Some(1), "{case}: {stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{case}: validate lacks {e:?}: {stderr}");
    }
    assert_eq!(snapshot(dir.path()), before, "{case}: files untouched");
}

/// An empty file and a byte that is not UTF-8 are named as such, the byte with its line
/// and column, not as a RON syntax error.
#[test]
fn empty_and_non_utf8_project_files_say_what_and_where() {
    refused(
        "empty file",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::write(&p, "").unwrap();
            p
        },
        &[
            "could not load project: the file is empty",
            "crosscheck.ron",
        ],
    );
    refused(
        "only blank lines",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::write(&p, "\n  \r\n\t\n").unwrap();
            p
        },
        &["could not load project: the file is empty"],
    );
    refused(
        "a Latin-1 byte on line 3",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::write(
                &p,
                b"(\n    format_version: 3,\n    name: \"Caf\xe9\",\n)\n",
            )
            .unwrap();
            p
        },
        &["not UTF-8 text (invalid byte 0xE9 at line 3, column 15 (byte offset 39))"],
    );
}

#[test]
fn unreadable_project_files_are_refused_with_their_position() {
    refused(
        "truncated",
        |d| {
            let p = project(d);
            let t = fs::read_to_string(&p).unwrap();
            fs::write(&p, &t[..t.len() / 3]).unwrap();
            p
        },
        &["could not load project", " at "],
    );
    refused(
        "random bytes",
        |d| {
            let p = d.join("crosscheck.ron");
            let bytes: Vec<u8> = (0..4096u32)
                .map(|i| u8::try_from((i * 7919 + 13) % 251).unwrap())
                .collect();
            fs::write(&p, bytes).unwrap();
            p
        },
        &["could not load project", "not UTF-8"],
    );
    refused(
        "200 MB",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::File::create(&p)
                .unwrap()
                .set_len(200 * 1024 * 1024)
                .unwrap();
            p
        },
        &["could not load project", "209715200 bytes, more than"],
    );
    refused(
        "deep nesting",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::write(
                &p,
                format!("{}{}", "(".repeat(100_000), ")".repeat(100_000)),
            )
            .unwrap();
            p
        },
        &["could not load project", " at 1:"],
    );
    refused(
        "wrong types",
        |d| {
            let p = project(d);
            let t = fs::read_to_string(&p).unwrap();
            // A number where a text is expected.
            fs::write(&p, t.replacen("name: \"", "name: 12, was: \"", 1)).unwrap();
            p
        },
        &["could not load project", " at "],
    );
    refused(
        "just ()",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::write(&p, "()").unwrap();
            p
        },
        &["could not load project", "format_version"],
    );
    refused(
        "a folder",
        |d| {
            let p = d.join("crosscheck.ron");
            fs::create_dir(&p).unwrap();
            p
        },
        &["could not read project", "folder"],
    );
}

#[test]
fn dangling_and_duplicate_ids_are_reported_with_their_lines() {
    reported(
        "dangling entity",
        |t| {
            t.replacen(
                "\"trump-campaign\",\n            ]",
                "\"nobody\",\n            ]",
                1,
            )
        },
        |_| {},
        &["links to entity nobody, which the project does not define"],
    );
    reported(
        "dangling article",
        |t| t.replacen("article: \"000-unn\"", "article: \"999-gone\"", 1),
        |_| {},
        &["belongs to article 999-gone, which the project does not define"],
    );
    reported(
        "dangling claim",
        |t| {
            let at = t.find("claim: \"").unwrap();
            let end = at + t[at + 8..].find('"').unwrap() + 9;
            format!("{}claim: \"no-such-claim\"{}", &t[..at], &t[end..])
        },
        |_| {},
        &["no-such-claim"],
    );
    reported(
        "dangling link end",
        |t| {
            let at = t.find("links: [").unwrap();
            let from = at + t[at..].find("from: \"").unwrap() + 7;
            let end = from + t[from..].find('"').unwrap();
            format!(
                "{}00000000-dead-4000-8000-000000000000{}",
                &t[..from],
                &t[end..]
            )
        },
        |_| {},
        &["00000000-dead-4000-8000-000000000000"],
    );
    reported(
        "duplicate entity",
        |t| {
            let start = t
                .find("        (\n            id: \"trump-campaign\"")
                .unwrap();
            let end = start + t[start..].find("        ),\n").unwrap() + 11;
            let entity = t[start..end].to_owned();
            t.replacen(&entity, &format!("{entity}{entity}"), 1)
        },
        |_| {},
        &["the id trump-campaign is used 2 times"],
    );
}

#[test]
fn bad_spans_and_article_paths_are_reported_and_nothing_is_read_outside() {
    reported(
        "reversed span",
        |t| {
            let at = t.find("char_start: ").unwrap();
            let line_end = at + t[at..].find(',').unwrap();
            let rest = &t[line_end..];
            format!("{}char_start: 999999{rest}", &t[..at])
        },
        |_| {},
        &["is empty or reversed"],
    );
    reported(
        "out of range",
        |t| {
            let at = t.find("char_end: ").unwrap();
            let line_end = at + t[at..].find(',').unwrap();
            format!("{}char_end: 99999999{}", &t[..at], &t[line_end..])
        },
        |_| {},
        &["moved: "],
    );
    reported(
        "../ path",
        |t| t.replacen("articles/000-unn.txt", "../../etc/passwd", 1),
        |_| {},
        &["not read", "leaves the project folder"],
    );
    reported(
        "absolute path",
        |t| t.replacen("articles/000-unn.txt", "/etc/passwd", 1),
        |_| {},
        &["not read", "absolute"],
    );
    reported(
        "Windows absolute path",
        |t| t.replacen("articles/000-unn.txt", "C:\\\\Windows\\\\win.ini", 1),
        |_| {},
        &["not read"],
    );
    reported(
        "not UTF-8",
        ToOwned::to_owned,
        |d| fs::write(d.join("articles/000-unn.txt"), [b'I', b'r', 0xC3, 0x28]).unwrap(),
        &[
            "not UTF-8 text (invalid byte 0xC3 at line 1, column 3 (byte offset 2))",
            "000-unn.txt",
        ],
    );
    reported(
        "a folder",
        ToOwned::to_owned,
        |d| {
            fs::remove_file(d.join("articles/000-unn.txt")).unwrap();
            fs::create_dir(d.join("articles/000-unn.txt")).unwrap();
        },
        &["it is a folder, not a text file", "000-unn.txt"],
    );
    reported(
        "no articles folder",
        ToOwned::to_owned,
        |d| fs::remove_dir_all(d.join("articles")).unwrap(),
        &["article file not found", "articles/000-unn.txt"],
    );
}

/// A hand-edited file may repeat a claim link or a review. Exact repeats go quietly; repeats
/// that disagree are reported with what was dropped, and two reviews of one contradiction
/// keep both notes. A save after that writes one of each, and loads again without a word.
#[test]
fn repeated_stances_and_reviews_are_reported_and_notes_kept() {
    const UNN_HEADLINE: &str = "888b9dbf-4b22-412a-80b5-2dcbb45d4a63";
    const CLAIM: &str = "543983d6-7b45-4438-a0d2-c30eeb6da9f9";
    let second_stance = |t: &str| {
        let at = t.find(&format!("id: {UNN_HEADLINE:?}")).unwrap();
        // After the span's first link (denies), so the file gives denies first.
        let claims = at + t[at..].find("claims: [\n").unwrap();
        let claims = claims + t[claims..].find("                ),\n").unwrap() + 19;
        let link = format!(
            "                (\n                    claim: {CLAIM:?},\n                    stance: Asserts,\n                    speaker: Some(\"iran\"),\n                ),\n"
        );
        format!("{}{link}{link}{}", &t[..claims], &t[claims..])
    };
    let review = |state: &str, note: &str| {
        format!(
            "        (\n            key: Claim(\n                claim: {CLAIM:?},\n                asserting: Some(\"fbi-cisa-odni\"),\n                denying: Some(\"iran\"),\n            ),\n            state: {state},\n            note: {note:?},\n        ),\n"
        )
    };
    let reviews = format!(
        "    reviews: [\n{}{}{}{}    ],\n)",
        review("Confirmed", "Tehran's denial is on the record."),
        review("Confirmed", "Tehran's denial is on the record."),
        review("Explained", "Different campaigns."),
        review("Open", ""),
    );
    let edit = |t: &str| {
        let t = second_stance(t);
        let end = t.trim_end().rfind(')').unwrap();
        format!("{}{reviews}\n", &t[..end])
    };
    reported(
        "repeated stance and reviews",
        edit,
        |_| {},
        &[
            &format!(
                "annotation {UNN_HEADLINE}: links claim {CLAIM} twice with speaker iran, as denies and as asserts; one span gives one stance per speaker, so the first, denies, is kept"
            ),
            &format!(
                "review of the disagreement on claim {CLAIM} (fbi-cisa-odni against iran): is given twice (confirmed and explained); the first, confirmed, is kept, with both notes"
            ),
        ],
    );

    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    fs::write(&path, edit(&fs::read_to_string(&path).unwrap())).unwrap();
    let loaded = store::load(&path).unwrap();
    let project = loaded.document.project();
    let headline = project
        .annotations
        .iter()
        .find(|a| a.id.as_str() == UNN_HEADLINE)
        .unwrap();
    let stances: Vec<_> = headline
        .claims
        .iter()
        .filter(|l| l.claim.as_str() == CLAIM)
        .map(|l| l.stance)
        .collect();
    assert_eq!(stances, [crosscheck::model::Stance::Denies]);
    assert_eq!(project.reviews.len(), 1, "{:#?}", project.reviews);
    assert_eq!(
        project.reviews[0].state,
        crosscheck::model::ReviewState::Confirmed
    );
    assert_eq!(
        project.reviews[0].note,
        "Tehran's denial is on the record.\n\nDifferent campaigns."
    );
    let repeats = |problems: &[crosscheck::validate::Problem]| {
        problems
            .iter()
            .filter(|p| {
                let p = p.to_string();
                p.contains("twice")
            })
            .count()
    };
    assert_eq!(repeats(&loaded.problems), 2, "{:#?}", loaded.problems);

    // What was kept saves as one of each and opens without the two problems.
    store::save(project, &path).unwrap();
    let again = store::load(&path).unwrap();
    assert_eq!(repeats(&again.problems), 0, "{:#?}", again.problems);
    assert_eq!(again.document.project().reviews, project.reviews);
}
