// Publication dates and bylines on small fictional pages (every outlet, person and story here is made up), and
// the dates / metadata evals on the shared data sets when they are present.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalDates } from '../src/cli/commands/eval-dates.js';
import { dateInText, dateInUrl, findWrittenDate, parseDateValue } from '../src/extract/dates.js';
import { extractHtml } from '../src/extract/html.js';
import { cleanByline } from '../src/extract/metadata.js';
import { scoreDates } from '../src/eval/dates.js';
import { expectedName, sameText } from '../src/eval/metadata.js';
import type { RawDocument } from '../src/model.js';
import { evalMetadata } from '../src/pipeline/index.js';
import { zoneOffset } from '../src/text/zones.js';
import { needShared, sharedPath } from './helpers.js';

const BODY = [
  'The Lakeside Town Council voted on Tuesday to rebuild the old footbridge over the river before the winter.',
  'Councillor Mara Quist said the crossing had been closed since the spring floods and that residents had waited long enough.',
  'Work is due to start next month and should take about ten weeks, according to the fictional town engineer.',
]
  .map((p) => `<p>${p}</p>`)
  .join('\n');

function page({ head = '', before = '', lang = 'en' } = {}): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><title>Footbridge to be rebuilt | Lakeside Gazette</title>${head}</head>
<body><article><h1>Footbridge to be rebuilt</h1>${before}${BODY}</article></body></html>`;
}

function extract(html: string, opts: { url?: string; fetchedAt?: string } = {}) {
  const raw: RawDocument = {
    source: 'fictional.html',
    kind: 'html',
    content: html,
    encoding: 'utf-8',
    fetchedAt: opts.fetchedAt ?? '2026-01-01T00:00:00Z',
    meta: opts.url ? { url: opts.url } : {},
  };
  return extractHtml(raw);
}

const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const day = (html: string, opts?: { url?: string; fetchedAt?: string }) =>
  extract(html, opts).published?.value.slice(0, 10);

test('JSON-LD: the article after an Organization block gives the date', () => {
  const head =
    ld({
      '@context': 'https://schema.org',
      '@type': 'Organization',
      name: 'Lakeside Gazette',
      foundingDate: '1999-01-01',
    }) + ld({ '@context': 'https://schema.org', '@type': 'NewsArticle', datePublished: '2021-03-03T09:00:00+01:00' });
  assert.equal(extract(page({ head })).published?.value, '2021-03-03T09:00:00+01:00');
});

test('JSON-LD: a @graph and an article nested as a WebPage main entity; a review inside it is not the article', () => {
  const graph = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Lakeside Gazette' },
      {
        '@type': 'WebPage',
        mainEntity: {
          '@type': 'BlogPosting',
          datePublished: '2020-06-01',
          review: { '@type': 'Review', datePublished: '2021-08-09' },
        },
      },
    ],
  };
  assert.equal(day(page({ head: ld(graph) })), '2020-06-01');
});

test('zone offsets in every common form keep the local day the page states', () => {
  assert.equal(parseDateValue('2021-03-03T22:10:00-0500')?.value, '2021-03-03T22:10:00-05:00');
  assert.equal(parseDateValue('2021-03-03T22:10:00+03')?.value, '2021-03-03T22:10:00+03:00');
  assert.equal(parseDateValue('2021-03-03 22:10 CDT')?.value, '2021-03-03T22:10-05:00');
  assert.equal(parseDateValue('2021-03-03T22:10:00.000Z')?.value, '2021-03-03T22:10:00Z');
  assert.equal(parseDateValue('Wed, 03 Mar 2021 23:30:00 +0300')?.value, '2021-03-03T23:30:00+03:00');
  assert.equal(zoneOffset('CET'), '+01:00');
  assert.equal(zoneOffset('GMT+2'), '+02:00');
  assert.equal(zoneOffset('+00:00'), 'Z');
});

test('a UTC stamp gives way to the same instant written in the local zone', () => {
  const head = ld({ '@type': 'NewsArticle', datePublished: '2021-03-04T03:10:00Z' });
  const before = '<time pubdate datetime="2021-03-03T22:10:00-05:00">March 3, 2021</time>';
  assert.equal(day(page({ head, before })), '2021-03-03');
});

test('written dates in German, French, Spanish, Italian, Portuguese, Dutch and English, and dd.mm.yyyy', () => {
  const cases: [string, string][] = [
    ['Veröffentlicht am 3. März 2021 um 10:00 Uhr', '2021-03-03'],
    ['Dienstag, 29. Januar 2019', '2019-01-29'],
    ['Publié le 1er avril 2021', '2021-04-01'],
    ['Publicado el 3 de marzo de 2021', '2021-03-03'],
    ['Pubblicato il 12 settembre 2020', '2020-09-12'],
    ['Publicado em 3 de março de 2021', '2021-03-03'],
    ['Gepubliceerd op 3 maart 2021', '2021-03-03'],
    ['Posted March 3rd, 2021', '2021-03-03'],
    ['Stand: 05.02.2020, 07:30 Uhr', '2020-02-05'],
    ['am 5.2.2018', '2018-02-05'],
    // Penn Treebank text (research corpora) writes commas apart.
    ['ZURICH | Mon Jun 29 , 2009 1:58 pm EDT', '2009-06-29'],
    ['17 Nov , 2015', '2015-11-17'],
  ];
  for (const [text, want] of cases) assert.equal(dateInText(text)?.value, want, text);
  // A year does not run into a clock time.
  assert.equal(dateInText('28.09.1913:45'), undefined);
  // Month first in English pages, day first elsewhere; a number above 12 decides alone.
  assert.equal(dateInText('03/04/2021', { monthFirst: true })?.value, '2021-03-04');
  assert.equal(dateInText('03/04/2021')?.value, '2021-04-03');
  assert.equal(dateInText('25/04/2021', { monthFirst: true })?.value, '2021-04-25');
  // Where it was written, for the plain-text reader that takes a date out of its line.
  assert.deepEqual(findWrittenDate('Updated 18 Apr, 2024 by admin'), {
    value: { value: '2024-04-18', precision: 'day' },
    start: 8,
    end: 20,
  });
});

test('a German page dated only by a date line in its header', () => {
  const before = '<div class="post-info">Von Erika Muster am 20.06.2018, 11:43</div>';
  assert.equal(day(page({ before, lang: 'de' })), '2018-06-20');
});

test('the published date wins over the modified one', () => {
  const head = `<meta property="article:modified_time" content="2022-01-12T14:27:30+01:00">
<meta property="article:published_time" content="2021-11-29T14:13:37+01:00">`;
  assert.equal(day(page({ head })), '2021-11-29');
  // Only a modified date: still better than nothing.
  assert.equal(day(page({ head: '<meta property="article:modified_time" content="2022-01-12">' })), '2022-01-12');
});

test('a month in the URL never beats a day in the page; a day in the URL beats the metadata', () => {
  const before = '<p class="date">12.03.2021</p>';
  const monthUrl = extract(page({ before, lang: 'de' }), { url: 'https://gazette.example/2021/03/footbridge' });
  assert.deepEqual(monthUrl.published, { value: '2021-03-12', precision: 'day', from: 'text' });
  const onlyMonth = extract(page(), { url: 'https://gazette.example/2021/03/footbridge' });
  assert.deepEqual(onlyMonth.published, { value: '2021-03', precision: 'month', from: 'url' });
  const head = '<meta name="date" content="2021-03-20">';
  assert.equal(day(page({ head }), { url: 'https://gazette.example/2021/03/14/footbridge' }), '2021-03-14');
});

test('a date after the crawl is rejected, and so is one a decade before the page’s other dates', () => {
  const head = '<meta property="article:published_time" content="2027-05-01T10:00:00Z">';
  const before = '<time datetime="2025-12-30T08:00:00+01:00">30 December 2025</time>';
  assert.equal(day(page({ head, before }), { fetchedAt: '2026-01-01T12:00:00Z' }), '2025-12-30');
  // A placeholder crawl time (the epoch) is no bound.
  assert.equal(day(page({ head }), { fetchedAt: '1970-01-01T00:00:00Z' }), '2027-05-01');
  const old =
    ld({ '@type': 'NewsArticle', datePublished: '2005-06-01' }) +
    '<meta property="og:updated_time" content="2020-06-02T10:00:00+02:00">';
  assert.equal(day(page({ head: old, before: '<time datetime="2020-06-01">1 June 2020</time>' })), '2020-06-01');
});

test('bylines from each source', () => {
  const byline = (head: string, before = '') => extract(page({ head, before })).byline;
  assert.equal(byline('<meta name="author" content="Mara Quist">'), 'Mara Quist');
  assert.equal(byline('<meta property="article:author" content="Mara Quist">'), 'Mara Quist');
  assert.equal(
    byline('<meta name="DC.creator" content="Mara Quist"><meta name="author" content="Lakeside Desk">'),
    'Mara Quist',
  );
  assert.equal(byline('<meta name="parsely-author" content="Mara Quist">'), 'Mara Quist');
  assert.equal(byline('<meta name="sailthru.author" content="Mara Quist">'), 'Mara Quist');
  assert.equal(byline(ld({ '@type': 'NewsArticle', author: 'Mara Quist' })), 'Mara Quist');
  assert.equal(byline(ld({ '@type': 'NewsArticle', author: { '@type': 'Person', name: 'Mara Quist' } })), 'Mara Quist');
  assert.equal(
    byline(ld({ '@type': 'NewsArticle', author: [{ name: 'Mara Quist' }, { name: 'Olev Brandt' }] })),
    'Mara Quist, Olev Brandt',
  );
  // A user name in the metadata is not a name; the page's byline element is.
  assert.equal(
    byline('<meta property="article:author" content="mquist">', '<p class="byline">By Mara Quist</p>'),
    'Mara Quist',
  );
  assert.equal(byline('', '<a rel="author" href="/staff/mq">Mara Quist</a>'), 'Mara Quist');
  assert.equal(byline('', '<div class="byline">By Mara Quist and Olev Brandt</div>'), 'Mara Quist and Olev Brandt');
});

test('a byline keeps the name, not the bio, the job title, the date or the company blurb', () => {
  const bio =
    '<div class="author">Mara Quist is a senior reporter at the Lakeside Gazette who has covered the town council for ' +
    'twelve years and writes about rivers, bridges and the people who cross them.</div>';
  assert.equal(extract(page({ before: bio })).byline, 'Mara Quist');
  assert.equal(cleanByline('By Mara Quist, Staff Writer'), 'Mara Quist');
  assert.equal(cleanByline('Olev Brandt Games Editor'), 'Olev Brandt');
  assert.equal(cleanByline('By Mara Quist | About the company'), 'Mara Quist');
  assert.equal(cleanByline('By Mara Quist\nLakeside Gazette News'), 'Mara Quist');
  assert.equal(cleanByline('Par Mara Quist - 3 mars 2021 à 10h00'), 'Mara Quist');
  assert.equal(cleanByline('Written by Mara Quist Edited by Olev Brandt'), 'Mara Quist');
  assert.equal(cleanByline('Mara J. Quist'), 'Mara J. Quist');
});

test('the byline comparison of eval metadata: word sets, a leading By ignored, the expected name part', () => {
  assert.ok(sameText('By MARA QUIST', 'Mara Quist'));
  assert.ok(sameText('Quist, Mara', 'Mara Quist'));
  assert.ok(!sameText('Mara Quist', 'Mara Quist Editor'));
  assert.equal(expectedName('By Mara Quist\n   March 25, 2015'), 'By Mara Quist');
  assert.equal(expectedName('Updated April 29, 2019 at 3:33 pm'), '');
});

test('scoreDates: right, undated, wrong, a day off, month only, after the crawl, per collection', () => {
  const gold = [
    { file: 'a', date: '2021-03-03', collection: 'x' },
    { file: 'b', date: '2021-03-03', collection: 'x' },
    { file: 'c', date: '2021-03-03', collection: 'y' },
    { file: 'd', date: '2021-03-03', collection: 'y' },
    { file: 'e', date: '2021-03-03', collection: 'y' },
  ];
  const preds = new Map([
    ['a', { day: '2021-03-03', crawlDay: '2021-04-01' }],
    ['b', { day: null }],
    ['c', { day: '2021-03-04', crawlDay: '2021-04-01' }],
    ['d', { day: '2021-03', crawlDay: '2021-04-01' }],
    ['e', { day: '2021-05-01', crawlDay: '2021-04-01' }],
  ]);
  const s = scoreDates(gold, preds);
  assert.equal(s.right, 1);
  assert.equal(s.undated, 1);
  assert.equal(s.wrong, 3);
  assert.equal(s.wrong_by_one_day, 1);
  assert.equal(s.month_only, 1);
  assert.equal(s.after_crawl, 1);
  assert.equal(s.collections.y?.wrong, 3);
  assert.equal(s.accuracy, 0.2);
});

test(
  'eval metadata on the Readability pages: bylines ≥ .90, titles ≥ .98',
  { skip: needShared('eval/readability') },
  async () => {
    const s = await evalMetadata(sharedPath('eval', 'readability'));
    assert.ok(s.byline.accuracy >= 0.9, `byline ${s.byline.accuracy}`);
    assert.ok(s.title.accuracy >= 0.98, `title ${s.title.accuracy}`);
  },
);

test('eval dates on the shared pages: no page dated after its crawl', { skip: needShared('eval/dates') }, async () => {
  const s = await evalDates(sharedPath('eval', 'dates'));
  assert.equal(s.pages, 799);
  assert.equal(s.after_crawl, 0);
  // The bar (htmldate 1.9.3 scores .905 here); this branch measured .922 (737 of 799).
  assert.ok(s.accuracy >= 0.92, `accuracy ${s.accuracy}`);
});

test('a line that gives both dates is read at its publication label; a one-digit URL day needs its own path part', () => {
  const before = '<p class="post-info">Letzte Änderung: 31.10.2023 - 14:49 | Erschienen am: 01.11.2023</p>';
  assert.equal(day(page({ before, lang: 'de' })), '2023-11-01');
  assert.deepEqual(dateInUrl('https://gazette.example/2023/10/3-questions-for-the-mayor/'), {
    value: '2023-10',
    precision: 'month',
  });
  assert.deepEqual(dateInUrl('https://gazette.example/2023/10/3/footbridge'), {
    value: '2023-10-03',
    precision: 'day',
  });
});

test('a date in text run together with the next element, or written in Russian or Ukrainian', () => {
  // textContent joins block elements without a space: "Januar 2022Ausgabejahr".
  assert.equal(dateInText('Datum:26. Januar 2022Ausgabejahr:2022')?.value, '2022-01-26');
  assert.equal(dateInText('Familie17/02/2022Ihre Tochter')?.value, '2022-02-17');
  assert.equal(dateInText('Stand2021-10-29Text')?.value, '2021-10-29');
  assert.equal(dateInText('15 августа 2016, 13:43')?.value, '2016-08-15');
  assert.equal(dateInText('15 серпня 2016')?.value, '2016-08-15');
  // Still no year inside a longer number.
  assert.equal(dateInText('Artikel 5. März 20221'), undefined);
});

test('milliseconds after a colon, and RDFa dates in markup', () => {
  assert.equal(parseDateValue('2022-01-10T22:06:08:684Z')?.value, '2022-01-10T22:06:08Z');
  const before = '<span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00"></span>';
  assert.equal(day(page({ before, lang: 'de' })), '2022-01-28');
});

test('an undated page: the publication key of a script blob, else the day in its image path', () => {
  const blob =
    '<script>window.__STATE__={"page":{"title":"Footbridge","published_at":"2019-03-02T06:22:28+01:00"}}</script>';
  assert.equal(day(page({ head: blob })), '2019-03-02');
  const escaped = '<script>var s = "{\\"publishedAt\\":\\"2022-01-31T15:58:43+01:00\\"}";</script>';
  assert.equal(day(page({ head: escaped })), '2022-01-31');
  const image = '<meta property="og:image" content="https://gazette.example/files/2016/05/04/bridge.png">';
  assert.equal(day(page({ head: image })), '2016-05-04');
  // Metadata that names the publication still wins over both.
  const head = `${blob}${image}<meta property="article:published_time" content="2021-03-03">`;
  assert.equal(day(page({ head })), '2021-03-03');
});

test('a UTC stamp: 23:00:00Z is the next local midnight; a shown day it cannot reach in any near zone does not move it', () => {
  const at = (stamp: string, before = '') =>
    day(page({ head: `<meta property="article:published_time" content="${stamp}">`, before, lang: 'de' }));
  assert.equal(at('2021-11-04T23:00:00Z'), '2021-11-05');
  assert.equal(at('2021-11-04T22:56:28Z'), '2021-11-04');
  const teaser = '<p class="date">19.02.2020</p>';
  assert.equal(at('2020-02-18T12:53:40Z', teaser), '2020-02-18');
  assert.equal(at('2020-02-18T23:30:00Z', teaser), '2020-02-19');
});

test('reviews inside a recipe do not make its own old date an outlier', () => {
  const head = ld({
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: 'Lakeside plum cake',
    datePublished: '2006-10-10',
    review: [
      { '@type': 'Review', datePublished: '2020-04-07' },
      { '@type': 'Review', datePublished: '2020-04-12' },
    ],
  });
  assert.equal(day(page({ head })), '2006-10-10');
});

test('a month in the head gives way to a day of the same rank inside it', () => {
  // JSON-LD is read first, so the month would win on page order.
  const head = `${ld({ '@type': 'ScholarlyArticle', datePublished: '2017-01' })}
<meta property="article:published_time" content="2017-01-30">`;
  assert.equal(day(page({ head })), '2017-01-30');
});

test('server warnings printed before the <html> tag do not hide the page’s body', () => {
  const warning =
    '<br />\n<b>Deprecated</b>:  Assigning the return value of new by reference in <b>/www/x.php</b><br />\n';
  const html = `${warning}${page({ before: '<p>Posted November 22, 2011</p>' })}`;
  const a = extract(html);
  assert.equal(a.published?.value, '2011-11-22');
  assert.ok(a.text.includes('footbridge'));
});

test('a URL path part written day first is a day', () => {
  assert.deepEqual(dateInUrl('https://gazette.example/news/releases/29-10-2021'), {
    value: '2021-10-29',
    precision: 'day',
  });
  assert.deepEqual(dateInUrl('https://gazette.example/archiv/29.10.2021.html'), {
    value: '2021-10-29',
    precision: 'day',
  });
  assert.equal(dateInUrl('https://gazette.example/news/item-29-10-2021-x'), undefined);
});

test('a republished page: the declared publication it never shows gives way to the change it shows', () => {
  const head = `<meta property="article:published_time" content="2019-06-17T10:00:00+02:00">
<meta property="article:modified_time" content="2020-06-04T16:41:46+02:00">`;
  const shownChange = '<p class="post-meta">Updated June 4, 2020</p>';
  assert.equal(day(page({ head, before: shownChange })), '2020-06-04');
  // The page shows its publication too: the publication stands.
  const both = `${shownChange}<span class="date">June 17, 2019</span>`;
  assert.equal(day(page({ head, before: both })), '2019-06-17');
  // Nothing shown: the publication stands.
  assert.equal(day(page({ head })), '2019-06-17');
});

test('a head that declares dozens of publication days is a list: its first is the page’s, not its busiest', () => {
  const articles = ['2023-11-01', '2023-10-25', '2023-10-13', '2023-10-25', '2023-10-12', '2023-10-25', '2023-10-30'];
  const head = ld({
    '@context': 'https://schema.org',
    '@graph': articles.map((d, i) => ({
      '@type': 'NewsArticle',
      headline: `Story ${i}`,
      datePublished: `${d}T08:00:00Z`,
    })),
  });
  assert.equal(day(page({ head })), '2023-11-01');
});

test('a main column a theme classes as "sidebar" is still the article, and so is an article’s own footer', () => {
  const html = `<!DOCTYPE html><html><head><title>Lakeside Gazette</title></head><body>
<div class="mainwrap single sidebar"><div class="post"><h2>Footbridge to be rebuilt</h2>
<div class="post-meta"><a class="post-meta-time" href="/2017/08/08/">08/08/2017</a></div>${BODY}</div></div>
<div class="widget-date">14.06.2019</div></body></html>`;
  assert.equal(day(html), '2017-08-08');
  const footer = `<!DOCTYPE html><html><head><title>Footbridge</title></head><body><article><h1>Footbridge to be rebuilt</h1>
<footer class="node__meta"><span class="post-created"> 28.01.22</span> / 0 Kommentare</footer>${BODY}</article>
<footer>Lakeside Gazette, Stand 03.02.2024</footer></body></html>`;
  assert.equal(day(footer), '2022-01-28');
});

test('dates after a label in running text, two-digit years in date lines, an empty element’s title attribute', () => {
  assert.equal(day(page({ before: '<p>Veröffentlicht am 16.08.2019<br>Dauer: 1 Stunde</p>' })), '2019-08-16');
  // The label wins over a date shown only elsewhere on the page.
  const labelled = `<!DOCTYPE html><html><head><title>Footbridge</title></head><body>
<div class="page-info"><span class="date">31.10.2023</span></div>
<main><h1>Footbridge to be rebuilt</h1>${BODY}<p>Erschienen am: 01.11.2023</p></main></body></html>`;
  assert.equal(day(labelled), '2023-11-01');
  assert.equal(parseDateValue('Party, 30.10.23')?.value, '2023-10-30');
  assert.equal(parseDateValue('28.09.79')?.value, '1979-09-28');
  // In prose a two-digit year is not read: "1.2.19" there is a version or a verse.
  assert.equal(dateInText('Version 1.2.19 of the town app'), undefined);
  assert.equal(day(page({ before: '<span class="updated" title="2013-04-04T18:52:11+00:00"></span>' })), '2013-04-04');
});

test('a date line at the top of the article beats a date shown only outside it; a dated headline does not', () => {
  const side = '<div class="page-info"><span class="date">08.11.2021</span></div>';
  const withLine = `<!DOCTYPE html><html><head><title>Footbridge</title></head><body>${side}
<main><h1>Footbridge to be rebuilt</h1><p>Datum: 10.11.2021</p>${BODY}</main></body></html>`;
  assert.equal(day(withLine), '2021-11-10');
  const datedHeadline = `<!DOCTYPE html><html><head><title>Footbridge</title></head><body>${side}
<main><h1>Footbridge closed from 1.9.2021 to be rebuilt</h1>${BODY}</main></body></html>`;
  assert.equal(day(datedHeadline), '2021-11-08');
});

test('a post served as a template inside the article body (as Blogger does) is read', () => {
  const html = `<!DOCTYPE html><html><head><title>Footbridge</title></head><body><h1>Footbridge to be rebuilt</h1>
<div class="date-header"><span>Tuesday, May 19, 2020</span></div>
<div class="post-body"><div class="post-content" itemprop="articleBody"><script type="text/template">${BODY}</script></div></div>
<script type="text/template"><p>{{ comment.text }} is never page text.</p></script></body></html>`;
  const a = extract(html);
  assert.match(a.text, /Councillor Mara Quist/);
  assert.doesNotMatch(a.text, /comment\.text/);
  assert.equal(a.published?.value.slice(0, 10), '2020-05-19');
});

test('a page with no date but its description’s', () => {
  const head = '<meta name="description" content="Footbridge to be rebuilt (Notizia del 14 Gennaio 2020)">';
  assert.equal(day(page({ head })), '2020-01-14');
});
