//! What happens with the paths the file dialogs return: open, save as, export, new projects
//! and added articles, and the end of an import job.

use crate::document::Edit;
use crate::ui::CrosscheckApp;
use crate::ui::dialogs::file_dialog::Purpose;
use crate::ui::shell::import_job;
use crate::ui::shell::state::{self, Action};
use egui::Key;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

impl CrosscheckApp {
    /// What to do with the paths a file dialog returned.
    pub(crate) fn chosen(&mut self, purpose: Purpose, paths: Vec<PathBuf>) {
        let Some(first) = paths.first().cloned() else {
            return;
        };
        // A chosen folder is where the next dialog starts; a chosen file, its folder.
        let folder = if first.is_dir() {
            Some(first.as_path())
        } else {
            first.parent()
        };
        if let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) {
            self.prefs.last_folder = Some(folder.display().to_string());
        }
        let options = self.import_options();
        match purpose {
            Purpose::Open => self.actions.push(Action::OpenPath(first)),
            Purpose::Compare => self.actions.push(Action::ComparePath(first)),
            Purpose::SaveAs => self.save_as(&first),
            Purpose::Export(format) => self.export_to(format, &first),
            Purpose::NewFromFolder | Purpose::NewFromBrat => {
                let output = first.join("crosscheck.ron");
                let brat = purpose == Purpose::NewFromBrat;
                self.job = Some(import_job::ImportJob::new_project(
                    first, output, brat, options,
                ));
            }
            Purpose::AddArticles => self.add_articles(paths),
        }
    }

    pub(crate) fn export_to(&mut self, format: crate::export::Format, path: &Path) {
        let Some(open) = &mut self.open else {
            return;
        };
        // The contradictions the review panel already found for this revision.
        open.derived.refresh(&open.doc);
        let found = open.derived.disagreements(&open.doc);
        match crate::export::export_with(&open.doc, found, format, path) {
            Ok(exported) => {
                let files = exported.files.len();
                let mut text = if files == 1 {
                    format!("Exported {}", path.display())
                } else {
                    format!("Exported {files} files to {}", path.display())
                };
                let left_out = exported.left_out.len();
                if left_out > 0 {
                    let _ = write!(
                        text,
                        "; {left_out} highlights left out (their place in the text cannot be confirmed; see Re-anchor)"
                    );
                }
                self.set_status(text, left_out > 0);
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    /// Writes a fresh copy of the bundled sample to a temporary folder and opens it.
    pub(crate) fn open_sample(&mut self) {
        match crate::sample::write_copy(&crate::sample::temp_folder()) {
            Ok(path) => {
                self.open_path(&path);
                if self.open.is_some() {
                    self.set_status(
                        format!(
                            "Opened a copy of the sample project ({}); Save as… in the File menu keeps your work elsewhere",
                            path.display()
                        ),
                        false,
                    );
                }
            }
            Err(e) => self.set_status(e, true),
        }
    }

    /// Files or folders dropped on the window: added to the open project, or made into a new
    /// project (in the dropped folder, or in the folder of the dropped files), with the same
    /// progress window and report as the menu commands.
    pub(crate) fn dropped(&mut self, paths: Vec<PathBuf>) {
        let Some(first) = paths.first() else {
            return;
        };
        if self.job.is_some() {
            self.set_status(
                "An import is under way; drop the files again when it is done",
                true,
            );
            return;
        }
        if self.open.is_some() {
            self.add_articles(paths);
            return;
        }
        let options = self.import_options();
        let folder = if paths.len() == 1 && first.is_dir() {
            first.clone()
        } else {
            first.parent().map(Path::to_owned).unwrap_or_default()
        };
        let output = folder.join("crosscheck.ron");
        if output.exists() {
            // The folder is a project already: open it rather than import over it.
            self.actions.push(Action::OpenPath(output));
            return;
        }
        self.job = Some(if paths.len() == 1 && first.is_dir() {
            import_job::ImportJob::new_project(folder, output, false, options)
        } else {
            import_job::ImportJob::new_project_from_files(paths, output, options)
        });
    }

    /// How imports read files: as the import dialog's choice left it.
    fn import_options(&self) -> crate::import::ImportOptions {
        crate::import::ImportOptions {
            whole_page: self.prefs.whole_page,
        }
    }

    /// Starts reading article files (folders stand for the files in them) into the open
    /// project, their ids made unique against its articles'.
    fn add_articles(&mut self, paths: Vec<PathBuf>) {
        let Some(open) = &self.open else {
            return;
        };
        let taken = open
            .doc
            .project()
            .articles
            .iter()
            .map(|a| a.id.clone())
            .collect();
        let options = self.import_options();
        self.job = Some(import_job::ImportJob::add_articles(paths, taken, options));
    }

    /// Files being dragged over the window are announced; dropped ones are imported.
    pub(crate) fn drop_ui(&mut self, ctx: &egui::Context) {
        let hovering = ctx.input(|i| i.raw.hovered_files.len());
        if hovering > 0 {
            let text = if self.open.is_some() {
                "Drop to add these articles to the project"
            } else {
                "Drop to make a new project of these articles"
            };
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop overlay"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(170));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                text,
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.dropped(dropped);
        }
    }

    /// Where file dialogs start: the open project's folder, else the last folder chosen.
    pub(crate) fn start_folder(&self) -> Option<PathBuf> {
        self.open
            .as_ref()
            .and_then(|o| o.path.parent().map(Path::to_owned))
            .filter(|p| !p.as_os_str().is_empty())
            .or_else(|| self.prefs.last_folder.as_ref().map(PathBuf::from))
    }

    /// The import dialog: how to read web pages, then where from (the system dialog or a
    /// typed path).
    pub(crate) fn import_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(purpose) = self.import_dialog else {
            return;
        };
        let new_project = purpose == Purpose::NewFromFolder;
        let mut go: Option<bool> = None; // Some(true) system dialog, Some(false) typed path
        let mut close = false;
        egui::Modal::new(egui::Id::unique("import dialog")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.heading(if new_project {
                "New project from folder"
            } else {
                "Add articles"
            });
            ui.label(if new_project {
                "Every .txt, .md and .html file in the folder becomes an article of a new \
                 project, saved as crosscheck.ron in that folder."
            } else {
                "Each .txt, .md and .html file chosen (or in a folder chosen) becomes an \
                 article of this project."
            });
            ui.add_space(6.0);
            ui.label(
                "A saved web page keeps the article: its main text, its own title, the \
                 outlet, the date, the address and the byline.",
            );
            ui.checkbox(
                &mut self.prefs.whole_page,
                "Keep whole web pages (menus, footers and related links too)",
            );
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let choose = if new_project {
                    "Choose folder…"
                } else {
                    "Choose files…"
                };
                if ui.button(choose).clicked() {
                    go = Some(true);
                }
                if ui.button("Type a path…").clicked() {
                    go = Some(false);
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
        if let Some(system) = go {
            let dir = self.start_folder();
            if system {
                self.dialogs.start(purpose, dir, None);
            } else {
                let text = crate::ui::dialogs::file_dialog::suggestion(dir.as_deref(), None);
                self.dialogs.open_typed(purpose, text, None);
            }
            close = true;
        }
        if close || ctx.input(|i| i.key_pressed(Key::Escape)) {
            self.import_dialog = None;
        }
    }

    /// The export dialog: pick a format, then where to write it.
    pub(crate) fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        use crate::export::Format;
        let Some(mut format) = self.export_format else {
            return;
        };
        let mut close = false;
        let mut go: Option<bool> = None; // Some(true) system dialog, Some(false) typed path
        // Worked out when the dialog opens and after each change, not every frame.
        if let Some(open) = &self.open {
            let now = open.doc.transitions();
            if self
                .export_left_out
                .as_ref()
                .is_none_or(|(seen, _)| *seen != now)
            {
                self.export_left_out = Some((now, crate::export::unplaced(&open.doc)));
                self.export_missing = crate::export::claimreview::missing(open.doc.project());
            }
        }
        let left_out = self
            .export_left_out
            .as_ref()
            .map_or(&[][..], |(_, list)| list.as_slice());
        egui::Modal::new(egui::Id::unique("export dialog")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading("Export");
            for f in Format::ALL {
                ui.radio_value(&mut format, f, f.label());
            }
            ui.add_space(8.0);
            if !left_out.is_empty() {
                left_out_ui(ui, left_out);
                ui.add_space(8.0);
            }
            if format == Format::Claimreview && !self.export_missing.is_empty() {
                missing_ui(ui, &self.export_missing);
                ui.add_space(8.0);
            }
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
            let dir = self.start_folder();
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

    pub(crate) fn finish_job(&mut self, result: import_job::JobResult) {
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
}

/// The highlights an export will leave out, each with why, before anything is written.
fn left_out_ui(ui: &mut egui::Ui, left_out: &[crate::export::Unplaced]) {
    let n = left_out.len();
    warning_list_ui(
        ui,
        &format!(
            "{n} {} will be left out: their place in the text cannot be confirmed, so no position is written for them. Re-select or accept them in the Re-anchor tab first to include them.",
            if n == 1 { "highlight" } else { "highlights" }
        ),
        left_out
            .iter()
            .map(|u| format!("{}: {}", u.annotation, u.reason)),
    );
}

/// The rated claims whose `ClaimReview` lacks what its consumers require; the export still
/// writes them.
fn missing_ui(ui: &mut egui::Ui, missing: &[crate::export::claimreview::Missing]) {
    let n = missing.len();
    warning_list_ui(
        ui,
        &format!(
            "{n} claim{} will be exported without fields that fact-check listings require:",
            if n == 1 { "" } else { "s" }
        ),
        missing
            .iter()
            .map(|m| format!("“{}”: {}", m.statement, m.fields.join("; "))),
    );
}

/// A warning in the export dialog and the items it is about, the first 200 in a short
/// scrolling list (each list scrolls on its own).
fn warning_list_ui(ui: &mut egui::Ui, warning: &str, items: impl ExactSizeIterator<Item = String>) {
    const SHOWN: usize = 200;
    ui.colored_label(ui.visuals().warn_fg_color, warning);
    let n = items.len();
    egui::ScrollArea::vertical()
        .id_salt(warning)
        .max_height(140.0)
        .show(ui, |ui| {
            for item in items.take(SHOWN) {
                ui.label(item);
            }
            if n > SHOWN {
                ui.weak(format!("and {} more", n - SHOWN));
            }
        });
}
