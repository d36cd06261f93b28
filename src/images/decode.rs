//! Reading a linked image: what it really is (by its bytes, not its name), its size
//! before any pixel is decoded, and its pixels turned upright, with explicit decoder
//! limits so a decompression bomb fails at its header.

use super::ImageError;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// What a linked image file is, judged by its first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// GIF: published as it is (animation), after its header is checked.
    Gif,
}

impl SourceFormat {
    /// The format's usual file extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpg",
            SourceFormat::Png => "png",
            SourceFormat::Webp => "webp",
            SourceFormat::Gif => "gif",
        }
    }

    /// Its name in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "JPEG",
            SourceFormat::Png => "PNG",
            SourceFormat::Webp => "WebP",
            SourceFormat::Gif => "GIF",
        }
    }

    /// The format an extension promises, if it names one.
    pub(crate) fn from_extension(ext: &str) -> Option<SourceFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" | "jfif" => Some(SourceFormat::Jpeg),
            "png" => Some(SourceFormat::Png),
            "webp" => Some(SourceFormat::Webp),
            "gif" => Some(SourceFormat::Gif),
            _ => None,
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            SourceFormat::Jpeg => ImageFormat::Jpeg,
            SourceFormat::Png => ImageFormat::Png,
            SourceFormat::Webp => ImageFormat::WebP,
            SourceFormat::Gif => ImageFormat::Gif,
        }
    }
}

/// What the bytes are, by their signature.
pub(crate) fn sniff(bytes: &[u8]) -> Result<SourceFormat, ImageError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(SourceFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(SourceFormat::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok(SourceFormat::Webp)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(SourceFormat::Gif)
    } else if is_heif(bytes) {
        Err(ImageError::Heic)
    } else {
        Err(ImageError::NotAnImage)
    }
}

/// HEIC/HEIF/AVIF: an ISO-BMFF `ftyp` box with an image brand.
fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
        )
}

/// A decoded image, upright, with its colour profile if it had one.
pub(crate) struct Decoded {
    /// Pixels, 8 bits per channel, RGB or RGBA.
    pub(crate) image: DynamicImage,
    /// The ICC profile to embed in every variant.
    pub(crate) icc: Option<Vec<u8>>,
}

/// The decoder limits for images of at most `max_pixels` pixels.
fn limits(max_pixels: u64) -> Limits {
    let mut limits = Limits::default();
    let side = u32::try_from(max_pixels.min(u64::from(u32::MAX))).unwrap_or(u32::MAX);
    limits.max_image_width = Some(side);
    limits.max_image_height = Some(side);
    // 16-bit RGBA is 8 bytes a pixel; the margin covers decoders' working buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    limits
}

/// Width and height as stored (before orientation), read from the header only.
pub(crate) fn dimensions(
    bytes: &[u8],
    format: SourceFormat,
    max_pixels: u64,
) -> Result<(u32, u32), ImageError> {
    let decoder = decoder(bytes, format, max_pixels)?;
    let (w, h) = decoder.dimensions();
    check_size(w, h, max_pixels)?;
    Ok((w, h))
}

fn check_size(w: u32, h: u32, max_pixels: u64) -> Result<(), ImageError> {
    if w == 0 || h == 0 {
        return Err(ImageError::Corrupt("the image has no pixels".to_owned()));
    }
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(ImageError::TooLarge {
            width: w,
            height: h,
            max_pixels,
        });
    }
    Ok(())
}

fn decoder(
    bytes: &[u8],
    format: SourceFormat,
    max_pixels: u64,
) -> Result<impl ImageDecoder + '_, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    reader.limits(limits(max_pixels));
    reader.into_decoder().map_err(|e| decode_error(&e))
}

fn decode_error(e: &image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::Bomb,
        other => ImageError::Corrupt(other.to_string()),
    }
}

/// Decodes `bytes` (of `format`, at most `max_pixels` pixels), applies its EXIF
/// orientation and converts it to 8-bit RGB (or RGBA when it has transparency).
pub(crate) fn decode(
    bytes: &[u8],
    format: SourceFormat,
    max_pixels: u64,
) -> Result<Decoded, ImageError> {
    if format == SourceFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(ImageError::Truncated);
    }
    let mut decoder = decoder(bytes, format, max_pixels)?;
    let (w, h) = decoder.dimensions();
    check_size(w, h, max_pixels)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(&e))?;
    image.apply_orientation(orientation);
    let image = if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    Ok(Decoded { image, icc })
}

/// Whether a JPEG ends with its end-of-image marker (allowing trailing padding). The
/// decoder fills a truncated scan with grey instead of failing, which would publish a
/// half-grey photo without a word.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0 && b != 0xFF && b != b'\n' && b != b'\r' && b != b' ');
    end.is_some_and(|i| i >= 1 && bytes[i] == 0xD9 && bytes[i - 1] == 0xFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_signature() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Ok(SourceFormat::Jpeg));
        assert_eq!(sniff(b"GIF89a...."), Ok(SourceFormat::Gif));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Ok(SourceFormat::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Err(ImageError::Heic));
        assert_eq!(sniff(b"hello"), Err(ImageError::NotAnImage));
    }

    #[test]
    fn jpeg_end_marker() {
        assert!(jpeg_is_complete(b"\xFF\xD8...\xFF\xD9"));
        assert!(jpeg_is_complete(b"\xFF\xD8...\xFF\xD9\0\0"));
        assert!(!jpeg_is_complete(b"\xFF\xD8...\x12\x34"));
    }
}
