//! The commands: each a short composition of pipeline stages.

pub mod build;
pub mod figures;
pub mod init;
pub mod new;
