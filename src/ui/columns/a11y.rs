//! The article text for screen readers. Each column's document node (AccessKit, which the
//! platform maps to AT-SPI, UI Automation or `NSAccessibility`) holds the article paragraph by
//! paragraph, and each highlight as a node inside its paragraph: named by its quote,
//! described as a highlight with its entities, claims and stances. The highlight selected
//! with the keyboard is the document's active descendant, so a screen reader announces each
//! one as the arrows walk them. Built only while an assistive technology is listening.

use crate::model::{Annotation, AnnotationId, Project};
use crate::text::ArticleText;
use egui::accesskit::Role;
use egui::{Rect, Response, Ui, UiBuilder};
use std::ops::Range;
use std::sync::Arc;

/// Articles with more paragraphs than this expose the ones around the view only (this many
/// on each side), so the tree stays small for a book-length text.
const ALL_PARAGRAPHS_UP_TO: usize = 400;
const AROUND_VIEW: usize = 100;

/// What a highlight is, in words: "highlight — entity Iran; denies: Iran was behind…".
#[must_use]
pub fn describe(a: &Annotation, project: &Project) -> String {
    let mut parts: Vec<String> = a
        .entities
        .iter()
        .map(|e| {
            let name = project.entity(e).map_or(e.as_str(), |x| x.name.as_str());
            format!("entity {name}")
        })
        .collect();
    for link in &a.claims {
        let statement = project
            .claim(&link.claim)
            .map_or(link.claim.as_str(), |c| c.statement.as_str());
        let speaker = link
            .speaker
            .as_ref()
            .and_then(|s| project.entity(s))
            .map(|e| format!(" (speaker {})", e.name))
            .unwrap_or_default();
        parts.push(format!("{}: {statement}{speaker}", link.stance.label()));
    }
    if !a.note.trim().is_empty() {
        parts.push(format!("note: {}", a.note.trim()));
    }
    if parts.is_empty() {
        "highlight".to_owned()
    } else {
        format!("highlight — {}", parts.join("; "))
    }
}

/// Where a node is on screen (in points, as egui gives every node).
fn bounds(r: Rect) -> egui::accesskit::Rect {
    egui::accesskit::Rect {
        x0: r.min.x.into(),
        y0: r.min.y.into(),
        x1: r.max.x.into(),
        y1: r.max.y.into(),
    }
}

/// Exposes the text of one column under its document node (`document`). `spans` are the
/// article's highlights in text order; `visible` the characters on screen; `place` where a
/// range of characters is drawn (its first row), when it is laid out.
#[allow(clippy::too_many_arguments)] // the column's pieces, each needed once
pub fn expose(
    ui: &mut Ui,
    document: &Response,
    text: &ArticleText,
    spans: &[Arc<Annotation>],
    project: &Project,
    selected: Option<&AnnotationId>,
    visible: &Range<usize>,
    place: &dyn Fn(&Range<usize>) -> Option<Rect>,
) {
    let ctx = ui.ctx().clone();
    // Only while a screen reader (or a test) listens: otherwise there is no tree to fill.
    if ctx.accesskit_node_builder(document.id, |_| ()).is_none() {
        return;
    }
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in text.as_str().split('\n') {
        let len = line.chars().count();
        paragraphs.push((start..start + len, line));
        start += len + 1;
    }
    let shown = if paragraphs.len() <= ALL_PARAGRAPHS_UP_TO {
        0..paragraphs.len()
    } else {
        let first = paragraphs.partition_point(|(r, _)| r.end < visible.start);
        let last = paragraphs.partition_point(|(r, _)| r.start < visible.end);
        first.saturating_sub(AROUND_VIEW)..(last + AROUND_VIEW).min(paragraphs.len())
    };
    let mut active = None;
    for (i, (range, line)) in paragraphs[shown.clone()].iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut para = ui.new_child(
            UiBuilder::new()
                .id_salt(("a11y paragraph", shown.start + i))
                .accessibility_parent(document.id),
        );
        // Paragraphs not laid out yet (far from the view) are placed at the document's top.
        let at = |r: &Range<usize>| {
            place(r).unwrap_or(Rect::from_min_size(document.rect.min, egui::Vec2::ZERO))
        };
        ctx.accesskit_node_builder(para.unique_id(), |node| {
            node.set_role(Role::Paragraph);
            node.set_label(*line);
            node.set_bounds(bounds(at(range)));
        });
        let from = spans.partition_point(|a| a.char_end <= range.start);
        for a in spans[from..]
            .iter()
            .take_while(|a| a.char_start < range.end)
            .filter(|a| text.slice(a.char_start..a.char_end) == Some(a.quote.as_str()))
        {
            let mark = para.new_child(UiBuilder::new().id_salt(("a11y highlight", &a.id)));
            ctx.accesskit_node_builder(mark.unique_id(), |node| {
                node.set_role(Role::Mark);
                node.set_label(a.quote.as_str());
                node.set_bounds(bounds(at(&(a.char_start..a.char_end))));
                node.set_description(describe(a, project));
                node.set_selected(selected == Some(&a.id));
            });
            if selected == Some(&a.id) {
                active = Some(mark.unique_id());
            }
        }
    }
    if let Some(id) = active {
        ctx.accesskit_node_builder(document.id, |node| {
            node.set_active_descendant(id.accesskit_id());
        });
    }
}
