// Citations with their strength (same / near / related), copies cited and marked, and a summary told in the
// order of its events with a one-line "latest". The articles are fictional: a flood in the invented town of
// Orrendale on the invented river Kessa, in 2031.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeArticle } from '../src/analyze/analyze.js';
import { CopyCitations, citationGroups, matchOf } from '../src/compose/citations.js';
import { candidateSentences } from '../src/compose/sentences.js';
import { composeStory } from '../src/compose/story.js';
import { renderStoryHtml } from '../src/cli/render-html.js';
import { renderStoryMarkdown } from '../src/cli/render-md.js';
import type { Analysis, Article, Citation, CitedText, Story } from '../src/model.js';
import { refreshStories, STORY_ANALYZER } from '../src/pipeline/index.js';
import { storyPage } from '../src/server/pages/story.js';
import { openStore } from '../src/store/open.js';

function article(id: string, published: string, paragraphs: string[], outlet: string): Article {
  return {
    id,
    source: `${id}.txt`,
    published: { value: published, precision: 'day', from: 'sidecar' },
    title: `Orrendale flood (${outlet})`,
    outlet,
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
}

const BREACH =
  'The river Kessa burst through the eastern levee of Orrendale on 3 May 2031 after four days of heavy rain.';
const EVACUATION =
  'Emergency services ordered the evacuation of 4,000 residents from the lower town of Orrendale on 5 May 2031.';

const wire = article(
  'wire',
  '2031-05-06',
  [
    BREACH,
    EVACUATION,
    'Volunteers filled sandbags through the night at the old grain market while the brown water kept rising.',
  ],
  'Tamber Press',
);
// The wire story as another outlet printed it: its dateline in front, one word of one sentence edited, its own
// last line.
const copy = article(
  'copy',
  '2031-05-06',
  [
    `ORRENDALE (Kessa Daily) — ${BREACH}`,
    'Emergency services ordered the evacuation of 4,000 people from the lower town of Orrendale on 5 May 2031.',
    'Readers can send photographs of the flood to the newsroom of the Kessa Daily.',
  ],
  'Kessa Daily',
);
const gazette = article(
  'gazette',
  '2031-05-07',
  [
    'Shelters in the Orrendale schools took in hundreds of families on 6 May 2031, their houses under a metre of water.',
    'The mayor of Orrendale thanked the fire brigades of three neighbouring valleys for their boats.',
    // The evacuation again, in other words.
    'On 5 May 2031 emergency services evacuated 4,000 residents of the lower town of Orrendale, ordering them out.',
    'The provincial governor toured the flooded streets of Orrendale on 9 May 2031 and met families in the shelters.',
  ],
  'Orrendale Gazette',
);
const herald = article(
  'herald',
  '2031-05-10',
  [
    'Governor Ilsa Marrow opened a reconstruction fund of 12 million crowns for Orrendale on 9 May 2031.',
    'Families evacuated on 5 May 2031 from the lower town of Orrendale began to return to their streets.',
    'The town council of Orrendale will vote on the reconstruction budget on 20 June 2031, officials said.',
    'Councillors of Orrendale expect the vote on the reconstruction budget on 20 June 2031 to be close.',
  ],
  'Valley Herald',
);

function compose(articles: Article[], duplicateOf = new Map<string, string>()): Story {
  const analyses = new Map<string, Analysis>(articles.map((a) => [a.id, analyzeArticle(a)] as const));
  return composeStory(
    { id: 'orrendale', version: 1, updated: '2031-05-11T00:00:00Z', articles, analyses, duplicateOf },
    STORY_ANALYZER,
  );
}

const texts = new Map([wire, copy, gazette, herald].map((a) => [a.id, a.text] as const));
const spanOf = (c: Citation): string => (texts.get(c.article) ?? '').slice(c.start, c.end);

/** Every cited text of a story: summary, latest, timeline entries. */
function citedTexts(story: Story): CitedText[] {
  return [...story.summary, ...(story.latest ? [story.latest] : []), ...story.timeline.flatMap((d) => d.entries)];
}

describe('how strong a citation is', () => {
  test('the same words are "same", whatever the case, punctuation or dateline', () => {
    assert.equal(matchOf(BREACH, `ORRENDALE (Kessa Daily) — ${BREACH.toUpperCase().replace(/,/g, '')}`), 'same');
  });

  test('one word edited is "near"; the same content in other words is "related"', () => {
    assert.equal(matchOf(EVACUATION, EVACUATION.replace('residents', 'people')), 'near');
    const paraphrase =
      'On 5 May 2031 emergency services evacuated 4,000 residents of the lower town of Orrendale, ordering them out.';
    assert.equal(matchOf(EVACUATION, paraphrase), 'related');
  });

  test("a copy's sentence is cited, marked as a copy, unless the copy rewrote it beyond recognition", () => {
    const analyses = new Map<string, Analysis>();
    const copies = new CopyCitations([wire, copy], analyses, new Map([['copy', 'wire']]));
    const at = (text: string, sentence: string): Citation => {
      const start = text.indexOf(sentence);
      return { article: 'wire', start, end: start + sentence.length, match: 'same' };
    };
    const [, breachCopy] = copies.expand([at(wire.text, BREACH)]);
    assert.equal(breachCopy?.article, 'copy');
    assert.equal(breachCopy?.copy, true);
    assert.equal(breachCopy?.match, 'same');
    assert.equal(
      spanOf(breachCopy as Citation)
        .trim()
        .endsWith(BREACH),
      true,
    );
    const [, evacuationCopy] = copies.expand([at(wire.text, EVACUATION)]);
    assert.equal(evacuationCopy?.match, 'near');
    // The copy replaced the sandbag line with its own: nothing of it prints the wire's.
    const sandbags = wire.paragraphs[2] as string;
    assert.deepEqual(
      copies.expand([at(wire.text, sandbags)]).map((c) => c.article),
      ['wire'],
    );
  });
});

describe('a story composed with a copy and a paraphrase', () => {
  const articles = [wire, copy, gazette, herald];
  const story = compose(articles, new Map([['copy', 'wire']]));

  test('every citation says how close its span is to the cited text shown first', () => {
    let n = 0;
    for (const item of citedTexts(story)) {
      const [first, ...rest] = item.citations;
      assert.ok(first, `uncited: ${item.text}`);
      assert.equal(first.match, 'same', item.text);
      for (const c of rest) {
        assert.equal(c.match, matchOf(spanOf(first), spanOf(c)), `${c.article} for ${item.text}`);
        n++;
      }
    }
    assert.ok(n > 0, 'some text cites more than one article');
  });

  test('the evacuation cites the wire and its copy strongly, the paraphrase as related', () => {
    const evacuation = story.summary.find((s) => /evacuat/.test(s.text) && /5 May/.test(s.text));
    assert.ok(evacuation, `no evacuation in ${story.summary.map((s) => s.text).join(' | ')}`);
    const by = new Map(evacuation.citations.map((c) => [c.article, c] as const));
    assert.equal(by.get('copy')?.copy, true, 'the copy is cited, as a copy');
    assert.equal(by.get('wire')?.copy, undefined);
    assert.notEqual(by.get('wire')?.match, 'related');
    assert.notEqual(by.get('copy')?.match, 'related');
    assert.ok([by.get('wire')?.match, by.get('copy')?.match].includes('near'), 'one word differs: a near copy');
    assert.equal(by.get('gazette')?.match, 'related');
  });

  test('a sentence the copy prints in a timeline entry cites the copy too', () => {
    const breach = story.timeline.find((d) => d.date === '2031-05-03')?.entries[0];
    assert.ok(breach, `no 3 May entry in ${story.timeline.map((d) => d.date).join(', ')}`);
    const cited = breach.citations.find((c) => c.article === 'copy');
    assert.deepEqual([cited?.copy, cited?.match], [true, 'same']);
  });

  test('the summary is 3–5 sentences in the order of their events, from the first to the latest', () => {
    assert.ok(story.summary.length >= 3 && story.summary.length <= 5, `${story.summary.length} sentences`);
    // Each sentence's event date as composition reads it: named in the text, else its article's day for a lead.
    const dateOf = (c: Citation | undefined): string | undefined => {
      const a = articles.find((x) => x.id === c?.article);
      return a && candidateSentences(a, analyzeArticle(a)).find((s) => s.start === c?.start)?.date;
    };
    const dates = story.summary.map((s) => dateOf(s.citations[0]));
    assert.ok(
      dates.every((d) => d !== undefined),
      'every summary sentence reports a dated event',
    );
    assert.deepEqual(dates, [...dates].sort(), 'chronological');
    assert.equal(dates[0], '2031-05-03', 'opens on the first event');
    assert.equal(dates.at(-1), '2031-05-09', 'ends on the latest event: the vote planned for June has not happened');
    assert.ok(dates.includes('2031-05-05'), 'tells the day most articles report');
    for (const s of story.summary) assert.ok(s.citations.length > 0, `uncited: ${s.text}`);
  });

  test('"latest" is one cited sentence of the most recent event, not of a plan', () => {
    assert.ok(story.latest, 'a story with dated events has a latest line');
    assert.equal(story.latest.date, '2031-05-09');
    assert.match(story.latest.text, /9 May 2031/);
    assert.ok(story.latest.citations.length > 0);
    assert.doesNotMatch(story.latest.text, /\n/);
  });

  test('Markdown and HTML show related sources after "cf.", copies as copies, and the latest line', () => {
    const md = renderStoryMarkdown(story);
    const numbers = new Map(story.articles.map((a, i) => [a.id, i + 1] as const));
    assert.match(md, /^\*\*Latest \(2031-05-09\):\*\* /m);
    assert.match(
      md,
      new RegExp(`cf\\. \\[${numbers.get('gazette')}\\]\\(#article-gazette "says it in other words"\\)`),
    );
    assert.match(
      md,
      new RegExp(`\\[${numbers.get('copy')} copy\\]\\(#article-copy "[^"]*a copy of source ${numbers.get('wire')}"\\)`),
    );
    const page = renderStoryHtml([story]);
    assert.match(
      page,
      /<span class="cf">cf\. <a class="cite related" href="#a-gazette" title="says it in other words">/,
    );
    assert.match(page, /<a class="cite copy" href="#a-copy"[^>]*>\[\d+ copy\]<\/a>/);
    assert.match(page, /<p class="latest"><strong>Latest<\/strong>/);
  });

  test('the web page shows the latest line, related sources after "cf." and copies as copies', () => {
    const web = storyPage(story, []).replace(/\s+/g, ' ');
    assert.match(web, /<p class="latest"> <strong>Latest<\/strong>/);
    assert.match(web, /<span class="cf">cf\. <a class="cite related" href="\/articles\/gazette\?hl=/);
    assert.match(web, /<a class="cite copy" href="\/articles\/copy\?hl=[^"]*"[^>]*title="[^"]*a copy of source \d+"/);
    assert.match(web, /<p class="muted legend">/);
  });
});

test('related citations come after the strong ones, one per article', () => {
  const c = (article: string, match: Citation['match']): Citation => ({ article, start: 0, end: 1, match });
  const groups = citationGroups([c('a', 'same'), c('b', 'related'), c('a', 'near'), c('d', 'near')]);
  assert.deepEqual(
    groups.strong.map((x) => x.article),
    ['a', 'd'],
  );
  assert.deepEqual(
    groups.related.map((x) => x.article),
    ['b'],
  );
});

test('a reprint the dedup stage finds is cited, as a copy, by the story made from the store', async () => {
  // A long wire story and its reprint: the reprint edits one word and adds a credit line, a near copy (≥ .8).
  const lines = [
    BREACH,
    EVACUATION,
    'Volunteers filled sandbags through the night at the old grain market while the brown water kept rising.',
    'The Orrendale fire brigade carried elderly residents from the riverside flats to the school on Tanner Hill.',
    'Farmers in the Ardel valley moved their cattle to the upper pastures as the river spread over the fields.',
    'The regional railway suspended trains between Orrendale and Massel after water covered the tracks at Lowbridge.',
    'Engineers of the Kessa water board said the eastern levee had been raised twice since the great flood of 1988.',
    'The mayor of Orrendale asked residents of the lower town to stay away from the river banks until further notice.',
    'Shops on Mill Street closed early and owners stacked sandbags against their doors before the evening.',
    'Forecasters expect more rain over the Ardel hills for the rest of the week, with the river still rising.',
  ];
  const original = article('wire-long', '2031-05-06', lines, 'Tamber Press');
  const reprint = article(
    'reprint',
    '2031-05-07',
    [
      ...lines.map((l) => l.replace('elderly residents', 'older residents')),
      'Reprinted by permission of the Tamber Press.',
    ],
    'Kessa Daily',
  );
  const store = await openStore(':memory:');
  try {
    for (const a of [original, reprint]) await store.saveArticle(a, analyzeArticle(a));
    await refreshStories(store, '2031-05-08T00:00:00.000Z');
    const [listed] = await store.listStories({ limit: 10 });
    const story = listed && (await store.getStory(listed.id));
    assert.ok(story);
    assert.equal(
      story.articles.find((a) => a.id === 'reprint')?.duplicateOf,
      'wire-long',
      'the dedup stage saw a copy',
    );
    const items = citedTexts(story);
    assert.ok(items.length > 0);
    for (const item of items) {
      const copyCitation = item.citations.find((c) => c.article === 'reprint');
      assert.ok(copyCitation, `the reprint prints, and cites, ${item.text}`);
      assert.equal(copyCitation.copy, true);
      assert.notEqual(copyCitation.match, 'related');
    }
  } finally {
    await store.close();
  }
});
