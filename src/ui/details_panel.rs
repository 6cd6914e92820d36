//! Right panel: the selected highlight (quote, article, entities, note, delete) or the
//! selected entity's editor.

use super::article_view::color32;
use super::state::{Selected, ViewState};
use crate::document::{Document, Edit};
use crate::model::{Annotation, AnnotationId, Entity, EntityId, EntityKind, Rgb};

/// Text being edited in the panel, kept between frames.
#[derive(Debug, Default)]
pub struct DetailsBuffers {
    note: Option<(AnnotationId, String)>,
    entity: Option<EntityDraft>,
    confirm_delete_entity: bool,
}

/// The entity form: an existing entity (`id` set) or a new one.
#[derive(Debug, Clone, PartialEq)]
struct EntityDraft {
    id: Option<EntityId>,
    name: String,
    kind: EntityKind,
    color: [u8; 3],
    aliases: String,
}

impl EntityDraft {
    fn of(e: &Entity) -> Self {
        Self {
            id: Some(e.id.clone()),
            name: e.name.clone(),
            kind: e.kind,
            color: e.color.0,
            aliases: e.aliases.join("\n"),
        }
    }

    fn to_entity(&self, id: EntityId) -> Entity {
        let mut aliases: Vec<String> = Vec::new();
        for a in self
            .aliases
            .lines()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            if !aliases.iter().any(|x| x == a) {
                aliases.push(a.to_owned());
            }
        }
        Entity {
            id,
            name: self.name.trim().to_owned(),
            kind: self.kind,
            color: Rgb(self.color),
            aliases,
        }
    }
}

pub fn details_panel_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    egui::ScrollArea::vertical().show(ui, |ui| match view.selected.clone() {
        Some(Selected::Annotation(id)) => match doc.project().annotation(&id) {
            Some(a) => annotation_ui(ui, doc, a, view, buffers, edits),
            None => nothing_selected(ui),
        },
        Some(Selected::Entity(id)) => match doc.project().entity(&id) {
            Some(e) => {
                if buffers.entity.as_ref().and_then(|d| d.id.as_ref()) != Some(&id) {
                    buffers.entity = Some(EntityDraft::of(e));
                    buffers.confirm_delete_entity = false;
                }
                entity_ui(ui, doc, Some(e), view, buffers, edits);
            }
            None => nothing_selected(ui),
        },
        Some(Selected::NewEntity) => {
            if buffers.entity.as_ref().is_none_or(|d| d.id.is_some()) {
                buffers.entity = Some(EntityDraft {
                    id: None,
                    name: String::new(),
                    kind: EntityKind::Other,
                    color: super::selection_popup::next_entity_color(doc.project()).0,
                    aliases: String::new(),
                });
            }
            entity_ui(ui, doc, None, view, buffers, edits);
        }
        None => nothing_selected(ui),
    });
}

fn nothing_selected(ui: &mut egui::Ui) {
    ui.heading("Details");
    ui.separator();
    ui.weak("Drag over text in a column to highlight it, or click a highlight to see it here.");
}

fn annotation_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    a: &Annotation,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    ui.heading("Highlight");
    ui.separator();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("“{}”", a.quote)).italics());
    });
    let article = project.article(&a.article).map_or_else(
        || a.article.to_string(),
        crate::model::Article::display_title,
    );
    ui.label(egui::RichText::new(article).strong());
    ui.weak(format!(
        "characters {}–{} · created {}",
        a.char_start, a.char_end, a.created
    ));
    if ui.small_button("Show in column").clicked() {
        view.scroll_to = Some(a.id.clone());
    }

    ui.add_space(8.0);
    ui.label(egui::RichText::new("Entities").strong());
    for id in &a.entities {
        ui.horizontal(|ui| {
            let (name, color) = project
                .entity(id)
                .map_or((id.to_string(), egui::Color32::GRAY), |e| {
                    (e.name.clone(), color32(e.color))
                });
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 3.0, color);
            ui.label(name.as_str());
            if ui
                .small_button("×")
                .on_hover_text(format!("Unlink {name}"))
                .clicked()
            {
                edits.push(Edit::UnlinkEntity {
                    annotation: a.id.clone(),
                    entity: id.clone(),
                });
            }
        });
    }
    let unlinked: Vec<&Entity> = project
        .entities
        .iter()
        .filter(|e| !a.entities.contains(&e.id))
        .collect();
    if !unlinked.is_empty() {
        ui.menu_button("Link entity…", |ui| {
            for e in unlinked {
                if ui.button(&e.name).clicked() {
                    edits.push(Edit::LinkEntity {
                        annotation: a.id.clone(),
                        entity: e.id.clone(),
                    });
                }
            }
        });
    }

    ui.add_space(8.0);
    let label = ui.label(egui::RichText::new("Note").strong());
    let note = buffers
        .note
        .get_or_insert_with(|| (a.id.clone(), a.note.clone()));
    let editor_id = egui::Id::unique("note editor");
    let focused = ui.memory(|m| m.has_focus(editor_id));
    if note.0 != a.id || (!focused && note.1 != a.note) {
        *note = (a.id.clone(), a.note.clone());
    }
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut note.1)
                .id(editor_id)
                .hint_text("What to check, who to call…")
                .desired_rows(4)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if response.changed() {
        edits.push(Edit::SetNote {
            annotation: a.id.clone(),
            note: note.1.clone(),
        });
    }

    ui.add_space(12.0);
    let delete = egui::Button::new(
        egui::RichText::new("Delete highlight").color(ui.visuals().error_fg_color),
    );
    if ui.add(delete).clicked() {
        edits.push(Edit::DeleteAnnotation(a.id.clone()));
        view.selected = None;
    }
}

fn entity_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    existing: Option<&Entity>,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    let Some(draft) = buffers.entity.as_mut() else {
        return;
    };
    ui.heading(if existing.is_some() {
        "Entity"
    } else {
        "New entity"
    });
    ui.separator();
    egui::Grid::new("entity form")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut draft.name).desired_width(170.0))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Kind");
            egui::ComboBox::from_id_salt("entity kind")
                .selected_text(draft.kind.label())
                .show_ui(ui, |ui| {
                    for k in EntityKind::ALL {
                        ui.selectable_value(&mut draft.kind, k, k.label());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Color");
            ui.color_edit_button_srgb(&mut draft.color)
                .labelled_by(label.id);
            ui.end_row();
        });
    let label = ui.label("Aliases, one per line");
    ui.add(
        egui::TextEdit::multiline(&mut draft.aliases)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let name_ok = !draft.name.trim().is_empty();
    match existing {
        Some(e) => {
            let changed = draft.to_entity(e.id.clone()) != *e;
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(changed && name_ok, egui::Button::new("Save entity"))
                    .clicked()
                {
                    edits.push(Edit::UpdateEntity(draft.to_entity(e.id.clone())));
                }
                if ui
                    .add_enabled(changed, egui::Button::new("Revert"))
                    .clicked()
                {
                    *draft = EntityDraft::of(e);
                }
            });
            if !name_ok {
                ui.colored_label(ui.visuals().error_fg_color, "An entity needs a name");
            }
            mentions_ui(ui, doc, e, view, buffers, edits);
        }
        None => {
            if ui
                .add_enabled(name_ok, egui::Button::new("Add entity"))
                .clicked()
            {
                let id = project.fresh_entity_id(&draft.name);
                let mut entity = draft.to_entity(id.clone());
                if entity.aliases.is_empty() {
                    entity.aliases.push(entity.name.clone());
                }
                edits.push(Edit::AddEntity(entity));
                view.selected = Some(Selected::Entity(id));
            }
        }
    }
}

/// An entity's mentions (click one to go to it) and its guarded delete button.
fn mentions_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    e: &Entity,
    view: &mut ViewState,
    buffers: &mut DetailsBuffers,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    let count = project.mention_count(&e.id);
    ui.add_space(8.0);
    ui.label(egui::RichText::new(format!("Mentions ({count})")).strong());
    for a in project
        .annotations
        .iter()
        .filter(|a| a.entities.contains(&e.id))
    {
        let source = project
            .article(&a.article)
            .map_or_else(|| a.article.to_string(), |x| x.id.to_string());
        if ui
            .link(format!("{source}: “{}”", a.quote))
            .on_hover_text("Select and show in its column")
            .clicked()
        {
            view.selected = Some(Selected::Annotation(a.id.clone()));
            view.scroll_to = Some(a.id.clone());
        }
    }
    ui.add_space(12.0);
    if buffers.confirm_delete_entity {
        ui.label(format!(
            "Delete {} and unlink it from {count} highlights? The highlights stay.",
            e.name
        ));
        ui.horizontal(|ui| {
            if ui.button("Delete entity").clicked() {
                edits.push(Edit::DeleteEntity(e.id.clone()));
                view.selected = None;
                buffers.confirm_delete_entity = false;
            }
            if ui.button("Keep").clicked() {
                buffers.confirm_delete_entity = false;
            }
        });
    } else if ui
        .button(egui::RichText::new("Delete entity…").color(ui.visuals().error_fg_color))
        .clicked()
    {
        buffers.confirm_delete_entity = true;
    }
}
