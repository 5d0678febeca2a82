// Analysis speed: words/s per core for the whole analysis stage (sentences, entities, time expressions, quotes) on
// Timeline17's articles, after extraction. CPU time drifts with the machine's load, so the same process also times
// a baseline over the same texts: wink-nlp alone reading them (tokens, part-of-speech tags and sentences, the
// floor any analysis built on it pays), and prints the ratio of the two.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** CPU seconds each thread of this process has used, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  const dir = '/proc/self/task';
  if (!existsSync(dir)) return out;
  // Clock ticks: 100 a second on Linux (USER_HZ, fixed by the kernel's interface).
  const ticksPerSecond = 100;
  for (const tid of readdirSync(dir)) {
    try {
      const stat = readFileSync(join(dir, tid, 'stat'), 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Seconds of CPU that the threads other than the main one used during `work`: V8's background threads, where its
 * optimising compiler and the concurrent collector run. In a fresh process most of the first pass's extra cost
 * over the second is there (the analysis code being compiled, recompiled after each deoptimisation).
 */
function backgroundSeconds(work: () => void): number {
  const before = threadCpu();
  work();
  const after = threadCpu();
  let sum = 0;
  for (const [tid, cpu] of after) if (tid !== String(process.pid)) sum += cpu - (before.get(tid) ?? 0);
  return sum;
}

export async function benchAnalysis(): Promise<BenchResult[]> {
  const dir = sharedOrSkip('eval/t17', 'analysis speed');
  if (!dir) return [];
  const articles = loadArticles(dir, 800);
  const words = articles.reduce((n, a) => n + a.text.split(/\s+/).length, 0);
  analyzeArticle(articles[0] as Article); // load models and gazetteers outside the timing
  // The first pass is the figure kept since the start (a fresh process: compilation and wink's caches warming up
  // are part of it); a second pass shows the speed of a long-running ingest.
  let firstBackground = 0;
  const firstSeconds = cpuSeconds(() => {
    firstBackground = backgroundSeconds(() => articles.forEach((a) => analyzeArticle(a)));
  });
  const first = words / firstSeconds;
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
  let secondBackground = 0;
  const secondSeconds = cpuSeconds(() => {
    secondBackground = backgroundSeconds(() => articles.forEach((a) => analyzeArticle(a)));
  });
  const second = words / secondSeconds;
  const note = `${articles.length} Timeline17 articles, ${words} words, CPU time`;
  return [
    report({ name: 'analysis (sentences, entities, timex, quotes)', value: first, unit: 'words/s per core', note }),
    report({ name: 'analysis, second pass (warm)', value: second, unit: 'words/s per core', note }),
    report({ name: 'baseline: wink-nlp alone (sbd + pos)', value: baseline, unit: 'words/s per core', note }),
    report({
      name: 'analysis, first pass: V8 background threads',
      value: (100 * firstBackground) / firstSeconds,
      unit: `% of its CPU (second pass ${((100 * secondBackground) / secondSeconds).toFixed(0)}%)`,
      note: 'optimising compiler and concurrent collector',
    }),
    report({
      name: 'analysis ÷ wink alone (first / second pass)',
      value: first / baseline,
      unit: `× (second pass ${(second / baseline).toFixed(2)}×)`,
    }),
  ];
}
