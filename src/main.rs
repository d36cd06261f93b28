//! The `bantin` command: parses arguments, calls the library, prints diagnostics.

mod cli;

use bantin::output::LockWait;
use bantin::serve::WatchMode;
use bantin::{
    BuildOptions, CheckOptions, Diagnostic, Drafts, Error, InitOptions, NewOptions, ServeEvent,
    ServeOptions, Strictness,
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
        Error::Busy(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(3)
        }
        other => {
            eprintln!("error: {other}");
            ExitCode::from(1)
        }
    }
}

/// `bantin serve`: the URL is the first line on stdout (scripts read it); the rest goes to
/// stderr.
fn serve(a: cli::ServeArgs) -> Result<(), Error> {
    let opts = ServeOptions {
        root: a.root,
        bind: a.bind,
        port: a.port,
        drafts: if a.drafts {
            Drafts::Include
        } else {
            Drafts::Exclude
        },
        watch: if a.poll {
            WatchMode::Poll
        } else {
            WatchMode::Native
        },
        ..ServeOptions::default()
    };
    let open = a.open;
    bantin::serve(&opts, &move |event| match event {
        ServeEvent::Listening {
            url,
            address,
            loopback,
        } => {
            println!("{url}");
            eprintln!("serving at {url} (Ctrl-C to stop)");
            if !loopback {
                eprintln!(
                    "warning: listening on {address}: anyone who can reach this machine can see the preview"
                );
            }
            if open {
                open_browser(&url);
            }
        }
        ServeEvent::Changed { paths, .. } => eprintln!("changed: {}", paths.join(", ")),
        ServeEvent::Built(b) => {
            print_diagnostics(&b.warnings);
            eprintln!(
                "build {}{}: {} bulletins, {} files ({} changed; pages rendered {}, reused {}) in {} ms",
                b.build,
                if b.patched {
                    " (only the pages showing the edit)"
                } else {
                    ""
                },
                b.bulletins,
                b.files,
                b.changed,
                b.reuse.pages.0,
                b.reuse.pages.1,
                b.elapsed.as_millis()
            );
        }
        ServeEvent::Failed {
            build,
            diagnostics,
            serving_previous,
        } => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let still = if serving_previous {
                "still serving the last good site"
            } else {
                "every page shows the errors"
            };
            eprintln!("build {build} failed with {errors} error(s); {still}");
        }
        ServeEvent::WatchError(e) => eprintln!("warning: file watcher: {e}"),
        ServeEvent::Stopped => eprintln!("stopped"),
    })
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// `bantin figures suggest`: the blocks on stdout, notes on stderr.
fn suggest(a: cli::SuggestArgs) -> Result<(), bantin::Error> {
    use bantin::commands::figures::{SuggestOptions, Write, suggest_figures};
    let opts = SuggestOptions {
        root: a.root,
        files: a.files,
        write: if a.write {
            Write::FrontMatter
        } else {
            Write::No
        },
    };
    let report = suggest_figures(&opts)?;
    for (file, block) in &report.blocks {
        println!("# {file}\n{block}");
    }
    print_diagnostics(&report.notes);
    for file in &report.written {
        eprintln!("{file}: figures written into the front matter");
    }
    if report.notes.iter().any(bantin::Diagnostic::is_error) {
        return Err(bantin::Error::Invalid(report.notes));
    }
    Ok(())
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
                wait: if a.no_wait {
                    LockWait::NoWait
                } else {
                    LockWait::Wait
                },
                notify: |notice| eprintln!("{notice}"),
            };
            let timings = a.timings;
            bantin::build(&opts).map(|r| {
                print_diagnostics(&r.warnings);
                if timings {
                    for (stage, d) in &r.timings {
                        eprintln!("{:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0);
                    }
                }
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
                drafts: drafts(a.drafts),
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
        cli::Command::Serve(a) => serve(a),
        cli::Command::Figures(cli::FiguresCommand::Suggest(a)) => suggest(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report_error(&e),
    }
}
