//! Builds view structs from the site index (pure: no disk access).

use crate::lang::Language;
use crate::model::bulletin::Bulletin;
use crate::model::figure::{Figure, Good};
use crate::model::quarter::Quarter;
use crate::numfmt;
use crate::render::inputs::CardInputs;
use crate::render::view::{BulletinCard, FigureRow, FigureView, PageLink, QuarterRef, TermRef};
use crate::site::Site;
use crate::urls::Urls;

/// A quarter as a link.
pub fn quarter_ref(q: Quarter, urls: &Urls, lang: Language) -> QuarterRef {
    QuarterRef {
        label: q.label(lang),
        slug: q.slug(),
        id: q.to_string(),
        url: urls.url(&Urls::quarter(q, 1)),
        year: q.year(),
        number: q.number(),
    }
}

/// `up`, `down` or `flat` (a change that rounds to 0% is flat).
pub fn change_direction(pct: f64, lang: Language) -> &'static str {
    if numfmt::format_percent(pct.abs(), lang).trim_end_matches('%') == "0" {
        "flat"
    } else if pct > 0.0 {
        "up"
    } else {
        "down"
    }
}

/// Whether a change in `direction` is `good`, `bad` or `neutral` news for a figure.
pub fn change_tone(direction: &str, good: Good) -> &'static str {
    match (direction, good) {
        ("up", Good::Up) | ("down", Good::Down) => "good",
        ("up", Good::Down) | ("down", Good::Up) => "bad",
        _ => "neutral",
    }
}

/// A figure, preformatted.
pub fn figure_view(f: &Figure, lang: Language) -> FigureView {
    let direction = f.change_pct.map(|c| change_direction(c, lang));
    FigureView {
        id: f.id.clone(),
        label: f.label.clone(),
        value: f.value,
        value_display: numfmt::format_number(f.value, lang, None),
        unit: f.unit.clone(),
        period: f.period.as_str(),
        period_label: f.period.label(lang),
        change_pct: f.change_pct,
        change_display: f.change_pct.map(|c| numfmt::format_change(c, lang)),
        change_direction: direction,
        change_long: f.change_pct.map(|c| numfmt::format_change_long(c, lang)),
        change_tone: direction.map(|d| change_tone(d, f.good)),
        good: f.good.as_str(),
        target_pct: f.target_pct,
        target_display: f.target_pct.map(|t| numfmt::format_percent(t, lang)),
        target_bar: f.target_pct.map(|t| t.clamp(0.0, 100.0)),
        estimate: f.estimate,
        note: f.note.clone(),
    }
}

/// The absolute URL of a bulletin's cover image, if it has one.
pub fn image_url(b: &Bulletin, page_url: &str) -> Option<String> {
    let img = b.image.as_deref()?;
    if img.starts_with("https://") || img.starts_with("http://") {
        return Some(img.to_owned());
    }
    let name = img.rsplit('/').next().unwrap_or(img);
    Some(format!("{page_url}{name}"))
}

/// The quarter, tag and district values every card points at, built once per render so a
/// card holds references to them instead of copies (about 1 KB less per bulletin).
pub struct SharedRefs {
    quarters: std::collections::BTreeMap<Quarter, tera::Value>,
    tags: Vec<tera::Value>,
    districts: Vec<tera::Value>,
}

impl SharedRefs {
    /// Builds the values of every quarter, tag and district of `site`.
    pub fn new(site: &Site, urls: &Urls) -> SharedRefs {
        let lang = site.config.language;
        let term = |t: &crate::site::Term, url: Option<String>| {
            tera::Value::from_serializable(&TermRef {
                name: t.name.clone(),
                slug: t.slug.clone(),
                url,
            })
        };
        SharedRefs {
            quarters: site
                .quarters
                .keys()
                .map(|q| {
                    (
                        *q,
                        tera::Value::from_serializable(&quarter_ref(*q, urls, lang)),
                    )
                })
                .collect(),
            tags: site
                .tags
                .iter()
                .map(|t| term(t, Some(urls.url(&Urls::tag(&t.slug, 1)))))
                .collect(),
            districts: site
                .districts
                .iter()
                .map(|d| {
                    let url = site
                        .has_district_pages()
                        .then(|| urls.url(&Urls::district(&d.slug, 1)));
                    term(d, url)
                })
                .collect(),
        }
    }
}

/// How many of a bulletin's tags its card shows (and its feed entries name).
pub(crate) const CARD_TAGS: usize = 10;

/// A bulletin card: a pure function of its inputs (`refs` holds the values of the
/// quarters, tags and districts the inputs name).
pub(crate) fn bulletin_card(
    card: &CardInputs<'_>,
    urls: &Urls,
    lang: Language,
    refs: &SharedRefs,
) -> BulletinCard {
    bulletin_card_tags(card, urls, lang, refs, CARD_TAGS)
}

/// [`bulletin_card`] with up to `tags` of its tags (the bulletin's own page shows all).
pub(crate) fn bulletin_card_tags(
    card: &CardInputs<'_>,
    urls: &Urls,
    lang: Language,
    refs: &SharedRefs,
    tags: usize,
) -> BulletinCard {
    let tag_limit = tags;
    let b = card.bulletin.0;
    let url = urls.url(&Urls::bulletin(&b.slug));
    let pick =
        |values: &[tera::Value], n: usize| values.get(n).cloned().unwrap_or_else(tera::Value::none);
    // A card is on every list that holds its bulletin, one per tag: all N tags on each of
    // N tag pages would be O(N²) bytes. The bulletin's own page shows them all.
    let tags: Vec<tera::Value> = card
        .tags
        .iter()
        .take(tag_limit)
        .map(|t| pick(&refs.tags, t.index))
        .collect();
    BulletinCard {
        title: b.title.clone(),
        slug: b.slug.clone(),
        date: b.date.display(lang),
        date_iso: b.date.rfc3339(),
        quarter: refs
            .quarters
            .get(&b.quarter)
            .cloned()
            .unwrap_or_else(|| tera::Value::from_serializable(&quarter_ref(b.quarter, urls, lang))),
        district: card
            .district
            .map_or_else(tera::Value::none, |d| pick(&refs.districts, d.index)),
        tags: tera::Value::from_serializable(&tags),
        summary: b.summary.clone(),
        author: b.author.clone(),
        image: image_url(b, &url),
        draft: b.draft,
        url,
    }
}

/// The figure rows of a set of bulletins, as quarter, district and home pages show them:
/// one row per figure, district, period and quarter, holding the winning report (a final
/// value beats an estimate, otherwise the later bulletin wins; issue #4), so a table stays
/// as long as the number of figures, not of bulletins. Rows follow the first report of each
/// in the given order (newest bulletin first), figures in author order.
pub fn figure_rows(site: &Site, bulletins: &[usize], urls: &Urls) -> Vec<FigureRow> {
    use crate::figures::series::pick_winner;
    use std::collections::HashMap;
    let lang = site.config.language;
    // (id, district, period, quarter) → its reports, in first-seen order.
    let mut order: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut slots: HashMap<(&str, usize, crate::model::figure::Period, Quarter), usize> =
        HashMap::new();
    for &i in bulletins {
        let b = &site.bulletins[i];
        let district = site.bulletin_district.get(i).copied().unwrap_or(0);
        for (j, f) in b.figures.iter().enumerate() {
            let key = (f.id.as_str(), district, f.period, b.quarter);
            let slot = *slots.entry(key).or_insert_with(|| {
                order.push(Vec::new());
                order.len() - 1
            });
            order[slot].push((i, j));
        }
    }
    order
        .iter()
        .filter_map(|reports| {
            let pos = pick_winner(
                reports
                    .iter()
                    .map(|&(i, j)| (site.bulletins[i].figures[j].estimate, i)),
            )?;
            let &(i, j) = reports.get(pos)?;
            let b = &site.bulletins[i];
            Some(FigureRow {
                figure: figure_view(&b.figures[j], lang),
                bulletin_title: b.title.clone(),
                bulletin_url: urls.url(&Urls::bulletin(&b.slug)),
                district: b.district.clone(),
            })
        })
        .collect()
}

/// The page links a paginator shows: the first and last pages and two on each side of the
/// current one; a gap of a single page is filled in rather than shown as `…`.
pub fn page_links(current: usize, total: usize, url: impl Fn(usize) -> String) -> Vec<PageLink> {
    let mut numbers: Vec<usize> = [1, total]
        .into_iter()
        .chain(current.saturating_sub(2)..=current + 2)
        .filter(|n| (1..=total).contains(n))
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    // Fill single-page gaps (1 … 3 → 1 2 3).
    let mut filled: Vec<usize> = Vec::with_capacity(numbers.len() + 2);
    for n in numbers {
        if let Some(&last) = filled.last()
            && n == last + 2
        {
            filled.push(last + 1);
        }
        filled.push(n);
    }
    let mut previous = 0;
    filled
        .into_iter()
        .map(|number| {
            let link = PageLink {
                number,
                url: url(number),
                current: number == current,
                gap_before: number > previous + 1,
            };
            previous = number;
            link
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(current: usize, total: usize) -> String {
        page_links(current, total, |n| n.to_string())
            .iter()
            .map(|p| {
                format!(
                    "{}{}{}",
                    if p.gap_before { "… " } else { "" },
                    p.number,
                    if p.current { "*" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn page_links_show_ends_and_a_window() {
        assert_eq!(shown(1, 1), "1*");
        assert_eq!(shown(1, 3), "1* 2 3");
        assert_eq!(shown(10, 437), "1 … 8 9 10* 11 12 … 437");
        assert_eq!(shown(4, 437), "1 2 3 4* 5 6 … 437");
        assert_eq!(shown(437, 437), "1 … 435 436 437*");
        assert_eq!(page_links(200, 400, |n| n.to_string()).len(), 7);
    }
}
