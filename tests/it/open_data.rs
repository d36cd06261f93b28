//! Open data for spreadsheets and portals: the Data Package, the workbook read back with
//! calamine, each figure's CSV and standalone chart, and the real `frictionless` validator.

use crate::support::{Site, bulletin};
use calamine::{Data, Reader, Xlsx};
use std::process::Command;

fn site(extra_config: &str) -> Site {
    let s = Site::new();
    s.write(
        "site.yaml",
        format!("{}{extra_config}", crate::support::SITE_YAML),
    );
    let fig = |id: &str, label: &str, value: &str, unit: &str, more: &str| {
        format!("  - id: {id}\n    label: {label}\n    value: {value}\n    unit: {unit}\n{more}")
    };
    s.write(
        "content/2022/q1/a.md",
        bulletin(
            "Quý một",
            "2022-03-20",
            &format!(
                "district: Nam Từ Liêm\nfigures:\n{}{}",
                fig("gia-tri-san-xuat", "Giá trị sản xuất", "12335", "tỷ đồng", "    change_pct: 7.6\n"),
                fig("thu-ngan-sach", "'Thu ngân sách, \"ước\"'", "2.675", "tỷ đồng", "    decimals: 3\n    target_pct: 33\n    estimate: true\n    note: gồm thu tiền đất\n"),
            ),
        ),
    );
    s.write(
        "content/2022/q2/b.md",
        bulletin(
            "Quý hai",
            "2022-06-26",
            &format!(
                "district: Cầu Giấy\nfigures:\n{}",
                fig(
                    "gia-tri-san-xuat",
                    "Giá trị sản xuất",
                    "1234567.89",
                    "tỷ đồng",
                    ""
                )
            ),
        ),
    );
    s
}

/// RFC 4180 rows of a CSV written by bantin (BOM, CRLF).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn workbook_reads_back_as_typed_cells_equal_to_the_csv() {
    let s = site("");
    s.run(&["build"]).ok();
    let csv = csv_rows(&s.out("data/figures.csv"));
    let path = s.path().join("output/data/figures.xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["figures", "gia-tri-san-xuat", "thu-ngan-sach"]
    );
    let range = book.worksheet_range("figures").unwrap();
    let cells: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(cells.len(), csv.len());
    assert_eq!(csv.len(), 4, "{csv:?}");
    for (x, c) in cells.iter().zip(&csv).skip(1) {
        for (k, (cell, text)) in x.iter().zip(c).enumerate() {
            let column = csv[0][k].as_str();
            match column {
                "value" | "change_pct" | "target_pct" if text.is_empty() => {
                    assert_eq!(cell, &Data::Empty, "{column}")
                }
                "value" | "change_pct" | "target_pct" => {
                    assert_eq!(
                        cell,
                        &Data::Float(text.parse().unwrap()),
                        "{column}: numbers are numbers"
                    )
                }
                "estimate" => assert_eq!(cell, &Data::Bool(text == "true")),
                "date" => assert!(matches!(cell, Data::DateTime(_)), "{cell:?}"),
                _ if text.is_empty() => assert_eq!(cell, &Data::Empty, "{column}"),
                _ => assert_eq!(cell, &Data::String(text.clone()), "{column}: text is text"),
            }
        }
    }
    // 2.675 (decimals: 3) is two point six seven five, not 2675.
    assert!(cells.iter().any(|r| r[5] == Data::Float(2.675)));
    let per_figure = book.worksheet_range("gia-tri-san-xuat").unwrap();
    assert_eq!(per_figure.rows().count(), 3);
    // Same rows, same bytes.
    let first = std::fs::read(&path).unwrap();
    s.run(&["build"]).ok();
    assert_eq!(std::fs::read(&path).unwrap(), first);
}

#[test]
fn datapackage_licence_only_when_given_and_figure_files() {
    let s = site("");
    s.run(&["build"]).ok();
    let package: serde_json::Value = serde_json::from_str(&s.out("data/datapackage.json")).unwrap();
    assert!(package.get("licenses").is_none(), "no licence is assumed");
    let paths: Vec<&str> = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["figures.csv", "2022-q1.csv", "2022-q2.csv"]);
    let fields = &package["resources"][0]["schema"]["fields"];
    assert_eq!(fields[5]["name"], "value");
    assert_eq!(fields[5]["type"], "number");
    assert_eq!(fields[5]["decimalChar"], ".");
    let s = site("data_license: CC-BY-4.0\ndata_source: https://quan.gov.vn/thong-ke/\n");
    s.run(&["build"]).ok();
    let package: serde_json::Value = serde_json::from_str(&s.out("data/datapackage.json")).unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        package["sources"][0]["path"],
        "https://quan.gov.vn/thong-ke/"
    );
    // Per figure: its rows, and its chart with source and licence.
    let csv = csv_rows(&s.out("figures/gia-tri-san-xuat/data.csv"));
    assert_eq!(csv.len(), 3);
    assert!(csv[1..].iter().all(|r| r[3] == "gia-tri-san-xuat"));
    let svg = s.out("figures/gia-tri-san-xuat/chart.svg");
    assert!(
        svg.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""
        ),
        "{svg}"
    );
    assert!(svg.contains("Nguồn: Bản tin thử (https://quan.gov.vn/bantin/figures/gia-tri-san-xuat/) — https://quan.gov.vn/thong-ke/ · Giấy phép: CC-BY-4.0"), "{svg}");
}

#[test]
fn frictionless_validates_the_package_and_every_csv() {
    let found = Command::new("frictionless")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but `frictionless` is missing (pip install frictionless)"
        );
        eprintln!("skipped: `frictionless` not found (CI=true makes this a failure)");
        return;
    }
    let s = site("data_license: CC-BY-4.0\n");
    s.run(&["build"]).ok();
    // The package, then every CSV (from its own folder: frictionless refuses `..`).
    let mut targets = vec!["data/datapackage.json".to_owned()];
    targets.extend(s.out_files().into_iter().filter(|f| f.ends_with(".csv")));
    assert!(targets.len() >= 6, "{targets:?}");
    for t in targets {
        let (dir, file) = t.rsplit_once('/').unwrap();
        let out = Command::new("frictionless")
            .args(["validate", file])
            .current_dir(s.path().join("output").join(dir))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{t}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
