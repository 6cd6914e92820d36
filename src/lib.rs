//! Crosscheck: side-by-side annotation of news articles for fact-checkers.
//!
//! The model, store, validation and headless commands are plain Rust; only `ui` knows egui.

pub mod agreement;
pub mod analysis;
pub mod anchor;
pub mod attribution;
pub mod cli;
pub mod derived;
pub mod diff;
pub mod document;
pub mod export;
pub mod import;
pub mod import_project;
pub mod linked;
pub mod merge;
pub mod migrate;
pub mod model;
pub mod recent;
pub mod recovery;
pub mod sample;
pub mod search;
pub mod store;
pub mod synth;
pub mod text;
pub mod text_change;
pub mod ui;
pub mod validate;
pub mod web_page;
pub mod wikidata;

/// Now as RFC 3339 UTC (whole seconds), for creation times.
#[must_use]
pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
