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
];

/// Reads the `figures:` list; every problem is recorded on `r`.
pub fn read_figures(r: &mut FieldReader<'_>, value: &Yaml) -> Vec<Figure> {
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
        .filter_map(|(i, item)| read_figure(r, &format!("figures[{i}]"), item))
        .collect()
}

fn read_figure(r: &mut FieldReader<'_>, base: &str, item: &Yaml) -> Option<Figure> {
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
    let mut ok = true;
    for (key, v) in entries {
        let p = format!("{base}.{key}");
        match key.as_str() {
            "id" => match r.non_empty_string(&p, v) {
                Some(s) if crate::slug::is_valid_slug(&s) => id = Some(s),
                Some(s) => {
                    let suggestion = crate::slug::slugify(&s);
                    r.error(&p, format!("figure `id` `{s}` must be a slug of a-z, 0-9 and `-` (e.g. `{suggestion}`)"));
                    ok = false;
                }
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
    if !has("label") {
        r.error(
            base,
            "figure without `label`: add `label: Giá trị sản xuất`",
        );
    }
    if !has("value") {
        r.error(base, "figure without `value`: add `value: 12335`");
    }
    if !has("unit") {
        r.error(
            base,
            "figure without `unit`: add `unit: tỷ đồng` (or `unit: \"\"` for a plain count)",
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
        location: r.location(base),
        key_positions: ["value", "unit", "label", "change_pct"].map(|k| {
            let l = r.location(&format!("{base}.{k}"));
            let n = |v: Option<usize>| u32::try_from(v.unwrap_or(1)).unwrap_or(u32::MAX);
            (n(l.line), n(l.column))
        }),
    })
}
