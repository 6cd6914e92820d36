//! Bottom panel tab: the speakers map. Speakers are nodes on an ellipse (in entity order, so the
//! same project always gives the same picture); a solid red edge joins two speakers on
//! opposite sides of some claim, a dashed green one two on the same side; an edge is as wide
//! as the quotes it stands for. Hovering an edge names its claims; clicking an opposing edge,
//! or a node, opens the Review tab on those disagreements. The list beside the map says the
//! same in words, for the keyboard and screen readers.

use crate::analysis::{Disagreement, MapEdge, SpeakerMap};
use crate::derived::Derived;
use crate::document::Document;
use crate::model::{ClaimId, Project};
use crate::ui::shell::state::{ReviewFilter, ViewState};
use crate::ui::theme::palette;
use egui::{Color32, Pos2, Stroke, Vec2};
use std::sync::Arc;

/// What the panel keeps between frames: which edges it draws (for the document revision
/// they were picked for), and the claims of the edge last hovered.
#[derive(Debug, Default)]
pub struct MapCache {
    seen: Option<u64>,
    /// The edges drawn, weakest first (so the strongest lie on top): at most
    /// [`MAX_DRAWN`] of each relation, the ones with the most quotes.
    drawn: Vec<usize>,
    /// Draw only the opposing edges.
    hide_allies: bool,
    /// The claims of the edge last hovered, for (revision, node a, node b, opposed).
    hovered: Option<(HoverKey, Vec<(ClaimId, usize)>)>,
}

/// An edge of one revision of the map: (revision, node a, node b, opposed).
type HoverKey = (u64, usize, usize, bool);

impl MapCache {
    /// The claims behind an edge, found once while it stays hovered.
    fn claims_of(
        &mut self,
        (doc, derived): (&Document, &Derived),
        map: &SpeakerMap,
        e: &MapEdge,
    ) -> &[(ClaimId, usize)] {
        let key = (doc.transitions(), e.a, e.b, e.opposed);
        if self.hovered.as_ref().is_none_or(|(k, _)| *k != key) {
            let claims = derived.map_edge_claims(
                doc,
                (&map.nodes[e.a].speaker, &map.nodes[e.b].speaker, e.opposed),
            );
            self.hovered = Some((key, claims));
        }
        self.hovered.as_ref().map_or(&[], |(_, c)| c.as_slice())
    }
}

const LIST_WIDTH: f32 = 320.0;

/// Edges of one relation drawn at most: past a few hundred lines a map is a hairball (and
/// costs a frame); the list beside it has every pair.
const MAX_DRAWN: usize = 150;

/// The strongest edges of each relation, weakest first, agreeing ones under opposing ones.
fn strongest(map: &SpeakerMap) -> Vec<usize> {
    let mut drawn = Vec::new();
    for opposed in [false, true] {
        let mut of: Vec<usize> = (0..map.edges.len())
            .filter(|&i| map.edges[i].opposed == opposed)
            .collect();
        // Most quotes first, ties by node order; keep the first MAX_DRAWN, then reverse.
        of.sort_by_key(|&i| (std::cmp::Reverse(map.edges[i].quotes), i));
        of.truncate(MAX_DRAWN);
        of.reverse();
        drawn.extend(of);
    }
    drawn
}

pub fn speakers_map_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    map: &SpeakerMap,
    found: &[Arc<Disagreement>],
    view: &mut ViewState,
    cache: &mut MapCache,
) {
    if cache.seen != Some(doc.transitions()) {
        cache.drawn = strongest(map);
        cache.seen = Some(doc.transitions());
    }
    if map.nodes.is_empty() {
        ui.weak("No speakers yet. Link spans to claims with a speaker and a stance to see who disputes whom.");
        return;
    }
    let size = ui.available_size();
    ui.horizontal_top(|ui| {
        let map_size = Vec2::new((size.x - LIST_WIDTH - 12.0).max(200.0), size.y.max(160.0));
        let clicked = map_area_ui(ui, (doc, derived), map, map_size, view, cache);
        if let Some(e) = clicked {
            open_edge(view, map, &map.edges[e], found);
        }
        ui.separator();
        ui.vertical(|ui| {
            ui.set_width(LIST_WIDTH);
            ui.checkbox(&mut cache.hide_allies, "Only opposite sides");
            let opposed = map.edges.iter().filter(|e| e.opposed).count();
            if map.edges.len() > cache.drawn.len() {
                ui.weak(format!(
                    "The map draws the {MAX_DRAWN} strongest pairs of each kind ({opposed} on opposite sides, {} on the same side); the list has them all.",
                    map.edges.len() - opposed
                ));
            }
            edge_list_ui(ui, (doc, derived), map, found, view, cache);
        });
    });
}

/// Where each node sits: on an ellipse filling the area (room for names at its sides), the
/// first at the top, then clockwise at equal distances along the curve, so a flat ellipse does
/// not crowd its ends.
fn layout(n: usize, rect: egui::Rect) -> Vec<Pos2> {
    const SAMPLES: usize = 720;
    let center = rect.center();
    let radius = Vec2::new(
        (rect.width() / 2.0 - 150.0).max(40.0),
        (rect.height() / 2.0 - 40.0).max(30.0),
    );
    #[allow(clippy::cast_precision_loss)] // a handful of speakers, a few hundred samples
    let at = |t: f32| {
        let dir = Vec2::angled(-std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * t);
        center + Vec2::new(dir.x * radius.x, dir.y * radius.y)
    };
    // The curve's length up to each sample, then each node at its share of the whole.
    #[allow(clippy::cast_precision_loss)]
    let points: Vec<Pos2> = (0..=SAMPLES)
        .map(|i| at(i as f32 / SAMPLES as f32))
        .collect();
    let mut length = vec![0.0_f32; points.len()];
    for i in 1..points.len() {
        length[i] = length[i - 1] + points[i].distance(points[i - 1]);
    }
    let total = length[SAMPLES].max(f32::EPSILON);
    #[allow(clippy::cast_precision_loss)]
    (0..n)
        .map(|k| {
            let want = total * k as f32 / n as f32;
            let i = length.partition_point(|&l| l < want).min(SAMPLES);
            points[i]
        })
        .collect()
}

fn edge_width(quotes: usize) -> f32 {
    #[allow(clippy::cast_precision_loss)]
    (1.0 + (quotes as f32).sqrt()).min(10.0)
}

/// Both ends of an edge's line, moved apart from its twin (same pair, other relation).
fn edge_line(map: &SpeakerMap, e: &MapEdge, pos: &[Pos2]) -> [Pos2; 2] {
    let (a, b) = (pos[e.a], pos[e.b]);
    let twin = map
        .edges
        .iter()
        .any(|o| o.a == e.a && o.b == e.b && o.opposed != e.opposed);
    if !twin {
        return [a, b];
    }
    let normal = (b - a).normalized().rot90() * if e.opposed { 4.0 } else { -4.0 };
    [a + normal, b + normal]
}

fn distance_to_segment(p: Pos2, [a, b]: [Pos2; 2]) -> f32 {
    let ab = b - a;
    let t = if ab.length_sq() > 0.0 {
        ((p - a).dot(ab) / ab.length_sq()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (a + ab * t).distance(p)
}

fn node_radius(quotes: usize) -> f32 {
    #[allow(clippy::cast_precision_loss)]
    (6.0 + (quotes as f32).sqrt()).min(16.0)
}

/// The picture; returns the opposing edge clicked, if any.
fn map_area_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    map: &SpeakerMap,
    size: Vec2,
    view: &mut ViewState,
    cache: &mut MapCache,
) -> Option<usize> {
    let project = doc.project();
    let (drawn, hide_allies) = (&cache.drawn, cache.hide_allies);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    // The picture's name for a screen reader; the list beside it names every pair.
    let opposed = map.edges.iter().filter(|e| e.opposed).count();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Image,
            true,
            format!(
                "Speakers map: {} speakers, {opposed} pairs on opposite sides of a claim, {} on the same side; the list beside it names each pair",
                map.nodes.len(),
                map.edges.len() - opposed
            ),
        )
    });
    let painter = ui.painter_at(rect);
    let pos = layout(map.nodes.len(), rect);
    let under_pointer = response.hover_pos();
    // The edge under the pointer: the nearest within reach of its line.
    let shown = drawn
        .iter()
        .map(|&i| (i, &map.edges[i]))
        .filter(|(_, e)| e.opposed || !hide_allies);
    let hovered = under_pointer.and_then(|p| {
        shown
            .clone()
            .map(|(i, e)| (i, distance_to_segment(p, edge_line(map, e, &pos))))
            .filter(|(i, d)| *d <= edge_width(map.edges[*i].quotes) / 2.0 + 4.0)
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(i, _)| i)
    });
    // Agreeing edges under the opposing ones, fainter and thinner: the disagreements are
    // what the map is for.
    for (i, e) in shown {
        let (color, strength, scale) = if e.opposed {
            (palette::of(ui.ctx()).denies, 0.8, 1.0)
        } else {
            (palette::of(ui.ctx()).asserts, 0.45, 0.6)
        };
        let strength = if hovered == Some(i) { 1.0 } else { strength };
        let stroke = Stroke::new(edge_width(e.quotes) * scale, color.gamma_multiply(strength));
        let line = edge_line(map, e, &pos);
        if e.opposed {
            painter.line_segment(line, stroke);
        } else {
            painter.extend(egui::Shape::dashed_line(&line, stroke, 7.0, 5.0));
        }
    }
    for (n, node) in map.nodes.iter().enumerate() {
        node_ui(ui, &painter, project, node, (pos[n], rect.center()), view);
    }
    if let Some(e) = hovered.map(|i| &map.edges[i]) {
        let claims = cache.claims_of((doc, derived), map, e);
        response
            .clone()
            .on_hover_ui_at_pointer(|ui| edge_tooltip(ui, project, map, e, claims));
    }
    if response.clicked() {
        return hovered.filter(|&i| map.edges[i].opposed);
    }
    None
}

/// One speaker: its circle (ringed when it is on both sides of a claim), its name outside
/// the ellipse, a tooltip, and a click that reviews its disagreements.
fn node_ui(
    ui: &mut egui::Ui,
    painter: &egui::Painter,
    project: &Project,
    node: &crate::analysis::MapNode,
    (at, center): (Pos2, Pos2),
    view: &mut ViewState,
) {
    let text = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let entity = project.entity(&node.speaker);
    let name = project.speaker_name(Some(&node.speaker));
    let fill = entity.map_or(palette::of(ui.ctx()).reports, |e| {
        Color32::from_rgb(e.color.0[0], e.color.0[1], e.color.0[2])
    });
    let r = node_radius(node.quotes);
    if !node.self_contradictions.is_empty() {
        painter.circle_stroke(at, r + 4.0, Stroke::new(2.5, palette::of(ui.ctx()).mixed));
    }
    painter.circle(at, r, fill, Stroke::new(1.0, text));
    // The name outside the circle, away from the middle.
    let outward = (at - center).normalized();
    let anchor = match (outward.x > 0.3, outward.x < -0.3) {
        (true, _) => egui::Align2::LEFT_CENTER,
        (_, true) => egui::Align2::RIGHT_CENTER,
        _ if outward.y < 0.0 => egui::Align2::CENTER_BOTTOM,
        _ => egui::Align2::CENTER_TOP,
    };
    painter.text(at + outward * (r + 8.0), anchor, &name, font, text);
    let node_rect = egui::Rect::from_center_size(at, Vec2::splat(2.0 * r + 4.0));
    let response = ui
        .interact(
            node_rect,
            ui.scope_id().with(("speaker node", &node.speaker)),
            egui::Sense::click(),
        )
        .on_hover_ui(|ui| {
            ui.label(egui::RichText::new(&name).strong());
            ui.label(format!("{} quotes taking a side", node.quotes));
            for c in &node.self_contradictions {
                let statement = project.claim(c).map_or("", |c| c.statement.as_str());
                palette::stance_label(
                    ui,
                    palette::of(ui.ctx()).mixed,
                    format!("on both sides of: {statement}"),
                );
            }
            ui.weak("Click to review this speaker's disagreements");
        });
    // The ring said in words too.
    let selfs = node.self_contradictions.len();
    response.widget_info(|| {
        let label = match selfs {
            0 => format!("Speaker {name}"),
            1 => format!("Speaker {name}, on both sides of 1 claim"),
            n => format!("Speaker {name}, on both sides of {n} claims"),
        };
        egui::WidgetInfo::labeled(egui::Role::Button, true, label)
    });
    if response.clicked() {
        view.review_disagreement(ReviewFilter {
            speaker: Some(node.speaker.clone()),
            ..ReviewFilter::default()
        });
    }
}

fn edge_title(project: &Project, map: &SpeakerMap, e: &MapEdge) -> String {
    let name = |n: usize| project.speaker_name(Some(&map.nodes[n].speaker));
    format!(
        "{} vs {}: {} on {} claim{}, {} quotes",
        name(e.a),
        name(e.b),
        if e.opposed {
            "opposite sides"
        } else {
            "same side"
        },
        e.claims,
        if e.claims == 1 { "" } else { "s" },
        e.quotes
    )
}

fn edge_tooltip(
    ui: &mut egui::Ui,
    project: &Project,
    map: &SpeakerMap,
    e: &MapEdge,
    claims: &[(ClaimId, usize)],
) {
    ui.label(egui::RichText::new(edge_title(project, map, e)).strong());
    for (claim, quotes) in claims.iter().take(12) {
        let statement = project.claim(claim).map_or("", |c| c.statement.as_str());
        ui.label(format!("• {statement} ({quotes} quotes)"));
    }
    if claims.len() > 12 {
        ui.weak(format!("and {} more claims", claims.len() - 12));
    }
    if e.opposed {
        ui.weak("Click to review these disagreements");
    }
}

/// The Review tab on the disagreements between an edge's two speakers.
fn open_edge(view: &mut ViewState, map: &SpeakerMap, e: &MapEdge, found: &[Arc<Disagreement>]) {
    let (x, y) = (&map.nodes[e.a].speaker, &map.nodes[e.b].speaker);
    let filter = ReviewFilter {
        between: Some((x.clone(), y.clone())),
        ..ReviewFilter::default()
    };
    let mut between = found.iter().filter(|d| filter.admits(d));
    let first = between.next().map(|d| d.key.clone());
    let only = if between.next().is_none() {
        first
    } else {
        None
    };
    view.review_disagreement(ReviewFilter {
        selected: only,
        ..filter
    });
}

/// The edges in words: opposing ones as links to the Review tab, agreeing ones as text.
fn edge_list_ui(
    ui: &mut egui::Ui,
    (doc, derived): (&Document, &Derived),
    map: &SpeakerMap,
    found: &[Arc<Disagreement>],
    view: &mut ViewState,
    cache: &mut MapCache,
) {
    let project = doc.project();
    let hide_allies = cache.hide_allies;
    ui.horizontal(|ui| {
        let line = |ui: &mut egui::Ui, color: Color32, dashed: bool| {
            let (r, _) = ui.allocate_exact_size(Vec2::new(22.0, 12.0), egui::Sense::hover());
            let ends = [r.left_center(), r.right_center()];
            if dashed {
                ui.painter().extend(egui::Shape::dashed_line(
                    &ends,
                    Stroke::new(3.0, color),
                    5.0,
                    3.0,
                ));
            } else {
                ui.painter().line_segment(ends, Stroke::new(3.0, color));
            }
        };
        line(ui, palette::of(ui.ctx()).denies, false);
        ui.label("opposite sides");
        line(ui, palette::of(ui.ctx()).asserts, true);
        ui.label("same side");
    });
    ui.weak("A ring marks a speaker on both sides of a claim.");
    // Opposing edges, then agreeing ones; only the rows in view are built (a big project
    // has thousands of speaker pairs).
    let opposed = map.edges.iter().filter(|e| e.opposed).count();
    let rows = if hide_allies {
        opposed
    } else {
        map.edges.len()
    };
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("map edges")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows, |ui, range| {
            // One line a row, cut with "…" (the tooltip has it whole).
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for e in &map.edges[range] {
                let title = edge_title(project, map, e);
                let row = if e.opposed {
                    ui.link(title)
                } else {
                    ui.weak(title)
                };
                if row.hovered() {
                    let claims = cache.claims_of((doc, derived), map, e);
                    row.clone()
                        .on_hover_ui(|ui| edge_tooltip(ui, project, map, e, claims));
                }
                if e.opposed && row.clicked() {
                    open_edge(view, map, e, found);
                }
            }
        });
}
