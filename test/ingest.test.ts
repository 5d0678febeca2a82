// Ingest readers: files, folders, globs, .gz, JSON/JSONL, encodings, sniffing, limits, and one failure per bad input.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { type IngestItem, type IngestOptions, loadManifest, readInputs } from '../src/ingest/read.js';
import type { RawDocument } from '../src/model.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyline-ingest-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let counter = 0;
/** A fresh folder under the temp root with the given files (string → UTF-8, bytes as they are). */
async function fixture(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, `case-${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  await mkdir(dir, { recursive: true });
  return dir;
}

async function collect(paths: string[], opts?: IngestOptions): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readInputs(paths, opts)) items.push(item);
  return items;
}

function docs(items: IngestItem[]): RawDocument[] {
  return items.flatMap((item) => (item.ok ? [item.doc] : []));
}

function failures(items: IngestItem[]): { source: string; error: string }[] {
  return items.flatMap((item) => (item.ok ? [] : [{ source: item.source, error: item.error }]));
}

/** Exactly one failure, for `source`, whose message matches `pattern`; returns it. */
function onlyFailure(items: IngestItem[], source: string, pattern: RegExp): string {
  const failed = failures(items);
  assert.equal(failed.length, 1, `expected one failure, got ${JSON.stringify(failed)}`);
  assert.equal(failed[0].source, source);
  assert.match(failed[0].error, pattern);
  assert.doesNotMatch(failed[0].error, /\n/);
  return failed[0].error;
}

const ARTICLE = 'PARIS: France carried out air strikes in Syria on Sunday, the presidency said.\n\nMore text.\n';
const HTML = '<!doctype html><html><head><title>T</title></head><body><p>Hello</p></body></html>';
const TAG_HEAVY_HTML = '<div><p>One <b>bold</b> <a href="/x">link</a>.</p><p>Two.</p><p>Three.</p></div>';
const PNG_HEADER = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe('types and sniffing', () => {
  test('.txt is text, .html is HTML, and a document carries source, encoding, fetchedAt', async () => {
    const dir = await fixture({ 'a.txt': ARTICLE, 'b.html': HTML });
    const [a, b] = docs(await collect([join(dir, 'a.txt'), join(dir, 'b.html')]));
    assert.equal(a.kind, 'text');
    assert.equal(a.content, ARTICLE);
    assert.equal(a.source, join(dir, 'a.txt'));
    assert.equal(a.encoding, 'utf-8');
    assert.ok(!Number.isNaN(Date.parse(a.fetchedAt)));
    assert.deepEqual(a.meta, {});
    assert.equal(b.kind, 'html');
  });

  test('a .txt that is really HTML is HTML; an unknown extension is decided by content', async () => {
    const dir = await fixture({
      'page.txt': `\uFEFF  <!-- saved page -->\n${HTML}`,
      'fragment.dat': '<article><h1>Title</h1><p>One.</p><p>Two.</p><p>Three.</p></article>',
      'notes.md': 'An article that mentions the <b> tag once is still text.',
      'scrap.txt': `Menu Home News\n${TAG_HEAVY_HTML}`,
      'plain.html': 'No markup at all in this file.',
    });
    const byName = Object.fromEntries(docs(await collect([dir])).map((d) => [d.source.slice(dir.length + 1), d.kind]));
    assert.deepEqual(byName, {
      'fragment.dat': 'html',
      'notes.md': 'text',
      'page.txt': 'html',
      'plain.html': 'text',
      'scrap.txt': 'html',
    });
  });

  test('JSON that hides in a .txt is read as records; an RSS channel with no items fails as a feed', async () => {
    const dir = await fixture({
      'records.txt': JSON.stringify([{ text: 'First.' }, { html: '<p>Second.</p>', title: 'Two' }]),
      'feed.xml': '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>',
    });
    const items = await collect([join(dir, 'records.txt'), join(dir, 'feed.xml')]);
    onlyFailure(items, join(dir, 'feed.xml'), /^feed holds no items/);
    const [first, second] = docs(items);
    assert.equal(first.source, `${join(dir, 'records.txt')}#[0]`);
    assert.deepEqual([first.kind, first.content], ['text', 'First.']);
    assert.deepEqual([second.kind, second.meta.title], ['html', 'Two']);
  });

  test('binary content (a PNG renamed .html) is refused by its magic number', async () => {
    const dir = await fixture({ 'image.html': PNG_HEADER, 'good.txt': ARTICLE });
    const items = await collect([join(dir, 'image.html'), join(dir, 'good.txt')]);
    const error = onlyFailure(items, join(dir, 'image.html'), /binary/);
    assert.equal(error, 'binary content (PNG image), not an article');
    assert.equal(docs(items).length, 1);
  });

  test('bytes with NULs and no known magic are refused as binary', async () => {
    const dir = await fixture({ 'blob.txt': Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256) });
    onlyFailure(
      await collect([join(dir, 'blob.txt')]),
      join(dir, 'blob.txt'),
      /^binary content \(.+\), not an article$/,
    );
  });
});

describe('bad inputs', () => {
  test('an empty or whitespace-only file fails as empty', async () => {
    const dir = await fixture({ 'empty.txt': '', 'blank.txt': ' \n\t\n', 'good.txt': ARTICLE });
    const items = await collect([join(dir, 'empty.txt'), join(dir, 'blank.txt'), join(dir, 'good.txt')]);
    assert.deepEqual(failures(items), [
      { source: join(dir, 'empty.txt'), error: 'empty file' },
      { source: join(dir, 'blank.txt'), error: 'empty file' },
    ]);
    assert.equal(docs(items)[0].source, join(dir, 'good.txt'));
  });

  test('a file over maxBytes is refused with its size and the limit', async () => {
    const dir = await fixture({ 'big.txt': 'x'.repeat(2048), 'small.txt': ARTICLE });
    const items = await collect([join(dir, 'big.txt'), join(dir, 'small.txt')], { maxBytes: 1024 });
    const error = onlyFailure(items, join(dir, 'big.txt'), /over/);
    assert.equal(error, 'file is 2.0 KB, over the 1 KB limit');
    assert.equal(docs(items).length, 1);
  });

  test('the default limit refuses a sparse 25 MB file by its size', async () => {
    const dir = await fixture({ 'huge.html': '' });
    await truncate(join(dir, 'huge.html'), 25 * 1024 * 1024);
    // Read, the file would be 25 MB of NUL bytes (binary); refusing it by size shows it was judged by stat.
    onlyFailure(
      await collect([join(dir, 'huge.html')]),
      join(dir, 'huge.html'),
      /^file is 25\.0 MB, over the 20 MB limit$/,
    );
  });

  test('a missing path fails as missing; a glob matching nothing says so', async () => {
    const dir = await fixture({ 'a.txt': ARTICLE });
    const items = await collect([join(dir, 'nope.txt'), join(dir, '*.nothing'), join(dir, 'a.txt')]);
    assert.deepEqual(failures(items), [
      { source: join(dir, 'nope.txt'), error: 'no such file or directory' },
      { source: join(dir, '*.nothing'), error: 'no files match this pattern' },
    ]);
    assert.equal(docs(items).length, 1);
  });

  test('a malformed JSONL line fails alone; the other lines still give documents', async () => {
    const lines = [
      JSON.stringify({ text: 'One.', url: 'https://a.example/1', title: 'One', published: '2015-09-27', outlet: 'AP' }),
      '',
      JSON.stringify({ html: TAG_HEAVY_HTML, byline: 'Jane Doe' }),
      JSON.stringify({ url: 'https://a.example/none', title: 'No body' }),
      '{"text": "broken", ',
      JSON.stringify({ text: 'Six.' }),
    ];
    const dir = await fixture({ 'feed.jsonl': lines.join('\n') });
    const path = join(dir, 'feed.jsonl');
    const items = await collect([path]);
    assert.deepEqual(
      items.map((item) => (item.ok ? item.doc.source : item.source)),
      [`${path}#L1`, `${path}#L3`, `${path}#L4`, `${path}#L5`, `${path}#L6`],
    );
    const failed = failures(items);
    assert.equal(failed.length, 2);
    assert.equal(failed[0].error, 'record has no "text" or "html" field');
    assert.match(failed[1].error, /^invalid JSON: /);
    const [one, two, six] = docs(items);
    assert.deepEqual(one.meta, {
      url: 'https://a.example/1',
      title: 'One',
      published: '2015-09-27',
      outlet: 'AP',
    });
    assert.deepEqual([two.kind, two.content, two.meta.byline], ['html', TAG_HEAVY_HTML, 'Jane Doe']);
    assert.equal(six.content, 'Six.');
  });

  test('a .jsonl holding one JSON array gives its records; a .json that does not parse fails once', async () => {
    const dir = await fixture({
      'array.jsonl': JSON.stringify([{ text: 'A.' }, { text: 'B.' }]),
      'bad.json': '{"text": "unterminated',
    });
    const items = await collect([dir]);
    assert.deepEqual(
      docs(items).map((d) => [d.source.slice(dir.length + 1), d.content]),
      [
        ['array.jsonl#[0]', 'A.'],
        ['array.jsonl#[1]', 'B.'],
      ],
    );
    onlyFailure(items, join(dir, 'bad.json'), /^invalid JSON: /);
  });

  test('a maxBytes that is not a positive number is a usage error, not a per-file failure', async () => {
    await assert.rejects(collect(['.'], { maxBytes: 0 }), RangeError);
  });

  test('a broken symbolic link fails naming where it pointed; the folder goes on', async () => {
    const dir = await fixture({ 'a.txt': ARTICLE });
    await symlink(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    const items = await collect([dir]);
    const error = onlyFailure(items, join(dir, 'dangling.txt'), /^broken symbolic link/);
    assert.match(error, /gone\.txt/);
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [join(dir, 'a.txt')],
    );
  });

  test('a symbolic link loop in a folder is reported once and does not hang', async () => {
    const dir = await fixture({ 'a.txt': ARTICLE, 'sub/b.txt': ARTICLE });
    await symlink('..', join(dir, 'sub', 'loop'));
    await symlink('self', join(dir, 'self')); // a link to itself: ELOOP from the OS
    const items = await collect([dir]);
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [join(dir, 'a.txt'), join(dir, 'sub', 'b.txt')],
    );
    const failed = failures(items);
    assert.equal(failed.length, 2, JSON.stringify(failed));
    assert.deepEqual(failed[0].source, join(dir, 'self'));
    assert.match(failed[0].error, /symbolic link loop/);
    assert.deepEqual(failed[1].source, join(dir, 'sub', 'loop'));
    assert.match(failed[1].error, /^symbolic link loop: leads back to /);
  });

  test('an unreadable file fails as permission denied', async (t) => {
    const dir = await fixture({ 'secret.txt': ARTICLE, 'probe.txt': 'probe', 'good.txt': ARTICLE });
    await chmod(join(dir, 'probe.txt'), 0o000);
    const probeReadable = await readFile(join(dir, 'probe.txt')).then(
      () => true,
      () => false,
    );
    if (probeReadable) {
      t.skip('chmod 000 does not block reads here (running as root): cannot test unreadable files');
      return;
    }
    await chmod(join(dir, 'secret.txt'), 0o000);
    const items = await collect([join(dir, 'secret.txt'), join(dir, 'good.txt')]);
    onlyFailure(items, join(dir, 'secret.txt'), /^permission denied$/);
    assert.equal(docs(items).length, 1);

    const folder = await fixture({ 'locked/a.txt': ARTICLE, 'open/b.txt': ARTICLE });
    await chmod(join(folder, 'locked'), 0o000);
    const walked = await collect([folder]);
    await chmod(join(folder, 'locked'), 0o755); // so that the temp folder can be removed
    onlyFailure(walked, join(folder, 'locked'), /^cannot read folder: permission denied$/);
    assert.deepEqual(
      docs(walked).map((d) => d.source),
      [join(folder, 'open', 'b.txt')],
    );
  });
});

describe('folders and globs', () => {
  test('a folder is read recursively in sorted order, skipping hidden files and folders', async () => {
    const dir = await fixture({
      'b.txt': ARTICLE,
      'a/z.txt': ARTICLE,
      'a/c/d.html': HTML,
      'C.txt': ARTICLE,
      '.hidden.txt': ARTICLE,
      '.git/config.txt': ARTICLE,
    });
    const rel = relative(process.cwd(), dir);
    const items = await collect([rel]);
    assert.deepEqual(failures(items), []);
    // Sources keep the path as the user gave it (here relative), plus the inner path.
    assert.deepEqual(
      docs(items).map((d) => d.source),
      [join(rel, 'C.txt'), join(rel, 'a/c/d.html'), join(rel, 'a/z.txt'), join(rel, 'b.txt')],
    );
  });

  test('globs: *, **, braces, and a file reached twice is read once', async () => {
    const dir = await fixture({
      'examples/one.html': HTML,
      'examples/two.html': HTML,
      'examples/three.txt': ARTICLE,
      'data/x/deep/a.txt': ARTICLE,
      'data/b.txt': ARTICLE,
      'data/c.json': JSON.stringify({ text: 'c' }),
    });
    const sources = async (patterns: string[]): Promise<string[]> =>
      docs(await collect(patterns.map((p) => join(dir, p)))).map((d) => relative(dir, d.source));
    assert.deepEqual(await sources(['examples/*.html']), ['examples/one.html', 'examples/two.html']);
    assert.deepEqual(await sources(['data/**/*.txt']), ['data/b.txt', 'data/x/deep/a.txt']);
    assert.deepEqual(await sources(['examples/t*.{txt,html}']), ['examples/three.txt', 'examples/two.html']);
    assert.deepEqual(await sources(['examples/?ne.html', 'examples']), [
      'examples/one.html',
      'examples/three.txt',
      'examples/two.html',
    ]);
  });
});

describe('gzip', () => {
  test('a .gz is gunzipped and its inner name decides the type', async () => {
    const dir = await fixture({ 'a.html.gz': gzipSync(HTML), 'b.txt.gz': gzipSync(ARTICLE) });
    const [a, b] = docs(await collect([dir]));
    assert.deepEqual([a.source, a.kind, a.content], [join(dir, 'a.html.gz'), 'html', HTML]);
    assert.deepEqual([b.kind, b.content], ['text', ARTICLE]);
  });

  test('a truncated .gz fails as truncated or corrupt', async () => {
    const whole = gzipSync(ARTICLE.repeat(20));
    const dir = await fixture({ 'cut.txt.gz': whole.subarray(0, whole.length - 12), 'ok.txt.gz': whole });
    const items = await collect([dir]);
    const error = onlyFailure(items, join(dir, 'cut.txt.gz'), /gzip/);
    assert.equal(error, 'truncated or corrupt gzip data');
    assert.equal(docs(items).length, 1);
  });

  test('gunzipping stops past the size limit', async () => {
    const dir = await fixture({ 'bomb.txt.gz': gzipSync('a'.repeat(100_000)) });
    const path = join(dir, 'bomb.txt.gz');
    onlyFailure(await collect([path], { maxBytes: 10 * 1024 }), path, /^gzip data expands past the 10 KB limit$/);
  });
});

describe('encodings', () => {
  test('invalid UTF-8 with no declaration decodes as Windows-1252', async () => {
    // "café “quoted” costs €5" in Windows-1252: é=E9, “=93, ”=94, €=80 (E9 20 is invalid UTF-8).
    const bytes = Buffer.concat([
      Buffer.from('caf'),
      Buffer.from([0xe9]),
      Buffer.from(' '),
      Buffer.from([0x93]),
      Buffer.from('quoted'),
      Buffer.from([0x94]),
      Buffer.from(' costs '),
      Buffer.from([0x80]),
      Buffer.from('5'),
    ]);
    const dir = await fixture({ 'legacy.txt': bytes });
    const [doc] = docs(await collect([join(dir, 'legacy.txt')]));
    assert.equal(doc.encoding, 'windows-1252');
    assert.equal(doc.content, 'café “quoted” costs €5');
  });

  test('the Windows-1252 fallback maps all of 0x80-0x9F as WHATWG does (not as Latin-1)', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Prices: '),
      Buffer.from([0x80, 0x20, 0x85, 0x20, 0x8a, 0x20, 0x99, 0x20, 0x9f]),
    ]);
    const dir = await fixture({ 'w.txt': bytes });
    const [doc] = docs(await collect([join(dir, 'w.txt')]));
    assert.equal(doc.content, 'Prices: € … Š ™ Ÿ');
  });

  test('a UTF-8 BOM is stripped; UTF-16 LE and BE with a BOM, and LE without, are decoded', async () => {
    const text = 'Déjà vu — “naïve” café\nSecond line.';
    const utf16le = Buffer.from(text, 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    const dir = await fixture({
      '1-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      '2-le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]),
      '3-be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
      '4-le-nobom.txt': utf16le,
    });
    const got = docs(await collect([dir])).map((d) => [d.encoding, d.content]);
    assert.deepEqual(got, [
      ['utf-8', text],
      ['utf-16le', text],
      ['utf-16be', text],
      ['utf-16le', text],
    ]);
  });

  test('an HTML <meta charset> or http-equiv declaration decides the encoding', async () => {
    const privet = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]); // "Привет" in KOI8-R
    const cp1251 = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in Windows-1251
    const dir = await fixture({
      'a.html': Buffer.concat([Buffer.from('<html><head><meta charset="koi8-r"></head><body><p>'), privet]),
      'b.html': Buffer.concat([
        Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'),
        Buffer.from('</head><body><p>'),
        cp1251,
      ]),
      // A page re-saved as UTF-8 that kept its old declaration: valid multi-byte UTF-8 wins.
      'c.html': '<html><head><meta charset="iso-8859-1"></head><body><p>Привет</p></body></html>',
    });
    const [a, b, c] = docs(await collect([dir]));
    assert.deepEqual([a.encoding, a.content.endsWith('<p>Привет')], ['koi8-r', true]);
    assert.deepEqual([b.encoding, b.content.endsWith('<p>Привет')], ['windows-1251', true]);
    assert.deepEqual([c.encoding, c.content.includes('<p>Привет</p>')], ['utf-8', true]);
  });
});

describe('manifest', () => {
  test('manifest fields are matched by relative path, basename or full path, and win over the record', async () => {
    const dir = await fixture({
      'articles/one.txt': ARTICLE,
      'articles/two.txt': ARTICLE.replace('Sunday', 'Monday'),
      'elsewhere/three.html.gz': gzipSync(HTML),
      'records.jsonl': `${JSON.stringify({ text: 'Rec.', outlet: 'Wire', title: 'Own title', url: 'https://r.example' })}\n`,
      'meta/manifest.jsonl': '',
    });
    const manifestPath = join(dir, 'meta', 'manifest.jsonl');
    await writeFile(
      manifestPath,
      [
        { file: '../articles/one.txt', published: '2015-09-27', outlet: 'AP', note: 'ignored' },
        { file: 'two.txt', published: '2015-10-09', url: 'https://rfi.example/2', title: 'Two' },
        { file: join(dir, 'elsewhere', 'three.html'), outlet: 'Dawn' },
        { file: 'records.jsonl', outlet: 'Manifest outlet', published: '2015-11-17' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const manifest = await loadManifest(manifestPath);
    const got = docs(
      await collect([join(dir, 'articles'), join(dir, 'elsewhere'), join(dir, 'records.jsonl')], { manifest }),
    );
    assert.deepEqual(
      got.map((d) => d.meta),
      [
        { published: '2015-09-27', outlet: 'AP' },
        { published: '2015-10-09', url: 'https://rfi.example/2', title: 'Two' },
        { outlet: 'Dawn' },
        { outlet: 'Manifest outlet', title: 'Own title', url: 'https://r.example', published: '2015-11-17' },
      ],
    );
  });

  test('a bad manifest throws an error naming the file and line', async () => {
    const dir = await fixture({
      'broken.jsonl': '{"file": "a.txt", "published": "2015-09-27"}\n{"file": "b.txt",\n',
      'nofile.jsonl': '{"published": "2015-09-27"}\n',
      'baddate.jsonl': '{"file": "a.txt", "published": "27/09/2015"}\n',
    });
    await assert.rejects(loadManifest(join(dir, 'broken.jsonl')), /broken\.jsonl line 2: invalid JSON/);
    await assert.rejects(loadManifest(join(dir, 'nofile.jsonl')), /line 1: "file" is missing/);
    await assert.rejects(loadManifest(join(dir, 'baddate.jsonl')), /"published" is "27\/09\/2015", not a date/);
    await assert.rejects(
      loadManifest(join(dir, 'missing.jsonl')),
      /cannot read manifest .*missing\.jsonl: no such file/,
    );
  });
});

test('one batch of every bad input: each fails exactly once, and the good inputs all come out', async () => {
  const whole = gzipSync(ARTICLE);
  const dir = await fixture({
    'good-1.txt': ARTICLE,
    'good-2.html': HTML,
    'good-3.html.gz': gzipSync(HTML),
    'bad-empty.txt': '',
    'bad-png.html': PNG_HEADER,
    'bad-big.txt': 'y'.repeat(3000),
    'bad-cut.txt.gz': whole.subarray(0, whole.length - 8),
    'bad-feed.xml': '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>',
    'mixed.jsonl': `${JSON.stringify({ text: 'ok' })}\nnot json\n`,
  });
  await symlink(join(dir, 'nowhere'), join(dir, 'bad-link.txt'));
  await symlink('.', join(dir, 'bad-loop'));
  const items = await collect([dir], { maxBytes: 2048 });
  const failedNames = failures(items).map((f) => relative(dir, f.source));
  assert.deepEqual(failedNames, [
    'bad-big.txt',
    'bad-cut.txt.gz',
    'bad-empty.txt',
    'bad-feed.xml',
    'bad-link.txt',
    'bad-loop',
    'bad-png.html',
    'mixed.jsonl#L2',
  ]);
  assert.deepEqual(
    docs(items).map((d) => relative(dir, d.source)),
    ['good-1.txt', 'good-2.html', 'good-3.html.gz', 'mixed.jsonl#L1'],
  );
});
