//! Colour science for readable, colour-blind-safe colours: WCAG contrast ratios, CIE76 colour
//! differences, and the simulation of colour-vision deficiencies that browsers' developer
//! tools use (Machado, Oliveira and Fernandes 2009, full severity, applied in linear RGB).
//! Pure arithmetic on sRGB triples, so the palette's promises are tested without a window.

/// A colour-vision deficiency to simulate (or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    Normal,
    /// No long-wavelength (red) cones.
    Protanopia,
    /// No medium-wavelength (green) cones: the most common, about one man in sixteen with
    /// protanopia and the milder forms counted.
    Deuteranopia,
    /// No short-wavelength (blue) cones.
    Tritanopia,
}

impl Vision {
    pub const ALL: [Self; 4] = [
        Self::Normal,
        Self::Protanopia,
        Self::Deuteranopia,
        Self::Tritanopia,
    ];

    /// Machado et al.'s matrix for severity 1.0, on linear RGB.
    fn matrix(self) -> [[f64; 3]; 3] {
        match self {
            Self::Normal => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Self::Protanopia => [
                [0.152_286, 1.052_583, -0.204_868],
                [0.114_503, 0.786_281, 0.099_216],
                [-0.003_882, -0.048_116, 1.051_998],
            ],
            Self::Deuteranopia => [
                [0.367_322, 0.860_646, -0.227_968],
                [0.280_085, 0.672_501, 0.047_413],
                [-0.011_820, 0.042_940, 0.968_881],
            ],
            Self::Tritanopia => [
                [1.255_528, -0.076_749, -0.178_779],
                [-0.078_411, 0.930_809, 0.147_602],
                [0.004_733, 0.691_367, 0.303_900],
            ],
        }
    }
}

/// sRGB component (0–255) to linear light (0–1).
fn linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light back to an sRGB component.
fn encoded(c: f64) -> u8 {
    let c = c.clamp(0.0, 1.0);
    let v = if c <= 0.003_130_8 {
        c * 12.92
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    // In 0..=255 after the clamp; the cast cannot truncate anything that matters.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let byte = (v * 255.0).round() as u8;
    byte
}

/// The colour as someone with `vision` sees it.
#[must_use]
pub fn simulate(rgb: [u8; 3], vision: Vision) -> [u8; 3] {
    let m = vision.matrix();
    let l = rgb.map(linear);
    let row = |r: [f64; 3]| r[0] * l[0] + r[1] * l[1] + r[2] * l[2];
    [encoded(row(m[0])), encoded(row(m[1])), encoded(row(m[2]))]
}

/// CIE L*a*b* (D65) of an sRGB colour.
#[must_use]
pub fn lab(rgb: [u8; 3]) -> [f64; 3] {
    let [red, green, blue] = rgb.map(linear);
    let white_x = (0.412_4 * red + 0.357_6 * green + 0.180_5 * blue) / 0.950_47;
    let white_y = 0.212_6 * red + 0.715_2 * green + 0.072_2 * blue;
    let white_z = (0.019_3 * red + 0.119_2 * green + 0.950_5 * blue) / 1.088_83;
    let curve = |t: f64| {
        if t > 0.008_856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (curve(white_x), curve(white_y), curve(white_z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIE76 colour difference ΔE*ab between two colours as someone with `vision` sees them.
#[must_use]
pub fn delta_e(a: [u8; 3], b: [u8; 3], vision: Vision) -> f64 {
    let (p, q) = (lab(simulate(a, vision)), lab(simulate(b, vision)));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// WCAG relative luminance.
#[must_use]
pub fn luminance(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(linear);
    0.212_6 * r + 0.715_2 * g + 0.072_2 * b
}

/// WCAG contrast ratio (1 to 21) between two colours.
#[must_use]
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, or the nearest shade of it (mixed toward black on a light background, toward
/// white on a dark one) that has at least `ratio` contrast against `background`.
#[must_use]
pub fn readable_on(color: [u8; 3], background: [u8; 3], ratio: f64) -> [u8; 3] {
    let toward: [u8; 3] = if luminance(background) > 0.18 {
        [0, 0, 0]
    } else {
        [255, 255, 255]
    };
    for step in 0..=20_u8 {
        let t = f64::from(step) / 20.0;
        let mixed = [0, 1, 2].map(|i| {
            let v = f64::from(color[i]) * (1.0 - t) + f64::from(toward[i]) * t;
            // 0..=255 by construction.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let byte = v.round() as u8;
            byte
        });
        if contrast(mixed, background) >= ratio {
            return mixed;
        }
    }
    toward
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_red_and_green_collapse_under_deuteranopia_and_protanopia() {
        // The figures the issue measured, reproduced: the model is the browsers' one.
        let (green, red) = ([36, 132, 84], [180, 60, 60]);
        let de = |v| delta_e(green, red, v);
        assert!(
            (de(Vision::Normal) - 88.4).abs() < 1.0,
            "{}",
            de(Vision::Normal)
        );
        assert!((de(Vision::Deuteranopia) - 16.7).abs() < 1.0);
        assert!((de(Vision::Protanopia) - 16.1).abs() < 1.0);
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((contrast([95, 95, 95], [27, 27, 27]) - 2.7).abs() < 0.1);
        assert!((contrast([119, 119, 119], [255, 255, 255]) - 4.48).abs() < 0.02);
        let fixed = readable_on([95, 95, 95], [27, 27, 27], 4.5);
        assert!(contrast(fixed, [27, 27, 27]) >= 4.5);
    }
}
