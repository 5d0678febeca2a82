import { openStore } from '../../store/open.js';
import { articleLead, articleTitle } from '../../compose/title.js';
import { flag, parseCommandArgs, UsageError } from '../args.js';
import { dbSpec } from '../config.js';
import { log, printJson, printLine } from '../output.js';

export const articleUsage = `storyline article ID [--removed] [--db FILE] [--json]
  One article: metadata, clean text, its analysis; --removed also lists the boilerplate taken out.`;

export async function articleCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { removed: { type: 'boolean' } });
  const [id] = args.positionals;
  if (!id || args.positionals.length > 1) throw new UsageError('article needs exactly one ID');
  const store = await openStore(dbSpec(args));
  try {
    const article = await store.getArticle(id);
    if (!article) {
      log(`no article with id ${id}`);
      return 1;
    }
    const [analysis, sources] = await Promise.all([store.getAnalysis(id), store.getSources(id)]);
    if (flag(args, 'json')) {
      printJson({ ...article, sources, analysis: analysis ?? null });
      return 0;
    }
    printLine(articleTitle(article.title, articleLead(article.text)));
    const facts = [
      article.outlet && `outlet: ${article.outlet}`,
      article.published && `published: ${article.published.value} (from ${article.published.from})`,
      article.byline && `by: ${article.byline}`,
      article.url && `url: ${article.url}`,
      `language: ${article.language}`,
      `id: ${article.id}`,
    ].filter(Boolean);
    printLine(facts.join(' | '));
    printLine(`sources: ${sources.join(', ')}`);
    printLine();
    printLine(article.text);
    if (flag(args, 'removed')) {
      printLine();
      printLine(`removed as boilerplate (${article.removed.length}):`);
      for (const r of article.removed) printLine(`  [${r.reason}] ${r.text}`);
    } else if (article.removed.length > 0) {
      printLine();
      printLine(`(${article.removed.length} boilerplate lines removed; --removed shows them)`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
