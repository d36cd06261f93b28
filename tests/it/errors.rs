//! One test per error kind: exact `path:line:col`, exit code 1, and a previous output that
//! stays byte-identical.

use crate::support::{Site, bulletin};

const GOOD: &str = "content/2022/q1/tot.md";

/// A site that built once, so a failing build must leave `output/` untouched.
fn built_site() -> Site {
    let s = Site::new();
    s.write(
        GOOD,
        bulletin("Bản tin tốt", "2022-03-10", "tags: [Kinh tế]\n"),
    );
    s.run(&["build"]).ok();
    s
}

/// Writes `rel` into a built site, builds, and checks exit 1, the diagnostic, and that the
/// output is byte-identical to before.
#[track_caller]
fn expect_error(rel: &str, text: impl AsRef<[u8]>, diagnostic: &str) {
    let s = built_site();
    let before = s.out_snapshot();
    assert!(!before.is_empty());
    s.write(rel, text);
    let run = s.run(&["build"]);
    run.fails_with(1).has_diagnostic(diagnostic);
    assert_eq!(s.out_snapshot(), before, "a failed build changed output/");
    let staging: Vec<_> = std::fs::read_dir(s.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(staging.is_empty(), "staging folder left behind");
    // check reports the same diagnostic, writing nothing.
    s.run(&["check"]).fails_with(1).has_diagnostic(diagnostic);
}

#[test]
fn yaml_syntax_error_is_located_in_file_lines() {
    expect_error(
        "content/2022/q1/x.md",
        "---\ntitle: A\ndate: 2022-03-01\ntags: [a, b\n---\nBody\n",
        "content/2022/q1/x.md:5:1: error: YAML syntax: did not find expected ',' or ']', while parsing a flow sequence",
    );
}

#[test]
fn missing_closing_fence() {
    expect_error(
        "content/2022/q1/x.md",
        "---\ntitle: A\ndate: 2022-03-01\n\nBody\n",
        "content/2022/q1/x.md:1:1: error: front matter is never closed: add a line `---` after the last front-matter key",
    );
}

#[test]
fn missing_title_and_date() {
    let s = built_site();
    let before = s.out_snapshot();
    s.write("content/2022/q1/x.md", "---\nauthor: A\n---\nBody\n");
    let run = s.run(&["build"]);
    run.fails_with(1)
        .has_diagnostic("content/2022/q1/x.md:1:1: error: missing `title`: add `title: …` to the front matter")
        .has_diagnostic("content/2022/q1/x.md:1:1: error: missing `date`: add `date: 2022-07-26` (or with a time, 2022-07-26T17:11:00)");
    assert_eq!(s.out_snapshot(), before, "a failed build changed output/");
}

#[test]
fn impossible_date() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin("A", "2022-02-30", ""),
        "content/2022/q1/x.md:3:1: error: invalid date `2022-02-30`: February 2022 has 28 days",
    );
}

#[test]
fn unknown_key_suggests_nearest() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin("A", "2022-03-01", "tgas: [a]\n"),
        "content/2022/q1/x.md:4:1: error: unknown key `tgas` (did you mean `tags`?)",
    );
}

#[test]
fn figure_value_as_string() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin(
            "A",
            "2022-03-01",
            "figures:\n  - id: gia-tri\n    label: Giá trị\n    value: \"12.335\"\n    unit: tỷ đồng\n",
        ),
        "content/2022/q1/x.md:7:5: error: `value` must be a number, found the string \"12.335\" (write 12335 without quotes: YAML numbers use no thousands separator)",
    );
}

#[test]
fn figure_without_id() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin(
            "A",
            "2022-03-01",
            "figures:\n  - label: Giá trị\n    value: 1\n    unit: hộ\n",
        ),
        "content/2022/q1/x.md:5:3: error: figure without `id`: add `id: gia-tri-san-xuat` (a slug that stays the same across bulletins)",
    );
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let s = built_site();
    s.write(
        "content/2022/q1/x.md",
        bulletin("A", "2022-03-01", "tgas: [a]\nfigures:\n  - id: Sai ID\n    label: X\n    value: \"7,6\"\n    unit: \"%\"\n    period: quy\n"),
    );
    let run = s.run(&["check"]);
    run.fails_with(1);
    assert!(run.diagnostics().len() >= 4, "{}", run.stderr);
}

#[test]
fn invalid_quarter() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin("A", "2022-03-01", "quarter: 2022-Q5\n"),
        "content/2022/q1/x.md:4:1: error: invalid quarter `2022-Q5`: write it as 2022-Q1, Q1/2022 or quý I/2022",
    );
}

#[test]
fn invalid_period() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin(
            "A",
            "2022-03-01",
            "figures:\n  - id: a\n    label: A\n    value: 1\n    unit: hộ\n    period: quy\n",
        ),
        "content/2022/q1/x.md:9:5: error: invalid period `quy`: use quarter, 6-months, 9-months or year",
    );
}

#[test]
fn non_utf8_file() {
    expect_error(
        "content/2022/q1/x.md",
        b"---\ntitle: Qu\xe1n\ndate: 2022-03-01\n---\n".as_slice(),
        "content/2022/q1/x.md:2:10: error: the file is not valid UTF-8: save it as UTF-8 (Unicode) in your editor",
    );
}

#[test]
fn empty_file() {
    expect_error(
        "content/2022/q1/x.md",
        "",
        "content/2022/q1/x.md:1:1: error: empty file: a bulletin needs front matter (`---`, `title:`, `date:`, `---`) and a body",
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    expect_error(
        "content/2022/q2/khac.md",
        bulletin("Bản tin tốt", "2022-04-10", ""),
        "content/2022/q2/khac.md:2:1: error: two bulletins have the slug `ban-tin-tot`: this one and content/2022/q1/tot.md:2:1; give one of them a different `slug:`",
    );
}

#[test]
fn slug_outside_charset() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin("A", "2022-03-01", "slug: Bản_tin\n"),
        "content/2022/q1/x.md:4:1: error: `slug` `Bản_tin` may only contain a-z, 0-9 and `-` (e.g. `ban-tin`)",
    );
}

#[test]
fn title_without_letters_needs_slug() {
    expect_error(
        "content/2022/q1/x.md",
        bulletin("\"---\"", "2022-03-01", ""),
        "content/2022/q1/x.md:2:1: error: the title has no letters or digits to make a URL from: add `slug: …` (a-z, 0-9, `-`)",
    );
}

#[test]
fn tag_slug_clash_names_both_spellings() {
    let s = built_site();
    let before = s.out_snapshot();
    s.write(
        "content/2022/q1/a.md",
        bulletin("A", "2022-03-01", "tags: [Đảng]\n"),
    );
    s.write(
        "content/2022/q1/b.md",
        bulletin("B", "2022-03-02", "tags:\n  - Đăng\n"),
    );
    s.run(&["build"]).fails_with(1).has_diagnostic(
        "content/2022/q1/a.md:4:1: error: tag `Đảng` and tag `Đăng` (content/2022/q1/b.md:5:3) both make the URL slug `dang`: use one spelling",
    );
    assert_eq!(s.out_snapshot(), before, "a failed build changed output/");
}

#[test]
fn district_slug_clash() {
    let s = built_site();
    let before = s.out_snapshot();
    s.write(
        "content/2022/q1/a.md",
        bulletin("A", "2022-03-01", "district: Cầu Giấy\n"),
    );
    s.write(
        "content/2022/q1/b.md",
        bulletin("B", "2022-03-02", "district: Cau-Giay\n"),
    );
    s.run(&["build"]).fails_with(1).has_diagnostic(
        "content/2022/q1/a.md:4:1: error: district `Cầu Giấy` and district `Cau-Giay` (content/2022/q1/b.md:4:1) both make the URL slug `cau-giay`: use one spelling",
    );
    assert_eq!(s.out_snapshot(), before, "a failed build changed output/");
}

#[test]
fn link_to_missing_file() {
    expect_error(
        "content/2022/q1/x.md",
        "---\ntitle: A\ndate: 2022-03-01\n---\n\nXem [bảng](bang.pdf) và [bài cũ](../q4/cu.md).\n",
        "content/2022/q1/x.md:6:5: error: link to missing file `bang.pdf` (looked for content/2022/q1/bang.pdf): put the file beside the bulletin or fix the path",
    );
}

#[test]
fn template_error_names_template_and_page() {
    let s = built_site();
    let before = s.out_snapshot();
    s.write("templates/tag.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ tag.nope }}\n{% endblock content %}\n");
    let run = s.run(&["build"]);
    run.fails_with(1);
    let d = run.diagnostics();
    assert!(
        d.iter().any(|l| l.starts_with("templates/tag.html:3:")
            && l.contains("error: template error")
            && l.contains("(rendering tags/kinh-te/index.html)")),
        "{}",
        run.stderr
    );
    assert_eq!(s.out_snapshot(), before);
}

#[test]
fn template_syntax_error_is_located() {
    let s = built_site();
    s.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ tag. }}\n{% endblock content %}\n",
    );
    let run = s.run(&["check"]);
    run.fails_with(1);
    assert!(
        run.diagnostics()
            .iter()
            .any(|l| l.starts_with("templates/tag.html:3:")),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_site_yaml_key() {
    let s = built_site();
    s.write(
        "site.yaml",
        format!("{}theme_color: red\n", crate::support::SITE_YAML),
    );
    s.run(&["build"]).fails_with(1).has_diagnostic("site.yaml:4:1: error: unknown key `theme_color`; known keys are: title, base_url, language, district, timezone, theme, page_size, keep, unsafe_html, figures, data_license, data_source, images, cache_dir, share_image");
}

#[test]
fn build_requires_base_url_but_check_does_not() {
    let s = Site::new();
    s.write("site.yaml", "title: T\ndistrict: Hoàng Mai\n");
    s.write(GOOD, bulletin("A", "2022-03-01", ""));
    s.run(&["build"]).fails_with(1).has_diagnostic("site.yaml: error: missing `base_url`: add `base_url: https://your-site.example/` to site.yaml or pass --base-url");
    s.run(&["check"]).ok();
    s.run(&["build", "--base-url", "https://hoangmai.example.vn/tin"])
        .ok();
    assert!(
        s.out("index.html")
            .contains("https://hoangmai.example.vn/tin/")
    );
}
