// The pure parts of "what changed": the diff of two story versions, the plan's merges, and the instants `since`
// reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Story } from '../src/model.js';
import { describeStoryChange } from '../src/pipeline/story-changes.js';
import { planStoryChanges } from '../src/pipeline/stories.js';
import { describeChange } from '../src/server/changes.js';
import { parseInstant } from '../src/text/instants.js';

function version(n: number, dates: string[], summary: string[], quotes: [string, string, number][]): Story {
  return {
    id: 'lock',
    title: 'Canal lock at Dunmere jammed',
    version: n,
    updated: `2026-04-0${n}T00:00:00.000Z`,
    summary: summary.map((text) => ({ text, citations: [] })),
    timeline: dates.map((date) => ({ date, granularity: 'day', entries: [] })),
    articles: [],
    events: [],
    sharedPassages: [],
    entities: [],
    quotes: quotes.map(([speaker, article, start]) => ({
      speaker,
      text: `words ${start}`,
      article,
      start,
      end: start + 9,
    })),
  };
}

test('a version diff names the new dates, quotes and summary sentences, and the dropped ones', () => {
  const before = version(1, ['2026-04-01'], ['The lock jammed.', 'Boats queued.'], [['Ines Marr', 'k1', 10]]);
  const after = version(
    2,
    ['2026-04-01', '2026-04-03'],
    ['The lock jammed.', 'Engineers freed the gates.'],
    [
      ['Ines Marr', 'k1', 10],
      ['Tobin Avery', 'k2', 40],
    ],
  );
  const change = describeStoryChange(
    {
      story: 'lock',
      kind: 'updated',
      at: after.updated,
      articlesAdded: ['k2'],
      articlesRemoved: [],
      mergedFrom: ['gates'],
    },
    before,
    after,
  );
  assert.deepEqual(change, {
    story: 'lock',
    kind: 'updated',
    at: after.updated,
    version: 2,
    articlesAdded: ['k2'],
    datesAdded: ['2026-04-03'],
    quotesAdded: [{ speaker: 'Tobin Avery', text: 'words 40', article: 'k2' }],
    summaryAdded: ['Engineers freed the gates.'],
    summaryRemoved: ['Boats queued.'],
    mergedFrom: ['gates'],
  });
  assert.equal(
    describeChange(change, new Map([['k2', 'Dunmere lock gates freed']])),
    '1 article added: Dunmere lock gates freed. New dates: 3 Apr 2026. 1 new quote (Tobin Avery). ' +
      'Summary: 1 sentence new, 1 dropped. Merged in: gates.',
  );
  // A new story: everything it has is new.
  const created = describeStoryChange(
    { story: 'lock', kind: 'created', at: before.updated, articlesAdded: ['k1'], articlesRemoved: [] },
    undefined,
    before,
  );
  assert.deepEqual(created.datesAdded, ['2026-04-01']);
  assert.equal(created.summaryRemoved, undefined);
});

test('the plan logs one entry per story version, with the stories merged in and the articles they brought', () => {
  const plan = planStoryChanges(
    { assignments: new Map([['n3', 'keep']]), merged: new Map([['gone', 'keep']]) },
    new Map([
      ['keep', ['n1']],
      ['gone', ['n2']],
    ]),
    '2026-04-05T00:00:00.000Z',
  );
  assert.deepEqual(plan.changes, [
    {
      story: 'keep',
      kind: 'updated',
      at: '2026-04-05T00:00:00.000Z',
      articlesAdded: ['n2', 'n3'],
      articlesRemoved: [],
      mergedFrom: ['gone'],
    },
  ]);
  assert.deepEqual([...plan.redirects], [['gone', 'keep']]);
});

test('since: ISO dates and date-times (zone or UTC) and spans back from now; anything else refused', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');
  assert.equal(parseInstant('2h', now), '2026-12-01T10:00:00.000Z');
  assert.equal(parseInstant('7d', now), '2026-11-24T12:00:00.000Z');
  assert.equal(parseInstant('2026-11-30', now), '2026-11-30T00:00:00.000Z');
  assert.equal(parseInstant('2026-11-30T10:00', now), '2026-11-30T10:00:00.000Z');
  assert.equal(parseInstant('2026-11-30T10:00:00+02:00', now), '2026-11-30T08:00:00.000Z');
  for (const bad of ['2026-02-30', 'yesterday', '2h ago', '', '1700000000'])
    assert.equal(parseInstant(bad, now), undefined);
});
