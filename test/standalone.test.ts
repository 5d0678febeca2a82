// Sentences that stand alone (issue 12, points 2 and 5): the splitter keeps abbreviations inside sentences; no
// timeline entry or summary sentence opens on an unresolved pronoun or a dateline; every relative day is shown
// with its date; the story title is its most central cleaned headline. The checks below are written apart from
// the composer's own rules, so that they count what a reader sees rather than repeat the code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { splitSentences } from '../src/text/sentences.js';
import { datelineLength } from '../src/compose/display.js';
import { composeStory } from '../src/compose/story.js';
import { articleLead, cleanHeadline, storyTitle } from '../src/compose/title.js';
import type { Analysis, Article, Story } from '../src/model.js';
import { STORY_ANALYZER } from '../src/pipeline/index.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

// ---- what a reader must not see ----

const TIME_NOUN = '(?:week|month|year|morning|afternoon|evening|night|weekend|time|summer|winter|spring|autumn|fall)';
const PRONOUN_START = new RegExp(
  `^["“‘(]?(?:It|He|She|They|His|Her|Hers|Their|Its|Them|This|These|Those|That)\\b(?!\\s+${TIME_NOUN}\\b)`,
);
const DATELINE_START =
  /^(?:[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)*\s*(?:,[^:]{0,40})?(?:--|—|–|:|\s-\s)|[A-Z][\w. ,]{0,40}\s*\([A-Za-z. ]{2,20}\)\s*(?:--|—|–|-|:)|\([A-Za-z. ]{2,20}\)\s*(?:--|—|–|-|:))/;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const RELATIVE_DAY = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|tomorrow|tonight)\b/gi;
/** A date note within a few words after a relative day ("Friday night [13 Nov]", "Friday's [13 Nov]"). */
const NOTE_AFTER = /^(?:['’]s)?(?:\s+[\w'’]+){0,3}\s*\[\d{1,2} [A-Z][a-z]{2}(?: \d{4})?\]/;

interface Problems {
  pronoun: string[];
  dateline: string[];
  undatedDay: string[];
}

/** What is wrong with one shown text; `entryDay` is its timeline day, which may stand for its own weekday. */
function check(text: string, problems: Problems, entryDay?: string): void {
  if (PRONOUN_START.test(text)) problems.pronoun.push(text);
  if (DATELINE_START.test(text)) problems.dateline.push(text);
  const ownWeekday = entryDay && /^\d{4}-\d{2}-\d{2}$/.test(entryDay) ? WEEKDAYS[new Date(entryDay).getUTCDay()] : '';
  for (const m of text.matchAll(RELATIVE_DAY)) {
    const word = m[1] ?? '';
    if (NOTE_AFTER.test(text.slice((m.index ?? 0) + word.length))) continue;
    // In a timeline the entry's own day is its heading: "on Friday" under a Friday needs no note.
    if (entryDay && (word === ownWeekday || !WEEKDAYS.includes(word))) continue;
    problems.undatedDay.push(text);
  }
}

function problemsOf(stories: readonly Story[]): Problems {
  const problems: Problems = { pronoun: [], dateline: [], undatedDay: [] };
  for (const s of stories) {
    for (const x of s.summary) check(x.text, problems);
    for (const d of s.timeline) for (const e of d.entries) check(e.text, problems, d.date);
  }
  return problems;
}

function assertNoProblems(p: Problems): void {
  assert.deepEqual(p.pronoun, [], 'entries opening on an unresolved pronoun');
  assert.deepEqual(p.dateline, [], 'entries opening on a dateline');
  assert.deepEqual(p.undatedDay, [], 'relative days without their date');
}

// ---- the splitter ----

test('abbreviations do not end a sentence; real sentence ends still do', () => {
  const text =
    'The reserve covers 5,000 sq. kms (1,930 sq. mi.) of largely untouched forest. Gov. Ada Brenn met Col. Ivo ' +
    'Tarr, Gen. Ruth Osk, Sen. Ned Fall and Rep. Lia Moor at St. Olave near Mt. Ferra on Jan. 5 and Sept. 9. ' +
    'The camp lies approx. 40 km. from No. 10 Quay Road. He said no. Then he left. The vote is in Jan. Nobody came.';
  const sentences = splitSentences(text).map((s) => text.slice(s.start, s.end));
  assert.deepEqual(sentences, [
    'The reserve covers 5,000 sq. kms (1,930 sq. mi.) of largely untouched forest.',
    'Gov. Ada Brenn met Col. Ivo Tarr, Gen. Ruth Osk, Sen. Ned Fall and Rep. Lia Moor at St. Olave near Mt. Ferra on Jan. 5 and Sept. 9.',
    'The camp lies approx. 40 km. from No. 10 Quay Road.',
    'He said no.',
    'Then he left.',
    'The vote is in Jan.',
    'Nobody came.',
  ]);
});

test('the splitter stays linear on a long run of abbreviations', () => {
  const text = 'Gov. '.repeat(20_000) + 'Brenn spoke.';
  const t0 = Date.now();
  const spans = splitSentences(text);
  assert.ok(spans.length >= 1);
  assert.ok(Date.now() - t0 < 10_000, 'bounded time');
});

// ---- datelines and titles ----

test('datelines and agency credits are recognised; ordinary openings are not', () => {
  for (const d of [
    'PARIS: ',
    'WESTBROOK HOLLOW: ',
    'MOSCOW, August 17 (Xinhua) -- ',
    '(AP) — ',
    'Paris (AFP) - ',
    'SAO PAULO, Brazil, Nov. 8 -- ',
    'Paris: ',
    'NEW YORK , Sept. 29 -- ',
    'NEW YORK -LRB- CNNMoney.com -RRB- -- ',
  ])
    assert.equal(datelineLength(`${d}The council met.`), d.length, d);
  for (const s of [
    'The council met - briefly.',
    'A BBC reporter said so.',
    'Hollande - who spoke first - left.',
    'UK-based charity Oxfam has urged donors to act.',
    'BACK -LCB- current -RCB- of -LCB- total -RCB- NEXT The council met.',
    'The Disasters Emergency Committee (DEC) - the umbrella group - met.',
  ])
    assert.equal(datelineLength(s), 0, s);
});

test('headlines are cleaned of tokenisation, datelines and outlet tails', () => {
  assert.equal(
    cleanHeadline("Ferry strike -LRB- day two -RRB- halts `` river link '' - Tidewire Daily"),
    'Ferry strike (day two) halts "river link"',
  );
  assert.equal(cleanHeadline("Mayor 's plan fails | The Velmora Courier"), "Mayor's plan fails");
  assert.equal(cleanHeadline('VELMORA CITY: Ferries stop again'), 'Ferries stop again');
});

// ---- fictional articles (invented for this test: the places, people and outlets do not exist) ----

function article(id: string, published: string, title: string, paragraphs: string[]): Article {
  return {
    id,
    source: `${id}.txt`,
    title,
    published: { value: published, precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
}

const FICTION = [
  article('fic-1', '2031-03-08', 'Opinion: why I still love the ferries', [
    'VELMORA CITY (Tidewire) -- I have taken the Velmora river ferry to work for twenty years.',
    'It is slow, it is cold, and it is the best part of my day.',
  ]),
  article('fic-2', '2031-03-08', 'Velmora ferry strike halts river crossings - Tidewire Daily', [
    'VELMORA CITY (Tidewire) -- Ferry crews in Velmora walked out on Friday, halting every river crossing in the city.',
    'Mayor Ilse Varga called the ferry strike a blow to thousands of commuters.',
    'She said on Saturday that talks with the Velmora Ferry Union would resume on Monday.',
    'It will examine why warnings about crew shortages went unheeded for months.',
    'The union says crews have worked without a new contract since last spring.',
  ]),
  article('fic-3', '2031-03-11', 'Velmora ferry strike ends as crews accept deal', [
    'Velmora (Harbour Wire) - The Velmora ferry strike ended on Tuesday after crews accepted a new contract.',
    'Mayor Ilse Varga said the river crossings would reopen on Wednesday morning.',
    'They detail pay rises over three years and more crew on night crossings.',
    'Union leader Taro Bex said the strike had shown how much the city relies on its ferries.',
  ]),
];

function fictionStory(): Story {
  const analyses = new Map<string, Analysis>(FICTION.map((a) => [a.id, analyzeArticle(a)] as const));
  return composeStory(
    { id: 'fic', version: 1, updated: '2031-03-12T00:00:00Z', articles: FICTION, analyses },
    STORY_ANALYZER,
  );
}

test('fictional story: every entry stands alone, cites its original sentence, and the title is central', () => {
  const story = fictionStory();
  assertNoProblems(problemsOf([story]));
  const entries = [...story.summary, ...story.timeline.flatMap((d) => d.entries)];
  assert.ok(entries.length > 0);
  const byId = new Map(FICTION.map((a) => [a.id, a] as const));
  for (const e of entries) {
    assert.ok(e.citations.length > 0, 'cited');
    // The citation is the sentence as written (dateline, pronoun and all); the shown text is derived from it.
    const c = e.citations[0];
    const cited = c ? byId.get(c.article)?.text.slice(c.start, c.end) : undefined;
    assert.ok(cited && cited.length > 0);
  }
  const shownDateline = entries.find((e) => /^Ferry crews in Velmora walked out/.test(e.text));
  if (shownDateline) {
    const c = shownDateline.citations[0];
    assert.ok(c && byId.get(c.article)?.text.slice(c.start).startsWith('VELMORA CITY (Tidewire) --'));
  }
  // "It" and "They" have no antecedent here (the union is named, but not as the subject): not shown at all.
  assert.ok(!entries.some((e) => /will examine|detail pay rises/.test(e.text)), 'unresolvable sentences are not shown');
  // "She said on Saturday" is the mayor's: shown with her name.
  assert.ok(
    entries.some((e) => /^(?:Mayor )?Ilse Varga said on Saturday/.test(e.text)),
    'a pronoun resolved',
  );
  assert.equal(story.title, storyTitle(FICTION));
  assert.match(story.title, /^Velmora ferry strike/, 'a headline about the strike, not the opinion piece');
  assert.doesNotMatch(story.title, /Tidewire Daily/);
});

test('untitled articles: leads and titles from the analysis sentences are those the splitter gives', () => {
  // The fictional articles without headlines, one whose first sentence runs past the opening a lead is cut from.
  const longFirst = article('fic-long', '2031-03-12', '', [
    `${'The Velmora harbour board, which met for the third time this month in the old customs hall beside the ferry terminal, '.repeat(4)}voted to reopen talks. The union agreed.`,
  ]);
  const untitled: Article[] = [...FICTION.map(({ title: _title, ...a }) => a), longFirst];
  const analyses = new Map<string, Analysis>(untitled.map((a) => [a.id, analyzeArticle(a)] as const));
  for (const a of untitled) assert.equal(articleLead(a.text, analyses.get(a.id)?.sentences), articleLead(a.text), a.id);
  const title = storyTitle(untitled, analyses);
  assert.ok(title, 'a title from the openings');
  assert.equal(title, storyTitle(untitled));
});

// ---- the seeds ----

test(
  'seeds: no entry opens on a pronoun or a dateline, every relative day is dated',
  { skip: needShared('seeds') },
  () => {
    const run = spawnSync(
      process.execPath,
      [
        join(projectRoot, 'dist', 'src', 'cli', 'main.js'),
        'digest',
        sharedPath('seeds', 'articles'),
        '--manifest',
        sharedPath('seeds', 'manifest.jsonl'),
        '--json',
      ],
      { cwd: projectRoot, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
    );
    assert.equal(run.status, 0, run.stderr);
    const { stories } = JSON.parse(run.stdout) as { stories: Story[] };
    assert.ok(stories.length > 0);
    const problems = problemsOf(stories);
    assertNoProblems(problems);
    for (const s of stories) {
      assert.doesNotMatch(s.title, /-LRB-|``| 's\b|\s[-|]\s[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3}$/, 'a clean title');
    }
  },
);
