//! Importing articles (.txt, .md, .html files) and brat corpora (.txt + .ann pairs).
//!
//! HTML becomes text through a real HTML5 parser (`scraper`): scripts and styles are dropped,
//! block elements become line breaks. Text is normalised to NFC and LF line endings. A bad
//! file is reported and skipped; it never stops the rest.

use crate::model::{
    Annotation, AnnotationId, Article, ArticleId, CONTEXT_CHARS, Entity, EntityId, EntityKind,
    FORMAT_VERSION, Project, Rgb,
};
use crate::text::{ArticleText, sha256_hex};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// One file turned into an article: metadata plus normalised text.
#[derive(Clone, Debug)]
pub struct ImportedArticle {
    pub article: Article,
    pub text: String,
}

/// A file that was not imported, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<ImportedArticle>,
    pub skipped: Vec<Skipped>,
    /// The user stopped the import before every file was read.
    pub cancelled: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not import: {source} ({})", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not import: {source} ({})", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not import: a different file is already there; choose an empty folder ({})", path.display())]
    WouldOverwrite { path: PathBuf },
}

const ARTICLE_EXTENSIONS: [&str; 4] = ["txt", "md", "html", "htm"];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// CRLF and CR to LF, then NFC.
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect()
}

/// Reads one .txt, .md or .html/.htm file into (title, text).
///
/// # Errors
/// A message saying why the file cannot be used (not UTF-8, unreadable, empty, unsupported).
pub fn read_article_file(path: &Path) -> Result<(String, String), String> {
    let ext = extension(path);
    if !ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(format!(
            "not an article file (.{ext}); Crosscheck reads .txt, .md and .html"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("unreadable: {e}"))?;
    let raw = std::str::from_utf8(&bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let (title, text) = if ext == "html" || ext == "htm" {
        html_to_text(raw)
    } else {
        let text = normalise(raw);
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        let title = if ext == "md" {
            first.trim_start_matches('#').trim().to_owned()
        } else {
            first.to_owned()
        };
        (title, text)
    };
    let text = text.trim_end().to_owned();
    if text.trim().is_empty() {
        return Err("empty: no text in the file".into());
    }
    Ok((normalise(&title), normalise(&text)))
}

/// Tags whose content is never text.
const DROPPED: [&str; 8] = [
    "script", "style", "noscript", "template", "head", "svg", "iframe", "object",
];
/// Tags that end a paragraph.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "article",
    "section",
    "header",
    "footer",
    "main",
    "aside",
    "ul",
    "ol",
    "table",
    "pre",
    "figcaption",
    "hr",
];

/// HTML to (title, text): paragraphs on their own lines, whitespace collapsed inside them.
fn html_to_text(html: &str) -> (String, String) {
    let doc = scraper::Html::parse_document(html);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    walk(doc.tree.root(), &mut paragraphs, &mut current);
    flush(&mut paragraphs, &mut current);
    let pick = |selector: &str| {
        scraper::Selector::parse(selector).ok().and_then(|s| {
            doc.select(&s)
                .next()
                .map(|e| {
                    e.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|t| !t.is_empty())
        })
    };
    let title = pick("title")
        .or_else(|| pick("h1"))
        .or_else(|| paragraphs.first().cloned())
        .unwrap_or_default();
    (title, paragraphs.join("\n"))
}

fn flush(paragraphs: &mut Vec<String>, current: &mut String) {
    let p = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !p.is_empty() {
        paragraphs.push(p);
    }
    current.clear();
}

fn walk(
    node: ego_tree::NodeRef<'_, scraper::Node>,
    paragraphs: &mut Vec<String>,
    current: &mut String,
) {
    for child in node.children() {
        match child.value() {
            scraper::Node::Text(t) => current.push_str(t),
            scraper::Node::Element(e) => {
                let name = e.name();
                if DROPPED.contains(&name) {
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    flush(paragraphs, current);
                }
                walk(child, paragraphs, current);
                if block {
                    flush(paragraphs, current);
                }
            }
            _ => walk(child, paragraphs, current),
        }
    }
}

/// A lowercase ASCII slug of a file stem, unique against `taken`.
fn unique_id(stem: &str, taken: &mut Vec<ArticleId>) -> ArticleId {
    let mut slug = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let base = slug.trim_end_matches('-');
    let base = if base.is_empty() { "article" } else { base };
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.iter().any(|t| t.as_str() == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let id = ArticleId(id);
    taken.push(id.clone());
    id
}

fn article_for(id: ArticleId, title: String, text: &str) -> Article {
    Article {
        path: format!("articles/{id}.txt"),
        id,
        title,
        outlet: String::new(),
        url: None,
        published: None,
        sha256: sha256_hex(text.as_bytes()),
    }
}

/// Imports every article file directly in `dir` (sorted by name; other files and subfolders
/// are left alone).
///
/// # Errors
/// [`ImportError::Read`] when the folder itself cannot be listed.
pub fn import_folder(
    dir: &Path,
    taken: &[ArticleId],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport, ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && ARTICLE_EXTENSIONS.contains(&extension(p).as_str()))
        .collect();
    files.sort();
    Ok(import_files(&files, taken, progress))
}

/// Imports the given files by the same rules.
pub fn import_files(
    files: &[PathBuf],
    taken: &[ArticleId],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut taken = taken.to_vec();
    for (i, path) in files.iter().enumerate() {
        match read_article_file(path) {
            Ok((title, text)) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = unique_id(&stem, &mut taken);
                report.imported.push(ImportedArticle {
                    article: article_for(id, title, &text),
                    text,
                });
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

/// Writes imported articles' texts into `project_folder` at their `path`s. An existing file
/// with other content is never overwritten.
///
/// # Errors
/// [`ImportError`] naming the file that could not be written.
pub fn write_articles(
    project_folder: &Path,
    articles: &[ImportedArticle],
) -> Result<Vec<PathBuf>, ImportError> {
    let mut written = Vec::new();
    for a in articles {
        let path = project_folder.join(&a.article.path);
        if let Ok(existing) = std::fs::read(&path) {
            if existing == a.text.as_bytes() {
                written.push(path);
                continue;
            }
            return Err(ImportError::WouldOverwrite { path });
        }
        let write_err = |source| ImportError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        crate::store::write_atomic(&path, a.text.as_bytes(), false).map_err(write_err)?;
        written.push(path);
    }
    Ok(written)
}

/// One text-bound line of a `.ann` file: type, fragments and text.
struct TLine {
    ty: String,
    fragments: Vec<(usize, usize)>,
}

fn parse_t(rest: &str) -> Option<TLine> {
    let (head, _text) = rest.split_once('\t')?;
    let (ty, offsets) = head.split_once(' ')?;
    let mut fragments = Vec::new();
    for frag in offsets.split(';') {
        let (s, e) = frag.trim().split_once(' ')?;
        fragments.push((s.parse().ok()?, e.parse().ok()?));
    }
    Some(TLine {
        ty: ty.to_owned(),
        fragments,
    })
}

/// Entities and annotations gathered from the `.ann` files of a brat corpus.
#[derive(Default)]
struct BratBuilder {
    created: String,
    /// By brat type.
    entities: BTreeMap<String, Entity>,
    annotations: Vec<Annotation>,
    skipped: Vec<Skipped>,
}

impl BratBuilder {
    /// Reads one document's `.ann`: `T` lines become annotations (one per fragment), `#`
    /// `AnnotatorNotes` lines their notes; other lines are left alone.
    fn add_document(
        &mut self,
        article: &ArticleId,
        article_text: &ArticleText,
        ann_path: &Path,
        ann: &str,
    ) {
        let mut by_t: BTreeMap<String, Vec<AnnotationId>> = BTreeMap::new();
        for (n, line) in ann.lines().enumerate() {
            let Some((tag, rest)) = line.split_once('\t') else {
                continue;
            };
            if let Some(t) = tag.strip_prefix('T') {
                let bad = |reason: String| Skipped {
                    path: ann_path.to_owned(),
                    reason: format!("line {}: {reason}", n + 1),
                };
                let Some(parsed) = parse_t(rest) else {
                    self.skipped
                        .push(bad(format!("not a brat text-bound line: {line:?}")));
                    continue;
                };
                let entity_id = EntityId(parsed.ty.to_lowercase().replace('_', "-"));
                let count = self.entities.len();
                let entity = self
                    .entities
                    .entry(parsed.ty.clone())
                    .or_insert_with(|| Entity {
                        id: entity_id.clone(),
                        name: parsed.ty.replace('_', " "),
                        kind: EntityKind::Other,
                        color: Rgb::PALETTE[count % Rgb::PALETTE.len()],
                        aliases: Vec::new(),
                    });
                for (s, e) in parsed.fragments {
                    let Some(quote) = article_text.slice(s..e).filter(|_| s < e) else {
                        self.skipped.push(bad(format!(
                            "span {s}..{e} is outside {} ({} characters)",
                            ann_path.with_extension("txt").display(),
                            article_text.char_count()
                        )));
                        continue;
                    };
                    if !entity.aliases.iter().any(|a| a == quote) {
                        entity.aliases.push(quote.to_owned());
                    }
                    let (prefix, suffix) = article_text.context(s..e, CONTEXT_CHARS);
                    let aid = AnnotationId::random();
                    by_t.entry(format!("T{t}")).or_default().push(aid.clone());
                    self.annotations.push(Annotation {
                        id: aid,
                        article: article.clone(),
                        char_start: s,
                        char_end: e,
                        quote: quote.to_owned(),
                        prefix,
                        suffix,
                        entities: vec![entity_id.clone()],
                        claims: Vec::new(),
                        note: String::new(),
                        created: self.created.clone(),
                    });
                }
            } else if tag.starts_with('#') {
                // `#1\tAnnotatorNotes T1\tthe note`
                let mut parts = rest.splitn(2, '\t');
                let target = parts.next().and_then(|h| h.strip_prefix("AnnotatorNotes "));
                let note = parts.next().unwrap_or("");
                if let Some(ids) = target.and_then(|t| by_t.get(t.trim())) {
                    for a in self.annotations.iter_mut().filter(|a| ids.contains(&a.id)) {
                        note.clone_into(&mut a.note);
                    }
                }
            }
        }
    }
}

/// A brat standoff corpus (NAME.txt + NAME.ann pairs in `dir`) as a new project.
///
/// # Errors
/// [`ImportError::Read`] when the folder cannot be listed.
pub fn import_brat(dir: &Path, created: &str) -> Result<(Project, ImportReport), ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut txts: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| extension(p) == "txt")
        .collect();
    txts.sort();
    let name = dir.file_name().map_or_else(
        || "brat corpus".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut project = Project::new(name);
    project.format_version = FORMAT_VERSION;
    let mut report = ImportReport::default();
    let mut taken = Vec::new();
    let mut builder = BratBuilder {
        created: created.to_owned(),
        ..BratBuilder::default()
    };
    for txt in &txts {
        let raw = match std::fs::read(txt) {
            Ok(b) => b,
            Err(e) => {
                report.skipped.push(Skipped {
                    path: txt.clone(),
                    reason: format!("unreadable: {e}"),
                });
                continue;
            }
        };
        let Ok(raw) = String::from_utf8(raw) else {
            report.skipped.push(Skipped {
                path: txt.clone(),
                reason: "not UTF-8 text".into(),
            });
            continue;
        };
        // brat offsets count the .txt's code points: keep the text as it is (LF only).
        let text = raw.replace("\r\n", "\n");
        let stem = txt
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = unique_id(&stem, &mut taken);
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .to_owned();
        let article_text = ArticleText::new(&text);
        let ann_path = txt.with_extension("ann");
        let ann = std::fs::read_to_string(&ann_path).unwrap_or_default();
        builder.add_document(&id, &article_text, &ann_path, &ann);
        report.imported.push(ImportedArticle {
            article: article_for(id, title, &text),
            text,
        });
    }
    project.articles = report.imported.iter().map(|a| a.article.clone()).collect();
    project.entities = builder.entities.into_values().collect();
    project.annotations = builder.annotations;
    project
        .annotations
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.skipped.extend(builder.skipped);
    Ok((project, report))
}
