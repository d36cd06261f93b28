//! Live reload in a real browser: headless Chromium driven over WebDriver (the system
//! `chromedriver`, spoken to with a few lines of HTTP + JSON, so no extra crates).
//! Without Chromium the test says it was skipped; with `CI=true` that is a failure.

use crate::serve::{Server, fixture};
use crate::support::bulletin;
use crate::webdriver::{Browser, chromium_or_skip};

const TITLE: &str = "return document.title";
const OVERLAY: &str = "var e = document.getElementById('bantin-overlay-errors'); \
     return e && e.isConnected ? e.textContent : '';";

#[test]
fn live_reload_and_error_overlay_in_headless_chromium() {
    let Some((chromium, chromedriver)) = chromium_or_skip() else {
        return;
    };
    let site = fixture();
    let server = Server::start(site.path(), &[]);
    let browser = Browser::start(&chromium, &chromedriver);
    browser.open(&format!("{}bulletins/tin-a/", server.url));
    browser.wait_for_text("the bulletin", TITLE, |t| t.contains("Tin A ban đầu"));

    let rel = "content/2022/q1/tin-a.md";
    site.write(
        rel,
        bulletin(
            "Tin A sửa trên đĩa",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    browser.wait_for_text("the reloaded title", TITLE, |t| {
        t.contains("Tin A sửa trên đĩa")
    });

    // Line 5 is the broken `tags:` line (the opening `---` is line 1).
    site.write(
        rel,
        "---\ntitle: Tin A hỏng\ndate: 2022-02-01\nslug: tin-a\ntags: [Kinh tế\n---\n\nNội dung.\n",
    );
    let overlay = browser.wait_for_text("the error overlay", OVERLAY, |t| !t.is_empty());
    let located = overlay.lines().any(|l| {
        l.strip_prefix("content/2022/q1/tin-a.md:")
            .and_then(|rest| rest.split(':').next())
            .is_some_and(|line| line.parse::<u32>().is_ok())
    });
    assert!(located, "overlay without file:line: {overlay}");
    // The last good page stays underneath.
    assert!(
        browser
            .eval(TITLE)
            .as_str()
            .is_some_and(|t| t.contains("Tin A sửa trên đĩa"))
    );

    site.write(
        rel,
        bulletin(
            "Tin A đã sửa lỗi",
            "2022-02-01",
            "slug: tin-a\ntags: [Kinh tế]\n",
        ),
    );
    browser.wait_for_text("the fixed title", TITLE, |t| t.contains("Tin A đã sửa lỗi"));
    browser.wait_for_text("the overlay to go", OVERLAY, str::is_empty);
}
