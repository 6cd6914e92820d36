//! Reading and writing project folders: the RON file, the article texts it references, and
//! atomic saves that keep the previous file as `<name>.ron.bak`.

use crate::document::Document;
use crate::model::{ArticleId, ClaimLink, FORMAT_VERSION, Project, Review, ReviewState};
use crate::text::{ArticleText, sha256_hex};
use crate::validate::{self, ArticleFile, Problem};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Project files larger than this are refused before they are read.
pub const MAX_PROJECT_BYTES: u64 = 64 * 1024 * 1024;
/// Article files larger than this are reported and not loaded.
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;
/// RON nesting deeper than this is refused (a project needs fewer than ten levels).
const RECURSION_LIMIT: usize = 64;

/// Why a project could not be opened at all. Problems with single articles or annotations
/// are not errors: they come back as [`Problem`]s beside a usable document.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("could not read project: {source} ({})", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("could not load project: the file is {size} bytes, more than the {MAX_PROJECT_BYTES} a project file may have ({})", path.display())]
    TooLarge { path: PathBuf, size: u64 },
    #[error("could not load project: the file is empty; a project file holds one `( ... )` with format_version, name and articles ({})", path.display())]
    Empty { path: PathBuf },
    #[error("could not load project: the file is not UTF-8 text ({place}) ({})", path.display())]
    NotUtf8 { path: PathBuf, place: String },
    #[error("could not load project: {message} at {line}:{column} ({})", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("could not load project: it has format_version {found}, but this Crosscheck reads versions 1 to {FORMAT_VERSION}; a newer Crosscheck wrote it ({})", path.display())]
    UnsupportedVersion { path: PathBuf, found: u32 },
}

/// Why a save failed. The file on disk is then unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save project: {source} ({})", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("could not save project: {message} ({})", path.display())]
    Serialize { path: PathBuf, message: String },
}

/// A project as opened: the document and whatever did not check out.
#[derive(Debug)]
pub struct Loaded {
    pub document: Document,
    /// Sorted by line, then message.
    pub problems: Vec<Problem>,
    /// The file's `format_version` when it was older than this build's; the next save
    /// writes the current version (and keeps the old file as `.bak`).
    pub migrated_from: Option<u32>,
    /// SHA-256 of each article file as read, for articles whose text differs from the hash
    /// the project saved (their highlights need re-anchoring).
    pub changed_texts: BTreeMap<ArticleId, String>,
    /// Every span whose offsets no longer give its quote, and what re-anchoring makes of it
    /// (the problems say the same in words). In project order.
    pub reanchored: Vec<crate::text_change::Reanchored>,
}

/// A project opened as every entry point opens it (the window, `validate`, `export`,
/// `contradictions`): loaded, then its spans re-anchored where their quotes moved, as one
/// undoable step. What could not be placed (needs review, orphans) keeps its saved offsets and
/// is listed in `reanchored`; exports leave it out ([`crate::export::unplaced`]).
#[derive(Debug)]
pub struct Opened {
    /// With the moves applied (then unsaved: the file on disk is untouched).
    pub document: Document,
    /// What did not check out, as loading found it (sorted by line).
    pub problems: Vec<Problem>,
    pub migrated_from: Option<u32>,
    pub changed_texts: BTreeMap<ArticleId, String>,
    pub reanchored: Vec<crate::text_change::Reanchored>,
}

/// Opens a project for use: [`load`], then the moves re-anchoring found applied in one
/// undoable step ("re-anchor highlights"). Never writes anything.
///
/// # Errors
/// As [`load`].
pub fn open(path: &Path) -> Result<Opened, LoadError> {
    let loaded = load(path)?;
    let edits = crate::text_change::reanchor_edits(
        &loaded.document,
        &loaded.changed_texts,
        &loaded.reanchored,
    );
    let mut document = loaded.document;
    let mut problems = loaded.problems;
    if !edits.is_empty()
        && let Err(e) = document.apply(crate::document::Edit::Batch {
            label: "re-anchor highlights",
            edits,
        })
    {
        problems.push(Problem::new(
            validate::Subject::Project,
            format!("could not re-anchor the highlights of changed texts: {e}"),
        ));
    }
    Ok(Opened {
        document,
        problems,
        migrated_from: loaded.migrated_from,
        changed_texts: loaded.changed_texts,
        reanchored: loaded.reanchored,
    })
}

/// Opens a project file and the articles it references. Never writes anything.
///
/// # Errors
/// [`LoadError`] when the project file itself cannot be read or parsed.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let read_err = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let meta = fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(read_err(io::Error::other(
            "it is a folder; open the project's .ron file",
        )));
    }
    if meta.len() > MAX_PROJECT_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
        });
    }
    let bytes = fs::read(path).map_err(read_err)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let source = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        path: path.to_owned(),
        place: crate::text::utf8_error_place(e.as_bytes(), e.utf8_error().valid_up_to()),
    })?;
    let mut project = parse(&source, path)?;
    let migrated_from = (project.format_version < FORMAT_VERSION).then_some(project.format_version);
    project.format_version = FORMAT_VERSION;
    crate::migrate::give_iri(&mut project);
    let merged = normalise(&mut project);

    // The article files are read (and hashed) on two threads while this one checks the
    // project's own structure; then the spans are checked against the texts, on two threads.
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    let read = |articles: &[crate::model::Article]| -> Vec<(ArticleId, ArticleFile)> {
        articles
            .iter()
            .map(|a| (a.id.clone(), read_article(folder, &a.path)))
            .collect()
    };
    let (files, mut problems) = std::thread::scope(|scope| {
        let (first, second) = project.articles.split_at(project.articles.len() / 2);
        let first = scope.spawn(|| read(first));
        let second = scope.spawn(|| read(second));
        let problems = validate::check_structure(&project);
        // In the project's order, so a duplicated id keeps its last file, as one pass would.
        let mut files = BTreeMap::new();
        files.extend(joined(first));
        files.extend(joined(second));
        (files, problems)
    });
    problems.extend(validate::check_files(&project, &files));
    // Split where an article's spans end: an article's spans are located together.
    let all = &project.annotations;
    let middle = all.len() / 2;
    let middle = middle
        + all[middle..]
            .partition_point(|a| all.get(middle).is_some_and(|m| a.article == m.article));
    let (first, second) = all.split_at(middle);
    let text = |id: &ArticleId| match files.get(id) {
        Some(ArticleFile::Loaded { text, .. }) => Some(text),
        _ => None,
    };
    let reanchored = std::thread::scope(|scope| {
        let other = scope.spawn(|| crate::text_change::classify_in(first, text));
        let second = crate::text_change::classify_in(second, text);
        let mut found = joined(other);
        found.extend(second);
        found
    });
    problems.extend(reanchored.iter().filter_map(|r| {
        let message = validate::reanchoring_message(r, text(&r.article)?);
        Some(Problem::new(
            validate::Subject::Annotation(r.annotation.clone()),
            message,
        ))
    }));
    problems.extend(merged);
    problems.sort();
    validate::locate(&mut problems, &source);

    let changed_texts = project
        .articles
        .iter()
        .filter_map(|a| match files.get(&a.id) {
            Some(ArticleFile::Loaded { sha256, .. }) if sha256 != &a.sha256 => {
                Some((a.id.clone(), sha256.clone()))
            }
            _ => None,
        })
        .collect();
    let texts = files
        .into_iter()
        .filter_map(|(id, f)| match f {
            ArticleFile::Loaded { text, .. } => Some((id, text)),
            _ => None,
        })
        .collect();
    Ok(Loaded {
        document: Document::new(project, texts),
        problems,
        migrated_from,
        changed_texts,
        reanchored,
    })
}

/// The result of a scoped thread; a panic there goes on in this one.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Parses project RON, checking the format version before the rest.
///
/// # Errors
/// [`LoadError::Syntax`] with line and column, or [`LoadError::UnsupportedVersion`].
pub fn parse(source: &str, path: &Path) -> Result<Project, LoadError> {
    #[derive(serde::Deserialize)]
    struct VersionProbe {
        format_version: u32,
    }
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let syntax = |e: ron::error::SpannedError| LoadError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    };
    let unsupported = |found: u32| LoadError::UnsupportedVersion {
        path: path.to_owned(),
        found,
    };
    match options.from_str::<Project>(source) {
        Ok(p) if p.format_version == 0 || p.format_version > FORMAT_VERSION => {
            Err(unsupported(p.format_version))
        }
        Ok(p) => Ok(p),
        // A file from a newer version may have fields this one does not know; say so plainly
        // instead of complaining about the first unknown field. (Checked only on failure, so a
        // good file is parsed once.)
        Err(e) => match options.from_str::<VersionProbe>(source) {
            Ok(probe) if probe.format_version == 0 || probe.format_version > FORMAT_VERSION => {
                Err(unsupported(probe.format_version))
            }
            // Format 2 reviewed quote pairs: read the old shape and carry its reviews into
            // the disagreements (a v1 or v2 file without reviews already parsed above).
            Ok(probe) if probe.format_version < 3 => options
                .from_str::<crate::migrate::ProjectV2>(source)
                .map(crate::migrate::ProjectV2::into_current)
                .map_err(syntax),
            _ => Err(syntax(e)),
        },
    }
}

/// Restores the invariants the rest of the program relies on, for hand-edited files:
/// annotations sorted, entity links sorted without duplicates, one claim link per claim and
/// speaker on a span, one review per disagreement. A file saved by Crosscheck is already in
/// this form, so loading and saving it again gives the same bytes.
///
/// Repeats that lose nothing are dropped silently. Repeats that differ are never dropped
/// without a word: reviews of one disagreement are merged (the first state, every distinct
/// note) and reported, and a second stance for the same claim and speaker is reported with
/// what it said, so the user can put it back (the file as it was is kept as `.bak` at the
/// next save).
pub(crate) fn normalise(project: &mut Project) -> Vec<Problem> {
    let mut problems = Vec::new();
    for a in &mut project.annotations {
        // Just parsed: each annotation has one owner, so this never copies.
        let a = std::sync::Arc::make_mut(a);
        a.entities.sort();
        a.entities.dedup();
        for (kept, dropped) in ClaimLink::normalise(&mut a.claims) {
            let speaker = kept
                .speaker
                .as_ref()
                .map_or_else(|| "no speaker".to_owned(), |s| format!("speaker {s}"));
            problems.push(Problem::new(
                validate::Subject::Annotation(a.id.clone()),
                format!(
                    "links claim {} twice with {speaker}, as {} and as {}; one span gives one stance per speaker, so the first, {}, is kept",
                    kept.claim,
                    kept.stance.label(),
                    dropped.stance.label(),
                    kept.stance.label()
                ),
            ));
        }
    }
    project
        .annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    project
        .links
        .sort_by(|a, b| (&a.from, &a.to, a.kind, &a.id).cmp(&(&b.from, &b.to, b.kind, &b.id)));
    // A linked pair is keyed with its spans in id order, whichever way a hand edit put them.
    for r in &mut project.reviews {
        if let crate::model::DisagreementKey::Linked { a, b } = &mut r.key
            && a > b
        {
            std::mem::swap(a, b);
        }
    }
    project.dismissed.sort();
    project.dismissed.dedup();
    project.reviews.sort_by(|a, b| a.key.cmp(&b.key));
    let mut reviews: Vec<Review> = Vec::with_capacity(project.reviews.len());
    for review in project.reviews.drain(..) {
        match reviews.last_mut() {
            Some(k) if k.key == review.key => {
                let note = review.note.trim();
                let merged = !note.is_empty() && !k.note.contains(note);
                // An open review without a new note says nothing the kept one does not.
                if !merged && (k.state == review.state || review.state == ReviewState::Open) {
                    continue;
                }
                problems.push(Problem::new(
                    validate::Subject::Review(review.key.clone()),
                    format!(
                        "is given twice ({} and {}); the first, {}, is kept{}",
                        k.state.label(),
                        review.state.label(),
                        k.state.label(),
                        if merged { ", with both notes" } else { "" }
                    ),
                ));
                if merged {
                    if !k.note.is_empty() {
                        k.note.push_str("\n\n");
                    }
                    k.note.push_str(note);
                }
            }
            _ => reviews.push(review),
        }
    }
    project.reviews = reviews;
    problems
}

/// Reads one article file relative to the project folder.
fn read_article(folder: &Path, rel: &str) -> ArticleFile {
    if let Some(reason) = validate::unsafe_article_path(rel) {
        return ArticleFile::Refused { reason };
    }
    let full = folder.join(rel);
    let meta = match fs::metadata(&full) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return ArticleFile::Missing { path: full };
        }
        Err(e) => {
            return ArticleFile::Unreadable {
                path: full,
                reason: e.to_string(),
            };
        }
    };
    if meta.is_dir() {
        return ArticleFile::Unreadable {
            path: full,
            reason: "it is a folder, not a text file".into(),
        };
    }
    // A symbolic link (of the file or of a folder on its way) may point anywhere: a shared
    // project must not read, and export, a file outside its folder.
    if let (Ok(real), Ok(root)) = (fs::canonicalize(&full), fs::canonicalize(folder))
        && !real.starts_with(&root)
    {
        return ArticleFile::Refused {
            reason: format!(
                "its path {rel:?} leads outside the project folder, to {} (through a symbolic link); copy the file into the project folder instead",
                real.display()
            ),
        };
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return ArticleFile::Unreadable {
            path: full,
            reason: format!(
                "it is {} bytes, more than the {MAX_ARTICLE_BYTES} an article may have",
                meta.len()
            ),
        };
    }
    let bytes = match fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            return ArticleFile::Unreadable {
                path: full,
                reason: e.to_string(),
            };
        }
    };
    let sha256 = sha256_hex(&bytes);
    match std::str::from_utf8(&bytes) {
        Ok(s) => ArticleFile::Loaded {
            text: ArticleText::new(s),
            sha256,
        },
        Err(e) => ArticleFile::Unreadable {
            path: full,
            reason: format!(
                "it is not UTF-8 text ({})",
                crate::text::utf8_error_place(&bytes, e.valid_up_to())
            ),
        },
    }
}

/// The project as saved: pretty RON with a stable layout, ending in a newline.
///
/// # Errors
/// A message if serde cannot serialise the project (it always can for valid data).
pub fn to_ron(project: &Project) -> Result<String, String> {
    concat(ron_parts(project)?)
}

fn concat(mut parts: Vec<String>) -> Result<String, String> {
    if parts.len() == 1 {
        return parts.pop().ok_or_else(String::new);
    }
    let mut out = String::with_capacity(parts.iter().map(String::len).sum());
    for part in &parts {
        out.push_str(part);
    }
    Ok(out)
}

/// The project's RON text in pieces, in order: one pass for a small project; for a large
/// one, the annotations in chunks serialised on the machine's cores.
///
/// Annotations are most of a project, and most of a save's time is ron escaping their
/// quotes and context char by char. Each chunk is written one level deeper than a list of
/// its own, so the pieces joined are byte for byte what one pass writes: pretty RON escapes
/// line breaks inside strings, so every line break in the output is the printer's own.
fn ron_parts(project: &Project) -> Result<Vec<String>, String> {
    const MIN_PER_CHUNK: usize = 2_000;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunks = (project.annotations.len() / MIN_PER_CHUNK).clamp(1, cores.min(8));
    if chunks == 1 {
        return Ok(vec![to_ron_in_one_pass(project)?]);
    }
    ron_parts_in_chunks(project, chunks)
}

/// [`ron_parts`] with the annotations serialised in `chunks` parts on as many threads.
fn ron_parts_in_chunks(project: &Project, chunks: usize) -> Result<Vec<String>, String> {
    const EMPTY: &str = "\n    annotations: [],\n";
    let shell = Project {
        publisher: project.publisher.clone(),
        dismissed: project.dismissed.clone(),
        conflicts: project.conflicts.clone(),
        format_version: project.format_version,
        iri: project.iri.clone(),
        name: project.name.clone(),
        articles: project.articles.clone(),
        entities: project.entities.clone(),
        annotations: Vec::new(),
        claims: project.claims.clone(),
        links: project.links.clone(),
        reviews: project.reviews.clone(),
    };
    let shell = to_ron_in_one_pass(&shell)?;
    let at = shell
        .find(EMPTY)
        .ok_or("the annotations field is missing from the project text")?;
    let per_chunk = project.annotations.len().div_ceil(chunks);
    let mut parts = vec![format!("{}\n    annotations: [\n", &shell[..at])];
    std::thread::scope(|scope| {
        let workers: Vec<_> = project
            .annotations
            .chunks(per_chunk)
            .map(|chunk| scope.spawn(move || annotations_one_level_down(chunk)))
            .collect();
        for worker in workers {
            let part = worker
                .join()
                .unwrap_or_else(|_| Err("serialising annotations failed".into()))?;
            parts.push(part);
        }
        Ok::<(), String>(())
    })?;
    parts.push(format!("    ],\n{}", &shell[at + EMPTY.len()..]));
    Ok(parts)
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
}

/// The project as pretty RON, serialised in one pass.
fn to_ron_in_one_pass(project: &Project) -> Result<String, String> {
    // About 600 bytes an annotation: reserving up front spares copying a growing string.
    let mut out = String::with_capacity(4096 + project.annotations.len() * 640);
    ron::ser::to_writer_pretty(&mut out, project, pretty()).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(out)
}

/// Text written one indentation level deeper, leaving out the first `skip` bytes.
struct Deeper<'a> {
    out: &'a mut String,
    skip: usize,
    at_line_start: bool,
}

impl std::fmt::Write for Deeper<'_> {
    fn write_str(&mut self, mut s: &str) -> std::fmt::Result {
        if self.skip > 0 {
            let n = self.skip.min(s.len());
            self.skip -= n;
            s = s.get(n..).ok_or(std::fmt::Error)?;
        }
        // ron writes strings a char at a time: the common case, no line break, goes first.
        if !self.at_line_start && s.len() <= 4 && !s.contains('\n') {
            self.out.push_str(s);
            return Ok(());
        }
        while !s.is_empty() {
            if self.at_line_start {
                self.out.push_str("    ");
                self.at_line_start = false;
            }
            if let Some(i) = s.find('\n') {
                self.out.push_str(&s[..=i]);
                s = &s[i + 1..];
                self.at_line_start = true;
            } else {
                self.out.push_str(s);
                s = "";
            }
        }
        Ok(())
    }
}

/// The lines a run of annotations has inside the project's annotations list: each element
/// as pretty RON, indented two levels.
fn annotations_one_level_down(
    chunk: &[std::sync::Arc<crate::model::Annotation>],
) -> Result<String, String> {
    let mut out = String::with_capacity(chunk.len() * 700);
    // A list is `[`, a line break, the elements one level deep, `]`: keep the elements.
    let mut deeper = Deeper {
        out: &mut out,
        skip: 2,
        at_line_start: true,
    };
    ron::ser::to_writer_pretty(&mut deeper, &chunk, pretty()).map_err(|e| e.to_string())?;
    if !out.ends_with("    ]") || chunk.is_empty() {
        return Err("unexpected list of annotations".into());
    }
    out.truncate(out.len() - "    ]".len());
    Ok(out)
}

/// Saves the project atomically; the previous file, if any, is kept as `<name>.ron.bak`.
///
/// # Errors
/// [`SaveError`]; the project file is then untouched.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    let parts = ron_parts(project).map_err(|message| SaveError::Serialize {
        path: path.to_owned(),
        message,
    })?;
    let write = |out: &mut dyn Write| parts.iter().try_for_each(|p| out.write_all(p.as_bytes()));
    write_atomic_with(path, true, write).map_err(|source| SaveError::Write {
        path: path.to_owned(),
        source,
    })?;
    remove_stale_temps(path);
    Ok(())
}

/// Saves the project under a new path. When that is in another folder, the article files
/// are copied there under the same relative paths first, so the new project folder is whole.
/// An article file already at the target with different content is an error, not
/// overwritten.
///
/// # Errors
/// [`SaveError`] naming the file that failed; the new project file is then not written.
pub fn save_as(project: &Project, from: &Path, to: &Path) -> Result<(), SaveError> {
    let from_dir = folder_of(from);
    let to_dir = folder_of(to);
    let same = match (fs::canonicalize(&from_dir), fs::canonicalize(&to_dir)) {
        (Ok(a), Ok(b)) => a == b,
        _ => from_dir == to_dir,
    };
    if !same {
        for article in &project.articles {
            if validate::unsafe_article_path(&article.path).is_some() {
                continue;
            }
            let src = from_dir.join(&article.path);
            let dst = to_dir.join(&article.path);
            let write_err = |source| SaveError::Write {
                path: dst.clone(),
                source,
            };
            let Ok(bytes) = fs::read(&src) else {
                continue; // already missing at the source; the project reports it
            };
            if let Ok(existing) = fs::read(&dst) {
                if existing == bytes {
                    continue;
                }
                return Err(write_err(io::Error::other(
                    "a different article file is already there; choose an empty folder",
                )));
            }
            if let Some(parent) = dst.parent() {
                fs::create_dir_all(parent).map_err(write_err)?;
            }
            write_atomic(&dst, &bytes, false).map_err(write_err)?;
        }
    }
    save(project, to)
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Keeps the file as it was before a migration to the current format, as
/// `<name>.v<version>.bak` (`crosscheck.ron` → `crosscheck.ron.v1.bak`), once: a backup
/// already there is never overwritten, so the old version survives every later save (the
/// rolling `.bak` does not). Call before the first save of a migrated project.
///
/// # Errors
/// The I/O error; the project file is untouched either way.
pub fn backup_before_migration(path: &Path, from_version: u32) -> io::Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{from_version}.bak"));
    let backup = path.with_file_name(name);
    if backup.exists() {
        return Ok(backup);
    }
    let old = fs::read(path)?;
    write_atomic(&backup, &old, false)?;
    Ok(backup)
}

/// How old a temp file of ours must be before a save removes it as left over.
const STALE_TEMP_SECS: u64 = 60;

/// Removes temp files that an interrupted save of `path` left behind (a killed process, a
/// power cut): ours are named `.<name>.<uuid>.tmp` or `.<name>.<uuid>.bak.tmp`. Only those
/// older than a minute go, so a save running in another process at the same moment is left
/// alone. Best effort.
pub fn remove_stale_temps(path: &Path) {
    let folder = folder_of(path);
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(&folder) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        // Our own names, exactly as `replace_file` and `keep_as_backup` make them.
        let ours = file.strip_prefix(&prefix).is_some_and(|rest| {
            let uuid = rest
                .strip_suffix(".bak.tmp")
                .or_else(|| rest.strip_suffix(".tmp"));
            uuid.is_some_and(|u| u.len() == 32 && u.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age.as_secs() >= STALE_TEMP_SECS);
        if ours && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The backup path of a project file: `crosscheck.ron` → `crosscheck.ron.bak`.
#[must_use]
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` so that the file is always either the old or the new content:
/// a temp file in the same folder, fsync, rename over the target, fsync the folder.
/// With `keep_backup`, the previous content is first copied to [`backup_path`] the same way.
///
/// # Errors
/// The I/O error; the temp file is removed and the target untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomic_with(path, keep_backup, |f| f.write_all(bytes))
}

/// [`write_atomic`] with the content produced by `write`. If `write` fails part way (a full
/// disk), the target is untouched and the temp file removed.
///
/// # Errors
/// The I/O error from `write` or from the file system.
pub fn write_atomic_with(
    path: &Path,
    keep_backup: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let folder = folder_of(path);
    let folder = folder.as_path();
    if path.is_dir() {
        return Err(io::Error::other("the path is a folder"));
    }
    if keep_backup && path.exists() {
        keep_as_backup(folder, path)?;
    }
    replace_file(folder, path, write)
}

/// Makes `<name>.bak` the current content of `path`, atomically: a hard link (no copy) to a
/// temp name renamed over the old backup, or a copy where links are not supported.
fn keep_as_backup(folder: &Path, path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = folder.join(format!(".{name}.{}.bak.tmp", uuid::Uuid::new_v4().simple()));
    if fs::hard_link(path, &tmp).is_ok() {
        let renamed = fs::rename(&tmp, &backup);
        // Also after a successful rename: when the backup already is this very file (a
        // save interrupted between backup and write), POSIX rename does nothing and the
        // temp name would stay behind.
        let _ = fs::remove_file(&tmp);
        return renamed;
    }
    let old = fs::read(path)?;
    replace_file(folder, &backup, |f| f.write_all(&old))
}

fn replace_file(
    folder: &Path,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = folder.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        write(&mut f)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_folder(folder);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes the rename durable. Best effort: some file systems refuse to open folders.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// The ids of articles whose text could not be loaded, for callers that need to tell.
#[must_use]
pub fn missing_texts(doc: &Document) -> Vec<ArticleId> {
    doc.project()
        .articles
        .iter()
        .filter(|a| doc.text(&a.id).is_none())
        .map(|a| a.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunked serialisation writes exactly what one pass writes, also with strings that
    /// hold line breaks, quotes, tabs, right-to-left text and the splice marker itself.
    #[test]
    fn chunked_ron_is_byte_for_byte_one_pass() {
        let (doc, _) = crate::synth::generate(4, 9_000, Some(20), 12);
        let mut project = doc.project().clone();
        let tricky = [
            "line one\n    annotations: [],\nline three",
            "«ما هیچ نقشی نداریم» \"quoted\" \\ back\tslash",
            "\r\n ],\n    (\n",
            "",
        ];
        for (i, a) in project.annotations.iter_mut().enumerate().step_by(997) {
            let a = std::sync::Arc::make_mut(a);
            a.note = tricky[i % tricky.len()].to_owned();
            a.quote = tricky[(i + 1) % tricky.len()].to_owned();
        }
        project.name = tricky[0].to_owned();
        let one = to_ron_in_one_pass(&project).unwrap();
        for chunks in [2, 3, 8] {
            let chunked = concat(ron_parts_in_chunks(&project, chunks).unwrap()).unwrap();
            assert!(chunked == one, "{chunks} chunks differ from one pass");
        }
        let chunked = to_ron(&project).unwrap();
        assert!(chunked == one);
        let back: Project = ron::from_str(&chunked).unwrap();
        assert_eq!(back, project);
    }
}
