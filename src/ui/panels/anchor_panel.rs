//! The re-anchoring list: highlights of articles whose text changed on disk that moved, need
//! review, or lost their text, each with its old and new context and what can be done: accept,
//! re-select the span by hand, or delete.

use crate::anchor::Anchoring;
use crate::document::{Document, Edit};
use crate::model::{AnnotationId, CONTEXT_CHARS};
use crate::text_change::{Reanchored, is_anchored};
use crate::ui::shell::state::ViewState;

/// At most this many rows are laid out at once.
const MAX_ROWS: usize = 200;

/// Which re-anchoring rows are still to show, kept up to date edit by edit.
#[derive(Debug, Default)]
pub struct PendingRows {
    /// The document's transition count and the number of accepted moves when last updated.
    seen: (u64, usize),
    /// Indices into the re-anchoring list, in order.
    rows: std::collections::BTreeSet<usize>,
    /// Where each annotation's rows are in the list.
    by_id: crate::model::FastMap<AnnotationId, Vec<usize>>,
    /// The accepted moves, as a set.
    accepted: std::collections::HashSet<AnnotationId, foldhash::fast::RandomState>,
}

/// Whether a row is still to show: moved ones until accepted, the others until they sit on
/// their quote again (re-selected or accepted) or are deleted.
fn still_pending(
    doc: &Document,
    r: &Reanchored,
    accepted: &std::collections::HashSet<AnnotationId, foldhash::fast::RandomState>,
) -> bool {
    if accepted.contains(&r.annotation) {
        return false;
    }
    let Some(a) = doc.annotation(&r.annotation) else {
        return false; // deleted
    };
    match r.outcome {
        Anchoring::Moved { .. } => true,
        Anchoring::Exact => false,
        Anchoring::NeedsReview { .. } | Anchoring::Orphan => {
            doc.text(&a.article).is_some_and(|t| !is_anchored(a, t))
        }
    }
}

/// The rows still to show. Worked out once, then only for the highlights each edit touched
/// (a project whose every article changed can have a hundred thousand rows; a click must not
/// go through all of them).
pub fn pending<'a>(
    doc: &Document,
    found: &'a [Reanchored],
    view: &mut ViewState,
) -> Vec<&'a Reanchored> {
    let seen = (doc.transitions(), view.accepted_moves.len());
    let accepted = &view.accepted_moves;
    let cache = view.reanchor_rows.get_or_insert_with(PendingRows::default);
    if cache.seen != seen || cache.by_id.is_empty() {
        let touched: Option<std::collections::BTreeSet<AnnotationId>> = (!cache.by_id.is_empty()
            && cache.seen.1 <= seen.1)
            .then(|| doc.touched_since(cache.seen.0))
            .flatten()
            .map(|touched| {
                let mut ids = touched.annotations;
                ids.extend(accepted[cache.seen.1..].iter().cloned());
                ids
            });
        if let Some(ids) = touched {
            cache
                .accepted
                .extend(accepted[cache.seen.1..].iter().cloned());
            for id in &ids {
                for &i in cache.by_id.get(id).into_iter().flatten() {
                    if still_pending(doc, &found[i], &cache.accepted) {
                        cache.rows.insert(i);
                    } else {
                        cache.rows.remove(&i);
                    }
                }
            }
        } else {
            cache.accepted.clear();
            cache.accepted.extend(accepted.iter().cloned());
            cache.by_id.clear();
            for (i, r) in found.iter().enumerate() {
                cache.by_id.entry(r.annotation.clone()).or_default().push(i);
            }
            cache.rows = (0..found.len())
                .filter(|&i| still_pending(doc, &found[i], &cache.accepted))
                .collect();
        }
        cache.seen = seen;
    }
    cache.rows.iter().filter_map(|&i| found.get(i)).collect()
}

/// The list, with one row per highlight; queues the edits its buttons make.
pub fn anchor_panel_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    found: &[Reanchored],
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let rows = pending(doc, found, view);
    if rows.is_empty() {
        ui.label("Every highlight sits on its quote.");
        return;
    }
    let (moved, review, orphan) = crate::text_change::counts(rows.iter().copied());
    ui.horizontal(|ui| {
        ui.label(format!(
            "Article texts changed on disk: {moved} highlights moved, {review} need review, {orphan} lost their text. Nothing was deleted."
        ));
        if moved > 0 && ui.button("Accept all moves").clicked() {
            for r in &rows {
                if matches!(r.outcome, Anchoring::Moved { .. }) {
                    view.accepted_moves.push(r.annotation.clone());
                }
            }
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("re-anchoring")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for r in rows.iter().take(MAX_ROWS) {
                row_ui(ui, doc, r, view, edits);
                ui.separator();
            }
            if rows.len() > MAX_ROWS {
                ui.weak(format!(
                    "The first {MAX_ROWS} of {} are shown; the rest come as these are dealt with.",
                    rows.len()
                ));
            }
        });
}

fn row_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    r: &Reanchored,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let Some(a) = doc.annotation(&r.annotation) else {
        return;
    };
    let text = doc.text(&a.article);
    let (badge, color) = match r.outcome {
        Anchoring::Moved { .. } => ("moved", ui.visuals().hyperlink_color),
        Anchoring::NeedsReview { .. } => ("needs review", ui.visuals().warn_fg_color),
        Anchoring::Orphan | Anchoring::Exact => ("orphan", ui.visuals().error_fg_color),
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(color, badge);
        ui.weak(format!(
            "{} · saved at {}..{}",
            a.article, r.old.start, r.old.end
        ));
        if let Anchoring::NeedsReview {
            similarity,
            ref candidates,
            ..
        } = r.outcome
        {
            ui.weak(if similarity >= 1.0 {
                format!(
                    "the quote is at {} place(s); the text around them does not confirm which",
                    candidates.len()
                )
            } else {
                format!("similarity {:.0} %", similarity * 100.0)
            });
        }
    });
    // Moved rows already sit on the new place: the saved context is what the project had.
    let one_line = |s: String| s.replace(['\n', '\r'], " ");
    ui.label(one_line(format!(
        "Saved:  …{}[{}]{}…",
        r.old_prefix, r.old_quote, r.old_suffix
    )));
    if let (Some(range), Some(text)) = (r.new_range(), text) {
        let (before, after) = text.context(range.clone(), CONTEXT_CHARS);
        let found = text.slice(range).unwrap_or_default();
        ui.label(one_line(format!("Now:    …{before}[{found}]{after}…")));
    } else {
        ui.label("Now:    the quote is no longer in the text");
    }
    ui.horizontal(|ui| {
        match r.outcome {
            Anchoring::Moved { .. } => {
                if ui.button("Accept").clicked() {
                    view.accepted_moves.push(r.annotation.clone());
                }
            }
            Anchoring::NeedsReview { ref candidates, .. } => {
                // Every place the quote was found; the context could not choose.
                for (i, place) in candidates.iter().enumerate() {
                    let label = if candidates.len() == 1 {
                        "Accept match".to_owned()
                    } else {
                        format!("Put it at {}..{}", place.start, place.end)
                    };
                    let button = ui.button(label);
                    let button = match text {
                        Some(t) if candidates.len() > 1 => {
                            let (before, after) = t.context(place.clone(), 24);
                            button.on_hover_text(one_line(format!(
                                "…{before}[{}]{after}…",
                                t.slice(place.clone()).unwrap_or_default()
                            )))
                        }
                        _ => button,
                    };
                    if button.clicked() {
                        edits.push(Edit::MoveAnnotation {
                            annotation: r.annotation.clone(),
                            char_start: place.start,
                            char_end: place.end,
                        });
                    }
                    if i + 1 >= crate::anchor::MAX_LISTED {
                        break;
                    }
                }
            }
            Anchoring::Orphan | Anchoring::Exact => {}
        }
        if ui
            .button("Re-select")
            .on_hover_text(
                "Select the right text in the article's column; the highlight moves there",
            )
            .clicked()
        {
            view.reselect = Some(r.annotation.clone());
            view.set_column_visible(&a.article, true);
            view.reveal_column = Some(a.article.clone());
        }
        if ui.button("Delete highlight").clicked() {
            edits.push(Edit::DeleteAnnotation(r.annotation.clone()));
        }
    });
}
