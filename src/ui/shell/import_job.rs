//! Imports run on a worker thread, so a large folder never freezes the window: a progress bar
//! and Cancel while they run, the report when they finish.

use crate::import::ImportReport;
use crate::import_project::NewProjectError;
use crate::model::ArticleId;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// What a finished job produced.
pub enum JobResult {
    /// A new project was written at `output`.
    NewProject {
        output: PathBuf,
        result: Result<ImportReport, NewProjectError>,
    },
    /// Articles read for the open project (not yet written or added).
    Added(ImportReport),
}

pub struct ImportJob {
    title: String,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    result: mpsc::Receiver<JobResult>,
}

impl ImportJob {
    fn spawn(
        title: String,
        work: impl FnOnce(&mut dyn FnMut(usize, usize) -> bool) -> JobResult + Send + 'static,
    ) -> Self {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let (d, t, c) = (done.clone(), total.clone(), cancel.clone());
        std::thread::spawn(move || {
            let mut progress = |n: usize, of: usize| {
                d.store(n, Ordering::Relaxed);
                t.store(of, Ordering::Relaxed);
                !c.load(Ordering::Relaxed)
            };
            let _ = tx.send(work(&mut progress));
        });
        Self {
            title,
            done,
            total,
            cancel,
            result: rx,
        }
    }

    /// A new project at `output` from `folder` (a brat corpus with `brat`).
    #[must_use]
    pub fn new_project(
        folder: PathBuf,
        output: PathBuf,
        brat: bool,
        options: crate::import::ImportOptions,
    ) -> Self {
        let title = format!("Importing {}", folder.display());
        Self::spawn(title, move |progress| {
            let result = crate::import_project::new_project(
                &folder,
                &output,
                brat,
                options,
                &crate::now_rfc3339(),
                progress,
            );
            JobResult::NewProject { output, result }
        })
    }

    /// A new project at `output` from dropped files (folders stand for the files in them).
    #[must_use]
    pub fn new_project_from_files(
        files: Vec<PathBuf>,
        output: PathBuf,
        options: crate::import::ImportOptions,
    ) -> Self {
        let title = format!("Importing into {}", output.display());
        Self::spawn(title, move |progress| {
            let result =
                crate::import_project::new_project_from_files(&files, &output, options, progress);
            JobResult::NewProject { output, result }
        })
    }

    /// Reads article files (folders stand for the files in them) for the open project.
    #[must_use]
    pub fn add_articles(
        paths: Vec<PathBuf>,
        taken: Vec<ArticleId>,
        options: crate::import::ImportOptions,
    ) -> Self {
        let title = "Adding articles".to_owned();
        Self::spawn(title, move |progress| {
            let files = crate::import::expand_folders(&paths);
            JobResult::Added(crate::import::import_files(
                &files, &taken, options, progress,
            ))
        })
    }

    /// Shows the progress window; returns the result once the job is done.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<JobResult> {
        if let Ok(result) = self.result.try_recv() {
            return Some(result);
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
        let done = self.done.load(Ordering::Relaxed);
        let total = self.total.load(Ordering::Relaxed);
        egui::Window::new(&self.title)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(ctx, |ui| {
                #[allow(clippy::cast_precision_loss)]
                let fraction = if total == 0 {
                    0.0
                } else {
                    done as f32 / total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .text(format!("{done} of {total} files"))
                        .desired_width(320.0),
                );
                if self.cancel.load(Ordering::Relaxed) {
                    ui.weak("Cancelling…");
                } else if ui.button("Cancel").clicked() {
                    self.cancel.store(true, Ordering::Relaxed);
                }
            });
        None
    }
}
