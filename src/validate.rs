//! Checks a loaded project: ids unique, references resolve, spans inside their article and
//! matching their quote, article files present and unchanged. Pure: the store reads the
//! files and hands their outcome in.

use crate::model::{AnnotationId, ArticleId, ClaimId, EntityId, LinkId, Project};
use crate::text::ArticleText;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// What became of reading one article file.
#[derive(Debug)]
pub enum ArticleFile {
    Loaded {
        text: ArticleText,
        sha256: String,
    },
    Missing {
        path: PathBuf,
    },
    Unreadable {
        path: PathBuf,
        reason: String,
    },
    /// The path was not read at all because it would leave the project folder.
    Refused {
        reason: String,
    },
}

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Project,
    Article(ArticleId),
    Entity(EntityId),
    Annotation(AnnotationId),
    Claim(ClaimId),
    Link(LinkId),
    /// A review decision, named by its disagreement.
    Review(crate::model::DisagreementKey),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Project => f.write_str("project"),
            Self::Article(id) => write!(f, "article {id}"),
            Self::Entity(id) => write!(f, "entity {id}"),
            Self::Annotation(id) => write!(f, "annotation {id}"),
            Self::Claim(id) => write!(f, "claim {id}"),
            Self::Link(id) => write!(f, "link {id}"),
            Self::Review(crate::model::DisagreementKey::Claim {
                claim,
                asserting,
                denying,
            }) => {
                let name = |s: &Option<EntityId>| {
                    s.as_ref()
                        .map_or_else(|| "unattributed".to_owned(), ToString::to_string)
                };
                write!(
                    f,
                    "review of the disagreement on claim {claim} ({} against {})",
                    name(asserting),
                    name(denying)
                )
            }
            Self::Review(crate::model::DisagreementKey::Linked { a, b }) => write!(
                f,
                "review of the contradiction linking annotations {a} and {b}"
            ),
        }
    }
}

/// One thing wrong with a project that still opens.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// 1-based line in the project file where the subject is defined, when found.
    pub line: Option<usize>,
    pub subject: Subject,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

impl Problem {
    /// A problem without a line yet ([`locate`] fills it in).
    #[must_use]
    pub fn new(subject: Subject, message: impl Into<String>) -> Self {
        Self {
            line: None,
            subject,
            message: message.into(),
        }
    }

    /// `file:line: subject: message`, the form compilers use, so editors can jump to it.
    #[must_use]
    pub fn with_file(&self, file: &Path) -> String {
        match self.line {
            Some(line) => format!("{}:{line}: {self}", file.display()),
            None => format!("{}: {self}", file.display()),
        }
    }
}

/// Why an article path may not be read, or `None` when it is a safe relative path.
#[must_use]
pub fn unsafe_article_path(rel: &str) -> Option<String> {
    if rel.trim().is_empty() {
        return Some("its path is empty".into());
    }
    let bytes = rel.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some(format!(
            "its path {rel:?} starts with a drive letter; article paths are relative to the project folder"
        ));
    }
    if rel.contains('\\') {
        return Some(format!(
            "its path {rel:?} uses '\\'; use '/' so the project opens on every system"
        ));
    }
    let p = Path::new(rel);
    if p.is_absolute() || rel.starts_with('/') {
        return Some(format!(
            "its path {rel:?} is absolute; article paths are relative to the project folder"
        ));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Some(format!(
            "its path {rel:?} leaves the project folder ('..' is not allowed)"
        ));
    }
    rel.split('/')
        .find_map(unportable_name)
        .map(|why| format!("its path {rel:?} cannot be checked out on every system: {why}"))
}

/// Why one file or folder name of a shared project would not survive a checkout on another
/// system (Windows refuses these names; git then leaves the file out), or `None`.
fn unportable_name(name: &str) -> Option<String> {
    const RESERVED: [&str; 22] = [
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if name.is_empty() || name == "." {
        return None;
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(format!("{name:?} ends with a dot or a space"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') || c.is_control())
    {
        return Some(format!("{name:?} contains {c:?}"));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem))
        .then(|| format!("{name:?} is a name Windows reserves for a device"))
}

/// Every problem in the project, sorted by subject then message (lines are added by
/// [`locate`]).
#[must_use]
pub fn check(project: &Project, files: &BTreeMap<ArticleId, ArticleFile>) -> Vec<Problem> {
    let mut out = check_structure(project);
    out.extend(check_texts(project, files));
    out.sort();
    out
}

/// The problems found in the project file alone: duplicate ids, missing names, links to
/// what the project does not define, empty spans. Needs no article text, so loading runs it
/// while the article files are read. Unsorted.
#[must_use]
pub fn check_structure(project: &Project) -> Vec<Problem> {
    let mut out = Vec::new();
    duplicates(
        project.articles.iter().map(|a| &a.id),
        |id| Subject::Article(id.clone()),
        &mut out,
    );
    duplicates(
        project.entities.iter().map(|e| &e.id),
        |id| Subject::Entity(id.clone()),
        &mut out,
    );
    duplicates(
        project.annotations.iter().map(|a| &a.id),
        |id| Subject::Annotation(id.clone()),
        &mut out,
    );
    for article in &project.articles {
        if let Some(date) = &article.published
            && !is_date(date)
        {
            out.push(Problem::new(
                Subject::Article(article.id.clone()),
                format!("published date {date:?} is not YYYY-MM-DD"),
            ));
        }
    }
    if !crate::linked::is_iri(&project.iri) {
        out.push(Problem::new(
            Subject::Project,
            format!(
                "its identifier {:?} is not an IRI (like urn:crosscheck:iran-hack or https://…); exports make every entity's and claim's IRI from it",
                project.iri
            ),
        ));
    }
    for entity in &project.entities {
        if entity.name.trim().is_empty() {
            out.push(Problem::new(
                Subject::Entity(entity.id.clone()),
                "it has no name",
            ));
        }
        for link in &entity.same_as {
            if crate::linked::normalise_link(link).as_deref() != Ok(link.as_str()) {
                out.push(Problem::new(
                    Subject::Entity(entity.id.clone()),
                    match crate::linked::normalise_link(link) {
                        Ok(iri) => {
                            format!("its \"same as\" link {link:?} should be written {iri:?}")
                        }
                        Err(e) => format!("its \"same as\" link is not a link: {e}"),
                    },
                ));
            }
        }
    }
    let index = crate::model::Index::new(project);
    check_annotation_links(project, &index, &mut out);
    check_claims_and_links(project, &index, &mut out);
    out
}

/// The problems with the article files and the spans on them: files missing, unreadable
/// or changed, quotes no longer at their offsets. Unsorted.
#[must_use]
pub fn check_texts(project: &Project, files: &BTreeMap<ArticleId, ArticleFile>) -> Vec<Problem> {
    let mut out = check_files(project, files);
    out.extend(check_spans(&project.annotations, files));
    out
}

/// The problems with the article files: missing, unreadable, refused or changed. Unsorted.
#[must_use]
pub fn check_files(project: &Project, files: &BTreeMap<ArticleId, ArticleFile>) -> Vec<Problem> {
    let mut out = Vec::new();
    check_articles(project, files, &mut out);
    out
}

/// The spans among `annotations` whose quote is no longer at their offsets, each with what
/// re-anchoring makes of it: the same classification as opening the project applies
/// ([`crate::text_change::classify_in`]), so `validate` says what the window will do. The
/// spans of an article must all be among `annotations` or none. Unsorted.
#[must_use]
pub fn check_spans(
    annotations: &[std::sync::Arc<crate::model::Annotation>],
    files: &BTreeMap<ArticleId, ArticleFile>,
) -> Vec<Problem> {
    let text = |id: &ArticleId| match files.get(id) {
        Some(ArticleFile::Loaded { text, .. }) => Some(text),
        _ => None,
    };
    crate::text_change::classify_in(annotations, text)
        .into_iter()
        .filter_map(|r| {
            let message = reanchoring_message(&r, text(&r.article)?);
            Some(Problem::new(Subject::Annotation(r.annotation), message))
        })
        .collect()
}

fn check_articles(
    project: &Project,
    files: &BTreeMap<ArticleId, ArticleFile>,
    out: &mut Vec<Problem>,
) {
    for article in &project.articles {
        let subject = || Subject::Article(article.id.clone());
        match files.get(&article.id) {
            Some(ArticleFile::Loaded { sha256, .. }) if sha256 != &article.sha256 => {
                out.push(Problem::new(
                    subject(),
                    format!(
                        "the text of {} changed since the project was saved (sha256 {} expected, {} found); check its highlights",
                        article.path,
                        short(&article.sha256),
                        short(sha256)
                    ),
                ));
            }
            Some(ArticleFile::Loaded { .. }) => {}
            Some(ArticleFile::Missing { path }) => out.push(Problem::new(
                subject(),
                format!("article file not found ({})", path.display()),
            )),
            Some(ArticleFile::Unreadable { path, reason }) => out.push(Problem::new(
                subject(),
                format!("could not read article: {reason} ({})", path.display()),
            )),
            Some(ArticleFile::Refused { reason }) => {
                out.push(Problem::new(subject(), format!("not read: {reason}")));
            }
            None => out.push(Problem::new(subject(), "its file was not read")),
        }
    }
}

fn check_annotation_links(
    project: &Project,
    index: &crate::model::Index<'_>,
    out: &mut Vec<Problem>,
) {
    for a in &project.annotations {
        let subject = || Subject::Annotation(a.id.clone());
        for e in &a.entities {
            if index.entity(e).is_none() {
                out.push(Problem::new(
                    subject(),
                    format!("links to entity {e}, which the project does not define"),
                ));
            }
        }
        if index.article(&a.article).is_none() {
            out.push(Problem::new(
                subject(),
                format!(
                    "belongs to article {}, which the project does not define",
                    a.article
                ),
            ));
            continue;
        }
        if a.char_start >= a.char_end {
            out.push(Problem::new(
                subject(),
                format!("span {}..{} is empty or reversed", a.char_start, a.char_end),
            ));
        }
    }
}

/// What became of a span whose offsets no longer give its quote, as re-anchoring classified
/// it.
#[must_use]
pub fn reanchoring_message(r: &crate::text_change::Reanchored, text: &ArticleText) -> String {
    use crate::anchor::Anchoring;
    let was = format!(
        "{} at {}..{} of article {}",
        short_quote(&r.old_quote),
        r.old.start,
        r.old.end,
        r.article
    );
    match r.outcome {
        Anchoring::Moved { start, end } => format!(
            "moved: {was} is now at {start}..{end}; opening the project in Crosscheck moves it"
        ),
        Anchoring::NeedsReview {
            similarity,
            ref candidates,
            ..
        } if similarity >= 1.0 => {
            let places: Vec<String> = candidates
                .iter()
                .map(|r| format!("{}..{}", r.start, r.end))
                .collect();
            format!(
                "needs review: {was} has lost its context: the quote is at {} but the text around {} does not confirm which, so it is not moved",
                places.join(", "),
                if places.len() == 1 { "it" } else { "them" }
            )
        }
        Anchoring::NeedsReview {
            start,
            end,
            similarity,
            ..
        } => format!(
            "needs review: {was} is gone; the closest text, at {start}..{end} ({:.0} % similar), is {}",
            similarity * 100.0,
            short_quote(text.slice(start..end).unwrap_or_default())
        ),
        Anchoring::Orphan | Anchoring::Exact => format!(
            "orphan: {was} is no longer in the text ({} characters now); the highlight is kept",
            text.char_count()
        ),
    }
}

fn short_quote(s: &str) -> String {
    format!("{:?}", ellipsize(s))
}

fn check_claims_and_links(
    project: &Project,
    index: &crate::model::Index<'_>,
    out: &mut Vec<Problem>,
) {
    duplicates(
        project.claims.iter().map(|c| &c.id),
        |id| Subject::Claim(id.clone()),
        out,
    );
    duplicates(
        project.links.iter().map(|l| &l.id),
        |id| Subject::Link(id.clone()),
        out,
    );
    for claim in &project.claims {
        if claim.statement.trim().is_empty() {
            out.push(Problem::new(
                Subject::Claim(claim.id.clone()),
                "it has no statement",
            ));
        }
    }
    for a in &project.annotations {
        for link in &a.claims {
            if index.claim(&link.claim).is_none() {
                out.push(Problem::new(
                    Subject::Annotation(a.id.clone()),
                    format!(
                        "links to claim {}, which the project does not define",
                        link.claim
                    ),
                ));
            }
            if let Some(speaker) = &link.speaker
                && index.entity(speaker).is_none()
            {
                out.push(Problem::new(
                    Subject::Annotation(a.id.clone()),
                    format!("names entity {speaker} as speaker, which the project does not define"),
                ));
            }
        }
    }
    for review in &project.reviews {
        let mut unknown = Vec::new();
        match &review.key {
            crate::model::DisagreementKey::Claim {
                claim,
                asserting,
                denying,
            } => {
                if index.claim(claim).is_none() {
                    unknown.push(format!("claim {claim}"));
                }
                for speaker in [asserting, denying].into_iter().flatten() {
                    if index.entity(speaker).is_none()
                        && !unknown.contains(&format!("entity {speaker}"))
                    {
                        unknown.push(format!("entity {speaker}"));
                    }
                }
            }
            crate::model::DisagreementKey::Linked { a, b } => {
                for a in [a, b] {
                    if index.annotation(a).is_none() {
                        unknown.push(format!("annotation {a}"));
                    }
                }
            }
        }
        if !unknown.is_empty() {
            out.push(Problem::new(
                Subject::Review(review.key.clone()),
                format!(
                    "names {}, which the project does not define; it applies to no disagreement (kept as it is)",
                    unknown.join(" and ")
                ),
            ));
        }
    }
    for link in &project.links {
        for end in [&link.from, &link.to] {
            if index.annotation(end).is_none() {
                out.push(Problem::new(
                    Subject::Link(link.id.clone()),
                    format!("joins annotation {end}, which the project does not define"),
                ));
            }
        }
        if link.from == link.to {
            out.push(Problem::new(
                Subject::Link(link.id.clone()),
                "joins an annotation to itself",
            ));
        }
    }
}

/// Fills in [`Problem::line`] from the project's RON source: the line that defines the
/// problem's subject (`id: "…"`).
pub fn locate(problems: &mut [Problem], source: &str) {
    for p in problems.iter_mut() {
        let id = match &p.subject {
            Subject::Project => continue,
            Subject::Article(id) => id.as_str(),
            Subject::Entity(id) => id.as_str(),
            Subject::Annotation(id) => id.as_str(),
            Subject::Claim(id) => id.as_str(),
            Subject::Link(id) => id.as_str(),
            Subject::Review(key) => {
                p.line = review_line(source, key);
                continue;
            }
        };
        let needle = format!("id: {id:?}");
        let quoted = format!("{id:?}");
        let at = source.find(&needle).or_else(|| source.find(&quoted));
        p.line = at.map(|byte| source[..byte].matches('\n').count() + 1);
    }
    problems.sort();
}

/// The line of a review in the project's RON source: the first entry of its `reviews` list
/// whose key names the same claim and speakers (a side that is absent must be absent), or the
/// same two spans in either order. Spacing and line breaks may be anything RON allows.
fn review_line(source: &str, key: &crate::model::DisagreementKey) -> Option<usize> {
    use crate::model::DisagreementKey;
    // The list is the file's last field; a note that quotes "reviews:" would be inside it.
    let start = source
        .match_indices("reviews")
        .map(|(i, _)| i)
        .find(|&i| source[i + "reviews".len()..].trim_start().starts_with(':'))?;
    let reviews = &source[start..];
    // One entry's key: from a mention of an id to the entry's `state`.
    let entry_at = |i: usize| {
        let from = reviews[..i].rfind("key").unwrap_or(i);
        let to = reviews[i..].find("state").map_or(reviews.len(), |n| i + n);
        &reviews[from..to]
    };
    // `field: Some("id")` in any spacing; `None` when the field is absent.
    let field = |entry: &str, name: &str| -> Option<String> {
        let at = entry.find(name)?;
        let rest = &entry[at + name.len()..];
        let open = rest.find('"')?;
        let close = rest[open + 1..].find('"')?;
        Some(rest[open + 1..open + 1 + close].to_owned())
    };
    let found = match key {
        DisagreementKey::Claim {
            claim,
            asserting,
            denying,
        } => reviews
            .match_indices(&format!("{:?}", claim.as_str()))
            .map(|(i, _)| i)
            .find(|&i| {
                let entry = entry_at(i);
                entry.contains("Claim")
                    && field(entry, "asserting").as_deref()
                        == asserting.as_ref().map(EntityId::as_str)
                    && field(entry, "denying").as_deref() == denying.as_ref().map(EntityId::as_str)
            }),
        DisagreementKey::Linked { a, b } => reviews
            .match_indices(&format!("{:?}", a.as_str()))
            .chain(reviews.match_indices(&format!("{:?}", b.as_str())))
            .map(|(i, _)| i)
            .filter(|&i| {
                let entry = entry_at(i);
                entry.contains("Linked")
                    && entry.contains(&format!("{:?}", a.as_str()))
                    && entry.contains(&format!("{:?}", b.as_str()))
            })
            .min(),
    }?;
    Some(source[..start + found].matches('\n').count() + 1)
}

fn duplicates<'a, T: std::hash::Hash + Eq + fmt::Display + 'a>(
    ids: impl Iterator<Item = &'a T>,
    subject: impl Fn(&T) -> Subject,
    out: &mut Vec<Problem>,
) {
    let mut seen: crate::model::FastMap<&T, usize> = crate::model::FastMap::default();
    for id in ids {
        *seen.entry(id).or_insert(0) += 1;
    }
    for (id, n) in seen {
        if n > 1 {
            out.push(Problem::new(
                subject(id),
                format!("the id {id} is used {n} times; ids must be unique"),
            ));
        }
    }
}

/// An absolute `http://` or `https://` address with a host and no spaces.
#[must_use]
pub fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !r.chars().any(char::is_whitespace)
    })
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
#[must_use]
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[must_use]
pub fn ellipsize(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Annotation, DisagreementKey, Review, ReviewState};

    /// A review whose disagreement names a claim, an annotation or a speaker the project no
    /// longer has is reported once, on its own line, naming what is missing.
    #[test]
    fn reviews_naming_what_the_project_lacks_are_reported() {
        let mut p = Project::new("Reviews");
        p.entities.push(crate::model::Entity {
            id: "fbi".into(),
            name: "FBI".into(),
            kind: crate::model::EntityKind::Agency,
            color: crate::model::Rgb([1, 2, 3]),
            aliases: vec![],
            same_as: Vec::new(),
        });
        let a = Annotation::bare("a", 0..3, "FBI");
        let b = Annotation::bare("a", 4..8, "said");
        let good = DisagreementKey::linked(a.id.clone(), b.id.clone());
        let stale_claim = DisagreementKey::Claim {
            claim: "gone-claim".into(),
            asserting: Some("fbi".into()),
            denying: Some("cia".into()),
        };
        let stale_link = DisagreementKey::linked(a.id.clone(), AnnotationId("deleted-span".into()));
        p.annotations = vec![a.into(), b.into()];
        for key in [good, stale_claim.clone(), stale_link] {
            p.reviews.push(Review {
                created_by: None,
                modified: None,
                modified_by: None,
                key,
                state: ReviewState::Confirmed,
                note: String::new(),
            });
        }
        p.reviews.sort_by(|x, y| x.key.cmp(&y.key));
        let mut found: Vec<Problem> = check_structure(&p)
            .into_iter()
            .filter(|x| matches!(x.subject, Subject::Review(_)))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
        let all = messages.join("\n");
        for part in ["claim gone-claim", "annotation deleted-span", "entity cia"] {
            assert!(all.contains(part), "{all}");
        }
        assert!(!all.contains("entity fbi"), "{all}");
        let source = crate::store::to_ron(&p).unwrap();
        locate(&mut found, &source);
        for problem in &found {
            let line = problem.line.unwrap();
            let text = source.lines().nth(line - 1).unwrap();
            match &problem.subject {
                Subject::Review(DisagreementKey::Claim { .. }) => {
                    assert!(text.contains("claim: \"gone-claim\""), "{text}");
                }
                Subject::Review(DisagreementKey::Linked { .. }) => {
                    assert!(text.contains("a: "), "{text}");
                    assert!(
                        source.lines().nth(line).unwrap().contains("deleted-span")
                            || text.contains("deleted-span"),
                        "{text}"
                    );
                }
                _ => unreachable!(),
            }
        }
    }

    #[test]
    fn article_paths_must_stay_inside_the_project() {
        assert_eq!(unsafe_article_path("articles/000.txt"), None);
        assert!(
            unsafe_article_path("../secret.txt")
                .unwrap()
                .contains("leaves")
        );
        assert!(unsafe_article_path("a/../../b").unwrap().contains("leaves"));
        assert!(
            unsafe_article_path("/etc/passwd")
                .unwrap()
                .contains("absolute")
        );
        assert!(unsafe_article_path("a\\b.txt").unwrap().contains("'/'"));
        for windows in ["C:/Windows/win.ini", "c:notes.txt", "D:\\x.txt"] {
            let why = unsafe_article_path(windows).unwrap();
            assert!(why.contains("drive letter"), "{windows}: {why}");
        }
        // Names git cannot check out on Windows, where a shared project may be cloned.
        for bad in [
            "articles/c:d.txt",
            "articles/con.txt",
            "articles/Aux",
            "articles/lpt1.md",
            "articles/notes./a.txt",
            "articles/a.txt ",
            "articles/what?.txt",
        ] {
            let why = unsafe_article_path(bad).unwrap();
            assert!(why.contains("cannot be checked out"), "{bad}: {why}");
        }
        assert_eq!(unsafe_article_path("articles/console.txt"), None);
        assert_eq!(unsafe_article_path("./articles/a.b.txt"), None);
        assert!(unsafe_article_path(" ").unwrap().contains("empty"));
    }

    #[test]
    fn dates_accept_partial_precision() {
        for ok in ["2024", "2024-08", "2024-08-20"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in ["20240820", "2024-8-20", "Aug 20 2024", ""] {
            assert!(!is_date(bad), "{bad}");
        }
    }

    #[test]
    fn locate_finds_the_defining_line() {
        let src = "(\n  entities: [ (id: \"iran\") ],\n  x: [\"iran\"],\n)";
        let mut ps = vec![Problem::new(Subject::Entity("iran".into()), "m")];
        locate(&mut ps, src);
        assert_eq!(ps[0].line, Some(2));
        assert_eq!(
            ps[0].with_file(Path::new("p.ron")),
            "p.ron:2: entity iran: m"
        );
    }
}
