//! The small popup beside a fresh text selection: pick an entity (click or 1–9) to turn the
//! selection into a highlight.

use crate::document::{Document, Edit};
use crate::model::{
    AnnotationId, Claim, ClaimLink, Entity, EntityId, EntityKind, Project, Rgb, Stance,
};
use crate::ui::columns::article_view::color32;
use crate::ui::shell::state::{Selected, ViewState};
use egui::{Key, Modifiers};

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// A palette color no entity uses yet (or among the least used ones), and of those the one
/// farthest from the colours entities already have, as the least-apart eyes see it (normal
/// vision, deuteranopia, protanopia, tritanopia): new entities stay told apart for
/// colour-blind checkers too. Their names are always one hover away.
#[must_use]
pub fn next_entity_color(project: &Project) -> Rgb {
    use crate::ui::theme::vision::{Vision, delta_e};
    let uses = |c: &Rgb| project.entities.iter().filter(|e| e.color == *c).count();
    let fewest = Rgb::PALETTE.iter().map(uses).min().unwrap_or(0);
    let distance = |c: &Rgb| {
        project
            .entities
            .iter()
            .flat_map(|e| Vision::ALL.map(|v| delta_e(c.0, e.color.0, v)))
            .fold(f64::INFINITY, f64::min)
    };
    Rgb::PALETTE
        .iter()
        .filter(|c| uses(c) == fewest)
        .max_by(|a, b| distance(a).total_cmp(&distance(b)))
        .copied()
        .unwrap_or(Rgb([0x80, 0x80, 0x80]))
}

/// Where the id of the popup's own "Claim…" menu is kept (egui memory), so that the window
/// can tell that menu from one that covers the popup.
#[must_use]
pub fn own_menu_key() -> egui::Id {
    egui::Id::unique("selection popup claim menu")
}

/// The text a selection covers.
fn selected_text(doc: &Document, pending: &crate::ui::state::PendingSpan) -> String {
    doc.text(&pending.article)
        .and_then(|t| t.slice(pending.chars.clone()))
        .unwrap_or_default()
        .to_owned()
}

/// Keeps the id of the popup's own menu: it is part of the popup, not something covering it.
fn remember_own_menu(ctx: &egui::Context, button: &egui::Response) {
    let menu = egui::Popup::default_response_id(button);
    ctx.data_mut(|d| d.insert_temp(own_menu_key(), menu));
}

/// Whether the popup's own "Claim…" menu is open.
#[must_use]
pub fn own_menu_open(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<egui::Id>(own_menu_key()))
        .is_some_and(|id| egui::Popup::is_id_open(ctx, id))
}

/// Shows the popup while a selection waits for an entity; queues the edits it makes.
pub fn popup_ui(
    ctx: &egui::Context,
    doc: &Document,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
    new_name: &mut String,
) {
    let Some(pending) = view.pending.clone() else {
        return;
    };
    let project = doc.project();
    let quote = selected_text(doc, &pending);
    // Re-selecting the span of a highlight whose text changed: move it, nothing else.
    if let Some(moving) = view
        .reselect
        .as_ref()
        .and_then(|id| doc.annotation(id))
        .filter(|a| a.article == pending.article)
    {
        reselect_popup_ui(ctx, moving, &quote, &pending, view, edits);
        return;
    }

    let mut chosen: Option<Vec<EntityId>> = None;
    let mut claim_links: Vec<ClaimLink> = Vec::new();
    let mut cancel = false;
    if !ctx.text_edit_focused() {
        ctx.input_mut(|i| {
            for (n, key) in NUMBER_KEYS.iter().enumerate() {
                if i.consume_key(Modifiers::NONE, *key)
                    && let Some(e) = project.entities.get(n)
                {
                    chosen = Some(vec![e.id.clone()]);
                }
            }
            if i.consume_key(Modifiers::NONE, Key::Escape) {
                cancel = true;
            }
        });
    }

    egui::Area::new(egui::Id::unique("selection popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(pending.anchor)
        .constrain(true)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(300.0);
                ui.label(egui::RichText::new(format!("“{}”", short(&quote))).italics());
                ui.separator();
                ui.label(egui::RichText::new("Link to entity").small().weak());
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for (n, e) in project.entities.iter().enumerate() {
                            let key = if n < 9 {
                                format!("{} ", n + 1)
                            } else {
                                "   ".to_owned()
                            };
                            let text = egui::RichText::new(format!("{key}{}", e.name));
                            let button =
                                egui::Button::new(text).fill(color32(e.color).gamma_multiply(0.25));
                            if ui.add(button).clicked() {
                                chosen = Some(vec![e.id.clone()]);
                            }
                        }
                    });
                if let Some(entity) = new_entity_ui(ui, project, new_name) {
                    chosen = Some(vec![entity.id.clone()]);
                    edits.push(Edit::AddEntity(entity));
                }
                ui.horizontal(|ui| {
                    let menu = ui.menu_button("Claim…", |ui| {
                        if let Some(claim) = claim_menu_ui(ui, project, &quote, &mut claim_links) {
                            edits.push(Edit::AddClaim(claim));
                        }
                        if !claim_links.is_empty() {
                            chosen = Some(Vec::new());
                        }
                    });
                    remember_own_menu(ui.ctx(), &menu.response);
                    if ui.button("Highlight only").clicked() {
                        chosen = Some(Vec::new());
                    }
                    if ui.button("Cancel").on_hover_text("Esc").clicked() {
                        cancel = true;
                    }
                });
            });
        });

    if let Some(entities) = chosen {
        let id = AnnotationId::random();
        edits.push(Edit::AddAnnotation {
            id: id.clone(),
            article: pending.article,
            char_start: pending.chars.start,
            char_end: pending.chars.end,
            entities,
            claims: claim_links,
            created: crate::now_rfc3339(),
        });
        view.selected = Some(Selected::Annotation(id));
        view.pending = None;
    } else if cancel {
        view.pending = None;
    }
}

/// "Move the highlight here?" after a selection made to re-anchor a highlight.
fn reselect_popup_ui(
    ctx: &egui::Context,
    moving: &crate::model::Annotation,
    quote: &str,
    pending: &crate::ui::shell::state::PendingSpan,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let mut answer = None;
    egui::Area::new(egui::Id::unique("selection popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(pending.anchor)
        .constrain(true)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                ui.label(format!("Saved as “{}”", short(&moving.quote)));
                ui.label(egui::RichText::new(format!("Now “{}”", short(quote))).italics());
                ui.horizontal(|ui| {
                    if ui.button("Move highlight here").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Cancel").on_hover_text("Esc").clicked() {
                        answer = Some(false);
                    }
                });
            });
        });
    if ctx.input(|i| i.key_pressed(Key::Escape)) {
        answer = Some(false);
    }
    match answer {
        Some(true) => {
            edits.push(Edit::MoveAnnotation {
                annotation: moving.id.clone(),
                char_start: pending.chars.start,
                char_end: pending.chars.end,
            });
            view.selected = Some(Selected::Annotation(moving.id.clone()));
            view.reselect = None;
            view.pending = None;
        }
        Some(false) => {
            view.reselect = None;
            view.pending = None;
        }
        None => {}
    }
}

/// A name field that makes a new entity for the selection.
fn new_entity_ui(ui: &mut egui::Ui, project: &Project, new_name: &mut String) -> Option<Entity> {
    let mut made = None;
    ui.horizontal(|ui| {
        let label = ui.label("New");
        let field = ui
            .add(
                egui::TextEdit::singleline(new_name)
                    .hint_text("entity name")
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (ui.button("Add").clicked() || enter) && !new_name.trim().is_empty() {
            let name = new_name.trim().to_owned();
            made = Some(Entity {
                id: project.fresh_entity_id(&name),
                name: name.clone(),
                kind: EntityKind::Other,
                color: next_entity_color(project),
                aliases: vec![name],
                same_as: Vec::new(),
            });
            new_name.clear();
        }
    });
    made
}

/// The popup's claim menu: link the selection to a claim with a stance (claim, then
/// stance), or make a new claim of it. Returns the new claim, if one was made.
fn claim_menu_ui(
    ui: &mut egui::Ui,
    project: &Project,
    quote: &str,
    links: &mut Vec<ClaimLink>,
) -> Option<Claim> {
    for claim in &project.claims {
        ui.menu_button(&claim.statement, |ui| {
            for stance in Stance::ALL {
                if ui.button(stance.label()).clicked() {
                    links.push(ClaimLink {
                        created_by: None,
                        claim: claim.id.clone(),
                        stance,
                        speaker: None,
                    });
                }
            }
        });
    }
    if ui.button("New claim from selection").clicked() {
        let claim = Claim::from_quote(quote);
        links.push(ClaimLink {
            created_by: None,
            claim: claim.id.clone(),
            stance: Stance::Asserts,
            speaker: None,
        });
        return Some(claim);
    }
    None
}

fn short(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        s.chars().take(MAX).chain(std::iter::once('…')).collect()
    }
}

#[cfg(test)]
mod colour_tests {
    use super::*;
    use crate::model::{Entity, EntityKind};
    use crate::ui::theme::vision::{Vision, delta_e};

    fn with_colours(colours: &[Rgb]) -> Project {
        let mut p = Project::new("t");
        for (i, c) in colours.iter().enumerate() {
            p.entities.push(Entity {
                id: format!("e{i}").as_str().into(),
                name: format!("E{i}"),
                kind: EntityKind::Other,
                color: *c,
                aliases: vec![],
                same_as: Vec::new(),
            });
        }
        p
    }

    #[test]
    fn a_new_entity_gets_an_unused_colour_far_from_the_others_for_every_vision() {
        // Red and green taken: the next is the unused colour that no vision confuses with
        // them most, never one that deuteranopia sees as either.
        let taken = [Rgb::PALETTE[0], Rgb::PALETTE[2]];
        let next = next_entity_color(&with_colours(&taken));
        assert!(!taken.contains(&next));
        let worst = |c: Rgb| {
            taken
                .iter()
                .flat_map(|t| Vision::ALL.map(|v| delta_e(c.0, t.0, v)))
                .fold(f64::INFINITY, f64::min)
        };
        for other in Rgb::PALETTE.iter().filter(|c| !taken.contains(c)) {
            assert!(worst(next) >= worst(*other), "{next} chosen over {other}");
        }
        // Every colour used once: the least used again, never a panic.
        let all = with_colours(&Rgb::PALETTE);
        assert!(Rgb::PALETTE.contains(&next_entity_color(&all)));
        assert!(Rgb::PALETTE.contains(&next_entity_color(&Project::new("empty"))));
    }
}
