//! Colours and fonts: the one place a colour is chosen.

pub mod fonts;
pub mod palette;
pub mod vision;
pub mod visuals;
