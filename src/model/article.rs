//! Articles and the highlighted spans on them.

use super::plain_option;
use super::{AnnotationId, ArticleId, ClaimLink, EntityId};
use serde::{Deserialize, Serialize};

/// One article of the project; its text lives in a separate UTF-8 file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: ArticleId,
    /// Empty when the article gives no title.
    #[serde(default)]
    pub title: String,
    /// Empty when the article names no outlet.
    #[serde(default)]
    pub outlet: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub url: Option<String>,
    /// `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) as the article states it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub published: Option<String>,
    /// The byline, when the article names its writer (read from a web page's metadata, or
    /// typed by the checker). Format 6.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub author: Option<String>,
    /// Relative to the folder of the project file, with `/` separators.
    pub path: String,
    /// Lowercase hex SHA-256 of the article file's bytes.
    pub sha256: String,
}

impl Article {
    /// "title · outlet · by author · date": "outlet unknown" when it names none; no author or
    /// date when it has none.
    #[must_use]
    pub fn source_line(&self) -> String {
        let mut parts = vec![self.display_title()];
        // A source without its outlet is cited as such, not silently as a bare title.
        parts.push(if self.outlet.trim().is_empty() {
            "outlet unknown".to_owned()
        } else {
            self.outlet.clone()
        });
        if let Some(author) = &self.author {
            parts.push(format!("by {author}"));
        }
        if let Some(d) = &self.published {
            parts.push(d.clone());
        }
        parts.join(" · ")
    }

    /// [`Self::display_title`], borrowed when the article has a title.
    #[must_use]
    pub fn title_label(&self) -> std::borrow::Cow<'_, str> {
        if self.title.trim().is_empty() {
            std::borrow::Cow::Owned(self.display_title())
        } else {
            std::borrow::Cow::Borrowed(&self.title)
        }
    }

    /// The title, or a stand-in naming the article id when the article has none.
    #[must_use]
    pub fn display_title(&self) -> String {
        if self.title.trim().is_empty() {
            format!("Untitled ({})", self.id)
        } else {
            self.title.clone()
        }
    }
}

/// A highlighted span of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    pub article: ArticleId,
    /// First code point of the span.
    pub char_start: usize,
    /// One past the last code point of the span.
    pub char_end: usize,
    /// The exact text of the span.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] code points before the span.
    #[serde(default)]
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] code points after the span.
    #[serde(default)]
    pub suffix: String,
    /// Sorted, without duplicates.
    #[serde(default)]
    pub entities: Vec<EntityId>,
    /// Claims this span speaks to; sorted, at most one link per (claim, speaker).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimLink>,
    #[serde(default)]
    pub note: String,
    /// RFC 3339 UTC time of creation.
    pub created: String,
    /// The checker who made it, as named in preferences; `None` when unknown (made before
    /// format 4, or by someone who gave no name).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub created_by: Option<String>,
    /// The checker who changed it last, when someone changed it after making it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub modified_by: Option<String>,
    /// RFC 3339 UTC time of the last change, when there was one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "plain_option"
    )]
    pub modified: Option<String>,
}

impl Annotation {
    /// The order annotations are kept and saved in.
    #[must_use]
    pub fn sort_key(&self) -> (&ArticleId, usize, usize, &AnnotationId) {
        (&self.article, self.char_start, self.char_end, &self.id)
    }

    #[must_use]
    pub fn char_len(&self) -> usize {
        self.char_end.saturating_sub(self.char_start)
    }

    /// A span with a fresh id, its quote and nothing else, for unit tests.
    #[cfg(test)]
    pub(crate) fn bare(article: &str, chars: std::ops::Range<usize>, quote: &str) -> Self {
        Self {
            created_by: None,
            modified: None,
            modified_by: None,
            id: AnnotationId::random(),
            article: article.into(),
            char_start: chars.start,
            char_end: chars.end,
            quote: quote.to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            entities: vec![],
            claims: vec![],
            note: String::new(),
            created: String::new(),
        }
    }
}
