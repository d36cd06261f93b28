//! Numbers in the site language. (stub: being implemented)
use crate::lang::Language;

/// Formats `value` with grouping and the language's decimal mark, e.g. `12.335`, `1.234.567,89`.
pub fn format_number(value: f64, lang: Language, decimals: Option<u32>) -> String {
    let _ = (lang, decimals);
    value.to_string()
}

/// Formats a percent change: `tăng 7,6%` / `giảm 3,5%` (vi), `+7.6%` / `−3.5%` (en).
pub fn format_change(pct: f64, lang: Language) -> String {
    let _ = lang;
    format!("{pct}%")
}

/// Formats a percent: `33%`, `7,6%`.
pub fn format_percent(pct: f64, lang: Language) -> String {
    let _ = lang;
    format!("{pct}%")
}

/// Parses a number written in the language's format (inverse of `format_number`).
pub fn parse_number(s: &str, lang: Language) -> Option<f64> {
    let _ = lang;
    s.parse().ok()
}
