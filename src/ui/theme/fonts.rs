//! Fonts beyond egui's defaults: Vazirmatn covers Arabic script (Persian, Arabic, Urdu
//! letters), which egui's built-in fonts lack, so quotes in those languages show real glyphs
//! instead of empty boxes. See `assets/fonts/README.md` for where the file comes from.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

/// Name of the Arabic-script font in egui's font definitions.
pub const ARABIC_FONT: &str = "Vazirmatn-Regular";

/// Vazirmatn Regular (SIL Open Font License 1.1, `assets/fonts/OFL.txt`).
const VAZIRMATN_REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Regular.ttf");

/// Name of the colour emoji font in egui's font definitions.
pub const EMOJI_FONT: &str = "Twemoji-COLR";

/// Twemoji as a COLR/CPAL colour font (SIL Open Font License 1.1,
/// `assets/fonts/Twemoji-LICENSE.txt`): every emoji of Unicode 15 in colour, flags and ZWJ
/// sequences as single glyphs through the font's ligatures.
const TWEMOJI_COLR: &[u8] = include_bytes!("../../../assets/fonts/Twemoji-COLR.ttf");

/// egui's default fonts with Vazirmatn as a fallback right after each family's primary
/// font: Latin text keeps its usual look, and anything the primary font lacks (Arabic
/// script) comes from Vazirmatn before egui's icon font is tried.
#[must_use]
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        ARABIC_FONT.to_owned(),
        Arc::new(FontData::from_static(VAZIRMATN_REGULAR)),
    );
    fonts.font_data.insert(
        EMOJI_FONT.to_owned(),
        Arc::new(FontData::from_static(TWEMOJI_COLR)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        // After the primary font (and, for monospace, its proportional fallback).
        let at = list
            .iter()
            .position(|name| name == "Ubuntu-Light")
            .map_or(list.len().min(1), |i| i + 1);
        list.insert(at, ARABIC_FONT.to_owned());
        // Colour emoji before egui's icon and monochrome emoji fonts, which stay as the
        // fallback for symbols Twemoji lacks.
        list.insert(at + 1, EMOJI_FONT.to_owned());
    }
    fonts
}

/// Installs the fonts in a context; takes effect from the next frame on.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

/// Runs `f` in a frame of a context with the app's fonts, for unit tests that lay out text.
#[cfg(test)]
pub(crate) fn with_fonts(f: impl FnMut(&mut egui::Ui)) {
    let ctx = egui::Context::default();
    install(&ctx);
    ctx.run_ui(egui::RawInput::default(), |_| {})
        .textures_delta
        .clear();
    ctx.run_ui(egui::RawInput::default(), f)
        .textures_delta
        .clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vazirmatn_follows_the_primary_font() {
        let fonts = definitions();
        let proportional = &fonts.families[&FontFamily::Proportional];
        assert_eq!(proportional[0], "Ubuntu-Light");
        assert_eq!(proportional[1], ARABIC_FONT);
        assert_eq!(proportional[2], EMOJI_FONT);
        let mono = &fonts.families[&FontFamily::Monospace];
        assert_eq!(mono[..4], ["Hack", "Ubuntu-Light", ARABIC_FONT, EMOJI_FONT]);
        assert!(fonts.font_data.contains_key(ARABIC_FONT));
    }
}
