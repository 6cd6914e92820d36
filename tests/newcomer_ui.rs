//! What a newcomer meets first, driven through `egui_kittest`: selections that snap to words
//! (Alt for exact characters, triple-click for a sentence, Shift+click to extend), a start
//! screen that starts things (new project from a folder, the bundled sample, dropped files),
//! typed paths that come prefilled, project settings and the `ClaimReview` checklist.

#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::PendingSpan;
use egui::{Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const TEXT: &str = "Internationally recognised observers say it has no intention of interfering in anything. A second sentence follows here. Third one.";

mod common;

use common::drag;

fn one_article(dir: &Path) -> PathBuf {
    common::article_project(dir, TEXT)
}

fn harness(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    common::harness(app)
}

fn click(h: &mut Harness<'static, CrosscheckApp>, at: Pos2, times: usize, modifiers: Modifiers) {
    h.event(egui::Event::ModifiersChanged(modifiers));
    h.hover_at(at);
    h.step();
    for _ in 0..times {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers,
        });
        h.step();
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers,
        });
        h.step();
    }
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

fn selected(h: &Harness<'static, CrosscheckApp>) -> (PendingSpan, String) {
    let open = h.state().project().unwrap();
    let span = open.view.pending.clone().expect("a selection waits");
    let text = open.doc.text(&span.article).unwrap();
    let quote = text.slice(span.chars.clone()).unwrap().to_owned();
    (span, quote)
}

fn text_rect(h: &Harness<'static, CrosscheckApp>) -> egui::Rect {
    h.get_by_label("Text of Internationally recognised observers say it has no intention of interfering in anything. A second sentence follows here. Third one.").rect()
}

/// Whether `quote` is whole words of `TEXT`: it is in the text, and neither end cuts a word.
fn whole_words(quote: &str) -> bool {
    let at = TEXT.find(quote).unwrap();
    let before = TEXT[..at].chars().next_back();
    let after = TEXT[at + quote.len()..].chars().next();
    !quote.is_empty()
        && before.is_none_or(|c| !c.is_alphanumeric())
        && after.is_none_or(|c| !c.is_alphanumeric())
}

#[test]
fn a_drag_snaps_to_words_alt_drag_is_exact_and_clicks_pick_words_and_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(one_article(dir.path())), None));
    let rect = text_rect(&h);
    let y = rect.min.y + 8.0;
    // From inside "Internationally" to somewhere in the middle of a later word.
    let (from, to) = (
        Pos2::new(rect.min.x + 20.0, y),
        Pos2::new(rect.min.x + 233.0, y),
    );
    drag(&mut h, from, to, Modifiers::NONE);
    let (_, snapped) = selected(&h);
    assert!(snapped.starts_with("Internationally "), "{snapped:?}");
    assert!(whole_words(&snapped), "{snapped:?}");

    h.key_press(egui::Key::Escape);
    h.run();
    drag(&mut h, from, to, Modifiers::ALT);
    let (_, exact) = selected(&h);
    assert!(
        !exact.starts_with('I'),
        "Alt keeps the characters dragged over: {exact:?}"
    );
    assert!(
        snapped.contains(&exact) && exact.len() < snapped.len(),
        "{exact:?}"
    );

    // Triple-click: the sentence.
    h.key_press(egui::Key::Escape);
    h.run();
    click(&mut h, Pos2::new(rect.min.x + 60.0, y), 3, Modifiers::NONE);
    let (_, sentence) = selected(&h);
    assert_eq!(
        sentence,
        "Internationally recognised observers say it has no intention of interfering in anything."
    );

    // Double-click a word, then Shift+click further on: the selection grows to that word.
    h.key_press(egui::Key::Escape);
    h.run();
    h.step_n(30); // past the triple-click's time window
    click(&mut h, Pos2::new(rect.min.x + 20.0, y), 2, Modifiers::NONE);
    let (first, word) = selected(&h);
    assert_eq!(word, "Internationally");
    h.step_n(30);
    click(
        &mut h,
        Pos2::new(rect.min.x + 233.0, y),
        1,
        Modifiers::SHIFT,
    );
    let (extended, longer) = selected(&h);
    assert_eq!(extended.chars.start, first.chars.start);
    assert_eq!(
        longer, snapped,
        "Shift+click ends where the drag ended: on a whole word"
    );
}

trait StepN {
    fn step_n(&mut self, n: usize);
}

impl StepN for Harness<'static, CrosscheckApp> {
    fn step_n(&mut self, n: usize) {
        for _ in 0..n {
            self.step();
        }
    }
}

#[test]
fn the_start_screen_starts_a_project_opens_the_sample_copy_and_lists_recent_paths() {
    let mut h = harness(CrosscheckApp::new(None, None));
    // New project from folder: the import dialog, with the whole-page choice.
    h.get_by_label("New project from folder…").click();
    h.run();
    h.get_by_label("Keep whole web pages (menus, footers and related links too)");
    h.get_by_label("Choose folder…");
    h.get_by_label("Cancel").click();
    h.run();
    // The sample opens as a fresh copy in a temporary folder.
    h.get_by_label("Open the sample project").click();
    h.run();
    let open = h.state().project().expect("the sample opened");
    let path = open.path.clone();
    assert!(path.starts_with(std::env::temp_dir()), "{}", path.display());
    assert_ne!(
        path.canonicalize().unwrap(),
        Path::new("samples/iran-hack/crosscheck.ron")
            .canonicalize()
            .unwrap()
    );
    assert_eq!(open.doc.project().articles.len(), 5);
    assert!(
        h.state()
            .status_text()
            .unwrap()
            .contains("copy of the sample")
    );
    // Back at the start screen, the copy is a recent project, shown with its path.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Close project").click();
    h.run();
    h.get_by_label(&path.display().to_string());
    let _ = fs::remove_dir_all(path.parent().unwrap());
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(h: &mut Harness<'static, CrosscheckApp>, paths: &[PathBuf]) {
    h.input_mut().dropped_files = paths
        .iter()
        .map(|p| Arc::new(Dropped(p.clone())) as egui::DroppedFileHandle)
        .collect();
    h.step();
    // The import runs on a worker; wait for it.
    for _ in 0..200 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
        if h.state()
            .project()
            .is_some_and(|o| !o.doc.project().articles.is_empty())
            && !h.state().status_text().unwrap_or_default().is_empty()
        {
            break;
        }
    }
    h.run();
}

#[test]
fn files_dropped_on_the_window_make_a_project_then_join_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("a.txt"), "First report.\nIt says things.").unwrap();
    fs::copy("tests/fixtures/web/news-page.html", folder.join("b.html")).unwrap();
    let mut h = harness(CrosscheckApp::new(None, None));
    drop_files(&mut h, &[folder.join("a.txt"), folder.join("b.html")]);
    let open = h
        .state()
        .project()
        .expect("a new project from the dropped files");
    assert_eq!(open.path, folder.join("crosscheck.ron"));
    let articles = &open.doc.project().articles;
    assert_eq!(articles.len(), 2);
    let page = articles.iter().find(|a| a.id.as_str() == "b").unwrap();
    assert_eq!(
        page.title,
        "Iran rejects US accusations of campaign hacking"
    );
    assert_eq!(page.outlet, "Example Daily News");
    // Dropped on an open project, files are added to it.
    let more = dir.path().join("later.md");
    fs::write(&more, "# Later\nA later report.").unwrap();
    drop_files(&mut h, std::slice::from_ref(&more));
    for _ in 0..100 {
        if h.state().project().unwrap().doc.project().articles.len() == 3 {
            break;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(h.state().project().unwrap().doc.project().articles.len(), 3);
}

#[test]
fn typed_paths_come_prefilled_with_the_project_folder_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = one_article(dir.path());
    let mut h = harness(CrosscheckApp::new(Some(path.clone()), None));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Save as by path…").click();
    h.run();
    let field = h.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "Path of the project's .ron file",
    );
    assert_eq!(
        field.accesskit_node().value().as_deref(),
        Some(path.display().to_string().as_str())
    );
    h.key_press(egui::Key::Escape);
    h.run();
}

#[test]
fn project_settings_name_the_publisher_and_the_export_dialog_lists_what_claimreview_lacks() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample");
    crosscheck::sample::write_copy(&project).unwrap();
    let mut h = harness(CrosscheckApp::new(
        Some(project.join("crosscheck.ron")),
        None,
    ));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("schema.org ClaimReview (JSON-LD)").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("will be exported without fields")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("author (the fact-checking organisation")
            .next()
            .is_some()
    );
    h.get_by_label("Cancel").click();
    h.run();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Project settings…").click();
    h.run();
    let type_into = |h: &mut Harness<'static, CrosscheckApp>, label: &str, text: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .focus();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
        h.run();
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
            .type_text(text);
        h.run();
    };
    type_into(&mut h, "Publisher", "Example Fact Desk");
    type_into(&mut h, "Publisher web site", "factdesk.example.org");
    assert!(
        h.query_all_by_label_contains("is not a web address")
            .next()
            .is_some()
    );
    type_into(&mut h, "Publisher web site", "https://factdesk.example.org");
    h.get_by_label("Save settings").click();
    h.run();
    let publisher = h.state().project().unwrap().doc.project().publisher.clone();
    assert_eq!(publisher.name, "Example Fact Desk");
    assert_eq!(publisher.url, "https://factdesk.example.org");
}

#[test]
fn the_selection_popup_steps_aside_for_menus_and_dialogs_and_esc_closes_the_top_most() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample");
    crosscheck::sample::write_copy(&project).unwrap();
    let mut h = harness(CrosscheckApp::new(
        Some(project.join("crosscheck.ron")),
        None,
    ));
    let first = h.state().project().unwrap().doc.project().entities[0]
        .name
        .clone();
    let key_label = format!("1 {first}");
    let rect = h.get_by_label("Text of US intelligence officials confident Iran was responsible for hacking Trump’s campaign").rect();
    click(
        &mut h,
        Pos2::new(rect.min.x + 10.0, rect.min.y + 8.0),
        2,
        Modifiers::NONE,
    );
    assert!(h.state().project().unwrap().view.pending.is_some());
    assert!(
        h.query_by_label(&key_label).is_some(),
        "the popup offers entities"
    );
    // The File menu open: the popup steps aside, the selection stays.
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label(&key_label).is_none());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().project().unwrap().view.pending.is_some());
    // The export dialog: Esc closes it, not the selection under it.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.query_by_label(&key_label).is_none());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Export to path…").is_none(),
        "the dialog closed"
    );
    assert!(h.state().project().unwrap().view.pending.is_some());
    assert!(h.query_by_label(&key_label).is_some(), "the popup is back");
    // And now Esc closes the popup.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().project().unwrap().view.pending.is_none());
}
