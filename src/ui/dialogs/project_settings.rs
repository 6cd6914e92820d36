//! Project settings: the project's name and the organisation that publishes its fact-checks
//! (`ClaimReview`'s `author`). Saved with an undoable `Edit::SetProjectSettings`.

use crate::document::Edit;
use crate::model::{Project, Publisher};

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsForm {
    pub name: String,
    pub publisher_name: String,
    pub publisher_url: String,
    /// The project's identifier, shown (never changed here: links into earlier exports use it).
    pub identifier: String,
}

impl SettingsForm {
    #[must_use]
    pub fn of(project: &Project) -> Self {
        Self {
            name: project.name.clone(),
            publisher_name: project.publisher.name.clone(),
            publisher_url: project.publisher.url.clone(),
            identifier: project.iri.clone(),
        }
    }
}

/// Shows the settings window; returns true when it closes.
pub fn settings_ui(ctx: &egui::Context, form: &mut SettingsForm, edits: &mut Vec<Edit>) -> bool {
    let url = form.publisher_url.trim().to_owned();
    let url_ok = url.is_empty() || crate::validate::is_web_address(&url);
    let name_ok = !form.name.trim().is_empty();
    let mut close = false;
    egui::Modal::new(egui::Id::unique("project settings")).show(ctx, |ui| {
        ui.set_width(480.0);
        ui.heading("Project settings");
        egui::Grid::new("project settings grid")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                for (name, value, hint) in [
                    ("Project name", &mut form.name, ""),
                    (
                        "Publisher",
                        &mut form.publisher_name,
                        "the fact-checking organisation",
                    ),
                    ("Publisher web site", &mut form.publisher_url, "https://…"),
                ] {
                    let label = ui.label(name);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(320.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label("Identifier");
                ui.add(egui::Label::new(egui::RichText::new(&form.identifier).monospace()).selectable(true))
                    .labelled_by(label.id)
                    .on_hover_text(
                        "Every entity's and claim's IRI in exports is made from it, so it stays as it is: \
                         links into earlier exports keep pointing at the same things.",
                    );
                ui.end_row();
            });
        ui.weak(
            "The publisher is the author of every ClaimReview this project exports; each \
             claim's details take the address of its published fact-check.",
        );
        if !name_ok {
            ui.colored_label(ui.visuals().error_fg_color, "A project needs a name");
        }
        if !url_ok {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("“{url}” is not a web address: write it as https://…"),
            );
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(name_ok && url_ok, egui::Button::new("Save settings"))
                .clicked()
            {
                edits.push(Edit::SetProjectSettings {
                    name: form.name.clone(),
                    publisher: Publisher {
                        name: form.publisher_name.clone(),
                        url: form.publisher_url.clone(),
                    },
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    close || ctx.input(|i| i.key_pressed(egui::Key::Escape))
}
