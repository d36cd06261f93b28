#!/usr/bin/env python3
"""Generate a synthetic corpus of Vietnamese district bulletins for the benchmark.

Usage:
    python3 gen_corpus.py --n N --out DIR [--seed S] [--force] [--flavor bantin|peers]
    python3 gen_corpus.py --verify DIR

Two layouts of the same bulletins (same text, same figures, same links):

  --flavor bantin   DIR/site.yaml and DIR/content/<year>/q<n>/<slug>.md, front
                    matter only from bantin's contract (see BANTIN_KEYS and
                    FIGURE_KEYS below), `slug` written explicitly.
  --flavor peers    (default) DIR/content/bulletins/<slug>.md, flat, with
                    `quarters`/`districts` lists in place of `slug` so that
                    Hugo's taxonomies see them (hugo_site.sh turns this into a
                    Hugo site).

Each bulletin has YAML front matter between `---` lines and a Markdown body
of 400-1,500 words of generated Vietnamese prose: `##` headings, a bullet
list, in 30% of bulletins a table, bold/italic spans, in most bulletins a
"Tin liên quan" list of relative `.md` links to earlier bulletins of the
corpus (mostly of the same district; every link target exists, in both
layouts), sometimes an inline link to one, and sometimes an external link.
Numbers the prose states about one of the bulletin's figures (a sentence on
"công tác thu ngân sách" when the bulletin reports "Thu ngân sách", the
table's rows) are that figure's values, so `bantin check` finds no prose that
disagrees with the front matter.

Front matter keys (in this order; optional ones drawn from a separate RNG):
    title      Vietnamese title with diacritics, ends with "quý II/2022" etc.
    date       ISO 8601 with +07:00 offset, inside the bulletin's quarter
    quarter    "2022-Q2"
    slug       (bantin) <year>-q<quarter>-<district>-<nnnnn>, [a-z0-9-]+
    quarters   (peers) ["2022-Q2"]
    district   "Nam Từ Liêm" (12 districts)
    districts  (peers) ["Nam Từ Liêm"]
    tags       2-5 of 40 Vietnamese tags (no two fold to the same ASCII slug)
    author     Vietnamese personal name
    summary    (25%) one sentence
    source     (20%) an https URL
    updated    (10%) a date 1-20 days after `date`
    extra      (5%)  a small map
    figures    2-6 entries {id, label, value, unit, period?, change_pct?,
               target_pct?, estimate?, note?}; `value` a YAML number

Figures are consistent data, not per-bulletin noise.  Each of the 21 figure
ids has one label and one unit.  For every (district, id) the seed fixes a
quarterly series: a base level, steady yearly growth (or decline) and small
per-quarter noise, with a mild seasonal pattern for amounts per quarter
("flow" figures); levels such as schools or poor households move smoothly,
and percentages climb towards a ceiling below 100.  Integers for counts, one
decimal for % and ha; every series stays (give or take its noise) inside
its figure's range, so no two values of a figure for a district are orders
of magnitude apart.  Any bulletin of district d in quarter q that reports
figure id writes
    value       series(d, id, q), so every bulletin agrees
    change_pct  round(100 * (value / series(d, id, q-4) - 1), 1), from the
                written values; only from the corpus's second year on
    target_pct  fixed per (district, id, q): for flows the cumulative share
                of the year's plan, for levels and percentages the value as
                a share of the year-end target (about 88-100)
The optional Markdown table in the body uses the same values and the same
year-on-year change.  Quarters run over ten years, 2017-Q1 to 2026-Q4 (the
last ones may lie in the future: Hugo needs buildFuture).

`--verify DIR` reads a corpus (either layout) back and counts violations:
figure inconsistencies, unknown front matter keys (bantin flavour), bad or
duplicate slugs, links to missing files, bodies outside 400-1,500 words.

Determinism: every bulletin i is generated from RNGs seeded with
"<seed>:<i>" and "<seed>:meta:<i>" (the figure series from RNGs seeded with
"<seed>:series:<district>:<id>"), and links only point to bulletins j < i,
so the output depends only on (seed, i) and a corpus of N=1,000 is exactly
the first 1,000 files of the N=10,000 corpus for the same seed.  Only the
Python standard library is used.  After a successful run DIR/.bench-corpus
holds "flavor=F n=N seed=S gen=<sha256 of this script>" (bench/run uses it to
decide whether a cached corpus is still valid).
"""

import argparse
import datetime
import hashlib
import os
import posixpath
import random
import re
import shutil
import sys
import unicodedata

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

DISTRICTS = [
    "Nam Từ Liêm", "Bắc Từ Liêm", "Cầu Giấy", "Đống Đa", "Hoàn Kiếm",
    "Ba Đình", "Tây Hồ", "Long Biên", "Hoàng Mai", "Thanh Xuân",
    "Hai Bà Trưng", "Hà Đông",
]

TAGS = [
    "kinh tế", "ngân sách", "xây dựng Đảng", "trật tự đô thị", "giáo dục",
    "phòng chống dịch COVID-19", "y tế", "an sinh xã hội",
    "cải cách hành chính", "chuyển đổi số", "giải phóng mặt bằng",
    "đầu tư công", "quy hoạch", "môi trường", "văn hóa", "thể thao",
    "du lịch", "an ninh trật tự", "quốc phòng", "phòng cháy chữa cháy",
    "an toàn giao thông", "thương mại dịch vụ", "công nghiệp",
    "nông nghiệp đô thị", "đất đai", "xây dựng cơ bản", "nhà ở xã hội",
    "lao động việc làm", "giảm nghèo", "người cao tuổi", "trẻ em",
    "thanh niên", "phụ nữ", "mặt trận tổ quốc", "thi đua khen thưởng",
    "tiếp công dân", "khiếu nại tố cáo", "phòng chống tham nhũng",
    "an toàn thực phẩm", "hội đồng nhân dân",
]

TOPICS = [
    "phát triển kinh tế - xã hội", "thu ngân sách nhà nước",
    "giải phóng mặt bằng", "cải cách hành chính", "chuyển đổi số",
    "quản lý trật tự xây dựng", "phòng, chống dịch COVID-19",
    "bảo vệ môi trường", "bảo đảm an sinh xã hội", "xây dựng Đảng",
    "giáo dục và đào tạo", "chỉnh trang đô thị", "phòng cháy, chữa cháy",
    "bảo đảm an toàn thực phẩm", "quản lý đất đai",
    "văn hóa - thể thao", "chăm sóc sức khỏe nhân dân",
    "giải ngân vốn đầu tư công", "tiếp công dân", "giảm nghèo bền vững",
]

TITLE_TEMPLATES = [
    "Quận {d} triển khai nhiệm vụ {t} quý {q}/{y}",
    "Quận {d}: nhiều kết quả tích cực về {t} trong quý {q}/{y}",
    "{d} sơ kết công tác {t} quý {q}/{y}",
    "Quận {d} đẩy mạnh {t} quý {q}/{y}",
    "Hội nghị đánh giá công tác {t} quý {q}/{y} tại quận {d}",
    "Quận {d} tăng cường {t}, hoàn thành chỉ tiêu quý {q}/{y}",
    "Quận {d} tập trung tháo gỡ khó khăn về {t} quý {q}/{y}",
    "Kết quả {t} của quận {d} quý {q}/{y}",
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Phan", "Trịnh", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu",
          "Hồng", "Xuân", "Hữu", "Kim", "Bảo", "Thùy"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh",
         "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai",
         "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo",
         "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Yến"]

POSITIONS = [
    "Bí thư Quận ủy", "Phó Bí thư Thường trực Quận ủy",
    "Chủ tịch UBND quận", "Phó Chủ tịch UBND quận",
    "Chủ tịch HĐND quận", "Chủ tịch Ủy ban MTTQ quận",
    "Trưởng phòng Tài chính - Kế hoạch", "Trưởng Công an quận",
]

SUBJECTS = [
    "UBND quận", "Quận ủy", "Ban Thường vụ Quận ủy", "HĐND quận",
    "Ủy ban MTTQ quận", "Phòng Tài chính - Kế hoạch",
    "Phòng Quản lý đô thị", "Phòng Giáo dục và Đào tạo",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Tài nguyên và Môi trường", "Phòng Văn hóa và Thông tin",
    "Trung tâm Y tế quận", "Công an quận", "Ban Chỉ huy Quân sự quận",
    "Chi cục Thuế", "Đội Thanh tra trật tự xây dựng", "UBND các phường",
    "Quận đoàn", "Hội Liên hiệp Phụ nữ quận",
    "Ban Quản lý dự án đầu tư xây dựng", "các cơ quan, đơn vị",
    "cán bộ, công chức các phường", "Văn phòng HĐND và UBND quận",
]

VERBS = [
    "đã triển khai", "tiếp tục triển khai", "tập trung chỉ đạo",
    "chỉ đạo quyết liệt", "tổ chức thực hiện", "đẩy mạnh", "tăng cường",
    "rà soát", "kiểm tra, giám sát", "phối hợp thực hiện", "hoàn thành",
    "chủ động xây dựng", "ban hành kế hoạch về", "tổ chức sơ kết",
    "tuyên truyền, vận động về", "đôn đốc", "quán triệt",
    "nâng cao chất lượng", "thực hiện nghiêm", "bố trí nguồn lực cho",
]

OBJECTS = [
    "công tác thu ngân sách", "các nhiệm vụ phát triển kinh tế - xã hội",
    "công tác giải phóng mặt bằng", "các dự án đầu tư công trọng điểm",
    "công tác cải cách hành chính", "chương trình chuyển đổi số",
    "công tác quản lý trật tự xây dựng", "công tác phòng, chống dịch bệnh",
    "các chính sách an sinh xã hội",
    "công tác xây dựng Đảng và hệ thống chính trị",
    "việc chỉnh trang đô thị", "công tác bảo vệ môi trường",
    "phong trào thi đua yêu nước", "công tác tiếp công dân",
    "việc giải quyết đơn thư khiếu nại, tố cáo",
    "công tác phòng cháy, chữa cháy", "công tác bảo đảm an toàn thực phẩm",
    "công tác quản lý đất đai", "kế hoạch tuyển sinh đầu cấp",
    "chương trình giảm nghèo bền vững",
    "công tác chăm sóc sức khỏe nhân dân",
    "việc xây dựng nếp sống văn minh đô thị",
    "công tác quân sự địa phương",
    "các thủ tục hành chính trên môi trường điện tử",
    "việc thu gom, xử lý rác thải", "công tác kiểm tra hoạt động kinh doanh",
    "hệ thống chiếu sáng công cộng", "chương trình cải tạo chung cư cũ",
    "công tác đào tạo, bồi dưỡng cán bộ", "việc cấp giấy chứng nhận quyền sử dụng đất",
]

MODIFIERS = [
    "trên địa bàn quận", "theo đúng kế hoạch đề ra",
    "một cách đồng bộ và hiệu quả", "với nhiều giải pháp sáng tạo",
    "ngay từ những ngày đầu năm", "bám sát chỉ đạo của Thành phố",
    "gắn với trách nhiệm người đứng đầu", "tại tất cả các phường",
    "bảo đảm công khai, minh bạch", "có trọng tâm, trọng điểm",
    "theo tinh thần nghị quyết của Quận ủy",
    "trong bối cảnh còn nhiều khó khăn",
    "với sự tham gia tích cực của nhân dân",
    "nhằm phục vụ tốt hơn người dân và doanh nghiệp",
    "góp phần ổn định tình hình chính trị",
    "đáp ứng yêu cầu phát triển đô thị", "không để tồn đọng, kéo dài",
    "theo hướng thực chất, hiệu quả",
]

OUTCOMES = [
    "đạt nhiều kết quả tích cực", "vượt chỉ tiêu đề ra",
    "có chuyển biến rõ nét", "được nhân dân đồng tình, ủng hộ",
    "cơ bản hoàn thành kế hoạch", "còn một số hạn chế cần khắc phục",
    "tiếp tục duy trì ổn định", "tạo sức lan tỏa trong cộng đồng",
    "chưa đạt yêu cầu đề ra", "được Thành phố ghi nhận, đánh giá cao",
]

CONNECTORS = [
    "Bên cạnh đó, ", "Đồng thời, ", "Ngoài ra, ", "Cùng với đó, ",
    "Trong quý, ", "Theo báo cáo, ", "Tính đến cuối quý, ", "Mặt khác, ",
    "Đáng chú ý, ", "Nhìn chung, ", "", "", "", "",
]

# Free word list (real Vietnamese words) for compositional sentences.
NOUNS = [
    "người dân", "doanh nghiệp", "khu dân cư", "tuyến phố", "công trình",
    "dự án", "trường học", "trạm y tế", "nhà văn hóa", "chợ dân sinh",
    "vỉa hè", "hệ thống thoát nước", "cây xanh", "điểm trông giữ xe",
    "tổ dân phố", "hộ gia đình", "thanh niên", "người cao tuổi",
    "hội viên", "đảng viên", "cán bộ", "học sinh", "giáo viên",
    "bác sĩ", "tiểu thương", "khu đô thị", "nhà chung cư", "công viên",
    "hồ điều hòa", "ngõ xóm",
]
ADJECTIVES = [
    "mới", "sạch đẹp", "an toàn", "văn minh", "hiện đại", "khang trang",
    "thông thoáng", "bền vững", "thiết thực", "hiệu quả", "kịp thời",
    "đồng bộ", "chủ động", "tích cực", "nghiêm túc", "ổn định",
]
FREE_VERBS = [
    "được cải tạo", "được nâng cấp", "được hỗ trợ", "được tuyên truyền",
    "được kiểm tra", "tham gia", "đóng góp", "hưởng ứng", "đăng ký",
    "được bàn giao", "được đưa vào sử dụng", "được quan tâm",
]

HEADINGS = [
    "Kết quả nổi bật", "Một số chỉ tiêu chủ yếu", "Tồn tại, hạn chế",
    "Nhiệm vụ trọng tâm quý tới", "Công tác xây dựng Đảng",
    "Lĩnh vực văn hóa - xã hội", "Quản lý đô thị", "An ninh, quốc phòng",
    "Cải cách hành chính", "Ý kiến chỉ đạo", "Thu, chi ngân sách",
    "Đầu tư xây dựng cơ bản", "Giáo dục và y tế",
    "Công tác dân vận", "Phát triển kinh tế",
]

DOC_TYPES = ["Kế hoạch", "Quyết định", "Chỉ thị", "Công văn", "Thông báo"]
DOC_CODES = {"Kế hoạch": "KH-UBND", "Quyết định": "QĐ-UBND",
             "Chỉ thị": "CT-QU", "Công văn": "UBND-VP",
             "Thông báo": "TB-UBND"}

# id, label, unit, lo, hi, kind ("int" or "float"), p(change), p(target)
FIGURES = [
    ("gia-tri-san-xuat", "Giá trị sản xuất", "tỷ đồng", 5000, 30000, "int", 0.8, 0.4),
    ("thu-ngan-sach", "Thu ngân sách", "tỷ đồng", 300, 5000, "int", 0.7, 0.7),
    ("chi-ngan-sach", "Chi ngân sách", "tỷ đồng", 200, 3000, "int", 0.4, 0.7),
    ("von-dau-tu-cong", "Vốn đầu tư công giải ngân", "tỷ đồng", 50, 2000, "int", 0.3, 0.8),
    ("doanh-nghiep-moi", "Doanh nghiệp thành lập mới", "doanh nghiệp", 50, 900, "int", 0.8, 0.3),
    ("ho-so-hanh-chinh", "Hồ sơ hành chính tiếp nhận", "hồ sơ", 2000, 60000, "int", 0.6, 0.2),
    ("ty-le-dung-han", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 90, 100, "float", 0.3, 0.0),
    ("lao-dong-viec-lam", "Lao động được giải quyết việc làm", "người", 500, 6000, "int", 0.5, 0.7),
    ("ho-ngheo", "Hộ nghèo còn lại", "hộ", 1, 300, "int", 0.7, 0.0),
    ("dien-tich-gpmb", "Diện tích giải phóng mặt bằng", "ha", 1, 80, "float", 0.2, 0.8),
    ("vi-pham-trat-tu", "Vụ vi phạm trật tự xây dựng được xử lý", "vụ", 5, 200, "int", 0.7, 0.0),
    ("tiem-chung", "Mũi vắc xin COVID-19 đã tiêm", "mũi", 1000, 300000, "int", 0.2, 0.5),
    ("truong-chuan", "Trường đạt chuẩn quốc gia", "trường", 10, 80, "int", 0.2, 0.8),
    ("ty-le-tot-nghiep", "Tỷ lệ học sinh tốt nghiệp THPT", "%", 95, 100, "float", 0.4, 0.0),
    ("cay-xanh", "Cây xanh trồng mới", "cây", 100, 5000, "int", 0.3, 0.7),
    ("tong-muc-ban-le", "Tổng mức bán lẻ hàng hóa", "tỷ đồng", 2000, 40000, "int", 0.9, 0.3),
    ("don-thu", "Đơn thư khiếu nại, tố cáo tiếp nhận", "đơn", 20, 600, "int", 0.7, 0.0),
    ("dang-vien-moi", "Đảng viên mới kết nạp", "đảng viên", 10, 300, "int", 0.3, 0.8),
    ("khach-du-lich", "Lượt khách du lịch", "lượt", 5000, 500000, "int", 0.8, 0.3),
    ("ho-so-truc-tuyen", "Hồ sơ nộp trực tuyến", "hồ sơ", 1000, 50000, "int", 0.7, 0.3),
    ("bao-hiem-y-te", "Tỷ lệ bao phủ bảo hiểm y tế", "%", 85, 99, "float", 0.2, 0.7),
]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR, LAST_YEAR = 2017, 2026
QUARTERS = [(y, q) for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in (1, 2, 3, 4)]

FIG_BY_ID = {f[0]: f for f in FIGURES}
# One label and one unit per figure id, and no label shared by two ids.
assert len(FIG_BY_ID) == len(FIGURES) == len({f[1] for f in FIGURES})

# How each figure moves over the quarters, per district (see the docstring):
#   ("flow", g_lo, g_hi, noise)   an amount for the quarter: yearly growth
#       drawn in [g_lo, g_hi], SEASON factors, +-noise relative per quarter
#   ("stock", g_lo, g_hi)         a level at the end of the quarter, smooth
#       yearly growth (or decline) in [g_lo, g_hi], no noise
#   ("rate", s_lo, s_hi, c_lo, c_hi, noise)   a percentage starting in
#       [s_lo, s_hi] and closing in on a ceiling in [c_lo, c_hi], +-noise points
SERIES = {
    "gia-tri-san-xuat": ("flow", 0.04, 0.10, 0.03),
    "thu-ngan-sach": ("flow", 0.03, 0.12, 0.05),
    "chi-ngan-sach": ("flow", 0.02, 0.09, 0.05),
    "von-dau-tu-cong": ("flow", 0.00, 0.15, 0.08),
    "doanh-nghiep-moi": ("flow", 0.02, 0.10, 0.08),
    "ho-so-hanh-chinh": ("flow", 0.03, 0.10, 0.05),
    "ty-le-dung-han": ("rate", 90.0, 96.0, 98.5, 99.8, 0.3),
    "lao-dong-viec-lam": ("flow", 0.01, 0.06, 0.06),
    "ho-ngheo": ("stock", -0.15, -0.06),
    "dien-tich-gpmb": ("flow", -0.05, 0.10, 0.10),
    "vi-pham-trat-tu": ("flow", -0.10, -0.02, 0.10),
    "tiem-chung": ("flow", 0.00, 0.10, 0.10),
    "truong-chuan": ("stock", 0.02, 0.06),
    "ty-le-tot-nghiep": ("rate", 95.0, 98.0, 99.0, 99.9, 0.2),
    "cay-xanh": ("flow", 0.00, 0.10, 0.10),
    "tong-muc-ban-le": ("flow", 0.06, 0.12, 0.03),
    "don-thu": ("flow", -0.08, 0.00, 0.10),
    "dang-vien-moi": ("flow", -0.03, 0.05, 0.10),
    "khach-du-lich": ("flow", 0.05, 0.15, 0.08),
    "ho-so-truc-tuyen": ("flow", 0.15, 0.35, 0.05),
    "bao-hiem-y-te": ("rate", 85.0, 90.0, 94.0, 98.5, 0.3),
}
assert set(SERIES) == set(FIG_BY_ID)
SEASON = (0.92, 0.98, 1.00, 1.10)   # flows: Q1..Q4 share of a year, x4
# Series run from T0 (one year before FIRST_YEAR) to the last corpus quarter.
# The values of that year are only used for the year-on-year column of body
# tables in FIRST_YEAR bulletins; front matter never shows them (no
# change_pct in FIRST_YEAR).
T0 = -4
T_END = len(QUARTERS) - 1
YEARS = range(FIRST_YEAR - 1, LAST_YEAR + 1)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def ascii_slug(text):
    """Vietnamese -> lowercase ASCII slug (đ -> d, diacritics stripped)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out, dash = [], False
    for c in text.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def yq(s):
    """YAML double-quoted string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def vn_number(n):
    """12335 -> '12.335' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def pct(x):
    """7.6 -> '7,6' (Vietnamese decimal comma)."""
    return f"{x:.1f}".replace(".", ",")


def cap(s):
    return s[:1].upper() + s[1:]


def nonzero_pct(rng, lo, hi):
    while True:
        v = round(rng.uniform(lo, hi), 1)
        if v != 0.0:
            return v


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def count_words(text):
    return sum(1 for tok in text.split() if any(c.isalnum() for c in tok))


def qindex(year, quarter):
    """(FIRST_YEAR, 1) -> 0, (FIRST_YEAR, 2) -> 1, (FIRST_YEAR - 1, 1) -> -4."""
    return (year - FIRST_YEAR) * 4 + quarter - 1


# --------------------------------------------------------------------------
# Figure series
# --------------------------------------------------------------------------

class Series:
    """The quarterly values of one figure for one district, fixed by the seed.

    values[t - T0] is the value as written (int, or float with one decimal);
    change(t) and target(t) are derived from the written values.
    """

    def __init__(self, seed, district, fid):
        _, _, _, lo, hi, kind, _, _ = FIG_BY_ID[fid]
        spec = SERIES[fid]
        self.mode = spec[0]
        r = random.Random(f"{seed}:series:{district}:{fid}")
        ts = range(T0, T_END + 1)
        if self.mode == "rate":
            _, s_lo, s_hi, c_lo, c_hi, noise = spec
            start = r.uniform(s_lo, s_hi)
            ceiling = min(r.uniform(c_lo, c_hi), 99.9)
            conv = r.uniform(0.90, 0.97)            # per quarter
            expected = [ceiling - (ceiling - start) * conv ** (t - T0) for t in ts]
            raw = [min(ceiling, max(lo, e + r.uniform(-noise, noise)))
                   for e in expected]
        else:
            g_lo, g_hi = spec[1], spec[2]
            noise = spec[3] if self.mode == "flow" else 0.0
            growth = (1 + r.uniform(g_lo, g_hi)) ** 0.25   # per quarter
            shape = [growth ** (t - T0) * (SEASON[t % 4] if self.mode == "flow" else 1.0)
                     for t in ts]
            # Keep the noise-free path inside [lo, hi]: base in [lo/min, hi/max].
            b_lo, b_hi = lo / min(shape), hi / max(shape)
            if b_lo >= b_hi:
                base = (b_lo * b_hi) ** 0.5
            else:
                base = b_lo * (b_hi / b_lo) ** r.random()   # log-uniform
            expected = [base * s for s in shape]
            raw = [e * (1 + r.uniform(-noise, noise)) for e in expected]
        if kind == "int":
            self.values = [max(1, round(v)) for v in raw]
        else:
            self.values = [max(0.1, round(v, 1)) for v in raw]
        # Yearly plan: flows, the year's total; levels and rates, the year-end
        # level.  Slightly ambitious or modest, fixed per year.
        self.plan = {}
        for y in YEARS:
            t4 = qindex(y, 4)
            if self.mode == "flow":
                self.plan[y] = sum(expected[t - T0] for t in range(t4 - 3, t4 + 1)) \
                    * r.uniform(0.93, 1.04)
            elif self.mode == "rate":
                self.plan[y] = round(min(100.0, expected[t4 - T0] * r.uniform(1.0, 1.015)), 1)
            else:
                self.plan[y] = expected[t4 - T0] * r.uniform(1.0, 1.06)
                if kind == "int":
                    self.plan[y] = max(1, round(self.plan[y]))

    def value(self, t):
        return self.values[t - T0]

    def change(self, t):
        """Year-on-year change in % from the written values, one decimal."""
        return round(100 * (self.value(t) / self.value(t - 4) - 1), 1) + 0.0

    def target(self, t):
        """Share of the year's plan reached by the end of quarter t, in %."""
        y = FIRST_YEAR + t // 4
        if self.mode == "flow":
            done = sum(self.value(u) for u in range(t - t % 4, t + 1))
        else:
            done = self.value(t)
        return round(100 * done / self.plan[y], 1) + 0.0


_SERIES = {}


def series(seed, district, fid):
    key = (seed, district, fid)
    s = _SERIES.get(key)
    if s is None:
        s = _SERIES[key] = Series(seed, district, fid)
    return s


# --------------------------------------------------------------------------
# Bulletin generation
# --------------------------------------------------------------------------

def make_figures(rng, seed, district, year, quarter):
    # The bulletin's RNG still makes the draws that once gave random values
    # (their results are dropped), so that the choice of figures, whether
    # change_pct and target_pct appear, and everything drawn after the
    # figures (the body) stay as they were.
    chosen = rng.sample(FIGURES, rng.randint(2, 6))
    t = qindex(year, quarter)
    figs = []
    for fid, label, unit, lo, hi, kind, p_change, p_target in chosen:
        s = series(seed, district, fid)
        fig = {"id": fid, "label": label, "unit": unit, "value": s.value(t)}
        if kind == "int":
            rng.randint(lo, hi)
        else:
            rng.uniform(lo, hi)
        if rng.random() < p_change:
            nonzero_pct(rng, -15.0, 25.0)
            if t >= 4:          # the same quarter a year earlier is in the corpus
                fig["change_pct"] = s.change(t)
        if rng.random() < p_target:
            nonzero_pct(rng, 40.0, 125.0)
            fig["target_pct"] = s.target(t)
        figs.append(fig)
    return figs


class Prose:
    """Sentence/paragraph generator bound to one bulletin's context."""

    def __init__(self, rng, district, year, quarter, figures, seed):
        self.rng = rng
        self.district = district
        self.year = year
        self.quarter = quarter
        self.figures = figures
        self.seed = seed

    def figure_named_in(self, text):
        """The bulletin's figure whose label the text contains, if any."""
        for f in self.figures:
            if f["label"].lower() in text.lower():
                return f
        return None

    def doc_ref(self):
        r = self.rng
        t = r.choice(DOC_TYPES)
        return f"*{t} số {r.randint(12, 980)}/{DOC_CODES[t]}*"

    def sentence(self):
        r = self.rng
        kind = r.random()
        subj, verb, obj = r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS)
        if kind < 0.34:
            s = f"{r.choice(CONNECTORS)}{subj} {verb} {obj} {r.choice(MODIFIERS)}"
            if r.random() < 0.5:
                s += f", {r.choice(MODIFIERS)}"
            return cap(s) + "."
        if kind < 0.50:
            return cap(f"{r.choice(CONNECTORS)}{obj} {r.choice(OUTCOMES)}, "
                       f"{r.choice(MODIFIERS)}.")
        if kind < 0.60:
            target, up, change = r.uniform(60, 130), r.random() < 0.7, r.uniform(0.5, 20)
            # When the object names one of the bulletin's figures ("công tác thu ngân
            # sách"), the percentages are that figure's, so prose and figures agree.
            fig = self.figure_named_in(obj)
            if fig is not None and "target_pct" in fig:
                target = fig["target_pct"]
            if fig is not None and "change_pct" in fig:
                up, change = fig["change_pct"] >= 0, abs(fig["change_pct"])
            return (f"Theo báo cáo của {subj}, {obj} ước đạt "
                    f"**{pct(target)}%** kế hoạch năm, "
                    f"{'tăng' if up else 'giảm'} "
                    f"{pct(change)}% so với cùng kỳ.")
        if kind < 0.68:
            return (f"Trong kỳ, {subj} đã tiếp nhận {vn_number(r.randint(120, 40000))} "
                    f"hồ sơ, trong đó {pct(r.uniform(90, 100))}% được giải quyết "
                    f"trước và đúng hạn.")
        if kind < 0.76:
            return (f"Đồng chí {person(r)}, {r.choice(POSITIONS)}, đề nghị "
                    f"{r.choice(SUBJECTS)} {r.choice(VERBS)} {r.choice(OBJECTS)} "
                    f"{r.choice(MODIFIERS)}.")
        if kind < 0.84:
            return (f"Thực hiện {self.doc_ref()} của UBND quận, {subj} "
                    f"{verb} {obj} {r.choice(MODIFIERS)}.")
        if kind < 0.92:
            n1, n2 = r.choice(NOUNS), r.choice(NOUNS)
            return cap(f"{r.choice(CONNECTORS)}nhiều {n1} {r.choice(ADJECTIVES)} "
                       f"{r.choice(FREE_VERBS)}, {n2} {r.choice(FREE_VERBS)} "
                       f"{r.choice(MODIFIERS)}.")
        return (f"Thời gian tới, {subj} tiếp tục {verb.replace('đã ', '')} "
                f"{obj}, phấn đấu hoàn thành các chỉ tiêu quý "
                f"{ROMAN[self.quarter]}/{self.year}.")

    def paragraph(self, lo=3, hi=6, budget=None):
        sents = []
        for _ in range(self.rng.randint(lo, hi)):
            sents.append(self.sentence())
            if budget is not None and count_words(" ".join(sents)) >= budget:
                break
        return " ".join(sents)

    def bullet_list(self):
        r = self.rng
        intro = (f"{cap(r.choice(SUBJECTS))} đề ra một số nhiệm vụ trọng tâm "
                 f"trong quý {ROMAN[self.quarter]}/{self.year}:")
        items = []
        for _ in range(r.randint(3, 6)):
            v = r.choice(VERBS).replace("đã ", "")
            items.append(f"- {cap(v)} {r.choice(OBJECTS)} {r.choice(MODIFIERS)};")
        items[-1] = items[-1][:-1] + "."
        return intro + "\n\n" + "\n".join(items)

    def table(self):
        r = self.rng
        rows = ["| Chỉ tiêu | Kết quả | Đơn vị | So với cùng kỳ |",
                "|---|---:|---|---:|"]
        t = qindex(self.year, self.quarter)
        for fid, label, unit, lo, hi, kind, _, _ in r.sample(FIGURES, r.randint(3, 5)):
            # Draws kept (results dropped) so the rest of the body is unchanged.
            r.randint(lo, hi) if kind == "int" else r.uniform(lo, hi)
            r.uniform(-10, 20)
            s = series(self.seed, self.district, fid)
            val = vn_number(s.value(t)) if kind == "int" else pct(s.value(t))
            rows.append(f"| {label} | {val} | {unit} | {pct(s.change(t))}% |")
        return ("Một số chỉ tiêu chủ yếu của quận trong quý được tổng hợp như sau:"
                "\n\n" + "\n".join(rows))

    def link(self):
        r = self.rng
        slug = ascii_slug(self.district)
        return (f"Toàn văn báo cáo được đăng tải trên "
                f"[Cổng thông tin điện tử quận {self.district}]"
                f"(https://example.org/{slug}/van-ban/{r.randint(1000, 99999)}).")

    def body(self, target):
        r = self.rng
        blocks = []
        lead = self.paragraph(2, 3)
        blocks.append(f"**(Quận {self.district})** – {lead}")
        want_table = r.random() < 0.3
        want_link = r.random() < 0.4
        headings = r.sample(HEADINGS, len(HEADINGS))
        words = count_words(lead)
        section = 0
        while words < target and section < len(headings):
            blocks.append("## " + headings[section])
            words += count_words(headings[section])
            for _ in range(r.randint(1, 3)):
                p = self.paragraph(3, 6, budget=target - words)
                blocks.append(p)
                words += count_words(p)
                if words >= target:
                    break
            if section == 0:
                bl = self.bullet_list()
                blocks.append(bl)
                words += count_words(bl)
            if section == 1 and want_table:
                tb = self.table()
                blocks.append(tb)
                words += count_words(tb)
            section += 1
        if want_link:
            blocks.append(self.link())
        return "\n\n".join(blocks) + "\n"



# --------------------------------------------------------------------------
# Bulletin generation
# --------------------------------------------------------------------------

# bantin's front matter contract: nothing else may be written in that flavour.
BANTIN_KEYS = {"title", "date", "quarter", "district", "tags", "author", "summary",
               "slug", "aliases", "image", "updated", "draft", "source", "extra",
               "figures"}
FIGURE_KEYS = {"id", "label", "value", "unit", "period", "change_pct", "target_pct",
               "estimate", "note"}
SITE_KEYS = {"title", "base_url", "language", "district", "timezone", "theme",
             "page_size", "keep", "unsafe_html"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

EXTRA_VALUES = ["Hội nghị lần thứ 8", "Kỳ họp thứ 12", "Hội nghị sơ kết 6 tháng",
                "Hội nghị giao ban quý", "Phiên họp thường kỳ"]


class Head:
    """What other bulletins need to know about bulletin i to link to it."""
    __slots__ = ("i", "year", "quarter", "district", "title", "slug")

    def __init__(self, i, year, quarter, district, title, slug):
        self.i, self.year, self.quarter = i, year, quarter
        self.district, self.title, self.slug = district, title, slug


def start_bulletin(seed, i):
    """The bulletin's RNG after its first draws, and its Head."""
    rng = random.Random(f"{seed}:{i}")
    year, quarter = rng.choice(QUARTERS)
    district = rng.choice(DISTRICTS)
    topic = rng.choice(TOPICS)
    title = rng.choice(TITLE_TEMPLATES).format(
        d=district, t=topic, q=ROMAN[quarter], y=year)
    slug = f"{year}-q{quarter}-{ascii_slug(district)}-{i:05d}"
    return rng, topic, Head(i, year, quarter, district, title, slug)


class Heads:
    """Heads of bulletins 0, 1, ... computed on demand (link targets)."""

    def __init__(self, seed):
        self.seed = seed
        self.heads = []
        self.by_district = {d: [] for d in DISTRICTS}

    def upto(self, n):
        while len(self.heads) < n:
            _, _, h = start_bulletin(self.seed, len(self.heads))
            self.heads.append(h)
            self.by_district[h.district].append(h)


_HEADS = {}


def heads_for(seed):
    h = _HEADS.get(seed)
    if h is None:
        h = _HEADS[seed] = Heads(seed)
    return h


def rel_path(flavor, head):
    """Path of a bulletin's file inside the corpus folder."""
    if flavor == "bantin":
        return f"content/{head.year}/q{head.quarter}/{head.slug}.md"
    return f"content/bulletins/{head.slug}.md"


def link_targets(seed, head, mrng):
    """0-3 earlier bulletins (j < i), mostly of the same district and recent."""
    if head.i == 0 or mrng.random() < 0.15:
        return []
    heads = heads_for(seed)
    heads.upto(head.i)
    want = mrng.randint(1, 3)
    # Only bulletins of the same quarter or earlier ("Trước đó", "Tin liên quan").
    here = (head.year, head.quarter)
    same = [h for h in heads.by_district[head.district][-200:]
            if h.i < head.i and (h.year, h.quarter) <= here]
    other = [h for h in heads.heads[max(0, head.i - 500):head.i]
             if (h.year, h.quarter) <= here]
    picked, seen = [], set()
    for _ in range(want):
        pool = same if same and mrng.random() < 0.8 else other
        if not pool:
            break
        h = mrng.choice(pool)
        if h.i not in seen:
            seen.add(h.i)
            picked.append(h)
    return picked


def related_blocks(flavor, head, targets, mrng):
    """(inline paragraph or None, "Tin liên quan" section or None)."""
    if not targets:
        return None, None
    here = posixpath.dirname(rel_path(flavor, head))

    def dest(t):
        return posixpath.relpath(rel_path(flavor, t), here)

    inline = None
    if mrng.random() < 0.35:
        t = targets[0]
        inline = (f"Trước đó, bản tin [{t.title}]({dest(t)}) đã nêu kết quả "
                  f"của quý {ROMAN[t.quarter]}/{t.year}, làm cơ sở để so sánh "
                  f"với số liệu trong kỳ này.")
    items = [f"- [{t.title}]({dest(t)}) – quý {ROMAN[t.quarter]}/{t.year}"
             for t in targets]
    return inline, "## Tin liên quan\n\n" + "\n".join(items)


def make_bulletin(seed, i, flavor="peers"):
    """Returns (relative path, file text, body words, Head)."""
    rng, topic, head = start_bulletin(seed, i)
    year, quarter, district, title = head.year, head.quarter, head.district, head.title
    month = 3 * (quarter - 1) + rng.randint(1, 3)
    day = rng.randint(1, 28)
    date = (f"{year:04d}-{month:02d}-{day:02d}"
            f"T{rng.randint(7, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}:00+07:00")
    qkey = f"{year}-Q{quarter}"
    tags = rng.sample(TAGS, rng.randint(2, 5))
    author = person(rng)
    figures = make_figures(rng, seed, district, year, quarter)
    target = rng.randint(420, 1380)
    prose = Prose(rng, district, year, quarter, figures, seed)
    body = prose.body(target)

    # Everything below draws from its own RNG, so the text above is unchanged.
    mrng = random.Random(f"{seed}:meta:{i}")
    targets = link_targets(seed, head, mrng)
    inline, related = related_blocks(flavor, head, targets, mrng)
    # Keep the body within 1,500 words: fewer related links if need be.
    base = count_words(body)
    while targets and base + count_words(inline or "") + count_words(related or "") > 1500:
        targets = targets[:-1]
        inline = inline if targets else None
        related = related_blocks(flavor, head, targets, random.Random(0))[1] if targets else None
    if inline:
        first, _, rest = body.partition("\n\n")
        body = first + "\n\n" + inline + "\n\n" + rest
    if related:
        body = body.rstrip("\n") + "\n\n" + related + "\n"

    summary = source = updated = extra = None
    if mrng.random() < 0.25:
        summary = (f"Quận {district} {mrng.choice(VERBS).replace('đã ', '')} "
                   f"{mrng.choice(OBJECTS)} trong quý {ROMAN[quarter]}/{year}, "
                   f"{mrng.choice(OUTCOMES)}.")
    if mrng.random() < 0.20:
        source = f"https://example.org/{ascii_slug(district)}/tin-tuc/{mrng.randint(1000, 99999)}"
    if mrng.random() < 0.10:
        updated = (datetime.date(year, month, day)
                   + datetime.timedelta(days=mrng.randint(1, 20))).isoformat()
    if mrng.random() < 0.05:
        extra = mrng.choice(EXTRA_VALUES)

    fm = ["---", f"title: {yq(title)}", f"date: {date}", f"quarter: {yq(qkey)}"]
    if flavor == "peers":
        fm.append(f"quarters: [{yq(qkey)}]")
    else:
        fm.append(f"slug: {head.slug}")
    fm.append(f"district: {yq(district)}")
    if flavor == "peers":
        fm.append(f"districts: [{yq(district)}]")
    fm += [f"tags: [{', '.join(yq(t) for t in tags)}]",
           f"author: {yq(author)}"]
    if summary:
        fm.append(f"summary: {yq(summary)}")
    if source:
        fm.append(f"source: {source}")
    if updated:
        fm.append(f"updated: {updated}")
    if extra:
        fm.append(f"extra: {{ hoi_nghi: {yq(extra)} }}")
    fm.append("figures:")
    for f in figures:
        fm.append(f"  - id: {f['id']}")
        fm.append(f"    label: {yq(f['label'])}")
        fm.append(f"    value: {f['value']}")
        fm.append(f"    unit: {yq(f['unit'])}")
        if mrng.random() < 0.1:
            fm.append("    period: quarter")
        if "change_pct" in f:
            fm.append(f"    change_pct: {f['change_pct']}")
        if "target_pct" in f:
            fm.append(f"    target_pct: {f['target_pct']}")
        if mrng.random() < 0.08:
            fm.append("    estimate: true")
            fm.append(f"    note: {yq('Số ước thực hiện')}")
    fm.append("---")
    return rel_path(flavor, head), "\n".join(fm) + "\n\n" + body, count_words(body), head


# --------------------------------------------------------------------------
# Self-check: read a corpus back and count violations
# --------------------------------------------------------------------------

def parse_scalar(text):
    """The scalars this generator writes: "quoted", int, float, bare word."""
    text = text.strip()
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        out, i, s = [], 0, text[1:-1]
        while i < len(s):
            if s[i] == "\\" and i + 1 < len(s):
                i += 1
            out.append(s[i])
            i += 1
        return "".join(out)
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def read_bulletin(path):
    """(top-level keys with "figures" as a list of dicts, body text)."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise ValueError(f"{path}: no front matter")
    end = lines.index("---", 1)
    meta, figures = {}, None
    for line in lines[1:end]:
        if line.startswith("  - ") and figures is not None:
            fig = {}
            figures.append(fig)
            key, _, val = line[4:].partition(":")
            fig[key.strip()] = parse_scalar(val)
        elif line.startswith("    ") and figures:
            key, _, val = line.strip().partition(":")
            figures[-1][key.strip()] = parse_scalar(val)
        elif line and not line[0].isspace():
            key, _, val = line.partition(":")
            key = key.strip()
            if key == "figures":
                figures = meta["figures"] = []
            else:
                figures = None
                meta[key] = parse_scalar(val)
    return meta, "\n".join(lines[end + 1:])


def quarter_index(qkey):
    year, q = qkey.split("-Q")
    return qindex(int(year), int(q))


LINK_RE = re.compile(r"\]\(([^)\s]+\.md)\)")


def verify(root):
    """Print counts of violations in a corpus; return their total.

    (a) the same figure id, district and quarter reported by two bulletins
        with different values (one per report that differs from the first);
    (b) a value ~1000x off the same figure's other values for that district
        (flagged from 100x: its ratio to the median of the others);
    (c) a change_pct more than 1 point away from the change computed from the
        value the same district reported a year earlier;
    (d) a figure id reported with a second unit or a second label;
    (e) front matter: keys outside bantin's contract (bantin flavour), a
        figure `value` that is not a number, a slug not [a-z0-9-]+, not
        unique, or not the file's name, a file not in content/<year>/q<n>/
        of its quarter (bantin flavour);
    (f) a relative .md link whose target does not exist;
    (g) a body outside 400-1,500 words;
    (h) site.yaml keys outside bantin's contract (bantin flavour).
    """
    content = os.path.join(root, "content")
    if not os.path.isdir(content):
        content = root
    bantin = os.path.isfile(os.path.join(root, "site.yaml"))
    files = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for n in sorted(filenames):
            if n.endswith(".md") and n != "_index.md":
                files.append(os.path.join(dirpath, n))

    reports = []     # (file, district, quarter index, figure dict)
    bad_e, bad_f, bad_g, bad_h = [], [], [], []
    slugs = {}
    n_links = 0
    words_min, words_max = None, 0
    for path in files:
        rel = os.path.relpath(path, root)
        meta, body = read_bulletin(path)
        t = quarter_index(meta["quarter"])
        stem = os.path.basename(path)[:-3]
        slug = meta.get("slug", stem)
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            bad_e.append(f"{rel}: slug {slug!r} is not [a-z0-9-]+")
        elif slug in slugs:
            bad_e.append(f"{rel}: slug {slug} also in {slugs[slug]}")
        else:
            slugs[slug] = rel
        if slug != stem:
            bad_e.append(f"{rel}: slug {slug} is not the file name")
        if bantin:
            unknown = set(meta) - BANTIN_KEYS
            if unknown:
                bad_e.append(f"{rel}: unknown keys {sorted(unknown)}")
            y, q = meta["quarter"].split("-Q")
            if os.path.dirname(rel) != os.path.join("content", y, f"q{q}"):
                bad_e.append(f"{rel}: not in content/{y}/q{q}/")
        for fig in meta.get("figures", []):
            if bantin and set(fig) - FIGURE_KEYS:
                bad_e.append(f"{rel}: unknown figure keys {sorted(set(fig) - FIGURE_KEYS)}")
            if isinstance(fig.get("value"), bool) or not isinstance(fig.get("value"), (int, float)):
                bad_e.append(f"{rel}: figure {fig.get('id')} value {fig.get('value')!r} is not a number")
            reports.append((rel, meta["district"], t, fig))
        for target in LINK_RE.findall(body):
            n_links += 1
            if "://" in target:
                continue
            if not os.path.isfile(os.path.normpath(os.path.join(os.path.dirname(path), target))):
                bad_f.append(f"{rel}: link to missing {target}")
        w = count_words(body)
        words_min = w if words_min is None else min(words_min, w)
        words_max = max(words_max, w)
        if not 400 <= w <= 1500:
            bad_g.append(f"{rel}: {w} words")
    if bantin:
        with open(os.path.join(root, "site.yaml"), encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line[0].isspace() and not line.startswith("#"):
                    key = line.partition(":")[0].strip()
                    if key not in SITE_KEYS:
                        bad_h.append(f"site.yaml: unknown key {key}")

    values, first = {}, {}           # (id, district, t) -> set of values / first report
    by_series = {}                   # (id, district) -> list of values
    units, labels = {}, {}           # id -> first unit / label
    bad_a = bad_d = 0
    d_ids = set()
    for name, district, t, fig in reports:
        key = (fig["id"], district, t)
        values.setdefault(key, set()).add(fig["value"])
        if key not in first:
            first[key] = fig["value"]
        elif fig["value"] != first[key]:
            bad_a += 1
        by_series.setdefault((fig["id"], district), []).append(fig["value"])
        u = units.setdefault(fig["id"], fig.get("unit"))
        lab = labels.setdefault(fig["id"], fig.get("label"))
        if fig.get("unit") != u or fig.get("label") != lab:
            bad_d += 1
            d_ids.add(fig["id"])

    bad_b, worst_ratio = 0, 1.0
    for vals in by_series.values():
        if len(vals) < 2:
            continue
        ordered = sorted(vals)
        for i, v in enumerate(ordered):
            others = ordered[:i] + ordered[i + 1:]
            m = len(others)
            med = others[m // 2] if m % 2 else (others[m // 2 - 1] + others[m // 2]) / 2
            if v <= 0 or med <= 0:
                continue
            ratio = max(v / med, med / v)
            worst_ratio = max(worst_ratio, ratio)
            if ratio >= 100:
                bad_b += 1

    bad_c = checked_c = no_prev_c = early_c = 0
    worst_gap = 0.0
    for name, district, t, fig in reports:
        if "change_pct" not in fig:
            continue
        if t < 4:
            early_c += 1
        prev = [p for p in values.get((fig["id"], district, t - 4), ()) if p > 0]
        if not prev:
            no_prev_c += 1
            continue
        checked_c += 1
        gap = max(abs(fig["change_pct"] - 100 * (fig["value"] / p - 1)) for p in prev)
        worst_gap = max(worst_gap, gap)
        if gap > 1.0:
            bad_c += 1

    n_change = sum(1 for r in reports if "change_pct" in r[3])
    print(f"verified {len(files)} bulletins ({'bantin' if bantin else 'peers'} layout), "
          f"{len(reports)} figure reports, {len(by_series)} district series, in {content}")
    print(f"(a) same figure, district and quarter with different values: {bad_a}"
          f"   ({len(values)} figure/district/quarter keys)")
    print(f"(b) value ~1000x off the district's other values (>= 100x): {bad_b}"
          f"   (largest ratio to the median of the others: {worst_ratio:.1f})")
    print(f"(c) change_pct more than 1 point off the year before: {bad_c}"
          f"   ({checked_c} of {n_change} checked, largest gap {worst_gap:.3f}; "
          f"{no_prev_c} without a report a year earlier, {early_c} in the first year)")
    print(f"(d) figure id with a second unit or label: {bad_d}"
          f"   ({len(units)} ids; {len(d_ids)} affected)")
    print(f"(e) front matter / slug / layout problems: {len(bad_e)}   ({len(slugs)} unique slugs)")
    print(f"(f) relative .md links to missing files: {len(bad_f)}   ({n_links} .md links)")
    print(f"(g) bodies outside 400-1,500 words: {len(bad_g)}"
          f"   (min {words_min}, max {words_max})")
    if bantin:
        print(f"(h) site.yaml keys outside the contract: {len(bad_h)}")
    for msg in (bad_e + bad_f + bad_g + bad_h)[:20]:
        print("    " + msg)
    total = bad_a + bad_b + bad_c + bad_d + len(bad_e) + len(bad_f) + len(bad_g) + len(bad_h)
    print(f"total violations: {total}")
    return total


SITE_YAML = """\
title: "Bản tin quận"
base_url: "https://bantin.example.org/"
language: vi
timezone: Asia/Ho_Chi_Minh
page_size: 20
"""


def script_hash():
    with open(os.path.abspath(__file__), "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, help="number of bulletins")
    ap.add_argument("--out", help="output corpus directory")
    ap.add_argument("--seed", default="1", help="seed (default: 1)")
    ap.add_argument("--force", action="store_true",
                    help="delete an existing OUT/content (and OUT/site.yaml) first")
    ap.add_argument("--flavor", choices=("peers", "bantin"), default="peers",
                    help="peers: flat content/bulletins/ with quarters/districts lists for "
                         "Hugo's taxonomies; bantin: content/<year>/q<n>/<slug>.md, bantin's "
                         "front matter contract and a site.yaml")
    ap.add_argument("--verify", metavar="DIR",
                    help="read the corpus in DIR back, print counts of violations "
                         "and exit 1 if there are any (instead of generating)")
    a = ap.parse_args(argv)
    if a.verify is not None:
        if a.n is not None or a.out is not None:
            ap.error("--verify takes no --n or --out")
        if not os.path.isdir(a.verify):
            ap.error(f"--verify: {a.verify} is not a folder")
        sys.exit(1 if verify(a.verify) else 0)
    if a.n is None or a.out is None:
        ap.error("--n and --out are required (or --verify DIR)")
    if a.n < 0:
        ap.error("--n must be >= 0")

    content = os.path.join(a.out, "content")
    stamp = os.path.join(a.out, ".bench-corpus")
    if os.path.isdir(content) and os.listdir(content):
        if not a.force:
            sys.exit(f"error: {content} is not empty (use --force to replace it)")
        shutil.rmtree(content)
    for leftover in (stamp, os.path.join(a.out, "site.yaml")):
        if os.path.exists(leftover):
            os.remove(leftover)
    os.makedirs(content, exist_ok=True)

    total_words = total_bytes = 0
    min_w, max_w = None, 0
    made = set()
    for i in range(a.n):
        rel, text, words, _ = make_bulletin(a.seed, i, a.flavor)
        path = os.path.join(a.out, rel)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        total_words += words
        total_bytes += len(data)
        min_w = words if min_w is None else min(min_w, words)
        max_w = max(max_w, words)
    if a.flavor == "bantin":
        with open(os.path.join(a.out, "site.yaml"), "w", encoding="utf-8") as fh:
            fh.write(SITE_YAML)
    with open(stamp, "w", encoding="utf-8") as fh:
        fh.write(f"flavor={a.flavor} n={a.n} seed={a.seed} gen={script_hash()}\n")
    if a.n:
        print(f"wrote {a.n} bulletins ({a.flavor}) under {content}: "
              f"{total_bytes / 1048576:.1f} MiB, "
              f"body words min {min_w} / mean {total_words // a.n} / max {max_w}")


if __name__ == "__main__":
    main()
