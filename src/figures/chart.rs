//! Inline SVG line charts of a figure over quarters, drawn at build time: no JavaScript,
//! readable in print, with `<title>`/`<desc>` and ARIA for screen readers.
//!
//! One chart shows one span (`period`): quarter values and 6-month totals never share a
//! line or an axis. Each district is one line with its own colour *and* marker shape (never
//! colour alone); estimates are hollow markers, explained in the legend. Axis labels use
//! the site language's number format.

use crate::figures::series::{FigureData, Point, Series};
use crate::lang::Language;
use crate::model::figure::Period;
use crate::model::quarter::Quarter;
use crate::numfmt;
use std::fmt::Write as _;

const WIDTH: f64 = 720.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 240.0;
const LEGEND_ROW: f64 = 22.0;
const LEGEND_COLUMNS: usize = 3;

/// Okabe–Ito colours (distinguishable with colour-vision deficiencies), grey for yellow.
const COLOURS: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#7F7F7F",
];
/// Line dash patterns, cycled after every colour has been used.
const DASHES: [&str; 3] = ["", "6 3", "2 3"];

/// What to draw.
#[derive(Clone, Debug)]
pub struct ChartRequest<'a> {
    /// The span: one chart never mixes spans.
    pub period: Period,
    /// Only this district (name, any case, or slug); all districts when `None`.
    pub district: Option<&'a str>,
    /// Prefix for the element ids (`<title id>`), unique within the page.
    pub dom_id: &'a str,
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

/// Renders the chart, or an empty string when nothing matches.
pub fn render_chart(fig: &FigureData, req: &ChartRequest<'_>, lang: Language) -> String {
    let series = select(fig, req);
    if series.is_empty() {
        return String::new();
    }
    let text = ChartText::new(lang);
    let index = |q: Quarter| i32::from(q.year()) * 4 + i32::from(q.number()) - 1;
    let all_points = || series.iter().flat_map(|s| s.points.iter());
    let (mut q_min, mut q_max) = (i32::MAX, i32::MIN);
    let (mut v_min, mut v_max) = (0.0_f64, f64::MIN);
    let mut any_estimate = false;
    let (mut first_q, mut last_q) = (None::<Quarter>, None::<Quarter>);
    for p in all_points() {
        let qi = index(p.quarter);
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
    if v_max <= v_min {
        v_max = v_min + 1.0;
    }
    let ticks = nice_ticks(v_min, v_max, 5);
    let (lo, hi) = (
        ticks.first().copied().unwrap_or(v_min),
        ticks.last().copied().unwrap_or(v_max),
    );
    let decimals = tick_decimals(&ticks);
    let plot_w = WIDTH - LEFT - RIGHT;
    let x_of = |q: Quarter| {
        if q_max == q_min {
            LEFT + plot_w / 2.0
        } else {
            LEFT + f64::from(index(q) - q_min) * plot_w / f64::from(q_max - q_min)
        }
    };
    let y_of = |v: f64| TOP + PLOT_HEIGHT - (v - lo) / (hi - lo) * PLOT_HEIGHT;

    let legend_rows = series.len().div_ceil(LEGEND_COLUMNS) + usize::from(any_estimate);
    let legend_top = TOP + PLOT_HEIGHT + 44.0;
    let height = legend_top + legend_rows as f64 * LEGEND_ROW + 8.0;
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
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" style="max-width:100%;height:auto" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12" data-figure="{}" data-period="{}">"#,
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
    s.push_str(r##"<g class="axis axis-y" fill="#333">"##);
    for t in &ticks {
        let y = y_of(*t);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            esc(&numfmt::format_number(*t, lang, Some(decimals)))
        );
    }
    let _ = write!(
        s,
        r#"<text x="{LEFT}" y="{:.1}" class="unit" font-style="italic">{}</text></g>"#,
        TOP - 4.0,
        esc(&fig.unit)
    );
    // X axis.
    let axis_y = TOP + PLOT_HEIGHT;
    let _ = write!(
        s,
        r##"<g class="axis axis-x" fill="#333"><line x1="{LEFT}" x2="{:.1}" y1="{axis_y}" y2="{axis_y}" stroke="#555" stroke-width="1"/>"##,
        WIDTH - RIGHT
    );
    for (q, label) in x_labels(q_min, q_max, lang) {
        let x = x_of(q);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" x2="{x:.1}" y1="{axis_y}" y2="{:.1}" stroke="#555"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
            axis_y + 4.0,
            axis_y + 18.0,
            esc(&label)
        );
    }
    s.push_str("</g>");
    // Series.
    let step = if req.period == Period::Quarter { 1 } else { 4 };
    for (k, ser) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let dash = DASHES[(k / COLOURS.len()) % DASHES.len()];
        let dash_attr = if dash.is_empty() {
            String::new()
        } else {
            format!(r#" stroke-dasharray="{dash}""#)
        };
        let _ = write!(
            s,
            r#"<g class="series" data-district="{}" data-period="{}" stroke="{colour}">"#,
            esc(&ser.district),
            ser.period.as_str()
        );
        for pair in ser.points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let gap = index(b.quarter) - index(a.quarter) > step;
            let _ = write!(
                s,
                r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{}"{}/>"#,
                x_of(a.quarter),
                y_of(a.value),
                x_of(b.quarter),
                y_of(b.value),
                if gap { "1" } else { "2" },
                if gap {
                    r#" stroke-dasharray="1 4""#.to_owned()
                } else {
                    dash_attr.clone()
                }
            );
        }
        for p in &ser.points {
            point(
                &mut s,
                p,
                ser,
                &fig.unit,
                k,
                colour,
                (x_of(p.quarter), y_of(p.value)),
                &text,
                lang,
            );
        }
        s.push_str("</g>");
    }
    // Legend.
    let col_w = (WIDTH - LEFT) / LEGEND_COLUMNS as f64;
    s.push_str(r##"<g class="legend" fill="#222">"##);
    for (k, ser) in series.iter().enumerate() {
        let x = LEFT + (k % LEGEND_COLUMNS) as f64 * col_w;
        let y = legend_top + (k / LEGEND_COLUMNS) as f64 * LEGEND_ROW;
        let colour = COLOURS[k % COLOURS.len()];
        let dash = DASHES[(k / COLOURS.len()) % DASHES.len()];
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="2"{}/>"#,
            x + 24.0,
            if dash.is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{dash}""#)
            }
        );
        marker(&mut s, k, x + 12.0, y, colour, false);
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            x + 30.0,
            y + 4.0,
            esc(&ser.district)
        );
    }
    if any_estimate {
        let y = legend_top + series.len().div_ceil(LEGEND_COLUMNS) as f64 * LEGEND_ROW;
        marker(&mut s, 0, LEFT + 12.0, y, "#222", true);
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="estimate-note">{}</text>"#,
            LEFT + 30.0,
            y + 4.0,
            esc(text.estimate_note)
        );
    }
    s.push_str("</g></svg>");
    s
}

#[expect(
    clippy::too_many_arguments,
    reason = "a private drawing helper; a struct would only rename the arguments"
)]
fn point(
    s: &mut String,
    p: &Point,
    ser: &Series,
    unit: &str,
    k: usize,
    colour: &str,
    (x, y): (f64, f64),
    text: &ChartText,
    lang: Language,
) {
    let _ = write!(
        s,
        r#"<g class="point{}" data-quarter="{}" data-value="{}" data-estimate="{}"><title>{}</title>"#,
        if p.estimate { " estimate" } else { "" },
        p.quarter,
        crate::figures::rows::plain(p.value),
        p.estimate,
        esc(&format!(
            "{}, {}: {} {unit}{}",
            ser.district,
            p.quarter.label(lang),
            numfmt::format_number(p.value, lang, None),
            if p.estimate {
                format!(" ({})", text.estimate)
            } else {
                String::new()
            }
        ))
    );
    marker(s, k, x, y, colour, p.estimate);
    s.push_str("</g>");
}

/// Draws series `k`'s marker shape; hollow for estimates.
fn marker(s: &mut String, k: usize, x: f64, y: f64, colour: &str, hollow: bool) {
    let fill = if hollow { "#fff" } else { colour };
    let style = format!(r#"fill="{fill}" stroke="{colour}" stroke-width="1.5""#);
    let _ = match k % 4 {
        0 => write!(s, r#"<circle cx="{x:.1}" cy="{y:.1}" r="4" {style}/>"#),
        1 => write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="7" height="7" {style}/>"#,
            x - 3.5,
            y - 3.5
        ),
        2 => write!(
            s,
            r#"<path d="M{x:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z" {style}/>"#,
            y - 4.5,
            x + 4.5,
            y + 3.5,
            x - 4.5,
            y + 3.5
        ),
        _ => write!(
            s,
            r#"<path d="M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z" {style}/>"#,
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
    };
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

/// Strings drawn into charts, in the site language.
struct ChartText {
    lang: Language,
    estimate: &'static str,
    estimate_note: &'static str,
}

impl ChartText {
    fn new(lang: Language) -> ChartText {
        match lang {
            Language::Vi => ChartText {
                lang,
                estimate: "ước tính",
                estimate_note: "Điểm rỗng: số ước tính (ước thực hiện)",
            },
            Language::En => ChartText {
                lang,
                estimate: "estimate",
                estimate_note: "Hollow point: estimate",
            },
        }
    }

    fn describe(
        &self,
        label: &str,
        first: String,
        last: String,
        districts: &[&str],
        estimates: bool,
    ) -> String {
        let list = districts.join(", ");
        match self.lang {
            Language::Vi => format!(
                "Biểu đồ đường: {label} từ {first} đến {last}, mỗi đường một địa bàn ({list}).{} Bảng số liệu đi kèm có đầy đủ các giá trị.",
                if estimates {
                    " Điểm rỗng là số ước tính."
                } else {
                    ""
                }
            ),
            Language::En => format!(
                "Line chart: {label} from {first} to {last}, one line per district ({list}).{} The accompanying table lists every value.",
                if estimates {
                    " Hollow points are estimates."
                } else {
                    ""
                }
            ),
        }
    }
}

/// Tick labels on the x axis: every quarter up to 12 quarters, otherwise the first quarter
/// of each year (as the year), thinned to at most 12 labels.
fn x_labels(q_min: i32, q_max: i32, lang: Language) -> Vec<(Quarter, String)> {
    let quarter_at = |i: i32| {
        i16::try_from(i.div_euclid(4))
            .ok()
            .and_then(|y| Quarter::new(y, u8::try_from(i.rem_euclid(4) + 1).ok()?))
    };
    if q_max < q_min {
        return Vec::new();
    }
    let span = q_max - q_min + 1;
    if span <= 12 {
        return (q_min..=q_max)
            .filter_map(quarter_at)
            .map(|q| (q, short_label(q, lang)))
            .collect();
    }
    let years: Vec<Quarter> = (q_min..=q_max)
        .filter(|i| i.rem_euclid(4) == 0)
        .filter_map(quarter_at)
        .collect();
    let every = years.len().div_ceil(12).max(1);
    years
        .into_iter()
        .step_by(every)
        .map(|q| (q, q.year().to_string()))
        .collect()
}

/// `I/2022` (vi) or `Q1 2022` (en).
pub fn short_label(q: Quarter, lang: Language) -> String {
    match lang {
        Language::Vi => {
            let roman = ["I", "II", "III", "IV"];
            let n = usize::from(q.number().clamp(1, 4)) - 1;
            format!("{}/{}", roman[n], q.year())
        }
        Language::En => format!("Q{} {}", q.number(), q.year()),
    }
}

/// Round tick values (1, 2 or 5 × 10ⁿ apart) covering `min..=max`.
pub fn nice_ticks(min: f64, max: f64, target: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return vec![min, min + 1.0];
    }
    let raw = (max - min) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (min / step).floor();
    let end = (max / step).ceil();
    let mut ticks = Vec::new();
    let mut i = start;
    while i <= end && ticks.len() < 50 {
        // Multiply rather than accumulate, so ticks don't drift (0.30000000000000004).
        let t = i * step;
        ticks.push(if t == 0.0 { 0.0 } else { t });
        i += 1.0;
    }
    ticks
}

/// Decimals needed to tell ticks apart.
fn tick_decimals(ticks: &[f64]) -> u32 {
    let step = match ticks {
        [a, b, ..] => (b - a).abs(),
        _ => 1.0,
    };
    if step >= 1.0 || step <= 0.0 {
        0
    } else {
        // step < 1: e.g. 0.2 → 1, 0.05 → 2.
        let d = (-step.log10()).ceil();
        if d.is_finite() && d > 0.0 {
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "positive and small (step ≥ the smallest f64 tick)"
            )]
            let d = d.min(10.0) as u32;
            d
        } else {
            0
        }
    }
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
        };
        let svg = render_chart(&fig(), &req, Language::Vi);
        assert_eq!(svg.matches(r#"<g class="series""#).count(), 2, "{svg}");
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
            };
            let svg = render_chart(&fig(), &req, Language::En);
            assert_eq!(svg.matches(r#"<g class="series""#).count(), 1);
            assert!(!svg.contains("estimate-note"));
        }
        let req = ChartRequest {
            period: Period::Year,
            district: None,
            dom_id: "c",
        };
        assert_eq!(render_chart(&fig(), &req, Language::En), "");
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 12335.0, 5),
            vec![0.0, 5000.0, 10000.0, 15000.0]
        );
        let small = nice_ticks(0.0, 1.0, 5);
        assert_eq!(small.len(), 6);
        assert!((small[5] - 1.0).abs() < 1e-12);
        assert_eq!(tick_decimals(&[0.0, 0.2]), 1);
        assert_eq!(tick_decimals(&[0.0, 5000.0]), 0);
    }

    #[test]
    fn short_quarter_labels() {
        assert_eq!(short_label(q(2022, 3), Language::Vi), "III/2022");
        assert_eq!(short_label(q(2022, 3), Language::En), "Q3 2022");
        assert_eq!(x_labels(2022 * 4, 2022 * 4 + 3, Language::En).len(), 4);
        // 40 quarters: one label per year.
        assert_eq!(x_labels(2015 * 4, 2024 * 4 + 3, Language::En).len(), 10);
    }
}
