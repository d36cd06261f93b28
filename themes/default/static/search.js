/* bantin offline search: no dependencies, no network beyond the site's own index.
 *
 * The page has a <form class="search-form"> with an <input name="q">, a status line and
 * a results list (see templates/search.html); data-* attributes on the form give the
 * index URL and the UI strings. The index is /search-index.json:
 *   {v, entries: [{u: url, t: title, d: date, q: quarter, g: district, k: tags, x: text}],
 *    shards: ["search/index-1.json", ...]}   (shards hold arrays of entries)
 * Shards are fetched at once and searched as they arrive, so a phone shows the first
 * results before the whole index is in.
 *
 * Matching folds query and text the way Rust's `bantin::slug::fold_for_search` does
 * (tests/search_cases.json is checked against both): NFC, lowercase, strip the marks of
 * Latin, Greek and Cyrillic letters, đ/Đ → d, collapse whitespace. Every query word must
 * occur somewhere in the entry; title hits rank above district/tag hits, which rank above
 * body hits; words typed with their diacritics rank exact spellings higher.
 *
 * Index text reaches the page only through textContent and text nodes, never innerHTML.
 */
(function () {
  'use strict';

  var MAX_RESULTS = 50;
  var SNIPPET_CHARS = 180;

  // Rust's char::is_whitespace, beyond ASCII.
  var WIDE_SPACE = /^[\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/;
  var MARK = /^\p{M}$/u;
  var SPACE = null; // foldChar's answer for whitespace

  // Letters whose diacritics are stripped (Latin, Greek, Cyrillic; as in slug.rs).
  function hasStrippableMarks(c) {
    var n = c.codePointAt(0);
    return (n >= 0xC0 && n <= 0x24F) || (n >= 0x370 && n <= 0x4FF) || (n >= 0x1E00 && n <= 0x1FFF);
  }

  /* The folded form of one non-ASCII character (NFC): a string, '' to drop it, or SPACE.
   * Memoised: a text has few distinct letters, so folding costs a lookup per character. */
  var folded = new Map();
  function foldChar(c) {
    var hit = folded.get(c);
    if (hit !== undefined) return hit;
    var cp = c.codePointAt(0);
    var piece;
    if (WIDE_SPACE.test(c)) {
      piece = SPACE;
    } else if (c === '\u0111' || c === '\u0110') { // đ, Đ
      piece = 'd';
    } else if (cp >= 0x300 && cp <= 0x36F) {
      piece = ''; // a leftover combining diacritic that NFC could not compose
    } else {
      piece = '';
      for (var lc of c.toLowerCase()) {
        if (hasStrippableMarks(lc)) {
          for (var d of lc.normalize('NFD')) {
            if (!MARK.test(d)) piece += d;
          }
        } else {
          piece += lc;
        }
      }
    }
    folded.set(c, piece);
    return piece;
  }

  /* Folds `s`; with `withMap`, also records for each UTF-16 unit of the result where in
   * `src` (the NFC form of `s`) the character it came from starts and ends. */
  function foldText(s, withMap) {
    var src = String(s).normalize('NFC');
    var parts = [];
    var length = 0;
    var starts = withMap ? [] : null;
    var ends = withMap ? [] : null;
    var pendingSpace = false;
    var spaceAt = 0;
    var i = 0;
    while (i < src.length) {
      var code = src.charCodeAt(i);
      var piece;
      var next;
      if (code < 0x80) {
        next = i + 1;
        if (code === 32 || (code >= 9 && code <= 13)) {
          piece = SPACE;
        } else {
          piece = code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : src[i];
        }
      } else {
        var c = String.fromCodePoint(src.codePointAt(i));
        next = i + c.length;
        piece = foldChar(c);
      }
      if (piece === SPACE) {
        if (!pendingSpace) spaceAt = i;
        pendingSpace = true;
      } else if (piece) {
        if (pendingSpace && length > 0) {
          parts.push(' ');
          length += 1;
          if (withMap) { starts.push(spaceAt); ends.push(i); }
        }
        pendingSpace = false;
        parts.push(piece);
        length += piece.length;
        if (withMap) {
          for (var k = 0; k < piece.length; k++) { starts.push(i); ends.push(next); }
        }
      }
      i = next;
    }
    return { text: parts.join(''), src: src, starts: starts, ends: ends };
  }

  /** The search form of `s`: same result as Rust's `fold_for_search`. */
  function fold(s) {
    return foldText(s, false).text;
  }

  /** `fold(s)` with, per result unit, the start and end of its source in NFC `s`. */
  function foldWithMap(s) {
    return foldText(s, true);
  }

  /** The query's folded words, and its lowercase words as typed when they carry marks. */
  function parseQuery(q) {
    var folded = fold(q);
    var words = folded ? folded.split(' ') : [];
    var typed = String(q).normalize('NFC').toLowerCase().split(/\s+/).filter(Boolean);
    var exact = typed.filter(function (w) { return fold(w) !== w; });
    return { words: words, exact: exact };
  }

  /** Whether every folded word of `query` occurs in the folded `text`. */
  function matches(query, text) {
    var words = parseQuery(query).words;
    var f = fold(text);
    return words.length > 0 && words.every(function (w) { return f.indexOf(w) >= 0; });
  }

  function prepare(e) {
    if (!e._f) {
      e._f = {
        t: fold(e.t || ''),
        meta: fold((e.g || '') + ' ' + (e.k || '') + ' ' + (e.q || '')),
        x: fold(e.x || '')
      };
    }
    return e._f;
  }

  function atWordStart(text, at) {
    return at === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(at - 1));
  }

  /** Score of entry `e` for parsed query `pq`; 0 when a word is missing. */
  function score(e, pq) {
    if (pq.words.length === 0) return 0;
    var f = prepare(e);
    var total = 0;
    for (var i = 0; i < pq.words.length; i++) {
      var w = pq.words[i];
      var at = f.t.indexOf(w);
      if (at >= 0) {
        total += atWordStart(f.t, at) ? 12 : 8;
      } else if (f.meta.indexOf(w) >= 0) {
        total += 4;
      } else {
        at = f.x.indexOf(w);
        if (at < 0) return 0;
        total += atWordStart(f.x, at) ? 2 : 1;
      }
    }
    var phrase = pq.words.join(' ');
    if (pq.words.length > 1 && f.t.indexOf(phrase) >= 0) total += 10;
    if (pq.exact.length > 0 && f.tl === undefined) {
      f.tl = String(e.t || '').normalize('NFC').toLowerCase();
      f.xl = String(e.x || '').normalize('NFC').toLowerCase();
    }
    for (var j = 0; j < pq.exact.length; j++) {
      if (f.tl.indexOf(pq.exact[j]) >= 0) total += 3;
      else if (f.xl.indexOf(pq.exact[j]) >= 0) total += 1;
    }
    return total;
  }

  /** Entries matching `query`, best first (ties keep index order: newest first). */
  function search(entries, query) {
    var pq = parseQuery(query);
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], pq);
      if (s > 0) hits.push({ entry: entries[i], score: s, order: i });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return hits.map(function (h) { return h.entry; });
  }

  /* Where `needle` occurs in folded `m.text`: at word starts only, unless it never
   * starts a word there; as [start, end) ranges of the source text. */
  function occurrences(m, needle) {
    var all = [];
    var starting = [];
    var from = 0;
    var at;
    while ((at = m.text.indexOf(needle, from)) >= 0) {
      var r = [m.starts[at], m.ends[at + needle.length - 1]];
      all.push(r);
      if (atWordStart(m.text, at)) starting.push(r);
      from = at + needle.length;
    }
    return starting.length ? starting : all;
  }

  /* Ranges [start, end) of `text` (NFC) to highlight for the folded query words: the
   * whole phrase where it occurs, else each word; sorted, merged. */
  function hitRanges(text, words) {
    var m = foldWithMap(text);
    words = words.filter(Boolean);
    var ranges = [];
    var phrase = words.join(' ');
    if (words.length > 1 && m.text.indexOf(phrase) >= 0) {
      ranges = occurrences(m, phrase);
    } else {
      words.forEach(function (w) { ranges = ranges.concat(occurrences(m, w)); });
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return { src: m.src, ranges: merged };
  }

  /** `text` cut to about `size` characters around its first hit: {text, ranges}. */
  function snippet(text, words, size) {
    var h = hitRanges(text, words);
    var src = h.src;
    if (src.length <= size) return h;
    var first = h.ranges.length ? h.ranges[0][0] : 0;
    var start = Math.max(0, first - Math.floor(size / 3));
    var end = Math.min(src.length, start + size);
    start = Math.max(0, end - size);
    if (start > 0) {
      var sp = src.indexOf(' ', start);
      if (sp >= 0 && sp < first) start = sp + 1;
    }
    if (end < src.length) {
      var back = src.lastIndexOf(' ', end);
      if (back > start && back > (h.ranges.length ? h.ranges[0][1] : 0)) end = back;
    }
    var ranges = h.ranges
      .filter(function (r) { return r[0] >= start && r[1] <= end; })
      .map(function (r) { return [r[0] - start, r[1] - start]; });
    var cut = src.slice(start, end);
    var lead = start > 0 ? '… ' : '';
    return {
      src: lead + cut + (end < src.length ? ' …' : ''),
      ranges: ranges.map(function (r) { return [r[0] + lead.length, r[1] + lead.length]; })
    };
  }

  /* ---- the page ---- */

  /* Appends `h.src` to `el` as text nodes, with each range in a <mark>. */
  function appendMarked(doc, el, h) {
    var at = 0;
    h.ranges.forEach(function (r) {
      if (r[0] > at) el.appendChild(doc.createTextNode(h.src.slice(at, r[0])));
      var mark = doc.createElement('mark');
      mark.textContent = h.src.slice(r[0], r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    if (at < h.src.length) el.appendChild(doc.createTextNode(h.src.slice(at)));
  }

  /*
   * Loads the index at `url`: the manifest's own entries, then its shards, all fetched at
   * once. `onPart(entries, from, done)` is called with the entries so far (joined in
   * site order, whatever order the shards arrive in), the index of the first new one,
   * and whether that was the last part, so a search can show results before every
   * shard is in. Resolves to all entries; rejects if any part fails.
   */
  function loadIndex(url, onPart, fetchJson) {
    var get = fetchJson || function (u) {
      return fetch(u, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(u + ': HTTP ' + r.status);
        return r.json();
      });
    };
    var report = onPart || function () {};
    return get(url).then(function (index) {
      var entries = Array.isArray(index.entries) ? index.entries : [];
      var shards = Array.isArray(index.shards) ? index.shards : [];
      var pending = shards.map(function (s) {
        var p = get(new URL(s, url).href);
        p.catch(function () { /* handled below, in order */ });
        return p;
      });
      report(entries, 0, pending.length === 0);
      var chain = Promise.resolve();
      pending.forEach(function (p, k) {
        chain = chain.then(function () { return p; }).then(function (part) {
          var from = entries.length;
          if (Array.isArray(part)) entries = entries.concat(part);
          report(entries, from, k === pending.length - 1);
        });
      });
      return chain.then(function () { return entries; });
    });
  }

  function start(doc, win) {
    var form = doc.querySelector('form.search-form');
    if (!form) return;
    var input = form.querySelector('input[name="q"]');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    if (!input || !status || !list) return;
    var ds = form.dataset;
    var entries = null;
    var complete = false;
    var failed = false;
    var timer = null;

    function say(text) { status.textContent = text; }

    function render() {
      var q = input.value;
      while (list.firstChild) list.removeChild(list.firstChild);
      if (failed) { say(ds.failed || ''); return; }
      if (!fold(q)) { say(''); return; }
      if (!entries) { say(ds.loading || ''); return; }
      var hits = search(entries, q);
      var words = parseQuery(q).words;
      if (!complete) {
        // Part of the index is in: show what it finds, and that more is coming.
        say((hits.length ? hits.length + ' ' + (ds.results || '') + ' · ' : '') + (ds.more || ''));
      } else {
        say(hits.length ? hits.length + ' ' + (ds.results || '') : (ds.none || ''));
      }
      hits.slice(0, MAX_RESULTS).forEach(function (e) {
        var li = doc.createElement('li');
        li.className = 'search-result';
        var h = doc.createElement('h3');
        h.className = 'search-result-title';
        var a = doc.createElement('a');
        a.href = e.u;
        appendMarked(doc, a, hitRanges(e.t || '', words));
        h.appendChild(a);
        li.appendChild(h);
        var meta = doc.createElement('p');
        meta.className = 'search-result-meta';
        meta.textContent = [e.d, e.q, e.g].filter(Boolean).join(' · ');
        li.appendChild(meta);
        if (e.x) {
          var p = doc.createElement('p');
          p.className = 'search-result-snippet';
          appendMarked(doc, p, snippet(e.x, words, SNIPPET_CHARS));
          li.appendChild(p);
        }
        list.appendChild(li);
      });
    }

    function update() {
      var q = input.value;
      try {
        var url = new URL(win.location.href);
        if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
        win.history.replaceState(null, '', url.href);
      } catch (err) { /* file:// or an old browser: the URL just does not follow */ }
      render();
    }

    form.addEventListener('submit', function (ev) { ev.preventDefault(); update(); });
    input.addEventListener('input', function () {
      if (timer) win.clearTimeout(timer);
      timer = win.setTimeout(update, 120);
    });
    try {
      var initial = new URL(win.location.href).searchParams.get('q');
      if (initial) input.value = initial;
    } catch (err) { /* no query in the URL */ }
    render();
    // Fold the entries in small slices once loaded, so the first search is quick too.
    function warm(list, from) {
      var to = Math.min(list.length, from + 500);
      for (var i = from; i < to; i++) prepare(list[i]);
      if (to < list.length) win.setTimeout(function () { warm(list, to); }, 0);
    }
    loadIndex(ds.index, function (e, from, done) {
      entries = e;
      complete = done;
      render();
      warm(e, from);
    }).then(null, function () {
      failed = true;
      render();
    });
  }

  var api = {
    fold: fold,
    foldWithMap: foldWithMap,
    parseQuery: parseQuery,
    matches: matches,
    score: score,
    search: search,
    hitRanges: hitRanges,
    snippet: snippet,
    loadIndex: loadIndex
  };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
  }
  if (typeof document !== 'undefined' && typeof window !== 'undefined') {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', function () { start(document, window); });
    } else {
      start(document, window);
    }
  }
})();
