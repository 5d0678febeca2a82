import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { dateInText, dateInUrl, parseDateValue } from '../src/extract/dates.js';
import { extractHtml } from '../src/extract/html.js';
import { normaliseSpace } from '../src/extract/html-blocks.js';
import { detectLanguage } from '../src/extract/language.js';
import { stripSiteName } from '../src/extract/metadata.js';
import type { RawDocument, SidecarMeta } from '../src/model.js';
import { needShared, sharedPath } from './helpers.js';

function raw(content: string, meta: SidecarMeta = {}): RawDocument {
  return { source: 'test.html', kind: 'html', content, encoding: 'utf-8', fetchedAt: '2026-01-01T00:00:00Z', meta };
}

const BODY_PARAGRAPHS = [
  'France launched a new wave of air strikes on the Islamic State group in Syria on Sunday night, the defence ministry said.',
  'Twelve aircraft, including ten fighter jets, dropped twenty bombs on a command centre and a training camp in Raqqa, the stronghold of the group.',
  'The strikes came two days after the attacks in Paris that killed 130 people and wounded hundreds more in the French capital.',
  'President François Hollande told both houses of parliament in Versailles that France was at war with the jihadist group.',
  'Defence minister Jean-Yves Le Drian invoked the mutual assistance clause of the European Union treaty for the first time.',
];

function page({ head = '', before = '', after = '', url = '' } = {}): string {
  const paragraphs = BODY_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n');
  return `<!DOCTYPE html><html lang="en"><head><title>France strikes Raqqa again | Example News</title>${head}
${url ? `<link rel="canonical" href="${url}">` : ''}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>France strikes Raqqa again</h1>${before}${paragraphs}${after}</article>
<footer>© 2015 Example News. All rights reserved.</footer></body></html>`;
}

test('main text comes as block paragraphs, without menus and footers', () => {
  const article = extractHtml(raw(page()));
  assert.deepEqual(article.paragraphs, BODY_PARAGRAPHS);
  assert.equal(article.text, BODY_PARAGRAPHS.join('\n\n'));
  assert.match(article.id, /^[0-9a-f]{16}$/);
  assert.equal(article.language, 'en');
  assert.equal(article.source, 'test.html');
});

test('list items, headings and quotes are paragraphs; whitespace is normalised', () => {
  const extra = `<h2>What  happened\n next</h2><ul><li>Raqqa was hit   twice.</li><li>Deir Ezzor was hit in September.</li></ul>
<blockquote>France is at war,\u00a0Hollande said to the assembled parliament.</blockquote>`;
  const article = extractHtml(raw(page({ after: extra })));
  assert.ok(article.paragraphs.includes('What happened next'));
  assert.ok(article.paragraphs.includes('Raqqa was hit twice.'));
  assert.ok(article.paragraphs.includes('France is at war, Hollande said to the assembled parliament.'));
});

test('boilerplate lines are removed, each with its reason', () => {
  const before = `<p>Advertisement</p><div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>`;
  const after = `<figure><img src="x.jpg"><figcaption>Smoke rises over Raqqa after the strikes. (AP Photo/John Doe)</figcaption></figure>
<p>Photo: Reuters</p>
<p><a href="/x">Read more: Hollande vows to destroy the group</a></p>
<p>Sign up for our daily newsletter to get the news in your inbox.</p>
<p>Share this article</p>`;
  const article = extractHtml(raw(page({ before, after })));
  assert.deepEqual(article.paragraphs, BODY_PARAGRAPHS);
  const reasons = new Map(article.removed.map((r) => [r.text, r.reason]));
  assert.equal(reasons.get('Advertisement'), 'advertisement');
  assert.equal(reasons.get('Share this article'), 'share');
  assert.equal(reasons.get('Photo: Reuters'), 'caption');
  assert.equal(reasons.get('Smoke rises over Raqqa after the strikes. (AP Photo/John Doe)'), 'caption');
  assert.equal(reasons.get('Read more: Hollande vows to destroy the group'), 'teaser');
  assert.equal(reasons.get('Sign up for our daily newsletter to get the news in your inbox.'), 'newsletter');
  for (const r of article.removed) assert.ok(!article.text.includes(r.text), `${r.text} left in the text`);
});

test('metadata from <meta> tags', () => {
  const head = `<meta property="og:title" content="France strikes Raqqa again">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2015-11-15T21:30:00+01:00">`;
  const article = extractHtml(raw(page({ head, url: 'https://news.example.com/world/raqqa' })));
  assert.equal(article.title, 'France strikes Raqqa again');
  assert.equal(article.outlet, 'Example News');
  assert.equal(article.byline, 'Jane Reporter');
  assert.equal(article.url, 'https://news.example.com/world/raqqa');
  assert.deepEqual(article.published, { value: '2015-11-15T21:30:00+01:00', precision: 'time', from: 'html-meta' });
});

test('metadata from JSON-LD, including an @graph array', () => {
  const jsonLd = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Example News' },
      {
        '@type': 'NewsArticle',
        headline: 'France strikes Raqqa again',
        datePublished: '2015-11-15',
        author: [
          { '@type': 'Person', name: 'Jane Reporter' },
          { '@type': 'Person', name: 'John Writer' },
        ],
        publisher: { '@type': 'Organization', name: 'Example Daily' },
      },
    ],
  };
  const head = `<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>`;
  const article = extractHtml(raw(page({ head })));
  assert.deepEqual(article.published, { value: '2015-11-15', precision: 'day', from: 'html-meta' });
  assert.equal(article.byline, 'Jane Reporter, John Writer');
  assert.equal(article.outlet, 'Example Daily');
});

test('a <time pubdate datetime> gives the date', () => {
  const before = '<header><time datetime="2015-11-16T08:00:00Z" pubdate>Monday</time></header>';
  const article = extractHtml(raw(page({ before })));
  assert.deepEqual(article.published, { value: '2015-11-16T08:00:00Z', precision: 'time', from: 'html-meta' });
});

test('without a date in the markup, the URL gives it, then the text', () => {
  const fromUrl = extractHtml(raw(page({ url: 'https://news.example.com/2015/11/17/raqqa-strikes/' })));
  assert.deepEqual(fromUrl.published, { value: '2015-11-17', precision: 'day', from: 'url' });
  assert.equal(fromUrl.outlet, 'news.example.com');
  const fromText = extractHtml(raw(page({ before: '<p class="dateline">November 17, 2015</p>' })));
  assert.deepEqual(fromText.published, { value: '2015-11-17', precision: 'day', from: 'text' });
});

test('sidecar fields win over what the page says', () => {
  const head = `<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-11-15T21:30:00Z"><meta name="author" content="Jane Reporter">`;
  const article = extractHtml(
    raw(page({ head, url: 'https://news.example.com/a' }), {
      published: '2015-11-20',
      outlet: 'Manifest Outlet',
      title: 'Manifest title',
      url: 'https://mirror.example.org/a',
      byline: 'Manifest Byline',
      language: 'fr-FR',
    }),
  );
  assert.deepEqual(article.published, { value: '2015-11-20', precision: 'day', from: 'sidecar' });
  assert.equal(article.outlet, 'Manifest Outlet');
  assert.equal(article.title, 'Manifest title');
  assert.equal(article.url, 'https://mirror.example.org/a');
  assert.equal(article.byline, 'Manifest Byline');
  assert.equal(article.language, 'fr');
});

test('a page without a body or without text fails with a clear message', () => {
  assert.throws(
    () => extractHtml(raw('<html><head><title>Nothing here</title></head></html>')),
    /no article text found/,
  );
  assert.throws(() => extractHtml(raw('')), /no article text found/);
  assert.throws(
    () => extractHtml(raw('<html><body><script>var x = 1;</script></body></html>')),
    /no article text found/,
  );
});

test('pages Readability finds too little in still yield their text (fallbacks)', () => {
  const short = extractHtml(
    raw('<html><body><div>Paris, 13 November: the attacks killed 130 people.</div></body></html>'),
  );
  assert.equal(short.text, 'Paris, 13 November: the attacks killed 130 people.');
  const fragment = extractHtml(raw(`<p>${BODY_PARAGRAPHS[0]}</p>`));
  assert.equal(fragment.text, BODY_PARAGRAPHS[0]);
});

test('very deep markup neither hangs nor overflows the stack', () => {
  const sentence = 'Deep inside the markup there is still a sentence worth keeping. ';
  for (const depth of [600, 20000]) {
    const html = `<html><body>${'<div>'.repeat(depth)}${sentence.repeat(5)}${'</div>'.repeat(depth)}</body></html>`;
    assert.equal(extractHtml(raw(html)).text, sentence.repeat(5).trim());
  }
});

test('date parsing: ISO, RFC 2822, compact, prose and URLs', () => {
  assert.deepEqual(parseDateValue('2015-11-17T10:05:00.000Z'), { value: '2015-11-17T10:05:00Z', precision: 'time' });
  assert.deepEqual(parseDateValue('2015-11-17 10:05'), { value: '2015-11-17T10:05', precision: 'time' });
  assert.deepEqual(parseDateValue('Tue, 17 Nov 2015 10:05:00 GMT'), {
    value: '2015-11-17T10:05:00Z',
    precision: 'time',
  });
  assert.deepEqual(parseDateValue('20151117'), { value: '2015-11-17', precision: 'day' });
  assert.equal(parseDateValue('2015-02-30'), undefined);
  assert.deepEqual(dateInText('Posted on 17 Nov. 2015 by staff'), { value: '2015-11-17', precision: 'day' });
  assert.deepEqual(dateInText('Updated November 17th, 2015 at 9am'), { value: '2015-11-17', precision: 'day' });
  assert.deepEqual(dateInText('le 17 novembre 2015'), { value: '2015-11-17', precision: 'day' });
  assert.equal(dateInText('no date here, only 2015'), undefined);
  assert.deepEqual(dateInUrl('https://x.com/news/20151117/raqqa'), { value: '2015-11-17', precision: 'day' });
  assert.deepEqual(dateInUrl('https://x.com/2015-11-17/raqqa'), { value: '2015-11-17', precision: 'day' });
  assert.deepEqual(dateInUrl('https://x.com/2015/11/raqqa'), { value: '2015-11', precision: 'month' });
  assert.equal(dateInUrl('https://x.com/articles/14848164.php'), undefined);
});

test('a " | Site" title suffix is dropped only when it names the site', () => {
  assert.equal(stripSiteName('France strikes Raqqa | Example News', 'Example News'), 'France strikes Raqqa');
  assert.equal(stripSiteName('Example News - France strikes Raqqa', 'Example News'), 'France strikes Raqqa');
  assert.equal(
    stripSiteName('France strikes Raqqa - live updates', 'Example News'),
    'France strikes Raqqa - live updates',
  );
  assert.equal(stripSiteName('France strikes | Dawn', undefined, 'dawn.com'), 'France strikes');
});

test('language detection names the language of a text, or und', () => {
  assert.equal(
    detectLanguage('La France a lancé de nouvelles frappes aériennes sur Raqqa, a annoncé le ministère de la Défense.'),
    'fr',
  );
  assert.equal(detectLanguage('ok'), 'und');
});

test(
  'real pages: no crash, and the title matches on at least 90% of them',
  {
    skip: needShared('eval/readability'),
  },
  () => {
    const dir = sharedPath('eval', 'readability');
    let withTitle = 0;
    let matching = 0;
    let pages = 0;
    for (const name of readdirSync(dir)) {
      const source = join(dir, name, 'source.html');
      if (!existsSync(source)) continue;
      pages++;
      const expected = JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')) as {
        title?: string;
      };
      let title: string | undefined;
      try {
        title = extractHtml(raw(readFileSync(source, 'utf8'))).title;
      } catch (err) {
        // A page may have no text; that must be the clear error, never a crash.
        assert.match((err as Error).message, /no article text found/, `${name}: ${(err as Error).message}`);
      }
      if (expected.title) {
        withTitle++;
        if (normaliseSpace(expected.title) === normaliseSpace(title ?? '')) matching++;
      }
    }
    assert.ok(pages >= 100, `only ${pages} pages found`);
    const rate = matching / withTitle;
    assert.ok(rate >= 0.9, `title matches on ${matching}/${withTitle} = ${rate.toFixed(3)}`);
  },
);

test('low-yield warning: not on an article page full of menu lines, nor on a page too deep for a DOM', () => {
  assert.equal(extractHtml(raw(page({ before: '<p>Menu</p><p>Subscribe</p>'.repeat(50) }))).warnings, undefined);
  const prose = BODY_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('');
  const deep = `<html><body>${'<div>'.repeat(1600)}${prose.repeat(6)}${'</div>'.repeat(1600)}</body></html>`;
  assert.equal(extractHtml(raw(deep)).warnings, undefined);
});
