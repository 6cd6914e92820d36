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
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Self::Open => "Open project",
            Self::SaveAs => "Save project as",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::SaveAs => "Save",
        }
    }
}

struct Waiting {
    purpose: Purpose,
    answer: mpsc::Receiver<Option<PathBuf>>,
    started: Instant,
}

/// The typed-path dialog's state.
#[derive(Debug)]
pub struct TypedPath {
    pub purpose: Purpose,
    pub text: String,
    pub note: Option<String>,
}

#[derive(Default)]
pub struct FileDialogs {
    waiting: Option<Waiting>,
    pub typed: Option<TypedPath>,
}

impl FileDialogs {
    /// Opens the native dialog on a worker thread.
    pub fn start(&mut self, purpose: Purpose, dir: Option<PathBuf>, file_name: Option<String>) {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("file dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .set_title(purpose.title())
                    .add_filter("Crosscheck project", &["ron"]);
                if let Some(dir) = dir {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(name) = file_name {
                    dialog = dialog.set_file_name(name);
                }
                let answer = match purpose {
                    Purpose::Open => dialog.pick_file(),
                    Purpose::SaveAs => dialog.save_file(),
                };
                let _ = tx.send(answer);
            });
        match spawned {
            Ok(_) => {
                self.waiting = Some(Waiting {
                    purpose,
                    answer: rx,
                    started: Instant::now(),
                });
            }
            Err(e) => self.open_typed(
                purpose,
                String::new(),
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
        });
    }

    /// Polls the worker and shows the typed-path dialog; returns a chosen path.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, PathBuf)> {
        if let Some(w) = &self.waiting {
            match w.answer.try_recv() {
                Ok(Some(path)) => {
                    let purpose = w.purpose;
                    self.waiting = None;
                    return Some((purpose, path));
                }
                Ok(None) | Err(mpsc::TryRecvError::Disconnected) => {
                    let purpose = w.purpose;
                    if w.started.elapsed() < TOO_FAST_FOR_A_PERSON {
                        self.open_typed(
                            purpose,
                            String::new(),
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
                        self.open_typed(purpose, String::new(), None);
                    }
                }
            }
        }
        self.typed_ui(ctx)
    }

    fn typed_ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, PathBuf)> {
        let typed = self.typed.as_mut()?;
        let mut result = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("typed path")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(typed.purpose.title());
            if let Some(note) = &typed.note {
                ui.label(note);
            }
            let label = ui.label("Path of the project's .ron file");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut typed.text)
                        .id(egui::Id::unique("typed path field"))
                        .hint_text("samples/iran-hack/crosscheck.ron")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if !field.has_focus() && typed.text.is_empty() {
                field.request_focus();
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
                    result = Some((typed.purpose, expand_home(typed.text.trim())));
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

/// `~/x` → the home folder joined with `x`, as a shell would.
fn expand_home(s: &str) -> PathBuf {
    if let Some(rest) = s.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        return home.home_dir().join(rest);
    }
    PathBuf::from(s)
}
