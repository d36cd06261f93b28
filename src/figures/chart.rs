//! Inline SVG line charts of a figure over quarters, drawn at build time: no JavaScript,
//! readable in print, with `<title>`/`<desc>` and ARIA for screen readers.
//!
//! One chart shows one span (`period`): quarter values and 6-month totals never share a
//! line or an axis. Each district is one line with its own colour *and* marker shape (never
//! colour alone); estimates are hollow markers; a missing quarter breaks the line (no line
//! is drawn across it); the last value of each line is written at its end, so a line of one
//! point is a point with its value. The legend explains markers and breaks. Axis labels use
//! the site language's number format.
//!
//! Two layouts ([`Layout`]): `Wide` (720 units, 13-unit text) for screens where it shows at
//! full size, and `Narrow` (340 units, 15-unit text, one legend column, fewer axis labels)
//! for phones, where it shows 260–300 px wide and its text stays at 11 px or more. Text
//! and grid lines use `currentColor`, and every series has a class (`s0`…`s7`), so the
//! page's CSS can recolour a chart for a dark scheme; the attributes keep a standalone chart
//! readable.

use crate::figures::axes::{nice_ticks, quarter_index, tick_decimals, x_labels};
use crate::figures::marks::{ChartText, dash_attr, end_labels, legend, point};
use crate::figures::series::{FigureData, Series};
use crate::lang::Language;
use crate::model::figure::Period;
use crate::model::quarter::Quarter;
use crate::numfmt;
use std::fmt::Write as _;

/// Okabe–Ito colours (distinguishable with colour-vision deficiencies), grey for yellow.
pub(crate) const COLOURS: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F7F7F",
];
/// Line dash patterns, cycled after every colour has been used.
pub(crate) const DASHES: [&str; 3] = ["", "6 3", "2 3"];

/// How a chart is laid out: for a wide screen or for a phone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// 720 units wide, three legend columns, labels at line ends with the district.
    #[default]
    Wide,
    /// 340 units wide with larger text, one legend column, at most four axis labels.
    Narrow,
}

impl Layout {
    /// Parses `wide` or `narrow`.
    pub fn parse(s: &str) -> Option<Layout> {
        match s {
            "wide" => Some(Layout::Wide),
            "narrow" => Some(Layout::Narrow),
            _ => None,
        }
    }

    fn geometry(self) -> Geometry {
        match self {
            Layout::Wide => Geometry {
                width: 720.0,
                left: 84.0,
                right: 120.0,
                top: 24.0,
                plot_height: 240.0,
                font: 13.0,
                legend_columns: 3,
                x_labels: 12,
                y_ticks: 5,
            },
            Layout::Narrow => Geometry {
                width: 340.0,
                left: 62.0,
                right: 64.0,
                top: 28.0,
                plot_height: 220.0,
                font: 15.0,
                legend_columns: 1,
                x_labels: 4,
                y_ticks: 4,
            },
        }
    }
}

/// Sizes of one layout, in SVG units.
pub(crate) struct Geometry {
    pub(crate) width: f64,
    pub(crate) left: f64,
    pub(crate) right: f64,
    pub(crate) top: f64,
    pub(crate) plot_height: f64,
    pub(crate) font: f64,
    pub(crate) legend_columns: usize,
    pub(crate) x_labels: usize,
    pub(crate) y_ticks: usize,
}

impl Geometry {
    pub(crate) fn row(&self) -> f64 {
        (self.font * 1.7).round()
    }
}

/// What to draw.
#[derive(Clone, Debug)]
pub struct ChartRequest<'a> {
    /// The span: one chart never mixes spans.
    pub period: Period,
    /// Only this district (name, any case, or slug); all districts when `None`.
    pub district: Option<&'a str>,
    /// Prefix for the element ids (`<title id>`), unique within the page.
    pub dom_id: &'a str,
    /// Wide or narrow.
    pub layout: Layout,
}

/// The series a request selects, in legend order.
pub fn select<'f>(fig: &'f FigureData, req: &ChartRequest<'_>) -> Vec<&'f Series> {
    fig.series
        .iter()
        .filter(|s| s.period == req.period)
        .filter(|s| {
            req.district.is_none_or(|d| {
                s.district_slug == d || s.district.to_lowercase() == d.trim().to_lowercase()
            })
        })
        .filter(|s| !s.points.is_empty())
        .collect()
}

/// Whether a series skips a quarter (or a year, for longer spans) between two points.
fn has_gap(ser: &Series) -> bool {
    let step = if ser.period == Period::Quarter { 1 } else { 4 };
    ser.points
        .windows(2)
        .any(|w| quarter_index(w[1].quarter) - quarter_index(w[0].quarter) > step)
}

/// Renders the chart, or an empty string when nothing matches.
pub fn render_chart(fig: &FigureData, req: &ChartRequest<'_>, lang: Language) -> String {
    let series = select(fig, req);
    if series.is_empty() {
        return String::new();
    }
    let g = req.layout.geometry();
    let text = ChartText::new(lang);
    let all_points = || series.iter().flat_map(|s| s.points.iter());
    let (mut q_min, mut q_max) = (i32::MAX, i32::MIN);
    let (mut v_min, mut v_max) = (0.0_f64, f64::MIN);
    let mut any_estimate = false;
    let (mut first_q, mut last_q) = (None::<Quarter>, None::<Quarter>);
    for p in all_points() {
        let qi = quarter_index(p.quarter);
        if qi < q_min {
            q_min = qi;
            first_q = Some(p.quarter);
        }
        if qi > q_max {
            q_max = qi;
            last_q = Some(p.quarter);
        }
        if p.value.is_finite() {
            v_min = v_min.min(p.value);
            v_max = v_max.max(p.value);
        }
        any_estimate |= p.estimate;
    }
    let any_gap = series.iter().any(|s| has_gap(s));
    if v_max <= v_min {
        v_max = v_min + 1.0;
    }
    let ticks = nice_ticks(v_min, v_max, g.y_ticks);
    let (lo, hi) = (
        ticks.first().copied().unwrap_or(v_min),
        ticks.last().copied().unwrap_or(v_max),
    );
    let decimals = tick_decimals(&ticks);
    let plot_w = g.width - g.left - g.right;
    let x_of = |q: Quarter| {
        if q_max == q_min {
            g.left + plot_w / 2.0
        } else {
            g.left + f64::from(quarter_index(q) - q_min) * plot_w / f64::from(q_max - q_min)
        }
    };
    let y_of = |v: f64| g.top + g.plot_height - (v - lo) / (hi - lo) * g.plot_height;

    let legend_rows =
        series.len().div_ceil(g.legend_columns) + usize::from(any_estimate) + usize::from(any_gap);
    let legend_top = g.top + g.plot_height + g.font * 2.0 + g.row() * 0.8;
    let height = legend_top + legend_rows as f64 * g.row();
    let id = sanitize_id(req.dom_id);
    let title = chart_title(fig, req, &series, lang);
    let districts: Vec<&str> = series.iter().map(|s| s.district.as_str()).collect();
    let desc = text.describe(
        &fig.label,
        first_q.map(|q| q.label(lang)).unwrap_or_default(),
        last_q.map(|q| q.label(lang)).unwrap_or_default(),
        &districts,
        any_estimate,
    );

    let mut s = String::with_capacity(4096 + series.len() * 2048);
    let (width, font) = (g.width, g.font);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart figure-chart-{}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="{font}" fill="currentColor" data-figure="{}" data-period="{}">"#,
        match req.layout {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        },
        esc(&fig.id),
        req.period.as_str()
    );
    let _ = write!(
        s,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(&title),
        esc(&desc)
    );
    // Grid and y axis labels.
    s.push_str(r#"<g class="axis axis-y">"#);
    for t in &ticks {
        let y = y_of(*t);
        let _ = write!(
            s,
            r#"<line class="grid" x1="{}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="currentColor" stroke-opacity="0.2" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            g.left,
            g.width - g.right,
            g.left - 6.0,
            y + font / 3.0,
            esc(&numfmt::format_number(*t, lang, Some(decimals)))
        );
    }
    let _ = write!(
        s,
        r#"<text x="{}" y="{:.1}" class="unit" font-style="italic">{}</text></g>"#,
        g.left,
        g.top - font * 0.8,
        esc(&fig.unit)
    );
    // X axis.
    let axis_y = g.top + g.plot_height;
    let _ = write!(
        s,
        r#"<g class="axis axis-x"><line x1="{}" x2="{:.1}" y1="{axis_y}" y2="{axis_y}" stroke="currentColor" stroke-opacity="0.6" stroke-width="1"/>"#,
        g.left,
        g.width - g.right
    );
    let compact = req.layout == Layout::Narrow;
    for (q, label) in x_labels(q_min, q_max, g.x_labels, compact, lang) {
        let x = x_of(q);
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" x2="{x:.1}" y1="{axis_y}" y2="{:.1}" stroke="currentColor" stroke-opacity="0.6"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            axis_y + 4.0,
            axis_y + 4.0 + font * 1.2,
            esc(&label)
        );
    }
    s.push_str("</g>");
    // Series: lines broken where a quarter is missing, then markers.
    let step = if req.period == Period::Quarter { 1 } else { 4 };
    for (k, ser) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let _ = write!(
            s,
            r#"<g class="series s{}" data-district="{}" data-period="{}" stroke="{colour}" fill="{colour}">"#,
            k % COLOURS.len(),
            esc(&ser.district),
            ser.period.as_str()
        );
        for pair in ser.points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if quarter_index(b.quarter) - quarter_index(a.quarter) > step {
                continue;
            }
            let _ = write!(
                s,
                r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="2.5"{}/>"#,
                x_of(a.quarter),
                y_of(a.value),
                x_of(b.quarter),
                y_of(b.value),
                dash_attr(k)
            );
        }
        for p in &ser.points {
            point(
                &mut s,
                p,
                ser,
                &fig.unit,
                k,
                (x_of(p.quarter), y_of(p.value)),
                &text,
                lang,
            );
        }
        s.push_str("</g>");
    }
    end_labels(&mut s, &series, &g, req.layout, &x_of, &y_of, lang);
    legend(
        &mut s,
        &series,
        &g,
        legend_top,
        any_estimate,
        any_gap,
        &text,
        req.layout,
    );
    s.push_str("</svg>");
    s
}

fn chart_title(
    fig: &FigureData,
    req: &ChartRequest<'_>,
    series: &[&Series],
    lang: Language,
) -> String {
    let mut t = fig.label.clone();
    if !fig.unit.is_empty() {
        let _ = write!(t, " ({})", fig.unit);
    }
    let _ = write!(t, " – {}", req.period.label(lang));
    if req.district.is_some()
        && let Some(s) = series.first()
    {
        let _ = write!(t, " – {}", s.district);
    }
    t
}

/// An id usable in `id` attributes: ASCII letters, digits and `-`.
fn sanitize_id(s: &str) -> String {
    let id: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        "chart".to_owned()
    } else {
        id
    }
}

/// Escapes text for SVG/HTML content and attributes.
pub fn esc(s: &str) -> String {
    crate::escape::markup(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::series::Point;

    fn q(y: i16, n: u8) -> Quarter {
        Quarter::new(y, n).expect("valid quarter")
    }

    fn fig() -> FigureData {
        let pt = |quarter, value, estimate| Point {
            quarter,
            value,
            estimate,
            change_pct: None,
            target_pct: None,
            bulletin: 0,
            figure: 0,
            others: Vec::new(),
            good: crate::model::figure::Good::Neutral,
        };
        FigureData {
            id: "gia-tri-san-xuat".into(),
            label: "Giá trị <sản xuất>".into(),
            unit: "tỷ đồng".into(),
            series: vec![
                Series {
                    district: "Cầu Giấy".into(),
                    district_slug: "cau-giay".into(),
                    period: Period::Quarter,
                    points: vec![pt(q(2021, 4), 9000.0, false), pt(q(2022, 1), 9500.0, true)],
                },
                Series {
                    district: "Nam Từ Liêm".into(),
                    district_slug: "nam-tu-liem".into(),
                    period: Period::Quarter,
                    points: vec![
                        pt(q(2021, 1), 11000.0, false),
                        pt(q(2022, 1), 12335.0, false),
                    ],
                },
                Series {
                    district: "Nam Từ Liêm".into(),
                    district_slug: "nam-tu-liem".into(),
                    period: Period::SixMonths,
                    points: vec![pt(q(2022, 2), 25000.0, false)],
                },
            ],
            quarter_count: 4,
            district_count: 2,
            report_count: 5,
            latest: None,
        }
    }

    #[test]
    fn one_group_per_district_for_the_requested_period() {
        let req = ChartRequest {
            period: Period::Quarter,
            district: None,
            dom_id: "c",
            layout: Layout::Wide,
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        assert_eq!(svg.matches(r#"<g class="series "#).count(), 2, "{svg}");
        assert!(
            !svg.contains("25000"),
            "6-month total leaked into the quarter chart"
        );
        assert!(svg.contains("Giá trị &lt;sản xuất&gt;"));
        assert!(svg.contains(r#"aria-labelledby="c-title c-desc""#));
        assert!(svg.contains(r#"class="point estimate" data-quarter="2022-Q1""#));
        assert!(svg.contains("estimate-note"));
    }

    #[test]
    fn district_filter_accepts_name_or_slug() {
        for d in ["nam-tu-liem", "nam từ liêm"] {
            let req = ChartRequest {
                period: Period::Quarter,
                district: Some(d),
                dom_id: "c",
                layout: Layout::Wide,
            };
            let svg = render_chart(&fig(), &req, Language::En);
            assert_eq!(svg.matches(r#"<g class="series "#).count(), 1);
            assert!(!svg.contains("estimate-note"));
        }
        let req = ChartRequest {
            period: Period::Year,
            district: None,
            dom_id: "c",
            layout: Layout::Wide,
        };
        assert_eq!(render_chart(&fig(), &req, Language::En), "");
    }

    #[test]
    fn a_missing_quarter_breaks_the_line_and_the_legend_says_so() {
        let req = ChartRequest {
            period: Period::Quarter,
            district: Some("nam-tu-liem"),
            dom_id: "c",
            layout: Layout::Wide,
        };
        // Nam Từ Liêm reports 2021-Q1 and 2022-Q1 only: two markers, no line between.
        let svg = render_chart(&fig(), &req, Language::Vi);
        let series =
            &svg[svg.find(r#"<g class="series"#).unwrap()..svg.find("end-labels").unwrap()];
        assert_eq!(series.matches("<line").count(), 0, "{series}");
        assert_eq!(series.matches(r#"<g class="point"#).count(), 2);
        assert!(svg.contains("Đường ngắt: quý không có số liệu"), "{svg}");
        // Cầu Giấy's two consecutive quarters are joined, and no break is explained.
        let req = ChartRequest {
            district: Some("cau-giay"),
            ..req
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        assert_eq!(svg.matches("stroke-width=\"2.5\"/>").count(), 2, "{svg}");
        assert!(!svg.contains("gap-note"));
    }

    #[test]
    fn every_line_ends_with_its_last_value_so_one_point_shows_its_value() {
        let req = ChartRequest {
            period: Period::SixMonths,
            district: None,
            dom_id: "c",
            layout: Layout::Narrow,
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        let labels = &svg[svg.find("end-labels").unwrap()..svg.find(r#"class="legend""#).unwrap()];
        assert!(labels.contains(">25.000</text>"), "{labels}");
        let req = ChartRequest {
            period: Period::Quarter,
            layout: Layout::Wide,
            ..req
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        let labels = &svg[svg.find("end-labels").unwrap()..svg.find(r#"class="legend""#).unwrap()];
        for text in ["9.500", "12.335", "Cầu Giấy", "Nam Từ Liêm"] {
            assert!(labels.contains(text), "{text} not in {labels}");
        }
    }

    #[test]
    fn narrow_layout_is_drawn_for_phones_and_recolourable() {
        let req = ChartRequest {
            period: Period::Quarter,
            district: None,
            dom_id: "c",
            layout: Layout::Narrow,
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        assert!(svg.contains(r#"viewBox="0 0 340 "#), "{svg}");
        assert!(svg.contains(r#"font-size="15""#));
        assert!(svg.contains(r#"fill="currentColor""#));
        assert!(svg.contains(r#"<g class="series s1""#));
        assert!(svg.contains(r#"class="hollow""#));
        // Five quarters, at most four labels, in the compact form.
        let axis = &svg[svg.find("axis-x").unwrap()..svg.find(r#"<g class="series"#).unwrap()];
        assert_eq!(axis.matches("<text").count(), 3, "{axis}");
        assert!(axis.contains(">I/21<"), "{axis}");
    }
}
