//! Every export format on the sample (snapshots) and on edge cases: offsets after emoji,
//! combining marks and Persian text; CSV quoting and formula cells; escaping in reports; the
//! W3C model's MUSTs; brat export → import keeping every span.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::document::{Document, Edit};
use crosscheck::export::{self, Format};
use crosscheck::model::{
    AnnotationId, Article, Claim, ClaimId, ClaimLink, Entity, EntityKind, Project, Rgb, Stance,
    Verdict,
};
use crosscheck::store;
use crosscheck::text::ArticleText;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn sample() -> Document {
    store::load(Path::new("samples/iran-hack/crosscheck.ron"))
        .unwrap()
        .document
}

fn bytes(doc: &Document, format: Format) -> String {
    let mut out = Vec::new();
    export::write(doc, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sample_exports_match_their_snapshots_and_are_deterministic() {
    let doc = sample();
    for format in Format::ALL {
        if format.is_folder() {
            let files = export::brat_files(&doc);
            assert_eq!(files, export::brat_files(&doc));
            let ann = files
                .iter()
                .find(|(n, _)| n == "001-us-officials.ann")
                .unwrap();
            insta::assert_snapshot!("brat_001_ann", &ann.1);
            let conf = files.iter().find(|(n, _)| n == "annotation.conf").unwrap();
            insta::assert_snapshot!("brat_annotation_conf", &conf.1);
            continue;
        }
        let first = bytes(&doc, format);
        assert_eq!(first, bytes(&doc, format), "{format:?} is deterministic");
        insta::assert_snapshot!(format!("sample_{format:?}").to_lowercase(), first);
    }
}

/// A project made to trip offset and escaping bugs.
fn tricky() -> Document {
    // Before the span: a flag, a ZWJ family, a combining mark and Persian text.
    let text = "🇮🇷 👨‍👩‍👧 cafe\u{301} «ایران هرگز» then =SUM(A1), \"quoted\"\nsecond line <script>alert(1)</script> end";
    let mut p = Project::new("Tricky, \"quoted\" <b>project</b>");
    p.articles.push(Article {
        author: None,
        id: "a".into(),
        title: "<script>alert('title')</script>".into(),
        outlet: "=HYPERLINK(\"x\")".into(),
        url: Some("https://example.org/a?x=1&y=2".into()),
        published: Some("2024-08-20".into()),
        path: "a.txt".into(),
        sha256: String::new(),
    });
    p.entities.push(Entity {
        id: "iran-gov".into(),
        name: "Iran, government".into(),
        kind: EntityKind::Government,
        color: Rgb([1, 2, 3]),
        aliases: vec![],
        same_as: Vec::new(),
    });
    p.claims.push(Claim {
        review_url: None,
        created_by: None,
        modified: None,
        modified_by: None,
        id: ClaimId("c".into()),
        statement: "Iran hacked, \"allegedly\"".into(),
        description: String::new(),
        verdict: Verdict::MostlyFalse,
        verdict_note: "-1 reasons".into(),
    });
    let mut texts = BTreeMap::new();
    texts.insert("a".into(), ArticleText::new(text));
    let mut doc = Document::new(p, texts);
    let t = ArticleText::new(text);
    let find = |needle: &str| {
        let byte = t.as_str().find(needle).unwrap();
        let start = t.char_of_byte(byte).unwrap();
        (start, start + needle.chars().count())
    };
    for (id, needle, note, claims) in [
        ("persian", "«ایران هرگز»", "", vec![]),
        (
            "formula",
            "=SUM(A1), \"quoted\"\nsecond",
            "@cmd\ttab",
            vec![ClaimLink {
                created_by: None,
                claim: "c".into(),
                stance: Stance::Asserts,
                speaker: Some("iran-gov".into()),
            }],
        ),
        (
            "script",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(2)>",
            vec![ClaimLink {
                created_by: None,
                claim: "c".into(),
                stance: Stance::Denies,
                speaker: None,
            }],
        ),
    ] {
        let (start, end) = find(needle);
        doc.apply(Edit::AddAnnotation {
            id: AnnotationId(id.into()),
            article: "a".into(),
            char_start: start,
            char_end: end,
            entities: vec!["iran-gov".into()],
            claims,
            created: "2026-11-22T09:00:00Z".into(),
        })
        .unwrap();
        if !note.is_empty() {
            doc.apply(Edit::SetNote {
                annotation: AnnotationId(id.into()),
                note: note.into(),
            })
            .unwrap();
        }
    }
    doc
}

#[test]
fn offsets_count_code_points_after_emoji_combining_marks_and_persian() {
    let doc = tricky();
    let text = doc.text(&"a".into()).unwrap().as_str().to_owned();
    let a = doc.project().annotation(&"persian".into()).unwrap();
    let expected_start = text[..text.find('«').unwrap()].chars().count();
    assert_eq!(a.char_start, expected_start);
    // W3C: TextPositionSelector in code points.
    let w3c: Value = serde_json::from_str(&bytes(&doc, Format::W3c)).unwrap();
    let item = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "urn:uuid:persian")
        .unwrap();
    let sel = &item["target"]["selector"][1];
    assert_eq!(sel["type"], "TextPositionSelector");
    assert_eq!(sel["start"], expected_start);
    assert_eq!(sel["end"], expected_start + "«ایران هرگز»".chars().count());
    assert_eq!(item["target"]["selector"][0]["exact"], "«ایران هرگز»");
    // brat: same code-point offsets on the T line.
    let files = export::brat_files(&doc);
    let ann = &files.iter().find(|(n, _)| n == "a.ann").unwrap().1;
    let end = expected_start + "«ایران هرگز»".chars().count();
    assert!(
        ann.contains(&format!("iran_gov {expected_start} {end}\t«ایران هرگز»")),
        "{ann}"
    );
}

#[test]
fn csv_quotes_commas_quotes_newlines_and_neutralises_formulas() {
    let doc = tricky();
    let csv_text = bytes(&doc, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "claim");
    assert_eq!(&headers[12], "note");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        3,
        "one row per claim link, and one for the span without"
    );
    let formula = rows.iter().find(|r| &r[13] == "formula").unwrap();
    assert_eq!(
        &formula[4], "'=SUM(A1), \"quoted\"\nsecond",
        "quote kept whole, made inert"
    );
    assert_eq!(&formula[12], "'@cmd\ttab");
    assert_eq!(&formula[0], "Iran hacked, \"allegedly\"");
    assert_eq!(&formula[2], "asserts");
    assert_eq!(&formula[3], "Iran, government");
    assert_eq!(&formula[6], "'=HYPERLINK(\"x\")");
    for row in &rows {
        for cell in row {
            assert!(
                !matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                ),
                "formula cell left live: {cell:?}"
            );
        }
    }
    assert!(csv_text.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn reports_escape_article_text_titles_and_notes() {
    let doc = tricky();
    let html = bytes(&doc, Format::Html);
    assert!(!html.contains("<script"), "no script tag survives");
    assert!(!html.contains("<img"), "no markup from notes survives");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains("Tricky, &quot;quoted&quot; &lt;b&gt;project&lt;/b&gt;"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    let md = bytes(&doc, Format::Md);
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script"), "{md}");
}

/// The W3C Web Annotation Data Model's MUSTs, checked on every annotation of an export.
fn assert_w3c_musts(v: &Value) {
    // The W3C context last, as the model asks when there are more than one, so that its
    // terms win over the ones we add before it.
    let contexts = v["@context"].as_array().unwrap();
    assert_eq!(contexts.last().unwrap(), "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(v["type"], "AnnotationCollection");
    assert!(
        v["id"].as_str().unwrap().contains(':'),
        "collection id is an IRI"
    );
    let page = &v["first"];
    assert_eq!(page["type"], "AnnotationPage");
    assert!(
        page["id"].as_str().unwrap().contains(':'),
        "page id is an IRI"
    );
    let items = page["items"].as_array().unwrap();
    assert_eq!(v["total"], items.len());
    for item in items {
        assert_eq!(item["type"], "Annotation", "{item}");
        assert!(
            item["id"].as_str().unwrap().starts_with("urn:uuid:"),
            "{item}"
        );
        let targets = match &item["target"] {
            Value::Array(a) => a.clone(),
            t @ Value::Object(_) => vec![t.clone()],
            other => panic!("annotation needs a target: {other}"),
        };
        assert!(!targets.is_empty());
        for t in targets {
            assert!(
                t["source"]["id"].as_str().unwrap().contains(':'),
                "source is an IRI"
            );
            for s in t["selector"].as_array().unwrap() {
                match s["type"].as_str().unwrap() {
                    "TextQuoteSelector" => assert!(s["exact"].is_string()),
                    "TextPositionSelector" => {
                        let (start, end) =
                            (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                        assert!(start <= end);
                    }
                    other => panic!("unexpected selector {other}"),
                }
            }
        }
        if let Some(bodies) = item.get("body") {
            for b in bodies.as_array().unwrap() {
                if b["type"] == "TextualBody" {
                    assert!(b["value"].is_string(), "TextualBody needs a value: {b}");
                } else {
                    // An external resource: identified by an IRI.
                    assert!(b["id"].as_str().unwrap().contains(':'), "{b}");
                }
                let purposes = [
                    "assessing",
                    "bookmarking",
                    "classifying",
                    "commenting",
                    "describing",
                    "editing",
                    "highlighting",
                    "identifying",
                    "linking",
                    "moderating",
                    "questioning",
                    "replying",
                    "tagging",
                ];
                assert!(purposes.contains(&b["purpose"].as_str().unwrap()), "{b}");
            }
        }
        if item["motivation"] == "linking" {
            assert_eq!(item["target"].as_array().unwrap().len(), 2);
        }
        assert!(
            item["created"].as_str().unwrap().contains('T'),
            "xsd:dateTime"
        );
    }
}

#[test]
fn w3c_export_meets_the_models_musts() {
    let v: Value = serde_json::from_str(&bytes(&sample(), Format::W3c)).unwrap();
    assert_w3c_musts(&v);
    let items = v["first"]["items"].as_array().unwrap();
    assert!(
        items.iter().any(|i| i["motivation"] == "linking"),
        "typed links exported"
    );
    let v: Value = serde_json::from_str(&bytes(&tricky(), Format::W3c)).unwrap();
    assert_w3c_musts(&v);
}

#[test]
fn claimreview_has_one_review_per_rated_claim() {
    let doc = sample();
    let v: Value = serde_json::from_str(&bytes(&doc, Format::Claimreview)).unwrap();
    let reviews = v.as_array().unwrap();
    let rated = doc
        .project()
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Unrated)
        .count();
    assert_eq!(reviews.len(), rated);
    assert!(rated > 0);
    for r in reviews {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert!(r["claimReviewed"].is_string());
        assert!(r["reviewRating"]["alternateName"].is_string());
        assert_eq!(r["itemReviewed"]["@type"], "Claim");
        assert!(r["itemReviewed"]["appearance"].is_array());
        assert!(r["datePublished"].as_str().unwrap().len() == 10);
    }
    let mostly_false = reviews
        .iter()
        .find(|r| r["reviewRating"]["alternateName"] == "Mostly false")
        .unwrap();
    assert_eq!(mostly_false["reviewRating"]["ratingValue"], 2);
    assert!(mostly_false["itemReviewed"]["author"]["name"].is_string());
}

#[test]
fn json_export_round_trips_every_annotation() {
    let doc = sample();
    let v: Value = serde_json::from_str(&bytes(&doc, Format::Json)).unwrap();
    assert_eq!(v["format"], "crosscheck-export/1");
    let anns = v["annotations"].as_array().unwrap();
    assert_eq!(anns.len(), doc.project().annotations.len());
    for (j, a) in anns.iter().zip(&doc.project().annotations) {
        assert_eq!(j["id"], a.id.as_str());
        assert_eq!(j["quote"], a.quote.as_str());
        assert_eq!(j["char_start"], a.char_start);
    }
    assert!(!v["contradictions"].as_array().unwrap().is_empty());
}

#[test]
fn export_writes_files_and_brat_folders_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let doc = sample();
    let out = dir.path().join("report.html");
    let exported = export::export(&doc, Format::Html, &out).unwrap();
    assert_eq!(exported.files, vec![out.clone()]);
    assert!(
        exported.left_out.is_empty(),
        "every sample highlight is on its quote"
    );
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("<h2>Claims</h2>")
    );
    let folder = dir.path().join("brat");
    let files = export::export(&doc, Format::Brat, &folder).unwrap().files;
    assert_eq!(
        files.len(),
        5 * 2 + 2,
        "txt + ann per article, annotation.conf, visual.conf"
    );
    // Writing over a folder fails with the path named.
    let err = export::export(&doc, Format::Csv, &folder)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("could not export: "), "{err}");
    assert!(err.contains("brat"), "{err}");
}

/// Reads a CSV file as a spreadsheet does: a UTF-8 byte-order mark says "UTF-8" and is not
/// part of the first cell; without one, the bytes are taken in the legacy code page (here
/// Latin-1, as Excel's Windows-1252 reads every byte of the ASCII and Latin-1 range).
fn as_a_spreadsheet_reads(bytes: &[u8]) -> Vec<Vec<String>> {
    let text: String = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => String::from_utf8(rest.to_vec()).unwrap(),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_exports_carry_a_byte_order_mark_so_spreadsheets_read_curly_quotes() {
    let doc = sample();
    for format in [Format::Csv, Format::DisagreementsCsv] {
        let mut out = Vec::new();
        export::write(&doc, format, &mut out).unwrap();
        assert!(out.starts_with(b"\xEF\xBB\xBF"), "{format:?} has no BOM");
        let rows = as_a_spreadsheet_reads(&out);
        assert_eq!(
            rows[0][0], "claim",
            "{format:?}: the mark is not in the first cell"
        );
        let cells: Vec<&String> = rows.iter().flatten().collect();
        assert!(
            cells.iter().any(|c| c.contains('’') || c.contains('“')),
            "{format:?}: curly quotes read back as they were"
        );
        // “’” is E2 80 99 in UTF-8; read byte by byte it starts "â\u{80}".
        let mojibake = "\u{e2}\u{80}";
        assert!(!cells.iter().any(|c| c.contains(mojibake)), "{format:?}");
        // Without the mark, the same bytes come out garbled: the reason for it.
        let garbled = as_a_spreadsheet_reads(&out[3..]);
        assert!(garbled.iter().flatten().any(|c| c.contains(mojibake)));
    }
}

#[test]
fn claimreview_carries_url_author_and_appearance_urls_and_says_what_is_missing() {
    use crosscheck::document::Edit;
    use crosscheck::export::claimreview::{MISSING_AUTHOR, MISSING_URL, missing};
    let mut doc = sample();
    let rated: Vec<_> = doc
        .project()
        .claims
        .iter()
        .filter(|c| c.verdict != Verdict::Unrated)
        .cloned()
        .collect();
    // Nothing set: every rated claim lacks both.
    let before = missing(doc.project());
    assert_eq!(before.len(), rated.len());
    assert!(
        before
            .iter()
            .all(|m| m.fields == [MISSING_URL, MISSING_AUTHOR])
    );
    // A publisher, one claim's published check, one article's address.
    doc.apply(Edit::SetProjectSettings {
        name: "Iran hack".into(),
        publisher: crosscheck::model::Publisher {
            name: " Example Fact Desk ".into(),
            url: "https://factdesk.example.org".into(),
        },
    })
    .unwrap();
    let mut claim = rated[0].clone();
    claim.review_url = Some("https://factdesk.example.org/checks/iran-hack".into());
    doc.apply(Edit::UpdateClaim(claim.clone())).unwrap();
    let article = doc.project().articles[0].clone();
    doc.apply(Edit::UpdateArticleDetails {
        article: article.id.clone(),
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        url: Some("https://news.example.com/story".into()),
        published: article.published.clone(),
        author: Some("A. Writer".into()),
    })
    .unwrap();
    let after = missing(doc.project());
    assert_eq!(after.len(), rated.len() - 1);
    assert!(after.iter().all(|m| m.fields == [MISSING_URL]));
    assert!(after.iter().all(|m| m.claim != claim.id));

    let v: Value = serde_json::from_str(&bytes(&doc, Format::Claimreview)).unwrap();
    let reviews = v.as_array().unwrap();
    assert_eq!(
        reviews.len(),
        rated.len(),
        "the export still writes every rated claim"
    );
    let checked = reviews
        .iter()
        .find(|r| r["claimReviewed"] == claim.statement.as_str())
        .unwrap();
    assert_eq!(
        checked["url"],
        "https://factdesk.example.org/checks/iran-hack"
    );
    for r in reviews {
        assert_eq!(r["author"]["@type"], "Organization");
        assert_eq!(r["author"]["name"], "Example Fact Desk");
        assert_eq!(r["author"]["url"], "https://factdesk.example.org");
    }
    let appearances: Vec<&Value> = reviews
        .iter()
        .flat_map(|r| r["itemReviewed"]["appearance"].as_array().unwrap())
        .collect();
    let from_article = appearances
        .iter()
        .filter(|a| a["headline"] == article.display_title().as_str())
        .count();
    let with_url = appearances
        .iter()
        .filter(|a| a["url"] == "https://news.example.com/story")
        .count();
    assert!(from_article > 0);
    assert_eq!(
        with_url, from_article,
        "every appearance in that article has its url"
    );

    // A bad publisher address is refused with a clear reason and changes nothing.
    let err = doc
        .apply(Edit::SetProjectSettings {
            name: "Iran hack".into(),
            publisher: crosscheck::model::Publisher {
                name: "X".into(),
                url: "factdesk dot org".into(),
            },
        })
        .unwrap_err();
    assert!(err.to_string().contains("not a web address"), "{err}");
    assert_eq!(doc.project().publisher.name, "Example Fact Desk");
    // Undo takes the settings back.
    while doc.project().publisher.name == "Example Fact Desk" {
        doc.undo().unwrap();
    }
    assert!(doc.project().publisher.is_empty());
}
