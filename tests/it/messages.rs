//! Messages in the site's language: which language is chosen, and whole outputs in both.

use crate::support::{Lang, SITE_YAML, Site, bulletin};

/// A site whose one bulletin has an impossible date.
fn bad_date(site_yaml: &str) -> Site {
    let site = Site::new();
    site.write("site.yaml", site_yaml);
    site.write(
        "content/2022/q1/a.md",
        bulletin("Thu ngân sách", "2022-13-01", ""),
    );
    site
}

const VI: &[&str] = &[
    "content/2022/q1/a.md:3:1: lỗi: invalid date `2022-13-01`: there is no month 13 (months go 01–12)",
    "1 lỗi, 0 cảnh báo trong 1 tệp; chưa ghi tệp nào",
];
const EN: &[&str] = &[
    "content/2022/q1/a.md:3:1: error: invalid date `2022-13-01`: there is no month 13 (months go 01–12)",
    "1 error, 0 warnings in 1 file; nothing was written",
];

#[test]
fn vietnamese_by_default_english_by_site_yaml() {
    let site = bad_date(SITE_YAML);
    site.run_in(Lang::Site, &["check"])
        .fails_with(1)
        .stderr_is(VI);
    site.write("site.yaml", format!("{SITE_YAML}language: en\n"));
    site.run_in(Lang::Site, &["check"])
        .fails_with(1)
        .stderr_is(EN);
}

#[test]
fn lang_option_beats_the_environment_which_beats_site_yaml() {
    let site = bad_date(&format!("{SITE_YAML}language: en\n"));
    site.run_in(Lang::Vi, &["build"])
        .fails_with(1)
        .stderr_is(VI);
    site.run_in(Lang::Vi, &["check", "--lang", "en"])
        .fails_with(1)
        .stderr_is(EN);
    site.run_in(Lang::En, &["--lang", "vi", "check"])
        .fails_with(1)
        .stderr_is(VI);
}

#[test]
fn a_bad_bantin_lang_is_a_usage_error() {
    let site = bad_date(SITE_YAML);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bantin"))
        .args(["check"])
        .current_dir(site.path())
        .env("BANTIN_LANG", "fr")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lỗi: biến môi trường BANTIN_LANG có giá trị “fr”: chỉ nhận vi hoặc en\n"
    );
}

#[test]
fn plurals_in_english_counts_in_vietnamese() {
    let site = bad_date(SITE_YAML);
    site.write(
        "content/2022/q1/b.md",
        bulletin("Hai", "2022-02-30", "tags: [a, A]\n"),
    );
    let run = site.run_in(Lang::En, &["check"]);
    let last = run.stderr_lines().last().copied().unwrap_or_default();
    assert_eq!(last, "2 errors, 0 warnings in 2 files; nothing was written");
    let run = site.run_in(Lang::Vi, &["check"]);
    let last = run.stderr_lines().last().copied().unwrap_or_default();
    assert_eq!(last, "2 lỗi, 0 cảnh báo trong 2 tệp; chưa ghi tệp nào");
}
