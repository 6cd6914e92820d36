//! Saved web pages import as their article: main content, title without the site's suffix,
//! outlet, date, canonical address and byline; the whole page on request; the whole page when
//! no main content is found; bad pages are clear errors, never a panic.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::import::{ImportOptions, read_article};
use crosscheck::web_page::{self, word_agreement};
use std::path::Path;

const NEWS: &str = "tests/fixtures/web/news-page.html";

#[test]
fn a_news_page_keeps_its_article_and_what_cites_it() {
    let a = read_article(Path::new(NEWS), ImportOptions::default()).unwrap();
    assert!(a.main_content);
    assert_eq!(a.title, "Iran rejects US accusations of campaign hacking");
    assert_eq!(a.outlet, "Example Daily News");
    // The date as the page writes it, in its own time zone.
    assert_eq!(a.published.as_deref(), Some("2024-08-20"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.example.org/world/2024/08/20/iran-rejects-accusations")
    );
    assert_eq!(a.author.as_deref(), Some("Jane Q. Reporter"));
    for kept in [
        "Tehran's mission to the United Nations said on Monday",
        "“We have neither any motive nor intention to interfere,”",
        "spear-phishing emails sent from a compromised account of a former adviser.",
    ] {
        assert!(a.text.contains(kept), "lost {kept:?}:\n{}", a.text);
    }
    for dropped in [
        "Section 3 news",
        "Share on Facebook",
        "Related story number",
        "Privacy policy",
        "do not import this",
    ] {
        assert!(!a.text.contains(dropped), "kept {dropped:?}:\n{}", a.text);
    }
    // One paragraph a line.
    assert!(a.text.lines().count() >= 6, "{}", a.text);
}

#[test]
fn whole_page_keeps_everything_but_still_reads_the_metadata() {
    let a = read_article(Path::new(NEWS), ImportOptions { whole_page: true }).unwrap();
    assert!(!a.main_content);
    assert!(a.text.contains("Section 3 news"));
    assert!(a.text.contains("Privacy policy"));
    assert!(a.text.contains("Tehran's mission"));
    assert!(!a.text.contains("do not import this"));
    assert_eq!(a.title, "Iran rejects US accusations of campaign hacking");
    assert_eq!(a.outlet, "Example Daily News");
}

#[test]
fn main_content_is_most_of_the_words_a_reader_wants() {
    let main = read_article(Path::new(NEWS), ImportOptions::default()).unwrap();
    let whole = read_article(Path::new(NEWS), ImportOptions { whole_page: true }).unwrap();
    let article: String = std::fs::read_to_string(NEWS)
        .unwrap()
        .lines()
        .filter(|l| {
            l.starts_with("<p>Tehran")
                || l.starts_with("<p>The ")
                || l.starts_with("<p>“")
                || l.starts_with("<p>Officials")
                || l.starts_with("<p>Security")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let expected = web_page::html_to_text(&article).1;
    let (p_main, r_main, _) = word_agreement(&main.text, &expected);
    let (p_whole, r_whole, _) = word_agreement(&whole.text, &expected);
    assert!(r_main > 0.99 && r_whole > 0.99, "{r_main} {r_whole}");
    assert!(p_main > 0.9, "main content precision {p_main}");
    assert!(p_whole < 0.6, "whole page precision {p_whole}");
}

#[test]
fn a_page_without_an_article_falls_back_to_its_whole_text() {
    let a = read_article(
        Path::new("tests/fixtures/web/link-list.html"),
        ImportOptions::default(),
    )
    .unwrap();
    assert!(a.text.contains("Related story number 0"));
    assert!(a.text.contains("Related story number 11"));
    assert_eq!(a.title, "Index of stories");
    assert!(a.outlet.is_empty() && a.published.is_none() && a.url.is_none());
}

#[test]
fn hostile_pages_give_text_or_a_clear_error_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("empty.html", String::new()),
        ("only-markup.html", "<html><head><title>x</title></head><body><div></div></body></html>".into()),
        ("unclosed.html", "<p>one <b>two <i>three <div>four".repeat(400)),
        ("deep.html", format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(10))),
        ("one-line.html", format!("<p>{}</p>", "word ".repeat(40_000))),
        ("rtl.html", "<html dir=\"rtl\"><body><p>ایران هرگونه دخالت در انتخابات آمریکا را رد کرد.</p></body></html>".into()),
        ("bad-meta.html", "<html><head><meta property=\"article:published_time\" content=\"not a date\"><link rel=\"canonical\" href=\"javascript:alert(1)\"><meta name=\"author\" content=\"By \"></head><body><p>Some text here.</p></body></html>".into()),
    ];
    for (name, html) in &cases {
        let path = dir.path().join(name);
        std::fs::write(&path, html).unwrap();
        match read_article(&path, ImportOptions::default()) {
            Ok(a) => {
                assert!(!a.text.trim().is_empty(), "{name}");
                assert!(a.url.is_none() || a.url.as_deref().unwrap().starts_with("http"));
            }
            Err(e) => assert!(e.starts_with("empty"), "{name}: {e}"),
        }
    }
    let bad = read_article(&dir.path().join("bad-meta.html"), ImportOptions::default()).unwrap();
    assert_eq!(bad.published, None);
    assert_eq!(bad.url, None);
    assert_eq!(bad.author, None);
    let rtl = read_article(&dir.path().join("rtl.html"), ImportOptions::default()).unwrap();
    assert!(rtl.text.contains("ایران"));
    let err = read_article(&dir.path().join("empty.html"), ImportOptions::default()).unwrap_err();
    assert_eq!(err, "empty: no text left once the markup is removed");
}

#[test]
fn the_import_command_keeps_metadata_and_takes_whole_page() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("pages");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::copy(NEWS, src.join("news-page.html")).unwrap();
    for (whole_page, out) in [(false, "main"), (true, "whole")] {
        let output = dir.path().join(out).join("crosscheck.ron");
        let mut stdout = Vec::new();
        let outcome = crosscheck::cli::import(
            &src,
            &output,
            false,
            ImportOptions { whole_page },
            &mut stdout,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(outcome.code(), 0);
        let loaded = crosscheck::store::load(&output).unwrap();
        let article = &loaded.document.project().articles[0];
        assert_eq!(article.outlet, "Example Daily News");
        assert_eq!(article.published.as_deref(), Some("2024-08-20"));
        assert_eq!(article.author.as_deref(), Some("Jane Q. Reporter"));
        assert!(
            article
                .url
                .as_deref()
                .unwrap()
                .starts_with("https://news.example.org/")
        );
        let text = std::fs::read_to_string(output.parent().unwrap().join(&article.path)).unwrap();
        assert_eq!(text.contains("Privacy policy"), whole_page);
    }
}
