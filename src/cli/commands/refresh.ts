import { openStore } from '../../store/open.js';
import { rebuildStories, refreshStories } from '../../pipeline/index.js';
import { flag, parseCommandArgs, UsageError } from '../args.js';
import { dbSpec } from '../config.js';
import { printJson, printLine } from '../output.js';

export const refreshUsage = `storyline refresh [--rebuild] [--db FILE] [--json]
  Cluster every article still waiting for its story (after a killed ingest, say) and update the stories.
  --rebuild forgets the stories and rebuilds them all from the stored articles (old ids redirect to the new ones).
  JSON: {stories, changed}`;

export async function refreshCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { rebuild: { type: 'boolean' } });
  if (args.positionals.length > 0) throw new UsageError(`refresh takes no arguments (got "${args.positionals[0]}")`);
  const store = await openStore(dbSpec(args));
  try {
    const result = flag(args, 'rebuild') ? await rebuildStories(store) : await refreshStories(store);
    // The documented answer: what was composed is the benchmark's to read, not part of this command's contract.
    if (flag(args, 'json')) printJson({ stories: result.stories, changed: result.changed });
    else printLine(`${result.stories} stories, ${result.changed} new or updated`);
    return 0;
  } finally {
    await store.close();
  }
}
