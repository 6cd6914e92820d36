//! The side and bottom panels: entities, claims, details, problems, re-anchoring, the matrix, the review of disagreements, the speakers map and search.

pub mod anchor_panel;
pub mod claims_panel;
pub mod details_panel;
pub mod entity_panel;
pub mod entity_tools;
pub mod matrix_panel;
pub mod problems_panel;
pub mod review_panel;
pub mod search_panel;
pub mod speakers_map;
