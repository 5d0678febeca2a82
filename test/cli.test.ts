// The `storyline` command as a script uses it: a real process, real files, a real SQLite file.
// Checks the DESIGN.md contract: stdout holds one JSON document with --json, exit codes 0/1/2,
// bad inputs reported one line each while the rest of the batch goes in.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { needShared, projectRoot, recordMerge, sharedPath } from './helpers.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const examples = join(projectRoot, 'examples');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function storyline(args: string[], cwd = projectRoot): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stdout must be exactly one JSON document. */
function json<T>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    assert.fail(`stdout is not one JSON document:\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

interface IngestJson {
  ingested: number;
  unchanged: number;
  failed: { path: string; error: string }[];
  articles: string[];
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'storyline-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('storyline ingest', () => {
  test('ingests the examples, then re-ingesting changes nothing', () => {
    const db = join(dir, 'examples.db');
    const first = storyline(['ingest', examples, '--db', db, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const report = json<IngestJson>(first);
    assert.deepEqual(report.failed, []);
    // 6 files + 2 JSONL lines; the manifest is read as the folder's manifest, not as an article.
    assert.equal(report.ingested, 8);
    assert.equal(report.articles.length, 8);

    const again = json<IngestJson>(storyline(['ingest', examples, '--db', db, '--json']));
    assert.equal(again.ingested, 0);
    assert.equal(again.unchanged, 8);
    assert.deepEqual(again.articles, report.articles);
  });

  test('a batch with bad inputs: each is one failed line, the rest goes in, exit 1', () => {
    const batch = join(dir, 'batch');
    mkdirSync(batch);
    writeFileSync(
      join(batch, 'good.txt'),
      'A good headline about the harbour\n\nThe harbour reopened on Monday after a week of repairs, the port authority said in a statement.\n',
    );
    writeFileSync(join(batch, 'empty.txt'), '');
    writeFileSync(
      join(batch, 'image.html'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    writeFileSync(join(batch, 'nobody.html'), '<html><head><title>Nothing here</title></head></html>');
    writeFileSync(join(batch, 'cut.txt.gz'), gzipSync(Buffer.from('x'.repeat(5000))).subarray(0, 30));
    writeFileSync(
      join(batch, 'export.jsonl'),
      `${JSON.stringify({ text: 'The ferry to the islands will run twice a day from June, the operator said on Tuesday.', title: 'Ferry timetable' })}\n{not json\n`,
    );
    const db = join(dir, 'batch.db');
    const run = storyline(['ingest', batch, '--db', db, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const report = json<IngestJson>(run);
    assert.equal(report.ingested, 2, JSON.stringify(report));
    const failedPaths = report.failed.map((f) => f.path).sort();
    assert.equal(report.failed.length, 5, JSON.stringify(report.failed));
    for (const name of ['empty.txt', 'image.html', 'nobody.html', 'cut.txt.gz', 'export.jsonl#L2'])
      assert.ok(
        failedPaths.some((p) => p.endsWith(name)),
        `${name} not in failed: ${failedPaths.join(', ')}`,
      );
    for (const f of report.failed) {
      assert.ok(f.error.length > 0 && !f.error.includes('\n'), `one-line error for ${f.path}`);
    }
    // The errors also reach stderr for a person, one line each, naming the input.
    for (const name of ['empty.txt', 'image.html'])
      assert.match(run.stderr, new RegExp(`${name.replace('.', '\\.')}: `));
  });

  test('bad usage exits 2 with a message on stderr and nothing on stdout', () => {
    for (const args of [[], ['ingest'], ['ingest', examples, '--bogus'], ['frobnicate'], ['eval', 'nonsense', 'x']]) {
      const run = storyline(args);
      assert.equal(run.code, 2, `storyline ${args.join(' ')}`);
      assert.equal(run.stdout, '');
      assert.ok(run.stderr.length > 0);
    }
  });

  test('a missing manifest is bad usage', () => {
    const run = storyline(['ingest', examples, '--manifest', join(dir, 'nope.jsonl'), '--db', join(dir, 'm.db')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nope\.jsonl/);
  });
});

describe('dates from paths and sidecars', () => {
  test('a day in the folder or file name dates an undated article (found-by path); an unreal date fails its input', () => {
    const root = join(dir, 'paths');
    mkdirSync(join(root, 'InputDocs', '2009-06-25'), { recursive: true });
    mkdirSync(join(root, '2015', '11', '17'), { recursive: true });
    const body =
      'Harbour reopens in the fictional port of Velmora\n\nThe harbour of Velmora reopened after a week of repairs, the port authority said in a statement to reporters.\n';
    writeFileSync(join(root, 'InputDocs', '2009-06-25', '3.txt'), body);
    writeFileSync(
      join(root, '2015', '11', '17', 'x.txt'),
      body.replace('harbour of Velmora', 'old harbour of Velmora').replace('week', 'fortnight'),
    );
    writeFileSync(
      join(root, 'records.jsonl'),
      `${JSON.stringify({ text: 'The ferry to Carravel sailed again on time after the storm, the fictional operator said.', published: '1998-14-06' })}\n`,
    );
    const db = join(dir, 'paths.db');
    const run = storyline(['ingest', root, '--db', db, '--json']);
    assert.equal(run.code, 1, run.stderr);
    const report = json<IngestJson>(run);
    assert.equal(report.failed.length, 1);
    assert.match(report.failed[0]?.path ?? '', /records\.jsonl#L1$/);
    assert.match(report.failed[0]?.error ?? '', /1998-14-06.*not a real date/);
    const dates = report.articles.map((id) => {
      const a = json<{ published?: { value: string; from: string } }>(storyline(['article', id, '--db', db, '--json']));
      return `${a.published?.value}/${a.published?.from}`;
    });
    assert.deepEqual(dates.sort(), ['2009-06-25/path', '2015-11-17/path']);
  });
});

describe('storyline story and refresh', () => {
  test('refresh reports the stories; a merged-away id says where it went', async () => {
    const db = join(dir, 'refresh.db');
    assert.equal(storyline(['ingest', examples, '--db', db]).code, 0);
    const refreshed = json<{ stories: number; changed: number }>(storyline(['refresh', '--db', db, '--json']));
    assert.deepEqual(refreshed, { stories: 2, changed: 0 });
    const list = json<{ stories: { id: string }[] }>(storyline(['stories', '--db', db, '--json', '--sort', 'size']));
    const id = list.stories[0]?.id as string;
    const { openStore } = await import('../src/store/open.js');
    const store = await openStore(db);
    await recordMerge(store, 's-gone', id);
    await store.close();
    const old = storyline(['story', 's-gone', '--db', db, '--json']);
    assert.equal(old.code, 1);
    assert.deepEqual(json(old), { id: 's-gone', mergedInto: id });
    assert.match(old.stderr, new RegExp(`merged into ${id}`));
    const rebuilt = json<{ stories: number }>(storyline(['refresh', '--rebuild', '--db', db, '--json']));
    assert.equal(rebuilt.stories, 2);
  });
});

describe('storyline article and search', () => {
  test('finds an example article by a word of its text, and shows it in full', () => {
    const db = join(dir, 'search.db');
    assert.equal(storyline(['ingest', examples, '--db', db]).code, 0);
    const search = storyline(['search', 'spillway', '--db', db, '--json']);
    assert.equal(search.code, 0, search.stderr);
    const { hits } = json<{ hits: { id: string; snippet: string; title?: string }[] }>(search);
    assert.ok(hits.length >= 3, `expected several hits for "spillway", got ${hits.length}`);
    assert.ok(
      hits.every((h) => /\[spillway\]/i.test(h.snippet)),
      'snippets mark the match',
    );

    const first = hits[0];
    assert.ok(first);
    const shown = storyline(['article', first.id, '--db', db, '--json']);
    assert.equal(shown.code, 0, shown.stderr);
    const article = json<{ id: string; text: string; removed: unknown[]; sources: string[] }>(shown);
    assert.equal(article.id, first.id);
    assert.match(article.text, /spillway/i);
    assert.ok(article.sources.length >= 1);

    const missing = storyline(['article', 'no-such-id', '--db', db]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no-such-id/);

    const hostile = storyline(['search', '"unbalanced NEAR( OR *', '--db', db, '--json']);
    assert.equal(hostile.code, 0, hostile.stderr);
  });

  test('an article with no date in its text takes it from the folder manifest', () => {
    const db = join(dir, 'manifest.db');
    storyline(['ingest', examples, '--db', db]);
    const { hits } = json<{ hits: { id: string; published?: string; outlet?: string }[] }>(
      storyline(['search', 'drawer', '--db', db, '--json']),
    );
    const hit = hits[0];
    assert.ok(hit, 'the engineer interview is found');
    assert.equal(hit.published, '2025-03-07');
    assert.equal(hit.outlet, 'Norvale Courier');
  });
});

describe('storyline eval extraction', () => {
  test(
    'prints {f1, precision, recall, pages} and writes the predictions',
    {
      skip: needShared('eval/extraction'),
    },
    () => {
      const out = join(dir, 'pred.json');
      const run = storyline(['eval', 'extraction', sharedPath('eval/extraction'), '--out', out, '--json']);
      assert.equal(run.code, 0, run.stderr);
      const scores = json<{ f1: number; precision: number; recall: number; pages: number }>(run);
      assert.equal(scores.pages, 91);
      assert.ok(scores.f1 >= 0.96, `extraction F1 ${scores.f1} < 0.96`);
    },
  );
});
