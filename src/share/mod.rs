//! Share images: one 1200×630 raster card per district and quarter, shown by Facebook,
//! Zalo and X when a bulletin is shared (they do not show SVG).
//!
//! A card is a pure function of its [`CardInputs`] (district, quarter, up to three headline
//! figures already formatted in the site's language, the site name): [`card_svg`] lays it
//! out as SVG text, [`rasterise`] draws it with `resvg` and the Noto Sans subset bundled in
//! `src/share/fonts/` (so the result does not depend on the fonts of the machine) and
//! writes an indexed-colour PNG. One card per district and quarter keeps the count bounded
//! (hundreds, not one per bulletin).

mod palette;

use crate::escape::markup;
use crate::lang::Language;
use crate::model::figure::Figure;
use crate::model::quarter::Quarter;
use crate::numfmt::{format_change, format_number};
use crate::site::Site;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// Width of a share image, in pixels (the size Facebook, Zalo and X recommend).
pub(crate) const WIDTH: u32 = 1200;
/// Height of a share image, in pixels.
pub(crate) const HEIGHT: u32 = 630;
/// At most this many figures on a card.
const MAX_FIGURES: usize = 3;
/// Bumped whenever the drawing changes, so cached cards are redrawn.
const DRAWING_VERSION: u32 = 1;

const FONT_REGULAR: &[u8] = include_bytes!("fonts/NotoSans-Regular.ttf");
const FONT_BOLD: &[u8] = include_bytes!("fonts/NotoSans-Bold.ttf");

/// Everything a card shows; nothing else reaches its drawing.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct CardInputs {
    /// The site's title (`site.yaml` `title`).
    pub site_title: String,
    /// The district's name.
    pub district: String,
    /// The quarter, as readers write it (`Quý I/2022`).
    pub quarter: String,
    /// Up to three headline figures.
    pub figures: Vec<CardFigure>,
}

/// A figure on a card, formatted in the site's language.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct CardFigure {
    /// The figure's label.
    pub label: String,
    /// Value and unit (`12.335 tỷ đồng`), with the estimate mark when provisional.
    pub value: String,
    /// The change against the same period a year before (`tăng 7,6% so với cùng kỳ`).
    pub change: Option<String>,
}

impl CardInputs {
    /// A stable key of the card's bytes: its inputs and the drawing's version (no theme:
    /// a card does not use it). Its memo key in `serve` and its name in the disk cache.
    pub(crate) fn key(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        DRAWING_VERSION.hash(&mut h);
        self.hash(&mut h);
        h.finish()
    }
}

/// A card to publish: where it goes ([`crate::urls::Urls::share_card`]) and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlannedCard {
    /// Output path relative to the output root.
    pub rel: String,
    /// What it shows.
    pub inputs: CardInputs,
}

/// Plans one card per (district, quarter) that has bulletins, in a stable order. The
/// headline figures are the first distinct figure ids of the quarter's bulletins of the
/// district, newest bulletin first, each with the value of the newest bulletin reporting it.
pub(crate) fn plan_cards(site: &Site) -> Vec<PlannedCard> {
    let lang = site.config.language;
    let mut by_card: BTreeMap<(usize, Quarter), Vec<usize>> = BTreeMap::new();
    for (i, b) in site.bulletins.iter().enumerate() {
        let district = site.bulletin_district.get(i).copied().unwrap_or(0);
        by_card.entry((district, b.quarter)).or_default().push(i);
    }
    by_card
        .into_iter()
        .filter_map(|((district, quarter), bulletins)| {
            let term = site.districts.get(district)?;
            let mut figures: Vec<&Figure> = Vec::new();
            for &i in &bulletins {
                for f in &site.bulletins[i].figures {
                    if figures.len() < MAX_FIGURES && figures.iter().all(|g| g.id != f.id) {
                        figures.push(f);
                    }
                }
            }
            Some(PlannedCard {
                rel: crate::urls::Urls::share_card(&term.slug, quarter),
                inputs: CardInputs {
                    site_title: site.config.title.clone(),
                    district: term.name.clone(),
                    quarter: quarter.label(lang),
                    figures: figures.iter().map(|f| card_figure(f, lang)).collect(),
                },
            })
        })
        .collect()
}

fn card_figure(f: &Figure, lang: Language) -> CardFigure {
    let mut value = format_number(f.value, lang, f.decimals.map(u32::from));
    if !f.unit.is_empty() {
        value.push(' ');
        value.push_str(&f.unit);
    }
    if f.estimate {
        value.push_str(match lang {
            Language::Vi => " (ước)",
            Language::En => " (est.)",
        });
    }
    let change = f.change_pct.map(|pct| {
        let base = match lang {
            Language::Vi => "so với cùng kỳ",
            Language::En => "on the same period last year",
        };
        format!("{} {base}", format_change(pct, lang))
    });
    CardFigure {
        label: f.label.clone(),
        value,
        change,
    }
}

/// Approximate advance of `text` in Noto Sans at `size` px (bold a little wider): enough
/// to decide where to cut a long line, never used for exact placement.
fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let em: f32 =
        text.chars()
            .map(|c| match c {
                'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|'
                | '!' => 0.3,
                ' ' => 0.26,
                'm' | 'w' | 'M' | 'W' => 0.85,
                c if c.is_uppercase() => 0.66,
                c if c.is_ascii_digit() => 0.57,
                _ => 0.56,
            })
            .sum();
    em * size * if bold { 1.06 } else { 1.0 }
}

/// `text` cut at a word boundary (with `…`) to fit `max` px.
fn fit(text: &str, size: f32, bold: bool, max: f32) -> String {
    if text_width(text, size, bold) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let candidate = if out.is_empty() {
            word.to_owned()
        } else {
            format!("{out} {word}")
        };
        if text_width(&format!("{candidate}…"), size, bold) > max {
            break;
        }
        out = candidate;
    }
    if out.is_empty() {
        // One long word: cut by characters.
        for c in text.chars() {
            if text_width(&format!("{out}{c}…"), size, bold) > max {
                break;
            }
            out.push(c);
        }
    }
    out.push('…');
    out
}

/// The card as an SVG document (1200×630), using only the bundled font's families.
pub(crate) fn card_svg(card: &CardInputs) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(4096);
    let text = |s: &mut String,
                x: u32,
                y: u32,
                size: u32,
                weight: &str,
                fill: &str,
                anchor: &str,
                t: &str| {
        let _ = writeln!(
            s,
            r#"<text x="{x}" y="{y}" font-family="Noto Sans" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">{}</text>"#,
            markup(t)
        );
    };
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">"#
    );
    let _ = writeln!(
        s,
        r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<rect width="24" height="{HEIGHT}" fill="{ACCENT}"/>"##
    );
    let left = 80;
    let right = WIDTH - 80;
    let inner = f32::from(u16::try_from(right - left).unwrap_or(1040));
    text(
        &mut s,
        left,
        92,
        30,
        "400",
        GREY,
        "start",
        &fit(&card.site_title, 30.0, false, inner),
    );
    text(
        &mut s,
        left,
        172,
        64,
        "700",
        INK,
        "start",
        &fit(&card.district, 64.0, true, inner),
    );
    text(
        &mut s,
        left,
        232,
        40,
        "400",
        ACCENT,
        "start",
        &fit(&card.quarter, 40.0, false, inner),
    );
    let _ = writeln!(
        s,
        r##"<rect x="{left}" y="262" width="{}" height="3" fill="{RULE}"/>"##,
        right - left
    );
    for (row, f) in card.figures.iter().enumerate() {
        let y = 330 + 100 * u32::try_from(row).unwrap_or(0);
        let value_width = text_width(&f.value, 44.0, true).min(inner * 0.55);
        let label_max = inner - value_width - 40.0;
        text(
            &mut s,
            left,
            y,
            30,
            "400",
            INK,
            "start",
            &fit(&f.label, 30.0, false, label_max),
        );
        text(
            &mut s,
            right,
            y,
            44,
            "700",
            INK,
            "end",
            &fit(&f.value, 44.0, true, inner * 0.55),
        );
        if let Some(change) = &f.change {
            text(
                &mut s,
                right,
                y + 38,
                26,
                "400",
                GREY,
                "end",
                &fit(change, 26.0, false, inner * 0.7),
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

const INK: &str = "#1a2733";
const GREY: &str = "#55616d";
const ACCENT: &str = "#0b57a4";
const RULE: &str = "#c9d3dc";

/// Why a card could not be drawn (never the editor's doing: the SVG is ours).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ShareError {
    /// The SVG did not parse.
    #[error("share image: the card's SVG did not parse: {0}")]
    Svg(String),
    /// The pixmap could not be made or encoded.
    #[error("share image: {0}")]
    Raster(String),
}

/// Draws a card's SVG and encodes it as an indexed-colour PNG (a few tens of KB).
///
/// # Errors
/// [`ShareError`] when the SVG does not parse or the image cannot be encoded.
pub(crate) fn rasterise(svg: &str) -> Result<Vec<u8>, ShareError> {
    let mut options = resvg::usvg::Options::default();
    {
        let db = options.fontdb_mut();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.set_sans_serif_family("Noto Sans");
    }
    options.font_family = "Noto Sans".to_owned();
    let tree =
        resvg::usvg::Tree::from_str(svg, &options).map_err(|e| ShareError::Svg(e.to_string()))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| ShareError::Raster("cannot allocate the image".to_owned()))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let colours = [INK, GREY, ACCENT, RULE].map(palette::parse_hex);
    palette::encode_indexed(pixmap.data(), WIDTH, HEIGHT, [255, 255, 255], &colours)
        .map_err(|e| ShareError::Raster(e.to_string()))
}

/// Draws a card: [`card_svg`] then [`rasterise`].
///
/// # Errors
/// See [`rasterise`].
pub(crate) fn render_card(card: &CardInputs) -> Result<Vec<u8>, ShareError> {
    rasterise(&card_svg(card))
}

/// The text alternative of a district's quarter card, for `og:image:alt`.
pub(crate) fn card_alt(district: &str, quarter: &str, lang: Language) -> String {
    match lang {
        Language::Vi => format!("{district}, {quarter}: các số liệu chính"),
        Language::En => format!("{district}, {quarter}: headline figures"),
    }
}

/// Whether an image address can be a share image (Facebook, Zalo and X show raster
/// images only: never SVG).
pub(crate) fn is_raster(address: &str) -> bool {
    let path = address.split(['?', '#']).next().unwrap_or(address);
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("png" | "jpg" | "jpeg" | "gif" | "webp")
    )
}

#[cfg(test)]
mod tests;
