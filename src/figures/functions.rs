//! Tera functions that let a theme place figure data anywhere:
//!
//! * `figure_chart(id, district=none, period=none, layout="wide")` → the inline SVG chart
//!   (safe HTML); `period` defaults to the figure's first span (`quarter` when reported per
//!   quarter); `district` (name or slug) draws that district's line only; `layout="narrow"`
//!   draws it for phones (larger text, one legend column). Empty when nothing matches.
//! * `figure_card(id, district=none)` → a small HTML card with the latest value, its change
//!   and its share of the plan, linking to the figure's page.
//! * `figure_data(id)` → the figure as data (`id`, `label`, `unit`, `url`, `series: [{district,
//!   district_slug, period, points: [{quarter, value, value_display, estimate}]}]`), or
//!   `none` for an unknown id.
//!
//! They draw on an `Arc<FigureSet>` built before templates are added (Tera checks function
//! names when templates load). Unknown ids are errors, so a typo shows up at build time.

use crate::figures::chart::{ChartRequest, Layout, esc, render_chart};
use crate::figures::series::{FigureData, FigureSet, Point, Series};
use crate::lang::Language;
use crate::model::figure::Period;
use crate::numfmt;
use crate::render::build_views::{change_direction, change_tone};
use crate::urls::Urls;
use serde::Serialize;
use std::fmt::Write as _;
use std::sync::Arc;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Registers `figure_chart`, `figure_card` and `figure_data`.
pub fn register_functions(tera: &mut Tera, figures: &Arc<FigureSet>) {
    let set = Arc::clone(figures);
    tera.register_function(
        "figure_chart",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let id = kwargs.must_get::<&str>("id")?;
            let district = kwargs.get::<&str>("district")?;
            let period = kwargs.get::<&str>("period")?;
            let layout = match kwargs.get::<&str>("layout")? {
                None => Layout::Wide,
                Some(l) => Layout::parse(l).ok_or_else(|| {
                    tera::Error::message(format!(
                        "figure_chart: invalid layout `{l}`: use wide or narrow"
                    ))
                })?,
            };
            let fig = lookup(&set, id)?;
            let period = match period {
                Some(p) => Period::parse(p).ok_or_else(|| {
                    tera::Error::message(format!(
                        "figure_chart: invalid period `{p}`: use quarter, 6-months, 9-months or year"
                    ))
                })?,
                None => fig.periods().first().copied().unwrap_or_default(),
            };
            let dom_id = format!(
                "chart-{}-{}{}{}",
                fig.id,
                period.as_str(),
                district
                    .map(|d| format!("-{}", crate::slug::slugify(d)))
                    .unwrap_or_default(),
                if layout == Layout::Narrow { "-n" } else { "" }
            );
            let req = ChartRequest {
                period,
                district,
                dom_id: &dom_id,
                layout,
            };
            Ok(Value::safe_string(&render_chart(fig, &req, set.language)))
        },
    );
    let set = Arc::clone(figures);
    tera.register_function(
        "figure_card",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let id = kwargs.must_get::<&str>("id")?;
            let district = kwargs.get::<&str>("district")?;
            let fig = lookup(&set, id)?;
            let url = base_url(state).map(|b| Urls::new(&b).url(&Urls::figure(&fig.id)));
            Ok(Value::safe_string(&render_card(
                fig,
                district,
                url.as_deref(),
                set.language,
            )))
        },
    );
    let set = Arc::clone(figures);
    tera.register_function(
        "figure_data",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let id = kwargs.must_get::<&str>("id")?;
            let Some(fig) = set.get(id) else {
                return Ok(Value::none());
            };
            let url = base_url(state).map(|b| Urls::new(&b).url(&Urls::figure(&fig.id)));
            Ok(Value::from_serializable(&figure_data(
                fig,
                url,
                set.language,
            )))
        },
    );
}

fn lookup<'s>(set: &'s FigureSet, id: &str) -> TeraResult<&'s FigureData> {
    set.get(id).ok_or_else(|| {
        tera::Error::message(format!(
            "no figure with id `{id}` is reported by any published bulletin"
        ))
    })
}

/// `site.base_url` from the template context, if there is one.
fn base_url(state: &State) -> Option<String> {
    let site = state.get::<Value>("site").ok()??;
    site.get_from_path("base_url")?.as_str().map(str::to_owned)
}

/// The latest point of a figure, optionally for one district (name or slug).
pub fn latest_for<'f>(
    fig: &'f FigureData,
    district: Option<&str>,
) -> Option<(&'f Series, &'f Point)> {
    let Some(d) = district else {
        return fig.latest_point();
    };
    let d = d.trim().to_lowercase();
    fig.series
        .iter()
        .filter(|s| s.district_slug == d || s.district.to_lowercase() == d)
        .filter_map(|s| s.points.last().map(|p| (s, p)))
        .max_by(|(sa, a), (sb, b)| {
            (
                a.quarter,
                std::cmp::Reverse(sa.period),
                std::cmp::Reverse(a.bulletin),
            )
                .cmp(&(
                    b.quarter,
                    std::cmp::Reverse(sb.period),
                    std::cmp::Reverse(b.bulletin),
                ))
        })
}

/// The card's HTML. Changes carry a word or sign (never colour alone); the plan share is
/// a bar with its number beside it.
pub fn render_card(
    fig: &FigureData,
    district: Option<&str>,
    url: Option<&str>,
    lang: Language,
) -> String {
    let mut s = String::with_capacity(512);
    let _ = write!(
        s,
        r#"<div class="figure-card" data-figure="{}">"#,
        esc(&fig.id)
    );
    match url {
        Some(u) => {
            let _ = write!(
                s,
                r#"<a class="figure-card-label" href="{}">{}</a>"#,
                esc(u),
                esc(&fig.label)
            );
        }
        None => {
            let _ = write!(
                s,
                r#"<span class="figure-card-label">{}</span>"#,
                esc(&fig.label)
            );
        }
    }
    if let Some((series, p)) = latest_for(fig, district) {
        let _ = write!(
            s,
            r#" <span class="figure-card-value"><strong>{}</strong> {}</span>"#,
            esc(&numfmt::format_number(p.value, lang, None)),
            esc(&fig.unit)
        );
        if p.estimate {
            let word = match lang {
                Language::Vi => "ước tính",
                Language::En => "estimate",
            };
            let _ = write!(s, r#" <span class="figure-card-estimate">({word})</span>"#);
        }
        let _ = write!(
            s,
            r#" <span class="figure-card-meta">{}, {}{}</span>"#,
            esc(&series.district),
            esc(&p.quarter.label(lang)),
            if series.period == Period::Quarter {
                String::new()
            } else {
                format!(" ({})", series.period.label(lang))
            }
        );
        if let Some(c) = p.change_pct {
            let direction = change_direction(c, lang);
            let tone = change_tone(direction, p.good);
            let verdict = crate::i18n::ui_string(&format!("change_{tone}"), lang)
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let _ = write!(
                s,
                r#" <span class="change change-{direction} change-{tone}">{}{verdict}</span>"#,
                esc(&numfmt::format_change_long(c, lang))
            );
        }
        if let Some(t) = p.target_pct {
            let (before, after) = match lang {
                Language::Vi => ("đạt ", " dự toán"),
                Language::En => ("", " of plan"),
            };
            let _ = write!(
                s,
                r#" <span class="target"><span class="target-text">{before}{}{after}</span> <span class="target-bar" aria-hidden="true"><span style="width:{:.0}%"></span></span></span>"#,
                esc(&numfmt::format_percent(t, lang)),
                t.clamp(0.0, 100.0)
            );
        }
    }
    s.push_str("</div>");
    s
}

/// `figure_data(id)`'s value.
#[derive(Serialize)]
struct FigureDataView {
    id: String,
    label: String,
    unit: String,
    url: Option<String>,
    series: Vec<SeriesView>,
}

#[derive(Serialize)]
struct SeriesView {
    district: String,
    district_slug: String,
    period: &'static str,
    points: Vec<PointView>,
}

#[derive(Serialize)]
struct PointView {
    quarter: String,
    value: f64,
    value_display: String,
    estimate: bool,
}

fn figure_data(fig: &FigureData, url: Option<String>, lang: Language) -> FigureDataView {
    FigureDataView {
        id: fig.id.clone(),
        label: fig.label.clone(),
        unit: fig.unit.clone(),
        url,
        series: fig
            .series
            .iter()
            .map(|s| SeriesView {
                district: s.district.clone(),
                district_slug: s.district_slug.clone(),
                period: s.period.as_str(),
                points: s
                    .points
                    .iter()
                    .map(|p| PointView {
                        quarter: p.quarter.to_string(),
                        value: p.value,
                        value_display: numfmt::format_number(p.value, lang, None),
                        estimate: p.estimate,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::quarter::Quarter;

    fn set() -> Arc<FigureSet> {
        let q = |y, n| Quarter::new(y, n).expect("valid quarter");
        let pt = |quarter, value, estimate, change_pct, target_pct| Point {
            quarter,
            value,
            estimate,
            change_pct,
            target_pct,
            bulletin: 0,
            figure: 0,
            others: Vec::new(),
            good: crate::model::figure::Good::Down,
        };
        let series = vec![Series {
            district: "Nam Từ Liêm".into(),
            district_slug: "nam-tu-liem".into(),
            period: Period::Quarter,
            points: vec![
                pt(q(2021, 1), 2000.0, false, None, None),
                pt(q(2022, 1), 2305.0, true, Some(21.0), Some(33.0)),
            ],
        }];
        Arc::new(FigureSet {
            language: Language::Vi,
            figures: vec![FigureData {
                id: "thu-ngan-sach".into(),
                label: "Thu ngân sách".into(),
                unit: "tỷ đồng".into(),
                series,
                quarter_count: 2,
                district_count: 1,
                report_count: 2,
                latest: Some((0, 1)),
            }],
            fingerprint: 0,
        })
    }

    fn render(template: &str) -> Result<String, tera::Error> {
        let mut tera = Tera::new();
        register_functions(&mut tera, &set());
        tera.add_raw_template("t", template)?;
        let mut ctx = tera::Context::new();
        ctx.insert("site", &serde_json::json!({"base_url": "https://x.vn/"}));
        tera.render("t", &ctx)
    }

    #[test]
    fn chart_is_inserted_unescaped() {
        let out = render(r#"{{ figure_chart(id="thu-ngan-sach", district="Nam Từ Liêm") }}"#)
            .expect("renders");
        assert!(out.starts_with("<svg"), "{out}");
        assert!(out.contains(r#"id="chart-thu-ngan-sach-quarter-"#), "{out}");
    }

    #[test]
    fn card_links_to_the_figure_page_and_shows_change_and_plan() {
        let out = render(r#"{{ figure_card(id="thu-ngan-sach") }}"#).expect("renders");
        assert!(
            out.contains(r#"href="https://x.vn/figures/thu-ngan-sach/""#),
            "{out}"
        );
        // `good: down`: a rise is bad news, said in words as well as colour.
        assert!(
            out.contains(
                r#"<span class="change change-up change-bad">tăng 21% so với cùng kỳ (chưa tốt)</span>"#
            ),
            "{out}"
        );
        assert!(out.contains("đạt "), "{out}");
        assert!(out.contains("width:33%"), "{out}");
    }

    #[test]
    fn unknown_id_is_an_error_but_data_is_none() {
        assert!(render(r#"{{ figure_chart(id="khong-co") }}"#).is_err());
        let out = render(r#"{{ figure_data(id="khong-co") is none }}"#).expect("renders");
        assert_eq!(out, "true");
        let out = render(
            r#"{% set d = figure_data(id="thu-ngan-sach") %}{{ d.series[0].points | length }}"#,
        )
        .expect("renders");
        assert_eq!(out, "2");
    }
}
