//! `images:` in `site.yaml`: widths, quality, formats, originals and the size limit,
//! validated like every other key.

use super::encode::OutFormat;
use crate::fields::FieldReader;
use crate::msg;
use crate::yaml::Yaml;

const KNOWN_KEYS: &[&str] = &[
    "widths",
    "quality",
    "formats",
    "originals",
    "max_megapixels",
];

/// How linked photos are processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSettings {
    /// Widths of the variants, ascending (never upscaled).
    pub widths: Vec<u32>,
    /// Encoder quality, 1–100 (WebP and JPEG).
    pub quality: u8,
    /// Whether WebP variants are made.
    pub webp: bool,
    /// Whether variants in the original format (the fallback) are made.
    pub fallback: bool,
    /// Whether the full-size image (metadata stripped) is published under its own name;
    /// otherwise a share-size copy is.
    pub originals: bool,
    /// Largest image accepted, in megapixels.
    pub max_megapixels: u32,
    /// The cache folder relative to the site root (`cache_dir:`), if not the default.
    pub cache_dir: Option<String>,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            quality: 80,
            webp: true,
            fallback: true,
            originals: false,
            max_megapixels: 100,
            cache_dir: None,
        }
    }
}

impl ImageSettings {
    /// The pixel limit.
    pub(crate) fn max_pixels(&self) -> u64 {
        u64::from(self.max_megapixels) * 1_000_000
    }

    /// The widths to make of an image `width` pixels wide: the configured ones below it,
    /// and its own width when a configured one is larger (never upscaled).
    pub(crate) fn widths_for(&self, width: u32) -> Vec<u32> {
        let mut out: Vec<u32> = self.widths.iter().copied().filter(|&w| w < width).collect();
        if self.widths.iter().any(|&w| w >= width) || out.is_empty() {
            out.push(width);
        }
        out
    }

    /// The formats to make, WebP first.
    pub(crate) fn formats(&self, fallback: OutFormat) -> Vec<OutFormat> {
        let mut out = Vec::new();
        if self.webp {
            out.push(OutFormat::Webp);
        }
        if self.fallback && fallback != OutFormat::Webp {
            out.push(fallback);
        }
        out
    }

    /// Everything here that decides a variant's bytes, as text for cache keys.
    pub(crate) fn fingerprint(&self) -> String {
        format!(
            "w={:?} q={} webp={} fallback={} originals={}",
            self.widths, self.quality, self.webp, self.fallback, self.originals
        )
    }
}

/// Reads `images:` (a mapping) into `settings`, reporting problems through `r`.
pub(crate) fn read_image_settings(
    r: &mut FieldReader<'_>,
    value: &Yaml,
    settings: &mut ImageSettings,
) {
    let entries = match value {
        Yaml::Map(entries) => entries,
        Yaml::Null => return,
        other => {
            r.error("images", msg!("images-not-mapping", found = other.kind()));
            return;
        }
    };
    for (key, v) in entries {
        let p = format!("images.{key}");
        match key.as_str() {
            "widths" => match v {
                Yaml::Seq(items)
                    if !items.is_empty()
                        && items
                            .iter()
                            .all(|i| matches!(i, Yaml::Int(n) if (16..=8192).contains(n))) =>
                {
                    let mut widths: Vec<u32> = items
                        .iter()
                        .filter_map(|i| match i {
                            Yaml::Int(n) => u32::try_from(*n).ok(),
                            _ => None,
                        })
                        .collect();
                    widths.sort_unstable();
                    widths.dedup();
                    settings.widths = widths;
                }
                _ => r.error(&p, msg!("images-widths")),
            },
            "quality" => match v {
                Yaml::Int(n) if (1..=100).contains(n) => {
                    settings.quality = u8::try_from(*n).unwrap_or(80);
                }
                _ => r.error(&p, msg!("images-quality")),
            },
            "formats" => {
                let list = r.string_list(&p, v);
                let mut webp = false;
                let mut fallback = false;
                for f in &list {
                    match f.as_str() {
                        "webp" => webp = true,
                        "original" => fallback = true,
                        other => r.error(&p, msg!("images-format-unknown", format = other)),
                    }
                }
                if !webp && !fallback {
                    r.error(&p, msg!("images-formats-empty"));
                } else {
                    settings.webp = webp;
                    settings.fallback = fallback;
                }
            }
            "originals" => {
                if let Some(b) = r.bool(&p, v) {
                    settings.originals = b;
                }
            }
            "max_megapixels" => match v {
                Yaml::Int(n) if (1..=1000).contains(n) => {
                    settings.max_megapixels = u32::try_from(*n).unwrap_or(100);
                }
                _ => r.error(&p, msg!("images-max-megapixels")),
            },
            other => r.unknown_key(&p, other, KNOWN_KEYS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_upscale() {
        let s = ImageSettings::default();
        assert_eq!(s.widths_for(4000), vec![480, 960, 1600]);
        assert_eq!(s.widths_for(1200), vec![480, 960, 1200]);
        assert_eq!(s.widths_for(300), vec![300]);
        assert_eq!(s.widths_for(1600), vec![480, 960, 1600]);
    }
}
