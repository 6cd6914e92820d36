//! Importing articles (.txt, .md, .html files) and brat corpora (.txt + .ann pairs).
//!
//! A web page keeps its main content and its metadata ([`crate::web_page`]), or its whole text
//! when asked. Article text is normalised to NFC with LF line
//! ends. A brat text is kept as it is (only its line ends become LF), since brat offsets count
//! its code points. A bad file or line is reported in [`ImportReport::skipped`] and never stops
//! the rest; a reason says what and why, and the caller adds the path last, as
//! [`Skipped`]'s `Display` does.

use crate::model::{
    Annotation, AnnotationId, Article, ArticleId, CONTEXT_CHARS, Entity, EntityId, EntityKind,
    FORMAT_VERSION, Project, Rgb,
};
use crate::store::MAX_ARTICLE_BYTES;
use crate::text::{ArticleText, sha256_hex};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One file turned into an article: metadata plus normalised text (NFC, LF line endings).
#[derive(Clone, Debug)]
pub struct ImportedArticle {
    pub article: Article,
    /// The text to write at `article.path`; `article.sha256` is the hash of its UTF-8 bytes.
    pub text: String,
}

/// A file, or a line of a brat `.ann` file, that was not imported, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub path: PathBuf,
    /// What and why, without the path: `not UTF-8 text (invalid byte 0xE9 at line 1,
    /// column 13 (byte offset 12))`.
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.reason, self.path.display())
    }
}

/// What an import read, what it skipped and why.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// In file-name order.
    pub imported: Vec<ImportedArticle>,
    pub skipped: Vec<Skipped>,
    /// Remarks that are not failures, each ending with the path it is about: brat lines of
    /// kinds Crosscheck does not import, a brat `.txt` without its `.ann`.
    pub notes: Vec<String>,
    /// The user stopped the import before every file was read.
    pub cancelled: bool,
}

/// Why an import as a whole failed (a single bad file is a [`Skipped`] instead).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not import: {source} ({})", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write article: {source} ({})", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not write article: a different file is already there; move it or choose an empty folder ({})", path.display())]
    WouldOverwrite { path: PathBuf },
}

const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];

/// The lowercase extension, without the dot.
fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The files directly in `dir` with the extension `wanted` accepts, sorted by name. Hidden
/// files (`.name`, such as macOS `._name.txt` resource forks) and folders are left out.
fn list_files(dir: &Path, wanted: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>, ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            !hidden && p.is_file() && wanted(&extension(p))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads a whole file as UTF-8 (a leading byte-order mark dropped), refusing one larger than an
/// article may be.
fn read_utf8(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("unreadable: {e}"))?;
    if meta.is_dir() {
        return Err("unreadable: it is a folder, not a text file".into());
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(format!(
            "too large: {} bytes, more than the {MAX_ARTICLE_BYTES} an article may have",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("unreadable: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text ({})",
            crate::text::utf8_error_place(e.as_bytes(), e.utf8_error().valid_up_to())
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// CRLF and CR to LF; the number of code points stays the same except for CRLF pairs.
fn lf_only(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The first non-empty line, trimmed; for Markdown without its leading `#`s.
fn first_line(text: &str, markdown: bool) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty());
    let line = line.unwrap_or_default();
    if markdown {
        line.trim_start_matches('#').trim().to_owned()
    } else {
        line.to_owned()
    }
}

/// How articles are imported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep a web page's whole text rather than its main content (navigation, footers and
    /// related links included).
    pub whole_page: bool,
}

/// One article file as read: its text and what it says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleFile {
    pub title: String,
    /// In NFC with LF line ends and no trailing whitespace.
    pub text: String,
    /// Web pages only; empty when the page does not say.
    pub outlet: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// A web page whose main content was kept (false: the whole page, or not a web page).
    pub main_content: bool,
}

/// Reads one .txt, .md or .html/.htm file into (title, text): [`read_article`] with the
/// default options, metadata aside.
///
/// # Errors
/// As [`read_article`].
pub fn read_article_file(path: &Path) -> Result<(String, String), String> {
    read_article(path, ImportOptions::default()).map(|a| (a.title, a.text))
}

/// Reads one .txt, .md or .html/.htm file. A web page keeps its main content (see
/// [`crate::web_page`]) unless `options.whole_page`, and gives its title without the site's
/// suffix, outlet, date, canonical address and byline. Other files take their first
/// non-empty line as title (Markdown without the leading `#`s).
///
/// # Errors
/// Why the file cannot be used, without its path: unsupported extension, unreadable, too
/// large, not UTF-8 (with the byte offset), or empty after conversion.
pub fn read_article(path: &Path, options: ImportOptions) -> Result<ArticleFile, String> {
    let ext = extension(path);
    if !ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(format!(
            "not an article file (.{ext}); Crosscheck reads .txt, .md and .html"
        ));
    }
    let raw = read_utf8(path)?;
    let html = ext == "html" || ext == "htm";
    let mut file = if html {
        let page = crate::web_page::read(&raw, options.whole_page);
        ArticleFile {
            title: page.title.unwrap_or_default(),
            text: page.text,
            outlet: page.outlet.unwrap_or_default(),
            published: page.published,
            url: page.url,
            author: page.author,
            main_content: page.extracted,
        }
    } else {
        ArticleFile {
            text: raw,
            ..ArticleFile::default()
        }
    };
    let text: String = lf_only(&file.text).nfc().collect();
    let text = text.trim_end();
    if text.trim_start().is_empty() {
        return Err(if html {
            "empty: no text left once the markup is removed".into()
        } else {
            "empty: the file has no text".into()
        });
    }
    file.title = if file.title.is_empty() {
        first_line(text, ext == "md")
    } else {
        file.title.nfc().collect()
    };
    file.outlet = file.outlet.nfc().collect();
    file.author = file.author.map(|a| a.nfc().collect());
    text.clone_into(&mut file.text);
    Ok(file)
}

/// A slug of `s`: lowercase letters and digits, every other run as one `-`, at most 60
/// characters, `fallback` when nothing is left. With `ascii_only`, accents are dropped
/// ("Café" → "cafe") and other scripts left out; without it, any alphabet is kept, as
/// [`Project::fresh_entity_id`] does.
fn slug(s: &str, ascii_only: bool, fallback: &str) -> String {
    let mut out = String::new();
    let decomposed: String = if ascii_only {
        s.nfd().collect()
    } else {
        s.nfc().collect()
    };
    for c in decomposed.chars().flat_map(char::to_lowercase) {
        if (ascii_only && c.is_ascii_alphanumeric()) || (!ascii_only && c.is_alphanumeric()) {
            out.push(c);
        } else if ascii_only && is_combining_mark(c) {
            // an accent of the letter before
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.chars().take(60).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out.to_owned()
    }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not hold yet; then taken.
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// A unique article id from a file's stem.
fn article_id(path: &Path, taken: &mut BTreeSet<String>) -> ArticleId {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    ArticleId(unique(&slug(&stem, true, "article"), taken))
}

fn imported(id: ArticleId, file: ArticleFile) -> ImportedArticle {
    let article = Article {
        path: format!("articles/{id}.txt"),
        id,
        title: file.title,
        outlet: file.outlet,
        url: file.url,
        published: file.published,
        author: file.author,
        sha256: sha256_hex(file.text.as_bytes()),
    };
    ImportedArticle {
        article,
        text: file.text,
    }
}

/// Imports every .txt, .md and .html/.htm file directly in `dir`, sorted by file name. Other
/// files, hidden files and subfolders are left alone (not reported). See [`import_files`].
///
/// # Errors
/// [`ImportError::Read`] when the folder itself cannot be listed.
pub fn import_folder(
    dir: &Path,
    taken: &[ArticleId],
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, ImportError> {
    let files = list_files(dir, |ext| ARTICLE_EXTENSIONS.contains(&ext))?;
    Ok(import_files(&files, taken, options, progress))
}

/// `paths` with each folder replaced by the files directly in it, sorted by name (hidden
/// files left out); files stay where they are in the list.
#[must_use]
pub fn expand_folders(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            inside.retain(|f| {
                f.is_file()
                    && !f
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            });
            inside.sort();
            files.extend(inside);
        } else {
            files.push(p.clone());
        }
    }
    files
}

/// Imports the given files, in the given order, by [`read_article`]. Ids are slugs of the
/// file stems (lowercase ASCII letters, digits and `-`), made unique against `taken` and each
/// other with `-2`, `-3`…; paths are `articles/<id>.txt`. A file that cannot be used is in
/// `skipped` and the rest go on. `progress(done, total)` is called after each file; when it
/// returns false before the last one, the import stops and the report is `cancelled`.
pub fn import_files(
    files: &[PathBuf],
    taken: &[ArticleId],
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut taken: BTreeSet<String> = taken.iter().map(|id| id.0.clone()).collect();
    for (i, path) in files.iter().enumerate() {
        match read_article(path, options) {
            Ok(file) => {
                let id = article_id(path, &mut taken);
                report.imported.push(imported(id, file));
            }
            Err(reason) => report.skipped.push(Skipped {
                path: path.clone(),
                reason,
            }),
        }
        if !progress(i + 1, files.len()) {
            report.cancelled = i + 1 < files.len();
            break;
        }
    }
    report
}

/// Writes the articles' texts under `project_folder` at their `path`s (creating `articles/`),
/// each atomically. A file already there with the same text is left as it is; one with other
/// content is never overwritten, and then nothing is written at all.
///
/// # Errors
/// [`ImportError`] naming the file in the way or the file that could not be written.
pub fn write_articles(
    project_folder: &Path,
    articles: &[ImportedArticle],
) -> Result<Vec<PathBuf>, ImportError> {
    let mut to_write = Vec::new();
    for a in articles {
        let path = project_folder.join(&a.article.path);
        match std::fs::read(&path) {
            Ok(existing) if existing == a.text.as_bytes() => {}
            Ok(_) => return Err(ImportError::WouldOverwrite { path }),
            Err(_) if path.exists() => return Err(ImportError::WouldOverwrite { path }),
            Err(_) => to_write.push((path, a)),
        }
    }
    for (path, a) in &to_write {
        let write_err = |source| ImportError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        crate::store::write_atomic(path, a.text.as_bytes(), false).map_err(write_err)?;
    }
    Ok(articles
        .iter()
        .map(|a| project_folder.join(&a.article.path))
        .collect())
}

/// A text-bound (`T`) line of a `.ann` file: `T1\tType 0 4;9 12\ttext`.
struct TLine<'a> {
    ty: &'a str,
    fragments: Vec<(usize, usize)>,
    /// Absent in some tools' output; then it is not checked.
    text: Option<&'a str>,
}

/// A brat normalization: the "same as" IRI of its reference, and the reference's text.
struct Norm<'a> {
    iri: String,
    text: &'a str,
}

/// An `N` line after its tag: `Reference T1 Wikidata:Q794<TAB>Iran` as `T1` and its
/// normalization.
fn parse_n(rest: &str) -> Result<(&str, Norm<'_>), String> {
    let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
    let mut parts = head.split_whitespace();
    let (Some(_kind), Some(target), Some(reference), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!(
            "not a brat normalization (Reference T1 Wikidata:Q794): {head:?}"
        ));
    };
    let (db, id) = reference
        .split_once(':')
        .ok_or_else(|| format!("the reference {reference:?} is not DATABASE:ID"))?;
    let iri = crate::linked::from_brat_reference(db, id)
        .ok_or_else(|| format!("the reference {reference:?} is not one Crosscheck can link to"))?;
    Ok((target, Norm { iri, text }))
}

fn parse_t(rest: &str) -> Option<TLine<'_>> {
    let (head, text) = match rest.split_once('\t') {
        Some((head, text)) => (head, Some(text)),
        None => (rest, None),
    };
    let (ty, offsets) = head.split_once(' ')?;
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let mut numbers = fragment.split_whitespace().map(str::parse::<usize>);
        match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(Ok(s)), Some(Ok(e)), None) => fragments.push((s, e)),
            _ => return None,
        }
    }
    Some(TLine {
        ty,
        fragments,
        text,
    })
}

/// The fragments' texts when every fragment lies inside `text` and, where the line gives its
/// text, they match it (brat joins fragments with a space; runs of whitespace may differ).
fn anchor<'t>(
    text: &'t ArticleText,
    fragments: &[(usize, usize)],
    expected: Option<&str>,
) -> Result<Vec<&'t str>, String> {
    let mut quotes = Vec::new();
    for &(s, e) in fragments {
        if s >= e {
            return Err(format!("span {s}..{e} is empty or reversed"));
        }
        let quote = text.slice(s..e).ok_or_else(|| {
            format!(
                "span {s}..{e} is outside the text ({} characters)",
                text.char_count()
            )
        })?;
        quotes.push(quote);
    }
    let found = quotes.join(" ");
    match expected {
        Some(want)
            if want != found
                && crate::web_page::collapse(want) != crate::web_page::collapse(&found) =>
        {
            Err(format!(
                "the line's text {want:?} is not the text's {found:?} at those offsets"
            ))
        }
        _ => Ok(quotes),
    }
}

/// `(target, note)` of a `#1\tAnnotatorNotes T1\tthe note` line.
fn annotator_note<'a>(tag: &str, rest: &'a str) -> Option<(&'a str, &'a str)> {
    let (head, note) = rest.split_once('\t').filter(|_| tag.starts_with('#'))?;
    Some((head.strip_prefix("AnnotatorNotes ")?.trim(), note))
}

/// A project being built from the `.ann` files of a brat corpus.
struct Brat<'a> {
    project: Project,
    report: ImportReport,
    /// Entity index in `project.entities` by brat type.
    types: BTreeMap<String, usize>,
    entity_ids: BTreeSet<String>,
    /// Annotation index by `(char_start, char_end)` in the current document.
    spans: BTreeMap<(usize, usize), usize>,
    created: &'a str,
}

impl Brat<'_> {
    /// The entity of a brat type, made on first sight: id a slug of the type, name the type
    /// with `_` as spaces, colours from the palette in turn. A mention brat normalizes (`N`
    /// lines) gets the entity of its type and references instead, named by the reference's
    /// text, its references as its "same as" links: `Person` normalized to `Wikidata:Q22686`
    /// is another entity than `Person` normalized to `Wikidata:Q10853588`.
    fn entity(&mut self, ty: &str, norms: &[Norm<'_>]) -> usize {
        let mut same_as: Vec<String> = Vec::new();
        for n in norms {
            if !same_as.contains(&n.iri) {
                same_as.push(n.iri.clone());
            }
        }
        let key = if same_as.is_empty() {
            ty.to_owned()
        } else {
            let mut sorted = same_as.clone();
            sorted.sort();
            format!("{ty}\u{0}{}", sorted.join("\u{0}"))
        };
        if let Some(&i) = self.types.get(&key) {
            return i;
        }
        let name = norms
            .iter()
            .map(|n| n.text.trim())
            .find(|t| !t.is_empty())
            .map_or_else(|| ty.replace('_', " "), str::to_owned);
        let kind = EntityKind::ALL
            .into_iter()
            .find(|k| {
                k.label().eq_ignore_ascii_case(ty)
                    || (ty.eq_ignore_ascii_case("per") && *k == EntityKind::Person)
            })
            .unwrap_or(EntityKind::Other);
        // The id of the type when it names the same (as Crosscheck's own export writes it:
        // `new_york_times` for "The New York Times"), else of the name (`Person` normalized to
        // "Donald Trump" is `donald-trump`).
        let (by_type, by_name) = (slug(ty, false, "entity"), slug(&name, false, "entity"));
        let words = |s: &str| format!("-{s}-");
        let (t, n) = (words(&by_type), words(&by_name));
        let id = if n.contains(&t) || t.contains(&n) {
            by_type
        } else {
            by_name
        };
        let i = self.project.entities.len();
        self.project.entities.push(Entity {
            id: EntityId(unique(&id, &mut self.entity_ids)),
            name,
            kind,
            color: Rgb::PALETTE[i % Rgb::PALETTE.len()],
            aliases: Vec::new(),
            same_as,
        });
        self.types.insert(key, i);
        i
    }

    /// Reads one document's `.ann`: `T` lines become annotations (their `N` normalizations
    /// their entities' "same as" links), `AnnotatorNotes` lines their notes; other lines are
    /// counted in a report note.
    fn add_document(&mut self, doc: &Doc<'_>, ann_path: &Path, ann: &str) {
        self.spans.clear();
        let mut by_t: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut notes: Vec<(&str, &str)> = Vec::new();
        let mut t_lines: Vec<(usize, &str, &str)> = Vec::new();
        let mut norms: BTreeMap<&str, Vec<Norm<'_>>> = BTreeMap::new();
        let mut ignored: BTreeMap<char, usize> = BTreeMap::new();
        let skip = |n: usize, reason: String, report: &mut ImportReport| {
            let reason = format!("line {}: {reason}", n + 1);
            let path = ann_path.to_owned();
            report.skipped.push(Skipped { path, reason });
        };
        // Normalizations may come after the lines they name: every line is sorted first.
        for (n, line) in ann
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            match line.split_once('\t') {
                None => skip(
                    n,
                    format!("not a brat annotation line (no tab): {line:?}"),
                    &mut self.report,
                ),
                Some((tag, rest)) if tag.starts_with('T') => t_lines.push((n, tag, rest)),
                Some((tag, rest)) if tag.starts_with('N') => match parse_n(rest) {
                    Ok((target, norm)) => norms.entry(target).or_default().push(norm),
                    Err(reason) => skip(n, format!("{tag}: {reason}"), &mut self.report),
                },
                Some((tag, rest)) => {
                    if let Some(note) = annotator_note(tag, rest) {
                        notes.push(note);
                    } else {
                        *ignored
                            .entry(tag.chars().next().unwrap_or('?'))
                            .or_default() += 1;
                    }
                }
            }
        }
        for (n, tag, rest) in t_lines {
            let result = match parse_t(rest) {
                None => Err(format!("not a brat text-bound line: {tag}\t{rest:?}")),
                Some(t) => {
                    let these = norms.remove(tag).unwrap_or_default();
                    (self.add_t_line(doc, &t, &these))
                        .map(|indices| by_t.entry(tag).or_default().extend(indices))
                        .map_err(|reason| format!("{tag}: {reason}"))
                }
            };
            if let Err(reason) = result {
                skip(n, reason, &mut self.report);
            }
        }
        for (target, _) in norms {
            self.report.skipped.push(Skipped {
                path: ann_path.to_owned(),
                reason: format!(
                    "a normalization names {target}, which is not a text-bound annotation of this file"
                ),
            });
        }
        for (target, note) in notes {
            let Some(indices) = by_t.get(target) else {
                *ignored.entry('#').or_default() += 1;
                continue;
            };
            for &i in indices {
                let a = std::sync::Arc::make_mut(&mut self.project.annotations[i]);
                if a.note.is_empty() {
                    note.clone_into(&mut a.note);
                } else if !a.note.split('\n').any(|l| l == note) {
                    a.note = format!("{}\n{note}", a.note);
                }
            }
        }
        if !ignored.is_empty() {
            let total: usize = ignored.values().sum();
            let kinds: Vec<String> = ignored.iter().map(|(k, n)| format!("{k} {n}")).collect();
            self.report.notes.push(format!(
                "ignored {total} lines of kinds Crosscheck does not import from brat ({}) ({})",
                kinds.join(", "),
                ann_path.display()
            ));
        }
    }

    /// One annotation per fragment of a `T` line; a fragment on the span of an earlier `T`
    /// line of the document adds its entity to that annotation. Returns the annotations'
    /// indices.
    fn add_t_line(
        &mut self,
        doc: &Doc<'_>,
        t: &TLine<'_>,
        norms: &[Norm<'_>],
    ) -> Result<Vec<usize>, String> {
        // brat counts a CRLF as one character (nlplab/brat#853); other tools count both, so
        // with CRLF those offsets are tried too.
        let before = |o: usize| o - doc.dropped_crs.partition_point(|&p| p < o);
        let (fragments, quotes) = anchor(doc.text, &t.fragments, t.text)
            .map(|quotes| (t.fragments.clone(), quotes))
            .or_else(|e| {
                let moved: Vec<(usize, usize)> = (t.fragments.iter())
                    .map(|&(s, e)| (before(s), before(e)))
                    .collect();
                let quotes = anchor(doc.text, &moved, t.text).map_err(|_| e)?;
                Ok::<_, String>((moved, quotes))
            })?;
        let e = self.entity(t.ty, norms);
        let entity_id = self.project.entities[e].id.clone();
        let mut indices = Vec::new();
        for ((start, end), quote) in fragments.into_iter().zip(quotes) {
            let aliases = &mut self.project.entities[e].aliases;
            if !aliases.iter().any(|a| a == quote) {
                aliases.push(quote.to_owned());
            }
            let i = *self.spans.entry((start, end)).or_insert_with(|| {
                let (prefix, suffix) = doc.text.context(start..end, CONTEXT_CHARS);
                self.project
                    .annotations
                    .push(std::sync::Arc::new(Annotation {
                        created_by: None,
                        modified: None,
                        modified_by: None,
                        id: AnnotationId::random(),
                        article: doc.article.clone(),
                        char_start: start,
                        char_end: end,
                        quote: quote.to_owned(),
                        prefix,
                        suffix,
                        entities: Vec::new(),
                        claims: Vec::new(),
                        note: String::new(),
                        created: self.created.to_owned(),
                    }));
                self.project.annotations.len() - 1
            });
            let entities = &mut std::sync::Arc::make_mut(&mut self.project.annotations[i]).entities;
            if let Err(at) = entities.binary_search(&entity_id) {
                entities.insert(at, entity_id.clone());
            }
            indices.push(i);
        }
        Ok(indices)
    }
}

/// One brat document: its article, its text, and the CRs that CRLF → LF removed.
struct Doc<'a> {
    article: &'a ArticleId,
    text: &'a ArticleText,
    /// Code-point offsets, in the file as read, of the CRs of CRLF pairs.
    dropped_crs: &'a [usize],
}

/// A brat standoff corpus (pairs `NAME.txt` + `NAME.ann` directly in `dir`) as a new project
/// named after the folder: one article per `.txt` (text kept exactly, only line ends made LF;
/// no NFC, so brat's code-point offsets stay right; title its first non-empty line), one
/// entity per `T` type (kind Other, aliases the distinct span texts), one annotation per
/// fragment of each `T` line (created `created`), `AnnotatorNotes` as notes. `A`, `R`, `E`,
/// `N`, `*` and other lines are counted in a report note, not imported. A `T` line whose
/// offsets fall outside the text or whose text does not match is skipped with its line
/// number. The report's `imported` holds the article texts to write.
///
/// # Errors
/// [`ImportError::Read`] when the folder cannot be listed.
pub fn import_brat(dir: &Path, created: &str) -> Result<(Project, ImportReport), ImportError> {
    let txts = list_files(dir, |ext| ext == "txt")?;
    let name = dir.file_name().map_or_else(
        || "brat corpus".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut brat = Brat {
        project: Project::new(name),
        report: ImportReport::default(),
        types: BTreeMap::new(),
        entity_ids: BTreeSet::new(),
        spans: BTreeMap::new(),
        created,
    };
    brat.project.format_version = FORMAT_VERSION;
    let mut taken = BTreeSet::new();
    for txt in &txts {
        let raw = match read_utf8(txt) {
            Ok(raw) => raw,
            Err(reason) => {
                let path = txt.clone();
                brat.report.skipped.push(Skipped { path, reason });
                continue;
            }
        };
        let dropped_crs: Vec<usize> = (raw.chars().zip(raw.chars().skip(1)).enumerate())
            .filter_map(|(i, pair)| (pair == ('\r', '\n')).then_some(i))
            .collect();
        let text = lf_only(&raw);
        let id = article_id(txt, &mut taken);
        let ann_path = txt.with_extension("ann");
        if ann_path.exists() {
            match read_utf8(&ann_path) {
                Ok(ann) => {
                    let text = ArticleText::new(&text);
                    let doc = Doc {
                        article: &id,
                        text: &text,
                        dropped_crs: &dropped_crs,
                    };
                    brat.add_document(&doc, &ann_path, &ann);
                }
                Err(reason) => brat.report.skipped.push(Skipped {
                    path: ann_path,
                    reason: format!("{reason}; the article is imported without spans"),
                }),
            }
        } else {
            brat.report.notes.push(format!(
                "no .ann file beside the text; imported without spans ({})",
                ann_path.display()
            ));
        }
        let title = first_line(&text, false);
        let file = ArticleFile {
            title,
            text,
            ..ArticleFile::default()
        };
        brat.report.imported.push(imported(id, file));
    }
    let (mut project, report) = (brat.project, brat.report);
    project.articles = report.imported.iter().map(|a| a.article.clone()).collect();
    project
        .annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    project.entities.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((project, report))
}
