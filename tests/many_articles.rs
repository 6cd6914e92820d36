//! A project of many articles in the window: only the columns in view are built, yet every
//! column is still found by its name (screen readers, Tab), and focusing one out of view
//! brings it into view with its text focused.

#![allow(clippy::unwrap_used)]

mod common;

use common::harness_allowing_tofu as harness;
use crosscheck::ui::CrosscheckApp;
use egui_kittest::kittest::Queryable;

/// Forty small synthetic articles with their highlights, written to `dir`.
fn forty_articles(dir: &std::path::Path) -> std::path::PathBuf {
    crosscheck::synth::write(dir, 40, 800, Some(1), 6)
        .unwrap()
        .0
}

#[test]
fn columns_out_of_view_are_named_and_come_into_view_when_focused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(CrosscheckApp::new(Some(forty_articles(dir.path())), None));
    // Built: the first columns have their text laid out and clipped to the window.
    let clips = |h: &egui_kittest::Harness<'static, CrosscheckApp>| {
        h.state().project().unwrap().view.column_clips.len()
    };
    let built = clips(&h);
    assert!(
        (1..10).contains(&built),
        "only the columns in view are built: {built}"
    );
    // Every column is still in the accessibility tree under its name.
    for i in 0..40 {
        h.get_by_label(&format!("Text of Synthetic article {i}"));
    }
    // Focusing the last one brings it into view, with its text focused.
    h.get_by_label("Text of Synthetic article 39").focus();
    h.run();
    let open = h.state().project().unwrap();
    assert!(
        open.view.column_clips.contains_key(&"a00039".into()),
        "the last column is drawn now"
    );
    assert!(h.get_by_label("Text of Synthetic article 39").is_focused());
}
