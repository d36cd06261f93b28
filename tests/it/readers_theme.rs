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
