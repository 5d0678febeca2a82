// Story clustering evaluation: run the real engine (extract → analyze → features → online clustering) on a JSONL
// of {id, text, event|label} in a shuffled order (fixed seed) and score B-cubed against the gold events.
import { readFile } from 'node:fs/promises';
import { analyzeArticle } from '../analyze/analyze.js';
import { clusterDocFrom } from '../cluster/features.js';
import { clusterBatch } from '../cluster/stories.js';
import { extractText } from '../extract/text.js';
import type { RawDocument } from '../model.js';

export interface ClusterScores {
  bcubed_precision: number;
  bcubed_recall: number;
  bcubed_f1: number;
  clusters: number;
  gold_clusters: number;
}

/** B-cubed precision, recall and F1 of a predicted partition against a gold one (same item ids). */
export function bcubed(
  predicted: ReadonlyMap<string, string>,
  gold: ReadonlyMap<string, string>,
): { precision: number; recall: number; f1: number } {
  const byPred = new Map<string, string[]>();
  const byGold = new Map<string, string[]>();
  for (const [id, g] of gold) {
    const p = predicted.get(id) ?? `singleton:${id}`;
    (byPred.get(p) ?? byPred.set(p, []).get(p))?.push(id);
    (byGold.get(g) ?? byGold.set(g, []).get(g))?.push(id);
  }
  let precision = 0;
  let recall = 0;
  for (const [id, g] of gold) {
    const cluster = byPred.get(predicted.get(id) ?? `singleton:${id}`) ?? [id];
    const correct = cluster.filter((o) => gold.get(o) === g).length;
    precision += correct / cluster.length;
    recall += correct / (byGold.get(g)?.length ?? 1);
  }
  const n = Math.max(1, gold.size);
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** A small seeded generator (mulberry32) so the shuffled order is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface Row {
  id: string;
  text: string;
  gold: string;
}

function parseRows(jsonl: string): Row[] {
  const rows: Row[] = [];
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id?: unknown; text?: unknown; event?: unknown; label?: unknown };
    const gold = r.event ?? r.label;
    if (typeof r.text !== 'string' || r.id === undefined || gold === undefined) continue;
    rows.push({ id: String(r.id), text: r.text, gold: String(gold) });
  }
  return rows;
}

export async function evalClusters(file: string, seed = 17): Promise<ClusterScores> {
  const rows = parseRows(await readFile(file, 'utf8'));
  const gold = new Map(rows.map((r) => [r.id, r.gold] as const));
  const fetchedAt = new Date(0).toISOString();
  const docs = shuffled(rows, seededRandom(seed)).flatMap((r) => {
    const raw: RawDocument = { source: r.id, kind: 'text', content: r.text, encoding: 'utf-8', fetchedAt, meta: {} };
    try {
      // The row id, not the text hash, names the article: two rows may carry the same text.
      const article = { ...extractText(raw), id: r.id };
      return [clusterDocFrom(article, analyzeArticle(article))];
    } catch {
      return []; // no text left: scored as a singleton
    }
  });
  const clusterer = clusterBatch(docs);
  const predicted = new Map<string, string>();
  for (const [story, members] of clusterer.stories()) for (const m of members) predicted.set(m, story);
  const { precision, recall, f1 } = bcubed(predicted, gold);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    bcubed_precision: round(precision),
    bcubed_recall: round(recall),
    bcubed_f1: round(f1),
    clusters: new Set([...gold.keys()].map((id) => predicted.get(id) ?? id)).size,
    gold_clusters: new Set(gold.values()).size,
  };
}
