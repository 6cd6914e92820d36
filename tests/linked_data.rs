//! Exports a graph can join: the W3C export expanded by a real JSON-LD processor (the
//! `json-ld` crate, with the W3C context from `tests/fixtures/jsonld/`) and read as RDF; the
//! `ClaimReview` author's `sameAs`; brat normalizations round-tripping through "same as".

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::document::{Document, Edit};
use crosscheck::export::{self, Format};
use crosscheck::linked;
use crosscheck::model::{EntityId, Stance};
use crosscheck::store;
use json_ld::iref::IriBuf;
use json_ld::syntax::{Parse, Value};
use json_ld::{JsonLdProcessor, Options, RemoteDocument};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const ANNO: &str = "http://www.w3.org/ns/anno.jsonld";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const HAS_BODY: &str = "http://www.w3.org/ns/oa#hasBody";
const HAS_PURPOSE: &str = "http://www.w3.org/ns/oa#hasPurpose";
const HAS_SOURCE: &str = "http://www.w3.org/ns/oa#hasSource";
const TEXTUAL_BODY: &str = "http://www.w3.org/ns/oa#TextualBody";
const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const SAME_AS: &str = "http://schema.org/sameAs";
const CLAIM: &str = "http://schema.org/Claim";
const ENTITY: &str = "urn:crosscheck:vocab:Entity";
const STANCE: &str = "urn:crosscheck:vocab:stance";
const STANCE_CLAIM: &str = "urn:crosscheck:vocab:claim";
const STANCE_SPEAKER: &str = "urn:crosscheck:vocab:speaker";
const STANCE_POSITION: &str = "urn:crosscheck:vocab:position";

fn sample() -> Document {
    store::load(Path::new("samples/iran-hack/crosscheck.ron"))
        .unwrap()
        .document
}

fn export_text(doc: &Document, format: Format) -> String {
    let mut out = Vec::new();
    export::write(doc, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The W3C context served from the fixture, no network.
fn loader() -> HashMap<IriBuf, RemoteDocument> {
    let text = std::fs::read_to_string("tests/fixtures/jsonld/anno.jsonld").unwrap();
    let iri = IriBuf::new(ANNO.to_owned()).unwrap();
    let doc = RemoteDocument::new(
        Some(iri.clone()),
        Some("application/ld+json".parse().unwrap()),
        Value::parse_str(&text).unwrap().0,
    );
    HashMap::from([(iri, doc)])
}

fn input(json: &str) -> RemoteDocument {
    RemoteDocument::new(None, None, Value::parse_str(json).unwrap().0)
}

/// Expands `json` with a processor that refuses any key its contexts do not define (where a
/// standard processor would silently drop it).
fn expand_refusing_undefined_terms(json: &str) -> Result<(), String> {
    let mut options: Options = Options::default();
    options.expansion_policy.allow_undefined = false;
    pollster::block_on(input(json).expand_using(&loader(), options))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The export as RDF triples, each part as N-Triples shows it (IRIs bare, literals quoted).
struct Graph(Vec<(String, String, String)>);

impl Graph {
    fn of(json: &str) -> Self {
        let mut blanks = json_ld::rdf_types::generator::Blank::new();
        let mut rdf = pollster::block_on(input(json).to_rdf(&mut blanks, &loader())).unwrap();
        Self(
            rdf.cloned_quads()
                .map(|q| (q.0.to_string(), q.1.to_string(), q.2.to_string()))
                .collect(),
        )
    }

    fn objects(&self, s: &str, p: &str) -> BTreeSet<String> {
        (self.0.iter())
            .filter(|t| t.0 == s && t.1 == p)
            .map(|t| t.2.clone())
            .collect()
    }

    fn subjects(&self, p: &str, o: &str) -> BTreeSet<String> {
        (self.0.iter())
            .filter(|t| t.1 == p && t.2 == o)
            .map(|t| t.0.clone())
            .collect()
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The sample with an article that has a web address, a highlight naming an entity the
/// project lacks, and a note; so that every kind of body and source is exported.
fn sample_with_every_case() -> Document {
    let mut doc = sample();
    let mut a = doc.project().articles[1].clone();
    a.url = Some("https://news.example.org/iran-hack".into());
    let details = Edit::UpdateArticleDetails {
        article: a.id.clone(),
        title: a.title.clone(),
        outlet: a.outlet.clone(),
        url: a.url.clone(),
        published: a.published.clone(),
        author: a.author.clone(),
    };
    doc.apply(details).unwrap();
    doc
}

#[test]
fn the_w3c_export_expands_with_no_term_dropped() {
    for doc in [sample(), sample_with_every_case()] {
        let json = export_text(&doc, Format::W3c);
        expand_refusing_undefined_terms(&json).unwrap();
    }
    // The check bites: one unmapped key and the processor refuses the document.
    let json = export_text(&sample(), Format::W3c).replacen(
        "\"motivation\"",
        "\"mood\": \"calm\",\n      \"motivation\"",
        1,
    );
    let refused = expand_refusing_undefined_terms(&json).unwrap_err();
    assert!(refused.contains("mood"), "{refused}");
}

#[test]
fn every_linked_entity_has_one_iri_and_every_link_points_at_it() {
    let doc = sample();
    let p = doc.project();
    let g = Graph::of(&export_text(&doc, Format::W3c));
    let mut linked: BTreeMap<String, &EntityId> = BTreeMap::new();
    for a in &p.annotations {
        let bodies = g.objects(&format!("urn:uuid:{}", a.id), HAS_BODY);
        for e in &a.entities {
            let iri = linked::entity_iri(p, e);
            assert!(bodies.contains(&iri), "{} lacks its link to {e}", a.id);
            linked.insert(iri, e);
        }
    }
    assert!(linked.len() > 20, "the sample links most of its entities");
    // The graph's entities are exactly the linked ones: one IRI each.
    let in_graph = g.subjects(RDF_TYPE, ENTITY);
    assert_eq!(in_graph, linked.keys().cloned().collect());
    for (iri, id) in &linked {
        let e = p.entity(id).unwrap();
        assert_eq!(g.objects(iri, LABEL), BTreeSet::from([quoted(&e.name)]));
        assert_eq!(
            g.objects(iri, SAME_AS),
            e.same_as.iter().cloned().collect::<BTreeSet<_>>(),
            "{iri}"
        );
        assert_eq!(
            g.objects(iri, HAS_PURPOSE),
            BTreeSet::from(["http://www.w3.org/ns/oa#identifying".to_owned()])
        );
    }
    // Iran joins Wikidata.
    let iran = linked::entity_iri(p, &"iran".into());
    assert_eq!(iran, "urn:crosscheck:iran-hack-august-2024:entity:iran");
    assert!(
        g.objects(&iran, SAME_AS)
            .contains("http://www.wikidata.org/entity/Q794")
    );
    // No entity or claim is a bare string: the only textual bodies are notes and link kinds.
    let textual = g.subjects(RDF_TYPE, TEXTUAL_BODY);
    let notes = p.annotations.iter().filter(|a| !a.note.is_empty()).count();
    let link_bodies: usize = p
        .links
        .iter()
        .map(|l| 1 + usize::from(!l.note.is_empty()))
        .sum();
    assert_eq!(textual.len(), notes + link_bodies);
    for body in textual {
        let purposes = g.objects(&body, HAS_PURPOSE);
        assert!(
            purposes
                .iter()
                .all(|p| p.ends_with("#commenting") || p.ends_with("#linking")),
            "{body}: {purposes:?}"
        );
    }
}

#[test]
fn claims_are_resources_and_each_speakers_stance_is_data() {
    let doc = sample();
    let p = doc.project();
    let g = Graph::of(&export_text(&doc, Format::W3c));
    let mut stances = 0;
    for a in p.annotations.iter().filter(|a| !a.claims.is_empty()) {
        let ann = format!("urn:uuid:{}", a.id);
        let bodies = g.objects(&ann, HAS_BODY);
        let nodes = g.objects(&ann, STANCE);
        for l in &a.claims {
            let claim = linked::claim_iri(p, &l.claim);
            assert!(bodies.contains(&claim), "{ann} lacks its claim body");
            assert!(g.objects(&claim, RDF_TYPE).contains(CLAIM));
            let statement = &p.claim(&l.claim).unwrap().statement;
            assert_eq!(
                g.objects(&claim, LABEL),
                BTreeSet::from([quoted(statement)])
            );
            let found = nodes.iter().any(|n| {
                g.objects(n, STANCE_CLAIM).contains(&claim)
                    && g.objects(n, STANCE_POSITION) == BTreeSet::from([quoted(l.stance.label())])
                    && g.objects(n, STANCE_SPEAKER)
                        == l.speaker.iter().map(|s| linked::entity_iri(p, s)).collect()
            });
            assert!(found, "{ann}: no stance node for {l:?}");
            stances += 1;
        }
    }
    assert!(stances > 30, "{stances}");
}

/// The README's example: who denies a claim, and their Wikidata items, by joining the
/// annotations' stances with the entities' `sameAs`.
#[test]
fn a_query_over_the_graph_finds_who_denies_what_by_wikidata_item() {
    let doc = sample();
    let p = doc.project();
    let g = Graph::of(&export_text(&doc, Format::W3c));
    let denies = quoted(Stance::Denies.label());
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for node in g.subjects(STANCE_POSITION, &denies) {
        for speaker in g.objects(&node, STANCE_SPEAKER) {
            for item in g.objects(&speaker, SAME_AS) {
                if item.starts_with(linked::WIKIDATA_ENTITY) {
                    for claim in g.objects(&node, STANCE_CLAIM) {
                        found.insert((item.clone(), claim));
                    }
                }
            }
        }
    }
    assert!(
        found
            .iter()
            .any(|(item, _)| item == "http://www.wikidata.org/entity/Q794"),
        "Iran (Q794) denies a claim: {found:?}"
    );
    assert!(found.iter().all(|(_, c)| c.starts_with(&p.iri)));
}

#[test]
fn a_source_is_the_articles_web_address_with_its_urn_beside_it() {
    let doc = sample_with_every_case();
    let p = doc.project();
    let g = Graph::of(&export_text(&doc, Format::W3c));
    let with_url = &p.articles[1];
    let url = with_url.url.clone().unwrap();
    let urn = linked::article_urn(p, &with_url.id);
    assert_eq!(g.objects(&url, SAME_AS), BTreeSet::from([urn.clone()]));
    let targets: BTreeSet<String> =
        g.0.iter()
            .filter(|t| t.1 == HAS_SOURCE)
            .map(|t| t.2.clone())
            .collect();
    assert!(targets.contains(&url));
    // Articles without an address keep their urn as the source.
    let plain = linked::article_urn(p, &p.articles[0].id);
    assert!(targets.contains(&plain), "{targets:?}");
    assert!(
        !targets.contains(&urn),
        "an article with an address is not named by its urn"
    );
    let annotations_on_it = p.annotations_of(&with_url.id).count();
    let on_url =
        g.0.iter()
            .filter(|t| t.1 == HAS_SOURCE && t.2 == url)
            .count();
    assert!(on_url >= annotations_on_it && annotations_on_it > 0);
}

#[test]
fn iris_survive_renames_and_differ_between_projects() {
    let mut doc = sample();
    let p = doc.project();
    let id: EntityId = "iran".into();
    let before = linked::entity_iri(p, &id);
    let mut e = p.entity(&id).unwrap().clone();
    e.name = "Islamic Republic of Iran".into();
    doc.apply(Edit::UpdateEntity(e)).unwrap();
    let settings = Edit::SetProjectSettings {
        name: "Renamed".into(),
        publisher: doc.project().publisher.clone(),
    };
    doc.apply(settings).unwrap();
    let json = export_text(&doc, Format::W3c);
    assert!(json.contains(&format!("\"id\": \"{before}\"")));
    assert!(json.contains("\"label\": \"Islamic Republic of Iran\""));
    assert_ne!(
        linked::fresh_project_iri("Iran hack, August 2024"),
        doc.project().iri
    );
}

#[test]
fn claimreview_authors_carry_same_as_and_iris() {
    let mut doc = sample();
    // Rate every claim, so each with an asserting speaker has a review with an author.
    for c in doc.project().claims.clone() {
        let mut rated = c.clone();
        rated.verdict = crosscheck::model::Verdict::False;
        doc.apply(Edit::UpdateClaim(rated)).unwrap();
    }
    let p = doc.project();
    let reviews: serde_json::Value =
        serde_json::from_str(&export_text(&doc, Format::Claimreview)).unwrap();
    let mut with_same_as = 0;
    for r in reviews.as_array().unwrap() {
        let item = &r["itemReviewed"];
        assert!(item["@id"].as_str().unwrap().contains(":claim:"));
        let Some(author) = item.get("author") else {
            continue;
        };
        let iri = author["@id"].as_str().unwrap();
        let e = p
            .entities
            .iter()
            .find(|e| linked::entity_iri(p, &e.id) == iri)
            .unwrap();
        match e.same_as.as_slice() {
            [] => assert!(author.get("sameAs").is_none()),
            [one] => {
                assert_eq!(author["sameAs"], *one);
                with_same_as += 1;
            }
            many => assert_eq!(author["sameAs"], serde_json::json!(many)),
        }
    }
    assert!(
        with_same_as > 0,
        "some speaker of the sample has a Wikidata item"
    );
}

#[test]
fn json_and_csv_carry_iris_and_same_as() {
    let doc = sample();
    let p = doc.project();
    let json: serde_json::Value = serde_json::from_str(&export_text(&doc, Format::Json)).unwrap();
    assert_eq!(json["project_iri"], p.iri);
    let iran = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "iran")
        .unwrap();
    assert_eq!(
        iran["iri"],
        "urn:crosscheck:iran-hack-august-2024:entity:iran"
    );
    assert_eq!(
        iran["same_as"],
        serde_json::json!(["http://www.wikidata.org/entity/Q794"])
    );
    assert!(
        json["claims"][0]["iri"]
            .as_str()
            .unwrap()
            .contains(":claim:")
    );

    let csv_text = export_text(&doc, Format::Csv);
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (speaker, speaker_iri, speaker_same_as) =
        (col("speaker"), col("speaker_iri"), col("speaker_same_as"));
    let (entities, entity_iris, entity_same_as) =
        (col("entities"), col("entity_iris"), col("entity_same_as"));
    let mut checked = 0;
    for row in reader.records().map(Result::unwrap) {
        if &row[speaker] == "Iran" {
            assert_eq!(
                &row[speaker_iri],
                "urn:crosscheck:iran-hack-august-2024:entity:iran"
            );
            assert_eq!(&row[speaker_same_as], "http://www.wikidata.org/entity/Q794");
            checked += 1;
        }
        let names: Vec<&str> = row[entities]
            .split("; ")
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(
            row[entity_iris]
                .split("; ")
                .filter(|s| !s.is_empty())
                .count(),
            names.len()
        );
        if !names.is_empty() {
            assert_eq!(row[entity_same_as].split("; ").count(), names.len());
        }
        assert!(!row[col("claim_iri")].is_empty() || row[col("claim")].is_empty());
    }
    assert!(checked > 0);
}

/// brat's `N` lines of every `.ann`, as (span text, reference) pairs per document.
fn normalizations(files: &[(String, String)]) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (name, ann) in files
        .iter()
        .filter(|(n, _)| Path::new(n).extension().is_some_and(|e| e == "ann"))
    {
        let spans: HashMap<&str, &str> = ann
            .lines()
            .filter(|l| l.starts_with('T'))
            .filter_map(|l| {
                let mut parts = l.split('\t');
                Some((parts.next()?, parts.nth(1)?))
            })
            .collect();
        for line in ann.lines().filter(|l| l.starts_with('N')) {
            let mut parts = line.split('\t');
            let head: Vec<&str> = parts.nth(1).unwrap().split(' ').collect();
            out.entry(name.clone())
                .or_default()
                .insert((spans[head[1]].to_owned(), head[2].to_owned()));
        }
    }
    out
}

fn write_files(dir: &Path, files: &[(String, String)]) {
    for (name, content) in files {
        std::fs::write(dir.join(name), content).unwrap();
    }
}

/// A brat folder made into a project, then loaded, as the app does it.
fn import_brat(corpus: &Path, out: &Path) -> Document {
    let output = out.join("project/crosscheck.ron");
    std::fs::create_dir_all(output.parent().unwrap()).unwrap();
    crosscheck::import_project::new_project(
        corpus,
        &output,
        true,
        crosscheck::import::ImportOptions::default(),
        "2026-12-06T00:00:00Z",
        &mut |_, _| true,
    )
    .unwrap();
    store::load(&output).unwrap().document
}

#[test]
fn brat_normalizations_round_trip_through_same_as() {
    let dir = tempfile::tempdir().unwrap();
    let files = export::brat_files(&sample());
    let ann = &files.iter().find(|(n, _)| n == "000-unn.ann").unwrap().1;
    assert!(ann.contains("\tReference T"), "{ann}");
    assert!(ann.contains(" Wikidata:Q794\tIran\n"), "{ann}");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    write_files(&corpus, &files);
    let doc = import_brat(&corpus, dir.path());
    let iran = doc
        .project()
        .entities
        .iter()
        .find(|e| e.same_as == ["http://www.wikidata.org/entity/Q794"])
        .unwrap();
    assert_eq!(iran.name, "Iran");
    let again = export::brat_files(&doc);
    let before = normalizations(&files);
    assert!(before.values().map(BTreeSet::len).sum::<usize>() > 20);
    assert_eq!(normalizations(&again), before);
}

#[test]
fn an_outside_brat_corpus_with_normalizations_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let text = "Trump met Harris. Trump spoke; p53 binds.\n";
    let ann = "T1\tPerson 0 5\tTrump\nT2\tPerson 10 16\tHarris\nT3\tPerson 18 23\tTrump\n\
               T4\tProtein 31 34\tp53\n\
               N1\tReference T1 Wikidata:Q22686\tDonald Trump\n\
               N2\tReference T2 Wikidata:Q10853588\tKamala Harris\n\
               N3\tReference T3 Wikidata:Q22686\tDonald Trump\n\
               N4\tReference T4 UniProt:P04637\tp53\n";
    write_files(
        &corpus,
        &[
            ("doc.txt".into(), text.into()),
            ("doc.ann".into(), ann.into()),
        ],
    );
    let doc = import_brat(&corpus, dir.path());
    let p = doc.project();
    let trump = p
        .entities
        .iter()
        .find(|e| e.name == "Donald Trump")
        .unwrap();
    let harris = p
        .entities
        .iter()
        .find(|e| e.name == "Kamala Harris")
        .unwrap();
    assert_ne!(
        trump.id, harris.id,
        "two people of one brat type stay apart"
    );
    assert_eq!(trump.same_as, ["http://www.wikidata.org/entity/Q22686"]);
    assert_eq!(trump.kind, crosscheck::model::EntityKind::Person);
    assert_eq!(
        p.annotations
            .iter()
            .filter(|a| a.entities == [trump.id.clone()])
            .count(),
        2
    );
    let again = export::brat_files(&doc);
    let refs = &normalizations(&again)["doc.ann"];
    let expected: BTreeSet<(String, String)> = [
        ("Trump", "Wikidata:Q22686"),
        ("Harris", "Wikidata:Q10853588"),
        ("p53", "UniProt:P04637"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(refs, &expected);
    assert_eq!(
        again
            .iter()
            .find(|(n, _)| n == "doc.ann")
            .unwrap()
            .1
            .matches("Wikidata:Q22686")
            .count(),
        2
    );
}

#[test]
fn bad_brat_normalizations_are_reported_with_their_line_and_lose_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let ann = "T1\tPerson 0 5\tTrump\n\
               N1\tReference T1 Wikidata\tno id\n\
               N2\tReference T9 Wikidata:Q1\tnowhere\n\
               N3\tReference T1 Wikidata:Trump\tnot an item\n";
    write_files(
        &corpus,
        &[
            ("doc.txt".into(), "Trump spoke.\n".into()),
            ("doc.ann".into(), ann.into()),
        ],
    );
    let (project, report) =
        crosscheck::import::import_brat(&corpus, "2026-12-06T00:00:00Z").unwrap();
    assert_eq!(project.annotations.len(), 1, "the span itself is kept");
    let reasons: Vec<String> = report.skipped.iter().map(|s| s.reason.clone()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("line 2: N1") && r.contains("DATABASE:ID")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("T9")), "{reasons:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("line 4: N3") && r.contains("Wikidata:Trump")),
        "{reasons:?}"
    );
    assert!(report.skipped.iter().all(|s| s.path.ends_with("doc.ann")));
}

#[test]
fn merging_entities_keeps_both_lists_of_links() {
    let mut doc = sample();
    let from: EntityId = "iran-un-mission".into();
    let into: EntityId = "iran".into();
    let mut mission = doc.project().entity(&from).unwrap().clone();
    mission.same_as = vec!["https://iran-un.example.org".into(), "Q794".into()];
    doc.apply(Edit::UpdateEntity(mission)).unwrap();
    assert_eq!(
        doc.project().entity(&from).unwrap().same_as,
        [
            "https://iran-un.example.org",
            "http://www.wikidata.org/entity/Q794"
        ],
        "a pasted Q-id is kept as the item's IRI"
    );
    doc.apply(Edit::MergeEntities {
        from,
        into: into.clone(),
    })
    .unwrap();
    assert_eq!(
        doc.project().entity(&into).unwrap().same_as,
        [
            "http://www.wikidata.org/entity/Q794",
            "https://iran-un.example.org"
        ],
        "each link once"
    );
    // A link that is no link is refused with the reason; the entity is unchanged.
    let mut bad = doc.project().entity(&into).unwrap().clone();
    bad.same_as.push("Tehran".into());
    let refused = doc.apply(Edit::UpdateEntity(bad)).unwrap_err().to_string();
    assert!(refused.contains("“Tehran” is neither"), "{refused}");
    assert_eq!(doc.project().entity(&into).unwrap().same_as.len(), 2);
}

#[test]
fn a_git_merge_takes_the_links_both_sides_added() {
    let base = sample().project().clone();
    let id: EntityId = "iran-un-mission".into();
    let with = |link: &str| {
        let mut p = base.clone();
        let e = p.entities.iter_mut().find(|e| e.id == id).unwrap();
        e.same_as.push(link.into());
        p
    };
    let ours = with("https://iran-un.example.org");
    let theirs = with("http://www.wikidata.org/entity/Q123456789");
    let merged = crosscheck::merge::merge(&base, &ours, &theirs);
    assert!(
        merged.project.conflicts.is_empty(),
        "{:?}",
        merged.project.conflicts
    );
    let links: BTreeSet<&str> = merged
        .project
        .entity(&id)
        .unwrap()
        .same_as
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        links,
        BTreeSet::from([
            "https://iran-un.example.org",
            "http://www.wikidata.org/entity/Q123456789"
        ])
    );
    assert_eq!(merged.project.iri, base.iri);
}

#[test]
fn a_file_from_before_format_7_gets_the_iri_its_exports_used_and_bad_links_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::copy_project(Path::new("tests/fixtures/v6"), dir.path());
    let p = store::load(&path).unwrap().document.project().clone();
    assert_eq!(p.iri, "urn:crosscheck:iran-hack-august-2024");
    // A hand-edited link that is not one is reported with its line, and the project opens.
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "            aliases: [",
        "            same_as: [\"not a link\"],\n            aliases: [",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let loaded = store::load(&path).unwrap();
    let problem = loaded
        .problems
        .iter()
        .find(|p| p.message.contains("same as"))
        .unwrap();
    assert!(problem.line.is_some());
    assert!(
        problem.to_string().contains("“not a link” is neither"),
        "{problem}"
    );
    // An identifier that is not an IRI is reported on the project.
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "    name: \"Iran hack, August 2024\",\n",
        "    name: \"Iran hack, August 2024\",\n    iri: \"iran hack\",\n",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let loaded = store::load(&path).unwrap();
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.message.contains("identifier \"iran hack\" is not an IRI")),
        "{:?}",
        loaded.problems
    );
}
