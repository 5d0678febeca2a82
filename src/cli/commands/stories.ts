import { writeFile } from 'node:fs/promises';
import { openStore } from '../../store/open.js';
import { parseInstant } from '../../text/instants.js';
import { flag, intOption, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { dbSpec } from '../config.js';
import { log, printJson, printLine } from '../output.js';
import { renderStoryHtml } from '../render-html.js';
import { renderStoryMarkdown } from '../render-md.js';

export const storiesUsage = `storyline stories [--since 2h|ISO] [--sort recent|size|updated] [--limit N] [--offset N] [--db FILE] [--json]
  List the stories: id, articles, dates, title. --since: only those changed since then (a span back from now such
  as 30m, 2h, 7d, or an ISO date or date-time), last changed first.`;

export const storyUsage = `storyline story ID [--md | --json | --html FILE] [--db FILE]
  One story in full: summary and timeline with citations, sources, shared passages, entities, quotes.`;

export async function storiesCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    sort: { type: 'string' },
    limit: { type: 'string' },
    offset: { type: 'string' },
    since: { type: 'string' },
  });
  if (args.positionals.length > 0) throw new UsageError(`stories takes no arguments (got "${args.positionals[0]}")`);
  const sinceText = stringOption(args, 'since');
  const since = sinceText === undefined ? undefined : parseInstant(sinceText);
  if (sinceText !== undefined && since === undefined)
    throw new UsageError(`--since must be a span such as 30m, 2h, 7d or an ISO date or date-time, got "${sinceText}"`);
  const sort = stringOption(args, 'sort') ?? (since === undefined ? 'recent' : 'updated');
  if (sort !== 'recent' && sort !== 'size' && sort !== 'updated')
    throw new UsageError(`--sort must be recent, size or updated, got "${sort}"`);
  const store = await openStore(dbSpec(args));
  try {
    const stories = await store.listStories({
      sort,
      limit: intOption(args, 'limit', 50),
      offset: intOption(args, 'offset', 0),
      ...(since !== undefined ? { updatedSince: since } : {}),
    });
    if (flag(args, 'json')) {
      printJson({ total: await store.countStories(), ...(since !== undefined ? { since } : {}), stories });
      return 0;
    }
    if (stories.length === 0)
      printLine(
        since === undefined ? 'no stories yet: storyline ingest PATH... first' : `no story changed since ${since}`,
      );
    for (const s of stories) {
      const span = s.firstPublished
        ? `${s.firstPublished.slice(0, 10)}..${(s.lastPublished ?? '').slice(0, 10)}`
        : 'undated';
      const updated = since === undefined ? '' : `  updated ${s.updated.slice(0, 16).replace('T', ' ')}`;
      printLine(`${s.id}  ${String(s.articles).padStart(4)} articles  ${span}${updated}  ${s.title}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

export async function storyCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { md: { type: 'boolean' }, html: { type: 'string' } });
  const [id] = args.positionals;
  if (!id || args.positionals.length > 1) throw new UsageError('story needs exactly one ID');
  const store = await openStore(dbSpec(args));
  try {
    const story = await store.getStory(id);
    if (!story) {
      const now = await store.resolveStoryId(id);
      if (now && now !== id) {
        log(`story ${id} was merged into ${now}: storyline story ${now}`);
        if (flag(args, 'json')) printJson({ id, mergedInto: now });
        else printLine(`${id} was merged into ${now}`);
        return 1;
      }
      log(`no story with id ${id}`);
      return 1;
    }
    const htmlOut = stringOption(args, 'html');
    if (htmlOut) {
      await writeFile(htmlOut, renderStoryHtml([story]));
      log(`wrote ${htmlOut}`);
    }
    if (flag(args, 'json')) printJson(story);
    else if (!htmlOut || flag(args, 'md')) process.stdout.write(renderStoryMarkdown(story));
    return 0;
  } finally {
    await store.close();
  }
}
