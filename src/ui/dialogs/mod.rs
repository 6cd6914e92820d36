//! Popups and dialogs: the entity popup after a selection, the command palette, file dialogs.

pub mod command_palette;
pub mod file_dialog;
pub mod project_settings;
pub mod selection_popup;
