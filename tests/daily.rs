//! The daily-driver flows of the window: the command table behind menus, shortcuts and the
//! palette, the shortcuts overview, entity merge, article details, synchronised scrolling,
//! and view preferences kept between sessions. Driven by accessible labels.

#![allow(clippy::unwrap_used)]

mod common;

use common::{harness, sample_copy};
use crosscheck::document::{Document, Edit, EditError};
use crosscheck::model::{ArticleId, EntityId};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::{Action, Selected};
use egui::accesskit;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;

fn doc<'a>(h: &'a Harness<'static, CrosscheckApp>) -> &'a Document {
    &h.state().project().unwrap().doc
}

/// Focuses the text field with this label and types into it.
fn type_into(h: &mut Harness<'static, CrosscheckApp>, label: &str, text: &str) {
    h.get_by_role_and_label(accesskit::Role::TextInput, label)
        .focus();
    h.run();
    h.get_by_role_and_label(accesskit::Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn open_sample(dir: &Path) -> Harness<'static, CrosscheckApp> {
    harness(CrosscheckApp::new(Some(sample_copy(dir)), None))
}

#[test]
fn edit_menu_names_what_undo_and_redo_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let first = doc(&h).project().annotations[0].id.clone();
    h.state_mut()
        .queue_edit(Edit::DeleteAnnotation(first.clone()));
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo delete highlight").click();
    h.run();
    assert!(doc(&h).project().annotation(&first).is_some());
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Redo delete highlight");
    // Ctrl+Y and Ctrl+Shift+Z both redo.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert!(doc(&h).project().annotation(&first).is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert!(doc(&h).project().annotation(&first).is_none());
}

#[test]
fn command_palette_finds_a_command_by_name_and_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    type_into(&mut h, "Command", "shortcuts");
    h.run();
    // The best match is listed with its shortcut; Enter runs it.
    h.get_by_label("Keyboard shortcuts");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.query_by_label("Command").is_none(), "palette closed");
    // The overview lists every command of the table with its keys.
    h.get_by_label("Save as…");
    h.get_by_label("Command palette…");
    h.get_by_label("In the highlight popup: link the numbered entity");
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Command palette…").is_none());

    // Arrow keys choose among matches; Escape closes without running anything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    type_into(&mut h, "Command", "text");
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Command").is_none());

    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    type_into(&mut h, "Command", "larger");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!((h.state_mut().prefs().zoom - 1.1).abs() < 1e-4);
}

#[test]
fn f1_shows_the_shortcuts_overview() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    h.key_press(Key::F1);
    h.run();
    assert_eq!(
        h.get_all_by_label("Keyboard shortcuts").count(),
        2,
        "heading and row"
    );
    h.get_by_label("Scroll columns together");
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Scroll columns together").is_none());
}

#[test]
fn merging_an_entity_moves_its_mentions_and_undo_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let project = doc(&h).project().clone();
    let from = EntityId("harris-campaign".into());
    let into = EntityId("trump-campaign".into());
    let from_mentions = project.mention_count(&from);
    let into_mentions = project.mention_count(&into);
    assert!(from_mentions > 0 && into_mentions > 0);
    let both = project
        .annotations
        .iter()
        .filter(|a| a.entities.contains(&from) && a.entities.contains(&into))
        .count();

    h.state_mut().view_mut().unwrap().selected = Some(Selected::Entity(from.clone()));
    h.run();
    h.get_by_label("Merge into").click();
    h.run();
    // The choice in the list, not the matrix's column header of the same name.
    h.query_all_by_label("Trump campaign")
        .find(|n| n.accesskit_node().role() != egui::accesskit::Role::Label)
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains("Merge “Harris campaign” into “Trump campaign”?");
    h.get_by_label("Merge").click();
    h.run();
    let merged = doc(&h).project().clone();
    assert!(merged.entity(&from).is_none());
    assert_eq!(
        merged.mention_count(&into),
        into_mentions + from_mentions - both,
        "every mention moved, none counted twice"
    );
    assert!(
        merged
            .entity(&into)
            .unwrap()
            .aliases
            .iter()
            .any(|a| a == "Harris campaign")
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(doc(&h).project(), &project);
}

#[test]
fn merge_refuses_itself_and_unknown_entities() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut d = store::load(&path).unwrap().document;
    let id = EntityId("trump-campaign".into());
    assert_eq!(
        d.apply(Edit::MergeEntities {
            from: id.clone(),
            into: id.clone()
        }),
        Err(EditError::SelfMerge)
    );
    let nobody = EntityId("nobody".into());
    assert_eq!(
        d.apply(Edit::MergeEntities {
            from: nobody.clone(),
            into: id
        }),
        Err(EditError::UnknownEntity(nobody))
    );
    assert!(!d.is_dirty());
}

#[test]
fn article_details_are_edited_from_the_column_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    let id = ArticleId("001-us-officials".into());
    // The first column's button (the details panel has a heading of the same name).
    h.get_all_by_label("Details")
        .find(|n| n.accesskit_node().role() == accesskit::Role::Button)
        .unwrap()
        .click();
    h.run();
    let form = h
        .state_mut()
        .view_mut()
        .unwrap()
        .article_form
        .clone()
        .unwrap();
    assert_eq!(form.article, doc(&h).project().articles[0].id);
    let first = form.article.clone();

    type_into(&mut h, "Published", "24 August");
    h.get_by_label_contains("is not a date");
    assert!(
        h.get_by_label("Save details")
            .accesskit_node()
            .is_disabled()
    );

    h.state_mut()
        .view_mut()
        .unwrap()
        .article_form
        .as_mut()
        .unwrap()
        .published = "2024-08-19".into();
    type_into(&mut h, "Outlet", "AP");
    h.get_by_label("Save details").click();
    h.run();
    let article = doc(&h).project().article(&first).unwrap().clone();
    assert_eq!(article.published.as_deref(), Some("2024-08-19"));
    assert!(article.outlet.ends_with("AP"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let saved = store::load(&path).unwrap();
    assert_eq!(
        saved.document.project().article(&first).unwrap().published,
        article.published
    );
    assert!(saved.problems.is_empty(), "{:?}", saved.problems);
    let _ = id;
}

/// Scrolls the mouse wheel over a point.
fn wheel(h: &mut Harness<'static, CrosscheckApp>, at: egui::Pos2, dy: f32) {
    h.hover_at(at);
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        phase: egui::TouchPhase::Move,
        modifiers: Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    h.run();
}

fn offsets(h: &Harness<'static, CrosscheckApp>) -> Vec<f32> {
    let open = h.state().project().unwrap();
    open.view
        .columns
        .iter()
        .map(|id| open.view.column_scroll.get(id).map_or(0.0, |s| s.0))
        .collect()
}

#[test]
fn columns_scroll_together_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let text = h.get_by_label("Text of Iranian Mission to the UN dismisses claims of cyber activity against Trump’s campaign").rect();
    let at = text.center();

    wheel(&mut h, at, -40.0);
    let apart = offsets(&h);
    assert!(
        apart[2] > 0.0,
        "the column under the mouse scrolled: {apart:?}"
    );
    assert!(
        apart.iter().enumerate().all(|(i, o)| i == 2 || *o == 0.0),
        "the others did not: {apart:?}"
    );

    h.state_mut().queue(Action::ToggleSyncScroll);
    h.run();
    wheel(&mut h, at, -150.0);
    h.run();
    // Columns out of view are not built; each follows when it comes into view.
    let columns = h.state().project().unwrap().view.columns.clone();
    for id in columns {
        h.state_mut().view_mut().unwrap().reveal_column = Some(id);
        h.run();
    }
    let together = offsets(&h);
    assert!(together[2] > apart[2]);
    assert!(
        together.iter().all(|o| *o > 0.0),
        "the others followed: {together:?}"
    );
}

#[test]
fn view_preferences_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.get_all_by_label("×").next().unwrap().click();
    h.run();
    h.state_mut().queue(Action::ToggleTheme);
    h.state_mut().queue(Action::ZoomIn);
    h.state_mut().queue(Action::ToggleSyncScroll);
    h.run();
    let shown = h.state().project().unwrap().view.columns.clone();
    assert_eq!(shown.len(), 4);
    let prefs = h.state_mut().prefs();
    // Through the same serialisation eframe's storage uses.
    let stored = ron::to_string(&prefs).unwrap();
    let prefs: crosscheck::ui::prefs::Prefs = ron::from_str(&stored).unwrap();

    let dark = h.ctx.theme() == egui::Theme::Dark;
    let h = harness(CrosscheckApp::with_prefs(Some(path), None, prefs));
    let view = &h.state().project().unwrap().view;
    assert_eq!(view.columns, shown, "the hidden column stays hidden");
    assert!(view.sync_scroll);
    assert_eq!(h.ctx.theme() == egui::Theme::Dark, dark);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 1e-4);
}

#[test]
fn stored_preferences_that_no_longer_fit_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut prefs = crosscheck::ui::prefs::Prefs {
        zoom: f32::NAN,
        ..Default::default()
    };
    prefs.projects.push(crosscheck::ui::prefs::ProjectLayout {
        path: path.to_string_lossy().into_owned(),
        columns: vec!["gone".into()],
        widths: [("001-us-officials".to_owned(), 1.0e9)].into(),
    });
    let h = harness(CrosscheckApp::with_prefs(Some(path), None, prefs));
    let view = &h.state().project().unwrap().view;
    assert_eq!(
        view.columns.len(),
        5,
        "a layout of missing articles shows them all"
    );
    assert!(
        view.column_width(&ArticleId("001-us-officials".into()))
            <= crosscheck::ui::state::COLUMN_WIDTH_MAX
    );
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-4);
}

#[test]
fn filter_dims_the_spans_of_other_entities() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let iran = EntityId("iran-un-mission".into());
    let expected = doc(&h)
        .project()
        .annotations
        .iter()
        .filter(|a| a.entities.contains(&iran))
        .count();
    h.get_by_label("entities…").click();
    h.run();
    h.get_by_role_and_label(accesskit::Role::CheckBox, "Iran UN mission")
        .click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    let filter = h.state().project().unwrap().view.filter.clone();
    assert!(filter.entities.contains(&iran));
    h.get_by_label(&format!(
        "{expected} of 299 highlights stand out; the rest are dimmed"
    ));
    // The count is kept per revision: deleting one of those spans updates it.
    let one = doc(&h)
        .project()
        .annotations
        .iter()
        .find(|a| a.entities.contains(&iran))
        .map(|a| a.id.clone())
        .unwrap();
    h.state_mut().queue_edit(Edit::DeleteAnnotation(one));
    h.run();
    h.get_by_label(&format!(
        "{} of 298 highlights stand out; the rest are dimmed",
        expected - 1
    ));
    h.get_by_label("Clear filter").click();
    h.run();
    assert!(!h.state().project().unwrap().view.filter.is_active());
    assert!(h.query_by_label("Clear filter").is_none());
}

#[test]
fn arrow_keys_walk_a_columns_highlights_enter_shows_one_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let article = ArticleId("002-iran-mission".into());
    let spans: Vec<_> = doc(&h)
        .project()
        .annotations_of(&article)
        .map(|a| a.id.clone())
        .collect();
    assert!(spans.len() > 3);
    // Focus the column's text (a click on its title line, where no highlight is).
    let text = h.get_by_label("Text of Iranian Mission to the UN dismisses claims of cyber activity against Trump’s campaign").rect();
    h.get_by_label("Text of Iranian Mission to the UN dismisses claims of cyber activity against Trump’s campaign")
        .focus();
    h.run();
    let selected = |h: &Harness<'static, CrosscheckApp>| {
        h.state()
            .project()
            .unwrap()
            .view
            .selected_annotation()
            .cloned()
    };
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected(&h).as_ref(), Some(&spans[0]));
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(selected(&h).as_ref(), Some(&spans[2]));
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(selected(&h).as_ref(), Some(&spans[1]));
    h.key_press(Key::Enter);
    h.step();
    let flash = h.state().project().unwrap().view.flash.clone();
    assert_eq!(
        flash.map(|f| f.0).as_ref(),
        Some(&spans[1]),
        "Enter shows it"
    );
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert!(doc(&h).project().annotation(&spans[1]).is_none());
    assert!(text.width() > 0.0);
}

#[test]
fn an_entity_is_renamed_and_its_aliases_edited_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_sample(dir.path());
    let id = EntityId("iran-un-mission".into());
    let before = doc(&h).project().entity(&id).unwrap().clone();
    h.state_mut().view_mut().unwrap().selected = Some(Selected::Entity(id.clone()));
    h.run();
    type_into(&mut h, "Name", " (New York)");
    let aliases = accesskit::Role::MultilineTextInput;
    h.get_by_role_and_label(aliases, "Aliases, one per line")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.get_by_role_and_label(aliases, "Aliases, one per line")
        .type_text("\nIran's UN delegation");
    h.run();
    h.get_by_label("Save entity").click();
    h.run();
    let after = doc(&h).project().entity(&id).unwrap().clone();
    assert_eq!(after.name, format!("{} (New York)", before.name));
    assert!(after.aliases.iter().any(|a| a == "Iran's UN delegation"));
    assert_eq!(after.color, before.color);
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo edit entity").click();
    h.run();
    assert_eq!(doc(&h).project().entity(&id).unwrap(), &before);
}
