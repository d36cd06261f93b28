//! Figure references in bulletin bodies (`{{id}}`, ```` ```figures ````), end to end.

use crate::support::{Site, bulletin};

const FIGURES: &str = "district: Nam Từ Liêm\nfigures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n  - id: thu-ngan-sach\n    label: Thu ngân sách\n    value: 2305\n    unit: tỷ đồng\n    target_pct: 33\n    estimate: true\n";

fn site(body: &str) -> Site {
    let s = Site::new();
    let text =
        bulletin("Quý một", "2022-03-20", FIGURES).replace("Nội dung bản tin Quý một.", body);
    s.write("content/2022/q1/a.md", text);
    s
}

#[test]
fn references_print_figures_in_page_summary_and_search() {
    let s = site(
        "Giá trị sản xuất đạt {{gia-tri-san-xuat}}, {{gia-tri-san-xuat.change}}; thu ngân sách {{thu-ngan-sach.target}}.\n\n```figures\n```\n",
    );
    s.run(&["build"]).ok();
    let page = s.out("bulletins/quy-mot/index.html");
    assert!(
        page.contains("<p>Giá trị sản xuất đạt <a href=\"https://quan.gov.vn/bantin/figures/gia-tri-san-xuat/\" title=\"Giá trị sản xuất\">12.335 tỷ đồng</a>, tăng 7,6%; thu ngân sách đạt 33% dự toán.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<td style=\"text-align: right\">2.305 tỷ đồng (ước tính)</td>"),
        "{page}"
    );
    // The default summary (meta description) and the search text hold the numbers, not the braces.
    assert!(page.contains("content=\"Giá trị sản xuất đạt 12.335 tỷ đồng, tăng 7,6%; thu ngân sách đạt 33% dự toán.\""), "{page}");
    let search = s.out("search-index.json");
    assert!(search.contains("12.335 tỷ đồng, tăng 7,6%"), "{search}");
    assert!(!search.contains("{{") && !page.contains("{{"), "{search}");
}

#[test]
fn english_site_prints_english_numbers() {
    let s = site(
        "Output {{gia-tri-san-xuat}} ({{gia-tri-san-xuat.change}}), revenue {{thu-ngan-sach}}.\n",
    );
    s.write(
        "site.yaml",
        format!("{}language: en\n", crate::support::SITE_YAML),
    );
    s.run(&["build"]).ok();
    let page = s.out("bulletins/quy-mot/index.html");
    assert!(page.contains(">12,335 tỷ đồng</a> (+7.6%), revenue <a href=\"https://quan.gov.vn/bantin/figures/thu-ngan-sach/\" title=\"Thu ngân sách\">2,305 tỷ đồng (estimate)</a>."), "{page}");
}

#[test]
fn unknown_reference_is_a_located_error() {
    let s = site("Dòng một.\n\nĐạt {{gia-tri}}.\n\n```figures\nthu-ngan-sach\nho-ngheo\n```\n");
    let run = s.run(&["check"]);
    run.fails_with(1);
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "content/2022/q1/a.md:21:5: error: unknown figure `gia-tri` in a figure reference: this bulletin's figures are `gia-tri-san-xuat`, `thu-ngan-sach` (write `{{id}}` with the `id` of a figure in the front matter)",
            "content/2022/q1/a.md:25:1: error: unknown figure `ho-ngheo` in a figure reference: this bulletin's figures are `gia-tri-san-xuat`, `thu-ngan-sach` (write `{{id}}` with the `id` of a figure in the front matter)",
            "2 error(s), 0 warning(s) in 1 file(s); nothing was written",
        ]
    );
}
