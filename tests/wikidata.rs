//! "Find on Wikidata": the search against recorded answers of the real API (no network), its
//! failures in one line, cancelling, and the entity editor's "Same as" section in the window.
//! The real API is asked only by the ignored test at the end.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use common::{harness, sample_copy};
use crosscheck::document::Document;
use crosscheck::model::EntityId;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::Selected;
use crosscheck::wikidata::{self, Http, HttpError, Recorded, SearchError};
use egui::accesskit;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const RECORDED: &str = "tests/fixtures/wikidata";

fn recorded() -> Recorded {
    Recorded::new(Path::new(RECORDED))
}

#[test]
fn a_search_by_name_and_aliases_merges_candidates_in_order() {
    let terms = wikidata::terms(
        "Iran",
        &["Iran".into(), "Tehran".into(), "Islamic Republic".into()],
    );
    let found = wikidata::search(&recorded(), &terms, &AtomicBool::new(false)).unwrap();
    let ids: Vec<&str> = found.iter().map(|c| c.qid.as_str()).collect();
    assert_eq!(
        ids,
        ["Q794", "Q3616"],
        "Q794 once, though two names found it"
    );
    assert_eq!(found[0].label, "Iran");
    assert_eq!(found[0].description, "country in Western Asia");
    assert_eq!(found[0].found_by, "Iran");
    assert_eq!(found[0].iri(), "http://www.wikidata.org/entity/Q794");
    assert_eq!(found[1].found_by, "Tehran");
    let by_alias = wikidata::search(&recorded(), &["US".into()], &AtomicBool::new(false)).unwrap();
    assert_eq!(by_alias[0].matched_alias.as_deref(), Some("US"));
    let none = wikidata::search(
        &recorded(),
        &["Nowhere at all".into()],
        &AtomicBool::new(false),
    );
    assert_eq!(none, Ok(vec![]));
}

#[test]
fn every_recorded_answer_reads() {
    for entry in std::fs::read_dir(RECORDED).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let body = std::fs::read_to_string(&path).unwrap();
            let found = wikidata::parse_answer(&body, "x").unwrap();
            assert!(!found.is_empty(), "{}", path.display());
            assert!(found.iter().all(|c| crosscheck::linked::is_qid(&c.qid)));
        }
    }
}

#[test]
fn an_answer_captured_from_the_live_api_reads() {
    let found = wikidata::search(
        &recorded(),
        &["Attila the Hun".into()],
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(found.len(), 5);
    assert_eq!(found[0].qid, "Q36724");
    assert_eq!(found[0].description, "King of the Hunnic Empire");
    assert_eq!(found[2].description, "", "a hit without a description");
    assert_eq!(found[4].label, "Attila the Hun in popular culture");
}

/// An API that fails the way the network does.
struct Failing(HttpError);

impl Http for Failing {
    fn get(&self, _: &str) -> Result<String, HttpError> {
        Err(self.0.clone())
    }
}

#[test]
fn failures_say_what_happened_in_one_line() {
    let terms = vec!["Iran".to_owned()];
    let no = AtomicBool::new(false);
    let offline = wikidata::search(
        &Failing(HttpError::Offline("no such host".into())),
        &terms,
        &no,
    )
    .unwrap_err();
    assert_eq!(
        offline.to_string(),
        "Offline: Wikidata could not be reached (no such host). Paste its Q-id or Wikidata address instead."
    );
    let slow = wikidata::search(&Failing(HttpError::Timeout), &terms, &no).unwrap_err();
    assert!(slow.to_string().contains("within 10 s"), "{slow}");
    let refused = wikidata::search(&Failing(HttpError::Status(429)), &terms, &no).unwrap_err();
    assert!(refused.to_string().contains("HTTP 429"), "{refused}");
    for e in [offline, slow, refused] {
        assert!(!e.to_string().contains('\n'));
    }
}

#[test]
fn the_real_client_fails_cleanly_without_a_server() {
    // Nothing listens on the discard port of the loopback: refused at once, as offline.
    let answer = wikidata::Live::default().get("http://127.0.0.1:9/w/api.php?search=Iran");
    // (A firewall that drops rather than refuses would make it the timeout: clean too.)
    assert!(
        matches!(answer, Err(HttpError::Offline(_) | HttpError::Timeout)),
        "{answer:?}"
    );
}

/// An API that counts its requests and takes its time.
struct Slow(AtomicUsize);

impl Http for Slow {
    fn get(&self, url: &str) -> Result<String, HttpError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(150));
        recorded().get(url)
    }
}

#[test]
fn a_cancelled_search_stops_before_its_next_request() {
    let http = Arc::new(Slow(AtomicUsize::new(0)));
    let cancel = Arc::new(AtomicBool::new(false));
    let terms: Vec<String> = ["Iran", "Tehran", "Islamic Republic", "country"]
        .map(String::from)
        .to_vec();
    let worker = {
        let (http, cancel) = (http.clone(), cancel.clone());
        std::thread::spawn(move || wikidata::search(&*http, &terms, &cancel))
    };
    std::thread::sleep(std::time::Duration::from_millis(50));
    cancel.store(true, Ordering::SeqCst);
    assert_eq!(worker.join().unwrap(), Err(SearchError::Cancelled));
    assert_eq!(
        http.0.load(Ordering::SeqCst),
        1,
        "no request after the cancel"
    );
}

fn doc<'a>(h: &'a Harness<'static, CrosscheckApp>) -> &'a Document {
    &h.state().project().unwrap().doc
}

/// The sample open with an entity selected, searching the given API.
fn editor(dir: &Path, entity: &str, http: Arc<dyn Http>) -> Harness<'static, CrosscheckApp> {
    let mut app = CrosscheckApp::new(Some(sample_copy(dir)), None);
    app.set_wikidata(http);
    let mut h = harness(app);
    h.state_mut().view_mut().unwrap().selected = Some(Selected::Entity(EntityId(entity.into())));
    h.run();
    h
}

fn wait_for_answer(h: &mut Harness<'static, CrosscheckApp>) {
    for _ in 0..200 {
        h.run();
        if !h.state().searching_wikidata() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the search never answered");
}

#[test]
fn find_on_wikidata_offers_candidates_and_one_click_links_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = editor(dir.path(), "us-government", Arc::new(recorded()));
    let id = EntityId("us-government".into());
    let before = doc(&h).project().entity(&id).unwrap().clone();
    assert_eq!(before.same_as, ["http://www.wikidata.org/entity/Q48525"]);
    h.get_by_label("Wikidata Q48525");
    h.get_by_label("🔎 Find on Wikidata").click();
    h.run();
    wait_for_answer(&mut h);
    h.get_by_label("2 candidates on Wikidata:");
    h.get_by_label("country primarily located in North America");
    h.get_by_label("Already linked"); // Q48525
    h.get_by_label("Add link").click();
    h.run();
    let after = doc(&h).project().entity(&id).unwrap().clone();
    assert_eq!(
        after.same_as,
        [
            "http://www.wikidata.org/entity/Q48525",
            "http://www.wikidata.org/entity/Q30"
        ]
    );
    assert_eq!(
        after.name, before.name,
        "nothing else of the entity changed"
    );
    h.get_by_label("Wikidata Q30");
    // One undo step takes it back.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo edit entity").click();
    h.run();
    assert_eq!(doc(&h).project().entity(&id).unwrap(), &before);
    // The form follows the undo: nothing for Save to write back.
    h.get_by_label_contains("Wikidata Q48525");
    assert!(h.query_by_label("Wikidata Q30").is_none());
    assert!(h.get_by_label("Save entity").accesskit_node().is_disabled());
}

#[test]
fn offline_the_search_says_so_and_a_pasted_q_id_still_links() {
    let dir = tempfile::tempdir().unwrap();
    let offline = dir.path().join("offline-answers");
    std::fs::create_dir(&offline).unwrap();
    std::fs::write(offline.join("offline"), "").unwrap();
    let mut h = editor(
        dir.path(),
        "iran-un-mission",
        Arc::new(Recorded::new(&offline)),
    );
    h.get_by_label("🔎 Find on Wikidata").click();
    wait_for_answer(&mut h);
    h.get_by_label_contains("Offline: Wikidata could not be reached");
    // A bad paste is refused with the reason; the field keeps what was typed.
    h.get_by_role_and_label(accesskit::Role::TextInput, "Same as link")
        .focus();
    h.run();
    h.get_by_role_and_label(accesskit::Role::TextInput, "Same as link")
        .type_text("Iran mission");
    h.run();
    h.get_by_label("Add").click();
    h.run();
    h.get_by_label_contains("“Iran mission” is neither a Wikidata item");
    let id = EntityId("iran-un-mission".into());
    assert!(doc(&h).project().entity(&id).unwrap().same_as.is_empty());
    // A Wikidata address pasted is kept as the item's IRI.
    h.get_by_role_and_label(accesskit::Role::TextInput, "Same as link")
        .focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(accesskit::Role::TextInput, "Same as link")
        .type_text("https://www.wikidata.org/wiki/Q123456789");
    h.run();
    h.get_by_label("Add").click();
    h.run();
    assert_eq!(
        doc(&h).project().entity(&id).unwrap().same_as,
        ["http://www.wikidata.org/entity/Q123456789"]
    );
    // Removed with its button: the "×" on the link's row (columns have "×" buttons too).
    let row = h.get_by_label("Wikidata Q123456789").rect();
    let remove = h
        .get_all_by_label("×")
        .find(|n| {
            (n.rect().center().y - row.center().y).abs() < 4.0 && n.rect().left() > row.right()
        })
        .unwrap();
    remove.click();
    h.run();
    assert!(doc(&h).project().entity(&id).unwrap().same_as.is_empty());
}

#[test]
fn a_search_under_way_can_be_cancelled_from_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = editor(dir.path(), "iran", Arc::new(Slow(AtomicUsize::new(0))));
    // Frame by frame: `run` would go on while the spinner turns, until the answer came.
    h.get_by_label("🔎 Find on Wikidata").click();
    h.step();
    h.step();
    assert!(h.state().searching_wikidata());
    h.get_by_label_contains("Searching Wikidata for “Iran”");
    // The pointer moves there first, as a hand does (the Find button's tooltip goes).
    h.get_by_label("Cancel").hover();
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    assert!(!h.state().searching_wikidata());
    h.step();
    h.get_by_label("Search cancelled.");
}

/// The real API, over the network: `cargo test --test wikidata -- --ignored`.
#[test]
#[ignore = "asks www.wikidata.org over the internet"]
fn the_live_api_answers_in_the_shape_we_read() {
    let found = wikidata::search(
        &wikidata::Live::default(),
        &["Iran".into()],
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(found.iter().any(|c| c.qid == "Q794"), "{found:?}");
    assert!(found.iter().all(|c| !c.label.is_empty()));
}

#[test]
fn a_wikidata_item_links_to_its_page_and_another_address_is_only_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = editor(dir.path(), "trump-campaign", Arc::new(recorded()));
    h.get_by_label("https://www.donaldjtrump.com");
    assert!(
        h.query_by_role_and_label(accesskit::Role::Link, "https://www.donaldjtrump.com")
            .is_none()
    );
    h.state_mut().view_mut().unwrap().selected = Some(Selected::Entity(EntityId("iran".into())));
    h.run();
    h.get_by_role_and_label(accesskit::Role::Link, "Wikidata Q794");
}
