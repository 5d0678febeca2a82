// `source` as the user gave it: `storyline ingest /abs/folder` stores each article's source under the folder's own
// name, not the absolute path of the machine that read it (ingest/source-label.ts). Fictional text only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import { parseCommandArgs } from '../src/cli/args.js';
import { ingestOptions, readIngestSettings, runIngest } from '../src/cli/commands/ingest.js';
import { openStore } from '../src/store/open.js';

const dir = mkdtempSync(join(tmpdir(), 'storyline-sources-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an absolute folder outside the working folder is stored under its own name', async () => {
  const corpus = join(dir, 'corpus');
  mkdirSync(join(corpus, 'harbour'), { recursive: true });
  writeFileSync(
    join(corpus, 'harbour', 'tide.txt'),
    'Tide gauges at Merrow Harbour recorded the highest water in forty years on Tuesday, the port authority said.\n\n' +
      'Harbour pilot Edda Marlowe said the quay at Merrow stayed closed until the evening tide had turned.\n',
  );
  assert.ok(!corpus.startsWith(process.cwd()), 'the fixture lies outside the working folder');
  const store = await openStore(join(dir, 'sources.db'));
  try {
    const args = parseCommandArgs(['--workers', '1', corpus], ingestOptions);
    const report = await runIngest(store, args.positionals, await readIngestSettings(args));
    assert.deepEqual(report.failed, []);
    const [article] = await store.listArticles();
    assert.equal(article?.source, `${basename(corpus)}/harbour/tide.txt`);
    assert.deepEqual(await store.getSources(article.id), ['corpus/harbour/tide.txt']);
  } finally {
    await store.close();
  }
});
