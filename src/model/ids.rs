//! Typed ids: strings that say what they name.

use serde::{Deserialize, Serialize};
use std::fmt;

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

string_id!(
    /// A claim id: a random UUID, like annotation ids.
    ClaimId
);
string_id!(
    /// The id of a typed link between two annotations: a random UUID.
    LinkId
);

impl AnnotationId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

impl ClaimId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}

impl LinkId {
    /// A fresh random (version 4) UUID.
    #[must_use]
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }
}
