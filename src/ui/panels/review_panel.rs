//! Bottom panel tab: the review of disagreements. Each card is one claim with the two
//! speakers on opposite sides of it ("FBI/CISA/ODNI asserts — 6 quotes in 3 articles" against
//! "Iran UN mission denies — 7 quotes in 4 articles"), its quotes side by side, the quote pairs
//! underneath as evidence, and one review (open, explained, confirmed) with a note for the
//! whole disagreement, saved in the project.

use crate::analysis::{Disagreement, Kind, Party};
use crate::document::{Document, Edit};
use crate::model::{DisagreementKey, Project, Review, ReviewState};
use crate::ui::shell::state::{ReviewFilter, ViewState};
use crate::ui::theme::palette;
use std::collections::HashMap;
use std::sync::Arc;

/// Cards shown at first, and added by "Show more": a project of 100,000 highlights has
/// thousands of disagreements, and a checker works from the top of the list.
const PAGE: usize = 60;

/// The document's transition count and the filter a list was made for, the indexes of the
/// disagreements it shows, how many are open, and how many pairs.
type Summary = (u64, ReviewFilter, Arc<[usize]>, usize, usize);

/// Review notes being typed, by disagreement, and the filtered list as last worked out.
#[derive(Debug, Default)]
pub struct ReviewNotes {
    typed: HashMap<DisagreementKey, String>,
    /// The document's transition count and the filter the list was made for, then the
    /// indexes of the disagreements it shows, how many are open, and how many pairs.
    summary: Option<Summary>,
    /// How many cards to show.
    limit: usize,
    /// The speakers map as last drawn.
    pub map: crate::ui::panels::speakers_map::MapCache,
    /// A review was changed here: keep the cards where they are on the next rebuild.
    keep_order: bool,
    /// The disagreements shown, in the order shown.
    shown_keys: Vec<DisagreementKey>,
}

pub fn review_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    (found, is_open): (&[Arc<Disagreement>], &dyn Fn(usize) -> bool),
    view: &mut ViewState,
    notes: &mut ReviewNotes,
    edits: &mut Vec<Edit>,
) {
    let project = doc.project();
    // Filtered and counted once per change of the document or the filters, not every frame.
    let fresh = notes
        .summary
        .as_ref()
        .is_some_and(|(seen, filter, ..)| *seen == doc.transitions() && *filter == view.review);
    if !fresh {
        let mut shown: Vec<usize> = found
            .iter()
            .enumerate()
            .filter(|(i, d)| view.review.admits(d) && (!view.review.open_only || is_open(*i)))
            .map(|(i, _)| i)
            .collect();
        // A card reviewed here stays where it was (and in the list, "open only" or not) until
        // the filters change or the document changes otherwise: the checker who just marked
        // it is still typing its note.
        let same_filter = notes
            .summary
            .as_ref()
            .is_some_and(|(_, filter, ..)| *filter == view.review);
        if std::mem::take(&mut notes.keep_order) && same_filter {
            let at: HashMap<&DisagreementKey, usize> =
                found.iter().enumerate().map(|(i, d)| (&d.key, i)).collect();
            let mut kept: Vec<usize> = notes
                .shown_keys
                .iter()
                .filter_map(|k| at.get(k).copied())
                .collect();
            let known: std::collections::HashSet<usize> = kept.iter().copied().collect();
            kept.extend(shown.iter().filter(|i| !known.contains(i)));
            shown = kept;
        }
        let open_count = (0..found.len()).filter(|&i| is_open(i)).count();
        let pairs = found.iter().map(|d| d.pairs.len()).sum();
        notes.summary = Some((
            doc.transitions(),
            view.review.clone(),
            shown.into(),
            open_count,
            pairs,
        ));
    }
    if notes.limit == 0 {
        notes.limit = PAGE;
    }
    let Some((_, _, shown, open, pairs)) = &notes.summary else {
        return;
    };
    let (open, pairs) = (*open, *pairs);
    // Shared, not copied: at 100,000 annotations the list has tens of thousands of entries.
    let shown = Arc::clone(shown);
    filters_ui(ui, project, found, view, (open, pairs, shown.len()));
    if found.is_empty() {
        ui.weak("No disagreements: no two speakers take opposite sides of a claim, and no spans are linked as contradicting.");
        return;
    }
    if shown.is_empty() {
        ui.weak("No disagreement matches the filters.");
        return;
    }
    let now = ui.input(|i| i.time);
    let selected = view.review.selected.clone();
    let limit = match &selected {
        // A disagreement picked elsewhere is always among the cards shown.
        Some(key) => notes.limit.max(
            shown
                .iter()
                .position(|&i| &found[i].key == key)
                .map_or(0, |p| p + 1),
        ),
        None => notes.limit,
    };
    egui::ScrollArea::vertical()
        .id_salt("review")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // The cards drawn, the ones a review made here keeps in place.
            let mut drawn = Vec::with_capacity(limit.min(shown.len()));
            for &i in shown.iter().take(limit) {
                let d = &found[i];
                let response = card_ui(ui, project, d, view, notes, edits, now);
                if selected.as_ref() == Some(&d.key) && view.review_scroll {
                    response.scroll_to_me(Some(egui::Align::TOP));
                }
                drawn.push(d.key.clone());
            }
            // Asked once: a selected card filtered out does not scroll the list later.
            view.review_scroll = false;
            notes.shown_keys = drawn;
            if shown.len() > limit {
                let more = (shown.len() - limit).min(PAGE);
                if ui
                    .button(format!("Show {more} more of {}", shown.len() - limit))
                    .clicked()
                {
                    notes.limit = limit + PAGE;
                }
            }
        });
}

/// Counts, "Open only", and the claim and speaker filters.
fn filters_ui(
    ui: &mut egui::Ui,
    project: &Project,
    found: &[Arc<Disagreement>],
    view: &mut ViewState,
    (open, pairs, shown): (usize, usize, usize),
) {
    ui.horizontal_wrapped(|ui| {
        let n = found.len();
        ui.label(format!(
            "{n} disagreement{}, {open} open · {pairs} quote pair{}",
            if n == 1 { "" } else { "s" },
            if pairs == 1 { "" } else { "s" }
        ));
        if shown != n {
            ui.weak(format!("({shown} shown)"));
        }
        ui.separator();
        ui.checkbox(&mut view.review.open_only, "Open only");
        let claim_text = view
            .review
            .claim
            .as_ref()
            .and_then(|c| project.claim(c))
            .map_or_else(|| "any".to_owned(), |c| short(&c.statement, 40));
        let label = ui.label("Claim");
        egui::ComboBox::from_id_salt("review claim filter")
            .selected_text(claim_text)
            .width(220.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.review.claim, None, "any");
                // Worked out only while the list is open.
                let used: std::collections::HashSet<&crate::model::ClaimId> =
                    found.iter().filter_map(|d| d.claim.as_ref()).collect();
                for c in &project.claims {
                    if used.contains(&c.id) {
                        ui.selectable_value(
                            &mut view.review.claim,
                            Some(c.id.clone()),
                            short(&c.statement, 80),
                        );
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let label = ui.label("Speaker");
        let speaker_text = view
            .review
            .speaker
            .as_ref()
            .map_or_else(|| "any".to_owned(), |s| project.speaker_name(Some(s)));
        egui::ComboBox::from_id_salt("review speaker filter")
            .selected_text(speaker_text)
            .width(160.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.review.speaker, None, "any");
                let used: std::collections::HashSet<&crate::model::EntityId> = found
                    .iter()
                    .flat_map(|d| [&d.pro.speaker, &d.con.speaker])
                    .flatten()
                    .collect();
                for e in &project.entities {
                    if used.contains(&e.id) {
                        ui.selectable_value(&mut view.review.speaker, Some(e.id.clone()), &e.name);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some((what, _)) = &view.review.only {
            ui.label(format!("Only {what}"));
        }
        if let Some((x, y)) = &view.review.between {
            ui.label(format!(
                "Between {} and {}",
                project.speaker_name(Some(x)),
                project.speaker_name(Some(y))
            ));
        }
        if view.review.narrows() && ui.button("Clear filters").clicked() {
            view.review.claim = None;
            view.review.speaker = None;
            view.review.between = None;
            view.review.only = None;
            view.review.selected = None;
        }
    });
    ui.separator();
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// One disagreement: title, both sides, quotes, evidence, review.
fn card_ui(
    ui: &mut egui::Ui,
    project: &Project,
    d: &Disagreement,
    view: &mut ViewState,
    notes: &mut ReviewNotes,
    edits: &mut Vec<Edit>,
    now: f64,
) -> egui::Response {
    let review = project.review(&d.key).cloned().unwrap_or(Review {
        created_by: None,
        modified: None,
        modified_by: None,
        key: d.key.clone(),
        state: ReviewState::Open,
        note: String::new(),
    });
    let selected = view.review.selected.as_ref() == Some(&d.key);
    let mut frame = egui::Frame::group(ui.style());
    if selected {
        frame = frame.stroke(egui::Stroke::new(2.0, ui.visuals().selection.stroke.color));
    }
    frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            title_ui(ui, project, d, &review);
            ui.columns(2, |cols| {
                for (col, (party, is_pro)) in cols.iter_mut().zip([(&d.pro, true), (&d.con, false)])
                {
                    party_ui(col, project, d, (party, is_pro), view, now);
                }
            });
            egui::CollapsingHeader::new(format!(
                "Evidence: {} contradicting quote pair{}",
                d.pairs.len(),
                if d.pairs.len() == 1 { "" } else { "s" }
            ))
            .id_salt(("pairs", &d.key))
            .show(ui, |ui| pairs_ui(ui, project, d, view, now));
            let before = edits.len();
            review_row_ui(ui, &d.key, &review, notes, edits);
            notes.keep_order |= edits.len() > before;
        })
        .response
}

fn title_ui(ui: &mut egui::Ui, project: &Project, d: &Disagreement, review: &Review) {
    ui.horizontal_wrapped(|ui| {
        let state_color = match review.state {
            ReviewState::Open => ui.visuals().warn_fg_color,
            ReviewState::Explained => palette::of(ui.ctx()).reports,
            ReviewState::Confirmed => ui.visuals().hyperlink_color,
        };
        palette::badge(ui, review.state.label(), state_color);
        match d.claim.as_ref().and_then(|c| project.claim(c)) {
            Some(claim) => {
                ui.label(egui::RichText::new(&claim.statement).strong());
                palette::badge(
                    ui,
                    claim.verdict.label(),
                    palette::of(ui.ctx()).verdict(claim.verdict),
                );
            }
            None => {
                ui.label(egui::RichText::new("Linked as contradicting").strong());
            }
        }
        match d.kind {
            Kind::SelfContradiction => {
                palette::badge(
                    ui,
                    &format!(
                        "self-contradiction: {} on both sides",
                        project.speaker_name(d.pro.speaker.as_ref())
                    ),
                    palette::of(ui.ctx()).mixed,
                );
            }
            Kind::Linked => {
                palette::badge(ui, "no shared claim", palette::of(ui.ctx()).reports);
            }
            Kind::Opposing => {}
        }
        ui.weak(format!(
            "{} article{}",
            d.articles,
            if d.articles == 1 { "" } else { "s" }
        ));
    });
}

/// One side: "FBI/CISA/ODNI asserts — 6 quotes in 3 articles", then its quotes (folded).
fn party_ui(
    ui: &mut egui::Ui,
    project: &Project,
    d: &Disagreement,
    (party, is_pro): (&Party, bool),
    view: &mut ViewState,
    now: f64,
) {
    let stances = party.stances();
    let color = stances.first().map_or(palette::of(ui.ctx()).reports, |s| {
        palette::of(ui.ctx()).stance(*s)
    });
    let speaker = project.speaker_name(party.speaker.as_ref());
    let sources = crate::analysis::provenance::sources_note(
        &view.families,
        party.quotes.iter().map(|q| &q.article),
        party
            .quotes
            .iter()
            .filter_map(|q| project.annotation(&q.annotation).map(|a| a.quote.as_str())),
    );
    let mut header = format!("{speaker} {} — {}", party.stance_label(), party.extent());
    if !sources.is_empty() {
        header = format!("{header} — {sources}");
    }
    egui::CollapsingHeader::new(egui::RichText::new(header).color(color))
        .id_salt(("side", &d.key, is_pro))
        .default_open(view.review.selected.as_ref() == Some(&d.key))
        .show(ui, |ui| {
            for q in &party.quotes {
                let Some(a) = project.annotation(&q.annotation) else {
                    continue;
                };
                let source = project
                    .article(&q.article)
                    .map_or_else(|| q.article.to_string(), crate::model::Article::source_line);
                ui.weak(format!(
                    "{} · {} · characters {}–{}",
                    q.article,
                    crate::validate::ellipsize(&source),
                    a.char_start,
                    a.char_end
                ));
                if ui
                    .link(format!("“{}”", a.quote))
                    .on_hover_text("Show in its column, with its curves")
                    .clicked()
                {
                    view.jump_to(&a.id, &a.article, now);
                }
            }
        });
}

/// The pairs the disagreement gathers, one line each.
fn pairs_ui(
    ui: &mut egui::Ui,
    project: &Project,
    d: &Disagreement,
    view: &mut ViewState,
    now: f64,
) {
    for c in &d.pairs {
        ui.horizontal_wrapped(|ui| {
            for (n, side) in [&c.a, &c.b].into_iter().enumerate() {
                if n == 1 {
                    ui.weak("vs");
                }
                let label = format!(
                    "{} “{}”",
                    side.article,
                    crate::validate::ellipsize(&side.quote)
                );
                if ui
                    .link(label)
                    .on_hover_text(project.speaker_name(side.speaker.as_ref()))
                    .clicked()
                {
                    view.jump_to(&side.annotation, &side.article, now);
                }
            }
            ui.weak(format!("· {}", c.reason.describe()));
        });
    }
}

fn review_row_ui(
    ui: &mut egui::Ui,
    key: &DisagreementKey,
    review: &Review,
    notes: &mut ReviewNotes,
    edits: &mut Vec<Edit>,
) {
    ui.horizontal(|ui| {
        ui.label("Review");
        if let Some(by) = super::by_line(
            review.created_by.as_deref(),
            review.modified_by.as_deref(),
            review.modified.as_deref(),
        ) {
            ui.weak(by);
        }
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
            .entry(key.clone())
            .or_insert_with(|| review.note.clone());
        let id = ui.make_persistent_id(("review note", key));
        if !ui.memory(|m| m.has_focus(id)) && *buffer != review.note {
            buffer.clone_from(&review.note);
        }
        let label = ui.label("Note");
        let response = ui
            .add(
                egui::TextEdit::multiline(buffer)
                    .id(id)
                    .desired_rows(1)
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
}
