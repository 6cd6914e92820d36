//! The tabs below the columns: matrix, review, speakers map, sources, search, and the tabs
//! that appear when there is something in them (re-anchor, problems, conflicts), plus
//! suggestions.

use crate::document::Edit;
use crate::ui::shell::state;
use crate::ui::{OpenProject, panels};

/// The bottom panel: matrix, review of disagreements, speakers map, search, re-anchoring and
/// (when there are any) load problems.
pub(crate) fn bottom_panel_ui(
    ui: &mut egui::Ui,
    open: &mut OpenProject,
    notes: &mut panels::review_panel::ReviewNotes,
    edits: &mut Vec<Edit>,
) {
    use state::BottomTab;
    let view = &mut open.view;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Matrix, "Matrix");
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Review, "Review");
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Speakers, "Speakers map");
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Sources, "Sources");
        ui.selectable_value(&mut view.bottom_tab, BottomTab::Search, "Search");
        let reanchor = panels::anchor_panel::pending(&open.doc, &open.reanchored, view).len();
        if reanchor > 0 {
            let label = format!("Re-anchor ({reanchor})");
            ui.selectable_value(&mut view.bottom_tab, BottomTab::Reanchor, label);
        }
        if !open.problems.is_empty() {
            let label = format!("Problems ({})", open.problems.len());
            ui.selectable_value(&mut view.bottom_tab, BottomTab::Problems, label);
        }
        let n = open.suggestions.list().len();
        ui.selectable_value(
            &mut view.bottom_tab,
            BottomTab::Suggestions,
            format!("Suggestions ({n})"),
        );
        let conflicts = open.doc.project().conflicts.len();
        if conflicts > 0 || view.bottom_tab == BottomTab::Conflicts {
            let label = format!("Conflicts ({conflicts})");
            ui.selectable_value(&mut view.bottom_tab, BottomTab::Conflicts, label);
        }
    });
    ui.separator();
    match view.bottom_tab {
        BottomTab::Matrix => {
            open.derived.disagreements(&open.doc);
            open.derived.matrix(&open.doc, view.matrix_axis);
            if let Some(matrix) = open.derived.cached_matrix() {
                let found = open.derived.cached_disagreements();
                panels::matrix_panel::matrix_ui(ui, &open.doc, matrix, found, view);
            }
        }
        BottomTab::Review => {
            open.derived.disagreements(&open.doc);
            let derived = &open.derived;
            let found = derived.cached_disagreements();
            let is_open = |i: usize| derived.disagreement_open(i);
            panels::review_panel::review_ui(ui, &open.doc, (found, &is_open), view, notes, edits);
        }
        BottomTab::Speakers => {
            open.derived.disagreements(&open.doc);
            open.derived.speaker_map(&open.doc);
            if let Some(map) = open.derived.cached_map() {
                let found = open.derived.cached_disagreements();
                panels::speakers_map::speakers_map_ui(
                    ui,
                    (&open.doc, &open.derived),
                    map,
                    found,
                    view,
                    &mut notes.map,
                );
            }
        }
        BottomTab::Search => panels::search_panel::search_ui(ui, &open.doc, view, edits),
        BottomTab::Sources => {
            let found = open.sources.found().cloned();
            panels::sources_panel::sources_ui(ui, open.doc.project(), found.as_deref(), view);
        }
        BottomTab::Reanchor => {
            panels::anchor_panel::anchor_panel_ui(ui, &open.doc, &open.reanchored, view, edits);
        }
        BottomTab::Problems => {
            panels::problems_panel::problems_panel_ui(ui, &open.problems, &open.path);
        }
        BottomTab::Conflicts => {
            panels::conflicts_panel::conflicts_ui(ui, &open.doc, view, edits);
        }
        BottomTab::Suggestions => {
            panels::suggestions_panel::suggestions_ui(
                ui,
                &open.doc,
                &mut open.suggestions,
                view,
                edits,
            );
        }
    }
}
