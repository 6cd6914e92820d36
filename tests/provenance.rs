//! Independent sources: shared passages, citations and families on our own test set (a wire
//! story and its reprint, a rewrite citing it, two articles quoting one statement, an
//! article sharing only stock phrases, datelines), on the sample, and on hostile text.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::analysis::provenance::{PassageKind, one_statement, provenance};
use crosscheck::model::{Article, ArticleId, Project};
use egui_kittest::kittest::{NodeT, Queryable};
use std::collections::BTreeSet;
use std::path::Path;

const SET: &str = "tests/fixtures/provenance";

fn article(id: &str, outlet: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        title: id.into(),
        outlet: outlet.into(),
        url: None,
        published: None,
        author: None,
        path: format!("{id}.txt"),
        sha256: String::new(),
    }
}

/// The test set as a project (outlets from `gold.json`) and its texts.
fn test_set() -> (Project, Vec<(ArticleId, String)>, serde_json::Value) {
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(SET).join("gold.json")).unwrap())
            .unwrap();
    let mut project = Project::new("provenance test set");
    let mut texts = Vec::new();
    let mut ids: Vec<&String> = gold["outlets"].as_object().unwrap().keys().collect();
    ids.sort();
    for id in ids {
        let outlet = gold["outlets"][id].as_str().unwrap();
        project.articles.push(article(id, outlet));
        let text = std::fs::read_to_string(Path::new(SET).join(format!("{id}.txt"))).unwrap();
        texts.push((ArticleId(id.clone()), text));
    }
    (project, texts, gold)
}

fn ratio(hit: usize, of: usize) -> f64 {
    if of == 0 { 1.0 } else { hit as f64 / of as f64 }
}

#[test]
fn the_test_set_finds_copies_quotations_citations_and_families() {
    let (project, texts, gold) = test_set();
    let borrowed: Vec<(ArticleId, &str)> =
        texts.iter().map(|(i, t)| (i.clone(), t.as_str())).collect();
    let found = provenance(&project, &borrowed);

    let pair = |a: &str, b: &str| {
        if a < b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    };
    let want_passages: BTreeSet<((String, String), String)> = gold["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                pair(p["a"].as_str().unwrap(), p["b"].as_str().unwrap()),
                p["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let got_passages: BTreeSet<((String, String), String)> = found
        .passages
        .iter()
        .map(|p| {
            let kind = match p.kind {
                PassageKind::Copied => "copied",
                PassageKind::Quotation => "quotation",
            };
            (
                pair(p.a.article_id.as_str(), p.b.article_id.as_str()),
                kind.to_owned(),
            )
        })
        .collect();
    let hit = want_passages.intersection(&got_passages).count();
    let (passage_precision, passage_recall) = (
        ratio(hit, got_passages.len()),
        ratio(hit, want_passages.len()),
    );

    let want_cites: BTreeSet<(String, String)> = gold["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["article"].as_str().unwrap().to_owned(),
                c["cited"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let got_cites: BTreeSet<(String, String)> = found
        .citations
        .iter()
        .map(|c| (c.article_id.0.clone(), c.cited.to_lowercase()))
        .collect();
    let hit = want_cites.intersection(&got_cites).count();
    let (citation_precision, citation_recall) =
        (ratio(hit, got_cites.len()), ratio(hit, want_cites.len()));
    println!(
        "passages: precision {passage_precision:.2}, recall {passage_recall:.2}; citations: precision {citation_precision:.2}, recall {citation_recall:.2}"
    );
    assert_eq!(got_passages, want_passages, "{:#?}", found.passages);
    assert_eq!(got_cites, want_cites, "{:#?}", found.citations);

    // The rewrite's "according to Reuters" points at the wire article.
    let rewrite = found
        .citations
        .iter()
        .find(|c| c.article_id.as_str() == "rewrite")
        .unwrap();
    assert_eq!(
        rewrite.cited_article_id.as_ref().map(ArticleId::as_str),
        Some("wire")
    );
    let text = &texts
        .iter()
        .find(|(i, _)| i.as_str() == "rewrite")
        .unwrap()
        .1;
    let cue: String = text
        .chars()
        .skip(rewrite.cue.char_start)
        .take(rewrite.cue.char_end - rewrite.cue.char_start)
        .collect();
    assert_eq!(cue, rewrite.cue.text);
    assert_eq!(cue, "according to Reuters");
}

#[test]
fn the_test_sets_families_join_copies_and_citations_only() {
    let (project, texts, gold) = test_set();
    let borrowed: Vec<(ArticleId, &str)> =
        texts.iter().map(|(i, t)| (i.clone(), t.as_str())).collect();
    let found = provenance(&project, &borrowed);
    // Families: the wire, its reprint and the rewrite citing it are one source.
    let got: BTreeSet<BTreeSet<String>> = found
        .families
        .iter()
        .map(|f| f.iter().map(|a| a.0.clone()).collect())
        .collect();
    let want: BTreeSet<BTreeSet<String>> = gold["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f.as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(got, want);
    // Every article is in exactly one family.
    let all: usize = found.families.iter().map(Vec::len).sum();
    assert_eq!(all, project.articles.len());
    // A passage's offsets give its text in both articles.
    for p in &found.passages {
        for side in [&p.a, &p.b] {
            let text = &texts.iter().find(|(i, _)| *i == side.article_id).unwrap().1;
            let got: String = text
                .chars()
                .skip(side.char_start)
                .take(side.char_end - side.char_start)
                .collect();
            assert_eq!(got, side.text);
        }
    }
}

#[test]
fn the_sample_has_one_shared_quotation_and_five_independent_sources() {
    let loaded = crosscheck::store::load(Path::new("samples/iran-hack/crosscheck.ron")).unwrap();
    let doc = &loaded.document;
    let texts: Vec<(ArticleId, &str)> = doc
        .project()
        .articles
        .iter()
        .map(|a| (a.id.clone(), doc.text(&a.id).unwrap().as_str()))
        .collect();
    let found = provenance(doc.project(), &texts);
    assert_eq!(found.families.len(), 5, "{:#?}", found.families);
    assert!(
        found
            .passages
            .iter()
            .all(|p| p.kind == PassageKind::Quotation)
    );
    assert!(!found.passages.is_empty());
    // "UNN reports citing the BBC": the BBC is cited; UNN's own name is not a citation.
    assert!(
        found
            .citations
            .iter()
            .any(|c| c.article_id.as_str() == "000-unn" && c.cited == "BBC")
    );
    assert!(!found.citations.iter().any(|c| c.cited == "UNN"));
}

#[test]
fn hostile_text_gives_fewer_passages_never_a_panic_or_a_hang() {
    let mut project = Project::new("hostile");
    let long_line = "word ".repeat(40_000); // 200 KB, one line, no punctuation
    let repeated = "the same sentence again and again without end here ".repeat(2_000);
    let cases = [
        ("long-a", long_line.clone()),
        ("long-b", long_line),
        ("repeat-a", repeated.clone()),
        ("repeat-b", repeated),
        ("quotes", "\"unbalanced quote opens here and never closes at all in this text which goes on\n“another one”” »« „".repeat(50)),
        ("rtl", "ما هیچ انگیزه و قصدی برای دخالت در انتخابات ریاست جمهوری آمریکا نداریم و این ادعاها بی‌اساس است. ".repeat(20)),
        ("rtl-copy", "ما هیچ انگیزه و قصدی برای دخالت در انتخابات ریاست جمهوری آمریکا نداریم و این ادعاها بی‌اساس است.".to_owned()),
        ("empty", String::new()),
    ];
    for (id, _) in &cases {
        project.articles.push(article(id, ""));
    }
    let texts: Vec<(ArticleId, &str)> = cases
        .iter()
        .map(|(i, t)| (ArticleId((*i).into()), t.as_str()))
        .collect();
    let started = std::time::Instant::now();
    let found = provenance(&project, &texts);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    // Text repeated past the boilerplate limit is no evidence; the Persian copy is found.
    assert!(found.passages.iter().any(|p| {
        let ids = [p.a.article_id.as_str(), p.b.article_id.as_str()];
        ids.contains(&"rtl") && ids.contains(&"rtl-copy")
    }));
    let all: usize = found.families.iter().map(Vec::len).sum();
    assert_eq!(all, cases.len());
}

#[test]
fn the_cli_prints_provenance_and_contradictions_count_independent_sources() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let sample = "samples/iran-hack/crosscheck.ron";
    let json: serde_json::Value =
        serde_json::from_str(&run(&["provenance", "--json", sample])).unwrap();
    assert_eq!(json["format"], "crosscheck-provenance/1");
    assert_eq!(json["families"].as_array().unwrap().len(), 5);
    let passage = &json["passages"][0];
    assert_eq!(passage["kind"], "quotation");
    assert!(passage["words"].as_u64().unwrap() >= 12);
    assert!(passage["a"]["char_end"].as_u64() > passage["a"]["char_start"].as_u64());
    assert_eq!(json["citations"][0]["cited"], "BBC");
    let text = run(&["provenance", sample]);
    assert!(
        text.starts_with("5 source families for 5 articles\n"),
        "{text}"
    );
    assert!(text.contains("1 shared passages") || text.contains("shared passages"));

    let contradictions: serde_json::Value =
        serde_json::from_str(&run(&["contradictions", "--json", sample])).unwrap();
    for d in contradictions["disagreements"].as_array().unwrap() {
        for side in d["sides"].as_array().unwrap() {
            let sources = side["independent_sources"].as_u64().unwrap();
            let articles = side["articles"].as_u64().unwrap();
            // Every article of the sample is its own source.
            assert_eq!(sources, articles, "{side}");
        }
    }
}

#[test]
fn one_statement_is_the_same_words_at_least_twice() {
    assert!(one_statement([
        "“We have no intention,”",
        "we have NO intention"
    ]));
    assert!(!one_statement(["We have no intention"]));
    assert!(!one_statement([
        "We have no intention",
        "We have an intention"
    ]));
    assert!(!one_statement(["!!", "?"]));
}

#[test]
fn the_review_cards_count_independent_sources() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut h = common::harness(crosscheck::ui::CrosscheckApp::new(Some(path), None));
    h.get_by_label("Review").click();
    h.run();
    // The families are found on a worker; the cards say so once they are.
    let mut found = false;
    for _ in 0..400 {
        h.step();
        if h.query_all_by_label_contains("independent source")
            .next()
            .is_some()
        {
            found = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(found, "no card counts independent sources");
    // "FBI/CISA/ODNI asserts, supports — 9 quotes in 4 articles — 4 independent sources":
    // every article of the sample is its own source.
    let header = h
        .query_all_by_label_contains("independent source")
        .next()
        .unwrap()
        .accesskit_node()
        .label()
        .unwrap_or_default();
    let articles: usize = header
        .split(" in ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        header.contains(&format!("— {articles} independent source")),
        "{header}"
    );
}

#[test]
fn a_margin_bar_brings_the_other_article_alongside_both_flashing() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut h = common::harness(crosscheck::ui::CrosscheckApp::new(Some(path), None));
    // The sample's shared quotation: 000-unn and 003-fbi-cisa-odni. Scroll 000 to it.
    let mut bar = None;
    for _ in 0..400 {
        h.step();
        let passages = h.state().project().unwrap().view.passages.clone();
        if let Some(p) = passages
            .get(&ArticleId("000-unn".into()))
            .and_then(|l| l.first())
        {
            let (article, range) = (ArticleId("000-unn".into()), p.chars.clone());
            h.state_mut().view_mut().unwrap().scroll_to_range = Some((article, range));
            h.run();
            bar = h
                .query_all_by_label_contains(
                    "Shared passage: A quotation also in 003-fbi-cisa-odni",
                )
                .next()
                .map(|n| n.rect().center());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let at = bar.expect("a margin bar for the shared quotation");
    common::click_at(&mut h, at);
    let view = &h.state().project().unwrap().view;
    let columns: Vec<&str> = view.columns.iter().map(ArticleId::as_str).collect();
    let unn = columns.iter().position(|c| *c == "000-unn").unwrap();
    assert_eq!(columns[unn + 1], "003-fbi-cisa-odni", "{columns:?}");
    let (flashing, range, _) = view.flash_range.clone().unwrap();
    assert_eq!(flashing.as_str(), "003-fbi-cisa-odni");
    assert!(range.end > range.start);
    assert_eq!(view.flash_passage.as_ref().unwrap().0.as_str(), "000-unn");
}

#[test]
fn the_sources_view_draws_each_article_in_its_family() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::sample_copy(dir.path());
    let mut h = common::harness(crosscheck::ui::CrosscheckApp::new(Some(path), None));
    h.get_by_label("Sources").click();
    h.run();
    let mut shown = false;
    for _ in 0..400 {
        h.step();
        if h.query_by_label("000-unn — UNN, source 1").is_some() {
            shown = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(shown, "the article nodes are drawn");
    for a in [
        "001-us-officials",
        "002-iran-mission",
        "003-fbi-cisa-odni",
        "004-lib",
    ] {
        assert!(
            h.query_all_by_label_contains(&format!("{a} — "))
                .next()
                .is_some(),
            "{a} has a node"
        );
    }
    assert!(
        h.query_all_by_label_contains("5 articles in 5 independent source families")
            .next()
            .is_some()
    );
    // A node shows its article's column.
    h.state_mut()
        .view_mut()
        .unwrap()
        .set_column_visible(&ArticleId("001-us-officials".into()), false);
    h.run();
    h.get_by_label_contains("001-us-officials — ").click();
    h.run();
    assert!(
        h.state()
            .project()
            .unwrap()
            .view
            .columns
            .contains(&ArticleId("001-us-officials".into()))
    );
}
