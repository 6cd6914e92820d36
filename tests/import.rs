//! Importing: a folder of .txt, .md and .html files (broken files reported and skipped), NFC
//! and LF normalisation, cancellation, new projects on disk, and brat corpora in and out.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::export;
use crosscheck::import::{self, import_brat, import_folder, read_article_file};
use crosscheck::import_project::new_project;
use crosscheck::model::ArticleId;
use crosscheck::store;
use std::fs;
use std::path::Path;

fn folder_with_one_broken_file(dir: &Path) {
    fs::write(
        dir.join("a-plain.txt"),
        "Plain title\r\nFirst line.\r\nSecond line.\n",
    )
    .unwrap();
    fs::write(
        dir.join("b notes.md"),
        "# Markdown title\n\nCafe\u{301} text.\n",
    )
    .unwrap();
    fs::write(
        dir.join("c.html"),
        "<html><head><title>Page &amp; title</title><style>p{color:red}</style>\
         <script>alert('x')</script></head><body><div><p>First  <b>para</b>&nbsp;&amp; <i>more</i>.</p>\
         <p>Second para</p><ul><li>item one</li><li>item two</li></ul>\
         <script>document.write('no')</script><noscript>nope</noscript></div></body></html>",
    )
    .unwrap();
    fs::write(dir.join("d-broken.txt"), [b'o', b'k', 0xff, 0xfe]).unwrap();
    fs::write(dir.join("e-empty.txt"), "  \n\n").unwrap();
    fs::write(dir.join("f.pdf"), "%PDF").unwrap();
    fs::create_dir(dir.join("sub")).unwrap();
}

#[test]
fn a_folder_imports_its_good_files_and_names_the_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_one_broken_file(dir.path());
    let report = import_folder(dir.path(), &[], &mut |_, _| true).unwrap();
    let ids: Vec<&str> = report
        .imported
        .iter()
        .map(|a| a.article.id.as_str())
        .collect();
    assert_eq!(ids, ["a-plain", "b-notes", "c"]);
    let titles: Vec<&str> = report
        .imported
        .iter()
        .map(|a| a.article.title.as_str())
        .collect();
    assert_eq!(titles, ["Plain title", "Markdown title", "Page & title"]);
    assert_eq!(
        report.imported[0].text,
        "Plain title\nFirst line.\nSecond line."
    );
    assert!(report.imported[1].text.contains("Caf\u{e9} text."), "NFC");
    let html = &report.imported[2].text;
    assert!(
        !html.contains("alert") && !html.contains("color:red") && !html.contains("nope"),
        "{html}"
    );
    assert_eq!(html, "First para & more.\nSecond para\nitem one\nitem two");
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    let broken = &report.skipped[0];
    assert!(broken.path.ends_with("d-broken.txt"));
    assert!(
        broken.reason.contains("not UTF-8") && broken.reason.contains("offset 2"),
        "{}",
        broken.reason
    );
    assert!(report.skipped[1].path.ends_with("e-empty.txt"));
    assert!(report.skipped[1].reason.starts_with("empty"));
    for a in &report.imported {
        assert_eq!(
            a.article.sha256,
            crosscheck::text::sha256_hex(a.text.as_bytes())
        );
        assert_eq!(a.article.path, format!("articles/{}.txt", a.article.id));
    }
}

#[test]
fn ids_stay_unique_and_cancel_stops_early() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_one_broken_file(dir.path());
    let taken = [ArticleId::from("a-plain")];
    let report = import_folder(dir.path(), &taken, &mut |_, _| true).unwrap();
    assert_eq!(report.imported[0].article.id.as_str(), "a-plain-2");
    let report = import_folder(dir.path(), &[], &mut |done, _| done < 1).unwrap();
    assert!(report.cancelled);
    assert_eq!(report.imported.len(), 1);
    assert!(
        read_article_file(&dir.path().join("f.pdf"))
            .unwrap_err()
            .contains(".pdf")
    );
}

#[test]
fn new_project_from_a_folder_opens_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    fs::create_dir(&src).unwrap();
    folder_with_one_broken_file(&src);
    let out = dir.path().join("proj/crosscheck.ron");
    let report = new_project(&src, &out, false, "2026-11-22T09:00:00Z", &mut |_, _| true).unwrap();
    assert_eq!(report.imported.len(), 3);
    let loaded = store::load(&out).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.document.project().articles.len(), 3);
    assert_eq!(loaded.document.project().name, "in");
    let err = new_project(&src, &out, false, "", &mut |_, _| true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("already exists"), "{err}");
    // A folder with nothing usable is an error that says so.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    fs::write(empty.join("x.txt"), "").unwrap();
    let err = new_project(&empty, &empty.join("p.ron"), false, "", &mut |_, _| true)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no article could be read (1 files skipped)"),
        "{err}"
    );
    assert!(!empty.join("p.ron").exists());
}

#[test]
fn write_articles_refuses_to_overwrite_different_text() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_one_broken_file(dir.path());
    let report = import_folder(dir.path(), &[], &mut |_, _| true).unwrap();
    let target = dir.path().join("p");
    import::write_articles(&target, &report.imported).unwrap();
    import::write_articles(&target, &report.imported).unwrap(); // same text: fine
    fs::write(target.join("articles/c.txt"), "changed").unwrap();
    let err = import::write_articles(&target, &report.imported)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("already there") && err.contains("c.txt"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(target.join("articles/c.txt")).unwrap(),
        "changed"
    );
}

#[test]
fn brat_corpus_imports_offsets_fragments_notes_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = "👨‍👩‍👧 «ایران» said Iran\nhacked the Trump campaign.";
    fs::write(dir.path().join("doc1.txt"), text).unwrap();
    let iran = text.chars().position(|c| c == 'I').unwrap();
    let camp = text[..text.find("Trump").unwrap()].chars().count();
    let nl = text.chars().position(|c| c == '\n').unwrap();
    let ann = format!(
        "T1\tGovernment {iran} {}\tIran\nT2\tCampaign {camp} {}\tTrump campaign\nT3\tClaim {iran} {nl};{} {}\tIran hacked\n#1\tAnnotatorNotes T1\tcheck the source\nR1\tTargets Arg1:T1 Arg2:T2\nT4\tGovernment 500 510\tnope\n",
        iran + 4,
        camp + 14,
        nl + 1,
        nl + 7
    );
    fs::write(dir.path().join("doc1.ann"), ann).unwrap();
    let (project, report) = import_brat(dir.path(), "2026-11-22T09:00:00Z").unwrap();
    assert_eq!(project.articles.len(), 1);
    assert_eq!(project.entities.len(), 3);
    let quotes: Vec<&str> = project
        .annotations
        .iter()
        .map(|a| a.quote.as_str())
        .collect();
    assert!(
        quotes.contains(&"Iran") && quotes.contains(&"Trump campaign"),
        "{quotes:?}"
    );
    assert!(
        quotes.contains(&"hacked"),
        "second fragment of a discontinuous span: {quotes:?}"
    );
    // "Iran" is also the first fragment of the discontinuous Claim span (T3, no note).
    let iran_span = project
        .annotations
        .iter()
        .find(|a| a.quote == "Iran" && a.entities[0].as_str() == "government")
        .unwrap();
    assert_eq!(iran_span.char_start, iran);
    assert_eq!(iran_span.note, "check the source");
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0]
            .reason
            .starts_with("line 6: span 500..510 is outside"),
        "{}",
        report.skipped[0].reason
    );
}

#[test]
fn brat_export_then_import_keeps_every_span() {
    let doc = store::load(Path::new("samples/iran-hack/crosscheck.ron"))
        .unwrap()
        .document;
    let dir = tempfile::tempdir().unwrap();
    export::export(&doc, export::Format::Brat, dir.path()).unwrap();
    let (project, report) = import_brat(dir.path(), "2026-11-22T09:00:00Z").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let original = doc.project();
    // Every span of the original comes back at the same offsets in the same article (spans
    // across line breaks come back as one annotation per line, as brat stores them).
    for a in &original.annotations {
        let mut start = a.char_start;
        for line in a.quote.split('\n') {
            let len = line.chars().count();
            if len > 0 {
                assert!(
                    project.annotations.iter().any(|b| b.article == a.article
                        && b.char_start == start
                        && b.char_end == start + len
                        && b.quote == line),
                    "span {}..{} of {} ({:?}) lost",
                    start,
                    start + len,
                    a.article,
                    line
                );
            }
            start += len + 1;
        }
    }
    // Entity links survive as types.
    let linked = original
        .annotations
        .iter()
        .filter(|a| !a.entities.is_empty())
        .count();
    let typed = project
        .annotations
        .iter()
        .filter(|a| a.entities.iter().any(|e| e.as_str() != "span"))
        .count();
    assert!(typed >= linked, "{typed} < {linked}");
}
