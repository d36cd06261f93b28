//! YAML mistakes editors make, explained at their line, whole stderr in both languages.

use crate::support::{Lang, SITE_YAML, Site};

const A: &str = "content/2022/q1/a.md";

/// `check` on a site whose one bulletin has `front_matter`: stderr in vi, then in en.
#[track_caller]
fn check_front_matter(front_matter: &str, vi: &[&str], en: &[&str]) {
    let site = Site::new();
    site.write(A, format!("---\n{front_matter}---\n\nNội dung.\n"));
    site.run_in(Lang::Vi, &["check"])
        .fails_with(1)
        .stderr_is(vi);
    site.run_in(Lang::En, &["check"])
        .fails_with(1)
        .stderr_is(en);
}

const VI_ONE: &str = "1 lỗi, 0 cảnh báo trong 1 tệp; chưa ghi tệp nào";
const EN_ONE: &str = "1 error, 0 warnings in 1 file; nothing was written";

#[test]
fn tab_indentation() {
    check_front_matter(
        "title: Thu ngân sách\n\tdate: 2022-03-01\n",
        &[
            "content/2022/q1/a.md:3:1: lỗi: dòng này thụt lề bằng phím Tab, YAML không chấp nhận (dùng dấu cách thay cho phím Tab để thụt lề)",
            VI_ONE,
        ],
        &[
            "content/2022/q1/a.md:3:1: error: this line is indented with a Tab, which YAML does not accept (indent with spaces instead of the Tab key)",
            EN_ONE,
        ],
    );
}

#[test]
fn colon_in_an_unquoted_title() {
    check_front_matter(
        "title: Quận Nam Từ Liêm: quý I tăng 7,6%\ndate: 2022-03-01\n",
        &[
            "content/2022/q1/a.md:2:8: lỗi: giá trị của `title` có dấu hai chấm và dấu cách (“: ”), YAML hiểu nhầm là một khóa mới (đặt tiêu đề trong dấu ngoặc kép: title: \"Quận Nam Từ Liêm: quý I tăng 7,6%\")",
            VI_ONE,
        ],
        &[
            "content/2022/q1/a.md:2:8: error: the value of `title` contains a colon and a space (“: ”), which YAML reads as a new key (put the title in double quotes: title: \"Quận Nam Từ Liêm: quý I tăng 7,6%\")",
            EN_ONE,
        ],
    );
}

#[test]
fn unclosed_quote_is_reported_where_it_opens() {
    check_front_matter(
        "title: \"Thu ngân sách\ndate: 2022-03-01\ntags: [Ngân sách]\nauthor: Phòng Tài chính\n",
        &[
            "content/2022/q1/a.md:2:8: lỗi: giá trị của `title` mở dấu \" nhưng không đóng lại (thêm dấu \" ở cuối giá trị, trên cùng dòng)",
            VI_ONE,
        ],
        &[
            "content/2022/q1/a.md:2:8: error: the value of `title` opens a \" and never closes it (add the closing \" at the end of the value, on the same line)",
            EN_ONE,
        ],
    );
}

#[test]
fn duplicate_key_names_both_lines() {
    check_front_matter(
        "title: Thu ngân sách\ndate: 2022-03-01\ntitle: Chi ngân sách\n",
        &[
            "content/2022/q1/a.md:4:1: lỗi: khóa `title` xuất hiện hai lần: lần đầu ở dòng 2, lần nữa ở đây (giữ một dòng `title:` và xóa dòng còn lại)",
            VI_ONE,
        ],
        &[
            "content/2022/q1/a.md:4:1: error: the key `title` appears twice: first on line 2, again here (keep one `title:` line and delete the other)",
            EN_ONE,
        ],
    );
}

#[test]
fn site_yaml_duplicate_key_stops_there_without_bulletin_errors() {
    let site = Site::new();
    site.write("site.yaml", format!("{SITE_YAML}title: Bản tin khác\n"));
    site.write(A, "---\ntitle: A\ndate: 2022-03-01\n---\n\nx\n");
    site.write(
        "content/2022/q1/b.md",
        "---\ntitle: B\ndate: 2022-03-02\n---\n\nx\n",
    );
    site.run_in(Lang::Vi, &["check"]).fails_with(1).stderr_is(&[
        "site.yaml:4:1: lỗi: khóa `title` xuất hiện hai lần: lần đầu ở dòng 1, lần nữa ở đây (giữ một dòng `title:` và xóa dòng còn lại)",
        VI_ONE,
    ]);
    site.run_in(Lang::En, &["build"]).fails_with(1).stderr_is(&[
        "site.yaml:4:1: error: the key `title` appears twice: first on line 1, again here (keep one `title:` line and delete the other)",
        EN_ONE,
    ]);
}

#[test]
fn site_yaml_nul_is_reported_at_its_line() {
    let site = Site::new();
    site.write("site.yaml", format!("{SITE_YAML}theme: def\0ault\n"));
    site.write(A, "---\ntitle: A\ndate: 2022-03-01\n---\n\nx\n");
    site.run_in(Lang::Vi, &["check"]).fails_with(1).stderr_is(&[
        "site.yaml:4:11: lỗi: có ký tự NUL (mã 0) trong tệp, thường do sao chép từ phần mềm khác (xóa ký tự này rồi lưu lại tệp dưới dạng văn bản UTF-8)",
        VI_ONE,
    ]);
    site.run_in(Lang::En, &["check"]).fails_with(1).stderr_is(&[
        "site.yaml:4:11: error: the file contains a NUL character (code 0), usually pasted from another program (delete it and save the file again as UTF-8 text)",
        EN_ONE,
    ]);
}
