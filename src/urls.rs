//! The one place that maps site items to URLs and output paths.
//!
//! Every page is a folder with an `index.html`, so its URL ends with `/` and its output
//! path is `<folder>/index.html`. URLs are absolute, from the base URL.

use crate::model::quarter::Quarter;

/// Builds URLs and output paths from a base URL.
#[derive(Clone, Debug)]
pub struct Urls {
    base: String,
}

/// A page's folder relative to the output root (`""` for the home page).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PagePath(pub String);

impl PagePath {
    /// The output file of the page (`bulletins/x/index.html`).
    pub fn output_file(&self) -> String {
        if self.0.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{}/index.html", self.0)
        }
    }
}

impl Urls {
    /// `base` must end with `/`.
    pub fn new(base: &str) -> Urls {
        let mut base = base.to_owned();
        if !base.ends_with('/') {
            base.push('/');
        }
        Urls { base }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Absolute URL of a page folder.
    pub fn url(&self, page: &PagePath) -> String {
        if page.0.is_empty() {
            self.base.clone()
        } else {
            format!("{}{}/", self.base, page.0)
        }
    }

    /// Absolute URL of a file at the output root (`atom.xml`).
    pub fn file_url(&self, file: &str) -> String {
        format!("{}{file}", self.base)
    }

    /// `bulletins/<slug>`.
    pub fn bulletin(slug: &str) -> PagePath {
        PagePath(format!("bulletins/{slug}"))
    }

    /// The home page.
    pub fn home() -> PagePath {
        PagePath(String::new())
    }

    /// `quarters`.
    pub fn quarters() -> PagePath {
        PagePath("quarters".to_owned())
    }

    /// `quarters/<yyyy>-q<n>`, or its page `n` (1-based).
    pub fn quarter(q: Quarter, page: usize) -> PagePath {
        paged(format!("quarters/{}", q.slug()), page)
    }

    /// `tags`.
    pub fn tags() -> PagePath {
        PagePath("tags".to_owned())
    }

    /// `tags/<slug>`, or its page `n`.
    pub fn tag(slug: &str, page: usize) -> PagePath {
        paged(format!("tags/{slug}"), page)
    }

    /// `districts`.
    pub fn districts() -> PagePath {
        PagePath("districts".to_owned())
    }

    /// `districts/<slug>`, or its page `n`.
    pub fn district(slug: &str, page: usize) -> PagePath {
        paged(format!("districts/{slug}"), page)
    }

    /// `tags/<slug>/atom.xml`.
    pub fn tag_feed(slug: &str) -> String {
        format!("tags/{slug}/atom.xml")
    }

    /// `districts/<slug>/atom.xml`.
    pub fn district_feed(slug: &str) -> String {
        format!("districts/{slug}/atom.xml")
    }

    /// `quarters/<yyyy>-q<n>/atom.xml`.
    pub fn quarter_feed(q: Quarter) -> String {
        format!("quarters/{}/atom.xml", q.slug())
    }

    /// `search`: the offline search page.
    pub fn search() -> PagePath {
        PagePath("search".to_owned())
    }

    /// `figures`: the list of every figure id.
    pub fn figures() -> PagePath {
        PagePath("figures".to_owned())
    }

    /// `figures/<id>`: one figure's chart and table.
    pub fn figure(id: &str) -> PagePath {
        PagePath(format!("figures/{id}"))
    }

    /// `data/figures.csv`: every figure row.
    pub fn figures_csv() -> &'static str {
        "data/figures.csv"
    }

    /// `data/figures.json`: the same rows as JSON.
    pub fn figures_json() -> &'static str {
        "data/figures.json"
    }

    /// `data/<yyyy>-q<n>.csv`: one quarter's figure rows.
    pub fn quarter_csv(q: Quarter) -> String {
        format!("data/{}.csv", q.slug())
    }

    /// `share/<district>/<yyyy>-q<n>.png`: the share image of a district's quarter.
    pub fn share_card(district_slug: &str, q: Quarter) -> String {
        format!("share/{district_slug}/{}.png", q.slug())
    }

    /// An alias folder (already normalised).
    pub fn alias(path: &str) -> PagePath {
        PagePath(path.to_owned())
    }
}

/// Page 1 is the folder itself; page `n` is `<folder>/page/<n>`.
fn paged(folder: String, page: usize) -> PagePath {
    if page <= 1 {
        PagePath(folder)
    } else {
        PagePath(format!("{folder}/page/{page}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_pages_to_urls_and_files() {
        let u = Urls::new("https://quan.gov.vn/bantin/");
        let q = Quarter::new(2022, 1).unwrap();
        assert_eq!(
            u.url(&Urls::quarter(q, 1)),
            "https://quan.gov.vn/bantin/quarters/2022-q1/"
        );
        assert_eq!(
            Urls::quarter(q, 3).output_file(),
            "quarters/2022-q1/page/3/index.html"
        );
        assert_eq!(u.url(&Urls::home()), "https://quan.gov.vn/bantin/");
        assert_eq!(Urls::home().output_file(), "index.html");
        assert_eq!(u.url(&Urls::search()), "https://quan.gov.vn/bantin/search/");
        assert_eq!(
            Urls::tag("kinh-te", 2).output_file(),
            "tags/kinh-te/page/2/index.html"
        );
        assert_eq!(
            u.url(&Urls::bulletin("a-b")),
            "https://quan.gov.vn/bantin/bulletins/a-b/"
        );
    }

    #[test]
    fn maps_figures_and_data_files() {
        let u = Urls::new("https://quan.gov.vn/bantin/");
        let q = Quarter::new(2022, 1).unwrap();
        assert_eq!(
            u.url(&Urls::figure("thu-ngan-sach")),
            "https://quan.gov.vn/bantin/figures/thu-ngan-sach/"
        );
        assert_eq!(Urls::figures().output_file(), "figures/index.html");
        assert_eq!(Urls::quarter_csv(q), "data/2022-q1.csv");
        assert_eq!(
            u.file_url(Urls::figures_csv()),
            "https://quan.gov.vn/bantin/data/figures.csv"
        );
    }
}
