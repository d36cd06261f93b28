//! Output paths that would collide: pages, aliases and attachments landing on each other,
//! on the kept files or on the files bantin writes; and the 80-character limit on slugs,
//! alias segments and figure ids written by hand.

use crate::support::{Site, bulletin};

#[test]
fn hand_written_slugs_alias_segments_and_figure_ids_over_80_characters_are_refused_at_their_line() {
    let long = "a".repeat(81);
    let s = Site::new();
    s.write(
        "content/a.md",
        format!(
            "---\ntitle: A\ndate: 2022-01-05\nslug: {long}\naliases: [/cu/{long}/]\nfigures:\n  - id: {long}\n    label: L\n    value: 1\n    unit: hộ\n---\n\nThân bài.\n"
        ),
    );
    s.write(
        "site.yaml",
        format!(
            "{}figures:\n  {long}:\n    label: L\n",
            crate::support::SITE_YAML
        ),
    );
    let run = s.run(&["check"]);
    run.fails_with(1);
    let at_most = "at most 80 (addresses stay readable and fit every file system); shorten it";
    assert_eq!(
        run.diagnostics(),
        [
            format!("content/a.md:4:1: error: `slug` is 81 characters long: {at_most}"),
            format!(
                "content/a.md:5:1: error: alias segment `aaaaaaaaaaaaaaaaaaaaaaaa…` is 81 characters long: {at_most}"
            ),
            format!("content/a.md:7:5: error: figure `id` is 81 characters long: {at_most}"),
            format!("site.yaml:5:3: error: figure id is 81 characters long: {at_most}"),
        ]
    );
    // Exactly 80 is fine.
    let ok = "b".repeat(80);
    s.write(
        "content/a.md",
        bulletin(
            "A",
            "2022-01-05",
            &format!("slug: {ok}\naliases: [/cu/{ok}/]\n"),
        ),
    );
    s.write("site.yaml", crate::support::SITE_YAML);
    s.run(&["check"]).ok();
}

#[test]
fn a_cover_image_named_index_html_is_refused_at_its_line() {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin("A", "2022-01-05", "image: anh/index.html\n"),
    );
    s.write("content/anh/index.html", "<p>x</p>");
    let run = s.run(&["check"]);
    run.fails_with(1);
    assert_eq!(
        run.diagnostics(),
        [
            "content/a.md:4:1: error: a cover image named index.html would replace the bulletin's page (its index.html): rename the file"
        ]
    );
}

#[test]
fn an_attachment_named_index_html_and_same_named_images_from_two_folders_all_survive() {
    let s = Site::new();
    s.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2022-01-05\nimage: bia/anh.png\n---\n\n[Phụ lục](phu-luc/index.html) ![Ảnh](than/anh.png)\n",
    );
    s.write("content/phu-luc/index.html", "phụ lục");
    // Photos are published re-encoded (metadata stripped): tell them apart by colour.
    let png = |rgb: [u8; 3]| {
        let mut out = Vec::new();
        image::RgbImage::from_pixel(4, 4, image::Rgb(rgb))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    };
    s.write("content/bia/anh.png", png([200, 0, 0]));
    s.write("content/than/anh.png", png([0, 0, 200]));
    s.run(&["build"]).ok();
    let page = s.out("bulletins/a/index.html");
    assert!(page.contains("<h1"), "the page is the page: {page}");
    assert_eq!(s.out("bulletins/a/2-index.html"), "phụ lục");
    let colour = |rel: &str| {
        let bytes = std::fs::read(s.path().join("output").join(rel)).unwrap();
        image::load_from_memory(&bytes)
            .unwrap()
            .to_rgb8()
            .get_pixel(0, 0)
            .0
    };
    assert_eq!(colour("bulletins/a/anh.png"), [200, 0, 0]);
    assert_eq!(colour("bulletins/a/2-anh.png"), [0, 0, 200]);
    // The body photo's variants carry its page name (`2-anh-<content tag>-4.png`).
    assert!(page.contains("bulletins/a/2-anh-"), "{page}");
    assert!(page.contains("bulletins/a/2-index.html"), "{page}");
}

#[test]
fn aliases_landing_on_kept_files_or_on_files_bantin_writes_are_errors_at_their_line_in_check_and_build()
 {
    let s = Site::new();
    s.write(
        "content/a.md",
        bulletin(
            "A",
            "2022-01-05",
            "tags: [Kinh tế]\naliases:\n  - /CNAME/\n  - /tags/\n  - /sitemap.xml/\n  - /search/\n  - /data/figures.csv/\n  - /bulletins/b/anh.png/\n  - /tin-cu/a/\n",
        ),
    );
    s.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2022-01-06\n---\n\n![Ảnh](anh.png)\n",
    );
    let mut png = Vec::new();
    image::RgbImage::new(2, 2)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    s.write("content/anh.png", png);
    let expected = [
        "content/a.md:6:3: error: alias `/CNAME/` lands on CNAME, which the output folder keeps (`.git`, the marker and `keep:` in site.yaml): choose another old path",
        "content/a.md:7:3: error: alias `/tags/` lands on tags/index.html, a page bantin writes itself: choose another old path",
        "content/a.md:8:3: error: alias `/sitemap.xml/` needs a folder sitemap.xml/, where bantin writes the file sitemap.xml: choose another old path",
        "content/a.md:9:3: error: alias `/search/` lands on search/index.html, a page bantin writes itself: choose another old path",
        "content/a.md:10:3: error: alias `/data/figures.csv/` needs a folder data/figures.csv/, where bantin writes the file data/figures.csv: choose another old path",
        "content/a.md:11:3: error: alias `/bulletins/b/anh.png/` needs a folder bulletins/b/anh.png/, where bantin writes the file bulletins/b/anh.png: choose another old path",
    ];
    let check = s.run(&["check"]);
    check.fails_with(1);
    assert_eq!(check.diagnostics(), expected);
    // build says the same, and leaves the previous output (none here) as it was.
    let build = s.run(&["build"]);
    build.fails_with(1);
    assert_eq!(build.diagnostics(), expected);
    assert!(!s.path().join("output").exists());
    // Without them, it builds, with the one harmless alias.
    s.write(
        "content/a.md",
        bulletin("A", "2022-01-05", "aliases: [/tin-cu/a/]\n"),
    );
    s.run(&["build"]).ok();
    assert!(s.out("tin-cu/a/index.html").contains("bulletins/a/"));
}
