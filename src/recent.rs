//! The list of recently opened projects, kept in the OS config folder (found with
//! `directories`) as a small RON file, written atomically.

use std::path::{Path, PathBuf};

/// How many recent projects are remembered.
pub const MAX_RECENT: usize = 10;

/// Most recent first, no duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecentProjects {
    pub paths: Vec<PathBuf>,
}

impl RecentProjects {
    /// Where the list lives: e.g. `~/.config/crosscheck/recent.ron` on Linux.
    #[must_use]
    pub fn default_file() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Crosscheck", "crosscheck")
            .map(|d| d.config_dir().join("recent.ron"))
    }

    /// Reads the list; a missing or unreadable file gives an empty list (logged), since a
    /// broken recent list must never stop the app from starting.
    #[must_use]
    pub fn load(file: &Path) -> Self {
        match std::fs::read_to_string(file) {
            Ok(s) => ron::from_str(&s).unwrap_or_else(|e| {
                log::warn!("ignoring recent projects list: {e} ({})", file.display());
                Self::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::default(),
            Err(e) => {
                log::warn!("ignoring recent projects list: {e} ({})", file.display());
                Self::default()
            }
        }
    }

    /// Writes the list atomically, creating the folder.
    ///
    /// # Errors
    /// The I/O error.
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new())
            .map_err(std::io::Error::other)?;
        crate::store::write_atomic(file, text.as_bytes(), false)
    }

    /// Moves `path` to the front.
    pub fn touch(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.paths.retain(|p| p != &path);
        self.paths.insert(0, path);
        self.paths.truncate(MAX_RECENT);
    }

    pub fn remove(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touch_orders_dedups_and_caps() {
        let mut r = RecentProjects::default();
        for i in 0..12 {
            r.touch(Path::new(&format!("/nonexistent/p{i}.ron")));
        }
        r.touch(Path::new("/nonexistent/p5.ron"));
        assert_eq!(r.paths.len(), MAX_RECENT);
        assert_eq!(r.paths[0], Path::new("/nonexistent/p5.ron"));
        assert_eq!(r.paths.iter().filter(|p| p.ends_with("p5.ron")).count(), 1);
    }

    #[test]
    fn save_and_load_round_trip_and_garbage_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/recent.ron");
        let mut r = RecentProjects::default();
        r.touch(Path::new("/nonexistent/a.ron"));
        r.save(&file).unwrap();
        assert_eq!(RecentProjects::load(&file), r);
        crate::store::write_atomic(&file, b"not ron", false).unwrap();
        assert_eq!(RecentProjects::load(&file), RecentProjects::default());
        assert_eq!(
            RecentProjects::load(&dir.path().join("missing.ron")),
            RecentProjects::default()
        );
    }
}
