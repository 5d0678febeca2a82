// Timeline summarization on Timeline17, with the protocol of Ghalandari & Ifrim (ACL 2020) described in
// ../shared/eval/README.md: per gold timeline, the input articles published between its first and last date;
// as many dates as the gold timeline and, per date, its average number of sentences (rounded); scored with
// align_date_content_costs_many_to_one ROUGE-1/2 and date F1; precision and recall averaged over all
// timelines, then F1 of the averages. The runner lives in the pipeline room because it calls the stages
// (analysis in worker threads, timeline composition); eval/ holds the data loaders and the metrics.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeArticle, datedSentences } from '../analyze/analyze.js';
import { buildTimeline, defaultTimelineOptions, timelineDateOf, type TimelineSettings } from '../compose/timeline.js';
import { type TimelineSentence, timelineSentences } from '../compose/timeline-sentences.js';
import type { Analysis, Article, TimelineDay } from '../model.js';
import type { PRF, RougeResources } from '../eval/rouge.js';
import { type DatedSource, type SentenceDating, sentenceDating } from '../eval/sentence-dates.js';
import { type LagWindow, SENTENCE_DATING } from '../eval/settings.js';
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
  /**
   * Of the sentences its gold entries were written from (in articles of the entry's day), the share the engine
   * dates to the entry's day (a mean over the gold sentences with sources, of which there are `…_matched`; null
   * when there are none).
   */
  sentence_date_accuracy: number | null;
  sentence_date_matched: number;
  /** The same for sources in articles of the day after (dated right only by their own words). */
  sentence_date_accuracy_next_day: number | null;
  sentence_date_matched_next_day: number;
}

export interface TlsResult {
  rouge1_f: number;
  rouge2_f: number;
  date_f1: number;
  /** Over the gold sentences of all timelines whose sources were found (each counts once). */
  sentence_date_accuracy: number;
  sentence_date_accuracy_next_day: number;
  timelines: TlsTimelineScore[];
}

export interface TlsOptions {
  /** Write each predicted timeline to OUT/<collection>/<gold file name>. */
  out?: string;
  /** ROUGE resources folder (smart_common_words.txt, WordNet exceptions); default beside the data. */
  rouge?: string;
  /** Composer options to try (for tuning); the protocol's lengths always win. */
  timeline?: TimelineSettings;
  /** Only these collections (by folder name, or topic: the part before `_`). */
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
  // The lines are the sentences, each dated as the analysis dates its own sentences.
  const sentences = timelineSentences(
    t17.article,
    analysis,
    datedSentences(t17.article.text, lineSentences(t17.lines), analysis.timexes),
  );
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

/** Analyses of articles, in their order (an evaluation may cache them; the engine's are made by the worker pool). */
export type Analyze = (articles: Article[]) => Promise<Analysis[]>;

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
  analyze?: Analyze,
): Promise<TlsTask[]> {
  const tasks: TlsTask[] = [];
  const pool = !analyze && workers > 0 ? new WorkerPool(workers) : undefined;
  const wanted = (name: string): boolean =>
    !collections || collections.includes(name) || collections.includes(name.split('_')[0] ?? name);
  try {
    for (const collection of listCollections(dir)) {
      if (!wanted(collection.topic)) continue;
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
      const articles = t17.map((t) => t.article);
      const analyses = analyze ? await analyze(articles) : await analyzeAll(articles, pool);
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

/**
 * The sentence dating of one task: every timeline sentence of its inputs, dated as the composer files it (whether
 * or not it is chosen), against the gold entries' days.
 */
export function taskSentenceDating(
  task: TlsTask,
  options: TimelineSettings = {},
  window: LagWindow = SENTENCE_DATING.sameDay,
): SentenceDating {
  const o = { ...defaultTimelineOptions, ...options };
  const sources: DatedSource[] = task.inputs.flatMap((p) =>
    p.sentences.flatMap((s) => {
      if (!s.published) return [];
      const date = timelineDateOf(s, o);
      return [{ text: p.tokenisedAt.get(s.start) ?? s.text, published: s.published, ...(date ? { date } : {}) }];
    }),
  );
  return sentenceDating(task.gold, sources, window);
}

/** Pooled accuracy over several timelines' gold sentences (each gold sentence with sources counts once). */
function pooled(datings: readonly SentenceDating[]): number {
  const matched = datings.reduce((n, d) => n + d.matched, 0);
  return matched ? datings.reduce((n, d) => n + (d.accuracy ?? 0) * d.matched, 0) / matched : 0;
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
  const sameDay: SentenceDating[] = [];
  const nextDay: SentenceDating[] = [];
  for (const task of tasks) {
    const predicted = predictTimeline(task, opts.timeline);
    const scores = evaluateTimeline(predicted, task.gold, res);
    const dating = taskSentenceDating(task, opts.timeline);
    const later = taskSentenceDating(task, opts.timeline, SENTENCE_DATING.laterDays);
    sameDay.push(dating);
    nextDay.push(later);
    r1.push(scores.alignManyToOne.rouge1);
    r2.push(scores.alignManyToOne.rouge2);
    dates.push(scores.date);
    timelines.push({
      collection: task.collection,
      gold: basename(task.goldFile),
      rouge1_f: scores.alignManyToOne.rouge1.f,
      rouge2_f: scores.alignManyToOne.rouge2.f,
      date_f1: scores.date.f,
      sentence_date_accuracy: dating.accuracy,
      sentence_date_matched: dating.matched,
      sentence_date_accuracy_next_day: later.accuracy,
      sentence_date_matched_next_day: later.matched,
    });
    if (opts.out) {
      const outDir = join(opts.out, task.collection);
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, basename(task.goldFile)), writeTimeline(predicted));
    }
  }
  return {
    rouge1_f: averagePrf(r1).f,
    rouge2_f: averagePrf(r2).f,
    date_f1: averagePrf(dates).f,
    sentence_date_accuracy: pooled(sameDay),
    sentence_date_accuracy_next_day: pooled(nextDay),
    timelines,
  };
}

/** Run the engine's timeline composer on a Timeline17 folder (e.g. ../shared/eval/t17) and score it. */
export async function evalTls(dir: string, opts: TlsOptions = {}): Promise<TlsResult> {
  const res = loadRougeResources(opts.rouge ?? join(dir, '..', 'rouge'));
  return scoreTls(await tlsTasks(dir, opts.collections, opts.workers), res, opts);
}
