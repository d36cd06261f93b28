//! Tests of the prose checks: unit cases, and the test set of bulletins in
//! `tests/suggest/` with the deliberate slips of `tests/suggest/slips.tsv`.

use super::check_block;
use crate::config::HtmlPolicy;
use crate::error::Diagnostic;
use crate::markdown::{LinkTarget, RenderContext, render};
use crate::model::bulletin::parse_bulletin;
use std::path::Path;

fn set_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suggest")
}

/// The diagnostics of building one bulletin's body (parse and render, Vietnamese site).
fn diagnostics(path: &str, text: &str) -> Vec<Diagnostic> {
    let (config, d) = crate::config::parse_config("title: S\ndistrict: Q\n");
    assert!(d.is_empty(), "{d:?}");
    let parsed = parse_bulletin(path, text, &config);
    let Some(b) = parsed.bulletin else {
        panic!("{path}: {:?}", parsed.diagnostics);
    };
    let resolve = |_: &str| LinkTarget::Missing;
    let ctx = RenderContext {
        path,
        body_line: b.body_line,
        page_url: "https://x.vn/bulletins/a/",
        base_url: "https://x.vn/",
        html: HtmlPolicy::Escape,
        resolve: &resolve,
        images: None,
        figures: &b.figures,
        lang: config.language,
        cover: None,
    };
    let mut all = parsed.diagnostics;
    all.extend(render(&text[b.body_offset..], &ctx).diagnostics);
    all
}

fn test_set() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(set_dir())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, std::fs::read_to_string(&p).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn test_set_prose_agrees_with_its_figures() {
    let set = test_set();
    assert!(set.len() >= 30, "{} bulletins", set.len());
    for (name, text) in &set {
        let d = diagnostics(&format!("content/{name}"), text);
        assert!(d.is_empty(), "{name}: {d:#?}");
    }
}

#[test]
fn every_deliberate_slip_is_caught_at_its_line() {
    let slips = std::fs::read_to_string(set_dir().join("slips.tsv")).unwrap_or_default();
    let mut count = 0;
    for line in slips
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, from, to, id] = cols[..] else {
            panic!("bad slip line {line:?}");
        };
        let text = std::fs::read_to_string(set_dir().join(file)).unwrap_or_default();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{file}: {from:?} must occur once"
        );
        let at = text.find(from).unwrap_or(0);
        let slip_line = text[..at].matches('\n').count() + 1;
        let slipped = text.replacen(from, to, 1);
        let d = diagnostics(&format!("content/{file}"), &slipped);
        assert_eq!(d.len(), 1, "{file}: {from:?} → {to:?}: {d:#?}");
        assert_eq!(d[0].location.line, Some(slip_line), "{file}: {:?}", d[0]);
        assert!(
            d[0].message.to_string().contains(&format!("figure `{id}`")),
            "{file}: {}",
            d[0].message
        );
        count += 1;
    }
    assert!(count >= 25, "{count} slips");
}

fn figure(label: &str, value: f64, unit: &str) -> crate::model::figure::Figure {
    let text = format!(
        "---\ntitle: T\ndate: 2022-03-01\nfigures:\n  - id: f\n    label: {label}\n    value: {value}\n    unit: \"{unit}\"\n    change_pct: 7.6\n    target_pct: 33\n---\n"
    );
    let (config, _) = crate::config::parse_config("title: S\ndistrict: Q\n");
    let parsed = parse_bulletin("content/a.md", &text, &config);
    parsed
        .bulletin
        .and_then(|b| b.figures.into_iter().next())
        .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics))
}

#[test]
fn message_names_both_lines_and_what_each_says() {
    let text = "---\ntitle: T\ndate: 2022-03-01\nfigures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    unit: tỷ đồng\n    change_pct: 7.6\n    value: 12335\n---\n\nMột câu.\n\nTheo báo cáo trình hội nghị, giá trị sản xuất quý I đạt 12.535 tỷ đồng, tăng 7,9%.\n";
    let got: Vec<String> = diagnostics("content/x.md", text)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        got,
        [
            "content/x.md:14:57: warning: the text says 12.535 tỷ đồng but figure `gia-tri-san-xuat` (line 9) is 12.335 tỷ đồng: correct the text or the figure",
            "content/x.md:14:73: warning: the text says tăng 7,9% but figure `gia-tri-san-xuat` (line 8) is tăng 7,6%: correct the text or the figure",
        ]
    );
}

#[test]
fn only_plain_statements_are_compared() {
    let f = [figure("Giá trị sản xuất", 12335.0, "tỷ đồng")];
    let quiet = [
        // Rounded as written, approximate, a part, another period, a reference value.
        "Giá trị sản xuất đạt 12.300 tỷ đồng, tăng 8%.",
        "Giá trị sản xuất đạt khoảng 13.000 tỷ đồng, tăng hơn 9%.",
        "Giá trị sản xuất đạt 12,3 nghìn tỷ đồng, trong đó công nghiệp 5.000 tỷ đồng.",
        "Giá trị sản xuất 6 tháng đạt 25.000 tỷ đồng, tăng 9,1%.",
        "Giá trị sản xuất cùng kỳ năm trước là 11.460 tỷ đồng.",
        "Giá trị sản xuất năm 2021 là 11.460 tỷ đồng.",
        "Giá trị sản xuất tăng 3% so với quý trước.",
        "Giá trị sản xuất giảm từ 13.000 tỷ đồng xuống 12.335 tỷ đồng.",
        "Kế hoạch năm 2022 đặt ra 50.000 tỷ đồng. Giá trị sản xuất tăng 7,6%.",
        "Giá trị sản xuất của ngành xây dựng (1.200 tỷ đồng) vượt 5% kế hoạch.",
        "Quý I/2022, giá trị sản xuất đạt 12.335 tỷ đồng; thu ngân sách đạt 2.000 tỷ đồng.",
        "Giá trị sản xuất đạt 12.335 tỷ đồng, bằng 40% kế hoạch năm, trong đó 9.000 tỷ đồng.",
    ];
    for text in quiet {
        let m: Vec<String> = check_block(text, &f)
            .iter()
            .map(|m| text[m.written.clone()].to_owned())
            .collect();
        assert!(m.is_empty() || text.contains("40%"), "{text}: {m:?}");
    }
    // A plan share that disagrees is the one thing found in the last sentence.
    let last = quiet[quiet.len() - 1];
    let m: Vec<&str> = check_block(last, &f)
        .iter()
        .map(|m| &last[m.written.clone()])
        .collect();
    assert_eq!(m, ["40% kế hoạch"]);
    let loud = [
        ("Giá trị sản xuất đạt 12.353 tỷ đồng.", "12.353 tỷ đồng"),
        ("giá trị sản xuất: 12.335 tỷ đồng, giảm 7,6%", "giảm 7,6%"),
        (
            "| Giá trị sản xuất | 12.335 tỷ đồng | bằng 117,6% so với cùng kỳ |",
            "bằng 117,6% so với cùng kỳ",
        ),
        (
            "Giá trị sản xuất ước đạt **12.335** tỷ đồng, đạt 3,3% dự toán.",
            "3,3% dự toán",
        ),
        (
            "Giá trị sản xuất cao hơn 6,7% so với cùng kỳ.",
            "cao hơn 6,7%",
        ),
    ];
    for (text, written) in loud {
        let plain = text.replace("**", "");
        let m: Vec<&str> = check_block(&plain, &f)
            .iter()
            .map(|m| &plain[m.written.clone()])
            .collect();
        assert_eq!(m, [written], "{text}");
    }
    let rate = [figure("Tỷ lệ hộ nghèo", 1.2, "%")];
    assert!(check_block("Tỷ lệ hộ nghèo còn 1,2%, giảm 0,3%.", &rate).is_empty());
    assert_eq!(check_block("Tỷ lệ hộ nghèo còn 2,1%.", &rate).len(), 1);
}
