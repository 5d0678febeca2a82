// Analysis speed: words/s per core for the whole analysis stage (sentences, entities,
// time expressions, quotes) on Timeline17's articles, after extraction.
import { analyzeArticle } from '../src/analyze/analyze.js';
import { extractText } from '../src/extract/text.js';
import type { Article } from '../src/model.js';
import { type BenchResult, loadT17Documents, report, sharedOrSkip } from './shared.js';

function loadArticles(dir: string, limit: number): Article[] {
  const out: Article[] = [];
  for (const doc of loadT17Documents(dir)) {
    if (out.length >= limit) break;
    try {
      out.push(extractText(doc));
    } catch {
      // empty documents are not analysed
    }
  }
  return out;
}

export async function benchAnalysis(): Promise<BenchResult[]> {
  const dir = sharedOrSkip('eval/t17', 'analysis speed');
  if (!dir) return [];
  const articles = loadArticles(dir, 800);
  const words = articles.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
  analyzeArticle(articles[0] as Article); // load models and gazetteers outside the timing
  const cpu = process.cpuUsage();
  for (const a of articles) analyzeArticle(a);
  const used = process.cpuUsage(cpu);
  const seconds = (used.user + used.system) / 1e6;
  return [
    report({
      name: 'analysis (sentences, entities, timex, quotes)',
      value: words / seconds,
      unit: 'words/s per core',
      note: `${articles.length} Timeline17 articles, ${words} words, CPU time`,
    }),
  ];
}
