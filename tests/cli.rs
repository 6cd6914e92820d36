//! `crosscheck validate` through the real binary: summary and exit 0, or every problem with
//! `file:line` and exit 1, or the load error and exit 2; it never writes.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use std::fs;
use std::process::Command;

fn crosscheck() -> Command {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
}

#[test]
fn validate_sample_prints_summary() {
    let out = crosscheck()
        .args(["validate", "samples/iran-hack/crosscheck.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    // Notes on what the ClaimReview export lacks come first; the summary is the last line.
    let line = stdout.trim().lines().last().unwrap();
    assert!(line.starts_with("5 articles, "), "{line}");
    assert!(line.ends_with(" annotations"), "{line}");
}

#[test]
fn validate_reports_every_problem_with_location_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = "samples/iran-hack";
    fs::create_dir_all(dir.path().join("articles")).unwrap();
    for e in fs::read_dir(format!("{src}/articles")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.path().join("articles").join(e.file_name())).unwrap();
    }
    let ron = fs::read_to_string(format!("{src}/crosscheck.ron")).unwrap();
    // One dangling entity link and one missing article file.
    let broken = ron.replacen(
        "\"trump-campaign\",\n            ],\n            note",
        "\"no-such-entity\",\n            ],\n            note",
        1,
    );
    assert_ne!(broken, ron);
    let path = dir.path().join("crosscheck.ron");
    fs::write(&path, &broken).unwrap();
    fs::remove_file(dir.path().join("articles/004-lib.txt")).unwrap();
    let listing = |d: &std::path::Path| {
        let mut v: Vec<_> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = listing(dir.path());

    let out = crosscheck().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let file = path.display().to_string();
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("{file}:"))
                && l.contains("links to entity no-such-entity")),
        "{stderr}"
    );
    assert!(
        stderr.lines().any(|l| l.contains("article 004-lib")
            && l.contains("article file not found")
            && l.contains("004-lib.txt")),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("2 problems"), "{stderr}");
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
    assert_eq!(listing(dir.path()), before, "validate created no file");
}

#[test]
fn validate_syntax_error_exits_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    fs::write(
        &path,
        "(\n    format_version: 1,\n    name: \"x\"\n    articles: [],\n)",
    )
    .unwrap();
    let out = crosscheck().arg("validate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(" at 4:"), "{stderr}");
    assert!(stderr.contains("bad.ron"), "{stderr}");
}

#[test]
fn contradictions_lists_the_sample_disagreements_as_text_and_json() {
    let out = crosscheck()
        .args(["contradictions", "samples/iran-hack/crosscheck.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Claim: Iran was behind the hacking of the Trump campaign"),
        "{text}"
    );
    assert!(
        text.contains("against: Iran UN mission denies — "),
        "{text}"
    );
    assert!(text.contains("self-contradiction: "), "{text}");
    let summary = text.trim_end().lines().last().unwrap();
    assert!(
        summary.ends_with(" contradicting quote pairs") && summary.contains(" disagreements ("),
        "{summary}"
    );

    let out = crosscheck()
        .args([
            "contradictions",
            "--json",
            "samples/iran-hack/crosscheck.ron",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["format"], "crosscheck-contradictions/2");
    let disagreements = json["disagreements"].as_array().unwrap();
    assert!(!disagreements.is_empty() && disagreements.len() <= 60);
    for d in disagreements {
        assert!(d["kind"].as_str().is_some(), "{d}");
        assert_eq!(d["review"], "open", "{d}");
        let sides = d["sides"].as_array().unwrap();
        assert_eq!(sides.len(), 2);
        for (side, role) in sides.iter().zip(["for", "against"]) {
            assert_eq!(side["side"], role, "{d}");
            assert!(side["speaker"].as_str().is_some(), "{d}");
            let quotes = side["quotes"].as_array().unwrap();
            assert!(!quotes.is_empty(), "{d}");
            for q in quotes {
                assert!(q["quote"].as_str().is_some_and(|q| !q.is_empty()), "{d}");
                assert!(q["char_start"].as_u64().is_some(), "{d}");
            }
        }
    }
    // The pairs stay as the evidence; each names the one disagreement it belongs to, and the
    // counts agree.
    let list = json["contradictions"].as_array().unwrap();
    assert!(!list.is_empty());
    let mut per = vec![0_u64; disagreements.len()];
    for c in list {
        per[usize::try_from(c["disagreement"].as_u64().unwrap()).unwrap()] += 1;
        for side in ["a", "b"] {
            let s = &c[side];
            assert!(s["quote"].as_str().is_some_and(|q| !q.is_empty()), "{c}");
            assert!(s["article_id"].as_str().is_some(), "{c}");
            assert!(s["char_start"].as_u64().is_some(), "{c}");
        }
    }
    for (d, n) in disagreements.iter().zip(per) {
        assert_eq!(d["pairs"].as_u64().unwrap(), n, "{d}");
    }
}

#[test]
fn contradictions_of_an_unreadable_project_exit_2() {
    let out = crosscheck()
        .args(["contradictions", "no/such/project.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("could not read project"), "{stderr}");
    assert!(stderr.contains("no/such/project.ron"), "{stderr}");
}

#[test]
fn export_writes_every_format_headless_and_the_same_bytes_twice() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json", "w3c", "brat", "claimreview", "html", "md"] {
        let mut outputs = Vec::new();
        for run in 0..2 {
            let target = dir.path().join(format!("{format}-{run}"));
            let out = crosscheck()
                .args([
                    "export",
                    "samples/iran-hack/crosscheck.ron",
                    "--format",
                    format,
                    "-o",
                ])
                .arg(&target)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{format}: {out:?}");
            let listed = String::from_utf8(out.stdout).unwrap();
            assert!(listed.contains(&target.display().to_string()), "{listed}");
            outputs.push(target);
        }
        if format == "brat" {
            for name in ["000-unn.ann", "000-unn.txt", "annotation.conf"] {
                assert_eq!(
                    fs::read(outputs[0].join(name)).unwrap(),
                    fs::read(outputs[1].join(name)).unwrap()
                );
            }
        } else {
            assert_eq!(
                fs::read(&outputs[0]).unwrap(),
                fs::read(&outputs[1]).unwrap(),
                "{format}"
            );
        }
    }
}

#[test]
fn import_reports_skipped_files_by_name_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    fs::create_dir(&src).unwrap();
    fs::write(src.join("good.txt"), "A title\nSome text.").unwrap();
    fs::write(src.join("bad.txt"), [0xffu8, 0x00]).unwrap();
    let project = dir.path().join("out/crosscheck.ron");
    let out = crosscheck()
        .arg("import")
        .arg(&src)
        .arg("-o")
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("skipped: not UTF-8 text") && stderr.contains("bad.txt"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("1 articles imported into"), "{stdout}");
    let out = crosscheck().arg("validate").arg(&project).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_pipe_closed_early_ends_the_command_quietly() {
    use std::io::Read;
    for args in [
        &[
            "contradictions",
            "--json",
            "samples/iran-hack/crosscheck.ron",
        ][..],
        &["contradictions", "samples/iran-hack/crosscheck.ron"][..],
        &["suggest", "--json", "samples/iran-hack/crosscheck.ron"][..],
    ] {
        let mut child = crosscheck()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, as `head -c 1` would, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 1];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn validate_notes_what_the_claimreview_export_lacks() {
    let out = crosscheck()
        .args(["validate", "samples/iran-hack/crosscheck.ron"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "notes are not problems: {out:?}"
    );
    let notes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("note:")).collect();
    assert!(!notes.is_empty(), "{stdout}");
    for note in notes {
        assert!(note.contains("the ClaimReview export of claim"), "{note}");
        assert!(
            note.contains("lacks url (the published fact-check's address"),
            "{note}"
        );
        assert!(
            note.contains("author (the fact-checking organisation"),
            "{note}"
        );
        assert!(
            note.ends_with("(samples/iran-hack/crosscheck.ron)"),
            "{note}"
        );
    }
}

#[test]
fn the_desktop_entry_names_the_binary_icon_and_window_class() {
    let entry = fs::read_to_string("assets/crosscheck.desktop").unwrap();
    assert!(entry.starts_with("[Desktop Entry]\n"));
    for line in [
        "Type=Application",
        "Name=Crosscheck",
        "Exec=crosscheck %f",
        "Icon=crosscheck",
        "StartupWMClass=crosscheck",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line}");
    }
    let icon = crosscheck::ui::window_icon();
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
}
