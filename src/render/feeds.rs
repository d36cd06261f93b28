//! Files that are not theme pages: the Atom feed, the sitemap and alias redirects.

use crate::error::{Diagnostic, Location};
use crate::render::Sink;
use crate::site::Site;
use crate::urls::Urls;
use std::fmt::Write as _;

/// Entries in the site feed.
pub const FEED_ENTRIES: usize = 20;
/// URLs per sitemap file (the protocol's limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    crate::escape::markup(s)
}

/// An Atom feed of `bulletins` (indexes, newest first), at most [`FEED_ENTRIES`].
pub fn atom_feed(
    site: &Site,
    urls: &Urls,
    title: &str,
    self_url: &str,
    page_url: &str,
    bulletins: &[usize],
) -> String {
    let entries: Vec<usize> = bulletins.iter().take(FEED_ENTRIES).copied().collect();
    let updated = entries
        .iter()
        .map(|&i| {
            let b = &site.bulletins[i];
            b.updated.as_ref().map_or_else(
                || b.date.timestamp(),
                |u| u.timestamp().max(b.date.timestamp()),
            )
        })
        .max()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        site.config.language.code()
    );
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(title));
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(self_url));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(self_url)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(page_url)
    );
    let _ = writeln!(x, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        xml_escape(&site.config.title)
    );
    let _ = writeln!(
        x,
        "  <generator version=\"{}\">bantin</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for &i in &entries {
        let b = &site.bulletins[i];
        let url = urls.url(&Urls::bulletin(&b.slug));
        let updated = b.updated.as_ref().map_or_else(
            || b.date.timestamp(),
            |u| u.timestamp().max(b.date.timestamp()),
        );
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <title>{}</title>", xml_escape(&b.title));
        let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(
            x,
            "    <published>{}</published>",
            rfc3339(b.date.timestamp())
        );
        let _ = writeln!(x, "    <updated>{}</updated>", rfc3339(updated));
        if let Some(a) = &b.author {
            let _ = writeln!(x, "    <author><name>{}</name></author>", xml_escape(a));
        }
        // Each tag's feed holds the entry: a bounded number of categories keeps N tags
        // from writing O(N²) bytes.
        for t in site.bulletin_tags[i]
            .iter()
            .take(crate::render::build_views::CARD_TAGS)
        {
            let _ = writeln!(
                x,
                "    <category term=\"{}\" label=\"{}\"/>",
                xml_escape(&site.tags[*t].slug),
                xml_escape(&site.tags[*t].name)
            );
        }
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&b.summary));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

fn rfc3339(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A page that sends readers (and search engines) to `target`.
pub fn redirect_page(target: &str) -> String {
    let t = xml_escape(target);
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{t}</title><link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><a href=\"{t}\">{t}</a></body></html>\n"
    )
}

/// All page URLs of the site, for the sitemap: (URL, last modification).
fn sitemap_urls(site: &Site, urls: &Urls) -> Vec<(String, Option<String>)> {
    let size = site.config.page_size.max(1);
    let mut out = vec![
        (urls.url(&Urls::home()), None),
        (urls.url(&Urls::quarters()), None),
        (urls.url(&Urls::tags()), None),
        (urls.url(&Urls::figures()), None),
        (urls.url(&Urls::search()), None),
    ];
    // One page per figure id any bulletin reports (the ids `FigureSet` draws pages for).
    let figure_ids: std::collections::BTreeSet<&str> = site
        .bulletins
        .iter()
        .flat_map(|b| b.figures.iter().map(|f| f.id.as_str()))
        .collect();
    out.extend(
        figure_ids
            .into_iter()
            .map(|id| (urls.url(&Urls::figure(id)), None)),
    );
    for (q, list) in &site.quarters {
        for p in 1..=list.len().div_ceil(size).max(1) {
            out.push((urls.url(&Urls::quarter(*q, p)), None));
        }
    }
    for t in &site.tags {
        for p in 1..=t.bulletins.len().div_ceil(size).max(1) {
            out.push((urls.url(&Urls::tag(&t.slug, p)), None));
        }
    }
    if site.has_district_pages() {
        out.push((urls.url(&Urls::districts()), None));
        for d in &site.districts {
            for p in 1..=d.bulletins.len().div_ceil(size).max(1) {
                out.push((urls.url(&Urls::district(&d.slug, p)), None));
            }
        }
    }
    for b in &site.bulletins {
        let last = b.updated.as_ref().unwrap_or(&b.date).iso_date();
        out.push((urls.url(&Urls::bulletin(&b.slug)), Some(last)));
    }
    out
}

fn urlset(entries: &[(String, Option<String>)]) -> String {
    let mut x = String::with_capacity(entries.len() * 100 + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, last) in entries {
        let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(url));
        if let Some(l) = last {
            let _ = write!(x, "<lastmod>{l}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// Writes `atom.xml` and the sitemap (an index of numbered sitemaps past 50,000 URLs).
///
/// # Errors
/// A diagnostic when a file cannot be written.
pub fn write_extras(site: &Site, urls: &Urls, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    Ok(write_site_feed(site, urls, sink)? + write_sitemap(site, urls, sink)?)
}

fn write_text(sink: &dyn Sink, rel: &str, text: &str) -> Result<(), Diagnostic> {
    sink.write(rel, text.as_bytes()).map_err(|e| {
        Diagnostic::error(
            Location::file(format!("output/{rel}")),
            format!("cannot write: {e}"),
        )
    })
}

/// Writes the site's Atom feed (`atom.xml`: the newest [`FEED_ENTRIES`] bulletins);
/// returns files written.
///
/// # Errors
/// A diagnostic naming the file that could not be written.
pub fn write_site_feed(site: &Site, urls: &Urls, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let all: Vec<usize> = (0..site.bulletins.len().min(FEED_ENTRIES)).collect();
    let home = urls.url(&Urls::home());
    write_text(
        sink,
        "atom.xml",
        &atom_feed(
            site,
            urls,
            &site.config.title,
            &urls.file_url("atom.xml"),
            &home,
            &all,
        ),
    )?;
    Ok(1)
}

/// Writes `sitemap.xml` (an index of `sitemap-N.xml` files past [`SITEMAP_LIMIT`]
/// URLs); returns files written.
///
/// # Errors
/// A diagnostic naming the file that could not be written.
pub fn write_sitemap(site: &Site, urls: &Urls, sink: &dyn Sink) -> Result<usize, Diagnostic> {
    let write = |rel: &str, text: &str| write_text(sink, rel, text);
    let mut files = 0;
    let entries = sitemap_urls(site, urls);
    if entries.len() <= SITEMAP_LIMIT {
        write("sitemap.xml", &urlset(&entries))?;
        files += 1;
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            write(&name, &urlset(chunk))?;
            files += 1;
            let _ = writeln!(
                index,
                "  <sitemap><loc>{}</loc></sitemap>",
                xml_escape(&urls.file_url(&name))
            );
        }
        index.push_str("</sitemapindex>\n");
        write("sitemap.xml", &index)?;
        files += 1;
    }
    Ok(files)
}
