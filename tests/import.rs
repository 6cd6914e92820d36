//! Importing: a folder of .txt, .md and .html files (broken files reported and skipped), NFC
//! and LF normalisation, ids, cancellation, new projects on disk, and brat corpora in and out.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::export;
use crosscheck::import::{
    self, ImportOptions, import_brat, import_files, import_folder, read_article_file,
};
use crosscheck::import_project::new_project;
use crosscheck::model::{ArticleId, EntityId, Project};
use crosscheck::store;
use std::fs;
use std::path::Path;

/// Three good files, a non-UTF-8 one, an empty one, a .pdf, a hidden file and a subfolder.
fn folder_with_broken_files(dir: &Path) {
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
         <div><div><p>Second &lt;para&gt;</p></div></div><ul><li>item one</li><li>item two</li></ul>\
         <script>alert(1)</script><noscript>nope</noscript></div></body></html>",
    )
    .unwrap();
    fs::write(dir.join("d-broken.txt"), [b'o', b'k', 0xff, 0xfe]).unwrap();
    fs::write(dir.join("e-empty.txt"), "  \n\n").unwrap();
    fs::write(dir.join("f.pdf"), "%PDF").unwrap();
    fs::write(dir.join("._c.txt"), [0u8, 5, 0xff]).unwrap(); // a macOS resource fork
    fs::create_dir(dir.join("sub")).unwrap();
    fs::write(dir.join("sub/inner.txt"), "not read").unwrap();
}

fn ids(report: &import::ImportReport) -> Vec<&str> {
    report
        .imported
        .iter()
        .map(|a| a.article.id.as_str())
        .collect()
}

#[test]
fn a_folder_imports_its_good_files_and_names_the_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_broken_files(dir.path());
    let report =
        import_folder(dir.path(), &[], ImportOptions::default(), &mut |_, _| true).unwrap();
    assert_eq!(ids(&report), ["a-plain", "b-notes", "c"]);
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
    assert_eq!(
        report.imported[1].text,
        "# Markdown title\n\nCaf\u{e9} text."
    );
    let html = &report.imported[2].text;
    assert_eq!(
        html,
        "First para & more.\nSecond <para>\nitem one\nitem two"
    );
    // The .pdf, the hidden file and the subfolder are not article files: left alone, unreported.
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    let broken = report.skipped[0].to_string();
    assert!(
        broken.starts_with(
            "not UTF-8 text (invalid byte 0xFF at line 1, column 3 (byte offset 2)) ("
        ) && broken.ends_with("d-broken.txt)"),
        "{broken}"
    );
    let empty = report.skipped[1].to_string();
    assert!(
        empty.starts_with("empty: the file has no text (") && empty.ends_with("e-empty.txt)"),
        "{empty}"
    );
    assert!(report.notes.is_empty() && !report.cancelled);
    for a in &report.imported {
        assert_eq!(
            a.article.sha256,
            crosscheck::text::sha256_hex(a.text.as_bytes())
        );
        assert_eq!(a.article.path, format!("articles/{}.txt", a.article.id));
        assert!(a.article.outlet.is_empty() && a.article.url.is_none());
        assert!(a.article.published.is_none());
    }
}

#[test]
fn html_keeps_paragraphs_and_drops_what_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.HTM");
    fs::write(
        &path,
        "<!doctype html><html><head><meta charset=utf-8><script>var x = 1;</script></head>\
         <body><h1>Main  headline</h1><p>One<br>two <a href=x>link</a>, <em>emph</em>.</p>\
         <table><tr><td>cell a</td><td>cell b</td></tr></table><pre>line 1\nline 2</pre>\
         <template><p>hidden</p></template><blockquote>Quoted</blockquote></body></html>",
    )
    .unwrap();
    let (title, text) = read_article_file(&path).unwrap();
    assert_eq!(title, "Main headline", "no <title>: the first <h1>");
    assert_eq!(
        text,
        "Main headline\nOne\ntwo link, emph.\ncell a cell b\nline 1\nline 2\nQuoted"
    );
    fs::write(
        &path,
        "<html><head><title>Only a title</title></head><body> </body></html>",
    )
    .unwrap();
    assert_eq!(
        read_article_file(&path).unwrap_err(),
        "empty: no text left once the markup is removed"
    );
}

#[test]
fn text_is_nfc_with_lf_line_ends_and_no_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nfc.txt");
    fs::write(
        &path,
        "\u{feff}Re\u{301}sume\u{301}\r\nline two\rline three\r\n\r\n  \n",
    )
    .unwrap();
    let (title, text) = read_article_file(&path).unwrap();
    assert_eq!(title, "R\u{e9}sum\u{e9}");
    assert_eq!(text, "R\u{e9}sum\u{e9}\nline two\nline three");
}

#[test]
fn ids_are_slugs_unique_against_taken_ids_and_each_other() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["A b.txt", "a-b.md", "Café Noir.txt", "ایران.txt", "x.txt"] {
        fs::write(dir.path().join(name), "Title\ntext").unwrap();
    }
    let taken = [ArticleId::from("x"), ArticleId::from("article")];
    let report = import_folder(dir.path(), &taken, ImportOptions::default(), &mut |_, _| {
        true
    })
    .unwrap();
    assert_eq!(
        ids(&report),
        ["a-b", "cafe-noir", "a-b-2", "x-2", "article-2"]
    );
}

#[test]
fn cancelling_stops_after_the_current_file() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_broken_files(dir.path());
    let mut calls = Vec::new();
    let report = import_folder(
        dir.path(),
        &[],
        ImportOptions::default(),
        &mut |done, total| {
            calls.push((done, total));
            false
        },
    )
    .unwrap();
    assert_eq!(calls, [(1, 5)]);
    assert!(report.cancelled);
    assert_eq!(ids(&report), ["a-plain"]);
    // Declining after the last file cancels nothing.
    let report = import_folder(
        dir.path(),
        &[],
        ImportOptions::default(),
        &mut |done, total| done < total,
    )
    .unwrap();
    assert!(!report.cancelled);
    assert_eq!(report.imported.len(), 3);
}

#[test]
fn explicit_files_report_unsupported_and_missing_ones() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_broken_files(dir.path());
    let files = [
        dir.path().join("f.pdf"),
        dir.path().join("missing.txt"),
        dir.path().join("c.html"),
    ];
    let taken = [ArticleId::from("c")];
    let report = import_files(&files, &taken, ImportOptions::default(), &mut |_, _| true);
    assert_eq!(ids(&report), ["c-2"]);
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons[0],
        "not an article file (.pdf); Crosscheck reads .txt, .md and .html"
    );
    assert!(reasons[1].starts_with("unreadable: "), "{}", reasons[1]);
    assert!(report.skipped[1].path.ends_with("missing.txt"));
}

#[test]
fn new_project_from_a_folder_opens_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    fs::create_dir(&src).unwrap();
    folder_with_broken_files(&src);
    let out = dir.path().join("proj/crosscheck.ron");
    let report = new_project(
        &src,
        &out,
        false,
        ImportOptions::default(),
        "2026-11-22T09:00:00Z",
        &mut |_, _| true,
    )
    .unwrap();
    assert_eq!(report.imported.len(), 3);
    let loaded = store::load(&out).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.document.project().articles.len(), 3);
    assert_eq!(loaded.document.project().name, "in");
    let err = new_project(
        &src,
        &out,
        false,
        ImportOptions::default(),
        "",
        &mut |_, _| true,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("already exists"), "{err}");
    // A folder with nothing usable is an error that says so.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    fs::write(empty.join("x.txt"), "").unwrap();
    let err = new_project(
        &empty,
        &empty.join("p.ron"),
        false,
        ImportOptions::default(),
        "",
        &mut |_, _| true,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("no article could be read (1 files skipped)"),
        "{err}"
    );
    assert!(!empty.join("p.ron").exists());
}

#[test]
fn write_articles_refuses_to_overwrite_different_text_and_then_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    folder_with_broken_files(dir.path());
    let report =
        import_folder(dir.path(), &[], ImportOptions::default(), &mut |_, _| true).unwrap();
    let target = dir.path().join("p");
    let written = import::write_articles(&target, &report.imported).unwrap();
    assert_eq!(written.len(), 3);
    assert_eq!(
        fs::read_to_string(&written[0]).unwrap(),
        report.imported[0].text
    );
    import::write_articles(&target, &report.imported).unwrap(); // same text: fine
    let other = dir.path().join("q");
    fs::create_dir_all(other.join("articles")).unwrap();
    fs::write(other.join("articles/c.txt"), "changed").unwrap();
    let err = import::write_articles(&other, &report.imported)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("could not write article: a different file is already there")
            && err.ends_with("c.txt)"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(other.join("articles/c.txt")).unwrap(),
        "changed"
    );
    assert!(
        !other.join("articles/a-plain.txt").exists(),
        "all or nothing"
    );
}

#[test]
fn brat_corpus_imports_offsets_fragments_notes_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    // An emoji family (5 code points, 1 grapheme) and Persian before the spans: offsets count
    // code points, as brat does.
    let text = "👨‍👩‍👧 «ایران» said Iran\nhacked the Trump campaign.";
    fs::write(dir.path().join("doc1.txt"), text).unwrap();
    let at = |s: &str| text[..text.find(s).unwrap()].chars().count();
    let (iran, camp, hacked, persian) = (at("Iran"), at("Trump"), at("hacked"), at("ایران"));
    assert_eq!(iran, 19);
    let ann = format!(
        "T1\tGovernment {iran} {}\tIran\n\
         T2\tCampaign {camp} {}\tTrump campaign\n\
         T3\tClaim {iran} {};{hacked} {}\tIran hacked\n\
         #1\tAnnotatorNotes T1\tcheck the source\n\
         R1\tTargets Arg1:T1 Arg2:T2\n\
         T4\tGovernment 500 510\tnope\n\
         A1\tStance T3 Asserts\n\
         T5\tکشور {persian} {}\tایران\n\
         T6\tCampaign {camp} {}\tTrump camp\n",
        iran + 4,
        camp + 14,
        iran + 4,
        hacked + 6,
        persian + 5,
        camp + 14,
    );
    fs::write(dir.path().join("doc1.ann"), ann).unwrap();
    fs::write(dir.path().join("doc2.txt"), "No annotations here.").unwrap();
    let (project, report) = import_brat(dir.path(), "2026-11-22T09:00:00Z").unwrap();
    assert_eq!(project.format_version, crosscheck::model::FORMAT_VERSION);
    assert_eq!(
        project.name,
        dir.path().file_name().unwrap().to_str().unwrap()
    );
    assert_eq!(project.articles.len(), 2);
    assert_eq!(report.imported[0].text, text, "brat text kept exactly");
    assert_eq!(project.articles[0].title, "👨‍👩‍👧 «ایران» said Iran");
    let entities: Vec<(&str, &str)> = project
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        entities,
        [
            ("campaign", "Campaign"),
            ("claim", "Claim"),
            ("government", "Government"),
            ("کشور", "کشور")
        ]
    );
    assert_eq!(project.entities[0].aliases, ["Trump campaign"]);
    let spans: Vec<(usize, usize, &str, Vec<&str>)> = project
        .annotations
        .iter()
        .map(|a| {
            let entities = a.entities.iter().map(EntityId::as_str).collect();
            (a.char_start, a.char_end, a.quote.as_str(), entities)
        })
        .collect();
    assert_eq!(
        spans,
        [
            (persian, persian + 5, "ایران", vec!["کشور"]),
            // T1 and the first fragment of the discontinuous T3 are one span.
            (iran, iran + 4, "Iran", vec!["claim", "government"]),
            (hacked, hacked + 6, "hacked", vec!["claim"]),
            (camp, camp + 14, "Trump campaign", vec!["campaign"]),
        ]
    );
    let iran_span = &project.annotations[1];
    assert_eq!(iran_span.note, "check the source");
    assert_eq!(iran_span.prefix, "👨‍👩‍👧 «ایران» said ");
    assert_eq!(iran_span.suffix, "\nhacked the Trump campaign.");
    assert_eq!(iran_span.created, "2026-11-22T09:00:00Z");
    assert!(project.annotations[2].note.is_empty());
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].starts_with("line 6: T4: span 500..510 is outside the text (50 characters) (")
            && skipped[0].ends_with("doc1.ann)"),
        "{}",
        skipped[0]
    );
    assert!(
        skipped[1].starts_with(
            "line 9: T6: the line's text \"Trump camp\" is not the text's \"Trump campaign\""
        ),
        "{}",
        skipped[1]
    );
    assert_eq!(report.notes.len(), 2, "{:?}", report.notes);
    assert!(
        report.notes[0].starts_with(
            "ignored 2 lines of kinds Crosscheck does not import from brat (A 1, R 1) ("
        ) && report.notes[0].ends_with("doc1.ann)"),
        "{}",
        report.notes[0]
    );
    assert!(report.notes[1].starts_with("no .ann file beside the text"));
    opens_clean(dir.path(), &project, &report);
}

#[test]
fn brat_offsets_with_crlf_count_one_character_per_line_break_or_both() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("w.txt"),
        "John loves Mary.\r\nHe married her.",
    )
    .unwrap();
    // brat itself counts CRLF as one character (T1); other tools count both (T2).
    fs::write(
        dir.path().join("w.ann"),
        "T1\tPerson 17 19\tHe\r\nT2\tPerson 29 32\ther\r\n",
    )
    .unwrap();
    fs::write(dir.path().join("bad.txt"), [b'a', 0xc3]).unwrap();
    fs::write(dir.path().join("x.txt"), "text").unwrap();
    fs::write(dir.path().join("x.ann"), [0xffu8]).unwrap();
    let (project, report) = import_brat(dir.path(), "").unwrap();
    let spans: Vec<(usize, usize, &str)> = project
        .annotations
        .iter()
        .map(|a| (a.char_start, a.char_end, a.quote.as_str()))
        .collect();
    assert_eq!(spans, [(17, 19, "He"), (28, 31, "her")]);
    assert_eq!(report.imported[0].text, "John loves Mary.\nHe married her.");
    let skipped: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].starts_with(
            "not UTF-8 text (invalid byte 0xC3 at line 1, column 2 (byte offset 1)) ("
        ),
        "{}",
        skipped[0]
    );
    assert!(skipped[0].ends_with("bad.txt)"));
    assert!(skipped[1].contains("imported without spans (") && skipped[1].ends_with("x.ann)"));
    assert_eq!(ids_of(&project), ["w", "x"]);
    opens_clean(dir.path(), &project, &report);
}

/// The project saves beside its articles and opens without problems.
fn opens_clean(dir: &Path, project: &Project, report: &import::ImportReport) {
    let out = dir.join("proj/crosscheck.ron");
    import::write_articles(out.parent().unwrap(), &report.imported).unwrap();
    store::save(project, &out).unwrap();
    let loaded = store::load(&out).unwrap();
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

fn ids_of(project: &Project) -> Vec<&str> {
    project.articles.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn brat_export_then_import_keeps_every_span_and_entity() {
    let doc = store::load(Path::new("samples/iran-hack/crosscheck.ron"))
        .unwrap()
        .document;
    let dir = tempfile::tempdir().unwrap();
    export::export(&doc, export::Format::Brat, dir.path()).unwrap();
    let (project, report) = import_brat(dir.path(), "2026-11-22T09:00:00Z").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let original = doc.project();
    assert_eq!(ids_of(&project), ids_of(original));
    // Every span of the original comes back at the same offsets in the same article, with
    // its entities (spans across line breaks come back as one annotation per line, as brat
    // stores them).
    for a in &original.annotations {
        let mut start = a.char_start;
        for line in a.quote.split('\n') {
            let len = line.chars().count();
            if len > 0 {
                let back = project.annotations.iter().find(|b| {
                    b.article == a.article
                        && b.char_start == start
                        && b.char_end == start + len
                        && b.quote == line
                });
                let back = back.unwrap_or_else(|| {
                    panic!(
                        "span {start}..{} of {} ({line:?}) lost",
                        start + len,
                        a.article
                    )
                });
                for e in &a.entities {
                    assert!(back.entities.contains(e), "{e} lost from {line:?}");
                }
            }
            start += len + 1;
        }
    }
}
