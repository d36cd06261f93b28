//! Figures as first-class data: the numbers bulletins report, followed across quarters
//! and districts.
//!
//! Pure modules, used by the pipeline (checks), the renderer (pages and open data) and the
//! theme (Tera functions):
//!
//! * [`series`] groups reports by (id, district, period, quarter) and picks the value
//!   charts use (a final value beats an estimate, otherwise the later bulletin wins);
//! * [`checks`] finds inconsistencies across bulletins, with every file and line involved;
//! * [`rows`] writes the open data (`/data/figures.csv`, `.json`, one CSV per quarter);
//! * [`chart`] draws the inline SVG charts, [`axes`] their ticks and labels;
//! * [`functions`] exposes charts, cards and data to templates;
//! * [`refs`] expands `{{id}}` figure references and ```` ```figures ```` tables in bodies;
//! * [`prose`] warns where the body's numbers disagree with the figures they follow;
//! * [`suggest`] reads figures from prose (`bantin figures suggest`);
//! * [`open_data`] and [`xlsx`] make the Data Package, the workbook and each figure's CSV
//!   and standalone chart;
//! * [`pages`] builds the views of `/figures/` and `/figures/<id>/`.

pub mod axes;
pub mod chart;
pub mod checks;
pub mod functions;
mod marks;
pub mod open_data;
pub mod pages;
pub mod prose;
pub mod refs;
pub mod rows;
pub mod series;
pub mod suggest;
pub(crate) mod words;
pub mod xlsx;

pub use checks::check_figures;
pub use series::FigureSet;
