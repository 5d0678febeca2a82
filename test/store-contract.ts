// Behaviour every Store implementation must share, run by test/store-sqlite.test.ts and test/store-postgres.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterDocFrom } from '../src/cluster/features.js';
import { type ClusterStateChanges, StreamClusterer } from '../src/cluster/stream.js';
import type { Analysis, Article, Story } from '../src/model.js';
import { rebuildStories, refreshStories } from '../src/pipeline/index.js';
import type { ArticleToSave, ClusterPostingRow, SaveResult, Store } from '../src/store/store.js';
import { copy, original, sharer } from './dedup-fixtures.js';

/** A store under test: the interface plus the lookup ingest uses to skip sources it has read. */
export type ContractStore = Store & { findBySource(source: string): Promise<string | undefined> };

export function makeArticle(id: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  return {
    id,
    source: `/corpus/${id}.html`,
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
    ...extra,
  };
}

/**
 * Clustering state as a real clusterer leaves it: a few fictional dated articles of two stories, drained. For the
 * migration tests, which write it as an older version stored it and check what the upgrade fills in.
 */
export function clusteredState(): ClusterStateChanges {
  const c = new StreamClusterer();
  const texts = [
    [
      'm1',
      '2021-04-02',
      'Floods hit the fictional town of Marnesse as the river Olt rose two metres, mayor Ida Venn said.',
    ],
    ['m2', '2021-04-03', 'In Marnesse the Olt flood forced 300 families out; Ida Venn asked the region for pumps.'],
    ['m3', '2021-04-09', 'The Olt fell back in Marnesse a week after the flood, and Ida Venn counted the damage.'],
    [
      'm4',
      '2021-06-20',
      'The Carvel Cup final in fictional Tessaly ended 2-1 after extra time, coach Rui Amaral said.',
    ],
  ] as const;
  for (const [id, day, text] of texts)
    c.add(clusterDocFrom(makeArticle(id, [text], { published: { value: day, precision: 'day', from: 'sidecar' } })));
  return c.drain();
}

/** After an upgrade: the stored postings carry the weights and spans the clusterer wrote (weights to 1e-12). */
export function assertUpgradedPostings(state: ClusterStateChanges, loaded: readonly ClusterPostingRow[]): void {
  const key = (p: { term: string; story: string }) => `${p.term}\t${p.story}`;
  const got = new Map(loaded.map((p) => [key(p), p] as const));
  assert.equal(got.size, state.postingsAdded.length);
  for (const want of state.postingsAdded) {
    const p = got.get(key(want));
    assert.ok(p, `posting ${key(want)} kept`);
    assert.ok(want.weight > 0 && Math.abs(p.weight - want.weight) <= 1e-12 * want.weight, `weight of ${key(want)}`);
    assert.ok(want.firstDay !== undefined, 'the fixture stories are dated');
    assert.deepEqual([p.firstDay, p.lastDay], [want.firstDay, want.lastDay], `span of ${key(want)}`);
  }
}

export function makeAnalysis(article: string, entityName: string): Analysis {
  return {
    article,
    sentences: [{ start: 0, end: 10, eventDate: '2015-09-27' }],
    entities: [{ key: `PERSON:${entityName.toLowerCase()}`, name: entityName, type: 'PERSON', aliases: [] }],
    mentions: [{ start: 0, end: entityName.length, text: entityName, entity: `PERSON:${entityName.toLowerCase()}` }],
    timexes: [],
    quotes: [],
  };
}

function makeStory(id: string, articles: { id: string; published?: string }[], version = 1): Story {
  return {
    id,
    title: `Story ${id}`,
    version,
    updated: `2015-11-0${version}T00:00:00.000Z`,
    summary: [{ text: `About ${id}.`, citations: [] }],
    timeline: [],
    articles,
    events: [],
    sharedPassages: [],
    entities: [],
    quotes: [],
  };
}

/**
 * Registers the shared tests. `makeStore` gives a new, empty store each time it is called; `skip` (a reason)
 * skips them all, e.g. when no server is configured.
 */
export function storeContract(name: string, makeStore: () => Promise<ContractStore>, skip: false | string = false) {
  const contractTest = (title: string, body: () => Promise<void>) => test(`${name}: ${title}`, { skip }, body);

  contractTest("the watcher's state: a source's validators and schedule, and the items it handled", async () => {
    const store = await makeStore();
    const feed = 'https://news.example/feed.xml';
    assert.deepEqual(await store.getWatchSources([feed]), new Map());
    await store.saveWatchPoll({
      source: {
        url: feed,
        etag: '"v1"',
        lastPoll: '2026-12-01T10:00:00.000Z',
        nextDue: '2026-12-01T10:15:00.000Z',
        failures: 0,
      },
      seen: ['https://news.example/a', 'https://news.example/b'],
      from: feed,
    });
    assert.deepEqual((await store.getWatchSources([feed, 'https://other.example/']))?.get(feed), {
      url: feed,
      etag: '"v1"',
      lastPoll: '2026-12-01T10:00:00.000Z',
      nextDue: '2026-12-01T10:15:00.000Z',
      failures: 0,
    });
    // A later poll replaces the state (the ETag gone, Last-Modified now) and adds items; a key seen twice stays once.
    await store.saveWatchPoll({
      source: { url: feed, lastModified: 'Tue, 01 Dec 2026 10:20:00 GMT', failures: 2 },
      seen: ['https://news.example/b', 'https://news.example/c'],
      from: feed,
    });
    assert.deepEqual((await store.getWatchSources([feed])).get(feed), {
      url: feed,
      lastModified: 'Tue, 01 Dec 2026 10:20:00 GMT',
      failures: 2,
    });
    // Seen items alone (no state) are written too: what the watcher does as each item's article is saved.
    await store.saveWatchPoll({ seen: ['https://news.example/d'], from: feed });
    assert.deepEqual(
      [
        ...(await store.getWatchSeen([
          'https://news.example/a',
          'https://news.example/c',
          'https://news.example/d',
          'https://news.example/e',
        ])),
      ].sort(),
      ['https://news.example/a', 'https://news.example/c', 'https://news.example/d'],
    );
    await store.close();
  });

  contractTest('an article keeps its warnings; one without warnings has none', async () => {
    const store = await makeStore();
    const warned = makeArticle('w1', ['Cut here.'], { warnings: ['text cut at 2 MB (was 5.0 MB)'] });
    await store.saveArticle(warned);
    await store.saveArticle(makeArticle('w2', ['Nothing to say.']));
    assert.deepEqual((await store.getArticle('w1'))?.warnings, ['text cut at 2 MB (was 5.0 MB)']);
    assert.equal((await store.getArticle('w2'))?.warnings, undefined);
    await store.close();
  });

  contractTest('withStoryLock runs one holder at a time, and a holder that throws releases the lock', async () => {
    const store = await makeStore();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const holder = (n: number) =>
      store.withStoryLock(async () => {
        inside++;
        most = Math.max(most, inside);
        await new Promise((wake) => setTimeout(wake, 5));
        order.push(n);
        inside--;
        if (n === 1) throw new Error('holder 1 failed');
        return n;
      });
    const results = await Promise.allSettled([holder(0), holder(1), holder(2), holder(3)]);
    assert.equal(most, 1, 'two holders were inside at once');
    assert.deepEqual(order.sort(), [0, 1, 2, 3]);
    assert.equal(results[1]?.status, 'rejected');
    assert.deepEqual(
      results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value),
      [0, 2, 3],
    );
    await store.close();
  });

  contractTest('getArticle returns the article exactly as saved', async () => {
    const store = await makeStore();
    const full: Article = makeArticle(
      'u1',
      ['Le Drian a déclaré : « Nous frapperons Daech. »', 'ادامه — 東京 🚀 naïve'],
      {
        url: 'https://example.org/fr/article?id=1&x=é',
        outlet: 'RFI',
        title: 'La France frappe « Daech » en Syrie',
        byline: 'Zoë Ō’Brien',
        published: { value: '2015-09-27T10:30+02:00', precision: 'time', from: 'html-meta' },
        dateline: 'PARIS:',
        language: 'fr',
        removed: [
          { text: 'Partager sur Facebook', reason: 'share' },
          { text: '© 2015 RFI', reason: 'copyright' },
        ],
      },
    );
    const bare = makeArticle('u2', ['Only text.'], { language: 'und' });
    assert.deepEqual(await store.saveArticle(full), { id: 'u1', created: true });
    await store.saveArticle(bare);

    assert.deepStrictEqual(await store.getArticle('u1'), full);
    // Absent optional fields come back absent, not as keys holding undefined or null.
    const bareBack = await store.getArticle('u2');
    assert.deepStrictEqual(bareBack, bare);
    assert.deepEqual(Object.keys(bareBack ?? {}).sort(), ['id', 'language', 'paragraphs', 'removed', 'source', 'text']);
    assert.equal(await store.getArticle('missing'), undefined);
    assert.equal(await store.getAnalysis('missing'), undefined);
    assert.deepEqual(await store.getSources('missing'), []);
    await store.close();
  });

  contractTest(
    'saving the same article again keeps the first copy, adds the source, replaces the analysis',
    async () => {
      const store = await makeStore();
      const first = makeArticle('same', ['Same clean text.'], { title: 'First title', source: 'a.html' });
      const again = { ...first, title: 'Another title', source: 'https://example.org/b' };

      assert.deepEqual(await store.saveArticle(first, makeAnalysis('same', 'Hollande')), { id: 'same', created: true });
      assert.deepEqual(await store.saveArticle(again, makeAnalysis('same', 'Valls')), { id: 'same', created: false });
      assert.deepEqual(await store.saveArticle(again), { id: 'same', created: false });

      assert.equal(await store.countArticles(), 1);
      assert.equal((await store.getArticle('same'))?.title, 'First title');
      assert.deepEqual(await store.getSources('same'), ['a.html', 'https://example.org/b']);
      assert.deepEqual(await store.getAnalysis('same'), makeAnalysis('same', 'Valls'));
      assert.equal(await store.findBySource('https://example.org/b'), 'same');
      assert.equal(await store.findBySource('never-seen'), undefined);
      await store.close();
    },
  );

  contractTest('a failure inside saveArticle rolls back the whole article', async () => {
    const store = await makeStore();
    const article = makeArticle('broken', ['Paragraph that must not survive.'], { title: 'Rollback' });
    // JSON.stringify throws on a BigInt; in the SQLite store it runs after the article and source rows were
    // inserted (PostgreSQL serialises first and saves in one statement): either way nothing may remain.
    const badAnalysis = { ...makeAnalysis('broken', 'Kerry'), extra: 10n } as unknown as Analysis;
    await assert.rejects(store.saveArticle(article, badAnalysis), /BigInt/);

    assert.equal(await store.getArticle('broken'), undefined);
    assert.deepEqual(await store.getSources('broken'), []);
    assert.equal(await store.getAnalysis('broken'), undefined);
    assert.equal(await store.countArticles(), 0);
    assert.deepEqual(await store.search('survive'), [], 'the full-text index must be rolled back too');
    assert.deepEqual(await store.listUnclustered(), [], 'nor queued for clustering');

    // The store is still usable, and the same article saves cleanly afterwards.
    assert.deepEqual(await store.saveArticle(article, makeAnalysis('broken', 'Kerry')), {
      id: 'broken',
      created: true,
    });
    assert.equal((await store.search('survive')).length, 1);
    await store.close();
  });

  contractTest('an analysis serialised by its worker is stored as the same analysis', async () => {
    const store = await makeStore();
    const analysis = makeAnalysis('pre', 'Hollande');
    const json = { article: 'pre', json: JSON.stringify(analysis) };
    assert.deepEqual(await store.saveArticle(makeArticle('pre', ['Serialised elsewhere.']), json), {
      id: 'pre',
      created: true,
    });
    assert.deepEqual(await store.getAnalysis('pre'), analysis);
    await assert.rejects(
      store.saveArticle(makeArticle('pre2', ['Text.']), { article: 'other', json: '{}' }),
      /analysis is of/,
    );
    await store.close();
  });

  contractTest('a batch save: each input all or nothing, a failing one fails alone', async () => {
    const store = await makeStore();
    // A store without batches saves one by one, as the pipeline then does: the outcome must be the same.
    const saveArticles =
      store.saveArticles?.bind(store) ??
      (async (items: ArticleToSave[]) => {
        const out: (SaveResult | { error: unknown })[] = [];
        for (const { article, analysis } of items)
          out.push(await store.saveArticle(article, analysis).catch((error: unknown) => ({ error })));
        return out;
      });
    const bad = { ...makeAnalysis('b2', 'Kerry'), extra: 10n } as unknown as Analysis;
    const results = await saveArticles([
      { article: makeArticle('b1', ['First of the batch.']), analysis: makeAnalysis('b1', 'Valls') },
      { article: makeArticle('b2', ['The one that must not survive.']), analysis: bad },
      { article: makeArticle('b3', ['Third of the batch.']) },
      { article: makeArticle('b1', ['First of the batch.'], { source: 'again.html' }) },
    ]);
    assert.deepEqual(results[0], { id: 'b1', created: true });
    assert.match(String((results[1] as { error: unknown }).error), /BigInt/);
    assert.deepEqual(results.slice(2), [
      { id: 'b3', created: true },
      { id: 'b1', created: false },
    ]);
    assert.equal(await store.getArticle('b2'), undefined);
    assert.deepEqual(await store.getSources('b2'), []);
    assert.deepEqual(await store.search('survive'), [], 'the failed input leaves nothing in the full-text index');
    assert.deepEqual(await store.getAnalysis('b1'), makeAnalysis('b1', 'Valls'));
    assert.deepEqual(await store.getSources('b1'), ['/corpus/b1.html', 'again.html']);
    assert.deepEqual((await store.listUnclustered()).sort(), ['b1', 'b3']);
    await store.close();
  });

  contractTest('an analysis of another article is refused and nothing is written', async () => {
    const store = await makeStore();
    await assert.rejects(
      store.saveArticle(makeArticle('a1', ['Text.']), makeAnalysis('zz', 'Putin')),
      /analysis is of/,
    );
    assert.equal(await store.countArticles(), 0);
    await store.close();
  });

  contractTest('search: AND of words, title weighted, snippets with [ ] around matches', async () => {
    const store = await makeStore();
    await store.saveArticle(
      makeArticle('t1', ['Le Drian said the strikes near Deir Ezzor hit a training camp. [Photo] Officials agreed.'], {
        title: 'Strikes in Syria',
        outlet: 'AP',
        published: { value: '2015-09-27', precision: 'day', from: 'text' },
      }),
    );
    await store.saveArticle(
      makeArticle('t2', ['Raqqa was hit again. Raqqa, Raqqa: the French jets returned to Raqqa.'], {
        title: 'Second wave',
      }),
    );
    await store.saveArticle(makeArticle('t3', ['A market report about grain.'], { title: 'Raqqa' }));
    await store.saveArticle(makeArticle('t4', ['Le président à l’Élysée a parlé.'], { title: 'Élysée' }));

    const strikes = await store.search('strikes Deir');
    assert.deepEqual(
      strikes.map((h) => h.id),
      ['t1'],
    );
    assert.match(strikes[0].snippet, /\[strikes\] near \[Deir\]/);
    assert.ok(!strikes[0].snippet.includes('[Photo'), 'a [ already in the text is not a match marker');
    assert.equal(strikes[0].outlet, 'AP');
    assert.equal(strikes[0].published, '2015-09-27');
    assert.ok(strikes[0].score > 0);

    assert.deepEqual(await store.search('strikes grain'), [], 'every word must match');

    // One title hit outweighs four body hits in a longer text.
    const raqqa = await store.search('raqqa');
    assert.deepEqual(
      raqqa.map((h) => h.id),
      ['t3', 't2'],
    );
    assert.ok(raqqa[0].score > raqqa[1].score);
    assert.equal(raqqa[0].snippet, '[Raqqa]', 'a title-only match shows the title fragment');
    assert.match(raqqa[1].snippet, /\[Raqqa\]/);

    // Case and diacritics do not matter, and the snippet keeps the text's own accents.
    const elysee = await store.search('ELYSEE');
    assert.deepEqual(
      elysee.map((h) => h.id),
      ['t4'],
    );
    assert.match(elysee[0].snippet, /\[Élysée\]/);
    assert.deepEqual(
      (await store.search('PRÉSIDENT')).map((h) => h.id),
      ['t4'],
    );
    assert.equal((await store.search('raqqa', { limit: 1 })).length, 1);
    await store.close();
  });

  contractTest('search: any user string is accepted, never a syntax error', async () => {
    const store = await makeStore();
    await store.saveArticle(
      makeArticle('s1', ['Hollande or Valls spoke at the border.'], { title: 'Drop table articles' }),
    );
    const hostile = [
      '"',
      '""',
      '*',
      'hollande*',
      'NEAR(',
      'NEAR(hollande valls)',
      'OR',
      'AND',
      'NOT',
      'hollande OR',
      'title:hollande',
      '^hollande',
      '(valls',
      "'; drop table articles; --",
      '\u0000',
      '-',
      '{title}: x',
      '🚀',
      'x'.repeat(10_000),
      'a '.repeat(500),
      // tsquery syntax, for stores built on PostgreSQL
      'hollande & !valls',
      'hollande <-> valls',
      'hollande:*',
      "hollande' | 'valls",
      '\\',
      'hollande:A',
      '!',
      '<2>',
    ];
    for (const q of hostile) {
      const hits = await store.search(q);
      assert.ok(Array.isArray(hits), `query ${JSON.stringify(q.slice(0, 30))}`);
    }
    // Operator words are ordinary words: "or" is in the text, so these match; syntax characters are separators.
    assert.equal((await store.search('hollande OR')).length, 1);
    assert.equal((await store.search('NEAR(hollande valls)')).length, 0, '"near" is not in the text');
    assert.equal((await store.search('hollande*')).length, 1);
    assert.equal((await store.search('hollande & !valls')).length, 1, '! is not negation: both words are there');
    assert.equal(
      (await store.search("'; drop table articles; --")).length,
      1,
      'matches the title words drop, table, articles',
    );
    assert.deepEqual(await store.search(''), []);
    assert.deepEqual(await store.search('   '), []);
    assert.deepEqual(await store.search('"*()'), []);
    assert.equal(await store.countArticles(), 1);
    await store.close();
  });

  contractTest('search filters by outlet, day range and language, before the limit', async () => {
    const store = await makeStore();
    const at = (id: string, outlet: string, value: string, language = 'en') =>
      makeArticle(id, [`The lighthouse keeper of Farrow Isle spoke again (${id}).`], {
        outlet,
        language,
        published: { value, precision: value.length > 10 ? 'time' : 'day', from: 'sidecar' },
      });
    await store.saveArticle(at('f1', 'Isle Post', '2026-05-01'));
    await store.saveArticle(at('f2', 'Isle Post', '2026-05-03T23:30:00+02:00'));
    await store.saveArticle(at('f3', 'Harbour Times', '2026-05-04'));
    await store.saveArticle(at('f4', 'Harbour Times', '2026-05-05', 'fr'));
    const ids = async (filter: Parameters<Store['search']>[1]) =>
      (await store.search('lighthouse keeper', filter)).map((h) => h.id).sort();
    assert.deepEqual(await ids({}), ['f1', 'f2', 'f3', 'f4']);
    assert.deepEqual(await ids({ filter: { outlet: 'Isle Post' } }), ['f1', 'f2']);
    assert.deepEqual(await ids({ filter: { from: '2026-05-03', to: '2026-05-04' } }), ['f2', 'f3'], 'days inclusive');
    assert.deepEqual(await ids({ filter: { language: 'fr' } }), ['f4']);
    assert.deepEqual(await ids({ filter: { outlet: 'Harbour Times', language: 'en' } }), ['f3']);
    // The filter applies before the limit: one hit asked, one that passes comes back.
    assert.deepEqual(await ids({ limit: 1, filter: { language: 'fr' } }), ['f4']);
    const [hit] = await store.search('lighthouse', { filter: { outlet: 'Isle Post', from: '2026-05-02' } });
    assert.deepEqual([hit?.publishedPrecision, hit?.language], ['time', 'en']);
    await store.close();
  });

  contractTest('listArticles: newest published first, undated last, then most recently stored', async () => {
    const store = await makeStore();
    const dated = (id: string, value: string) =>
      makeArticle(id, [`Text of ${id}.`], { published: { value, precision: 'day', from: 'sidecar' } });
    await store.saveArticle(dated('d-old', '2015-09-27'));
    await store.saveArticle(makeArticle('undated-1', ['Undated one.']));
    await store.saveArticle(dated('d-new', '2015-11-17'));
    await store.saveArticle(makeArticle('undated-2', ['Undated two.']));
    await store.saveArticle(dated('d-new-2', '2015-11-17'));

    const ids = (await store.listArticles()).map((a) => a.id);
    assert.deepEqual(ids, ['d-new-2', 'd-new', 'd-old', 'undated-2', 'undated-1']);
    assert.deepEqual(
      (await store.listArticles({ limit: 2, offset: 1 })).map((a) => a.id),
      ['d-new', 'd-old'],
    );
    assert.deepEqual(await store.listArticles({ limit: 0 }), []);
    // A summary carries the date's precision and the language: the API's `publishedPrecision` and filters read them.
    assert.deepEqual((await store.listArticles({ limit: 1 }))[0], {
      id: 'd-new-2',
      published: '2015-11-17',
      publishedPrecision: 'day',
      source: '/corpus/d-new-2.html',
      language: 'en',
    });
    assert.equal(await store.countArticles(), 5);
    await store.close();
  });

  contractTest('stories: saved, listed by recency or size, assignments moved, removed, change log', async () => {
    const store = await makeStore();
    for (const id of ['a1', 'a2', 'a3', 'a4']) await store.saveArticle(makeArticle(id, [`Article ${id}.`]));
    const big = makeStory('big', [
      { id: 'a1', published: '2015-09-27' },
      { id: 'a2', published: '2015-09-29' },
      { id: 'a3' },
    ]);
    const late = makeStory('late', [{ id: 'a4', published: '2015-11-17' }]);
    await store.saveStories({
      stories: [big, late],
      removed: [],
      assignments: new Map([
        ['a1', 'big'],
        ['a2', 'big'],
        ['a3', 'big'],
        ['a4', 'late'],
      ]),
      changes: [
        { story: 'big', kind: 'created', at: '2015-11-01T00:00:00.000Z' },
        { story: 'late', kind: 'created', at: '2015-11-01T00:00:01.000Z' },
      ],
    });
    assert.equal(await store.countStories(), 2);
    assert.deepStrictEqual(await store.getStory('big'), big);
    assert.equal(await store.getStory('missing'), undefined);
    assert.deepEqual(
      (await store.listStories()).map((s) => s.id),
      ['late', 'big'],
    );
    assert.deepEqual(
      (await store.listStories({ sort: 'size' })).map((s) => s.id),
      ['big', 'late'],
    );
    assert.deepEqual((await store.listStories({ sort: 'size', limit: 1 }))[0], {
      id: 'big',
      title: 'Story big',
      version: 1,
      updated: big.updated,
      articles: 3,
      firstPublished: '2015-09-27',
      lastPublished: '2015-09-29',
    });
    assert.deepEqual(
      (await store.listStories({ limit: 1, offset: 1 })).map((s) => s.id),
      ['big'],
    );

    // `late` absorbs `big`: its articles move over, `big` goes, the log records the merge.
    const merged = makeStory('late', [...big.articles, ...late.articles], 2);
    await store.saveStories({
      stories: [merged],
      removed: ['big'],
      assignments: new Map([
        ['a1', 'late'],
        ['a2', 'late'],
        ['a3', 'late'],
      ]),
      changes: [{ story: 'late', kind: 'merged', others: ['big'], at: '2015-11-02T00:00:00.000Z' }],
    });
    assert.equal(await store.countStories(), 1);
    assert.equal(await store.getStory('big'), undefined);
    assert.equal((await store.getStory('late'))?.version, 2);
    // The listed size is the member count, kept by the database as members move (not what a writer claims).
    assert.equal((await store.listStories())[0]?.articles, 4);
    assert.deepEqual([...(await store.getStoryAssignments())].sort(), [
      ['a1', 'late'],
      ['a2', 'late'],
      ['a3', 'late'],
      ['a4', 'late'],
    ]);
    // The article page's lookup: one article's story by its key, following the merge; none for a stranger.
    assert.deepEqual(await store.getStoryOfArticle('a1'), { id: 'late', title: 'Story late' });
    assert.equal(await store.getStoryOfArticle('nobody'), undefined);
    assert.deepEqual(await store.getStoryChanges('late'), [
      { story: 'late', kind: 'created', at: '2015-11-01T00:00:01.000Z' },
      { story: 'late', kind: 'merged', others: ['big'], at: '2015-11-02T00:00:00.000Z' },
    ]);
    assert.deepEqual(
      (await store.getStoryChanges()).map((c) => `${c.story}:${c.kind}`),
      ['big:created', 'late:created', 'late:merged'],
    );
    await store.close();
  });

  contractTest('the change log keeps what each version changed, read by time and paged; stories since', async () => {
    const store = await makeStore();
    await store.saveArticle(makeArticle('w1', ['The ferry to Quillan Isle ran again on Monday.']));
    await store.saveArticle(makeArticle('w2', ['Ferry crews on Quillan Isle said the pier held.']));
    const v1 = { ...makeStory('ferry', [{ id: 'w1', published: '2026-03-02' }]), updated: '2026-03-02T08:00:00.000Z' };
    await store.saveStories({
      stories: [v1],
      removed: [],
      assignments: new Map([['w1', 'ferry']]),
      changes: [
        {
          story: 'ferry',
          kind: 'created',
          at: v1.updated,
          version: 1,
          articlesAdded: ['w1'],
          datesAdded: ['2026-03-02'],
        },
      ],
    });
    const v2 = {
      ...makeStory(
        'ferry',
        [
          { id: 'w1', published: '2026-03-02' },
          { id: 'w2', published: '2026-03-04' },
        ],
        2,
      ),
      updated: '2026-03-04T09:30:00.000Z',
    };
    const second = {
      story: 'ferry',
      kind: 'updated' as const,
      at: v2.updated,
      version: 2,
      articlesAdded: ['w2'],
      datesAdded: ['2026-03-04'],
      quotesAdded: [{ speaker: 'Ferry crews', text: 'the pier held', article: 'w2' }],
      summaryAdded: ['Ferry crews said the pier held.'],
      mergedFrom: ['pier'],
    };
    await store.saveStories({ stories: [v2], removed: [], assignments: new Map([['w2', 'ferry']]), changes: [second] });

    const log = await store.getStoryChanges('ferry');
    assert.deepEqual(log[1], second);
    assert.deepEqual(log[0]?.articlesAdded, ['w1']);
    assert.deepEqual(await store.getStoryChanges(undefined, { since: '2026-03-03T00:00:00.000Z' }), [second]);
    // `since` is exclusive: an entry logged at that very instant was already seen.
    assert.deepEqual(await store.getStoryChanges('ferry', { since: v2.updated }), []);
    assert.deepEqual(
      (await store.getStoryChanges(undefined, { newestFirst: true, limit: 1 })).map((c) => c.version),
      [2],
    );
    assert.deepEqual(
      (await store.getStoryChanges(undefined, { limit: 1, offset: 1 })).map((c) => c.version),
      [2],
    );

    assert.deepEqual(
      (await store.listStories({ updatedSince: '2026-03-04T00:00:00.000Z' })).map((s) => s.id),
      ['ferry'],
    );
    assert.deepEqual(await store.listStories({ updatedSince: '2026-03-05T00:00:00.000Z' }), []);
    await store.close();
  });

  contractTest('clustering queue: pending articles in publication order (undated last), then arrival', async () => {
    const store = await makeStore();
    const dated = (id: string, value?: string) =>
      makeArticle(id, [`Article ${id}.`], value ? { published: { value, precision: 'day', from: 'sidecar' } } : {});
    await store.saveArticle(dated('c1', '2015-09-28'));
    await store.saveArticle(dated('c2'));
    await store.saveArticle(dated('c3', '2015-09-27'));
    await store.saveArticle(dated('c4', '2015-09-28'));
    await store.saveArticle({ ...dated('c3', '2015-09-27'), source: 'elsewhere' }); // not a new article
    assert.deepEqual(await store.listUnclustered(), ['c3', 'c1', 'c4', 'c2']);
    assert.deepEqual(await store.listUnclustered(2), ['c3', 'c1']);
    assert.equal(await store.countUnclustered(), 4);
    await store.close();
  });

  contractTest('clustering state: counts add up, postings newest first, saved with the stories in one go', async () => {
    const store = await makeStore();
    for (const id of ['c1', 'c2', 'c3']) await store.saveArticle(makeArticle(id, [`Article ${id}.`]));
    const cluster = (clustered: string[], seqBase: number) => ({
      termCounts: new Map([
        ['', clustered.length],
        ['en:quake', 1],
      ]),
      stories: [{ id: 's1', seq: seqBase + 2, state: `{"v":${seqBase}}` }],
      removedStories: [],
      postingsAdded: [
        // Weights that only round-trip as full doubles: the clusterer ranks candidates by them.
        { term: 'en:quake', story: 's1', seq: seqBase + 2, weight: 1 / (3 + seqBase) },
        { term: 'en:quake', story: `s-old${seqBase}`, seq: seqBase + 1, weight: 0.1 + 0.2 },
      ],
      postingsRemoved: [],
      clustered,
    });
    await store.saveStories({
      stories: [makeStory('s1', [{ id: 'c1' }, { id: 'c2' }])],
      removed: [],
      assignments: new Map([
        ['c1', 's1'],
        ['c2', 's1'],
      ]),
      changes: [],
      cluster: cluster(['c1', 'c2'], 0),
    });
    assert.deepEqual(await store.listUnclustered(), ['c3']);
    await store.saveStories({
      stories: [makeStory('s1', [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }], 2)],
      removed: [],
      assignments: new Map([['c3', 's1']]),
      changes: [],
      cluster: { ...cluster(['c3'], 10), postingsRemoved: [{ term: 'en:quake', story: 's-old0' }] },
    });
    const index = await store.loadClusterIndex(['', 'en:quake', 'en:none'], 10);
    assert.deepEqual([...index.termCounts].sort(), [
      ['', 3],
      ['en:quake', 2],
    ]);
    assert.deepEqual(
      index.postings.map((p) => `${p.story}@${p.seq}`),
      ['s1@12', 's-old10@11'],
    );
    assert.deepEqual(
      index.postings.map((p) => p.weight),
      [1 / 13, 0.1 + 0.2],
      'the newest write of a posting replaces its weight, stored exactly',
    );
    assert.deepEqual((await store.loadClusterIndex(['en:quake'], 1)).postings.length, 1);
    assert.deepEqual(await store.loadClusterStories(['s1', 'nope']), [{ id: 's1', seq: 12, state: '{"v":10}' }]);
    assert.deepEqual([...(await store.getStoryMembers(['s1']))], [['s1', ['c1', 'c2', 'c3']]]);
    assert.equal(await store.countUnclustered(), 0);
    await store.close();
  });

  contractTest('the passage sketch: one blob saved with the stories, replaced, forgotten by a reset', async () => {
    const store = await makeStore();
    await store.saveArticle(makeArticle('k1', ['Article k1.']));
    assert.equal(await store.loadClusterSketch(), undefined);
    const save = (sketch?: Uint8Array) =>
      store.saveStories({
        stories: [],
        removed: [],
        assignments: new Map(),
        changes: [],
        cluster: {
          termCounts: new Map(),
          stories: [],
          removedStories: [],
          postingsAdded: [],
          postingsRemoved: [],
          clustered: [],
          ...(sketch ? { sketch } : {}),
        },
      });
    const first = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff);
    await save(first);
    assert.deepEqual(await store.loadClusterSketch(), first);
    await save(); // a chunk that did not change it leaves it as it was
    assert.deepEqual(await store.loadClusterSketch(), first);
    const second = Uint8Array.from({ length: 4096 }, (_, i) => (i * 3) & 0xff);
    await save(second);
    assert.deepEqual(await store.loadClusterSketch(), second);
    await store.resetClustering();
    assert.equal(await store.loadClusterSketch(), undefined);
    await store.close();
  });

  contractTest('story change numbers: each write of a story logs a newer one, never reused after a reset', async () => {
    const store = await makeStore();
    for (const id of ['n1', 'n2']) await store.saveArticle(makeArticle(id, [`Article ${id}.`]));
    const write = (members: string[], version: number) =>
      store.saveStories({
        stories: [
          makeStory(
            'sn',
            members.map((id) => ({ id })),
            version,
          ),
        ],
        removed: [],
        assignments: new Map(members.map((id) => [id, 'sn'] as const)),
        changes: [{ story: 'sn', kind: version === 1 ? 'created' : 'updated', at: '2032-01-01T00:00:00Z' }],
      });
    await write(['n1'], 1);
    const firstChange = (await store.getStoryLastChanges(['sn', 'none'])).get('sn');
    assert.equal(typeof firstChange, 'number');
    assert.equal((await store.getStoryLastChanges(['none'])).size, 0);
    await write(['n1', 'n2'], 2);
    const secondChange = (await store.getStoryLastChanges(['sn'])).get('sn') as number;
    assert.ok(secondChange > (firstChange as number));
    // After a reset the story is gone; made again (same id, same version), it has a number never seen before.
    await store.resetClustering();
    assert.equal((await store.getStoryLastChanges(['sn'])).size, 0);
    await write(['n1', 'n2'], 2);
    assert.ok(((await store.getStoryLastChanges(['sn'])).get('sn') as number) > secondChange);
    await store.close();
  });

  contractTest(
    'the stories stamp moves with every story write (made, recomposed, removed, reset), not with articles',
    async () => {
      const store = await makeStore();
      const stamps: number[] = [await store.storiesStamp()];
      const moved = async (what: string) => {
        const now = await store.storiesStamp();
        assert.notEqual(now, stamps.at(-1), `${what} moves the stamp`);
        stamps.push(now);
      };
      await store.saveArticle(makeArticle('m1', ['Article m1.']));
      await store.saveArticle(makeArticle('m2', ['Article m2.']));
      assert.equal(await store.storiesStamp(), stamps[0], 'saving articles leaves it');
      const save = (stories: Story[], removed: string[], members: [string, string][]) =>
        store.saveStories({ stories, removed, assignments: new Map(members), changes: [] });
      await save([makeStory('st', [{ id: 'm1' }])], [], [['m1', 'st']]);
      await moved('a new story');
      await save([makeStory('st', [{ id: 'm1' }, { id: 'm2' }], 2)], [], [['m2', 'st']]);
      await moved('a story recomposed with one more article');
      await save(
        [makeStory('st2', [{ id: 'm1' }, { id: 'm2' }])],
        ['st'],
        [
          ['m1', 'st2'],
          ['m2', 'st2'],
        ],
      );
      await moved('a story removed into another');
      assert.equal(await store.storiesStamp(), stamps.at(-1), 'reading leaves it');
      await store.resetClustering();
      await moved('a reset');
      await store.close();
    },
  );

  contractTest('story redirects: a merged-away id resolves to the story it went into, through chains', async () => {
    const store = await makeStore();
    await store.saveArticle(makeArticle('r1', ['Article r1.']));
    await store.saveStories({
      stories: [makeStory('b', [{ id: 'r1' }])],
      removed: [],
      assignments: new Map([['r1', 'b']]),
      changes: [],
      redirects: new Map([['a', 'b']]),
    });
    assert.equal(await store.resolveStoryId('b'), 'b');
    assert.equal(await store.resolveStoryId('a'), 'b');
    assert.equal(await store.resolveStoryId('zzz'), undefined);
    await store.saveStories({
      stories: [makeStory('c', [{ id: 'r1' }])],
      removed: ['b'],
      assignments: new Map([['r1', 'c']]),
      changes: [],
      redirects: new Map([['b', 'c']]),
    });
    assert.equal(await store.resolveStoryId('a'), 'c');
    await store.resetClustering();
    assert.equal(await store.countStories(), 0);
    assert.deepEqual(await store.listUnclustered(), ['r1']);
    await store.close();
  });

  contractTest(
    'dedup: results and index saved with the chunk, postings newest first and bounded, reset clears them',
    async () => {
      const store = await makeStore();
      for (const id of ['d1', 'd2', 'd3']) await store.saveArticle(makeArticle(id, [`Article ${id}.`]));
      const signature = Uint32Array.from({ length: 128 }, (_, i) => (i * 2654435761) >>> 0);
      const canonical = (id: string) => ({ id, published: '2015-09-27', length: 400, signature });
      await store.saveStories({
        stories: [makeStory('s1', [{ id: 'd1' }, { id: 'd2' }, { id: 'd3' }])],
        removed: [],
        assignments: new Map([
          ['d1', 's1'],
          ['d2', 's1'],
          ['d3', 's1'],
        ]),
        changes: [],
        dedup: {
          results: [
            { article: 'd1', passages: [] },
            {
              article: 'd2',
              passages: [{ start: 3, end: 90, shared: [{ article: 'd1', start: 10, end: 97 }] }],
            },
            { article: 'd3', duplicateOf: 'd1', similarity: 0.9, passages: [] },
          ],
          canonicals: [canonical('d1'), canonical('d2')],
          // Keys above 2^31: band keys are unsigned 32-bit.
          bands: [
            { key: 4_000_000_000, article: 'd1' },
            { key: 4_000_000_000, article: 'd2' },
            { key: 7, article: 'd1' },
          ],
          units: [
            { key: 11, article: 'd1' },
            { key: 11, article: 'd2' },
          ],
        },
      });
      const index = await store.loadDedupIndex([4_000_000_000, 7, 99], [11], 1, 5);
      assert.deepEqual(
        index.bands.map((b) => `${b.key}:${b.article}`).sort(),
        ['4000000000:d2', '7:d1'],
        'newest posting of each key, at most one',
      );
      assert.deepEqual(
        index.units.map((u) => u.article),
        ['d2', 'd1'],
        'newest first',
      );
      assert.deepEqual(index.canonicals.map((c) => c.id).sort(), ['d1', 'd2']);
      assert.deepEqual([...(index.canonicals[0]?.signature ?? [])], [...signature], 'signature kept exactly');
      assert.equal(index.canonicals[0]?.published, '2015-09-27');
      const dedup = await store.getDedup(['d1', 'd2', 'd3', 'nope']);
      assert.deepEqual(dedup.get('d3'), { article: 'd3', duplicateOf: 'd1', similarity: 0.9, passages: [] });
      assert.deepEqual(dedup.get('d2')?.passages, [
        { start: 3, end: 90, shared: [{ article: 'd1', start: 10, end: 97 }] },
      ]);
      assert.deepEqual(dedup.get('d1'), { article: 'd1', passages: [] });
      assert.equal(dedup.has('nope'), false);
      assert.deepEqual([...(await store.getArticleStories(['d3', 'nope']))], [['d3', 's1']]);
      await store.resetClustering();
      assert.equal((await store.getDedup(['d1', 'd2', 'd3'])).size, 0);
      const cleared = await store.loadDedupIndex([4_000_000_000, 7], [11], 10, 10);
      assert.deepEqual([cleared.bands.length, cleared.units.length, cleared.canonicals.length], [0, 0, 0]);
      await store.close();
    },
  );

  contractTest(
    'story step: a later near copy gets its original and joins its story, a passage shows, a rebuild keeps both',
    async () => {
      const store = await makeStore();
      await store.saveArticle(original);
      await refreshStories(store);
      for (const a of [copy, sharer]) await store.saveArticle(a);
      await refreshStories(store);
      const check = async () => {
        const dedup = await store.getDedup([copy.id, sharer.id]);
        assert.equal(dedup.get(copy.id)?.duplicateOf, original.id);
        assert.equal(dedup.get(sharer.id)?.passages[0]?.shared[0]?.article, original.id);
        const stories = await store.getArticleStories([original.id, copy.id, sharer.id]);
        assert.equal(new Set(stories.values()).size, 1);
        const story = await store.getStory(stories.get(original.id) as string);
        assert.equal(story?.articles.find((a) => a.id === copy.id)?.duplicateOf, original.id);
        assert.deepEqual(story?.sharedPassages, [{ text: original.paragraphs[3], articles: [original.id, sharer.id] }]);
      };
      await check();
      await rebuildStories(store);
      await check();
      await store.close();
    },
  );
}
