//! A new project from imported files: the glue between `import` (reading files) and `store`
//! (writing the project folder), shared by the command line and the window.

use crate::import::{self, ImportError, ImportReport};
use crate::model::Project;
use std::path::{Path, PathBuf};

/// Why a new project could not be made. Nothing is left half-written: the project file is
/// written last.
#[derive(Debug, thiserror::Error)]
pub enum NewProjectError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("could not import: {} already exists; choose another place for the new project", path.display())]
    OutputExists { path: PathBuf },
    #[error("could not import: no article could be read ({skipped} files skipped) ({})", path.display())]
    NothingImported { path: PathBuf, skipped: usize },
    #[error("could not import: {source} ({})", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Save(#[from] crate::store::SaveError),
}

/// Makes a new project at `output` (its articles under `articles/` beside it) from a folder
/// of article files, or from a brat corpus with `brat`. Never overwrites: an existing
/// `output` is an error. Skipped files are in the report.
///
/// # Errors
/// [`NewProjectError`] when the folder cannot be read, nothing could be imported, the output
/// exists, or a file cannot be written.
pub fn new_project(
    folder: &Path,
    output: &Path,
    brat: bool,
    options: import::ImportOptions,
    created: &str,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, NewProjectError> {
    if output.exists() {
        return Err(NewProjectError::OutputExists {
            path: output.to_owned(),
        });
    }
    let (mut project, report) = if brat {
        import::import_brat(folder, created)?
    } else {
        let report = import::import_folder(folder, &[], options, progress)?;
        (Project::new(project_name(folder)), report)
    };
    if !brat {
        project.articles = report.imported.iter().map(|a| a.article.clone()).collect();
    }
    project.iri = crate::linked::fresh_project_iri(&project.name);
    write_new(&project, report, folder, output)
}

/// A new project at `output` from article files (as dropped on the window): [`new_project`]
/// for a list of files instead of a folder. Folders among `files` stand for the article
/// files directly in them.
///
/// # Errors
/// As [`new_project`].
pub fn new_project_from_files(
    files: &[PathBuf],
    output: &Path,
    options: import::ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, NewProjectError> {
    if output.exists() {
        return Err(NewProjectError::OutputExists {
            path: output.to_owned(),
        });
    }
    let files = import::expand_folders(files);
    let report = import::import_files(&files, &[], options, progress);
    let folder = output.parent().unwrap_or(Path::new("."));
    let mut project = Project::new(project_name(folder));
    project.articles = report.imported.iter().map(|a| a.article.clone()).collect();
    project.iri = crate::linked::fresh_project_iri(&project.name);
    write_new(&project, report, folder, output)
}

/// A new project's name: its folder's.
fn project_name(folder: &Path) -> String {
    folder
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(folder)
        .file_name()
        .map_or_else(
            || "Imported articles".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// Writes the imported articles and then the project file.
fn write_new(
    project: &Project,
    report: ImportReport,
    source: &Path,
    output: &Path,
) -> Result<ImportReport, NewProjectError> {
    if report.imported.is_empty() {
        return Err(NewProjectError::NothingImported {
            path: source.to_owned(),
            skipped: report.skipped.len(),
        });
    }
    let project_folder = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&project_folder).map_err(|source| NewProjectError::Write {
        path: project_folder.clone(),
        source,
    })?;
    import::write_articles(&project_folder, &report.imported)?;
    crate::store::save(project, output)?;
    Ok(report)
}
