//! The screen shown when no project is open: open one, or pick a recent one.

use crate::recent::RecentProjects;
use crate::ui::shell::state::Action;

pub fn start_screen_ui(
    ui: &mut egui::Ui,
    recent: &RecentProjects,
    error: Option<&str>,
    actions: &mut Vec<Action>,
) {
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading(egui::RichText::new("Crosscheck").size(32.0));
        ui.label("Compare how several sources report one event: who claims what, who denies it.");
        ui.add_space(20.0);
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
            ui.add_space(10.0);
        }
        if ui.button("Open project…").clicked() {
            actions.push(Action::Open);
        }
        if ui.button("Open by path…").clicked() {
            actions.push(Action::OpenByTypedPath);
        }
        ui.add_space(20.0);
        ui.label(egui::RichText::new("Recent projects").strong());
        if recent.paths.is_empty() {
            ui.weak("None yet");
        }
        let width = ui.available_width().min(640.0);
        ui.allocate_ui_with_layout(
            egui::vec2(width, 0.0),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                for path in &recent.paths {
                    ui.horizontal(|ui| {
                        let shown = path.display().to_string();
                        if ui.link(&shown).on_hover_text("Open").clicked() {
                            actions.push(Action::OpenPath(path.clone()));
                        }
                        if ui
                            .small_button("×")
                            .on_hover_text("Remove from recent projects")
                            .clicked()
                        {
                            actions.push(Action::ForgetRecent(path.clone()));
                        }
                    });
                }
            },
        );
    });
}
