//! Adds an ICC colour profile to a WebP file (the extended `VP8X` layout with an `ICCP`
//! chunk), since libwebp's simple encoder writes pixels only.

/// `webp` (a RIFF/WEBP file as libwebp writes it) with `icc` embedded. Returns the input
/// unchanged if it is not a well-formed RIFF/WEBP file.
pub(crate) fn with_icc(webp: &[u8], icc: &[u8], width: u32, height: u32, alpha: bool) -> Vec<u8> {
    let Some(chunks) = chunks(webp) else {
        return webp.to_vec();
    };
    let mut body = Vec::with_capacity(webp.len() + icc.len() + 32);
    body.extend_from_slice(b"WEBP");
    let mut vp8x = [0u8; 10];
    vp8x[0] = 0x20 | if alpha { 0x10 } else { 0 };
    vp8x[4..7].copy_from_slice(&width.saturating_sub(1).to_le_bytes()[..3]);
    vp8x[7..10].copy_from_slice(&height.saturating_sub(1).to_le_bytes()[..3]);
    push_chunk(&mut body, b"VP8X", &vp8x);
    push_chunk(&mut body, b"ICCP", icc);
    for (fourcc, data) in chunks {
        if fourcc != b"VP8X" && fourcc != b"ICCP" {
            push_chunk(&mut body, fourcc, data);
        }
    }
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

fn push_chunk(out: &mut Vec<u8>, fourcc: &[u8], data: &[u8]) {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
}

/// The chunks of a RIFF/WEBP file, or `None` when it is malformed.
fn chunks(webp: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    if webp.len() < 12 || &webp[..4] != b"RIFF" || &webp[8..12] != b"WEBP" {
        return None;
    }
    let mut rest = &webp[12..];
    let mut out = Vec::new();
    while rest.len() >= 8 {
        let (fourcc, size) = (&rest[..4], &rest[4..8]);
        let size = usize::try_from(u32::from_le_bytes(size.try_into().ok()?)).ok()?;
        let data = rest.get(8..8 + size)?;
        out.push((fourcc, data));
        let next = (8 + size + size % 2).min(rest.len());
        rest = &rest[next..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icc_profile_is_readable_back() {
        let img = image::RgbImage::from_pixel(8, 6, image::Rgb([200, 100, 50]));
        let plain = webp::Encoder::from_rgb(img.as_raw(), 8, 6).encode(80.0);
        let icc = b"fake icc profile!".to_vec();
        let out = with_icc(&plain, &icc, 8, 6, false);
        let mut decoder =
            image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&out)).expect("webp");
        use image::ImageDecoder as _;
        assert_eq!(decoder.icc_profile().expect("icc"), Some(icc));
        assert_eq!(decoder.dimensions(), (8, 6));
        image::load_from_memory(&out).expect("decodes");
    }
}
