// Timeline summarization on Timeline17, with the protocol of Ghalandari & Ifrim (ACL 2020) described in
// ../shared/eval/README.md: per gold timeline, the input articles published between its first and last date;
// as many dates as the gold timeline and, per date, its average number of sentences (rounded); scored with
// align_date_content_costs_many_to_one ROUGE-1/2 and date F1; precision and recall averaged over all
// timelines, then F1 of the averages. The runner lives in the pipeline room because it calls the stages
// (analysis in worker threads, timeline composition); eval/ holds the data loaders and the metrics.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeArticle } from '../analyze/analyze.js';
import { buildTimeline, type TimelineSettings } from '../compose/timeline.js';
import { type TimelineSentence, timelineSentences } from '../compose/timeline-sentences.js';
import type { Analysis, Article, TimelineDay } from '../model.js';
import type { PRF, RougeResources } from '../eval/rouge.js';
import {
  averagePrf,
  evaluateTimeline,
  listCollections,
  loadCollectionDocs,
  loadRougeResources,
  loadTimeline,
  type Timeline,
  writeTimeline,
} from '../eval/t17.js';
import { lineSentences, type T17Article, t17Article } from '../eval/t17-articles.js';
import { defaultWorkerCount, WorkerPool } from './worker-pool.js';

export interface TlsTimelineScore {
  collection: string;
  gold: string;
  rouge1_f: number;
  rouge2_f: number;
  date_f1: number;
}

export interface TlsResult {
  rouge1_f: number;
  rouge2_f: number;
  date_f1: number;
  timelines: TlsTimelineScore[];
}

export interface TlsOptions {
  /** Write each predicted timeline to OUT/<collection>/<gold file name>. */
  out?: string;
  /** ROUGE resources folder (smart_common_words.txt, WordNet exceptions); default beside the data. */
  rouge?: string;
  /** Composer options to try (for tuning); the protocol's lengths always win. */
  timeline?: TimelineSettings;
  /** Only these collections (by folder name). */
  collections?: string[];
  /** Worker threads for the analysis (default: one per core; 0 analyses in this thread). */
  workers?: number;
}

/** One analysed input article with its timeline sentences and their original tokenised strings. */
export interface Prepared {
  id: string;
  sentences: TimelineSentence[];
  tokenisedAt: Map<number, string>;
}

function prepare(t17: T17Article, analysis: Analysis): Prepared {
  const sentences = timelineSentences(t17.article, analysis, lineSentences(t17.lines));
  const tokenisedAt = new Map(t17.lines.map((l) => [l.start, l.tokenised] as const));
  return { id: t17.article.id, sentences, tokenisedAt };
}

/**
 * The predicted timeline in the gold format: each entry's own sentence (its first citation), as tokenised; as
 * shown instead when the composer derived its shown text (a dateline cut, a pronoun resolved, a day dated).
 */
function toGoldFormat(days: TimelineDay[], byId: Map<string, Prepared>): Timeline {
  return days.map((d) => ({
    date: d.date,
    sentences: d.entries.map((e) => {
      const c = e.citations[0];
      const p = c && byId.get(c.article);
      const own = p?.sentences.find((s) => s.start === c?.start);
      if (own && e.text !== own.text) return e.text;
      return (c && p?.tokenisedAt.get(c.start)) ?? e.text;
    }),
  }));
}

/** One gold timeline with its input: the analysed articles published within its span. */
export interface TlsTask {
  collection: string;
  goldFile: string;
  gold: Timeline;
  inputs: Prepared[];
}

/** Analyse articles, in worker threads when a pool is given (the analysis is nearly all of the time). */
async function analyzeAll(articles: Article[], pool: WorkerPool | undefined): Promise<Analysis[]> {
  if (!pool) return articles.map(analyzeArticle);
  return Promise.all(
    articles.map(async (a) => {
      const outcome = await pool.analyze(a);
      if (!outcome.ok) throw new Error(`analysis of ${a.source} failed: ${outcome.error}`);
      return outcome.value;
    }),
  );
}

/** The tasks of a T17 folder, articles analysed once per collection (and only when some timeline uses them). */
export async function tlsTasks(
  dir: string,
  collections?: readonly string[],
  workers = defaultWorkerCount(),
): Promise<TlsTask[]> {
  const tasks: TlsTask[] = [];
  const pool = workers > 0 ? new WorkerPool(workers) : undefined;
  try {
    for (const collection of listCollections(dir)) {
      if (collections && !collections.includes(collection.topic)) continue;
      const docs = loadCollectionDocs(dir, collection.topic);
      const golds = collection.timelineFiles
        .map((file) => ({ file, gold: loadTimeline(file) }))
        .filter(({ gold }) => gold.length > 0);
      const inSpan = (date: string, gold: Timeline): boolean =>
        date >= (gold[0]?.date ?? '') && date <= (gold[gold.length - 1]?.date ?? '');
      const needed = docs.flatMap((doc, index) => (golds.some(({ gold }) => inSpan(doc.date, gold)) ? [index] : []));
      const t17 = needed.map((index) => {
        const doc = docs[index] as (typeof docs)[number];
        return t17Article(`${collection.topic}/${doc.date}/${basename(doc.file)}`, doc);
      });
      const analyses = await analyzeAll(
        t17.map((t) => t.article),
        pool,
      );
      const prepared = new Map<number, Prepared>();
      needed.forEach((index, i) => prepared.set(index, prepare(t17[i] as T17Article, analyses[i] as Analysis)));
      for (const { file, gold } of golds) {
        const inputs = docs.flatMap((doc, index) => {
          const p = inSpan(doc.date, gold) ? prepared.get(index) : undefined;
          return p ? [p] : [];
        });
        tasks.push({ collection: collection.topic, goldFile: file, gold, inputs });
      }
    }
  } finally {
    await pool?.close();
  }
  return tasks;
}

/** The protocol's timeline for one task. */
export function predictTimeline(task: TlsTask, options: TimelineSettings = {}): Timeline {
  const { gold } = task;
  const perDate = Math.round(gold.reduce((n, e) => n + e.sentences.length, 0) / gold.length);
  const days = buildTimeline(
    task.inputs.flatMap((p) => p.sentences),
    {
      ...options,
      maxDates: gold.length,
      sentencesPerDate: Math.max(1, perDate),
      months: false,
      window: { start: gold[0]?.date ?? '', end: gold[gold.length - 1]?.date ?? '' },
    },
  );
  return toGoldFormat(days, new Map(task.inputs.map((p) => [p.id, p] as const)));
}

/** Score predicted timelines of the tasks (and write them under `out`). */
export function scoreTls(
  tasks: readonly TlsTask[],
  res: RougeResources,
  opts: Pick<TlsOptions, 'out' | 'timeline'> = {},
): TlsResult {
  const r1: PRF[] = [];
  const r2: PRF[] = [];
  const dates: PRF[] = [];
  const timelines: TlsTimelineScore[] = [];
  for (const task of tasks) {
    const predicted = predictTimeline(task, opts.timeline);
    const scores = evaluateTimeline(predicted, task.gold, res);
    r1.push(scores.alignManyToOne.rouge1);
    r2.push(scores.alignManyToOne.rouge2);
    dates.push(scores.date);
    timelines.push({
      collection: task.collection,
      gold: basename(task.goldFile),
      rouge1_f: scores.alignManyToOne.rouge1.f,
      rouge2_f: scores.alignManyToOne.rouge2.f,
      date_f1: scores.date.f,
    });
    if (opts.out) {
      const outDir = join(opts.out, task.collection);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, basename(task.goldFile)), writeTimeline(predicted));
    }
  }
  return { rouge1_f: averagePrf(r1).f, rouge2_f: averagePrf(r2).f, date_f1: averagePrf(dates).f, timelines };
}

/** Run the engine's timeline composer on a Timeline17 folder (e.g. ../shared/eval/t17) and score it. */
export async function evalTls(dir: string, opts: TlsOptions = {}): Promise<TlsResult> {
  const res = loadRougeResources(opts.rouge ?? join(dir, '..', 'rouge'));
  return scoreTls(await tlsTasks(dir, opts.collections, opts.workers), res, opts);
}
