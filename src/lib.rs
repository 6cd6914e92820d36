//! Crosscheck: side-by-side annotation of news articles for fact-checkers.
//!
//! The model, store, validation and headless commands are plain Rust; only `ui` knows egui.

pub mod analysis;
pub mod cli;
pub mod document;
pub mod model;
pub mod recent;
pub mod store;
pub mod text;
pub mod ui;
pub mod validate;
