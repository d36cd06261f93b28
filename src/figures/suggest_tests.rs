//! The suggester measured on the test set of `tests/suggest/`: each bulletin's body
//! against the figures of its own front matter, with the labels and units of the other
//! bulletins as "the rest of the site".

use super::{Known, Suggestion, suggest, to_yaml};
use crate::model::bulletin::parse_bulletin;
use crate::model::figure::Figure;
use std::path::Path;

fn test_set() -> Vec<(String, Vec<Figure>, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suggest");
    let (config, _) = crate::config::parse_config("title: S\\ndistrict: Q\\n");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    paths.retain(|p| p.extension().is_some_and(|e| e == "md"));
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            let name = p.display().to_string();
            let parsed = parse_bulletin("content/a.md", &text, &config);
            let b = parsed
                .bulletin
                .unwrap_or_else(|| panic!("{name}: {:?}", parsed.diagnostics));
            (name, b.figures, text[b.body_offset..].to_owned())
        })
        .collect()
}

fn same(s: &Suggestion, f: &Figure) -> bool {
    (s.value - f.value).abs() < 1e-9 && s.unit == f.unit
}

/// (true positives, suggestions, known figures, per-file misses and extras).
fn measure() -> (usize, usize, usize, Vec<String>) {
    let set = test_set();
    let (mut tp, mut suggested, mut known_n) = (0, 0, 0);
    let mut notes = Vec::new();
    for (k, (name, figures, body)) in set.iter().enumerate() {
        let others = set
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, (_, f, _))| {
                f.iter()
                    .map(|f| (f.id.as_str(), f.label.as_str(), f.unit.as_str()))
            });
        let got = suggest(body, &Known::new(others));
        let hits = got
            .iter()
            .filter(|s| figures.iter().any(|f| same(s, f)))
            .count();
        tp += hits;
        suggested += got.len();
        known_n += figures.len();
        for s in got.iter().filter(|s| !figures.iter().any(|f| same(s, f))) {
            notes.push(format!("{name}: extra {} {}", s.value, s.unit));
        }
        for f in figures.iter().filter(|f| !got.iter().any(|s| same(s, f))) {
            notes.push(format!("{name}: missed {} {}", f.value, f.unit));
        }
    }
    (tp, suggested, known_n, notes)
}

#[test]
fn precision_and_recall_on_the_test_set() {
    let (tp, suggested, known, notes) = measure();
    let precision = tp as f64 / suggested.max(1) as f64;
    let recall = tp as f64 / known.max(1) as f64;
    eprintln!("precision {tp}/{suggested} = {precision:.3}, recall {tp}/{known} = {recall:.3}");
    for n in &notes {
        eprintln!("  {n}");
    }
    assert!(known >= 60, "{known} known figures");
    assert!(precision >= 0.9, "precision {precision:.3}: {notes:#?}");
    assert!(recall >= 0.8, "recall {recall:.3}: {notes:#?}");
}

#[test]
fn suggestion_block_reads_change_plan_estimate_period_and_reuses_known_labels() {
    let known = Known::new([("thu-ngan-sach", "Thu ngân sách trên địa bàn", "tỷ đồng")]);
    let body = "Sáu tháng đầu năm, thu ngân sách trên địa bàn ước đạt 5.410 tỷ đồng, bằng 56% dự toán, tăng 12,4% so với cùng kỳ. Doanh nghiệp thành lập mới là 1.024 doanh nghiệp, giảm 3,5%; trong đó 61 doanh nghiệp có vốn nước ngoài.\n";
    assert_eq!(
        to_yaml(&suggest(body, &known), "\n"),
        "figures:\n  - id: thu-ngan-sach\n    label: Thu ngân sách trên địa bàn\n    value: 5410\n    unit: tỷ đồng\n    period: 6-months\n    change_pct: 12.4\n    target_pct: 56\n    estimate: true\n  - id: doanh-nghiep-thanh-lap-moi\n    label: Doanh nghiệp thành lập mới\n    value: 1024\n    unit: doanh nghiệp\n    change_pct: -3.5\n"
    );
}
