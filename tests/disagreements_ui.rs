//! The review of disagreements in the window, driven through `egui_kittest` by accessible
//! labels and real pointer events: reviewing a disagreement as a whole, filtering the list,
//! the speakers map's clicks, the matrix cell's disagreements and a claim's timeline.

// Tests fail loudly by unwrapping.
#![allow(clippy::unwrap_used)]

mod common;

use crosscheck::analysis;
use crosscheck::model::{EntityId, ReviewState};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::{BottomTab, Selected};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

type H = Harness<'static, CrosscheckApp>;

fn open_sample(dir: &std::path::Path) -> (H, std::path::PathBuf) {
    let path = common::sample_copy(dir);
    let h = common::harness(CrosscheckApp::new(Some(path.clone()), None));
    (h, path)
}

/// The counts line of the Review tab.
fn counts(h: &H) -> String {
    let node = h.get_by_label_contains(" disagreements, ");
    let node = node.accesskit_node();
    node.label().or_else(|| node.value()).unwrap().clone()
}

/// The first review note field.
fn note(h: &H) -> egui_kittest::Node<'_> {
    h.get_all_by_role(Role::MultilineTextInput)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l == "Note"))
        .unwrap()
}

/// The list entry beside the map for FBI/CISA/ODNI against the Iran UN mission.
fn edge_link(h: &H) -> egui_kittest::Node<'_> {
    h.get_all_by_role(Role::Link)
        .find(|n| {
            n.accesskit_node().label().is_some_and(|l| {
                l.contains("FBI/CISA/ODNI")
                    && l.contains("Iran UN mission")
                    && l.contains(": opposite sides on ")
            })
        })
        .unwrap()
}

#[test]
fn a_disagreement_is_reviewed_as_a_whole_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = open_sample(dir.path());
    let first = {
        let p = h.state().project().unwrap().doc.project();
        analysis::disagreements(p)[0].clone()
    };
    assert!(first.pairs.len() > 1, "the top one gathers many pairs");
    h.get_by_label("Review").click();
    h.run();
    let total = analysis::disagreements(h.state().project().unwrap().doc.project()).len();
    assert!(total <= 60);
    assert_eq!(
        counts(&h),
        format!(
            "{total} disagreements, {total} open · {} quote pairs",
            analysis::contradictions(h.state().project().unwrap().doc.project()).len()
        )
    );
    // The first card: its claim, both sides with their extent.
    assert!(
        h.get_all_by_label_contains(&format!("{} — ", first.pro.stance_label()))
            .next()
            .is_some()
    );
    h.get_all_by_label("confirmed").next().unwrap().click();
    h.run();
    // The card stays where it was while its note is typed.
    note(&h).focus();
    h.run();
    note(&h).type_text("agency statement vs mission denial");
    h.run();
    assert_eq!(
        counts(&h),
        format!(
            "{total} disagreements, {} open · {} quote pairs",
            total - 1,
            analysis::contradictions(h.state().project().unwrap().doc.project()).len()
        )
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let reloaded = store::load(&path).unwrap();
    let p = reloaded.document.project();
    assert_eq!(p.reviews.len(), 1);
    assert_eq!(p.reviews[0].key, first.key);
    assert_eq!(p.reviews[0].state, ReviewState::Confirmed);
    assert_eq!(p.reviews[0].note, "agency statement vs mission denial");
    // Every pair it gathers is reviewed with it.
    let again = analysis::disagreements(p);
    let d = again.iter().find(|d| d.key == first.key).unwrap();
    assert_eq!(d.pairs.len(), first.pairs.len());
    assert_eq!(analysis::review_state(p, &d.key), ReviewState::Confirmed);
}

#[test]
fn open_only_and_speaker_filters_narrow_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_sample(dir.path());
    let total = analysis::disagreements(h.state().project().unwrap().doc.project()).len();
    h.get_by_label("Review").click();
    h.run();
    h.get_all_by_label("explained").next().unwrap().click();
    h.run();
    h.get_by_label("Open only").click();
    h.run();
    h.get_by_label(&format!("({} shown)", total - 1));
    let open = h.state().project().unwrap();
    assert!(open.view.review.open_only);
    // The speaker filter: pick the Iran UN mission in the second combo box ("any").
    h.get_by_role_and_label(Role::ComboBox, "Speaker").click();
    h.run();
    h.get_all_by_role_and_label(Role::Button, "Iran UN mission")
        .last()
        .unwrap()
        .click();
    h.run();
    let open = h.state().project().unwrap();
    let mission: EntityId = "iran-un-mission".into();
    assert_eq!(open.view.review.speaker.as_ref(), Some(&mission));
    let p = open.doc.project();
    let expected = analysis::disagreements(p)
        .iter()
        .filter(|d| d.involves(&mission))
        .filter(|d| analysis::review_state(p, &d.key) == ReviewState::Open)
        .count();
    assert!(expected > 0);
    h.get_by_label(&format!("({expected} shown)"));
    h.get_by_label("Clear filters").click();
    h.run();
    assert_eq!(h.state().project().unwrap().view.review.speaker, None);
}

#[test]
fn the_speakers_map_opens_a_speakers_or_a_pairs_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_sample(dir.path());
    h.get_by_label("Speakers map").click();
    h.run();
    // A node: that speaker's disagreements.
    h.get_by_label("Speaker FBI/CISA/ODNI").click();
    h.run();
    let view = &h.state().project().unwrap().view;
    assert_eq!(view.bottom_tab, BottomTab::Review);
    assert_eq!(view.review.speaker, Some("fbi-cisa-odni".into()));

    // An edge, clicked on its line between the two nodes.
    h.get_by_label("Speakers map").click();
    h.run();
    let fbi = h.get_by_label("Speaker FBI/CISA/ODNI").rect().center();
    let mission = h.get_by_label("Speaker Iran UN mission").rect().center();
    let mut opened = None;
    // Along the line, clear of both nodes; a click elsewhere (another edge crossing there)
    // is undone by going back to the map.
    for t in [0.5, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7] {
        let at = fbi + (mission - fbi) * t;
        if at.distance(fbi) < 30.0 || at.distance(mission) < 30.0 {
            continue;
        }
        h.hover_at(at);
        h.step();
        h.step();
        h.drag_at(at);
        h.step();
        h.drop_at(at);
        h.run();
        let view = &h.state().project().unwrap().view;
        if view.bottom_tab == BottomTab::Review && view.review.between.is_some() {
            opened = view.review.between.clone();
            break;
        }
        h.get_by_label("Speakers map").click();
        h.run();
    }
    let (one, other) = opened.expect("a click on the edge opens the Review tab");
    let mut pair = [one.to_string(), other.to_string()];
    pair.sort();
    assert_eq!(pair, ["fbi-cisa-odni", "iran-un-mission"]);
    // The cards are exactly the disagreements between them.
    let p = h.state().project().unwrap().doc.project();
    let between = analysis::disagreements(p)
        .into_iter()
        .filter(|d| h.state().project().unwrap().view.review.admits(d))
        .count();
    assert!(between >= 1);
    h.get_by_label(&format!("({between} shown)"));

    // The same in words, beside the map.
    h.get_by_label("Speakers map").click();
    h.run();
    edge_link(&h).scroll_to_me();
    h.run();
    edge_link(&h).click();
    h.run();
    assert_eq!(
        h.state().project().unwrap().view.bottom_tab,
        BottomTab::Review
    );
}

#[test]
fn a_matrix_cell_selects_its_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_sample(dir.path());
    h.get_by_label("Matrix").click();
    h.run();
    h.get_by_label_contains("Iran was behind the hacking of the Trump campaign × Iran UN mission:")
        .click();
    h.run();
    h.get_by_label("Review them").click();
    h.run();
    let open = h.state().project().unwrap();
    assert_eq!(open.view.bottom_tab, BottomTab::Review);
    let (_, keys) = open.view.review.only.clone().unwrap();
    let mission: EntityId = "iran-un-mission".into();
    let p = open.doc.project();
    let in_cell: Vec<_> = analysis::disagreements(p)
        .iter()
        .filter(|d| {
            d.claim == open.view.review.claim
                && (d.pro.speaker.as_ref() == Some(&mission)
                    || d.con.speaker.as_ref() == Some(&mission))
        })
        .map(|d| d.key.clone())
        .collect();
    assert_eq!(keys.len(), in_cell.len());
    assert!(keys.iter().all(|k| in_cell.contains(k)));
    let claim = open.view.review.claim.clone().unwrap();
    let statement = &open.doc.project().claim(&claim).unwrap().statement;
    assert!(statement.contains("hacking of the Trump campaign"));
    let p = open.doc.project();
    let n = analysis::disagreements(p)
        .iter()
        .filter(|d| open.view.review.admits(d))
        .count();
    assert!(
        n >= 2,
        "FBI/CISA/ODNI and the Trump campaign against the mission"
    );
    h.get_by_label(&format!("({n} shown)"));
}

#[test]
fn a_claims_timeline_lists_who_said_it_when() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = open_sample(dir.path());
    let (claim, groups) = {
        let p = h.state().project().unwrap().doc.project();
        let claim = p
            .claims
            .iter()
            .find(|c| c.statement.contains("hacking of the Trump campaign"))
            .unwrap()
            .clone();
        let spans: Vec<_> = p.claim_spans(&claim.id).collect();
        (claim.clone(), analysis::claim_timeline(p, &spans))
    };
    h.state_mut().view_mut().unwrap().selected = Some(Selected::Claim(claim.id.clone()));
    h.run();
    h.get_by_label("Timeline: who said it when");
    // The dated article (003, 2024-08-20) comes before the undated ones in each group, and
    // undated quotes say so.
    let dated = groups
        .iter()
        .flat_map(|g| &g.entries)
        .filter(|e| e.published.is_some())
        .count();
    assert!(dated > 0);
    assert_eq!(h.get_all_by_label("2024-08-20").count(), dated);
    assert!(h.get_all_by_label("date unknown").count() > 0);
    for g in &groups {
        let undated_first = g.entries.iter().position(|e| e.published.is_none());
        if let Some(u) = undated_first {
            assert!(g.entries[u..].iter().all(|e| e.published.is_none()));
        }
    }
    // A quote of the timeline jumps to its span.
    let first = &groups[0].entries[0];
    let quote = h
        .state()
        .project()
        .unwrap()
        .doc
        .annotation(&first.annotation)
        .unwrap()
        .quote
        .clone();
    let want = format!("“{}”", crosscheck::validate::ellipsize(&quote));
    let links: Vec<String> = h
        .get_all_by_role(Role::Link)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    let link = h
        .get_all_by_role(Role::Link)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l == want))
        .unwrap_or_else(|| panic!("no link {want:?} among {links:#?}"));
    link.scroll_to_me();
    h.run();
    h.get_all_by_role(Role::Link)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l == want))
        .unwrap()
        .click();
    h.run();
    assert_eq!(
        h.state().project().unwrap().view.selected_annotation(),
        Some(&first.annotation)
    );
}
