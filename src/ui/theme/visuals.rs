//! The window's visuals, dark and light: egui's own, with every text colour raised to 4.5:1
//! against every background it is drawn on (WCAG 1.4.3) and the graphics a checker reads
//! (focus rings, highlight underlines) to 3:1 (WCAG 1.4.11). `tests` computes each pair.

use crate::ui::theme::vision::{contrast, readable_on};
use egui::Color32;

/// Text must reach this against its background (WCAG AA, normal text).
pub const TEXT_RATIO: f64 = 4.5;
/// Graphics that carry meaning must reach this against their background.
pub const GRAPHIC_RATIO: f64 = 3.0;

fn rgb(c: Color32) -> [u8; 3] {
    [c.r(), c.g(), c.b()]
}

fn color(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// The backgrounds text is drawn on: panels, windows, text fields, striped rows, buttons
/// (those that are painted at all: a transparent one shows the panel under it).
#[must_use]
pub fn backgrounds(v: &egui::Visuals) -> Vec<Color32> {
    let all = [
        v.panel_fill,
        v.window_fill,
        v.extreme_bg_color,
        v.text_edit_bg_color(),
        v.faint_bg_color,
        v.widgets.inactive.weak_bg_fill,
        v.widgets.hovered.weak_bg_fill,
    ];
    all.into_iter().filter(|c| c.a() == 255).collect()
}

/// `c` made readable on every one of `backgrounds` (each pass moves it further from all).
fn readable_on_all(c: Color32, backgrounds: &[Color32], ratio: f64) -> Color32 {
    let mut out = rgb(c);
    for _ in 0..3 {
        for bg in backgrounds {
            out = readable_on(out, rgb(*bg), ratio);
        }
    }
    color(out)
}

/// egui's visuals for the theme, with readable text and graphics.
#[must_use]
pub fn visuals(dark: bool) -> egui::Visuals {
    let mut v = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    let text_bgs: Vec<Color32> = backgrounds(&v);
    // Weak text (ids, counts, hints, placeholders) keeps its lesser weight but reads.
    let weak = readable_on_all(v.weak_text_color(), &text_bgs, TEXT_RATIO);
    v.weak_text_color = Some(weak);
    for w in [
        &mut v.widgets.noninteractive,
        &mut v.widgets.inactive,
        &mut v.widgets.hovered,
        &mut v.widgets.active,
        &mut v.widgets.open,
    ] {
        w.fg_stroke.color = readable_on_all(w.fg_stroke.color, &text_bgs, TEXT_RATIO);
    }
    v.hyperlink_color = readable_on_all(v.hyperlink_color, &text_bgs, TEXT_RATIO);
    v.warn_fg_color = readable_on_all(v.warn_fg_color, &text_bgs, TEXT_RATIO);
    v.error_fg_color = readable_on_all(v.error_fg_color, &text_bgs, TEXT_RATIO);
    // The focus ring and the text cursor.
    v.selection.stroke.color = readable_on_all(
        v.selection.stroke.color,
        &[v.panel_fill, v.extreme_bg_color],
        GRAPHIC_RATIO,
    );
    v
}

thread_local! {
    /// Worked-out alphas and underline colours: a project has a dozen entity colours, and
    /// a frame paints hundreds of highlights in them.
    static ALPHAS: std::cell::RefCell<std::collections::HashMap<[u32; 3], u8>> =
        std::cell::RefCell::default();
    static LINES: std::cell::RefCell<std::collections::HashMap<[u32; 2], Color32>> =
        std::cell::RefCell::default();
}

fn key(c: Color32) -> u32 {
    u32::from_le_bytes(c.to_array())
}

/// The fill alpha for a highlight of `entity` color, at most `wanted`, low enough that
/// `text` over it keeps 4.5:1 against the blend of the fill and `background`.
#[must_use]
pub fn highlight_alpha(entity: Color32, background: Color32, text: Color32, wanted: u8) -> u8 {
    let k = [
        key(entity),
        key(background),
        key(text) ^ (u32::from(wanted) << 24),
    ];
    if let Some(a) = ALPHAS.with(|m| m.borrow().get(&k).copied()) {
        return a;
    }
    let a = highlight_alpha_uncached(entity, background, text, wanted);
    ALPHAS.with(|m| m.borrow_mut().insert(k, a));
    a
}

fn highlight_alpha_uncached(entity: Color32, background: Color32, text: Color32, wanted: u8) -> u8 {
    let blend = |alpha: u8| {
        let a = f64::from(alpha) / 255.0;
        let mix = |c: u8, b: u8| {
            // In 0..=255 by construction.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let v = (f64::from(c) * a + f64::from(b) * (1.0 - a)).round() as u8;
            v
        };
        [
            mix(entity.r(), background.r()),
            mix(entity.g(), background.g()),
            mix(entity.b(), background.b()),
        ]
    };
    let ok = |alpha: u8| contrast(rgb(text), blend(alpha)) >= TEXT_RATIO;
    if ok(wanted) {
        return wanted;
    }
    // The largest alpha that still reads (alpha 0 is the background itself).
    let (mut lo, mut hi) = (0_u8, wanted);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// An underline in `entity` color, made to stand out 3:1 from `background`.
#[must_use]
pub fn underline_color(entity: Color32, background: Color32) -> Color32 {
    let k = [key(entity), key(background)];
    if let Some(c) = LINES.with(|m| m.borrow().get(&k).copied()) {
        return c;
    }
    let c = color(readable_on(rgb(entity), rgb(background), GRAPHIC_RATIO));
    LINES.with(|m| m.borrow_mut().insert(k, c));
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rgb;

    fn both() -> [(&'static str, egui::Visuals); 2] {
        [("dark", visuals(true)), ("light", visuals(false))]
    }

    #[test]
    fn every_text_colour_reads_on_every_background_in_both_themes() {
        for (theme, v) in both() {
            let texts = [
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("strong text", v.strong_text_color()),
                ("button text", v.widgets.inactive.fg_stroke.color),
                ("hovered button text", v.widgets.hovered.fg_stroke.color),
                ("link", v.hyperlink_color),
                ("warning", v.warn_fg_color),
                ("error", v.error_fg_color),
            ];
            for (name, text) in texts {
                for bg in backgrounds(&v) {
                    let ratio = contrast(rgb(text), rgb(bg));
                    assert!(
                        ratio >= TEXT_RATIO,
                        "{theme}: {name} {text:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
            }
            let ring = contrast(rgb(v.selection.stroke.color), rgb(v.panel_fill));
            assert!(ring >= GRAPHIC_RATIO, "{theme}: focus ring {ring:.2}:1");
        }
    }

    #[test]
    fn text_inside_every_highlight_tint_reads_and_underlines_stand_out() {
        for (theme, v) in both() {
            let (bg, text) = (v.panel_fill, v.text_color());
            for entity in Rgb::PALETTE {
                let c = Color32::from_rgb(entity.0[0], entity.0[1], entity.0[2]);
                for wanted in [60, 150] {
                    let alpha = highlight_alpha(c, bg, text, wanted);
                    let a = f64::from(alpha) / 255.0;
                    let blend = [0, 1, 2].map(|i| {
                        let (cc, bb) = (f64::from(rgb(c)[i]), f64::from(rgb(bg)[i]));
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let v = (cc * a + bb * (1.0 - a)).round() as u8;
                        v
                    });
                    let ratio = contrast(rgb(text), blend);
                    assert!(
                        ratio >= TEXT_RATIO,
                        "{theme}: text on {entity} at {alpha}: {ratio:.2}"
                    );
                    assert!(alpha > 0, "{theme}: {entity} still tints");
                }
                let line = contrast(rgb(underline_color(c, bg)), rgb(bg));
                assert!(
                    line >= GRAPHIC_RATIO,
                    "{theme}: underline {entity} {line:.2}"
                );
            }
        }
    }
}
