//! What a chart draws besides its axes: line-end labels, the legend, point markers, and
//! the words it uses in the site language.

use crate::figures::axes::spread_labels;
use crate::figures::chart::{COLOURS, DASHES, Geometry, Layout, esc};
use crate::figures::series::{Point, Series};
use crate::lang::Language;
use crate::model::quarter::Quarter;
use crate::numfmt;
use std::fmt::Write as _;

/// The `stroke-dasharray` attribute of series `k` (empty for the first eight).
pub(crate) fn dash_attr(k: usize) -> String {
    let dash = DASHES[(k / COLOURS.len()) % DASHES.len()];
    if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    }
}

/// The last value of every line, written at its end (with the district on wide charts),
/// moved apart where lines end close together.
pub(crate) fn end_labels(
    s: &mut String,
    series: &[&Series],
    g: &Geometry,
    layout: Layout,
    x_of: &dyn Fn(Quarter) -> f64,
    y_of: &dyn Fn(f64) -> f64,
    lang: Language,
) {
    let ends: Vec<(&Series, &Point)> = series
        .iter()
        .filter_map(|s| s.points.last().map(|p| (*s, p)))
        .collect();
    let lines = if layout == Layout::Wide { 2.0 } else { 1.0 };
    let gap = g.font * 1.15 * lines;
    let wanted: Vec<f64> = ends.iter().map(|(_, p)| y_of(p.value)).collect();
    let placed = spread_labels(
        &wanted,
        gap,
        g.top + g.font * 0.4,
        g.top + g.plot_height - gap + g.font * 0.8,
    );
    s.push_str(r#"<g class="end-labels">"#);
    for ((ser, p), y) in ends.iter().zip(placed) {
        let x = x_of(p.quarter) + 9.0;
        let value = esc(&numfmt::format_number(p.value, lang, None));
        if layout == Layout::Wide {
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{:.1}"><tspan font-weight="700">{value}</tspan><tspan x="{x:.1}" dy="{:.1}" font-size="{:.0}">{}</tspan></text>"#,
                y - g.font * 0.25,
                g.font * 1.1,
                g.font - 1.0,
                esc(&ser.district)
            );
        } else {
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{:.1}" font-weight="700">{value}</text>"#,
                y + g.font / 3.0
            );
        }
    }
    s.push_str("</g>");
}

/// One entry per district (line, marker, name), then the conventions in use.
#[expect(
    clippy::too_many_arguments,
    reason = "a private drawing helper; a struct would only rename the arguments"
)]
pub(crate) fn legend(
    s: &mut String,
    series: &[&Series],
    g: &Geometry,
    top: f64,
    any_estimate: bool,
    any_gap: bool,
    text: &ChartText,
    layout: Layout,
) {
    let x0 = if g.legend_columns == 1 { 8.0 } else { g.left };
    let col_w = (g.width - x0) / g.legend_columns as f64;
    let row = g.row();
    s.push_str(r#"<g class="legend">"#);
    for (k, ser) in series.iter().enumerate() {
        let x = x0 + (k % g.legend_columns) as f64 * col_w;
        let y = top + (k / g.legend_columns) as f64 * row;
        let colour = COLOURS[k % COLOURS.len()];
        let _ = write!(
            s,
            r#"<g class="s{}" stroke="{colour}" fill="{colour}"><line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke-width="2.5"{}/>"#,
            k % COLOURS.len(),
            x + 26.0,
            dash_attr(k)
        );
        marker(s, k, x + 13.0, y, false);
        let _ = write!(
            s,
            r#"</g><text x="{:.1}" y="{:.1}">{}</text>"#,
            x + 34.0,
            y + g.font / 3.0,
            esc(&ser.district)
        );
    }
    let mut y = top + series.len().div_ceil(g.legend_columns) as f64 * row;
    if any_estimate {
        let _ = write!(s, r#"<g class="legend-key" stroke="currentColor">"#);
        marker(s, 0, x0 + 13.0, y, true);
        let _ = write!(
            s,
            r#"</g><text x="{:.1}" y="{:.1}" class="estimate-note">{}</text>"#,
            x0 + 34.0,
            y + g.font / 3.0,
            esc(if layout == Layout::Wide {
                text.estimate_note
            } else {
                text.estimate_note_short
            })
        );
        y += row;
    }
    if any_gap {
        let _ = write!(
            s,
            r#"<g class="legend-key" stroke="currentColor" stroke-width="2.5"><line x1="{x0:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><line x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/></g><text x="{:.1}" y="{:.1}" class="gap-note">{}</text>"#,
            x0 + 9.0,
            x0 + 17.0,
            x0 + 26.0,
            x0 + 34.0,
            y + g.font / 3.0,
            esc(text.gap_note)
        );
    }
    s.push_str("</g>");
}

#[expect(
    clippy::too_many_arguments,
    reason = "a private drawing helper; a struct would only rename the arguments"
)]
pub(crate) fn point(
    s: &mut String,
    p: &Point,
    ser: &Series,
    unit: &str,
    k: usize,
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
    marker(s, k, x, y, p.estimate);
    s.push_str("</g>");
}

/// Draws series `k`'s marker shape in the colours of its group; hollow for estimates
/// (filled with the background: `class="hollow"`, white unless the page says otherwise).
pub(crate) fn marker(s: &mut String, k: usize, x: f64, y: f64, hollow: bool) {
    let style = if hollow {
        r##" class="hollow" fill="#fff" stroke-width="2""##
    } else {
        r#" stroke-width="1.5""#
    };
    let _ = match k % 4 {
        0 => write!(s, r#"<circle cx="{x:.1}" cy="{y:.1}" r="4.5"{style}/>"#),
        1 => write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="8" height="8"{style}/>"#,
            x - 4.0,
            y - 4.0
        ),
        2 => write!(
            s,
            r#"<path d="M{x:.1},{:.1}L{:.1},{:.1}L{:.1},{:.1}Z"{style}/>"#,
            y - 5.0,
            x + 5.0,
            y + 4.0,
            x - 5.0,
            y + 4.0
        ),
        _ => write!(
            s,
            r#"<path d="M{x:.1},{:.1}L{:.1},{y:.1}L{x:.1},{:.1}L{:.1},{y:.1}Z"{style}/>"#,
            y - 5.5,
            x + 5.5,
            y + 5.5,
            x - 5.5
        ),
    };
}

/// Strings drawn into charts, in the site language.
pub(crate) struct ChartText {
    lang: Language,
    estimate: &'static str,
    estimate_note: &'static str,
    estimate_note_short: &'static str,
    gap_note: &'static str,
}

impl ChartText {
    pub(crate) fn new(lang: Language) -> ChartText {
        match lang {
            Language::Vi => ChartText {
                lang,
                estimate: "ước tính",
                estimate_note: "Điểm rỗng: số ước thực hiện, có thể còn điều chỉnh",
                estimate_note_short: "Điểm rỗng: số ước thực hiện",
                gap_note: "Đường ngắt: quý không có số liệu",
            },
            Language::En => ChartText {
                lang,
                estimate: "estimate",
                estimate_note: "Hollow point: estimate, may be revised",
                estimate_note_short: "Hollow point: estimate",
                gap_note: "Broken line: quarter not reported",
            },
        }
    }

    pub(crate) fn describe(
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
