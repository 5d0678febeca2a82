// Choosing the story-clustering settings honestly: `node dist/bench/tune-stories.js [--grid]`.
//
// Extracts and analyses the three story sets once (DUC 2006, Timeline17 as one stream, ECB+; cached under
// $TMPDIR), then runs the stream clusterer over each in the order `storyline ingest` would (publication day, then
// input order; exact copies collapsed as the store collapses them) and prints B³ per set and the worst case.
// With --grid it tries a grid of settings and reports, for each set held out, the setting chosen on the other two
// (by their worst-case F1) and what it scores on the held-out set: the figure a user with unseen data can expect.
// With --chunks N it checks that clustering in chunks of N, each chunk loading only what a store can prefetch
// (counts and newest postings of its articles' keys, the centroids the clusterer asks for), ends in the partition of one run.
// Not part of `npm test` or `npm run bench`: a development tool. `eval stories` is the figure of record.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterDoc, clusterDocFrom } from '../src/cluster/features.js';
import type { Analysis, Article } from '../src/model.js';
import type { StoryClusterSettings } from '../src/cluster/settings.js';
import { StreamClusterer } from '../src/cluster/stream.js';
import { loadStoryRows, scoreStories, type StoryRow, type StoryScores } from '../src/eval/stories.js';
import { hashString } from '../src/dedup/shingles.js';
import { toArticleRecord } from '../src/ingest/records.js';
import { processDocument } from '../src/pipeline/index.js';
import { clusterInChunks } from '../test/cluster-chunks.js';
import { sharedOrSkip } from './shared.js';

/**
 * What clustering reads of one article and its analysis, cached so that feature changes (features.ts) can be
 * tried without extracting and analysing the sets again.
 */
interface CachedInput {
  row: string;
  article: Pick<Article, 'id' | 'title' | 'text' | 'language' | 'published'>;
  entities: [string, string][];
  mentions: string[];
  eventDates: (string | undefined)[];
}

interface CachedDoc {
  row: string;
  doc: ClusterDoc;
}

function docOf(input: CachedInput): ClusterDoc {
  const analysis = {
    entities: input.entities.map(([key, type]) => ({ key, type })),
    mentions: input.mentions.map((entity) => ({ entity })),
    sentences: input.eventDates.map((eventDate) => ({ eventDate })),
  } as unknown as Analysis; // only the fields clusterDocFrom reads
  return clusterDocFrom(input.article as Article, analysis);
}

interface Set {
  name: string;
  rows: StoryRow[];
  docs: CachedDoc[];
}

function loadSet(name: string, path: string): Set {
  const rows = loadStoryRows(path);
  const cache = join(tmpdir(), `storyline-tune-inputs-${name}.json`);
  const toDocs = (inputs: CachedInput[]) => inputs.map((i) => ({ row: i.row, doc: docOf(i) }));
  if (existsSync(cache)) return { name, rows, docs: toDocs(JSON.parse(readFileSync(cache, 'utf8')) as CachedInput[]) };
  const inputs: CachedInput[] = [];
  const fetchedAt = new Date(0).toISOString();
  for (const r of rows) {
    try {
      const rec = toArticleRecord(r.record);
      const { article, analysis } = processDocument({
        source: r.id,
        kind: rec.kind,
        content: rec.content,
        encoding: 'utf-8',
        fetchedAt,
        meta: rec.meta,
      });
      const { id, title, text, language, published } = article;
      inputs.push({
        row: r.id,
        article: { id, title, text, language, ...(published ? { published } : {}) },
        entities: (analysis?.entities ?? []).map((e) => [e.key, e.type]),
        mentions: (analysis?.mentions ?? []).map((m) => m.entity),
        eventDates: (analysis?.sentences ?? []).map((x) => x.eventDate),
      });
    } catch (err) {
      process.stderr.write(`${name} ${r.id}: ${String(err)}\n`);
    }
  }
  writeFileSync(cache, JSON.stringify(inputs));
  return { name, rows, docs: toDocs(inputs) };
}

function run(set: Set, settings: Partial<StoryClusterSettings>): StoryScores {
  const order = set.docs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.doc.day ?? Infinity) - (b.d.doc.day ?? Infinity) || a.i - b.i);
  const c = new StreamClusterer(settings);
  const storyOf = new Map<string, string>(); // article id → story (resolved later)
  const rowArticle = new Map<string, string>();
  for (const { d } of order) {
    rowArticle.set(d.row, d.doc.id);
    if (!storyOf.has(d.doc.id)) storyOf.set(d.doc.id, c.add(d.doc));
  }
  const predicted = new Map<string, string>();
  for (const [row, article] of rowArticle) predicted.set(row, c.resolve(storyOf.get(article) as string));
  return scoreStories(set.rows, predicted);
}

/** Stories of one run vs. chunks that see only prefetchable state: how many stories come out identical. */
function chunked(set: Set, size: number): string {
  const seen = new Set<string>();
  const docs = set.docs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.doc.day ?? Infinity) - (b.d.doc.day ?? Infinity) || a.i - b.i)
    .map(({ d }) => d.doc)
    .filter((d) => !seen.has(d.id) && seen.add(d.id));
  const whole = new StreamClusterer();
  const one = new Map(docs.map((d) => [d.id, whole.add(d)] as const));
  for (const [id, s] of one) one.set(id, whole.resolve(s));
  const assigned = clusterInChunks(docs, size);
  const groups = (m: Map<string, string>) => {
    const g = new Map<string, string[]>();
    for (const [a, st] of m) g.set(st, [...(g.get(st) ?? []), a]);
    return new Set([...g.values()].map((x) => x.sort().join(',')));
  };
  const a = groups(one);
  const b = groups(assigned);
  const same = [...a].filter((x) => b.has(x)).length;
  return `one run ${a.size} stories, chunks of ${size} ${b.size}, identical ${same}`;
}

const fmt = (s: StoryScores) =>
  `F1 ${s.bcubed_f1.toFixed(3)} P ${s.bcubed_precision.toFixed(3)} R ${s.bcubed_recall.toFixed(3)} ` +
  `stories ${s.stories} singles ${s.singletons} mixed ${s.mixed}`;

const sets: Set[] = [];
for (const [name, sub] of [
  ['duc2006', 'eval/duc2006/articles.jsonl'],
  ['t17', 'eval/t17'],
  ['ecbplus', 'eval/ecbplus/articles.jsonl'],
] as const) {
  // STORYLINE_SETS=duc2006,t17 runs only those (a quick look while developing; choose settings on all three).
  if (process.env.STORYLINE_SETS && !process.env.STORYLINE_SETS.split(',').includes(name)) continue;
  const path = sharedOrSkip(sub, `tune-stories ${name}`);
  if (path) sets.push(loadSet(name, path));
}

// STORYLINE_TUNE_UNDATED=0.5 adds, for each dated set, a copy in which that share of the articles (chosen by a hash
// of the row id) has no date at all, neither publication nor event dates: how the settings for articles without a
// date (only ECB+ has them natively) fare on other streams.
const undatedShare = Number(process.env.STORYLINE_TUNE_UNDATED ?? 0);
if (undatedShare > 0) {
  for (const set of [...sets]) {
    if (!set.docs.some((d) => d.doc.day !== undefined)) continue;
    const docs = set.docs.map((d) => {
      if (hashString(d.row) / 2 ** 32 >= undatedShare) return d;
      const { day: _day, ...rest } = d.doc;
      return { row: d.row, doc: { ...rest, eventDays: [] } };
    });
    sets.push({ name: `${set.name}-undated`, rows: set.rows, docs });
  }
}

const base: Partial<StoryClusterSettings> = JSON.parse(process.env.STORYLINE_TUNE ?? '{}') as object;
const chunkArg = process.argv.indexOf('--chunks');
if (chunkArg >= 0) {
  const size = Number(process.argv[chunkArg + 1] ?? 500);
  for (const set of sets) process.stdout.write(`${set.name.padEnd(8)} ${chunked(set, size)}\n`);
} else if (!process.argv.includes('--grid')) {
  for (const set of sets) process.stdout.write(`${set.name.padEnd(8)} ${fmt(run(set, base))}\n`);
} else {
  // The grid: every combination of the values listed per setting (STORYLINE_GRID='{"joinShare":[...],...}').
  const axes = Object.entries(
    JSON.parse(
      process.env.STORYLINE_GRID ?? '{"joinShare":[0.35,0.4,0.45],"joinFloor":[0.1,0.12,0.14],"mergeShare":[0.7,0.8]}',
    ) as Record<string, number[]>,
  );
  let grid: Partial<StoryClusterSettings>[] = [{ ...base }];
  for (const [key, values] of axes) grid = grid.flatMap((g) => values.map((v) => ({ ...g, [key]: v })));
  const results = grid.map((g) => ({ g, scores: sets.map((s) => run(s, g)) }));
  for (const r of results)
    process.stdout.write(
      `${JSON.stringify(r.g)}  ${r.scores.map((s, i) => `${sets[i]?.name} ${s.bcubed_f1.toFixed(3)}/${s.bcubed_precision.toFixed(3)}`).join('  ')}\n`,
    );
  sets.forEach((held, h) => {
    const chosen = results
      .map((r) => ({ ...r, train: Math.min(...r.scores.filter((_, i) => i !== h).map((s) => s.bcubed_f1)) }))
      .sort((a, b) => b.train - a.train)[0];
    if (!chosen) return;
    process.stdout.write(
      `held out ${held.name}: chosen on the others ${JSON.stringify(chosen.g)} → ${fmt(chosen.scores[h] as StoryScores)}\n`,
    );
  });
}
