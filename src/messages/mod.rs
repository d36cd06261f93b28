//! The message catalog: every text a user reads, in Vietnamese and English.
//!
//! Code builds a [`Message`] with [`msg!`](crate::msg) (a stable id and named arguments),
//! never a sentence; a [`Catalog`] for the chosen language turns it into text only when it
//! is printed. The texts live in `src/messages/vi.ftl` and `src/messages/en.ftl`
//! ([Project Fluent](https://projectfluent.org) syntax), embedded in the binary.
//!
//! Arguments are text ([`Arg::Text`]: names, values quoted from a file, numbers already
//! formatted for the site) or counts ([`Arg::Count`]: integers, which Fluent can select
//! plural forms on, shown with the language's thousands separator).

use crate::lang::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;

/// The Vietnamese catalog.
pub const VI_FTL: &str = include_str!("vi.ftl");
/// The English catalog.
pub const EN_FTL: &str = include_str!("en.ftl");

/// Builds a [`Message`]: `msg!("serve-changed", paths = list)`.
///
/// The id must exist in both catalogs (a test scans `src/` for it); each `name = value`
/// becomes the Fluent variable `$name`. A value is anything an [`Arg`] converts from:
/// text (`&str`, `String`) or a count (`usize`, `u64`, `u32`).
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new(
            $id,
            ::std::vec![$((::core::stringify!($name), $crate::messages::Arg::from($value))),*],
        )
    };
}

/// An argument of a message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// Text, shown as is (numbers other than counts are passed already formatted).
    Text(String),
    /// A count: plural forms select on it; shown with thousands separators.
    Count(u64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Self {
        Arg::Text(s.into_owned())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Count(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Self {
        Arg::Count(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Count(u64::from(n))
    }
}

/// A message value: what to say, not yet in any language.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Message {
    /// A message of the catalog: its id and named arguments.
    Catalog {
        /// The stable id (`figure-value-not-number`), the same in every language.
        id: &'static str,
        /// Named arguments (`$name` in the catalog).
        args: Vec<(&'static str, Arg)>,
    },
    /// Text not (yet) in the catalog, shown as is in every language. Only for messages
    /// written before the catalog existed; new code uses [`msg!`](crate::msg).
    Plain(String),
}

impl Message {
    /// A catalog message (use [`msg!`](crate::msg)).
    pub fn new(id: &'static str, args: Vec<(&'static str, Arg)>) -> Self {
        Message::Catalog { id, args }
    }

    /// The catalog id (`None` for plain text): the `code` of JSON diagnostics.
    pub fn id(&self) -> Option<&'static str> {
        match self {
            Message::Catalog { id, .. } => Some(id),
            Message::Plain(_) => None,
        }
    }
}

/// English, for logs, debugging and tests; printed text comes from [`Catalog::render`].
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Plain(text) => f.write_str(text),
            Message::Catalog { .. } => f.write_str(&Catalog::new(Language::En).render(self)),
        }
    }
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Plain(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Plain(s.to_owned())
    }
}

/// The messages of one language, ready to turn [`Message`]s into text.
pub struct Catalog {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalog of `language` (parses the embedded `.ftl` file: well under a millisecond).
    pub fn new(language: Language) -> Self {
        let (code, text) = match language {
            Language::Vi => ("vi", VI_FTL),
            Language::En => ("en", EN_FTL),
        };
        let langid = code.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Messages are plain terminal text: no Unicode isolation marks around arguments.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match language {
            Language::Vi => format_vi,
            Language::En => format_en,
        }));
        // Both files parse without error and hold unique ids (tested below); a partial
        // resource is still the best there is.
        let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(r, _)| r);
        if bundle.add_resource(resource).is_err() {
            // Only duplicate ids (tested against): the first of each is kept.
        }
        Catalog { language, bundle }
    }

    /// The language of this catalog.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The text of `message` in this catalog's language.
    pub fn render(&self, message: &Message) -> String {
        let (id, args) = match message {
            Message::Plain(text) => return text.clone(),
            Message::Catalog { id, args } => (*id, args),
        };
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            // Code names an id the catalog lacks (a test scans `src/` for this).
            return format_missing(id, args);
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.as_str())),
                #[allow(clippy::cast_precision_loss)] // counts are far below 2^53
                Arg::Count(n) => fluent_args.set(*name, FluentValue::from(*n as f64)),
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        debug_assert!(
            errors.is_empty(),
            "message `{id}` ({}): {errors:?}",
            self.language.code()
        );
        text.into_owned()
    }
}

fn format_vi<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_count(value, Language::Vi)
}

fn format_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_count(value, Language::En)
}

/// Counts with the language's thousands separator (`12.335` / `12,335`).
fn format_count(value: &FluentValue, lang: Language) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(crate::numfmt::format_number(n.value, lang, Some(0))),
        _ => None,
    }
}

/// The `language:` of the site at `root`, when its `site.yaml` can be read and names one
/// (a `site.yaml` with other errors still gives its language).
pub fn site_language(root: &std::path::Path) -> Option<Language> {
    let root = crate::source::gate::SiteRoot::open(root).ok()?;
    crate::pipeline::load_config(&root)
        .ok()
        .map(|(config, _)| config.language)
}

/// What a message missing from the catalog shows: its id and arguments, never nothing.
fn format_missing(id: &str, args: &[(&'static str, Arg)]) -> String {
    let mut out = id.to_owned();
    for (name, value) in args {
        match value {
            Arg::Text(t) => out.push_str(&format!(" {name}={t:?}")),
            Arg::Count(n) => out.push_str(&format!(" {name}={n}")),
        }
    }
    out
}

#[cfg(test)]
mod tests;
