//! UI strings of the default theme (stub: being written).
use crate::lang::Language;
use std::collections::BTreeMap;

/// Every UI string the templates use, in `lang`.
pub fn ui_strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    let _ = lang;
    BTreeMap::new()
}
