// WARC ingest: HTML/text HTTP responses become documents; other records are counted and skipped; damage is reported.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type IngestItem, type IngestOptions, loadManifest, readInputs } from '../src/ingest/read.js';
import { readWarcFile, type WarcItem, type WarcStats } from '../src/ingest/warc.js';
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
    const stats: WarcStats = { records: 0, documents: 0, skipped: {} };
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
    assert.match(failures(plain)[0].error, /^WARC record 3 <urn:uuid:[\d-]+> is truncated: \d+ of \d+ block bytes$/);

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
      failures(items).map((f) => [f.source, f.error.replace(/<urn:uuid:[\d-]+>/, 'ID')]),
      [
        [`${join(dir, 'big.warc')}#1`, 'WARC record 1 ID: document is 4.9 KB, over the 4 KB limit'],
        [`${join(dir, 'big.warc')}#2`, 'WARC record 2 ID: block is 68.4 KB, over the 4 KB limit'],
        [`${join(dir, 'notes.warc')}#1`, 'WARC record 1: expected a "WARC/1.x" version line, found "just some text"'],
      ],
    );
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [`${join(dir, 'big.warc')}#4`, `${join(dir, 'crawl.dat')}#3`, `${join(dir, 'crawl.dat')}#8`],
    );
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
    const items = await collect([dir]);
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
