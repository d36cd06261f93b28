//! Consistency checks across bulletins' figures, each naming every file and line involved:
//!
//! * one id with two units (error) or two labels (warning);
//! * one observation (id, district, period, quarter) reported with different values, when
//!   the difference is not an estimate replaced by a final value (warning);
//! * a value about 1,000 times off the same figure's other values for the district, the
//!   mark of YAML reading `12.335` as twelve point three (warning);
//! * a `change_pct` more than one point away from the change computed from the value a
//!   year earlier (warning).
//!
//! Every check is one pass over grouped reports (hash maps), linear in the figures reported.

use crate::error::{Diagnostic, Location};
use crate::figures::rows::plain;
use crate::figures::series::{ObservationKey, Report, group_reports, winner};
use crate::model::bulletin::nfc;
use crate::site::Site;
use std::collections::{BTreeMap, HashMap};

/// How far (in percentage points) a `change_pct` may be from the computed change.
pub const CHANGE_TOLERANCE: f64 = 1.0;

/// Runs every figure check over the published bulletins.
pub fn check_figures(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut reports: Vec<Report> = Vec::new();
    for (i, b) in site.bulletins.iter().enumerate() {
        for j in 0..b.figures.len() {
            reports.push(Report {
                bulletin: i,
                figure: j,
            });
        }
    }
    // Path order (then position) makes "the first" report deterministic.
    reports.sort_by(|a, b| {
        (&site.bulletins[a.bulletin].path, a.figure)
            .cmp(&(&site.bulletins[b.bulletin].path, b.figure))
    });
    check_units_and_labels(site, &reports, &mut diags);
    let groups = group_reports(site);
    check_duplicates(site, &groups, &mut diags);
    check_thousandfold(site, &groups, &mut diags);
    check_changes(site, &groups, &mut diags);
    diags
}

/// For each id: the most used spelling of a field (ties: first seen) and where each spelling
/// is first seen.
#[derive(Default)]
struct Spellings {
    /// spelling → (count, order first seen, location first seen)
    counts: BTreeMap<String, (usize, usize, Location)>,
}

impl Spellings {
    fn add(&mut self, spelling: String, order: usize, loc: &Location) {
        let e = self
            .counts
            .entry(spelling)
            .or_insert_with(|| (0, order, loc.clone()));
        e.0 += 1;
    }

    fn reference(&self) -> Option<(&String, &Location)> {
        self.counts
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1)))
            .map(|(s, (_, _, l))| (s, l))
    }
}

fn check_units_and_labels(site: &Site, reports: &[Report], diags: &mut Vec<Diagnostic>) {
    let mut units: HashMap<&str, Spellings> = HashMap::new();
    let mut labels: HashMap<&str, Spellings> = HashMap::new();
    for (order, r) in reports.iter().enumerate() {
        let f = r.figure(site);
        units
            .entry(&f.id)
            .or_default()
            .add(nfc(&f.unit), order, &f.unit_location());
        labels
            .entry(&f.id)
            .or_default()
            .add(nfc(&f.label), order, &f.label_location());
    }
    // Units: every report with another unit is an error (each would be a wrong point).
    for r in reports {
        let f = r.figure(site);
        let Some((unit, loc)) = units.get(f.id.as_str()).and_then(Spellings::reference) else {
            continue;
        };
        if &nfc(&f.unit) != unit {
            diags.push(Diagnostic::error(
                f.unit_location(),
                format!(
                    "figure `{}` has unit `{}` here but `{unit}` in {loc}: one id must keep one unit (convert the value, or use another id)",
                    f.id, f.unit
                ),
            ));
        }
    }
    // Labels: one warning per other spelling, where it is first seen.
    let mut ids: Vec<&&str> = labels.keys().collect();
    ids.sort_unstable();
    for id in ids {
        let Some(sp) = labels.get(*id) else { continue };
        let Some((label, loc)) = sp.reference() else {
            continue;
        };
        for (other, (_, _, other_loc)) in &sp.counts {
            if other != label {
                diags.push(Diagnostic::warning(
                    other_loc.clone(),
                    format!(
                        "figure `{id}` is labelled `{other}` here but `{label}` in {loc}: use one label per id"
                    ),
                ));
            }
        }
    }
}

fn describe(site: &Site, key: &ObservationKey<'_>) -> String {
    let district = site
        .districts
        .get(key.district)
        .map_or("", |t| t.name.as_str());
    format!(
        "figure `{}` for {district}, {} ({})",
        key.id,
        key.quarter,
        key.period.as_str()
    )
}

fn same_value(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn check_duplicates(
    site: &Site,
    groups: &HashMap<ObservationKey<'_>, Vec<Report>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, reports) in groups {
        if reports.len() < 2 {
            continue;
        }
        let Some(w) = winner(site, reports) else {
            continue;
        };
        let wf = w.figure(site);
        for r in reports {
            if *r == w {
                continue;
            }
            let f = r.figure(site);
            let replaced_estimate = f.estimate && !wf.estimate;
            if replaced_estimate || same_value(f.value, wf.value) {
                continue;
            }
            let why = if wf.estimate == f.estimate {
                "the later bulletin"
            } else {
                "the final value"
            };
            diags.push(Diagnostic::warning(
                f.value_location(),
                format!(
                    "{} is {} here but {} in {} ({why}, which the charts use): correct one of them, or mark the earlier one `estimate: true`",
                    describe(site, key),
                    plain(f.value),
                    plain(wf.value),
                    wf.value_location()
                ),
            ));
        }
    }
}

/// Whether `value` is about 1,000 times `reference` (within a factor of √10 either way).
pub fn about_thousand_times(value: f64, reference: f64) -> bool {
    if value == 0.0 || reference == 0.0 || !value.is_finite() || !reference.is_finite() {
        return false;
    }
    let ratio = (value / reference).abs().log10();
    (ratio - 3.0).abs() < 0.5
}

fn check_thousandfold(
    site: &Site,
    groups: &HashMap<ObservationKey<'_>, Vec<Report>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_district: HashMap<(&str, usize), Vec<Report>> = HashMap::new();
    for (key, reports) in groups {
        by_district
            .entry((key.id, key.district))
            .or_default()
            .extend(reports.iter().copied());
    }
    for ((id, district), reports) in by_district {
        if reports.len() < 2 {
            continue;
        }
        let mut values: Vec<f64> = reports
            .iter()
            .map(|r| r.figure(site).value.abs())
            .filter(|v| v.is_finite() && *v > 0.0)
            .collect();
        values.sort_by(f64::total_cmp);
        let Some(&median) = values.get(values.len() / 2) else {
            continue;
        };
        let name = site.districts.get(district).map_or("", |t| t.name.as_str());
        for r in &reports {
            let f = r.figure(site);
            let v = f.value.abs();
            // With two values the "median" may be the wrong one: compare with the other.
            let reference = if values.len() == 2 {
                if same_value(v, values[0]) {
                    values[1]
                } else {
                    values[0]
                }
            } else {
                median
            };
            if about_thousand_times(reference, v) {
                diags.push(Diagnostic::warning(
                    f.value_location(),
                    format!(
                        "figure `{id}` is {} here, about 1,000 times less than its other values for {name} (around {}): YAML reads `12.335` as twelve point three — write 12335, without the dot",
                        plain(f.value),
                        plain(reference)
                    ),
                ));
            } else if values.len() > 2 && about_thousand_times(v, reference) {
                diags.push(Diagnostic::warning(
                    f.value_location(),
                    format!(
                        "figure `{id}` is {} here, about 1,000 times more than its other values for {name} (around {}): check the unit and the digits",
                        plain(f.value),
                        plain(reference)
                    ),
                ));
            }
        }
    }
}

/// The percent change from `before` to `now`, or `None` when `before` is zero.
pub fn computed_change(now: f64, before: f64) -> Option<f64> {
    (before != 0.0 && before.is_finite() && now.is_finite()).then(|| (now / before - 1.0) * 100.0)
}

fn check_changes(
    site: &Site,
    groups: &HashMap<ObservationKey<'_>, Vec<Report>>,
    diags: &mut Vec<Diagnostic>,
) {
    for (key, reports) in groups {
        let before_key = ObservationKey {
            quarter: key.quarter.year_before(),
            ..*key
        };
        let Some(before) = groups.get(&before_key).and_then(|r| winner(site, r)) else {
            continue;
        };
        let bf = before.figure(site);
        for r in reports {
            let f = r.figure(site);
            let (Some(stated), Some(computed)) = (f.change_pct, computed_change(f.value, bf.value))
            else {
                continue;
            };
            if (stated - computed).abs() > CHANGE_TOLERANCE + 1e-9 {
                diags.push(Diagnostic::warning(
                    f.change_location(),
                    format!(
                        "{} says change_pct {} but its value {} against {} a year earlier ({}, {}) is a change of {}%: correct change_pct or one of the values",
                        describe(site, key),
                        plain(stated),
                        plain(f.value),
                        plain(bf.value),
                        before_key.quarter,
                        bf.value_location(),
                        plain((computed * 10.0).round() / 10.0)
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousandfold_catches_the_yaml_dot() {
        assert!(about_thousand_times(12335.0, 12.335));
        assert!(about_thousand_times(12000.0, 13.1));
        assert!(!about_thousand_times(12335.0, 11000.0));
        assert!(!about_thousand_times(12335.0, 123.0));
        assert!(!about_thousand_times(0.0, 12.0));
    }

    #[test]
    fn change_is_relative_to_the_year_before() {
        let c = computed_change(121.0, 100.0).expect("nonzero base");
        assert!((c - 21.0).abs() < 1e-9);
        assert!(computed_change(5.0, 0.0).is_none());
        let c = computed_change(96.5, 100.0).expect("nonzero base");
        assert!((c + 3.5).abs() < 1e-9);
    }

    #[test]
    fn equal_values_tolerate_float_noise() {
        assert!(same_value(0.1 + 0.2, 0.3));
        assert!(!same_value(2305.0, 2310.0));
    }
}
