# Thông báo của bantin bằng tiếng Việt. Mỗi thông báo có một mã cố định (bên trái dấu =),
# giống hệt trong en.ftl, với cùng các đối số ($ten). Cú pháp: Project Fluent
# (https://projectfluent.org/fluent/guide/). Số đếm ($errors, $files...) được viết sẵn
# dấu chấm ngăn cách hàng nghìn; các số khác được truyền vào đã định dạng.

## Mức độ, đứng sau vị trí: content/a.md:4:7: lỗi: ...

severity-error = lỗi
severity-warning = cảnh báo

## Dòng tổng kết

summary-failed = { $errors } lỗi, { $warnings } cảnh báo trong { $files } tệp; chưa ghi tệp nào
summary-strict = { $warnings } cảnh báo được tính là lỗi (--strict)
build-done = đã tạo { $bulletins } bản tin, { $pages } trang ({ $files } tệp) trong { $ms } ms → { $output }
check-done = đã kiểm tra { $bulletins } bản tin, { $pages } trang: không có lỗi, { $warnings } cảnh báo, trong { $ms } ms
init-done = đã tạo trang web mới trong { $dir }; tạo trang bằng lệnh: bantin build --root { $dir }

## bantin figures suggest

suggest-written = { $file }: đã ghi các số liệu vào phần khai báo đầu bản tin

## Tham chiếu số liệu ({{id}} trong bài) và đối chiếu bài viết với số liệu

figure-ref-unknown-id = không có số liệu `{ $id }` trong tham chiếu số liệu: các số liệu của bản tin này là { $ids } (viết `{"{{"}id{"}}"}` với `id` của một số liệu ở phần khai báo đầu bản tin)
figure-ref-unknown-id-none = không có số liệu `{ $id }` trong tham chiếu số liệu: bản tin này chưa có số liệu nào (khai báo dưới `figures:` ở phần đầu bản tin)
figure-ref-unknown-part = không có phần `.{ $part }` trong `{"{{"}{ $id }.{ $part }{"}}"}`: viết một trong các phần { $parts }, hoặc `{"{{"}{ $id }{"}}"}` để in giá trị kèm đơn vị
figure-ref-missing-key = số liệu `{ $id }` không có `{ $key }`: thêm `{ $key }:` vào số liệu ở phần khai báo đầu bản tin hoặc bỏ tham chiếu
prose-mismatch = bài viết ghi { $written } nhưng số liệu { $id } (dòng { $line }) là { $expected }: sửa lại bài viết hoặc số liệu
suggest-no-front-matter = không có phần khai báo đầu bản tin: bản tin bắt đầu bằng `---`, phần YAML và một dòng `---` đóng lại
suggest-nothing-found = không tìm thấy số liệu nào trong bài viết: không có gì để đề xuất
suggest-has-figures = phần khai báo đầu bản tin đã có `figures:`: không ghi gì (hãy tự dán khối số liệu vào)

## bantin serve

serve-listening = đang chạy bản xem trước tại { $url } (nhấn Ctrl-C để dừng)
serve-public = đang mở trên { $address }: ai kết nối được tới máy này cũng xem được bản xem trước
serve-changed = có thay đổi: { $paths }
serve-built = lần tạo { $build }{ $patched ->
        [yes] {" "}(chỉ các trang có nội dung vừa sửa)
       *[no] {""}
    }: { $bulletins } bản tin, { $files } tệp ({ $changed } tệp thay đổi; tạo lại { $rendered } trang, dùng lại { $reused } trang) trong { $ms } ms
serve-failed-previous = lần tạo { $build } không thành công vì { $errors } lỗi; vẫn hiển thị bản tốt gần nhất
serve-failed-no-site = lần tạo { $build } không thành công vì { $errors } lỗi; mọi trang đều hiển thị danh sách lỗi
serve-watch-error = không theo dõi được thay đổi của tệp: { $error }
serve-stopped = đã dừng
browser-open-failed = không mở được trình duyệt ({ $opener }: { $error }); hãy tự mở { $url }

## Cách dùng lệnh

lang-env-invalid = biến môi trường BANTIN_LANG có giá trị “{ $value }”: chỉ nhận vi hoặc en

## Lỗi cú pháp YAML (phần khai báo đầu bản tin, site.yaml)

yaml-syntax = phần khai báo YAML sai cú pháp: { $detail }
yaml-nul = có ký tự NUL (mã 0) trong tệp, thường do sao chép từ phần mềm khác
yaml-nul-hint = xóa ký tự này rồi lưu lại tệp dưới dạng văn bản UTF-8
yaml-tab = dòng này thụt lề bằng phím Tab, YAML không chấp nhận
yaml-tab-hint = dùng dấu cách thay cho phím Tab để thụt lề
yaml-duplicate-key = khóa `{ $key }` xuất hiện hai lần: lần đầu ở dòng { $first }, lần nữa ở đây
yaml-duplicate-key-hint = giữ một dòng `{ $key }:` và xóa dòng còn lại
yaml-unclosed-quote = giá trị của `{ $key }` mở dấu { $quote } nhưng không đóng lại
yaml-unclosed-quote-hint = thêm dấu { $quote } ở cuối giá trị, trên cùng dòng
yaml-colon-in-value = giá trị của `{ $key }` có dấu hai chấm và dấu cách (“: ”), YAML hiểu nhầm là một khóa mới
yaml-colon-in-value-hint = { $key ->
        [title] đặt tiêu đề
       *[other] đặt giá trị
    } trong dấu ngoặc kép: { $fixed }

## Số trong phần khai báo đầu bản tin

number-found-text = `{ $key }` phải là một số, nhưng đang là chữ “{ $found }”
number-found-other = `{ $key }` phải là một số, nhưng { $found ->
        [null] đang để trống
        [bool] đang là true/false (đúng/sai)
        [list] đang là một danh sách
        [map] đang là một nhóm khóa
       *[other] không phải số
    }
number-not-finite = `{ $key }` phải là một số cụ thể; { $found } (vô cực hoặc “không phải số”) không dùng được cho số liệu
number-hint-thousands = viết { $plain }, không có dấu chấm và không đặt trong ngoặc kép: số trong YAML không dùng dấu ngăn cách hàng nghìn
number-hint-comma = viết { $plain }: số thập phân trong YAML dùng dấu chấm, không dùng dấu phẩy
number-hint-percent = viết { $plain }, không có dấu %{ $key ->
        [change_pct] : trường này đã tính bằng phần trăm
        [target_pct] : trường này đã tính bằng phần trăm
       *[other] , và ghi đơn vị ở `unit`
    }
number-hint-underscore = viết { $plain }, không có dấu gạch dưới
number-hint-too-large = số quá lớn, vượt giới hạn của máy tính: kiểm tra lại số chữ số
number-hint-quotes = viết số không đặt trong dấu ngoặc kép
## Ảnh (src/images/)

image-not-an-image = ảnh `{ $link }` không phải ảnh JPEG, PNG, WebP hay GIF: đề nghị xuất lại ảnh theo một trong các định dạng này
image-heic = ảnh `{ $link }` là ảnh HEIC, bantin chưa đọc được: đề nghị xuất ảnh sang JPEG (trên iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất) rồi dẫn tệp .jpg
image-wrong-extension = ảnh `{ $link }` là ảnh { $actual } nhưng mang đuôi .{ $ext }: đề nghị đổi tên thành .{ $right }
image-truncated = không đọc được ảnh `{ $link }` (dữ liệu JPEG bị cắt cụt, tệp chưa đầy đủ): đề nghị xuất lại ảnh từ bản gốc
image-bomb = ảnh `{ $link }` cần nhiều bộ nhớ hơn mức cho phép (có thể là ảnh nén bất thường): đề nghị xuất lại ảnh từ bản gốc
image-corrupt = không đọc được ảnh `{ $link }` ({ $why }): đề nghị xuất lại ảnh từ bản gốc
image-too-large = ảnh `{ $link }` có { $width }×{ $height } điểm ảnh, vượt quá { $max } megapixel cho phép: đề nghị thu nhỏ ảnh, hoặc tăng `images.max_megapixels` trong site.yaml
image-svg-invalid = ảnh `{ $link }` bị từ chối: tệp SVG không đúng cấu trúc ({ $why })
image-svg-element = ảnh `{ $link }` bị từ chối: tệp SVG có thẻ <{ $element }> (dòng { $line }); đề nghị bỏ mã lệnh và thuộc tính sự kiện khỏi tệp SVG
image-svg-event = ảnh `{ $link }` bị từ chối: tệp SVG có thuộc tính sự kiện `{ $attribute }` (dòng { $line }); đề nghị bỏ mã lệnh và thuộc tính sự kiện khỏi tệp SVG
image-svg-javascript = ảnh `{ $link }` bị từ chối: tệp SVG có liên kết javascript: trong `{ $attribute }` (dòng { $line }); đề nghị bỏ mã lệnh và thuộc tính sự kiện khỏi tệp SVG
image-encode = không mã hóa được ảnh `{ $link }`: { $why }
image-io = ảnh `{ $link }`: { $why }
image-cache-read = không đọc được bộ nhớ đệm ảnh: { $why }
image-no-alt = ảnh `{ $link }` chưa có lời mô tả: đề nghị ghi nội dung ảnh trong cặp ngoặc vuông, ![Hội nghị tổng kết](…), để trình đọc màn hình đọc được
images-not-mapping = `images` phải là một bảng gồm các khóa `widths`, `quality`, `formats`, `originals`, `max_megapixels`; gặp { $found }
images-widths = `images.widths` phải là danh sách chiều rộng (điểm ảnh) từ 16 đến 8192, ví dụ [480, 960, 1600]
images-quality = `images.quality` phải là số nguyên từ 1 đến 100 (nên dùng 80)
images-format-unknown = định dạng ảnh `{ $format }` trong `images.formats` không hợp lệ: dùng `webp`, `original` hoặc cả hai
images-formats-empty = `images.formats` phải có `webp`, `original` hoặc cả hai
images-max-megapixels = `images.max_megapixels` phải là số nguyên từ 1 đến 1000
cache-dir-outside = `cache_dir` `{ $dir }` phải là một thư mục nằm trong thư mục gốc của trang, ghi đường dẫn tương đối (ví dụ `.bantin-cache`)
