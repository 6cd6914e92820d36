//! Fixtures shared by the window tests: a private copy of the sample project and a harness
//! around the whole app.

#![allow(dead_code, clippy::unwrap_used)]

use crosscheck::ui::CrosscheckApp;
use egui::vec2;
use egui_kittest::Harness;
use std::fs;
use std::path::{Path, PathBuf};

/// A private copy of a project folder (`crosscheck.ron` and `articles/`); returns the path
/// of the copy's project file.
pub fn copy_project(from: &Path, to: &Path) -> PathBuf {
    fs::create_dir_all(to.join("articles")).unwrap();
    for e in fs::read_dir(from.join("articles")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join("articles").join(e.file_name())).unwrap();
    }
    fs::copy(from.join("crosscheck.ron"), to.join("crosscheck.ron")).unwrap();
    to.join("crosscheck.ron")
}

/// A private copy of the sample project, so tests can save into it.
pub fn sample_copy(dir: &Path) -> PathBuf {
    copy_project(Path::new("samples/iran-hack"), dir)
}

/// The whole app in a 1600×1000 window with real frame pacing (1/60 s a step), with the
/// fonts the window installs.
pub fn harness(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    build(app, false)
}

/// As [`harness`], but glyphs no installed font has (color emoji) draw as boxes instead of
/// failing the test, as they do in the window.
pub fn harness_allowing_tofu(app: CrosscheckApp) -> Harness<'static, CrosscheckApp> {
    build(app, true)
}

fn build(app: CrosscheckApp, tofu_ok: bool) -> Harness<'static, CrosscheckApp> {
    let mut builder = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .with_context_setup(crosscheck::ui::fonts::install);
    if tofu_ok {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(|ui, app: &mut CrosscheckApp| app.ui_root(ui), app);
    h.run();
    h
}
