//! Selection and highlights in the article view for text beyond ASCII: a Persian quote
//! (right-to-left, egui issue 8576), emoji, combining marks and CRLF line endings. Driven
//! through `egui_kittest` with real pointer events, with the app's fonts installed.

// Tests fail loudly by unwrapping, and write their fixtures directly.
#![allow(clippy::unwrap_used, clippy::disallowed_methods)]

mod common;

use crosscheck::model::{Entity, EntityId, EntityKind, Rgb};
use crosscheck::store;
use crosscheck::text::ArticleText;
use crosscheck::ui::CrosscheckApp;
use crosscheck::ui::state::PendingSpan;
use egui::{Color32, Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::fs;
use std::path::{Path, PathBuf};

const PERSIAN: &str = "The mission said «ما هیچ نقشی نداریم» and then the FBI replied.";
const FBI_COLOR: [u8; 3] = [200, 40, 40];

/// A new project with one article (`article.txt`, written as given) and one entity, FBI.
fn project_with(dir: &Path, article: &str) -> PathBuf {
    let path = common::article_project(dir, article);
    let mut project = store::parse(&fs::read_to_string(&path).unwrap(), &path).unwrap();
    project.entities.push(Entity {
        id: EntityId::from("fbi"),
        name: "FBI".into(),
        kind: EntityKind::Agency,
        color: Rgb(FBI_COLOR),
        aliases: vec![],
        same_as: Vec::new(),
    });
    store::save(&project, &path).unwrap();
    path
}

/// The app in a test window, with the fonts the window installs. kittest panics on a
/// missing glyph, so a Persian quote drawn as tofu fails the test; `tofu_ok` allows it for
/// text that egui's fonts do not cover (color emoji).
fn harness_with(path: PathBuf, tofu_ok: bool) -> Harness<'static, CrosscheckApp> {
    let mut builder = Harness::builder()
        .with_size(vec2(1400.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .with_context_setup(crosscheck::ui::fonts::install);
    if tofu_ok {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(
        |ui, app: &mut CrosscheckApp| app.ui_root(ui),
        CrosscheckApp::new(Some(path), None),
    );
    h.run();
    h
}

fn harness(path: PathBuf) -> Harness<'static, CrosscheckApp> {
    harness_with(path, false)
}

/// The article view's rectangle on screen.
fn text_rect(h: &Harness<'static, CrosscheckApp>) -> Rect {
    h.get_by_label_contains("Text of").rect()
}

/// Width of a piece of text in the article font: where the text after it starts.
fn width(h: &Harness<'static, CrosscheckApp>, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
    })
}

/// Screen x range of `needle` on the first line of the article, measured with a separate
/// layout of the text before it (widths are right even where egui's glyph count is not).
fn x_range(h: &Harness<'static, CrosscheckApp>, line: &str, needle: &str) -> (f32, f32) {
    let before = &line[..line.find(needle).unwrap()];
    let left = text_rect(h).min.x;
    (
        left + width(h, before),
        left + width(h, &format!("{before}{needle}")),
    )
}

fn drag(h: &mut Harness<'static, CrosscheckApp>, from: Pos2, to: Pos2) {
    common::drag(h, from, to, Modifiers::NONE);
}

fn pending(h: &Harness<'static, CrosscheckApp>) -> PendingSpan {
    h.state()
        .project()
        .unwrap()
        .view
        .pending
        .clone()
        .expect("a selection waits for an entity")
}

fn article_text(h: &Harness<'static, CrosscheckApp>, span: &PendingSpan) -> ArticleText {
    h.state()
        .project()
        .unwrap()
        .doc
        .text(&span.article)
        .unwrap()
        .clone()
}

/// Drags over `needle` on line `row` (0-based) of the article, from just inside its left
/// edge to just inside its right edge; returns the selected text.
fn drag_over(
    h: &mut Harness<'static, CrosscheckApp>,
    line: &str,
    row: f32,
    needle: &str,
) -> String {
    let (x0, x1) = x_range(h, line, needle);
    let rect = text_rect(h);
    let line_height = egui::TextStyle::Body.resolve(&h.ctx.global_style()).size * 1.55;
    let y = rect.min.y + line_height * (row + 0.5);
    drag(h, Pos2::new(x0 + 1.0, y), Pos2::new(x1 - 0.5, y));
    let span = pending(h);
    let text = article_text(h, &span);
    text.slice(span.chars).unwrap().to_owned()
}

#[test]
fn dragging_over_fbi_after_a_persian_quote_selects_fbi() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(project_with(dir.path(), PERSIAN));
    assert_eq!(drag_over(&mut h, PERSIAN, 0.0, "FBI"), "FBI");
    let span = pending(&h);
    let start = PERSIAN[..PERSIAN.find("FBI").unwrap()].chars().count();
    assert_eq!(span.chars, start..start + 3);
    // The entity popup hangs below the end of the selection, not 11 chars further on.
    let (_, x1) = x_range(&h, PERSIAN, "FBI");
    assert!(
        (span.anchor.x - x1).abs() < 1.5,
        "{} vs {x1}",
        span.anchor.x
    );

    // Key 1 links the only entity: the annotation has the same offsets and quote.
    h.get_by_label("1 FBI");
    h.key_press(Key::Num1);
    h.run();
    let doc = &h.state().project().unwrap().doc;
    let added = &doc.project().annotations[0];
    assert_eq!((added.char_start, added.char_end), (start, start + 3));
    assert_eq!(added.quote, "FBI");
}

#[test]
fn dragging_over_a_persian_word_selects_that_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(project_with(dir.path(), PERSIAN));
    // Whole words, dragged left to right over their glyphs (drawn right to left).
    for word in ["هیچ", "نداریم"] {
        assert_eq!(drag_over(&mut h, PERSIAN, 0.0, word), word);
        h.key_press(Key::Escape);
        h.run();
    }
}

#[test]
fn highlight_after_a_persian_quote_covers_the_fbi_glyphs() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(project_with(dir.path(), PERSIAN));
    drag_over(&mut h, PERSIAN, 0.0, "FBI");
    h.key_press(Key::Num1);
    h.run();
    // Click elsewhere so the highlight is painted at rest, then find its fill.
    h.key_press(Key::Escape);
    h.run();
    let color = Color32::from_rgb(FBI_COLOR[0], FBI_COLOR[1], FBI_COLOR[2]);
    // The fill at rest and lit, each kept light enough for the text over it to read.
    let visuals = h.ctx.global_style().visuals.clone();
    let (bg, text) = (visuals.panel_fill, visuals.text_color());
    let fills = [60, 150].map(|wanted| {
        let alpha = crosscheck::ui::visuals::highlight_alpha(color, bg, text, wanted);
        color.gamma_multiply_u8(alpha)
    });
    let rects: Vec<Rect> = h
        .output()
        .shapes
        .iter()
        .filter_map(|s| match &s.shape {
            egui::Shape::Rect(r) if fills.contains(&r.fill) => Some(r.rect),
            _ => None,
        })
        .collect();
    assert_eq!(rects.len(), 1, "{rects:?}");
    let (x0, x1) = x_range(&h, PERSIAN, "FBI");
    assert!((rects[0].min.x - x0).abs() < 1.5, "{rects:?} vs {x0}..{x1}");
    assert!((rects[0].max.x - x1).abs() < 1.5, "{rects:?} vs {x0}..{x1}");
}

#[test]
fn double_click_after_a_persian_quote_selects_the_word_under_the_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(project_with(dir.path(), PERSIAN));
    let (x0, x1) = x_range(&h, PERSIAN, "replied");
    let rect = text_rect(&h);
    let p = Pos2::new(f32::midpoint(x0, x1), rect.min.y + 10.0);
    h.hover_at(p);
    h.step();
    for _ in 0..2 {
        h.drag_at(p);
        h.step();
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    let span = pending(&h);
    assert_eq!(article_text(&h, &span).slice(span.chars), Some("replied"));
}

#[test]
fn crlf_article_selects_the_right_word_on_a_later_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = "First line.\r\nSecond line, then the FBI spoke.\r\nThird.";
    let mut h = harness(project_with(dir.path(), file));
    let line = "Second line, then the FBI spoke.";
    assert_eq!(drag_over(&mut h, line, 1.0, "FBI"), "FBI");
    let span = pending(&h);
    // Offsets count one char per line break, whatever the file used.
    let start = "First line.\nSecond line, then the ".chars().count();
    assert_eq!(span.chars, start..start + 3);
}

#[test]
fn selection_snaps_to_whole_emoji_and_combining_marks() {
    let dir = tempfile::tempdir().unwrap();
    let line = "Tax\u{323}\u{302} team 👨\u{200d}👩\u{200d}👧 flag 🇮🇷 wave 👋🏽 end";
    // Emoji come from the bundled colour font, whose ligatures draw the family and the flag
    // as one glyph each: no glyph is missing (kittest would panic on one), and offsets after
    // the clusters must still count right.
    let mut h = harness_with(project_with(dir.path(), line), false);
    // Words after the clusters are where they should be.
    assert_eq!(drag_over(&mut h, line, 0.0, "end"), "end");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(drag_over(&mut h, line, 0.0, "wave"), "wave");
    h.key_press(Key::Escape);
    h.run();
    // A drag that starts on the family emoji takes all of it, never part of the sequence.
    let (fam0, _) = x_range(&h, line, "👨");
    let (_, flag1) = x_range(&h, line, "flag");
    let y = text_rect(&h).min.y + 10.0;
    drag(&mut h, Pos2::new(fam0 + 1.0, y), Pos2::new(flag1 - 0.5, y));
    let span = pending(&h);
    assert_eq!(
        article_text(&h, &span).slice(span.chars),
        Some("👨\u{200d}👩\u{200d}👧 flag")
    );
    h.key_press(Key::Escape);
    h.run();
    // A drag that ends on the "x" of "x + dot below + circumflex" (marks with no precomposed
    // form, so the import's NFC keeps them apart) keeps the marks with their letter.
    let (t0, _) = x_range(&h, line, "Tax");
    let (_, x1) = x_range(&h, line, "Tax");
    drag(&mut h, Pos2::new(t0 + 1.0, y), Pos2::new(x1 - 0.5, y));
    let span = pending(&h);
    assert_eq!(
        article_text(&h, &span).slice(span.chars),
        Some("Tax\u{323}\u{302}")
    );
}
