/* bantin offline search: no dependencies, no network beyond the site's own files.
 *
 * The page has a <form class="search-form"> with an <input name="q">, a status line and
 * a results list (see templates/search.html); data-* attributes on the form give the
 * index folder (data-index), the number of bulletins (data-count) and the UI strings.
 *
 * The index (written by `bantin build`, src/render/search/) is cut by term, so a query
 * downloads only what it needs, and nothing is fetched before the first query:
 *   search/s/<b>.bin   folded syllables, bucket = fnv1a(first 3 characters) % buckets
 *   search/p/<b>.bin   pairs of consecutive syllables ("gia tri"), bucket = fnv1a(pair)
 *   search/v/<b>.bin   accented spellings of a folded syllable (fetched only for words
 *                      typed with marks: "Đảng" ranks "đảng" above "đăng")
 *   search/d/<k>.json  result cards (url, title, date, quarter, district, snippet) of
 *                      bulletins k*chunk .. k*chunk+chunk-1, fetched for shown results
 * The buckets of a query are fetched at once, then the chunks of the results shown: two
 * requests in sequence. Bucket counts follow from the number of bulletins (layout(),
 * the same as Rust's `search::layout`).
 *
 * Matching: every syllable of the query is a syllable of the bulletin (title, summary,
 * body, tags or district), the last one, when it has a letter and 3 or more characters,
 * as a prefix. Syllables fold the way Rust's `bantin::slug::fold_for_search` does (NFC,
 * lowercase, marks of Latin, Greek and Cyrillic letters stripped, đ/Đ → d); inside a
 * number "." is dropped and "," kept (12.335 → 12335); I–IV after "quý" is the digit.
 * tests/search_cases.json holds Rust and this file to the same cases. Ranking: syllables
 * in the title, pairs of the query found in the bulletin (more in its title), words typed
 * with marks found with the same marks; ties newest first.
 *
 * Index text reaches the page only through textContent and text nodes, never innerHTML.
 */
(function () {
  'use strict';

  var PAGE = 10; // results shown at a time
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

  /* ---- syllables (as src/render/search/terms.rs) ---- */

  var WORD = /^[\p{L}\p{N}\p{M}]$/u;
  var LETTER = /\p{L}/u;
  var ROMAN = { i: '1', ii: '2', iii: '3', iv: '4' };

  function foldPiece(c) {
    var code = c.charCodeAt(0);
    if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
    var p = foldChar(c);
    return p === SPACE ? '' : p;
  }

  /** Calls f(folded, lower) for each syllable of `text`. */
  function eachWord(text, f) {
    var src = String(text).normalize('NFC');
    var folded = '';
    var lower = '';
    var prevDigit = false;
    var i = 0;
    while (i < src.length) {
      var cp = src.codePointAt(i);
      var c = String.fromCodePoint(cp);
      var next = i + c.length;
      var nextCode = next < src.length ? src.charCodeAt(next) : 0;
      if (WORD.test(c)) {
        lower += c.toLowerCase();
        folded += foldPiece(c);
      } else if ((c === '.' || c === ',') && prevDigit && nextCode >= 48 && nextCode <= 57) {
        if (c === ',') { folded += ','; lower += ','; }
      } else {
        if (folded) f(folded, lower);
        folded = '';
        lower = '';
      }
      prevDigit = cp >= 48 && cp <= 57;
      i = next;
    }
    if (folded) f(folded, lower);
  }

  /** The syllables the index keeps of `text` (Rust's `search::syllables`). */
  function syllables(text) {
    var out = [];
    eachWord(text, function (f) {
      var digit = out.length && out[out.length - 1] === 'quy' ? ROMAN[f] : undefined;
      out.push(f);
      if (digit) out.push(digit);
    });
    return out;
  }

  /**
   * The query's syllables: `words` (folded, a Roman quarter number as its digit),
   * `exact` (for each word, its lowercase spelling when typed with marks, else null)
   * and `prefix` (whether the last word matches as a prefix).
   */
  function parseQuery(q) {
    var words = [];
    var exact = [];
    eachWord(q, function (f, l) {
      var digit = words.length && words[words.length - 1] === 'quy' ? ROMAN[f] : undefined;
      words.push(digit || f);
      exact.push(!digit && l !== f && /[^\x00-\x7f]/.test(l) ? l : null);
    });
    var last = words[words.length - 1];
    var prefix = !!last && !/\s$/.test(q) && LETTER.test(last) && Array.from(last).length >= 3;
    return { words: words, exact: exact, prefix: prefix };
  }

  /** Whether `text` matches `query` (every query syllable among the text's). */
  function matches(query, text) {
    var pq = parseQuery(query);
    var have = syllables(text);
    var set = new Set(have);
    return pq.words.length > 0 && pq.words.every(function (w, k) {
      if (pq.prefix && k === pq.words.length - 1) {
        return have.some(function (h) { return h.startsWith(w); });
      }
      return set.has(w);
    });
  }

  /* ---- the index files ---- */

  function fnv1a(s) {
    var h = 0x811c9dc5;
    var bytes = new TextEncoder().encode(s);
    for (var i = 0; i < bytes.length; i++) {
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function pow2(n, per, max) {
    var need = Math.max(1, Math.ceil(n / per));
    var p = 1;
    while (p < need) p *= 2;
    return Math.min(p, max);
  }

  /** How the index of `n` bulletins is cut (Rust's `search::layout`). */
  function layout(n) {
    return { syllables: pow2(n, 64, 2048), pairs: pow2(n, 16, 16384), spellings: pow2(n, 128, 1024), chunk: 8 };
  }

  function syllableBucket(term, buckets) {
    return fnv1a(Array.from(term).slice(0, 3).join('')) % buckets;
  }

  /** A reader of a bucket file (see src/render/search/index.rs). */
  function Reader(buf) { this.b = buf instanceof Uint8Array ? buf : new Uint8Array(buf); this.at = 0; }
  Reader.prototype.varint = function () {
    var v = 0;
    var mul = 1;
    for (;;) {
      var byte = this.b[this.at++];
      if (byte === undefined) throw new Error('truncated search index');
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
  };
  var UTF8 = typeof TextDecoder !== 'undefined' ? new TextDecoder() : null;
  Reader.prototype.str = function () {
    var len = this.varint();
    var s = UTF8.decode(this.b.subarray(this.at, this.at + len));
    this.at += len;
    return s;
  };
  /** Skips a set, returning where it starts. */
  Reader.prototype.skipSet = function () {
    var start = this.at;
    var head = this.varint();
    if (head & 1) { var len = this.varint(); this.at += len; } else {
      for (var k = Math.floor(head / 2); k > 0; k--) this.varint();
    }
    return start;
  };
  /** The set at `pos` as a bitset of `n` bulletins. */
  function readSet(bytes, pos, n) {
    var r = new Reader(bytes);
    r.at = pos;
    var out = new Uint8Array(Math.ceil(n / 8) || 1);
    var head = r.varint();
    if (head & 1) {
      var len = r.varint();
      out.set(bytes.subarray(r.at, r.at + Math.min(len, out.length)));
    } else {
      var id = 0;
      for (var k = 0; k < Math.floor(head / 2); k++) {
        id = k === 0 ? r.varint() : id + r.varint();
        out[id >> 3] |= 1 << (id & 7);
      }
    }
    return out;
  }

  /** A bucket: term → positions of its sets (decoded on demand). */
  function parseBucket(buf, spellings) {
    var r = new Reader(buf);
    if (r.varint() !== 1) throw new Error('unknown search index format');
    var bucket = { n: r.varint(), chunk: r.varint(), terms: new Map(), bytes: r.b };
    for (var t = r.varint(); t > 0; t--) {
      var term = r.str();
      if (spellings) {
        var list = [];
        for (var k = r.varint(); k > 0; k--) list.push({ spelling: r.str(), at: r.skipSet() });
        bucket.terms.set(term, list);
      } else {
        var docs = r.skipSet();
        bucket.terms.set(term, { docs: docs, title: r.skipSet() });
      }
    }
    return bucket;
  }

  function or(a, b) { for (var i = 0; i < a.length; i++) a[i] |= b[i]; return a; }
  function and(a, b) { for (var i = 0; i < a.length; i++) a[i] &= b[i]; return a; }
  function has(set, id) { return set && (set[id >> 3] >> (id & 7)) & 1; }

  /**
   * The index under folder URL `base` for `count` bulletins. `get(url)` resolves to an
   * ArrayBuffer (.bin) or parsed JSON (.json); by default fetch(). Files are fetched
   * once. Returns {search(query) → Promise of ranked bulletin ids, cards(ids) → Promise
   * of their result cards}.
   */
  function openIndex(base, count, get) {
    var l = layout(count);
    var fetchFile = get || function (u) {
      return fetch(u, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(u + ': HTTP ' + r.status);
        return /\.json$/.test(u) ? r.json() : r.arrayBuffer();
      });
    };
    var files = new Map();
    function file(path, parse) {
      if (!files.has(path)) {
        var p = Promise.resolve(fetchFile(base + path)).then(parse);
        p.catch(function () { files.delete(path); });
        files.set(path, p);
      }
      return files.get(path);
    }
    function bucket(kind, b) {
      return file(kind + '/' + b + '.bin', function (buf) { return parseBucket(buf, kind === 'v'); });
    }

    function search(query) {
      var pq = parseQuery(query);
      var w = pq.words;
      if (!w.length) return Promise.resolve([]);
      var last = w.length - 1;
      var pairs = [];
      for (var k = 0; k < last; k++) pairs.push(w[k] + ' ' + w[k + 1]);
      var need = [];
      w.forEach(function (t) { need.push(bucket('s', syllableBucket(t, l.syllables))); });
      pairs.forEach(function (t) { need.push(bucket('p', fnv1a(t) % l.pairs)); });
      pq.exact.forEach(function (e, k) {
        need.push(e ? bucket('v', fnv1a(w[k]) % l.spellings) : null);
      });
      return Promise.all(need).then(function (got) {
        var n = count;
        var sb = got.slice(0, w.length);
        var pb = got.slice(w.length, w.length + pairs.length);
        var vb = got.slice(w.length + pairs.length);
        var docs = null;
        var titles = [];
        for (var k = 0; k < w.length; k++) {
          var b = sb[k];
          var d = null;
          var t = null;
          b.terms.forEach(function (pos, term) {
            var hit = term === w[k] || (pq.prefix && k === last && term.startsWith(w[k]));
            if (!hit) return;
            d = d ? or(d, readSet(b.bytes, pos.docs, n)) : readSet(b.bytes, pos.docs, n);
            t = t ? or(t, readSet(b.bytes, pos.title, n)) : readSet(b.bytes, pos.title, n);
          });
          if (!d) return [];
          docs = docs ? and(docs, d) : d;
          titles.push(t);
        }
        var pairSets = pairs.map(function (p, k) {
          var pos = pb[k].terms.get(p);
          return pos ? { docs: readSet(pb[k].bytes, pos.docs, n), title: readSet(pb[k].bytes, pos.title, n) } : null;
        }).filter(Boolean);
        var exactSets = [];
        vb.forEach(function (b, k) {
          var list = b && b.terms.get(w[k]);
          (list || []).forEach(function (s) {
            if (s.spelling === pq.exact[k]) exactSets.push(readSet(b.bytes, s.at, n));
          });
        });
        var hits = [];
        for (var id = 0; id < n; id++) {
          if (!has(docs, id)) continue;
          var score = 0;
          titles.forEach(function (t) { if (has(t, id)) score += 2; });
          pairSets.forEach(function (p) { if (has(p.title, id)) score += 3; else if (has(p.docs, id)) score += 1; });
          exactSets.forEach(function (e) { if (has(e, id)) score += 4; });
          hits.push([score, id]);
        }
        hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
        return hits.map(function (h) { return h[1]; });
      });
    }

    function cards(ids) {
      return Promise.all(ids.map(function (id) {
        return file('d/' + Math.floor(id / l.chunk) + '.json', function (x) { return x; })
          .then(function (chunk) { return chunk[id % l.chunk]; });
      }));
    }

    return { search: search, cards: cards };
  }

  /* ---- highlighting ---- */

  function atWordStart(text, at) {
    return at === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(at - 1));
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

  function start(doc, win) {
    var form = doc.querySelector('form.search-form');
    if (!form) return;
    var input = form.querySelector('input[name="q"]');
    var status = doc.getElementById('search-status');
    var list = doc.getElementById('search-results');
    var more = doc.getElementById('search-more');
    if (!input || !status || !list) return;
    var ds = form.dataset;
    var index = null; // opened on first use
    var run = 0; // the latest search; older answers are dropped
    var shown = { ids: [], words: [], count: 0 };
    var timer = null;

    function say(text) { status.textContent = text; }

    function clear() {
      while (list.firstChild) list.removeChild(list.firstChild);
      if (more) more.hidden = true;
    }

    function append(cards, words) {
      cards.forEach(function (e) {
        if (!e) return;
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

    function showMore(mine) {
      var from = list.children.length;
      var ids = shown.ids.slice(from, from + PAGE);
      return index.cards(ids).then(function (cards) {
        if (mine !== run) return;
        append(cards, shown.words);
        if (more) more.hidden = list.children.length >= shown.ids.length;
      });
    }

    function render() {
      var q = input.value;
      var mine = ++run;
      var words = parseQuery(q).words;
      if (!words.length) { clear(); say(''); return; }
      if (!index) index = openIndex(ds.index, Number(ds.count) || 0);
      if (!list.children.length) say(ds.loading || '');
      index.search(q).then(function (ids) {
        if (mine !== run) return null;
        win.bantinSearch = { query: q, ids: ids };
        shown = { ids: ids, words: words };
        clear();
        say(ids.length ? ids.length + ' ' + (ds.results || '') : (ds.none || ''));
        return ids.length ? showMore(mine) : null;
      }).then(null, function () {
        if (mine !== run) return;
        clear();
        say(ds.failed || '');
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
    if (more) {
      more.addEventListener('click', function () {
        var first = list.children.length;
        showMore(run).then(function () {
          var next = list.children[first];
          var link = next && next.querySelector('a');
          if (link) link.focus();
        });
      });
    }
    try {
      var initial = new URL(win.location.href).searchParams.get('q');
      if (initial) input.value = initial;
    } catch (err) { /* no query in the URL */ }
    if (input.value) render();
  }

  var api = {
    fold: fold,
    foldWithMap: foldWithMap,
    syllables: syllables,
    parseQuery: parseQuery,
    matches: matches,
    hitRanges: hitRanges,
    snippet: snippet,
    layout: layout,
    fnv1a: fnv1a,
    openIndex: openIndex
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
