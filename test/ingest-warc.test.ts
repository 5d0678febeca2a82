// WARC ingest: HTML/text HTTP responses become documents; other records are counted and skipped; damage is reported.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type IngestItem, type IngestOptions, loadManifest, readInputs } from '../src/ingest/read.js';
import { emptyWarcStats, readWarcFile, type WarcItem, type WarcStats } from '../src/ingest/warc.js';
import type { RawDocument } from '../src/model.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyline-warc-'));
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

async function collect(paths: string[], opts?: IngestOptions): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readInputs(paths, opts)) items.push(item);
  return items;
}

const docs = (items: (IngestItem | WarcItem)[]): RawDocument[] => items.flatMap((item) => (item.ok ? [item.doc] : []));
const failures = (items: (IngestItem | WarcItem)[]) => items.flatMap((item) => (item.ok ? [] : [item]));

let recordCounter = 0;
/** One WARC record: version line, headers (Content-Length computed), CRLF, block, CRLFCRLF. */
function record(type: string, headers: Record<string, string>, block: string | Uint8Array = ''): Buffer {
  const body = Buffer.from(block);
  const lines = [
    'WARC/1.1',
    `WARC-Type: ${type}`,
    `WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-${String(++recordCounter).padStart(12, '0')}>`,
    'WARC-Date: 2024-05-01T10:00:00Z',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    '',
    '',
  ];
  return Buffer.concat([Buffer.from(lines.join('\r\n')), body, Buffer.from('\r\n\r\n')]);
}

/** An HTTP response block with the given status, headers and raw body bytes. */
function http(status: number, headers: Record<string, string>, body: string | Uint8Array): Buffer {
  const head = [`HTTP/1.1 ${status} X`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', ''].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]);
}

function response(url: string, block: Buffer, date?: string): Buffer {
  const headers: Record<string, string> = {
    'WARC-Target-URI': url,
    'Content-Type': 'application/http; msgtype=response',
  };
  const rec = record('response', headers, block);
  return date ? Buffer.from(rec.toString('latin1').replace('2024-05-01T10:00:00Z', date), 'latin1') : rec;
}

function chunked(bytes: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const chunk = bytes.subarray(at, at + size);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

const PAGE = '<!doctype html><html><head><title>Floods</title></head><body><p>Rivers rose.</p></body></html>';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** warcinfo, request, HTML response, metadata, image, 404, revisit, Windows-1252 text: two documents. */
function crawl(): Buffer[] {
  return [
    record('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'software: test\r\n'),
    record('request', { 'WARC-Target-URI': 'https://news.example/a' }, 'GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n'),
    response('https://news.example/a', http(200, { 'Content-Type': 'text/html; charset=utf-8' }, PAGE)),
    record('metadata', { 'WARC-Target-URI': 'https://news.example/a' }, 'outlink: https://news.example/b\r\n'),
    response('https://news.example/logo.png', http(200, { 'Content-Type': 'image/png' }, PNG)),
    response('https://news.example/gone', http(404, { 'Content-Type': 'text/html' }, '<p>Not found</p>')),
    record('revisit', { 'WARC-Target-URI': 'https://news.example/a', 'WARC-Profile': 'identical-payload-digest' }),
    response(
      'https://news.example/b.txt',
      http(200, { 'Content-Type': 'text/plain; charset=windows-1252' }, Buffer.from([0x93, 0x48, 0x69, 0x94])),
      '2024-05-02T11:12:13Z',
    ),
  ];
}

describe('WARC records', () => {
  test('HTML and text responses become documents; other records are counted, not failed', async () => {
    const dir = await fixture({ 'crawl.warc': Buffer.concat(crawl()) });
    const path = join(dir, 'crawl.warc');
    const stats: WarcStats = emptyWarcStats();
    const items: WarcItem[] = [];
    for await (const item of readWarcFile(path, { maxBytes: 1 << 20, stats })) items.push(item);
    assert.deepEqual(failures(items), []);
    const [page, text] = docs(items);

    assert.deepEqual(
      { ...page, meta: page.meta },
      {
        source: `${path}#3`,
        kind: 'html',
        content: PAGE,
        encoding: 'utf-8',
        fetchedAt: '2024-05-01T10:00:00.000Z',
        meta: { url: 'https://news.example/a' },
      },
    );
    assert.deepEqual(
      [text.source, text.kind, text.content, text.encoding, text.fetchedAt],
      [`${path}#8`, 'text', '\u201CHi\u201D', 'windows-1252', '2024-05-02T11:12:13.000Z'],
    );
    assert.deepEqual(stats, {
      records: 8,
      documents: 2,
      skipped: {
        warcinfo: 1,
        request: 1,
        metadata: 1,
        'response: image/png': 1,
        'response: status 404': 1,
        revisit: 1,
      },
      damaged: 0,
    });
  });

  test('.warc.gz with one gzip member per record, and a chunked + gzipped HTTP payload', async () => {
    const body = Buffer.from(`<html><body><p>${'Compressed story. '.repeat(50)}</p></body></html>`);
    const payload = http(
      200,
      { 'Content-Type': 'text/html', 'Transfer-Encoding': 'chunked', 'Content-Encoding': 'gzip' },
      chunked(gzipSync(body), 100),
    );
    const members = [
      record('request', { 'WARC-Target-URI': 'https://z.example/' }, 'GET / HTTP/1.1\r\n\r\n'),
      response('https://z.example/', payload),
    ].map((rec) => gzipSync(rec));
    const dir = await fixture({ 'z.warc.gz': Buffer.concat(members) });
    const items = await collect([dir]);
    assert.deepEqual(failures(items), []);
    const [doc, ...rest] = docs(items);
    assert.equal(rest.length, 0);
    assert.deepEqual([doc.source, doc.kind, doc.content], [`${join(dir, 'z.warc.gz')}#2`, 'html', body.toString()]);
    assert.equal(doc.meta.url, 'https://z.example/');
  });

  test('a truncated record fails once, naming it, after the records before it', async () => {
    const whole = Buffer.concat(crawl().slice(0, 3));
    const cutPlain = whole.subarray(0, whole.length - 30);
    const members = crawl()
      .slice(0, 3)
      .map((rec) => gzipSync(rec));
    const last = members[2];
    const cutGzip = Buffer.concat([...members.slice(0, 2), gzipSync(crawl()[2]), last.subarray(0, last.length - 20)]);
    const dir = await fixture({ 'cut.warc': cutPlain, 'cutgz.warc.gz': cutGzip });

    const plain = await collect([join(dir, 'cut.warc')]);
    assert.equal(docs(plain).length, 0); // the only response was the cut record
    assert.deepEqual(
      failures(plain).map((f) => f.source),
      [`${join(dir, 'cut.warc')}#3`],
    );
    assert.match(
      failures(plain)[0].error,
      /^WARC record 3 at byte \d+ <urn:uuid:[\d-]+>: truncated: \d+ of \d+ block bytes$/,
    );

    const gz = await collect([join(dir, 'cutgz.warc.gz')]);
    assert.deepEqual(
      docs(gz).map((d) => d.source),
      [`${join(dir, 'cutgz.warc.gz')}#3`],
    );
    assert.deepEqual(
      failures(gz).map((f) => f.source),
      [`${join(dir, 'cutgz.warc.gz')}#4`],
    );
    assert.match(failures(gz)[0].error, /^WARC record 4.*(truncated|corrupt)/);
  });

  test('not a WARC, an over-large record, and a WARC found by content under another name', async () => {
    const big = response(
      'https://big.example/',
      http(200, { 'Content-Type': 'text/html' }, `<p>${'x'.repeat(5000)}</p>`),
    );
    const small = response('https://small.example/', http(200, { 'Content-Type': 'text/html' }, '<p>small</p>'));
    // Past maxBytes + 64 KB the block is not even kept: its head still tells a page from a video.
    const huge = response('https://huge.example/', http(200, { 'Content-Type': 'text/html' }, 'y'.repeat(70_000)));
    const video = response('https://v.example/', http(200, { 'Content-Type': 'video/mp4' }, Buffer.alloc(70_000)));
    const dir = await fixture({
      'notes.warc': 'just some text\n',
      'big.warc': Buffer.concat([big, huge, video, small]),
      'crawl.dat': Buffer.concat(crawl()),
    });
    const items = await collect([dir], { maxBytes: 4096 });
    assert.deepEqual(
      failures(items).map((f) => [f.source, f.error.replace(/<urn:uuid:[\d-]+>/, 'ID').replace(/byte \d+/, 'byte N')]),
      [
        [`${join(dir, 'big.warc')}#1`, 'WARC record 1 at byte N ID: document is 4.9 KB, over the 4 KB limit'],
        [`${join(dir, 'big.warc')}#2`, 'WARC record 2 at byte N ID: block is 68.4 KB, over the 4 KB limit'],
        [
          join(dir, 'notes.warc'),
          'not a WARC file: expected a "WARC/1.0" or "WARC/1.1" version line, found "just some text"',
        ],
      ],
    );
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [`${join(dir, 'big.warc')}#4`, `${join(dir, 'crawl.dat')}#3`, `${join(dir, 'crawl.dat')}#8`],
    );
  });
});

/** A page response whose body says which page it is, to check which records came through. */
function page(n: number): Buffer {
  const html = `<html><body><p>Page ${n} of the fictional Norvale Courier archive.</p></body></html>`;
  return response(`https://courier.example/${n}`, http(200, { 'Content-Type': 'text/html' }, html));
}

/** `rec` with its Content-Length header changed by `delta` bytes (the block itself unchanged). */
function misLength(rec: Buffer, delta: number): Buffer {
  const text = rec.toString('latin1');
  return Buffer.from(
    text.replace(/Content-Length: (\d+)/, (_, n: string) => `Content-Length: ${Number(n) + delta}`),
    'latin1',
  );
}

async function readOne(name: string, bytes: Buffer): Promise<{ path: string; items: WarcItem[]; stats: WarcStats }> {
  const dir = await fixture({ [name]: bytes });
  const path = join(dir, name);
  const stats = emptyWarcStats();
  const items: WarcItem[] = [];
  for await (const item of readWarcFile(path, { maxBytes: 1 << 20, stats })) items.push(item);
  return { path, items, stats };
}

const pageNumbers = (items: WarcItem[]) => docs(items).map((d) => Number(/Page (\d+)/.exec(d.content)?.[1]));

describe('damaged WARC records', () => {
  test('a record with a bad HTTP block is skipped by its Content-Length; the records after it are kept', async () => {
    const bad = response('https://courier.example/bad', Buffer.from('\x00\x01 not an HTTP response at all'));
    const { path, items, stats } = await readOne('a.warc', Buffer.concat([page(1), bad, page(3), page(4)]));
    assert.deepEqual(pageNumbers(items), [1, 3, 4]);
    assert.deepEqual(
      failures(items).map((f) => f.source),
      [`${path}#2`],
    );
    assert.match(
      failures(items)[0].error,
      /^WARC record 2 at byte \d+ <urn:uuid:[\d-]+>: malformed HTTP status line|HTTP response has no end of headers/,
    );
    assert.equal(stats.documents, 3);
  });

  test('a Content-Length too short or too long is one failure naming the record; reading resumes at the next', async () => {
    const short = await readOne('short.warc', Buffer.concat([page(1), misLength(page(2), -40), page(3), page(4)]));
    assert.deepEqual(pageNumbers(short.items), [1, 3, 4]);
    assert.equal(failures(short.items).length, 1);
    assert.match(
      failures(short.items)[0].error,
      /^WARC record 2 at byte \d+ <urn:uuid:[\d-]+>: Content-Length \d+ does not end the record \(what follows its block is not a record\); skipped \d+ bytes to the next record at byte \d+$/,
    );

    // Too long: the block read swallows the start of record 3, which is found inside it and kept.
    const long = await readOne('long.warc', Buffer.concat([page(1), misLength(page(2), 120), page(3), page(4)]));
    assert.deepEqual(pageNumbers(long.items), [1, 3, 4]);
    assert.deepEqual(
      failures(long.items).map((f) => f.source),
      [`${long.path}#2`],
    );
    assert.match(failures(long.items)[0].error, /^WARC record 2 .*: Content-Length \d+ does not end the record/);

    // Too long for the file: the last record's length runs past the end, but holds the next record's start.
    const tail = await readOne('tail.warc', Buffer.concat([page(1), misLength(page(2), 5000), page(3)]));
    assert.deepEqual(pageNumbers(tail.items), [1, 3]);
    assert.match(failures(tail.items)[0].error, /runs past the start of the next record/);
  });

  test('garbage headers: reading resynchronises at the next WARC/1.0 or WARC/1.1 line', async () => {
    const garbageHeaders = Buffer.from(
      'WARC/1.1\r\nWARC-Type: response\r\n\x8f\x02\xffgarbled line with no colon\r\nmore junk\r\n\r\nbody bytes\r\n',
      'latin1',
    );
    const noVersion = Buffer.from('\x00\x00binary noise without any line end'.repeat(10), 'latin1');
    const noLength = Buffer.from('WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x>\r\n\r\nx\r\n\r\n');
    const v10 = Buffer.from(page(6).toString('latin1').replace('WARC/1.1', 'WARC/1.0'), 'latin1');
    const bytes = Buffer.concat([
      page(1),
      garbageHeaders,
      page(3),
      noVersion,
      Buffer.from('\n'),
      page(5),
      noLength,
      v10,
    ]);
    const { path, items, stats } = await readOne('g.warc', bytes);
    assert.deepEqual(pageNumbers(items), [1, 3, 5, 6]);
    assert.deepEqual(
      failures(items).map((f) => f.error.replace(/byte \d+/g, 'byte N').replace(/[\d.]+ (bytes|KB)/, 'SIZE')),
      [
        'WARC record 2 at byte N: malformed header line "???garbled line with no colon"; skipped SIZE to the next record at byte N',
        'WARC record 4 at byte N: expected a "WARC/1.0" or "WARC/1.1" version line, found "??binary noise without any line end??bin"; skipped SIZE to the next record at byte N',
        'WARC record 6 at byte N <urn:x>: no valid Content-Length; skipped SIZE to the next record at byte N',
      ],
    );
    assert.deepEqual(
      failures(items).map((f) => f.source),
      [`${path}#2`, `${path}#4`, `${path}#6`],
    );
    assert.equal(stats.damaged, 3);
    // "WARC/1.2" or "WARC/1.10" is not a record start: resynchronising does not stop at it.
    const fake = Buffer.from('junk\nWARC/1.2\r\nWARC/1.10\r\nx\n');
    const again = await readOne('f.warc', Buffer.concat([page(1), fake, page(2)]));
    assert.deepEqual(pageNumbers(again.items), [1, 2]);
    assert.equal(failures(again.items).length, 1);
  });

  test('garbage to the end of the file: one failure, the records before it stand', async () => {
    const { items } = await readOne('end.warc', Buffer.concat([page(1), Buffer.from('not a record\n'.repeat(100))]));
    assert.deepEqual(pageNumbers(items), [1]);
    assert.deepEqual(
      failures(items).map((f) => f.error.replace(/byte \d+/, 'byte N')),
      [
        'WARC record 2 at byte N: expected a "WARC/1.0" or "WARC/1.1" version line, found "not a record"; no record follows it',
      ],
    );
  });

  test('.warc.gz: a corrupt gzip member costs its own record; the members after it are read', async () => {
    const members = [1, 2, 3, 4].map((n) => gzipSync(page(n)));
    // Member 2: inflates, but to bytes whose CRC-32 is not the one recorded (a bit flipped in its trailer's CRC).
    const flipped = Buffer.from(members[1]);
    flipped[flipped.length - 8] ^= 0x01;
    // Member 3: its deflate data overwritten (does not inflate at all), then stray bytes before member 4.
    const broken = Buffer.from(members[2]);
    broken.fill(0xff, 12, 40);
    const bytes = Buffer.concat([
      members[0],
      flipped,
      broken,
      Buffer.from('stray bytes'),
      members[3],
      Buffer.alloc(512),
    ]);
    const { path, items, stats } = await readOne('z.warc.gz', bytes);
    assert.deepEqual(pageNumbers(items), [1, 4]);
    assert.deepEqual(
      failures(items).map((f) => [f.source, f.error.replace(/byte \d+/g, 'byte N').replace(/: [^:;]+;/, ': PROBLEM;')]),
      [
        [
          `${path}#2`,
          'WARC record 2 at uncompressed byte N: corrupt gzip data in the member at file byte N: PROBLEM; the record after it is damaged too',
        ],
        [
          `${path}#3`,
          'WARC record 3 at uncompressed byte N: corrupt gzip data in the member at file byte N: PROBLEM; the next record starts at uncompressed byte N',
        ],
      ],
    );
    assert.match(failures(items)[0].error, /CRC-32 mismatch/);
    assert.equal(stats.damaged, 2);
  });

  test('only 200 HTML or text responses become articles; the rest is counted, never failed', async () => {
    const html = (status: number, url: string, type = 'text/html') =>
      response(url, http(status, { 'Content-Type': type }, `<p>Status ${status} at ${url}</p>`));
    const bytes = Buffer.concat([
      record('warcinfo', { 'Content-Type': 'application/warc-fields' }, 'software: test\r\n'),
      record('request', { 'WARC-Target-URI': 'https://courier.example/1' }, 'GET /1 HTTP/1.1\r\n\r\n'),
      page(1),
      response('https://courier.example/robots.txt', http(200, { 'Content-Type': 'text/plain' }, 'User-agent: *\n')),
      response(
        'https://courier.example/ads.txt',
        http(200, { 'Content-Type': 'text/plain' }, 'x.example, 1, DIRECT\n'),
      ),
      record('metadata', { 'WARC-Target-URI': 'https://courier.example/1' }, 'outlink: https://courier.example/2\r\n'),
      record(
        'resource',
        { 'WARC-Target-URI': 'metadata://crawler.example/log', 'Content-Type': 'text/plain' },
        'crawl log line\n',
      ),
      response('metadata://crawler.example/status', http(200, { 'Content-Type': 'text/html' }, '<p>crawl status</p>')),
      html(301, 'https://courier.example/old'),
      html(206, 'https://courier.example/part'),
      html(500, 'https://courier.example/error'),
      response(
        'https://courier.example/x.jpg',
        http(200, { 'Content-Type': 'image/jpeg' }, Buffer.from([0xff, 0xd8, 0xff])),
      ),
      record('revisit', { 'WARC-Target-URI': 'https://courier.example/1' }),
      page(2),
    ]);
    const { items, stats } = await readOne('mixed.warc', bytes);
    assert.deepEqual(failures(items), []);
    assert.deepEqual(pageNumbers(items), [1, 2]);
    assert.deepEqual(stats, {
      records: 14,
      documents: 2,
      skipped: {
        warcinfo: 1,
        request: 1,
        'response: robots.txt': 1,
        'response: ads.txt': 1,
        metadata: 1,
        resource: 1,
        'response: metadata: URI': 1,
        'response: status 301': 1,
        'response: status 206': 1,
        'response: status 500': 1,
        'response: image/jpeg': 1,
        revisit: 1,
      },
      damaged: 0,
    });
  });

  test('skipped and damaged counts reach the caller of readInputs', async () => {
    const dir = await fixture({ 'c.warc': Buffer.concat([page(1), Buffer.from('junk\n'), page(2), ...crawl()]) });
    const seen: [string, WarcStats][] = [];
    const items = await collect([dir], { onWarcStats: (path, stats) => seen.push([path, stats]) });
    assert.equal(docs(items).length, 4);
    assert.equal(seen.length, 1);
    assert.equal(seen[0][0], join(dir, 'c.warc'));
    assert.deepEqual([seen[0][1].records, seen[0][1].documents, seen[0][1].damaged], [10, 4, 1]);
  });
});

describe('WARC with the rest of ingest', () => {
  test('manifest fields for the archive path win over the record URL', async () => {
    const members = crawl().map((rec) => gzipSync(rec));
    const dir = await fixture({ 'site.warc.gz': Buffer.concat(members), 'manifest.jsonl': '' });
    await writeFile(
      join(dir, 'manifest.jsonl'),
      [
        JSON.stringify({ file: 'site.warc', outlet: 'Site News' }),
        JSON.stringify({ file: 'site.warc.gz#8', url: 'https://canonical.example/b' }),
      ].join('\n'),
    );
    const got = docs(
      await collect([join(dir, 'site.warc.gz')], { manifest: await loadManifest(join(dir, 'manifest.jsonl')) }),
    );
    assert.deepEqual(
      got.map((d) => d.meta),
      [
        { url: 'https://news.example/a', outlet: 'Site News' },
        { url: 'https://canonical.example/b', outlet: 'Site News' },
      ],
    );
  });

  test('a folder with a feed, a WARC and a .txt yields every document in path order', async () => {
    const feed = `<rss version="2.0"><channel><title>Feedy</title>
      <item><title>One</title><link>https://f.example/1</link><description>Feed item text.</description></item>
    </channel></rss>`;
    const dir = await fixture({
      'a-feed.xml': feed,
      'b-crawl.warc.gz': Buffer.concat(crawl().map((rec) => gzipSync(rec))),
      'c-note.txt': 'A plain article.\n',
    });
    const items = await collect([dir], { minFeedItemChars: 0 }); // a one-line item is a link otherwise
    assert.deepEqual(failures(items), []);
    assert.deepEqual(
      docs(items).map((d) => [d.source.slice(dir.length + 1), d.kind, d.meta.url ?? null, d.meta.outlet ?? null]),
      [
        ['a-feed.xml#1', 'text', 'https://f.example/1', 'Feedy'],
        ['b-crawl.warc.gz#3', 'html', 'https://news.example/a', null],
        ['b-crawl.warc.gz#8', 'text', 'https://news.example/b.txt', null],
        ['c-note.txt', 'text', null, null],
      ],
    );
  });
});
