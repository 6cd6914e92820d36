//! The search tab (Ctrl+F): a query over every article, results with context grouped by
//! article, Enter or a click to jump (the column comes into view, the match flashes), and
//! "Link all matches to entity…" as one undo step.

use crate::document::{Document, Edit};
use crate::search::{self, MAX_HITS};
use crate::ui::shell::state::ViewState;
use egui::{Key, Modifiers};

pub fn search_ui(ui: &mut egui::Ui, doc: &Document, view: &mut ViewState, edits: &mut Vec<Edit>) {
    let state = &mut view.search;
    let mut jump = None;
    // Enter goes on to the next match after jumping; a click stays on the one clicked.
    let mut then_next = false;
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut state.query)
                    .hint_text("words in every article")
                    .desired_width(280.0),
            )
            .labelled_by(label.id);
        if state.focus {
            field.request_focus();
            state.focus = false;
        }
        ui.checkbox(&mut state.options.match_case, "Match case");
        ui.checkbox(&mut state.options.whole_word, "Whole word");
        // Enter (the field keeps the keyboard) goes to the current match, then the next;
        // the arrow keys choose another.
        if field.has_focus() || field.lost_focus() {
            let (enter, shift_enter, down, up) = ui.input_mut(|i| {
                (
                    i.consume_key(Modifiers::NONE, Key::Enter),
                    i.consume_key(Modifiers::SHIFT, Key::Enter),
                    i.consume_key(Modifiers::NONE, Key::ArrowDown),
                    i.consume_key(Modifiers::NONE, Key::ArrowUp),
                )
            });
            let n = state.found.hits.len();
            if n > 0 {
                if down {
                    state.current = (state.current + 1) % n;
                }
                if up || shift_enter {
                    state.current = (state.current + n - 1) % n;
                }
                // (A single-line field gives the keyboard up on Enter; it is taken back.)
                let plain_enter =
                    enter || field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                if plain_enter || shift_enter {
                    jump = Some(state.current);
                    then_next = plain_enter && !shift_enter;
                    field.request_focus();
                }
            }
        }
    });
    bring_up_to_date(doc, state);
    let found = &state.found;
    if state.query.trim().is_empty() {
        ui.weak("Type to search all articles; Enter jumps to the next match.");
        return;
    }
    let articles = found.hits.chunk_by(|a, b| a.article == b.article).count();
    ui.horizontal(|ui| {
        let more = if found.cut_off {
            format!(" (the first {MAX_HITS} shown)")
        } else {
            String::new()
        };
        ui.label(format!(
            "{} matches in {articles} articles{more}",
            found.hits.len()
        ));
        if !found.hits.is_empty() {
            ui.menu_button("Link all matches to entity…", |ui| {
                for e in &doc.project().entities {
                    if ui.button(&e.name).clicked() {
                        edits.push(search::link_all(
                            doc,
                            &found.hits,
                            &e.id,
                            &crate::now_rfc3339(),
                            "link all matches",
                        ));
                        ui.close();
                    }
                }
            });
        }
    });
    ui.separator();
    if let Some(i) = results_ui(ui, doc, &view.search) {
        jump = Some(i);
    }
    if let Some(i) = jump
        && let Some(hit) = view.search.found.hits.get(i).cloned()
    {
        let n = view.search.found.hits.len();
        view.search.current = if then_next { (i + 1) % n } else { i };
        let now = ui.input(|i| i.time);
        view.jump_to_range(&hit.article, hit.start..hit.end, now);
    }
}

/// The matches grouped by article; returns the one clicked.
fn results_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &crate::ui::shell::state::SearchState,
) -> Option<usize> {
    let current = state.current;
    let found = &state.found;
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("search results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut last_article = None;
            for (i, hit) in found.hits.iter().enumerate() {
                if last_article != Some(&hit.article) {
                    let count = found
                        .hits
                        .iter()
                        .filter(|h| h.article == hit.article)
                        .count();
                    let title = doc.project().article(&hit.article).map_or_else(
                        || hit.article.to_string(),
                        crate::model::Article::display_title,
                    );
                    ui.strong(format!("{title} ({count})"));
                    last_article = Some(&hit.article);
                }
                let covered = if hit.covered_by.is_empty() {
                    ""
                } else {
                    "  · highlighted"
                };
                let text = format!("…{}[{}]{}…{covered}", hit.before, hit.matched, hit.after)
                    .replace('\n', " ");
                if ui.selectable_label(i == current, text).clicked() {
                    jump = Some(i);
                }
            }
        });
    jump
}

/// Searches again when the query or the options changed. After an edit only the hits of the
/// articles whose highlights changed are updated (which highlights cover them); an added
/// article is searched with the rest.
fn bring_up_to_date(doc: &Document, state: &mut crate::ui::shell::state::SearchState) {
    let now = doc.transitions();
    let same = state
        .searched
        .as_ref()
        .filter(|(q, o, _)| q == &state.query && *o == state.options)
        .map(|(_, _, seen)| *seen);
    let touched = match same {
        Some(seen) if seen == now => Some(None),
        Some(seen) => doc
            .touched_since(seen)
            .filter(|t| !t.article_list)
            .map(Some),
        None => None,
    };
    match touched {
        Some(None) => {}
        Some(Some(t)) => {
            for hit in &mut state.found.hits {
                if t.articles.contains(&hit.article) {
                    hit.covered_by = search::covered_by(doc, hit);
                }
            }
            state.searched = Some((state.query.clone(), state.options, now));
        }
        None => {
            state.found = search::search_cached(doc, &state.query, state.options, &mut state.folds);
            if same.is_none() {
                state.current = 0;
            }
            state.searched = Some((state.query.clone(), state.options, now));
        }
    }
}
