//! Numbers written as text in front matter: what is wrong and how to write it, whole
//! stderr in both languages.

use crate::support::{Lang, Site};

#[test]
fn percent_comma_underscore_infinite_and_too_large_numbers_say_what_is_wrong() {
    let site = Site::new();
    site.write(
        "content/2022/q1/a.md",
        "---\ntitle: Thu ngân sách\ndate: 2022-03-01\nfigures:\n  - id: thu\n    label: Thu\n    value: 1_000\n    unit: tỷ đồng\n    target_pct: 33%\n    change_pct: 7,6\n  - id: chi\n    label: Chi\n    value: .inf\n    unit: tỷ đồng\n  - id: no\n    label: Nợ\n    value: 1e309\n    unit: tỷ đồng\n---\n\nNội dung.\n",
    );
    site.run_in(Lang::Vi, &["check"]).fails_with(1).stderr_is(&[
        "content/2022/q1/a.md:7:5: lỗi: `value` phải là một số, nhưng đang là chữ “1_000” (viết 1000, không có dấu gạch dưới)",
        "content/2022/q1/a.md:9:5: lỗi: `target_pct` phải là một số, nhưng đang là chữ “33%” (viết 33, không có dấu %: trường này đã tính bằng phần trăm)",
        "content/2022/q1/a.md:10:5: lỗi: `change_pct` phải là một số, nhưng đang là chữ “7,6” (viết 7.6: số thập phân trong YAML dùng dấu chấm, không dùng dấu phẩy)",
        "content/2022/q1/a.md:13:5: lỗi: `value` phải là một số cụ thể; .inf (vô cực hoặc “không phải số”) không dùng được cho số liệu",
        "content/2022/q1/a.md:17:5: lỗi: `value` phải là một số, nhưng đang là chữ “1e309” (số quá lớn, vượt giới hạn của máy tính: kiểm tra lại số chữ số)",
        "5 lỗi, 0 cảnh báo trong 1 tệp; chưa ghi tệp nào",
    ]);
    site.run_in(Lang::En, &["check"]).fails_with(1).stderr_is(&[
        "content/2022/q1/a.md:7:5: error: `value` must be a number, found the string \"1_000\" (write 1000 without `_`)",
        "content/2022/q1/a.md:9:5: error: `target_pct` must be a number, found the string \"33%\" (write 33 without `%`: this field is already a percentage)",
        "content/2022/q1/a.md:10:5: error: `change_pct` must be a number, found the string \"7,6\" (write 7.6 without quotes: YAML numbers use `.` as the decimal mark)",
        "content/2022/q1/a.md:13:5: error: `value` must be a finite number; .inf (infinity or not-a-number) cannot be a figure",
        "content/2022/q1/a.md:17:5: error: `value` must be a number, found the string \"1e309\" (the number is too large for a computer to hold: check its digits)",
        "5 errors, 0 warnings in 1 file; nothing was written",
    ]);
}

#[test]
fn a_percent_sign_on_a_value_points_to_unit() {
    let site = Site::new();
    site.write(
        "content/2022/q1/a.md",
        "---\ntitle: Tỷ lệ\ndate: 2022-03-01\nfigures:\n  - id: ty-le\n    label: Tỷ lệ\n    value: .nan\n    unit: hộ\n  - id: ho\n    label: Hộ\n    value: 12%\n    unit: hộ\n---\n\nNội dung.\n",
    );
    site.run_in(Lang::Vi, &["check"]).fails_with(1).stderr_is(&[
        "content/2022/q1/a.md:7:5: lỗi: `value` phải là một số cụ thể; .nan (vô cực hoặc “không phải số”) không dùng được cho số liệu",
        "content/2022/q1/a.md:11:5: lỗi: `value` phải là một số, nhưng đang là chữ “12%” (viết 12, không có dấu %, và ghi đơn vị ở `unit`)",
        "2 lỗi, 0 cảnh báo trong 1 tệp; chưa ghi tệp nào",
    ]);
    site.run_in(Lang::En, &["check"]).fails_with(1).stderr_is(&[
        "content/2022/q1/a.md:7:5: error: `value` must be a finite number; .nan (infinity or not-a-number) cannot be a figure",
        "content/2022/q1/a.md:11:5: error: `value` must be a number, found the string \"12%\" (write 12 without `%`, and put the unit in `unit`)",
        "2 errors, 0 warnings in 1 file; nothing was written",
    ]);
}
