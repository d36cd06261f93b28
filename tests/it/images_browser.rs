//! A phone-width Chromium picks the small WebP variant of a photo, a desktop window the
//! large one (`currentSrc`), from the page `bantin serve` publishes. Without Chromium the
//! test says it was skipped; with `CI=true` that is a failure.

use crate::images::jpeg_with_exif;
use crate::serve::Server;
use crate::support::Site;
use crate::webdriver::{Browser, chromium_or_skip};

const CHOSEN: &str = "var i = document.querySelector('.prose picture img'); \
     return i && i.complete && i.naturalWidth > 0 ? \
     [i.currentSrc, String(window.innerWidth)].join(' ') : '';";

#[test]
fn phone_width_loads_the_small_webp_variant() {
    let Some((chromium, chromedriver)) = chromium_or_skip() else {
        return;
    };
    let site = Site::new();
    site.write(
        "site.yaml",
        "title: Ảnh\nbase_url: https://quan.gov.vn/\ndistrict: Cầu Giấy\nimages:\n  widths: [200, 400, 800]\n",
    );
    site.write(
        "content/2024/q1/a.md",
        "---\ntitle: Hội nghị\ndate: 2024-02-01\n---\n\n![Hội nghị tổng kết](anh.jpg)\n",
    );
    site.write("content/2024/q1/anh.jpg", jpeg_with_exif(1000, 750, 1));
    let server = Server::start(site.path(), &[]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.resize(390, 844);
    browser.open(&format!("{}bulletins/hoi-nghi/", server.url));
    let phone = browser.wait_for_text("the photo at phone width", CHOSEN, |t| !t.is_empty());
    let (src, rest) = phone.split_once(' ').unwrap();
    // 390 CSS px wide at a device pixel ratio of 1: the 400 px variant, in WebP.
    assert!(src.ends_with("-400.webp"), "phone chose {phone}");
    assert_eq!(rest, "390", "the window is not phone-wide: {phone}");
    browser.resize(1280, 900);
    browser.open(&format!("{}bulletins/hoi-nghi/?wide", server.url));
    let wide = browser.wait_for_text("the photo in a wide window", CHOSEN, |t| !t.is_empty());
    assert!(wide.contains("-800.webp "), "a wide window chose {wide}");
}
