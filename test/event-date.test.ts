// Event dating (issue 12): a sentence is dated by the expression of its main event, not by the first or nearest
// one. Fictional sentences, anchored on a Monday (2031-11-17).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { reportsAtReference, sentenceEventDate, tellsBackground } from '../src/analyze/event-date.js';
import { findTimeExpressions } from '../src/analyze/timex.js';
import { timelineDateOf } from '../src/compose/timeline.js';
import { timelineSentences } from '../src/compose/timeline-sentences.js';
import type { Article } from '../src/model.js';

const MONDAY = '2031-11-17';

function eventDate(sentence: string): string | undefined {
  return sentenceEventDate(sentence, findTimeExpressions(sentence, MONDAY));
}

test('a pluperfect clause is background: the acknowledgement is the event, not the bombing', () => {
  const s = 'The Calveran government acknowledged on Friday that a bomb had destroyed a Norvale airliner last month.';
  assert.equal(eventDate(s), '2031-11-14');
  const undated = 'The Calveran government acknowledged that a bomb had destroyed a Norvale airliner last month.';
  assert.equal(eventDate(undated), undefined);
  assert.ok(reportsAtReference(undated), 'a reporting frame reports at the reference date');
  // The same bombing told in the main clause dates the sentence.
  assert.equal(eventDate('A bomb destroyed a Norvale airliner last month.'), '2031-10');
});

test('"since" bounds a period: the strike of the day is the event', () => {
  assert.equal(
    eventDate('Calveran jets struck the depots of Ostrava on Friday, the heaviest raid since 30 September.'),
    '2031-11-14',
  );
  const s = 'Calveran jets have struck the depots of Ostrava every night since 30 September.';
  assert.equal(eventDate(s), undefined);
  assert.ok(reportsAtReference(s), 'a present perfect reports at the reference date');
});

test('"last month" inside a reported clause dates the report, not the sentence; in the main clause it dates it', () => {
  const s = 'The Norvale trade minister says exports of river salt fell sharply last month.';
  assert.equal(eventDate(s), undefined);
  assert.ok(reportsAtReference(s));
  assert.equal(eventDate('Exports of river salt fell sharply last month, the minister says.'), '2031-10');
  // A day in what was said stays the reported event: the breach is the news, whoever reports it.
  assert.equal(eventDate('Engineers said the Lumen dam gave way on Friday.'), '2031-11-14');
});

test("a dateline's day is the day of writing, not the event's", () => {
  const s = 'LUMEN CITY, Nov. 17 (NPA) -- The Lumen dam gave way on Friday, flooding three villages.';
  assert.equal(eventDate(s), '2031-11-14');
  const plain = 'LUMEN CITY, Nov. 17 (NPA) -- Rescue teams are searching the flooded valley.';
  assert.equal(eventDate(plain), undefined);
  assert.ok(reportsAtReference(plain));
});

test('a relative clause, a possessive day and a plan are background', () => {
  assert.equal(eventDate('Crews reinforced the wall, which had cracked on 2 November, overnight.'), undefined);
  assert.equal(eventDate("Traders sold salt after Friday's breach."), undefined);
  assert.equal(eventDate('The governor will visit the valley on 20 November, her office says.'), undefined);
  // A dateless past narration is no report of the day.
  assert.equal(reportsAtReference('The wall cracked and water poured through the gap.'), false);
});

/** The timeline date of each sentence of a fictional article published on MONDAY, by the sentence's opening. */
function timelineDates(id: string, paragraphs: string[]): (start: string) => string | undefined {
  const a: Article = {
    id,
    source: `${id}.txt`,
    published: { value: MONDAY, precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
  const sentences = timelineSentences(a, analyzeArticle(a));
  return (start) => {
    const s = sentences.find((x) => x.text.startsWith(start));
    assert.ok(s, `no sentence "${start}"`);
    return timelineDateOf(s);
  };
}

test('the timeline dates a background sentence by its article, wherever it stands', () => {
  const paragraphs = [
    'Norvale opened an inquiry into the Lumen dam breach on Monday, the province said.',
    'Rescue teams searched the valley for a third day.',
    'The river authority inspected the wall in the spring.',
    'Engineers from three provinces joined the search teams.',
    'Farmers moved their herds to the hills above the valley.',
    'The regional airport stayed closed to passenger flights.',
    'The inquiry acknowledged that a bomb had destroyed the pumping station last month, officials said.',
  ];
  const dateOf = timelineDates('lumen-1', paragraphs);
  assert.equal(dateOf('Norvale opened'), MONDAY);
  assert.equal(dateOf('The inquiry acknowledged'), MONDAY, 'not 2031-10: "last month" is the background');
  assert.equal(dateOf('The regional airport'), undefined, 'a dateless past narration deep in the article');
});

test('an undated background statement gets no date from its article, even as its lead', () => {
  const paragraphs = [
    'Norvale, like its neighbour Calvera, has previously confined its flood patrols to the lower valley.',
    'The authority said it had closed the dam road, and engineers began work on Monday.',
  ];
  const dateOf = timelineDates('lumen-2', paragraphs);
  assert.equal(dateOf('Norvale, like'), undefined, '"previously": background, though it opens the article');
  assert.equal(dateOf('The authority said'), MONDAY, 'a report at its publication');
  assert.ok(tellsBackground('The dam had formerly held back the spring floods.'));
  assert.ok(!tellsBackground('The council had a meeting planned for the evening.'));
});
