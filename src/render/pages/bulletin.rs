//! The bulletin page: its view, metadata and search entry, pure functions of its
//! [`BulletinPageInputs`] and the rendered Markdown body (keyed by the inputs' `body`).

use crate::lang::Language;
use crate::render::build_views::{SharedRefs, bulletin_card_tags, figure_view};
use crate::render::inputs::{BulletinPageInputs, BulletinRef};
use crate::render::search;
use crate::render::view::{BulletinCard, BulletinView, Link, PageMeta};
use crate::urls::Urls;

/// The card of the page's bulletin.
pub(crate) fn card(
    inputs: &BulletinPageInputs<'_>,
    urls: &Urls,
    lang: Language,
    refs: &SharedRefs,
) -> BulletinCard {
    // Its own page shows every tag; lists show a few (see `CARD_TAGS`).
    bulletin_card_tags(&inputs.card, urls, lang, refs, usize::MAX)
}

/// The page's `page` value. Its share image is the bulletin's cover when that is a
/// raster image (sharing sites do not show SVG), else the card of its district's quarter.
pub(crate) fn meta(
    inputs: &BulletinPageInputs<'_>,
    card: &BulletinCard,
    urls: &Urls,
    lang: Language,
) -> PageMeta {
    let b = inputs.card.bulletin.0;
    let cover = card
        .image
        .clone()
        .filter(|url| crate::share::is_raster(url));
    let (image, image_alt) = match (cover, inputs.card.district) {
        (Some(cover), _) => (Some(cover), Some(b.title.clone())),
        (None, Some(district)) => (
            Some(urls.file_url(&Urls::share_card(&district.term.slug, b.quarter))),
            Some(crate::share::card_alt(
                &district.term.name,
                &b.quarter.label(lang),
                lang,
            )),
        ),
        (None, None) => (None, None),
    };
    PageMeta {
        kind: "bulletin",
        title: b.title.clone(),
        description: Some(b.summary.clone()),
        url: card.url.clone(),
        image,
        image_alt,
        feeds: Vec::new(),
        alternates: Vec::new(),
    }
}

/// The page's `bulletin` value, its body rendered to `content`.
pub(crate) fn view(
    inputs: &BulletinPageInputs<'_>,
    card: BulletinCard,
    content: String,
    urls: &Urls,
    lang: Language,
) -> BulletinView {
    let b = inputs.card.bulletin.0;
    let link = |r: &BulletinRef<'_>| Link {
        title: r.0.title.clone(),
        url: urls.url(&Urls::bulletin(&r.0.slug)),
    };
    BulletinView {
        content,
        figures: b.figures.iter().map(|f| figure_view(f, lang)).collect(),
        updated: b.updated.as_ref().map(|u| u.display(lang)),
        updated_iso: b
            .updated
            .as_ref()
            .map(crate::model::date::BulletinDate::rfc3339),
        source: b.source_url.clone(),
        extra: b
            .extra
            .clone()
            .unwrap_or(serde_json::Value::Object(serde_json::Map::new())),
        prev: inputs.older.as_ref().map(link),
        next: inputs.newer.as_ref().map(link),
        related: inputs.related.iter().map(link).collect(),
        card,
        cover: None,
    }
}

/// The bulletin's search entry; `text` is its body as plain text.
pub(crate) fn search_entry(
    inputs: &BulletinPageInputs<'_>,
    card: &BulletinCard,
    text: &str,
    lang: Language,
) -> search::Entry {
    let b = inputs.card.bulletin.0;
    search::SearchEntry {
        u: card.url.clone(),
        t: card.title.clone(),
        d: card.date.clone(),
        q: b.quarter.label(lang),
        g: inputs
            .card
            .district
            .map(|d| d.term.name.clone())
            .unwrap_or_default(),
        k: inputs
            .card
            .tags
            .iter()
            .map(|t| t.term.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        x: search::entry_text(&b.summary, text),
    }
    .into_entry(&b.summary, text)
}
