//! Bottom panel tab: the contradiction matrix, claims × speakers (or × articles). Each cell
//! is colored by the stances in it and shows its count; clicking a cell selects its
//! disagreements (each opens in the Review tab) and lists its quotes, and clicking a quote
//! jumps to the span in its column.

use crate::analysis::{self, Axis, Column, Disagreement};
use crate::model::Project;
use crate::ui::shell::state::{ReviewFilter, ViewState};
use crate::ui::theme::palette;
use std::sync::Arc;

const CELL: egui::Vec2 = egui::vec2(46.0, 22.0);
const ROW_HEADER_WIDTH: f32 = 260.0;

fn column_name(project: &Project, c: &Column) -> String {
    match c {
        Column::Speaker(speaker) => project.speaker_name(speaker.as_ref()),
        Column::Article(id) => id.to_string(),
    }
}

pub fn matrix_ui(
    ui: &mut egui::Ui,
    doc: &crate::document::Document,
    m: &analysis::Matrix,
    found: &[Arc<Disagreement>],
    view: &mut ViewState,
) {
    let project = doc.project();
    if project.claims.is_empty() {
        ui.weak("No claims yet. Link spans to claims to see who asserts and who denies what.");
        return;
    }
    ui.horizontal(|ui| {
        ui.label("Columns");
        ui.selectable_value(&mut view.matrix_axis, Axis::Speakers, "Speakers");
        ui.selectable_value(&mut view.matrix_axis, Axis::Articles, "Articles");
        ui.separator();
        let stances = palette::of(ui.ctx());
        for (name, tone) in [
            ("asserts", analysis::Tone::Asserts),
            ("denies", analysis::Tone::Denies),
            ("mixed", analysis::Tone::Mixed),
            ("reports", analysis::Tone::Reports),
        ] {
            let (r, _) = ui.allocate_exact_size(egui::vec2(16.0, 14.0), egui::Sense::hover());
            let fill = stances.tone(tone);
            ui.painter().rect_filled(r, 2.0, fill);
            ui.painter().text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                palette::tone_sign(tone),
                egui::TextStyle::Small.resolve(ui.style()),
                on_fill(fill),
            );
            ui.label(name);
        }
        ui.separator();
        curve_legend_ui(ui, &stances);
    });
    let now = ui.input(|i| i.time);
    ui.columns(2, |cols| {
        // Only the rows in view are built: a project can have hundreds of claims.
        egui::ScrollArea::both()
            .id_salt("matrix")
            .auto_shrink([false, false])
            .show_rows(&mut cols[0], CELL.y, m.rows.len() + 1, |ui, rows| {
                ui.spacing_mut().item_spacing = egui::vec2(2.0, 2.0);
                for r in rows {
                    ui.horizontal(|ui| {
                        if r == 0 {
                            header_row_ui(ui, project, m);
                        } else {
                            claim_row_ui(ui, project, m, r - 1, view);
                        }
                    });
                }
            });
        cell_quotes_ui(&mut cols[1], doc, view, m, found, now);
    });
}

fn header_row_ui(ui: &mut egui::Ui, project: &Project, m: &analysis::Matrix) {
    ui.add_space(ROW_HEADER_WIDTH + 2.0);
    for c in &m.columns {
        let name = column_name(project, c);
        // Cut names say so, and the whole name is one hover away (and read out in full).
        let short: String = if name.chars().count() > 7 {
            name.chars().take(6).chain(['…']).collect()
        } else {
            name.clone()
        };
        let header = ui.add_sized(CELL, egui::Label::new(egui::RichText::new(short).small()));
        header.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
        header.on_hover_text(name);
    }
}

fn claim_row_ui(
    ui: &mut egui::Ui,
    project: &Project,
    m: &analysis::Matrix,
    r: usize,
    view: &mut ViewState,
) {
    let claim_id = &m.rows[r];
    let statement = project.claim(claim_id).map_or("", |c| c.statement.as_str());
    ui.add_sized(
        egui::vec2(ROW_HEADER_WIDTH, CELL.y),
        egui::Label::new(statement).truncate(),
    )
    .on_hover_text(statement);
    for (c, column) in m.columns.iter().enumerate() {
        let cell = &m.cells[r][c];
        let label = || {
            format!(
                "{statement} × {}: {} for, {} against, {} reports",
                column_name(project, column),
                cell.for_count,
                cell.against_count,
                cell.neutral_count
            )
        };
        if cell_ui(ui, cell, label).clicked() {
            view.matrix_cell = Some((claim_id.clone(), column.clone()));
        }
    }
}

/// One cell; `label` is built only when something asks for it (a screen reader, a tooltip).
fn cell_ui(ui: &mut egui::Ui, cell: &analysis::Cell, label: impl Fn() -> String) -> egui::Response {
    let sense = if cell.total() > 0 {
        egui::Sense::click()
    } else {
        egui::Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(CELL, sense);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label()));
    let color = palette::of(ui.ctx()).tone(cell.tone());
    let fill = if cell.total() == 0 {
        ui.visuals().faint_bg_color
    } else {
        color
    };
    ui.painter().rect_filled(rect, 3.0, fill);
    if response.hovered() && cell.total() > 0 {
        ui.painter().rect_stroke(
            rect,
            3.0,
            egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
            egui::StrokeKind::Inside,
        );
    }
    if cell.total() > 0 {
        // The sign says the stance without colour: +3 asserts, −7 denies, ±2 mixed.
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            format!("{}{}", palette::tone_sign(cell.tone()), cell.total()),
            egui::TextStyle::Button.resolve(ui.style()),
            on_fill(fill),
        );
    }
    response.on_hover_ui(|ui| {
        ui.label(label());
    })
}

/// The disagreements a cell takes part in: the cell's speaker on either side of its claim
/// (or, by article, a quote of the article on either side). Each opens in the Review tab.
fn cell_disagreements_ui(
    ui: &mut egui::Ui,
    project: &Project,
    view: &mut ViewState,
    claim: &crate::model::ClaimId,
    column: &Column,
    found: &[Arc<Disagreement>],
) {
    let in_cell = |d: &&Arc<Disagreement>| {
        d.claim.as_ref() == Some(claim)
            && match column {
                Column::Speaker(s) => d.pro.speaker == *s || d.con.speaker == *s,
                Column::Article(a) => d.cites(a),
            }
    };
    let mine: Vec<&Arc<Disagreement>> = found.iter().filter(in_cell).collect();
    if mine.is_empty() {
        ui.weak("No disagreement: nobody takes the opposite side here.");
        ui.separator();
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} disagreement{}",
            mine.len(),
            if mine.len() == 1 { "" } else { "s" }
        ));
        if ui.button("Review them").clicked() {
            let what = format!(
                "the {} of {}",
                if mine.len() == 1 {
                    "disagreement".to_owned()
                } else {
                    format!("{} disagreements", mine.len())
                },
                column_name(project, column)
            );
            view.review_disagreement(ReviewFilter {
                claim: Some(claim.clone()),
                only: Some((what, mine.iter().map(|d| d.key.clone()).collect())),
                ..ReviewFilter::default()
            });
        }
    });
    // "(6, 2 independent sources)": how many families each side's quotes come from.
    let families = std::sync::Arc::clone(&view.families);
    let count = |p: &analysis::Party| {
        let sources = analysis::provenance::sources_note(
            &families,
            p.quotes.iter().map(|q| &q.article),
            p.quotes
                .iter()
                .filter_map(|q| project.annotation(&q.annotation).map(|a| a.quote.as_str())),
        );
        if sources.is_empty() {
            p.quotes.len().to_string()
        } else {
            format!("{}, {sources}", p.quotes.len())
        }
    };
    for d in mine {
        let state = analysis::review_state(project, &d.key);
        let text = format!(
            "{} {} ({}) vs {} {} ({}) · {}",
            project.speaker_name(d.pro.speaker.as_ref()),
            d.pro.stance_label(),
            count(&d.pro),
            project.speaker_name(d.con.speaker.as_ref()),
            d.con.stance_label(),
            count(&d.con),
            state.label()
        );
        if ui
            .link(text)
            .on_hover_text("Open in the Review tab")
            .clicked()
        {
            view.review_disagreement(ReviewFilter {
                claim: Some(claim.clone()),
                selected: Some(d.key.clone()),
                ..ReviewFilter::default()
            });
        }
    }
    ui.separator();
}

fn cell_quotes_ui(
    ui: &mut egui::Ui,
    doc: &crate::document::Document,
    view: &mut ViewState,
    m: &analysis::Matrix,
    found: &[Arc<Disagreement>],
    now: f64,
) {
    let project = doc.project();
    let Some((claim, column)) = view.matrix_cell.clone() else {
        ui.weak("Click a cell to list its quotes");
        return;
    };
    let (Some(r), Some(c)) = (
        m.rows.iter().position(|x| x == &claim),
        m.columns.iter().position(|x| x == &column),
    ) else {
        ui.weak("Click a cell to list its quotes");
        return;
    };
    let statement = project.claim(&claim).map_or("", |c| c.statement.as_str());
    ui.label(
        egui::RichText::new(format!("{statement} — {}", column_name(project, &column))).strong(),
    );
    egui::ScrollArea::vertical()
        .id_salt("cell quotes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            cell_disagreements_ui(ui, project, view, &claim, &column, found);
            for id in &m.cells[r][c].annotations {
                let Some(a) = doc.annotation(id) else {
                    continue;
                };
                for link in a.claims.iter().filter(|l| l.claim == claim) {
                    let speaker = project.speaker_name(link.speaker.as_ref());
                    if view.matrix_axis == Axis::Speakers
                        && column != Column::Speaker(link.speaker.clone())
                    {
                        continue;
                    }
                    ui.horizontal_wrapped(|ui| {
                        palette::stance_label(
                            ui,
                            palette::of(ui.ctx()).stance(link.stance),
                            link.stance.label(),
                        );
                        ui.weak(format!("{speaker} · {}", a.article));
                        if ui.link(format!("“{}”", a.quote)).clicked() {
                            view.jump_to(&a.id, &a.article, now);
                        }
                    });
                }
            }
        });
}

/// Black or white, whichever reads better on `fill` (at least 4.5:1 on every stance colour).
fn on_fill(fill: egui::Color32) -> egui::Color32 {
    use crate::ui::theme::vision::contrast;
    let c = [fill.r(), fill.g(), fill.b()];
    if contrast(c, [0, 0, 0]) >= contrast(c, [255, 255, 255]) {
        egui::Color32::BLACK
    } else {
        egui::Color32::WHITE
    }
}

/// How the curves over the columns tell corroborating spans from contradicting ones.
fn curve_legend_ui(ui: &mut egui::Ui, stances: &palette::Stances) {
    for (name, color, dashed) in [
        ("corroborate", stances.asserts, false),
        ("contradict", stances.denies, true),
    ] {
        let (r, _) = ui.allocate_exact_size(egui::vec2(28.0, 14.0), egui::Sense::hover());
        let (a, b) = (r.left_center(), r.right_center());
        let stroke = egui::Stroke::new(2.0, color);
        if dashed {
            ui.painter()
                .extend(egui::Shape::dashed_line(&[a, b], stroke, 6.0, 3.0));
        } else {
            ui.painter().line_segment([a, b], stroke);
        }
        ui.label(name);
    }
}
