// Online story clustering, first version: each new article is compared with
// candidate articles found through an inverted index of salient terms and names,
// and joins the story of the most similar one when the similarity clears a
// threshold and the dates are close enough; otherwise it starts a story.

import type { ClusterDoc } from './features.js';

export interface StoryClusterOptions {
  /** Minimum blended similarity to join a story. */
  threshold: number;
  /** Articles further apart than this (days) never join directly. */
  maxGapDays: number;
  /** Terms per article kept in the inverted index (its most salient ones). */
  indexedTerms: number;
}

export const defaultStoryClusterOptions: StoryClusterOptions = { threshold: 0.2, maxGapDays: 60, indexedTerms: 30 };

interface Entry {
  doc: ClusterDoc;
  story: string;
  vector: Map<string, number>;
  norm: number;
}

export class StoryClusterer {
  private readonly entries = new Map<string, Entry>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly df = new Map<string, number>();
  private readonly members = new Map<string, Set<string>>();
  private readonly opts: StoryClusterOptions;

  constructor(opts: Partial<StoryClusterOptions> = {}) {
    this.opts = { ...defaultStoryClusterOptions, ...opts };
  }

  private idf(term: string): number {
    const n = this.entries.size + 1;
    return Math.log((n + 1) / ((this.df.get(term) ?? 0) + 1)) + 1;
  }

  private weigh(doc: ClusterDoc): { vector: Map<string, number>; norm: number } {
    const vector = new Map<string, number>();
    let sum = 0;
    for (const [t, tf] of doc.terms) {
      const w = (1 + Math.log(tf)) * this.idf(t);
      vector.set(t, w);
      sum += w * w;
    }
    return { vector, norm: Math.sqrt(sum) || 1 };
  }

  private similarity(a: Entry, b: Entry): number {
    let dot = 0;
    const [small, large] = a.vector.size < b.vector.size ? [a.vector, b.vector] : [b.vector, a.vector];
    for (const [t, w] of small) {
      const v = large.get(t);
      if (v !== undefined) dot += w * v;
    }
    const cosine = dot / (a.norm * b.norm);
    let shared = 0;
    for (const n of a.doc.names) if (b.doc.names.has(n)) shared++;
    const nameOverlap = shared / Math.max(1, Math.min(a.doc.names.size, b.doc.names.size));
    return 0.7 * cosine + 0.3 * nameOverlap;
  }

  private tooFarApart(a: ClusterDoc, b: ClusterDoc): boolean {
    if (a.day === undefined || b.day === undefined) return false;
    return Math.abs(a.day - b.day) > this.opts.maxGapDays;
  }

  /** Add one article; returns the id of the story it joined or started. */
  add(doc: ClusterDoc): string {
    const existing = this.entries.get(doc.id);
    if (existing) return existing.story;
    for (const t of doc.terms.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    const entry: Entry = { doc, story: `story-${doc.id}`, ...this.weigh(doc) };

    const candidates = new Set<string>();
    const keys = this.indexKeys(entry);
    for (const k of keys) for (const id of this.postings.get(k) ?? []) candidates.add(id);
    let best: { story: string; score: number } | undefined;
    for (const id of candidates) {
      const other = this.entries.get(id);
      if (!other || this.tooFarApart(doc, other.doc)) continue;
      const score = this.similarity(entry, other);
      if (score >= this.opts.threshold && (!best || score > best.score)) best = { story: other.story, score };
    }
    if (best) entry.story = best.story;
    this.entries.set(doc.id, entry);
    for (const k of keys) {
      let set = this.postings.get(k);
      if (!set) this.postings.set(k, (set = new Set()));
      set.add(doc.id);
    }
    let members = this.members.get(entry.story);
    if (!members) this.members.set(entry.story, (members = new Set()));
    members.add(doc.id);
    return entry.story;
  }

  private indexKeys(entry: Entry): string[] {
    const top = [...entry.vector.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.opts.indexedTerms)
      .map(([t]) => `t:${t}`);
    return [...top, ...[...entry.doc.names].map((n) => `n:${n}`)];
  }

  /** Story id → member article ids. */
  stories(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [story, ids] of this.members) out.set(story, [...ids]);
    return out;
  }
}

/** Cluster a batch: sorted by date then id, so the result does not depend on input order. */
export function clusterStories(docs: ClusterDoc[], opts: Partial<StoryClusterOptions> = {}): Map<string, string[]> {
  const clusterer = new StoryClusterer(opts);
  const ordered = [...docs].sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const d of ordered) clusterer.add(d);
  return clusterer.stories();
}
