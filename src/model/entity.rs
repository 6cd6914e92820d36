//! Shared actors, their kinds and colours.

use super::EntityId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    pub color: Rgb,
    /// Surface forms under which the entity appears in the texts.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// IRIs of the same thing elsewhere (format 7): its Wikidata item
    /// (`http://www.wikidata.org/entity/Q794`), an official site… Normalised by
    /// `crate::linked::normalise_link`; exported as `sameAs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
}
