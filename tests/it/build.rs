//! Whole builds of fixture sites: pages at the contract URLs, formatting, merging, safety.

use crate::support::{Site, bulletin};

fn seed_site() -> Site {
    let s = Site::new();
    s.write(
        "content/2022/q1/gia-tri-san-xuat.md",
        "---\ntitle: Quận Nam Từ Liêm phục hồi kinh tế\ndate: 2022-07-26T17:11:00\nquarter: quý I/2022\ntags: [Kinh tế, Ngân sách]\nauthor: Phòng Văn hóa\nsource: https://example.vn/tin\nfigures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n  - id: thu-ngan-sach\n    label: Thu ngân sách\n    value: 1234567.89\n    unit: triệu đồng\n    change_pct: -3.5\n    target_pct: 33\n    estimate: true\n---\n\nĐoạn mở đầu của bản tin.\n\nXem [bài trước](../../2021/q4/cuoi-nam.md) và ![biểu đồ](bieu-do.svg).\n",
    );
    s.write(
        "content/2022/q1/bieu-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>x</title></svg>\n",
    );
    s.write("content/2022/q1/khong-ai-dung.pdf", "%PDF-1.4 unused\n");
    s.write(
        "content/2021/q4/cuoi-nam.md",
        bulletin("Tổng kết năm 2021", "2021-12-28", "tags: [kinh tế]\n"),
    );
    s.write(
        "content/2022/q2/nhap.md",
        bulletin("Bản nháp", "2022-05-01", "draft: true\n"),
    );
    s
}

#[test]
fn pages_land_at_contract_urls() {
    let s = seed_site();
    let run = s.run(&["build"]);
    run.ok();
    assert!(run.stderr.contains("built 2 bulletins"), "{}", run.stderr);
    for f in [
        "index.html",
        "bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/index.html",
        "bulletins/tong-ket-nam-2021/index.html",
        "quarters/index.html",
        "quarters/2022-q1/index.html",
        "quarters/2021-q4/index.html",
        "tags/index.html",
        "tags/kinh-te/index.html",
        "tags/ngan-sach/index.html",
        "atom.xml",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(s.out_exists(f), "missing {f}: {:?}", s.out_files());
    }
}

#[test]
fn bulletin_page_shows_metadata_and_vietnamese_numbers() {
    let s = seed_site();
    s.run(&["build"]).ok();
    let page = s.out("bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/index.html");
    for expected in [
        "26/07/2022",
        "Quý I/2022",
        "Nam Từ Liêm",
        "Phòng Văn hóa",
        "https://example.vn/tin",
        "12.335",
        "1.234.567,89",
        "tăng 7,6%",
        "giảm 3,5%",
        "33%",
        "Đoạn mở đầu",
    ] {
        assert!(page.contains(expected), "bulletin page lacks {expected:?}");
    }
    assert!(
        page.contains("href=\"https://quan.gov.vn/bantin/bulletins/tong-ket-nam-2021/\""),
        "link to other bulletin not rewritten"
    );
    assert!(page.contains("href=\"https://quan.gov.vn/bantin/tags/kinh-te/\""));
}

#[test]
fn english_numbers() {
    let s = seed_site();
    s.write(
        "site.yaml",
        format!("{}language: en\n", crate::support::SITE_YAML),
    );
    s.run(&["build"]).ok();
    let page = s.out("bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/index.html");
    for expected in ["12,335", "1,234,567.89", "+7.6%", "lang=\"en\""] {
        assert!(page.contains(expected), "English page lacks {expected:?}");
    }
}

#[test]
fn tags_differing_by_case_are_merged() {
    let s = seed_site();
    s.write(
        "content/2022/q1/c.md",
        bulletin("Ba", "2022-02-01", "tags: [KINH TẾ]\n"),
    );
    s.run(&["build"]).ok();
    let tag = s.out("tags/kinh-te/index.html");
    for t in [
        "Quận Nam Từ Liêm phục hồi kinh tế",
        "Tổng kết năm 2021",
        "Ba",
    ] {
        assert!(tag.contains(t), "tag page lacks {t}");
    }
    let tags = s.out("tags/index.html");
    assert_eq!(
        tags.matches("tags/kinh-te/").count(),
        1,
        "one merged tag expected"
    );
    assert!(tags.contains("Kinh tế") || tags.contains("kinh tế"));
    assert!(!s.out_exists("tags/kinh-te-1/index.html"));
}

#[test]
fn drafts_only_with_flag() {
    let s = seed_site();
    s.run(&["build"]).ok();
    assert!(!s.out_exists("bulletins/ban-nhap/index.html"));
    assert!(!s.out("sitemap.xml").contains("ban-nhap"));
    s.run(&["build", "--drafts"]).ok();
    assert!(s.out_exists("bulletins/ban-nhap/index.html"));
}

#[test]
fn check_reports_what_build_reports_with_the_same_drafts_option() {
    let s = seed_site();
    let text = bulletin("Liên kết", "2022-05-02", "") + "\nXem [bản nháp](nhap.md).\n";
    s.write("content/2022/q2/lien-ket.md", text);
    // Without drafts the link to one is a warning, in `build` and `check` alike.
    let built = s.run(&["build"]);
    built.ok();
    let checked = s.run(&["check"]);
    checked.ok();
    assert_eq!(built.diagnostics().len(), 1, "{}", built.stderr);
    assert!(built.diagnostics()[0].starts_with("content/2022/q2/lien-ket.md:"));
    assert_eq!(checked.diagnostics(), built.diagnostics());
    s.run(&["check", "--strict"]).fails_with(1);
    // With drafts the link is good, in both.
    let built = s.run(&["build", "--drafts"]);
    built.ok();
    let checked = s.run(&["check", "--drafts", "--strict"]);
    checked.ok();
    assert!(built.diagnostics().is_empty(), "{}", built.stderr);
    assert!(checked.diagnostics().is_empty(), "{}", checked.stderr);
}

#[test]
fn linked_files_are_copied_and_unlinked_are_not() {
    let s = seed_site();
    s.run(&["build"]).ok();
    assert!(s.out_exists("bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/bieu-do.svg"));
    let page = s.out("bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/index.html");
    assert!(page.contains(
        "src=\"https://quan.gov.vn/bantin/bulletins/quan-nam-tu-liem-phuc-hoi-kinh-te/bieu-do.svg\""
    ));
    assert!(
        !s.out_files()
            .iter()
            .any(|f| f.ends_with("khong-ai-dung.pdf"))
    );
}

#[test]
fn everything_is_escaped_by_default() {
    let s = Site::new();
    s.write(
        "content/2022/q1/x.md",
        "---\ntitle: \"Tin <script>alert(1)</script>\"\ndate: 2022-03-01\nsummary: \"</script><b>x</b>\"\n---\n\n<script>alert(2)</script>\n\n[bấm](javascript:alert(3)) <img src=x onerror=alert(4)>\n",
    );
    s.run(&["build"]).ok();
    let page = s.out("bulletins/tin-script-alert-1-script/index.html");
    assert!(!page.contains("<script>alert"), "unescaped script in page");
    assert!(!page.contains("javascript:"), "javascript: link kept");
    assert!(!page.contains("<img src=x"), "raw HTML kept");
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    // JSON inside <script> must not be closable.
    for block in page.split("<script").skip(1) {
        let body = block.split("</script>").next().unwrap_or("");
        assert!(
            !body.contains("</"),
            "closing tag inside a script block: {body}"
        );
    }
}

#[test]
fn unsafe_html_lets_raw_html_through() {
    let s = Site::new();
    s.write(
        "site.yaml",
        format!("{}unsafe_html: true\n", crate::support::SITE_YAML),
    );
    s.write(
        "content/2022/q1/x.md",
        "---\ntitle: A\ndate: 2022-03-01\n---\n\n<div class=\"hop\">hộp</div>\n",
    );
    s.run(&["build"]).ok();
    assert!(
        s.out("bulletins/a/index.html")
            .contains("<div class=\"hop\">hộp</div>")
    );
}

#[test]
fn base_url_path_is_honoured_everywhere() {
    let s = seed_site();
    s.run(&["build"]).ok();
    for f in s
        .out_files()
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        let text = s.out(f);
        for (i, _) in text.match_indices("href=\"https://quan.gov.vn/") {
            assert!(
                text[i..].starts_with("href=\"https://quan.gov.vn/bantin/"),
                "{f}: link without the base path"
            );
        }
        assert!(
            !text.contains("href=\"/"),
            "{f}: root-relative link ignores the base path"
        );
    }
    assert!(
        s.out("sitemap.xml")
            .contains("<loc>https://quan.gov.vn/bantin/quarters/2022-q1/</loc>")
    );
    assert!(
        s.out("atom.xml")
            .contains("<id>https://quan.gov.vn/bantin/bulletins/tong-ket-nam-2021/</id>")
    );
}

#[test]
fn lists_paginate_both_ways() {
    let s = Site::new();
    s.write(
        "site.yaml",
        format!("{}page_size: 2\n", crate::support::SITE_YAML),
    );
    for d in 1..=5 {
        s.write(
            &format!("content/2022/q1/b{d}.md"),
            bulletin(
                &format!("Bản tin số {d}"),
                &format!("2022-02-0{d}"),
                "tags: [Giáo dục]\n",
            ),
        );
    }
    s.run(&["build"]).ok();
    for f in [
        "quarters/2022-q1/index.html",
        "quarters/2022-q1/page/2/index.html",
        "quarters/2022-q1/page/3/index.html",
        "tags/giao-duc/page/3/index.html",
    ] {
        assert!(s.out_exists(f), "missing {f}");
    }
    assert!(!s.out_exists("quarters/2022-q1/page/4/index.html"));
    let p2 = s.out("quarters/2022-q1/page/2/index.html");
    assert!(
        p2.contains("https://quan.gov.vn/bantin/quarters/2022-q1/\""),
        "no link back to page 1"
    );
    assert!(
        p2.contains("https://quan.gov.vn/bantin/quarters/2022-q1/page/3/\""),
        "no link to page 3"
    );
    let p1 = s.out("quarters/2022-q1/index.html");
    assert!(
        p1.contains("Bản tin số 5") && p1.contains("Bản tin số 4") && !p1.contains("Bản tin số 3"),
        "newest first, two per page"
    );
}

#[test]
fn aliases_get_redirect_pages() {
    let s = Site::new();
    s.write(
        "content/2022/q1/x.md",
        bulletin("Mới", "2022-03-01", "aliases: [/tin-cu/bai-1/]\n"),
    );
    s.run(&["build"]).ok();
    let r = s.out("tin-cu/bai-1/index.html");
    assert!(
        r.contains("url=https://quan.gov.vn/bantin/bulletins/moi/"),
        "{r}"
    );
}

#[test]
fn quarter_page_has_figure_table() {
    let s = seed_site();
    s.run(&["build"]).ok();
    let q = s.out("quarters/2022-q1/index.html");
    for expected in [
        "Giá trị sản xuất",
        "12.335",
        "tỷ đồng",
        "tăng 7,6%",
        "Nam Từ Liêm",
    ] {
        assert!(q.contains(expected), "quarter page lacks {expected}");
    }
    let quarters = s.out("quarters/index.html");
    let q1 = quarters.find("quarters/2022-q1/").expect("2022-q1 listed");
    let q4 = quarters.find("quarters/2021-q4/").expect("2021-q4 listed");
    assert!(q1 < q4, "quarters newest first");
}

#[test]
fn feed_and_sitemap_have_absolute_urls() {
    let s = seed_site();
    s.run(&["build"]).ok();
    let atom = s.out("atom.xml");
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(atom.matches("<entry>").count(), 2);
    let sitemap = s.out("sitemap.xml");
    assert!(
        sitemap
            .lines()
            .filter(|l| l.contains("<loc>"))
            .all(|l| l.contains("<loc>https://quan.gov.vn/bantin/"))
    );
}

#[test]
fn builds_are_deterministic() {
    let s = seed_site();
    s.run(&["build"]).ok();
    let first = s.out_snapshot();
    s.run(&["build"]).ok();
    assert_eq!(first, s.out_snapshot());
}

#[test]
fn rebuild_keeps_git_and_keep_files_and_drops_stale_pages() {
    let s = seed_site();
    s.run(&["build"]).ok();
    s.write("output/CNAME", "bantin.example.vn\n");
    s.write("output/.git/HEAD", "ref: refs/heads/main\n");
    s.write("output/stale.html", "old\n");
    s.run(&["build"]).ok();
    assert_eq!(s.out("CNAME"), "bantin.example.vn\n");
    assert!(s.out_exists(".git/HEAD"));
    assert!(!s.out_exists("stale.html"));
}

#[test]
fn refuses_dangerous_output_folders() {
    let s = seed_site();
    s.run(&["build", "--output", "."]).fails_with(2);
    s.run(&["build", "--output", "content/x"]).fails_with(2);
    s.write("themes/default/x.txt", "x");
    s.run(&["build", "--output", "themes"]).fails_with(2);
    s.write("somebody/notes.txt", "keep me");
    let run = s.run(&["build", "--output", "somebody"]);
    run.fails_with(2);
    assert!(
        run.stderr.contains("not empty and was not made by bantin"),
        "{}",
        run.stderr
    );
    assert!(s.path().join("somebody/notes.txt").exists());
    // A relative --output is relative to the current folder; an empty folder is fine.
    std::fs::create_dir_all(s.path().join("empty")).unwrap();
    s.run(&["build", "--output", "empty"]).ok();
    assert!(s.path().join("empty/index.html").exists());
}

#[test]
fn bom_and_crlf_are_accepted() {
    let s = Site::new();
    s.write(
        "content/2022/q1/x.md",
        "\u{feff}---\r\ntitle: Tin CRLF\r\ndate: 2022-03-01\r\n---\r\n\r\nNội dung.\r\n",
    );
    s.run(&["build"]).ok();
    assert!(s.out("bulletins/tin-crlf/index.html").contains("Nội dung."));
}

#[test]
fn quarter_table_shows_the_winning_report_once() {
    let s = Site::new();
    let fig = |value: &str, estimate: bool| {
        format!(
            "figures:\n  - id: thu-ngan-sach\n    label: Thu ngân sách\n    value: {value}\n    unit: tỷ đồng\n    estimate: {estimate}\n"
        )
    };
    s.write(
        "content/2022/q1/uoc.md",
        bulletin("Số ước quý I", "2022-03-20", &fig("2300", true)),
    );
    s.write(
        "content/2022/q1/chinh-thuc.md",
        bulletin("Số chính thức quý I", "2022-03-10", &fig("2311", false)),
    );
    s.run(&["build"]).ok();
    let q = s.out("quarters/2022-q1/index.html");
    let table = &q[q.find("<table").unwrap()..];
    assert!(
        table.contains("2.311"),
        "final value missing from the quarter table"
    );
    assert!(
        !table.contains("2.300"),
        "the replaced estimate is still in the quarter table"
    );
    // The open data keeps every report.
    let csv = s.out("data/2022-q1.csv");
    assert!(csv.contains(",2300,") && csv.contains(",2311,"), "{csv}");
}
