//! The view structs templates see: the theme contract.
//!
//! Templates never see domain types. Every template gets `site` ([`SiteView`]) and `page`
//! ([`PageMeta`]); each page kind adds its own variable, listed on [`crate::render`]'s
//! page kinds and in the theme guide (README). Option fields serialise to `none`.

use serde::Serialize;
use std::collections::BTreeMap;

/// The whole site, available to every template as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    /// `site.yaml` title.
    pub title: String,
    /// Base URL, always ending in `/`; every internal URL starts with it.
    pub base_url: String,
    /// `vi` or `en`.
    pub language: &'static str,
    /// Default district.
    pub district: Option<String>,
    /// UI strings in the site language (`site.t.quarters`, …).
    pub t: BTreeMap<&'static str, &'static str>,
    /// URLs of the site-wide pages.
    pub urls: SiteUrls,
    /// The newest quarter that has bulletins, if any.
    pub latest_quarter: Option<QuarterRef>,
    /// `bantin <version>`.
    pub generator: String,
    /// Number of bulletins published.
    pub bulletin_count: usize,
}

/// URLs of the site-wide pages (absolute, from `base_url`).
#[derive(Clone, Debug, Serialize)]
pub struct SiteUrls {
    /// `/`
    pub home: String,
    /// `/quarters/`
    pub quarters: String,
    /// `/tags/`
    pub tags: String,
    /// `/districts/`, when bulletins name more than one district.
    pub districts: Option<String>,
    /// `/atom.xml`
    pub atom: String,
    /// `/sitemap.xml`
    pub sitemap: String,
    /// `/search/`: the offline search page (fetches the parts of the index under `/search/` a query needs).
    pub search: String,
    /// `/figures/`: every figure, with charts and open data.
    pub figures: String,
    /// `/data/figures.csv`: every figure row (open data).
    pub data_csv: String,
    /// `/data/figures.json`: the same rows as JSON.
    pub data_json: String,
    /// Theme static files live at the root: `{{ site.urls.static }}style.css`.
    #[serde(rename = "static")]
    pub static_root: String,
}

/// What every page knows about itself, available as `page`.
#[derive(Clone, Debug, Serialize)]
pub struct PageMeta {
    /// `bulletin`, `index`, `quarters`, `quarter`, `tags`, `tag`, `404`.
    pub kind: &'static str,
    /// Title for `<title>` (without the site title).
    pub title: String,
    /// Description for `<meta name=description>`.
    pub description: Option<String>,
    /// Canonical absolute URL.
    pub url: String,
    /// The image shown when the page is shared (absolute URL of a raster image): a
    /// bulletin's raster cover, else its district's quarter card; a district's latest
    /// quarter card; else `site.yaml`'s `share_image`.
    pub image: Option<String>,
    /// The share image's text alternative (`og:image:alt`).
    pub image_alt: Option<String>,
    /// Atom feeds that concern this page: `[{title, url}]`.
    pub feeds: Vec<Link>,
    /// Other formats of this page's data, for `<link rel="alternate" type="{{ a.media_type }}">`:
    /// `[{title, url, media_type}]` (the open-data CSV and JSON on the figure pages).
    pub alternates: Vec<Alternate>,
}

/// A link to the same content in another format.
#[derive(Clone, Debug, Serialize)]
pub struct Alternate {
    /// Text (`CSV`).
    pub title: String,
    /// Absolute URL.
    pub url: String,
    /// `text/csv`, `application/json`.
    pub media_type: &'static str,
}

/// A titled link.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    /// Text.
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// A quarter, as a link.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterRef {
    /// `Quý I/2022` (vi) / `Q1 2022` (en).
    pub label: String,
    /// `2022-q1`.
    pub slug: String,
    /// `2022-Q1`.
    pub id: String,
    /// Absolute URL of the quarter page.
    pub url: String,
    /// Year.
    pub year: i16,
    /// 1..=4.
    pub number: u8,
}

/// A tag or a district, as a link.
#[derive(Clone, Debug, Serialize)]
pub struct TermRef {
    /// Display name (most used spelling).
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Absolute URL of its page (`none` for districts until district pages exist).
    pub url: Option<String>,
}

/// A bulletin as shown in lists (`bulletin` pages get a [`BulletinView`]).
#[derive(Clone, Debug, Serialize)]
pub struct BulletinCard {
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Absolute URL.
    pub url: String,
    /// Date in the site language: `26/07/2022`.
    pub date: String,
    /// `2022-07-26T17:11:00+07:00`, for `<time datetime>`.
    pub date_iso: String,
    /// The quarter it reports (a [`QuarterRef`]; one value shared by every card).
    pub quarter: tera::Value,
    /// Its district (a [`TermRef`], shared).
    pub district: tera::Value,
    /// Its tags, in front-matter order (a list of shared [`TermRef`]s).
    pub tags: tera::Value,
    /// Summary (plain text).
    pub summary: String,
    /// Author, if given.
    pub author: Option<String>,
    /// Cover image (absolute URL), if given.
    pub image: Option<String>,
    /// True for drafts (only present with `--drafts`).
    pub draft: bool,
}

/// One figure of a bulletin, with everything preformatted in the site language.
#[derive(Clone, Debug, Serialize)]
pub struct FigureView {
    /// Stable id (`thu-ngan-sach`).
    pub id: String,
    /// Label (`Thu ngân sách trên địa bàn`).
    pub label: String,
    /// The raw number.
    pub value: f64,
    /// `12.335`.
    pub value_display: String,
    /// `tỷ đồng`.
    pub unit: String,
    /// `quarter`, `6-months`, `9-months`, `year`.
    pub period: &'static str,
    /// `Quý`, `6 tháng`, `9 tháng`, `Cả năm` (en: `Quarter`, `6 months`, …).
    pub period_label: &'static str,
    /// Raw percent change against the same period a year before.
    pub change_pct: Option<f64>,
    /// `tăng 7,6%` / `giảm 3,5%` (en `+7.6%`).
    pub change_display: Option<String>,
    /// `up`, `down` or `flat` (for CSS classes; never rely on colour alone).
    pub change_direction: Option<&'static str>,
    /// The change with its base: `tăng 7,6% so với cùng kỳ` (en `+7.6% year on year`).
    pub change_long: Option<String>,
    /// Whether the change is good news, from the figure's `good:`: `good`, `bad` or
    /// `neutral` (for the `change-good` / `change-bad` / `change-neutral` colours).
    pub change_tone: Option<&'static str>,
    /// The direction that is good news: `up`, `down` or `neutral` (`good:`).
    pub good: &'static str,
    /// Raw percent of the year's plan.
    pub target_pct: Option<f64>,
    /// `33%`.
    pub target_display: Option<String>,
    /// Width for a bar, 0–100 (target_pct clamped).
    pub target_bar: Option<f64>,
    /// Provisional figure (“ước thực hiện”).
    pub estimate: bool,
    /// Free note.
    pub note: Option<String>,
}

/// A figure in a quarter's or the home page's table: the figure plus its bulletin.
#[derive(Clone, Debug, Serialize)]
pub struct FigureRow {
    /// The figure.
    #[serde(flatten)]
    pub figure: FigureView,
    /// Title of the bulletin that reported it.
    pub bulletin_title: String,
    /// URL of that bulletin.
    pub bulletin_url: String,
    /// District name.
    pub district: String,
}

/// The `bulletin` variable of `bulletin.html`.
#[derive(Clone, Debug, Serialize)]
pub struct BulletinView {
    /// Everything the card has.
    #[serde(flatten)]
    pub card: BulletinCard,
    /// The body as HTML (safe).
    pub content: String,
    /// Its figures. (Lists carry no figures, to keep cards small on large sites; use
    /// `figure_card(id=…, district=…)` to show figures in a list.)
    pub figures: Vec<FigureView>,
    /// Date of the last correction, in the site language.
    pub updated: Option<String>,
    /// Same, RFC 3339.
    pub updated_iso: Option<String>,
    /// Source URL.
    pub source: Option<String>,
    /// `extra:` map from the front matter.
    pub extra: serde_json::Value,
    /// Previous (older) bulletin in the same quarter.
    pub prev: Option<Link>,
    /// Next (newer) bulletin in the same quarter.
    pub next: Option<Link>,
    /// Bulletins sharing the most tags.
    pub related: Vec<Link>,
    /// The cover image (`image:`) processed into variants, when it is a local photo; its
    /// `html` is a ready `<picture>` (safe).
    pub cover: Option<crate::images::markup::CoverView>,
}

/// A page of a paginated list, available as `paginator`.
#[derive(Clone, Debug, Serialize)]
pub struct Paginator {
    /// 1-based number of this page.
    pub current: usize,
    /// Number of pages.
    pub total_pages: usize,
    /// Number of items across all pages.
    pub total_items: usize,
    /// This page's bulletins.
    pub items: Vec<tera::Value>,
    /// URL of the previous page.
    pub prev_url: Option<String>,
    /// URL of the next page.
    pub next_url: Option<String>,
    /// The pages to link: the first, the last and two on each side of the current one,
    /// `[{number, url, current, gap_before}]` (never all pages: a list of 400 pages would
    /// make every page list the other 399).
    pub pages: Vec<PageLink>,
}

/// One entry of [`Paginator::pages`].
#[derive(Clone, Debug, Serialize)]
pub struct PageLink {
    /// 1-based page number.
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// Whether it is the page being rendered.
    pub current: bool,
    /// Whether pages were left out just before this one (show `…`).
    pub gap_before: bool,
}

/// An entry of `quarters.html`'s `quarters` list, or `quarter.html`'s `quarter`.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterEntry {
    /// The quarter.
    #[serde(flatten)]
    pub quarter: QuarterRef,
    /// Number of bulletins listed under it.
    pub count: usize,
}

/// An entry of `tags.html`'s `tags` list, or `tag.html`'s `tag`.
#[derive(Clone, Debug, Serialize)]
pub struct TermEntry {
    /// The tag.
    #[serde(flatten)]
    pub term: TermRef,
    /// Number of bulletins carrying it.
    pub count: usize,
}

/// URLs of the open-data files, available as `data` on `figures.html` and `figure.html`.
#[derive(Clone, Debug, Serialize)]
pub struct OpenDataLinks {
    /// `/data/figures.csv`: every figure row.
    pub csv: String,
    /// `/data/figures.json`: the same rows.
    pub json: String,
    /// One CSV per quarter, newest first.
    pub quarters: Vec<QuarterDataLink>,
}

/// One quarter's CSV.
#[derive(Clone, Debug, Serialize)]
pub struct QuarterDataLink {
    /// The quarter.
    pub quarter: QuarterRef,
    /// `/data/<yyyy>-q<n>.csv`.
    pub url: String,
}

/// An entry of `figures.html`'s `figures` list.
#[derive(Clone, Debug, Serialize)]
pub struct FigureSummaryView {
    /// Stable id.
    pub id: String,
    /// Label (of the latest report).
    pub label: String,
    /// Unit.
    pub unit: String,
    /// URL of the figure's page.
    pub url: String,
    /// Number of quarters reporting it.
    pub quarters: usize,
    /// Number of districts reporting it.
    pub districts: usize,
    /// Number of reports (rows in the open data).
    pub reports: usize,
    /// The latest value (latest quarter; per-quarter values before longer spans).
    pub latest: Option<FigureValueView>,
}

/// One value of a figure: the winning report of a district, span and quarter.
#[derive(Clone, Debug, Serialize)]
pub struct FigureValueView {
    /// The figure, preformatted (value, change, plan share, estimate, note).
    #[serde(flatten)]
    pub figure: FigureView,
    /// The quarter the span ends with.
    pub quarter: QuarterRef,
    /// District name.
    pub district: String,
    /// The bulletin that reported it.
    pub bulletin: Link,
    /// Other bulletins that reported the same value slot (replaced estimates, earlier
    /// reports); the CSV keeps them all.
    pub also_reported_in: Vec<Link>,
}

/// The `figure` variable of `figure.html`.
#[derive(Clone, Debug, Serialize)]
pub struct FigurePageView {
    /// Stable id.
    pub id: String,
    /// Label (of the latest report).
    pub label: String,
    /// Unit.
    pub unit: String,
    /// Its page URL.
    pub url: String,
    /// Number of quarters reporting it.
    pub quarters: usize,
    /// Number of districts reporting it.
    pub districts: usize,
    /// One chart per span (`quarter`, `6-months`, …), each with its table.
    pub charts: Vec<FigureChartView>,
}

/// A chart of one span and the table of the same numbers.
#[derive(Clone, Debug, Serialize)]
pub struct FigureChartView {
    /// `quarter`, `6-months`, `9-months`, `year`.
    pub period: &'static str,
    /// `Quý`, `6 tháng`, … (en `Quarter`, `6 months`, …).
    pub period_label: &'static str,
    /// The inline SVG (insert with `| safe`), laid out for wide screens.
    pub svg: String,
    /// The same chart laid out for phones (larger text, one legend column); the theme
    /// shows one of the two by screen width.
    pub svg_narrow: String,
    /// Whether any value drawn is an estimate (hollow point).
    pub has_estimates: bool,
    /// Every value drawn, oldest quarter first, then by district.
    pub rows: Vec<FigureValueView>,
}
