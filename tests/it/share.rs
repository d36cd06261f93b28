//! Share images: a raster card per district and quarter, and each page's `og:image`.

use crate::support::{Site, bulletin};

/// The `content` of `<meta property="{prop}" ...>` in `page`, if any.
fn meta<'a>(page: &'a str, prop: &str) -> Option<&'a str> {
    let start = page.find(&format!("<meta property=\"{prop}\" content=\""))?;
    let rest = &page[start..];
    let value = &rest[rest.find("content=\"")? + 9..];
    value.split('"').next()
}

/// (width, height, share of pixels that are not the background) of a PNG.
fn read_png(bytes: &[u8]) -> (u32, u32, f64) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks_exact(px).collect();
    let background = pixels[pixels.len() / 2 - 7];
    let inked = pixels.iter().filter(|p| p[..3] != background[..3]).count();
    #[expect(clippy::cast_precision_loss, reason = "a ratio of pixel counts")]
    let share = inked as f64 / pixels.len() as f64;
    (info.width, info.height, share)
}

/// A 2×2 red PNG.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, 2, 2);
    e.set_color(png::ColorType::Rgb);
    let mut w = e.write_header().unwrap();
    w.write_image_data(&[255, 0, 0].repeat(4)).unwrap();
    w.finish().unwrap();
    out
}

fn site() -> Site {
    let s = Site::new();
    let fig = "figures:\n  - id: gia-tri-san-xuat\n    label: Giá trị sản xuất\n    value: 12335\n    unit: tỷ đồng\n    change_pct: 7.6\n";
    s.write(
        "content/2022/q1/a.md",
        bulletin(
            "Không ảnh bìa",
            "2022-03-20",
            &format!("district: Cầu Giấy\n{fig}"),
        ),
    );
    s.write(
        "content/2022/q1/b.md",
        bulletin("Ảnh bìa SVG", "2022-03-10", "image: bieu-do.svg\n"),
    );
    s.write(
        "content/2022/q1/bieu-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    );
    s.write(
        "content/2022/q2/c.md",
        bulletin("Ảnh bìa PNG", "2022-05-02", "image: anh.png\n"),
    );
    s.write("content/2022/q2/anh.png", tiny_png());
    s
}

#[test]
fn every_district_quarter_gets_a_card_and_bulletins_point_at_it() {
    let s = site();
    s.run(&["build"]).ok();
    let mut cards: Vec<String> = s
        .out_files()
        .into_iter()
        .filter(|f| f.starts_with("share/"))
        .collect();
    cards.sort();
    assert_eq!(
        cards,
        [
            "share/cau-giay/2022-q1.png",
            "share/nam-tu-liem/2022-q1.png",
            "share/nam-tu-liem/2022-q2.png"
        ]
    );
    let bytes = std::fs::read(s.path().join("output/share/cau-giay/2022-q1.png")).unwrap();
    assert!(bytes.len() <= 60 * 1024, "{} bytes", bytes.len());
    let (w, h, inked) = read_png(&bytes);
    assert_eq!((w, h), (1200, 630));
    assert!(inked > 0.02, "the card has text and rules drawn: {inked}");

    // No cover: the district's quarter card.
    let a = s.out("bulletins/khong-anh-bia/index.html");
    assert_eq!(
        meta(&a, "og:image"),
        Some("https://quan.gov.vn/bantin/share/cau-giay/2022-q1.png")
    );
    assert_eq!(
        meta(&a, "og:image:alt"),
        Some("Cầu Giấy, Quý I/2022: các số liệu chính")
    );
    assert!(a.contains(
        "<meta name=\"twitter:image:alt\" content=\"Cầu Giấy, Quý I/2022: các số liệu chính\">"
    ));
    assert_eq!(meta(&a, "og:title"), Some("Không ảnh bìa"));
    // An SVG cover is never a share image.
    let b = s.out("bulletins/anh-bia-svg/index.html");
    assert_eq!(
        meta(&b, "og:image"),
        Some("https://quan.gov.vn/bantin/share/nam-tu-liem/2022-q1.png")
    );
    // A raster cover is.
    let c = s.out("bulletins/anh-bia-png/index.html");
    let image = meta(&c, "og:image").unwrap();
    assert!(
        image.starts_with("https://quan.gov.vn/bantin/bulletins/anh-bia-png/")
            && image.ends_with(".png"),
        "{image}"
    );
    assert_eq!(meta(&c, "og:image:alt"), Some("Ảnh bìa PNG"));
    // Other pages have no share image unless site.yaml gives one.
    assert_eq!(meta(&s.out("index.html"), "og:image"), None);
}

#[test]
fn site_share_image_is_the_default_and_must_be_raster() {
    let s = site();
    s.write(
        "site.yaml",
        format!(
            "{}share_image: /anh/chia-se.png\n",
            crate::support::SITE_YAML
        ),
    );
    s.write("static/anh/chia-se.png", tiny_png());
    s.run(&["build"]).ok();
    let home = s.out("index.html");
    assert_eq!(
        meta(&home, "og:image"),
        Some("https://quan.gov.vn/bantin/anh/chia-se.png")
    );
    assert_eq!(meta(&home, "og:image:alt"), Some("Bản tin thử"));

    s.write(
        "site.yaml",
        format!("{}share_image: /anh/logo.svg\n", crate::support::SITE_YAML),
    );
    let run = s.run(&["check"]);
    run.fails_with(1);
    assert!(
        run.stderr.starts_with("site.yaml:4:1: error: `share_image` `/anh/logo.svg` must be a PNG, JPEG, GIF or WebP image: Facebook, Zalo and X do not show SVG\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unchanged_card_is_byte_identical_across_builds() {
    let s = site();
    s.run(&["build"]).ok();
    let first = std::fs::read(s.path().join("output/share/nam-tu-liem/2022-q2.png")).unwrap();
    s.run(&["build"]).ok();
    let second = std::fs::read(s.path().join("output/share/nam-tu-liem/2022-q2.png")).unwrap();
    assert_eq!(first, second);
}
