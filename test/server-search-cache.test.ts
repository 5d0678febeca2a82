// The search page's speed work kept what search does: snippets made for the page shown belong to their own article
// at every offset, a cached search page is the page itself and is renewed by an ingest, and the entity and story
// indexes share one load of the stories. Fictional articles only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { EntityIndex } from '../src/server/entity-index.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { StoryCorpus } from '../src/server/story-corpus.js';
import { StoryIndex } from '../src/server/story-index.js';
import { prepareIndexedSearch } from '../src/server/indexed-search.js';
import { prepareSqliteSearch } from '../src/store/sqlite/search.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { type FixtureRecord, findingRecords, ingestRecords, SEARCH_DEADLINE_MS } from './finding-fixtures.js';

/** Ferry articles, each with a call sign of its own beside the word searched for. */
function signedArticles(count: number): FixtureRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `Lighthouse keepers of Corran Reach, account ${i + 1}`,
    text: [
      `The lighthouse keepers of Corran Reach logged the beacon callsign${i + 1} at dusk on ${1 + (i % 20)} May.`,
      `A relief boat brought oil and bread to the tower, as it does every ${i + 2} days.`,
    ].join('\n\n'),
    published: `2026-05-${String(1 + (i % 20)).padStart(2, '0')}`,
    outlet: i % 2 === 0 ? 'Reach Courier' : 'Tower Gazette',
    url: `https://news.example/corran/${i + 1}`,
  }));
}

describe('search: the same results, made faster', () => {
  let dir: string;
  let store: Store;
  let server: RunningServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-search-cache-'));
    store = await openStore(join(dir, 'search.db'));
    server = await startServer({ store, port: 0, workers: 1, searchDeadlineMs: SEARCH_DEADLINE_MS });
    await ingestRecords(server.url, [...findingRecords(), ...signedArticles(45)]);
  });

  after(async () => {
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a page of hits is the ranking cut at its offset, each snippet taken from its own article', async () => {
    const db = new Database(join(dir, 'search.db'), { readonly: true });
    try {
      const search = prepareSqliteSearch(db, { interruptible: true });
      const whole = search('beacon', 45);
      assert.equal(whole.length, 45);
      for (const offset of [0, 10, 30, 44]) {
        assert.deepEqual(search('beacon', 10, {}, offset), whole.slice(offset, offset + 10), `offset ${offset}`);
      }
      const titles = new Map((await store.getArticleSummaries(whole.map((h) => h.id))).map((a) => [a.id, a.title]));
      for (const hit of whole) {
        const n = titles.get(hit.id)?.match(/account (\d+)$/)?.[1];
        assert.ok(n, `the hit ${hit.id} is a fixture article`);
        assert.ok(hit.snippet.includes(`callsign${n} `), `${hit.snippet} is from account ${n}`);
        assert.ok(hit.snippet.includes('[beacon]'), 'the match is marked');
      }
    } finally {
      db.close();
    }
  });

  test("the workers' in-memory index ranks as the store's full-text index, and catches up with new articles", async () => {
    const db = new Database(join(dir, 'search.db'), { readonly: true });
    try {
      const store = prepareSqliteSearch(db);
      const indexed = prepareIndexedSearch(db);
      assert.equal(indexed.current(), false, 'nothing indexed yet');
      while (indexed.step(50));
      assert.ok(indexed.current() && indexed.size > 45, `${indexed.size} articles indexed`);
      const filters = [{}, { outlet: 'Reach Courier' }, { from: '2026-05-05', to: '2026-05-09' }, { language: 'fr' }];
      for (const query of [
        'beacon',
        'lighthouse keepers',
        'ferry strike',
        'Quillon',
        'grève',
        'oil bread',
        'nothing-such',
      ]) {
        for (const filter of filters) {
          const want = store(query, 200, filter).map((h) => h.id);
          const got = indexed.search(query, 200, filter).map((h) => h.id);
          assert.deepEqual(got, want, `${query} ${JSON.stringify(filter)}: the same hits in the same order`);
        }
      }
      assert.deepEqual(
        indexed.search('beacon', 10, {}, 20).map((h) => h.id),
        store('beacon', 10, {}, 20).map((h) => h.id),
        'a page is the ranking cut at its offset',
      );
      for (const hit of indexed.search('beacon', 45)) {
        const n = hit.title?.match(/account (\d+)$/)?.[1];
        assert.ok(n, `the hit ${hit.id} is a fixture article`);
        // The snippet is the sentence with the word, from the hit's own text.
        assert.match(
          hit.snippet,
          new RegExp(`^The lighthouse keepers of Corran Reach logged the \\[beacon\\] callsign${n} at dusk`),
        );
      }
      const [title] = indexed.search('account', 1);
      assert.match(title?.snippet ?? '', /\[account\]/, 'a word in the title only: the title, marked');
      await ingestRecords(server.url, [
        {
          title: 'Corran Reach foghorn sounded for the last time',
          text: 'The old foghorn of Corran Reach sounded for the last time before the lighthouse keepers switched it off.',
          published: '2026-05-21',
          outlet: 'Tower Gazette',
          url: 'https://news.example/corran/foghorn',
        },
      ]);
      assert.equal(indexed.current(), false, 'a new article in the store: the index is behind');
      while (indexed.step(50));
      assert.equal(indexed.search('foghorn', 5).length, 1, 'caught up');
    } finally {
      db.close();
    }
  });

  test('a cached search page is the same page, per query, offset and filter, and an ingest renews it', async () => {
    const page = async (path: string) => (await fetch(server.url + path)).text();
    const first = await page('/search?q=lighthouse');
    assert.equal(await page('/search?q=lighthouse'), first, 'asked again: the same page');
    const second = await page('/search?q=lighthouse&offset=30');
    assert.notEqual(second, first, 'another offset is another page');
    assert.ok(second.includes('callsign'), 'and holds hits');
    const courier = await page(`/search?q=lighthouse&outlet=${encodeURIComponent('Reach Courier')}`);
    // The filter form names every outlet: the hits are what differ.
    const gazette = (html: string) => html.split('Tower Gazette').length;
    assert.ok(gazette(courier) < gazette(first), 'another filter is another page');
    assert.ok(!first.includes('Saltwind'), 'no such keeper yet');
    await ingestRecords(server.url, [
      {
        title: 'Keeper Ilsa Saltwind retires from the Corran Reach lighthouse',
        text: 'The lighthouse keeper Ilsa Saltwind handed over the beacon after thirty winters on the rock.',
        published: '2026-05-28',
        outlet: 'Reach Courier',
        url: 'https://news.example/corran/saltwind',
      },
    ]);
    assert.ok(
      (await page('/search?q=lighthouse')).includes('Saltwind'),
      'after an ingest the page has the new article',
    );
  });

  test('the entity and story indexes load each story once between them, and again only when stories change', async () => {
    let loads = 0;
    let listings = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (prop === 'listStories') listings++;
        if (prop === 'getStory' && typeof value === 'function') {
          return (id: string) => {
            loads++;
            return (value as Store['getStory']).call(target, id);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const corpus = new StoryCorpus(counting, 0); // checks the stories on every call: the stamp alone decides
    const entities = new EntityIndex(corpus);
    const stories = new StoryIndex(counting, corpus);
    const count = await store.countStories();
    assert.ok(count > 1, `${count} stories`);
    const [found, storyHits] = await Promise.all([
      entities.find('Quillon'),
      stories.search('ferry', {}, { limit: 5, offset: 0 }),
    ]);
    assert.ok(found.length > 0 && storyHits.total > 0, 'both indexes answer');
    assert.equal(loads, count, 'one load of every story for both indexes');
    const listed = listings;
    await entities.find('Wrenfield');
    await stories.facets();
    assert.equal(loads, count, 'unchanged stories are not loaded again');
    assert.equal(listings, listed, 'nor listed: the stories stamp says they are unchanged');
    stories.invalidate();
    await entities.find('Quillon');
    assert.equal(loads, 2 * count, 'after an ingest (invalidate), one more load for both');
  });
});
