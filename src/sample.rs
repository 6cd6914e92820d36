//! The bundled sample project (five August 2024 reports on the US accusation that Iran hacked
//! the presidential campaigns, and Iran's denial), carried inside the program so that "Open
//! the sample project" works wherever Crosscheck was installed. It is always written out as a
//! fresh copy: the bundled files are never changed in place.

use std::path::{Path, PathBuf};

/// The sample's files, relative to its folder, with their contents.
pub const FILES: [(&str, &str); 6] = [
    (
        "crosscheck.ron",
        include_str!("../samples/iran-hack/crosscheck.ron"),
    ),
    (
        "articles/000-unn.txt",
        include_str!("../samples/iran-hack/articles/000-unn.txt"),
    ),
    (
        "articles/001-us-officials.txt",
        include_str!("../samples/iran-hack/articles/001-us-officials.txt"),
    ),
    (
        "articles/002-iran-mission.txt",
        include_str!("../samples/iran-hack/articles/002-iran-mission.txt"),
    ),
    (
        "articles/003-fbi-cisa-odni.txt",
        include_str!("../samples/iran-hack/articles/003-fbi-cisa-odni.txt"),
    ),
    (
        "articles/004-lib.txt",
        include_str!("../samples/iran-hack/articles/004-lib.txt"),
    ),
];

/// Writes a copy of the sample into `folder` (made if missing) and returns its project file.
/// Refuses a folder that already holds a `crosscheck.ron`, so no work is overwritten.
///
/// # Errors
/// What could not be written, naming the file.
pub fn write_copy(folder: &Path) -> Result<PathBuf, String> {
    let project = folder.join(FILES[0].0);
    if project.exists() {
        return Err(format!(
            "could not copy the sample: a project is already there; choose an empty folder ({})",
            project.display()
        ));
    }
    for (name, text) in FILES {
        let path = folder.join(name);
        let fail =
            |e: std::io::Error| format!("could not copy the sample: {e} ({})", path.display());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        crate::store::write_atomic(&path, text.as_bytes(), false).map_err(fail)?;
    }
    Ok(project)
}

/// A new folder for a copy of the sample under the system's temporary folder, named after
/// the time so that copies never meet.
#[must_use]
pub fn temp_folder() -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    std::env::temp_dir().join(format!("crosscheck-sample-{}-{stamp}", std::process::id()))
}
