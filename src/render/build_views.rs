//! Builds view structs from the site index (pure: no disk access).

use crate::lang::Language;
use crate::model::bulletin::Bulletin;
use crate::model::figure::Figure;
use crate::model::quarter::Quarter;
use crate::numfmt;
use crate::render::view::{BulletinCard, FigureRow, FigureView, QuarterRef, TermRef};
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

/// A figure, preformatted.
pub fn figure_view(f: &Figure, lang: Language) -> FigureView {
    let direction = f.change_pct.map(|c| {
        if numfmt::format_percent(c.abs(), lang).trim_end_matches('%') == "0" {
            "flat"
        } else if c > 0.0 {
            "up"
        } else {
            "down"
        }
    });
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

/// A bulletin card.
pub fn bulletin_card(site: &Site, i: usize, urls: &Urls) -> BulletinCard {
    let b = &site.bulletins[i];
    let lang = site.config.language;
    let url = urls.url(&Urls::bulletin(&b.slug));
    let district = &site.districts[site.bulletin_district[i]];
    BulletinCard {
        title: b.title.clone(),
        slug: b.slug.clone(),
        date: b.date.display(lang),
        date_iso: b.date.rfc3339(),
        quarter: quarter_ref(b.quarter, urls, lang),
        district: TermRef {
            name: district.name.clone(),
            slug: district.slug.clone(),
            url: site
                .has_district_pages()
                .then(|| urls.url(&Urls::district(&district.slug, 1))),
        },
        tags: site.bulletin_tags[i]
            .iter()
            .map(|&t| {
                let term = &site.tags[t];
                TermRef {
                    name: term.name.clone(),
                    slug: term.slug.clone(),
                    url: Some(urls.url(&Urls::tag(&term.slug, 1))),
                }
            })
            .collect(),
        summary: b.summary.clone(),
        author: b.author.clone(),
        image: image_url(b, &url),
        draft: b.draft,
        url,
    }
}

/// Figure rows of a set of bulletins (in the given order, figures in author order).
pub fn figure_rows(site: &Site, bulletins: &[usize], urls: &Urls) -> Vec<FigureRow> {
    let lang = site.config.language;
    bulletins
        .iter()
        .flat_map(|&i| {
            let b = &site.bulletins[i];
            let url = urls.url(&Urls::bulletin(&b.slug));
            b.figures.iter().map(move |f| FigureRow {
                figure: figure_view(f, lang),
                bulletin_title: b.title.clone(),
                bulletin_url: url.clone(),
                district: b.district.clone(),
            })
        })
        .collect()
}
