//! Loads a theme's Tera templates and static files, with the embedded default theme as the
//! fallback for anything a theme lacks, and registers bantin's filters.

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Location};
use crate::figures::FigureSet;
use crate::lang::Language;
use crate::numfmt;
use crate::source::gate::{Kind, Refused, SiteRoot};
use std::collections::BTreeMap;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, Value};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Templates every theme must provide (the embedded default supplies any that are missing).
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "bulletin.html",
    "quarters.html",
    "quarter.html",
    "tags.html",
    "tag.html",
    "404.html",
];

/// The embedded default theme's files: (path relative to the theme folder, bytes).
pub fn embedded_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::DEFAULT_THEME
}

/// Where a static file comes from.
#[derive(Clone, Debug)]
pub enum StaticSource {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// On disk: a root-relative path, read through the read gate when copied.
    Disk(String),
}

/// A loaded theme.
pub struct Theme {
    /// The compiled templates.
    pub tera: Tera,
    /// Template name → path shown in diagnostics.
    origins: BTreeMap<String, String>,
    /// Output-relative path → source, for files copied to the output root.
    pub static_files: BTreeMap<String, StaticSource>,
    /// Hash of every template source and of the figure data the figure functions draw
    /// from (for page memoisation in `serve`).
    pub fingerprint: u64,
    /// Warnings from loading it (symbolic links skipped …), reported with the build's.
    pub warnings: Vec<Diagnostic>,
    /// The figure data behind `figure_chart`, `figure_card` and `figure_data`, also used
    /// for the `/figures/` pages.
    pub figures: Arc<FigureSet>,
}

impl Theme {
    /// The path to show for a template name.
    pub fn origin(&self, template: &str) -> String {
        self.origins
            .get(template)
            .cloned()
            .unwrap_or_else(|| template.to_owned())
    }

    /// Converts a Tera error into a diagnostic naming the template file, line and column.
    pub fn diagnostic(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        tera_diagnostic(err, &|name| self.origin(name), rendering)
    }
}

fn tera_diagnostic(
    err: &tera::Error,
    origin: &dyn Fn(&str) -> String,
    rendering: Option<&str>,
) -> Diagnostic {
    let suffix = rendering
        .map(|p| format!(" (rendering {p})"))
        .unwrap_or_default();
    let (location, message) = match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                Location::at(
                    origin(report.filename()),
                    span.start_line.max(1),
                    span.start_col + 1,
                ),
                report.message().to_owned(),
            )
        }
        tera::ErrorKind::TemplateNotFound(name) => (
            Location::file("templates"),
            format!("template `{name}` not found"),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            Location::file(origin(current)),
            format!("extends `{parent}`, which does not exist"),
        ),
        _ => (Location::file("templates"), error_chain(err)),
    };
    let mut message = message;
    if let Some(src) = std::error::Error::source(err) {
        message.push_str(&format!(": {src}"));
    }
    Diagnostic::error(location, format!("template error: {message}{suffix}"))
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut s = err.to_string();
    let mut cur = err.source();
    while let Some(e) = cur {
        s.push_str(": ");
        s.push_str(&e.to_string());
        cur = e.source();
    }
    s
}

/// Loads templates (root `templates/` › `themes/<name>/templates/` › embedded default) and
/// static files (root `static/` › theme `static/` › embedded default's, for the default theme).
///
/// `figures` feeds the figure functions, which Tera needs registered before templates load.
///
/// # Errors
/// Diagnostics for a missing theme folder, unreadable files or template syntax errors.
pub fn load_theme(
    root: &SiteRoot,
    config: &SiteConfig,
    figures: Arc<FigureSet>,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new(); // name -> (origin, text)
    let mut static_files = BTreeMap::new();
    let theme_rel = format!("themes/{}", config.theme);
    match root.kind(&theme_rel) {
        Ok(Kind::Folder) => {}
        Err(Refused::Missing) if config.theme == "default" => {}
        Err(Refused::Missing) | Ok(Kind::File) => {
            diags.push(Diagnostic::error(
                Location::file(crate::config::CONFIG_FILE),
                format!("theme `{}` not found: {theme_rel}/ does not exist (remove `theme:` to use the built-in default)", config.theme),
            ));
            return Err(diags);
        }
        Ok(Kind::Symlink) => {
            let e = Refused::Symlink(theme_rel);
            diags.push(Diagnostic::error(
                Location::file(crate::config::CONFIG_FILE),
                format!("theme `{}` cannot be read: {e}", config.theme),
            ));
            return Err(diags);
        }
        Ok(Kind::Special(kind)) => {
            let e = Refused::Special(theme_rel, kind);
            diags.push(Diagnostic::error(
                Location::file(crate::config::CONFIG_FILE),
                format!("theme `{}` cannot be read: {e}", config.theme),
            ));
            return Err(diags);
        }
        Err(e) => {
            diags.push(Diagnostic::error(
                Location::file(crate::config::CONFIG_FILE),
                format!("theme `{}` cannot be read: {e}", config.theme),
            ));
            return Err(diags);
        }
    }
    for (rel, bytes) in embedded_files() {
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            sources.insert(
                name.to_owned(),
                (format!("themes/default/templates/{name} (built-in)"), text),
            );
        } else if let Some(name) = rel.strip_prefix("static/") {
            static_files.insert(name.to_owned(), StaticSource::Embedded(bytes));
        }
    }
    for rel_dir in [format!("{theme_rel}/templates"), "templates".to_owned()] {
        for (name, origin) in list_files(root, &rel_dir, &mut diags) {
            let text = root.read(&origin).map_err(|e| e.to_string()).and_then(|b| {
                String::from_utf8(b).map_err(|_| "not valid UTF-8: save it as UTF-8".to_owned())
            });
            match text {
                Ok(text) => {
                    sources.insert(name, (origin, text));
                }
                Err(e) => diags.push(Diagnostic::error(
                    Location::file(origin),
                    format!("cannot read template: {e}"),
                )),
            }
        }
    }
    for rel_dir in [format!("{theme_rel}/static"), "static".to_owned()] {
        for (name, origin) in list_files(root, &rel_dir, &mut diags) {
            static_files.insert(name, StaticSource::Disk(origin));
        }
    }
    let mut tera = Tera::new();
    register_filters(&mut tera, config.language);
    crate::figures::functions::register_functions(&mut tera, &figures);
    let fingerprint = {
        let mut all = String::new();
        for (name, (_, text)) in &sources {
            all.push_str(name);
            all.push('\0');
            all.push_str(text);
            all.push('\0');
        }
        all.push_str(&figures.fingerprint.to_string());
        xxhash_rust::xxh3::xxh3_64(all.as_bytes())
    };
    let origins: BTreeMap<String, String> = sources
        .iter()
        .map(|(n, (o, _))| (n.clone(), o.clone()))
        .collect();
    if let Err(e) =
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
    {
        diags.push(tera_diagnostic(
            &e,
            &|name| {
                origins
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| name.to_owned())
            },
            None,
        ));
    }
    for required in REQUIRED_TEMPLATES {
        if !origins.contains_key(*required) {
            diags.push(Diagnostic::error(
                Location::file(&theme_rel),
                format!("theme has no `{required}` template"),
            ));
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(Theme {
        tera,
        origins,
        warnings: diags,
        static_files,
        fingerprint,
        figures,
    })
}

/// Every regular file under the root-relative folder `rel_dir`, read through the gate,
/// as (name relative to `rel_dir`, root-relative path). Hidden names are left out;
/// symbolic links are skipped with a warning (never followed); FIFOs, sockets and
/// devices are errors (never opened).
fn list_files(
    root: &SiteRoot,
    rel_dir: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let entries = match root.walk(rel_dir) {
        Ok(entries) => entries,
        Err(Refused::Missing) => return out,
        Err(Refused::Symlink(at)) => {
            diags.push(Diagnostic::warning(
                Location::file(at),
                "symbolic link skipped",
            ));
            return out;
        }
        Err(e) => {
            diags.push(Diagnostic::error(Location::file(rel_dir), e.to_string()));
            return out;
        }
    };
    for entry in entries {
        match entry {
            Ok(e) => {
                let name = e
                    .rel
                    .strip_prefix(rel_dir)
                    .unwrap_or(&e.rel)
                    .trim_start_matches('/')
                    .to_owned();
                if name.split('/').any(|seg| seg.starts_with('.')) {
                    continue;
                }
                match e.kind {
                    Kind::File => out.push((name, e.rel)),
                    Kind::Symlink => diags.push(Diagnostic::warning(
                        Location::file(e.rel),
                        "symbolic link skipped",
                    )),
                    Kind::Special(kind) => {
                        let message = Refused::Special(e.rel.clone(), kind).to_string();
                        diags.push(Diagnostic::error(Location::file(e.rel), message));
                    }
                    Kind::Folder => {}
                }
            }
            Err((at, err)) => diags.push(Diagnostic::error(Location::file(at), err.to_string())),
        }
    }
    out
}

fn number_arg(v: &Value) -> Option<f64> {
    v.as_f64().or_else(|| v.as_i64().map(|i| i as f64))
}

/// Registers `number`, `percent`, `change` and `json`.
pub fn register_filters(tera: &mut Tera, lang: Language) {
    tera.register_filter(
        "number",
        move |v: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let decimals = kwargs.get::<u32>("decimals")?;
            Ok(number_arg(&v)
                .map_or_else(String::new, |x| numfmt::format_number(x, lang, decimals)))
        },
    );
    tera.register_filter("percent", move |v: Value, _: Kwargs, _: &State| -> String {
        number_arg(&v).map_or_else(String::new, |x| numfmt::format_percent(x, lang))
    });
    tera.register_filter(
        "change",
        move |v: Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let long = kwargs.get::<bool>("long")?.unwrap_or(false);
            let format = if long {
                numfmt::format_change_long
            } else {
                numfmt::format_change
            };
            Ok(number_arg(&v).map_or_else(String::new, |x| format(x, lang)))
        },
    );
    tera.register_filter("json", |v: Value, _: Kwargs, _: &State| -> String {
        to_script_json(&v)
    });
}

/// JSON safe to put inside `<script>`: `<`, `>` and `&` are escaped.
pub fn to_script_json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned());
    s.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
