//! View preferences kept between sessions through eframe's storage: theme, text size,
//! synchronised scrolling, and per project the columns shown and their widths. (Panel widths
//! are kept by egui's own memory, which eframe stores too; recent projects live in their own
//! file, see `recent.rs`.) Never part of the project file.

use crate::model::{ArticleId, Project};
use crate::ui::shell::state::ViewState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The eframe storage key.
pub const STORAGE_KEY: &str = "crosscheck-prefs";
/// How many projects' column layouts are kept.
const PROJECTS_KEPT: usize = 40;
pub const ZOOM_MIN: f32 = 0.6;
pub const ZOOM_MAX: f32 = 2.5;
pub const ZOOM_STEP: f32 = 0.1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    Dark,
    Light,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// `None` follows the system.
    pub theme: Option<Theme>,
    /// Scale of the whole window's text and controls.
    pub zoom: f32,
    pub sync_scroll: bool,
    /// Most recently used first.
    pub projects: Vec<ProjectLayout>,
    /// The checker's name, written on what they make and change (`None`: not given yet).
    pub checker: Option<String>,
    /// Imports keep saved web pages whole instead of their main content.
    pub whole_page: bool,
    /// The stance colours: colour-blind safe (the default) or the classic green and red.
    pub colour_vision: crate::ui::theme::palette::ColourVision,
    /// Which panels are shown around the columns.
    pub panels: Panels,
    /// Focus reading: only the article columns; `panels` comes back when it ends.
    pub focus_reading: bool,
    /// The folder of the last file or folder chosen in a file dialog: where the next dialog
    /// opens when no project is open.
    pub last_folder: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: None,
            zoom: 1.0,
            sync_scroll: false,
            projects: Vec::new(),
            checker: None,
            whole_page: false,
            colour_vision: crate::ui::theme::palette::ColourVision::Safe,
            panels: Panels::default(),
            focus_reading: false,
            last_folder: None,
        }
    }
}

/// The panels around the article columns, each shown or hidden by the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Panels {
    /// Entities and claims, on the left.
    pub entities: bool,
    /// Details of the selection, on the right.
    pub details: bool,
    /// The tabs below (matrix, review, search…).
    pub tabs: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            entities: true,
            details: true,
            tabs: true,
        }
    }
}

/// The panels to draw this frame: none in focus reading.
#[must_use]
pub fn shown(prefs: &Prefs) -> Panels {
    if prefs.focus_reading {
        Panels {
            entities: false,
            details: false,
            tabs: false,
        }
    } else {
        prefs.panels
    }
}

/// The columns of one project as the user left them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectLayout {
    pub path: String,
    pub columns: Vec<String>,
    pub widths: BTreeMap<String, f32>,
}

impl Prefs {
    /// Keeps the columns of the project at `path` as `view` shows them.
    pub fn remember(&mut self, path: &Path, view: &ViewState) {
        let key = path.to_string_lossy().into_owned();
        self.projects.retain(|p| p.path != key);
        self.projects.insert(
            0,
            ProjectLayout {
                path: key,
                columns: view.columns.iter().map(|c| c.0.clone()).collect(),
                widths: view
                    .column_widths
                    .iter()
                    .map(|(k, v)| (k.0.clone(), *v))
                    .collect(),
            },
        );
        self.projects.truncate(PROJECTS_KEPT);
    }

    /// Restores the columns kept for `path` into `view`, leaving out articles the project no
    /// longer has. A layout that would show nothing is ignored.
    pub fn restore(&self, path: &Path, project: &Project, view: &mut ViewState) {
        let key = path.to_string_lossy();
        let Some(layout) = self.projects.iter().find(|p| p.path == key) else {
            return;
        };
        let columns: Vec<ArticleId> = layout
            .columns
            .iter()
            .map(|c| ArticleId(c.clone()))
            .filter(|id| project.article(id).is_some())
            .collect();
        if !columns.is_empty() {
            view.columns = columns;
        }
        for (id, width) in &layout.widths {
            let id = ArticleId(id.clone());
            if project.article(&id).is_some() && width.is_finite() {
                view.column_widths.insert(
                    id,
                    width.clamp(
                        crate::ui::shell::state::COLUMN_WIDTH_MIN,
                        crate::ui::shell::state::COLUMN_WIDTH_MAX,
                    ),
                );
            }
        }
        view.sync_scroll = self.sync_scroll;
    }

    /// The zoom factor, kept within bounds whatever the stored value was.
    #[must_use]
    pub fn zoom(&self) -> f32 {
        if self.zoom.is_finite() {
            self.zoom.clamp(ZOOM_MIN, ZOOM_MAX)
        } else {
            1.0
        }
    }

    pub fn apply_to(&self, ctx: &egui::Context) {
        ctx.set_visuals_of(egui::Theme::Dark, crate::ui::theme::visuals::visuals(true));
        ctx.set_visuals_of(
            egui::Theme::Light,
            crate::ui::theme::visuals::visuals(false),
        );
        match self.theme {
            Some(Theme::Dark) => ctx.set_theme(egui::Theme::Dark),
            Some(Theme::Light) => ctx.set_theme(egui::Theme::Light),
            None => ctx.set_theme(egui::ThemePreference::System),
        }
        ctx.set_zoom_factor(self.zoom());
        crate::ui::theme::palette::set_vision(ctx, self.colour_vision);
    }
}
