//! Bottom panel tab: what did not check out when the project was opened (missing article
//! files, spans that no longer match their quote, dangling ids) or files an import skipped.
//! The project stays usable.

use crate::validate::Problem;
use std::path::Path;

pub fn problems_panel_ui(ui: &mut egui::Ui, problems: &[Problem], path: &Path) {
    let n = problems.len();
    egui::CollapsingHeader::new(
        egui::RichText::new(format!("{n} problem{}", if n == 1 { "" } else { "s" }))
            .color(ui.visuals().warn_fg_color),
    )
    .id_salt("problems")
    .default_open(true)
    .show(ui, |ui| {
        egui::ScrollArea::vertical()
            .max_height(140.0)
            .show(ui, |ui| {
                for p in problems {
                    ui.label(p.with_file(path));
                }
            });
    });
}
