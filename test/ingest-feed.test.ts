// Feed ingest: RSS 2.0, RSS 1.0 (RDF) and Atom items → one RawDocument each, with the item's fields as meta.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { feedDate } from '../src/ingest/feed.js';
import {
  type FeedStats,
  feedStatsLine,
  type IngestItem,
  type IngestOptions,
  loadManifest,
  readInputs,
} from '../src/ingest/read.js';
import type { RawDocument } from '../src/model.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyline-feed-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
async function fixture(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, `case-${++counter}`);
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Items of any length, unless told otherwise: these feeds' items are short, and the length rule has its own tests. */
async function collect(paths: string[], opts?: IngestOptions): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readInputs(paths, { minFeedItemChars: 0, ...opts })) items.push(item);
  return items;
}

const docs = (items: IngestItem[]): RawDocument[] => items.flatMap((item) => (item.ok ? [item.doc] : []));
const failures = (items: IngestItem[]) => items.flatMap((item) => (item.ok ? [] : [item]));

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>The Daily &amp; Weekly</title>
  <link>https://news.example/</link>
  <item>
    <title>Floods hit the &#8220;delta&#8221; &#x2014; again</title>
    <link>https://news.example/2024/05/floods</link>
    <guid isPermaLink="false">floods-1</guid>
    <pubDate>Wed, 01 May 2024 22:30:00 +0200</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Rivers rose & <b>towns</b> flooded.</p><p>Second paragraph.</p>]]></content:encoded>
  </item>
  <item>
    <title>Plain item</title>
    <guid>https://news.example/plain</guid>
    <pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate>
    <author>desk@news.example (Desk Editor)</author>
    <description>Ministers met on Thursday &lt; 9am, said officials.</description>
  </item>
  <item>
    <title>Escaped HTML description</title>
    <link>https://news.example/escaped</link>
    <description>&lt;p&gt;Markup that was &lt;em&gt;escaped&lt;/em&gt; once.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Headline only</title>
    <link>https://news.example/empty</link>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Wire &lt;i&gt;Service&lt;/i&gt;</title>
  <id>urn:uuid:feed</id>
  <entry>
    <title>Quake strikes</title>
    <link rel="edit" href="https://wire.example/edit/1"/>
    <link rel="alternate" type="text/html" href="https://wire.example/quake"/>
    <id>tag:wire.example,2024:1</id>
    <published>2024-03-05T06:07:08.123+05:30</published>
    <updated>2024-03-06T00:00:00Z</updated>
    <author><name>Lee Chan</name></author>
    <author><name>Sam Roe</name></author>
    <summary>A summary.</summary>
    <content type="html">&lt;p&gt;The quake hit at dawn.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>XHTML entry</title>
    <link href="https://wire.example/x"/>
    <updated>2024-03-07T10:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Inline <b>XHTML</b> body.</p></div></content>
  </entry>
  <entry>
    <title>Text entry</title>
    <id>https://wire.example/t</id>
    <content type="text">Just words, 3 &lt; 4.</content>
  </entry>
  <entry>
    <title>Out of line</title>
    <content src="https://wire.example/elsewhere" type="text/html"/>
    <summary>Only the summary is here.</summary>
  </entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/">
    <title>Old Times</title>
    <items><rdf:Seq><rdf:li resource="https://old.example/a"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://old.example/a">
    <title>RDF story</title>
    <link>https://old.example/a</link>
    <description>Text of the RDF story.</description>
    <dc:date>2003-12-13T18:30:02Z</dc:date>
    <dc:creator>Kim Park</dc:creator>
  </item>
</rdf:RDF>`;

describe('RSS 2.0', () => {
  test('one document per item with title, url, published, byline and the channel title as outlet', async () => {
    const dir = await fixture({ 'news.xml': RSS });
    const path = join(dir, 'news.xml');
    const items = await collect([path]);
    const [rich, plain, escaped] = docs(items);

    assert.equal(rich.source, `${path}#1`);
    assert.equal(rich.kind, 'html');
    assert.equal(rich.content, '<p>Rivers rose & <b>towns</b> flooded.</p><p>Second paragraph.</p>');
    assert.equal(rich.encoding, 'utf-8');
    assert.deepEqual(rich.meta, {
      outlet: 'The Daily & Weekly',
      title: 'Floods hit the \u201Cdelta\u201D \u2014 again',
      url: 'https://news.example/2024/05/floods',
      published: '2024-05-01T22:30:00+02:00',
      byline: 'Ana Ruiz',
    });

    // No <link>: a permalink guid is the URL; <author> gives the name in parentheses; no tags → text.
    assert.equal(plain.source, `${path}#2`);
    assert.equal(plain.kind, 'text');
    assert.equal(plain.content, 'Ministers met on Thursday < 9am, said officials.');
    assert.equal(plain.meta.url, 'https://news.example/plain');
    assert.equal(plain.meta.published, '2024-05-02T08:00:00Z');
    assert.equal(plain.meta.byline, 'Desk Editor');

    assert.equal(escaped.kind, 'html');
    assert.equal(escaped.content, '<p>Markup that was <em>escaped</em> once.</p>');

    // The item with nothing but a headline fails alone.
    assert.deepEqual(failures(items), [{ ok: false, source: `${path}#4`, error: 'feed item has no content' }]);
  });

  test('a malformed (truncated) feed is one failure for the file', async () => {
    const cut = RSS.slice(0, RSS.indexOf('<item>', RSS.indexOf('Plain item') - 200) + 40);
    const dir = await fixture({ 'cut.rss': cut, 'crossed.xml': '<rss><channel><title>x</channel></title></rss>' });
    const items = await collect([dir]);
    assert.equal(docs(items).length, 0);
    const failed = failures(items);
    assert.deepEqual(
      failed.map((f) => f.source),
      [join(dir, 'crossed.xml'), join(dir, 'cut.rss')],
    );
    assert.match(failed[0].error, /^malformed feed: <\/channel> closes <title>/);
    assert.match(failed[1].error, /^malformed feed: <\w+> is never closed/);
  });

  test('a feed without items fails once; a gzipped feed is read like a plain one', async () => {
    const empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>';
    const dir = await fixture({ 'empty.xml': empty, 'news.xml.gz': gzipSync(RSS) });
    const items = await collect([dir]);
    assert.deepEqual(failures(items)[0], {
      ok: false,
      source: join(dir, 'empty.xml'),
      error: 'feed holds no items (<rss> feed)',
    });
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [1, 2, 3].map((n) => `${join(dir, 'news.xml.gz')}#${n}`),
    );
  });
});

describe('Atom', () => {
  test('entries: alternate link, published over updated, authors, content types html / xhtml / text', async () => {
    const dir = await fixture({ 'wire.atom': ATOM });
    const path = join(dir, 'wire.atom');
    const items = await collect([path]);
    assert.deepEqual(failures(items), []);
    const [quake, xhtml, text, outOfLine] = docs(items);

    assert.equal(quake.kind, 'html');
    assert.equal(quake.content, '<p>The quake hit at dawn.</p>');
    assert.deepEqual(quake.meta, {
      outlet: 'Wire Service',
      title: 'Quake strikes',
      url: 'https://wire.example/quake',
      published: '2024-03-05T06:07:08+05:30',
      byline: 'Lee Chan, Sam Roe',
    });

    assert.equal(xhtml.kind, 'html');
    assert.match(xhtml.content, /<p>Inline <b>XHTML<\/b> body\.<\/p>/);
    assert.equal(xhtml.meta.url, 'https://wire.example/x');
    assert.equal(xhtml.meta.published, '2024-03-07T10:00:00Z');

    assert.deepEqual(
      [text.kind, text.content, text.meta.url],
      ['text', 'Just words, 3 < 4.', 'https://wire.example/t'],
    );
    assert.deepEqual([outOfLine.kind, outOfLine.content], ['text', 'Only the summary is here.']);
  });

  test('an entry without content or summary fails alone', async () => {
    const feed = ATOM.replace('<summary>Only the summary is here.</summary>', '');
    const dir = await fixture({ 'wire.xml': feed });
    const items = await collect([join(dir, 'wire.xml')]);
    assert.equal(docs(items).length, 3);
    assert.deepEqual(failures(items), [
      { ok: false, source: `${join(dir, 'wire.xml')}#4`, error: 'feed item has no content' },
    ]);
  });
});

describe('RSS 1.0 (RDF)', () => {
  test('items beside the channel, dc:date and dc:creator', async () => {
    const dir = await fixture({ 'old.rdf': RDF });
    const [doc, ...rest] = docs(await collect([join(dir, 'old.rdf')]));
    assert.equal(rest.length, 0);
    assert.deepEqual(
      { kind: doc.kind, content: doc.content, meta: doc.meta },
      {
        kind: 'text',
        content: 'Text of the RDF story.',
        meta: {
          outlet: 'Old Times',
          title: 'RDF story',
          url: 'https://old.example/a',
          published: '2003-12-13T18:30:02Z',
          byline: 'Kim Park',
        },
      },
    );
  });
});

describe('manifest and dates', () => {
  test('manifest fields for the feed file apply to every item, and `file#n` to one item', async () => {
    const dir = await fixture({ 'news.xml': RSS, 'manifest.jsonl': '' });
    await writeFile(
      join(dir, 'manifest.jsonl'),
      [
        JSON.stringify({ file: 'news.xml', outlet: 'Manifest Outlet', language: 'en' }),
        JSON.stringify({ file: 'news.xml#2', published: '2024-05-03' }),
      ].join('\n'),
    );
    const got = docs(
      await collect([join(dir, 'news.xml')], { manifest: await loadManifest(join(dir, 'manifest.jsonl')) }),
    );
    assert.deepEqual(
      got.map((d) => [d.meta.outlet, d.meta.language, d.meta.published]),
      [
        ['Manifest Outlet', 'en', '2024-05-01T22:30:00+02:00'],
        ['Manifest Outlet', 'en', '2024-05-03'],
        ['Manifest Outlet', 'en', undefined],
      ],
    );
  });

  test('feed dates: RFC 822 zones and two-digit years, RFC 3339, garbage', () => {
    assert.equal(feedDate('Tue, 10 Jun 2003 04:00:00 EST'), '2003-06-10T04:00:00-05:00');
    assert.equal(feedDate('10 Jun 03 04:00 GMT'), '2003-06-10T04:00:00Z');
    assert.equal(feedDate('Sat, 07 Sep 2002 00:00:01 -0000'), '2002-09-07T00:00:01Z');
    assert.equal(feedDate('2024-01-02'), '2024-01-02');
    assert.equal(feedDate('2024-01-02T03:04Z'), '2024-01-02T03:04:00Z');
    assert.equal(feedDate('yesterday-ish'), undefined);
    assert.equal(feedDate(''), undefined);
  });

  test('feed dates in the languages feeds write RFC 822 in', () => {
    // Portuguese, French, German, Spanish, Italian day and month names, and full month names.
    assert.equal(feedDate('Seg, 24 Set 2018 10:30:00 -0300'), '2018-09-24T10:30:00-03:00');
    assert.equal(feedDate('Qui, 04 Out 2018 08:00:00 -0300'), '2018-10-04T08:00:00-03:00');
    assert.equal(feedDate('mar., 11 déc. 2018 09:15:00 +0100'), '2018-12-11T09:15:00+01:00');
    assert.equal(feedDate('Mo, 03 Mär 2021 12:00:00 +0100'), '2021-03-03T12:00:00+01:00');
    assert.equal(feedDate('Lun, 05 Ene 2015 07:00:00 GMT'), '2015-01-05T07:00:00Z');
    assert.equal(feedDate('Ven, 06 Dic 2019 18:45:00 +0100'), '2019-12-06T18:45:00+01:00');
    assert.equal(feedDate('Tue, 10 September 2003 04:00:00 GMT'), '2003-09-10T04:00:00Z');
    assert.equal(feedDate('Tue, 10 Sept. 2003 04:00:00 GMT'), '2003-09-10T04:00:00Z');
  });
});

describe('inline DTDs', () => {
  // A billion-laughs style entity chain, an external entity, a declared custom entity and `>` inside entity values:
  // the DTD is dropped unread, so none of them is ever expanded.
  const DTD_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
  <!-- a comment with a ] and a > in it -->
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY secret SYSTEM "file:///etc/passwd">
  <!ENTITY fake "<item><title>Injected</title><description>Not in the feed.</description></item>">
  <!ENTITY town "Norvale">
]>
<rss version="2.0"><channel><title>The Fictional Gazette &amp; Co</title>
  <item><title>Dam report &lol3;</title><link>https://gazette.example/dam</link>
    <description>Engineers in &town; inspected the dam &secret; on Monday &amp; found cracks.</description></item>
  <item><title>Second</title><link>javascript:alert(1)</link><description>Lanterns were lit.</description></item>
</channel></rss>`;

  test('a feed with an inline DTD is read as a feed, item by item, its entities never expanded', async () => {
    const dir = await fixture({ 'dtd.xml': DTD_FEED, 'dtd-as.txt': DTD_FEED });
    const items = await collect([dir]);
    assert.deepEqual(failures(items), []);
    const got = docs(items);
    // Sniffed by content: the .txt copy is a feed too.
    assert.deepEqual(
      got.map((d) => d.source.slice(dir.length + 1)),
      ['dtd-as.txt#1', 'dtd-as.txt#2', 'dtd.xml#1', 'dtd.xml#2'],
    );
    const [first, second] = got;
    assert.equal(first.meta.outlet, 'The Fictional Gazette & Co');
    assert.equal(first.meta.title, 'Dam report &lol3;');
    assert.equal(first.content, 'Engineers in &town; inspected the dam &secret; on Monday & found cracks.');
    assert.ok(!got.some((d) => /Injected|root:|lollol/.test(`${d.content} ${d.meta.title}`)));
    // A non-http link is passed on as written, for extraction to drop with a warning.
    assert.equal(second.meta.url, 'javascript:alert(1)');
  });

  test('a DTD that never ends is one clear failure, not an article of raw XML', async () => {
    const cut = DTD_FEED.slice(0, DTD_FEED.indexOf(']>'));
    const dir = await fixture({ 'cut.xml': `${cut}\n<!-- never closed` });
    const items = await collect([dir]);
    assert.equal(docs(items).length, 0);
    assert.equal(failures(items).length, 1);
  });
});

describe('short feed items are links, not articles', () => {
  const LONG =
    'The invented harbour town of Wexcombe reopened its lighthouse on Saturday after a three-year restoration, the ' +
    'harbour board said. Volunteers repainted the tower, rebuilt the lamp room and catalogued two centuries of ' +
    'keepers’ logs. The board expects the light to draw visitors through the winter, when the ferry runs only twice ' +
    'a week and the cafés on the quay close early.';
  const feed = `<rss version="2.0"><channel><title>Wexcombe Notes</title>
    <item><title>Lighthouse reopens</title><link>https://w.example/light</link>
      <description>${LONG}</description></item>
    <item><title>Look at this</title><link>https://w.example/link</link><description>A link worth a look.</description></item>
    <item><title>Markup only</title><link>https://w.example/pic</link>
      <description>&lt;p&gt;&lt;a href="https://w.example/pic"&gt;&lt;img src="x.png"&gt;Photo&lt;/a&gt;&lt;/p&gt;</description></item>
    <item><title>Long in HTML</title><link>https://w.example/html</link>
      <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>${LONG}</p>]]></content:encoded></item>
  </channel></rss>`;

  test('items under 300 characters of text are left out and counted, not failed', async () => {
    const dir = await fixture({ 'notes.xml': feed });
    const seen: [string, FeedStats][] = [];
    const items: IngestItem[] = [];
    for await (const item of readInputs([dir], { onFeedStats: (path, stats) => seen.push([path, stats]) })) {
      items.push(item);
    }
    assert.deepEqual(failures(items), []);
    assert.deepEqual(
      docs(items).map((d) => [d.source.slice(dir.length + 1), d.meta.url]),
      [
        ['notes.xml#1', 'https://w.example/light'],
        ['notes.xml#4', 'https://w.example/html'],
      ],
    );
    const stats = { items: 4, documents: 2, skipped: { 'under 300 characters: links, not articles': 2 } };
    assert.deepEqual(seen, [[join(dir, 'notes.xml'), stats]]);
    assert.equal(
      feedStatsLine('notes.xml', stats),
      'notes.xml: 4 feed items, 2 articles, 2 skipped (2 under 300 characters: links, not articles)',
    );
  });

  test('the minimum is a setting: lower, the short items are articles; a feed with none skipped is not reported', async () => {
    const dir = await fixture({ 'notes.xml': feed });
    const seen: string[] = [];
    const items: IngestItem[] = [];
    for await (const item of readInputs([dir], { minFeedItemChars: 1, onFeedStats: (path) => seen.push(path) })) {
      items.push(item);
    }
    assert.equal(docs(items).length, 4);
    assert.deepEqual(seen, []);
    await assert.rejects(collect([dir], { minFeedItemChars: -1 }), /minFeedItemChars/);
  });
});

describe('JSON Feed', () => {
  const jsonFeed = JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Tallow Bay Post',
    language: 'en',
    authors: [{ name: 'Feed Desk' }],
    items: [
      {
        id: 'tb-1',
        url: 'https://tallow.example/2025/kelp',
        title: 'Kelp beds return',
        content_html: '<p>Divers counted <b>twice</b> the kelp.</p>',
        date_published: '2025-02-10T07:15:00+01:00',
        authors: [{ name: 'Ines Okafor' }],
      },
      { id: 'tb-2', url: 'https://tallow.example/2025/pier', content_text: 'The pier closes for a week.' },
      { id: 'tb-3', url: 'https://tallow.example/2025/empty', title: 'A link and nothing else' },
    ],
  });

  test('a JSON Feed file (any name) is read as a feed: html over text, dates, authors, feed title as outlet', async () => {
    const dir = await fixture({ 'latest.json': jsonFeed, 'renamed.txt': jsonFeed });
    const items = await collect([join(dir, 'latest.json')]);
    const [kelp, pier] = docs(items);
    assert.equal(docs(items).length, 2);
    assert.equal(kelp.kind, 'html');
    assert.deepEqual(kelp.meta, {
      outlet: 'Tallow Bay Post',
      title: 'Kelp beds return',
      url: 'https://tallow.example/2025/kelp',
      published: '2025-02-10T07:15:00+01:00',
      byline: 'Ines Okafor',
      language: 'en',
    });
    assert.equal(pier.kind, 'text');
    assert.equal(pier.meta.byline, 'Feed Desk', "the feed's authors stand in for an item's");
    assert.deepEqual(
      failures(items).map((f) => [f.source.slice(dir.length + 1), f.error]),
      [['latest.json#3', 'feed item has no content']],
    );
    assert.equal(docs(await collect([join(dir, 'renamed.txt')])).length, 2, 'told by content, not by name');
  });

  test('a sitemap file is refused with a word on how to read it', async () => {
    const dir = await fixture({
      'sitemap.xml':
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/x</loc></url></urlset>',
    });
    const [failed] = failures(await collect([dir]));
    assert.match(failed.error, /^sitemap \(<urlset>\), not an article: give its URL/);
  });
});
