//! An article's text laid out paragraph by paragraph, only the paragraphs that come into
//! view, so a frame's layout work follows what is on screen, not the article's length.
//!
//! A 200 KB article laid out as one galley costs about 50 ms, again at every width while a
//! column is resized. Here each paragraph (text between line breaks) is its own galley, laid
//! out when it is first in view at the current width and kept until the width, the font or
//! the text changes. Paragraphs not laid out yet have an estimated height (their text width
//! from an earlier layout, or their length, over the column width), so the column's total
//! height is approximate until the reader has scrolled through it.
//!
//! When a paragraph straddling the top of the view is laid out and its height turns out
//! different from the estimate, everything below it would jump; the layout reports that
//! difference as a *compensation* for the caller to scroll by, so what was on screen stays
//! where it was.

use crate::text::ArticleText;
use crate::ui::columns::char_map::CharMap;
use egui::epaint::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Ui, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

/// Line height as a multiple of the font size.
const LINE_HEIGHT: f32 = 1.55;

/// What a layout depends on besides the width: the text and the style.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    fingerprint: u64,
    len: usize,
    font: FontId,
    color: Color32,
}

/// One paragraph laid out: its galley and where its chars are drawn.
#[derive(Clone)]
pub(crate) struct Laid {
    pub(crate) galley: Arc<Galley>,
    pub(crate) map: Arc<CharMap>,
}

#[derive(Clone)]
struct Paragraph {
    /// Its chars in the article, its line break excluded.
    chars: Range<usize>,
    bytes: Range<usize>,
    /// Laid out at the current width, or not yet.
    laid: Option<Laid>,
    /// Exact when laid out, estimated otherwise.
    height: f32,
    /// Total width of its rows when it was last laid out (at any width), for estimates.
    ink: Option<f32>,
}

/// Running sums over the paragraphs laid out so far, behind the estimates.
#[derive(Clone, Copy, Default)]
struct Measured {
    ink: f64,
    chars: f64,
    /// Width used by wrapped rows (all rows of a paragraph but its last) and the width
    /// they had: how full a wrapped row is.
    wrapped_ink: f64,
    wrapped_room: f64,
}

/// The paragraphs of one article at one width and style.
#[derive(Clone, Default)]
pub(crate) struct ArticleLayout {
    key: Option<Key>,
    width: f32,
    row_height: f32,
    paras: Vec<Paragraph>,
    /// `tops[i]` is where paragraph `i` starts below the text's top; the last entry is the
    /// total height.
    tops: Vec<f32>,
    measured: Measured,
    /// The place kept through the last reflow: char, distance into its row, and the view
    /// top that put it there. While the view has not moved since, the next reflow keeps
    /// the same char (a drag that resizes in many steps would otherwise drift back a row
    /// fraction each step).
    kept_place: Option<(usize, f32, f32)>,
}

/// Lays out one paragraph (or any text) in the article style at a wrap width.
pub(crate) fn layout_str(ui: &Ui, s: &str, width: f32) -> Arc<Galley> {
    let (font, color) = style(ui);
    let mut job = LayoutJob::single_section(s.to_owned(), text_format(font, color));
    job.wrap.max_width = width;
    ui.painter().layout_job(job)
}

fn style(ui: &Ui) -> (FontId, Color32) {
    (
        egui::TextStyle::Body.resolve(ui.style()),
        ui.visuals().text_color(),
    )
}

fn text_format(font_id: FontId, color: Color32) -> TextFormat {
    let line_height = font_id.size * LINE_HEIGHT;
    TextFormat {
        font_id,
        color,
        line_height: Some(line_height),
        valign: egui::Align::Center,
        ..TextFormat::default()
    }
}

impl ArticleLayout {
    /// Makes the layout fit the text, style and width: a new text or style starts over; a
    /// new width drops the galleys and estimates every height again. In those two cases it
    /// returns where the view's top (`view_top`, below the text's top) was in the text, as
    /// [`Self::anchor_at`] gives it, so the caller can keep the reader's place.
    pub(crate) fn prepare(
        &mut self,
        ui: &Ui,
        text: &ArticleText,
        width: f32,
        view_top: f32,
    ) -> Option<(usize, f32)> {
        let (font, color) = style(ui);
        let key = Key {
            fingerprint: text.fingerprint(),
            len: text.as_str().len(),
            font,
            color,
        };
        let new_key = self.key.as_ref() != Some(&key);
        #[allow(clippy::float_cmp)] // the same rounded width, or a new one
        let new_width = self.width != width;
        if !new_key && !new_width {
            return None;
        }
        let anchor = match self.kept_place.take() {
            Some((c, into, at)) if (at - view_top).abs() < 0.5 => Some((c, into)),
            _ => self.anchor_at(view_top),
        };
        if new_key {
            self.row_height = key.font.size * LINE_HEIGHT;
            self.paras = split(text);
            self.measured = Measured::default();
            self.key = Some(key);
        }
        self.width = width;
        for i in 0..self.paras.len() {
            self.paras[i].laid = None;
            self.paras[i].height = self.estimate(&self.paras[i]);
        }
        self.update_tops();
        anchor
    }

    /// Where `y` (below the text's top) is in the text: the first char of the row there and
    /// how far below that row's top `y` is. `None` at the very top or where nothing is laid
    /// out.
    fn anchor_at(&self, y: f32) -> Option<(usize, f32)> {
        if self.paras.is_empty() || y <= 0.0 {
            return None;
        }
        let i = self.index_at_y(y);
        let para = &self.paras[i];
        let laid = para.laid.as_ref()?;
        let local = y - self.tops[i];
        let rows = &laid.galley.rows;
        let r = rows
            .iter()
            .position(|row| row.max_y() > local)
            .unwrap_or(rows.len().saturating_sub(1));
        let row = rows.get(r)?;
        let start = laid.map.rows.get(r)?.start;
        Some((para.chars.start + start, local - row.min_y()))
    }

    /// Remembers that the view top `at` shows `c`'s row, `into` points down, after a reflow
    /// (see `kept_place`).
    pub(crate) fn keep_place(&mut self, c: usize, into: f32, at: f32) {
        self.kept_place = Some((c, into, at));
    }

    /// Lays out the paragraph holding char `c` and returns where `c`'s row starts below
    /// the text's top.
    pub(crate) fn row_top_of(&mut self, ui: &Ui, text: &ArticleText, c: usize) -> Option<f32> {
        if self.paras.is_empty() {
            return None;
        }
        let i = self.index_of_char(c);
        self.lay_out(ui, text, i);
        self.update_tops();
        let para = &self.paras[i];
        let laid = para.laid.as_ref()?;
        let local = c.saturating_sub(para.chars.start);
        let r = laid
            .map
            .rows
            .iter()
            .position(|row| local < row.end)
            .unwrap_or(laid.map.rows.len().saturating_sub(1));
        Some(self.tops[i] + laid.galley.rows.get(r)?.min_y())
    }

    fn estimate(&self, p: &Paragraph) -> f32 {
        let m = &self.measured;
        #[allow(clippy::cast_precision_loss)]
        let chars = p.chars.len() as f32;
        #[allow(clippy::cast_possible_truncation)]
        let per_char = if m.chars > 500.0 {
            (m.ink / m.chars) as f32
        } else {
            self.row_height / LINE_HEIGHT * 0.5
        };
        #[allow(clippy::cast_possible_truncation)]
        let fill = if m.wrapped_room > 0.0 {
            (m.wrapped_ink / m.wrapped_room) as f32
        } else {
            0.93
        };
        let ink = p.ink.unwrap_or(chars * per_char);
        let rows = (ink / (self.width * fill).max(1.0)).ceil().max(1.0);
        rows * self.row_height
    }

    fn update_tops(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.paras.len() + 1);
        let mut y = 0.0;
        for p in &self.paras {
            self.tops.push(y);
            y += p.height;
        }
        self.tops.push(y);
    }

    /// The text's height: exact where laid out, estimated elsewhere.
    pub(crate) fn height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// Lays out paragraph `i` if it is not yet; returns how much its height changed.
    fn lay_out(&mut self, ui: &Ui, text: &ArticleText, i: usize) -> f32 {
        let Some(p) = self.paras.get(i) else {
            return 0.0;
        };
        if p.laid.is_some() {
            return 0.0;
        }
        let s = &text.as_str()[p.bytes.clone()];
        let galley = layout_str(ui, s, self.width);
        let map = Arc::new(CharMap::for_str(&galley, s));
        let ink: f32 = galley.rows.iter().map(|r| r.size.x).sum();
        let m = &mut self.measured;
        m.ink += f64::from(ink);
        #[allow(clippy::cast_precision_loss)]
        {
            m.chars += p.chars.len() as f64;
        }
        if let Some((_, wrapped)) = galley.rows.split_last()
            && !wrapped.is_empty()
        {
            m.wrapped_ink += wrapped.iter().map(|r| f64::from(r.size.x)).sum::<f64>();
            #[allow(clippy::cast_precision_loss)]
            {
                m.wrapped_room += f64::from(self.width) * wrapped.len() as f64;
            }
        }
        // egui rounds row heights to pixels: learn the real one.
        if let Some(row) = galley.rows.first() {
            self.row_height = row.height();
        }
        let height = galley.size().y;
        let p = &mut self.paras[i];
        let delta = height - p.height;
        p.height = height;
        p.ink = Some(ink);
        p.laid = Some(Laid { galley, map });
        delta
    }

    /// Index of the paragraph at `y` below the text's top (the first or last outside it).
    fn index_at_y(&self, y: f32) -> usize {
        let n = self.paras.len();
        // tops[0] = 0; the last paragraph whose top is at or above y.
        self.tops[..n]
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    }

    /// Index of the paragraph holding char `c` (or the line break after it).
    fn index_of_char(&self, c: usize) -> usize {
        self.paras
            .partition_point(|p| p.chars.start <= c)
            .saturating_sub(1)
    }

    /// Lays out the paragraphs in `view` (y range below the text's top). Returns the
    /// compensation: how much the paragraphs newly laid out above the text that was already
    /// on screen grew (or shrank, negative), by which the caller scrolls (and shifts this
    /// frame's drawing) so that text does not move. With nothing in view laid out before (a
    /// jump by the scroll bar), there is nothing to keep in place and no compensation.
    pub(crate) fn lay_out_view(&mut self, ui: &Ui, text: &ArticleText, view: Range<f32>) -> f32 {
        if self.paras.is_empty() {
            return 0.0;
        }
        let start = self.index_at_y(view.start);
        // The first paragraph in view that was laid out already: its top stays put.
        let kept = (start..self.paras.len())
            .take_while(|&i| self.tops[i] < view.end)
            .find(|&i| self.paras[i].laid.is_some());
        let mut compensation = 0.0;
        let mut first = start;
        if let Some(kept) = kept {
            for i in start..kept {
                compensation += self.lay_out(ui, text, i);
            }
            // Shrunk paragraphs can bring more above into view; they count as well. (Tops
            // above the first paragraph changed are still valid.)
            while first > 0 && self.tops[first] > view.start + compensation {
                first -= 1;
                compensation += self.lay_out(ui, text, first);
            }
        }
        let mut y = self.tops[first];
        let end = view.end + compensation;
        let mut i = first;
        while i < self.paras.len() && y < end {
            self.lay_out(ui, text, i);
            y += self.paras[i].height;
            i += 1;
        }
        self.update_tops();
        compensation
    }

    /// Lays out the paragraphs around char `c`, `reach` points above and below it, so a
    /// jump there lands on exact positions. Returns the range's paragraph top.
    pub(crate) fn lay_out_around(&mut self, ui: &Ui, text: &ArticleText, c: usize, reach: f32) {
        if self.paras.is_empty() {
            return;
        }
        let at = self.index_of_char(c);
        self.lay_out(ui, text, at);
        let mut above = 0.0;
        let mut i = at;
        while i > 0 && above < reach {
            i -= 1;
            self.lay_out(ui, text, i);
            above += self.paras[i].height;
        }
        let mut below = self.paras[at].height;
        let mut i = at + 1;
        while i < self.paras.len() && below < reach {
            self.lay_out(ui, text, i);
            below += self.paras[i].height;
            i += 1;
        }
        self.update_tops();
    }

    /// Lays out the paragraphs holding these chars (spans out of view that connector curves
    /// point at), so their places are exact. Returns how much those above `view_top` (y
    /// below the text's top) changed, to compensate as [`Self::lay_out_view`] does.
    pub(crate) fn lay_out_chars(
        &mut self,
        ui: &Ui,
        text: &ArticleText,
        chars: impl IntoIterator<Item = usize>,
        view_top: f32,
    ) -> f32 {
        if self.paras.is_empty() {
            return 0.0;
        }
        let first_in_view = self.index_at_y(view_top);
        let mut compensation = 0.0;
        let mut changed = false;
        for c in chars {
            let i = self.index_of_char(c);
            if self.paras[i].laid.is_none() {
                let delta = self.lay_out(ui, text, i);
                if i < first_in_view {
                    compensation += delta;
                }
                changed = true;
            }
        }
        if changed {
            self.update_tops();
        }
        compensation
    }

    /// How many paragraphs are laid out at the current width (for tests and the bench).
    #[cfg(test)]
    fn laid_out(&self) -> usize {
        self.paras.iter().filter(|p| p.laid.is_some()).count()
    }

    /// The paragraphs on screen, with their tops below the text's top.
    fn laid_in(&self, view: Range<f32>) -> impl Iterator<Item = (usize, &Paragraph)> {
        let first = self.index_at_y(view.start);
        self.paras
            .iter()
            .enumerate()
            .skip(first)
            .take_while(move |(i, _)| self.tops[*i] < view.end)
    }
}

/// The paragraphs of a text: the runs between line breaks (an empty line is an empty
/// paragraph, one row high).
fn split(text: &ArticleText) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_at = 0;
    let mut byte_at = 0;
    for line in text.as_str().split('\n') {
        let chars = line.chars().count();
        out.push(Paragraph {
            chars: char_at..char_at + chars,
            bytes: byte_at..byte_at + line.len(),
            laid: None,
            height: 0.0,
            ink: None,
        });
        char_at += chars + 1;
        byte_at += line.len() + 1;
    }
    out
}

/// An article's layout placed on screen: `origin` is where the text's top-left is drawn.
pub(crate) struct Placed<'a> {
    pub(crate) layout: &'a ArticleLayout,
    pub(crate) origin: Pos2,
    /// The widget's rectangle on screen.
    pub(crate) rect: Rect,
    pub(crate) char_count: usize,
}

impl Placed<'_> {
    fn top(&self, i: usize) -> Pos2 {
        self.origin + vec2(0.0, self.layout.tops[i])
    }

    /// The char offset (a cursor between chars) nearest a point on screen.
    pub(crate) fn char_at(&self, p: Pos2) -> usize {
        let l = self.layout;
        if l.paras.is_empty() {
            return 0;
        }
        let y = p.y - self.origin.y;
        if y < 0.0 {
            return 0;
        }
        if y >= l.height() {
            return self.char_count;
        }
        let i = l.index_at_y(y);
        let para = &l.paras[i];
        match &para.laid {
            Some(laid) => {
                let local = (p - self.top(i)).to_pos2();
                para.chars.start + laid.map.char_at(&laid.galley, local)
            }
            None if y - l.tops[i] < para.height / 2.0 => para.chars.start,
            None => para.chars.end,
        }
    }

    /// Calls `f` with each screen rectangle covering a char range, one per row it touches
    /// (only on paragraphs laid out).
    pub(crate) fn for_each_rect(&self, chars: &Range<usize>, mut f: impl FnMut(Rect)) {
        let l = self.layout;
        if chars.is_empty() || l.paras.is_empty() {
            return;
        }
        for i in l.index_of_char(chars.start)..l.paras.len() {
            let para = &l.paras[i];
            if para.chars.start >= chars.end {
                break;
            }
            let Some(laid) = &para.laid else { continue };
            let s = chars.start.max(para.chars.start) - para.chars.start;
            let e = chars
                .end
                .min(para.chars.end)
                .saturating_sub(para.chars.start);
            if e <= s {
                continue;
            }
            let offset = self.top(i).to_vec2();
            for r in laid.map.rects(&laid.galley, &(s..e)) {
                f(r.translate(offset));
            }
        }
    }

    /// Screen rectangles covering a char range (only on paragraphs laid out).
    pub(crate) fn rects(&self, chars: &Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        self.for_each_rect(chars, |r| out.push(r));
        out
    }

    /// The first row of a range on screen, or where its paragraph would be when it is not
    /// laid out yet (for connector curves to spans out of view).
    pub(crate) fn first_rect(&self, chars: &Range<usize>) -> Option<Rect> {
        let mut first = None;
        self.for_each_rect(chars, |r| {
            first.get_or_insert(r);
        });
        first.or_else(|| {
            let l = self.layout;
            (!l.paras.is_empty()).then(|| {
                let top = self.top(l.index_of_char(chars.start));
                Rect::from_min_size(top, vec2(40.0, l.row_height))
            })
        })
    }

    /// The chars of the paragraphs' rows inside the visible (clip) rectangle.
    pub(crate) fn visible_chars(&self, clip: Rect) -> Range<usize> {
        let l = self.layout;
        let view = (clip.min.y - self.origin.y)..(clip.max.y - self.origin.y);
        let mut start = None;
        let mut end = 0;
        for (i, para) in l.laid_in(view.clone()) {
            let (s, e) = match &para.laid {
                Some(laid) => {
                    let top = l.tops[i];
                    let rows = &laid.galley.rows;
                    let first = rows.iter().position(|r| top + r.max_y() >= view.start);
                    let last = rows.iter().rposition(|r| top + r.min_y() <= view.end);
                    match (first, last) {
                        (Some(f), Some(t)) if f <= t => (
                            laid.map.rows[f].start,
                            laid.map.rows.get(t).map_or(0, |r| r.end),
                        ),
                        _ => continue,
                    }
                }
                None => (0, para.chars.len()),
            };
            start.get_or_insert(para.chars.start + s);
            end = para.chars.start + e;
        }
        // The line break after the last row counts as visible.
        match start {
            Some(s) => s..(end + 1).min(self.char_count).max(s),
            None => 0..0,
        }
    }

    /// Where a range ends on screen: the trailing edge of its last char.
    pub(crate) fn end_pos(&self, chars: &Range<usize>) -> Pos2 {
        let l = self.layout;
        if l.paras.is_empty() || chars.is_empty() {
            return self.origin;
        }
        let last = chars.end - 1;
        let i = l.index_of_char(last);
        let para = &l.paras[i];
        match &para.laid {
            Some(laid) => {
                let s = chars.start.max(para.chars.start) - para.chars.start;
                let e = chars.end.min(para.chars.end) - para.chars.start;
                self.top(i) + laid.map.end_pos(&laid.galley, &(s..e.max(s))).to_vec2()
            }
            None => self.top(i) + vec2(0.0, para.height),
        }
    }

    /// Paints the text of the paragraphs inside `clip`.
    pub(crate) fn paint_text(&self, painter: &egui::Painter, clip: Rect, color: Color32) {
        let view = (clip.min.y - self.origin.y)..(clip.max.y - self.origin.y);
        for (i, para) in self.layout.laid_in(view) {
            if let Some(laid) = &para.laid {
                painter.galley(
                    pos2(self.origin.x, self.top(i).y),
                    laid.galley.clone(),
                    color,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::fonts::with_fonts;

    /// A long article: numbered paragraphs of varied length, some empty lines, some Persian.
    fn long_text() -> ArticleText {
        let mut s = String::new();
        for i in 0..300 {
            let words = 5 + (i * 37) % 90;
            for w in 0..words {
                s.push_str(if w % 17 == 3 {
                    "«ما هیچ» "
                } else {
                    "word "
                });
            }
            s.push_str("end");
            s.push_str(&i.to_string());
            s.push_str(".\n");
            if i % 7 == 0 {
                s.push('\n');
            }
        }
        ArticleText::new(&s)
    }

    #[test]
    fn only_the_paragraphs_in_view_are_laid_out() {
        with_fonts(|ui| {
            let text = long_text();
            let mut l = ArticleLayout::default();
            l.prepare(ui, &text, 400.0, 0.0);
            let estimated = l.height();
            assert!(estimated > 10_000.0, "{estimated}");
            let c = l.lay_out_view(ui, &text, 0.0..800.0);
            assert!(c.abs() < f32::EPSILON, "nothing above the view");
            let n = l.laid_out();
            assert!((2..40).contains(&n), "{n} of {}", l.paras.len());
            // The paragraphs laid out cover the view.
            let laid_height: f32 = l.paras[..n].iter().map(|p| p.height).sum();
            assert!(laid_height >= 800.0);
            // Laying out everything gives exact heights; the estimate was close.
            let all = l.height() * 10.0;
            l.lay_out_around(ui, &text, 0, all);
            assert_eq!(l.laid_out(), l.paras.len());
            let exact = l.height();
            assert!(
                (estimated / exact - 1.0).abs() < 0.25,
                "{estimated} vs {exact}"
            );
            // A new width drops the galleys but keeps what they taught the estimates.
            l.prepare(ui, &text, 600.0, 0.0);
            assert_eq!(l.laid_out(), 0);
            let guess = l.height();
            l.lay_out_around(ui, &text, 0, all);
            assert!(
                (guess / l.height() - 1.0).abs() < 0.1,
                "{guess} vs {}",
                l.height()
            );
        });
    }

    /// Paragraph galleys stacked draw, select and highlight exactly as one galley of the
    /// whole text does.
    #[test]
    fn paragraphs_match_one_galley_of_the_whole_text() {
        with_fonts(|ui| {
            let text = long_text();
            let whole = layout_str(ui, text.as_str(), 400.0);
            let map = CharMap::for_str(&whole, text.as_str());
            let mut l = ArticleLayout::default();
            l.prepare(ui, &text, 400.0, 0.0);
            l.lay_out_around(ui, &text, 0, 1.0e7);
            assert!(
                (l.height() - whole.size().y).abs() < 0.5,
                "{} vs {}, rows {}",
                l.height(),
                whole.size().y,
                whole.rows.len()
            );
            let placed = Placed {
                layout: &l,
                origin: Pos2::ZERO,
                rect: Rect::from_min_size(Pos2::ZERO, vec2(400.0, l.height())),
                char_count: text.char_count(),
            };
            let n = text.char_count();
            for (s, e) in [(0, 10), (3, 900), (n / 2, n / 2 + 700), (n - 50, n)] {
                let ours = placed.rects(&(s..e));
                let theirs = map.rects(&whole, &(s..e));
                assert_eq!(ours.len(), theirs.len(), "{s}..{e}");
                for (a, b) in ours.iter().zip(&theirs) {
                    assert!((a.min - b.min).length() < 0.01, "{s}..{e}: {a:?} {b:?}");
                    assert!((a.max - b.max).length() < 0.01, "{s}..{e}: {a:?} {b:?}");
                }
                let (a, b) = (placed.end_pos(&(s..e)), map.end_pos(&whole, &(s..e)));
                assert!((a - b).length() < 0.5, "{s}..{e}: {a:?} {b:?}");
            }
            for i in 0..400 {
                #[allow(clippy::cast_precision_loss)]
                let p = pos2(
                    (i * 53 % 400) as f32 + 0.3,
                    i as f32 * whole.size().y / 400.0,
                );
                assert_eq!(placed.char_at(p), map.char_at(&whole, p), "at {p:?}");
            }
            // The visible chars of a window are those of its rows.
            let clip = Rect::from_min_max(pos2(0.0, 2000.0), pos2(400.0, 2600.0));
            let visible = placed.visible_chars(clip);
            let first = placed.char_at(pos2(0.0, 2000.0));
            assert!(
                visible.start <= first && first <= visible.start + 80,
                "{visible:?} {first}"
            );
        });
    }

    #[test]
    fn paragraphs_laid_out_above_the_text_on_screen_are_compensated() {
        with_fonts(|ui| {
            let text = long_text();
            let mut l = ArticleLayout::default();
            l.prepare(ui, &text, 300.0, 0.0);
            // A jump by the scroll bar into the middle: nothing was on screen there, so
            // nothing to keep in place.
            let y = l.height() / 2.0;
            assert!(l.lay_out_view(ui, &text, y..y + 700.0).abs() < f32::EPSILON);
            let kept = l.index_at_y(y) + 1;
            let kept_top = l.tops[kept];
            // Scrolling up 400 points brings estimated paragraphs into view above it.
            let c = l.lay_out_view(ui, &text, y - 400.0..y + 300.0);
            assert!(c.abs() > 0.5, "the estimates were off: {c}");
            // After scrolling by the compensation, the paragraph is where it was.
            assert!((l.tops[kept] - c - kept_top).abs() < 0.01, "{c}");
            // Every paragraph now in view is laid out.
            let view = (y - 400.0 + c)..(y + 300.0 + c);
            assert!(l.laid_in(view).all(|(_, p)| p.laid.is_some()));
        });
    }

    #[test]
    fn paragraphs_of_spans_out_of_view_are_laid_out_and_compensated() {
        with_fonts(|ui| {
            let text = long_text();
            let mut l = ArticleLayout::default();
            l.prepare(ui, &text, 300.0, 0.0);
            let y = l.height() / 2.0;
            l.lay_out_view(ui, &text, y..y + 700.0);
            let first = l.index_at_y(y);
            let first_top = l.tops[first];
            let (above, below) = (
                l.paras[3].chars.start + 2,
                l.paras[l.paras.len() - 3].chars.start,
            );
            let c = l.lay_out_chars(ui, &text, [above, below], y);
            assert!(l.paras[3].laid.is_some() && l.paras[l.paras.len() - 3].laid.is_some());
            assert!(c.abs() > 0.01, "the estimate above was off");
            assert!((l.tops[first] - c - first_top).abs() < 0.01);
            // Laid out already: nothing changes.
            assert!(l.lay_out_chars(ui, &text, [above, below], y + c).abs() < f32::EPSILON);
        });
    }

    /// After a new width, the row that was at the view's top is found again, so the caller
    /// can keep the reader's place.
    #[test]
    fn a_new_width_returns_the_place_at_the_top_of_the_view() {
        with_fonts(|ui| {
            let text = long_text();
            let mut l = ArticleLayout::default();
            assert!(
                l.prepare(ui, &text, 400.0, 0.0).is_none(),
                "nothing laid out yet"
            );
            let y = l.height() / 3.0;
            l.lay_out_view(ui, &text, y..y + 600.0);
            let placed = |l: &ArticleLayout| {
                Placed {
                    layout: l,
                    origin: Pos2::ZERO,
                    rect: Rect::NOTHING,
                    char_count: text.char_count(),
                }
                .char_at(pos2(0.5, y + 0.5))
            };
            let before = placed(&l);
            assert!(l.prepare(ui, &text, 400.0, y).is_none(), "same width: kept");
            let (c, into) = l.prepare(ui, &text, 260.0, y).unwrap();
            assert!((0.0..20.0).contains(&into), "{into}");
            assert!(
                c <= before && before - c < 80,
                "row start {c}, char at the top {before}"
            );
            let row = l.row_top_of(ui, &text, c).unwrap();
            // Scrolled so that row is at the top, the view's first row holds that char.
            let shifted = Placed {
                layout: &l,
                origin: pos2(0.0, y - row),
                rect: Rect::NOTHING,
                char_count: text.char_count(),
            };
            let first = shifted.char_at(pos2(0.5, y + 0.5));
            let next = shifted.char_at(pos2(0.5, y + l.row_height + 0.5));
            assert!(first <= c && c < next, "{first} <= {c} < {next}");

            // A drag narrows the column in twenty steps: each reflow keeps the same char,
            // not the start of the row that holds it (which would drift back every step).
            let mut top = row;
            l.keep_place(c, 0.0, top);
            l.lay_out_view(ui, &text, top..top + 600.0);
            for step in 1..=20u8 {
                let width = 260.0 - f32::from(step) * 8.0;
                let (kept, _) = l.prepare(ui, &text, width, top).unwrap();
                assert_eq!(kept, c, "step {step}");
                top = l.row_top_of(ui, &text, kept).unwrap();
                l.keep_place(kept, 0.0, top);
                l.lay_out_view(ui, &text, top..top + 600.0);
            }
        });
    }

    #[test]
    fn a_changed_text_or_style_starts_over() {
        with_fonts(|ui| {
            let text = long_text();
            let mut l = ArticleLayout::default();
            l.prepare(ui, &text, 400.0, 0.0);
            l.lay_out_view(ui, &text, 0.0..500.0);
            assert!(l.laid_out() > 0);
            l.prepare(ui, &text, 400.0, 0.0);
            assert!(l.laid_out() > 0, "same text and width: kept");
            let other = ArticleText::new(&text.as_str().replace("end1.", "END1."));
            l.prepare(ui, &other, 400.0, 0.0);
            assert_eq!(l.laid_out(), 0, "same length, other text");
            l.lay_out_view(ui, &other, 0.0..500.0);
            ui.style_mut()
                .text_styles
                .insert(egui::TextStyle::Body, FontId::proportional(20.0));
            l.prepare(ui, &other, 400.0, 0.0);
            assert_eq!(l.laid_out(), 0, "another font size");
        });
    }

    #[test]
    fn split_keeps_offsets_of_every_paragraph() {
        let text = ArticleText::new("One «ما».\n\nTwo two.\nthree");
        let paras = split(&text);
        let got: Vec<&str> = paras
            .iter()
            .map(|p| &text.as_str()[p.bytes.clone()])
            .collect();
        assert_eq!(got, ["One «ما».", "", "Two two.", "three"]);
        for p in &paras {
            assert_eq!(
                text.slice(p.chars.clone()),
                Some(&text.as_str()[p.bytes.clone()])
            );
        }
        assert_eq!(paras.last().map(|p| p.chars.end), Some(text.char_count()));
    }
}
