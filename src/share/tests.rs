use super::*;

fn card() -> CardInputs {
    CardInputs {
        site_title: "Bản tin quận".to_owned(),
        district: "Quận Nam Từ Liêm".to_owned(),
        quarter: "Quý I/2022".to_owned(),
        figures: vec![
            CardFigure {
                label: "Giá trị sản xuất".to_owned(),
                value: "12.335 tỷ đồng".to_owned(),
                change: Some("tăng 7,6% so với cùng kỳ".to_owned()),
            },
            CardFigure {
                label: "Thu ngân sách nhà nước trên địa bàn quận, gồm cả thu tiền sử dụng đất"
                    .to_owned(),
                value: "2.305 tỷ đồng (ước)".to_owned(),
                change: Some("giảm 3,5% so với cùng kỳ".to_owned()),
            },
            CardFigure {
                label: "Hộ nghèo".to_owned(),
                value: "98 hộ".to_owned(),
                change: None,
            },
        ],
    }
}

/// Decodes a PNG: (width, height, RGB pixels).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn a_card_is_a_small_1200_by_630_png_with_text_drawn() {
    let png = render_card(&card()).expect("drawn");
    assert!(png.len() <= 60 * 1024, "{} bytes", png.len());
    let (w, h, pixels) = decode(&png);
    assert_eq!((w, h), (1200, 630));
    // The text area (right of the accent band) has ink: dark pixels in the district line
    // and in the figure rows, not only the band.
    let ink_in = |y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (80..1120).map(move |x| (x, y)))
            .filter(|&(x, y)| pixels[(y * w + x) as usize].iter().all(|&c| c < 100))
            .count()
    };
    assert!(ink_in(120, 180) > 2_000, "district line is drawn");
    assert!(ink_in(290, 340) > 1_000, "first figure row is drawn");
    assert!(ink_in(490, 540) > 500, "third figure row is drawn");
    assert_eq!(ink_in(560, 630), 0, "nothing below the last row");
}

#[test]
fn drawing_is_deterministic_and_the_key_follows_the_inputs() {
    let a = render_card(&card()).expect("drawn");
    assert_eq!(a, render_card(&card()).expect("drawn"));
    let mut other = card();
    other.figures[0].value = "12.535 tỷ đồng".to_owned();
    assert_ne!(card().key(), other.key());
    assert_ne!(a, render_card(&other).expect("drawn"));
}

#[test]
fn the_svg_escapes_text_and_cuts_long_lines() {
    let mut c = card();
    c.district = "<Quận> & \"Hà Nội\"".to_owned();
    let svg = card_svg(&c);
    assert!(
        svg.contains("&lt;Quận&gt; &amp; &quot;Hà Nội&quot;"),
        "{svg}"
    );
    assert!(!svg.contains("<Quận>"));
    assert!(
        svg.contains(">Thu ngân sách nhà nước trên địa bàn…</text>") || svg.contains("…</text>"),
        "{svg}"
    );
    assert!(
        !svg.contains("thu tiền sử dụng đất"),
        "the long label is cut: {svg}"
    );
}

#[test]
fn a_card_without_figures_still_names_district_and_quarter() {
    let mut c = card();
    c.figures.clear();
    let svg = card_svg(&c);
    assert!(svg.contains(">Quận Nam Từ Liêm</text>") && svg.contains(">Quý I/2022</text>"));
    let (w, h, _) = decode(&render_card(&c).expect("drawn"));
    assert_eq!((w, h), (1200, 630));
}
