# bantin's messages in English. Every message has a stable id (left of =), the same as in
# vi.ftl, with the same arguments ($name). Syntax: Project Fluent
# (https://projectfluent.org/fluent/guide/). Counts ($errors, $files...) are shown with
# thousands separators; other numbers arrive already formatted.

## Severity, after the location: content/a.md:4:7: error: ...

severity-error = error
severity-warning = warning

## Summary lines

summary-failed = { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    } in { $files ->
        [one] { $files } file
       *[other] { $files } files
    }; nothing was written
summary-strict = { $warnings ->
        [one] { $warnings } warning treated as an error
       *[other] { $warnings } warnings treated as errors
    } (--strict)
build-done = built { $bulletins ->
        [one] { $bulletins } bulletin
       *[other] { $bulletins } bulletins
    }, { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    } ({ $files ->
        [one] { $files } file
       *[other] { $files } files
    }) in { $ms } ms → { $output }
check-done = checked { $bulletins ->
        [one] { $bulletins } bulletin
       *[other] { $bulletins } bulletins
    }, { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }: no errors, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    } in { $ms } ms
init-done = created a new site in { $dir }; build it with: bantin build --root { $dir }

## bantin figures suggest

suggest-written = { $file }: figures written into the front matter

## Figure references ({{id}} in bodies) and prose checked against the figures

figure-ref-unknown-id = unknown figure `{ $id }` in a figure reference: this bulletin's figures are { $ids } (write `{"{{"}id{"}}"}` with the `id` of a figure in the front matter)
figure-ref-unknown-id-none = unknown figure `{ $id }` in a figure reference: this bulletin has no figures (add them under `figures:` in the front matter)
figure-ref-unknown-part = unknown part `.{ $part }` in `{"{{"}{ $id }.{ $part }{"}}"}`: write one of { $parts }, or `{"{{"}{ $id }{"}}"}` for the value with its unit
figure-ref-missing-key = figure `{ $id }` has no `{ $key }`: add `{ $key }:` to the figure in the front matter or remove the reference
prose-mismatch = the text says { $written } but figure `{ $id }` (line { $line }) is { $expected }: correct the text or the figure
suggest-no-front-matter = no front matter: a bulletin starts with `---`, its YAML and a closing `---`
suggest-nothing-found = no figure found in the text: nothing to suggest
suggest-has-figures = the front matter already has `figures:`: nothing written (paste the block by hand)

## bantin serve

serve-listening = serving at { $url } (Ctrl-C to stop)
serve-public = listening on { $address }: anyone who can reach this machine can see the preview
serve-changed = changed: { $paths }
serve-built = build { $build }{ $patched ->
        [yes] {" "}(only the pages showing the edit)
       *[no] {""}
    }: { $bulletins ->
        [one] { $bulletins } bulletin
       *[other] { $bulletins } bulletins
    }, { $files } files ({ $changed } changed; pages rendered { $rendered }, reused { $reused }) in { $ms } ms
serve-failed-previous = build { $build } failed with { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }; still serving the last good site
serve-failed-no-site = build { $build } failed with { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }; every page shows the errors
serve-watch-error = file watcher: { $error }
serve-stopped = stopped
browser-open-failed = cannot open a browser ({ $opener }: { $error }); open { $url } yourself

## Usage

lang-env-invalid = the environment variable BANTIN_LANG is “{ $value }”: it takes vi or en

## YAML syntax (front matter, site.yaml)

yaml-syntax = YAML syntax: { $detail }
yaml-nul = the file contains a NUL character (code 0), usually pasted from another program
yaml-nul-hint = delete it and save the file again as UTF-8 text
yaml-tab = this line is indented with a Tab, which YAML does not accept
yaml-tab-hint = indent with spaces instead of the Tab key
yaml-duplicate-key = the key `{ $key }` appears twice: first on line { $first }, again here
yaml-duplicate-key-hint = keep one `{ $key }:` line and delete the other
yaml-unclosed-quote = the value of `{ $key }` opens a { $quote } and never closes it
yaml-unclosed-quote-hint = add the closing { $quote } at the end of the value, on the same line
yaml-colon-in-value = the value of `{ $key }` contains a colon and a space (“: ”), which YAML reads as a new key
yaml-colon-in-value-hint = put the { $key ->
        [title] title
       *[other] value
    } in double quotes: { $fixed }

## Numbers in front matter

number-found-text = `{ $key }` must be a number, found the string "{ $found }"
number-found-other = `{ $key }` must be a number, found { $found ->
        [null] nothing
        [bool] a boolean
        [list] a list
        [map] a mapping
       *[other] something else
    }
number-not-finite = `{ $key }` must be a finite number; { $found } (infinity or not-a-number) cannot be a figure
number-hint-thousands = write { $plain } without quotes: YAML numbers use no thousands separator
number-hint-comma = write { $plain } without quotes: YAML numbers use `.` as the decimal mark
number-hint-percent = write { $plain } without `%`{ $key ->
        [change_pct] : this field is already a percentage
        [target_pct] : this field is already a percentage
       *[other] , and put the unit in `unit`
    }
number-hint-underscore = write { $plain } without `_`
number-hint-too-large = the number is too large for a computer to hold: check its digits
number-hint-quotes = write the number without quotes
## Photos (src/images/)

image-not-an-image = image `{ $link }` is not a JPEG, PNG, WebP or GIF image: export it again in one of these formats
image-heic = image `{ $link }` is a HEIC photo, which bantin cannot read: export it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible) and link the .jpg
image-wrong-extension = image `{ $link }` is a { $actual } image named .{ $ext }: rename it to .{ $right }
image-truncated = image `{ $link }` cannot be decoded (the JPEG data ends early: the file is truncated): export it again from the original
image-bomb = image `{ $link }` would need more memory than images may use (is it a decompression bomb?): export it again from the original
image-corrupt = image `{ $link }` cannot be decoded ({ $why }): export it again from the original
image-too-large = image `{ $link }` is { $width }×{ $height } pixels, more than the { $max } megapixels allowed: make it smaller, or raise `images.max_megapixels` in site.yaml
image-svg-invalid = image `{ $link }` is refused: the SVG is not well-formed ({ $why })
image-svg-element = image `{ $link }` is refused: the SVG has a <{ $element }> element (line { $line }); remove scripts and event attributes from the SVG
image-svg-event = image `{ $link }` is refused: the SVG has an event attribute `{ $attribute }` (line { $line }); remove scripts and event attributes from the SVG
image-svg-javascript = image `{ $link }` is refused: the SVG has a javascript: link in `{ $attribute }` (line { $line }); remove scripts and event attributes from the SVG
image-encode = image `{ $link }` could not be encoded: { $why }
image-io = image `{ $link }`: { $why }
image-cache-read = cannot read the image cache: { $why }
image-no-alt = image `{ $link }` has no alt text: write what it shows between the brackets, ![Hội nghị tổng kết](…), so a screen reader can say it
images-not-mapping = `images` must be a mapping with any of `widths`, `quality`, `formats`, `originals`, `max_megapixels`; found { $found }
images-widths = `images.widths` must be a list of pixel widths from 16 to 8192, e.g. [480, 960, 1600]
images-quality = `images.quality` must be a whole number from 1 to 100 (80 is a good default)
images-format-unknown = unknown image format `{ $format }` in `images.formats`: use `webp`, `original` or both
images-formats-empty = `images.formats` must name `webp`, `original` or both
images-max-megapixels = `images.max_megapixels` must be a whole number from 1 to 1000
cache-dir-outside = `cache_dir` `{ $dir }` must be a folder inside the site root, written relative to it (e.g. `.bantin-cache`)
