//! Bottom panel tab: the contradiction review. Each contradiction shows its two quotes side
//! by side with source, speaker and date, a review state (open, explained, confirmed) and a
//! note, saved in the project.

use crate::analysis::{self, Contradiction};
use crate::document::Edit;
use crate::model::{ContradictionKey, Project, Review, ReviewState};
use crate::ui::shell::state::ViewState;
use crate::ui::theme::palette;
use std::collections::HashMap;

/// Review notes being typed, by contradiction, and the list's groups and open count as last
/// worked out.
#[derive(Debug, Default)]
pub struct ReviewNotes {
    typed: HashMap<ContradictionKey, String>,
    /// The document's transition count, then the open count and each claim's run of the list.
    summary: Option<(u64, usize, Vec<std::ops::Range<usize>>)>,
}

pub fn review_ui(
    ui: &mut egui::Ui,
    doc: &crate::document::Document,
    found: &[Contradiction],
    view: &mut ViewState,
    notes: &mut ReviewNotes,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    // Counted and grouped once per change of the document, not every frame: at 100,000
    // annotations the list has tens of thousands of pairs.
    if notes
        .summary
        .as_ref()
        .is_none_or(|(seen, _, _)| *seen != doc.transitions())
    {
        let open = found
            .iter()
            .filter(|c| {
                project
                    .review(&c.key)
                    .is_none_or(|r| r.state == ReviewState::Open)
            })
            .count();
        let groups = found
            .chunk_by(|x, y| x.claim == y.claim)
            .scan(0, |start, run| {
                let range = *start..*start + run.len();
                *start = range.end;
                Some(range)
            })
            .collect();
        notes.summary = Some((doc.transitions(), open, groups));
    }
    let (open, groups) = match &notes.summary {
        Some((_, open, groups)) => (*open, groups.clone()),
        None => (0, Vec::new()),
    };
    ui.horizontal(|ui| {
        ui.label(format!("{} contradictions, {open} open", found.len()));
        ui.checkbox(&mut view.review_open_only, "Open only");
    });
    if found.is_empty() {
        ui.weak("No contradictions: no two spans take opposing stances on one claim, and none are linked as contradicting.");
        return;
    }
    let now = ui.input(|i| i.time);
    egui::ScrollArea::vertical()
        .id_salt("review")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, range) in groups.into_iter().enumerate() {
                let list = &found[range];
                let claim = &list[0].claim;
                let title = claim.as_ref().and_then(|id| project.claim(id)).map_or_else(
                    || "Linked as contradicting".to_owned(),
                    |c| c.statement.clone(),
                );
                egui::CollapsingHeader::new(format!("{title} ({})", list.len()))
                    .id_salt(("review group", i))
                    .default_open(i == 0)
                    .show(ui, |ui| {
                        for c in list {
                            let state = project
                                .review(&c.key)
                                .map_or(ReviewState::Open, |r| r.state);
                            if view.review_open_only && state != ReviewState::Open {
                                continue;
                            }
                            contradiction_ui(ui, project, view, notes, edits, c, now);
                        }
                    });
            }
        });
}

fn contradiction_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    notes: &mut ReviewNotes,
    edits: &mut Vec<Edit>,
    c: &Contradiction,
    now: f64,
) {
    let review = project.review(&c.key).cloned().unwrap_or(Review {
        key: c.key.clone(),
        state: ReviewState::Open,
        note: String::new(),
    });
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.columns(2, |cols| {
            for (col, side) in cols.iter_mut().zip([&c.a, &c.b]) {
                side_ui(col, project, view, side, now);
            }
        });
        ui.horizontal(|ui| {
            ui.weak(c.reason.describe());
            ui.separator();
            for state in ReviewState::ALL {
                if ui
                    .selectable_label(review.state == state, state.label())
                    .clicked()
                    && review.state != state
                {
                    edits.push(Edit::SetReview(Review {
                        state,
                        ..review.clone()
                    }));
                }
            }
            let buffer = notes
                .typed
                .entry(c.key.clone())
                .or_insert_with(|| review.note.clone());
            let id = ui.make_persistent_id(("review note", &c.key));
            if !ui.memory(|m| m.has_focus(id)) && *buffer != review.note {
                buffer.clone_from(&review.note);
            }
            let label = ui.label("Note");
            let response = ui
                .add(
                    egui::TextEdit::singleline(buffer)
                        .id(id)
                        .hint_text("why they differ, what was checked")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if response.changed() {
                edits.push(Edit::SetReview(Review {
                    note: buffer.clone(),
                    ..review.clone()
                }));
            }
        });
    });
}

fn side_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    side: &analysis::Side,
    now: f64,
) {
    let article = project.article(&side.article);
    let speaker = project.speaker_name(side.speaker.as_ref());
    ui.horizontal_wrapped(|ui| {
        match side.stance {
            Some(s) => ui.colored_label(palette::stance(s), s.label()),
            None => ui.weak("linked"),
        };
        ui.label(egui::RichText::new(speaker).strong());
    });
    let source = article.map_or_else(
        || side.article.to_string(),
        crate::model::Article::source_line,
    );
    ui.weak(source);
    if ui
        .link(format!("“{}”", side.quote))
        .on_hover_text("Show in its column")
        .clicked()
    {
        view.jump_to(&side.annotation, &side.article, now);
    }
}
