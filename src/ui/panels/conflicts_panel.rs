//! The Conflicts tab: what a merge of two copies left to decide. Each conflict shows the
//! ancestor's value and both sides'; the checker keeps one, or writes a new value (text
//! fields), or for an item one side deleted keeps or deletes it, or for a possible duplicate
//! merges the two or keeps both. Each choice is one undoable edit.

use crate::document::{Document, Edit};
use crate::model::{Conflict, Contested, ItemRef, Project};
use crate::ui::shell::state::ViewState;
use serde_json::Value;

/// Fields a checker may write anew when settling a conflict (the others take one side).
const TEXT_FIELDS: [&str; 9] = [
    "note",
    "name",
    "statement",
    "description",
    "verdict_note",
    "title",
    "outlet",
    "url",
    "published",
];

/// What a conflict is about, as a checker names it: "entity “Iran UN mission”".
#[must_use]
pub fn subject(p: &Project, c: &Conflict) -> String {
    let quoted = |s: &str| format!("\u{201c}{s}\u{201d}");
    match &c.item {
        ItemRef::Project => "the project".to_owned(),
        ItemRef::Article(id) => format!(
            "article {}",
            p.article(id)
                .map_or_else(|| id.0.clone(), crate::model::Article::display_title)
        ),
        ItemRef::Entity(id) => format!(
            "entity {}",
            p.entity(id)
                .map_or_else(|| id.0.clone(), |e| quoted(&e.name))
        ),
        ItemRef::Claim(id) => format!(
            "claim {}",
            p.claim(id)
                .map_or_else(|| id.0.clone(), |c| quoted(&c.statement))
        ),
        ItemRef::Annotation(id) => p.annotation(id).map_or_else(
            || format!("highlight {id}"),
            |a| format!("highlight {} in {}", quoted(&a.quote), a.article),
        ),
        ItemRef::Link(id) => format!("link {id}"),
        ItemRef::Review(key) => match key {
            crate::model::DisagreementKey::Claim {
                claim,
                asserting,
                denying,
            } => format!(
                "review of {} ({} vs {})",
                p.claim(claim)
                    .map_or_else(|| claim.0.clone(), |c| quoted(&c.statement)),
                p.speaker_name(asserting.as_ref()),
                p.speaker_name(denying.as_ref())
            ),
            crate::model::DisagreementKey::Linked { .. } => "review of linked spans".to_owned(),
        },
    }
}

/// A value as text: strings as they are, a span's place as its quote and offsets.
#[must_use]
pub fn shown(v: Option<&Value>) -> String {
    match v {
        None => "(absent)".to_owned(),
        Some(Value::Null) => "(none)".to_owned(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(m)) if m.contains_key("quote") => format!(
            "\u{201c}{}\u{201d} at {}..{}",
            m.get("quote").and_then(Value::as_str).unwrap_or(""),
            m.get("char_start").unwrap_or(&Value::Null),
            m.get("char_end").unwrap_or(&Value::Null)
        ),
        Some(v) => v.to_string(),
    }
}

pub fn conflicts_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let p = doc.project();
    if p.conflicts.is_empty() {
        ui.label("No conflicts: everything the merge brought together is decided.");
        return;
    }
    ui.label(format!(
        "{} decision(s) the merge left to you. Ours is this copy before the merge, theirs the \
         copy merged in; the project keeps ours until you choose. Each choice can be undone.",
        p.conflicts.len()
    ));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, c) in p.conflicts.iter().enumerate() {
                ui.push_id(i, |ui| conflict_ui(ui, doc, c, view, edits));
                ui.separator();
            }
        });
}

fn conflict_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    c: &Conflict,
    view: &mut ViewState,
    edits: &mut Vec<Edit>,
) {
    let p = doc.project();
    let resolve = |value: Option<Value>| Edit::ResolveConflict {
        conflict: c.clone(),
        value,
    };
    ui.horizontal_wrapped(|ui| {
        let what = match &c.what {
            Contested::Field(f) => format!("{f} changed two ways"),
            Contested::Item => "deleted on one side, changed or used on the other".to_owned(),
            Contested::Duplicate => "made on both sides: the same thing twice?".to_owned(),
        };
        ui.strong(subject(p, c));
        ui.label(format!("· {what}"));
        if let ItemRef::Annotation(id) = &c.item
            && let Some(a) = doc.annotation(id)
            && ui.small_button("Show").clicked()
        {
            let now = ui.input(|i| i.time);
            view.jump_to(id, &a.article, now);
        }
    });
    match &c.what {
        Contested::Duplicate => {
            let name = |v: Option<&Value>| {
                let id = v.and_then(Value::as_str).unwrap_or("");
                match &c.item {
                    ItemRef::Entity(_) => p
                        .entity(&crate::model::EntityId(id.to_owned()))
                        .map_or_else(|| id.to_owned(), |e| format!("{} ({id})", e.name)),
                    _ => id.to_owned(),
                }
            };
            ui.label(format!(
                "Ours: {} · theirs: {}",
                name(c.ours.as_ref()),
                name(c.theirs.as_ref())
            ));
            ui.horizontal(|ui| {
                if ui
                    .button("Merge into one")
                    .on_hover_text("Theirs is merged into ours: every link and review moves.")
                    .clicked()
                {
                    edits.push(resolve(Some(Value::Bool(true))));
                }
                if ui.button("Keep both").clicked() {
                    edits.push(resolve(None));
                }
            });
        }
        Contested::Item => {
            let state = |v: &Option<Value>| if v.is_some() { "kept" } else { "deleted" };
            ui.label(format!(
                "Base: there · ours: {} · theirs: {}",
                state(&c.ours),
                state(&c.theirs)
            ));
            ui.horizontal(|ui| {
                let kept = c.ours.clone().or_else(|| c.theirs.clone());
                if ui.button("Keep it").clicked() {
                    edits.push(resolve(kept));
                }
                let can_delete = !matches!(c.item, ItemRef::Article(_) | ItemRef::Project);
                if ui
                    .add_enabled(can_delete, egui::Button::new("Delete it"))
                    .clicked()
                {
                    edits.push(resolve(None));
                }
            });
        }
        Contested::Field(_) => field_ui(ui, c, view, edits),
    }
}

/// A field changed two ways: base, ours and theirs, each to pick, and (for text) a new value.
fn field_ui(ui: &mut egui::Ui, c: &Conflict, view: &mut ViewState, edits: &mut Vec<Edit>) {
    let resolve = |value: Option<Value>| Edit::ResolveConflict {
        conflict: c.clone(),
        value,
    };
    // One line a side: the choice first, so the buttons line up, then the value in full.
    for (label, v) in [("Base", &c.base), ("Ours", &c.ours), ("Theirs", &c.theirs)] {
        ui.horizontal(|ui| {
            let text = match label {
                "Base" => "Go back to base",
                "Ours" => "Keep ours",
                _ => "Take theirs",
            };
            let button = egui::Button::new(text).min_size(egui::vec2(120.0, 0.0));
            if ui
                .add_enabled(label != "Base" || v.is_some(), button)
                .clicked()
            {
                edits.push(resolve(v.clone().or(Some(Value::Null))));
            }
            ui.weak(format!("{label}:"));
            ui.add(egui::Label::new(shown(v.as_ref())).wrap());
        });
    }
    // Text fields can be written anew (a note that keeps both, a better name).
    let free_text = matches!(&c.what, Contested::Field(f) if TEXT_FIELDS.contains(&f.as_str()));
    if free_text {
        let draft = view
            .conflict_drafts
            .entry(format!("{:?} {:?}", c.item, c.what))
            .or_insert_with(|| shown(c.ours.as_ref()).replace("(empty)", ""));
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(1)
                    .desired_width(ui.available_width() - 120.0)
                    .hint_text("Or write a new value"),
            );
            if ui.button("Use this").clicked() {
                edits.push(resolve(Some(Value::String(draft.clone()))));
            }
        });
    }
}
