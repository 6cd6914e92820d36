//! Lookups by id over a whole project.

use super::{
    Annotation, AnnotationId, Article, ArticleId, Claim, ClaimId, Entity, EntityId, Project,
};

/// A hash map with a fast hasher (foldhash, seeded per process), for the id lookups of
/// analysis and exports over 100,000 annotations, where `SipHash` was a tenth of the time.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Lookups by id in one pass over a project, for code that looks up many ids (exports,
/// validation); `Project::article` and friends scan. The annotations are indexed on the
/// first lookup of one: many exports look up none (a project without typed links), and
/// 100,000 of them take a while. (An open `Document` has its own index, kept with its edits.)
pub struct Index<'a> {
    pub articles: FastMap<&'a ArticleId, &'a Article>,
    pub entities: FastMap<&'a EntityId, &'a Entity>,
    pub claims: FastMap<&'a ClaimId, &'a Claim>,
    project: &'a Project,
    annotations: std::sync::OnceLock<FastMap<&'a AnnotationId, &'a Annotation>>,
}

impl<'a> Index<'a> {
    #[must_use]
    pub fn new(p: &'a Project) -> Self {
        Self {
            articles: p.articles.iter().map(|a| (&a.id, a)).collect(),
            entities: p.entities.iter().map(|e| (&e.id, e)).collect(),
            claims: p.claims.iter().map(|c| (&c.id, c)).collect(),
            project: p,
            annotations: std::sync::OnceLock::new(),
        }
    }

    #[must_use]
    pub fn article(&self, id: &ArticleId) -> Option<&'a Article> {
        self.articles.get(id).copied()
    }

    #[must_use]
    pub fn entity(&self, id: &EntityId) -> Option<&'a Entity> {
        self.entities.get(id).copied()
    }

    #[must_use]
    pub fn annotation(&self, id: &AnnotationId) -> Option<&'a Annotation> {
        self.annotations
            .get_or_init(|| {
                self.project
                    .annotations
                    .iter()
                    .map(|a| (&a.id, &**a))
                    .collect()
            })
            .get(id)
            .copied()
    }

    #[must_use]
    pub fn claim(&self, id: &ClaimId) -> Option<&'a Claim> {
        self.claims.get(id).copied()
    }

    /// As [`Project::speaker_name`].
    #[must_use]
    pub fn speaker_name(&self, speaker: Option<&EntityId>) -> String {
        match speaker {
            Some(id) => self
                .entity(id)
                .map_or_else(|| id.to_string(), |e| e.name.clone()),
            None => "unattributed".to_owned(),
        }
    }

    /// As [`Self::speaker_name`], borrowed from the project where it can be.
    #[must_use]
    pub fn speaker_label<'s>(&self, speaker: Option<&'s EntityId>) -> std::borrow::Cow<'s, str>
    where
        'a: 's,
    {
        match speaker {
            Some(id) => self
                .entity(id)
                .map_or(std::borrow::Cow::Borrowed(id.as_str()), |e| {
                    std::borrow::Cow::Borrowed(e.name.as_str())
                }),
            None => std::borrow::Cow::Borrowed("unattributed"),
        }
    }
}
