//! Open-data rows: one row per figure per bulletin, written as CSV (UTF-8 with a BOM, RFC
//! 4180: CRLF line ends, quoting) and as JSON (the same rows, typed).
//!
//! Numbers are written plain (`12335`, `1234567.89`): `.` decimals, no grouping, the
//! shortest text that reads back as the same `f64`, never exponent notation. The site
//! language never changes these files; they are for programs and spreadsheets.

use crate::model::quarter::Quarter;
use crate::site::Site;
use crate::urls::Urls;
use serde::Serialize;

/// The CSV header, in the column order of [`DataRow`].
pub const CSV_HEADER: &str = "quarter,period,district,figure_id,label,value,unit,change_pct,target_pct,estimate,note,bulletin_url,date";

/// One figure of one bulletin, as published in the open data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DataRow {
    /// `2022-Q1`.
    pub quarter: String,
    /// `quarter`, `6-months`, `9-months` or `year`.
    pub period: &'static str,
    /// District as written (after the site default).
    pub district: String,
    /// The figure's id.
    pub figure_id: String,
    /// Its label.
    pub label: String,
    /// The value.
    #[serde(serialize_with = "plain_number")]
    pub value: f64,
    /// The unit (may be empty).
    pub unit: String,
    /// Percent change against a year before.
    #[serde(serialize_with = "plain_option")]
    pub change_pct: Option<f64>,
    /// Percent of the year's plan.
    #[serde(serialize_with = "plain_option")]
    pub target_pct: Option<f64>,
    /// Provisional figure.
    pub estimate: bool,
    /// Free note.
    pub note: Option<String>,
    /// Absolute URL of the bulletin.
    pub bulletin_url: String,
    /// The bulletin's date, `YYYY-MM-DD`.
    pub date: String,
    /// Sort key, not published: (quarter, bulletin index in the site, figure position).
    #[serde(skip)]
    pub quarter_key: Quarter,
}

/// Every figure row of the site, ordered by quarter, then bulletin date (oldest first),
/// then slug, then the figure's position in the front matter.
/// Bulletin indexes in open-data order: quarter, then date (oldest first), then slug.
pub fn row_order(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.bulletins.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.bulletins[a], &site.bulletins[b]);
        x.quarter
            .cmp(&y.quarter)
            .then_with(|| x.date.cmp(&y.date))
            .then_with(|| x.slug.cmp(&y.slug))
    });
    order
}

/// The rows of one bulletin, in front-matter order.
pub fn bulletin_rows(site: &Site, i: usize, urls: &Urls) -> Vec<DataRow> {
    let b = &site.bulletins[i];
    let url = urls.url(&Urls::bulletin(&b.slug));
    let date = b.date.iso_date();
    b.figures
        .iter()
        .map(|f| DataRow {
            quarter: b.quarter.to_string(),
            period: f.period.as_str(),
            district: b.district.clone(),
            figure_id: f.id.clone(),
            label: f.label.clone(),
            value: f.value,
            unit: f.unit.clone(),
            change_pct: f.change_pct,
            target_pct: f.target_pct,
            estimate: f.estimate,
            note: f.note.clone(),
            bulletin_url: url.clone(),
            date: date.clone(),
            quarter_key: b.quarter,
        })
        .collect()
}

/// Streams the CSV of the given bulletins' rows (BOM and header first) into `w`.
///
/// # Errors
/// The writer's IO error.
pub fn write_csv(
    site: &Site,
    urls: &Urls,
    bulletins: &[usize],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_csv_rows(
        bulletins.iter().flat_map(|&i| bulletin_rows(site, i, urls)),
        w,
    )
}

/// Streams the JSON array of the given bulletins' rows into `w` (one row per line).
///
/// # Errors
/// The writer's IO error.
pub fn write_json(
    site: &Site,
    urls: &Urls,
    bulletins: &[usize],
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_json_rows(
        bulletins.iter().flat_map(|&i| bulletin_rows(site, i, urls)),
        w,
    )
}

/// The CSV file for `rows`: BOM, header, one CRLF-terminated line per row.
///
/// # Errors
/// The writer's IO error.
pub fn write_csv_rows(
    rows: impl IntoIterator<Item = DataRow>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    w.write_all(CSV_HEADER.as_bytes())?;
    w.write_all(b"\r\n")?;
    let mut line = String::with_capacity(512);
    for r in rows {
        line.clear();
        csv_line(&r, &mut line);
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The JSON file for `rows`: an array with one object per line (diff-friendly).
///
/// # Errors
/// The writer's IO error.
pub fn write_json_rows(
    rows: impl IntoIterator<Item = DataRow>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(b"[")?;
    let mut first = true;
    for r in rows {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        first = false;
        serde_json::to_writer(&mut *w, &r).map_err(std::io::Error::other)?;
    }
    w.write_all(if first { b"]\n" } else { b"\n]\n" })
}

/// A number as plain text: shortest round-trip digits, `.` decimals, no exponent, no
/// grouping, `-0` as `0`; empty for NaN and infinities (YAML `.nan`), which have no plain form.
pub fn plain(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    // Rust's `Display` for f64 is the shortest round-trip form and never uses exponents.
    value.to_string()
}

fn plain_number<S: serde::Serializer>(value: &f64, s: S) -> Result<S::Ok, S::Error> {
    json_number(*value).serialize(s)
}

fn plain_option<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    value.and_then(json_number).serialize(s)
}

/// A JSON number: integral values within ±2^53 as integers (`12335`, not `12335.0`).
fn json_number(value: f64) -> Option<serde_json::Number> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() <= EXACT {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "integral and within ±2^53, so exact"
        )]
        let i = value as i64;
        Some(serde_json::Number::from(i))
    } else {
        serde_json::Number::from_f64(value)
    }
}

/// A text cell of the CSV: quoted when RFC 4180 requires it (comma, quote, CR or LF),
/// quotes doubled. Text a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) gets a leading `'` (OWASP's advice against CSV injection); the
/// JSON keeps the text as written. Numbers never pass through here.
pub fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        let guarded = format!("'{text}");
        return std::borrow::Cow::Owned(csv_field(&guarded).into_owned());
    }
    if text.contains([',', '"', '\r', '\n']) {
        std::borrow::Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Appends one CSV record (with its CRLF) to `out`.
fn csv_line(r: &DataRow, out: &mut String) {
    let opt = |v: Option<f64>| v.map(plain).unwrap_or_default();
    let fields: [std::borrow::Cow<'_, str>; 13] = [
        r.quarter.as_str().into(),
        r.period.into(),
        csv_field(&r.district),
        csv_field(&r.figure_id),
        csv_field(&r.label),
        plain(r.value).into(),
        csv_field(&r.unit),
        opt(r.change_pct).into(),
        opt(r.target_pct).into(),
        if r.estimate { "true" } else { "false" }.into(),
        csv_field(r.note.as_deref().unwrap_or("")),
        csv_field(&r.bulletin_url),
        r.date.as_str().into(),
    ];
    for (n, f) in fields.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(f);
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_text_cannot_start_a_formula() {
        assert_eq!(csv_field("Hộ nghèo"), "Hộ nghèo");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-5 hộ"), "'-5 hộ");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(csv_field("a=b, c"), "\"a=b, c\"");
    }

    #[test]
    fn plain_numbers_are_shortest_without_exponent_or_grouping() {
        for (v, s) in [
            (12335.0, "12335"),
            (1234567.89, "1234567.89"),
            (7.6, "7.6"),
            (-3.5, "-3.5"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
            (1e-7, "0.0000001"),
            (12.335, "12.335"),
            (f64::NAN, ""),
        ] {
            assert_eq!(plain(v), s, "{v}");
        }
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(csv_field("Thu ngân sách"), "Thu ngân sách");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("nói \"ước\""), "\"nói \"\"ước\"\"\"");
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
    }

    fn row() -> DataRow {
        DataRow {
            quarter: "2022-Q1".into(),
            period: "quarter",
            district: "Nam Từ Liêm".into(),
            figure_id: "thu-ngan-sach".into(),
            label: "Thu ngân sách, \"ước\"".into(),
            value: 2305.0,
            unit: "tỷ đồng".into(),
            change_pct: Some(21.0),
            target_pct: None,
            estimate: true,
            note: None,
            bulletin_url: "https://example.vn/bulletins/a/".into(),
            date: "2022-07-26".into(),
            quarter_key: Quarter::new(2022, 1).expect("valid quarter"),
        }
    }

    fn to_csv(rows: Vec<DataRow>) -> String {
        let mut out = Vec::new();
        write_csv_rows(rows, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    fn to_json(rows: Vec<DataRow>) -> String {
        let mut out = Vec::new();
        write_json_rows(rows, &mut out).expect("writes to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn csv_has_bom_header_crlf_and_quoting() {
        let csv = to_csv(vec![row()]);
        assert_eq!(
            csv,
            format!(
                "\u{feff}{CSV_HEADER}\r\n2022-Q1,quarter,Nam Từ Liêm,thu-ngan-sach,\"Thu ngân sách, \"\"ước\"\"\",2305,tỷ đồng,21,,true,,https://example.vn/bulletins/a/,2022-07-26\r\n"
            )
        );
    }

    #[test]
    fn json_has_typed_values_and_nulls() {
        let json = to_json(vec![row()]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let r = &v[0];
        assert_eq!(r["value"], serde_json::json!(2305));
        assert_eq!(r["change_pct"], serde_json::json!(21));
        assert_eq!(r["target_pct"], serde_json::Value::Null);
        assert_eq!(r["estimate"], serde_json::json!(true));
        assert_eq!(r["note"], serde_json::Value::Null);
        assert!(json.contains("\"value\":2305,"), "{json}");
        assert_eq!(to_json(Vec::new()), "[]\n");
    }
}
