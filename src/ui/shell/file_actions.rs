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
        match purpose {
            Purpose::Open => self.actions.push(Action::OpenPath(first)),
            Purpose::Compare => self.actions.push(Action::ComparePath(first)),
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
    ui.colored_label(
        ui.visuals().warn_fg_color,
        format!(
            "{n} {} will be left out: their place in the text cannot be confirmed, so no position is written for them. Re-select or accept them in the Re-anchor tab first to include them.",
            if n == 1 { "highlight" } else { "highlights" }
        ),
    );
    egui::ScrollArea::vertical()
        .id_salt("left out of the export")
        .max_height(140.0)
        .show(ui, |ui| {
            for u in left_out.iter().take(200) {
                ui.label(format!("{}: {}", u.annotation, u.reason));
            }
            if n > 200 {
                ui.weak(format!("and {} more", n - 200));
            }
        });
}
