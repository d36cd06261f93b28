//! Open data for spreadsheets and data portals, beside the CSVs of [`super::rows`]:
//!
//! * `data/datapackage.json`: a Frictionless Data Package describing every CSV under
//!   `data/` with a Table Schema (types, `decimalChar`, missing values), and the data's
//!   licence and source from `site.yaml` (`data_license`, `data_source`; no licence is
//!   claimed when none is given);
//! * `data/figures.xlsx`: every row on one sheet and each figure on its own, numbers as
//!   numbers with locale-neutral formats (`#,##0.0`: a spreadsheet shows `12.335` under
//!   Vietnamese settings and computes with 12335), text as text, the same bytes for the
//!   same rows (no timestamps);
//! * per figure, `figures/<id>/data.csv` (its rows) and `figures/<id>/chart.svg` (its chart,
//!   standalone, with its source and licence written in it).
//!
//! Pure functions: the renderer writes what they return.

use crate::config::SiteConfig;
use crate::figures::chart::{ChartRequest, Layout, esc, render_chart};
use crate::figures::rows::DataRow;
use crate::figures::series::FigureData;
use serde_json::{Value, json};

/// The CSV columns: name, Table Schema type, description.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("quarter", "string", "Quarter of the bulletin, YYYY-Qn"),
    (
        "period",
        "string",
        "Span the value covers, ending with the quarter",
    ),
    ("district", "string", "District reporting the figure"),
    (
        "figure_id",
        "string",
        "Stable id of the figure across bulletins",
    ),
    (
        "label",
        "string",
        "The figure's label as the bulletin gives it",
    ),
    ("value", "number", "The value, in the row's unit"),
    ("unit", "string", "Unit of the row's value (e.g. tỷ đồng)"),
    (
        "change_pct",
        "number",
        "Percent change against the same period a year before",
    ),
    ("target_pct", "number", "Percent of the year's plan reached"),
    ("estimate", "boolean", "Provisional figure (ước thực hiện)"),
    ("note", "string", "Free note"),
    (
        "bulletin_url",
        "string",
        "The bulletin that reports the figure",
    ),
    ("date", "date", "The bulletin's date"),
];

fn schema() -> Value {
    let fields: Vec<Value> = COLUMNS
        .iter()
        .map(|(name, kind, description)| {
            let mut f = json!({ "name": name, "type": kind, "description": description });
            match *kind {
                "number" => {
                    f["decimalChar"] = json!(".");
                    f["groupChar"] = json!("");
                    f["bareNumber"] = json!(true);
                }
                "boolean" => {
                    f["trueValues"] = json!(["true"]);
                    f["falseValues"] = json!(["false"]);
                }
                _ => {}
            }
            match *name {
                "quarter" => f["constraints"] = json!({ "required": true, "pattern": "[0-9]{4}-Q[1-4]" }),
                "period" => {
                    f["constraints"] = json!({ "required": true, "enum": ["quarter", "6-months", "9-months", "year"] });
                }
                "figure_id" | "value" | "district" | "label" | "bulletin_url" | "date" => {
                    f["constraints"] = json!({ "required": true });
                }
                _ => {}
            }
            if *name == "bulletin_url" {
                f["format"] = json!("uri");
            }
            f
        })
        .collect();
    json!({ "fields": fields, "missingValues": [""] })
}

/// `name` for a URL-looking text, as a Data Package `path`, else as a `name`/`title`.
fn reference(text: &str, key: &str) -> Value {
    if text.starts_with("https://") || text.starts_with("http://") {
        json!({ "path": text, "title": text })
    } else {
        json!({ key: text, "title": text })
    }
}

/// `data/datapackage.json` for `files` (file names under `data/`, CSVs of `CSV_HEADER`).
pub fn datapackage(config: &SiteConfig, base_url: &str, files: &[String]) -> String {
    let resources: Vec<Value> = files
        .iter()
        .map(|file| {
            let name = file.trim_end_matches(".csv").to_lowercase();
            json!({
                "name": name,
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\r\n",
                    "quoteChar": "\"",
                    "doubleQuote": true,
                    "header": true
                },
                "schema": schema(),
            })
        })
        .collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": package_name(&config.title),
        "title": config.title,
        "homepage": base_url,
        "resources": resources,
    });
    if let Some(l) = &config.data_license {
        package["licenses"] = json!([reference(l, "name")]);
    }
    if let Some(s) = &config.data_source {
        package["sources"] = json!([reference(s, "title")]);
    }
    let mut out = serde_json::to_string_pretty(&package).unwrap_or_default();
    out.push('\n');
    out
}

/// A Data Package name: lower-case ASCII, digits, `-`, `_`, `.`.
fn package_name(title: &str) -> String {
    let slug = crate::slug::slugify(title);
    if slug.is_empty() {
        "bantin".to_owned()
    } else {
        slug
    }
}

/// The standalone `chart.svg` of a figure (its first period), with source and licence,
/// or `None` when it has no points.
pub fn chart_svg(fig: &FigureData, config: &SiteConfig, figure_url: &str) -> Option<String> {
    let period = *fig.periods().first()?;
    let req = ChartRequest {
        period,
        district: None,
        dom_id: &format!("chart-{}", fig.id),
        layout: Layout::Wide,
    };
    let inner = render_chart(fig, &req, config.language);
    let view_box = inner.split("viewBox=\"").nth(1)?.split('"').next()?;
    let dims: Vec<f64> = view_box
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [_, _, w, h] = dims[..] else { return None };
    let source = match config.language {
        crate::lang::Language::Vi => "Nguồn",
        crate::lang::Language::En => "Source",
    };
    let licence = match config.language {
        crate::lang::Language::Vi => "Giấy phép",
        crate::lang::Language::En => "Licence",
    };
    let mut credit = format!("{source}: {} ({figure_url})", config.title);
    if let Some(s) = &config.data_source {
        credit.push_str(&format!(" — {s}"));
    }
    if let Some(l) = &config.data_license {
        credit.push_str(&format!(" · {licence}: {l}"));
    }
    let total = h + 28.0;
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {total}\" width=\"{w}\" height=\"{total}\" role=\"img\" aria-label=\"{label}\" style=\"color:#1a1a1a;background:#fff;font-family:system-ui,sans-serif\">\n<title>{label}</title>\n{inner}\n<text x=\"4\" y=\"{y}\" font-size=\"12\" fill=\"currentColor\">{credit}</text>\n</svg>\n",
        label = esc(&format!("{} ({})", fig.label, fig.unit)),
        y = h + 20.0,
        credit = esc(&credit),
    ))
}

/// The CSV of one figure's rows (same format as `figures.csv`).
pub fn figure_csv(rows: &[&DataRow]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = crate::figures::rows::write_csv_rows(rows.iter().map(|r| (*r).clone()), &mut out);
    out
}

/// Every open-data file besides the CSVs and JSON of [`super::rows`]: (output path, bytes).
/// A workbook that cannot be made is left out (its rows are in the CSV).
pub fn files(
    site: &crate::site::Site,
    urls: &crate::urls::Urls,
    set: &crate::figures::series::FigureSet,
    order: &[usize],
) -> Vec<(String, Vec<u8>)> {
    use crate::urls::Urls;
    let rows: Vec<DataRow> = order
        .iter()
        .flat_map(|&i| crate::figures::rows::bulletin_rows(site, i, urls))
        .collect();
    let mut csvs = vec![file_name(Urls::figures_csv())];
    csvs.extend(
        site.quarters
            .keys()
            .map(|q| file_name(&Urls::quarter_csv(*q))),
    );
    let mut out = vec![(
        "data/datapackage.json".to_owned(),
        datapackage(&site.config, urls.base(), &csvs).into_bytes(),
    )];
    if let Ok(xlsx) = crate::figures::xlsx::figures_xlsx(&rows, &site.config.title) {
        out.push(("data/figures.xlsx".to_owned(), xlsx));
    }
    let mut by_id: std::collections::HashMap<&str, Vec<&DataRow>> =
        std::collections::HashMap::new();
    for r in &rows {
        by_id.entry(r.figure_id.as_str()).or_default().push(r);
    }
    for fig in &set.figures {
        let page = Urls::figure(&fig.id);
        let mine = by_id.get(fig.id.as_str()).map_or(&[][..], Vec::as_slice);
        out.push((format!("{}/data.csv", page.0), figure_csv(mine)));
        if let Some(svg) = chart_svg(fig, &site.config, &urls.url(&page)) {
            out.push((format!("{}/chart.svg", page.0), svg.into_bytes()));
        }
    }
    out
}

fn file_name(rel: &str) -> String {
    rel.rsplit('/').next().unwrap_or(rel).to_owned()
}
