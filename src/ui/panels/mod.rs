//! The side and bottom panels: entities, claims, details, problems, re-anchoring, the matrix, the review of disagreements, the speakers map and search.

pub mod anchor_panel;
pub mod claims_panel;
pub mod conflicts_panel;
pub mod details_panel;
pub mod entity_panel;
pub mod entity_tools;
pub mod matrix_panel;
pub mod problems_panel;
pub mod review_panel;
pub mod same_as;
pub mod search_panel;
pub mod sources_panel;
pub mod speakers_map;
pub mod suggestions_panel;
pub mod tabs;

/// "by Alice · changed by Bob, 2026-12-06 14:02": who made and last changed an item, or
/// `None` when nobody is known.
#[must_use]
pub fn by_line(
    created_by: Option<&str>,
    modified_by: Option<&str>,
    modified: Option<&str>,
) -> Option<String> {
    let when = modified.map(|t| t.replacen('T', " ", 1).trim_end_matches('Z').to_owned());
    match (created_by, modified_by) {
        (None, None) => None,
        (Some(c), None) => Some(format!("by {c}")),
        (c, Some(m)) => Some(format!(
            "by {} · changed by {m}{}",
            c.unwrap_or("unknown"),
            when.map(|w| format!(", {w}")).unwrap_or_default()
        )),
    }
}

/// [`by_line`] of a highlight, "by unknown" when nobody is known.
#[must_use]
pub fn made_by(a: &crate::model::Annotation) -> String {
    by_line(
        a.created_by.as_deref(),
        a.modified_by.as_deref(),
        a.modified.as_deref(),
    )
    .unwrap_or_else(|| "by unknown".to_owned())
}
