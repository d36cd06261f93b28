#!/usr/bin/env bash
# Turn a peers-flavour bulletin corpus (gen_corpus.py --flavor peers) into a
# Hugo site that does the same work as a bantin build, and build it once.
#
# usage: hugo_site.sh CORPUS SITE [OUT]
#
#   CORPUS  folder holding content/bulletins/*.md (made by gen_corpus.py)
#   SITE    Hugo site to (re)create: hugo.toml, layouts/ (an existing SITE is
#           replaced only if this script made it).  The content is not copied:
#           hugo.toml's contentDir points at CORPUS/content (absolute path).
#   OUT     where the built site goes (default: SITE/public)
#
# Environment: HUGO=path/to/hugo (default: hugo on PATH); NO_BUILD=1 only
# creates the site.  After the build the script prints the number of files
# and of .html files written.  The timed command (see bench/run) is:
#   hugo --quiet -s SITE -d OUT
#
# Pages, to match bantin's: a page per bulletin with its figures table,
# relative .md links rewritten to page URLs by a render hook (an unresolved
# link fails the build, like bantin's), home with the latest 20 bulletins and
# the latest quarter's figures, /quarters/ /tags/ /districts/ with counts,
# term pages paginated by 20 (a quarter's first page also has the quarter's
# figures table), RSS for home and for every term (20 items), sitemap.xml,
# 404.html.  buildFuture = true (the corpus runs to 2026-Q4).
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 2
fi
CORPUS=$(cd "$1" && pwd)
SITE=$2
OUT=${3:-$SITE/public}
HUGO=${HUGO:-hugo}
MARK=.bantin-bench-hugo-site

[ -d "$CORPUS/content/bulletins" ] || { echo "hugo_site.sh: no $CORPUS/content/bulletins (make it with gen_corpus.py --flavor peers)" >&2; exit 1; }
if [ -e "$SITE" ]; then
  if [ -f "$SITE/$MARK" ]; then rm -rf "$SITE"
  elif [ -n "$(ls -A "$SITE")" ]; then echo "hugo_site.sh: $SITE exists and was not made by this script" >&2; exit 1
  fi
fi
mkdir -p "$SITE/layouts/_default/_markup" "$SITE/layouts/partials"
touch "$SITE/$MARK"

cat > "$SITE/hugo.toml" <<TOML
baseURL = "https://bantin.example.org/"
languageCode = "vi"
defaultContentLanguage = "vi"
title = "Bản tin quận"
contentDir = "$CORPUS/content"
# The corpus runs to 2026-Q4: build bulletins dated in the future too.
buildFuture = true
paginate = 20
rssLimit = 20
enableRobotsTXT = false
# bantin has no /bulletins/ list page; every bulletin still gets /bulletins/<slug>/.
disableKinds = ["section"]

[taxonomies]
  tag = "tags"
  quarter = "quarters"
  district = "districts"

[outputs]
  home = ["HTML", "RSS"]
  page = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML", "RSS"]
TOML

L=$SITE/layouts/_default

cat > "$L/baseof.html" <<'HTML'
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<link rel="alternate" type="application/rss+xml" href="{{ "index.xml" | absURL }}" title="{{ site.Title }}">
</head>
<body>
<header><a href="{{ site.Home.Permalink }}">{{ site.Title }}</a>
<nav><a href="{{ "quarters/" | absURL }}">Theo quý</a> · <a href="{{ "districts/" | absURL }}">Theo quận</a> · <a href="{{ "tags/" | absURL }}">Chủ đề</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>Bản tin quận – trang tĩnh thử nghiệm</footer>
</body>
</html>
HTML

# One figure row; the context is a figure map.  Vietnamese number format
# (12.335; 7,6), "tăng/giảm x%" for the year-on-year change.
cat > "$SITE/layouts/partials/figure-row.html" <<'HTML'
{{- $v := .value -}}
{{- $prec := 0 -}}{{- if ne (printf "%T" $v) "int" -}}{{- $prec = 1 -}}{{- end -}}
<tr id="{{ .id }}"><td>{{ .label }}{{ if .estimate }} (ước){{ end }}</td><td class="num">{{ lang.FormatNumberCustom $prec $v "- , ." }}</td><td>{{ .unit }}</td>
<td class="num">{{ if isset . "change_pct" }}{{ $c := .change_pct }}{{ if lt $c 0 }}giảm {{ lang.FormatNumberCustom 1 (mul $c -1) "- , ." }}%{{ else }}tăng {{ lang.FormatNumberCustom 1 $c "- , ." }}%{{ end }}{{ else }}–{{ end }}</td>
<td class="num">{{ if isset . "target_pct" }}{{ lang.FormatNumberCustom 1 .target_pct "- , ." }}%{{ else }}–{{ end }}</td></tr>
HTML

cat > "$SITE/layouts/partials/card.html" <<'HTML'
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006" }}</time> · {{ .Params.district }}
<p>{{ .Summary | plainify | truncate 200 }}</p></li>
HTML

cat > "$SITE/layouts/partials/pager.html" <<'HTML'
{{ $p := .Paginator }}{{ if gt $p.TotalPages 1 }}<nav class="pager">
{{ with $p.Prev }}<a rel="prev" href="{{ .URL }}">« Trang trước</a>{{ end }}
<span>Trang {{ $p.PageNumber }}/{{ $p.TotalPages }}</span>
{{ with $p.Next }}<a rel="next" href="{{ .URL }}">Trang sau »</a>{{ end }}
</nav>{{ end }}
HTML

cat > "$SITE/layouts/partials/figures-table.html" <<'HTML'
<table class="figures">
<thead><tr><th>Chỉ tiêu</th><th>Giá trị</th><th>Đơn vị</th><th>So cùng kỳ</th><th>So kế hoạch</th></tr></thead>
<tbody>
{{ range . }}{{ partial "figure-row.html" . }}
{{ end }}</tbody>
</table>
HTML

cat > "$SITE/layouts/index.html" <<'HTML'
{{ define "title" }}{{ site.Title }}{{ end }}
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ $latest := first 20 site.RegularPages.ByDate.Reverse }}
<h2>Bản tin mới nhất</h2>
<ul class="bulletins">
{{ range $latest }}{{ partial "card.html" . }}
{{ end }}</ul>
{{ with index $latest 0 }}{{ $q := .Params.quarter }}
<h2>Số liệu quý {{ $q }}</h2>
{{ $figs := slice }}{{ range where site.RegularPages "Params.quarter" $q }}{{ $d := .Params.district }}{{ range .Params.figures }}{{ $figs = $figs | append . }}{{ end }}{{ end }}
{{ partial "figures-table.html" $figs }}
{{ end }}
{{ end }}
HTML

cat > "$L/single.html" <<'HTML'
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "02/01/2006 15:04" }}</time>
{{ range .GetTerms "districts" }} · <a href="{{ .RelPermalink }}">Quận {{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "quarters" }} · <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
 · {{ .Params.author }}{{ with .Params.updated }} · cập nhật {{ . }}{{ end }}</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Params.figures }}{{ partial "figures-table.html" . }}{{ end }}
<div class="content">
{{ .Content }}
</div>
{{ with .Params.source }}<p class="source">Nguồn: <a href="{{ . }}">{{ . }}</a></p>{{ end }}
</article>
{{ end }}
HTML

# /tags/, /quarters/, /districts/: every term with its count.
cat > "$L/terms.html" <<'HTML'
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
HTML

# A term's bulletins, newest first, 20 a page; a quarter's first page also
# carries the quarter's figures table.
cat > "$L/term.html" <<'HTML'
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} bản tin</p>
{{ $pag := .Paginator }}
{{ if and (eq .Data.Plural "quarters") (eq $pag.PageNumber 1) }}
{{ $figs := slice }}{{ range .Pages }}{{ range .Params.figures }}{{ $figs = $figs | append . }}{{ end }}{{ end }}
{{ partial "figures-table.html" $figs }}
{{ end }}
<ul class="bulletins">
{{ range $pag.Pages }}{{ partial "card.html" . }}
{{ end }}</ul>
{{ partial "pager.html" . }}
{{ end }}
HTML

# Relative .md links to other bulletins become their URLs; a link that does
# not resolve fails the build (bantin: "link to a missing file is an error").
cat > "$L/_markup/render-link.html" <<'HTML'
{{- $u := .Destination -}}
{{- if and (strings.HasSuffix $u ".md") (not (strings.Contains $u "://")) -}}
{{- with .Page.GetPage $u -}}{{- $u = .RelPermalink -}}{{- else -}}{{- errorf "%s: link to missing %s" $.Page.File.Path $u -}}{{- end -}}
{{- end -}}
<a href="{{ $u | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text | safeHTML }}</a>
{{- /* no trailing newline */ -}}
HTML

cat > "$SITE/layouts/404.html" <<'HTML'
{{ define "main" }}
<h1>Không tìm thấy trang</h1>
{{ end }}
HTML

[ "${NO_BUILD:-0}" = 1 ] && exit 0
rm -rf "$OUT"
"$HUGO" --quiet -s "$SITE" -d "$OUT"
echo "hugo: $(find "$OUT" -type f | wc -l) files, $(find "$OUT" -type f -name '*.html' | wc -l) html, in $OUT"
