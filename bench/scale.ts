// Scale: a stream of synthetic articles through dedup (DuplicateIndex) and the in-memory incremental story
// clusterer. Each synthetic article recombines sentences of 2–3 Timeline17 input articles of one collection and is
// dated along a timeline of several years (the stream arrives in date order, a day or two of jitter); a few are near
// copies of a recent one (wire copy). Analysis is skipped (about 30 ms an article, it would dominate); features are
// the real ones without it: word stems, numbers and capitalised names. Reports throughput, the mean cost of one
// article as the store grows, the cost of clustering one article into a store of 100k, and peak memory.
//
// `STORYLINE_SCALE_N=20000 node dist/bench/run.js scale` for a shorter run (default 200,000).
import { clusterDocFrom } from '../src/cluster/features.js';
import { OnlineClusterer } from '../src/cluster/online.js';
import { DuplicateIndex } from '../src/dedup/duplicates.js';
import { seededRandom } from '../src/eval/clusters.js';
import { listCollections, loadCollectionDocs } from '../src/eval/t17.js';
import { detokenise } from '../src/eval/t17-articles.js';
import type { Article } from '../src/model.js';
import { type BenchResult, report, sharedOrSkip } from './shared.js';

const YEARS = 4;
const COPY_SHARE = 0.03;
const MARKS = [10_000, 50_000, 100_000, 200_000];
/** Articles averaged for the cost at a mark: the ones just before it. */
const MARK_SPAN = 2_000;

interface Source {
  topic: string;
  docs: string[][];
}

function loadSources(dir: string): Source[] {
  return listCollections(dir).map((c) => ({
    topic: c.topic,
    docs: loadCollectionDocs(dir, c.topic)
      .map((d) => d.sentences.map(detokenise).filter((s) => s.length > 20))
      .filter((s) => s.length >= 3),
  }));
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The i-th synthetic article of the stream (deterministic given the generator's state). */
function synthesise(i: number, n: number, sources: Source[], random: () => number, startDay: number): Article {
  const source = sources[Math.floor(random() * sources.length)] as Source;
  const picks = 2 + Math.floor(random() * 2);
  const sentences: string[] = [];
  for (let p = 0; p < picks; p++) {
    const doc = source.docs[Math.floor(random() * source.docs.length)] as string[];
    const take = 3 + Math.floor(random() * 4);
    const from = Math.floor(random() * Math.max(1, doc.length - take));
    sentences.push(...doc.slice(from, from + take));
  }
  const day = startDay + Math.floor((i / n) * YEARS * 365) + Math.floor(random() * 3);
  const paragraphs = sentences;
  return {
    id: `syn-${i}`,
    source: `synthetic/${source.topic}/${i}`,
    title: sentences[0]?.slice(0, 90),
    published: { value: isoDay(day), precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs,
    text: paragraphs.join('\n\n'),
    removed: [],
  };
}

/** A near copy: the same text with one paragraph dropped and a line added (a wire story as an outlet runs it). */
function copyOf(original: Article, i: number): Article {
  const paragraphs = [...original.paragraphs.slice(0, -1), 'Copyright the agency. All rights reserved.'];
  return { ...original, id: `syn-${i}`, source: `copy/${i}`, paragraphs, text: paragraphs.join('\n\n') };
}

export async function benchScale(): Promise<BenchResult[]> {
  const dir = sharedOrSkip('eval/t17', 'scale benchmark');
  if (!dir) return [];
  const n = Number(process.env.STORYLINE_SCALE_N ?? 200_000);
  const sources = loadSources(dir);
  const random = seededRandom(42);
  const startDay = Math.floor(Date.UTC(2012, 0, 1) / 86_400_000);
  const dedup = new DuplicateIndex();
  const clusterer = new OnlineClusterer();
  const recent: Article[] = [];
  const perArticle = new Float64Array(n);
  const clusterOnly = new Float64Array(n);
  // CPU time too: the machine may be shared, and wall time then measures the neighbours as much as us.
  const cpuPerArticle = new Float64Array(n);
  let copies = 0;
  let peakRss = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const copy = recent.length > 0 && random() < COPY_SHARE;
    const article = copy
      ? copyOf(recent[Math.floor(random() * recent.length)] as Article, i)
      : synthesise(i, n, sources, random, startDay);
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const dup = dedup.add({ id: article.id, text: article.text, published: article.published?.value });
    const doc = clusterDocFrom(article);
    const clusterStart = process.hrtime.bigint();
    if (dup.duplicateOf && clusterer.has(dup.duplicateOf)) {
      clusterer.addCopy(article.id, dup.duplicateOf, doc.day);
      copies++;
    } else clusterer.add(doc);
    const end = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpuStart);
    cpuPerArticle[i] = (cpu.user + cpu.system) / 1e3;
    perArticle[i] = Number(end - start) / 1e6;
    clusterOnly[i] = Number(end - clusterStart) / 1e6;
    if (!copy) {
      recent.push(article);
      if (recent.length > 200) recent.shift();
    }
    if (i % 1000 === 999) {
      clusterer.drainChanges();
      clusterer.drainDirty();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    if (i % 10_000 === 9_999) {
      const to = i + 1;
      const wall = perArticle.subarray(to - MARK_SPAN, to).reduce((a, b) => a + b, 0) / MARK_SPAN;
      const cpu = cpuPerArticle.subarray(to - MARK_SPAN, to).reduce((a, b) => a + b, 0) / MARK_SPAN;
      const rss = process.memoryUsage().rss / 2 ** 20;
      process.stderr.write(
        `scale: ${to} articles, ${clusterer.liveCount} live, ${wall.toFixed(2)} ms (CPU ${cpu.toFixed(2)} ms) an article, rss ${rss.toFixed(0)} MB\n`,
      );
    }
  }
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const mean = (xs: Float64Array, to: number) => {
    const from = Math.max(0, to - MARK_SPAN);
    let sum = 0;
    for (let i = from; i < to; i++) sum += xs[i] as number;
    return sum / Math.max(1, to - from);
  };
  const results: BenchResult[] = [
    report({
      name: `scale: ${n} synthetic articles, dedup + clustering`,
      value: n / elapsed,
      unit: 'articles/s',
      note: `${elapsed.toFixed(0)} s, ${copies} near copies, ${clusterer.stories().size} stories`,
    }),
  ];
  const marks = MARKS.filter((m) => m <= n);
  for (const m of marks) {
    results.push(
      report({
        name: `scale: mean cost of one article at ${m / 1000}k`,
        value: mean(perArticle, m),
        unit: 'ms',
        note: `dedup + features + clustering, articles ${m - MARK_SPAN}–${m}; CPU ${mean(cpuPerArticle, m).toFixed(2)} ms`,
      }),
    );
  }
  const first = marks[0];
  const last = marks[marks.length - 1];
  if (first !== undefined && last !== undefined && last !== first) {
    results.push(
      report({
        name: `scale: cost at ${last / 1000}k / cost at ${first / 1000}k`,
        value: mean(perArticle, last) / mean(perArticle, first),
        unit: '×',
        note: `CPU time ratio ${(mean(cpuPerArticle, last) / mean(cpuPerArticle, first)).toFixed(2)}`,
      }),
    );
  }
  const at100k = Math.min(n, 100_000);
  results.push(
    report({
      name: `scale: cluster one article into ${at100k / 1000}k`,
      value: mean(clusterOnly, at100k),
      unit: 'ms',
      note: `clustering alone, ${clusterer.liveCount} articles live in the window at the end`,
    }),
  );
  results.push(
    report({
      name: 'scale: peak memory',
      value: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
      unit: 'MB',
      note: `rss peak ${(peakRss / 2 ** 20).toFixed(0)} MB, maxRSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    }),
  );
  return results;
}
