//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// bantin: a static site generator for district bulletins.
#[derive(Debug, Parser)]
#[command(name = "bantin", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
    /// Language of messages: vi or en (default: BANTIN_LANG, else site.yaml's `language:`, else vi).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

/// `--lang`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Lang {
    /// Vietnamese.
    Vi,
    /// English.
    En,
}

impl From<Lang> for bantin::lang::Language {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Vi => bantin::lang::Language::Vi,
            Lang::En => bantin::lang::Language::En,
        }
    }
}

impl Command {
    /// The site root the command works on (`init` has none yet).
    pub fn root(&self) -> Option<&std::path::Path> {
        match self {
            Command::Build(a) => Some(&a.root),
            Command::Check(a) => Some(&a.root),
            Command::New(a) => Some(&a.root),
            Command::Serve(a) => Some(&a.root),
            Command::Figures(FiguresCommand::Suggest(a)) => Some(&a.root),
            Command::Init(_) => None,
        }
    }
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check everything `build` checks, writing nothing.
    Check(CheckArgs),
    /// Create a new bulletin with its front matter filled in.
    New(NewArgs),
    /// Create a new, buildable site.
    Init(InitArgs),
    /// Serve the site with live reload while you edit (never touches output/).
    Serve(ServeArgs),
    /// Work with the figures of bulletins.
    #[command(subcommand)]
    Figures(FiguresCommand),
}

/// `bantin figures …`.
#[derive(Debug, Subcommand)]
pub enum FiguresCommand {
    /// Print a `figures:` block for each bulletin from the numbers its text states.
    Suggest(SuggestArgs),
}

/// `bantin figures suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Bulletins to read.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Site root, whose figure ids and labels are reused.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Add the block to each front matter that has no `figures:` (everything else kept byte for byte).
    #[arg(long)]
    pub write: bool,
}

/// `bantin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Site root (the folder with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default ROOT/output); relative to the current folder.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Publish drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Base URL of the published site (overrides site.yaml's base_url).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// When another build of the same output is running, stop at once (exit code 3)
    /// instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
}

/// `bantin check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Site root (the folder with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Check the site `build --drafts` makes (drafts published).
    #[arg(long)]
    pub drafts: bool,
}

/// `bantin new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The bulletin's title.
    pub title: String,
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Date, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<String>,
    /// District (default: site.yaml's).
    #[arg(long)]
    pub district: Option<String>,
    /// Tags, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub tags: Vec<String>,
}

/// `bantin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create.
    pub dir: PathBuf,
    /// Also write a copy of the default theme to themes/default for customising.
    #[arg(long)]
    pub with_theme: bool,
}

/// `bantin serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Site root (the folder with site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on; anything but loopback makes the preview reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Show drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Detect changes by polling (network drives, WSL, containers) instead of OS events.
    #[arg(long)]
    pub poll: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
