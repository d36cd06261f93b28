//! Groups every reported figure by (id, district, period, quarter) and picks the value
//! charts use: a final value beats an estimate, otherwise the later bulletin wins.
//!
//! Grouping is one pass over the bulletins with hash maps keyed by borrowed strings, so it
//! stays linear in the number of figures reported.

use crate::lang::Language;
use crate::model::figure::{Figure, Good, Period};
use crate::model::quarter::Quarter;
use crate::site::Site;
use std::collections::{BTreeMap, HashMap};

/// One figure as reported by one bulletin: indexes into `site.bulletins[bulletin].figures`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Report {
    /// Index into [`Site::bulletins`] (newest first, so a smaller index is a later bulletin).
    pub bulletin: usize,
    /// Index into that bulletin's figures.
    pub figure: usize,
}

impl Report {
    /// The figure this report points at.
    pub fn figure<'s>(&self, site: &'s Site) -> &'s Figure {
        &site.bulletins[self.bulletin].figures[self.figure]
    }
}

/// What identifies one observation: a figure for a district, span and quarter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObservationKey<'s> {
    /// Figure id.
    pub id: &'s str,
    /// District, as an index into [`Site::districts`] (names differing in case are one).
    pub district: usize,
    /// Span covered.
    pub period: Period,
    /// Quarter the span ends with.
    pub quarter: Quarter,
}

/// Every report of the site grouped by observation; each list is in bulletin order
/// (newest first).
pub fn group_reports(site: &Site) -> HashMap<ObservationKey<'_>, Vec<Report>> {
    let mut groups: HashMap<ObservationKey<'_>, Vec<Report>> = HashMap::new();
    for (i, b) in site.bulletins.iter().enumerate() {
        let district = site.bulletin_district.get(i).copied().unwrap_or(0);
        for (j, f) in b.figures.iter().enumerate() {
            let key = ObservationKey {
                id: &f.id,
                district,
                period: f.period,
                quarter: b.quarter,
            };
            groups.entry(key).or_default().push(Report {
                bulletin: i,
                figure: j,
            });
        }
    }
    groups
}

/// Picks the winning candidate among `(estimate, bulletin index)` pairs: a final value
/// beats an estimate; among equals the later bulletin (smaller index) wins. Returns the
/// position of the winner in the input, or `None` for no candidates.
pub fn pick_winner(candidates: impl IntoIterator<Item = (bool, usize)>) -> Option<usize> {
    candidates
        .into_iter()
        .enumerate()
        .min_by_key(|&(_, (estimate, bulletin))| (estimate, bulletin))
        .map(|(pos, _)| pos)
}

/// The winning report of an observation's reports.
pub fn winner(site: &Site, reports: &[Report]) -> Option<Report> {
    pick_winner(
        reports
            .iter()
            .map(|r| (r.figure(site).estimate, r.bulletin)),
    )
    .and_then(|pos| reports.get(pos).copied())
}

/// A point of a series: the winning value of one quarter.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Quarter the value's span ends with.
    pub quarter: Quarter,
    /// The value.
    pub value: f64,
    /// Provisional.
    pub estimate: bool,
    /// Percent change against a year before, as reported.
    pub change_pct: Option<f64>,
    /// Percent of the year's plan, as reported.
    pub target_pct: Option<f64>,
    /// The bulletin it comes from (index into [`Site::bulletins`]).
    pub bulletin: usize,
    /// The figure's index in that bulletin's figures.
    pub figure: usize,
    /// Other bulletins that reported the same observation (newest first).
    pub others: Vec<usize>,
    /// The direction that is good news for the winning report (`good:`).
    pub good: Good,
}

/// One line of a chart: a district's values for one span, in quarter order.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// District display name.
    pub district: String,
    /// District slug.
    pub district_slug: String,
    /// Span covered by each value.
    pub period: Period,
    /// Points, oldest quarter first.
    pub points: Vec<Point>,
}

/// Everything known about one figure id across the site.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureData {
    /// The id.
    pub id: String,
    /// Label of the latest report.
    pub label: String,
    /// Unit of the latest report.
    pub unit: String,
    /// Lines, by period then district name.
    pub series: Vec<Series>,
    /// Number of distinct quarters reported.
    pub quarter_count: usize,
    /// Number of distinct districts reporting it.
    pub district_count: usize,
    /// Number of reports (rows in the open data).
    pub report_count: usize,
    /// The latest point: (series index, point index), by quarter, then period, then
    /// recency of the bulletin.
    pub latest: Option<(usize, usize)>,
}

impl FigureData {
    /// The periods this figure is reported for, in [`Period`] order.
    pub fn periods(&self) -> Vec<Period> {
        let mut p: Vec<Period> = self.series.iter().map(|s| s.period).collect();
        p.dedup();
        p
    }

    /// The latest point and its series.
    pub fn latest_point(&self) -> Option<(&Series, &Point)> {
        let (s, p) = self.latest?;
        let series = self.series.get(s)?;
        Some((series, series.points.get(p)?))
    }
}

/// The figure data of a whole site, shared by pages and template functions.
#[derive(Clone, Debug, Default)]
pub struct FigureSet {
    /// The site language (for chart labels).
    pub language: Language,
    /// One entry per figure id, sorted by id.
    pub figures: Vec<FigureData>,
    /// Hash of everything above, so page caches can tell when figures changed.
    pub fingerprint: u64,
}

impl FigureSet {
    /// Builds every series of the site, using the winner of each observation.
    pub fn from_site(site: &Site) -> FigureSet {
        let groups = group_reports(site);
        // id → (district, period) → quarter → point
        type Lines = BTreeMap<(Period, usize), BTreeMap<Quarter, Point>>;
        let mut by_id: BTreeMap<&str, (Lines, usize)> = BTreeMap::new();
        for (key, reports) in &groups {
            let Some(w) = winner(site, reports) else {
                continue;
            };
            let f = w.figure(site);
            let point = Point {
                quarter: key.quarter,
                value: f.value,
                estimate: f.estimate,
                change_pct: f.change_pct,
                target_pct: f.target_pct,
                good: f.good,
                bulletin: w.bulletin,
                figure: w.figure,
                others: reports
                    .iter()
                    .filter(|r| r.bulletin != w.bulletin)
                    .map(|r| r.bulletin)
                    .collect(),
            };
            let entry = by_id.entry(key.id).or_default();
            entry.1 += reports.len();
            entry
                .0
                .entry((key.period, key.district))
                .or_default()
                .insert(key.quarter, point);
        }
        let mut figures = Vec::with_capacity(by_id.len());
        for (id, (lines, report_count)) in by_id {
            let mut series: Vec<Series> = lines
                .into_iter()
                .map(|((period, d), points)| {
                    let term = site.districts.get(d);
                    Series {
                        district: term.map(|t| t.name.clone()).unwrap_or_default(),
                        district_slug: term.map(|t| t.slug.clone()).unwrap_or_default(),
                        period,
                        points: points.into_values().collect(),
                    }
                })
                .collect();
            series.sort_by(|a, b| {
                a.period
                    .cmp(&b.period)
                    .then_with(|| a.district.cmp(&b.district))
            });
            let mut latest: Option<(usize, usize)> = None;
            for (si, s) in series.iter().enumerate() {
                if let Some(pi) = s.points.len().checked_sub(1) {
                    let better = match latest {
                        None => true,
                        Some((ls, lp)) => {
                            let (cur_s, cur_p) = (&series[ls], &series[ls].points[lp]);
                            let cand = &s.points[pi];
                            (
                                cand.quarter,
                                std::cmp::Reverse(s.period),
                                std::cmp::Reverse(cand.bulletin),
                            ) > (
                                cur_p.quarter,
                                std::cmp::Reverse(cur_s.period),
                                std::cmp::Reverse(cur_p.bulletin),
                            )
                        }
                    };
                    if better {
                        latest = Some((si, pi));
                    }
                }
            }
            let (label, unit) = latest
                .and_then(|(s, p)| series.get(s)?.points.get(p))
                .and_then(|p| {
                    let b = site.bulletins.get(p.bulletin)?;
                    let f = b.figures.iter().find(|f| f.id == id)?;
                    Some((f.label.clone(), f.unit.clone()))
                })
                .unwrap_or_default();
            let mut quarters: Vec<Quarter> = series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.quarter))
                .collect();
            quarters.sort_unstable();
            quarters.dedup();
            let mut districts: Vec<&str> =
                series.iter().map(|s| s.district_slug.as_str()).collect();
            districts.sort_unstable();
            districts.dedup();
            figures.push(FigureData {
                id: id.to_owned(),
                label,
                unit,
                district_count: districts.len(),
                quarter_count: quarters.len(),
                report_count,
                series,
                latest,
            });
        }
        let fingerprint = fingerprint(&figures, site);
        FigureSet {
            language: site.config.language,
            figures,
            fingerprint,
        }
    }

    /// The figure with this id.
    pub fn get(&self, id: &str) -> Option<&FigureData> {
        self.figures
            .binary_search_by(|f| f.id.as_str().cmp(id))
            .ok()
            .and_then(|i| self.figures.get(i))
    }
}

fn fingerprint(figures: &[FigureData], site: &Site) -> u64 {
    use std::fmt::Write as _;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = String::new();
    for f in figures {
        buf.clear();
        let _ = write!(buf, "{}\0{}\0{}\0", f.id, f.label, f.unit);
        h.update(buf.as_bytes());
        for s in &f.series {
            for p in &s.points {
                buf.clear();
                let slug = site
                    .bulletins
                    .get(p.bulletin)
                    .map_or("", |b| b.slug.as_str());
                let _ = writeln!(
                    buf,
                    "{}|{}|{}|{}|{}|{slug}|{}",
                    s.district,
                    s.period.as_str(),
                    p.quarter,
                    p.value,
                    p.estimate,
                    p.others.len()
                );
                h.update(buf.as_bytes());
            }
        }
    }
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_beats_estimate_even_when_older() {
        // (estimate, bulletin index): index 0 is the newest bulletin.
        assert_eq!(pick_winner([(true, 0), (false, 5)]), Some(1));
    }

    #[test]
    fn later_bulletin_wins_among_equals() {
        assert_eq!(pick_winner([(false, 7), (false, 2), (false, 4)]), Some(1));
        assert_eq!(pick_winner([(true, 3), (true, 1)]), Some(1));
    }

    #[test]
    fn no_candidates_no_winner() {
        assert_eq!(pick_winner(std::iter::empty()), None);
    }
}
