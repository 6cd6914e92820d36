//! Entity tools beside the entity form: merging one entity into another.

use crate::document::Edit;
use crate::model::{Entity, Project};
use crate::ui::shell::state::{Selected, ViewState};

/// "Merge into…": choose the entity that stays, confirm, and every mention, speaker role and
/// review moves to it (one undo step).
pub fn merge_ui(
    ui: &mut egui::Ui,
    project: &Project,
    entity: &Entity,
    count: usize,
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

/// "Find unlinked mentions": every place the entity's name or an alias appears that none of
/// its highlights covers, with context; link one, or all as one undo step.
pub fn unlinked_ui(
    ui: &mut egui::Ui,
    doc: &crate::document::Document,
    entity: &Entity,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    ui.add_space(6.0);
    let showing = view
        .unlinked
        .as_ref()
        .is_some_and(|(id, _, _)| id == &entity.id);
    if !showing {
        if ui
            .button("Find unlinked mentions")
            .on_hover_text("Where its name or an alias appears without its highlight")
            .clicked()
        {
            view.unlinked = Some((entity.id.clone(), u64::MAX, Vec::new()));
        }
        return;
    }
    // Found again after every change of the document, so linked ones leave the list: in the
    // articles whose highlights changed, or everywhere when the entity itself may have.
    let now = doc.transitions();
    if let Some((_, seen, hits)) = view.unlinked.as_mut()
        && *seen != now
    {
        match doc
            .touched_since(*seen)
            .filter(|t| !t.other && !t.article_list)
        {
            Some(t) => {
                hits.retain(|h| !t.articles.contains(&h.article));
                hits.extend(crate::search::unlinked_mentions_in(doc, &entity.id, |a| {
                    t.articles.contains(a)
                }));
                let order: crate::model::FastMap<&crate::model::ArticleId, usize> = doc
                    .project()
                    .articles
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (&a.id, i))
                    .collect();
                hits.sort_by_key(|h| (order.get(&h.article).copied(), h.start, h.end));
            }
            None => *hits = crate::search::unlinked_mentions(doc, &entity.id),
        }
        *seen = now;
    }
    let Some((_, _, hits)) = view.unlinked.clone() else {
        return;
    };
    ui.horizontal(|ui| {
        ui.strong(format!("Unlinked mentions ({})", hits.len()));
        if !hits.is_empty() && ui.button("Link all").clicked() {
            edits.push(crate::search::link_all(
                doc,
                &hits,
                &entity.id,
                &crate::now_rfc3339(),
                "link all mentions",
            ));
        }
        if ui.button("Close list").clicked() {
            view.unlinked = None;
        }
    });
    if hits.is_empty() {
        ui.weak("Every mention of its name and aliases is highlighted.");
    }
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("unlinked mentions")
        .max_height(220.0)
        .show(ui, |ui| {
            for (i, hit) in hits.iter().enumerate() {
                ui.horizontal_wrapped(|ui| {
                    if ui.small_button("Link").clicked() {
                        edits.push(crate::search::link_all(
                            doc,
                            std::slice::from_ref(hit),
                            &entity.id,
                            &crate::now_rfc3339(),
                            "link mention",
                        ));
                    }
                    let text = format!(
                        "{}: …{}[{}]{}…",
                        hit.article, hit.before, hit.matched, hit.after
                    )
                    .replace('\n', " ");
                    if ui.link(text).clicked() {
                        jump = Some(i);
                    }
                });
            }
        });
    if let Some(hit) = jump.and_then(|i| hits.get(i)) {
        let now = ui.input(|i| i.time);
        view.jump_to_range(&hit.article, hit.start..hit.end, now);
    }
}
