//! A 200 KB article laid out paragraph by paragraph: jumps land on their span, and scrolling
//! up into paragraphs not laid out yet keeps the text on screen in place.

#![allow(clippy::unwrap_used)]

mod common;

use crosscheck::model::{AnnotationId, ArticleId};
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::Selected;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};

/// One synthetic 200 KB article with 2,000 highlights, saved as a project.
fn long_project(dir: &Path) -> PathBuf {
    crosscheck::synth::write(dir, 1, 2_000, Some(200), 12)
        .unwrap()
        .0
}

/// Selects a highlight and asks its column to bring it into view, as a click in the
/// claims panel does.
fn jump(h: &mut Harness<'static, CrosscheckApp>, id: &AnnotationId) {
    let view = h.state_mut().view_mut().unwrap();
    view.selected = Some(Selected::Annotation(id.clone()));
    view.scroll_to = Some(id.clone());
    h.run();
}

/// Where the selected highlight was drawn, and the column's visible area.
fn on_screen(h: &Harness<'static, CrosscheckApp>, id: &AnnotationId) -> (egui::Rect, egui::Rect) {
    let view = &h.state().project().unwrap().view;
    let (article, rect) = view.anchors.get(id).cloned().unwrap();
    (rect, view.column_clips[&article])
}

fn column_scroll(h: &Harness<'static, CrosscheckApp>, article: &ArticleId) -> (f32, f32) {
    h.state().project().unwrap().view.column_scroll[article]
}

#[test]
fn jumps_land_on_their_span_and_scrolling_up_keeps_the_text_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_project(dir.path());
    let mut h = common::harness_allowing_tofu(CrosscheckApp::new(Some(path), None));
    let project = h.state().project().unwrap().doc.project().clone();
    let article = project.articles[0].id.clone();
    let spans = &project.annotations;
    assert_eq!(spans.len(), 2_000);

    // The end, the start and the middle: far from anything laid out before each jump.
    for i in [spans.len() - 1, 0, spans.len() / 2] {
        let id = &spans[i].id;
        jump(&mut h, id);
        let (rect, clip) = on_screen(&h, id);
        assert!(
            clip.contains_rect(rect),
            "span {i}: {rect:?} outside {clip:?}"
        );
    }

    // Scroll up from the middle, into paragraphs not laid out yet: whatever their real
    // heights, the span moves down just as it does over paragraphs already laid out.
    let id = &spans[spans.len() / 2].id;
    let (_, max_before) = column_scroll(&h, &article);
    let first = scroll_up(&mut h, id);
    let (_, max_after) = column_scroll(&h, &article);
    assert!(
        (max_after - max_before).abs() > 0.5,
        "paragraphs above were laid out while scrolling ({max_before} → {max_after})"
    );
    // The same again, now over laid out text.
    jump(&mut h, id);
    let again = scroll_up(&mut h, id);
    assert!(first > 300.0, "scrolled {first}");
    assert!(
        (first - again).abs() < 1.0,
        "moved {first} into new paragraphs, {again} over laid out ones"
    );
}

/// Narrowing or widening a column reflows 200 KB of text; the row at the top of the view
/// stays there, so a span in view stays in view.
#[test]
fn resizing_a_column_keeps_the_place_in_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = long_project(dir.path());
    let mut h = common::harness_allowing_tofu(CrosscheckApp::new(Some(path), None));
    let project = h.state().project().unwrap().doc.project().clone();
    let article = project.articles[0].id.clone();
    let id = &project.annotations[1_500].id;
    jump(&mut h, id);
    let (before, clip) = on_screen(&h, id);
    let (offset_before, _) = column_scroll(&h, &article);
    for width in [300.0, 520.0] {
        h.state_mut()
            .view_mut()
            .unwrap()
            .column_widths
            .insert(article.clone(), width);
        h.run();
        let (after, clip) = on_screen(&h, id);
        assert!(
            clip.contains_rect(after),
            "width {width}: {after:?} outside {clip:?}"
        );
    }
    let (offset_after, _) = column_scroll(&h, &article);
    assert!(
        (offset_after - offset_before).abs() > 1_000.0,
        "the reflow moved the text: {offset_before} -> {offset_after}"
    );
    assert!(clip.contains_rect(before));
}

/// Scrolls the column up with the mouse wheel; returns how far the span moved on screen.
fn scroll_up(h: &mut Harness<'static, CrosscheckApp>, id: &AnnotationId) -> f32 {
    let (before, clip) = on_screen(h, id);
    for _ in 0..20 {
        h.input_mut()
            .events
            .push(egui::Event::PointerMoved(clip.center()));
        h.input_mut().events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 30.0),
            phase: egui::TouchPhase::Move,
            modifiers: egui::Modifiers::NONE,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
    }
    h.run();
    let (after, _) = on_screen(h, id);
    after.min.y - before.min.y
}
