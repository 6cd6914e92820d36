//! One article's text as a widget: wrapped text on an egui `Galley`, highlights painted
//! behind it in entity colors, and mouse selection that yields code-point offsets.
//!
//! egui's `Label` reports no selected range, so this widget does its own hit testing. It
//! does not use egui's galley cursors either: those count one glyph per char, which egui 0.37
//! breaks after right-to-left text (see [`CharMap`]). Offsets cross to egui here and nowhere
//! else.

use crate::model::{Annotation, AnnotationId, Article, ArticleId, Project, Rgb};
use crate::text::ArticleText;
#[cfg(test)]
use crate::ui::columns::char_map::CharMap;
use crate::ui::columns::text_layout::{ArticleLayout, Placed};
use crate::ui::shell::state::{PendingSpan, Selected, ViewState};
use crate::ui::theme::visuals;
use egui::{Color32, Pos2, Rect, Sense, Shape, Stroke, Ui, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

/// Alpha of a highlight fill at rest, and when its entity is hovered or it is selected.
const FILL_ALPHA: u8 = 60;
/// Width of the strip left of the text where shared passages are marked.
const MARGIN: f32 = 8.0;
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
    spans_of: Option<&crate::derived::ArticleSpans>,
) {
    // This article's spans (a contiguous run of the sorted annotations), and of them the ones
    // that can reach the visible rows: found by binary search, so a frame's work follows
    // what is on screen, not how many spans the article has.
    let (spans, max_end, all_depths): (&[Arc<Annotation>], &[usize], &[usize]) =
        spans_of.map_or((&[], &[], &[]), |l| {
            (
                project.annotations.get(l.range.clone()).unwrap_or_default(),
                &l.max_end,
                &l.depths,
            )
        });
    let (key, layout, shift, rect, response) = allocate_text(ui, article, text, spans, view);
    let placed = Placed {
        layout: &layout,
        origin: rect.min - vec2(0.0, shift),
        rect,
        char_count: text.char_count(),
    };

    let dragging = drag_ui(ui, &response, &placed, article, text, view);
    let visible = placed.visible_chars(ui.clip_rect());
    super::a11y::expose(
        ui,
        &response,
        text,
        spans,
        project,
        view.selected_annotation(),
        &visible,
        &|r| placed.first_rect(r),
    );
    let lo = max_end.partition_point(|&end| end <= visible.start);
    let hi = spans
        .partition_point(|a| a.char_start < visible.end)
        .max(lo);
    let selection = dragging.clone().or_else(|| {
        view.pending
            .as_ref()
            .filter(|p| p.article == article.id)
            .map(|p| p.chars.clone())
    });
    let hit_boxes = paint_ui(
        ui,
        &placed,
        text,
        &article.id,
        project,
        (&spans[lo..hi], &all_depths[lo..hi.min(all_depths.len())]),
        spans,
        view,
        selection,
    );

    // Where the connector curves attach to this column's focused spans.
    view.column_clips
        .insert(article.id.clone(), ui.clip_rect().intersect(rect));
    let focused = !view.focus.is_empty();
    for a in spans.iter().filter(|_| focused) {
        if view.focus.contains(&a.id)
            && let Some(r) = placed.first_rect(&(a.char_start..a.char_end))
        {
            crate::ui::columns::connectors::record_anchor(view, &a.id, &article.id, r);
        }
    }

    // A requested scroll to a text range of this article (a search result).
    if let Some((target, range)) = view.scroll_to_range.clone()
        && target == article.id
    {
        if let Some(r) = placed.first_rect(&range) {
            ui.scroll_to_rect(r, Some(egui::Align::Center));
        }
        view.scroll_to_range = None;
    }
    // A requested scroll to an annotation of this article.
    if let Some(target) = view.scroll_to.clone()
        && let Some(a) = spans.iter().find(|a| a.id == target)
    {
        if let Some(r) = placed.first_rect(&(a.char_start..a.char_end)) {
            ui.scroll_to_rect(r, Some(egui::Align::Center));
        }
        view.scroll_to = None;
    }

    keyboard_ui(ui, &response, article, text, spans, view);

    let hit = |p: Pos2| {
        hit_boxes
            .iter()
            .filter(|h| h.rect.contains(p))
            .min_by_key(|h| h.char_len)
            .map(|h| h.id.clone())
    };
    let hovered = response
        .hover_pos()
        .filter(|_| dragging.is_none())
        .and_then(&hit)
        .and_then(|id| spans.iter().find(|a| a.id == id));
    hover_ui(ui, &response, hovered.map(|a| &**a), project);
    clicks_ui(ui, &response, &placed, article, text, view, &hit);
    passage_bars_ui(ui, &placed, &article.id, &visible, view);
    ui.data_mut(|d| d.insert_temp(key, layout));
}

/// Shared passages as bars in the column's left margin, apart from highlights: solid for
/// copied text, faint for a shared quotation. Hover names the other article; a click brings
/// it into the next column, scrolled to its side, both flashing.
fn passage_bars_ui(
    ui: &mut Ui,
    placed: &Placed,
    article: &ArticleId,
    visible: &Range<usize>,
    view: &mut ViewState,
) {
    if view.hide_passages {
        return;
    }
    let passages = std::sync::Arc::clone(&view.passages);
    let Some(list) = passages.get(article) else {
        return;
    };
    let now = ui.input(|i| i.time);
    for (i, p) in list.iter().enumerate() {
        if p.chars.end <= visible.start || p.chars.start >= visible.end {
            continue;
        }
        let rows = placed.rects(&p.chars);
        let (Some(top_row), Some(bottom_row)) = (rows.first(), rows.last()) else {
            continue;
        };
        let bar = Rect::from_min_max(
            pos2(placed.rect.min.x - MARGIN + 1.0, top_row.min.y),
            pos2(placed.rect.min.x - 2.0, bottom_row.max.y),
        );
        let id = ui.scope_id().with(("shared passage", article, i));
        let response = ui.interact(bar, id, egui::Sense::click());
        let what = if p.copied {
            "Copied text"
        } else {
            "A quotation"
        };
        let label = format!(
            "Shared passage: {what} also in {} ({} words)",
            p.other, p.words
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let color = if p.copied {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        let stroke = if response.hovered() { 4.0 } else { 2.5 };
        let x = bar.center().x;
        if p.copied {
            ui.painter().line_segment(
                [pos2(x, bar.min.y), pos2(x, bar.max.y)],
                Stroke::new(stroke, color),
            );
        } else {
            ui.painter().extend(Shape::dashed_line(
                &[pos2(x, bar.min.y), pos2(x, bar.max.y)],
                Stroke::new(stroke, color),
                4.0,
                3.0,
            ));
        }
        if response.clicked() {
            view.show_shared(article, p, now);
        }
        response.on_hover_text(format!("{label}. Click to read it beside this one."));
    }
}

/// The pointer over the text: a hand and, over a highlight, what it is in words (its
/// entities by name, its claims and stances), so no colour has to be told from another.
fn hover_ui(ui: &Ui, response: &egui::Response, over: Option<&Annotation>, project: &Project) {
    if let Some(a) = over {
        ui.set_cursor_icon(egui::CursorIcon::PointingHand);
        let about = super::a11y::describe(a, project);
        response.clone().on_hover_ui_at_pointer(|ui| {
            ui.label(about);
        });
    } else if response.hovered() {
        ui.set_cursor_icon(egui::CursorIcon::Text);
    }
}

/// Clicks in the text: a triple click selects the sentence, a double click the word,
/// Shift+click extends the selection waiting for an entity, a click selects the highlight
/// under the pointer (or nothing).
fn clicks_ui(
    ui: &Ui,
    response: &egui::Response,
    placed: &Placed,
    article: &Article,
    text: &ArticleText,
    view: &mut ViewState,
    hit: &dyn Fn(Pos2) -> Option<AnnotationId>,
) {
    let shift = ui.input(|i| i.modifiers.shift);
    if response.triple_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let sentence = text.sentence_at(placed.char_at(p));
        offer_span(view, article, text, placed, sentence);
    } else if response.double_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let word = text.word_at(placed.char_at(p));
        offer_span(view, article, text, placed, word);
    } else if response.clicked()
        && shift
        && let Some(p) = response.interact_pointer_pos()
        && let Some(pending) = view.pending.as_ref().filter(|s| s.article == article.id)
    {
        // Shift+click extends the selection to the clicked word.
        let c = placed.char_at(p);
        let chars = pending.chars.start.min(c)..pending.chars.end.max(c);
        let exact = ui.input(|i| i.modifiers.alt);
        offer_span(view, article, text, placed, snapped(text, chars, exact));
    } else if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        view.pending = None;
        view.selected = hit(p).map(Selected::Annotation);
    }
}

/// Lays the text out and allocates it, after a strip left of it that holds the margin bars
/// of shared passages. The text itself is the widget (its node is the article's document
/// for screen readers). Returns the layout's key, the layout, its shift, the text's rect and
/// its response.
fn allocate_text(
    ui: &mut Ui,
    article: &Article,
    text: &ArticleText,
    spans: &[Arc<Annotation>],
    view: &mut ViewState,
) -> (egui::Id, ArticleLayout, f32, Rect, egui::Response) {
    let full = ui.available_width().max(50.0 + MARGIN);
    let (key, layout, shift) = lay_out_ui(ui, article, text, spans, view, full - MARGIN);
    let (whole, _) = ui.allocate_exact_size(vec2(full, layout.height()), Sense::hover());
    let rect = Rect::from_min_max(whole.min + vec2(MARGIN, 0.0), whole.max);
    let response = ui.interact(
        rect,
        ui.make_persistent_id(("article text", &article.id)),
        Sense::click_and_drag(),
    );
    let title = article.display_title();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Document, true, format!("Text of {title}"))
    });
    (key, layout, shift, rect, response)
}

/// Lays out the paragraphs of the text in view (and around a jump target) at the column
/// width. Returns the layout's memory key, the layout, and how far to shift this frame's
/// drawing up to keep the text on screen in place.
fn lay_out_ui(
    ui: &Ui,
    article: &Article,
    text: &ArticleText,
    spans: &[Arc<Annotation>],
    view: &mut ViewState,
    width: f32,
) -> (egui::Id, ArticleLayout, f32) {
    // Wrap at a width rounded down to 8 points: while a column is dragged wider or narrower,
    // the paragraphs in view are laid out again every 8 points, not every pixel.
    let wrap = (width / LAYOUT_STEP).floor() * LAYOUT_STEP;
    let key = ui.scope_id().with(("article layout", article.id.as_str()));
    let mut layout: ArticleLayout = ui.data_mut(|d| d.remove_temp(key)).unwrap_or_default();
    let top = ui.cursor().min.y;
    let clip = ui.clip_rect();
    let view_top = clip.min.y - top;
    let place = layout.prepare(ui, text, wrap, view_top);
    // A jump to a range of this article: lay out its surroundings first, so the jump lands
    // on exact positions.
    let jump = jump_target(article, spans, view);
    if let Some(c) = jump {
        layout.lay_out_around(ui, text, c, clip.height() / 2.0);
    }
    // A new width (or text size) reflows everything: the row that was at the top of the
    // view stays there, so the reader keeps their place.
    let mut compensation = 0.0;
    let mut kept = None;
    if let Some((c, into)) = place.filter(|_| jump.is_none())
        && let Some(row) = layout.row_top_of(ui, text, c)
    {
        compensation = row + into - view_top;
        kept = Some((c, into));
    }
    compensation += layout.lay_out_view(
        ui,
        text,
        (view_top + compensation)..(clip.max.y - top + compensation),
    );
    // Spans out of view that connector curves point at: their places must be exact too.
    if !view.focus.is_empty() {
        let focused = spans
            .iter()
            .filter(|a| view.focus.contains(&a.id))
            .map(|a| a.char_start);
        compensation += layout.lay_out_chars(ui, text, focused, view_top + compensation);
    }
    if let Some((c, into)) = kept {
        layout.keep_place(c, into, view_top + compensation);
    }
    if compensation != 0.0 && jump.is_none() {
        // Paragraphs above the view grew or shrank from their estimate: scroll by as much,
        // and draw this frame shifted, so the text on screen stays where it was.
        ui.scroll_with_delta_animation(
            vec2(0.0, -compensation),
            egui::style::ScrollAnimation::none(),
        );
        view.scroll_compensation
            .insert(article.id.clone(), compensation);
    }
    let shift = if jump.is_none() { compensation } else { 0.0 };
    (key, layout, shift)
}

/// The first char of a jump requested to this article this frame: a search result or an
/// annotation to bring into view.
fn jump_target(article: &Article, spans: &[Arc<Annotation>], view: &ViewState) -> Option<usize> {
    let range = view
        .scroll_to_range
        .as_ref()
        .filter(|(target, _)| target == &article.id)
        .map(|(_, range)| range.start);
    range.or_else(|| {
        let target = view.scroll_to.as_ref()?;
        spans.iter().find(|a| &a.id == target).map(|a| a.char_start)
    })
}

/// With the column's text focused (Tab, or a click): the arrow keys select the next or
/// previous highlight in reading order and bring it into view; Enter shows it (flash).
fn keyboard_ui(
    ui: &Ui,
    response: &egui::Response,
    article: &Article,
    text: &ArticleText,
    spans: &[Arc<Annotation>],
    view: &mut ViewState,
) {
    if response.clicked()
        || response.drag_started()
        || view.focus_text.as_ref() == Some(&article.id)
    {
        response.request_focus();
        view.focus_text = None;
    }
    if !response.has_focus() {
        return;
    }
    // Arrows move between highlights here, not the keyboard focus; Tab still leaves.
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            egui::EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
    let (next, previous, enter) = ui.input_mut(|i| {
        let none = egui::Modifiers::NONE;
        (
            i.consume_key(none, egui::Key::ArrowDown) || i.consume_key(none, egui::Key::ArrowRight),
            i.consume_key(none, egui::Key::ArrowUp) || i.consume_key(none, egui::Key::ArrowLeft),
            i.consume_key(none, egui::Key::Enter),
        )
    });
    // Highlights that sit on their quote, in reading order (spans are sorted by offset).
    let anchored: Vec<&Annotation> = spans
        .iter()
        .filter(|a| text.slice(a.char_start..a.char_end) == Some(a.quote.as_str()))
        .map(|a| &**a)
        .collect();
    let current = view
        .selected_annotation()
        .and_then(|id| anchored.iter().position(|a| &a.id == id));
    let target = if next {
        Some(current.map_or(0, |i| (i + 1).min(anchored.len().saturating_sub(1))))
    } else if previous {
        Some(current.map_or(anchored.len().saturating_sub(1), |i| i.saturating_sub(1)))
    } else {
        None
    };
    if let Some(a) = target.and_then(|i| anchored.get(i)) {
        view.pending = None;
        view.selected = Some(Selected::Annotation(a.id.clone()));
        view.scroll_to = Some(a.id.clone());
    }
    if enter && let Some(i) = current {
        let now = ui.input(|i| i.time);
        view.jump_to(&anchored[i].id, &article.id, now);
    }
}

/// A selection's range as the user means it: whole words at both ends, or with `exact`
/// (Alt held) the characters dragged over; never inside a grapheme cluster either way.
fn snapped(text: &ArticleText, chars: Range<usize>, exact: bool) -> Range<usize> {
    if exact {
        text.snap_to_graphemes(chars)
    } else {
        text.snap_to_words(chars)
    }
}

/// Mouse drag selection; the drag (anchor, current, exact) lives in egui memory under the
/// widget id. Returns the range it selects while a drag is under way: snapped to whole
/// words, or exact characters while Alt is held.
fn drag_ui(
    ui: &Ui,
    response: &egui::Response,
    placed: &Placed,
    article: &Article,
    text: &ArticleText,
    view: &mut ViewState,
) -> Option<Range<usize>> {
    let drag_id = response.id.with("drag");
    let alt = ui.input(|i| i.modifiers.alt);
    if response.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
    {
        let c = placed.char_at(origin);
        ui.data_mut(|d| d.insert_temp(drag_id, (c, c, alt)));
        view.pending = None;
    }
    if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        let c = placed.char_at(p);
        ui.data_mut(|d| {
            if let Some((anchor, _, _)) = d.get_temp::<(usize, usize, bool)>(drag_id) {
                d.insert_temp(drag_id, (anchor, c, alt));
            }
        });
    }
    let dragging = ui
        .data(|d| d.get_temp::<(usize, usize, bool)>(drag_id))
        .map(|(a, b, exact)| snapped(text, a.min(b)..a.max(b), exact));
    if response.drag_stopped() {
        ui.data_mut(|d| d.remove::<(usize, usize, bool)>(drag_id));
        if let Some(range) = dragging {
            offer_span(view, article, text, placed, range);
        }
        return None;
    }
    dragging
}

/// Paints highlights behind the text (only spans on visible rows are measured), the
/// selection, the text, and outlines of lit spans. Returns the highlight hit boxes.
#[allow(clippy::too_many_arguments)] // the parts of one paint, each used
fn paint_ui(
    ui: &Ui,
    placed: &Placed,
    text: &ArticleText,
    article: &ArticleId,
    project: &Project,
    (spans, depths): (&[Arc<Annotation>], &[usize]),
    all_spans: &[Arc<Annotation>],
    view: &ViewState,
    selection: Option<Range<usize>>,
) -> Vec<HitBox> {
    let visible = placed.visible_chars(ui.clip_rect());
    let selected = view.selected_annotation();
    let painter = ui.painter_at(placed.rect.expand(4.0));
    let mut hit_boxes = Vec::new();
    let mut outlines = Vec::new();
    // Every underline (a dashed one is dozens of dashes) goes into one mesh: as line shapes
    // they were most of a frame's tessellation.
    let mut underlines = egui::Mesh::default();
    let ppp = ui.pixels_per_point();
    let (background, text_color) = (ui.visuals().panel_fill, ui.visuals().text_color());
    for (a, depth) in spans.iter().zip(depths) {
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
            vec![crate::ui::theme::palette::of(ui.ctx()).stance(a.claims[0].stance)]
        } else {
            span_colors(project, a)
        };
        // Spans the filter leaves out stay visible, faintly, so the text keeps its context.
        let shown = view.filter.shows(a);
        let alpha = match (lit, shown) {
            (true, _) => FILL_ALPHA_LIT,
            (false, true) => FILL_ALPHA,
            (false, false) => FILL_ALPHA / 5,
        };
        let colors: Vec<Color32> = if shown {
            colors
        } else {
            colors.iter().map(|c| c.gamma_multiply(0.35)).collect()
        };
        for r in placed.rects(&(a.char_start..a.char_end)) {
            let r = r.shrink2(vec2(0.0, 1.0));
            if !claim_only || lit {
                // Several entities: stack the colors as horizontal bands.
                let band = r.height() / colors.len() as f32;
                let alpha = if claim_only { alpha / 2 } else { alpha };
                for (i, c) in colors.iter().enumerate() {
                    let top = r.min.y + band * i as f32;
                    let b = Rect::from_min_max(pos2(r.min.x, top), pos2(r.max.x, top + band));
                    // Never so strong that the text over it drops below 4.5:1.
                    let alpha = visuals::highlight_alpha(*c, background, text_color, alpha);
                    painter.rect_filled(b, 0.0, c.gamma_multiply_u8(alpha));
                }
            }
            let y = r.max.y + (*depth as f32) * UNDERLINE_STEP;
            let dash = if claim_only { Some((4.0, 2.0)) } else { None };
            let line = visuals::underline_color(colors[0], background);
            underline(&mut underlines, r.x_range(), y, line, dash, ppp);
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
    if view.suggestion.show
        && let Some(range) = view.suggestion.by_article.get(article)
    {
        paint_suggestions(ui, placed, view, range.clone(), &visible, &mut underlines);
    }
    painter.add(Shape::mesh(underlines));
    // The selection being dragged, or waiting for an entity in the popup.
    if let Some(range) = selection {
        for r in placed.rects(&range) {
            painter.rect_filled(r, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.6));
        }
    }
    placed.paint_text(&painter, ui.clip_rect(), ui.visuals().text_color());
    flash_ui(ui, &painter, placed, all_spans, view, article);
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

/// Suggested attributions: dotted lines under the speaker and the content, in the weak text
/// colour (the selected one in the strong colour), below where highlights underline, so
/// they are never taken for highlights.
fn paint_suggestions(
    ui: &Ui,
    placed: &Placed,
    view: &ViewState,
    indices: Range<usize>,
    visible: &Range<usize>,
    mesh: &mut egui::Mesh,
) {
    let ppp = ui.pixels_per_point();
    let list = &view.suggestion.list;
    for i in indices {
        let Some(m) = list.get(i) else {
            continue;
        };
        let (speaker, content) = (m.speaker.range(), m.content.range());
        if content.end.max(speaker.end) <= visible.start
            || content.start.min(speaker.start) >= visible.end
        {
            continue;
        }
        let color = if view.suggestion.selected == Some(i) {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        for (range, dots) in [(&speaker, (2.0, 2.0)), (&content, (1.5, 3.0))] {
            for r in placed.rects(range) {
                underline(mesh, r.x_range(), r.max.y + 3.5, color, Some(dots), ppp);
            }
        }
    }
}

/// Adds an underline from `x.min` to `x.max` centred on `y` to `mesh`: solid, or dashed as
/// (dash, gap) lengths. Snapped to whole physical pixels, as the mesh is not anti-aliased.
fn underline(
    mesh: &mut egui::Mesh,
    x: egui::Rangef,
    y: f32,
    color: Color32,
    dash: Option<(f32, f32)>,
    ppp: f32,
) {
    const THICKNESS: f32 = 1.5;
    let snap = |v: f32| (v * ppp).round() / ppp;
    let height = (THICKNESS * ppp).round().max(1.0) / ppp;
    let top = snap(y - THICKNESS / 2.0);
    let (x0, x1) = (snap(x.min), snap(x.max));
    let piece = |mesh: &mut egui::Mesh, from: f32, to: f32| {
        mesh.add_colored_rect(
            Rect::from_min_max(pos2(from, top), pos2(to, top + height)),
            color,
        );
    };
    match dash {
        None => piece(mesh, x0, x1),
        Some((on, off)) => {
            let mut at = x0;
            while at < x1 {
                piece(mesh, at, snap((at + on).min(x1)));
                at = snap(at + on + off);
            }
        }
    }
}

/// Pulses an outline around a span or text range that was just jumped to.
fn flash_ui(
    ui: &Ui,
    painter: &egui::Painter,
    placed: &Placed,
    spans: &[Arc<Annotation>],
    view: &ViewState,
    article: &ArticleId,
) {
    const FLASH_SECS: f64 = 1.6;
    let span = view.flash.as_ref().and_then(|(id, started)| {
        spans
            .iter()
            .find(|a| &a.id == id)
            .map(|a| (a.char_start..a.char_end, *started))
    });
    let range = view
        .flash_range
        .as_ref()
        .filter(|(a, _, _)| a == article)
        .or(view.flash_passage.as_ref().filter(|(a, _, _)| a == article))
        .map(|(_, r, started)| (r.clone(), *started));
    let Some((chars, started)) = span.or(range) else {
        return;
    };
    let elapsed = ui.input(|i| i.time) - started;
    if !(0.0..FLASH_SECS).contains(&elapsed) {
        return;
    }
    #[allow(clippy::cast_possible_truncation)] // a fraction in 0..=1
    let strength =
        (0.5 + 0.5 * (elapsed * 9.0).cos()) as f32 * (1.0 - (elapsed / FLASH_SECS) as f32);
    for r in placed.rects(&chars) {
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
    let end = placed.end_pos(&chars);
    view.pending = Some(PendingSpan {
        article: article.id.clone(),
        chars,
        anchor: end + vec2(0.0, 4.0),
    });
}

#[cfg(test)]
mod tests {
    use super::super::text_layout::layout_str;
    use super::*;
    use crate::ui::theme::fonts::with_fonts;

    #[test]
    fn range_rects_cover_each_wrapped_row() {
        let mut rects = Vec::new();
        with_fonts(|ui| {
            let text = ArticleText::new("alpha beta gamma delta epsilon zeta eta theta");
            let galley = layout_str(ui, text.as_str(), 80.0);
            assert!(galley.rows.len() > 2, "narrow width wraps");
            let map = CharMap::new(&galley, &text);
            rects = map.rects(&galley, &(0..text.char_count()));
            assert_eq!(rects.len(), galley.rows.len());
            let one = map.rects(&galley, &(6..10));
            assert_eq!(one.len(), 1);
            assert!(one[0].width() > 10.0);
            assert!(map.rects(&galley, &(3..3)).is_empty());
        });
        assert!(!rects.is_empty());
    }

    const PERSIAN: &str = "The mission said «ما هیچ نقشی نداریم» and then the FBI replied.";

    /// egui issue 8576, as egui 0.37 has it: after a right-to-left run the galley has more
    /// glyphs than the text has chars, so egui's own cursor for a point on "FBI" is off.
    /// If this starts failing, egui fixed the bug and `CharMap` may be simplified.
    #[test]
    fn egui_cursor_is_shifted_after_persian() {
        with_fonts(|ui| {
            let text = ArticleText::new(PERSIAN);
            let galley = layout_str(ui, text.as_str(), 2000.0);
            let glyphs: usize = galley.rows.iter().map(|r| r.glyphs.len()).sum();
            // Four words of 2, 3, 4 and 6 letters: one extra glyph per letter but the first.
            assert_eq!(glyphs, text.char_count() + 1 + 2 + 3 + 5);
            let fbi = PERSIAN.find("FBI").map(|b| PERSIAN[..b].chars().count());
            let fbi = fbi.unwrap_or_default();
            let f = galley.rows[0].glyphs.iter().find(|g| g.chr == 'F');
            let x = f.map_or(0.0, |g| g.pos.x + g.advance_width / 4.0);
            let egui_index = galley.cursor_from_pos(vec2(x, 5.0)).index.0;
            assert_eq!(egui_index, fbi + 11, "egui counts the spurious glyphs");
            let map = CharMap::new(&galley, &text);
            assert_eq!(map.char_at(&galley, pos2(x, 5.0)), fbi);
        });
    }

    #[test]
    fn char_map_finds_fbi_after_persian() {
        with_fonts(|ui| {
            let text = ArticleText::new(PERSIAN);
            let galley = layout_str(ui, text.as_str(), 2000.0);
            let chars: Vec<char> = PERSIAN.chars().collect();
            assert!(CharMap::aligned(&galley, &chars).is_some(), "no fallback");
            let map = CharMap::new(&galley, &text);
            assert_eq!(map.char_count(), text.char_count());
            let fbi_start = PERSIAN[..PERSIAN.find("FBI").unwrap_or_default()]
                .chars()
                .count();
            let fbi = fbi_start..fbi_start + 3;
            assert_eq!(text.slice(fbi.clone()), Some("FBI"));
            // The highlight spans exactly the glyphs F, B and I.
            let glyph_x = |c: char| {
                galley.rows[0]
                    .glyphs
                    .iter()
                    .find(|g| g.chr == c)
                    .map(|g| (g.pos.x, g.pos.x + g.advance_width))
                    .unwrap_or_default()
            };
            let rects = map.rects(&galley, &fbi);
            assert_eq!(rects.len(), 1);
            assert!((rects[0].min.x - glyph_x('F').0).abs() < 0.01);
            assert!((rects[0].max.x - glyph_x('I').1).abs() < 0.01);
            // Points on the glyphs map back to the right cursors.
            let y = galley.rows[0].min_y() + 5.0;
            assert_eq!(
                map.char_at(&galley, pos2(glyph_x('F').0 + 0.5, y)),
                fbi.start
            );
            assert_eq!(map.char_at(&galley, pos2(glyph_x('I').1 - 0.3, y)), fbi.end);
            // Every word of the Persian quote: its rectangle covers just its drawn glyphs.
            for word in ["ما", "هیچ", "نقشی", "نداریم"] {
                let s = PERSIAN[..PERSIAN.find(word).unwrap_or_default()]
                    .chars()
                    .count();
                let range = s..s + word.chars().count();
                let r = map.rects(&galley, &range);
                assert_eq!(r.len(), 1, "{word}");
                assert!(r[0].width() > 5.0, "{word}");
                // A click on the right edge of an RTL word is its logical start.
                let right = pos2(r[0].max.x - 0.5, y);
                assert_eq!(map.char_at(&galley, right), range.start, "{word}");
                let left = pos2(r[0].min.x + 0.5, y);
                assert_eq!(map.char_at(&galley, left), range.end, "{word}");
            }
        });
    }

    #[test]
    fn char_map_handles_wrapped_rows_and_line_breaks() {
        with_fonts(|ui| {
            let s = "first «ما هیچ» line\nsecond نقشی نداریم line with more words to wrap";
            let text = ArticleText::new(s);
            let galley = layout_str(ui, text.as_str(), 120.0);
            assert!(galley.rows.len() > 3);
            let map = CharMap::new(&galley, &text);
            assert_eq!(map.char_count(), text.char_count());
            // Rows tile the text: each row starts where the previous one ended (or after
            // its line break).
            let mut at = 0;
            for (r, range) in map.rows.iter().enumerate() {
                assert_eq!(range.start, at, "row {r}");
                at = range.end + usize::from(galley.rows[r].ends_with_newline);
            }
            assert_eq!(at, text.char_count());
            // Clicking at the start of each row gives that row's first char.
            for (r, row) in galley.rows.iter().enumerate() {
                let p = pos2(row.pos.x + 0.5, f32::midpoint(row.min_y(), row.max_y()));
                assert_eq!(map.char_at(&galley, p), map.rows[r].start, "row {r}");
            }
            let wrap = s
                .find("wrap")
                .map(|b| s[..b].chars().count())
                .unwrap_or_default();
            let rects = map.rects(&galley, &(wrap..wrap + 4));
            assert_eq!(rects.len(), 1);
            assert!(rects[0].width() > 10.0);
        });
    }

    #[test]
    fn char_map_walks_emoji_marks_and_line_breaks_without_fallback() {
        with_fonts(|ui| {
            // From a CRLF file: ArticleText turns the breaks into LF, so the galley never
            // sees a '\r' (egui would draw it as an invisible glyph of its own).
            let text = ArticleText::new(
                "fam 👨\u{200d}👩\u{200d}👧 🇮🇷 👋🏽\r\nx\u{323}\u{302} «می\u{200c}خواهیم» FBI\r\n",
            );
            let galley = layout_str(ui, text.as_str(), 2000.0);
            let chars: Vec<char> = text.as_str().chars().collect();
            let map = CharMap::aligned(&galley, &chars).expect("glyphs follow the text");
            assert_eq!(map.char_count(), text.char_count());
            let fbi = text.as_str().find("FBI").unwrap_or_default();
            let fbi = text.char_of_byte(fbi).unwrap_or_default();
            let r = map.rects(&galley, &(fbi..fbi + 3));
            let f = galley.rows[1].glyphs.iter().find(|g| g.chr == 'F');
            let f = f.map_or(f32::NAN, |g| g.pos.x);
            assert_eq!(r.len(), 1);
            assert!((r[0].min.x - f).abs() < 0.01, "{r:?} vs {f}");
            assert!(
                r[0].min.y >= galley.rows[1].min_y() - 0.01,
                "on the second row"
            );
        });
    }
}
