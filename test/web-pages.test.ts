// The pages at scale, as pure functions: a big story's page stays small and pages its sources; the coverage
// picture, the map's label placer, titles, the timeline's size; and the server's compression and ETags.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { test } from 'node:test';
import { UNTITLED_ARTICLE } from '../src/compose/settings.js';
import { timelineDates } from '../src/compose/timeline.js';
import {
  articleLead,
  gluedHeadline,
  articleTitle,
  sentenceTitle,
  shortened,
  storyDisplayTitle,
  storyTitle,
} from '../src/compose/title.js';
import { matchesEtag, preferredEncoding } from '../src/server/caching.js';
import { coverageOf, coverageText, UNKNOWN_OUTLET } from '../src/server/pages/coverage.js';
import { type Box, frameAround, isPoint, placeLabels, placesMap } from '../src/server/pages/map.js';
import { snippetHtml } from '../src/server/pages/search.js';
import { storyPage } from '../src/server/pages/story.js';
import { createServer } from '../src/server/server.js';
import { CITATIONS_SHOWN, COMPRESS_IN_PLACE_MAX_BYTES, COVERAGE, STORY_PAGE } from '../src/server/settings.js';
import { citationLinks } from '../src/server/pages/common.js';
import { openStore } from '../src/store/open.js';
import { detokeniseRun } from '../src/text/ptb.js';
import { makeArticle } from './store-contract.js';
import { articleText, bigStory, storyDay } from './web-scale-fixtures.js';

const view = { sources: 1, people: 1, speakers: 1, events: 1 };
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

test('a story of 1,500 articles gives a page the size of a small one, its sources a page at a time', () => {
  const small = storyPage(bigStory(30), [], view);
  const big = storyPage(bigStory(1500), [], view);
  assert.ok(big.length < small.length * 1.6, `big ${big.length} vs small ${small.length}`);
  assert.equal(count(big, /<li id="src-/g), STORY_PAGE.sourcesPerPage);
  assert.match(big, /Sources 1–20 of 1,350/); // 1,500 less the 150 copies, which sit under what they copy
  assert.match(big, /href="\?sources=2#sources-h" rel="next"/);
  // The last page holds the remainder, and the numbering carries on.
  const last = storyPage(bigStory(1500), [], { ...view, sources: 68 });
  assert.equal(count(last, /<li id="src-/g), 1350 - 67 * 20);
  assert.match(last, /rel="prev"/);
  assert.doesNotMatch(last, /rel="next"/);
  // Outlets with their counts, each a link to its sources alone.
  assert.match(big, /Quennel Gazette<\/a>\s*<span class="muted">600<\/span>/);
  const one = storyPage(bigStory(1500), [], { ...view, outlet: 'Tidewater Post' });
  assert.match(one, /showing Tidewater Post only/);
  assert.match(one, /of 150 \(page 1 of 8\)/);
});

test('a summary older than the source list says so; a current one says nothing', () => {
  const story = bigStory(200);
  const current = storyPage({ ...story, composedFrom: { version: story.version, articles: 200 } }, [], view);
  assert.doesNotMatch(current, /class="muted composed"/);
  const older = storyPage({ ...story, composedFrom: { version: story.version - 1, articles: 188 } }, [], view);
  assert.match(older, /Written when the story had 188 articles; the 12 articles since are in its sources/);
});

test('long lists show a head and a "more" link that shows more', () => {
  const story = bigStory(200);
  const first = storyPage(story, [], view);
  assert.equal(count(first, /href="\/entities\/PERSON/g) >= STORY_PAGE.entitiesStep, true);
  assert.ok(count(first, /href="\/entities\/PERSON%3Ap/g) < 2 * STORY_PAGE.entitiesStep + 10);
  assert.match(first, /href="\?people=2#who-h"/);
  const more = storyPage(story, [], { ...view, people: 2 });
  assert.ok(count(more, /href="\/entities\/PERSON%3Ap/g) > count(first, /href="\/entities\/PERSON%3Ap/g));
  assert.match(first, /href="\?speakers=2#quotes-h"/);
  assert.match(first, /href="\?events=2#events-h"/);
  // A shared passage is quoted in part, not pages of wire copy.
  assert.ok(!first.includes('The harbour office repeats its advice number 0. '.repeat(20)));
});

test('a long timeline folds by month; its text is detokenised for display', () => {
  const html = storyPage(bigStory(200), [], view);
  assert.equal(count(html, /<details class="month" open/g), 2); // March and April 2031
  assert.match(html, /the tide rose at Quennel Bay \(again\)\./);
  assert.doesNotMatch(html, /-LRB-/);
});

test('the page has a skip link to its side column, and the untitled articles their one fallback', () => {
  const html = storyPage(bigStory(40), [], view);
  assert.match(html, /<a class="skip" href="#side">Skip to side column<\/a>/);
  assert.match(html, /<aside class="story-side" id="side"/);
  assert.match(html, /“Flood barriers at Quennel Bay were raised again, report 0…”/);
});

test('a sentence with fifty sources shows a few marks and counts the rest', () => {
  const sources = new Map(
    Array.from({ length: 60 }, (_, i) => [`s${i}`, { number: i + 1, label: `Source ${i}` }] as const),
  );
  const cites = Array.from({ length: 50 }, (_, i) => ({
    article: `s${i}`,
    start: 0,
    end: 5,
    match: i < 10 ? ('same' as const) : ('related' as const),
  }));
  const marks = String(citationLinks(cites, sources));
  assert.equal(count(marks, /class="cite/g), CITATIONS_SHOWN.strong + CITATIONS_SHOWN.related);
  assert.match(marks, /\+4<\/span>/); // 10 printing it, 6 shown
  assert.match(marks, /\+37<\/span>/); // 40 in other words, 3 shown
});

test('the timeline has more dates for a bigger story, within its bounds', () => {
  assert.equal(timelineDates(5), 10);
  assert.ok(timelineDates(100) > timelineDates(25));
  assert.equal(timelineDates(100_000), 40);
});

test('titles: cleaned of tokenisation and cut at a word; one fallback for untitled articles', () => {
  assert.equal(shortened('The ferry to Quillan Isle ran again on Monday', 20), 'The ferry to Quillan…');
  assert.equal(shortened('short', 20), 'short');
  const t = sentenceTitle(
    "Harbour warden Mara Ellwood , speaking at the Quennel Bay pier on Monday , said the council 's barrier held back the worst tide in forty years .",
  );
  assert.ok(t.length <= 91, t);
  assert.equal(t, 'Harbour warden Mara Ellwood, speaking at the Quennel Bay pier on Monday, said the…');
  assert.doesNotMatch(t, / ,|-LRB-/);
  assert.equal(articleTitle(undefined), UNTITLED_ARTICLE);
  assert.equal(articleTitle('  '), UNTITLED_ARTICLE);
  assert.equal(articleTitle(undefined, 'Opening words'), '“Opening words”');
  assert.equal(articleTitle('Tide -LRB- again -RRB- rises - Harbour Wire'), 'Tide (again) rises');
  assert.equal(articleLead('QUENNEL BAY (Harbour Wire) - The barrier held .'), 'The barrier held.');
  assert.equal(storyDisplayTitle(''), '(untitled story)');
  // A wire page's header and dateline run into the text (fictional: no such report exists).
  assert.equal(
    articleLead(
      'OSTRY\\/DUNMERE | Tue Mar 4 , 2031 6:15 pm GMT OSTRY\\/DUNMERE -LRB- Harbour Wire -RRB- - The barrier held .',
    ),
    'The barrier held.',
  );
});

test("a story without headlines is titled by its most central opening sentence, not the first article's", () => {
  const texts = [
    'Residents of Ostry enjoyed a sunny kite festival weekend by the old lighthouse and the dunes.',
    'Flood barriers at Quennel Bay failed on Monday as the harbour flood reached the town centre.',
    'QUENNEL BAY (Harbour Wire) - The harbour flood at Quennel Bay closed the town centre for a second day .',
    'The harbour flood at Quennel Bay rose again as barriers were raised around the town centre.',
  ];
  const articles = texts.map((t, i) => makeArticle(`t${i}`, [t, 'The council met in the evening.']));
  const title = storyTitle(articles);
  assert.ok(title);
  assert.doesNotMatch(title, /kite festival/);
  assert.match(title, /harbour flood/i);
  assert.doesNotMatch(title, /QUENNEL BAY \(|Harbour Wire| \./, 'dateline and tokenisation gone');
});

test('a headline run into the text is told from the body: as the article lead, and preferred as the story title', () => {
  // Fictional texts that lost the break between headline and body.
  assert.equal(
    gluedHeadline(
      'Quennel Bay barrier holds against record tide The harbour council said the barrier held on Monday .',
    ),
    'Quennel Bay barrier holds against record tide',
  );
  assert.equal(
    gluedHeadline('Ferry Strike Ends at Ostry Pier An agreement was signed on Tuesday .'),
    'Ferry Strike Ends at Ostry Pier',
    'a title-case headline keeps its small words small: the capital "An" starts the body',
  );
  const whole = 'Warden Mara Ellwood told readers of The Harbour Wire that the tide would turn by May.';
  assert.equal(gluedHeadline(whole), whole, 'a capital after a function word ("of The") is a name, not a break');
  assert.equal(gluedHeadline('Why The tide turned'), 'Why The tide turned', 'too few words before it to be a headline');
  assert.equal(
    articleLead('Quennel Bay barrier holds against record tide The harbour council said the barrier held on Monday .'),
    'Quennel Bay barrier holds against record tide',
  );
  assert.equal(
    articleLead('4 March 2031 Last updated at 18:15 GMT Help The barrier held back the worst tide in forty years .'),
    'The barrier held back the worst tide in forty years.',
    'a date stamp run in before the text is dropped',
  );
  const texts = [
    'Harbour flood closes Quennel Bay town centre The water reached the market square on Monday , officials said .',
    'The harbour flood at Quennel Bay reached the market square on Monday as barriers failed along the town centre.',
    'Residents of Quennel Bay waded through the harbour flood in the town centre on Monday, the council said.',
  ];
  const title = storyTitle(texts.map((t, i) => makeArticle(`g${i}`, [t, 'The council met in the evening.'])));
  assert.equal(title, 'Harbour flood closes Quennel Bay town centre', 'the run-in headline, whole, not a cut sentence');
});

test('a run of an article cut at a highlight is detokenised without gluing it to its neighbours', () => {
  const runs = ['Warden ', 'Mara Ellwood', ' , speaking -LRB- at the pier -RRB- ', 'said so .'];
  assert.equal(runs.map(detokeniseRun).join(''), 'Warden Mara Ellwood, speaking (at the pier) said so.');
});

test('coverage: articles per day by outlet, the others together, the timeline dates marked', () => {
  const story = bigStory(300);
  const c = coverageOf(story);
  assert.ok(c);
  assert.equal(c.outlets.length, COVERAGE.outlets);
  assert.equal(c.outlets.at(-1), 'other outlets');
  assert.equal(
    c.totals.reduce((a, b) => a + b, 0),
    300,
  );
  assert.equal(
    c.bins.reduce((s, b) => s + b.counts.reduce((a, x) => a + x, 0), 0),
    300,
  );
  assert.equal(c.bins.length, 42); // six weeks of days, one bar a day
  assert.equal(c.marks.length, 30);
  assert.equal(c.firstReport.outlet, 'Quennel Gazette');
  const text = coverageText(c);
  assert.match(text, /300 dated articles from 1 Mar 2031 to 11 Apr 2031/);
  assert.match(text, /Quennel Gazette 120/);
  // A long span is binned so that the bars stay few.
  const long = {
    ...story,
    articles: story.articles.map((a, i) => ({ ...a, published: storyDay(0).replace('2031', String(2031 + (i % 3))) })),
  };
  const cl = coverageOf(long);
  assert.ok(cl && cl.bins.length <= COVERAGE.maxBars && cl.binDays > 1);
  // An outlet that only printed copies is named as such; undated articles are counted, not drawn.
  const wire = coverageOf({
    timeline: [],
    articles: [
      { id: 'a', outlet: 'Harbour Wire', published: '2031-03-01' },
      { id: 'b', outlet: 'Ostry Bulletin', published: '2031-03-02', duplicateOf: 'a' },
      { id: 'c' },
    ],
  });
  assert.deepEqual(wire?.onlyCopies, ['Ostry Bulletin']);
  assert.equal(wire?.undated, 1);
  assert.equal(coverageOf({ timeline: [], articles: [{ id: 'x', outlet: UNKNOWN_OUTLET }] }), undefined);
});

test('map labels never overlap one another, never leave the frame, and are dropped when there is no room', () => {
  // A crowd of places around one point, and one far away.
  const points = Array.from({ length: 25 }, (_, i) => ({ x: 180 + (i % 5) * 0.8, y: 40 + Math.floor(i / 5) * 0.8 }));
  points.push({ x: 200, y: 50 });
  const frame = frameAround(points);
  for (const p of points) assert.ok(p.x > frame.x0 && p.x < frame.x1 && p.y > frame.y0 && p.y < frame.y1);
  const font = frame.width * 0.032;
  const requests = points.map((p, i) => ({ ...p, r: 0.3, text: `Place name ${i}` }));
  const labels = placeLabels(requests, frame, font, 30);
  assert.ok(labels.length > 1 && labels.length < requests.length, `${labels.length} labels`);
  const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  for (const [i, a] of labels.entries()) {
    assert.ok(a.box.x0 >= frame.x0 && a.box.x1 <= frame.x1 && a.box.y0 >= frame.y0 && a.box.y1 <= frame.y1);
    for (const b of labels.slice(i + 1)) assert.ok(!overlap(a.box, b.box), `${a.index} and ${b.index} overlap`);
  }
  assert.ok(
    labels.some((l) => l.index === 25),
    'the place on its own is labelled',
  );
  // A dot at the frame's right edge gets its label on the left, not cut off.
  const edge = placeLabels([{ x: frame.x1 - 0.5, y: 45, r: 0.3, text: 'Eastmost' }], frame, font, 5);
  assert.equal(edge[0]?.anchor, 'end');
});

test('the map: dots sized by mentions, areas listed beside it with counts, no coordinates printed', () => {
  const story = bigStory(20);
  const places = story.entities.filter((e) => e.type === 'PLACE');
  assert.equal(places.filter(isPoint).length, 6);
  const html = String(
    placesMap(
      places.filter(isPoint),
      'Places',
      places.filter((e) => !isPoint(e)),
    ),
  ).replace(/\s+/g, ' ');
  const radii = [...html.matchAll(/r="([\d.]+)" class="dot"/g)].map((m) => Number(m[1]));
  assert.ok(Math.max(...radii) > Math.min(...radii) * 1.5, 'the most mentioned place has the biggest dot');
  assert.match(html, /Not on the map/);
  assert.match(html, /Northern Sea of Quennel<\/a\s*>\s*<span class="muted">30<\/span>/);
  assert.match(html, /Upper Basin<\/a\s*>\s*<span class="muted">3<\/span>/);
  assert.doesNotMatch(html, /54\.20|-4\.10/, 'no raw latitude or longitude');
});

test('Accept-Encoding: brotli first, gzip next, nothing refused by q=0', () => {
  assert.equal(preferredEncoding('gzip, deflate, br'), 'br');
  assert.equal(preferredEncoding('gzip'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(preferredEncoding('identity'), undefined);
  assert.equal(preferredEncoding('*'), 'br');
  assert.equal(preferredEncoding(undefined), undefined);
});

test('If-None-Match: exact, listed, weak and * forms', () => {
  assert.ok(matchesEtag('"abc"', '"abc"'));
  assert.ok(matchesEtag('"x", W/"abc"', '"abc"'));
  assert.ok(matchesEtag('*', '"abc"'));
  assert.ok(!matchesEtag('"abd"', '"abc"'));
  assert.ok(!matchesEtag(undefined, '"abc"'));
});

test('the server compresses pages and JSON, tags them, and answers 304 to a client that has them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-webpages-'));
  const store = await openStore(join(dir, 'w.db'));
  try {
    const story = bigStory(120);
    await store.saveStories({
      stories: [story],
      removed: [],
      assignments: new Map(), // the page reads the story's document only
      changes: [],
    });
    // Injected requests come from no socket: the host name is allowed by name.
    const app = await createServer({ store, workers: 0, searchWorkers: 1, allowedHosts: ['storyline.test'] });
    const headers = { host: 'storyline.test' };
    const url = `/stories/${story.id}`;
    const plain = await app.inject({ url, headers: { ...headers, 'accept-encoding': 'identity' } });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['cache-control'], 'no-cache');
    const etag = plain.headers.etag as string;
    assert.match(etag, /^"[\w-]+"$/);
    const gz = await app.inject({ url, headers: { ...headers, 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(String(gz.headers.vary), /accept-encoding/i);
    assert.equal(gz.headers.etag, etag, 'one validator whatever the encoding');
    assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), plain.body);
    assert.ok(gz.rawPayload.length < plain.rawPayload.length / 3);
    const br = await app.inject({ url, headers: { ...headers, 'accept-encoding': 'br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.ok(plain.rawPayload.length > COMPRESS_IN_PLACE_MAX_BYTES, 'this body is compressed on the thread pool');
    // A small page is compressed in place, to the same format.
    const front = await app.inject({ url: '/', headers: { ...headers, 'accept-encoding': 'identity' } });
    assert.ok(front.rawPayload.length > 1024 && front.rawPayload.length <= COMPRESS_IN_PLACE_MAX_BYTES);
    const frontBr = await app.inject({ url: '/', headers: { ...headers, 'accept-encoding': 'br' } });
    assert.equal(frontBr.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(frontBr.rawPayload).toString('utf8'), front.body);
    // A client that asks for no compression (the compression plugin's own header) gets none, whatever it accepts.
    const asked = await app.inject({ url, headers: { ...headers, 'accept-encoding': 'br', 'x-no-compression': '1' } });
    assert.equal(asked.headers['content-encoding'], undefined);
    assert.equal(asked.body, plain.body);
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), plain.body);
    // Asked again, the same compressed bytes (kept with the cached page, not compressed anew).
    const br2 = await app.inject({ url, headers: { ...headers, 'accept-encoding': 'br' } });
    assert.deepEqual(br2.rawPayload, br.rawPayload);
    const again = await app.inject({ url, headers: { ...headers, 'if-none-match': etag, 'accept-encoding': 'gzip' } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.rawPayload.length, 0);
    // Another page of the sources is another body, with its own tag.
    const page2 = await app.inject({ url: `${url}?sources=2`, headers: { ...headers, 'if-none-match': etag } });
    assert.equal(page2.statusCode, 200);
    assert.notEqual(page2.headers.etag, etag);
    // The JSON API too.
    const api = await app.inject({
      url: `/api/stories/${story.id}`,
      headers: { ...headers, 'accept-encoding': 'gzip' },
    });
    assert.equal(api.headers['content-encoding'], 'gzip');
    const apiAgain = await app.inject({
      url: `/api/stories/${story.id}`,
      headers: { ...headers, 'if-none-match': String(api.headers.etag) },
    });
    assert.equal(apiAgain.statusCode, 304);
    await app.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the article page finds its story by the membership row', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-webpages-'));
  const store = await openStore(join(dir, 'w.db'));
  try {
    const id = 'q0007';
    await store.saveArticle(makeArticle(id, articleText(7).split('\n\n'), { title: 'Quennel Bay flood, report 7' }));
    const story = { ...bigStory(3), articles: [{ id, title: 'Quennel Bay flood, report 7' }] };
    await store.saveStories({ stories: [story], removed: [], assignments: new Map([[id, story.id]]), changes: [] });
    // Injected requests come from no socket: the host name is allowed by name.
    const app = await createServer({ store, workers: 0, searchWorkers: 1, allowedHosts: ['storyline.test'] });
    const headers = { host: 'storyline.test' };
    const res = await app.inject({ url: `/articles/${id}`, headers });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Part of the story <a href="\/stories\/quennel-flood">Quennel Bay harbour flood<\/a>/);
    await app.close();
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('search snippets are escaped, their [ ] marks shown as <mark>', () => {
  assert.equal(
    String(snippetHtml('The [tide] rose <fast> & "high"')),
    'The <mark>tide</mark> rose &#60;fast&#62; &#38; &#34;high&#34;',
  );
});
