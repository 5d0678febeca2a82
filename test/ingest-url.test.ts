// `storyline ingest URL…`: pages, feeds and sitemaps fetched over real HTTP from a server on 127.0.0.1, through the
// vetted fetcher. Loopback is refused unless STORYLINE_FETCH_ALLOW_LOOPBACK=1, which only these tests set.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliFetcher } from '../src/cli/commands/ingest.js';
import { type FeedStats, feedStatsLine, type IngestItem, readInputs } from '../src/ingest/read.js';
import { canonicalUrl, readUrlInputs } from '../src/ingest/url.js';
import type { RawDocument } from '../src/model.js';
import { projectRoot } from './helpers.js';

const para = (topic: string, n: number): string =>
  `<p>Officials in the fictional town of Lowmere said on Tuesday that the ${topic} had drawn crowds for a ${n}th day, ` +
  `as engineers from the county council walked the banks and took notes. "We have not seen anything like it since ` +
  `the old mill closed," said Ada Brennick, who runs the bakery on Quay Street, adding that deliveries had slowed.</p>`;

const article = (title: string, topic: string): string =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
  `${para(topic, 1)}${para(topic, 2)}${para(topic, 3)}</article></body></html>`;

const LONG_ITEM_TEXT = `${para('ferry strike', 4)}${para('ferry strike', 5)}`;

let server: Server;
let base: string;
const hits = new Map<string, number>();

function routes(): Record<string, { type: string; body: string }> {
  return {
    '/page/rivers': { type: 'text/html; charset=utf-8', body: article('Rivers rise at Lowmere', 'flood') },
    '/page/bridge': { type: 'text/html', body: article('Bridge reopens in Lowmere', 'bridge') },
    '/page/harbour': { type: 'text/html', body: article('Harbour wall repaired', 'harbour') },
    '/page/market': { type: 'text/html', body: article('Market moves to the square', 'market') },
    '/feed.xml': {
      type: 'application/rss+xml',
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Lowmere Gazette</title>
<item><title>Bridge reopens</title><link>${base}/page/bridge</link><pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate><description>Short teaser.</description></item>
<item><title>Ferry strike</title><link>${base}/page/ferry</link><description><![CDATA[${LONG_ITEM_TEXT}]]></description></item>
<item><title>Gone away</title><link>${base}/page/gone</link><description>Too short to stand in.</description></item>
<item><title>Bridge again</title><link>${base}/page/bridge?utm_source=feed#top</link><description>Same page.</description></item>
</channel></rss>`,
    },
    '/feed.json': {
      type: 'application/feed+json',
      body: JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'Lowmere Weekly',
        items: [{ id: '1', url: `${base}/page/market`, title: 'Market moves', date_published: '2025-03-05T08:00:00Z' }],
      }),
    },
    '/sitemap.xml': {
      type: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>${base}/page/harbour</loc><news:news><news:publication><news:name>Lowmere Harbour News</news:name><news:language>en</news:language></news:publication><news:publication_date>2025-03-06T10:30:00+00:00</news:publication_date><news:title>Harbour wall repaired</news:title></news:news></url>
<url><loc>${base}/page/rivers</loc></url>
</urlset>`,
    },
    '/image.png': { type: 'image/png', body: '\x89PNG\r\n\x1a\n' },
  };
}

before(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path.startsWith('/go/')) {
      res.writeHead(302, { location: `/page/${path.slice(4)}` }).end();
      return;
    }
    const route = routes()[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    res
      .writeHead(200, { 'content-type': route.type })
      .end(Buffer.from(route.body, route.type === 'image/png' ? 'latin1' : 'utf8'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const allowed = cliFetcher(1024 * 1024, { STORYLINE_FETCH_ALLOW_LOOPBACK: '1' });

async function collect(urls: string[], fetch = allowed, stats?: Map<string, FeedStats>): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  const onFeedStats = (url: string, s: FeedStats): void => void stats?.set(url, s);
  for await (const item of readInputs(urls, { fetch, onFeedStats })) items.push(item);
  return items;
}
const docs = (items: IngestItem[]): RawDocument[] => items.flatMap((item) => (item.ok ? [item.doc] : []));
const failures = (items: IngestItem[]) => items.flatMap((item) => (item.ok ? [] : [item]));

describe('ingest by URL', () => {
  test('a page URL is one HTML document with its URL', async () => {
    const items = await collect([`${base}/page/rivers`]);
    assert.deepEqual(failures(items), []);
    const [doc] = docs(items);
    assert.equal(docs(items).length, 1);
    assert.equal(doc.source, `${base}/page/rivers`);
    assert.equal(doc.kind, 'html');
    assert.equal(doc.meta.url, `${base}/page/rivers`);
    assert.match(doc.content, /Rivers rise at Lowmere/);
  });

  test("a feed's item pages are fetched; a lost page gives way to the item's own text or a clear failure", async () => {
    const stats = new Map<string, FeedStats>();
    const items = await collect([`${base}/feed.xml`], allowed, stats);
    const byUrl = new Map(docs(items).map((d) => [d.source, d]));
    // The bridge page, fetched, with the feed's fields as metadata; listed twice (tracking query, fragment): once.
    const bridge = byUrl.get(`${base}/page/bridge`);
    assert.ok(bridge, `documents: ${[...byUrl.keys()].join(', ')}`);
    assert.match(bridge.content, /Bridge reopens in Lowmere/);
    assert.equal(bridge.meta.title, 'Bridge reopens');
    assert.equal(bridge.meta.outlet, 'Lowmere Gazette');
    assert.equal(bridge.meta.published, '2025-03-04T09:00:00Z');
    // The ferry page answers 404; the item carries the article, so its text stands in.
    const ferry = byUrl.get(`${base}/feed.xml#2`);
    assert.ok(ferry);
    assert.match(ferry.content, /ferry strike/);
    assert.equal(ferry.meta.url, `${base}/page/ferry`);
    // The gone page answers 404 and its item is a teaser: a failure naming the page, saying both why.
    const failed = failures(items);
    assert.equal(failed.length, 1);
    assert.equal(failed[0].source, `${base}/page/gone`);
    assert.match(failed[0].error, /HTTP 404/);
    assert.match(failed[0].error, /too short to stand in/);
    assert.equal(docs(items).length, 2);
    assert.equal(
      feedStatsLine(`${base}/feed.xml`, stats.get(`${base}/feed.xml`) ?? { items: 0, documents: 0, skipped: {} }),
      `${base}/feed.xml: 4 feed items, 2 articles, 1 skipped (1 already read in this batch)`,
    );
  });

  test('a JSON Feed is read as a feed, its item page fetched', async () => {
    const items = await collect([`${base}/feed.json`]);
    assert.deepEqual(failures(items), []);
    const [doc] = docs(items);
    assert.equal(doc.source, `${base}/page/market`);
    assert.equal(doc.meta.outlet, 'Lowmere Weekly');
    assert.equal(doc.meta.published, '2025-03-05T08:00:00Z');
  });

  test("a Google News sitemap's URLs are fetched as pages with the sitemap's news fields", async () => {
    const items = await collect([`${base}/sitemap.xml`]);
    assert.deepEqual(failures(items), []);
    const [harbour, rivers] = docs(items);
    assert.equal(docs(items).length, 2);
    assert.equal(harbour.source, `${base}/page/harbour`);
    assert.deepEqual(
      { title: harbour.meta.title, outlet: harbour.meta.outlet, published: harbour.meta.published },
      { title: 'Harbour wall repaired', outlet: 'Lowmere Harbour News', published: '2025-03-06T10:30:00Z' },
    );
    assert.equal(rivers.source, `${base}/page/rivers`);
    assert.equal(rivers.meta.title, undefined, 'a plain sitemap entry gives no title');
  });

  test('pages past the per-source limit are skipped and counted, not fetched', async () => {
    const before = hits.get('/page/rivers') ?? 0;
    const stats = new Map<string, FeedStats>();
    const items: IngestItem[] = [];
    const onFeedStats = (url: string, s: FeedStats): void => void stats.set(url, s);
    const opts = { fetch: allowed, maxBytes: 1024 * 1024, maxItemsPerSource: 1, onFeedStats };
    for await (const item of readUrlInputs([`${base}/sitemap.xml`], opts)) items.push(item);
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [`${base}/page/harbour`],
    );
    assert.deepEqual(stats.get(`${base}/sitemap.xml`)?.skipped, { 'past the 1-item limit': 1 });
    assert.equal(hits.get('/page/rivers') ?? 0, before, 'the page past the limit is never requested');
  });

  test('a loopback URL is refused without the loopback permission, with an error naming it', async () => {
    const before = hits.get('/page/rivers') ?? 0;
    const items = await collect([`${base}/page/rivers`], cliFetcher(1024 * 1024, {}));
    assert.equal(docs(items).length, 0);
    const [failed] = failures(items);
    assert.equal(failed.source, `${base}/page/rivers`);
    assert.match(failed.error, /refusing to fetch http:\/\/127\.0\.0\.1:\d+\/page\/rivers/);
    assert.match(failed.error, /loopback/);
    assert.equal(hits.get('/page/rivers') ?? 0, before, 'no request reached the server');
  });

  test('the loopback permission does not open private networks', async () => {
    const items = await collect(['http://10.0.0.1/page', 'http://192.168.1.1/'], allowed);
    assert.deepEqual(
      failures(items).map((f) => /\(private\)/.test(f.error)),
      [true, true],
    );
  });

  test('the batch goes on after bad URLs, each failure naming its URL', async () => {
    const urls = [`${base}/nowhere`, 'ftp://files.example/a.txt', `${base}/image.png`, `${base}/page/harbour`];
    const items = await collect(urls);
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [`${base}/page/harbour`],
    );
    const failed = failures(items);
    assert.deepEqual(
      failed.map((f) => f.source),
      urls.slice(0, 3),
    );
    assert.match(failed[0].error, /HTTP 404/);
    assert.match(failed[1].error, /only http and https/);
    assert.match(failed[2].error, /binary content \(PNG image\)/);
  });

  test('a page reached through a redirect and by its own URL is read once, whichever comes first', async () => {
    for (const urls of [
      [`${base}/go/harbour`, `${base}/page/harbour`],
      [`${base}/page/harbour`, `${base}/go/harbour`],
    ]) {
      const items = await collect(urls);
      assert.deepEqual(
        items.map((item) => (item.ok ? item.doc.source : item.error)),
        [`${base}/page/harbour`],
        urls.join(' '),
      );
    }
  });

  test('canonical URLs drop fragments and tracking parameters, nothing else', () => {
    assert.equal(canonicalUrl('https://News.Example:443/a?utm_source=x&id=3#top'), 'https://news.example/a?id=3');
    assert.notEqual(canonicalUrl('https://news.example/a?id=3'), canonicalUrl('https://news.example/a?id=4'));
  });
});

describe('storyline ingest URL (the command)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyline-url-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  // Asynchronous, so this process's HTTP server answers the child's requests meanwhile.
  function storyline(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, [cli, ...args], { env, timeout: 120_000 }, (err, stdout, stderr) => {
        const code = err ? Number((err as NodeJS.ErrnoException & { code?: unknown }).code ?? 1) : 0;
        resolve({ code: Number.isFinite(code) ? code : 1, stdout, stderr });
      });
    });
  }
  interface IngestJson {
    ingested: number;
    failed: { path: string; error: string }[];
    articles: string[];
  }

  test('a feed URL and a page URL are ingested; the lost item page is reported; exit 1', async () => {
    const env = { ...process.env, STORYLINE_FETCH_ALLOW_LOOPBACK: '1' };
    const db = join(dir, 'a.db');
    const run = await storyline(['ingest', `${base}/feed.xml`, `${base}/page/rivers`, '--db', db, '--json'], env);
    const report = JSON.parse(run.stdout) as IngestJson;
    assert.equal(report.ingested, 3, run.stderr);
    assert.deepEqual(
      report.failed.map((f) => f.path),
      [`${base}/page/gone`],
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /feed\.xml: 4 feed items, 2 articles/);
  });

  test('without the permission a loopback URL fails by name, and the files given beside it still go in', async () => {
    const env = { ...process.env };
    delete env.STORYLINE_FETCH_ALLOW_LOOPBACK;
    const db = join(dir, 'b.db');
    const page = join(projectRoot, 'examples');
    const run = await storyline(['ingest', `${base}/page/rivers`, page, '--db', db, '--json'], env);
    const report = JSON.parse(run.stdout) as IngestJson;
    assert.equal(run.code, 1);
    assert.deepEqual(
      report.failed.map((f) => f.path),
      [`${base}/page/rivers`],
    );
    assert.match(report.failed[0].error, /loopback.*public addresses only/);
    assert.ok(report.ingested > 0, 'the folder beside the URL was ingested');
  });
});
