//! Left panel: the project's shared entities with color, kind and mention count. Hovering
//! one lights up its spans in every column; clicking opens it in the details panel.

use crate::model::{EntityId, Project};
use crate::ui::columns::article_view::color32;
use crate::ui::shell::state::{Selected, ViewState};

pub fn entity_panel_ui(
    ui: &mut egui::Ui,
    project: &Project,
    counts: &crate::model::FastMap<EntityId, usize>,
    view: &mut ViewState,
) {
    ui.horizontal(|ui| {
        ui.heading("Entities");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("+ New…")
                .on_hover_text("Add an entity to the project")
                .clicked()
            {
                view.selected = Some(Selected::NewEntity);
            }
        });
    });
    ui.separator();
    view.hovered_entity = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        for (n, e) in project.entities.iter().enumerate() {
            let selected = view.selected == Some(Selected::Entity(e.id.clone()));
            let count = counts.get(&e.id).copied().unwrap_or(0);
            let row = ui.horizontal(|ui| {
                let (swatch, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(swatch, 3.0, color32(e.color));
                ui.add(
                    egui::Button::selectable(selected, &e.name)
                        .right_text(
                            egui::RichText::new(format!("{}  {count}", e.kind.label())).weak(),
                        )
                        .min_size(egui::vec2(ui.available_width(), 0.0)),
                )
            });
            let response = row.inner.on_hover_ui(|ui| {
                ui.label(egui::RichText::new(&e.name).strong());
                ui.label(format!("{} · {count} mentions", e.kind.label()));
                if n < 9 {
                    ui.label(format!("Key {} links a selection to it", n + 1));
                }
                if !e.aliases.is_empty() {
                    ui.label(format!("Also: {}", e.aliases.join(", ")));
                }
            });
            if response.hovered() {
                view.hovered_entity = Some(e.id.clone());
            }
            if response.clicked() {
                view.selected = Some(Selected::Entity(e.id.clone()));
            }
        }
        if project.entities.is_empty() {
            ui.weak("No entities yet. Add one with “+ New…”.");
        }
    });
}
