//! Photos a bulletin links, made fit for a phone and safe to publish: decoded (JPEG, PNG,
//! WebP; GIF checked and passed through), turned upright, resized to the configured
//! widths (never up), encoded as lossy WebP plus the original format, with every piece
//! of metadata but the colour profile left behind. Results live in the on-disk cache
//! (`crate::cache`, kind `images`) under a key of the source bytes and the settings,
//! so a rebuild decodes nothing.

mod decode;
mod encode;
pub(crate) mod markup;
mod riff;
pub(crate) mod settings;
mod svg;

use crate::cache::{CacheFolder, Key};
use crate::source::gate::SiteRoot;
use decode::SourceFormat;
use encode::OutFormat;
use rayon::prelude::*;
pub(crate) use settings::ImageSettings;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The width of the variant published under the image's own name when originals are not
/// published: what sharing cards (`og:image`) and plain links point at.
const SHARE_WIDTH: u32 = 1200;

/// Why an image cannot be published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ImageError {
    /// Not an image at all (or a format bantin does not read).
    NotAnImage,
    /// HEIC/HEIF: no maintained pure-Rust decoder exists.
    Heic,
    /// The extension names another format than the bytes.
    WrongExtension {
        /// The file's extension.
        ext: String,
        /// What it really is.
        actual: SourceFormat,
    },
    /// A JPEG without its end (a cut download or copy).
    Truncated,
    /// Decoding would need more memory than the limits allow.
    Bomb,
    /// Corrupt data (the decoder's words).
    Corrupt(String),
    /// More pixels than `images.max_megapixels`.
    TooLarge {
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// The limit.
        max_pixels: u64,
    },
    /// An SVG that could run code.
    UnsafeSvg(svg::SvgProblem),
    /// The encoder failed.
    Encode(String),
    /// The file or the cache could not be read or written.
    Io(String),
}

impl ImageError {
    /// The message, for the image `link` as written in the bulletin.
    pub(crate) fn message(&self, link: &str) -> crate::messages::Message {
        use crate::msg;
        match self {
            ImageError::NotAnImage => msg!("image-not-an-image", link = link),
            ImageError::Heic => msg!("image-heic", link = link),
            ImageError::WrongExtension { ext, actual } => msg!(
                "image-wrong-extension",
                link = link,
                actual = actual.name(),
                ext = ext.as_str(),
                right = actual.extension()
            ),
            ImageError::Truncated => msg!("image-truncated", link = link),
            ImageError::Bomb => msg!("image-bomb", link = link),
            ImageError::Corrupt(why) => msg!("image-corrupt", link = link, why = why.as_str()),
            ImageError::TooLarge {
                width,
                height,
                max_pixels,
            } => msg!(
                "image-too-large",
                link = link,
                width = width.to_string(),
                height = height.to_string(),
                max = (max_pixels / 1_000_000).to_string()
            ),
            ImageError::UnsafeSvg(problem) => problem.message(link),
            ImageError::Encode(why) => msg!("image-encode", link = link, why = why.as_str()),
            ImageError::Io(why) => msg!("image-io", link = link, why = why.as_str()),
        }
    }
}

/// One processed size of an image, in one format.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Variant {
    /// Pixels wide.
    pub(crate) width: u32,
    /// Pixels high.
    pub(crate) height: u32,
    /// Format.
    pub(crate) format: OutFormat,
    /// The cache entry's file name.
    entry: String,
}

/// A processed image: its upright size, its variants and the file published under its
/// own name.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct Processed {
    /// Upright width of the source.
    pub(crate) width: u32,
    /// Upright height of the source.
    pub(crate) height: u32,
    /// A short tag of the source's content (8 hex digits), part of variant file names.
    pub(crate) tag: String,
    /// Variants, widest first within each format, WebP first.
    pub(crate) variants: Vec<Variant>,
    /// The cache entry published under the image's own name (stripped), or `None` for a
    /// GIF, published as it is.
    published: Option<(String, u32, u32)>,
}

impl Processed {
    /// The cache file of `variant`, relative to the site root.
    pub(crate) fn variant_rel(&self, images: &Images, variant: &Variant) -> String {
        format!("{}/{}", images.cache_rel, variant.entry)
    }

    /// The file to publish under the image's own name (root-relative; `source` itself
    /// for a GIF).
    pub(crate) fn published_rel(&self, images: &Images, source: &str) -> String {
        match &self.published {
            Some((entry, _, _)) => format!("{}/{}", images.cache_rel, entry),
            None => source.to_owned(),
        }
    }
}

/// The processor of one run: settings, the cache folder and what this run processed.
#[derive(Debug)]
pub struct Images {
    /// The cache folder relative to the site root (`.bantin-cache/images`): variants are
    /// published from there through the read gate like any site file.
    cache_rel: String,
    settings: ImageSettings,
    cache: CacheFolder,
    done: Mutex<HashMap<String, Arc<Processed>>>,
}

/// Whether a root-relative path names a file the image processor handles (by extension).
pub(crate) fn is_image_path(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    SourceFormat::from_extension(ext).is_some()
        || ["svg", "heic", "heif"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e))
}

impl Images {
    /// The processor for the site at `root` with `settings`.
    pub(crate) fn new(root: &Path, settings: &ImageSettings) -> Images {
        let cache_dir = settings
            .cache_dir
            .as_deref()
            .unwrap_or(crate::cache::DEFAULT_DIR);
        let cache_root = crate::cache::cache_root(root, Some(cache_dir));
        Images {
            cache_rel: format!("{}/images", cache_dir.trim_end_matches('/')),
            settings: settings.clone(),
            cache: CacheFolder::new(&cache_root, "images"),
            done: Mutex::new(HashMap::new()),
        }
    }

    fn is_cache_entry(&self, source: &str) -> bool {
        source
            .strip_prefix(self.cache_rel.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Removes the cache entries this run did not use, after a whole build, under the
    /// build lock.
    ///
    /// # Errors
    /// The IO error of listing the cache folder.
    pub(crate) fn sweep(&self, lock: &crate::output::BuildLock) -> std::io::Result<usize> {
        self.cache.sweep(lock)
    }

    /// The processed image at root-relative `rel` (an SVG is only checked: `Ok(None)`).
    pub(crate) fn process(
        &self,
        gate: &SiteRoot,
        rel: &str,
    ) -> Result<Option<Arc<Processed>>, ImageError> {
        if let Some(done) = self.done.lock().ok().and_then(|d| d.get(rel).cloned()) {
            return Ok(Some(done));
        }
        let bytes = gate.read(rel).map_err(|e| ImageError::Io(e.to_string()))?;
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
        if ext.eq_ignore_ascii_case("svg") {
            return match svg::check(&bytes) {
                Some(why) => Err(ImageError::UnsafeSvg(why)),
                None => Ok(None),
            };
        }
        if ext.eq_ignore_ascii_case("heic") || ext.eq_ignore_ascii_case("heif") {
            return Err(ImageError::Heic);
        }
        let format = decode::sniff(&bytes)?;
        if SourceFormat::from_extension(ext).is_some_and(|f| f != format) {
            return Err(ImageError::WrongExtension {
                ext: ext.to_owned(),
                actual: format,
            });
        }
        let processed = Arc::new(self.process_bytes(&bytes, format)?);
        if let Ok(mut done) = self.done.lock() {
            done.insert(rel.to_owned(), Arc::clone(&processed));
        }
        Ok(Some(processed))
    }

    fn process_bytes(&self, bytes: &[u8], format: SourceFormat) -> Result<Processed, ImageError> {
        let max_pixels = self.settings.max_pixels();
        let content = xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes();
        let tag = format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 32);
        if format == SourceFormat::Gif {
            let (width, height) = decode::dimensions(bytes, format, max_pixels)?;
            return Ok(Processed {
                width,
                height,
                tag,
                variants: Vec::new(),
                published: None,
            });
        }
        let fingerprint = self.settings.fingerprint();
        let key = Key::of(&[
            &content,
            fingerprint.as_bytes(),
            encode::ENCODER_VERSION.as_bytes(),
        ]);
        if let Some(hit) = self.cached(key) {
            return Ok(hit);
        }
        let decoded = decode::decode(bytes, format, max_pixels)?;
        let image = &decoded.image;
        let alpha = image.color().has_alpha();
        let (width, height) = (image.width(), image.height());
        let fallback = OutFormat::fallback_for(format, alpha);
        let widths = self.settings.widths_for(width);
        let share = if self.settings.originals {
            width
        } else {
            width.min(SHARE_WIDTH)
        };
        // Sizes widest first, each resized from the previous (Lanczos3 keeps the quality
        // at these ratios, and it is much cheaper than starting from the full size).
        let mut sizes: Vec<u32> = widths.clone();
        if !sizes.contains(&share) {
            sizes.push(share);
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let mut resized = Vec::with_capacity(sizes.len());
        let mut previous = image.clone();
        for &w in &sizes {
            let next = encode::resize(&previous, w)?;
            resized.push((w, next.clone()));
            previous = next;
        }
        let mut jobs: Vec<(OutFormat, u32)> = Vec::new();
        for format in self.settings.formats(fallback) {
            jobs.extend(widths.iter().map(|&w| (format, w)));
        }
        if !jobs.contains(&(fallback, share)) {
            jobs.push((fallback, share));
        }
        let quality = self.settings.quality;
        let icc = decoded.icc.as_deref();
        let encoded: Vec<Result<Variant, ImageError>> = jobs
            .par_iter()
            .map(|&(format, w)| {
                let img = resized
                    .iter()
                    .find(|(rw, _)| *rw == w)
                    .map(|(_, i)| i)
                    .ok_or_else(|| ImageError::Encode(format!("no {w} px size")))?;
                let bytes = encode::encode(img, format, quality, icc)?;
                let variant_key = Key::of(&[
                    &key.hex().into_bytes(),
                    format.extension().as_bytes(),
                    &w.to_le_bytes(),
                ]);
                let path = self
                    .cache
                    .put(variant_key, format.extension(), &bytes)
                    .map_err(|e| ImageError::Io(e.to_string()))?;
                Ok(Variant {
                    width: w,
                    height: img.height(),
                    format,
                    entry: entry_name(&path),
                })
            })
            .collect();
        let mut variants = encoded.into_iter().collect::<Result<Vec<_>, _>>()?;
        let published = variants
            .iter()
            .position(|v| v.format == fallback && v.width == share)
            .map(|i| {
                let v = &variants[i];
                let p = (v.entry.clone(), v.width, v.height);
                if !widths.contains(&share) || !self.settings.formats(fallback).contains(&fallback)
                {
                    variants.remove(i);
                }
                p
            });
        let processed = Processed {
            width,
            height,
            tag,
            variants,
            published,
        };
        let manifest = serde_json::to_vec(&processed).map_err(|e| ImageError::Io(e.to_string()))?;
        self.cache
            .put(key, "json", &manifest)
            .map_err(|e| ImageError::Io(e.to_string()))?;
        Ok(processed)
    }

    /// The processed image of `key` from the cache, if its manifest and every file it
    /// names are there (each marked used, so the sweep keeps them).
    fn cached(&self, key: Key) -> Option<Processed> {
        let manifest = self.cache.get(key, "json")?;
        let processed: Processed = serde_json::from_slice(&std::fs::read(manifest).ok()?).ok()?;
        let entries = processed
            .variants
            .iter()
            .map(|v| v.entry.as_str())
            .chain(processed.published.iter().map(|p| p.0.as_str()));
        for entry in entries {
            if !self.cache.has_entry(entry) {
                return None;
            }
        }
        Some(processed)
    }
}

fn entry_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

/// What to publish for a file a bulletin links.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Publish {
    /// This site file (root-relative), read through the gate.
    Site(String),
    /// These bytes of a cache entry (a photo's stripped copy or variant).
    Bytes(Vec<u8>),
}

/// What to publish for a file a bulletin links (`source`: a site file or a cache entry):
/// a photo's stripped copy, a checked SVG, or the file itself.
///
/// # Errors
/// The message of an image that cannot be published (not located: the caller knows where).
pub(crate) fn publish(
    images: &Images,
    gate: &SiteRoot,
    source: &str,
) -> Result<Publish, crate::messages::Message> {
    let source = if is_image_path(source) && !images.is_cache_entry(source) {
        let link = source.rsplit('/').next().unwrap_or(source);
        match images.process(gate, source) {
            Ok(Some(p)) => p.published_rel(images, source),
            Ok(None) => source.to_owned(),
            Err(e) => return Err(e.message(link)),
        }
    } else {
        source.to_owned()
    };
    match source
        .strip_prefix(images.cache_rel.as_str())
        .and_then(|r| r.strip_prefix('/'))
    {
        Some(entry) => images
            .cache
            .read(entry)
            .map(Publish::Bytes)
            .map_err(|e| crate::msg!("image-cache-read", why = e.to_string())),
        None => Ok(Publish::Site(source)),
    }
}
