//! Undo and redo as lists of changes, and the journal that derived views read.
//!
//! A step of history is what one edit changed ([`Change`]s with the item before and after),
//! never a copy of the project: its memory is what the edit touched, and undoing it costs
//! what the edit cost. The journal keeps, for a while, every state transition (edit, undo,
//! redo) in order, so that a view that last looked at transition `n` can catch up on what
//! changed since instead of recomputing everything.

use super::change::{Change, State};
use std::collections::VecDeque;

/// How many undo steps are kept.
pub const UNDO_DEPTH: usize = 200;

/// Above this many annotation changes, a step is undone with one sort instead of an insert
/// per annotation, and the journal tells views to recompute rather than keeping a copy.
const BULK: usize = 64;

/// How many transitions the journal keeps for views that fall behind.
const JOURNAL_DEPTH: usize = 256;

/// What one undoable edit did.
#[derive(Clone, Debug)]
pub struct Step {
    pub label: &'static str,
    /// Set for typing (a note, a review note): further edits of the same text join this step,
    /// so typing is undone as a whole.
    pub typing_in: Option<String>,
    /// The revision before the step and after it.
    pub revisions: (u64, u64),
    pub changes: Vec<Change>,
}

impl Step {
    /// Folds a later edit of the same text into this step.
    pub fn absorb(&mut self, changes: Vec<Change>, revision: u64) {
        for change in changes {
            match self.changes.iter_mut().find(|c| c.same_target(&change)) {
                Some(mine) => mine.absorb(change),
                None => self.changes.push(change),
            }
        }
        self.revisions.1 = revision;
    }
}

/// Plays a step's changes on the state: forwards (redo) or backwards (undo).
///
/// A step that touches many annotations (a batch, deleting an entity with thousands of
/// mentions) plays them in bulk, with one sort, then the rest of its changes in order: items
/// of different kinds never depend on each other in the state, so this is the same as one by
/// one. A whole project swapped (a restore) is played on its own.
pub fn replay(state: &mut State, changes: &mut [Change], forwards: bool) {
    let annotations: usize = changes
        .iter()
        .filter(|c| matches!(c, Change::Annotation { .. }))
        .count();
    let whole = changes.iter().any(|c| matches!(c, Change::Project(_)));
    let bulk = annotations > BULK && !whole;
    if bulk {
        let pairs = changes.iter().filter_map(|c| match c {
            Change::Annotation { before, after } if forwards => {
                Some((before.as_ref(), after.as_ref()))
            }
            Change::Annotation { before, after } => Some((after.as_ref(), before.as_ref())),
            _ => None,
        });
        if forwards {
            state.apply_annotations_in_bulk(pairs);
        } else {
            let pairs: Vec<_> = pairs.collect();
            state.apply_annotations_in_bulk(pairs.into_iter().rev());
        }
    }
    let mut play = |change: &mut Change| match change {
        Change::Annotation { .. } if bulk => {}
        Change::Project(other) => state.swap_project(other),
        c if forwards => state.apply(c),
        c => state.apply(&c.inverse()),
    };
    if forwards {
        changes.iter_mut().for_each(&mut play);
    } else {
        changes.iter_mut().rev().for_each(&mut play);
    }
}

/// What changed in one transition of the document, as views read it.
#[derive(Clone, Debug)]
pub enum Transition {
    /// The changes, in the order they happened (an undo's are the edit's, inverted and in
    /// reverse order).
    Changes(Vec<Change>),
    /// Too much to list (a whole project restored, a very large batch): recompute.
    Everything,
}

/// The recent transitions of the document, numbered.
#[derive(Clone, Debug, Default)]
pub struct Journal {
    /// The number of the first entry in `entries`.
    first: u64,
    entries: VecDeque<Transition>,
}

impl Journal {
    /// The number of transitions so far: a view that has seen up to here is current.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.first + self.entries.len() as u64
    }

    /// Records a transition; `changes` are given in the order they took effect.
    pub fn record(&mut self, changes: impl FnOnce() -> Vec<Change>, size: usize) {
        let entry = if size > BULK * 100 {
            Transition::Everything
        } else {
            let changes = changes();
            if changes.iter().any(|c| matches!(c, Change::Project(_))) {
                Transition::Everything
            } else {
                Transition::Changes(changes)
            }
        };
        self.entries.push_back(entry);
        while self.entries.len() > JOURNAL_DEPTH {
            self.entries.pop_front();
            self.first += 1;
        }
    }

    /// Every transition after the first `seen`, or `None` when some of them are no longer
    /// kept (the view must recompute).
    #[must_use]
    pub fn since(&self, seen: u64) -> Option<impl Iterator<Item = &Transition>> {
        if seen < self.first || seen > self.count() {
            return None;
        }
        let skip = usize::try_from(seen - self.first).ok()?;
        Some(self.entries.iter().skip(skip))
    }
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub undo: VecDeque<Step>,
    pub redo: Vec<Step>,
}

impl History {
    pub fn push(&mut self, step: Step) {
        self.undo.push_back(step);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.redo.clear();
    }
}
