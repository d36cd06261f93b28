//! Views of the figure pages (`/figures/` and `/figures/<id>/`) and the open-data links
//! (pure: built from the site index and the figure set, no disk access).

use crate::figures::chart::{ChartRequest, Layout, render_chart};
use crate::figures::series::{FigureData, FigureSet, Point, Series};
use crate::render::build_views::{figure_view, quarter_ref};
use crate::render::view::{
    FigureChartView, FigurePageView, FigureSummaryView, FigureValueView, Link, OpenDataLinks,
    QuarterDataLink,
};
use crate::site::Site;
use crate::urls::Urls;

/// Links to `/data/figures.csv`, `.json` and every quarter's CSV (newest first).
pub fn open_data_links(site: &Site, urls: &Urls) -> OpenDataLinks {
    let lang = site.config.language;
    OpenDataLinks {
        csv: urls.file_url(Urls::figures_csv()),
        json: urls.file_url(Urls::figures_json()),
        quarters: site
            .quarters
            .keys()
            .rev()
            .map(|q| QuarterDataLink {
                quarter: quarter_ref(*q, urls, lang),
                url: urls.file_url(&Urls::quarter_csv(*q)),
            })
            .collect(),
    }
}

fn bulletin_link(site: &Site, i: usize, urls: &Urls) -> Option<Link> {
    let b = site.bulletins.get(i)?;
    Some(Link {
        title: b.title.clone(),
        url: urls.url(&Urls::bulletin(&b.slug)),
    })
}

/// How many other bulletins reporting the same value a table row links to.
pub const ALSO_REPORTED_MAX: usize = 3;

/// One point as a table row (or a "latest value").
pub fn value_view(site: &Site, series: &Series, p: &Point, urls: &Urls) -> Option<FigureValueView> {
    let lang = site.config.language;
    let f = site.bulletins.get(p.bulletin)?.figures.get(p.figure)?;
    Some(FigureValueView {
        figure: figure_view(f, lang),
        quarter: quarter_ref(p.quarter, urls, lang),
        district: series.district.clone(),
        bulletin: bulletin_link(site, p.bulletin, urls)?,
        // A few links are enough for a reader; all of them would make figure pages grow
        // with the size of the archive.
        also_reported_in: p
            .others
            .iter()
            .take(ALSO_REPORTED_MAX)
            .filter_map(|&o| bulletin_link(site, o, urls))
            .collect(),
    })
}

/// The entries of `/figures/`, by id.
pub fn figure_summaries(site: &Site, set: &FigureSet, urls: &Urls) -> Vec<FigureSummaryView> {
    set.figures
        .iter()
        .map(|f| FigureSummaryView {
            id: f.id.clone(),
            label: f.label.clone(),
            unit: f.unit.clone(),
            url: urls.url(&Urls::figure(&f.id)),
            quarters: f.quarter_count,
            districts: f.district_count,
            reports: f.report_count,
            latest: f
                .latest_point()
                .and_then(|(s, p)| value_view(site, s, p, urls)),
        })
        .collect()
}

/// The view of `/figures/<id>/`: one chart per span, each with its table.
pub fn figure_page(site: &Site, set: &FigureSet, fig: &FigureData, urls: &Urls) -> FigurePageView {
    let lang = site.config.language;
    let charts = fig
        .periods()
        .into_iter()
        .map(|period| {
            let dom_id = format!("chart-{}-{}", fig.id, period.as_str());
            let req = ChartRequest {
                period,
                district: None,
                dom_id: &dom_id,
                layout: Layout::Wide,
            };
            let narrow_id = format!("{dom_id}-n");
            let narrow = ChartRequest {
                dom_id: &narrow_id,
                layout: Layout::Narrow,
                ..req.clone()
            };
            let mut rows: Vec<(&Series, &Point)> = fig
                .series
                .iter()
                .filter(|s| s.period == period)
                .flat_map(|s| s.points.iter().map(move |p| (s, p)))
                .collect();
            rows.sort_by(|a, b| {
                a.1.quarter
                    .cmp(&b.1.quarter)
                    .then_with(|| a.0.district.cmp(&b.0.district))
            });
            FigureChartView {
                period: period.as_str(),
                period_label: period.label(lang),
                svg: render_chart(fig, &req, set.language),
                svg_narrow: render_chart(fig, &narrow, set.language),
                has_estimates: rows.iter().any(|(_, p)| p.estimate),
                rows: rows
                    .into_iter()
                    .filter_map(|(s, p)| value_view(site, s, p, urls))
                    .collect(),
            }
        })
        .collect();
    FigurePageView {
        id: fig.id.clone(),
        label: fig.label.clone(),
        unit: fig.unit.clone(),
        url: urls.url(&Urls::figure(&fig.id)),
        quarters: fig.quarter_count,
        districts: fig.district_count,
        charts,
    }
}
