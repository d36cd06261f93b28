// Search payload benchmark: bantin's search page and Pagefind's default UI on the same
// built site, in headless Chromium (phone viewport, 4x CPU slowdown, Fast 3G, gzip), over
// the committed queries (queries.json). See bench/search/run for the whole procedure.
//
//   node bench.js browser SITE_OUT CORPUS RUNS   -> JSON lines, one per trial, then a summary
//   node bench.js files SITE_OUT                 -> per-query bytes computed from the files
//   node bench.js recall SITE_OUT CORPUS         -> bantin's recall from the files
//
// Bytes on the wire: every response the bench server sends (gzip body + ~200 bytes of
// headers), from opening the search page until the first result shows. Time: first keydown to the first result
// in the page's own clock. Recall: relevant bulletins are those whose folded title or body
// contains every query syllable (search.js's syllables() on the Markdown source); recall
// counts the whole result list (bantin: window.bantinSearch.ids; Pagefind: its API).
'use strict';

const fs = require('fs');
const path = require('path');
const http = require('http');
const zlib = require('zlib');

const REPO = path.resolve(__dirname, '../..');
const search = require(path.join(REPO, 'themes/default/static/search.js'));
const QUERIES = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8')).queries
  .slice(0, Number(process.env.BENCH_LIMIT) || undefined); // BENCH_LIMIT: a smoke run over the first few

const TYPES = {
  html: 'text/html; charset=utf-8', css: 'text/css', js: 'text/javascript', mjs: 'text/javascript',
  json: 'application/json', bin: 'application/octet-stream', wasm: 'application/wasm',
  svg: 'image/svg+xml', xml: 'application/xml', pf_meta: 'application/octet-stream',
  pf_fragment: 'application/octet-stream', pf_index: 'application/octet-stream',
  pf_filter: 'application/octet-stream'
};

/** What the server has sent since the counter was last reset. */
const served = { bytes: 0, requests: 0 };

/** A static server over `root` that gzips every response (Pagefind's files are gzip
 * already: sent as they are). */
function serve(root) {
  const cache = new Map();
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    let hit = cache.get(file);
    if (!hit) {
      let body;
      try { body = fs.readFileSync(file); } catch (e) { res.writeHead(404); res.end('not found'); return; }
      const ext = path.extname(file).slice(1);
      const pagefindGz = /pagefind\//.test(rel) && /^pf_|wasm/.test(ext) && body[0] === 0x1f && body[1] === 0x8b;
      hit = { type: TYPES[ext] || 'application/octet-stream', body: pagefindGz ? body : zlib.gzipSync(body, { level: 6 }) };
      cache.set(file, hit);
    }
    res.writeHead(200, { 'Content-Type': hit.type, 'Content-Encoding': 'gzip', 'Content-Length': hit.body.length, 'Cache-Control': 'no-store' });
    res.end(hit.body);
    // Counted here, not from the page's CDP events: Pagefind fetches from a web worker,
    // whose requests the page's session does not see. Headers: about 200 bytes each way.
    served.bytes += hit.body.length + 200;
    served.requests += 1;
  });
  return new Promise(ok => server.listen(Number(process.env.BENCH_PORT) || 0, '127.0.0.1', () => ok(server)));
}

/** The corpus: per bulletin its URL path and syllable set (title + body). */
function loadCorpus(corpus) {
  const docs = [];
  const walk = dir => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        const text = fs.readFileSync(p, 'utf8');
        const end = text.indexOf('\n---', 4);
        const fm = text.slice(0, end);
        const title = JSON.parse((/^title: (.*)$/m.exec(fm) || [, '""'])[1]);
        const slug = (/^slug: (.*)$/m.exec(fm) || [, ''])[1].trim();
        const set = new Set(search.syllables(title));
        search.syllables(text.slice(end + 4)).forEach(s => set.add(s));
        docs.push({ url: '/bulletins/' + slug + '/', set });
      }
    }
  };
  walk(path.join(corpus, 'content'));
  return docs;
}

function relevant(docs, q) {
  const words = search.parseQuery(q).words;
  return new Set(docs.filter(d => words.length && words.every(w => d.set.has(w))).map(d => d.url));
}

function median(xs) {
  const s = xs.filter(x => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Every card of the built site, by id: bantin's ids → URL paths. */
function bantinUrls(out, count) {
  const chunk = search.layout(count).chunk;
  const urls = [];
  for (let k = 0; k * chunk < count; k++) {
    for (const c of JSON.parse(fs.readFileSync(path.join(out, 'search/d', k + '.json'), 'utf8'))) {
      urls.push(new URL(c.u).pathname);
    }
  }
  return urls;
}

function siteCount(out) {
  const page = fs.readFileSync(path.join(out, 'search/index.html'), 'utf8');
  return Number(/data-count="(\d+)"/.exec(page)[1]);
}

const gz = b => zlib.gzipSync(b, { level: 6 }).length;

/** Per query: gzip bytes of the page and its assets plus every index file search.js reads
 * for the query and its first 10 results (what the browser fetches, without headers). */
async function filesMode(out) {
  const count = siteCount(out);
  const page = ['search/index.html', 'style.css', 'search.js']
    .map(f => gz(fs.readFileSync(path.join(out, f)))).reduce((a, b) => a + b, 0);
  const rows = [];
  for (const q of QUERIES) {
    const read = new Set();
    const get = u => {
      read.add(u);
      const b = fs.readFileSync(path.join(out, u));
      return u.endsWith('.json') ? JSON.parse(b) : b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
    };
    const index = search.openIndex('search/', count, get);
    const ids = await index.search(q);
    await index.cards(ids.slice(0, 10));
    const bytes = [...read].map(u => gz(fs.readFileSync(path.join(out, u)))).reduce((a, b) => a + b, 0);
    rows.push({ query: q, results: ids.length, files: read.size, index_kb: bytes / 1024, total_kb: (bytes + page) / 1024 });
  }
  for (const r of rows) console.log(JSON.stringify(r));
  console.log(JSON.stringify({ summary: 'files', bulletins: count, page_kb: page / 1024,
    median_total_kb: median(rows.map(r => r.total_kb)), max_total_kb: Math.max(...rows.map(r => r.total_kb)) }));
}

/** Recall of bantin's whole result lists, from the index files (no browser). */
async function recallMode(out, corpus) {
  const count = siteCount(out);
  const urls = bantinUrls(out, count);
  const docs = loadCorpus(corpus);
  const get = u => {
    const b = fs.readFileSync(path.join(out, u));
    return u.endsWith('.json') ? JSON.parse(b) : b.buffer.slice(b.byteOffset, b.byteOffset + b.length);
  };
  const index = search.openIndex('search/', count, get);
  const recalls = [];
  for (const q of QUERIES) {
    const rel = relevant(docs, q);
    const found = new Set((await index.search(q)).map(id => urls[id]));
    const recall = rel.size ? [...rel].filter(u => found.has(u)).length / rel.size : null;
    if (recall != null) recalls.push(recall);
    console.log(JSON.stringify({ query: q, relevant: rel.size, results: found.size, recall }));
  }
  console.log(JSON.stringify({ summary: 'recall', min: Math.min(...recalls), median: median(recalls) }));
}

const PHONE = {
  viewport: { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36'
};
// Chrome DevTools' "Fast 3G".
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 1.6 * 1024 * 1024 / 8 * 0.9, uploadThroughput: 750 * 1024 / 8 * 0.9 };

const ENGINES = {
  bantin: { page: 'search/', input: '#search-q', result: '#search-results li', none: () => { const s = document.getElementById('search-status'); return s && /Không tìm thấy|No bulletin/.test(s.textContent); } },
  pagefind: { page: 'pagefind-search/', input: '.pagefind-ui__search-input', result: '.pagefind-ui__result', none: () => { const m = document.querySelector('.pagefind-ui__message'); return !!m && /^No results/.test(m.textContent); } }
};

async function trial(browser, base, engine, q) {
  const e = ENGINES[engine];
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.emulate(PHONE);
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  served.bytes = 0;
  served.requests = 0;
  await page.evaluateOnNewDocument((sel, none) => {
    window.__t0 = null; window.__t1 = null; window.__empty = false;
    document.addEventListener('keydown', () => { if (window.__t0 === null) window.__t0 = performance.now(); }, true);
    const noneFn = new Function('return (' + none + ')()');
    const check = () => {
      if (window.__t1 !== null || window.__t0 === null) return;
      if (document.querySelector(sel)) window.__t1 = performance.now();
      else if (window.__typed && noneFn()) { window.__t1 = performance.now(); window.__empty = true; }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  }, e.result, e.none.toString());
  await page.goto(base + e.page, { waitUntil: 'load', timeout: 120000 });
  await page.waitForSelector(e.input, { timeout: 60000 });
  await page.click(e.input);
  await page.type(e.input, q);
  // "No results" counts only for the whole query (not for a word half typed).
  await page.evaluate(() => { window.__typed = true; document.body.appendChild(document.createComment('')); });
  await page.waitForFunction(() => window.__t1 !== null, { timeout: 120000, polling: 50 });
  const got = await page.evaluate(() => ({ ms: window.__t1 - window.__t0, empty: window.__empty }));
  const onWire = served.bytes;
  const requests = served.requests;
  let ids = null;
  if (engine === 'bantin') {
    await page.waitForFunction(q => window.bantinSearch && window.bantinSearch.query === q, { timeout: 60000 }, q);
    ids = await page.evaluate(() => window.bantinSearch.ids);
  }
  await context.close();
  return { engine, query: q, kb: onWire / 1024, requests, ms: got.ms, empty: got.empty, ids };
}

/** Pagefind's whole result list for `q` (unthrottled, its JS API), as URL paths. */
async function pagefindUrls(browser, base, q) {
  const page = await browser.newPage();
  await page.goto(base + 'pagefind-search/', { waitUntil: 'load' });
  const urls = await page.evaluate(async (q) => {
    const pf = await import('/pagefind/pagefind.js');
    await pf.options({ excerptLength: 0 });
    const r = await pf.search(q);
    const out = [];
    for (let i = 0; i < r.results.length; i += 200) {
      const part = await Promise.all(r.results.slice(i, i + 200).map(x => x.data()));
      part.forEach(d => out.push(new URL(d.url, location.href).pathname));
    }
    return out;
  }, q);
  await page.close();
  return urls;
}

async function browserMode(out, corpus, runs) {
  const puppeteer = require('puppeteer-core');
  const count = siteCount(out);
  const server = await serve(out);
  const base = 'http://127.0.0.1:' + server.address().port + '/';
  const docs = loadCorpus(corpus);
  const urls = bantinUrls(out, count);
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
  const rows = [];
  try {
    for (let r = 0; r < runs; r++) {
      for (const q of QUERIES) {
        const order = r % 2 ? ['pagefind', 'bantin'] : ['bantin', 'pagefind'];
        for (const engine of order) {
          const t = await trial(browser, base, engine, q);
          t.run = r;
          if (engine === 'bantin') {
            t.results = t.ids.length;
            t.ids = undefined;
          }
          rows.push(t);
          console.log(JSON.stringify(t));
        }
      }
    }
    // Recall, once per query and engine.
    const recall = {};
    for (const q of QUERIES) {
      const rel = relevant(docs, q);
      const last = rows.filter(x => x.engine === 'bantin' && x.query === q).pop();
      const again = await trial(browser, base, 'bantin', q).catch(() => null);
      const found = new Set((again && again.ids || []).map(id => urls[id]));
      const pf = new Set(await pagefindUrls(browser, base, q).catch(() => []));
      const rec = set => rel.size ? [...rel].filter(u => set.has(u)).length / rel.size : null;
      recall[q] = { relevant: rel.size, bantin: rec(found), bantin_results: found.size, pagefind: rec(pf), pagefind_results: pf.size };
      console.log(JSON.stringify({ recall: q, ...recall[q], shown: last && last.results }));
    }
    const summary = {};
    for (const engine of ['bantin', 'pagefind']) {
      const mine = rows.filter(x => x.engine === engine);
      const perQuery = q => mine.filter(x => x.query === q);
      summary[engine] = {
        median_kb: median(QUERIES.map(q => median(perQuery(q).map(x => x.kb)))),
        median_ms: median(QUERIES.map(q => median(perQuery(q).filter(x => !x.empty).map(x => x.ms)))),
        median_requests: median(mine.map(x => x.requests)),
        recall_min: Math.min(...QUERIES.map(q => recall[q][engine]).filter(x => x != null)),
        recall_mean: QUERIES.map(q => recall[q][engine]).filter(x => x != null).reduce((a, b, _, xs) => a + b / xs.length, 0)
      };
    }
    console.log(JSON.stringify({ summary: 'browser', bulletins: count, runs, ...summary }));
  } finally {
    await browser.close();
    server.close();
  }
}

const [mode, out, corpus, runs] = process.argv.slice(2);
(mode === 'files' ? filesMode(path.resolve(out))
  : mode === 'recall' ? recallMode(path.resolve(out), path.resolve(corpus))
  : browserMode(path.resolve(out), path.resolve(corpus), Number(runs) || 3))
  .catch(e => { console.error(e); process.exit(1); });
