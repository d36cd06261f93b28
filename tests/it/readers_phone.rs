//! Readers on a phone, in a real browser: every page kind of the bundled site, opened in
//! headless Chromium at 320, 360 and 390 CSS px (a phone, `mobile: true`) and at 1366 px,
//! in the light and the dark scheme. On each, the document is no wider than the viewport,
//! every figure table shows its last column without scrolling, every chart text that is
//! shown renders at 11 px or more and contrasts with its background, and axe-core reports
//! no serious or critical violation (at 360 and 1366 px, both schemes).
//!
//! Without Chromium or axe-core the test says it was skipped; with `CI=true` that is a
//! failure.

use crate::readers_browser::{AXE_RUN, RESULTS, StaticServer};
use crate::support::Site;
use crate::webdriver::{Browser, chromium_or_skip, in_ci};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::Path;

/// Every page kind of the bundled site (the figure pages: one with missing quarters, one
/// with a 6-month chart of a single point).
const PAGES: &[&str] = &[
    "",
    "bulletins/gia-tri-san-xuat-quy-1-2022/",
    "bulletins/hoang-mai-quy-1-2022/",
    "quarters/",
    "quarters/2022-q1/",
    "tags/",
    "tags/kinh-te/",
    "tags/kinh-te/page/2/",
    "districts/",
    "districts/nam-tu-liem/",
    "figures/",
    "figures/gia-tri-san-xuat/",
    "figures/thu-ngan-sach/",
    "search/?q=nam+tu+liem",
    "404.html",
];

/// Widths in CSS px; phones first.
const PHONES: [u32; 3] = [320, 360, 390];
const DESKTOP: u32 = 1366;

/// What the page looks like at this size: widths, figure tables that hide columns, and the
/// rendered size and contrast of every chart text shown.
const MEASURE: &str = r#"
const de = document.documentElement;
const wraps = [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => (w.getAttribute('aria-labelledby') || '?') + ' ' + w.scrollWidth + '>' + w.clientWidth);
const rgb = c => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
const lum = c => {
  const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const background = el => {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
  }
  return 'rgb(255, 255, 255)';
};
const texts = [...document.querySelectorAll('svg.figure-chart text, svg.figure-chart tspan')]
  .filter(t => t.getClientRects().length && t.textContent.trim());
const problems = [];
let min = null;
for (const t of texts) {
  const m = t.getScreenCTM();
  const px = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
  min = min === null ? px : Math.min(min, px);
  if (px < 11) problems.push('text "' + t.textContent.trim() + '" at ' + px.toFixed(1) + 'px');
  const ratio = contrast(getComputedStyle(t).fill, background(t));
  if (ratio < 4.5) problems.push('text "' + t.textContent.trim() + '" contrast ' + ratio.toFixed(2));
}
return { width: de.scrollWidth, viewport: de.clientWidth, hidden_columns: wraps,
         chart_texts: texts.length, min_text: min, text_problems: problems.slice(0, 5) };
"#;

#[test]
fn every_page_fits_a_phone_with_legible_charts_and_no_serious_axe_violation() {
    let Some((chromium, chromedriver)) = chromium_or_skip() else {
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let axe_js = repo.join("tests/browser/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_js).ok();
    if axe.is_none() {
        assert!(
            !in_ci(),
            "CI=true but {} is missing (npm ci --prefix tests/browser)",
            axe_js.display()
        );
        eprintln!("axe-core not installed: accessibility checks skipped");
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let site = Site::bundled();
    site.run(&["build", "--base-url", &base]).ok();
    let _server = StaticServer::start(listener, site.path().join("output"));
    let browser = Browser::start(&chromium, &chromedriver);

    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        browser.cdp(
            "Emulation.setEmulatedMedia",
            &json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        for width in PHONES.into_iter().chain([DESKTOP]) {
            browser.cdp(
                "Emulation.setDeviceMetricsOverride",
                &json!({"width": width, "height": if width == DESKTOP { 900 } else { 800 },
                        "deviceScaleFactor": 1, "mobile": width != DESKTOP}),
            );
            for page in PAGES {
                let at = format!("/{page} at {width}px ({scheme})");
                browser.open(&format!("{base}{page}"));
                if page.starts_with("search/") {
                    browser.wait_for("search results", RESULTS, |v| {
                        v.as_array().is_some_and(|a| !a.is_empty())
                    });
                }
                let m = browser.eval(MEASURE);
                check_measures(&at, page, &m, &mut problems);
                let axe_here = width == 360 || width == DESKTOP;
                if let (Some(axe), true) = (&axe, axe_here) {
                    browser.eval(&format!("{axe}\n;return true;"));
                    for v in browser.eval_async(AXE_RUN).as_array().unwrap() {
                        problems.push(format!("{at}: axe: {v}"));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn check_measures(at: &str, page: &str, m: &Value, problems: &mut Vec<String>) {
    let (width, viewport) = (m["width"].as_u64(), m["viewport"].as_u64());
    if width > viewport {
        problems.push(format!(
            "{at}: the page is {}px wide in a {}px viewport",
            width.unwrap_or(0),
            viewport.unwrap_or(0)
        ));
    }
    for hidden in m["hidden_columns"].as_array().into_iter().flatten() {
        problems.push(format!(
            "{at}: a figure table hides columns (scroll {hidden})"
        ));
    }
    for p in m["text_problems"].as_array().into_iter().flatten() {
        problems.push(format!("{at}: chart {p}"));
    }
    // The charts must be there to be measured.
    if page.starts_with("figures/") && page.len() > "figures/".len() {
        let shown = m["chart_texts"].as_u64().unwrap_or(0);
        if shown == 0 {
            problems.push(format!("{at}: no chart text shown"));
        }
    }
}
