// Publication dates inferred for undated articles from their story (compose/infer-dates.ts). The short articles
// here are fictional (a harbour town that does not exist, in 2031); the seeds test reads ../shared when present.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { inferPublicationDates } from '../src/compose/infer-dates.js';
import { composeStory } from '../src/compose/story.js';
import { loadManifest, readInputs } from '../src/ingest/read.js';
import type { Analysis, Article, Story } from '../src/model.js';
import { ingestAndRefresh, STORY_ANALYZER } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { needShared, sharedPath } from './helpers.js';

function article(id: string, paragraphs: string[], published?: string): Article {
  return {
    id,
    source: `${id}.txt`,
    ...(published ? { published: { value: published, precision: 'day' as const, from: 'sidecar' as const } } : {}),
    title: `Velmora harbour, part ${id}`,
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
}

function compose(articles: Article[]): Story {
  const analyses = new Map<string, Analysis>(articles.map((a) => [a.id, analyzeArticle(a)] as const));
  return composeStory(
    { id: 'velmora', version: 1, updated: '2031-04-01T00:00:00Z', articles, analyses },
    STORY_ANALYZER,
  );
}

// Published on Tuesday 18 March 2031: its "on Sunday" is 16 March.
const dated = article(
  'dated',
  [
    'The harbour authority of Velmora closed the northern lighthouse pier on Sunday after a winter storm tore away its copper railings.',
    'Engineers from the regional ferry company inspected the damaged pier and its cracked granite steps.',
    'The mayor of Velmora promised that the fishing fleet would keep its moorings on the southern quay.',
  ],
  '2031-03-18',
);

const undatedWeekday = article('undated-weekday', [
  'On Sunday, a winter storm tore away the copper railings of the northern lighthouse pier and the Velmora harbour authority closed it.',
  'Fishermen said the granite steps of the pier had been cracked for years.',
]);

test('an undated article reporting a dated event "on Sunday" gets the window of days that reading allows', () => {
  const analyses = new Map([dated, undatedWeekday].map((a) => [a.id, analyzeArticle(a)] as const));
  const inferred = inferPublicationDates([dated, undatedWeekday], analyses, STORY_ANALYZER).get('undated-weekday');
  assert.ok(inferred, 'an inferred date');
  assert.deepEqual(inferred.published, {
    value: '2031-03-16',
    precision: 'day',
    from: 'inferred',
    window: { earliest: '2031-03-16', latest: '2031-03-22' },
  });
  // The window leaves one reading of its "On Sunday": that sentence is now dated, and marked inferred.
  const first = inferred.analysis.sentences[0];
  assert.equal(first?.eventDate, '2031-03-16');
  assert.ok(inferred.inferredSentences.has(first?.start ?? -1));
  assert.ok(
    inferPublicationDates([dated], new Map([[dated.id, analyses.get(dated.id) as Analysis]]), STORY_ANALYZER).size ===
      0,
  );
});

test('"yesterday" pins the day; "last month" the month after the dated event', () => {
  const ferry = article(
    'ferry-dated',
    [
      'The old Velmora ferry Saint Odile sank at her moorings in the southern quay on 12 May 2031, the harbour authority said.',
    ],
    '2031-05-14',
  );
  const yesterday = article('ferry-yesterday', [
    'The old Velmora ferry Saint Odile sank yesterday at her moorings in the southern quay, the harbour authority said.',
  ]);
  const lastMonth = article('ferry-last-month', [
    'Divers are still inspecting the old Velmora ferry Saint Odile, which sank last month at her moorings in the southern quay.',
  ]);
  const all = [ferry, yesterday, lastMonth];
  const inferred = inferPublicationDates(
    all,
    new Map(all.map((a) => [a.id, analyzeArticle(a)] as const)),
    STORY_ANALYZER,
  );
  assert.deepEqual(inferred.get('ferry-yesterday')?.published.window, { earliest: '2031-05-13', latest: '2031-05-13' });
  assert.deepEqual(inferred.get('ferry-last-month')?.published.window, {
    earliest: '2031-06-01',
    latest: '2031-06-30',
  });
  assert.equal(inferred.get('ferry-last-month')?.published.value, '2031-06-01');
});

test('the story shows the inferred date as inferred: sources, timeline entries and events', () => {
  const story = compose([dated, undatedWeekday]);
  const source = story.articles.find((a) => a.id === 'undated-weekday');
  assert.equal(source?.published, undefined, 'the article record stays undated');
  assert.equal(source?.inferredPublished?.from, 'inferred');
  assert.deepEqual(source?.inferredPublished?.window, { earliest: '2031-03-16', latest: '2031-03-22' });
  const sunday = story.timeline.find((d) => d.date === '2031-03-16');
  assert.ok(sunday, `a 16 March entry: ${JSON.stringify(story.timeline)}`);
  for (const day of story.timeline)
    for (const e of day.entries) {
      const onlyUndated = e.citations.every((c) => c.article === 'undated-weekday');
      assert.equal(e.inferred === true, onlyUndated, `${day.date}: ${e.text}`);
    }
  assert.ok(
    story.timeline.some((d) => d.entries.some((e) => e.inferred)),
    'the undated report has an entry of its own',
  );
  assert.equal(story.articles.find((a) => a.id === 'dated')?.inferredPublished, undefined);
});

test('an undated article with only absolute dates is published on or after the latest it reports', () => {
  const undated = article('undated-absolute', [
    'The Velmora council approved the budget for a new lighthouse pier on 3 February 2031.',
    'Works on the granite foundations began on 10 March 2031, the council said.',
    'The pier will reopen to walkers on 30 June 2031.',
  ]);
  const story = compose([dated, undated]);
  const source = story.articles.find((a) => a.id === 'undated-absolute');
  // The reopening is announced (future tense): it does not bound the publication from below.
  assert.deepEqual(source?.inferredPublished, {
    value: '2031-03-10',
    precision: 'day',
    from: 'inferred',
    window: { earliest: '2031-03-10' },
  });
  // An open window dates nothing by publication: no entry rests on it.
  assert.ok(story.timeline.every((d) => d.entries.every((e) => !e.inferred)));
});

test('an undated article with no evidence stays undated', () => {
  const undated = article('undated-none', [
    'Residents of Velmora say the railings of the old lighthouse pier were always painted green.',
    'Nobody remembers who built the granite steps.',
  ]);
  const story = compose([dated, undated]);
  assert.equal(story.articles.find((a) => a.id === 'undated-none')?.inferredPublished, undefined);
  assert.ok(story.timeline.every((d) => d.entries.every((e) => !e.inferred)));
  assert.ok(story.events.every((e) => !e.inferred));
});

async function withStore<T>(run: (store: Store, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-infer-'));
  const store = await openStore(join(dir, 'test.db'));
  try {
    return await run(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function seedStory(store: Store, manifest?: string): Promise<{ story: Story; stored: Article[] }> {
  const report = await ingestAndRefresh(
    store,
    readInputs([sharedPath('seeds', 'articles')], manifest ? { manifest: await loadManifest(manifest) } : {}),
  );
  assert.equal(report.storiesError, undefined);
  const ids = (await store.listArticles({ limit: 100 })).map((a) => a.id);
  const [listed] = await store.listStories({ sort: 'size' });
  const story = await store.getStory(listed?.id as string);
  assert.ok(story);
  return { story, stored: await store.getArticles(ids) };
}

test(
  'seeds without the manifest: undated articles get inferred windows, dated entries stay',
  { skip: needShared('seeds') },
  async () => {
    await withStore(async (store) => {
      const { story } = await seedStory(store);
      const inferred = story.articles.filter((a) => a.inferredPublished);
      assert.ok(inferred.length >= 1, 'at least one seed dated by its story');
      for (const a of story.articles) {
        if (a.published) assert.equal(a.inferredPublished, undefined);
        const w = a.inferredPublished?.window;
        if (w) assert.ok(w.earliest >= '2014-01-01' && (!w.latest || w.latest >= w.earliest), JSON.stringify(w));
      }
      // "since 30 September" matches the dated "Russia began air strikes in Syria at the end of September".
      const rfi = story.articles.find((a) => a.outlet === 'RFI');
      assert.equal(rfi?.inferredPublished?.window?.earliest, '2015-09-30');
      const dates = story.timeline.map((d) => d.date);
      for (const d of ['2015-11-13', '2015-11-17']) assert.ok(dates.includes(d), `${d} in ${dates.join(' ')}`);
    });
  },
);

test('seeds with the manifest: nothing is inferred', { skip: needShared('seeds') }, async () => {
  await withStore(async (store) => {
    const { story } = await seedStory(store, sharedPath('seeds', 'manifest.jsonl'));
    assert.ok(story.articles.every((a) => !a.inferredPublished));
    assert.ok(story.timeline.every((d) => d.entries.every((e) => !e.inferred)));
  });
});

test(
  'seeds with only the Naharnet date known: the other "on Sunday" report is dated 27 September, inferred',
  { skip: needShared('seeds') },
  async () => {
    await withStore(async (store, dir) => {
      // The manifest's line for the one article that reports "its first air strikes in Syria on Sunday".
      const line = readFileSync(sharedPath('seeds', 'manifest.jsonl'), 'utf8')
        .split('\n')
        .find((l) => l.includes('Naharnet'));
      assert.ok(line);
      const partial = join(dir, 'partial.jsonl');
      writeFileSync(partial, `${line}\n`);
      const { stored } = await seedStory(store, partial);
      // Composed as one story whatever the clustering makes of the partly dated set.
      const analyses = await store.getAnalyses(stored.map((a) => a.id));
      const story = composeStory(
        {
          id: 'seeds',
          version: 1,
          updated: '2015-12-01T00:00:00Z',
          articles: stored,
          analyses,
        },
        STORY_ANALYZER,
      );
      const sunday = story.articles.find((a) => a.inferredPublished?.window?.earliest === '2015-09-27');
      assert.ok(sunday, JSON.stringify(story.articles.map((a) => a.inferredPublished)));
      assert.equal(sunday.inferredPublished?.window?.latest, '2015-10-03');
      const day = story.timeline.find((d) => d.date === '2015-09-27');
      assert.ok(day, story.timeline.map((d) => d.date).join(' '));
    });
  },
);
