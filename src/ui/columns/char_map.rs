//! The map between an article's characters and where egui drew them, which the article
//! view uses instead of egui's own cursors (they drift after right-to-left text, egui issue
//! 8576).

#[cfg(test)]
use crate::text::ArticleText;
use egui::{Galley, Pos2, Rect, pos2};
use std::ops::Range;

/// Whether a char starts right-to-left text: Hebrew, Arabic (with Persian and Urdu letters
/// and digits), Syriac, Thaana, N'Ko and the other scripts egui's shaper lays out
/// right to left, with their presentation forms (U+FEFF, the byte order mark, is not one).
fn is_rtl(c: char) -> bool {
    matches!(
        c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// Where one char of the article sits in the galley.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CharBox {
    row: usize,
    /// Horizontal extent in galley coordinates; zero width for a line break and for chars
    /// that draw nothing of their own.
    x0: f32,
    x1: f32,
    /// Inside a right-to-left run: the char's logical start is its right edge.
    rtl: bool,
}

/// Our own map between article chars and galley geometry.
///
/// egui's cursors assume one glyph per char in logical order, and egui 0.37 breaks that
/// after right-to-left text (egui issue 8576): the shaper returns a right-to-left run's
/// glyphs in visual order, so `layout_shaped_run` sees cluster offsets going *down*; the
/// zero-width "continuation" glyphs meant for multi-char clusters are then computed from a
/// reversed byte range (none in the middle of the run) and, for the last cluster, from byte 0
/// to the end of the run, which adds one spurious zero-width glyph for every char of the run
/// but the first. A four-letter Persian word thus yields seven glyphs, and every galley char
/// index after it — cursor, row lengths, `x_offset` — is three too high.
///
/// So this map walks the glyphs itself, next to the text: outside right-to-left runs a glyph
/// is a char; a right-to-left run (a word: egui shapes runs per font, and spaces come from
/// the primary font) is matched as a whole — its trailing continuation glyphs are dropped,
/// and its remaining glyphs, read right to left, are matched to the run's chars in logical
/// order (a glyph stands for its cluster's first char; ligatures and marks share the box of
/// the glyph they belong to).
///
/// What remains (no bidi reordering in egui): words of a Persian phrase are each shaped
/// right to left, but the words follow one another left to right in logical order.
/// Selection and highlights follow what is drawn, so they stay correct, only the word order
/// on screen is not what a Persian reader expects.
#[derive(Clone)]
pub(crate) struct CharMap {
    /// One box per article char (line breaks included).
    boxes: Vec<CharBox>,
    /// First char of each galley row, and one past its last char (its line break excluded).
    pub(crate) rows: Vec<Range<usize>>,
}

/// A glyph or line break in galley order.
enum Item<'a> {
    Glyph(usize, &'a egui::epaint::text::Glyph),
    Newline(usize),
}

impl CharMap {
    #[cfg(test)]
    pub(crate) fn new(galley: &Galley, text: &ArticleText) -> Self {
        Self::for_str(galley, text.as_str())
    }

    /// The map of a galley laid out from `s`.
    pub(crate) fn for_str(galley: &Galley, s: &str) -> Self {
        let chars: Vec<char> = s.chars().collect();
        Self::aligned(galley, &chars).unwrap_or_else(|| {
            log::debug!("galley glyphs do not follow the text; mapping one glyph per char");
            Self::one_glyph_per_char(galley, chars.len())
        })
    }

    fn items(galley: &Galley) -> impl Iterator<Item = Item<'_>> {
        galley.rows.iter().enumerate().flat_map(|(r, row)| {
            row.glyphs
                .iter()
                .map(move |g| Item::Glyph(r, g))
                .chain(row.ends_with_newline.then_some(Item::Newline(r)))
        })
    }

    fn row_end_x(galley: &Galley, r: usize) -> f32 {
        galley.rows.get(r).map_or(0.0, |row| row.pos.x + row.size.x)
    }

    fn glyph_box(galley: &Galley, r: usize, g: &egui::epaint::text::Glyph, rtl: bool) -> CharBox {
        let x = galley.rows[r].pos.x + g.pos.x;
        CharBox {
            row: r,
            x0: x,
            x1: x + g.advance_width,
            rtl,
        }
    }

    /// Walks glyphs and chars together; `None` when they do not agree.
    pub(crate) fn aligned(galley: &Galley, chars: &[char]) -> Option<Self> {
        // Right-to-left runs: graphemes whose first char is right-to-left, with their marks
        // and joiners.
        let mut rtl = vec![false; chars.len()];
        // Length in chars of the grapheme starting at each char (0 inside one).
        let mut grapheme_len = vec![0; chars.len()];
        let text: String = chars.iter().collect();
        let mut at = 0;
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(text.as_str(), true) {
            let n = g.chars().count();
            if g.chars().next().is_some_and(is_rtl) {
                rtl[at..at + n].fill(true);
            }
            grapheme_len[at] = n;
            at += n;
        }

        let mut boxes = Vec::with_capacity(chars.len());
        let mut items = Self::items(galley).peekable();
        let mut ci = 0;
        while ci < chars.len() {
            if rtl[ci] {
                let end = rtl[ci..]
                    .iter()
                    .position(|r| !r)
                    .map_or(chars.len(), |n| ci + n);
                let run = &chars[ci..end];
                let mut glyphs = Vec::new();
                while let Some(Item::Glyph(r, g)) = items.peek() {
                    if !run.contains(&g.chr) {
                        break;
                    }
                    glyphs.push((*r, *g));
                    items.next();
                }
                Self::map_rtl_run(galley, run, &glyphs, &mut boxes)?;
                ci = end;
                continue;
            }
            if chars[ci] == '\n' {
                let Some(Item::Newline(r)) = items.next() else {
                    return None;
                };
                let x = Self::row_end_x(galley, r);
                boxes.push(CharBox {
                    row: r,
                    x0: x,
                    x1: x,
                    rtl: false,
                });
                ci += 1;
                continue;
            }
            // Left to right, a grapheme of n chars has n glyphs, though inside a cluster
            // egui may label them all with its first char (an emoji sequence no font has).
            let n = grapheme_len[ci].max(1);
            for k in 0..n {
                match items.next()? {
                    Item::Glyph(r, g) if k > 0 || g.chr == chars[ci] => {
                        boxes.push(Self::glyph_box(galley, r, g, false));
                    }
                    _ => return None,
                }
            }
            ci += n;
        }
        if items.next().is_some() {
            return None;
        }
        Some(Self::with_rows(galley, boxes))
    }

    /// Boxes for the chars of one right-to-left run from the glyphs egui made of it.
    fn map_rtl_run(
        galley: &Galley,
        run: &[char],
        glyphs: &[(usize, &egui::epaint::text::Glyph)],
        boxes: &mut Vec<CharBox>,
    ) -> Option<()> {
        let &(last_row, last) = glyphs.last()?;
        // The continuation glyphs egui appends after the run: zero width, nothing drawn.
        let drawn = glyphs.len()
            - glyphs
                .iter()
                .skip(1)
                .rev()
                .take_while(|(_, g)| g.advance_width == 0.0 && g.uv_rect.is_nothing())
                .count();
        // Visual order is right to left: reversed, the glyphs follow the chars.
        let mut cluster_of = vec![None::<CharBox>; run.len()];
        let mut prev: Option<(usize, bool)> = None; // (cluster start, glyph had width)
        for &(r, g) in glyphs[..drawn].iter().rev() {
            let b = Self::glyph_box(galley, r, g, true);
            let same_cluster =
                prev.is_some_and(|(q, wide)| run[q] == g.chr && (g.advance_width == 0.0 || !wide));
            let q = if same_cluster {
                prev.map(|(q, _)| q)
            } else {
                let from = prev.map_or(0, |(q, _)| q + 1);
                run[from..]
                    .iter()
                    .position(|&c| c == g.chr)
                    .map(|i| from + i)
            };
            let Some(q) = q else { continue };
            let merged = cluster_of[q].map_or(b, |c: CharBox| CharBox {
                x0: c.x0.min(b.x0),
                x1: c.x1.max(b.x1),
                ..c
            });
            cluster_of[q] = Some(merged);
            prev = Some((q, g.advance_width > 0.0));
        }
        // Chars inside a cluster (second letter of a ligature, marks) share its box; chars
        // before the first matched glyph take the first one.
        let first = cluster_of.iter().flatten().next().copied();
        let fallback = first.unwrap_or(Self::glyph_box(galley, last_row, last, true));
        let mut current = fallback;
        for c in cluster_of {
            if let Some(c) = c {
                current = c;
            }
            boxes.push(current);
        }
        Some(())
    }

    /// The old assumption, one glyph per char in order: used only when the walk fails.
    fn one_glyph_per_char(galley: &Galley, char_count: usize) -> Self {
        let mut boxes: Vec<CharBox> = Self::items(galley)
            .map(|item| match item {
                Item::Glyph(r, g) => Self::glyph_box(galley, r, g, false),
                Item::Newline(r) => {
                    let x = Self::row_end_x(galley, r);
                    CharBox {
                        row: r,
                        x0: x,
                        x1: x,
                        rtl: false,
                    }
                }
            })
            .take(char_count)
            .collect();
        let last_row = galley.rows.len().saturating_sub(1);
        let x = Self::row_end_x(galley, last_row);
        boxes.resize(
            char_count,
            CharBox {
                row: last_row,
                x0: x,
                x1: x,
                rtl: false,
            },
        );
        Self::with_rows(galley, boxes)
    }

    fn with_rows(galley: &Galley, boxes: Vec<CharBox>) -> Self {
        let mut rows = Vec::with_capacity(galley.rows.len());
        let mut at = 0;
        for (r, row) in galley.rows.iter().enumerate() {
            let start = at;
            while boxes.get(at).is_some_and(|b| b.row == r) {
                at += 1;
            }
            let end = if row.ends_with_newline && at > start {
                at - 1
            } else {
                at
            };
            rows.push(start..end);
        }
        Self { boxes, rows }
    }

    pub(crate) fn char_count(&self) -> usize {
        self.boxes.len()
    }

    /// The char offset (a cursor between chars) nearest a point in galley coordinates.
    pub(crate) fn char_at(&self, galley: &Galley, p: Pos2) -> usize {
        // Above or below the text, a little margin selects its start or end.
        const VMARGIN: f32 = 5.0;
        let (Some(first), Some(last)) = (galley.rows.first(), galley.rows.last()) else {
            return 0;
        };
        if p.y < first.min_y() - VMARGIN {
            return 0;
        }
        if last.max_y() + VMARGIN < p.y {
            return self.char_count();
        }
        let r = galley
            .rows
            .iter()
            .position(|row| row.min_y() <= p.y && p.y <= row.max_y())
            .unwrap_or_else(|| {
                let dist = |row: &egui::epaint::text::PlacedRow| {
                    (row.min_y() - p.y).abs().min((row.max_y() - p.y).abs())
                };
                (0..galley.rows.len())
                    .min_by(|&a, &b| dist(&galley.rows[a]).total_cmp(&dist(&galley.rows[b])))
                    .unwrap_or(0)
            });
        let Some(range) = self.rows.get(r).cloned() else {
            return self.char_count();
        };
        // The box under x (or nearest), then its leading or trailing side.
        let distance = |b: &CharBox| {
            if p.x < b.x0 {
                b.x0 - p.x
            } else if p.x > b.x1 {
                p.x - b.x1
            } else {
                0.0
            }
        };
        let Some(c) = range.clone().min_by(|&a, &b| {
            distance(&self.boxes[a])
                .total_cmp(&distance(&self.boxes[b]))
                .then_with(|| {
                    // Prefer a box with width over a zero-width one at the same spot.
                    let w = |i: usize| self.boxes[i].x1 - self.boxes[i].x0;
                    w(b).total_cmp(&w(a))
                })
        }) else {
            return range.start;
        };
        let b = self.boxes[c];
        let cluster_start = (range.start..c)
            .rev()
            .take_while(|&i| self.boxes[i] == b)
            .last()
            .unwrap_or(c);
        let cluster_end = (c..range.end)
            .find(|&i| self.boxes[i] != b)
            .unwrap_or(range.end);
        let before_middle = p.x < f32::midpoint(b.x0, b.x1);
        // Left of the middle is the leading side in left-to-right text, the trailing side
        // in right-to-left text.
        if before_middle == b.rtl {
            cluster_end
        } else {
            cluster_start
        }
    }

    /// Rectangles (galley coordinates) covering a char range, one per row it touches.
    pub(crate) fn rects(&self, galley: &Galley, chars: &Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for (r, range) in self.rows.iter().enumerate() {
            let s = chars.start.max(range.start);
            let e = chars.end.min(range.end);
            if e <= s {
                continue;
            }
            let (x0, x1) = self.boxes[s..e]
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), c| {
                    (a.min(c.x0), b.max(c.x1))
                });
            if x1 <= x0 {
                continue;
            }
            let row = &galley.rows[r];
            out.push(Rect::from_min_max(
                pos2(x0, row.min_y()),
                pos2(x1, row.max_y()),
            ));
        }
        out
    }

    /// Where a range ends on screen (galley coordinates): the trailing edge of its last char.
    pub(crate) fn end_pos(&self, galley: &Galley, chars: &Range<usize>) -> Pos2 {
        let Some(b) = chars
            .end
            .checked_sub(1)
            .and_then(|i| self.boxes.get(i))
            .filter(|_| chars.end > chars.start)
        else {
            return galley.rect.left_bottom();
        };
        let x = if b.rtl { b.x0 } else { b.x1 };
        pos2(
            x,
            galley
                .rows
                .get(b.row)
                .map_or(0.0, egui::epaint::text::PlacedRow::max_y),
        )
    }
}
