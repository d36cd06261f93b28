//! Indexed-colour PNG for share cards: every colour a card draws is known (the background,
//! a few inks), and anti-aliased edges are blends of one ink with the background, so a
//! palette of each ink at 16 blend levels holds the whole image with no visible loss and
//! a file a fraction of the size of an RGBA one.

use std::collections::HashMap;

/// Blend levels per ink (the anti-aliasing steps kept).
const LEVELS: u16 = 16;

/// `#rrggbb` → RGB; anything else is black (the inputs are our own constants).
pub(super) fn parse_hex(hex: &str) -> [u8; 3] {
    let h = hex.trim_start_matches('#');
    let byte = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    [byte(0), byte(2), byte(4)]
}

/// The palette: the background, then each ink blended over it at [`LEVELS`] steps.
fn palette(background: [u8; 3], inks: &[[u8; 3]]) -> Vec<[u8; 3]> {
    let mut out = vec![background];
    for ink in inks {
        for level in 1..=LEVELS {
            let c: [u8; 3] = std::array::from_fn(|i| {
                let (b, f) = (u16::from(background[i]), u16::from(ink[i]));
                let v = (b * (LEVELS - level) + f * level + LEVELS / 2) / LEVELS;
                u8::try_from(v).unwrap_or(u8::MAX)
            });
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out.truncate(256);
    out
}

fn nearest(palette: &[[u8; 3]], px: [u8; 3]) -> u8 {
    let dist = |c: &[u8; 3]| -> u32 {
        (0..3)
            .map(|i| {
                let d = i32::from(c[i]) - i32::from(px[i]);
                d.unsigned_abs() * d.unsigned_abs()
            })
            .sum()
    };
    let best = palette
        .iter()
        .enumerate()
        .min_by_key(|(_, c)| dist(c))
        .map_or(0, |(i, _)| i);
    u8::try_from(best).unwrap_or(0)
}

/// Encodes opaque RGBA pixels (`width × height × 4` bytes) as an 8-bit indexed PNG whose
/// palette is `background` and `inks` at 16 blend levels.
///
/// # Errors
/// The PNG encoder's error (only for inconsistent sizes).
pub(super) fn encode_indexed(
    rgba: &[u8],
    width: u32,
    height: u32,
    background: [u8; 3],
    inks: &[[u8; 3]],
) -> Result<Vec<u8>, png::EncodingError> {
    let palette = palette(background, inks);
    let mut memo: HashMap<[u8; 3], u8> = HashMap::new();
    // Cards are mostly long runs of one colour: remember the last pixel's index.
    let mut last = ([background[0], background[1], background[2]], 0_u8);
    let indexes: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|px| {
            let rgb = [px[0], px[1], px[2]];
            if rgb != last.0 {
                last = (
                    rgb,
                    *memo.entry(rgb).or_insert_with(|| nearest(&palette, rgb)),
                );
            }
            last.1
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette.concat());
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&indexes)?;
        writer.finish()?;
    }
    Ok(out)
}
