//! Colors that carry meaning across panels: stances, matrix cells, connector curves.
//!
//! The default stance colours are chosen for colour-blind eyes: a blue for asserting, an
//! orange for denying, yellow (dark theme) or purple (light theme) for mixed, grey for
//! reports. Every pair is at least ΔE 30 apart (CIE76) as people with deuteranopia,
//! protanopia or tritanopia see them, and as everyone else does (see `vision.rs` and the
//! tests below). Colour is never the only cue: matrix cells carry a sign (+3, −7, ±2),
//! contradicting curves are dashed, and every stance is also written out. The classic
//! green/red palette stays available (View → Colour vision).

use crate::analysis::Tone;
use crate::model::{Side, Stance, Verdict};
use crate::ui::theme::vision;
use egui::Color32;
use serde::{Deserialize, Serialize};

/// Which stance colours to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColourVision {
    /// Blue against orange: apart for every common colour-vision deficiency.
    #[default]
    Safe,
    /// Green against red, as before; for those who want it.
    Classic,
}

impl ColourVision {
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Safe => "colour-blind safe (blue / orange)",
            Self::Classic => "classic (green / red)",
        }
    }
}

/// The four stance colours of one palette and theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stances {
    pub asserts: Color32,
    pub denies: Color32,
    pub mixed: Color32,
    pub reports: Color32,
}

const fn rgb(r: u8, g: u8, b: u8) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// Chosen by search for the largest smallest ΔE under the three simulations, with each at
/// least 4.5:1 against the dark panel background (they are used as text there too).
pub const SAFE_DARK: Stances = Stances {
    asserts: rgb(65, 183, 251),
    denies: rgb(194, 111, 49),
    mixed: rgb(240, 255, 88),
    reports: rgb(131, 131, 131),
};

/// As [`SAFE_DARK`], at least 3:1 against the light panel background (text in these
/// colours is darkened to 4.5:1 by [`Stances::text`]).
pub const SAFE_LIGHT: Stances = Stances {
    asserts: rgb(3, 146, 255),
    denies: rgb(191, 86, 32),
    mixed: rgb(109, 0, 124),
    reports: rgb(107, 107, 107),
};

/// The palette before: green, red, amber, grey.
pub const CLASSIC: Stances = Stances {
    asserts: rgb(0x2e, 0x9e, 0x5b),
    denies: rgb(0xd6, 0x45, 0x41),
    mixed: rgb(0xe0, 0x9a, 0x20),
    reports: rgb(0x7f, 0x8c, 0x9d),
};

impl Stances {
    /// The palette for a choice and a theme.
    #[must_use]
    pub fn of(vision: ColourVision, dark: bool) -> Self {
        match (vision, dark) {
            (ColourVision::Safe, true) => SAFE_DARK,
            (ColourVision::Safe, false) => SAFE_LIGHT,
            (ColourVision::Classic, _) => CLASSIC,
        }
    }

    #[must_use]
    pub fn side(&self, side: Side) -> Color32 {
        match side {
            Side::For => self.asserts,
            Side::Against => self.denies,
            Side::Neutral => self.reports,
        }
    }

    #[must_use]
    pub fn stance(&self, s: Stance) -> Color32 {
        self.side(s.side())
    }

    #[must_use]
    pub fn tone(&self, t: Tone) -> Color32 {
        match t {
            Tone::Asserts => self.asserts,
            Tone::Denies => self.denies,
            Tone::Mixed => self.mixed,
            Tone::Reports => self.reports,
            Tone::None => Color32::TRANSPARENT,
        }
    }

    #[must_use]
    pub fn verdict(&self, v: Verdict) -> Color32 {
        match v {
            Verdict::True | Verdict::MostlyTrue => self.asserts,
            Verdict::False | Verdict::MostlyFalse => self.denies,
            Verdict::Mixed => self.mixed,
            Verdict::Unrated | Verdict::Unproven => self.reports,
        }
    }

    /// `color` as a text colour on `background`: the same hue, darkened or lightened until
    /// it has 4.5:1 contrast (WCAG AA).
    #[must_use]
    pub fn text(color: Color32, background: Color32) -> Color32 {
        let [r, g, b, _] = color.to_array();
        let [br, bg, bb, _] = background.to_array();
        let [r, g, b] = vision::readable_on([r, g, b], [br, bg, bb], 4.5);
        Color32::from_rgb(r, g, b)
    }
}

/// The sign a matrix cell carries beside its count, so a cell needs no colour to be read:
/// `+` asserts, `−` denies, `±` mixed, none for reports.
#[must_use]
pub fn tone_sign(t: Tone) -> &'static str {
    match t {
        Tone::Asserts => "+",
        Tone::Denies => "\u{2212}",
        Tone::Mixed => "\u{b1}",
        Tone::Reports | Tone::None => "",
    }
}

fn vision_key() -> egui::Id {
    egui::Id::unique("colour vision")
}

/// Makes `vision` the palette every panel draws with (the app sets it from preferences).
pub fn set_vision(ctx: &egui::Context, vision: ColourVision) {
    ctx.data_mut(|d| d.insert_temp(vision_key(), vision));
}

/// The stance colours in force for this context's theme.
#[must_use]
pub fn of(ctx: &egui::Context) -> Stances {
    let vision = ctx.data(|d| d.get_temp(vision_key())).unwrap_or_default();
    Stances::of(vision, ctx.global_style().visuals.dark_mode)
}

/// A colored label for a stance or count, readable on the panel background.
pub fn stance_label(ui: &mut egui::Ui, color: Color32, text: impl Into<String>) -> egui::Response {
    let readable = Stances::text(color, ui.visuals().panel_fill);
    ui.colored_label(readable, text.into())
}

/// A small colored badge with text, e.g. a verdict.
pub fn badge(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    let fill = color.gamma_multiply(0.25);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(4, 0))
        .show(ui, |ui| ui.label(egui::RichText::new(text).small()))
        .response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::vision::{Vision, delta_e};

    fn rgb3(c: Color32) -> [u8; 3] {
        [c.r(), c.g(), c.b()]
    }

    #[test]
    fn every_pair_of_safe_stance_colours_stays_apart_for_every_vision_in_both_themes() {
        for (theme, p) in [("dark", SAFE_DARK), ("light", SAFE_LIGHT)] {
            let colours = [
                ("asserts", p.asserts),
                ("denies", p.denies),
                ("mixed", p.mixed),
                ("reports", p.reports),
            ];
            for vision in Vision::ALL {
                for (i, (a, ca)) in colours.iter().enumerate() {
                    for (b, cb) in &colours[i + 1..] {
                        let de = delta_e(rgb3(*ca), rgb3(*cb), vision);
                        assert!(de >= 30.0, "{theme} {vision:?}: {a} vs {b} ΔE {de:.1}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_classic_palette_is_what_the_safe_one_replaces() {
        let de = delta_e(
            rgb3(CLASSIC.asserts),
            rgb3(CLASSIC.denies),
            Vision::Deuteranopia,
        );
        assert!(
            de < 30.0,
            "classic green/red under deuteranopia: ΔE {de:.1}"
        );
    }

    #[test]
    fn stance_colours_stand_out_from_the_background_they_are_drawn_on() {
        use crate::ui::theme::vision::contrast;
        let dark_bg = rgb3(egui::Visuals::dark().panel_fill);
        let light_bg = rgb3(egui::Visuals::light().panel_fill);
        for c in [
            SAFE_DARK.asserts,
            SAFE_DARK.denies,
            SAFE_DARK.mixed,
            SAFE_DARK.reports,
        ] {
            assert!(contrast(rgb3(c), dark_bg) >= 4.5, "{c:?} as text on dark");
        }
        for c in [
            SAFE_LIGHT.asserts,
            SAFE_LIGHT.denies,
            SAFE_LIGHT.mixed,
            SAFE_LIGHT.reports,
        ] {
            assert!(
                contrast(rgb3(c), light_bg) >= 3.0,
                "{c:?} as a graphic on light"
            );
            let text = Stances::text(c, Color32::from_rgb(light_bg[0], light_bg[1], light_bg[2]));
            assert!(
                contrast(rgb3(text), light_bg) >= 4.5,
                "{c:?} as text on light"
            );
        }
    }

    #[test]
    fn every_tone_but_reports_has_a_sign() {
        assert_eq!(tone_sign(Tone::Asserts), "+");
        assert_eq!(tone_sign(Tone::Denies), "−");
        assert_eq!(tone_sign(Tone::Mixed), "±");
        assert_eq!(tone_sign(Tone::Reports), "");
    }
}
