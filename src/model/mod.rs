//! The content model: bulletins, figures, quarters and dates.

pub mod bulletin;
pub mod date;
pub mod figure;
pub mod quarter;
