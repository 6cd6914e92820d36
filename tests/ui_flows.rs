//! The window's main flows, driven through `egui_kittest` by accessible labels and real
//! pointer and key events (no GPU, no display).

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::model::{EntityId, Stance};
use crosscheck::store;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::PendingSpan;
use egui::{Key, Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::fs;
use std::path::{Path, PathBuf};

/// A private copy of the sample project, so tests can save into it.
fn sample_copy(dir: &Path) -> PathBuf {
    let src = Path::new("samples/iran-hack");
    fs::create_dir_all(dir.join("articles")).unwrap();
    for e in fs::read_dir(src.join("articles")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), dir.join("articles").join(e.file_name())).unwrap();
    }
    fs::copy(src.join("crosscheck.ron"), dir.join("crosscheck.ron")).unwrap();
    dir.join("crosscheck.ron")
}

fn harness(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        // Real frame pacing, so two clicks can make a double click.
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .build_ui_state(|ui, app: &mut CrosscheckApp| app.ui_root(ui), app);
    h.run();
    h
}

fn drag(h: &mut Harness<'static, CrosscheckApp>, from: Pos2, to: Pos2) {
    common::drag(h, from, to, Modifiers::NONE);
}

/// The text selection waiting for an entity in the popup.
fn pending(h: &Harness<'static, CrosscheckApp>) -> Option<PendingSpan> {
    h.state().project().unwrap().view.pending.clone()
}

fn annotation_count(h: &Harness<'static, CrosscheckApp>) -> usize {
    h.state().project().unwrap().doc.project().annotations.len()
}

#[test]
fn sample_opens_with_five_columns_and_the_entity_panel() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    for title in [
        "Text of Iran denies involvement in cyberattacks on Trump and Harris campaigns",
        "Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign",
        "Text of Iranian Mission to the UN dismisses claims of cyber activity against Trump’s campaign",
        "Text of US government endorses Trump’s allegations that Iran hacked his campaign",
        "Text of Trump claims that Iran hacked his campaign",
    ] {
        h.get_by_label(title);
    }
    for entity in [
        "Trump campaign",
        "Harris campaign",
        "Iran UN mission",
        "FBI/CISA/ODNI",
    ] {
        assert!(
            h.query_all_by_label_contains(entity).next().is_some(),
            "{entity} in the entity panel"
        );
    }
    assert_eq!(h.state().title(), "Iran hack, August 2024 — Crosscheck");
}

#[test]
fn drag_select_press_number_key_save_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    let before = annotation_count(&h);

    // Drag across the first line of the second column, as the mouse would.
    let rect = h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign").rect();
    let y = rect.min.y + 8.0;
    drag(
        &mut h,
        Pos2::new(rect.min.x + 2.0, y),
        Pos2::new(rect.min.x + 150.0, y),
    );
    let pending = pending(&h).expect("a selection waits for an entity");
    assert_eq!(pending.article.as_str(), "001-us-officials");
    assert_eq!(pending.chars.start, 0);
    assert!(pending.chars.end > 5);

    // The popup lists the entities; key 4 links the fourth (FBI/CISA/ODNI).
    h.get_by_label("4 FBI/CISA/ODNI");
    h.key_press(Key::Num4);
    h.run();
    assert_eq!(annotation_count(&h), before + 1);
    let doc = &h.state().project().unwrap().doc;
    let added = doc
        .project()
        .annotations
        .iter()
        .find(|a| {
            a.article.as_str() == "001-us-officials"
                && a.char_start == 0
                && a.char_end == pending.chars.end
        })
        .expect("new annotation at the selected offsets")
        .clone();
    let text = doc.text(&added.article).unwrap();
    assert_eq!(
        text.slice(added.char_start..added.char_end),
        Some(added.quote.as_str())
    );
    assert!(
        added.quote.starts_with("US intelligence"),
        "{}",
        added.quote
    );
    assert_eq!(added.entities, vec![EntityId::from("fbi-cisa-odni")]);
    assert!(
        h.state().title().contains("• unsaved"),
        "{}",
        h.state().title()
    );

    // The details panel shows it; link a second entity there.
    h.get_by_label("Link entity…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Google")
        .click();
    h.run();

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(
        !h.state().title().contains("unsaved"),
        "{}",
        h.state().title()
    );

    let reloaded = store::load(&path).unwrap();
    assert!(reloaded.problems.is_empty(), "{:?}", reloaded.problems);
    let again = reloaded
        .document
        .project()
        .annotation(&added.id)
        .expect("the saved file holds the annotation");
    assert_eq!(again.quote, added.quote);
    assert_eq!(
        again.entities,
        vec![EntityId::from("fbi-cisa-odni"), EntityId::from("google")]
    );
}

#[test]
fn double_click_selects_a_word_and_escape_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    let rect = h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign").rect();
    // Second line starts with "Iran was responsible…"; hit its first word.
    let p = Pos2::new(rect.min.x + 10.0, rect.min.y + 8.0);
    h.hover_at(p);
    h.step();
    for _ in 0..2 {
        h.drag_at(p);
        h.step();
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    let span = pending(&h).expect("word selected");
    let doc = &h.state().project().unwrap().doc;
    let word = doc
        .text(&span.article)
        .unwrap()
        .slice(span.chars.clone())
        .unwrap()
        .to_owned();
    assert_eq!(word, "US");
    h.key_press(Key::Escape);
    h.run();
    assert!(pending(&h).is_none());
}

#[test]
fn clicking_a_highlight_selects_it_and_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    let before = annotation_count(&h);
    // The second column starts with the highlight "US intelligence officials".
    let rect = h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign").rect();
    let p = Pos2::new(rect.min.x + 30.0, rect.min.y + 8.0);
    common::click_at(&mut h, p);
    let selected = h
        .state()
        .project()
        .unwrap()
        .view
        .selected_annotation()
        .cloned()
        .expect("highlight selected");
    let quote = h
        .state()
        .project()
        .unwrap()
        .doc
        .project()
        .annotation(&selected)
        .unwrap()
        .quote
        .clone();
    assert_eq!(quote, "US intelligence officials");
    h.get_by_label("Delete highlight").click();
    h.run();
    assert_eq!(annotation_count(&h), before - 1);
    // Undo brings it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), before);
}

#[test]
fn new_entity_from_the_entity_panel() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    h.get_by_label("+ New…").click();
    h.run();
    let add = h.get_by_label("Add entity");
    assert!(add.accesskit_node().is_disabled(), "no name yet");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name")
        .focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Name")
        .type_text("Mandiant");
    h.run();
    h.get_by_label("Add entity").click();
    h.run();
    let p = h.state().project().unwrap().doc.project();
    let e = p.entity(&EntityId::from("mandiant")).expect("entity added");
    assert_eq!(e.name, "Mandiant");
    assert_eq!(e.aliases, vec!["Mandiant".to_owned()]);
}

#[test]
fn start_screen_opens_a_project_by_typed_path_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(None, None));
    h.get_by_label("Open project…");
    h.get_by_label("Open by path…").click();
    h.run();
    let field = h.get_by_role(egui::accesskit::Role::TextInput);
    field.type_text(&dir.path().join("missing.ron").display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.run();
    let status = h.state().status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("could not read project"), "{status}");
    assert!(status.contains("missing.ron"), "{status}");
    assert!(h.state().project().is_none());

    h.get_by_label("Open by path…").click();
    h.run();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text(&path.display().to_string());
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().project().is_some(),
        "{:?}",
        h.state().status_text()
    );
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    let id = h.state().project().unwrap().doc.project().annotations[0]
        .id
        .clone();
    h.state_mut().view_mut().unwrap().selected =
        Some(crosscheck::ui::state::Selected::Annotation(id));
    h.run();
    h.get_by_label("Delete highlight").click();
    h.run();
    assert!(h.state().title().contains("unsaved"));
    let before = fs::read(&path).unwrap();

    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label_contains("Save changes to");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label_contains("Save changes to").is_none());
    assert_eq!(fs::read(&path).unwrap(), before, "cancel writes nothing");
    assert!(h.state().title().contains("unsaved"));

    h.state_mut()
        .queue(crosscheck::ui::state::Action::CloseProject);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().project().is_none(), "closed after saving");
    assert_ne!(fs::read(&path).unwrap(), before, "saved first");
}

#[test]
fn a_project_with_problems_opens_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    fs::remove_file(dir.path().join("articles/004-lib.txt")).unwrap();
    let h = harness(CrosscheckApp::new(Some(path), None));
    h.get_by_label_contains("Problems (1)");
    h.get_by_label_contains("article file not found");
    h.get_by_label_contains("The text of this article could not be loaded");
    // The other columns still show their text.
    h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign");
}

#[test]
fn new_claim_from_a_selection_then_set_its_stance() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    let claims_before = h.state().project().unwrap().doc.project().claims.len();
    let rect = h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign").rect();
    let y = rect.min.y + 8.0;
    drag(
        &mut h,
        Pos2::new(rect.min.x + 2.0, y),
        Pos2::new(rect.min.x + 250.0, y),
    );
    h.get_by_label("Claim…").click();
    h.run();
    h.get_by_label("New claim from selection").click();
    h.run();
    let project = h.state().project().unwrap().doc.project();
    assert_eq!(project.claims.len(), claims_before + 1);
    let claim = project.claims.last().unwrap().clone();
    let span = h
        .state()
        .project()
        .unwrap()
        .view
        .selected_annotation()
        .cloned()
        .expect("the new span is selected");
    let a = project.annotation(&span).unwrap();
    assert!(
        claim.statement.starts_with("US intelligence officials"),
        "{}",
        claim.statement
    );
    assert_eq!(a.claims.len(), 1);
    assert_eq!(a.claims[0].claim, claim.id);
    assert_eq!(a.claims[0].stance, Stance::Asserts);

    // The details panel's stance box: asserts → denies.
    h.get_by_label("Stance").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "denies")
        .click();
    h.run();
    let a = h
        .state()
        .project()
        .unwrap()
        .doc
        .project()
        .annotation(&span)
        .unwrap()
        .clone();
    assert_eq!(a.claims.len(), 1, "the link was replaced, not added");
    assert_eq!(a.claims[0].stance, Stance::Denies);
}

#[test]
fn matrix_cell_lists_quotes_and_a_quote_jumps_to_its_span() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    h.get_by_label("Matrix").click();
    h.run();
    h.get_by_label_contains("Iran was behind the hacking of the Trump campaign × Iran UN mission:")
        .click();
    h.run();
    let quote = h
        .get_all_by_role(egui::accesskit::Role::Link)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with('“'))
        })
        .expect("the cell lists quotes");
    quote.click();
    h.run();
    let open = h.state().project().unwrap();
    let id = open
        .view
        .selected_annotation()
        .cloned()
        .expect("span selected");
    let a = open.doc.project().annotation(&id).unwrap();
    assert!(a.claims.iter().any(|l| {
        l.speaker
            .as_ref()
            .is_some_and(|s| s.as_str() == "iran-un-mission")
            && l.stance == Stance::Denies
    }));
    assert!(
        open.view.flash.as_ref().is_some_and(|(f, _)| f == &id),
        "the span flashes"
    );
    assert!(open.view.scroll_to.is_none(), "its column scrolled to it");
    assert!(open.view.columns.contains(&a.article));
}

#[test]
fn review_state_and_note_are_saved_in_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_copy(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.get_by_label("Review").click();
    h.run();
    h.get_all_by_label("confirmed").next().unwrap().click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let reloaded = store::load(&path).unwrap();
    let reviews = &reloaded.document.project().reviews;
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0].state, crosscheck::model::ReviewState::Confirmed);
}

#[test]
fn every_format_exports_from_the_window() {
    use crosscheck::export::Format;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(sample_copy(dir.path())), None));
    for format in Format::ALL {
        let target = dir.path().join(format!("out-{}", format.default_name()));
        h.get_by_label("File").click();
        h.run();
        h.get_by_label("Export…").click();
        h.run();
        h.get_by_label(format.label()).click();
        h.run();
        h.get_by_label("Export to path…").click();
        h.run();
        let label = if format.is_folder() {
            "Path of the folder to export into"
        } else {
            "Path of the file to write"
        };
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .focus();
        h.run();
        // Replace the suggested path with ours.
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .type_text(&target.display().to_string());
        h.run();
        h.key_press(Key::Enter);
        h.run();
        assert!(target.exists(), "{format:?}: {:?}", h.state().status_text());
        let status = h.state().status_text().unwrap_or_default().to_owned();
        assert!(status.starts_with("Exported"), "{status}");
        if format.is_folder() {
            assert!(target.join("annotation.conf").exists());
        }
    }
}
