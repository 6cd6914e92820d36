//! The project as plain data: articles, entities and annotations with typed ids.
//!
//! Nothing here knows about egui or the file system. Offsets are Unicode code points
//! (`char` indices), end exclusive, as the W3C `TextPositionSelector` counts them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The version of the project format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// How many code points of context an annotation keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

macro_rules! string_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// A short, human-readable article id such as `000-unn`.
    ArticleId
);
string_id!(
    /// An entity id: a lowercase slug such as `trump-campaign`.
    EntityId
);
string_id!(
    /// An annotation id: a random UUID, so ids made on two machines never collide.
    AnnotationId
);

impl AnnotationId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

/// The whole user document, as saved in the project's RON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub format_version: u32,
    pub name: String,
    pub articles: Vec<Article>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Kept sorted by [`Annotation::sort_key`].
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

/// One article of the project; its text lives in a separate UTF-8 file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Relative to the folder of the project file, with `/` separators.
    pub path: String,
    /// Lowercase hex SHA-256 of the article file's bytes.
    pub sha256: String,
}

impl Article {
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

/// What kind of actor an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    Campaign,
    Government,
    Agency,
    Company,
    Person,
    Media,
    Other,
}

impl EntityKind {
    pub const ALL: [Self; 7] = [
        Self::Campaign,
        Self::Government,
        Self::Agency,
        Self::Company,
        Self::Person,
        Self::Media,
        Self::Other,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Campaign => "campaign",
            Self::Government => "government",
            Self::Agency => "agency",
            Self::Company => "company",
            Self::Person => "person",
            Self::Media => "media",
            Self::Other => "other",
        }
    }
}

/// An sRGB color, saved as `"#rrggbb"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub [u8; 3]);

impl Rgb {
    /// Parses `#rrggbb`.
    ///
    /// # Errors
    /// A message naming the bad text when it is not `#` and six hex digits.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid color {s:?}: expected \"#rrggbb\"");
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Self([byte(0)?, byte(2)?, byte(4)?]))
    }

    /// Colors offered for new entities, chosen to stay readable as translucent fills.
    pub const PALETTE: [Self; 12] = [
        Self([0xe4, 0x57, 0x2e]),
        Self([0x29, 0x80, 0xb9]),
        Self([0x27, 0xae, 0x60]),
        Self([0x8e, 0x44, 0xad]),
        Self([0xf3, 0x9c, 0x12]),
        Self([0x16, 0xa0, 0x85]),
        Self([0xd3, 0x54, 0x9a]),
        Self([0x7f, 0x8c, 0x8d]),
        Self([0xc0, 0x39, 0x2b]),
        Self([0x2c, 0x3e, 0x8f]),
        Self([0x9a, 0x7d, 0x0a]),
        Self([0x00, 0x96, 0xc7]),
    ];
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A shared actor that spans across articles link to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    pub color: Rgb,
    /// Surface forms under which the entity appears in the texts.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A highlighted span of one article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub note: String,
    /// RFC 3339 UTC time of creation.
    pub created: String,
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
}

impl Project {
    /// An empty project of the current format.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            name: name.into(),
            articles: Vec::new(),
            entities: Vec::new(),
            annotations: Vec::new(),
        }
    }

    #[must_use]
    pub fn article(&self, id: &ArticleId) -> Option<&Article> {
        self.articles.iter().find(|a| &a.id == id)
    }

    #[must_use]
    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.entities.iter().find(|e| &e.id == id)
    }

    #[must_use]
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.iter().find(|a| &a.id == id)
    }

    /// The annotations of one article, in offset order.
    pub fn annotations_of<'a>(
        &'a self,
        article: &'a ArticleId,
    ) -> impl Iterator<Item = &'a Annotation> + 'a {
        // Annotations are sorted by article first, so this is one contiguous run.
        let start = self
            .annotations
            .partition_point(|a| a.article.as_str() < article.as_str());
        self.annotations[start..]
            .iter()
            .take_while(move |a| &a.article == article)
    }

    /// How many annotations link to the entity.
    #[must_use]
    pub fn mention_count(&self, entity: &EntityId) -> usize {
        self.annotations
            .iter()
            .filter(|a| a.entities.contains(entity))
            .count()
    }

    /// A new entity id derived from `name` that no entity uses yet.
    #[must_use]
    pub fn fresh_entity_id(&self, name: &str) -> EntityId {
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug = slug.trim_end_matches('-');
        let base = if slug.is_empty() { "entity" } else { slug };
        let mut candidate = base.to_owned();
        let mut n = 2;
        while self.entities.iter().any(|e| e.id.0 == candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        EntityId(candidate)
    }
}

/// Serde helper: an `Option<String>` written as a plain string (never `Some(..)`).
mod plain_option {
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option)] // the signature serde's `with` requires
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.as_deref().unwrap_or_default())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        let s = String::deserialize(d)?;
        Ok(if s.is_empty() { None } else { Some(s) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_round_trips_and_rejects_bad_text() {
        assert_eq!(Rgb::parse("#0a0B0c").unwrap().to_string(), "#0a0b0c");
        for bad in ["0a0b0c", "#0a0b0", "#0a0b0g", "#0a0b0c0", ""] {
            let err = Rgb::parse(bad).unwrap_err();
            assert!(err.contains("expected \"#rrggbb\""), "{err}");
        }
    }

    #[test]
    fn fresh_entity_ids_are_slugs_and_unique() {
        let mut p = Project::new("t");
        assert_eq!(p.fresh_entity_id("Trump campaign").0, "trump-campaign");
        assert_eq!(p.fresh_entity_id("  FBI / CISA / ODNI ").0, "fbi-cisa-odni");
        assert_eq!(p.fresh_entity_id("!!!").0, "entity");
        p.entities.push(Entity {
            id: "trump-campaign".into(),
            name: "x".into(),
            kind: EntityKind::Campaign,
            color: Rgb([0, 0, 0]),
            aliases: vec![],
        });
        assert_eq!(p.fresh_entity_id("Trump campaign").0, "trump-campaign-2");
    }

    #[test]
    fn random_annotation_ids_differ() {
        assert_ne!(AnnotationId::random(), AnnotationId::random());
        assert_eq!(AnnotationId::random().0.len(), 36);
    }
}
