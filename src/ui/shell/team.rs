//! Working as a team: the checker's name (asked for on the first edit when not set, kept in
//! preferences, written on what each edit makes or changes), and the comparison of the open
//! project with another checker's copy (agreement figures and every difference, to jump to).

use crate::agreement::{self, Agreement, Difference};
use crate::document::Edit;
use crate::ui::CrosscheckApp;
use crate::ui::dialogs::file_dialog::Purpose;
use crate::ui::shell::state::Action;
use egui::Key;
use std::path::{Path, PathBuf};

/// The checker-name question and the edits that wait for its answer.
#[derive(Debug, Default)]
pub struct CheckerPrompt {
    /// Asked on the first edit when no name is set (the real window; tests ask for it).
    pub ask_on_first_edit: bool,
    /// The question is showing, with what is typed.
    pub open: Option<String>,
    /// Edits made before the question was answered, applied with the answer.
    pub held: Vec<Edit>,
    /// "Not now" was chosen: this session's edits stay unsigned, without asking again.
    pub declined: bool,
}

/// Another copy compared with the open project.
#[derive(Debug)]
pub struct Compare {
    pub other: PathBuf,
    pub result: Agreement,
}

impl CrosscheckApp {
    /// Asks for the checker's name on the first edit while none is set, as the window does.
    pub fn ask_for_checker_name(&mut self) {
        self.checker.ask_on_first_edit = true;
    }

    /// The checker's name as set in preferences.
    #[must_use]
    pub fn checker_name(&self) -> Option<&str> {
        self.prefs.checker.as_deref()
    }

    /// Whether the checker-name question is showing.
    #[must_use]
    pub fn asks_checker_name(&self) -> bool {
        self.checker.open.is_some()
    }

    /// Names the checker: kept in preferences and written on their edits from now on.
    pub fn set_checker_name(&mut self, name: &str) {
        let name = name.trim();
        self.prefs.checker = (!name.is_empty()).then(|| name.to_owned());
        if let Some(open) = &mut self.open {
            open.doc.set_author(self.prefs.checker.clone());
        }
    }

    /// Holds this frame's edits while the name is unknown and the question is to be asked.
    /// Returns whether they were held.
    pub(crate) fn hold_edits_for_name(&mut self) -> bool {
        let c = &mut self.checker;
        if self.edits.is_empty()
            || self.prefs.checker.is_some()
            || c.declined
            || (!c.ask_on_first_edit && c.open.is_none())
        {
            return false;
        }
        c.held.append(&mut self.edits);
        c.open.get_or_insert_with(String::new);
        true
    }

    /// The checker-name question, when showing.
    pub(crate) fn checker_ui(&mut self, ctx: &egui::Context) {
        let Some(typed) = &mut self.checker.open else {
            return;
        };
        let mut answer: Option<Option<String>> = None;
        egui::Modal::new(egui::Id::unique("checker name")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Who is checking?");
            ui.label(
                "Your name is saved with what you highlight, link and review, so that a team \
                 sharing this project can see who did what. It is kept in your preferences \
                 (Edit › Checker name…).",
            );
            ui.add_space(6.0);
            let label = ui.label("Name");
            let field = ui
                .add(
                    egui::TextEdit::singleline(typed)
                        .hint_text("Your name, e.g. Alice Martin")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if !field.has_focus() && typed.is_empty() {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let ok = !typed.trim().is_empty();
                if ui
                    .add_enabled(ok, egui::Button::new("Use this name"))
                    .clicked()
                    || (enter && ok)
                {
                    answer = Some(Some(typed.clone()));
                }
                if ui
                    .button("Not now")
                    .on_hover_text(
                        "Your edits are saved without a name (author unknown) until you set one.",
                    )
                    .clicked()
                {
                    answer = Some(None);
                }
            });
        });
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            answer = Some(None);
        }
        let Some(answer) = answer else {
            return;
        };
        self.checker.open = None;
        match answer {
            Some(name) => self.set_checker_name(&name),
            None => self.checker.declined = self.prefs.checker.is_none(),
        }
        // What was waiting goes first, in the order it was made.
        let mut held = std::mem::take(&mut self.checker.held);
        held.append(&mut self.edits);
        self.edits = held;
    }

    /// Edit › Checker name…, File › Compare with another copy… (`dir`: where the file
    /// dialog starts).
    pub(crate) fn team_action(&mut self, action: Action, dir: Option<PathBuf>) {
        match action {
            Action::CheckerName => {
                self.checker.open = Some(self.prefs.checker.clone().unwrap_or_default());
            }
            Action::CompareWith => self.dialogs.start(Purpose::Compare, dir, None),
            Action::ComparePath(path) => self.compare_with(&path),
            _ => {}
        }
    }

    /// Compares the open project with the copy at `path`.
    pub(crate) fn compare_with(&mut self, path: &Path) {
        let Some(open) = &self.open else {
            return;
        };
        // Opened as every entry point opens a project (re-anchored where its texts changed).
        match crate::store::open(path) {
            Ok(other) => {
                let result = agreement::agreement(open.doc.project(), other.document.project());
                let n = result.differences.len();
                self.compare = Some(Compare {
                    other: path.to_owned(),
                    result,
                });
                self.set_status(
                    format!("Compared with {}: {n} difference(s)", path.display()),
                    false,
                );
            }
            Err(e) => self.set_status(format!("Could not compare: {e}"), true),
        }
    }

    /// The comparison window, when open.
    pub(crate) fn compare_ui(&mut self, ctx: &egui::Context) {
        let Some(compare) = &self.compare else {
            return;
        };
        let mut keep = true;
        let mut jump: Option<Difference> = None;
        let name = compare
            .other
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        egui::Window::new(format!("Compare with {name}"))
            .id(egui::Id::unique("compare window"))
            .open(&mut keep)
            .default_size([760.0, 520.0])
            .vscroll(false)
            .show(ctx, |ui| {
                let r = &compare.result;
                ui.label(format!(
                    "A is this project, B is {}.",
                    compare.other.display()
                ));
                egui::Grid::new("agreement figures")
                    .striped(true)
                    .show(ui, |ui| {
                        for h in [
                            "Article",
                            "Spans A",
                            "Spans B",
                            "Exact F1",
                            "Overlap F1",
                            "Entity F1",
                            "Stance κ",
                            "Agree",
                        ] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        let row = |ui: &mut egui::Ui, label: &str, f: &agreement::Figures| {
                            let fig = |x: Option<f64>| {
                                x.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"))
                            };
                            ui.label(label);
                            ui.label(f.spans_a.to_string());
                            ui.label(f.spans_b.to_string());
                            ui.label(fig(f.exact_f1));
                            ui.label(fig(f.overlap_f1));
                            ui.label(fig(f.entity_f1));
                            ui.label(fig(f.stance.kappa));
                            ui.label(format!("{}/{}", f.stance.agreed, f.stance.items));
                            ui.end_row();
                        };
                        row(ui, "All articles", &r.overall);
                        for a in &r.articles {
                            row(ui, &a.article, &a.figures);
                        }
                    });
                ui.separator();
                ui.strong(format!("{} difference(s)", r.differences.len()));
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for d in &r.differences {
                            ui.horizontal_wrapped(|ui| {
                                if ui.small_button("Show").clicked() {
                                    jump = Some(d.clone());
                                }
                                ui.strong(format!("{} · {}", d.article, d.kind.label()));
                                let quote = |s: &Option<agreement::SpanRef>| {
                                    s.as_ref().map_or_else(
                                        || "—".to_owned(),
                                        |s| format!("\u{201c}{}\u{201d}", s.quote),
                                    )
                                };
                                ui.label(format!("A {} · B {}", quote(&d.a), quote(&d.b)));
                                if !d.detail.is_empty() {
                                    ui.weak(&d.detail);
                                }
                            });
                        }
                    });
            });
        if !keep {
            self.compare = None;
        }
        if let (Some(d), Some(open)) = (jump, &mut self.open) {
            let article = crate::model::ArticleId(d.article.clone());
            let now = ctx.input(|i| i.time);
            match (&d.a, &d.b) {
                (Some(a), _) => {
                    open.view
                        .jump_to(&crate::model::AnnotationId(a.id.clone()), &article, now);
                }
                (None, Some(b)) => {
                    open.view
                        .jump_to_range(&article, b.char_start..b.char_end, now);
                }
                (None, None) => {}
            }
        }
    }

    /// The comparison shown, for tests.
    #[must_use]
    pub fn comparison(&self) -> Option<&Agreement> {
        self.compare.as_ref().map(|c| &c.result)
    }
}
