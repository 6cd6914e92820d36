//! File dialogs: rfd's native dialog on a worker thread (its blocking call would freeze the
//! window), with a typed-path fallback. rfd returns nothing when no desktop portal exists,
//! which looks like Cancel; an answer faster than a person could cancel is taken to mean
//! that, and the typed-path dialog opens instead.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An empty answer sooner than this is "no dialog available", not a cancel.
const TOO_FAST_FOR_A_PERSON: Duration = Duration::from_millis(800);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Open,
    SaveAs,
    Export(crate::export::Format),
    /// A folder of article files to make a new project of.
    NewFromFolder,
    /// A brat corpus folder to make a new project of.
    NewFromBrat,
    /// Article files (or a folder of them) to add to the open project.
    AddArticles,
    /// Another copy of the project to compare with.
    Compare,
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project",
            Self::SaveAs => "Save project as",
            Self::Export(_) => "Export",
            Self::NewFromFolder => "New project from folder",
            Self::NewFromBrat => "New project from brat corpus",
            Self::AddArticles => "Add articles",
            Self::Compare => "Compare with another copy",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::SaveAs => "Save",
            Self::Export(_) => "Export",
            Self::NewFromFolder | Self::NewFromBrat => "Import",
            Self::AddArticles => "Add",
            Self::Compare => "Compare",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Self::Open | Self::SaveAs | Self::Compare => "Path of the project's .ron file",
            Self::Export(f) if f.is_folder() => "Path of the folder to export into",
            Self::Export(_) => "Path of the file to write",
            Self::NewFromFolder | Self::NewFromBrat => "Path of the folder to import",
            Self::AddArticles => "Path of an article file, or a folder of them",
        }
    }
}

struct Waiting {
    purpose: Purpose,
    /// What the typed-path dialog starts from if the system dialog turns out not to exist.
    suggestion: String,
    answer: mpsc::Receiver<Option<Vec<PathBuf>>>,
    started: Instant,
}

/// The typed-path dialog's state.
#[derive(Debug)]
pub struct TypedPath {
    pub purpose: Purpose,
    pub text: String,
    pub note: Option<String>,
    /// Just opened: the field takes the focus, the cursor after the suggested path.
    fresh: bool,
}

#[derive(Default)]
pub struct FileDialogs {
    waiting: Option<Waiting>,
    pub typed: Option<TypedPath>,
}

impl FileDialogs {
    /// Opens the native dialog on a worker thread, in `dir` with `file_name` suggested.
    pub fn start(&mut self, purpose: Purpose, dir: Option<PathBuf>, file_name: Option<String>) {
        let suggestion = suggestion(dir.as_deref(), file_name.as_deref());
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("file dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
                if matches!(purpose, Purpose::Open | Purpose::SaveAs | Purpose::Compare) {
                    dialog = dialog.add_filter("Crosscheck project", &["ron"]);
                }
                if purpose == Purpose::AddArticles {
                    dialog = dialog.add_filter("Articles", &["txt", "md", "html", "htm"]);
                }
                if let Some(dir) = dir {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = file_name {
                    dialog = dialog.set_file_name(name);
                }
                let answer = match purpose {
                    Purpose::Open | Purpose::Compare => dialog.pick_file().map(|p| vec![p]),
                    Purpose::SaveAs => dialog.save_file().map(|p| vec![p]),
                    Purpose::Export(f) if f.is_folder() => dialog.pick_folder().map(|p| vec![p]),
                    Purpose::Export(_) => dialog.save_file().map(|p| vec![p]),
                    Purpose::NewFromFolder | Purpose::NewFromBrat => {
                        dialog.pick_folder().map(|p| vec![p])
                    }
                    Purpose::AddArticles => dialog.pick_files(),
                };
                let _ = tx.send(answer);
            });
        match spawned {
            Ok(_) => {
                self.waiting = Some(Waiting {
                    purpose,
                    suggestion,
                    answer: rx,
                    started: Instant::now(),
                });
            }
            Err(e) => self.open_typed(
                purpose,
                suggestion,
                Some(format!(
                    "The system file dialog could not start ({e}). Type a path instead."
                )),
            ),
        }
    }

    pub fn open_typed(&mut self, purpose: Purpose, text: String, note: Option<String>) {
        self.waiting = None;
        self.typed = Some(TypedPath {
            purpose,
            text,
            note,
            fresh: true,
        });
    }

    /// Polls the worker and shows the typed-path dialog; returns the chosen paths.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, Vec<PathBuf>)> {
        if let Some(w) = &self.waiting {
            match w.answer.try_recv() {
                Ok(Some(paths)) if !paths.is_empty() => {
                    let purpose = w.purpose;
                    self.waiting = None;
                    return Some((purpose, paths));
                }
                Ok(_) | Err(mpsc::TryRecvError::Disconnected) => {
                    let purpose = w.purpose;
                    if w.started.elapsed() < TOO_FAST_FOR_A_PERSON {
                        let suggestion = w.suggestion.clone();
                        self.open_typed(
                            purpose,
                            suggestion,
                            Some(
                                "No system file dialog is available here. Type the path instead."
                                    .into(),
                            ),
                        );
                    } else {
                        self.waiting = None;
                    }
                }
                Err(mpsc::TryRecvError::Empty) => {
                    ctx.request_repaint_after(Duration::from_millis(100));
                    let purpose = w.purpose;
                    let suggestion = w.suggestion.clone();
                    let mut fallback = false;
                    egui::Window::new("Waiting for the file dialog")
                        .collapsible(false)
                        .resizable(false)
                        .anchor(egui::Align2::CENTER_TOP, [0.0, 40.0])
                        .show(ctx, |ui| {
                            ui.label("The system file dialog is open in another window.");
                            if ui.button("Type a path instead…").clicked() {
                                fallback = true;
                            }
                        });
                    if fallback {
                        self.open_typed(purpose, suggestion, None);
                    }
                }
            }
        }
        self.typed_ui(ctx)
    }

    fn typed_ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, Vec<PathBuf>)> {
        let typed = self.typed.as_mut()?;
        let mut result = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("typed path")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(typed.purpose.title());
            if let Some(note) = &typed.note {
                ui.label(note);
            }
            let label = ui.label(typed.purpose.what());
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut typed.text)
                        .id(egui::Id::unique("typed path field"))
                        .hint_text("a path, ~/ for your home folder")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if typed.fresh {
                // Focused with the suggestion selected: typing replaces it, End keeps it and
                // goes on from there.
                typed.fresh = false;
                field.request_focus();
                let end = egui::text::CCursor::new(typed.text.chars().count());
                let mut state = egui::TextEdit::load_state(ui.ctx(), field.id).unwrap_or_default();
                state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::two(
                        egui::text::CCursor::new(0),
                        end,
                    )));
                state.store(ui.ctx(), field.id);
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let ok = !typed.text.trim().is_empty();
                if (ui
                    .add_enabled(ok, egui::Button::new(typed.purpose.verb()))
                    .clicked()
                    || enter)
                    && ok
                {
                    result = Some((typed.purpose, vec![expand_home(typed.text.trim())]));
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if close {
            self.typed = None;
        }
        result
    }
}

/// The path a typed-path dialog starts from: `dir` joined with `file_name`, or `dir` and a
/// separator (ready for a name), or nothing.
#[must_use]
pub fn suggestion(dir: Option<&std::path::Path>, file_name: Option<&str>) -> String {
    match (dir, file_name) {
        (Some(d), Some(f)) => d.join(f).display().to_string(),
        (Some(d), None) => {
            let mut s = d.display().to_string();
            if !s.ends_with(std::path::MAIN_SEPARATOR) {
                s.push(std::path::MAIN_SEPARATOR);
            }
            s
        }
        (None, Some(f)) => f.to_owned(),
        (None, None) => String::new(),
    }
}

/// `~/x` → the home folder joined with `x`, as a shell would.
fn expand_home(s: &str) -> PathBuf {
    if let Some(rest) = s.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(s)
}
