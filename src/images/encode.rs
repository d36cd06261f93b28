//! Resizing (fast_image_resize, Lanczos3) and encoding: lossy WebP through libwebp, the
//! original format as fallback. Only pixels and the ICC profile go into a variant, so no
//! EXIF (GPS position, serial number), XMP or IPTC survives. Every encoder here is
//! single-threaded and seeded by nothing, so the same input gives the same bytes.

use super::ImageError;
use super::decode::SourceFormat;
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ExtendedColorType, ImageEncoder};

/// Bumped whenever a change here changes the bytes of a variant: part of every cache key.
pub(crate) const ENCODER_VERSION: &str = "bantin-images-1 libwebp-0.14 image-0.25";

/// The output formats of a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum OutFormat {
    /// Lossy WebP.
    Webp,
    /// Baseline JPEG.
    Jpeg,
    /// PNG.
    Png,
}

impl OutFormat {
    /// File extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            OutFormat::Webp => "webp",
            OutFormat::Jpeg => "jpg",
            OutFormat::Png => "png",
        }
    }

    /// MIME type, for `<source type>`.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            OutFormat::Webp => "image/webp",
            OutFormat::Jpeg => "image/jpeg",
            OutFormat::Png => "image/png",
        }
    }

    /// The fallback format for a source format (WebP sources fall back to JPEG or PNG).
    pub(crate) fn fallback_for(source: SourceFormat, has_alpha: bool) -> OutFormat {
        match source {
            SourceFormat::Jpeg => OutFormat::Jpeg,
            SourceFormat::Png => OutFormat::Png,
            _ if has_alpha => OutFormat::Png,
            _ => OutFormat::Jpeg,
        }
    }
}

/// `image` resized to `width` (height keeping the aspect ratio, at least 1).
pub(crate) fn resize(image: &DynamicImage, width: u32) -> Result<DynamicImage, ImageError> {
    if width >= image.width() {
        return Ok(image.clone());
    }
    let height = scaled_height(image.width(), image.height(), width);
    let (pixel_type, alpha) = match image {
        DynamicImage::ImageRgba8(_) => (PixelType::U8x4, true),
        _ => (PixelType::U8x3, false),
    };
    let src = Image::from_vec_u8(
        image.width(),
        image.height(),
        image.as_bytes().to_vec(),
        pixel_type,
    )
    .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    let mut dst = Image::new(width, height, pixel_type);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &options)
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    let buf = dst.into_vec();
    let out = if alpha {
        image::RgbaImage::from_raw(width, height, buf).map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(width, height, buf).map(DynamicImage::ImageRgb8)
    };
    out.ok_or_else(|| ImageError::Corrupt("resized buffer has the wrong size".to_owned()))
}

/// The height of a `w`×`h` image scaled to `width`, rounded, at least 1.
pub(crate) fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    let height = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(height.max(1)).unwrap_or(u32::MAX)
}

/// Encodes `image` as `format` at `quality` (1–100; ignored for PNG), with `icc`.
pub(crate) fn encode(
    image: &DynamicImage,
    format: OutFormat,
    quality: u8,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, ImageError> {
    let (w, h) = (image.width(), image.height());
    let color = if image.color().has_alpha() {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let fail = |e: &dyn std::fmt::Display| ImageError::Encode(e.to_string());
    let mut out = Vec::new();
    match format {
        OutFormat::Webp => {
            let encoder = if image.color().has_alpha() {
                webp::Encoder::from_rgba(image.as_bytes(), w, h)
            } else {
                webp::Encoder::from_rgb(image.as_bytes(), w, h)
            };
            let mut config = webp::WebPConfig::new()
                .map_err(|()| ImageError::Encode("libwebp: bad configuration".to_owned()))?;
            config.quality = f32::from(quality);
            config.method = 4;
            let memory = encoder
                .encode_advanced(&config)
                .map_err(|e| ImageError::Encode(format!("libwebp: {e:?}")))?;
            out = match icc {
                Some(icc) => super::riff::with_icc(&memory, icc, w, h, image.color().has_alpha()),
                None => memory.to_vec(),
            };
        }
        OutFormat::Jpeg => {
            let mut encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc.to_vec());
            }
            let rgb = image.to_rgb8();
            encoder
                .write_image(rgb.as_raw(), w, h, ExtendedColorType::Rgb8)
                .map_err(|e| fail(&e))?;
        }
        OutFormat::Png => {
            let mut encoder = image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Fast,
                image::codecs::png::FilterType::Adaptive,
            );
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc.to_vec());
            }
            encoder
                .write_image(image.as_bytes(), w, h, color)
                .map_err(|e| fail(&e))?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heights_keep_the_ratio() {
        assert_eq!(scaled_height(4000, 3000, 480), 360);
        assert_eq!(scaled_height(3000, 4000, 960), 1280);
        assert_eq!(scaled_height(10_000, 1, 480), 1);
    }

    #[test]
    fn encoding_is_deterministic_and_resizes() {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
        }));
        let small = resize(&img, 32).expect("resize");
        assert_eq!((small.width(), small.height()), (32, 24));
        for format in [OutFormat::Webp, OutFormat::Jpeg, OutFormat::Png] {
            let a = encode(&small, format, 80, None).expect("encode");
            let b = encode(&small, format, 80, None).expect("encode");
            assert_eq!(a, b, "{format:?}");
            let back = image::load_from_memory(&a).expect("decodes");
            assert_eq!((back.width(), back.height()), (32, 24), "{format:?}");
        }
    }
}
