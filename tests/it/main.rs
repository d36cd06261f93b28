//! The integration tests: one binary, one module per feature.
#![allow(clippy::unwrap_used, reason = "tests fail loudly on broken fixtures")]

mod browser;
mod build;
mod cli;
mod collisions;
mod errors;
mod faults;
mod figure_refs;
mod figures;
mod hostile;
mod images;
mod images_browser;
mod messages;
mod numbers;
mod open_data;
mod properties;
mod readers;
mod readers_browser;
mod readers_phone;
mod readers_theme;
mod replay;
mod serve;
mod share;
mod snapshots;
mod support;
mod transaction;
mod trust_read;
mod trust_read_props;
mod webdriver;
mod yaml_mistakes;
