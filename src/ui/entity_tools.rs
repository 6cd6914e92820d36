//! Entity tools beside the entity form: merging one entity into another.

use super::state::{Selected, ViewState};
use crate::document::Edit;
use crate::model::{Entity, Project};

/// "Merge into…": choose the entity that stays, confirm, and every mention, speaker role and
/// review moves to it (one undo step).
pub fn merge_ui(
    ui: &mut egui::Ui,
    project: &Project,
    entity: &Entity,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    if project.entities.len() < 2 {
        return;
    }
    ui.add_space(6.0);
    let target = view
        .merge_into
        .as_ref()
        .filter(|t| t.0 == entity.id)
        .and_then(|t| project.entity(&t.1));
    ui.horizontal(|ui| {
        let label = ui.label("Merge into");
        egui::ComboBox::from_id_salt(("merge into", entity.id.as_str()))
            .selected_text(target.map_or("choose an entity…", |t| t.name.as_str()))
            .show_ui(ui, |ui| {
                for other in project.entities.iter().filter(|o| o.id != entity.id) {
                    if ui.selectable_label(false, &other.name).clicked() {
                        view.merge_into = Some((entity.id.clone(), other.id.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    let Some(target) = target else {
        return;
    };
    let count = project.mention_count(&entity.id);
    ui.label(format!(
        "Merge “{}” into “{}”? Its {count} mentions and its speaker roles move to “{}”, its name and aliases become aliases of it, and “{}” is removed.",
        entity.name, target.name, target.name, entity.name
    ));
    ui.horizontal(|ui| {
        if ui.button("Merge").clicked() {
            edits.push(Edit::MergeEntities {
                from: entity.id.clone(),
                into: target.id.clone(),
            });
            view.selected = Some(Selected::Entity(target.id.clone()));
            view.merge_into = None;
        }
        if ui.button("Cancel merge").clicked() {
            view.merge_into = None;
        }
    });
}
