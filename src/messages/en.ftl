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
