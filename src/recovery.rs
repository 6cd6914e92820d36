//! What keeps work safe between saves: the recovery file that autosave writes beside the
//! project, and the fingerprint that tells whether someone else changed the project file
//! since it was read (a `git pull`, a second copy of Crosscheck, a sync client).
//!
//! Pure except for the file reads and writes named in each function; the window decides when
//! to call them.

use crate::model::Project;
use crate::store;
use crate::text::sha256_hex;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where autosave keeps unsaved work: `crosscheck.ron` → `crosscheck.ron.recovery`.
#[must_use]
pub fn recovery_path(project: &Path) -> PathBuf {
    let mut name = project.file_name().unwrap_or_default().to_os_string();
    name.push(".recovery");
    project.with_file_name(name)
}

/// Writes the project to its recovery file, atomically (never a half-written recovery file),
/// without touching the project file or its `.bak`.
///
/// # Errors
/// What failed and where, as a sentence for the status line.
pub fn write_recovery(project: &Project, project_path: &Path) -> Result<PathBuf, String> {
    let path = recovery_path(project_path);
    let text = store::to_ron(project)
        .map_err(|e| format!("could not autosave: {e} ({})", path.display()))?;
    store::write_atomic(&path, text.as_bytes(), false)
        .map_err(|e| format!("could not autosave: {e} ({})", path.display()))?;
    // Temp files of autosaves killed mid-write, like those of saves.
    store::remove_stale_temps(&path);
    Ok(path)
}

/// Removes the recovery file after the work it held was saved. A missing file is fine.
///
/// # Errors
/// The I/O error of the removal.
pub fn remove_recovery(project_path: &Path) -> io::Result<()> {
    match fs::remove_file(recovery_path(project_path)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Unsaved work found beside a project when it is opened.
#[derive(Debug)]
pub struct Recovery {
    pub path: PathBuf,
    pub project: Project,
    /// When autosave wrote it.
    pub written: Option<SystemTime>,
    pub difference: Difference,
}

/// What a recovery file would change, as the user is asked about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Difference {
    pub annotations: Counts,
    pub claims: Counts,
    pub entities: Counts,
    pub articles: Counts,
    /// Typed links between spans and contradiction reviews together.
    pub other: Counts,
    /// The project's name as saved and as recovered, when they differ.
    pub renamed: Option<(String, String)>,
}

/// How one kind of thing differs between the saved project and the recovered one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub saved: usize,
    pub recovered: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Counts {
    fn of<T: PartialEq, K: Ord>(saved: &[T], recovered: &[T], key: impl Fn(&T) -> K) -> Self {
        let old: BTreeMap<K, &T> = saved.iter().map(|t| (key(t), t)).collect();
        let new: BTreeMap<K, &T> = recovered.iter().map(|t| (key(t), t)).collect();
        let mut counts = Self {
            saved: saved.len(),
            recovered: recovered.len(),
            ..Self::default()
        };
        for (k, t) in &new {
            match old.get(k) {
                None => counts.added += 1,
                Some(o) if o != t => counts.changed += 1,
                Some(_) => {}
            }
        }
        counts.removed = old.keys().filter(|k| !new.contains_key(*k)).count();
        counts
    }

    #[must_use]
    pub fn is_same(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.changed == 0
    }
}

impl fmt::Display for Counts {
    /// `305 (was 299: 7 added, 1 removed, 2 changed)` or `31 (unchanged)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_same() {
            return write!(f, "{} (unchanged)", self.recovered);
        }
        let parts: Vec<String> = [
            (self.added, "added"),
            (self.removed, "removed"),
            (self.changed, "changed"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        write!(
            f,
            "{} (saved: {}; {})",
            self.recovered,
            self.saved,
            parts.join(", ")
        )
    }
}

impl Difference {
    #[must_use]
    pub fn between(saved: &Project, recovered: &Project) -> Self {
        let reviews = Counts::of(&saved.reviews, &recovered.reviews, |r| r.key.clone());
        let links = Counts::of(&saved.links, &recovered.links, |l| l.id.clone());
        Self {
            annotations: Counts::of(&saved.annotations, &recovered.annotations, |a| a.id.clone()),
            claims: Counts::of(&saved.claims, &recovered.claims, |c| c.id.clone()),
            entities: Counts::of(&saved.entities, &recovered.entities, |e| e.id.clone()),
            articles: Counts::of(&saved.articles, &recovered.articles, |a| a.id.clone()),
            other: Counts {
                saved: reviews.saved + links.saved,
                recovered: reviews.recovered + links.recovered,
                added: reviews.added + links.added,
                removed: reviews.removed + links.removed,
                changed: reviews.changed + links.changed,
            },
            renamed: (saved.name != recovered.name)
                .then(|| (saved.name.clone(), recovered.name.clone())),
        }
    }

    /// Lines for the restore prompt: annotations, claims and entities always, the rest when
    /// they differ.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![
            format!("Annotations: {}", self.annotations),
            format!("Claims: {}", self.claims),
            format!("Entities: {}", self.entities),
        ];
        if !self.articles.is_same() {
            lines.push(format!("Articles: {}", self.articles));
        }
        if !self.other.is_same() {
            lines.push(format!("Links and reviews: {}", self.other));
        }
        if let Some((saved, recovered)) = &self.renamed {
            lines.push(format!("Project name: “{recovered}” (saved: “{saved}”)"));
        }
        lines
    }
}

/// Looks for a recovery file beside `project_path` that is newer than the project file and
/// holds something else than `current` (the project as just loaded).
///
/// A recovery file that holds the same project is removed and `Ok(None)` returned. One that
/// is older than the project file but differs is set aside (never deleted) and the error
/// says where; one that cannot be read is kept and the error says where it is.
///
/// # Errors
/// A sentence naming the recovery file and why it could not be read.
pub fn find_recovery(project_path: &Path, current: &Project) -> Result<Option<Recovery>, String> {
    let path = recovery_path(project_path);
    let Ok(meta) = fs::metadata(&path) else {
        return Ok(None);
    };
    let written = meta.modified().ok();
    let project_time = fs::metadata(project_path)
        .ok()
        .and_then(|m| m.modified().ok());
    let unreadable = |why: String| {
        format!(
            "found unsaved work from an earlier session but could not read it: {why}; the file is kept ({})",
            path.display()
        )
    };
    let source = fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
    let mut project = store::parse(&source, &path).map_err(|e| unreadable(e.to_string()))?;
    project.format_version = current.format_version;
    if &project == current {
        // Nothing in it that the project does not have.
        let _ = fs::remove_file(&path);
        return Ok(None);
    }
    if let (Some(r), Some(p)) = (written, project_time)
        && r < p
    {
        // The project file was written after the last autosave (by a save whose clean-up
        // failed, or by someone else: a git pull). The work is not offered over the newer
        // file, but it is not thrown away either.
        let kept = set_aside(&path)?;
        return Err(format!(
            "found unsaved work older than the project file; it is kept as {} (File, Open shows it)",
            kept.display()
        ));
    }
    let difference = Difference::between(current, &project);
    Ok(Some(Recovery {
        path,
        project,
        written,
        difference,
    }))
}

/// The state of the project file when it was last read or written, to tell whether someone
/// else has changed it since.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskState {
    len: u64,
    modified: Option<SystemTime>,
    sha256: String,
}

/// What became of the project file since [`DiskState`] was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskChange {
    Unchanged,
    /// Its content is different.
    Changed,
    /// It is gone (deleted, or moved away).
    Missing,
}

impl DiskState {
    /// The state of the file at `path` now (reads and hashes it).
    ///
    /// # Errors
    /// The I/O error when it cannot be read.
    pub fn read(path: &Path) -> io::Result<Self> {
        let bytes = fs::read(path)?;
        let meta = fs::metadata(path)?;
        Ok(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            sha256: sha256_hex(&bytes),
        })
    }

    /// Compares the file with this state. Cheap when nothing changed: the content is hashed
    /// only when size or time differ, and a file that was only touched counts as unchanged
    /// (this state then takes the new time, so the next check is cheap again).
    pub fn check(&mut self, path: &Path) -> DiskChange {
        let Ok(meta) = fs::metadata(path) else {
            return DiskChange::Missing;
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return DiskChange::Unchanged;
        }
        match fs::read(path) {
            Ok(bytes) if sha256_hex(&bytes) == self.sha256 => {
                self.modified = meta.modified().ok();
                self.len = meta.len();
                DiskChange::Unchanged
            }
            Ok(_) => DiskChange::Changed,
            Err(_) => DiskChange::Missing,
        }
    }
}

/// A time as the user reads it in a message: `2026-11-22 12:35 UTC`.
#[must_use]
pub fn minute_utc(t: SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Moves a recovery file aside, to `<name>.recovery-<time>`, so that autosave cannot overwrite
/// it while the user decides; it is no longer offered when the project opens, but it stays a
/// project file that File → Open can show.
///
/// # Errors
/// A sentence naming the file and why it could not be moved.
pub fn set_aside(recovery: &Path) -> Result<PathBuf, String> {
    let now = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let base = recovery
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    // Never over an earlier one set aside in the same second.
    let target = (1..10_000)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            recovery.with_file_name(format!("{base}-{stamp}{suffix}"))
        })
        .find(|t| !t.exists())
        .unwrap_or_else(|| recovery.with_file_name(format!("{base}-{stamp}")));
    fs::rename(recovery, &target).map_err(|e| {
        format!(
            "could not set the recovery file aside: {e} ({})",
            recovery.display()
        )
    })?;
    Ok(target)
}
