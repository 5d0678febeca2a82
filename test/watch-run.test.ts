// The watch loop in-process, over a real SQLite store and a fetch answered from memory: which items it marks seen
// (a page that failed for a passing reason is tried again, one that failed for good is not), and what a stop in the
// middle of a poll leaves (the items saved are kept, the validators are not, so the source is read again in full).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BaseFetch, PoliteFetcher } from '../src/fetch/polite.js';
import { type Fetched, FetchRefused } from '../src/fetch/safe-fetch.js';
import { runWatch } from '../src/pipeline/watch.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ARTICLES, gazetteRss, pageHtml } from './watch-fixtures.js';

const BASE = 'https://gazette.example';
const FEED = `${BASE}/rss.xml`;

describe('the watch loop', () => {
  let dir: string;
  let store: Store;
  const requests: string[] = [];
  let etag = '"1"';
  let items = [ARTICLES.cracks, ARTICLES.pumps, ARTICLES.repairs];
  /** Paths answered 503 (a failure that may pass) or 404 (one that will not). */
  const failing = new Map<string, number>([
    [ARTICLES.pumps.path, 503],
    [ARTICLES.repairs.path, 404],
  ]);
  let onPage: (path: string) => void = () => undefined;

  const fetch: BaseFetch = async (url, opts) => {
    const path = new URL(url).pathname;
    requests.push(path);
    const fetched = (type: string, body: string): Fetched => ({ url, contentType: type, bytes: Buffer.from(body) });
    if (path === '/robots.txt') throw new FetchRefused('not here', 502, { status: 404 });
    if (path === '/rss.xml') {
      if (opts.conditional?.etag === etag) return { ...fetched('application/rss+xml', ''), notModified: true, etag };
      return { ...fetched('application/rss+xml', gazetteRss(BASE, items)), etag };
    }
    const status = failing.get(path);
    if (status) throw new FetchRefused(`${url} answered HTTP ${status}`, 502, { status });
    const article = Object.values(ARTICLES).find((a) => a.path === path);
    if (!article) throw new FetchRefused(`${url} answered HTTP 404`, 502, { status: 404 });
    onPage(path);
    return fetched('text/html', pageHtml(article));
  };

  const watchOnce = (signal?: AbortSignal) =>
    runWatch({
      store,
      sources: [FEED],
      everyMs: 1,
      polls: 1,
      fetcher: new PoliteFetcher({
        fetch,
        hostGapMs: 0,
        retry: { retries: 0, baseMs: 1, maxMs: 1, retryAfterMaxMs: 1 },
      }),
      read: { maxBytes: 1024 * 1024 },
      pipeline: { workers: 1 },
      log: () => undefined,
      ...(signal ? { signal } : {}),
    });
  const pages = () => requests.filter((p) => p.startsWith('/news/'));
  const feedRequests = () => requests.filter((p) => p !== '/robots.txt' && !p.startsWith('/news/'));
  const seen = async () =>
    [...(await store.getWatchSeen(Object.values(ARTICLES).map((a) => `${BASE}${a.path}`)))].sort();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyline-watch-run-'));
    store = await openStore(join(dir, 'w.db'));
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a page that failed for a passing reason is tried again; one that failed for good is not', async () => {
    const first = await watchOnce();
    assert.deepEqual([first.newItems, first.ingested, first.failed], [3, 1, 2]);
    assert.deepEqual(await seen(), [`${BASE}${ARTICLES.cracks.path}`, `${BASE}${ARTICLES.repairs.path}`]);
    assert.equal((await store.getWatchSources([FEED])).get(FEED)?.etag, '"1"');

    // The feed changes; the 503 page now answers.
    etag = '"2"';
    failing.delete(ARTICLES.pumps.path);
    requests.length = 0;
    const second = await watchOnce();
    assert.deepEqual([second.newItems, second.ingested, second.failed], [1, 1, 0]);
    assert.deepEqual(pages(), [ARTICLES.pumps.path]);

    // Unchanged: one conditional request, answered 304, nothing else.
    requests.length = 0;
    const third = await watchOnce();
    assert.equal(third.notModified, 1);
    assert.deepEqual(feedRequests(), ['/rss.xml']);
  });

  test('stopped in the middle of a poll: the items saved stay seen, the validators are not written', async () => {
    etag = '"3"';
    items = [ARTICLES.return, ARTICLES.evacuation, ...items];
    const stop = new AbortController();
    onPage = (path) => {
      if (path === ARTICLES.return.path) stop.abort();
    };
    requests.length = 0;
    const cut = await watchOnce(stop.signal);
    onPage = () => undefined;
    assert.deepEqual(pages(), [ARTICLES.return.path], 'stopped after the item under way');
    assert.equal(cut.ingested, 1);
    assert.equal((await store.getWatchSources([FEED])).get(FEED)?.etag, '"2"', 'the old validators stay');

    requests.length = 0;
    const resumed = await watchOnce();
    assert.deepEqual(feedRequests(), ['/rss.xml']);
    assert.deepEqual(pages(), [ARTICLES.evacuation.path], 'the page saved before the stop is not fetched again');
    assert.equal(resumed.ingested, 1);
    assert.equal((await store.getWatchSources([FEED])).get(FEED)?.etag, '"3"');
  });
});
