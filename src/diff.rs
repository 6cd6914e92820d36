//! What differs between two copies of a project, in words a checker reads (`crosscheck diff
//! A B`), and a project as one line per item (`crosscheck diff FILE`, git's `textconv`, so
//! `git diff` and `git log -p` show highlights and claims instead of RON). Pure.

use crate::merge::to_value;
use crate::model::{Annotation, Project};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::hash::Hash;

/// A value shortened for one line.
fn short(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => return "(none)".to_owned(),
        Some(Value::String(s)) => format!("\u{201c}{s}\u{201d}"),
        Some(v) => v.to_string(),
    };
    let text = text.replace('\n', " ");
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// "field: old → new" for every field that differs.
fn changed_fields<T: Serialize>(a: &T, b: &T) -> Vec<String> {
    let (va, vb) = (to_value(a), to_value(b));
    let empty = serde_json::Map::new();
    let ma = va.as_object().unwrap_or(&empty);
    let mb = vb.as_object().unwrap_or(&empty);
    let names: BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
    names
        .into_iter()
        .filter(|n| !matches!(n.as_str(), "modified" | "modified_by" | "prefix" | "suffix"))
        .filter(|n| ma.get(*n) != mb.get(*n))
        .map(|n| format!("{n}: {} → {}", short(ma.get(n)), short(mb.get(n))))
        .collect()
}

fn section<T, K>(
    out: &mut Vec<String>,
    a: &[T],
    b: &[T],
    key: impl Fn(&T) -> K,
    name: impl Fn(&T) -> String,
) where
    T: Serialize + PartialEq,
    K: Eq + Hash,
{
    let ia: HashMap<K, &T> = a.iter().map(|x| (key(x), x)).collect();
    let ib: HashMap<K, &T> = b.iter().map(|x| (key(x), x)).collect();
    for x in a {
        match ib.get(&key(x)) {
            None => out.push(format!("- {}", name(x))),
            Some(y) if *y != x => {
                let fields = changed_fields(x, *y);
                if !fields.is_empty() {
                    out.push(format!("~ {}: {}", name(y), fields.join("; ")));
                }
            }
            Some(_) => {}
        }
    }
    for y in b {
        if !ia.contains_key(&key(y)) {
            out.push(format!("+ {}", name(y)));
        }
    }
}

fn span_name(a: &Annotation) -> String {
    format!(
        "highlight {} {}..{} {}",
        a.article,
        a.char_start,
        a.char_end,
        short(Some(&Value::String(a.quote.clone())))
    )
}

/// Every difference from `a` to `b`: `+` added, `-` removed, `~` changed (with the fields).
#[must_use]
pub fn changes(a: &Project, b: &Project) -> Vec<String> {
    let mut out = Vec::new();
    if a.publisher != b.publisher {
        out.push(format!(
            "~ publisher: {:?} {:?} → {:?} {:?}",
            a.publisher.name, a.publisher.url, b.publisher.name, b.publisher.url
        ));
    }
    if a.name != b.name {
        out.push(format!("~ project name: {:?} → {:?}", a.name, b.name));
    }
    if a.iri != b.iri {
        out.push(format!("~ project identifier: {:?} → {:?}", a.iri, b.iri));
    }
    section(
        &mut out,
        &a.articles,
        &b.articles,
        |x| x.id.clone(),
        |x| format!("article {} ({})", x.id, x.display_title()),
    );
    section(
        &mut out,
        &a.entities,
        &b.entities,
        |x| x.id.clone(),
        |x| format!("entity {} ({})", x.id, x.name),
    );
    section(
        &mut out,
        &a.claims,
        &b.claims,
        |x| x.id.clone(),
        |x| format!("claim {}", short(Some(&Value::String(x.statement.clone())))),
    );
    section(
        &mut out,
        &a.annotations,
        &b.annotations,
        |x| x.id.clone(),
        |x| span_name(x),
    );
    section(
        &mut out,
        &a.links,
        &b.links,
        |x| x.id.clone(),
        |x| format!("link {} {} → {}", x.kind.label(), x.from, x.to),
    );
    section(
        &mut out,
        &a.reviews,
        &b.reviews,
        |x| x.key.clone(),
        |x| format!("review of {}", review_name(b, &x.key)),
    );
    section(&mut out, &a.dismissed, &b.dismissed, Clone::clone, |x| {
        let quote = short(Some(&Value::String(x.quote.clone())));
        format!("dismissed suggestion in {}: {quote}", x.article)
    });
    section(&mut out, &a.conflicts, &b.conflicts, Clone::clone, |x| {
        format!("conflict over {}", conflict_name(x))
    });
    out
}

fn review_name(p: &Project, key: &crate::model::DisagreementKey) -> String {
    match key {
        crate::model::DisagreementKey::Claim {
            claim,
            asserting,
            denying,
        } => format!(
            "{} ({} vs {})",
            short(
                p.claim(claim)
                    .map(|c| Value::String(c.statement.clone()))
                    .as_ref()
            ),
            p.speaker_name(asserting.as_ref()),
            p.speaker_name(denying.as_ref())
        ),
        crate::model::DisagreementKey::Linked { a, b } => format!("linked spans {a} and {b}"),
    }
}

/// "entity iran: name", "highlight 1f3…: note", for lists and messages.
#[must_use]
pub fn conflict_name(c: &crate::model::Conflict) -> String {
    use crate::model::{Contested, ItemRef};
    let item = match &c.item {
        ItemRef::Project => "the project".to_owned(),
        ItemRef::Article(id) => format!("article {id}"),
        ItemRef::Entity(id) => format!("entity {id}"),
        ItemRef::Claim(id) => format!("claim {id}"),
        ItemRef::Annotation(id) => format!("highlight {id}"),
        ItemRef::Link(id) => format!("link {id}"),
        ItemRef::Review(key) => format!("review {key:?}"),
    };
    match &c.what {
        Contested::Field(f) => format!("{item}: {f}"),
        Contested::Item => format!("{item} (deleted on one side)"),
        Contested::Duplicate => format!("{item} (possible duplicate)"),
    }
}

/// The project as one line per item, in a stable order, for a line diff.
#[must_use]
pub fn listing(p: &Project) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "project {:?} (format {}) {}",
        p.name, p.format_version, p.iri
    );
    for a in &p.articles {
        let _ = writeln!(out, "article {}: {} · {}", a.id, a.source_line(), a.path);
    }
    for e in &p.entities {
        let _ = writeln!(
            out,
            "entity {}: {} ({}){}{}",
            e.id,
            e.name,
            e.kind.label(),
            if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" aka {}", e.aliases.join(", "))
            },
            if e.same_as.is_empty() {
                String::new()
            } else {
                format!(" same as {}", e.same_as.join(", "))
            }
        );
    }
    for c in &p.claims {
        let _ = writeln!(
            out,
            "claim {}: {} [{}]{}{}",
            c.id,
            c.statement,
            c.verdict.label(),
            note(&c.verdict_note),
            by(c.created_by.as_deref(), c.modified_by.as_deref())
        );
    }
    for a in &p.annotations {
        let mut line = span_name(a);
        if !a.entities.is_empty() {
            let names: Vec<String> = a.entities.iter().map(|e| p.speaker_name(Some(e))).collect();
            let _ = write!(line, " entities: {}", names.join(", "));
        }
        for l in &a.claims {
            let statement = p
                .claim(&l.claim)
                .map_or(l.claim.0.as_str(), |c| &c.statement);
            let _ = write!(
                line,
                " | {} {} \u{201c}{}\u{201d}",
                p.speaker_name(l.speaker.as_ref()),
                l.stance.label(),
                statement
            );
        }
        line.push_str(&note(&a.note));
        line.push_str(&by(a.created_by.as_deref(), a.modified_by.as_deref()));
        let _ = writeln!(out, "{line}");
    }
    for l in &p.links {
        let _ = writeln!(
            out,
            "link {} {} → {}{}",
            l.kind.label(),
            l.from,
            l.to,
            note(&l.note)
        );
    }
    for r in &p.reviews {
        let _ = writeln!(
            out,
            "review of {}: {}{}{}",
            review_name(p, &r.key),
            r.state.label(),
            note(&r.note),
            by(r.created_by.as_deref(), r.modified_by.as_deref())
        );
    }
    for d in &p.dismissed {
        let _ = writeln!(out, "dismissed suggestion in {}: {}", d.article, d.quote);
    }
    for c in &p.conflicts {
        let _ = writeln!(
            out,
            "conflict over {}: base {}, ours {}, theirs {}",
            conflict_name(c),
            short(c.base.as_ref()),
            short(c.ours.as_ref()),
            short(c.theirs.as_ref())
        );
    }
    out
}

fn note(n: &str) -> String {
    if n.trim().is_empty() {
        String::new()
    } else {
        format!(" — note: {}", n.replace('\n', " "))
    }
}

fn by(created: Option<&str>, modified: Option<&str>) -> String {
    match (created, modified) {
        (None, None) => String::new(),
        (Some(c), None) => format!(" (by {c})"),
        (c, Some(m)) => format!(" (by {}, changed by {m})", c.unwrap_or("unknown")),
    }
}
