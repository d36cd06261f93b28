//! Figures: the typed numbers a bulletin reports.

use crate::error::Location;
use crate::fields::FieldReader;
use crate::lang::Language;
use crate::yaml::Yaml;

/// The span a figure's value covers, ending with the bulletin's quarter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// The quarter itself (default).
    #[default]
    Quarter,
    /// The first six months of the year (“6 tháng đầu năm”).
    SixMonths,
    /// Nine months (“9 tháng”).
    NineMonths,
    /// The whole year (“cả năm”).
    Year,
}

impl Period {
    /// Parses the front-matter spelling.
    pub fn parse(s: &str) -> Option<Period> {
        match s.trim() {
            "quarter" => Some(Period::Quarter),
            "6-months" => Some(Period::SixMonths),
            "9-months" => Some(Period::NineMonths),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Quarter => "quarter",
            Period::SixMonths => "6-months",
            Period::NineMonths => "9-months",
            Period::Year => "year",
        }
    }

    /// A label in the site language.
    pub fn label(self, lang: Language) -> &'static str {
        match (self, lang) {
            (Period::Quarter, Language::Vi) => "Quý",
            (Period::SixMonths, Language::Vi) => "6 tháng",
            (Period::NineMonths, Language::Vi) => "9 tháng",
            (Period::Year, Language::Vi) => "Cả năm",
            (Period::Quarter, Language::En) => "Quarter",
            (Period::SixMonths, Language::En) => "6 months",
            (Period::NineMonths, Language::En) => "9 months",
            (Period::Year, Language::En) => "Year",
        }
    }
}

/// Which direction of change is good news for a figure (`good:` in `site.yaml`'s
/// `figures:` or on a bulletin's figure): themes colour and mark changes by it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Good {
    /// A rise is good news (production value, budget revenue).
    Up,
    /// A fall is good news (households below the poverty line).
    Down,
    /// Neither (default): changes are shown without judging them.
    #[default]
    Neutral,
}

impl Good {
    /// Parses the front-matter spelling.
    pub fn parse(s: &str) -> Option<Good> {
        match s.trim() {
            "up" => Some(Good::Up),
            "down" => Some(Good::Down),
            "neutral" => Some(Good::Neutral),
            _ => None,
        }
    }

    /// The front-matter spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Good::Up => "up",
            Good::Down => "down",
            Good::Neutral => "neutral",
        }
    }
}

/// The most digits after the point `decimals:` accepts.
pub const MAX_DECIMALS: u8 = 6;

/// What `site.yaml` says of a figure id once for every bulletin (`figures:` map); a
/// bulletin's figure overrides any of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FigureMeta {
    /// Label used when a bulletin's figure has none.
    pub label: Option<String>,
    /// Unit used when a bulletin's figure has none.
    pub unit: Option<String>,
    /// Direction that is good.
    pub good: Option<Good>,
    /// Digits after the point the figure is written with.
    pub decimals: Option<u8>,
}

/// One figure of a bulletin.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Stable slug across bulletins.
    pub id: String,
    /// Human label.
    pub label: String,
    /// The value.
    pub value: f64,
    /// Unit (`tỷ đồng`, `hộ`, `%`).
    pub unit: String,
    /// Span covered.
    pub period: Period,
    /// Percent change against the same period a year before.
    pub change_pct: Option<f64>,
    /// Percent of the year's plan reached.
    pub target_pct: Option<f64>,
    /// Provisional.
    pub estimate: bool,
    /// Free note.
    pub note: Option<String>,
    /// Direction that is good (the figure's `good:`, else `site.yaml`'s, else neutral).
    pub good: Good,
    /// Digits after the point the value is written with, when the editor said so
    /// (`decimals:` on the figure, else in `site.yaml`); confirms a value such as 2.305.
    pub decimals: Option<u8>,
    /// Where the figure's list item starts.
    pub location: Location,
    /// (line, column) of its `value`, `unit`, `label` and `change_pct` (or of the item when
    /// a key is absent) in the same file (kept as numbers: a site holds hundreds of
    /// thousands of figures).
    pub key_positions: [(u32, u32); 4],
}

impl Figure {
    fn at(&self, i: usize) -> Location {
        let (line, column) = self.key_positions[i];
        Location::at(self.location.path.clone(), line as usize, column as usize)
    }

    /// Where its `value` is.
    pub fn value_location(&self) -> Location {
        self.at(0)
    }

    /// Where its `unit` is.
    pub fn unit_location(&self) -> Location {
        self.at(1)
    }

    /// Where its `label` is.
    pub fn label_location(&self) -> Location {
        self.at(2)
    }

    /// Where its `change_pct` is (the item when it has none).
    pub fn change_location(&self) -> Location {
        self.at(3)
    }
}

const FIGURE_KEYS: &[&str] = &[
    "id",
    "label",
    "value",
    "unit",
    "period",
    "change_pct",
    "target_pct",
    "estimate",
    "note",
    "good",
    "decimals",
];

/// The keys of an entry of `site.yaml`'s `figures:` map.
const SITE_FIGURE_KEYS: &[&str] = &["label", "unit", "good", "decimals"];

/// Reads a `good:` value.
fn read_good(r: &mut FieldReader<'_>, p: &str, v: &Yaml) -> Option<Good> {
    let s = r.string(p, v)?;
    let good = Good::parse(&s);
    if good.is_none() {
        r.error(
            p,
            format!("invalid `good` value `{s}`: use up (a rise is good), down (a fall is good) or neutral"),
        );
    }
    good
}

/// Reads a `decimals:` value (a whole number from 0 to [`MAX_DECIMALS`]).
fn read_decimals(r: &mut FieldReader<'_>, p: &str, v: &Yaml) -> Option<u8> {
    match v {
        Yaml::Int(n) if (0..=i64::from(MAX_DECIMALS)).contains(n) => u8::try_from(*n).ok(),
        _ => {
            r.error(
                p,
                format!("`decimals` must be a whole number from 0 to {MAX_DECIMALS}: the digits after the point the value is written with"),
            );
            None
        }
    }
}

/// Reads `site.yaml`'s `figures:` map (figure id → [`FigureMeta`]).
pub fn read_site_figures(
    r: &mut FieldReader<'_>,
    value: &Yaml,
) -> std::collections::BTreeMap<String, FigureMeta> {
    let mut out = std::collections::BTreeMap::new();
    let entries = match value {
        Yaml::Map(entries) => entries,
        Yaml::Null => return out,
        other => {
            r.error(
                "figures",
                format!(
                    "`figures` must map figure ids to their `label`, `unit`, `good` and `decimals`, found {}",
                    other.kind()
                ),
            );
            return out;
        }
    };
    for (id, item) in entries {
        let base = format!("figures.{id}");
        if let Some(m) = crate::slug::length_problem("figure id", id) {
            r.error(&base, m);
            continue;
        }
        if !crate::slug::is_valid_slug(id) {
            let suggestion = crate::slug::slugify(id);
            r.error(
                &base,
                format!(
                    "figure id `{id}` must be a slug of a-z, 0-9 and `-` (e.g. `{suggestion}`)"
                ),
            );
            continue;
        }
        let Yaml::Map(keys) = item else {
            r.error(
                &base,
                format!(
                    "`figures.{id}` must be a mapping with any of `label`, `unit`, `good`, `decimals`; found {}",
                    item.kind()
                ),
            );
            continue;
        };
        let mut meta = FigureMeta::default();
        for (key, v) in keys {
            let p = format!("{base}.{key}");
            match key.as_str() {
                "label" => meta.label = r.non_empty_string(&p, v),
                "unit" => meta.unit = r.string(&p, v).map(|s| s.trim().to_owned()),
                "good" => meta.good = read_good(r, &p, v),
                "decimals" => meta.decimals = read_decimals(r, &p, v),
                other => r.unknown_key(&p, other, SITE_FIGURE_KEYS),
            }
        }
        out.insert(id.clone(), meta);
    }
    out
}

/// Reads the `figures:` list; every problem is recorded on `r`. `site` is `site.yaml`'s
/// figure metadata, which fills in what a figure does not say.
pub fn read_figures(
    r: &mut FieldReader<'_>,
    value: &Yaml,
    site: &std::collections::BTreeMap<String, FigureMeta>,
) -> Vec<Figure> {
    let items = match value {
        Yaml::Seq(items) => items,
        Yaml::Null => return Vec::new(),
        other => {
            r.error(
                "figures",
                format!(
                    "`figures` must be a list of `- id: …` entries, found {}",
                    other.kind()
                ),
            );
            return Vec::new();
        }
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| read_figure(r, &format!("figures[{i}]"), item, site))
        .collect()
}

fn read_figure(
    r: &mut FieldReader<'_>,
    base: &str,
    item: &Yaml,
    site: &std::collections::BTreeMap<String, FigureMeta>,
) -> Option<Figure> {
    let Yaml::Map(entries) = item else {
        r.error(
            base,
            format!(
                "a figure must be a mapping with `id`, `label`, `value`, `unit`; found {}",
                item.kind()
            ),
        );
        return None;
    };
    let mut id = None;
    let mut label = None;
    let mut value = None;
    let mut unit = None;
    let mut period = Period::Quarter;
    let mut change_pct = None;
    let mut target_pct = None;
    let mut estimate = false;
    let mut note = None;
    let mut good = None;
    let mut decimals = None;
    let mut ok = true;
    for (key, v) in entries {
        let p = format!("{base}.{key}");
        match key.as_str() {
            "id" => match r.non_empty_string(&p, v) {
                Some(s) => match crate::slug::length_problem("figure `id`", &s) {
                    Some(m) => {
                        r.error(&p, m);
                        ok = false;
                    }
                    None if crate::slug::is_valid_slug(&s) => id = Some(s),
                    None => {
                        let suggestion = crate::slug::slugify(&s);
                        r.error(&p, format!("figure `id` `{s}` must be a slug of a-z, 0-9 and `-` (e.g. `{suggestion}`)"));
                        ok = false;
                    }
                },
                None => ok = false,
            },
            "label" => label = r.non_empty_string(&p, v),
            "value" => value = r.number(&p, v),
            "unit" => unit = r.string(&p, v).map(|s| s.trim().to_owned()),
            "period" => {
                if let Some(s) = r.string(&p, v) {
                    match Period::parse(&s) {
                        Some(per) => period = per,
                        None => {
                            r.error(
                                &p,
                                format!(
                                    "invalid period `{s}`: use quarter, 6-months, 9-months or year"
                                ),
                            );
                            ok = false;
                        }
                    }
                }
            }
            "change_pct" => {
                change_pct = if matches!(v, Yaml::Null) {
                    None
                } else {
                    r.number(&p, v)
                }
            }
            "target_pct" => {
                target_pct = if matches!(v, Yaml::Null) {
                    None
                } else {
                    r.number(&p, v)
                }
            }
            "estimate" => estimate = r.bool(&p, v).unwrap_or(false),
            "note" => note = r.string(&p, v),
            "good" => {
                good = read_good(r, &p, v);
                ok &= good.is_some();
            }
            "decimals" => {
                decimals = read_decimals(r, &p, v);
                ok &= decimals.is_some();
            }
            other => {
                r.unknown_key(&p, other, FIGURE_KEYS);
                ok = false;
            }
        }
    }
    let has = |k: &str| entries.iter().any(|(key, _)| key == k);
    if !has("id") {
        r.error(base, "figure without `id`: add `id: gia-tri-san-xuat` (a slug that stays the same across bulletins)");
    }
    let meta = id.as_ref().and_then(|id| site.get(id));
    if label.is_none() && !has("label") {
        label = meta.and_then(|m| m.label.clone());
    }
    if unit.is_none() && !has("unit") {
        unit = meta.and_then(|m| m.unit.clone());
    }
    if !has("label") && label.is_none() {
        r.error(
            base,
            "figure without `label`: add `label: Giá trị sản xuất` (or give the figure id a label once, under `figures:` in site.yaml)",
        );
    }
    if !has("value") {
        r.error(base, "figure without `value`: add `value: 12335`");
    }
    if !has("unit") && unit.is_none() {
        r.error(
            base,
            "figure without `unit`: add `unit: tỷ đồng` (or `unit: \"\"` for a plain count; or give the figure id a unit once, under `figures:` in site.yaml)",
        );
    }
    if !ok {
        return None;
    }
    Some(Figure {
        id: id?,
        label: label?,
        value: value?,
        unit: unit?,
        period,
        change_pct,
        target_pct,
        estimate,
        note,
        good: good
            .or_else(|| meta.and_then(|m| m.good))
            .unwrap_or_default(),
        decimals: decimals.or_else(|| meta.and_then(|m| m.decimals)),
        location: r.location(base),
        key_positions: ["value", "unit", "label", "change_pct"].map(|k| {
            let l = r.location(&format!("{base}.{k}"));
            let n = |v: Option<usize>| u32::try_from(v.unwrap_or(1)).unwrap_or(u32::MAX);
            (n(l.line), n(l.column))
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;
    use crate::model::bulletin::parse_bulletin;

    const SITE: &str = "title: T\ndistrict: Cầu Giấy\nfigures:\n  ho-ngheo:\n    label: Hộ nghèo\n    unit: hộ\n    good: down\n    decimals: 0\n  thu-ngan-sach:\n    good: up\n";

    fn parse(config: &str, figures: &str) -> (Vec<Figure>, Vec<String>) {
        let (config, d) = parse_config(config);
        assert!(d.is_empty(), "{d:?}");
        let text = format!("---\ntitle: A\ndate: 2022-03-01\nfigures:\n{figures}---\nx\n");
        let parsed = parse_bulletin("content/a.md", &text, &config);
        let diags = parsed.diagnostics.iter().map(ToString::to_string).collect();
        (
            parsed.bulletin.map(|b| b.figures).unwrap_or_default(),
            diags,
        )
    }

    #[test]
    fn site_yaml_fills_label_unit_good_and_decimals() {
        let (figs, d) = parse(SITE, "  - id: ho-ngheo\n    value: 120\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(figs[0].label, "Hộ nghèo");
        assert_eq!(figs[0].unit, "hộ");
        assert_eq!(figs[0].good, Good::Down);
        assert_eq!(figs[0].decimals, Some(0));
    }

    #[test]
    fn a_bulletin_overrides_site_yaml() {
        let (figs, d) = parse(
            SITE,
            "  - id: ho-ngheo\n    label: Hộ nghèo (chuẩn mới)\n    unit: hộ gia đình\n    value: 2.305\n    good: neutral\n    decimals: 3\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(figs[0].label, "Hộ nghèo (chuẩn mới)");
        assert_eq!(figs[0].unit, "hộ gia đình");
        assert_eq!(figs[0].good, Good::Neutral);
        assert_eq!(figs[0].decimals, Some(3));
    }

    #[test]
    fn without_site_metadata_label_and_unit_stay_required_and_good_is_neutral() {
        let (figs, d) = parse(SITE, "  - id: thu-ngan-sach\n    value: 5\n");
        assert!(figs.is_empty());
        assert_eq!(
            d,
            [
                "content/a.md:5:3: error: figure without `label`: add `label: Giá trị sản xuất` (or give the figure id a label once, under `figures:` in site.yaml)",
                "content/a.md:5:3: error: figure without `unit`: add `unit: tỷ đồng` (or `unit: \"\"` for a plain count; or give the figure id a unit once, under `figures:` in site.yaml)",
            ]
        );
        let (figs, d) = parse(
            "title: T\ndistrict: Cầu Giấy\n",
            "  - id: x\n    label: X\n    value: 5\n    unit: ''\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!((figs[0].good, figs[0].decimals), (Good::Neutral, None));
    }

    #[test]
    fn bad_figure_metadata_is_located() {
        let (_, d) = parse_config(
            "title: T\nfigures:\n  Hộ Nghèo:\n    label: X\n  ho-ngheo:\n    good: sideways\n    decimals: 9\n    lable: X\n",
        );
        let d: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            d,
            [
                "site.yaml:3:3: error: figure id `Hộ Nghèo` must be a slug of a-z, 0-9 and `-` (e.g. `ho-ngheo`)",
                "site.yaml:6:5: error: invalid `good` value `sideways`: use up (a rise is good), down (a fall is good) or neutral",
                "site.yaml:7:5: error: `decimals` must be a whole number from 0 to 6: the digits after the point the value is written with",
                "site.yaml:8:5: error: unknown key `lable` (did you mean `label`?)",
            ]
        );
        let (_, d) = parse(SITE, "  - id: ho-ngheo\n    value: 1\n    good: yes\n");
        assert_eq!(
            d,
            [
                "content/a.md:7:5: error: invalid `good` value `yes`: use up (a rise is good), down (a fall is good) or neutral"
            ]
        );
    }
}
