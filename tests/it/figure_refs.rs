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
    let search = s.out("search/d/0.json");
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
            "2 errors, 0 warnings in 1 file; nothing was written",
        ]
    );
}

const PLAIN: &str = "---\ntitle: Quý một\ndate: 2022-03-20\ntags: [Kinh tế]   # comment kept\n---\n\nGiá trị sản xuất đạt 12.335 tỷ đồng, tăng 7,6% so với cùng kỳ. Thu ngân sách ước đạt 2.305 tỷ đồng, đạt 33% dự toán.\n";

#[test]
fn suggest_prints_a_block_and_writes_it_byte_for_byte() {
    let s = Site::new();
    s.write("content/2022/q1/a.md", PLAIN);
    let plain_b = PLAIN.replace("Quý một", "Quý hai");
    s.write("content/2022/q1/b.md", plain_b.replace('\n', "\r\n"));
    let run = s.run(&["figures", "suggest", "content/2022/q1/a.md"]);
    run.ok();
    let block = "figures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n  - id: thu-ngan-sach\n    label: Thu ngân sách\n    value: 2305\n    unit: tỷ đồng\n    target_pct: 33\n    estimate: true\n";
    assert_eq!(run.stdout, format!("# content/2022/q1/a.md\n{block}\n"));
    // Nothing written without --write.
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/2022/q1/a.md")).unwrap(),
        PLAIN
    );
    let run = s.run(&[
        "figures",
        "suggest",
        "--write",
        "content/2022/q1/a.md",
        "content/2022/q1/b.md",
    ]);
    run.ok();
    let (head, tail) = PLAIN.split_at(PLAIN.find("---\n\n").unwrap());
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/2022/q1/a.md")).unwrap(),
        format!("{head}{block}{tail}")
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/2022/q1/b.md")).unwrap(),
        format!("{head}{block}{tail}")
            .replace("Quý một", "Quý hai")
            .replace('\n', "\r\n")
    );
    // The written figures pass check, and the prose agrees with them.
    let check = s.run(&["check"]);
    check.ok();
    assert_eq!(check.diagnostics(), Vec::<&str>::new(), "{}", check.stderr);
    // A second --write leaves the file alone and says why.
    let run = s.run(&["figures", "suggest", "--write", "content/2022/q1/a.md"]);
    run.ok();
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "content/2022/q1/a.md: warning: the front matter already has `figures:`: nothing written (paste the block by hand)"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("content/2022/q1/a.md")).unwrap(),
        format!("{head}{block}{tail}")
    );
}

#[test]
fn prose_that_disagrees_warns_in_both_languages() {
    let s = site(
        "Một dòng.\n\nTheo báo cáo, giá trị sản xuất đạt 12.535 tỷ đồng, tăng 7,6%; thu ngân sách {{thu-ngan-sach}}, đạt 38% dự toán.\n",
    );
    let run = s.run_in(crate::support::Lang::Vi, &["check"]);
    run.ok();
    assert_eq!(
        run.stderr_lines()[..2],
        [
            "content/2022/q1/a.md:21:36: cảnh báo: bài viết ghi 12.535 tỷ đồng nhưng số liệu gia-tri-san-xuat (dòng 8) là 12.335 tỷ đồng: sửa lại bài viết hoặc số liệu",
            "content/2022/q1/a.md:21:100: cảnh báo: bài viết ghi 38% dự toán nhưng số liệu thu-ngan-sach (dòng 11) là đạt 33% dự toán: sửa lại bài viết hoặc số liệu",
        ]
    );
    assert_eq!(run.stderr_lines().len(), 3, "{}", run.stderr);
    let run = s.run_in(crate::support::Lang::En, &["check"]);
    assert_eq!(
        run.stderr_lines()[..2],
        [
            "content/2022/q1/a.md:21:36: warning: the text says 12.535 tỷ đồng but figure `gia-tri-san-xuat` (line 8) is 12.335 tỷ đồng: correct the text or the figure",
            "content/2022/q1/a.md:21:100: warning: the text says 38% dự toán but figure `thu-ngan-sach` (line 11) is đạt 33% dự toán: correct the text or the figure",
        ]
    );
}
