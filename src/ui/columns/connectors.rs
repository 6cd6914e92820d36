//! Curves between linked spans across columns, drawn when a claim or a span is selected:
//! red where they contradict, green where they corroborate, gray otherwise. A linked span
//! scrolled out of view gets a marker at its column's edge, and the curve goes to it.

use crate::analysis::{Relation, relation};
use crate::derived::Derived;
use crate::document::Document;
use crate::model::{AnnotationId, ArticleId};
use crate::ui::shell::state::{Selected, ViewState};
use crate::ui::theme::palette;
use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2, vec2};
use std::collections::HashSet;

/// The annotations whose positions the curves need, from the selection: found through the
/// derived claim index, not by a scan of every annotation each frame.
#[must_use]
pub fn focus(
    doc: &Document,
    derived: &Derived,
    selected: Option<&Selected>,
) -> HashSet<AnnotationId> {
    match selected {
        Some(Selected::Claim(claim)) => derived.claim_members(claim).cloned().collect(),
        Some(Selected::Annotation(id)) => match doc.annotation(id) {
            Some(x) => derived
                .related(doc, x)
                .into_iter()
                .chain(std::iter::once(x.id.clone()))
                .collect(),
            None => HashSet::new(),
        },
        _ => HashSet::new(),
    }
}

/// A span's anchor on screen: its column position and where a curve attaches.
struct End {
    column: usize,
    rect: Rect,
    clip: Rect,
}

impl End {
    /// Where a curve leaving towards the right (or arriving from the left) attaches, and
    /// whether the span is scrolled out of view (then it attaches at the column edge).
    fn point(&self, right_side: bool) -> (Pos2, Option<bool>) {
        let x = if right_side {
            self.rect.max.x.min(self.clip.max.x)
        } else {
            self.rect.min.x.max(self.clip.min.x)
        };
        let y = self.rect.center().y;
        if y < self.clip.min.y {
            (pos2(x, self.clip.min.y + 6.0), Some(true))
        } else if y > self.clip.max.y {
            (pos2(x, self.clip.max.y - 6.0), Some(false))
        } else {
            (pos2(x, y), None)
        }
    }
}

fn color(r: Relation, stances: &palette::Stances) -> Color32 {
    match r {
        Relation::Contradicts => stances.denies,
        Relation::Corroborates => stances.asserts,
        Relation::Neutral => stances.reports,
    }
}

/// A curve between two spans: solid where they corroborate, dashed where they contradict,
/// so the two read apart without colour.
fn curve(painter: &egui::Painter, points: [Pos2; 4], stroke: Stroke, dashed: bool) {
    let bezier = egui::epaint::CubicBezierShape::from_points_stroke(
        points,
        false,
        Color32::TRANSPARENT,
        stroke,
    );
    if dashed {
        let path = bezier.flatten(Some(0.5));
        painter.extend(Shape::dashed_line(&path, stroke, 7.0, 4.0));
    } else {
        painter.add(Shape::CubicBezier(bezier));
    }
}

/// Draws the curves over the columns (`area` is the columns' screen rectangle).
pub fn connectors_ui(ctx: &egui::Context, area: Rect, doc: &Document, view: &ViewState) {
    let project = doc.project();
    let ends = |id: &AnnotationId| -> Option<End> {
        let (article, rect) = view.anchors.get(id)?;
        let column = view.columns.iter().position(|a| a == article)?;
        let clip = view.column_clips.get(article)?.intersect(area);
        (clip.width() > 1.0).then_some(End {
            column,
            rect: *rect,
            clip,
        })
    };
    let pairs: Vec<(AnnotationId, AnnotationId)> = match &view.selected {
        Some(Selected::Annotation(x)) => view
            .focus
            .iter()
            .filter(|y| *y != x)
            .map(|y| (x.clone(), y.clone()))
            .collect(),
        Some(Selected::Claim(_)) => adjacent_pairs(view, &ends),
        _ => return,
    };
    let painter = ctx
        .layer_painter(egui::LayerId::new(
            egui::Order::Middle,
            egui::Id::unique("connectors"),
        ))
        .with_clip_rect(area);
    let stances = palette::of(ctx);
    let mut sorted = pairs;
    sorted.sort();
    for (x, y) in sorted {
        let (Some(ex), Some(ey)) = (ends(&x), ends(&y)) else {
            continue;
        };
        if ex.column == ey.column {
            continue;
        }
        let (left, right) = if ex.column < ey.column {
            (ex, ey)
        } else {
            (ey, ex)
        };
        let (Some(ax), Some(ay)) = (doc.annotation(&x), doc.annotation(&y)) else {
            continue;
        };
        let rel = relation(project, ax, ay);
        let c = color(rel, &stances);
        let (p0, off0) = left.point(true);
        let (p3, off3) = right.point(false);
        let dx = (p3.x - p0.x).abs().max(40.0) * 0.45;
        let stroke = Stroke::new(2.0, c);
        let points = [p0, p0 + vec2(dx, 0.0), p3 - vec2(dx, 0.0), p3];
        curve(&painter, points, stroke, rel == Relation::Contradicts);
        for (p, off) in [(p0, off0), (p3, off3)] {
            match off {
                Some(up) => marker(&painter, p, up, c),
                None => {
                    painter.circle_filled(p, 3.0, c);
                }
            }
        }
    }
}

/// A small triangle at a column edge pointing to a span scrolled out of view.
fn marker(painter: &egui::Painter, p: Pos2, up: bool, c: Color32) {
    let s = 6.0;
    let pts = if up {
        vec![
            pos2(p.x - s, p.y + s * 0.5),
            pos2(p.x + s, p.y + s * 0.5),
            pos2(p.x, p.y - s),
        ]
    } else {
        vec![
            pos2(p.x - s, p.y - s * 0.5),
            pos2(p.x + s, p.y - s * 0.5),
            pos2(p.x, p.y + s),
        ]
    };
    painter.add(Shape::convex_polygon(pts, c, Stroke::NONE));
}

/// For a selected claim: join each span to the nearest span (by height) in the next column
/// that has any, and back, so the curves read as a braid across the columns, not a tangle.
fn adjacent_pairs(
    view: &ViewState,
    ends: &dyn Fn(&AnnotationId) -> Option<End>,
) -> Vec<(AnnotationId, AnnotationId)> {
    let mut by_column: Vec<Vec<(AnnotationId, f32)>> = vec![Vec::new(); view.columns.len()];
    for id in &view.focus {
        if let Some(e) = ends(id) {
            by_column[e.column].push((id.clone(), e.rect.center().y));
        }
    }
    for col in &mut by_column {
        col.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    }
    let filled: Vec<&Vec<(AnnotationId, f32)>> =
        by_column.iter().filter(|c| !c.is_empty()).collect();
    let nearest = |list: &Vec<(AnnotationId, f32)>, y: f32| {
        list.iter()
            .min_by(|a, b| (a.1 - y).abs().total_cmp(&(b.1 - y).abs()))
            .map(|(id, _)| id.clone())
    };
    let mut pairs = Vec::new();
    for w in filled.windows(2) {
        let (l, r) = (w[0], w[1]);
        let mut reached: HashSet<AnnotationId> = HashSet::new();
        for (id, y) in l {
            if let Some(t) = nearest(r, *y) {
                reached.insert(t.clone());
                pairs.push((id.clone(), t));
            }
        }
        for (id, y) in r.iter().filter(|(id, _)| !reached.contains(id)) {
            if let Some(s) = nearest(l, *y) {
                pairs.push((s, id.clone()));
            }
        }
    }
    pairs
}

/// Records where a focused annotation is drawn (called by the article view).
pub fn record_anchor(view: &mut ViewState, id: &AnnotationId, article: &ArticleId, rect: Rect) {
    view.anchors.insert(id.clone(), (article.clone(), rect));
}
