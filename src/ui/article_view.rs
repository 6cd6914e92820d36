//! One article's text as a widget: wrapped text on an egui `Galley`, highlights painted
//! behind it in entity colors, and mouse selection that yields code-point offsets.
//!
//! egui's `Label` reports no selected range, so this widget does its own hit testing with
//! `Galley::cursor_from_pos`. Galley cursors count `char`s, the same unit as our offsets, so
//! offsets cross to egui here and nowhere else.

use super::state::{PendingSpan, Selected, ViewState};
use crate::model::{Annotation, AnnotationId, Article, Project, Rgb};
use crate::text::ArticleText;
use egui::epaint::text::{CharIndex, LayoutJob, TextFormat};
use egui::{Color32, Galley, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

/// Alpha of a highlight fill at rest, and when its entity is hovered or it is selected.
const FILL_ALPHA: u8 = 60;
const FILL_ALPHA_LIT: u8 = 150;
/// Column widths are rounded down to this step before the text is laid out.
const LAYOUT_STEP: f32 = 8.0;
/// Underlines of nested spans are stacked this far apart.
const UNDERLINE_STEP: f32 = 2.5;

/// Converts a project color to egui's.
#[must_use]
pub fn color32(c: Rgb) -> Color32 {
    let [r, g, b] = c.0;
    Color32::from_rgb(r, g, b)
}

/// Colors of an annotation's entities, gray when it has none (or only unknown ones).
fn span_colors(project: &Project, a: &Annotation) -> Vec<Color32> {
    let colors: Vec<Color32> = a
        .entities
        .iter()
        .filter_map(|id| project.entity(id))
        .map(|e| color32(e.color))
        .collect();
    if colors.is_empty() {
        vec![Color32::GRAY]
    } else {
        colors
    }
}

/// The char index where each galley row starts.
fn row_starts(galley: &Galley) -> Vec<usize> {
    let mut starts = Vec::with_capacity(galley.rows.len());
    let mut at = 0;
    for row in &galley.rows {
        starts.push(at);
        at += row.char_count_including_newline().0;
    }
    starts
}

/// Rectangles (galley coordinates) covering a char range, one per row it touches.
fn range_rects(galley: &Galley, starts: &[usize], chars: &Range<usize>) -> Vec<Rect> {
    let mut rects = Vec::new();
    if chars.is_empty() || galley.rows.is_empty() {
        return rects;
    }
    let first = starts.partition_point(|&s| s <= chars.start).max(1) - 1;
    for (r, row) in galley.rows.iter().enumerate().skip(first) {
        let row_start = starts[r];
        if row_start >= chars.end {
            break;
        }
        let len = row.char_count_excluding_newline().0;
        let s = chars.start.max(row_start) - row_start;
        let e = chars.end.min(row_start + len).saturating_sub(row_start);
        if e <= s {
            continue;
        }
        let x0 = row.pos.x + row.x_offset(CharIndex(s));
        let x1 = row.pos.x + row.x_offset(CharIndex(e));
        rects.push(Rect::from_min_max(
            pos2(x0, row.min_y()),
            pos2(x1, row.max_y()),
        ));
    }
    rects
}

/// How many earlier spans enclose each span (spans sorted by start).
fn nesting_depths(spans: &[&Annotation]) -> Vec<usize> {
    let mut open_ends: Vec<usize> = Vec::new();
    spans
        .iter()
        .map(|a| {
            open_ends.retain(|&end| end > a.char_start);
            let depth = open_ends.len();
            open_ends.push(a.char_end);
            depth
        })
        .collect()
}

fn layout(ui: &Ui, text: &ArticleText, width: f32) -> Arc<Galley> {
    let font_id = egui::TextStyle::Body.resolve(ui.style());
    let line_height = font_id.size * 1.55;
    let mut job = LayoutJob::single_section(
        text.as_str().to_owned(),
        TextFormat {
            font_id,
            color: ui.visuals().text_color(),
            line_height: Some(line_height),
            valign: egui::Align::Center,
            ..TextFormat::default()
        },
    );
    job.wrap.max_width = width;
    ui.painter().layout_job(job)
}

/// The laid-out text of one article on screen.
struct Placed {
    galley: Arc<Galley>,
    /// Char index where each galley row starts.
    starts: Vec<usize>,
    /// Screen rectangle of the text.
    rect: Rect,
}

impl Placed {
    fn char_at(&self, p: Pos2) -> usize {
        self.galley.cursor_from_pos(p - self.rect.min).index.0
    }

    /// Screen rectangles covering a char range.
    fn rects(&self, chars: &Range<usize>) -> Vec<Rect> {
        range_rects(&self.galley, &self.starts, chars)
            .into_iter()
            .map(|r| r.translate(self.rect.min.to_vec2()))
            .collect()
    }

    /// The chars on rows inside the visible (clip) rectangle.
    fn visible_chars(&self, clip: Rect, char_count: usize) -> Range<usize> {
        let clip = clip.translate(-self.rect.min.to_vec2());
        let rows = &self.galley.rows;
        let first = rows
            .iter()
            .position(|r| r.max_y() >= clip.min.y)
            .unwrap_or(rows.len());
        let last = rows
            .iter()
            .rposition(|r| r.min_y() <= clip.max.y)
            .map_or(0, |r| r + 1);
        let start = self.starts.get(first).copied().unwrap_or(usize::MAX);
        let end = self.starts.get(last).copied().unwrap_or(char_count);
        start..end.max(start)
    }
}

/// A painted highlight rectangle that a click can hit.
struct HitBox {
    rect: Rect,
    id: AnnotationId,
    char_len: usize,
}

/// Shows the article text with its highlights and handles selection and clicks.
pub fn article_text_ui(
    ui: &mut Ui,
    article: &Article,
    text: &ArticleText,
    project: &Project,
    view: &mut ViewState,
) {
    let width = ui.available_width().max(50.0);
    // Wrap at a width rounded down to 8 points: while a column is dragged wider or narrower,
    // the text is laid out again every 8 points, not every pixel (egui caches the rest).
    let galley = layout(ui, text, (width / LAYOUT_STEP).floor() * LAYOUT_STEP);
    let (rect, response) =
        ui.allocate_exact_size(vec2(width, galley.size().y), Sense::click_and_drag());
    let title = article.display_title();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Document, true, format!("Text of {title}"))
    });
    let placed = Placed {
        starts: row_starts(&galley),
        galley,
        rect,
    };

    let dragging = drag_ui(ui, &response, &placed, article, text, view);
    let spans: Vec<&Annotation> = project.annotations_of(&article.id).collect();
    let selection = dragging.map(|(a, b)| a.min(b)..a.max(b)).or_else(|| {
        view.pending
            .as_ref()
            .filter(|p| p.article == article.id)
            .map(|p| p.chars.clone())
    });
    let hit_boxes = paint_ui(ui, &placed, text, project, &spans, view, selection);

    // Where the connector curves attach to this column's focused spans.
    view.column_clips
        .insert(article.id.clone(), ui.clip_rect().intersect(rect));
    for a in &spans {
        if view.focus.contains(&a.id)
            && let Some(r) = placed.rects(&(a.char_start..a.char_end)).first()
        {
            super::connectors::record_anchor(view, &a.id, &article.id, *r);
        }
    }

    // A requested scroll to an annotation of this article.
    if let Some(target) = view.scroll_to.clone()
        && let Some(a) = spans.iter().find(|a| a.id == target)
    {
        if let Some(r) = placed.rects(&(a.char_start..a.char_end)).first() {
            ui.scroll_to_rect(*r, Some(egui::Align::Center));
        }
        view.scroll_to = None;
    }

    let hit = |p: Pos2| {
        hit_boxes
            .iter()
            .filter(|h| h.rect.contains(p))
            .min_by_key(|h| h.char_len)
            .map(|h| h.id.clone())
    };
    if let Some(p) = response.hover_pos()
        && dragging.is_none()
        && hit(p).is_some()
    {
        ui.set_cursor_icon(egui::CursorIcon::PointingHand);
    } else if response.hovered() {
        ui.set_cursor_icon(egui::CursorIcon::Text);
    }
    if response.double_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let word = text.word_at(placed.char_at(p));
        offer_span(view, article, text, &placed, word);
    } else if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        view.pending = None;
        view.selected = hit(p).map(Selected::Annotation);
    }
}

/// Mouse drag selection; the range being dragged lives in egui memory under the widget id.
/// Returns it (anchor, current) while a drag is under way.
fn drag_ui(
    ui: &Ui,
    response: &egui::Response,
    placed: &Placed,
    article: &Article,
    text: &ArticleText,
    view: &mut ViewState,
) -> Option<(usize, usize)> {
    let drag_id = response.id.with("drag");
    if response.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        let c = placed.char_at(origin);
        ui.data_mut(|d| d.insert_temp(drag_id, (c, c)));
        view.pending = None;
    }
    if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        let c = placed.char_at(p);
        ui.data_mut(|d| {
            if let Some((anchor, _)) = d.get_temp::<(usize, usize)>(drag_id) {
                d.insert_temp(drag_id, (anchor, c));
            }
        });
    }
    let dragging: Option<(usize, usize)> = ui.data(|d| d.get_temp(drag_id));
    if response.drag_stopped() {
        ui.data_mut(|d| d.remove::<(usize, usize)>(drag_id));
        if let Some((a, b)) = dragging {
            offer_span(view, article, text, placed, a.min(b)..a.max(b));
        }
        return None;
    }
    dragging
}

/// Paints highlights behind the text (only spans on visible rows are measured), the
/// selection, the text, and outlines of lit spans. Returns the highlight hit boxes.
fn paint_ui(
    ui: &Ui,
    placed: &Placed,
    text: &ArticleText,
    project: &Project,
    spans: &[&Annotation],
    view: &ViewState,
    selection: Option<Range<usize>>,
) -> Vec<HitBox> {
    let visible = placed.visible_chars(ui.clip_rect(), text.char_count());
    let depths = nesting_depths(spans);
    let selected = view.selected_annotation();
    let painter = ui.painter_at(placed.rect.expand(4.0));
    let mut hit_boxes = Vec::new();
    let mut outlines = Vec::new();
    for (a, depth) in spans.iter().zip(&depths) {
        if a.char_end <= visible.start || a.char_start >= visible.end {
            continue;
        }
        if text.slice(a.char_start..a.char_end) != Some(a.quote.as_str()) {
            continue; // does not anchor; listed under problems instead
        }
        let lit = selected == Some(&a.id)
            || view.focus.contains(&a.id)
            || view
                .hovered_entity
                .as_ref()
                .is_some_and(|e| a.entities.contains(e));
        // A span that only carries claims (a sentence, usually) is underlined in its stance
        // color and left unfilled, so long claim spans do not bury the text.
        let claim_only = a.entities.is_empty() && !a.claims.is_empty();
        let colors = if claim_only {
            vec![super::palette::stance(a.claims[0].stance)]
        } else {
            span_colors(project, a)
        };
        let alpha = if lit { FILL_ALPHA_LIT } else { FILL_ALPHA };
        for r in placed.rects(&(a.char_start..a.char_end)) {
            let r = r.shrink2(vec2(0.0, 1.0));
            if !claim_only || lit {
                // Several entities: stack the colors as horizontal bands.
                let band = r.height() / colors.len() as f32;
                let alpha = if claim_only { alpha / 2 } else { alpha };
                for (i, c) in colors.iter().enumerate() {
                    let top = r.min.y + band * i as f32;
                    let b = Rect::from_min_max(pos2(r.min.x, top), pos2(r.max.x, top + band));
                    painter.rect_filled(b, 0.0, c.gamma_multiply_u8(alpha));
                }
            }
            let y = r.max.y + (*depth as f32) * UNDERLINE_STEP;
            if claim_only {
                painter.extend(Shape::dashed_line(
                    &[pos2(r.min.x, y), pos2(r.max.x, y)],
                    Stroke::new(1.5, colors[0]),
                    4.0,
                    2.0,
                ));
            } else {
                painter.hline(r.x_range(), y, Stroke::new(1.5, colors[0]));
            }
            if lit {
                outlines.push(r);
            }
            hit_boxes.push(HitBox {
                rect: r,
                id: a.id.clone(),
                char_len: a.char_len(),
            });
        }
    }
    // The selection being dragged, or waiting for an entity in the popup.
    if let Some(range) = selection {
        for r in placed.rects(&range) {
            painter.rect_filled(r, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.6));
        }
    }
    painter.galley(
        placed.rect.min,
        placed.galley.clone(),
        ui.visuals().text_color(),
    );
    flash_ui(ui, &painter, placed, spans, view);
    for r in outlines {
        painter.rect_stroke(
            r.expand(1.0),
            2.0,
            Stroke::new(1.5, ui.visuals().strong_text_color()),
            egui::StrokeKind::Outside,
        );
    }
    hit_boxes
}

/// Pulses an outline around a span that was just jumped to.
fn flash_ui(
    ui: &Ui,
    painter: &egui::Painter,
    placed: &Placed,
    spans: &[&Annotation],
    view: &ViewState,
) {
    const FLASH_SECS: f64 = 1.6;
    let Some((id, started)) = &view.flash else {
        return;
    };
    let Some(a) = spans.iter().find(|a| &a.id == id) else {
        return;
    };
    let elapsed = ui.input(|i| i.time) - started;
    if !(0.0..FLASH_SECS).contains(&elapsed) {
        return;
    }
    #[allow(clippy::cast_possible_truncation)] // a fraction in 0..=1
    let strength =
        (0.5 + 0.5 * (elapsed * 9.0).cos()) as f32 * (1.0 - (elapsed / FLASH_SECS) as f32);
    for r in placed.rects(&(a.char_start..a.char_end)) {
        painter.rect_stroke(
            r.expand(3.0),
            3.0,
            Stroke::new(
                3.0,
                ui.visuals().selection.stroke.color.gamma_multiply(strength),
            ),
            egui::StrokeKind::Outside,
        );
    }
    ui.ctx().request_repaint();
}

/// Turns a raw mouse range into a pending span (trimmed, snapped to whole graphemes) and
/// anchors the entity popup below its end.
fn offer_span(
    view: &mut ViewState,
    article: &Article,
    text: &ArticleText,
    placed: &Placed,
    raw: Range<usize>,
) {
    let chars = text.trim(text.snap_to_graphemes(raw));
    if chars.is_empty() {
        view.pending = None;
        return;
    }
    let end = placed
        .galley
        .pos_from_cursor(egui::text::CCursor::new(chars.end));
    view.pending = Some(PendingSpan {
        article: article.id.clone(),
        chars,
        anchor: placed.rect.min + vec2(end.min.x, end.max.y + 4.0),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnnotationId;

    fn ann(start: usize, end: usize) -> Annotation {
        Annotation {
            id: AnnotationId::random(),
            article: "a".into(),
            char_start: start,
            char_end: end,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            entities: vec![],
            claims: vec![],
            note: String::new(),
            created: String::new(),
        }
    }

    #[test]
    fn nesting_depth_counts_enclosing_spans() {
        let a = [ann(0, 10), ann(2, 5), ann(3, 4), ann(6, 8), ann(12, 14)];
        let refs: Vec<&Annotation> = a.iter().collect();
        assert_eq!(nesting_depths(&refs), vec![0, 1, 2, 1, 0]);
    }

    #[test]
    fn range_rects_cover_each_wrapped_row() {
        let ctx = egui::Context::default();
        let mut rects = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let text = ArticleText::new("alpha beta gamma delta epsilon zeta eta theta");
            let galley = layout(ui, &text, 80.0);
            assert!(galley.rows.len() > 2, "narrow width wraps");
            let starts = row_starts(&galley);
            rects = range_rects(&galley, &starts, &(0..text.char_count()));
            assert_eq!(rects.len(), galley.rows.len());
            let one = range_rects(&galley, &starts, &(6..10));
            assert_eq!(one.len(), 1);
            assert!(one[0].width() > 10.0);
            assert!(range_rects(&galley, &starts, &(3..3)).is_empty());
        });
        output.textures_delta.clear();
        assert!(!rects.is_empty());
    }
}
