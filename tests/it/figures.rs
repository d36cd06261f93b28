//! Figures as data: open-data rows, charts, and the cross-bulletin figure checks.

use crate::support::{Site, bulletin};

/// A `figures:` entry's YAML lines (6 lines with `more` empty: `- id`, label, value, unit).
fn fig(id: &str, label: &str, value: &str, unit: &str, more: &str) -> String {
    format!("  - id: {id}\n    label: {label}\n    value: {value}\n    unit: {unit}\n{more}")
}

/// Front matter lines after `date:` (line 3): district on line 4, `figures:` on line 5, the
/// first figure's `- id:` on line 6, its `value:` on line 8 and `unit:` on line 9.
fn figures(district: &str, figs: &[String]) -> String {
    format!("district: {district}\nfigures:\n{}", figs.concat())
}

fn open_data_site() -> Site {
    let s = Site::new();
    s.write(
        "content/2022/q1/a.md",
        bulletin(
            "Quý một",
            "2022-03-20",
            &figures(
                "Nam Từ Liêm",
                &[
                    fig("gia-tri-san-xuat", "Giá trị sản xuất", "12335", "tỷ đồng", "    change_pct: 7.6\n"),
                    fig(
                        "thu-ngan-sach",
                        "'Thu ngân sách, \"ước\"'",
                        "1234567.89",
                        "triệu đồng",
                        "    change_pct: -3.5\n    target_pct: 33\n    estimate: true\n    note: gồm thu tiền đất\n",
                    ),
                ],
            ),
        ),
    );
    s.write(
        "content/2022/q2/b.md",
        bulletin(
            "Quý hai",
            "2022-06-26",
            &figures(
                "Cầu Giấy",
                &[fig(
                    "gia-tri-san-xuat",
                    "Giá trị sản xuất",
                    "25940",
                    "tỷ đồng",
                    "    period: 6-months\n",
                )],
            ),
        ),
    );
    s.write(
        "content/2022/q2/nhap.md",
        bulletin(
            "Nháp",
            "2022-06-27",
            &format!(
                "draft: true\n{}",
                figures(
                    "Cầu Giấy",
                    &[fig(
                        "gia-tri-san-xuat",
                        "Giá trị sản xuất",
                        "1",
                        "tỷ đồng",
                        ""
                    )]
                )
            ),
        ),
    );
    s
}

const HEADER: &str = "quarter,period,district,figure_id,label,value,unit,change_pct,target_pct,estimate,note,bulletin_url,date";

#[test]
fn csv_rows_match_the_front_matter_with_bom_crlf_and_quoting() {
    let s = open_data_site();
    s.run(&["build"]).ok();
    let csv = s.out("data/figures.csv");
    let expected = format!(
        "\u{feff}{HEADER}\r\n\
         2022-Q1,quarter,Nam Từ Liêm,gia-tri-san-xuat,Giá trị sản xuất,12335,tỷ đồng,7.6,,false,,https://quan.gov.vn/bantin/bulletins/quy-mot/,2022-03-20\r\n\
         2022-Q1,quarter,Nam Từ Liêm,thu-ngan-sach,\"Thu ngân sách, \"\"ước\"\"\",1234567.89,triệu đồng,-3.5,33,true,gồm thu tiền đất,https://quan.gov.vn/bantin/bulletins/quy-mot/,2022-03-20\r\n\
         2022-Q2,6-months,Cầu Giấy,gia-tri-san-xuat,Giá trị sản xuất,25940,tỷ đồng,,,false,,https://quan.gov.vn/bantin/bulletins/quy-hai/,2022-06-26\r\n"
    );
    assert_eq!(csv, expected);
    let q1 = s.out("data/2022-q1.csv");
    assert!(
        q1.starts_with(&format!("\u{feff}{HEADER}\r\n2022-Q1,")),
        "{q1}"
    );
    assert_eq!(q1.lines().count(), 3, "{q1}");
    let q2 = s.out("data/2022-q2.csv");
    assert_eq!(q2.lines().count(), 2, "draft rows must be left out: {q2}");
}

#[test]
fn drafts_flag_adds_draft_rows() {
    let s = open_data_site();
    s.run(&["build", "--drafts"]).ok();
    assert_eq!(s.out("data/2022-q2.csv").lines().count(), 3);
}

#[test]
fn json_rows_are_typed_like_the_front_matter() {
    let s = open_data_site();
    s.run(&["build"]).ok();
    let json: serde_json::Value = serde_json::from_str(&s.out("data/figures.json")).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let r = &rows[1];
    // Keys in the header's order in the file (serde_json::Value would sort them).
    let raw = s.out("data/figures.json");
    let line = raw.lines().nth(2).unwrap();
    let positions: Vec<usize> = HEADER
        .split(',')
        .map(|k| line.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{line}");
    assert_eq!(r.as_object().unwrap().len(), 13);
    assert_eq!(r["label"], "Thu ngân sách, \"ước\"");
    assert_eq!(r["value"], serde_json::json!(1234567.89));
    assert_eq!(r["change_pct"], serde_json::json!(-3.5));
    assert_eq!(r["target_pct"], serde_json::json!(33));
    assert_eq!(r["estimate"], serde_json::json!(true));
    assert_eq!(r["note"], "gồm thu tiền đất");
    assert_eq!(rows[0]["value"], serde_json::json!(12335));
    assert_eq!(rows[0]["note"], serde_json::Value::Null);
    assert_eq!(rows[2]["period"], "6-months");
}

fn trend_site() -> Site {
    let s = Site::new();
    let mut n = 0;
    for (district, values) in [
        (
            "Nam Từ Liêm",
            [("2021-Q4", 11000), ("2022-Q1", 12335), ("2022-Q2", 12600)],
        ),
        (
            "Cầu Giấy",
            [("2021-Q4", 24000), ("2022-Q1", 24850), ("2022-Q2", 25940)],
        ),
    ] {
        for (q, v) in values {
            n += 1;
            let month = match &q[5..] {
                "Q1" => "04",
                "Q2" => "07",
                _ => "01",
            };
            let year = if month == "01" { "2022" } else { &q[..4] };
            s.write(
                &format!("content/b{n}.md"),
                bulletin(
                    &format!("Bản tin {n}"),
                    &format!("{year}-{month}-1{n}"),
                    &format!(
                        "quarter: {q}\n{}",
                        figures(
                            district,
                            &[fig(
                                "gia-tri-san-xuat",
                                "Giá trị sản xuất",
                                &v.to_string(),
                                "tỷ đồng",
                                ""
                            )]
                        )
                    ),
                ),
            );
        }
    }
    s
}

#[test]
fn chart_has_one_series_per_district_with_points_in_quarter_order() {
    let s = trend_site();
    s.run(&["build"]).ok();
    let page = s.out("figures/gia-tri-san-xuat/index.html");
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap()];
    let series: Vec<&str> = svg.split(r#"<g class="series "#).skip(1).collect();
    assert_eq!(series.len(), 2, "{svg}");
    for (district, values) in [
        ("Cầu Giấy", ["24000", "24850", "25940"]),
        ("Nam Từ Liêm", ["11000", "12335", "12600"]),
    ] {
        let g = series
            .iter()
            .find(|g| g.contains(&format!(r#"data-district="{district}""#)))
            .unwrap_or_else(|| panic!("no series for {district}: {svg}"));
        let quarters: Vec<&str> = g
            .split(r#"data-quarter=""#)
            .skip(1)
            .map(|p| &p[..7])
            .collect();
        assert_eq!(quarters, ["2021-Q4", "2022-Q1", "2022-Q2"], "{district}");
        for v in values {
            assert!(
                g.contains(&format!(r#"data-value="{v}""#)),
                "{district} {v}"
            );
        }
    }
    assert!(svg.contains("<title id="), "chart needs a <title>");
    assert!(svg.contains("<desc id="), "chart needs a <desc>");
    assert!(svg.contains(r#"role="img""#));
    // Axis labels in the site language's number format.
    assert!(svg.contains(">20.000</text>"), "{svg}");
    // Links to the open data, also as <link rel=alternate>.
    assert!(page.contains(r#"<link rel="alternate" type="text/csv""#));
    assert!(page.contains("https://quan.gov.vn/bantin/data/figures.csv"));
    let index = s.out("figures/index.html");
    assert!(index.contains("https://quan.gov.vn/bantin/figures/gia-tri-san-xuat/"));
    assert!(index.contains("https://quan.gov.vn/bantin/data/figures.json"));
}

#[test]
fn estimates_are_hollow_in_the_chart_and_marked_in_the_table() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "Ước quý một",
            "2022-04-01",
            &figures(
                "Nam Từ Liêm",
                &[fig(
                    "thu-ngan-sach",
                    "Thu ngân sách",
                    "2305",
                    "tỷ đồng",
                    "    estimate: true\n",
                )],
            ),
        ),
    );
    s.run(&["build"]).ok();
    let page = s.out("figures/thu-ngan-sach/index.html");
    assert!(
        page.contains(r#"class="point estimate" data-quarter="2022-Q2""#),
        "{page}"
    );
    assert!(page.contains(r##"fill="#fff""##));
    assert!(page.contains("estimate-note"));
    assert!(page.contains("badge-estimate"));
    assert!(page.contains("https://quan.gov.vn/bantin/bulletins/uoc-quy-mot/"));
}

#[test]
fn one_id_with_two_units_is_an_error_naming_both_files_and_lines() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "A",
            "2022-04-01",
            &figures("Nam Từ Liêm", &[fig("thu", "Thu", "2305", "tỷ đồng", "")]),
        ),
    );
    s.write(
        "content/b.md",
        bulletin(
            "B",
            "2022-07-01",
            &figures("Nam Từ Liêm", &[fig("thu", "Thu", "2400", "tỷ đồng", "")]),
        ),
    );
    s.write(
        "content/c.md",
        bulletin(
            "C",
            "2022-10-01",
            &figures(
                "Nam Từ Liêm",
                &[fig("thu", "Thu", "2500000", "triệu đồng", "")],
            ),
        ),
    );
    let run = s.run(&["build"]);
    run.fails_with(1).has_diagnostic(
        "content/c.md:9:5: error: figure `thu` has unit `triệu đồng` here but `tỷ đồng` in content/a.md:9:5: one id must keep one unit (convert the value, or use another id)",
    );
    assert!(!s.out_exists("index.html"));
}

#[test]
fn one_id_with_two_labels_is_a_warning() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "A",
            "2022-04-01",
            &figures(
                "Nam Từ Liêm",
                &[fig("thu", "Thu ngân sách", "2305", "tỷ đồng", "")],
            ),
        ),
    );
    s.write(
        "content/b.md",
        bulletin(
            "B",
            "2022-07-01",
            &figures(
                "Nam Từ Liêm",
                &[fig("thu", "Thu NS", "2400", "tỷ đồng", "")],
            ),
        ),
    );
    let run = s.run(&["build"]);
    run.ok().has_diagnostic(
        "content/b.md:7:5: warning: figure `thu` is labelled `Thu NS` here but `Thu ngân sách` in content/a.md:7:5: use one label per id",
    );
    let strict = s.run(&["check", "--strict"]);
    strict.fails_with(1);
    assert!(
        strict.stderr.contains("labelled `Thu NS`"),
        "{}",
        strict.stderr
    );
    s.run(&["check"]).ok();
}

fn same_quarter_site(first: &str, second: &str) -> Site {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "Sớm",
            "2022-04-01",
            &format!(
                "quarter: 2022-Q1\n{}",
                figures(
                    "Nam Từ Liêm",
                    &[fig("thu", "Thu", "2305", "tỷ đồng", first)]
                )
            ),
        ),
    );
    s.write(
        "content/b.md",
        bulletin(
            "Muộn",
            "2022-05-01",
            &format!(
                "quarter: 2022-Q1\n{}",
                figures(
                    "Nam Từ Liêm",
                    &[fig("thu", "Thu", "2310", "tỷ đồng", second)]
                )
            ),
        ),
    );
    s
}

#[test]
fn a_final_value_replacing_an_estimate_is_fine_and_wins() {
    let s = same_quarter_site("    estimate: true\n", "");
    let run = s.run(&["check", "--strict"]);
    run.ok();
    s.run(&["build"]).ok();
    let page = s.out("figures/thu/index.html");
    assert!(page.contains(r#"data-value="2310""#));
    assert!(!page.contains(r#"data-value="2305""#));
    // The CSV keeps every row.
    assert_eq!(s.out("data/figures.csv").lines().count(), 3);
}

#[test]
fn differing_values_for_one_quarter_are_a_warning_and_the_later_wins() {
    let s = same_quarter_site("", "");
    let run = s.run(&["build"]);
    run.ok().has_diagnostic(
        "content/a.md:9:5: warning: figure `thu` for Nam Từ Liêm, 2022-Q1 (quarter) is 2305 here but 2310 in content/b.md:9:5 (the later bulletin, which the charts use): correct one of them, or mark the earlier one `estimate: true`",
    );
    assert!(
        s.out("figures/thu/index.html")
            .contains(r#"data-value="2310""#)
    );
}

#[test]
fn a_final_value_beats_a_later_estimate_without_a_warning() {
    let s = same_quarter_site("", "    estimate: true\n");
    let run = s.run(&["check", "--strict"]);
    run.ok();
    s.run(&["build"]).ok();
    assert!(
        s.out("figures/thu/index.html")
            .contains(r#"data-value="2305""#)
    );
}

#[test]
fn a_value_a_thousand_times_off_hints_at_the_yaml_dot() {
    let s = Site::new();
    for (n, (date, v)) in [
        ("2022-01-10", "11790"),
        ("2022-05-10", "12.335"),
        ("2022-07-10", "12600"),
    ]
    .into_iter()
    .enumerate()
    {
        s.write(
            &format!("content/b{n}.md"),
            bulletin(
                &format!("B{n}"),
                date,
                &figures("Nam Từ Liêm", &[fig("gtsx", "GTSX", v, "tỷ đồng", "")]),
            ),
        );
    }
    let run = s.run(&["build"]);
    run.ok().has_diagnostic(
        "content/b1.md:8:5: warning: figure `gtsx` is 12.335 here, about 1,000 times less than its other values for Nam Từ Liêm (around 11790): YAML reads `12.335` as twelve point three — write 12335, without the dot",
    );
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
}

#[test]
fn a_change_pct_that_disagrees_with_last_year_is_a_warning_with_both_locations() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "Năm trước",
            "2021-04-01",
            &figures("Nam Từ Liêm", &[fig("thu", "Thu", "2000", "tỷ đồng", "")]),
        ),
    );
    s.write(
        "content/b.md",
        bulletin(
            "Năm nay",
            "2022-04-01",
            &figures(
                "Nam Từ Liêm",
                &[
                    fig("thu", "Thu", "2305", "tỷ đồng", "    change_pct: 21\n"),
                    fig(
                        "thu",
                        "Thu",
                        "4000",
                        "tỷ đồng",
                        "    period: 6-months\n    change_pct: 50\n",
                    ),
                ],
            ),
        ),
    );
    let run = s.run(&["build"]);
    run.ok().has_diagnostic(
        "content/b.md:10:5: warning: figure `thu` for Nam Từ Liêm, 2022-Q2 (quarter) says change_pct 21 but its value 2305 against 2000 a year earlier (2021-Q2, content/a.md:8:5) is a change of 15.3%: correct change_pct or one of the values",
    );
    // The 6-month total has no value a year earlier for its span: nothing to compare.
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
    s.run(&["check", "--strict"]).fails_with(1);
}

#[test]
fn a_change_pct_within_one_point_is_accepted() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "Năm trước",
            "2021-04-01",
            &figures("Nam Từ Liêm", &[fig("thu", "Thu", "2000", "tỷ đồng", "")]),
        ),
    );
    s.write(
        "content/b.md",
        bulletin(
            "Năm nay",
            "2022-04-01",
            &figures(
                "Nam Từ Liêm",
                &[fig("thu", "Thu", "2305", "tỷ đồng", "    change_pct: 16\n")],
            ),
        ),
    );
    s.run(&["check", "--strict"]).ok();
}

#[test]
fn site_yaml_figure_metadata_fills_label_and_unit_of_bulletins() {
    let s = Site::new();
    s.write(
        "site.yaml",
        format!(
            "{}figures:\n  ho-ngheo:\n    label: Hộ nghèo\n    unit: hộ\n    good: down\n",
            crate::support::SITE_YAML
        ),
    );
    s.write(
        "content/2022/q1/a.md",
        bulletin(
            "Quý một",
            "2022-03-20",
            "figures:\n  - id: ho-ngheo\n    value: 120\n",
        ),
    );
    s.write(
        "content/2022/q2/b.md",
        bulletin(
            "Quý hai",
            "2022-06-20",
            "figures:\n  - id: ho-ngheo\n    value: 98\n    good: neutral\n",
        ),
    );
    s.run(&["build"]).ok();
    let csv = s.out("data/figures.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].contains(",Hộ nghèo,") && rows[0].contains(",hộ,"),
        "{csv}"
    );
    assert!(
        rows[1].contains(",Hộ nghèo,") && rows[1].contains(",hộ,"),
        "{csv}"
    );
}
