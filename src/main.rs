//! The `bantin` command: parses arguments, calls the library, prints diagnostics.

mod cli;

use bantin::lang::Language;
use bantin::messages::{Catalog, Message};
use bantin::output::LockWait;
use bantin::serve::WatchMode;
use bantin::{
    BuildOptions, CheckOptions, Diagnostic, Drafts, Error, InitOptions, NewOptions, ServeEvent,
    ServeOptions, Strictness, msg,
};
use clap::Parser;
use std::process::ExitCode;

/// Where printed text goes: the catalog of the chosen language.
struct Out {
    catalog: Catalog,
}

impl Out {
    fn text(&self, m: &Message) -> String {
        self.catalog.render(m)
    }

    /// One line on stderr.
    fn line(&self, m: &Message) {
        eprintln!("{}", self.text(m));
    }

    /// A line on stderr with the severity word first (`cảnh báo: ...`), for problems
    /// that have no file.
    fn warning(&self, m: &Message) {
        eprintln!("{}: {}", self.text(&msg!("severity-warning")), self.text(m));
    }

    fn diagnostics(&self, diags: &[Diagnostic]) {
        for d in diags {
            eprintln!("{}", d.render(&self.catalog));
        }
    }

    fn report_error(&self, err: &Error) -> ExitCode {
        let error_word = self.text(&msg!("severity-error"));
        match err {
            Error::Invalid(diags) => {
                self.diagnostics(diags);
                let errors = diags.iter().filter(|d| d.is_error()).count();
                let warnings = diags.len() - errors;
                let files = diags
                    .iter()
                    .map(|d| d.location.path.as_str())
                    .collect::<std::collections::BTreeSet<_>>()
                    .len();
                if errors == 0 {
                    self.line(&msg!("summary-strict", warnings = warnings));
                } else {
                    self.line(&msg!(
                        "summary-failed",
                        errors = errors,
                        warnings = warnings,
                        files = files
                    ));
                }
                ExitCode::from(1)
            }
            Error::Usage(m) => {
                eprintln!("{error_word}: {m}");
                ExitCode::from(2)
            }
            Error::Busy(m) => {
                eprintln!("{error_word}: {m}");
                ExitCode::from(3)
            }
            other => {
                eprintln!("{error_word}: {other}");
                ExitCode::from(1)
            }
        }
    }
}

/// The language of messages: `--lang`, else `BANTIN_LANG`, else the site's `language:`,
/// else Vietnamese.
///
/// # Errors
/// The message for a `BANTIN_LANG` that is neither `vi` nor `en`.
fn language(cli: &cli::Cli) -> Result<Language, Message> {
    if let Some(l) = cli.lang {
        return Ok(l.into());
    }
    if let Some(value) = std::env::var_os("BANTIN_LANG") {
        let value = value.to_string_lossy();
        return match value.trim() {
            "vi" => Ok(Language::Vi),
            "en" => Ok(Language::En),
            _ => Err(msg!("lang-env-invalid", value = value.as_ref())),
        };
    }
    Ok(cli
        .command
        .root()
        .and_then(bantin::messages::site_language)
        .unwrap_or_default())
}

/// `bantin serve`: the URL is the first line on stdout (scripts read it); the rest goes to
/// stderr.
fn serve(a: cli::ServeArgs, out: &Out) -> Result<(), Error> {
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
        language: Some(out.catalog.language()),
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
            out.line(&msg!("serve-listening", url = url.as_str()));
            if !loopback {
                out.warning(&msg!("serve-public", address = address.to_string()));
            }
            if open {
                open_browser(&url, out);
            }
        }
        ServeEvent::Changed { paths, .. } => {
            out.line(&msg!("serve-changed", paths = paths.join(", ")));
        }
        ServeEvent::Built(b) => {
            out.diagnostics(&b.warnings);
            out.line(&msg!(
                "serve-built",
                build = b.build,
                patched = if b.patched { "yes" } else { "no" },
                bulletins = b.bulletins,
                files = b.files,
                changed = b.changed,
                rendered = b.reuse.pages.0,
                reused = b.reuse.pages.1,
                ms = millis(b.elapsed)
            ));
        }
        ServeEvent::Failed {
            build,
            diagnostics,
            serving_previous,
        } => {
            out.diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            out.line(&if serving_previous {
                msg!("serve-failed-previous", build = build, errors = errors)
            } else {
                msg!("serve-failed-no-site", build = build, errors = errors)
            });
        }
        ServeEvent::WatchError(e) => out.warning(&msg!("serve-watch-error", error = e)),
        ServeEvent::Stopped => out.line(&msg!("serve-stopped")),
    })
}

fn open_browser(url: &str, out: &Out) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        out.warning(&msg!(
            "browser-open-failed",
            opener = opener,
            error = e.to_string(),
            url = url
        ));
    }
}

/// `bantin figures suggest`: the blocks on stdout, notes on stderr.
fn suggest(a: cli::SuggestArgs, out: &Out) -> Result<(), bantin::Error> {
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
    out.diagnostics(&report.notes);
    for file in &report.written {
        out.line(&msg!("suggest-written", file = file.as_str()));
    }
    if report.notes.iter().any(bantin::Diagnostic::is_error) {
        return Err(bantin::Error::Invalid(report.notes));
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let out = match language(&cli) {
        Ok(lang) => Out {
            catalog: Catalog::new(lang),
        },
        Err(m) => {
            let out = Out {
                catalog: Catalog::new(Language::Vi),
            };
            eprintln!("{}: {}", out.text(&msg!("severity-error")), out.text(&m));
            return ExitCode::from(2);
        }
    };
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
                out.diagnostics(&r.warnings);
                if timings {
                    for (stage, d) in &r.timings {
                        eprintln!("{:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0);
                    }
                }
                out.line(&msg!(
                    "build-done",
                    bulletins = r.bulletins,
                    pages = r.pages,
                    files = r.files,
                    ms = millis(r.elapsed),
                    output = r
                        .output
                        .as_ref()
                        .map_or_else(String::new, |p| p.display().to_string())
                ));
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
                out.diagnostics(&r.warnings);
                out.line(&msg!(
                    "check-done",
                    bulletins = r.bulletins,
                    pages = r.pages,
                    warnings = r.warnings.len(),
                    ms = millis(r.elapsed)
                ));
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
                out.line(&msg!("init-done", dir = a.dir.display().to_string()));
            })
        }
        cli::Command::Serve(a) => serve(a, &out),
        cli::Command::Figures(cli::FiguresCommand::Suggest(a)) => suggest(a, &out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => out.report_error(&e),
    }
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
