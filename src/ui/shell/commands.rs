//! The one table of commands. The menus, the keyboard shortcuts, the command palette
//! (Ctrl+K) and the shortcuts overview (F1) are all built from it, so a command has one
//! name and one shortcut everywhere.

use crate::ui::shell::state::Action;
use egui::{Key, KeyboardShortcut, Modifiers};

/// The menu a command is listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Help,
}

impl Menu {
    pub const ALL: [Self; 4] = [Self::File, Self::Edit, Self::View, Self::Help];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::File => "File",
            Self::Edit => "Edit",
            Self::View => "View",
            Self::Help => "Help",
        }
    }
}

/// One command: what it does, where it is listed, how it is reached from the keyboard.
#[derive(Clone, Debug)]
pub struct Command {
    pub action: Action,
    pub name: &'static str,
    pub menu: Menu,
    pub shortcut: Option<KeyboardShortcut>,
    /// The shortcut works while a text field has the keyboard (Save does; Undo does not,
    /// so that Ctrl+Z undoes typing in the field instead).
    pub while_typing: bool,
    /// Needs an open project.
    pub needs_project: bool,
    /// Starts a group in its menu.
    pub separator_before: bool,
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

/// Every command, in menu order.
#[must_use]
#[allow(clippy::too_many_lines)] // a table, one entry a few lines
pub fn table() -> Vec<Command> {
    let c = |action, name, menu, shortcut, while_typing, needs_project| Command {
        action,
        name,
        menu,
        shortcut,
        while_typing,
        needs_project,
        separator_before: false,
    };
    let sep = |mut command: Command| {
        command.separator_before = true;
        command
    };
    vec![
        c(
            Action::Open,
            "Open…",
            Menu::File,
            Some(key(CMD, Key::O)),
            true,
            false,
        ),
        c(
            Action::OpenByTypedPath,
            "Open by path…",
            Menu::File,
            None,
            true,
            false,
        ),
        c(
            Action::NewFromFolder,
            "New project from folder…",
            Menu::File,
            None,
            true,
            false,
        ),
        c(
            Action::NewFromBrat,
            "New project from brat corpus…",
            Menu::File,
            None,
            true,
            false,
        ),
        sep(c(
            Action::Save,
            "Save",
            Menu::File,
            Some(key(CMD, Key::S)),
            true,
            true,
        )),
        c(
            Action::SaveAs,
            "Save as…",
            Menu::File,
            Some(key(CMD_SHIFT, Key::S)),
            true,
            true,
        ),
        c(
            Action::SaveAsTypedPath,
            "Save as by path…",
            Menu::File,
            None,
            true,
            true,
        ),
        c(
            Action::AddArticles,
            "Add articles…",
            Menu::File,
            None,
            true,
            true,
        ),
        c(Action::Export, "Export…", Menu::File, None, true, true),
        c(
            Action::ProjectSettings,
            "Project settings…",
            Menu::File,
            None,
            true,
            true,
        ),
        c(
            Action::CompareWith,
            "Compare with another copy…",
            Menu::File,
            None,
            true,
            true,
        ),
        c(
            Action::CloseProject,
            "Close project",
            Menu::File,
            None,
            true,
            true,
        ),
        sep(c(
            Action::Quit,
            "Quit",
            Menu::File,
            Some(key(CMD, Key::Q)),
            true,
            false,
        )),
        c(
            Action::Undo,
            "Undo",
            Menu::Edit,
            Some(key(CMD, Key::Z)),
            false,
            true,
        ),
        c(
            Action::Redo,
            "Redo",
            Menu::Edit,
            Some(key(CMD_SHIFT, Key::Z)),
            false,
            true,
        ),
        c(
            Action::Find,
            "Find in all articles…",
            Menu::Edit,
            Some(key(CMD, Key::F)),
            true,
            true,
        ),
        c(
            Action::DeleteSelected,
            "Delete highlight",
            Menu::Edit,
            Some(key(Modifiers::NONE, Key::Delete)),
            false,
            true,
        ),
        c(
            Action::CheckerName,
            "Checker name…",
            Menu::Edit,
            None,
            true,
            false,
        ),
        sep(c(
            Action::CommandPalette,
            "Command palette…",
            Menu::Edit,
            Some(key(CMD, Key::K)),
            true,
            false,
        )),
        c(
            Action::ZoomIn,
            "Larger text",
            Menu::View,
            Some(key(CMD, Key::Plus)),
            false,
            false,
        ),
        c(
            Action::ZoomOut,
            "Smaller text",
            Menu::View,
            Some(key(CMD, Key::Minus)),
            false,
            false,
        ),
        c(
            Action::ZoomReset,
            "Normal text size",
            Menu::View,
            Some(key(CMD, Key::Num0)),
            false,
            false,
        ),
        c(
            Action::ToggleTheme,
            "Dark or light theme",
            Menu::View,
            None,
            true,
            false,
        ),
        sep(c(
            Action::FocusReading,
            "Focus reading",
            Menu::View,
            Some(key(Modifiers::NONE, Key::F9)),
            true,
            true,
        )),
        c(
            Action::ToggleEntitiesPanel,
            "Entities and claims panel",
            Menu::View,
            Some(key(CMD_SHIFT, Key::E)),
            true,
            true,
        ),
        c(
            Action::ToggleDetailsPanel,
            "Details panel",
            Menu::View,
            Some(key(CMD_SHIFT, Key::D)),
            true,
            true,
        ),
        c(
            Action::ToggleTabsPanel,
            "Tabs panel (matrix, review, search…)",
            Menu::View,
            Some(key(CMD_SHIFT, Key::B)),
            true,
            true,
        ),
        c(
            Action::ToggleSharedPassages,
            "Shared passages in the margins",
            Menu::View,
            None,
            true,
            true,
        ),
        c(
            Action::ToggleColourVision,
            "Colour vision: safe or classic stance colours",
            Menu::View,
            None,
            true,
            false,
        ),
        c(
            Action::ToggleSyncScroll,
            "Scroll columns together",
            Menu::View,
            None,
            true,
            true,
        ),
        c(
            Action::ToggleSuggestions,
            "Show suggestions in columns",
            Menu::View,
            None,
            true,
            true,
        ),
        c(
            Action::ShortcutsHelp,
            "Keyboard shortcuts",
            Menu::Help,
            Some(key(Modifiers::NONE, Key::F1)),
            true,
            false,
        ),
    ]
}

/// Extra shortcuts that run a command already in the table (Ctrl+Y is Redo too).
#[must_use]
pub fn aliases() -> Vec<(KeyboardShortcut, Action)> {
    vec![
        (KeyboardShortcut::new(CMD, Key::Y), Action::Redo),
        (KeyboardShortcut::new(CMD, Key::Equals), Action::ZoomIn),
    ]
}

/// Keys that act inside one panel rather than as commands, for the overview.
pub const PANEL_KEYS: &[(&str, &str)] = &[
    (
        "Drag, or double-click a word",
        "Select text in a column to highlight it",
    ),
    ("1 – 9", "In the highlight popup: link the numbered entity"),
    ("Esc", "Cancel the popup, the selection or a dialog"),
    (
        "Tab",
        "Move between the columns' texts (and the other controls)",
    ),
    (
        "Arrow keys",
        "In a column's text: select the next or previous highlight",
    ),
    (
        "Enter",
        "In a column's text: show the selected highlight; in the palette: run the command",
    ),
];

/// How well `query` matches a command name: every query character in order, with a bonus
/// for word starts and consecutive runs. `None` when it does not match.
#[must_use]
pub fn fuzzy_score(name: &str, query: &str) -> Option<i32> {
    let query: Vec<char> = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if query.is_empty() {
        return Some(0);
    }
    let mut score = 0;
    let mut q = 0;
    let mut previous_matched = false;
    let mut previous: Option<char> = None;
    for ch in name.chars() {
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        if q < query.len() && lower == query[q] {
            score += 1;
            if previous.is_none_or(|p| !p.is_alphanumeric()) {
                score += 3; // start of a word
            }
            if previous_matched {
                score += 2;
            }
            q += 1;
            previous_matched = true;
        } else {
            previous_matched = false;
        }
        previous = Some(ch);
    }
    (q == query.len()).then_some(score - i32::try_from(name.len() / 8).unwrap_or(0))
}

/// Commands matching `query`, best first (table order among equals).
#[must_use]
pub fn matching(commands: &[Command], query: &str) -> Vec<usize> {
    let mut found: Vec<(i32, usize)> = commands
        .iter()
        .enumerate()
        .filter_map(|(i, c)| fuzzy_score(c.name, query).map(|s| (s, i)))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = Vec::new();
        for c in table() {
            if let Some(s) = c.shortcut {
                assert!(!seen.contains(&s), "{} reuses a shortcut", c.name);
                seen.push(s);
            }
        }
        for (s, _) in aliases() {
            assert!(!seen.contains(&s));
        }
    }

    #[test]
    fn fuzzy_matching_prefers_word_starts() {
        let commands = table();
        let names = |q: &str| -> Vec<&str> {
            matching(&commands, q)
                .into_iter()
                .map(|i| commands[i].name)
                .collect()
        };
        assert_eq!(names("save as")[0], "Save as…");
        assert_eq!(names("sa")[0], "Save");
        assert_eq!(names("exp"), vec!["Export…"]);
        assert!(names("xyzzy").is_empty());
        assert_eq!(names("").len(), commands.len());
        assert_eq!(names("SHORT")[0], "Keyboard shortcuts");
    }
}
