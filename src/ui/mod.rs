//! The window: the app shell that owns the open document, lays out the panels, turns
//! shortcuts and menu clicks into actions, and applies queued edits at the end of a frame.
//!
//! Nothing outside this module imports egui or eframe.

mod article_view;
mod claims_panel;
mod columns;
mod connectors;
mod derived;
mod details_panel;
mod entity_panel;
mod file_dialog;
pub mod fonts;
mod import_job;
mod matrix_panel;
mod palette;
mod problems_panel;
mod review_panel;
mod selection_popup;
mod start_screen;
pub mod state;

use crate::document::{Document, Edit};
use crate::recent::RecentProjects;
use crate::store;
use crate::validate::Problem;
use details_panel::DetailsBuffers;
use egui::{Key, KeyboardShortcut, Modifiers};
use file_dialog::{FileDialogs, Purpose};
use state::{Action, ViewState};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use article_view::color32;

/// Opens the window; returns when it closes.
///
/// # Errors
/// When no window can be created (no display, no OpenGL).
pub fn run(project: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Crosscheck")
            .with_app_id("crosscheck")
            .with_inner_size([1560.0, 920.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    let recent_file = RecentProjects::default_file();
    eframe::run_native(
        "Crosscheck",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            Ok(Box::new(CrosscheckApp::new(project, recent_file)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// An open project: the document, where it lives, and how it is shown.
pub struct OpenProject {
    pub doc: Document,
    pub path: PathBuf,
    pub problems: Vec<Problem>,
    pub view: ViewState,
    derived: derived::Derived,
}

impl OpenProject {
    /// The name shown in the title bar.
    #[must_use]
    pub fn name(&self) -> String {
        let name = self.doc.project().name.trim();
        if name.is_empty() {
            self.path.file_stem().map_or_else(
                || "Untitled".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            )
        } else {
            name.to_owned()
        }
    }
}

struct Status {
    text: String,
    error: bool,
}

/// The whole application state behind the window.
pub struct CrosscheckApp {
    open: Option<OpenProject>,
    recent: RecentProjects,
    recent_file: Option<PathBuf>,
    dialogs: FileDialogs,
    status: Option<Status>,
    /// An action held back until the user answers "save changes?".
    confirm: Option<Action>,
    close_confirmed: bool,
    title: String,
    new_entity_name: String,
    buffers: DetailsBuffers,
    review_notes: review_panel::ReviewNotes,
    /// The export dialog, open with the chosen format.
    export_format: Option<crate::export::Format>,
    job: Option<import_job::ImportJob>,
    actions: Vec<Action>,
    edits: Vec<Edit>,
}

impl CrosscheckApp {
    /// The app, opening `project` if given. `recent_file` is where the recent list lives
    /// (`None` keeps it in memory only, as tests do).
    #[must_use]
    pub fn new(project: Option<PathBuf>, recent_file: Option<PathBuf>) -> Self {
        let recent = recent_file
            .as_deref()
            .map(RecentProjects::load)
            .unwrap_or_default();
        let mut app = Self {
            open: None,
            recent,
            recent_file,
            dialogs: FileDialogs::default(),
            status: None,
            confirm: None,
            close_confirmed: false,
            title: String::new(),
            new_entity_name: String::new(),
            buffers: DetailsBuffers::default(),
            review_notes: review_panel::ReviewNotes::default(),
            export_format: None,
            job: None,
            actions: Vec::new(),
            edits: Vec::new(),
        };
        if let Some(path) = project {
            app.open_path(&path);
        }
        app
    }

    /// The open project, if any.
    #[must_use]
    pub fn project(&self) -> Option<&OpenProject> {
        self.open.as_ref()
    }

    /// The status line's current text (errors included).
    #[must_use]
    pub fn status_text(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// Queues an action as a menu item or shortcut would.
    pub fn queue(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The open view state, for tests that set up a selection as the mouse would.
    pub fn view_mut(&mut self) -> Option<&mut ViewState> {
        self.open.as_mut().map(|o| &mut o.view)
    }

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(Status {
            text: text.into(),
            error,
        });
    }

    fn open_path(&mut self, path: &Path) {
        match store::load(path) {
            Ok(loaded) => {
                let mut view = ViewState::for_project(loaded.document.project());
                let n = loaded.problems.len();
                let migrated = loaded.migrated_from;
                if n > 0 {
                    // What did not check out is shown first.
                    view.bottom_tab = state::BottomTab::Problems;
                }
                self.open = Some(OpenProject {
                    doc: loaded.document,
                    path: path.to_owned(),
                    problems: loaded.problems,
                    view,
                    derived: derived::Derived::default(),
                });
                self.buffers = DetailsBuffers::default();
                self.review_notes = review_panel::ReviewNotes::default();
                if let Some(version) = migrated {
                    self.set_status(
                        format!(
                            "Opened {} (format {version}; saving will update it to format {}, keeping the old file as .bak)",
                            path.display(),
                            crate::model::FORMAT_VERSION
                        ),
                        false,
                    );
                } else if n == 0 {
                    self.set_status(format!("Opened {}", path.display()), false);
                } else {
                    self.set_status(
                        format!("Opened {} with {n} problems (see below)", path.display()),
                        true,
                    );
                }
                self.remember(path);
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    fn remember(&mut self, path: &Path) {
        self.recent.touch(path);
        if let Some(file) = &self.recent_file
            && let Err(e) = self.recent.save(file)
        {
            log::warn!(
                "could not save the recent projects list: {e} ({})",
                file.display()
            );
        }
    }

    fn save(&mut self) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        match store::save(open.doc.project(), &open.path) {
            Ok(()) => {
                open.doc.mark_saved();
                let text = format!("Saved {}", open.path.display());
                self.set_status(text, false);
                true
            }
            Err(e) => {
                self.set_status(e.to_string(), true);
                false
            }
        }
    }

    fn save_as(&mut self, to: &Path) {
        let Some(open) = &mut self.open else {
            return;
        };
        let to = if to.extension().is_none() {
            to.with_extension("ron")
        } else {
            to.to_owned()
        };
        match store::save_as(open.doc.project(), &open.path, &to) {
            Ok(()) => {
                open.doc.mark_saved();
                open.path.clone_from(&to);
                self.set_status(format!("Saved {}", to.display()), false);
                self.remember(&to);
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    fn is_dirty(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.doc.is_dirty())
    }

    /// Runs an action; those that would drop unsaved changes ask first unless `confirmed`.
    fn perform(&mut self, ctx: &egui::Context, action: Action, confirmed: bool) {
        let drops_changes = matches!(
            action,
            Action::Open
                | Action::OpenPath(_)
                | Action::OpenByTypedPath
                | Action::CloseProject
                | Action::Quit
                | Action::NewFromFolder
                | Action::NewFromBrat
        );
        if drops_changes && self.is_dirty() && !confirmed {
            self.confirm = Some(action);
            return;
        }
        let dir = self
            .open
            .as_ref()
            .and_then(|o| o.path.parent().map(Path::to_owned));
        match action {
            Action::Open => self.dialogs.start(Purpose::Open, dir, None),
            Action::OpenByTypedPath => self.dialogs.open_typed(Purpose::Open, String::new(), None),
            Action::OpenPath(path) => self.open_path(&path),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.dialogs
                    .start(Purpose::SaveAs, dir, Some("crosscheck.ron".into()));
            }
            Action::SaveAsTypedPath => {
                self.dialogs
                    .open_typed(Purpose::SaveAs, String::new(), None);
            }
            Action::CloseProject => {
                self.open = None;
                self.status = None;
            }
            Action::Quit => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Action::Undo => {
                if let Some(open) = &mut self.open
                    && let Some(label) = open.doc.undo()
                {
                    self.set_status(format!("Undid {label}"), false);
                }
            }
            Action::Redo => {
                if let Some(open) = &mut self.open
                    && let Some(label) = open.doc.redo()
                {
                    self.set_status(format!("Redid {label}"), false);
                }
            }
            Action::Export => {
                self.export_format
                    .get_or_insert(crate::export::Format::Html);
            }
            Action::NewFromFolder => self.dialogs.start(Purpose::NewFromFolder, dir, None),
            Action::NewFromBrat => self.dialogs.start(Purpose::NewFromBrat, dir, None),
            Action::AddArticles => self.dialogs.start(Purpose::AddArticles, dir, None),
            Action::ForgetRecent(path) => {
                self.recent.remove(&path);
                if let Some(file) = &self.recent_file
                    && let Err(e) = self.recent.save(file)
                {
                    log::warn!(
                        "could not save the recent projects list: {e} ({})",
                        file.display()
                    );
                }
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let table: [(KeyboardShortcut, Action, bool); 6] = [
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
                Action::Save,
                true,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S),
                Action::SaveAs,
                true,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
                Action::Open,
                true,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
                Action::Redo,
                false,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
                Action::Redo,
                false,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
                Action::Undo,
                false,
            ),
        ];
        for (shortcut, action, while_typing) in table {
            if (while_typing || !typing) && ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(action);
            }
        }
        if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Q)))
        {
            self.actions.push(Action::Quit);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let shortcut = |ui: &egui::Ui, s: KeyboardShortcut| ui.ctx().format_shortcut(&s);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = self
                    .open
                    .as_ref()
                    .map_or((None, None), |o| (o.doc.undo_label(), o.doc.redo_label()));
                let undo_text = undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
                let b = egui::Button::new(undo_text).shortcut_text(shortcut(
                    ui,
                    KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
                ));
                if ui.add_enabled(undo.is_some(), b).clicked() {
                    self.actions.push(Action::Undo);
                }
                let redo_text = redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
                let b = egui::Button::new(redo_text).shortcut_text(shortcut(
                    ui,
                    KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
                ));
                if ui.add_enabled(redo.is_some(), b).clicked() {
                    self.actions.push(Action::Redo);
                }
            });
            if let Some(open) = &mut self.open {
                ui.menu_button("View", |ui| {
                    columns::column_chooser_ui(ui, &open.doc, &mut open.view);
                });
            }
        });
    }

    fn file_menu_ui(&mut self, ui: &mut egui::Ui) {
        let shortcut = |ui: &egui::Ui, s: KeyboardShortcut| ui.ctx().format_shortcut(&s);

        let open = egui::Button::new("Open…").shortcut_text(shortcut(
            ui,
            KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
        ));
        if ui.add(open).clicked() {
            self.actions.push(Action::Open);
        }
        if ui.button("Open by path…").clicked() {
            self.actions.push(Action::OpenByTypedPath);
        }
        ui.menu_button("Open recent", |ui| {
            if self.recent.paths.is_empty() {
                ui.weak("None yet");
            }
            for p in &self.recent.paths {
                if ui.button(p.display().to_string()).clicked() {
                    self.actions.push(Action::OpenPath(p.clone()));
                }
            }
        });
        if ui.button("New project from folder…").clicked() {
            self.actions.push(Action::NewFromFolder);
        }
        if ui.button("New project from brat corpus…").clicked() {
            self.actions.push(Action::NewFromBrat);
        }
        ui.separator();
        let has_project = self.open.is_some();
        let save = egui::Button::new("Save").shortcut_text(shortcut(
            ui,
            KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
        ));
        if ui.add_enabled(has_project, save).clicked() {
            self.actions.push(Action::Save);
        }
        let save_as = egui::Button::new("Save as…").shortcut_text(shortcut(
            ui,
            KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::S),
        ));
        if ui.add_enabled(has_project, save_as).clicked() {
            self.actions.push(Action::SaveAs);
        }
        if ui
            .add_enabled(has_project, egui::Button::new("Save as by path…"))
            .clicked()
        {
            self.actions.push(Action::SaveAsTypedPath);
        }
        if ui
            .add_enabled(has_project, egui::Button::new("Add articles…"))
            .clicked()
        {
            self.actions.push(Action::AddArticles);
        }
        if ui
            .add_enabled(has_project, egui::Button::new("Export…"))
            .clicked()
        {
            self.actions.push(Action::Export);
        }
        if ui
            .add_enabled(has_project, egui::Button::new("Close project"))
            .clicked()
        {
            self.actions.push(Action::CloseProject);
        }
        ui.separator();
        let quit = egui::Button::new("Quit").shortcut_text(shortcut(
            ui,
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Q),
        ));
        if ui.add(quit).clicked() {
            self.actions.push(Action::Quit);
        }
    }

    fn confirm_ui(&mut self, ctx: &egui::Context) {
        let Some(action) = self.confirm.clone() else {
            return;
        };
        let name = self
            .open
            .as_ref()
            .map(OpenProject::name)
            .unwrap_or_default();
        let mut answer: Option<bool> = None; // Some(true) save first, Some(false) discard
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading(format!("Save changes to “{name}”?"));
            ui.label("Your changes will be lost if you don't save them.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(true);
                }
                if ui.button("Don't save").clicked() {
                    answer = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        if cancel || ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.confirm = None;
        } else if let Some(save_first) = answer {
            self.confirm = None;
            if !save_first || self.save() {
                self.perform(ctx, action, true);
            }
        }
    }

    fn apply_edits(&mut self) {
        let edits = std::mem::take(&mut self.edits);
        let Some(open) = &mut self.open else {
            return;
        };
        let mut failure = None;
        for edit in edits {
            let label = edit.label();
            if let Err(e) = open.doc.apply(edit) {
                failure = Some(format!("Could not {label}: {e}"));
            }
        }
        if let Some(state::Selected::Annotation(id)) = &open.view.selected
            && open.doc.project().annotation(id).is_none()
        {
            open.view.selected = None;
        }
        if let Some(text) = failure {
            self.set_status(text, true);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.open {
            Some(o) if o.doc.is_dirty() => format!("{} • unsaved — Crosscheck", o.name()),
            Some(o) => format!("{} — Crosscheck", o.name()),
            None => "Crosscheck".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title as last set.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// One frame of the whole window. eframe calls it through [`eframe::App::ui`]; tests call
    /// it through `egui_kittest`.
    pub fn ui_root(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && !self.close_confirmed && self.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Action::Quit);
        }
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        self.status_bar_ui(ui);

        if self.open.is_some() {
            self.project_ui(ui, &ctx);
        } else {
            let error = self
                .status
                .as_ref()
                .filter(|s| s.error)
                .map(|s| s.text.clone());
            egui::CentralPanel::default().show(ui, |ui| {
                start_screen::start_screen_ui(
                    ui,
                    &self.recent,
                    error.as_deref(),
                    &mut self.actions,
                );
            });
        }

        if let Some((purpose, paths)) = self.dialogs.ui(&ctx) {
            self.chosen(purpose, paths);
        }
        self.export_dialog_ui(&ctx);
        if let Some(job) = &mut self.job
            && let Some(result) = job.ui(&ctx)
        {
            self.job = None;
            self.finish_job(result);
        }
        self.confirm_ui(&ctx);

        // End of frame: document edits first, then actions (a save sees this frame's edits).
        if !self.edits.is_empty() || !self.actions.is_empty() {
            // What they change is drawn by the next frame.
            ctx.request_repaint();
        }
        self.apply_edits();
        for action in std::mem::take(&mut self.actions) {
            self.perform(&ctx, action, false);
        }
        self.update_title(&ctx);
    }

    /// What to do with the paths a file dialog returned.
    fn chosen(&mut self, purpose: Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        match purpose {
            Purpose::Open => self.actions.push(Action::OpenPath(first)),
            Purpose::SaveAs => self.save_as(&first),
            Purpose::Export(format) => self.export_to(format, &first),
            Purpose::NewFromFolder | Purpose::NewFromBrat => {
                let output = first.join("crosscheck.ron");
                let brat = purpose == Purpose::NewFromBrat;
                self.job = Some(import_job::ImportJob::new_project(first, output, brat));
            }
            Purpose::AddArticles => {
                if let Some(open) = &self.open {
                    let taken = open
                        .doc
                        .project()
                        .articles
                        .iter()
                        .map(|a| a.id.clone())
                        .collect();
                    self.job = Some(import_job::ImportJob::add_articles(paths, taken));
                }
            }
        }
    }

    fn export_to(&mut self, format: crate::export::Format, path: &Path) {
        let Some(open) = &self.open else {
            return;
        };
        match crate::export::export(&open.doc, format, path) {
            Ok(files) => {
                let text = if files.len() == 1 {
                    format!("Exported {}", path.display())
                } else {
                    format!("Exported {} files to {}", files.len(), path.display())
                };
                self.set_status(text, false);
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    /// The export dialog: pick a format, then where to write it.
    fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        use crate::export::Format;
        let Some(mut format) = self.export_format else {
            return;
        };
        let mut close = false;
        let mut go: Option<bool> = None; // Some(true) system dialog, Some(false) typed path
        egui::Modal::new(egui::Id::unique("export dialog")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Export");
            for f in Format::ALL {
                ui.radio_value(&mut format, f, f.label());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Export…").clicked() {
                    go = Some(true);
                }
                if ui.button("Export to path…").clicked() {
                    go = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        self.export_format = Some(format);
        if let Some(system) = go {
            let dir = self
                .open
                .as_ref()
                .and_then(|o| o.path.parent().map(Path::to_owned));
            if system {
                self.dialogs.start(
                    Purpose::Export(format),
                    dir,
                    Some(format.default_name().to_owned()),
                );
            } else {
                let suggestion = dir
                    .map(|d| d.join(format.default_name()).display().to_string())
                    .unwrap_or_default();
                self.dialogs
                    .open_typed(Purpose::Export(format), suggestion, None);
            }
            close = true;
        }
        if close || ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.export_format = None;
        }
    }

    fn finish_job(&mut self, result: import_job::JobResult) {
        use crate::validate::{Problem, Subject};
        let skipped_problems = |report: &crate::import::ImportReport| -> Vec<Problem> {
            report
                .skipped
                .iter()
                .map(|s| Problem {
                    line: None,
                    subject: Subject::Project,
                    message: format!("skipped on import: {} ({})", s.reason, s.path.display()),
                })
                .chain(report.notes.iter().map(|note| Problem {
                    line: None,
                    subject: Subject::Project,
                    message: format!("import note: {note}"),
                }))
                .collect()
        };
        let summary = |report: &crate::import::ImportReport| {
            let mut text = format!("Imported {} articles", report.imported.len());
            if !report.skipped.is_empty() {
                let _ = write!(
                    text,
                    "; {} files skipped (see Problems)",
                    report.skipped.len()
                );
            }
            if !report.notes.is_empty() {
                let _ = write!(text, "; {} notes (see Problems)", report.notes.len());
            }
            if report.cancelled {
                text.push_str("; cancelled before the end");
            }
            text
        };
        match result {
            import_job::JobResult::NewProject { output, result } => match result {
                Ok(report) => {
                    self.open_path(&output);
                    let text = summary(&report);
                    if let Some(open) = &mut self.open {
                        open.problems.extend(skipped_problems(&report));
                        if !report.skipped.is_empty() || !report.notes.is_empty() {
                            open.view.bottom_tab = state::BottomTab::Problems;
                        }
                    }
                    self.set_status(text, !report.skipped.is_empty());
                }
                Err(e) => self.set_status(e.to_string(), true),
            },
            import_job::JobResult::Added(report) => {
                let Some(open) = &mut self.open else {
                    return;
                };
                let folder = open
                    .path
                    .parent()
                    .map_or_else(|| PathBuf::from("."), Path::to_owned);
                if let Err(e) = crate::import::write_articles(&folder, &report.imported) {
                    self.set_status(e.to_string(), true);
                    return;
                }
                // Bring the first new column into view.
                open.view.reveal_column = report.imported.first().map(|a| a.article.id.clone());
                for imported in &report.imported {
                    open.view.columns.push(imported.article.id.clone());
                    self.edits.push(Edit::AddArticle {
                        article: imported.article.clone(),
                        text: imported.text.clone(),
                    });
                }
                open.problems.extend(skipped_problems(&report));
                if !report.skipped.is_empty() || !report.notes.is_empty() {
                    open.view.bottom_tab = state::BottomTab::Problems;
                }
                let text = summary(&report);
                self.set_status(text, !report.skipped.is_empty());
            }
        }
    }

    /// The panels of an open project.
    fn project_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        let Some(open) = &mut self.open else {
            return;
        };
        open.derived.refresh(&open.doc);
        egui::Panel::bottom("analysis")
            .resizable(true)
            .default_size(260.0)
            .show(ui, |ui| {
                bottom_panel_ui(ui, open, &mut self.review_notes, &mut self.edits);
            });
        egui::Panel::left("entities and claims")
            .resizable(true)
            .default_size(250.0)
            .show(ui, |ui| {
                let half = ui.available_height() * 0.5;
                ui.allocate_ui(egui::vec2(ui.available_width(), half), |ui| {
                    entity_panel::entity_panel_ui(
                        ui,
                        open.doc.project(),
                        &open.derived.mention_counts,
                        &mut open.view,
                    );
                });
                ui.separator();
                claims_panel::claims_panel_ui(
                    ui,
                    open.doc.project(),
                    &open.derived.stance_counts,
                    &mut open.view,
                );
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                details_panel::details_panel_ui(
                    ui,
                    &open.doc,
                    &mut open.view,
                    &mut self.buffers,
                    &mut self.edits,
                );
            });
        open.view.focus = connectors::focus(open.doc.project(), open.view.selected.as_ref());
        open.view.anchors.clear();
        open.view.column_clips.clear();
        let columns_rect = egui::CentralPanel::default()
            .show(ui, |ui| {
                columns::columns_ui(ui, &open.doc, &mut open.view);
            })
            .response
            .rect;
        connectors::connectors_ui(ctx, columns_rect, open.doc.project(), &open.view);
        selection_popup::popup_ui(
            ctx,
            &open.doc,
            &mut open.view,
            &mut self.edits,
            &mut self.new_entity_name,
        );
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(open) = &self.open {
                    let p = open.doc.project();
                    ui.weak(format!(
                        "{} articles · {} entities · {} highlights",
                        p.articles.len(),
                        p.entities.len(),
                        p.annotations.len()
                    ));
                    ui.separator();
                }
                if let Some(status) = &self.status {
                    if status.error {
                        ui.colored_label(ui.visuals().error_fg_color, &status.text);
                    } else {
                        ui.label(&status.text);
                    }
                }
            });
        });
    }
}

/// The bottom panel: matrix, contradiction review and (when there are any) load problems.
fn bottom_panel_ui(
    ui: &mut egui::Ui,
    open: &mut OpenProject,
    notes: &mut review_panel::ReviewNotes,
    edits: &mut Vec<Edit>,
) {
    use state::BottomTab;
    let view = &mut open.view;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Matrix, "Matrix");
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Review, "Review");
        if !open.problems.is_empty() {
            let label = format!("Problems ({})", open.problems.len());
            ui.selectable_value(&mut view.bottom_tab, BottomTab::Problems, label);
        }
    });
    ui.separator();
    match view.bottom_tab {
        BottomTab::Matrix => {
            let matrix = open.derived.matrix(&open.doc, view.matrix_axis);
            matrix_panel::matrix_ui(ui, open.doc.project(), matrix, view);
        }
        BottomTab::Review => {
            let found = open.derived.contradictions(&open.doc);
            review_panel::review_ui(ui, open.doc.project(), found, view, notes, edits);
        }
        BottomTab::Problems => {
            problems_panel::problems_panel_ui(ui, &open.problems, &open.path);
        }
    }
}

impl eframe::App for CrosscheckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }
}

pub use crate::now_rfc3339;
