import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { jaccard } from '../src/compose/sentences.js';
import { stemmedWordSet as wordSet } from '../src/text/words.js';
import { buildTimeline, type TimelineSettings } from '../src/compose/timeline.js';
import { timelineSentences } from '../src/compose/timeline-sentences.js';
import type { Article, TimelineDay } from '../src/model.js';

function article(id: string, published: string, paragraphs: string[]): Article {
  return {
    id,
    source: `${id}.txt`,
    published: { value: published, precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
}

function timelineOf(articles: Article[], opts: TimelineSettings = {}): TimelineDay[] {
  const sentences = articles.flatMap((a) => timelineSentences(a, analyzeArticle(a)));
  return buildTimeline(sentences, opts);
}

/** Every citation slices a sentence out of its article: the entry itself, or a near-identical one. */
function assertCitationsSlice(days: TimelineDay[], articles: Article[]): void {
  const byId = new Map(articles.map((a) => [a.id, a] as const));
  for (const day of days) {
    for (const entry of day.entries) {
      assert.ok(entry.citations.length > 0, `entry without citations: ${entry.text}`);
      entry.citations.forEach((c, i) => {
        const text = byId.get(c.article)?.text;
        assert.ok(text, `citation of an unknown article ${c.article}`);
        const slice = text.slice(c.start, c.end);
        if (i === 0) assert.equal(slice, entry.text);
        else assert.ok(jaccard(wordSet(slice), wordSet(entry.text)) >= 0.5, `${slice} does not say ${entry.text}`);
      });
    }
  }
}

const strikes = [
  article('ap', '2015-10-01', [
    'France said on Thursday that its jets would keep up the campaign against the Islamic State group in Syria.',
    'French warplanes struck an Islamic State training camp near Deir Ezzor in eastern Syria on September 27, 2015.',
    'President Francois Hollande said the camp had trained fighters who threatened France and its people.',
  ]),
  article('dawn', '2015-10-02', [
    'The French defence ministry released images of the training camp destroyed in eastern Syria.',
    'The first French air strikes in Syria hit a camp near Deir Ezzor on 27 September, officials recalled.',
    'Officials in Paris said six aircraft took part in the raid, five of them Rafale fighter jets.',
  ]),
];

test('a date reported in the text wins over the publication date', () => {
  const days = timelineOf(strikes, { maxDates: 1, sentencesPerDate: 1 });
  assert.equal(days.length, 1);
  assert.equal(days[0]?.date, '2015-09-27');
  assert.equal(days[0]?.granularity, 'day');
  assert.match(days[0]?.entries[0]?.text ?? '', /Deir Ezzor/);
  assertCitationsSlice(days, strikes);
});

test('near-identical sentences from two outlets become one entry citing both', () => {
  const wire = [
    article('rfi', '2015-11-17', [
      'France invoked the European Union mutual assistance clause for the first time on Tuesday after the Paris attacks.',
      'Defence minister Jean-Yves Le Drian made the request at a meeting of EU ministers in Brussels.',
    ]),
    article('naharnet', '2015-11-17', [
      'France invoked the European Union mutual assistance clause for the first time on Tuesday after the Paris attacks, AFP reported.',
      'All member states gave their unanimous support to the French request, the EU foreign policy chief said.',
    ]),
  ];
  const days = timelineOf(wire, { maxDates: 3, sentencesPerDate: 2 });
  const entries = days.flatMap((d) => d.entries);
  const clause = entries.filter((e) => /mutual assistance clause/.test(e.text));
  assert.equal(clause.length, 1, 'the shared sentence appears once');
  assert.deepEqual(new Set(clause[0]?.citations.map((c) => c.article)), new Set(['rfi', 'naharnet']));
  assertCitationsSlice(days, wire);
});

test('no two entries repeat each other', () => {
  const story = [
    ...strikes,
    article('rfi', '2015-10-09', [
      'French jets carried out a second wave of air strikes on Islamic State targets near Raqqa on Thursday night.',
      'French jets carried out a second wave of strikes on Islamic State targets near Raqqa on Thursday night, the ministry said.',
      'The Islamic State group has made Raqqa the capital of the caliphate it proclaimed in 2014.',
    ]),
    article('naharnet', '2015-10-10', [
      'French warplanes struck Islamic State targets near Raqqa on Thursday, October 8, the defence ministry said.',
      'French warplanes struck an Islamic State training camp near Deir Ezzor in eastern Syria on September 27, 2015.',
    ]),
  ];
  const days = timelineOf(story, { maxDates: 4, sentencesPerDate: 3 });
  const entries = days.flatMap((d) => d.entries);
  assert.ok(entries.length >= 3, 'the story has several things to say');
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i]?.text ?? '';
      const b = entries[j]?.text ?? '';
      assert.ok(jaccard(wordSet(a), wordSet(b)) < 0.5, `repeated:\n  ${a}\n  ${b}`);
    }
  }
  assert.ok(
    days.some((d) => d.date === '2015-10-08'),
    'the Raqqa strikes are dated by "Thursday"',
  );
  assertCitationsSlice(days, story);
});

test('a story that only knows the month is told by month', () => {
  const story = [
    article('a', '2015-06-10', [
      'In March 2015, engineers found cracks in the old bridge over the river at Saint-Martin.',
      'The town council has since voted money for repairs that should start after the summer holidays.',
    ]),
    article('b', '2015-06-12', [
      'Cracks in the bridge at Saint-Martin were first found by engineers in March 2015, the mayor said.',
      'Heavy lorries have been banned from the bridge until the repairs are finished next year.',
    ]),
  ];
  const days = timelineOf(story, { maxDates: 2, sentencesPerDate: 1 });
  const march = days.find((d) => d.date === '2015-03');
  assert.ok(march, `no March entry in ${JSON.stringify(days.map((d) => d.date))}`);
  assert.equal(march.granularity, 'month');
  assert.match(march.entries[0]?.text ?? '', /cracks/i);
  assert.ok(!days.some((d) => d.granularity === 'day' && d.date.startsWith('2015-03')));
  assert.deepEqual(
    days.map((d) => d.date),
    [...days.map((d) => d.date)].sort(),
    'dates in order',
  );
  assertCitationsSlice(days, story);
});

test('lengths are parameters, and months can be turned off', () => {
  const days = timelineOf(strikes, { maxDates: 2, sentencesPerDate: 2, months: false });
  assert.ok(days.length <= 2);
  for (const d of days) {
    assert.equal(d.granularity, 'day');
    assert.ok(d.entries.length >= 1 && d.entries.length <= 2);
  }
  const window = timelineOf(strikes, { maxDates: 5, window: { start: '2015-10-01', end: '2015-10-31' } });
  assert.ok(window.length > 0);
  assert.ok(window.every((d) => d.date >= '2015-10-01' && d.date <= '2015-10-31'));
});
