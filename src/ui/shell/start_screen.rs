//! The screen shown when no project is open: start a project from a folder of articles, try
//! the bundled sample, open one, or pick a recent one; files dropped on it are imported.

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
        let big = |text: &str| egui::Button::new(egui::RichText::new(text).size(16.0));
        if ui
            .add(big("New project from folder…"))
            .on_hover_text("Every .txt, .md and .html file of a folder becomes an article")
            .clicked()
        {
            actions.push(Action::NewFromFolder);
        }
        if ui
            .add(big("Open the sample project"))
            .on_hover_text(
                "Five reports on the August 2024 hacking accusation, annotated; opened as a \
                 fresh copy, so the bundled sample never changes",
            )
            .clicked()
        {
            actions.push(Action::OpenSample);
        }
        if ui.add(big("Open project…")).clicked() {
            actions.push(Action::Open);
        }
        if ui.button("Open by path…").clicked() {
            actions.push(Action::OpenByTypedPath);
        }
        ui.add_space(6.0);
        ui.weak("or drop article files or a folder of them on this window");
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
                        // The project's folder name first, then where it is.
                        let name = path.parent().and_then(|p| p.file_name()).map_or_else(
                            || path.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        if ui
                            .link(egui::RichText::new(&name).strong())
                            .on_hover_text(format!("Open {}", path.display()))
                            .clicked()
                        {
                            actions.push(Action::OpenPath(path.clone()));
                        }
                        ui.weak(path.display().to_string());
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
