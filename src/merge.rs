//! A three-way merge of two copies of a project that share an ancestor, item by item, as git
//! merges lines. Pure: no I/O (the `crosscheck merge` driver reads and writes the files).
//!
//! Items are matched by id (reviews by their disagreement). For each item:
//! - what one side added, changed or deleted while the other left it as the ancestor had it
//!   is taken; the same change on both sides is taken once;
//! - two different changes of one item are merged field by field: a field changed on one side
//!   only is taken; a field changed two different ways is a [`Conflict`] that records the
//!   ancestor's value and both sides' (the merged item holds ours until a checker decides);
//! - list fields that are sets (a span's entities and claim links, an entity's aliases and "same as" links) take
//!   every addition and removal of both sides;
//! - a span's place (`char_start`, `char_end`, `quote`, `prefix`, `suffix`) is one field, so a
//!   merge never puts one side's start with the other's end;
//! - who changed an item last (`modified_by`, `modified`) follows the later change; an
//!   article's text hash changed two ways takes either (the text file is git's to merge, and
//!   a text that no longer matches its hash is re-anchored when the project opens);
//! - an item deleted on one side and changed on the other, or still used by something the
//!   other side made (a new highlight naming a deleted entity), is kept and recorded as a
//!   conflict: nothing either checker made is lost.
//!
//! Entities both sides created under different ids with the same name or alias, and claims
//! both created with the same statement, are recorded as possible duplicates, to be merged or
//! kept apart by a checker.
//!
//! The result does not depend on which copy is "ours" except for the sides of conflicts:
//! items the ancestor had keep its order, and each side's new items follow in that side's
//! order (the side whose first new item has the smaller id first).

use crate::model::{
    Annotation, Article, Claim, ClaimLink, Conflict, Contested, Entity, ItemRef, Project, Review,
    SpanLink,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

/// What a merge gives: the merged project (its `conflicts` include those it raised) and how
/// many conflicts it raised.
#[derive(Debug)]
pub struct Merged {
    pub project: Project,
    pub new_conflicts: usize,
}

impl Merged {
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.project.conflicts.is_empty()
    }
}

/// How the fields of one kind of item merge.
struct Rules {
    /// Lists merged as sets.
    sets: &'static [&'static str],
    /// Fields that change together and are merged as one, under the group's name.
    groups: &'static [(&'static str, &'static [&'static str])],
    /// Fields never contested: changed two ways, the greater value is kept (so that the result
    /// does not depend on which side is ours).
    either: &'static [&'static str],
}

const POSITION: &[&str] = &["char_start", "char_end", "quote", "prefix", "suffix"];

const ANNOTATION: Rules = Rules {
    sets: &["entities", "claims"],
    groups: &[("position", POSITION)],
    either: &["created", "created_by"],
};
const ENTITY: Rules = Rules {
    sets: &["aliases", "same_as"],
    groups: &[],
    either: &[],
};
const ARTICLE: Rules = Rules {
    sets: &[],
    groups: &[],
    either: &["sha256"],
};
const PLAIN: Rules = Rules {
    sets: &[],
    groups: &[],
    either: &["created_by"],
};

/// Merges `ours` and `theirs`, two copies of `base` changed independently.
#[must_use]
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Merged {
    let mut m = Merger::default();
    let mut project = Project::new(merge_name(base, ours, theirs, &mut m.conflicts));
    project.format_version = crate::model::FORMAT_VERSION;
    // The identifier is set when a project is made and no edit changes it; copies that differ
    // were migrated from different names, and ours is kept, as it names our earlier exports.
    project.iri = if ours.iri == base.iri && !theirs.iri.is_empty() {
        theirs.iri.clone()
    } else {
        ours.iri.clone()
    };
    project.publisher = merge_publisher(base, ours, theirs, &mut m.conflicts);
    project.articles = m.items(
        &base.articles,
        &ours.articles,
        &theirs.articles,
        |a: &Article| a.id.clone(),
        |a| ItemRef::Article(a.id.clone()),
        &ARTICLE,
    );
    project.entities = m.items(
        &base.entities,
        &ours.entities,
        &theirs.entities,
        |e: &Entity| e.id.clone(),
        |e| ItemRef::Entity(e.id.clone()),
        &ENTITY,
    );
    project.claims = m.items(
        &base.claims,
        &ours.claims,
        &theirs.claims,
        |c: &Claim| c.id.clone(),
        |c| ItemRef::Claim(c.id.clone()),
        &PLAIN,
    );
    project.annotations = m.items(
        &base.annotations,
        &ours.annotations,
        &theirs.annotations,
        |a: &Arc<Annotation>| a.id.clone(),
        |a| ItemRef::Annotation(a.id.clone()),
        &ANNOTATION,
    );
    project.links = m.items(
        &base.links,
        &ours.links,
        &theirs.links,
        |l: &SpanLink| l.id.clone(),
        |l| ItemRef::Link(l.id.clone()),
        &PLAIN,
    );
    project.reviews = m.items(
        &base.reviews,
        &ours.reviews,
        &theirs.reviews,
        |r: &Review| r.key.clone(),
        |r| ItemRef::Review(r.key.clone()),
        &PLAIN,
    );
    let sides = Sides { base, ours, theirs };
    keep_what_is_used(&mut project, &sides, &mut m.conflicts);
    duplicates(&project, &sides, &mut m.conflicts);
    let new_conflicts = m.conflicts.len();
    // Conflicts earlier merges left open are a set like any other.
    let mut conflicts = three_way_set(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    for c in m.conflicts {
        if !conflicts.contains(&c) {
            conflicts.push(c);
        }
    }
    project.conflicts = conflicts;
    // A suggestion dismissed on either side stays dismissed.
    project.dismissed = three_way_set(&base.dismissed, &ours.dismissed, &theirs.dismissed);
    project.dismissed.sort();
    crate::store::normalise(&mut project);
    Merged {
        project,
        new_conflicts,
    }
}

#[derive(Default)]
struct Merger {
    conflicts: Vec<Conflict>,
}

impl Merger {
    /// Merges one list of items matched by `key`.
    fn items<T, K>(
        &mut self,
        base: &[T],
        ours: &[T],
        theirs: &[T],
        key: impl Fn(&T) -> K,
        item: impl Fn(&T) -> ItemRef,
        rules: &Rules,
    ) -> Vec<T>
    where
        T: Clone + PartialEq + Serialize + DeserializeOwned,
        K: Eq + Hash + Ord + Clone,
    {
        let index = |list: &[T]| -> HashMap<K, usize> {
            list.iter().enumerate().map(|(i, x)| (key(x), i)).collect()
        };
        let (bi, oi, ti) = (index(base), index(ours), index(theirs));
        let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
        for b in base {
            let k = key(b);
            let o = oi.get(&k).map(|&i| &ours[i]);
            let t = ti.get(&k).map(|&i| &theirs[i]);
            if let Some(x) = self.one(Some(b), o, t, &item, rules) {
                out.push(x);
            }
        }
        // New on each side, in that side's order; the two runs in a fixed order.
        let new_ours: Vec<&T> = ours.iter().filter(|x| !bi.contains_key(&key(x))).collect();
        let new_theirs: Vec<&T> = theirs
            .iter()
            .filter(|x| !bi.contains_key(&key(x)))
            .collect();
        let ours_first = match (new_ours.first(), new_theirs.first()) {
            (Some(a), Some(b)) => key(a) <= key(b),
            _ => true,
        };
        let (first, second) = if ours_first {
            (new_ours, new_theirs)
        } else {
            (new_theirs, new_ours)
        };
        let mut done: HashSet<K> = HashSet::new();
        for x in first.into_iter().chain(second) {
            let k = key(x);
            if !done.insert(k.clone()) {
                continue;
            }
            let (o, t) = (
                oi.get(&k).map(|&i| &ours[i]),
                ti.get(&k).map(|&i| &theirs[i]),
            );
            if let Some(x) = self.one(None, o, t, &item, rules) {
                out.push(x);
            }
        }
        out
    }

    /// Merges one item as the ancestor, ours and theirs have it (`None`: absent there).
    fn one<T>(
        &mut self,
        b: Option<&T>,
        o: Option<&T>,
        t: Option<&T>,
        item: &impl Fn(&T) -> ItemRef,
        rules: &Rules,
    ) -> Option<T>
    where
        T: Clone + PartialEq + Serialize + DeserializeOwned,
    {
        match (b, o, t) {
            (_, Some(o), Some(t)) if o == t => Some(o.clone()),
            (_, None, None) => None,
            (Some(b), Some(o), Some(t)) if o == b => Some(t.clone()),
            (Some(b), Some(o), Some(t)) if t == b => Some(o.clone()),
            (Some(b), None, Some(t)) if t == b => None,
            (Some(b), Some(o), None) if o == b => None,
            (None, Some(x), None) | (None, None, Some(x)) => Some(x.clone()),
            // Deleted on one side, changed on the other: kept, and asked about.
            (Some(b), o, t) if o.is_none() || t.is_none() => {
                let kept = o.or(t)?;
                self.conflicts.push(Conflict {
                    item: item(kept),
                    what: Contested::Item,
                    base: Some(to_value(b)),
                    ours: o.map(to_value),
                    theirs: t.map(to_value),
                });
                Some(kept.clone())
            }
            (b, Some(o), Some(t)) => Some(self.fields(b, o, t, &item(o), rules)),
            // Covered above: both absent, or one absent.
            _ => None,
        }
    }

    /// Merges two different versions of one item field by field.
    fn fields<T>(&mut self, b: Option<&T>, o: &T, t: &T, item: &ItemRef, rules: &Rules) -> T
    where
        T: Clone + Serialize + DeserializeOwned,
    {
        let (bv, ov, tv) = (b.map(to_value), to_value(o), to_value(t));
        let empty = Map::new();
        let bm = bv.as_ref().and_then(Value::as_object).unwrap_or(&empty);
        let (Some(om), Some(tm)) = (ov.as_object(), tv.as_object()) else {
            return o.clone();
        };
        let mut merged = om.clone();
        let grouped: HashSet<&str> = rules
            .groups
            .iter()
            .flat_map(|(_, fields)| fields.iter().copied())
            .collect();
        let names: BTreeSet<&String> = bm.keys().chain(om.keys()).chain(tm.keys()).collect();
        let mut fields: Vec<(String, Vec<&str>)> = names
            .iter()
            .filter(|n| !grouped.contains(n.as_str()))
            .filter(|n| !matches!(n.as_str(), "modified_by" | "modified"))
            .map(|n| ((*n).clone(), vec![n.as_str()]))
            .collect();
        fields.extend(
            rules
                .groups
                .iter()
                .map(|(name, members)| ((*name).to_owned(), members.to_vec())),
        );
        for (name, members) in fields {
            let pick = |m: &Map<String, Value>| -> Value {
                if members.len() == 1 {
                    m.get(members[0]).cloned().unwrap_or(Value::Null)
                } else {
                    Value::Object(
                        members
                            .iter()
                            .map(|f| ((*f).to_owned(), m.get(*f).cloned().unwrap_or(Value::Null)))
                            .collect(),
                    )
                }
            };
            let (vb, vo, vt) = (pick(bm), pick(om), pick(tm));
            let value = if vo == vt || vt == vb {
                continue;
            } else if vo == vb {
                vt
            } else if rules.either.contains(&name.as_str()) {
                if as_text(&vt) > as_text(&vo) {
                    vt
                } else {
                    continue;
                }
            } else if rules.sets.contains(&name.as_str()) {
                let set = merge_set(&vb, &vo, &vt);
                if name == "claims" && !one_stance_each(&set) {
                    self.conflict(item, &name, b.map(|_| vb), vo, vt);
                    continue;
                }
                set
            } else {
                self.conflict(item, &name, b.map(|_| vb), vo, vt);
                continue;
            };
            if members.len() == 1 {
                set_field(&mut merged, &name, value);
            } else if let Value::Object(parts) = value {
                for (f, v) in parts {
                    set_field(&mut merged, &f, v);
                }
            }
        }
        // Who changed it last follows the later change (at the same second, the greater
        // name, so that the result does not depend on which side is ours).
        let stamp = |m: &Map<String, Value>| {
            let text = |f: &str| m.get(f).and_then(Value::as_str).unwrap_or("").to_owned();
            (text("modified"), text("modified_by"))
        };
        if stamp(tm) > stamp(om) {
            for f in ["modified_by", "modified"] {
                set_field(&mut merged, f, tm.get(f).cloned().unwrap_or(Value::Null));
            }
        }
        serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| o.clone())
    }

    fn conflict(&mut self, item: &ItemRef, field: &str, b: Option<Value>, o: Value, t: Value) {
        self.conflicts.push(Conflict {
            item: item.clone(),
            what: Contested::Field(field.to_owned()),
            base: b,
            ours: Some(o),
            theirs: Some(t),
        });
    }
}

/// The project's name, merged like a field.
fn merge_name(base: &Project, ours: &Project, theirs: &Project, out: &mut Vec<Conflict>) -> String {
    if ours.name == theirs.name || theirs.name == base.name {
        ours.name.clone()
    } else if ours.name == base.name {
        theirs.name.clone()
    } else {
        out.push(Conflict {
            item: ItemRef::Project,
            what: Contested::Field("name".to_owned()),
            base: Some(Value::String(base.name.clone())),
            ours: Some(Value::String(ours.name.clone())),
            theirs: Some(Value::String(theirs.name.clone())),
        });
        ours.name.clone()
    }
}

/// The project's publisher (name and web site together), merged like a field: a change on
/// one side is taken; two different changes are a conflict that keeps ours.
fn merge_publisher(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    out: &mut Vec<Conflict>,
) -> crate::model::Publisher {
    let (b, o, t) = (&base.publisher, &ours.publisher, &theirs.publisher);
    if o == t || t == b {
        o.clone()
    } else if o == b {
        t.clone()
    } else {
        let value = |p: &crate::model::Publisher| serde_json::to_value(p).ok();
        out.push(Conflict {
            item: ItemRef::Project,
            what: Contested::Field("publisher".to_owned()),
            base: value(b),
            ours: value(o),
            theirs: value(t),
        });
        o.clone()
    }
}

/// A value as JSON text, to order two values of one field.
fn as_text(v: &Value) -> String {
    v.to_string()
}

/// An item as plain data.
pub fn to_value<T: Serialize>(x: &T) -> Value {
    serde_json::to_value(x).unwrap_or(Value::Null)
}

/// Sets a field of an item's data; `null` removes it (the field's default).
pub fn set_field(item: &mut Map<String, Value>, field: &str, value: Value) {
    if value.is_null() {
        item.remove(field);
    } else {
        item.insert(field.to_owned(), value);
    }
}

/// Ours, without what theirs removed, with what theirs added. Items are compared whole,
/// except that a claim link is the same link whoever made it.
fn merge_set(base: &Value, ours: &Value, theirs: &Value) -> Value {
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let same = |x: &Value, y: &Value| {
        let strip = |v: &Value| {
            let mut v = v.clone();
            if let Some(m) = v.as_object_mut() {
                m.remove("created_by");
            }
            v
        };
        strip(x) == strip(y)
    };
    let (b, o, t) = (list(base), list(ours), list(theirs));
    let contains = |l: &[Value], x: &Value| l.iter().any(|y| same(x, y));
    let mut out: Vec<Value> = o
        .iter()
        .filter(|x| !contains(&b, x) || contains(&t, x))
        .cloned()
        .collect();
    for x in &t {
        if !contains(&b, x) && !contains(&out, x) {
            out.push(x.clone());
        }
    }
    Value::Array(out)
}

/// Whether merged claim links give each claim and speaker one stance.
fn one_stance_each(links: &Value) -> bool {
    let Ok(mut links) = serde_json::from_value::<Vec<ClaimLink>>(links.clone()) else {
        return false;
    };
    ClaimLink::normalise(&mut links).is_empty()
}

/// A list merged as a set of whole items.
fn three_way_set<T: Clone + PartialEq>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| !base.contains(x) || theirs.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

struct Sides<'a> {
    base: &'a Project,
    ours: &'a Project,
    theirs: &'a Project,
}

impl Sides<'_> {
    /// A deleted item found again, with its versions for the conflict.
    fn find<T: Clone + Serialize>(
        &self,
        get: impl Fn(&Project) -> Option<&T>,
        item: ItemRef,
    ) -> Option<(T, Conflict)> {
        let (b, o, t) = (get(self.base), get(self.ours), get(self.theirs));
        let kept = o.or(t).or(b)?.clone();
        Some((
            kept,
            Conflict {
                item,
                what: Contested::Item,
                base: b.map(to_value),
                ours: o.map(to_value),
                theirs: t.map(to_value),
            },
        ))
    }
}

/// Brings back what one side deleted while the other still uses it (an entity a new
/// highlight names, a claim a new link speaks to, a span a new link or review joins), as a
/// conflict: the checker decides whether it goes, and nothing is left pointing at nothing.
fn keep_what_is_used(project: &mut Project, sides: &Sides, out: &mut Vec<Conflict>) {
    loop {
        let mut restored = false;
        let entities: HashSet<_> = project.entities.iter().map(|e| e.id.clone()).collect();
        let claims: HashSet<_> = project.claims.iter().map(|c| c.id.clone()).collect();
        let articles: HashSet<_> = project.articles.iter().map(|a| a.id.clone()).collect();
        let spans: HashSet<_> = project.annotations.iter().map(|a| a.id.clone()).collect();
        let mut want_entities = BTreeSet::new();
        let mut want_claims = BTreeSet::new();
        let mut want_articles = BTreeSet::new();
        let mut want_spans = BTreeSet::new();
        for a in &project.annotations {
            if !articles.contains(&a.article) {
                want_articles.insert(a.article.clone());
            }
            want_entities.extend(
                a.entities
                    .iter()
                    .filter(|e| !entities.contains(*e))
                    .cloned(),
            );
            for l in &a.claims {
                if !claims.contains(&l.claim) {
                    want_claims.insert(l.claim.clone());
                }
                if let Some(s) = l.speaker.as_ref().filter(|s| !entities.contains(*s)) {
                    want_entities.insert(s.clone());
                }
            }
        }
        for l in &project.links {
            want_spans.extend(
                [&l.from, &l.to]
                    .into_iter()
                    .filter(|x| !spans.contains(*x))
                    .cloned(),
            );
        }
        for r in &project.reviews {
            match &r.key {
                crate::model::DisagreementKey::Claim {
                    claim,
                    asserting,
                    denying,
                } => {
                    if !claims.contains(claim) {
                        want_claims.insert(claim.clone());
                    }
                    for s in [asserting, denying].into_iter().flatten() {
                        if !entities.contains(s) {
                            want_entities.insert(s.clone());
                        }
                    }
                }
                crate::model::DisagreementKey::Linked { a, b } => {
                    want_spans.extend([a, b].into_iter().filter(|x| !spans.contains(*x)).cloned());
                }
            }
        }
        let mut note = |c: Conflict| {
            // The item may already be contested (deleted on one side, changed on the other).
            if !out
                .iter()
                .any(|x| x.item == c.item && x.what == Contested::Item)
            {
                out.push(c);
            }
        };
        for id in want_articles {
            if let Some((a, c)) = sides.find(|p| p.article(&id), ItemRef::Article(id.clone())) {
                project.articles.push(a);
                note(c);
                restored = true;
            }
        }
        for id in want_entities {
            if let Some((e, c)) = sides.find(|p| p.entity(&id), ItemRef::Entity(id.clone())) {
                project.entities.push(e);
                note(c);
                restored = true;
            }
        }
        for id in want_claims {
            if let Some((x, c)) = sides.find(|p| p.claim(&id), ItemRef::Claim(id.clone())) {
                project.claims.push(x);
                note(c);
                restored = true;
            }
        }
        for id in want_spans {
            if let Some((x, c)) = sides.find(|p| p.annotation(&id), ItemRef::Annotation(id.clone()))
            {
                project.annotations.push(Arc::new(x));
                note(c);
                restored = true;
            }
        }
        if !restored {
            // What nothing on any side has (a hand-edited file) is left to `validate`.
            return;
        }
    }
}

/// A name folded for comparison: case, apostrophes and runs of blanks do not count.
#[must_use]
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| !matches!(c, '\'' | '’' | '‘' | '"' | '“' | '”'))
                .flat_map(char::to_lowercase),
        );
    }
    out
}

/// Entities both sides made under different ids with a name or alias in common, and claims
/// both made with the same statement: offered for merging.
fn duplicates(project: &Project, sides: &Sides, out: &mut Vec<Conflict>) {
    let new_on = |p: &Project| -> Vec<Entity> {
        p.entities
            .iter()
            .filter(|e| sides.base.entity(&e.id).is_none())
            .cloned()
            .collect()
    };
    let (ours, theirs) = (new_on(sides.ours), new_on(sides.theirs));
    let names = |e: &Entity| -> HashSet<String> {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| fold(n))
            .filter(|n| !n.is_empty())
            .collect()
    };
    for o in &ours {
        for t in &theirs {
            if o.id != t.id
                && project.entity(&o.id).is_some()
                && project.entity(&t.id).is_some()
                && sides.theirs.entity(&o.id).is_none()
                && sides.ours.entity(&t.id).is_none()
                && !names(o).is_disjoint(&names(t))
            {
                out.push(Conflict {
                    item: ItemRef::Entity(o.id.clone()),
                    what: Contested::Duplicate,
                    base: None,
                    ours: Some(Value::String(o.id.0.clone())),
                    theirs: Some(Value::String(t.id.0.clone())),
                });
            }
        }
    }
    let new_claims = |p: &Project| -> Vec<Claim> {
        p.claims
            .iter()
            .filter(|c| sides.base.claim(&c.id).is_none())
            .cloned()
            .collect()
    };
    let (ours, theirs) = (new_claims(sides.ours), new_claims(sides.theirs));
    for o in &ours {
        for t in &theirs {
            if o.id != t.id
                && sides.theirs.claim(&o.id).is_none()
                && sides.ours.claim(&t.id).is_none()
                && fold(&o.statement) == fold(&t.statement)
            {
                out.push(Conflict {
                    item: ItemRef::Claim(o.id.clone()),
                    what: Contested::Duplicate,
                    base: None,
                    ours: Some(Value::String(o.id.0.clone())),
                    theirs: Some(Value::String(t.id.0.clone())),
                });
            }
        }
    }
}
