//! Readers on a phone, without a browser: the sitemap lists every page a reader can land
//! on, and the theme's pages carry what the browser test (`readers_phone`) measures.

use crate::support::Site;
use std::collections::BTreeSet;

const BASE: &str = "https://quan.gov.vn/bantin/";

/// The sitemap's `<loc>`s, checked against the sitemaps.org rules this site can break:
/// absolute URLs under the base, at most 2,048 characters, no duplicates.
fn sitemap_locs(site: &Site) -> BTreeSet<String> {
    let xml = site.out("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = BTreeSet::new();
    for url in root.children().filter(roxmltree::Node::is_element) {
        assert_eq!(url.tag_name().name(), "url");
        let loc = url
            .children()
            .find(|c| c.tag_name().name() == "loc")
            .and_then(|c| c.text())
            .unwrap();
        assert!(loc.starts_with(BASE) && loc.len() <= 2048, "{loc}");
        assert!(locs.insert(loc.to_owned()), "{loc} listed twice");
    }
    locs
}

#[test]
fn sitemap_lists_every_page_a_reader_can_land_on() {
    let s = Site::bundled();
    s.run(&["build", "--base-url", BASE]).ok();
    let locs = sitemap_locs(&s);
    // Every HTML page, except the 404 page and alias redirects (both `noindex`).
    let pages: BTreeSet<String> = s
        .out_files()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| {
            !s.out(f)
                .contains(r#"<meta name="robots" content="noindex">"#)
        })
        .map(|f| format!("{BASE}{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(
        locs.symmetric_difference(&pages).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "sitemap and published pages differ"
    );
    for page in [
        "figures/",
        "figures/gia-tri-san-xuat/",
        "figures/ho-ngheo/",
        "search/",
    ] {
        assert!(locs.contains(&format!("{BASE}{page}")), "{page} missing");
    }
}

/// Two districts, one figure with `good: down` in `site.yaml`, one without.
fn two_district_site() -> Site {
    let s = Site::new();
    s.write(
        "site.yaml",
        format!(
            "{}figures:\n  ho-ngheo:\n    label: Hộ nghèo\n    unit: hộ\n    good: down\n",
            crate::support::SITE_YAML
        ),
    );
    let figures = |poor: i32, change: f64| {
        format!(
            "quarter: 2022-Q1\nfigures:\n  - id: ho-ngheo\n    value: {poor}\n    change_pct: {change}\n  - id: ca-the\n    label: Hộ kinh doanh cá thể\n    unit: hộ\n    value: 1200\n    change_pct: 4.5\n"
        )
    };
    s.write(
        "content/2022/q1/a.md",
        crate::support::bulletin("Nam Từ Liêm quý I", "2022-04-01", &figures(61, -40.9)),
    );
    s.write(
        "content/2022/q1/b.md",
        crate::support::bulletin(
            "Hoàng Mai quý I",
            "2022-04-02",
            &format!("district: Hoàng Mai\n{}", figures(80, 3.0)),
        ),
    );
    s.run(&["build"]).ok();
    s
}

/// The text of `html` with tags removed and spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `<span class="change …">…</span>` elements of `html`, as (classes, text).
fn changes(html: &str) -> Vec<(String, String)> {
    html.match_indices(r#"<span class="change "#)
        .map(|(i, _)| {
            let rest = &html[i + r#"<span class=""#.len()..];
            let classes = rest[..rest.find('"').unwrap()].to_owned();
            // A change holds at most one nested span (its verdict).
            let body_start = rest.find('>').unwrap() + 1;
            let body = &rest[body_start..];
            let end = body
                .match_indices("</span>")
                .nth(usize::from(body.contains("change-tone")))
                .unwrap()
                .0;
            (classes, text(&body[..end]))
        })
        .collect()
}

#[test]
fn colours_and_words_of_a_change_follow_the_figures_good_direction() {
    let s = two_district_site();
    let home = s.out("index.html");
    let found = changes(&home);
    // Cards name the base of the change and, where `good:` says so, whether it is good news.
    for expected in [
        (
            "change change-down change-good",
            "giảm 40,9% so với cùng kỳ (tốt)",
        ),
        (
            "change change-up change-bad",
            "tăng 3% so với cùng kỳ (chưa tốt)",
        ),
        (
            "change change-up change-neutral",
            "tăng 4,5% so với cùng kỳ",
        ),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {found:?}"
        );
    }
    // Tables keep the short form (the column header names the base) and the verdict.
    let bulletin = s.out("bulletins/nam-tu-liem-quy-i/index.html");
    assert_eq!(
        changes(&bulletin),
        [
            (
                "change change-down change-good".to_owned(),
                "giảm 40,9% (tốt)".to_owned()
            ),
            (
                "change change-up change-neutral".to_owned(),
                "tăng 4,5%".to_owned()
            ),
        ]
    );
}

#[test]
fn cards_of_one_figure_in_several_districts_lead_with_the_district() {
    let s = two_district_site();
    let home = s.out("index.html");
    let headings: Vec<String> = home
        .match_indices(r#"<h3 class="figure-label">"#)
        .map(|(i, _)| text(&home[i..i + home[i..].find("</h3>").unwrap()]))
        .collect();
    assert_eq!(
        headings,
        [
            "Hoàng Mai – Hộ nghèo",
            "Hoàng Mai – Hộ kinh doanh cá thể",
            "Nam Từ Liêm – Hộ nghèo",
            "Nam Từ Liêm – Hộ kinh doanh cá thể",
        ]
    );
    // The headline figures come before the list of bulletins.
    let figures = home.find(r#"class="latest-figures""#).unwrap();
    let latest = home.find(r#"class="latest""#).unwrap();
    assert!(figures < latest);
}

#[test]
fn the_header_names_the_default_district_only_on_a_one_district_site() {
    let header = |s: &Site| {
        let home = s.out("index.html");
        let start = home.find(r#"<a class="site-title""#).unwrap();
        text(&home[start..start + home[start..].find("</a>").unwrap()])
    };
    assert_eq!(header(&two_district_site()), "Bản tin thử");
    let one = Site::new();
    one.write(
        "content/2022/q1/a.md",
        crate::support::bulletin("Tin", "2022-02-01", ""),
    );
    one.run(&["build"]).ok();
    assert_eq!(header(&one), "Bản tin thử Nam Từ Liêm");
}

#[test]
fn the_change_filter_keeps_its_short_form_and_names_the_base_when_asked() {
    let s = Site::new();
    s.write(
        "content/2022/q1/a.md",
        crate::support::bulletin("Tin", "2022-02-01", ""),
    );
    s.write(
        "templates/404.html",
        "{{ 7.6 | change }}|{{ -3.5 | change(long=true) }}|{{ 0 | change(long=true) }}",
    );
    s.run(&["build"]).ok();
    assert_eq!(
        s.out("404.html"),
        "tăng 7,6%|giảm 3,5% so với cùng kỳ|không đổi so với cùng kỳ"
    );
}

#[test]
fn a_district_page_charts_its_figures_over_the_quarters_for_that_district() {
    let s = two_district_site();
    let page = s.out("districts/hoang-mai/index.html");
    let over_time = &page[page.find(r#"class="figures-over-time""#).unwrap()..];
    // Two figures, each drawn wide and narrow, with Hoàng Mai's line only.
    assert_eq!(over_time.matches("<svg").count(), 4, "{over_time}");
    assert_eq!(over_time.matches("figure-chart-narrow").count(), 2);
    assert_eq!(over_time.matches(r#"data-district="Hoàng Mai""#).count(), 4);
    assert!(!over_time.contains(r#"data-district="Nam Từ Liêm""#));
}
