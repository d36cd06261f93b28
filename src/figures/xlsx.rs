//! `data/figures.xlsx`: the open-data rows as a workbook, for spreadsheets used with
//! Vietnamese regional settings, where the CSV's `2.675` would be read as 2675.
//!
//! Numbers are number cells with formats in the file format's locale-neutral syntax
//! (`#,##0`, `#,##0.0`): each reader shows them with its own separators. Text is text,
//! dates are dates, `estimate` is a boolean. The creation time is fixed, so the same rows
//! always give the same bytes.

use crate::figures::rows::{CSV_HEADER, DataRow};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// Figures past this many (by id) get no sheet of their own: a workbook of thousands of
/// sheets is slow to write and to open.
pub const MAX_FIGURE_SHEETS: usize = 250;

/// The number format for a value written with `decimals` digits after the point.
fn number_format(decimals: usize) -> String {
    if decimals == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(decimals.min(6)))
    }
}

/// Digits after the point of the shortest text of `v` (at most 6).
fn decimals_of(v: f64) -> usize {
    let s = crate::figures::rows::plain(v);
    s.split_once('.').map_or(0, |(_, f)| f.len().min(6))
}

/// A sheet name Excel accepts (≤ 31 characters, none of `[]:*?/\`), unique in `used`.
fn sheet_name(id: &str, used: &mut BTreeMap<String, ()>) -> String {
    let clean: String = id
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(31)
        .collect();
    let mut name = if clean.is_empty() {
        "figure".to_owned()
    } else {
        clean
    };
    let mut n = 2;
    while used.contains_key(&name.to_lowercase()) {
        let suffix = format!("-{n}");
        let keep: String = name.chars().take(31 - suffix.len()).collect();
        name = format!("{keep}{suffix}");
        n += 1;
    }
    used.insert(name.to_lowercase(), ());
    name
}

fn write_sheet(sheet: &mut Worksheet, rows: &[&DataRow]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let pct = Format::new().set_num_format("#,##0.0");
    for (c, name) in (0u16..).zip(CSV_HEADER.split(',')) {
        sheet.write_string_with_format(0, c, name, &bold)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        let text = |sheet: &mut Worksheet, c: u16, s: &str| -> Result<(), XlsxError> {
            if !s.is_empty() {
                sheet.write_string(r, c, s)?;
            }
            Ok(())
        };
        text(sheet, 0, &row.quarter)?;
        text(sheet, 1, row.period)?;
        text(sheet, 2, &row.district)?;
        text(sheet, 3, &row.figure_id)?;
        text(sheet, 4, &row.label)?;
        let value_format = Format::new().set_num_format(number_format(decimals_of(row.value)));
        sheet.write_number_with_format(r, 5, row.value, &value_format)?;
        text(sheet, 6, &row.unit)?;
        if let Some(c) = row.change_pct {
            sheet.write_number_with_format(r, 7, c, &pct)?;
        }
        if let Some(t) = row.target_pct {
            sheet.write_number_with_format(r, 8, t, &pct)?;
        }
        sheet.write_boolean(r, 9, row.estimate)?;
        text(sheet, 10, row.note.as_deref().unwrap_or(""))?;
        text(sheet, 11, &row.bulletin_url)?;
        match parse_date(&row.date) {
            Some(d) => sheet
                .write_datetime_with_format(r, 12, &d, &date)
                .map(|_| ())?,
            None => text(sheet, 12, &row.date)?,
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let widths = [9, 9, 16, 22, 30, 12, 12, 11, 11, 9, 20, 40, 11];
    for (c, w) in (0u16..).zip(widths) {
        sheet.set_column_width(c, w)?;
    }
    if !rows.is_empty() {
        let last = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        sheet.autofilter(0, 0, last, 12)?;
    }
    Ok(())
}

fn parse_date(s: &str) -> Option<ExcelDateTime> {
    let mut parts = s.splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// The workbook: sheet `figures` with every row, then one sheet per figure id (the
/// first [`MAX_FIGURE_SHEETS`] ids).
///
/// # Errors
/// A message when the workbook cannot be made (a sheet past Excel's limits).
pub fn figures_xlsx(rows: &[DataRow], title: &str) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| e.to_string())?;
    book.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_creation_datetime(&fixed),
    );
    let all: Vec<&DataRow> = rows.iter().collect();
    let mut used = BTreeMap::new();
    let name = sheet_name("figures", &mut used);
    write_sheet(
        book.add_worksheet()
            .set_name(name)
            .map_err(|e| e.to_string())?,
        &all,
    )
    .map_err(|e| e.to_string())?;
    let mut by_id: BTreeMap<&str, Vec<&DataRow>> = BTreeMap::new();
    for r in rows {
        by_id.entry(&r.figure_id).or_default().push(r);
    }
    // A sheet per figure, up to MAX_FIGURE_SHEETS (the first sheet always has every row).
    for (id, rows) in by_id.into_iter().take(MAX_FIGURE_SHEETS) {
        let name = sheet_name(id, &mut used);
        write_sheet(
            book.add_worksheet()
                .set_name(name)
                .map_err(|e| e.to_string())?,
            &rows,
        )
        .map_err(|e| e.to_string())?;
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}
