// Finding things through the API and the pages: search paging, story search, the outlet / date / language filters,
// unknown parameters and wrong methods, and the one shape of `published` and `source`. Fictional articles only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sourceLabeler } from '../src/ingest/source-label.js';
import type { Story } from '../src/model.js';
import { displaySource } from '../src/server/present.js';
import { isoDate, precisionOf } from '../src/text/days.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { compareStories, passes } from '../src/server/story-index.js';
import { openStore } from '../src/store/open.js';
import type { Store, StorySummary } from '../src/store/store.js';
import { SEARCH_PAGE_HITS } from '../src/server/settings.js';
import { findingRecords, ingestRecords, SEARCH_DEADLINE_MS } from './finding-fixtures.js';

/** The article ids a search page lists, in order. */
function hitIdsOf(page: string): string[] {
  const list = page.match(/<ol class="hits"[^>]*>([\s\S]*?)<\/ol>/)?.[1] ?? '';
  return [...list.matchAll(/href="\/articles\/([^"]+)"/g)].map((m) => m[1] as string);
}

/** An attribute value as the browser reads it (the pages escape `&` as `&#38;`). */
function unescape(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies in tests are checked field by field
type Json = any;

describe('published and source in one shape (pure)', () => {
  test('isoDate writes date-times in full ISO 8601 and leaves dates as they are', () => {
    assert.equal(isoDate('2025-03-09 09:00'), '2025-03-09T09:00:00');
    assert.equal(isoDate('2025-03-09T09:00+0100'), '2025-03-09T09:00:00+01:00');
    assert.equal(isoDate('2025-03-09T09:00:05z'), '2025-03-09T09:00:05Z');
    assert.equal(isoDate('2025-03-03'), '2025-03-03');
    assert.equal(isoDate('2025-03'), '2025-03');
    assert.deepEqual(['2025', '2025-03', '2025-03-03', '2025-03-03T10:00:00Z'].map(precisionOf), [
      'year',
      'month',
      'day',
      'time',
    ]);
  });

  test('sources are relative to what was given, never absolute paths of the reading machine', () => {
    const label = sourceLabeler(['/data/eval/t17', '/home/me/news/', 'relative/dir', '/srv/one.jsonl'], '/home/me');
    assert.equal(
      label('/data/eval/t17/bpoil/a.txt'),
      't17/bpoil/a.txt',
      'outside the working folder: from the folder given',
    );
    assert.equal(label('/home/me/news/2026/03/x.html'), 'news/2026/03/x.html', 'inside it: relative to it');
    assert.equal(label('relative/dir/b.txt'), 'relative/dir/b.txt', 'a relative input is kept as given');
    assert.equal(label('/srv/one.jsonl#L12'), 'one.jsonl#L12', 'a file given itself, with its line');
    assert.equal(label('https://news.example/a'), 'https://news.example/a');
    assert.equal(
      label('/data/eval/t17x/a.txt'),
      '/data/eval/t17x/a.txt',
      'a sibling with the same prefix is not under it',
    );
    assert.equal(displaySource('/var/lib/archive/t17/a.txt', '/home/me'), 't17/a.txt');
    assert.equal(displaySource('/home/me/news/a.txt', '/home/me'), 'news/a.txt');
    assert.equal(displaySource('upload:a.txt', '/home/me'), 'upload:a.txt');
  });

  test('the story filter: outlet and language by membership, dates by overlap with the story span', () => {
    const summary: StorySummary = {
      id: 's',
      title: 't',
      version: 1,
      updated: '2026-01-01T00:00:00Z',
      articles: 2,
      firstPublished: '2026-03-02',
      lastPublished: '2026-03-20T10:00:00Z',
    };
    const entry = { summary, outlets: new Set(['A']), languages: new Set(['en']) };
    assert.ok(passes(entry, { outlet: 'A', language: 'en', from: '2026-03-20', to: '2026-03-20' }));
    assert.ok(!passes(entry, { outlet: 'B' }));
    assert.ok(!passes(entry, { language: 'fr' }));
    assert.ok(!passes(entry, { from: '2026-03-21' }), 'ends before the range');
    assert.ok(!passes(entry, { to: '2026-03-01' }), 'starts after the range');
    const { firstPublished: _f, lastPublished: _l, ...undated } = summary;
    assert.ok(!passes({ ...entry, summary: undated }, { from: '2026-01-01' }), 'an undated story is in no range');
    const a = { ...summary, id: 'a', articles: 5, lastPublished: '2026-03-01' };
    const b = { ...summary, id: 'b', articles: 1, lastPublished: '2026-04-01' };
    assert.deepEqual(
      [a, b].sort(compareStories('recent')).map((s) => s.id),
      ['b', 'a'],
    );
    assert.deepEqual(
      [b, a].sort(compareStories('size')).map((s) => s.id),
      ['a', 'b'],
    );
  });
});

describe('finding things on a running server', () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;
  const stories = new Map<string, Story>();

  async function get(path: string): Promise<{ status: number; body: Json; headers: Headers }> {
    const res = await fetch(server.url + path);
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      headers: res.headers,
      body: type.includes('json') ? await res.json() : await res.text(),
    };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-finding-'));
    store = await openStore(join(dir, 'finding.db'));
    server = await startServer({ store, port: 0, workers: 1, searchDeadlineMs: SEARCH_DEADLINE_MS });
    await ingestRecords(server.url, findingRecords());
    const list = await get('/api/stories?limit=100');
    for (const s of list.body.stories) stories.set(s.id, (await get(`/api/stories/${encodeURIComponent(s.id)}`)).body);
  });

  after(async () => {
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('search pages with offset: pages follow each other without overlap, `next` until the end', async () => {
    const whole = await get('/api/search?q=ferry&limit=40');
    assert.equal(whole.status, 200);
    assert.ok(whole.body.hits.length > 30, `${whole.body.hits.length} hits`);
    const ids: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const page = await get(`/api/search?q=ferry&limit=15&offset=${offset}`);
      assert.equal(page.status, 200);
      ids.push(...page.body.hits.map((h: { id: string }) => h.id));
      offset = page.body.next;
      assert.ok(ids.length <= whole.body.hits.length, 'paging ends');
    }
    assert.deepEqual(
      ids,
      whole.body.hits.map((h: { id: string }) => h.id),
      'the pages are the one ranking, cut',
    );
  });

  test('search filters: outlet, language and date range narrow the hits', async () => {
    const bayside = await get(`/api/search?q=ferry&limit=40&outlet=${encodeURIComponent('Bayside Ledger')}`);
    assert.ok(bayside.body.hits.length > 0);
    assert.ok(bayside.body.hits.every((h: { outlet: string }) => h.outlet === 'Bayside Ledger'));
    assert.equal(bayside.body.outlet, 'Bayside Ledger', 'the filter is echoed');
    const french = await get('/api/search?q=lumen&limit=40&language=fr');
    assert.ok(french.body.hits.length > 0);
    assert.ok(french.body.hits.every((h: { language: string }) => h.language === 'fr'));
    const range = await get('/api/search?q=ferry&limit=40&from=2026-03-05&to=2026-03-07');
    assert.ok(range.body.hits.length > 0);
    for (const h of range.body.hits) assert.ok(h.published >= '2026-03-05' && h.published <= '2026-03-07', h.published);
  });

  test('published is ISO 8601 with its precision beside it; a time of day stays a time', async () => {
    const hits = (await get('/api/search?q=orvale&limit=10')).body.hits;
    const early = hits.find((h: { title: string }) => /starts early/.test(h.title));
    assert.equal(early.published, '2026-09-07T08:30:00+02:00');
    assert.equal(early.publishedPrecision, 'time');
    const pressed = hits.find((h: { title: string }) => /first barrels/.test(h.title));
    assert.deepEqual([pressed.published, pressed.publishedPrecision], ['2026-09-11', 'day']);
    for (const story of stories.values()) {
      for (const a of story.articles as Json[]) if (a.published) assert.ok(a.publishedPrecision, a.id);
    }
  });

  test('the people and places found beside the articles pass the same filters', async () => {
    const names = async (query: string) =>
      ((await get(`/api/search?q=${query}`)).body.entities as { name: string; mentions: number }[]).map((e) => e.name);
    assert.ok(
      (await names('quillon')).some((n) => /Quillon/.test(n)),
      'the union organiser, unfiltered',
    );
    assert.ok(
      (await names('quill')).some((n) => /Quillon/.test(n)),
      'a word begun is enough',
    );
    assert.deepEqual(await names('quillon&from=2026-09-01'), [], 'the ferry stories end before September');
    assert.deepEqual(await names(`quillon&outlet=${encodeURIComponent('Valley Gazette')}`), [], 'not in that outlet');
    assert.ok((await names(`brannock&outlet=${encodeURIComponent('Valley Gazette')}`)).some((n) => /Brannock/.test(n)));
    const page = (await get('/search?q=quillon&from=2026-09-01')).body as string;
    assert.doesNotMatch(page, /id="ent-h"/, 'the search page lists none either');
  });

  test('story list items give each date its precision', async () => {
    const list = (await get('/api/stories?limit=100')).body.stories as Json[];
    assert.ok(list.length > 0);
    for (const s of list) {
      for (const key of ['firstPublished', 'lastPublished']) {
        if (s[key] === undefined) continue;
        const expected = /T/.test(s[key]) ? 'time' : /^\d{4}-\d{2}-\d{2}$/.test(s[key]) ? 'day' : undefined;
        assert.equal(s[`${key}Precision`], expected, `${s.title}: ${key} ${s[key]}`);
      }
    }
    const harvest = list.find((s) => /Orvale/.test(s.title));
    assert.ok(harvest, 'the harvest story');
    assert.deepEqual(
      [harvest.firstPublishedPrecision, harvest.lastPublishedPrecision],
      ['time', 'day'],
      'its first article has a time of day, its last a day',
    );
  });

  test('story search finds stories by title, summary and entities, with the filters', async () => {
    const harvest = await get('/api/search/stories?q=orvale');
    assert.equal(harvest.status, 200);
    assert.ok(harvest.body.hits.length >= 1);
    assert.match(harvest.body.hits[0].title, /Orvale/i);
    const byPerson = await get('/api/search/stories?q=marta%20quillon');
    assert.ok(byPerson.body.hits.length >= 1);
    for (const hit of byPerson.body.hits) assert.ok(hit.matched.length > 0);
    assert.ok(byPerson.body.hits.every((h: { title: string }) => !/Orvale/.test(h.title)));
    const none = await get('/api/search/stories?q=quillon&from=2026-09-01');
    assert.deepEqual(none.body.hits, [], 'the ferry stories end before September');
    const paged = await get('/api/search/stories?q=quillon&limit=1');
    assert.equal(paged.body.hits.length, 1);
    if (paged.body.total > 1) assert.equal(paged.body.next, 1);
  });

  test('the story list filters by outlet, language and date range: exactly the stories that qualify', async () => {
    const cases: [string, (s: Story) => boolean][] = [
      [`outlet=${encodeURIComponent('Valley Gazette')}`, (s) => s.articles.some((a) => a.outlet === 'Valley Gazette')],
      [
        `outlet=${encodeURIComponent('Le Courrier de Valmont')}`,
        (s) => s.articles.some((a) => a.outlet === 'Le Courrier de Valmont'),
      ],
      ['from=2026-09-01', (s) => s.articles.some((a) => (a.published ?? '') >= '2026-09-01')],
      [
        'to=2026-03-03',
        (s) => s.articles.some((a) => a.published !== undefined && a.published.slice(0, 10) <= '2026-03-03'),
      ],
    ];
    for (const [query, qualifies] of cases) {
      const res = await get(`/api/stories?limit=100&${query}`);
      assert.equal(res.status, 200, query);
      const expected = [...stories.values()]
        .filter(qualifies)
        .map((s) => s.id)
        .sort();
      assert.ok(expected.length > 0, `${query}: the fixtures have such stories`);
      assert.deepEqual(res.body.stories.map((s: { id: string }) => s.id).sort(), expected, query);
      assert.equal(res.body.total, expected.length, query);
    }
    const french = await get('/api/stories?limit=100&language=fr');
    assert.ok(
      french.body.total >= 1 && french.body.total < stories.size,
      'some stories, not all, have French articles',
    );
  });

  test('unknown parameters and bad values are 400 naming them; wrong methods are 405 with Allow', async () => {
    const page = await get('/api/stories?page=2');
    assert.equal(page.status, 400);
    assert.equal(page.body.code, 'unknown_parameter');
    assert.match(page.body.error, /"page".*offset/);
    for (const query of ['from=2026-02-30', 'from=yesterday', 'from=2026-03-09&to=2026-03-01', 'language=French']) {
      const bad = await get(`/api/stories?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.body.code, 'invalid_parameter', query);
    }
    const webPage = await get('/?page=2');
    assert.equal(webPage.status, 400);
    assert.match(webPage.body, /unknown query parameter/);
    const del = await fetch(`${server.url}/api/stories`, { method: 'DELETE' });
    assert.equal(del.status, 405);
    assert.equal(del.headers.get('allow'), 'GET, HEAD');
    assert.equal(((await del.json()) as Json).code, 'method_not_allowed');
    const getIngest = await get('/api/ingest');
    assert.equal(getIngest.status, 405);
    assert.equal(getIngest.headers.get('allow'), 'POST');
    const postFront = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(postFront.status, 405, 'a page too');
    assert.match(postFront.headers.get('content-type') ?? '', /text\/html/);
    const nothing = await get('/api/nothing-here');
    assert.equal(nothing.status, 404, 'a path that does not exist at all stays 404');
  });

  test('the pages keep the filters in every link, and search pages on with a "more" link', async () => {
    const front = await get(`/?sort=size&outlet=${encodeURIComponent('Valley Gazette')}`);
    assert.equal(front.status, 200);
    assert.match(front.body, /<option value="Valley Gazette" selected>/);
    const hrefs = [...(front.body as string).matchAll(/href="([^"]*)"/g)].map((m) => unescape(m[1] as string));
    assert.ok(hrefs.includes('/?sort=recent&outlet=Valley+Gazette'), 'sort links keep the filter');
    const harvestOnly = [...stories.values()].filter((s) => s.articles.some((a) => a.outlet === 'Valley Gazette'));
    for (const s of stories.values()) {
      assert.equal(front.body.includes(`data-story="${s.id}"`), harvestOnly.includes(s), s.title);
    }
    const first = await get('/search?q=ferry&outlet=&language=en');
    assert.equal(first.status, 200);
    const more = (first.body as string).match(/class="more-articles" href="([^"]+)"/);
    assert.ok(more, 'a "more" link after a full page');
    // Page on to the end: each page starts where the last stopped, keeps the filter, and the last has no "more".
    const seen = new Set(hitIdsOf(first.body as string));
    assert.equal(seen.size, SEARCH_PAGE_HITS, 'a full first page');
    let link: string | undefined = unescape(more[1] as string);
    for (let page = 1; link !== undefined; page++) {
      assert.ok(page < 10, 'the paging ends');
      assert.match(link, new RegExp(`offset=${page * SEARCH_PAGE_HITS}(?:&|$)`));
      assert.match(link, /language=en/, 'the filter rides along');
      const next = await get(link);
      assert.equal(next.status, 200);
      assert.match(next.body, new RegExp(`<ol class="hits" start="${page * SEARCH_PAGE_HITS + 1}">`));
      for (const id of hitIdsOf(next.body as string)) {
        assert.ok(!seen.has(id), `${id} on two pages`);
        seen.add(id);
      }
      const on = (next.body as string).match(/class="more-articles" href="([^"]+)"/);
      link = on ? unescape(on[1] as string) : undefined;
    }
    assert.ok(seen.size > SEARCH_PAGE_HITS, 'more than one page of hits');
    assert.match(
      first.body,
      /<h2 id="stories-h">Stories<\/h2>\s*<ol class="story-hits"/,
      'story hits above the articles',
    );
  });
});
