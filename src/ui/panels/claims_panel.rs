//! Left panel, lower half: the claims with a count per stance side and a verdict badge;
//! filter, select, create.

use crate::model::{ClaimId, Project};
use crate::ui::shell::state::{Selected, ViewState};
use crate::ui::theme::palette;

pub fn claims_panel_ui(
    ui: &mut egui::Ui,
    project: &Project,
    counts: &crate::model::FastMap<ClaimId, (usize, usize, usize)>,
    view: &mut ViewState,
) {
    ui.horizontal(|ui| {
        ui.heading("Claims");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("+ New claim…")
                .on_hover_text("Add a claim to the project")
                .clicked()
            {
                view.selected = Some(Selected::NewClaim);
            }
        });
    });
    let label = ui.label(egui::RichText::new("Filter").small().weak());
    ui.add(
        egui::TextEdit::singleline(&mut view.claim_filter)
            .hint_text("words in the statement")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.separator();
    let filter = view.claim_filter.to_lowercase();
    let matching: Vec<&crate::model::Claim> = project
        .claims
        .iter()
        .filter(|c| filter.is_empty() || c.statement.to_lowercase().contains(&filter))
        .collect();
    if project.claims.is_empty() {
        ui.weak("No claims yet. Select text and choose “Claim…”, or add one here.");
        return;
    } else if matching.is_empty() {
        ui.weak("No claim matches the filter");
        return;
    }
    // Fixed-height rows, and only those in view are built: projects can have many claims.
    egui::ScrollArea::vertical()
        .id_salt("claims list")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, matching.len(), |ui, rows| {
            for claim in &matching[rows] {
                let width = ui.available_width();
                ui.allocate_ui_with_layout(
                    egui::vec2(width, ROW_HEIGHT),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_height(ROW_HEIGHT);
                        claim_row_ui(ui, claim, counts, view);
                    },
                );
            }
        });
}

/// Height of one claim in the list: the statement on one line, the counts below.
const ROW_HEIGHT: f32 = 46.0;

fn claim_row_ui(
    ui: &mut egui::Ui,
    claim: &crate::model::Claim,
    counts: &crate::model::FastMap<ClaimId, (usize, usize, usize)>,
    view: &mut ViewState,
) {
    let selected = view.selected == Some(Selected::Claim(claim.id.clone()));
    let (pro, con, neutral) = counts.get(&claim.id).copied().unwrap_or_default();
    let response = ui
        .add(
            egui::Button::selectable(selected, claim.statement.as_str())
                .wrap_mode(egui::TextWrapMode::Truncate)
                .min_size(egui::vec2(ui.available_width(), 0.0)),
        )
        .on_hover_text(if claim.description.is_empty() {
            claim.statement.clone()
        } else {
            format!("{}\n\n{}", claim.statement, claim.description)
        });
    if response.clicked() {
        view.selected = Some(Selected::Claim(claim.id.clone()));
    }
    ui.horizontal(|ui| {
        ui.add_space(6.0);
        palette::stance_label(ui, palette::of(ui.ctx()).asserts, format!("{pro} for"))
            .on_hover_text("asserts or supports");
        palette::stance_label(ui, palette::of(ui.ctx()).denies, format!("{con} against"))
            .on_hover_text("denies or disputes");
        if neutral > 0 {
            palette::stance_label(
                ui,
                palette::of(ui.ctx()).reports,
                format!("{neutral} reports"),
            );
        }
        palette::badge(
            ui,
            claim.verdict.label(),
            palette::of(ui.ctx()).verdict(claim.verdict),
        );
    });
}
