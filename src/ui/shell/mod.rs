//! The app shell around the panels: commands and shortcuts, preferences, view state, saving, autosave, file actions and import jobs.

pub mod commands;
pub mod file_actions;
pub mod import_job;
pub mod menus;
pub mod prefs;
pub mod safety;
pub mod saving;
pub mod sources;
pub mod start_screen;
pub mod state;
pub mod suggestions;
pub mod team;
