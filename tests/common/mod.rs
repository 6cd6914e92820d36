//! Fixtures shared by the window tests: a private copy of the sample project and a harness
//! around the whole app.

#![allow(dead_code, clippy::unwrap_used, clippy::disallowed_methods)]

use crosscheck::ui::CrosscheckApp;
use egui::{Modifiers, Pos2, vec2};
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

/// As [`harness`], but glyphs no installed font has draw as boxes instead of failing the
/// test, as they do in the window.
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

/// A new project of one article, `article.txt` holding `text`, made as "New project from
/// folder" makes it; returns its project file.
pub fn article_project(dir: &Path, text: &str) -> PathBuf {
    let src = dir.join("src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("article.txt"), text).unwrap();
    let path = dir.join("project").join("crosscheck.ron");
    crosscheck::import_project::new_project(
        &src,
        &path,
        false,
        crosscheck::import::ImportOptions::default(),
        "2026-01-01T00:00:00Z",
        &mut |_, _| true,
    )
    .unwrap();
    path
}

/// Drags the mouse from one point to another in small steps, as a hand would, with
/// `modifiers` held (Alt for an exact selection).
pub fn drag(h: &mut Harness<'static, CrosscheckApp>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(egui::Event::ModifiersChanged(modifiers));
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=4 {
        h.hover_at(from + (to - from) * (i as f32 / 4.0));
        h.step();
    }
    h.drop_at(to);
    h.step();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

/// A single click at `at`, as the mouse makes it (press and release on the same spot).
pub fn click_at(h: &mut Harness<'static, CrosscheckApp>, at: Pos2) {
    h.hover_at(at);
    h.step();
    h.drag_at(at);
    h.step();
    h.drop_at(at);
    h.run();
}
