//! The primitive changes every edit is made of, and the project state they apply to.
//!
//! An [`Edit`](super::Edit) is applied as a list of [`Change`]s: one annotation, entity,
//! claim, article, link or review as it was and as it is after. The same list, read
//! backwards, undoes the edit; read forwards it redoes it; and views that keep derived
//! figures read it to update only what changed. Nothing here copies the whole project.
//!
//! [`State`] is the project with what keeps edits cheap at 100,000 annotations: an index of
//! annotation ids (no scan to find one) and a fingerprint of the content, kept up to date
//! change by change, so that "unsaved changes" is exact without comparing whole projects.

use crate::model::{
    Annotation, AnnotationId, Article, Claim, Entity, FastMap, Project, Review, SpanLink,
};
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;

/// One item of the project as it was (`before`) and as it is after (`after`); `None` before
/// means added, `None` after means removed.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Annotations are found by id and kept in sort order, wherever they move.
    Annotation {
        before: Option<Arc<Annotation>>,
        after: Option<Arc<Annotation>>,
    },
    /// Entities, claims and articles keep the user's order: `at` is the position.
    Entity {
        at: usize,
        before: Option<Entity>,
        after: Option<Entity>,
    },
    Claim {
        at: usize,
        before: Option<Claim>,
        after: Option<Claim>,
    },
    Article {
        at: usize,
        before: Option<Article>,
        after: Option<Article>,
    },
    /// Links are kept sorted by (from, to, kind, id).
    Link {
        before: Option<SpanLink>,
        after: Option<SpanLink>,
    },
    /// Reviews are kept sorted by key.
    Review {
        before: Option<Review>,
        after: Option<Review>,
    },
    /// A merge conflict settled (removed) or brought back by undo; `at` is its position.
    Conflict {
        at: usize,
        before: Option<crate::model::Conflict>,
        after: Option<crate::model::Conflict>,
    },
    /// A suggested attribution dismissed (added) or brought back (removed); kept sorted.
    Dismissed {
        before: Option<crate::model::Dismissed>,
        after: Option<crate::model::Dismissed>,
    },
    /// The project renamed (settling a conflict over its name).
    Name { before: String, after: String },
    /// The publishing organisation set.
    Publisher {
        before: crate::model::Publisher,
        after: crate::model::Publisher,
    },
    /// The whole project replaced (restoring recovered work): holds the other project, and
    /// applying it, either way, swaps the two.
    Project(Box<Project>),
}

impl Change {
    /// The same change the other way round.
    #[must_use]
    pub fn inverse(&self) -> Self {
        match self {
            Self::Annotation { before, after } => Self::Annotation {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Entity { at, before, after } => Self::Entity {
                at: *at,
                before: after.clone(),
                after: before.clone(),
            },
            Self::Claim { at, before, after } => Self::Claim {
                at: *at,
                before: after.clone(),
                after: before.clone(),
            },
            Self::Article { at, before, after } => Self::Article {
                at: *at,
                before: after.clone(),
                after: before.clone(),
            },
            Self::Link { before, after } => Self::Link {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Review { before, after } => Self::Review {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Conflict { at, before, after } => Self::Conflict {
                at: *at,
                before: after.clone(),
                after: before.clone(),
            },
            Self::Dismissed { before, after } => Self::Dismissed {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Name { before, after } => Self::Name {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Publisher { before, after } => Self::Publisher {
                before: after.clone(),
                after: before.clone(),
            },
            Self::Project(p) => Self::Project(p.clone()),
        }
    }

    /// Whether this change and `other` change the same item (the same annotation, entity
    /// position, link or review), so that typing can fold them into one.
    pub(super) fn same_target(&self, other: &Self) -> bool {
        fn ids<T, K: PartialEq>(
            a: (&Option<T>, &Option<T>),
            b: (&Option<T>, &Option<T>),
            key: impl Fn(&T) -> K,
        ) -> bool {
            let first = |x: (&Option<T>, &Option<T>)| x.1.as_ref().or(x.0.as_ref()).map(&key);
            first(a).is_some() && first(a) == first(b)
        }
        match (self, other) {
            (
                Self::Annotation { before, after },
                Self::Annotation {
                    before: b2,
                    after: a2,
                },
            ) => ids((before, after), (b2, a2), |a| a.id.clone()),
            (
                Self::Review { before, after },
                Self::Review {
                    before: b2,
                    after: a2,
                },
            ) => ids((before, after), (b2, a2), |r| r.key.clone()),
            (
                Self::Link { before, after },
                Self::Link {
                    before: b2,
                    after: a2,
                },
            ) => ids((before, after), (b2, a2), |l| l.id.clone()),
            (Self::Entity { at, .. }, Self::Entity { at: at2, .. })
            | (Self::Claim { at, .. }, Self::Claim { at: at2, .. })
            | (Self::Article { at, .. }, Self::Article { at: at2, .. }) => at == at2,
            _ => false,
        }
    }

    /// Takes `later`'s outcome into this change, which keeps its own starting point.
    pub(super) fn absorb(&mut self, later: Self) {
        match (self, later) {
            (Self::Annotation { after, .. }, Self::Annotation { after: a2, .. }) => *after = a2,
            (Self::Review { after, .. }, Self::Review { after: a2, .. }) => *after = a2,
            (Self::Link { after, .. }, Self::Link { after: a2, .. }) => *after = a2,
            (Self::Entity { after, .. }, Self::Entity { after: a2, .. }) => *after = a2,
            (Self::Claim { after, .. }, Self::Claim { after: a2, .. }) => *after = a2,
            (Self::Article { after, .. }, Self::Article { after: a2, .. }) => *after = a2,
            _ => {}
        }
    }

    /// How many annotations this change touches (a whole project counts as all of them).
    #[must_use]
    pub fn annotation_count(&self) -> usize {
        match self {
            Self::Annotation { .. } => 1,
            Self::Project(p) => p.annotations.len(),
            _ => 0,
        }
    }
}

/// A 64-bit digest of a project's content, kept up to date change by change: equal
/// projects have equal fingerprints, and two different ones collide with a chance of about
/// 2⁻⁶⁴. Annotations, links and reviews are sets (each kept sorted), so their items' hashes
/// are summed; entities, claims and articles keep the user's order, so each list is hashed
/// whole when it changes (they are short).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fingerprint {
    sets: u128,
    entities: u128,
    claims: u128,
    articles: u128,
    header: u128,
    conflicts: u128,
}

const SEEDS: [u64; 2] = [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344];

fn digest<T: Hash + ?Sized>(tag: u8, item: &T) -> u128 {
    let [a, b] = SEEDS
        .map(|seed| foldhash::fast::FixedState::with_seed(seed ^ u64::from(tag)).hash_one(item));
    (u128::from(a) << 64) | u128::from(b)
}

impl Fingerprint {
    /// The fingerprint of a whole project: one pass over it, at load and after a restore.
    #[must_use]
    pub fn of(p: &Project) -> Self {
        let mut f = Self {
            sets: 0,
            entities: digest(1, &p.entities),
            claims: digest(2, &p.claims),
            articles: digest(3, &p.articles),
            header: digest(4, &(p.format_version, &p.name, &p.publisher)),
            conflicts: digest(7, &(&p.conflicts, &p.dismissed)),
        };
        for a in &p.annotations {
            f.add_annotation(a);
        }
        for l in &p.links {
            f.sets = f.sets.wrapping_add(digest(5, l));
        }
        for r in &p.reviews {
            f.sets = f.sets.wrapping_add(digest(6, r));
        }
        f
    }

    fn add_annotation(&mut self, a: &Annotation) {
        self.sets = self.sets.wrapping_add(digest(0, a));
    }

    fn remove_annotation(&mut self, a: &Annotation) {
        self.sets = self.sets.wrapping_sub(digest(0, a));
    }
}

/// The project with its annotation index and fingerprint; every change goes through here so
/// that the three always agree.
#[derive(Clone, Debug)]
pub struct State {
    pub(super) project: Project,
    /// Each annotation by id (the same shared annotation the project holds): found without a
    /// scan, and its place in the sorted list by binary search on its sort key.
    index: ById,
    pub(super) fingerprint: Fingerprint,
}

impl State {
    pub(super) fn new(mut project: Project) -> Self {
        if !project
            .annotations
            .is_sorted_by(|a, b| a.sort_key() <= b.sort_key())
        {
            project
                .annotations
                .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        // The two passes over 100,000 annotations at load, side by side.
        let (index, fingerprint) = std::thread::scope(|scope| {
            let fingerprint = scope.spawn(|| Fingerprint::of(&project));
            let index = index_of(&project);
            let fingerprint = fingerprint
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (index, fingerprint)
        });
        Self {
            project,
            index,
            fingerprint,
        }
    }

    fn reindex(&mut self) {
        self.index = index_of(&self.project);
    }

    /// Where the annotation with this id is in `project.annotations`, without a scan.
    #[must_use]
    pub(super) fn position(&self, id: &AnnotationId) -> Option<usize> {
        let key = self.index.get(id)?.0.sort_key();
        self.project
            .annotations
            .binary_search_by(|a| a.sort_key().cmp(&key))
            .ok()
    }

    #[must_use]
    pub(super) fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.index.get(id).map(|a| &*a.0)
    }

    pub(super) fn contains(&self, id: &AnnotationId) -> bool {
        self.index.contains(id)
    }

    /// Removes `old` (found by its sort key) and inserts `new` where it sorts.
    pub(super) fn put_annotation(
        &mut self,
        old: Option<&Annotation>,
        new: Option<Arc<Annotation>>,
    ) {
        if let Some(old) = old
            && let Ok(i) = self
                .project
                .annotations
                .binary_search_by(|a| a.sort_key().cmp(&old.sort_key()))
        {
            let gone = self.project.annotations.remove(i);
            self.fingerprint.remove_annotation(&gone);
            self.index.remove(&gone.id);
        }
        if let Some(new) = new {
            self.fingerprint.add_annotation(&new);
            self.index.replace(Entry(Arc::clone(&new)));
            let at = self
                .project
                .annotations
                .partition_point(|a| a.sort_key() < new.sort_key());
            self.project.annotations.insert(at, new);
        }
    }

    /// Replaces the annotation at `at` with `new`, which must keep its sort key.
    pub(super) fn replace_annotation_at(&mut self, at: usize, new: Arc<Annotation>) {
        self.index.replace(Entry(Arc::clone(&new)));
        let old = std::mem::replace(&mut self.project.annotations[at], new);
        debug_assert_eq!(old.sort_key(), self.project.annotations[at].sort_key());
        self.fingerprint.remove_annotation(&old);
        self.fingerprint
            .add_annotation(&self.project.annotations[at]);
    }

    /// Sets the annotations at `positions` (in one article's run `run`) to new spans, then
    /// sorts that run again: many moves at the cost of one sort of one article's spans.
    pub(super) fn move_within_run(
        &mut self,
        run: std::ops::Range<usize>,
        moved: Vec<(usize, Arc<Annotation>)>,
    ) {
        for (at, new) in moved {
            let old = std::mem::replace(&mut self.project.annotations[at], new);
            self.fingerprint.remove_annotation(&old);
            let new = &self.project.annotations[at];
            self.fingerprint.add_annotation(new);
            self.index.replace(Entry(Arc::clone(new)));
        }
        self.project.annotations[run].sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    fn put_link(&mut self, old: Option<&SpanLink>, new: Option<SpanLink>) {
        let links = &mut self.project.links;
        if let Some(old) = old
            && let Ok(i) = links.binary_search_by(|l| link_key(l).cmp(&link_key(old)))
        {
            let gone = links.remove(i);
            self.fingerprint.sets = self.fingerprint.sets.wrapping_sub(digest(5, &gone));
        }
        if let Some(new) = new {
            self.fingerprint.sets = self.fingerprint.sets.wrapping_add(digest(5, &new));
            let at = links.partition_point(|l| link_key(l) < link_key(&new));
            links.insert(at, new);
        }
    }

    fn put_review(&mut self, old: Option<&Review>, new: Option<Review>) {
        let reviews = &mut self.project.reviews;
        if let Some(old) = old
            && let Ok(i) = reviews.binary_search_by(|r| r.key.cmp(&old.key))
        {
            let gone = reviews.remove(i);
            self.fingerprint.sets = self.fingerprint.sets.wrapping_sub(digest(6, &gone));
        }
        if let Some(new) = new {
            self.fingerprint.sets = self.fingerprint.sets.wrapping_add(digest(6, &new));
            match reviews.binary_search_by(|r| r.key.cmp(&new.key)) {
                Ok(i) => reviews[i] = new,
                Err(i) => reviews.insert(i, new),
            }
        }
    }

    /// Applies a change that was recorded (undo, redo, or rolling back a refused edit).
    pub(super) fn apply(&mut self, change: &Change) {
        match change {
            Change::Annotation { before, after } => {
                self.put_annotation(before.as_deref(), after.clone());
            }
            Change::Entity { at, before, after } => {
                put_at(
                    &mut self.project.entities,
                    *at,
                    before.is_some(),
                    after.as_ref(),
                );
                self.fingerprint.entities = digest(1, &self.project.entities);
            }
            Change::Claim { at, before, after } => {
                put_at(
                    &mut self.project.claims,
                    *at,
                    before.is_some(),
                    after.as_ref(),
                );
                self.fingerprint.claims = digest(2, &self.project.claims);
            }
            Change::Article { at, before, after } => {
                put_at(
                    &mut self.project.articles,
                    *at,
                    before.is_some(),
                    after.as_ref(),
                );
                self.fingerprint.articles = digest(3, &self.project.articles);
            }
            Change::Conflict { at, before, after } => {
                put_at(
                    &mut self.project.conflicts,
                    *at,
                    before.is_some(),
                    after.as_ref(),
                );
                self.fingerprint.conflicts =
                    digest(7, &(&self.project.conflicts, &self.project.dismissed));
            }
            Change::Dismissed { before, after } => {
                let list = &mut self.project.dismissed;
                if let Some(old) = before
                    && let Ok(i) = list.binary_search(old)
                {
                    list.remove(i);
                }
                if let Some(new) = after
                    && let Err(i) = list.binary_search(new)
                {
                    list.insert(i, new.clone());
                }
                self.fingerprint.conflicts =
                    digest(7, &(&self.project.conflicts, &self.project.dismissed));
            }
            Change::Name { after, .. } => {
                after.clone_into(&mut self.project.name);
                self.fingerprint.header = digest(
                    4,
                    &(
                        self.project.format_version,
                        &self.project.name,
                        &self.project.publisher,
                    ),
                );
            }
            Change::Publisher { after, .. } => {
                self.project.publisher = after.clone();
                self.fingerprint.header = digest(
                    4,
                    &(
                        self.project.format_version,
                        &self.project.name,
                        &self.project.publisher,
                    ),
                );
            }
            Change::Link { before, after } => self.put_link(before.as_ref(), after.clone()),
            Change::Review { before, after } => self.put_review(before.as_ref(), after.clone()),
            Change::Project(other) => {
                let previous = std::mem::replace(&mut self.project, (**other).clone());
                drop(previous);
                self.fingerprint = Fingerprint::of(&self.project);
                self.reindex();
            }
        }
    }

    /// Swaps the whole project with `other` (restoring recovered work, and undoing that).
    pub(super) fn swap_project(&mut self, other: &mut Project) {
        std::mem::swap(&mut self.project, other);
        if !self
            .project
            .annotations
            .is_sorted_by(|a, b| a.sort_key() <= b.sort_key())
        {
            self.project
                .annotations
                .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        }
        self.fingerprint = Fingerprint::of(&self.project);
        self.reindex();
    }

    /// Applies many annotation changes at once: drop the old ones, add the new ones, sort
    /// once. For large steps (a batch, a restore's worth), where one insert each would move
    /// the rest of the list every time.
    pub(super) fn apply_annotations_in_bulk<'a>(
        &mut self,
        changes: impl Iterator<Item = (Option<&'a Arc<Annotation>>, Option<&'a Arc<Annotation>>)>,
    ) {
        let mut gone: std::collections::HashSet<AnnotationId, foldhash::fast::RandomState> =
            std::collections::HashSet::default();
        let mut added: FastMap<AnnotationId, Arc<Annotation>> = FastMap::default();
        for (old, new) in changes {
            if let Some(old) = old {
                // An annotation added earlier in the same step and changed again.
                if let Some(a) = added.remove(&old.id) {
                    self.fingerprint.remove_annotation(&a);
                } else {
                    gone.insert(old.id.clone());
                }
                self.index.remove(&old.id);
            }
            if let Some(new) = new {
                self.fingerprint.add_annotation(new);
                self.index.replace(Entry(Arc::clone(new)));
                added.insert(new.id.clone(), Arc::clone(new));
            }
        }
        let fingerprint = &mut self.fingerprint;
        self.project.annotations.retain(|a| {
            let keep = !gone.contains(&a.id);
            if !keep {
                fingerprint.remove_annotation(a);
            }
            keep
        });
        self.project.annotations.extend(added.into_values());
        self.project
            .annotations
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
}

/// Every annotation of a project by id.
fn index_of(project: &Project) -> ById {
    let mut index = ById::default();
    index.reserve(project.annotations.len());
    for a in &project.annotations {
        index.replace(Entry(Arc::clone(a)));
    }
    index
}

/// The annotations as a set keyed by their id: the id is not copied into a key of its own.
type ById = std::collections::HashSet<Entry, foldhash::fast::RandomState>;

/// An annotation in the id index: equal, and hashed, as its id.
#[derive(Clone, Debug)]
struct Entry(Arc<Annotation>);

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Entry {}

impl std::hash::Hash for Entry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As `AnnotationId` hashes, so that looking up by `&AnnotationId` finds it.
        self.0.id.hash(state);
    }
}

impl std::borrow::Borrow<AnnotationId> for Entry {
    fn borrow(&self) -> &AnnotationId {
        &self.0.id
    }
}

/// The order links are kept in.
fn link_key(
    l: &SpanLink,
) -> (
    &AnnotationId,
    &AnnotationId,
    crate::model::LinkKind,
    &crate::model::LinkId,
) {
    (&l.from, &l.to, l.kind, &l.id)
}

/// Sets position `at` of an ordered list: replaces, inserts (nothing was there) or removes.
fn put_at<T: Clone>(list: &mut Vec<T>, at: usize, was: bool, after: Option<&T>) {
    match (was, after) {
        (true, Some(new)) => {
            if let Some(slot) = list.get_mut(at) {
                *slot = new.clone();
            }
        }
        (false, Some(new)) => list.insert(at.min(list.len()), new.clone()),
        (true, None) => {
            if at < list.len() {
                list.remove(at);
            }
        }
        (false, None) => {}
    }
}
