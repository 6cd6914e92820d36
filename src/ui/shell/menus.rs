//! The menu bar, its layout toggles and the keyboard shortcuts: all built from the one
//! command table (`commands.rs`).

use crate::ui::shell::state::Action;
use crate::ui::shell::{commands, prefs};
use crate::ui::{CrosscheckApp, OpenProject, columns};
use egui::KeyboardShortcut;

impl CrosscheckApp {
    pub(crate) fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.text_edit_focused();
        let has_project = self.open.is_some();
        let mut shortcuts: Vec<(KeyboardShortcut, Action, bool)> = self
            .commands
            .iter()
            .filter(|c| has_project || !c.needs_project)
            .filter_map(|c| c.shortcut.map(|s| (s, c.action.clone(), c.while_typing)))
            .collect();
        shortcuts.extend(
            commands::aliases()
                .into_iter()
                .map(|(s, a)| (s, a.clone(), self.while_typing(&a))),
        );
        // Longer modifier sets first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
        shortcuts.sort_by_key(|(s, _, _)| std::cmp::Reverse(s.modifiers.shift));
        for (shortcut, action, while_typing) in shortcuts {
            if (while_typing || !typing) && ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(action);
            }
        }
    }

    fn while_typing(&self, action: &Action) -> bool {
        self.commands
            .iter()
            .find(|c| &c.action == action)
            .is_some_and(|c| c.while_typing)
    }

    /// The menu bar, built from the command table.
    pub(crate) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in commands::Menu::ALL {
                ui.menu_button(menu.label(), |ui| self.menu_items_ui(ui, menu));
            }
            if self.open.is_some() {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    self.layout_toggles_ui(ui);
                });
            }
        });
    }

    /// One click shows or hides each panel, or reads the articles alone (right of the menus).
    fn layout_toggles_ui(&mut self, ui: &mut egui::Ui) {
        let shown = prefs::shown(&self.prefs);
        // Right to left: the last one first.
        for (on, label, action, hint) in [
            (
                self.prefs.focus_reading,
                "Focus reading",
                Action::FocusReading,
                "Only the article columns (F9)",
            ),
            (
                shown.tabs,
                "Tabs panel",
                Action::ToggleTabsPanel,
                "Show or hide the tabs below the columns (Ctrl+Shift+B)",
            ),
            (
                shown.details,
                "Details panel",
                Action::ToggleDetailsPanel,
                "Show or hide the details panel (Ctrl+Shift+D)",
            ),
            (
                shown.entities,
                "Entities panel",
                Action::ToggleEntitiesPanel,
                "Show or hide the entities and claims panel (Ctrl+Shift+E)",
            ),
        ] {
            if ui.selectable_label(on, label).on_hover_text(hint).clicked() {
                self.actions.push(action);
            }
        }
    }

    fn menu_items_ui(&mut self, ui: &mut egui::Ui, menu: commands::Menu) {
        let has_project = self.open.is_some();
        let (undo, redo) = self
            .open
            .as_ref()
            .map_or((None, None), |o| (o.doc.undo_label(), o.doc.redo_label()));
        let mut clicked = None;
        let commands = std::mem::take(&mut self.commands);
        for command in commands.iter().filter(|c| c.menu == menu) {
            if command.separator_before {
                ui.separator();
            }
            // Undo and Redo name what they would change.
            let (name, enabled) = match command.action {
                Action::Undo => (
                    undo.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
                    undo.is_some(),
                ),
                Action::Redo => (
                    redo.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
                    redo.is_some(),
                ),
                _ => (
                    command.name.to_owned(),
                    has_project || !command.needs_project,
                ),
            };
            let checked: Option<fn(&OpenProject) -> bool> = match command.action {
                Action::ToggleSyncScroll => Some(|o| o.view.sync_scroll),
                Action::ToggleSuggestions => Some(|o| o.view.suggestion.show),
                Action::ToggleSharedPassages => Some(|o| !o.view.hide_passages),
                _ => None,
            };
            let shown = prefs::shown(&self.prefs);
            let on = match command.action {
                Action::ToggleEntitiesPanel => Some(shown.entities),
                Action::ToggleDetailsPanel => Some(shown.details),
                Action::ToggleTabsPanel => Some(shown.tabs),
                Action::FocusReading => Some(self.prefs.focus_reading),
                _ => None,
            };
            let on = on.or_else(|| checked.map(|c| self.open.as_ref().is_some_and(c)));
            let name = match on {
                Some(on) => format!("{} {name}", if on { "☑" } else { "☐" }),
                None => name,
            };
            let mut button = egui::Button::new(name);
            if let Some(s) = &command.shortcut {
                button = button.shortcut_text(ui.ctx().format_shortcut(s));
            }
            if ui.add_enabled(enabled, button).clicked() {
                clicked = Some(command.action.clone());
            }
            if command.action == Action::OpenByTypedPath {
                self.recent_menu_ui(ui);
            }
        }
        self.commands = commands;
        if menu == commands::Menu::View
            && let Some(open) = &mut self.open
        {
            ui.separator();
            columns::column_chooser_ui(ui, &open.doc, &mut open.view);
        }
        if let Some(action) = clicked {
            self.actions.push(action);
            ui.close();
        }
    }

    fn recent_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Open recent", |ui| {
            if self.recent.paths.is_empty() {
                ui.weak("None yet");
            }
            for p in &self.recent.paths {
                if ui.button(p.display().to_string()).clicked() {
                    self.actions.push(Action::OpenPath(p.clone()));
                }
            }
        });
    }
}
