//! Settling what a merge left to the checker ([`Edit::ResolveConflict`]) and merging two
//! claims ([`Edit::MergeClaims`]). Each is one undoable step like any edit.

use super::Tx;
use crate::document::change::Change;
use crate::document::edit::{Edit, EditError};
use crate::merge::{set_field, to_value};
use crate::model::{
    ClaimId, ClaimLink, Conflict, Contested, DisagreementKey, EntityId, ItemRef, Review,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;

/// `item` with `field` set to `value` (a span's `position` sets its place's five fields).
fn with_field<T: Serialize + DeserializeOwned>(
    item: &T,
    field: &str,
    value: Value,
) -> Result<T, EditError> {
    let bad = |message: String| EditError::BadValue {
        field: field.to_owned(),
        message,
    };
    let mut data = to_value(item);
    let map = data
        .as_object_mut()
        .ok_or_else(|| bad("not a record".to_owned()))?;
    match (field, value) {
        ("position", Value::Object(parts)) => {
            for (f, v) in parts {
                set_field(map, &f, v);
            }
        }
        ("position", _) => return Err(bad("a place needs start, end and quote".to_owned())),
        (f, v) => set_field(map, f, v),
    }
    serde_json::from_value(data).map_err(|e| bad(e.to_string()))
}

fn whole<T: DeserializeOwned>(value: Value) -> Result<T, EditError> {
    serde_json::from_value(value).map_err(|e| EditError::BadValue {
        field: "the item".to_owned(),
        message: e.to_string(),
    })
}

fn id_of(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_str).map(str::to_owned)
}

impl Tx<'_> {
    pub(super) fn resolve_conflict(
        &mut self,
        conflict: Conflict,
        value: Option<Value>,
    ) -> Result<(), EditError> {
        let at = self
            .p()
            .conflicts
            .iter()
            .position(|c| *c == conflict)
            .ok_or(EditError::UnknownConflict)?;
        match &conflict.what {
            Contested::Duplicate => {
                if value.is_some()
                    && let (Some(into), Some(from)) = (
                        id_of(conflict.ours.as_ref()),
                        id_of(conflict.theirs.as_ref()),
                    )
                {
                    match &conflict.item {
                        ItemRef::Entity(_) => self.apply(Edit::MergeEntities {
                            from: EntityId(from),
                            into: EntityId(into),
                        })?,
                        ItemRef::Claim(_) => self.apply(Edit::MergeClaims {
                            from: ClaimId(from),
                            into: ClaimId(into),
                        })?,
                        _ => {}
                    }
                }
            }
            Contested::Item => match value {
                None => self.delete_item(&conflict.item)?,
                Some(v) => self.replace_item(&conflict.item, None, v)?,
            },
            Contested::Field(field) => {
                self.replace_item(&conflict.item, Some(field), value.unwrap_or(Value::Null))?;
            }
        }
        self.record(Change::Conflict {
            at,
            before: Some(conflict),
            after: None,
        });
        Ok(())
    }

    /// Sets the project's publisher (`field` "publisher") or its name (any other).
    fn replace_project_field(
        &mut self,
        field: Option<&str>,
        value: Value,
    ) -> Result<(), EditError> {
        if field == Some("publisher") {
            let before = self.p().publisher.clone();
            let after: crate::model::Publisher = whole(value)?;
            self.record(Change::Publisher { before, after });
        } else if let Value::String(after) = value {
            let before = self.p().name.clone();
            self.record(Change::Name { before, after });
        }
        Ok(())
    }

    /// Sets one field of an item, or (`field` `None`) the whole item. An item that is gone
    /// by now (deleted since the merge) has nothing left to decide.
    fn replace_item(
        &mut self,
        item: &ItemRef,
        field: Option<&str>,
        value: Value,
    ) -> Result<(), EditError> {
        fn new<T: Serialize + DeserializeOwned>(
            old: &T,
            field: Option<&str>,
            value: Value,
        ) -> Result<T, EditError> {
            match field {
                Some(f) => with_field(old, f, value),
                None => whole(value),
            }
        }
        let p = self.p();
        match item {
            ItemRef::Project => self.replace_project_field(field, value)?,
            ItemRef::Article(id) => {
                if let Some(at) = p.articles.iter().position(|a| &a.id == id) {
                    let before = p.articles[at].clone();
                    let after = new(&before, field, value)?;
                    if after.id != before.id {
                        return Err(EditError::BadValue {
                            field: "id".to_owned(),
                            message: "an article keeps its id".to_owned(),
                        });
                    }
                    self.record(Change::Article {
                        at,
                        before: Some(before),
                        after: Some(after),
                    });
                }
            }
            ItemRef::Entity(id) => {
                if let Some(at) = p.entities.iter().position(|e| &e.id == id) {
                    let before = p.entities[at].clone();
                    let mut after = new(&before, field, value)?;
                    after.id = before.id.clone();
                    if after.name.trim().is_empty() {
                        return Err(EditError::EmptyEntityName);
                    }
                    self.record(Change::Entity {
                        at,
                        before: Some(before),
                        after: Some(after),
                    });
                }
            }
            ItemRef::Claim(id) => {
                if let Some(at) = p.claims.iter().position(|c| &c.id == id) {
                    let before = p.claims[at].clone();
                    let mut after = new(&before, field, value)?;
                    after.id = before.id.clone();
                    if after.statement.trim().is_empty() {
                        return Err(EditError::EmptyStatement);
                    }
                    self.record(Change::Claim {
                        at,
                        before: Some(before),
                        after: Some(after),
                    });
                }
            }
            ItemRef::Annotation(id) => {
                if let Some(at) = self.state.position(id) {
                    let before = Arc::clone(&p.annotations[at]);
                    let mut after = new(&*before, field, value)?;
                    (after.id, after.article) = (before.id.clone(), before.article.clone());
                    ClaimLink::normalise(&mut after.claims);
                    after.entities.sort();
                    after.entities.dedup();
                    self.update_at(at, |a| *a = after);
                }
            }
            ItemRef::Link(id) => {
                if let Some(before) = p.links.iter().find(|l| &l.id == id).cloned() {
                    let mut after = new(&before, field, value)?;
                    after.id = before.id.clone();
                    self.record(Change::Link {
                        before: Some(before),
                        after: Some(after),
                    });
                }
            }
            ItemRef::Review(key) => {
                if let Some(before) = p.review(key).cloned() {
                    let mut after: Review = new(&before, field, value)?;
                    after.key = before.key.clone();
                    self.record(Change::Review {
                        before: Some(before),
                        after: Some(after),
                    });
                }
            }
        }
        Ok(())
    }

    /// Deletes an item as the matching edit would (what refers to it goes too).
    fn delete_item(&mut self, item: &ItemRef) -> Result<(), EditError> {
        let p = self.p();
        match item {
            ItemRef::Project | ItemRef::Article(_) => Err(EditError::CannotDeleteArticle),
            ItemRef::Entity(id) if p.entity(id).is_some() => {
                self.apply(Edit::DeleteEntity(id.clone()))
            }
            ItemRef::Claim(id) if p.claim(id).is_some() => {
                self.apply(Edit::DeleteClaim(id.clone()))
            }
            ItemRef::Annotation(id) if self.state.contains(id) => {
                self.apply(Edit::DeleteAnnotation(id.clone()))
            }
            ItemRef::Link(id) if p.links.iter().any(|l| &l.id == id) => {
                self.apply(Edit::DeleteLink(id.clone()))
            }
            ItemRef::Review(key) => {
                if let Some(before) = p.review(key).cloned() {
                    self.record(Change::Review {
                        before: Some(before),
                        after: None,
                    });
                }
                Ok(())
            }
            // Already gone.
            _ => Ok(()),
        }
    }

    /// Moves `from`'s links and reviews to `into` and removes `from`.
    pub(super) fn merge_claims(&mut self, from: &ClaimId, into: &ClaimId) -> Result<(), EditError> {
        if from == into {
            return Err(EditError::SelfMerge);
        }
        let p = self.p();
        let gone_at = p
            .claims
            .iter()
            .position(|c| &c.id == from)
            .ok_or_else(|| EditError::UnknownClaim(from.clone()))?;
        let kept_at = p
            .claims
            .iter()
            .position(|c| &c.id == into)
            .ok_or_else(|| EditError::UnknownClaim(into.clone()))?;
        let gone = p.claims[gone_at].clone();
        let before = p.claims[kept_at].clone();
        let mut kept = before.clone();
        for (mine, theirs) in [
            (&mut kept.description, &gone.description),
            (&mut kept.verdict_note, &gone.verdict_note),
        ] {
            let extra = theirs.trim();
            if !extra.is_empty() && !mine.contains(extra) {
                if !mine.trim().is_empty() {
                    mine.push_str("\n\n");
                }
                mine.push_str(extra);
            }
        }
        if kept != before {
            self.record(Change::Claim {
                at: kept_at,
                before: Some(before),
                after: Some(kept),
            });
        }
        let touched: Vec<usize> = (0..self.p().annotations.len())
            .filter(|&i| {
                self.p().annotations[i]
                    .claims
                    .iter()
                    .any(|l| &l.claim == from)
            })
            .collect();
        for at in touched {
            self.update_at(at, |a| {
                for link in &mut a.claims {
                    if &link.claim == from {
                        link.claim = into.clone();
                    }
                }
                ClaimLink::normalise(&mut a.claims);
            });
        }
        self.move_claim_reviews(from, into);
        let at = self
            .p()
            .claims
            .iter()
            .position(|c| &c.id == from)
            .unwrap_or(gone_at);
        self.record(Change::Claim {
            at,
            before: Some(gone),
            after: None,
        });
        Ok(())
    }

    /// The reviews of `from`'s disagreements become reviews of `into`'s (two that become one
    /// keep the least settled state and both notes).
    fn move_claim_reviews(&mut self, from: &ClaimId, into: &ClaimId) {
        let moved: Vec<Review> = self
            .p()
            .reviews
            .iter()
            .filter(|r| r.key.claim() == Some(from))
            .cloned()
            .collect();
        for old in moved {
            let DisagreementKey::Claim {
                asserting, denying, ..
            } = &old.key
            else {
                continue;
            };
            let key = DisagreementKey::Claim {
                claim: into.clone(),
                asserting: asserting.clone(),
                denying: denying.clone(),
            };
            self.rekey_review(old, key);
        }
    }
}
