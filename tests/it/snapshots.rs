//! Snapshots: the sorted list of output files (catches pages that appear or vanish) and the
//! `<main>` of a bulletin page (catches unintended changes to what readers see).
//! Review changes with `cargo insta review`, or re-run with `INSTA_UPDATE=always` and read
//! the diff.

use crate::support::Site;

fn fixture() -> Site {
    let s = Site::new();
    s.write(
        "content/2022/q1/gia-tri-san-xuat.md",
        "---\ntitle: Giá trị sản xuất quý I/2022 tăng 7,6%\ndate: 2022-07-26T17:11:00\nquarter: quý I/2022\ntags: [Kinh tế, Ngân sách]\nauthor: Phòng Văn hóa\nslug: gia-tri-san-xuat-quy-1-2022\nfigures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n  - id: thu-ngan-sach\n    label: Thu ngân sách\n    value: 2305\n    unit: tỷ đồng\n    change_pct: 21\n    target_pct: 33\n    estimate: true\n---\n\nQuận đạt **12.335 tỷ đồng** giá trị sản xuất.\n\n## Nhiệm vụ\n\n- Cải cách hành chính\n- Thu ngân sách\n\nXem [tổng kết](../../2021/q4/tong-ket.md).\n",
    );
    s.write(
        "content/2021/q4/tong-ket.md",
        "---\ntitle: Tổng kết năm 2021\ndate: 2021-12-28\ntags: [Kinh tế]\ndistrict: Cầu Giấy\n---\n\nMột năm nhiều khó khăn.\n",
    );
    s.run(&["build"]).ok();
    s
}

/// The `<main>…</main>` of a page, which themes change less often than the chrome.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    let end = html
        .find("</main>")
        .map_or(html.len(), |i| i + "</main>".len());
    &html[start..end]
}

#[test]
fn output_file_list() {
    let s = fixture();
    insta::assert_snapshot!(s.out_files().join("\n"));
}

#[test]
fn bulletin_main() {
    let s = fixture();
    let page = s.out("bulletins/gia-tri-san-xuat-quy-1-2022/index.html");
    insta::assert_snapshot!(main_of(&page));
}
