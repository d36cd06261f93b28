//! Chart axes: round value ticks and quarter labels thinned to what a width can hold.

use crate::lang::Language;
use crate::model::quarter::Quarter;

/// A quarter as a number that counts quarters (`year * 4 + number - 1`).
pub fn quarter_index(q: Quarter) -> i32 {
    i32::from(q.year()) * 4 + i32::from(q.number()) - 1
}

fn quarter_at(i: i32) -> Option<Quarter> {
    i16::try_from(i.div_euclid(4))
        .ok()
        .and_then(|y| Quarter::new(y, u8::try_from(i.rem_euclid(4) + 1).ok()?))
}

/// Tick labels on the x axis, at most `max` of them: every quarter when they fit, else
/// every second, third… quarter (in the compact form when `compact`), else the first
/// quarter of every year or every few years (as the year).
pub fn x_labels(
    q_min: i32,
    q_max: i32,
    max: usize,
    compact: bool,
    lang: Language,
) -> Vec<(Quarter, String)> {
    if q_max < q_min {
        return Vec::new();
    }
    let max = max.max(1);
    let span = usize::try_from(q_max - q_min + 1).unwrap_or(usize::MAX);
    let label = |q: Quarter| {
        if compact {
            compact_label(q, lang)
        } else {
            short_label(q, lang)
        }
    };
    if span <= max * 3 {
        let every = span.div_ceil(max).max(1);
        return (q_min..=q_max)
            .step_by(every)
            .filter_map(quarter_at)
            .map(|q| (q, label(q)))
            .collect();
    }
    let years: Vec<Quarter> = (q_min..=q_max)
        .filter(|i| i.rem_euclid(4) == 0)
        .filter_map(quarter_at)
        .collect();
    let every = years.len().div_ceil(max).max(1);
    years
        .into_iter()
        .step_by(every)
        .map(|q| (q, q.year().to_string()))
        .collect()
}

/// `I/2022` (vi) or `Q1 2022` (en).
pub fn short_label(q: Quarter, lang: Language) -> String {
    match lang {
        Language::Vi => format!("{}/{}", roman(q), q.year()),
        Language::En => format!("Q{} {}", q.number(), q.year()),
    }
}

/// `I/22` (vi) or `Q1/22` (en): for narrow charts.
pub fn compact_label(q: Quarter, lang: Language) -> String {
    let yy = q.year().rem_euclid(100);
    match lang {
        Language::Vi => format!("{}/{yy:02}", roman(q)),
        Language::En => format!("Q{}/{yy:02}", q.number()),
    }
}

fn roman(q: Quarter) -> &'static str {
    ["I", "II", "III", "IV"][usize::from(q.number().clamp(1, 4)) - 1]
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
pub fn tick_decimals(ticks: &[f64]) -> u32 {
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

/// Spreads labels wanted at heights `ys` (in drawing order) so that no two are closer than
/// `gap`, keeping them within `lo..=hi` where room allows; returns the heights to draw at.
pub fn spread_labels(ys: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|&a, &b| ys[a].total_cmp(&ys[b]));
    let mut placed = vec![0.0; ys.len()];
    let mut prev = f64::NEG_INFINITY;
    for &i in &order {
        let y = ys[i].max(prev + gap).max(lo);
        placed[i] = y;
        prev = y;
    }
    // Pushed past the bottom: shift the run back up, keeping the gaps.
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        let y = placed[i].min(next - gap).min(hi);
        placed[i] = y;
        next = y;
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(y: i16, n: u8) -> Quarter {
        Quarter::new(y, n).expect("valid quarter")
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
    fn quarter_labels() {
        assert_eq!(short_label(q(2022, 3), Language::Vi), "III/2022");
        assert_eq!(short_label(q(2022, 3), Language::En), "Q3 2022");
        assert_eq!(compact_label(q(2021, 4), Language::Vi), "IV/21");
        assert_eq!(compact_label(q(2005, 1), Language::En), "Q1/05");
    }

    #[test]
    fn x_labels_fit_the_room() {
        let i = |y, n| quarter_index(q(y, n));
        assert_eq!(
            x_labels(i(2022, 1), i(2022, 4), 12, false, Language::En).len(),
            4
        );
        // 40 quarters on a wide chart: one label per year.
        let years = x_labels(i(2015, 1), i(2024, 4), 12, false, Language::En);
        assert_eq!(years.len(), 10);
        assert_eq!(years[0].1, "2015");
        // 8 quarters on a narrow chart: every second one, compact.
        let narrow = x_labels(i(2021, 3), i(2023, 2), 4, true, Language::Vi);
        let labels: Vec<&str> = narrow.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["III/21", "I/22", "III/22", "I/23"]);
    }

    #[test]
    fn spread_labels_keeps_gaps_and_order() {
        let placed = spread_labels(&[100.0, 102.0, 50.0], 16.0, 0.0, 300.0);
        assert_eq!(placed, vec![100.0, 116.0, 50.0]);
        // Crowded at the bottom: moved up, still apart.
        let placed = spread_labels(&[298.0, 299.0], 16.0, 0.0, 300.0);
        assert_eq!(placed, vec![284.0, 300.0]);
    }
}
