//! The site language: which number format and which UI strings the theme uses.

use serde::{Deserialize, Serialize};

/// A language the site can be written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Vietnamese (default): `12.335`, `7,6`, `26/07/2022`.
    #[default]
    Vi,
    /// English: `12,335`, `7.6`, `2022-07-26`.
    En,
}

impl Language {
    /// The BCP 47 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}
