// Scale: a stream of synthetic articles through the path `storyline ingest` really takes for stories: each batch
// is saved into a SQLite store, then the story step (`refreshStories`: each pending article checked against the
// store's dedup band and sentence index, clustering state read from the store for the batch's keys, the stream
// clusterer, the touched stories recomposed from the stored copies and passages, everything saved in one
// transaction) runs. The near copies it plants are checked at the end: found as copies of their original (stored
// `duplicateOf`) and put in the original's story.
// Each synthetic article belongs to a synthetic story that runs for a few weeks (`SyntheticStory`), recombines
// sentences of 2–3 of that story's Timeline17 source documents, and is dated along a timeline of several years (the stream arrives in date order, a day or two of jitter); a few are near copies of
// a recent one (wire copy). The analysis stage is not run (about 30 ms an article, it would dominate): each article
// is stored with the analysis the generator knows without it, its sentences (`knownAnalysis`), so that the story
// step reads and composes from stored analyses as it does after a real ingest. Without them composition re-split
// every sampled member's text at every chunk, a cost no ingest pays. Reports throughput, the mean cost of one
// article as the store grows, and peak memory.
//
// The ratio that matters (cost at 200k ÷ cost at 10k) compares runs about 45 minutes apart, and this machine's
// speed drifts by more than the goal's margin over that time (and with whatever else runs). So the store is copied
// just before the 10k mark's batches, and at every later mark its batches alternate, one for one, with a replay of
// the 10k mark's batches on a fresh copy of that store: the two costs of each pair are measured in the same minute,
// and their ratio is the growth with the store alone.
//
// `STORYLINE_SCALE_N=20000 node dist/bench/run.js scale` for a shorter run (default 200,000).
// `STORYLINE_SCALE_PROFILE=DIR` also writes a CPU profile of each paired batch's story step there (`<mark>-big-<k>`
// and `<mark>-base-<k>.cpuprofile`): what grows with the store shows as the difference of the two.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCollections, loadCollectionDocs } from '../src/eval/t17.js';
import { detokenise } from '../src/text/ptb.js';
import type { Analysis, Article, Span } from '../src/model.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { refreshStories } from '../src/pipeline/index.js';
import { seededRandom } from '../test/helpers.js';
import { type BenchResult, report, sharedOrSkip } from './shared.js';

const YEARS = 4;
/** Between an article's paragraphs (each one sentence here). */
const PARAGRAPH_BREAK = '\n\n';
const COPY_SHARE = 0.03;
const MARKS = [10_000, 50_000, 100_000, 200_000];
/** Articles averaged for the cost at a mark: the batches just before it. */
const MARK_SPAN = 5_000;
/** Articles per ingest run: a day's worth of a busy feed set. */
const BATCH = 1_000;

/**
 * Per article of one batch: the story step's wall and CPU milliseconds, and what it did: stories written, and
 * articles read into their compositions (each written story's sample). The two say where growth comes from:
 * composition costs about the same per composed article at any size, so composed articles per new article growing
 * is broad stories recomposed, not a slower store.
 */
interface BatchCost {
  ms: number;
  cpu: number;
  written: number;
  composed: number;
}

/** Save a batch as ingest does (article and analysis), then time the story step over it (profiled into `profile`). */
async function runBatch(store: SqliteStore, articles: readonly Article[], profile?: string): Promise<BatchCost> {
  for (const article of articles) await store.saveArticle(article, knownAnalysis(article));
  const session = profile === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const done = await refreshStories(store);
  const cpu = process.cpuUsage(cpuStart);
  if (session && profile !== undefined) {
    const { profile: taken } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(taken));
    session.disconnect();
  }
  return {
    ms: Number(process.hrtime.bigint() - start) / 1e6 / articles.length,
    cpu: (cpu.user + cpu.system) / 1e3 / articles.length,
    written: done.changed / articles.length,
    composed: done.composed / articles.length,
  };
}

/** What the story step did per new article. */
function work(cost: BatchCost): string {
  return `${cost.written.toFixed(2)} stories written, ${cost.composed.toFixed(1)} articles composed`;
}

function meanCost(costs: readonly BatchCost[]): BatchCost {
  const n = Math.max(1, costs.length);
  const mean = (of: (c: BatchCost) => number): number => costs.reduce((a, c) => a + of(c), 0) / n;
  return {
    ms: mean((c) => c.ms),
    cpu: mean((c) => c.cpu),
    written: mean((c) => c.written),
    composed: mean((c) => c.composed),
  };
}

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

/**
 * A synthetic story: a handful of source documents of one collection (its subject), two invented names, and a
 * life of a few weeks. Real streams are made of stories that start, run and fade, not of five topics that grow
 * for ever; a story's size, and so the cost of recomposing it, stays bounded however long the stream runs.
 */
interface SyntheticStory {
  source: Source;
  docs: string[][];
  names: string[];
  lastDay: number;
}

const STORY_DOCS = 6;
const STORY_DAYS = [7, 60] as const;
/** Stories running at once (each article picks one). */
const ACTIVE_STORIES = 60;

function newStory(sources: Source[], random: () => number, day: number, serial: number): SyntheticStory {
  const source = sources[Math.floor(random() * sources.length)] as Source;
  const docs = Array.from(
    { length: STORY_DOCS },
    () => source.docs[Math.floor(random() * source.docs.length)] as string[],
  );
  const syllables = ['ka', 'lo', 'mer', 'ta', 'vin', 'os', 'ra', 'del', 'um', 'sel'];
  const name = (k: number) =>
    `${syllables[(serial + k) % 10]}${syllables[Math.floor(serial / 10 + k) % 10]}${syllables[Math.floor(serial / 100 + 3 * k) % 10]}`;
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const life = STORY_DAYS[0] + Math.floor(random() * (STORY_DAYS[1] - STORY_DAYS[0]));
  return { source, docs, names: [cap(name(1)), `${cap(name(2))} ${cap(name(3))}`], lastDay: day + life };
}

/** The i-th synthetic article of the stream (deterministic given the generator's state). */
function synthesise(
  i: number,
  n: number,
  active: SyntheticStory[],
  sources: Source[],
  random: () => number,
  startDay: number,
): Article {
  const day = startDay + Math.floor((i / n) * YEARS * 365) + Math.floor(random() * 3);
  const slot = Math.floor(random() * ACTIVE_STORIES);
  let story = active[slot];
  if (!story || story.lastDay < day) active[slot] = story = newStory(sources, random, day, i);
  const picks = 2 + Math.floor(random() * 2);
  const sentences: string[] = [];
  for (let p = 0; p < picks; p++) {
    const doc = story.docs[Math.floor(random() * story.docs.length)] as string[];
    const take = 3 + Math.floor(random() * 4);
    const from = Math.floor(random() * Math.max(1, doc.length - take));
    sentences.push(...doc.slice(from, from + take));
  }
  sentences.push(`${story.names[1]} spoke in ${story.names[0]} on the matter.`);
  return {
    id: `syn-${i}`,
    source: `synthetic/${story.source.topic}/${i}`,
    title: sentences[0]?.slice(0, 90),
    published: { value: isoDay(day), precision: 'day', from: 'sidecar' },
    language: 'en',
    paragraphs: sentences,
    text: sentences.join(PARAGRAPH_BREAK),
    removed: [],
  };
}

/**
 * What the generator knows of an article's analysis: its sentences, one to a paragraph (the sources' sentences,
 * joined by blank lines). No entities, dates or quotes: clustering then reads the same features as from the words.
 */
function knownAnalysis(article: Article): Analysis {
  const sentences: Span[] = [];
  let at = 0;
  for (const paragraph of article.paragraphs) {
    sentences.push({ start: at, end: at + paragraph.length });
    at += paragraph.length + PARAGRAPH_BREAK.length;
  }
  return { article: article.id, sentences, entities: [], mentions: [], timexes: [], quotes: [] };
}

/** A near copy: the same text with one paragraph dropped and a line added (a wire story as an outlet runs it). */
function copyOf(original: Article, i: number): Article {
  const paragraphs = [...original.paragraphs.slice(0, -1), 'Copyright the agency. All rights reserved.'];
  return { ...original, id: `syn-${i}`, source: `copy/${i}`, paragraphs, text: paragraphs.join(PARAGRAPH_BREAK) };
}

export async function benchScale(): Promise<BenchResult[]> {
  const dir = sharedOrSkip('eval/t17', 'scale benchmark');
  if (!dir) return [];
  const n = Number(process.env.STORYLINE_SCALE_N ?? 200_000);
  const profileDir = process.env.STORYLINE_SCALE_PROFILE;
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const sources = loadSources(dir);
  const random = seededRandom(42);
  const startDay = Math.floor(Date.UTC(2012, 0, 1) / 86_400_000);
  const tmp = mkdtempSync(join(tmpdir(), 'storyline-scale-'));
  const storePath = join(tmp, 'scale.db');
  const basePath = join(tmp, 'base.db');
  let store = new SqliteStore(storePath);
  const recent: Article[] = [];
  const active: SyntheticStory[] = [];
  const costs: BatchCost[] = [];
  /** The first mark's batches, replayed beside every later mark's. */
  const baseMark = MARKS.find((m) => m <= n) ?? n;
  const baseFrom = baseMark - MARK_SPAN;
  const baseBatches: Article[][] = [];
  /** Per later mark: its batches' costs and the replayed first mark's, measured alternately. */
  const paired = new Map<number, { mark: BatchCost[]; base: BatchCost[] }>();
  /** Each planted near copy → the article it copies. */
  const planted = new Map<string, string>();
  let peakRss = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  try {
    for (let from = 0; from < n; from += BATCH) {
      const to = Math.min(n, from + BATCH);
      const batch: Article[] = [];
      for (let i = from; i < to; i++) {
        const copy = recent.length > 0 && random() < COPY_SHARE;
        const original = copy ? (recent[Math.floor(random() * recent.length)] as Article) : undefined;
        const article = original ? copyOf(original, i) : synthesise(i, n, active, sources, random, startDay);
        if (original) planted.set(article.id, original.id);
        else {
          recent.push(article);
          if (recent.length > 200) recent.shift();
        }
        batch.push(article);
      }
      if (from === baseFrom && baseFrom > 0) {
        // The store as the first mark's batches find it, for the replays (closed, so the copy is whole).
        await store.close();
        copyFileSync(storePath, basePath);
        store = new SqliteStore(storePath);
      }
      if (from >= baseFrom && to <= baseMark) baseBatches.push(batch);
      const mark = MARKS.find((m) => m > baseMark && m <= n && from >= m - MARK_SPAN && to <= m);
      let cost: BatchCost;
      if (mark !== undefined && baseFrom > 0) {
        // Alternate: this batch on the big store, then the matching first-mark batch on the copy of the small one.
        const pair = paired.get(mark) ?? { mark: [], base: [] };
        paired.set(mark, pair);
        const profileOf = (side: string): string | undefined =>
          profileDir === undefined ? undefined : join(profileDir, `${mark}-${side}-${pair.mark.length}.cpuprofile`);
        cost = await runBatch(store, batch, profileOf('big'));
        pair.mark.push(cost);
        const replayPath = join(tmp, `replay-${mark}.db`);
        if (pair.base.length === 0) copyFileSync(basePath, replayPath);
        const replay = new SqliteStore(replayPath);
        try {
          pair.base.push(await runBatch(replay, baseBatches[pair.base.length] ?? [], profileOf('base')));
        } finally {
          await replay.close();
        }
        if (pair.base.length === baseBatches.length) {
          rmSync(replayPath, { force: true });
          // Said as soon as it is known: a long run cut short still gives its earlier marks' growth.
          const big = meanCost(pair.mark);
          const small = meanCost(pair.base);
          process.stderr.write(
            `scale: at ${mark / 1000}k ${big.ms.toFixed(2)} ms an article, the ${baseMark / 1000}k batches replayed ` +
              `between them ${small.ms.toFixed(2)} ms: ${(big.ms / small.ms).toFixed(2)}× ` +
              `(CPU ${(big.cpu / small.cpu).toFixed(2)}×); per new article ${work(big)} vs ${work(small)}\n`,
          );
        }
      } else cost = await runBatch(store, batch);
      costs.push(cost);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (to % 10_000 === 0) {
        process.stderr.write(
          `scale: ${to} articles, ${await store.countStories()} stories, story step ${cost.ms.toFixed(2)} ms ` +
            `(CPU ${cost.cpu.toFixed(2)} ms) an article, ${work(cost)}, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`,
        );
      }
    }
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    const stories = await store.countStories();
    const atMark = (to: number): BatchCost => {
      const last = Math.ceil(to / BATCH);
      return meanCost(costs.slice(Math.max(0, last - MARK_SPAN / BATCH), last));
    };
    const results: BenchResult[] = [
      report({
        name: `scale: ${n} synthetic articles saved + story step`,
        value: n / elapsed,
        unit: 'articles/s',
        note: `${elapsed.toFixed(0)} s (replays included), batches of ${BATCH}, ${planted.size} near copies, ${stories} stories`,
      }),
    ];
    // The dedup stage as ingest runs it: each planted copy stored as a copy of its original, in its story.
    const copyIds = [...planted.keys()];
    const found = await store.getDedup(copyIds);
    const storyOf = await store.getArticleStories([...copyIds, ...planted.values()]);
    let asCopy = 0;
    let together = 0;
    for (const [id, original] of planted) {
      if (found.get(id)?.duplicateOf === original) asCopy++;
      if (storyOf.get(id) !== undefined && storyOf.get(id) === storyOf.get(original)) together++;
    }
    results.push(
      report({
        name: 'scale: planted near copies found by the story step',
        value: planted.size === 0 ? 1 : asCopy / planted.size,
        unit: 'share',
        note: `${asCopy} of ${planted.size} stored as copies of their original; ${together} in the original's story`,
      }),
    );
    const base = atMark(baseMark);
    results.push(
      report({
        name: `scale: story step per article at ${baseMark / 1000}k`,
        value: base.ms,
        unit: 'ms',
        note: `batches ending ${baseFrom}–${baseMark}, as first run; CPU ${base.cpu.toFixed(2)} ms; per new article ${work(base)}`,
      }),
    );
    for (const [mark, pair] of paired) {
      const big = meanCost(pair.mark);
      const small = meanCost(pair.base);
      results.push(
        report({
          name: `scale: story step per article at ${mark / 1000}k`,
          value: big.ms,
          unit: 'ms',
          note: `batches ending ${mark - MARK_SPAN}–${mark}; CPU ${big.cpu.toFixed(2)} ms; the ${baseMark / 1000}k batches replayed between them ${small.ms.toFixed(2)} ms (CPU ${small.cpu.toFixed(2)}); per new article ${work(big)} vs ${work(small)}`,
        }),
      );
      results.push(
        report({
          name: `scale: cost at ${mark / 1000}k / cost at ${baseMark / 1000}k`,
          value: big.ms / small.ms,
          unit: '×',
          note: `measured alternately, batch for batch; CPU time ratio ${(big.cpu / small.cpu).toFixed(2)}; against the first run ${(big.ms / base.ms).toFixed(2)}×`,
        }),
      );
    }
    results.push(
      report({
        name: 'scale: peak memory',
        value: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
        unit: 'MB',
        note: `rss peak ${(peakRss / 2 ** 20).toFixed(0)} MB`,
      }),
    );
    return results;
  } finally {
    await store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
