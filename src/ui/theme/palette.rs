//! Colors that carry meaning across panels: stances, matrix cells, connector curves.

use crate::analysis::Tone;
use crate::model::{Side, Stance, Verdict};
use egui::Color32;

pub const FOR: Color32 = Color32::from_rgb(0x2e, 0x9e, 0x5b);
pub const AGAINST: Color32 = Color32::from_rgb(0xd6, 0x45, 0x41);
pub const MIXED: Color32 = Color32::from_rgb(0xe0, 0x9a, 0x20);
pub const NEUTRAL: Color32 = Color32::from_rgb(0x7f, 0x8c, 0x9d);

#[must_use]
pub fn stance(s: Stance) -> Color32 {
    match s.side() {
        Side::For => FOR,
        Side::Against => AGAINST,
        Side::Neutral => NEUTRAL,
    }
}

#[must_use]
pub fn tone(t: Tone) -> Color32 {
    match t {
        Tone::Asserts => FOR,
        Tone::Denies => AGAINST,
        Tone::Mixed => MIXED,
        Tone::Reports => NEUTRAL,
        Tone::None => Color32::TRANSPARENT,
    }
}

#[must_use]
pub fn verdict(v: Verdict) -> Color32 {
    match v {
        Verdict::True | Verdict::MostlyTrue => FOR,
        Verdict::False | Verdict::MostlyFalse => AGAINST,
        Verdict::Mixed => MIXED,
        Verdict::Unrated | Verdict::Unproven => NEUTRAL,
    }
}

/// A small colored badge with text, e.g. a verdict.
pub fn badge(ui: &mut egui::Ui, text: &str, color: Color32) -> egui::Response {
    egui::Frame::new()
        .fill(color.gamma_multiply(0.25))
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(4, 0))
        .show(ui, |ui| ui.label(egui::RichText::new(text).small()))
        .response
}
