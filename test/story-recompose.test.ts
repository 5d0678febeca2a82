// Long stories are recomposed once they have grown by a share of what they were composed from; in between, a
// chunk lists their new articles (sources and events) in the composed version. All stories here are fictional.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { placeInEvents } from '../src/compose/events.js';
import type { Article, StoryArticle } from '../src/model.js';
import { refreshStories } from '../src/pipeline/index.js';
import { needsRecomposing } from '../src/pipeline/stories.js';
import { openStore } from '../src/store/open.js';

function flood(i: number): Article {
  const day = `2033-04-${String(1 + Math.floor(i / 2)).padStart(2, '0')}`;
  const text =
    `Floodwater rose again in the fictional river town of Tessaly on report ${i}, and the Orvane dam authority ` +
    `opened ${i + 2} more sluices, engineer Mira Kovad said. Residents of Tessaly's lower quarter were moved to ` +
    `the Orvane stadium while the river crested.`;
  return {
    id: `flood-${String(i).padStart(3, '0')}`,
    source: `flood/${i}.txt`,
    title: `Tessaly flood: sluices opened (${i})`,
    language: 'en',
    paragraphs: [text],
    text,
    removed: [],
    published: { value: day, precision: 'day', from: 'sidecar' },
  };
}

test('a story grown by less than a tenth lists its new articles; a tenth more recomposes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-recompose-'));
  const store = await openStore(join(dir, 'test.db'));
  try {
    for (let i = 0; i < 40; i++) await store.saveArticle(flood(i));
    await refreshStories(store);
    const [summary] = await store.listStories({ sort: 'size' });
    assert.equal(summary?.articles, 40);
    const id = summary?.id as string;
    const first = await store.getStory(id);
    assert.deepEqual(first?.composedFrom, { version: first?.version, articles: 40 });

    // Three more (under a tenth of 40): listed, not read.
    for (let i = 40; i < 43; i++) await store.saveArticle(flood(i));
    const listed = await refreshStories(store);
    assert.equal(listed.composed, 0, 'no article was read into a composition');
    const second = await store.getStory(id);
    assert.equal(second?.version, (first?.version as number) + 1);
    assert.deepEqual(second?.composedFrom, first?.composedFrom);
    assert.deepEqual(second?.summary, first?.summary);
    const members = (await store.getStoryMembers([id])).get(id) ?? [];
    assert.equal(members.length, 43);
    assert.deepEqual(second?.articles.map((a) => a.id).sort(), [...members].sort());
    assert.deepEqual(second?.events.flatMap((e) => e.articles).sort(), [...members].sort(), 'each in one event');
    const changes = await store.getStoryChanges(id);
    assert.deepEqual(changes.at(-1)?.articlesAdded, ['flood-040', 'flood-041', 'flood-042']);

    // A fourth (a tenth of 40 in all): the story is composed again, from all 44.
    await store.saveArticle(flood(43));
    const recomposed = await refreshStories(store);
    assert.equal(recomposed.composed, 44);
    const third = await store.getStory(id);
    assert.deepEqual(third?.composedFrom, { version: third?.version, articles: 44 });
    assert.equal(third?.version, (second?.version as number) + 1);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('recomposing is due after a merge, for a story never composed, and at a tenth (1 to 50 articles)', () => {
  assert.equal(needsRecomposing(12, undefined, false), true);
  assert.equal(needsRecomposing(12, { version: 3, articles: 11 }, true), true);
  assert.equal(needsRecomposing(11, { version: 3, articles: 10 }, false), true, 'ten or fewer: every article');
  assert.equal(needsRecomposing(12, { version: 3, articles: 11 }, false), false);
  assert.equal(needsRecomposing(13, { version: 3, articles: 11 }, false), true);
  assert.equal(needsRecomposing(329, { version: 3, articles: 300 }, false), false);
  assert.equal(needsRecomposing(330, { version: 3, articles: 300 }, false), true);
  assert.equal(needsRecomposing(5049, { version: 3, articles: 5000 }, false), false);
  assert.equal(needsRecomposing(5050, { version: 3, articles: 5000 }, false), true, 'at most 50 wait');
});

test('new articles join the event of their day, open the next one earlier, or start their own', () => {
  const listed = (id: string, published?: string): StoryArticle => ({
    id,
    title: `T ${id}`,
    ...(published ? { published } : {}),
  });
  const all = [
    listed('a', '2033-04-01'),
    listed('a2', '2033-04-03'),
    listed('b', '2033-04-10'),
    listed('c'),
    listed('d', '2033-04-05'),
    listed('e', '2033-04-08'),
    listed('f', '2033-04-20'),
    listed('g'),
    listed('h', '2033-03-01'),
  ];
  const events = [
    { date: '2033-04-01', title: 'T a', articles: ['a', 'a2'] },
    { date: '2033-04-10', title: 'T b', articles: ['b'] },
    { title: 'T c', articles: ['c'] },
  ];
  const byId = new Map(all.map((a) => [a.id, a] as const));
  const added = ['d', 'e', 'f', 'g', 'h'].map((id) => byId.get(id) as StoryArticle);
  assert.deepEqual(placeInEvents(events, added, byId), [
    { date: '2033-03-01', title: 'T h', articles: ['h'] },
    // 04-05 is two days after the event's last article (04-03).
    { date: '2033-04-01', title: 'T a', articles: ['a', 'a2', 'd'] },
    // 04-08 is two days before 04-10: that event now starts on 04-08.
    { date: '2033-04-08', title: 'T b', articles: ['e', 'b'] },
    { date: '2033-04-20', title: 'T f', articles: ['f'] },
    { title: 'T c', articles: ['c', 'g'] },
  ]);
  assert.deepEqual(events[0]?.articles, ['a', 'a2'], 'the events given are not changed');
});
