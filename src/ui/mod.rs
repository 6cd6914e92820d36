//! The window: the app shell that owns the open document, lays out the panels, turns
//! shortcuts and menu clicks into actions, and applies queued edits at the end of a frame.
//!
//! Nothing outside this module imports egui or eframe.

mod columns;
mod dialogs;
mod panels;
mod shell;
mod theme;

pub use shell::{commands, prefs, state};
pub use theme::{fonts, visuals};

use crate::document::{Document, Edit};
use crate::recent::RecentProjects;
use crate::recovery::{self, DiskChange, DiskState, Recovery};
use crate::store;
use crate::validate::Problem;
use dialogs::file_dialog::{FileDialogs, Purpose};
use egui::Key;
use panels::details_panel::DetailsBuffers;
use state::{Action, ViewState};
use std::path::{Path, PathBuf};

pub use columns::article_view::color32;

/// The window's icon, `assets/icon.png` (bundled in the binary).
#[must_use]
pub fn window_icon() -> std::sync::Arc<egui::IconData> {
    const ICON: &[u8] = include_bytes!("../../assets/icon.png");
    std::sync::Arc::new(eframe::icon_data::from_png_bytes(ICON).unwrap_or_default())
}

/// Opens the window; returns when it closes. `started` is when the process started: the
/// time to the first frame on screen is logged (info level) against it.
///
/// # Errors
/// When no window can be created (no display, no OpenGL).
pub fn run(project: Option<PathBuf>, started: std::time::Instant) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Crosscheck")
            // The app id matches `assets/crosscheck.desktop` (Wayland and X11 window class).
            .with_app_id("crosscheck")
            // The first window fits the monitor it opens on (a 1366×768 laptop too).
            .with_clamp_size_to_monitor_size(true)
            .with_icon(window_icon())
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
            let prefs = cc
                .storage
                .and_then(|s| eframe::get_value::<prefs::Prefs>(s, prefs::STORAGE_KEY))
                .unwrap_or_default();
            let mut app = CrosscheckApp::with_prefs(project, recent_file, prefs);
            app.ask_for_checker_name();
            Ok(Box::new(Window {
                app,
                started,
                frames: 0,
            }))
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
    derived: crate::derived::Derived,
    /// The project file as last read or written, to notice changes made by someone else.
    disk: Option<DiskState>,
    /// Whether a check found the file changed on disk (shown as a bar until answered).
    disk_notice: shell::safety::DiskNotice,
    /// The file's format version when it was older than this build's, until the first save.
    migrated_from: Option<u32>,
    /// Highlights of articles whose text changed on disk, classified when it was opened.
    reanchored: Vec<crate::text_change::Reanchored>,
    /// Suggested attributions, found on a worker thread.
    pub suggestions: shell::suggestions::Suggestions,
    /// Shared passages, citations and source families, found on a worker thread.
    pub sources: shell::sources::Sources,
}

impl OpenProject {
    /// Keeps the suggestions up to date while they are shown (the Suggestions tab, or the
    /// marks in the columns), on a worker; and the columns' marks with them.
    fn refresh_suggestions(&mut self, ctx: &egui::Context) {
        let wanted =
            self.view.suggestion.show || self.view.bottom_tab == state::BottomTab::Suggestions;
        if !wanted {
            return;
        }
        let s = &mut self.suggestions;
        let (_, wait) = s.poll(&self.doc, ctx.input(|i| i.time));
        if s.working() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if let Some(wait) = wait {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait.max(0.01)));
        }
        // The columns draw from the worker's list itself: nothing is copied per answer.
        let view = &mut self.view.suggestion;
        if !std::sync::Arc::ptr_eq(&view.list, s.list()) {
            let old = (
                std::mem::replace(&mut view.list, std::sync::Arc::clone(s.list())),
                std::mem::replace(&mut view.by_article, std::sync::Arc::clone(s.by_article())),
            );
            // Whichever holds the old list last frees it off the frame.
            let _ = std::thread::Builder::new()
                .name("drop suggestions".into())
                .spawn(move || drop(old));
        }
        view.selected = (!s.list().is_empty()).then_some(s.selected);
    }

    /// Waits for the suggestions of this state of the document (tests).
    pub fn wait_for_suggestions(&mut self) {
        self.suggestions.wait(&self.doc);
    }

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
    /// Where "Find on Wikidata" asks: the real API, or recorded answers
    /// ([`crate::wikidata::from_environment`]; tests set their own).
    wikidata: std::sync::Arc<dyn crate::wikidata::Http>,
    review_notes: panels::review_panel::ReviewNotes,
    /// The export dialog, open with the chosen format.
    export_format: Option<crate::export::Format>,
    /// The import dialog (options, then where from), open for a new project or added
    /// articles.
    import_dialog: Option<Purpose>,
    /// The project settings window, when open.
    settings: Option<dialogs::project_settings::SettingsForm>,
    /// The highlights an export would leave out, as last worked out (by transition count).
    export_left_out: Option<(u64, Vec<crate::export::Unplaced>)>,
    /// What the `ClaimReview` export would lack, worked out with `export_left_out`.
    export_missing: Vec<crate::export::claimreview::Missing>,
    job: Option<shell::import_job::ImportJob>,
    autosave: shell::safety::Autosave,
    /// Unsaved work from an earlier session, offered when its project opens.
    recovery: Option<Recovery>,
    /// Set when Save found the project file changed on disk: the question is open.
    conflict: Option<DiskChange>,
    /// When the project file was last checked for outside changes (egui input time).
    disk_checked_at: f64,
    /// The command table behind menus, shortcuts and the palette.
    commands: Vec<commands::Command>,
    palette: Option<dialogs::command_palette::Palette>,
    show_shortcuts: bool,
    prefs: prefs::Prefs,
    /// Theme and zoom are given to egui on the first frame.
    prefs_applied: bool,
    actions: Vec<Action>,
    edits: Vec<Edit>,
    checker: shell::team::CheckerPrompt,
    compare: Option<shell::team::Compare>,
}

impl CrosscheckApp {
    /// The app, opening `project` if given. `recent_file` is where the recent list lives
    /// (`None` keeps it in memory only, as tests do).
    #[must_use]
    pub fn new(project: Option<PathBuf>, recent_file: Option<PathBuf>) -> Self {
        Self::with_prefs(project, recent_file, prefs::Prefs::default())
    }

    /// [`CrosscheckApp::new`] with the view preferences of an earlier session.
    #[must_use]
    pub fn with_prefs(
        project: Option<PathBuf>,
        recent_file: Option<PathBuf>,
        prefs: prefs::Prefs,
    ) -> Self {
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
            wikidata: crate::wikidata::from_environment(),
            review_notes: panels::review_panel::ReviewNotes::default(),
            export_format: None,
            import_dialog: None,
            settings: None,
            export_left_out: None,
            export_missing: Vec::new(),
            job: None,
            autosave: shell::safety::Autosave::default(),
            recovery: None,
            conflict: None,
            disk_checked_at: 0.0,
            commands: commands::table(),
            palette: None,
            show_shortcuts: false,
            prefs,
            prefs_applied: false,
            actions: Vec::new(),
            edits: Vec::new(),
            checker: shell::team::CheckerPrompt::default(),
            compare: None,
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

    /// The open project, to change it as a frame would (tests).
    pub fn project_mut(&mut self) -> Option<&mut OpenProject> {
        self.open.as_mut()
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

    /// The view preferences as they would be stored now (the open project's columns
    /// included).
    pub fn prefs(&mut self) -> prefs::Prefs {
        if let Some(open) = &self.open {
            self.prefs.remember(&open.path, &open.view);
        }
        self.prefs.clone()
    }

    /// Queues a document edit as a panel would; it is applied at the end of the next frame.
    pub fn queue_edit(&mut self, edit: Edit) {
        self.edits.push(edit);
    }

    /// How often autosave writes the recovery file (30 s unless a test wants it sooner).
    pub fn set_autosave_every(&mut self, seconds: f64) {
        self.autosave.every = seconds;
    }

    /// Waits until a running autosave has written its file.
    pub fn wait_for_autosave(&mut self) {
        if let Some(e) = self.autosave.finish() {
            self.set_status(e, true);
        }
    }

    /// Whether the restore-unsaved-work question is open.
    #[must_use]
    pub fn offers_recovery(&self) -> bool {
        self.recovery.is_some()
    }

    /// The open view state, for tests that set up a selection as the mouse would.
    /// Where "Find on Wikidata" asks from now on (tests give recorded answers).
    pub fn set_wikidata(&mut self, http: std::sync::Arc<dyn crate::wikidata::Http>) {
        self.wikidata = http;
    }

    /// Whether a Wikidata search is under way (tests wait for its answer).
    #[must_use]
    pub fn searching_wikidata(&self) -> bool {
        self.buffers.searching_wikidata()
    }

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
        if let Some(e) = self.autosave.reset() {
            log::warn!("{e}");
        }
        self.recovery = None;
        self.conflict = None;
        if let Some(open) = &self.open {
            self.prefs.remember(&open.path, &open.view);
        }
        // Opened as the command line opens it: moves found in changed texts are applied as
        // one undoable step; the rest wait in the re-anchoring list.
        match store::open(path) {
            Ok(loaded) => {
                let disk = DiskState::read(path).ok();
                let found = recovery::find_recovery(path, loaded.document.project());
                let reanchored = loaded.reanchored;
                // What the re-anchoring list shows is not listed again under Problems.
                let mut problems = loaded.problems;
                problems.retain(|p| match &p.subject {
                    crate::validate::Subject::Annotation(id) => {
                        !reanchored.iter().any(|r| &r.annotation == id)
                    }
                    crate::validate::Subject::Article(id) => {
                        !loaded.changed_texts.contains_key(id)
                            || !p.message.contains("changed since")
                    }
                    _ => true,
                });
                let mut view = ViewState::for_project(loaded.document.project());
                self.prefs
                    .restore(path, loaded.document.project(), &mut view);
                let n = problems.len();
                let migrated = loaded.migrated_from;
                if !loaded.document.project().conflicts.is_empty() {
                    // A merge left decisions: they come first.
                    view.bottom_tab = state::BottomTab::Conflicts;
                } else if !reanchored.is_empty() {
                    view.bottom_tab = state::BottomTab::Reanchor;
                } else if n > 0 {
                    // What did not check out is shown first.
                    view.bottom_tab = state::BottomTab::Problems;
                }
                let mut doc = loaded.document;
                doc.set_author(self.prefs.checker.clone());
                self.open = Some(OpenProject {
                    doc,
                    path: path.to_owned(),
                    problems,
                    view,
                    derived: crate::derived::Derived::default(),
                    disk,
                    disk_notice: shell::safety::DiskNotice::Watching,
                    migrated_from: migrated,
                    reanchored,
                    suggestions: shell::suggestions::Suggestions::default(),
                    sources: shell::sources::Sources::default(),
                });
                self.buffers = DetailsBuffers::default();
                self.review_notes = panels::review_panel::ReviewNotes::default();
                if let Some(version) = migrated {
                    self.set_status(
                        format!(
                            "Opened {} (format {version}; saving will update it to format {}, keeping the old file as .v{version}.bak)",
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
                if let Some(open) = &self.open
                    && !open.reanchored.is_empty()
                {
                    let (moved, review, orphan) = crate::text_change::counts(&open.reanchored);
                    self.set_status(
                        format!(
                            "Article texts changed on disk: {moved} highlights moved, {review} need review, {orphan} lost their text (see Re-anchor)"
                        ),
                        review + orphan > 0,
                    );
                }
                match found {
                    Ok(found) => self.recovery = found,
                    Err(e) => self.set_status(e, true),
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

    fn is_dirty(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.doc.is_dirty())
    }

    /// Runs an action; those that would drop unsaved changes ask first unless `confirmed`.
    #[allow(clippy::too_many_lines)] // one short arm per command
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
                | Action::OpenSample
        );
        if drops_changes && self.is_dirty() && !confirmed {
            self.confirm = Some(action);
            return;
        }
        let dir = self.start_folder();
        let project_file = self.open.as_ref().map_or_else(
            || "crosscheck.ron".to_owned(),
            |o| {
                o.path
                    .file_name()
                    .map_or_else(|| "crosscheck.ron".into(), |n| n.to_string_lossy().into())
            },
        );
        let typed = |dir: &Option<PathBuf>, name: Option<&str>| {
            dialogs::file_dialog::suggestion(dir.as_deref(), name)
        };
        match action {
            Action::Open => self.dialogs.start(Purpose::Open, dir, None),
            Action::OpenByTypedPath => {
                self.dialogs
                    .open_typed(Purpose::Open, typed(&dir, None), None);
            }
            Action::OpenPath(path) => self.open_path(&path),
            Action::Save => {
                self.save();
            }
            Action::SaveAs => {
                self.dialogs.start(Purpose::SaveAs, dir, Some(project_file));
            }
            Action::SaveAsTypedPath => {
                let text = typed(&dir, Some(&project_file));
                self.dialogs.open_typed(Purpose::SaveAs, text, None);
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
            Action::NewFromFolder => self.import_dialog = Some(Purpose::NewFromFolder),
            Action::NewFromBrat => self.dialogs.start(Purpose::NewFromBrat, dir, None),
            Action::AddArticles => self.import_dialog = Some(Purpose::AddArticles),
            Action::ProjectSettings => {
                self.settings = self
                    .open
                    .as_ref()
                    .map(|o| dialogs::project_settings::SettingsForm::of(o.doc.project()));
            }
            Action::OpenSample => self.open_sample(),
            a @ (Action::CheckerName | Action::CompareWith | Action::ComparePath(_)) => {
                self.team_action(a, dir);
            }
            Action::Find => {
                if let Some(open) = &mut self.open {
                    open.view.bottom_tab = state::BottomTab::Search;
                    open.view.search.focus = true;
                }
            }
            Action::DeleteSelected => {
                if let Some(id) = self
                    .open
                    .as_ref()
                    .and_then(|o| o.view.selected_annotation().cloned())
                {
                    self.edits.push(Edit::DeleteAnnotation(id));
                }
            }
            Action::CommandPalette => {
                self.palette = Some(dialogs::command_palette::Palette::default());
            }
            Action::ShortcutsHelp => self.show_shortcuts = true,
            Action::ZoomIn
            | Action::ZoomOut
            | Action::ZoomReset
            | Action::ToggleTheme
            | Action::ToggleColourVision
            | Action::ToggleEntitiesPanel
            | Action::ToggleDetailsPanel
            | Action::ToggleTabsPanel
            | Action::FocusReading
            | Action::ToggleSyncScroll
            | Action::ToggleSharedPassages
            | Action::ToggleSuggestions => self.perform_view(ctx, &action),
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

    /// The actions that change how things are shown, not what is in the project.
    fn perform_view(&mut self, ctx: &egui::Context, action: &Action) {
        match action {
            Action::ZoomIn | Action::ZoomOut | Action::ZoomReset => {
                let zoom = self.prefs.zoom();
                self.prefs.zoom = match action {
                    Action::ZoomIn => (zoom + prefs::ZOOM_STEP).min(prefs::ZOOM_MAX),
                    Action::ZoomOut => (zoom - prefs::ZOOM_STEP).max(prefs::ZOOM_MIN),
                    _ => 1.0,
                };
                ctx.set_zoom_factor(self.prefs.zoom());
                self.set_status(
                    format!("Text size {:.0} %", self.prefs.zoom() * 100.0),
                    false,
                );
            }
            Action::ToggleTheme => {
                let dark = ctx.theme() == egui::Theme::Dark;
                self.prefs.theme = Some(if dark {
                    prefs::Theme::Light
                } else {
                    prefs::Theme::Dark
                });
                self.prefs.apply_to(ctx);
            }
            Action::ToggleEntitiesPanel | Action::ToggleDetailsPanel | Action::ToggleTabsPanel => {
                // From focus reading (where it is hidden) the panel is shown, the others as
                // they were before; otherwise it is shown or hidden.
                let reading = std::mem::take(&mut self.prefs.focus_reading);
                let panels = &mut self.prefs.panels;
                let flag = match action {
                    Action::ToggleEntitiesPanel => &mut panels.entities,
                    Action::ToggleDetailsPanel => &mut panels.details,
                    _ => &mut panels.tabs,
                };
                *flag = reading || !*flag;
            }
            Action::FocusReading => {
                self.prefs.focus_reading = !self.prefs.focus_reading;
                let text = if self.prefs.focus_reading {
                    "Focus reading: only the articles (F9 brings the panels back)"
                } else {
                    "Panels back as they were"
                };
                self.set_status(text, false);
            }
            Action::ToggleColourVision => {
                use crate::ui::theme::palette::ColourVision;
                self.prefs.colour_vision = match self.prefs.colour_vision {
                    ColourVision::Safe => ColourVision::Classic,
                    ColourVision::Classic => ColourVision::Safe,
                };
                self.prefs.apply_to(ctx);
                let text = format!("Stance colours: {}", self.prefs.colour_vision.label());
                self.set_status(text, false);
            }
            Action::ToggleSharedPassages => {
                if let Some(open) = &mut self.open {
                    open.view.hide_passages = !open.view.hide_passages;
                }
            }
            Action::ToggleSuggestions => {
                if let Some(open) = &mut self.open {
                    open.view.suggestion.show = !open.view.suggestion.show;
                }
            }
            Action::ToggleSyncScroll => {
                self.prefs.sync_scroll = !self.prefs.sync_scroll;
                if let Some(open) = &mut self.open {
                    open.view.sync_scroll = self.prefs.sync_scroll;
                }
                let text = if self.prefs.sync_scroll {
                    "Columns scroll together"
                } else {
                    "Columns scroll on their own"
                };
                self.set_status(text, false);
            }
            _ => {}
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
            if !save_first && let Some(path) = self.open.as_ref().map(|o| o.path.clone()) {
                self.forget_recovery(&path);
            }
            if !save_first || self.save() {
                self.perform(ctx, action, true);
            }
        }
    }

    fn apply_edits(&mut self) {
        if self.hold_edits_for_name() {
            return;
        }
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
            && open.doc.annotation(id).is_none()
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
        if !self.prefs_applied {
            self.prefs.apply_to(&ctx);
            self.prefs_applied = true;
        }
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        self.status_bar_ui(ui);

        if self.open.is_some() {
            self.disk_change_bar_ui(ui);
            self.project_ui(ui, &ctx);
        } else {
            let error = self
                .status
                .as_ref()
                .filter(|s| s.error)
                .map(|s| s.text.clone());
            egui::CentralPanel::default().show(ui, |ui| {
                shell::start_screen::start_screen_ui(
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
        self.import_dialog_ui(&ctx);
        self.drop_ui(&ctx);
        if let Some(form) = &mut self.settings
            && dialogs::project_settings::settings_ui(&ctx, form, &mut self.edits)
        {
            self.settings = None;
        }
        if let Some(job) = &mut self.job
            && let Some(result) = job.ui(&ctx)
        {
            self.job = None;
            self.finish_job(result);
        }
        self.confirm_ui(&ctx);
        self.checker_ui(&ctx);
        self.compare_ui(&ctx);
        self.safety_ui(&ctx);
        self.command_ui(&ctx);

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
        if let Some(open) = &self.open
            && let Some(e) = self.autosave.tick(&ctx, &open.doc, &open.path)
        {
            self.set_status(e, true);
        }
    }

    /// The command palette and the shortcuts overview, when open.
    fn command_ui(&mut self, ctx: &egui::Context) {
        if let Some(palette) = &mut self.palette {
            let (run, close) = dialogs::command_palette::palette_ui(
                ctx,
                palette,
                &self.commands,
                self.open.is_some(),
            );
            if close {
                self.palette = None;
            }
            if let Some(action) = run {
                self.actions.push(action);
            }
        }
        if self.show_shortcuts && dialogs::command_palette::shortcuts_ui(ctx, &self.commands) {
            self.show_shortcuts = false;
        }
    }

    /// The panels of an open project.
    fn project_ui(&mut self, ui: &mut egui::Ui, ctx: &egui::Context) {
        // Also the frame after: the key that closed a menu must not reach the popup too.
        let covered_now = self.something_covers_the_project(ctx);
        let last_frame = egui::Id::unique("covered last frame");
        let covered = covered_now || ctx.data(|d| d.get_temp(last_frame).unwrap_or(false));
        ctx.data_mut(|d| d.insert_temp(last_frame, covered_now));
        let Some(open) = &mut self.open else {
            return;
        };
        open.derived.refresh(&open.doc);
        open.refresh_suggestions(ctx);
        if open.sources.poll(&open.doc) {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        open.view.families = std::sync::Arc::clone(open.sources.family_of());
        open.view.passages = std::sync::Arc::clone(open.sources.passages());
        let mut shown = prefs::shown(&self.prefs);
        // On a small screen or at a large text size the panels never take the articles'
        // room: each is held to a share of the window (and scrolls inside).
        let room = ui.available_rect_before_wrap().size();
        egui::Panel::bottom("analysis")
            .resizable(true)
            .default_size(260.0_f32.min(room.y * 0.3))
            .max_size((room.y * 0.4).max(120.0))
            .show_collapsible(ui, &mut shown.tabs, |ui| {
                panels::tabs::bottom_panel_ui(ui, open, &mut self.review_notes, &mut self.edits);
            });
        egui::Panel::left("entities and claims")
            .resizable(true)
            .default_size(250.0_f32.min(room.x * 0.22))
            .max_size((room.x * 0.4).max(160.0))
            .show_collapsible(ui, &mut shown.entities, |ui| {
                let half = ui.available_height() * 0.5;
                ui.allocate_ui(egui::vec2(ui.available_width(), half), |ui| {
                    panels::entity_panel::entity_panel_ui(
                        ui,
                        open.doc.project(),
                        &open.derived.mention_counts,
                        &mut open.view,
                    );
                });
                ui.separator();
                panels::claims_panel::claims_panel_ui(
                    ui,
                    open.doc.project(),
                    &open.derived.stance_counts,
                    &mut open.view,
                );
            });
        // The Details panel takes room only when there is something to show: a selection
        // or a form (the columns get the width otherwise).
        let has_details = open.view.selected.is_some();
        let mut details_expanded = shown.details && has_details;
        egui::Panel::right("details")
            .resizable(true)
            .default_size(300.0_f32.min(room.x * 0.25))
            .max_size((room.x * 0.45).max(200.0))
            .show_collapsible(ui, &mut details_expanded, |ui| {
                panels::details_panel::details_panel_ui(
                    ui,
                    (&open.doc, &open.derived),
                    &mut open.view,
                    &mut self.buffers,
                    &self.wikidata,
                    &mut self.edits,
                );
            });
        if has_details {
            shown.details = details_expanded;
        }
        // A panel dragged closed (or open) by its edge stays so.
        if !self.prefs.focus_reading {
            self.prefs.panels = shown;
        }
        open.view.focus =
            columns::connectors::focus(&open.doc, &open.derived, open.view.selected.as_ref());
        open.view.anchors.clear();
        open.view.column_clips.clear();
        let columns_rect = egui::CentralPanel::default()
            .show(ui, |ui| {
                columns::filter_bar_ui(ui, &open.doc, &mut open.view);
                columns::columns_ui(ui, &open.doc, &open.derived.spans, &mut open.view);
                columns::article_form_ui(ui.ctx(), &open.doc, &mut open.view, &mut self.edits);
            })
            .response
            .rect;
        columns::connectors::connectors_ui(ctx, columns_rect, &open.doc, &open.view);
        // Under a menu or a dialog the selection's popup steps aside (the selection stays),
        // so it neither covers them nor takes their keys: Esc closes the top-most only.
        if !covered {
            dialogs::selection_popup::popup_ui(
                ctx,
                &open.doc,
                &mut open.view,
                &mut self.edits,
                &mut self.new_entity_name,
            );
        }
    }

    /// Whether a menu, a modal dialog or a prompt is open over the project.
    fn something_covers_the_project(&self, ctx: &egui::Context) -> bool {
        (egui::Popup::is_any_open(ctx) && !dialogs::selection_popup::own_menu_open(ctx))
            || self.export_format.is_some()
            || self.import_dialog.is_some()
            || self.settings.is_some()
            || self.dialogs.typed.is_some()
            || self.confirm.is_some()
            || self.palette.is_some()
            || self.show_shortcuts
            || self.compare.is_some()
            || self.job.is_some()
            || self.recovery.is_some()
            || self.conflict.is_some()
            || self.checker.open.is_some()
            || self
                .open
                .as_ref()
                .is_some_and(|o| o.view.article_form.is_some())
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

/// The app in eframe's window, with the start-up time measured to the first frame shown.
struct Window {
    app: CrosscheckApp,
    started: std::time::Instant,
    frames: u8,
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        match self.frames {
            // A second frame is asked for so that the first one's painting can be timed.
            0 => ui.ctx().request_repaint(),
            // eframe painted and presented the first frame before this one began.
            1 => log::info!(
                "first frame on screen {:.1} ms after start",
                self.started.elapsed().as_secs_f64() * 1000.0
            ),
            _ => {}
        }
        self.frames = self.frames.saturating_add(1);
        self.app.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::STORAGE_KEY, &self.app.prefs());
    }
}

pub use crate::now_rfc3339;
