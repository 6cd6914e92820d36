//! The command palette (Ctrl+K) and the shortcuts overview (F1), both read from the command
//! table.

use crate::ui::shell::commands::{self, Command, Menu};
use crate::ui::shell::state::Action;
use egui::Key;

/// An open palette: what was typed and which match is chosen.
#[derive(Debug, Default)]
pub struct Palette {
    pub query: String,
    pub chosen: usize,
    focused: bool,
}

/// Shows the palette. Returns the action to run when the user picks one, and whether the
/// palette should close.
pub fn palette_ui(
    ctx: &egui::Context,
    palette: &mut Palette,
    commands: &[Command],
    has_project: bool,
) -> (Option<Action>, bool) {
    let usable: Vec<Command> = commands
        .iter()
        .filter(|c| {
            (has_project || !c.needs_project) && !matches!(c.action, Action::CommandPalette)
        })
        .cloned()
        .collect();
    let found = commands::matching(&usable, &palette.query);
    if palette.chosen >= found.len() {
        palette.chosen = found.len().saturating_sub(1);
    }
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, Key::Enter),
            i.consume_key(egui::Modifiers::NONE, Key::Escape),
        )
    });
    if down && palette.chosen + 1 < found.len() {
        palette.chosen += 1;
    }
    if up {
        palette.chosen = palette.chosen.saturating_sub(1);
    }
    let mut run = None;
    if enter && let Some(&i) = found.get(palette.chosen) {
        run = Some(usable[i].action.clone());
    }
    let modal = egui::Modal::new(egui::Id::unique("command palette")).show(ctx, |ui| {
        ui.set_width(460.0);
        let edit = egui::TextEdit::singleline(&mut palette.query)
            .hint_text("Type a command…")
            .desired_width(f32::INFINITY);
        let label = ui.weak("Command");
        let response = ui.add(edit).labelled_by(label.id);
        if !palette.focused {
            response.request_focus();
            palette.focused = true;
        }
        if response.changed() {
            palette.chosen = 0;
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                if found.is_empty() {
                    ui.weak("No command matches");
                }
                for (row, &i) in found.iter().enumerate() {
                    let command = &usable[i];
                    ui.horizontal(|ui| {
                        let item = ui.selectable_label(row == palette.chosen, command.name);
                        if row == palette.chosen {
                            item.scroll_to_me(None);
                        }
                        if item.clicked() {
                            run = Some(command.action.clone());
                        }
                        if let Some(s) = &command.shortcut {
                            ui.weak(ctx.format_shortcut(s));
                        }
                    });
                }
            });
    });
    let close = run.is_some() || escape || modal.should_close();
    (run, close)
}

/// The shortcuts overview. Returns true when it should close.
pub fn shortcuts_ui(ctx: &egui::Context, commands: &[Command]) -> bool {
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("keyboard shortcuts")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.horizontal(|ui| {
            ui.heading("Keyboard shortcuts");
            if ui.button("Close").clicked() {
                close = true;
            }
        });
        egui::ScrollArea::vertical()
            .max_height(520.0)
            .show(ui, |ui| {
                egui::Grid::new("shortcuts grid")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for menu in Menu::ALL {
                            ui.strong(menu.label());
                            ui.end_row();
                            for c in commands.iter().filter(|c| c.menu == menu) {
                                let keys = c.shortcut.as_ref().map_or_else(
                                    || "Ctrl+K, then type".to_owned(),
                                    |s| ctx.format_shortcut(s),
                                );
                                ui.monospace(keys);
                                ui.label(c.name);
                                ui.end_row();
                            }
                        }
                        ui.strong("In panels");
                        ui.end_row();
                        for (keys, what) in commands::PANEL_KEYS {
                            ui.monospace(*keys);
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
            });
    });
    close || modal.should_close()
}
