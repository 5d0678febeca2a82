// Analysis speed: words/s per core for the whole analysis stage (sentences, entities, time expressions, quotes) on
// Timeline17's articles, after extraction. CPU time drifts with the machine's load, so the same process also times
// a baseline over the same texts: wink-nlp alone reading them (tokens, part-of-speech tags and sentences, the
// floor any analysis built on it pays), and prints the ratio of the two.
import model from 'wink-eng-lite-web-model';
import winkNLP from 'wink-nlp';
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

/** CPU seconds (all threads: the collector's too) that `work` takes. */
function cpuSeconds(work: () => void): number {
  const cpu = process.cpuUsage();
  work();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1e6;
}

export async function benchAnalysis(): Promise<BenchResult[]> {
  const dir = sharedOrSkip('eval/t17', 'analysis speed');
  if (!dir) return [];
  const articles = loadArticles(dir, 800);
  const words = articles.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
  analyzeArticle(articles[0] as Article); // load models and gazetteers outside the timing
  // The first pass is the figure kept since the start (a fresh process: compilation and wink's caches warming up
  // are part of it); a second pass shows the speed of a long-running ingest.
  const first = words / cpuSeconds(() => articles.forEach((a) => analyzeArticle(a)));
  const nlp = winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const winkAlone = (): void => {
    for (const a of articles) {
      const doc = nlp.readDoc(a.text);
      doc.tokens().out();
      doc.tokens().out(its.pos);
      doc.sentences().out(its.span);
    }
  };
  winkAlone(); // its own warm-up, so that the baseline is wink at its best
  const baseline = words / cpuSeconds(winkAlone);
  const second = words / cpuSeconds(() => articles.forEach((a) => analyzeArticle(a)));
  const note = `${articles.length} Timeline17 articles, ${words} words, CPU time`;
  return [
    report({ name: 'analysis (sentences, entities, timex, quotes)', value: first, unit: 'words/s per core', note }),
    report({ name: 'analysis, second pass (warm)', value: second, unit: 'words/s per core', note }),
    report({ name: 'baseline: wink-nlp alone (sbd + pos)', value: baseline, unit: 'words/s per core', note }),
    report({
      name: 'analysis ÷ wink alone (first / second pass)',
      value: first / baseline,
      unit: `× (second pass ${(second / baseline).toFixed(2)}×)`,
    }),
  ];
}
