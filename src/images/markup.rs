//! The `<picture>` a processed image becomes, and the files it names beside the page.

use super::encode::OutFormat;
use super::{Images, Processed};
use crate::escape::markup as escape_html;
use crate::markdown::encode_path_segment;
use crate::source::gate::SiteRoot;
use serde::Serialize;

/// How wide a photo is shown: the full width of a phone, at most the text measure of the
/// default theme (44rem).
pub(crate) const SIZES: &str = "(max-width: 44rem) 100vw, 44rem";

/// A processed image as themes see it (`bulletin.cover`).
#[derive(Clone, Debug, Serialize)]
pub struct PictureView {
    /// The fallback URL (`<img src>`): a middle-sized variant in the original format.
    pub src: String,
    /// `srcset` of the WebP variants (empty when WebP is off).
    pub webp_srcset: String,
    /// `srcset` of the fallback variants.
    pub srcset: String,
    /// MIME type of the fallback.
    pub mime: &'static str,
    /// `sizes` attribute suited to the default theme.
    pub sizes: &'static str,
    /// Width of the widest variant (for `width`, no layout shift).
    pub width: u32,
    /// Height of the widest variant.
    pub height: u32,
    /// The share-size (or original) file under the image's own name: for `og:image`.
    pub share: String,
    /// Every variant: `{url, width, height, format}`.
    pub variants: Vec<VariantView>,
}

/// One variant for themes.
#[derive(Clone, Debug, Serialize)]
pub struct VariantView {
    /// Absolute URL.
    pub url: String,
    /// Pixels wide.
    pub width: u32,
    /// Pixels high.
    pub height: u32,
    /// `webp`, `jpg` or `png`.
    pub format: &'static str,
}

/// The file name of a variant of the image published as `name` (`anh.jpg` →
/// `anh-1a2b3c4d-480.webp`); the content tag keeps two different photos of one name apart.
fn variant_name(name: &str, tag: &str, width: u32, format: OutFormat) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}-{tag}-{width}.{}", format.extension())
}

/// The view of `p` published beside `page_url` as `name`, and the files to copy there
/// (output name, cache path). A GIF has no variants: its own file is the picture.
pub(crate) fn picture_view(
    images: &Images,
    p: &Processed,
    page_url: &str,
    name: &str,
) -> (PictureView, Vec<(String, String)>) {
    let encoded_name = encode_path_segment(name);
    let mut files = Vec::new();
    let mut variants = Vec::new();
    for v in &p.variants {
        let file = variant_name(name, &p.tag, v.width, v.format);
        variants.push(VariantView {
            url: format!("{page_url}{}", encode_path_segment(&file)),
            width: v.width,
            height: v.height,
            format: v.format.extension(),
        });
        files.push((file, p.variant_rel(images, v)));
    }
    let srcset = |format: Option<&str>| {
        variants
            .iter()
            .filter(|v| format.map_or(v.format != "webp", |f| v.format == f))
            .map(|v| format!("{} {}w", v.url, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let share = format!("{page_url}{encoded_name}");
    let fallback: Vec<&VariantView> = variants.iter().filter(|v| v.format != "webp").collect();
    let widest = variants.iter().max_by_key(|v| v.width);
    let src = fallback
        .iter()
        .find(|v| v.width >= 960)
        .or(fallback.last())
        .map_or_else(|| share.clone(), |v| v.url.clone());
    let mime = fallback.first().map_or("image/gif", |v| match v.format {
        "png" => OutFormat::Png.mime(),
        _ => OutFormat::Jpeg.mime(),
    });
    let view = PictureView {
        src,
        webp_srcset: srcset(Some("webp")),
        srcset: srcset(None),
        mime,
        sizes: SIZES,
        width: widest.map_or(p.width, |v| v.width),
        height: widest.map_or(p.height, |v| v.height),
        share,
        variants,
    };
    (view, files)
}

/// The `<picture>` element of `view`: WebP `srcset` first, the fallback in `<img>` with
/// its size (no layout shift), lazy unless it is the page's first image.
pub(crate) fn picture_html(view: &PictureView, alt: &str, title: &str, eager: bool) -> String {
    let loading = if eager { "" } else { r#" loading="lazy""# };
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(r#" title="{}""#, escape_html(title))
    };
    let mut html = String::from("<picture>");
    if !view.webp_srcset.is_empty() {
        html.push_str(&format!(
            r#"<source type="image/webp" srcset="{}" sizes="{}">"#,
            escape_html(&view.webp_srcset),
            view.sizes
        ));
    }
    let srcset = if view.srcset.is_empty() {
        String::new()
    } else {
        format!(
            r#" srcset="{}" sizes="{}""#,
            escape_html(&view.srcset),
            view.sizes
        )
    };
    html.push_str(&format!(
        r#"<img src="{}"{srcset} width="{}" height="{}" alt="{}"{title}{loading} decoding="async"></picture>"#,
        escape_html(&view.src),
        view.width,
        view.height,
        escape_html(alt),
    ));
    html
}

/// The cover image as themes see it (`bulletin.cover`).
#[derive(Clone, Debug, Serialize)]
pub struct CoverView {
    /// A ready `<picture>` (eager: it is at the top of the page).
    pub html: String,
    /// Its parts, to write another markup.
    #[serde(flatten)]
    pub picture: PictureView,
}

type Files = Vec<crate::markdown::Asset>;

fn assets(files: Vec<(String, String)>) -> Files {
    files
        .into_iter()
        .map(|(name, source)| crate::markdown::Asset { source, name })
        .collect()
}

/// The image hook of a bulletin body: a `<picture>` for a photo, an `<img>` with its size
/// for a GIF or an SVG (checked). The first image is loaded at once unless a cover is
/// shown above it.
///
/// # Errors
/// What is wrong with the image.
pub(crate) fn body_image(
    images: &Images,
    gate: &SiteRoot,
    image: &crate::markdown::ImageUse<'_>,
    page_url: &str,
    has_cover: bool,
) -> Result<crate::markdown::ImageMarkup, crate::messages::Message> {
    let eager = image.nth == 0 && !has_cover;
    match images.process(gate, image.source) {
        Ok(Some(p)) => {
            let (view, files) = picture_view(images, &p, page_url, image.name);
            Ok(crate::markdown::ImageMarkup {
                html: picture_html(&view, image.alt, image.title, eager),
                files: assets(files),
            })
        }
        Ok(None) => {
            let loading = if eager { "" } else { r#" loading="lazy""# };
            Ok(crate::markdown::ImageMarkup {
                html: format!(
                    r#"<img src="{page_url}{}" alt="{}"{loading} decoding="async">"#,
                    encode_path_segment(image.name),
                    escape_html(image.alt)
                ),
                files: Vec::new(),
            })
        }
        Err(e) => Err(e.message(image.name)),
    }
}

/// The cover image `source` (root-relative), published as `name` beside `page_url`: its
/// view and the variant files, or `None` for an SVG.
///
/// # Errors
/// What is wrong with the image.
pub(crate) fn cover(
    images: &Images,
    gate: &SiteRoot,
    source: &str,
    name: &str,
    page_url: &str,
) -> Result<Option<(CoverView, Files)>, crate::messages::Message> {
    if !super::is_image_path(source) {
        return Ok(None);
    }
    match images.process(gate, source) {
        Ok(Some(p)) => {
            let (picture, files) = picture_view(images, &p, page_url, name);
            let html = picture_html(&picture, "", "", true);
            Ok(Some((CoverView { html, picture }, assets(files))))
        }
        Ok(None) => Ok(None),
        Err(e) => Err(e.message(name)),
    }
}
