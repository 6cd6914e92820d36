//! The Suggestions tab: who says what, found by `attribution`, to accept in one keystroke.
//! `]` / `[` next and previous (its column scrolls there), Enter accepts (speaker and content
//! highlighted, the claim linked with the stance and speaker: one undoable step), Backspace
//! dismisses (remembered in the project), `e` edits the entity, claim and stance first.

use crate::attribution::{self, Choice, Suggestion};
use crate::document::{Document, Edit};
use crate::model::{ClaimId, EntityId, Project, Stance};
use crate::ui::shell::state::ViewState;
use crate::ui::shell::suggestions::Suggestions;
use egui::Key;

/// The edit accepting `chosen` as one step.
fn accept(doc: &Document, chosen: &[(&Suggestion, Choice)]) -> Option<Edit> {
    let edits = attribution::accept_edits(doc.project(), chosen, &crate::now_rfc3339());
    (!edits.is_empty()).then_some(Edit::Batch {
        label: if chosen.len() == 1 {
            "accept suggestion"
        } else {
            "accept suggestions"
        },
        edits,
    })
}

fn speaker_label(p: &Project, s: &Suggestion, entity: Option<&EntityId>) -> String {
    entity.map_or_else(
        || {
            format!(
                "new entity \u{201c}{}\u{201d}",
                attribution::entity_name(&s.speaker.text)
            )
        },
        |e| p.speaker_name(Some(e)),
    )
}

fn claim_label(p: &Project, claim: Option<&ClaimId>) -> String {
    claim
        .and_then(|c| p.claim(c))
        .map_or_else(|| "new claim from this".to_owned(), |c| c.statement.clone())
}

/// Shows the selected suggestion in its column.
fn reveal(ui: &egui::Ui, s: &Suggestion, view: &mut ViewState) {
    let now = ui.input(|i| i.time);
    view.jump_to_range(&s.article, s.content.range(), now);
}

#[allow(clippy::too_many_lines)] // the list, its keys and the editor of one tab
pub fn suggestions_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    state: &mut Suggestions,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let p = doc.project();
    // Room for the list and its editor, however small the other tabs left the panel.
    ui.set_min_height(240.0);
    let list = std::sync::Arc::clone(state.list());
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} suggestion(s){}",
            list.len(),
            if state.working() {
                " · finding…"
            } else {
                ""
            }
        ));
        ui.weak("] / [ next / previous · Enter accept · Backspace dismiss · e edit");
        ui.checkbox(&mut view.suggestion.show, "Show in columns");
    });
    if list.is_empty() {
        ui.label(if state.working() {
            "Reading the articles for who says what…"
        } else {
            "No suggestions: every attribution found is highlighted or dismissed."
        });
        return;
    }
    state.selected = state.selected.min(list.len() - 1);
    // Keys act when no text field has the keyboard, and only on a list that is up to date
    // (an accepted suggestion stays listed until the worker has seen the edit).
    let current = state.is_current(doc);
    let typing = ui.memory(|m| m.focused().is_some());
    if !typing && state.editing.is_none() && current {
        let (next, previous, enter, dismiss, edit) = ui.input(|i| {
            (
                i.key_pressed(Key::CloseBracket),
                i.key_pressed(Key::OpenBracket),
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Backspace),
                i.key_pressed(Key::E),
            )
        });
        if next || previous {
            state.selected = if next {
                (state.selected + 1).min(list.len() - 1)
            } else {
                state.selected.saturating_sub(1)
            };
            view.suggestion.scroll = true;
            reveal(ui, &list[state.selected], view);
        }
        let s = &list[state.selected];
        if enter && let Some(e) = accept(doc, &[(s, Choice::of(s))]) {
            edits.push(e);
        }
        if dismiss {
            edits.push(Edit::Dismiss(s.dismissal()));
        }
        if edit {
            state.editing = Some(Choice::of(s));
        }
    }
    let selected = &list[state.selected];
    ui.add_enabled_ui(current, |ui| {
        ui.horizontal_wrapped(|ui| {
            if let Some(e) = &selected.entity {
                let same: Vec<(&Suggestion, Choice)> = list
                    .iter()
                    .filter(|s| s.entity.as_ref() == Some(e))
                    .map(|s| (s, Choice::of(s)))
                    .collect();
                let label = format!("Accept all {} from {}", same.len(), p.speaker_name(Some(e)));
                if ui.button(label).clicked()
                    && let Some(edit) = accept(doc, &same)
                {
                    edits.push(edit);
                }
            }
            if let Some(c) = &selected.claim {
                let same: Vec<(&Suggestion, Choice)> = list
                    .iter()
                    .filter(|s| s.claim.as_ref() == Some(c))
                    .map(|s| (s, Choice::of(s)))
                    .collect();
                let label = format!("Accept all {} on this claim", same.len());
                if ui.button(label).clicked()
                    && let Some(edit) = accept(doc, &same)
                {
                    edits.push(edit);
                }
            }
        })
    });
    if let Some(choice) = &mut state.editing {
        let mut done = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.strong(format!(
                "Edit before accepting: \u{201c}{}\u{201d}",
                selected.content.text
            ));
            ui.horizontal(|ui| {
                let label = ui.label("Speaker");
                egui::ComboBox::from_id_salt("suggestion entity")
                    .selected_text(speaker_label(p, selected, choice.entity.as_ref()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(
                            &mut choice.entity,
                            None,
                            speaker_label(p, selected, None),
                        );
                        for e in &p.entities {
                            ui.selectable_value(&mut choice.entity, Some(e.id.clone()), &e.name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let label = ui.label("Stance");
                egui::ComboBox::from_id_salt("suggestion stance")
                    .selected_text(choice.stance.label())
                    .show_ui(ui, |ui| {
                        for s in Stance::ALL {
                            ui.selectable_value(&mut choice.stance, s, s.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label("Claim");
                egui::ComboBox::from_id_salt("suggestion claim")
                    .width(ui.available_width() - 20.0)
                    .selected_text(claim_label(p, choice.claim.as_ref()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut choice.claim, None, claim_label(p, None));
                        for c in &p.claims {
                            ui.selectable_value(
                                &mut choice.claim,
                                Some(c.id.clone()),
                                &c.statement,
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                if ui.button("Accept").clicked() {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    done = Some(false);
                }
            });
        });
        match done {
            Some(true) => {
                if let Some(e) = accept(doc, &[(selected, choice.clone())]) {
                    edits.push(e);
                }
                state.editing = None;
            }
            Some(false) => state.editing = None,
            None => {}
        }
    }
    ui.separator();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut view.suggestion.scroll) {
        scroll = scroll.vertical_scroll_offset((state.selected as f32 - 1.0).max(0.0) * row_height);
    }
    scroll.show_rows(ui, row_height, list.len(), |ui, rows| {
        for i in rows {
            let s = &list[i];
            let on = i == state.selected;
            let frame = egui::Frame::new().inner_margin(2.0).fill(if on {
                ui.visuals().selection.bg_fill.gamma_multiply(0.35)
            } else {
                egui::Color32::TRANSPARENT
            });
            let response = frame
                .show(ui, |ui| {
                    ui.set_min_height(row_height - 6.0);
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.weak(s.article.as_str());
                        ui.strong(speaker_label(p, s, s.entity.as_ref()));
                        ui.label(s.stance.label());
                        ui.add(
                            egui::Label::new(format!("\u{201c}{}\u{201d}", s.content.text))
                                .truncate(),
                        );
                    });
                    ui.horizontal(|ui| {
                        ui.weak(format!("claim: {}", claim_label(p, s.claim.as_ref())));
                        ui.add(egui::Label::new(egui::RichText::new(&s.why).weak()).truncate());
                    });
                })
                .response
                .interact(egui::Sense::click());
            if response.clicked() {
                state.selected = i;
                reveal(ui, s, view);
            }
        }
    });
}
