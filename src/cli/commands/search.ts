import { openStore } from '../../store/open.js';
import { articleTitle } from '../../compose/title.js';
import { flag, intOption, parseCommandArgs, UsageError } from '../args.js';
import { dbSpec } from '../config.js';
import { printJson, printLine } from '../output.js';

export const searchUsage = `storyline search QUERY... [--limit N] [--db FILE] [--json]
  Full-text search over titles and clean text, with snippets ([matched] words in brackets).`;

export async function searchCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { limit: { type: 'string' } });
  const query = args.positionals.join(' ').trim();
  if (!query) throw new UsageError('search needs a QUERY');
  const limit = intOption(args, 'limit', 20);
  const store = await openStore(dbSpec(args));
  try {
    const hits = await store.search(query, { limit });
    if (flag(args, 'json')) {
      printJson({ query, hits });
      return 0;
    }
    if (hits.length === 0) printLine(`no article matches "${query}"`);
    for (const h of hits) {
      printLine(`${h.id}  ${h.published ?? '          '}  ${h.outlet ?? ''}  ${articleTitle(h.title)}`);
      printLine(`    ${h.snippet}`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
