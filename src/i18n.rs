//! UI strings: every piece of visible text the default theme shows that does not come from
//! the content, in Vietnamese and English.
//!
//! Templates read them as `{{ site.t.key }}` (the map is [`crate::render::view::SiteView::t`]),
//! so a theme never hard-codes words and the site language picks the wording. The renderer
//! also uses a few keys itself (page titles and descriptions: `quarters`, `tags`, `tag`,
//! `districts`, `district`, `not_found`, `bulletins_count`, `figures_page`).
//!
//! Both languages have exactly the same keys: the table below holds each key once with its
//! two translations, so a key cannot be missing in one language. Tera 2 treats an unknown
//! key as an error, which is why a theme author adding a key must add it here.

use crate::lang::Language;
use std::collections::BTreeMap;

/// `(key, Vietnamese, English)`.
const STRINGS: &[(&str, &str, &str)] = &[
    // Layout: header, navigation, footer.
    (
        "skip_to_content",
        "Bỏ qua, đến nội dung chính",
        "Skip to main content",
    ),
    ("main_nav", "Điều hướng chính", "Main navigation"),
    ("home", "Trang chủ", "Home"),
    ("quarters", "Các quý", "Quarters"),
    ("tags", "Chủ đề", "Topics"),
    ("districts", "Địa bàn", "Districts"),
    ("nav_figures", "Số liệu", "Figures"),
    ("breadcrumbs", "Bạn đang ở", "You are here"),
    ("footer_nav", "Liên kết cuối trang", "Footer links"),
    ("feed", "Theo dõi qua Atom", "Subscribe via Atom"),
    ("sitemap", "Sơ đồ trang", "Sitemap"),
    ("generated_by", "Trang được tạo bằng", "Built with"),
    (
        "bulletins_published",
        "bản tin đã đăng",
        "bulletins published",
    ),
    // Not found.
    ("not_found", "Không tìm thấy trang", "Page not found"),
    (
        "not_found_text",
        "Trang bạn tìm không tồn tại hoặc đã được chuyển sang địa chỉ khác.",
        "The page you are looking for does not exist or has moved.",
    ),
    ("back_home", "Về trang chủ", "Back to the home page"),
    // Lists.
    ("latest", "Bản tin mới nhất", "Latest bulletins"),
    ("all_quarters", "Xem tất cả các quý", "See all quarters"),
    ("bulletins", "Các bản tin", "Bulletins"),
    ("bulletins_count", "bản tin", "bulletins"),
    ("no_bulletins", "Chưa có bản tin nào.", "No bulletins yet."),
    ("year", "Năm", "Year"),
    ("tag", "Chủ đề", "Topic"),
    ("district", "Địa bàn", "District"),
    ("no_tags", "Chưa có chủ đề nào.", "No topics yet."),
    // Pagination.
    ("pagination", "Phân trang", "Pagination"),
    ("prev_page", "Trang trước", "Previous page"),
    ("next_page", "Trang sau", "Next page"),
    ("page", "Trang", "Page"),
    // A bulletin.
    ("published", "Ngày đăng", "Published"),
    ("updated", "Cập nhật", "Updated"),
    ("quarter", "Kỳ báo cáo", "Reporting quarter"),
    ("author", "Tác giả", "Author"),
    ("source", "Nguồn", "Source"),
    ("source_link", "Xem bài gốc", "Read the original"),
    ("draft", "Bản nháp", "Draft"),
    ("bulletin", "Bản tin", "Bulletin"),
    (
        "bulletin_nav",
        "Bản tin cùng quý",
        "Bulletins in the same quarter",
    ),
    ("prev_bulletin", "Bản tin trước", "Previous bulletin"),
    ("next_bulletin", "Bản tin sau", "Next bulletin"),
    ("related", "Bản tin liên quan", "Related bulletins"),
    // Figures.
    ("figures", "Số liệu chính", "Key figures"),
    ("figures_of", "Số liệu", "Figures for"),
    (
        "figures_in_bulletin",
        "Các chỉ tiêu nêu trong bản tin",
        "Indicators reported in this bulletin",
    ),
    (
        "figures_reported_in",
        "Các chỉ tiêu được báo cáo trong",
        "Indicators reported in",
    ),
    ("indicator", "Chỉ tiêu", "Indicator"),
    ("value", "Giá trị", "Value"),
    ("unit", "Đơn vị tính", "Unit"),
    ("period", "Kỳ số liệu", "Period"),
    ("change", "So với cùng kỳ", "Year on year"),
    ("target", "So với dự toán năm", "Against the annual plan"),
    ("reached", "đạt", "reached"),
    ("of_plan", "dự toán", "of plan"),
    ("estimate", "ước", "est."),
    (
        "estimate_title",
        "Số ước thực hiện: có thể được điều chỉnh khi có số chính thức",
        "Provisional estimate: may be revised when final figures are published",
    ),
    ("no_data", "Không có số liệu", "No data"),
    ("reported_in", "Theo", "Source:"),
    // Figure pages (/figures/, /figures/<id>/) and open data.
    (
        "figures_page",
        "Số liệu theo thời gian",
        "Figures over time",
    ),
    (
        "figures_intro",
        "Mỗi chỉ tiêu được theo dõi qua các quý và các địa bàn. Chọn một chỉ tiêu để xem biểu đồ và bảng số liệu.",
        "Each indicator followed across quarters and districts. Choose one to see its chart and table.",
    ),
    ("all_figures", "Tất cả các chỉ tiêu", "All indicators"),
    ("quarters_reported", "Số quý", "Quarters"),
    ("districts_reported", "Số địa bàn", "Districts"),
    ("latest_value", "Số mới nhất", "Latest value"),
    ("n_quarters", "quý", "quarters"),
    ("n_districts", "địa bàn", "districts"),
    (
        "no_figures_site",
        "Chưa có bản tin nào nêu số liệu.",
        "No bulletin reports figures yet.",
    ),
    (
        "figure_table_caption",
        "các giá trị trên biểu đồ",
        "the values in the chart",
    ),
    (
        "chart_estimate_hint",
        "Điểm rỗng trên biểu đồ và nhãn “ước” trong bảng là số ước thực hiện.",
        "Hollow points in the chart and “est.” in the table are provisional estimates.",
    ),
    ("also_reported_in", "Cũng có trong", "Also reported in"),
    (
        "figures_over_time",
        "Số liệu qua các quý",
        "Figures over the quarters",
    ),
    // A change's verdict, from the figure's `good:` (shown in cards, read out in tables).
    ("change_good", "tốt", "good news"),
    ("change_bad", "chưa tốt", "bad news"),
    ("open_data", "Dữ liệu mở", "Open data"),
    (
        "open_data_intro",
        "Tải toàn bộ số liệu: mỗi dòng là một chỉ tiêu trong một bản tin (UTF-8, số viết với dấu chấm thập phân, không phân cách hàng nghìn).",
        "Download every figure: one row per figure per bulletin (UTF-8, numbers with a `.` decimal point and no grouping).",
    ),
    ("download_csv", "Tải về dạng CSV", "Download as CSV"),
    ("download_json", "Tải về dạng JSON", "Download as JSON"),
    ("quarter_csv", "CSV theo từng quý", "CSV per quarter"),
    // Search.
    ("search", "Tìm kiếm", "Search"),
    (
        "search_description",
        "Tìm bản tin theo từ khoá, gõ có dấu hay không dấu đều được.",
        "Search the bulletins, with or without Vietnamese diacritics.",
    ),
    ("search_label", "Từ khoá", "Search terms"),
    ("search_button", "Tìm", "Search"),
    (
        "search_hint",
        "Gõ có dấu hoặc không dấu: “nam tu liem” tìm thấy “Nam Từ Liêm”.",
        "Type with or without diacritics: “nam tu liem” finds “Nam Từ Liêm”.",
    ),
    ("search_results", "kết quả", "results"),
    (
        "search_no_results",
        "Không tìm thấy bản tin nào khớp với từ khoá.",
        "No bulletin matches these words.",
    ),
    (
        "search_loading",
        "Đang tải chỉ mục tìm kiếm…",
        "Loading the search index…",
    ),
    ("search_show_more", "Xem thêm kết quả", "Show more results"),
    (
        "search_failed",
        "Không tải được chỉ mục tìm kiếm.",
        "The search index could not be loaded.",
    ),
    (
        "search_noscript",
        "Tìm kiếm cần JavaScript. Bạn vẫn có thể xem bản tin theo quý hoặc theo chủ đề.",
        "Search needs JavaScript. You can still browse the bulletins by quarter or by topic.",
    ),
];

/// Every UI string the templates use, in `lang`: key → text.
///
/// Both languages return the same key set.
pub fn ui_strings(lang: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|&(key, vi, en)| {
            (
                key,
                match lang {
                    Language::Vi => vi,
                    Language::En => en,
                },
            )
        })
        .collect()
}

/// One UI string in `lang` (`None` for an unknown key).
pub fn ui_string(key: &str, lang: Language) -> Option<&'static str> {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, vi, en)| match lang {
            Language::Vi => vi,
            Language::En => en,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_non_empty_key_set() {
        let vi = ui_strings(Language::Vi);
        let en = ui_strings(Language::En);
        assert!(!vi.is_empty());
        let vi_keys: BTreeSet<_> = vi.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        assert_eq!(vi_keys, en_keys);
        for (k, v) in vi.iter().chain(en.iter()) {
            assert!(!v.trim().is_empty(), "empty text for `{k}`");
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut seen = BTreeSet::new();
        for (k, _, _) in STRINGS {
            assert!(seen.insert(*k), "duplicate UI string key `{k}`");
        }
    }

    #[test]
    fn keys_the_renderer_uses_exist() {
        let vi = ui_strings(Language::Vi);
        for k in [
            "quarters",
            "tags",
            "tag",
            "districts",
            "district",
            "not_found",
            "bulletins_count",
            "figures_page",
            "search",
            "search_description",
        ] {
            assert!(vi.contains_key(k), "missing UI string `{k}`");
        }
    }

    /// Every `site.t.key` in the built-in templates must exist: Tera 2 fails on unknown keys.
    #[test]
    fn every_key_the_default_theme_uses_exists() {
        let vi = ui_strings(Language::Vi);
        let mut used = 0;
        for (path, bytes) in crate::theme::embedded_files() {
            if !path.ends_with(".html") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            for (i, _) in text.match_indices("site.t.") {
                let key: String = text[i + "site.t.".len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    vi.contains_key(key.as_str()),
                    "{path} uses `site.t.{key}`, which src/i18n.rs lacks"
                );
                used += 1;
            }
        }
        assert!(used > 0, "the default theme uses no UI strings");
    }
}
