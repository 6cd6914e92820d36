//! Saving and the safety around it: save and save as, the question before overwriting a
//! project file changed on disk, the changed-on-disk bar, and restoring autosaved work.
//! (The dialogs themselves are in `safety.rs`.)

use crate::document::Edit;
use crate::recovery::{self, DiskChange, DiskState};
use crate::store;
use crate::ui::CrosscheckApp;
use crate::ui::shell::safety;
use crate::ui::shell::state::Action;
use std::path::Path;

impl CrosscheckApp {
    /// Saves to the project's own file, unless someone else changed that file since it was
    /// read: then the user is asked first (reload, save as, overwrite).
    pub(crate) fn save(&mut self) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        if let Some(disk) = &mut open.disk {
            let change = disk.check(&open.path);
            if change != DiskChange::Unchanged {
                let text = format!(
                    "Not saved yet: {} changed on disk since it was opened",
                    open.path.display()
                );
                self.conflict = Some(change);
                self.set_status(text, true);
                return false;
            }
        }
        self.save_over()
    }

    /// Saves to the project's own file whatever is there now.
    pub(crate) fn save_over(&mut self) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        // The first save of a migrated project keeps the old version for good.
        if let Some(version) = open.migrated_from
            && let Err(e) = store::backup_before_migration(&open.path, version)
        {
            let text = format!(
                "Not saved: could not keep a copy of the format {version} file first: {e} ({})",
                open.path.display()
            );
            self.set_status(text, true);
            return false;
        }
        match store::save(open.doc.project(), &open.path) {
            Ok(()) => {
                open.doc.mark_saved();
                open.disk = DiskState::read(&open.path).ok();
                open.disk_notice = safety::DiskNotice::Watching;
                open.migrated_from = None;
                let path = open.path.clone();
                self.set_status(format!("Saved {}", path.display()), false);
                self.forget_recovery(&path);
                true
            }
            Err(e) => {
                self.set_status(e.to_string(), true);
                false
            }
        }
    }

    pub(crate) fn save_as(&mut self, to: &Path) {
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
                let old = std::mem::replace(&mut open.path, to.clone());
                open.disk = DiskState::read(&to).ok();
                open.disk_notice = safety::DiskNotice::Watching;
                open.migrated_from = None;
                // The work is saved (elsewhere): the old file's recovery copy is done with.
                self.forget_recovery(&old);
                self.set_status(format!("Saved {}", to.display()), false);
                self.remember(&to);
            }
            Err(e) => self.set_status(e.to_string(), true),
        }
    }

    /// After the work was saved or knowingly discarded: no autosave is pending and the
    /// recovery file beside `path` is removed.
    pub(crate) fn forget_recovery(&mut self, path: &Path) {
        if let Some(e) = self.autosave.reset() {
            log::warn!("{e}");
        }
        if let Err(e) = recovery::remove_recovery(path) {
            self.set_status(
                format!(
                    "could not remove the recovery file: {e} ({})",
                    recovery::recovery_path(path).display()
                ),
                true,
            );
        }
    }

    /// The restore offer, the changed-on-disk question, and the periodic check for outside
    /// changes of the project file.
    pub(crate) fn safety_ui(&mut self, ctx: &egui::Context) {
        let Some(open) = &mut self.open else {
            return;
        };
        let now = ctx.input(|i| i.time);
        if now - self.disk_checked_at >= safety::DISK_CHECK_EVERY_SECONDS {
            self.disk_checked_at = now;
            if open.disk_notice == safety::DiskNotice::Watching
                && let Some(disk) = &mut open.disk
            {
                let change = disk.check(&open.path);
                if change != DiskChange::Unchanged {
                    open.disk_notice = safety::DiskNotice::Shown(change);
                    ctx.request_repaint(); // the bar is drawn by the next frame
                }
            }
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(
            safety::DISK_CHECK_EVERY_SECONDS,
        ));
        if let Some(found) = &self.recovery {
            match safety::recovery_modal(ctx, &open.name(), found) {
                Some(safety::RecoveryAnswer::Restore) => self.restore_recovery(),
                Some(safety::RecoveryAnswer::Discard) => {
                    let path = open.path.clone();
                    self.recovery = None;
                    self.forget_recovery(&path);
                    self.set_status("Discarded the unsaved work of the earlier session", false);
                }
                Some(safety::RecoveryAnswer::Later) => {
                    // Moved aside, so the next autosave cannot overwrite it.
                    let text = match recovery::set_aside(&found.path) {
                        Ok(kept) => (
                            format!(
                                "Kept the unsaved work of the earlier session as {} (File, Open shows it)",
                                kept.display()
                            ),
                            false,
                        ),
                        Err(e) => (e, true),
                    };
                    self.recovery = None;
                    self.set_status(text.0, text.1);
                }
                None => {}
            }
            return;
        }
        if let Some(change) = self.conflict {
            match safety::conflict_modal(ctx, &open.path, change, open.doc.is_dirty()) {
                Some(safety::ConflictAnswer::Reload) => {
                    self.conflict = None;
                    let path = open.path.clone();
                    self.forget_recovery(&path);
                    self.open_path(&path);
                }
                Some(safety::ConflictAnswer::SaveAs) => {
                    self.conflict = None;
                    self.actions.push(Action::SaveAs);
                }
                Some(safety::ConflictAnswer::Overwrite) => {
                    self.conflict = None;
                    self.save_over();
                }
                Some(safety::ConflictAnswer::Cancel) => {
                    self.conflict = None;
                    self.set_status("Not saved", false);
                }
                None => {}
            }
        }
    }

    /// A bar above the columns when the project file changed on disk since it was opened.
    pub(crate) fn disk_change_bar_ui(&mut self, ui: &mut egui::Ui) {
        let Some(open) = &mut self.open else {
            return;
        };
        let safety::DiskNotice::Shown(change) = open.disk_notice else {
            return;
        };
        let mut reload = false;
        let mut dismiss = false;
        egui::Panel::top("changed on disk").show(ui, |ui| {
            ui.horizontal(|ui| {
                let file = open.path.display();
                let text = if change == DiskChange::Missing {
                    format!("{file} was deleted or moved. Save writes it again.")
                } else if open.doc.is_dirty() {
                    format!(
                        "{file} changed on disk. Reload drops your unsaved changes; Save asks before overwriting."
                    )
                } else {
                    format!("{file} changed on disk.")
                };
                ui.colored_label(ui.visuals().warn_fg_color, text);
                if change != DiskChange::Missing && ui.button("Reload").clicked() {
                    reload = true;
                }
                if ui.button("Dismiss").clicked() {
                    dismiss = true;
                }
            });
        });
        if dismiss {
            open.disk_notice = safety::DiskNotice::Dismissed;
        }
        if reload {
            if open.doc.is_dirty() {
                self.conflict = Some(change);
            } else {
                let path = open.path.clone();
                self.open_path(&path);
            }
        }
    }

    /// Replaces the document with the recovered work, as one undoable edit.
    pub(crate) fn restore_recovery(&mut self) {
        let (Some(found), Some(open)) = (self.recovery.take(), &mut self.open) else {
            return;
        };
        // Loading the recovery file reads any article it has that the saved project lacks.
        let texts = match store::load(&found.path) {
            Ok(loaded) => {
                let doc = &loaded.document;
                doc.project()
                    .articles
                    .iter()
                    .filter(|a| open.doc.text(&a.id).is_none())
                    .filter_map(|a| doc.text(&a.id).map(|t| (a.id.clone(), t.clone())))
                    .collect()
            }
            Err(e) => {
                self.set_status(e.to_string(), true);
                return;
            }
        };
        self.edits.push(Edit::RestoreProject {
            project: Box::new(found.project),
            texts,
        });
        self.set_status(
            "Restored the unsaved work of the earlier session; save to keep it",
            false,
        );
    }
}
