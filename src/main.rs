//! The `bantin` command: parses arguments, calls the library, prints diagnostics.

mod cli;

use bantin::{
    BuildOptions, CheckOptions, Diagnostic, Drafts, Error, InitOptions, NewOptions, Strictness,
};
use clap::Parser;
use std::process::ExitCode;

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn report_error(err: &Error) -> ExitCode {
    match err {
        Error::Invalid(diags) => {
            print_diagnostics(diags);
            let errors = diags.iter().filter(|d| d.is_error()).count();
            let warnings = diags.len() - errors;
            let files = diags
                .iter()
                .map(|d| d.location.path.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if errors == 0 {
                eprintln!("{warnings} warning(s) treated as errors (--strict)");
            } else {
                eprintln!(
                    "{errors} error(s), {warnings} warning(s) in {files} file(s); nothing was written"
                );
            }
            ExitCode::from(1)
        }
        Error::Usage(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        other => {
            eprintln!("error: {other}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let drafts = |b: bool| if b { Drafts::Include } else { Drafts::Exclude };
    let result = match cli.command {
        cli::Command::Build(a) => {
            let opts = BuildOptions {
                root: a.root,
                output: a.output,
                drafts: drafts(a.drafts),
                base_url: a.base_url,
            };
            bantin::build(&opts).map(|r| {
                print_diagnostics(&r.warnings);
                eprintln!(
                    "built {} bulletins, {} pages ({} files) in {} ms → {}",
                    r.bulletins,
                    r.pages,
                    r.files,
                    r.elapsed.as_millis(),
                    r.output
                        .as_ref()
                        .map_or_else(String::new, |p| p.display().to_string())
                );
            })
        }
        cli::Command::Check(a) => {
            let strict = if a.strict {
                Strictness::Strict
            } else {
                Strictness::Lenient
            };
            let opts = CheckOptions {
                root: a.root,
                drafts: Drafts::Include,
                strict,
            };
            bantin::check(&opts).map(|r| {
                print_diagnostics(&r.warnings);
                eprintln!(
                    "checked {} bulletins, {} pages: no errors, {} warning(s) in {} ms",
                    r.bulletins,
                    r.pages,
                    r.warnings.len(),
                    r.elapsed.as_millis()
                );
            })
        }
        cli::Command::New(a) => {
            let opts = NewOptions {
                root: a.root,
                title: a.title,
                date: a.date,
                district: a.district,
                tags: a.tags,
            };
            bantin::new_bulletin(&opts).map(|path| println!("{}", path.display()))
        }
        cli::Command::Init(a) => {
            let opts = InitOptions {
                dir: a.dir.clone(),
                with_theme: a.with_theme,
            };
            bantin::init_site(&opts).map(|_| {
                eprintln!(
                    "created a new site in {}; build it with: bantin build --root {}",
                    a.dir.display(),
                    a.dir.display()
                );
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report_error(&e),
    }
}
