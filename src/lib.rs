//! bantin ("bản tin": bulletin) builds a static site from district bulletins: Markdown
//! with YAML front matter that carries typed figures, rendered through Tera themes.
//!
//! The pipeline: load sources → parse → validate → index → render → write. Every command
//! is a composition of those stages (see [`pipeline`] and [`commands`]).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub(crate) mod cache;
pub mod commands;
pub mod config;
pub mod error;
pub mod escape;
pub mod fields;
pub mod figures;
pub mod i18n;
pub mod images;
pub mod lang;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod numfmt;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub(crate) mod share;
pub mod site;
pub mod slug;
pub mod source;
pub mod theme;
pub mod urls;
pub mod yaml;
pub mod yaml_explain;

pub use commands::build::{BuildOptions, BuildReport, CheckOptions, Strictness, build, check};
pub use commands::init::{InitOptions, init_site};
pub use commands::new::{NewOptions, new_bulletin};
pub use error::{Diagnostic, Error, Location, Severity};
pub use output::{BuildNotice, LockWait};
pub use serve::{ServeEvent, ServeOptions, serve};
pub use site::Drafts;
