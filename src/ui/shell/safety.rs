//! Keeping work safe in the window: autosave to the recovery file, the offer to restore
//! unsaved work when a project opens, and the questions asked before overwriting a project
//! file that someone else changed on disk.

use crate::document::Document;
use crate::recovery::{self, DiskChange, Recovery};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often unsaved work is written to the recovery file.
pub const AUTOSAVE_EVERY_SECONDS: f64 = 30.0;
/// How often the project file is checked for changes made by someone else.
pub const DISK_CHECK_EVERY_SECONDS: f64 = 2.0;

/// Writes the recovery file on a worker thread at most every [`Autosave::every`] seconds
/// while there are unsaved changes it has not written yet.
pub struct Autosave {
    pub every: f64,
    /// When the next autosave is due (egui input time), once there is something to write.
    due: Option<f64>,
    /// The document revision the last autosave wrote.
    written: Option<u64>,
    job: Option<JoinHandle<Result<PathBuf, String>>>,
}

impl Default for Autosave {
    fn default() -> Self {
        Self {
            every: AUTOSAVE_EVERY_SECONDS,
            due: None,
            written: None,
            job: None,
        }
    }
}

impl Autosave {
    /// Once a frame. Starts an autosave when one is due and asks for a repaint when it will
    /// be. Returns the error of an autosave that failed, for the status line.
    pub fn tick(&mut self, ctx: &egui::Context, doc: &Document, path: &Path) -> Option<String> {
        let failure = if self.job.as_ref().is_some_and(JoinHandle::is_finished) {
            self.finish()
        } else {
            None
        };
        if !doc.is_dirty() || self.written == Some(doc.revision()) {
            self.due = None;
            return failure;
        }
        let now = ctx.input(|i| i.time);
        let due = *self.due.get_or_insert(now + self.every);
        if now >= due && self.job.is_none() {
            let project = doc.project().clone();
            let path = path.to_owned();
            self.job = Some(std::thread::spawn(move || {
                recovery::write_recovery(&project, &path)
            }));
            self.written = Some(doc.revision());
            self.due = None;
        } else {
            ctx.request_repaint_after(Duration::from_secs_f64((due - now).max(0.05)));
        }
        failure
    }

    /// Waits for a running autosave. Returns its error, if it failed.
    pub fn finish(&mut self) -> Option<String> {
        let job = self.job.take()?;
        match job.join() {
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some("could not autosave: the autosave thread stopped".to_owned()),
        }
    }

    /// After a save, an open or a discard: nothing is waiting to be written. Waits for a
    /// running autosave first, so it cannot write a recovery file after this.
    pub fn reset(&mut self) -> Option<String> {
        let failure = self.finish();
        self.due = None;
        self.written = None;
        failure
    }
}

/// The user's answer to the offer of unsaved work from an earlier session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryAnswer {
    Restore,
    /// Delete the recovery file.
    Discard,
    /// Keep the recovery file and open the project as saved.
    Later,
}

/// Asks whether to restore the unsaved work autosave kept, saying what it would change.
pub fn recovery_modal(ctx: &egui::Context, name: &str, found: &Recovery) -> Option<RecoveryAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("restore unsaved work")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading(format!("Restore unsaved work in “{name}”?"));
        let when = found.written.map(recovery::minute_utc).unwrap_or_default();
        ui.label(format!(
            "Crosscheck found changes that were not saved (autosaved {when}). Compared with the saved project:"
        ));
        ui.add_space(4.0);
        for line in found.difference.lines() {
            ui.label(format!("• {line}"));
        }
        ui.add_space(4.0);
        ui.weak(found.path.display().to_string());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Some(RecoveryAnswer::Restore);
            }
            if ui.button("Discard").clicked() {
                answer = Some(RecoveryAnswer::Discard);
            }
            if ui.button("Not now").clicked() {
                answer = Some(RecoveryAnswer::Later);
            }
        });
        ui.weak("Restore makes it one step you can undo; nothing is written until you save.");
    });
    answer
}

/// The user's answer when the project file changed on disk since it was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictAnswer {
    /// Open the file as it is on disk, dropping the changes made here.
    Reload,
    SaveAs,
    Overwrite,
    Cancel,
}

/// Asked instead of saving over a project file that someone else changed.
pub fn conflict_modal(
    ctx: &egui::Context,
    path: &Path,
    change: DiskChange,
    dirty: bool,
) -> Option<ConflictAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("changed on disk")).show(ctx, |ui| {
        ui.set_width(520.0);
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        if change == DiskChange::Missing {
            ui.heading(format!("“{file}” was deleted or moved"));
        } else {
            ui.heading(format!("“{file}” changed on disk"));
            ui.label(
                "Another program or another copy of Crosscheck wrote it after you opened it \
                 (a git pull, a sync). Saving here would overwrite those changes.",
            );
        }
        ui.weak(path.display().to_string());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let reload = if dirty {
                "Reload (drop my changes)"
            } else {
                "Reload"
            };
            if change != DiskChange::Missing && ui.button(reload).clicked() {
                answer = Some(ConflictAnswer::Reload);
            }
            if ui.button("Save as…").clicked() {
                answer = Some(ConflictAnswer::SaveAs);
            }
            let overwrite = if change == DiskChange::Missing {
                "Save here again"
            } else {
                "Overwrite"
            };
            if ui.button(overwrite).clicked() {
                answer = Some(ConflictAnswer::Overwrite);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(ConflictAnswer::Cancel);
            }
        });
    });
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        answer = Some(ConflictAnswer::Cancel);
    }
    answer
}

/// What the window says about outside changes of the project file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DiskNotice {
    /// Nothing seen; the file is checked every few seconds.
    #[default]
    Watching,
    /// A bar above the columns says the file changed or went missing.
    Shown(DiskChange),
    /// The user closed the bar; checks stop until the next load or save (Save still asks).
    Dismissed,
}
