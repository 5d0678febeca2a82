// Timeline17 ingested as a user would ingest it, as plain files (no manifest: the only date is the folder name,
// found by `path`): `node dist/bench/t17-plain.js`. Runs `storyline ingest ../shared/eval/t17` (the built CLI, the
// real path) into a temporary SQLite store, then scores the stories it made against the collections' topics with
// the `eval stories` scorer and lists each mixed story (a second topic above 5% of it) with its topics.
// Not part of `npm test` or `npm run bench`: a development tool for issue 9's plain-files figure.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMixed, scoreStories, timeline17Rows } from '../src/eval/stories.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { projectRoot, sharedOrSkip } from './shared.js';

/** Every story, however many: listStories pages by this. */
const PAGE = 10_000;

const dir = sharedOrSkip('eval/t17', 'Timeline17 as plain files');
if (dir) {
  const work = mkdtempSync(join(tmpdir(), 'storyline-t17-plain-'));
  try {
    const db = join(work, 't17.db');
    const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
    const started = Date.now();
    // The CLI's own exit code is 1 when some input failed (T17 has empty files); its report says how many.
    let out: string;
    try {
      out = execFileSync(process.execPath, [cli, 'ingest', dir, '--db', db, '--json'], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? '');
    }
    const ingest = JSON.parse(out) as { ingested: number; unchanged: number; failed: unknown[] };
    const seconds = (Date.now() - started) / 1000;

    // Row id (as `eval stories` builds Timeline17 as one stream) of each input file: collection/date/file.
    const rows = timeline17Rows(dir);
    const rowIds = new Set(rows.map((r) => r.id));
    const store = new SqliteStore(db);
    const predicted = new Map<string, string>();
    try {
      for (let offset = 0; ; offset += PAGE) {
        const page = await store.listStories({ limit: PAGE, offset, sort: 'size' });
        for (const summary of page) {
          const story = await store.getStory(summary.id);
          if (!story) continue;
          for (const article of await store.getArticles(story.articles.map((a) => a.id))) {
            // Sources are labelled from the input named: `t17/<collection>/InputDocs/<date>/<file>`.
            const id = article.source
              .split(/[\\/]/)
              .filter((p) => p !== 'InputDocs')
              .slice(-3)
              .join('/');
            if (rowIds.has(id)) predicted.set(id, story.id);
          }
        }
        if (page.length < PAGE) break;
      }
    } finally {
      await store.close();
    }
    const scored = rows.filter((r) => predicted.has(r.id));
    const scores = scoreStories(scored, predicted);
    process.stdout.write(
      `ingest: ${ingest.ingested} ingested, ${ingest.unchanged} unchanged, ${ingest.failed.length} failed, ${seconds.toFixed(0)} s\n` +
        `scored ${scored.length} of ${rows.length} files (the rest failed or were exact copies of another)\n` +
        `${JSON.stringify(scores)}\n`,
    );
    // Each mixed story with its topics, largest first (mixed as `eval stories` counts it).
    const topics = new Map<string, Map<string, number>>();
    for (const r of scored) {
      const s = predicted.get(r.id) as string;
      const counts = topics.get(s) ?? topics.set(s, new Map()).get(s);
      counts?.set(r.gold, (counts.get(r.gold) ?? 0) + 1);
    }
    for (const [story, counts] of topics) {
      const sorted = [...counts].sort((a, b) => b[1] - a[1]);
      if (!isMixed(sorted.map(([, n]) => n))) continue;
      const size = sorted.reduce((a, [, n]) => a + n, 0);
      const second = sorted[1]?.[1] ?? 0;

      process.stdout.write(
        `mixed ${story}: ${size} articles, ${sorted.map(([t, n]) => `${t} ${n}`).join(', ')} (second ${((100 * second) / size).toFixed(1)}%)\n`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
