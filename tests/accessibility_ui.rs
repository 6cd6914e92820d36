//! Every checker can read it, driven through `egui_kittest` at 1280×720: panels that
//! collapse with one click or a key (and stay so), Focus reading that leaves only the
//! articles and brings the layout back, the Details panel only when there is something to
//! show; and the article text in the accessibility tree, paragraph by paragraph, with each
//! highlight named by its quote and described, the keyboard's highlight its active one.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::ui::CrosscheckApp;
use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn laptop(dir: &std::path::Path) -> Harness<'static, CrosscheckApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1280.0, 720.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .with_context_setup(crosscheck::ui::fonts::install)
        .build_ui_state(
            |ui, app: &mut CrosscheckApp| app.ui_root(ui),
            CrosscheckApp::new(Some(common::sample_copy(dir)), None),
        );
    h.run();
    h
}

/// Article columns wholly on screen.
fn whole_columns(h: &Harness<'static, CrosscheckApp>) -> usize {
    h.query_all_by_label_contains("Text of ")
        .filter(|n| {
            let r = n.rect();
            r.min.x >= 0.0 && r.max.x <= 1280.0 && r.width() > 200.0
        })
        .count()
}

fn entity_panel_shown(h: &Harness<'static, CrosscheckApp>) -> bool {
    h.query_by_label("+ New…").is_some()
}

#[test]
fn focus_reading_shows_three_sample_columns_at_1280_by_720_and_brings_the_layout_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = laptop(dir.path());
    assert!(entity_panel_shown(&h));
    assert!(h.query_by_label("Matrix").is_some(), "the tabs are shown");
    let before = whole_columns(&h);
    h.key_press(Key::F9);
    h.run();
    assert!(!entity_panel_shown(&h));
    assert!(
        h.query_by_label("Matrix").is_none(),
        "no tabs in focus reading"
    );
    let reading = whole_columns(&h);
    assert!(
        reading >= 3,
        "{reading} columns side by side in focus reading"
    );
    assert!(
        reading > before,
        "{before} columns before, {reading} in focus reading"
    );
    // Again: the panels come back as they were.
    h.key_press(Key::F9);
    h.run();
    assert!(entity_panel_shown(&h));
    assert!(h.query_by_label("Matrix").is_some());
}

#[test]
fn each_panel_collapses_with_one_click_or_a_key_and_the_choice_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = laptop(dir.path());
    h.get_by_label("Entities panel").click();
    h.run();
    assert!(!entity_panel_shown(&h));
    assert!(
        !h.state_mut().prefs().panels.entities,
        "kept in preferences"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    h.run();
    assert!(entity_panel_shown(&h));
    h.get_by_label("Tabs panel").click();
    h.run();
    assert!(h.query_by_label("Matrix").is_none());
    assert!(!h.state_mut().prefs().panels.tabs);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    h.run();
    assert!(h.query_by_label("Matrix").is_some());
    // Showing a panel from focus reading ends focus reading, the others as they were.
    h.key_press(Key::F9);
    h.run();
    h.get_by_label("Entities panel").click();
    h.run();
    assert!(entity_panel_shown(&h));
    assert!(h.query_by_label("Matrix").is_some());
    assert!(!h.state_mut().prefs().focus_reading);
}

#[test]
fn the_details_panel_takes_room_only_with_something_to_show() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = laptop(dir.path());
    assert!(h.query_by_label("Delete highlight").is_none());
    let wide = whole_columns(&h);
    let rect = h.get_by_label_contains("Text of US intelligence").rect();
    let p = egui::Pos2::new(rect.min.x + 30.0, rect.min.y + 8.0);
    common::click_at(&mut h, p);
    h.get_by_label("Delete highlight");
    assert!(whole_columns(&h) <= wide);
    h.key_press(Key::Escape);
    h.run();
}

#[test]
fn a_screen_reader_reads_an_articles_paragraphs_and_its_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = laptop(dir.path());
    let text = std::fs::read_to_string("samples/iran-hack/articles/001-us-officials.txt").unwrap();
    let first = text.lines().next().unwrap();
    let paragraph = h.get_by_role_and_label(Role::Paragraph, first);
    assert!(paragraph.rect().width() >= 0.0);
    // Its first highlight, inside it: the quote as name, what it is as description.
    let mark = h.get_by_role_and_label(Role::Mark, "US intelligence officials");
    let description = mark.accesskit_node().description().unwrap_or_default();
    assert!(
        description.starts_with("highlight — entity "),
        "{description}"
    );
    // Walking the highlights with the keyboard moves the document's active descendant.
    let rect = h.get_by_label_contains("Text of US intelligence").rect();
    let p = egui::Pos2::new(rect.min.x + 30.0, rect.min.y + 8.0);
    common::click_at(&mut h, p);
    h.key_press(Key::ArrowDown);
    h.run();
    let open = h.state().project().unwrap();
    let selected = open.view.selected_annotation().cloned().unwrap();
    let quote = open
        .doc
        .project()
        .annotation(&selected)
        .unwrap()
        .quote
        .clone();
    let document = h.get_by_label_contains("Text of US intelligence");
    let active = document
        .accesskit_node()
        .active_descendant()
        .map(|n| n.id());
    let marks: Vec<_> = h.query_all_by_role(Role::Mark).collect();
    let announced = marks
        .iter()
        .find(|m| Some(m.accesskit_node().id()) == active)
        .expect("the active descendant is a highlight node");
    assert_eq!(
        announced.accesskit_node().label().as_deref(),
        Some(quote.as_str())
    );
    assert!(announced.accesskit_node().is_selected() == Some(true));
}

#[test]
fn hovering_a_highlight_names_its_entities_and_stances() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = laptop(dir.path());
    let rect = h.get_by_label_contains("Text of US intelligence").rect();
    h.hover_at(egui::Pos2::new(rect.min.x + 30.0, rect.min.y + 8.0));
    for _ in 0..60 {
        h.step();
    }
    // Nothing is selected (no Details panel): the words come from the tooltip.
    assert!(h.state().project().unwrap().view.selected.is_none());
    assert!(
        h.query_all_by_label_contains("highlight — entity ")
            .any(|n| n.accesskit_node().role() != Role::Mark),
        "a tooltip names the highlight's entities"
    );
}
