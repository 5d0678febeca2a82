import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/open.js';
import { allStories } from '../../pipeline/index.js';
import { flag, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { log, printJson } from '../output.js';
import { renderStoryHtml } from '../render-html.js';
import { renderStoryMarkdown } from '../render-md.js';
import { ingestOptions, readIngestSettings, runIngest } from './ingest.js';

export const digestUsage = `storyline digest PATH|URL... [--manifest F.jsonl] [--max-size MB] [--max-text SIZE] [--md | --json | --html FILE]
  The one-shot main job: ingest PATHs and URLs (as ingest reads them) into a temporary database and print every story
  (Markdown by default). JSON: {"stories": [story...]}`;

/** Ingest's options but the queue: a digest is one process from its inputs to its stories. */
const { queue: _queue, ...digestIngestOptions } = ingestOptions;

export async function digestCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { ...digestIngestOptions, md: { type: 'boolean' }, html: { type: 'string' } });
  if (args.positionals.length === 0) throw new UsageError('digest needs at least one PATH or URL');
  if (stringOption(args, 'db') !== undefined)
    throw new UsageError('digest always uses a temporary database; use ingest --db to keep one');
  const settings = await readIngestSettings(args);
  const dir = mkdtempSync(join(tmpdir(), 'storyline-digest-'));
  try {
    const store = await openStore(join(dir, 'digest.db'));
    try {
      const report = await runIngest(store, args.positionals, settings);
      const stories = await allStories(store);
      log(
        `${report.articles.length} articles, ${stories.length} stories${report.failed.length ? `, ${report.failed.length} inputs failed` : ''}`,
      );
      const htmlOut = stringOption(args, 'html');
      if (htmlOut) {
        await writeFile(htmlOut, renderStoryHtml(stories));
        log(`wrote ${htmlOut}`);
      }
      if (flag(args, 'json')) printJson({ stories });
      else if (!htmlOut || flag(args, 'md')) process.stdout.write(stories.map(renderStoryMarkdown).join('\n---\n\n'));
      return report.failed.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
