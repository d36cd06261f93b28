//! Photos: processed into WebP + fallback variants, upright, without metadata, cached, and
//! every bad input located at the line that links it. Test images are made here, small.

use crate::support::{Site, list_files};
use image::{ImageEncoder, Rgb, RgbImage};
use std::path::Path;

const YAML: &str = "title: Ảnh\nbase_url: https://quan.gov.vn/\ndistrict: Cầu Giấy\nimages:\n  widths: [200, 400, 800]\n";

/// A `w`×`h` JPEG, left half red and right half blue, with an EXIF block holding
/// `orientation` and a GPS position.
pub fn jpeg_with_exif(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        if x < w / 2 {
            Rgb([220, 20, 20 + (y % 16) as u8])
        } else {
            Rgb([20, 20, 220])
        }
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    let mut out = plain[..2].to_vec();
    let exif = exif_block(orientation);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(&exif);
    out.extend_from_slice(&plain[2..]);
    out
}

/// `Exif\0\0` + a little-endian TIFF: IFD0 with Orientation and a GPS IFD pointer; the
/// GPS IFD with a latitude reference and the camera serial (as GPS processing text).
fn exif_block(orientation: u16) -> Vec<u8> {
    let mut t = b"Exif\0\0II\x2a\0\x08\0\0\0".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    t.extend_from_slice(&2u16.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, 38u32.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(&1u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_pixel(w, h, Rgb([10, 200, 10]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A PNG that claims 50,000×50,000 pixels in a few hundred bytes.
fn png_bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = crc32(kind);
        crc = crc32_update(crc, data);
        out.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // A zlib stream of a few zero bytes: the rest of the rows would inflate from nothing.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(data: &[u8]) -> u32 {
    crc32_update(0xFFFF_FFFF, data)
}

fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc
}

fn site_with(body: &str, front: &str) -> Site {
    let site = Site::new();
    site.write("site.yaml", YAML);
    site.write(
        "content/2024/q1/a.md",
        format!("---\ntitle: Hội nghị\ndate: 2024-02-01\n{front}---\n\n{body}"),
    );
    site
}

fn out_bytes(site: &Site, rel: &str) -> Vec<u8> {
    std::fs::read(site.path().join("output").join(rel)).unwrap()
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
        || bytes.windows(4).any(|w| w == b"Exif")
}

#[test]
fn photo_becomes_picture_with_srcset_size_and_no_metadata() {
    let site = site_with(
        "Mở đầu.\n\n![Hội nghị tổng kết](anh.jpg)\n\n![Công trình](anh2.jpg)\n",
        "",
    );
    site.write("content/2024/q1/anh.jpg", jpeg_with_exif(1000, 750, 1));
    site.write("content/2024/q1/anh2.jpg", jpeg_with_exif(300, 200, 1));
    assert!(has_exif(
        &std::fs::read(site.path().join("content/2024/q1/anh.jpg")).unwrap()
    ));
    let run = site.run(&["build"]);
    run.ok();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
    let html = site.out("bulletins/hoi-nghi/index.html");
    let picture = html
        .split("<picture>")
        .nth(1)
        .and_then(|p| p.split("</picture>").next())
        .unwrap_or_else(|| panic!("no <picture> in {html}"));
    let base = "https://quan.gov.vn/bulletins/hoi-nghi/";
    let tag = picture
        .split(&format!("{base}anh-"))
        .nth(1)
        .map(|s| &s[..8])
        .unwrap();
    assert_eq!(
        picture,
        format!(
            r#"<source type="image/webp" srcset="{base}anh-{tag}-200.webp 200w, {base}anh-{tag}-400.webp 400w, {base}anh-{tag}-800.webp 800w" sizes="(max-width: 44rem) 100vw, 44rem"><img src="{base}anh-{tag}-800.jpg" srcset="{base}anh-{tag}-200.jpg 200w, {base}anh-{tag}-400.jpg 400w, {base}anh-{tag}-800.jpg 800w" sizes="(max-width: 44rem) 100vw, 44rem" width="800" height="600" alt="Hội nghị tổng kết" decoding="async">"#
        )
    );
    // The second image is lazy; a 300 px photo is never upscaled.
    assert!(
        html.contains(r#"-300.jpg 300w" sizes="(max-width: 44rem) 100vw, 44rem" width="300" height="200" alt="Công trình" loading="lazy" decoding="async">"#),
        "{html}"
    );
    let images: Vec<String> = site
        .out_files()
        .into_iter()
        .filter(|f| f.ends_with(".jpg") || f.ends_with(".webp"))
        .collect();
    assert_eq!(images.len(), 6 + 4 + 2, "{images:?}");
    for f in &images {
        let bytes = out_bytes(&site, f);
        assert!(!has_exif(&bytes), "{f} has EXIF");
        let decoded = image::load_from_memory(&bytes).unwrap();
        let width = f.rsplit('-').next().and_then(|s| s.split('.').next());
        if let Some(Ok(w)) = width.map(str::parse::<u32>) {
            assert_eq!(decoded.width(), w, "{f}");
        }
    }
    // The photo under its own name (plain links, sharing) is stripped and share-sized.
    let own = image::load_from_memory(&out_bytes(&site, "bulletins/hoi-nghi/anh.jpg")).unwrap();
    assert_eq!((own.width(), own.height()), (1000, 750));
}

#[test]
fn orientation_6_comes_out_upright() {
    // Stored 400×200, left red, right blue; orientation 6 shows it turned a quarter
    // clockwise: 200×400, red on top.
    let site = site_with("![Cột cờ](dung.jpg)\n", "");
    site.write("content/2024/q1/dung.jpg", jpeg_with_exif(400, 200, 6));
    site.run(&["build"]).ok();
    let files = site.out_files();
    let variant = files
        .iter()
        .find(|f| f.starts_with("bulletins/hoi-nghi/dung-") && f.ends_with("-200.jpg"))
        .unwrap_or_else(|| panic!("{files:?}"));
    let img = image::load_from_memory(&out_bytes(&site, variant))
        .unwrap()
        .to_rgb8();
    assert_eq!((img.width(), img.height()), (200, 400));
    let top = img.get_pixel(100, 50);
    let bottom = img.get_pixel(100, 350);
    assert!(top[0] > 150 && top[2] < 100, "top {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bottom {bottom:?}");
    let html = site.out("bulletins/hoi-nghi/index.html");
    assert!(html.contains(r#"width="200" height="400""#), "{html}");
}

fn cache_entries(root: &Path) -> Vec<(String, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let dir = root.join(".bantin-cache/images");
    list_files(&dir)
        .into_iter()
        .map(|f| {
            let ino = std::fs::metadata(dir.join(&f)).unwrap().ino();
            (f, ino)
        })
        .collect()
}

#[test]
fn second_build_hits_the_cache_and_stale_entries_are_removed() {
    let site = site_with("![Ảnh](anh.jpg)\n", "");
    site.write("content/2024/q1/anh.jpg", jpeg_with_exif(900, 600, 1));
    site.run(&["build"]).ok();
    let first = cache_entries(site.path());
    // a manifest, 3 WebP and 3 JPEG (200, 400, 800), the whole 900 px JPEG for sharing
    assert_eq!(first.len(), 8, "{first:?}");
    let output = site.out_snapshot();
    site.run(&["build"]).ok();
    assert_eq!(
        cache_entries(site.path()),
        first,
        "an entry was written again"
    );
    assert_eq!(site.out_snapshot(), output);
    // Another photo under the same name: new entries, and the old ones are swept.
    site.write("content/2024/q1/anh.jpg", jpeg_with_exif(700, 600, 1));
    site.run(&["build"]).ok();
    let third = cache_entries(site.path());
    // 200, 400 and 700 (its own width), which is also the share size
    assert_eq!(third.len(), 7, "{third:?}");
    assert!(third.iter().all(|e| !first.contains(e)), "{third:?}");
}

#[test]
fn cover_is_shown_processed_and_shared() {
    let site = site_with("Nội dung.\n", "image: bia.jpg\n");
    site.write("content/2024/q1/bia.jpg", jpeg_with_exif(1600, 1000, 1));
    site.run(&["build"]).ok();
    let html = site.out("bulletins/hoi-nghi/index.html");
    assert!(
        html.contains(
            r#"<meta property="og:image" content="https://quan.gov.vn/bulletins/hoi-nghi/bia.jpg">"#
        ),
        "{html}"
    );
    let cover = html
        .split(r#"<div class="bulletin-cover">"#)
        .nth(1)
        .unwrap_or_else(|| panic!("{html}"));
    assert!(
        cover
            .trim_start()
            .starts_with("<picture><source type=\"image/webp\""),
        "{cover}"
    );
    assert!(
        cover.contains(r#"width="800" height="500" alt="" decoding="async">"#),
        "{cover}"
    );
    let shared = out_bytes(&site, "bulletins/hoi-nghi/bia.jpg");
    assert!(!has_exif(&shared));
    let shared = image::load_from_memory(&shared).unwrap();
    assert_eq!((shared.width(), shared.height()), (1200, 750));
}

#[test]
fn remote_cover_is_used_as_is() {
    let site = site_with("Nội dung.\n", "image: https://anh.example.vn/bia.jpg\n");
    site.run(&["build"]).ok();
    let html = site.out("bulletins/hoi-nghi/index.html");
    assert!(
        html.contains(r#"content="https://anh.example.vn/bia.jpg""#),
        "{html}"
    );
}

#[test]
fn image_without_alt_text_is_a_warning() {
    let site = site_with("![](anh.jpg)\n", "");
    site.write("content/2024/q1/anh.jpg", jpeg_with_exif(300, 200, 1));
    let run = site.run(&["build"]);
    run.ok();
    assert_eq!(
        run.diagnostics(),
        [
            "content/2024/q1/a.md:6:1: warning: image `anh.jpg` has no alt text: write what it shows between the brackets, ![Hội nghị tổng kết](…), so a screen reader can say it"
        ]
    );
}

#[test]
fn each_bad_image_is_located_at_the_line_that_links_it() {
    let jpeg = jpeg_with_exif(300, 200, 1);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "cut.jpg",
            jpeg[..jpeg.len() / 2].to_vec(),
            "image `cut.jpg` cannot be decoded (the JPEG data ends early: the file is truncated): export it again from the original",
        ),
        (
            "lie.jpg",
            png(20, 10),
            "image `lie.jpg` is a PNG image named .jpg: rename it to .png",
        ),
        (
            "text.png",
            b"not an image at all".to_vec(),
            "image `text.png` is not a JPEG, PNG, WebP or GIF image: export it again in one of these formats",
        ),
        (
            "bomb.png",
            png_bomb(),
            "image `bomb.png` is 50000×50000 pixels, more than the 100 megapixels allowed: make it smaller, or raise `images.max_megapixels` in site.yaml",
        ),
        (
            "iphone.heic",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec(),
            "image `iphone.heic` is a HEIC photo, which bantin cannot read: export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and link the .jpg",
        ),
        (
            "script.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>".to_vec(),
            "image `script.svg` is refused: the SVG has a <script> element (line 2); remove scripts and event attributes from the SVG",
        ),
        (
            "event.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>"#.to_vec(),
            "image `event.svg` is refused: the SVG has an event attribute `onclick` (line 1); remove scripts and event attributes from the SVG",
        ),
    ];
    let body: String = cases
        .iter()
        .map(|(name, _, _)| format!("Ảnh ![{name}]({name})\n\n"))
        .collect();
    let site = site_with(&body, "");
    for (name, bytes, _) in &cases {
        site.write(&format!("content/2024/q1/{name}"), bytes);
    }
    // A virtual-memory cap far below the 7.5 GB the bomb would inflate to.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 3000000; exec '{}' check",
            env!("CARGO_BIN_EXE_bantin")
        ))
        .current_dir(site.path())
        .env("BANTIN_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let expected: Vec<String> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, _, m))| format!("content/2024/q1/a.md:{}:5: error: {m}", 6 + 2 * i))
        .collect();
    let got: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(got, expected, "{stderr}");
}

#[test]
fn size_limit_and_settings_are_validated() {
    let site = site_with("![Ảnh](anh.png)\n", "");
    site.write("site.yaml", "title: Ảnh\nbase_url: https://quan.gov.vn/\ndistrict: Cầu Giấy\nimages:\n  max_megapixels: 1\n  quality: 0\n  formats: [webp, avif]\n  widht: 3\n");
    site.write("content/2024/q1/anh.png", png(1200, 1000));
    let run = site.run(&["check"]);
    run.fails_with(1);
    assert_eq!(
        run.diagnostics(),
        [
            "content/2024/q1/a.md:6:1: error: image `anh.png` is 1200×1000 pixels, more than the 1 megapixels allowed: make it smaller, or raise `images.max_megapixels` in site.yaml",
            "site.yaml:6:3: error: `images.quality` must be a whole number from 1 to 100 (80 is a good default)",
            "site.yaml:7:3: error: unknown image format `avif` in `images.formats`: use `webp`, `original` or both",
            "site.yaml:8:3: error: unknown key `widht` (did you mean `widths`?)",
        ],
        "{}",
        run.stderr
    );
    site.write("site.yaml", "title: Ảnh\nbase_url: https://quan.gov.vn/\ndistrict: Cầu Giấy\nimages:\n  max_megapixels: 1\n");
    let run = site.run(&["check"]);
    run.fails_with(1);
    assert_eq!(
        run.diagnostics(),
        [
            "content/2024/q1/a.md:6:1: error: image `anh.png` is 1200×1000 pixels, more than the 1 megapixels allowed: make it smaller, or raise `images.max_megapixels` in site.yaml"
        ]
    );
}
