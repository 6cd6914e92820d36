//! The Sources tab: which articles found it out for themselves. Articles are nodes, grouped
//! by source family (one column per family), copied passages are edges as wide as the words
//! they share, and citations are arrows to the outlets cited (an article of the project, or
//! an outlet box of its own). Everything drawn is also listed as text beside the picture.

use crate::analysis::provenance::{PassageKind, Provenance};
use crate::model::{ArticleId, Project};
use crate::ui::shell::state::ViewState;
use egui::{Pos2, Rect, Stroke, vec2};
use std::collections::HashMap;

const NODE: egui::Vec2 = vec2(150.0, 34.0);

/// Shows the families, or says they are being worked out.
pub fn sources_ui(
    ui: &mut egui::Ui,
    project: &Project,
    found: Option<&Provenance>,
    view: &mut ViewState,
) {
    let Some(found) = found else {
        ui.weak("Finding shared text and citations between the articles…");
        return;
    };
    let copied = found
        .passages
        .iter()
        .filter(|p| p.kind == PassageKind::Copied)
        .count();
    ui.label(format!(
        "{} articles in {} independent source famil{} · {} copied passage{}, {} shared quotation{} · {} citation{}",
        project.articles.len(),
        found.families.len(),
        if found.families.len() == 1 { "y" } else { "ies" },
        copied,
        if copied == 1 { "" } else { "s" },
        found.passages.len() - copied,
        if found.passages.len() - copied == 1 { "" } else { "s" },
        found.citations.len(),
        if found.citations.len() == 1 { "" } else { "s" },
    ));
    ui.columns(2, |cols| {
        egui::ScrollArea::both()
            .id_salt("sources graph")
            .auto_shrink([false, false])
            .show(&mut cols[0], |ui| graph_ui(ui, project, found, view));
        egui::ScrollArea::vertical()
            .id_salt("sources list")
            .auto_shrink([false, false])
            .show(&mut cols[1], |ui| list_ui(ui, found, view));
    });
}

/// Families as columns of article nodes; edges and arrows between them.
fn graph_ui(ui: &mut egui::Ui, project: &Project, found: &Provenance, view: &mut ViewState) {
    let gap = vec2(40.0, 12.0);
    // Outlets cited that are no article of the project get a node of their own, at the right.
    let mut outlets: Vec<&str> = found
        .citations
        .iter()
        .filter(|c| c.cited_article_id.is_none())
        .map(|c| c.cited.as_str())
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let rows = found
        .families
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(outlets.len());
    let cols = found.families.len() + usize::from(!outlets.is_empty());
    let size = vec2(
        cols as f32 * (NODE.x + gap.x),
        rows as f32 * (NODE.y + gap.y) + 10.0,
    );
    let (area, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let at = |col: usize, row: usize| {
        Rect::from_min_size(
            area.min + vec2(col as f32 * (NODE.x + gap.x), row as f32 * (NODE.y + gap.y)),
            NODE,
        )
    };
    let mut place: HashMap<&ArticleId, Rect> = HashMap::new();
    for (f, family) in found.families.iter().enumerate() {
        for (r, a) in family.iter().enumerate() {
            place.insert(a, at(f, r));
        }
    }
    let outlet_place: HashMap<&str, Rect> = outlets
        .iter()
        .enumerate()
        .map(|(r, o)| (*o, at(found.families.len(), r)))
        .collect();
    let painter = ui.painter().clone();
    let ink = ui.visuals().strong_text_color();
    let faint = ui.visuals().weak_text_color();
    // Copied edges, as wide as the words shared.
    for p in found
        .passages
        .iter()
        .filter(|p| p.kind == PassageKind::Copied)
    {
        if let (Some(a), Some(b)) = (place.get(&p.a.article_id), place.get(&p.b.article_id)) {
            let width = (p.words as f32 / 10.0).clamp(1.5, 8.0);
            painter.line_segment([a.center(), b.center()], Stroke::new(width, ink));
        }
    }
    // Citation arrows.
    for c in &found.citations {
        let Some(from) = place.get(&c.article_id) else {
            continue;
        };
        let to = c
            .cited_article_id
            .as_ref()
            .and_then(|a| place.get(a))
            .or_else(|| outlet_place.get(c.cited.as_str()));
        if let Some(to) = to {
            arrow(&painter, from.center(), *to, Stroke::new(1.5, faint));
        }
    }
    for (f, family) in found.families.iter().enumerate() {
        for a in family {
            article_node_ui(ui, project, (a, place[a], f), view);
        }
    }
    for (o, rect) in &outlet_place {
        painter.rect_stroke(
            *rect,
            4.0,
            Stroke::new(1.0, faint),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            format!("{o} (cited)"),
            egui::TextStyle::Small.resolve(ui.style()),
            ui.visuals().weak_text_color(),
        );
    }
}

/// One article's node: its id and outlet; a click shows its column.
fn article_node_ui(
    ui: &mut egui::Ui,
    project: &Project,
    (a, rect, family): (&ArticleId, Rect, usize),
    view: &mut ViewState,
) {
    let outlet = project
        .article(a)
        .map(|x| x.outlet.trim())
        .filter(|o| !o.is_empty())
        .unwrap_or("outlet unknown");
    let label = format!("{a} — {outlet}, source {}", family + 1);
    let id = ui.make_persistent_id(("source node", a));
    let response = ui.interact(rect, id, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let painter = ui.painter();
    painter.rect_filled(rect, 4.0, ui.visuals().faint_bg_color);
    painter.rect_stroke(
        rect,
        4.0,
        Stroke::new(
            if response.hovered() { 2.0 } else { 1.0 },
            ui.visuals().strong_text_color(),
        ),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.left_center() + vec2(6.0, 0.0),
        egui::Align2::LEFT_CENTER,
        format!("{a}\n{outlet}"),
        egui::TextStyle::Small.resolve(ui.style()),
        ui.visuals().text_color(),
    );
    if response.clicked() {
        view.set_column_visible(a, true);
        view.reveal_column = Some(a.clone());
    }
    response.on_hover_text(format!("{label}. Click to show its column."));
}

/// An arrow from `from` to the edge of `to`.
fn arrow(painter: &egui::Painter, from: Pos2, to: Rect, stroke: Stroke) {
    let dir = (to.center() - from).normalized();
    // Stop at the target's edge.
    let end = to.center() - dir * (NODE.x.min(NODE.y) / 2.0 + 2.0);
    painter.line_segment([from, end], stroke);
    let side = vec2(-dir.y, dir.x) * 4.0;
    let back = end - dir * 8.0;
    painter.add(egui::Shape::convex_polygon(
        vec![end, back + side, back - side],
        stroke.color,
        Stroke::NONE,
    ));
}

/// The same as text: families, then passages by pair, then citations.
fn list_ui(ui: &mut egui::Ui, found: &Provenance, view: &mut ViewState) {
    let now = ui.input(|i| i.time);
    for (i, f) in found.families.iter().enumerate() {
        let ids: Vec<&str> = f.iter().map(ArticleId::as_str).collect();
        ui.label(format!("Source {}: {}", i + 1, ids.join(", ")));
    }
    ui.separator();
    for p in &found.passages {
        let kind = match p.kind {
            PassageKind::Copied => "copied",
            PassageKind::Quotation => "quotation",
        };
        let text = format!(
            "{} ↔ {} · {kind}, {} words: “{}”",
            p.a.article_id, p.b.article_id, p.words, p.a.text
        );
        if ui.link(text).on_hover_text("Show both sides").clicked() {
            let shared = crate::ui::state::SharedPassage {
                chars: p.a.char_start..p.a.char_end,
                other: p.b.article_id.clone(),
                other_chars: p.b.char_start..p.b.char_end,
                copied: p.kind == PassageKind::Copied,
                words: p.words,
            };
            view.jump_to_range(&p.a.article_id, shared.chars.clone(), now);
            view.show_shared(&p.a.article_id, &shared, now);
        }
    }
    ui.separator();
    for c in &found.citations {
        let to = c
            .cited_article_id
            .as_ref()
            .map(|a| format!(" (article {a})"))
            .unwrap_or_default();
        ui.label(format!(
            "{} cites {}{to}: “{}”",
            c.article_id, c.cited, c.cue.text
        ));
    }
}
