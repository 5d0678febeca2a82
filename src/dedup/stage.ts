// The dedup stage against the archive: each new article is checked, in publication order, against the articles
// stored before it — near copies through a persisted MinHash/LSH band index (band key → canonical articles),
// shared passages through a sentence index (sentence key → articles) — and gets the earliest stored near copy it
// copies and the passages it shares. Pure: the caller loads the postings of the new articles' keys (bounded per
// key, newest first), runs `add` for each article in order, and writes back what `drain` gives, so the cost of one
// article does not depend on the size of the archive.
//
// Only canonical articles (copies of nothing) are indexed: a copy is found through its original, and a key held
// by 500 reprints of one wire story is still one posting.

import type { ArticleDedup, ArticlePassage, PassageSpan, SharedPassage } from '../model.js';
import { bandKeys } from './lsh.js';
import { createMinHasher, estimateJaccard, isEmptySignature, type MinHasher, signatureOf } from './minhash.js';
import { findSharedPassages, splitUnits, type TextUnit } from './passages.js';
import { combineHashes, hashWords, shingleHashes, words } from './shingles.js';
import { DEDUP_SETTINGS, type DedupSettings } from './settings.js';
import { findRoot } from './disjoint-sets.js';

export interface DedupDoc {
  id: string;
  text: string;
  /** Publication date value (`YYYY-MM-DD…`); earliest first, missing last. */
  published?: string;
}

/** A canonical article as the archive keeps it: what the similarity check and the choice of original need. */
export interface DedupCanonical {
  id: string;
  published?: string;
  /** Text length in characters: between two copies of one day the longer is the original. */
  length: number;
  signature: Uint32Array;
}

/** One posting of the band or sentence index: `article` is indexed under the 32-bit `key`. */
export interface DedupPosting {
  key: number;
  article: string;
}

/** The keys an article is looked up by: the store loads their postings before `add`. */
export interface DedupKeys {
  bands: number[];
  units: number[];
}

/** What `add` decides for one article; its passages need the candidates' texts (`passagesOf`). */
export interface DedupDecision {
  id: string;
  duplicateOf?: string;
  similarity?: number;
  /** Earlier articles sharing sentences with it, most shared first: read their texts and call `passagesOf`. */
  passageCandidates: string[];
}

/** The index rows a chunk adds: written in the chunk's transaction. */
export interface DedupIndexUpdate {
  canonicals: DedupCanonical[];
  bands: DedupPosting[];
  units: DedupPosting[];
}

interface Prepared {
  signature: Uint32Array;
  bands: number[];
  units: number[];
}

/** Canonical priority: earliest published (missing last), then longest text, then smallest id. */
function before(a: DedupCanonical, b: DedupCanonical): boolean {
  if (a.published !== b.published) {
    if (a.published === undefined) return false;
    if (b.published === undefined) return true;
    return a.published < b.published;
  }
  if (a.length !== b.length) return a.length > b.length;
  return a.id < b.id;
}

export class ArchiveDedup {
  readonly settings: DedupSettings;
  private readonly hasher: MinHasher;
  private readonly prepared = new Map<string, Prepared>();
  /**
   * Each article's units (sentences), split once: its keys and its passages read them, and so do the passages of
   * the later articles it is a candidate of. Held for the life of this instance (one chunk).
   */
  private readonly units = new Map<string, TextUnit[]>();
  private readonly canonicals = new Map<string, DedupCanonical>();
  /** Key → article ids, newest first, at most the settings' postings per key (what the store would read). */
  private readonly bandIndex = new Map<number, string[]>();
  private readonly unitIndex = new Map<number, string[]>();
  private update: DedupIndexUpdate = { canonicals: [], bands: [], units: [] };

  constructor(settings: Partial<DedupSettings> = {}) {
    this.settings = { ...DEDUP_SETTINGS, ...settings };
    this.hasher = createMinHasher();
  }

  /** Band and sentence keys of an article (computed once per article). */
  keysOf(doc: DedupDoc): DedupKeys {
    const p = this.prepare(doc);
    return { bands: p.bands, units: p.units };
  }

  /** Postings and canonical signatures read from the store, each key's postings newest first. */
  load(bands: readonly DedupPosting[], units: readonly DedupPosting[], canonicals: readonly DedupCanonical[]): void {
    for (const c of canonicals) if (!this.canonicals.has(c.id)) this.canonicals.set(c.id, c);
    const fill = (index: Map<number, string[]>, rows: readonly DedupPosting[]): void => {
      for (const r of rows) {
        const list = index.get(r.key) ?? [];
        if (!list.includes(r.article)) list.push(r.article);
        index.set(r.key, list);
      }
    };
    fill(this.bandIndex, bands);
    fill(this.unitIndex, units);
  }

  /**
   * Checks one article against everything stored or added before it: its near copy (the highest-priority
   * indexed article at least `threshold` similar) and the earlier articles it shares sentences with. A canonical
   * article is then indexed, so later articles of the chunk find it.
   */
  add(doc: DedupDoc): DedupDecision {
    const s = this.settings;
    const p = this.prepare(doc);
    let best: DedupCanonical | undefined;
    let similarity = 0;
    if (!isEmptySignature(p.signature)) {
      const seen = new Set<string>();
      for (const key of p.bands) {
        for (const id of this.bandIndex.get(key) ?? []) {
          if (id === doc.id || seen.has(id)) continue;
          seen.add(id);
          const other = this.canonicals.get(id);
          if (!other) continue;
          const sim = estimateJaccard(p.signature, other.signature);
          if (sim >= s.threshold && (!best || before(other, best))) {
            best = other;
            similarity = sim;
          }
        }
      }
    }
    // Earlier articles sharing its sentences, most shared first (then by id), its own original left out.
    const shared = new Map<string, number>();
    for (const key of p.units) {
      for (const id of this.unitIndex.get(key) ?? []) {
        if (id !== doc.id && id !== best?.id) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
    }
    const passageCandidates = [...shared]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, s.passageCandidates)
      .map(([id]) => id);

    if (!best && !isEmptySignature(p.signature)) this.index(doc, p);
    return {
      id: doc.id,
      ...(best ? { duplicateOf: best.id, similarity } : {}),
      passageCandidates,
    };
  }

  /**
   * The passages `doc` shares with its candidates (`candidates`: their texts): passages of at least 15 words found
   * in articles that are not near copies of each other. (Candidates are indexed articles, copies of nothing.)
   */
  passagesOf(doc: DedupDoc, decision: DedupDecision, candidates: readonly DedupDoc[]): ArticleDedup {
    const copyOf = (id: string): string | undefined => (id === doc.id ? decision.duplicateOf : undefined);
    const passages: ArticlePassage[] = [];
    if (candidates.length > 0) {
      const matches = findSharedPassages([doc, ...candidates], {
        minUnitWords: this.settings.minUnitWords,
        isDuplicatePair: (x, y) => isCopyPair(x, y, copyOf),
        unitsOf: (a) => this.unitsOf(a),
      });
      for (const m of matches) {
        const others: PassageSpan[] = m.articles
          .filter((o) => o.id !== doc.id)
          .map((o) => ({ article: o.id, start: o.start, end: o.end }));
        for (const own of m.articles) {
          if (own.id === doc.id && others.length > 0) passages.push({ start: own.start, end: own.end, shared: others });
        }
      }
    }
    return {
      article: doc.id,
      ...(decision.duplicateOf ? { duplicateOf: decision.duplicateOf, similarity: decision.similarity } : {}),
      passages,
    };
  }

  /** The index rows added since the last drain. */
  drain(): DedupIndexUpdate {
    const out = this.update;
    this.update = { canonicals: [], bands: [], units: [] };
    return out;
  }

  private index(doc: DedupDoc, p: Prepared): void {
    const s = this.settings;
    const canonical: DedupCanonical = {
      id: doc.id,
      ...(doc.published !== undefined ? { published: doc.published } : {}),
      length: doc.text.length,
      signature: p.signature,
    };
    this.canonicals.set(doc.id, canonical);
    this.update.canonicals.push(canonical);
    const push = (index: Map<number, string[]>, key: number, limit: number, rows: DedupPosting[]): void => {
      const list = index.get(key) ?? [];
      list.unshift(doc.id);
      if (list.length > limit) list.length = limit;
      index.set(key, list);
      rows.push({ key, article: doc.id });
    };
    for (const key of p.bands) push(this.bandIndex, key, s.postingsPerBand, this.update.bands);
    for (const key of p.units) push(this.unitIndex, key, s.postingsPerUnit, this.update.units);
  }

  private prepare(doc: DedupDoc): Prepared {
    const known = this.prepared.get(doc.id);
    if (known) return known;
    const s = this.settings;
    const signature = signatureOf(this.hasher, shingleHashes(words(doc.text), this.hasher.shingleSize));
    const bands = isEmptySignature(signature) ? [] : [...new Set(bandKeys(signature, s.bands, s.rows))];
    const units = new Set<number>();
    for (const u of this.unitsOf(doc)) {
      if (u.words.length >= s.minUnitWords) units.add(combineHashes(hashWords(u.words)));
    }
    const p = { signature, bands, units: [...units] };
    this.prepared.set(doc.id, p);
    return p;
  }

  /** An article's units, split once (ids name one text: the caller hands each article's stored text). */
  private unitsOf(doc: { id: string; text: string }): TextUnit[] {
    let units = this.units.get(doc.id);
    if (!units) {
      units = splitUnits(doc.text);
      this.units.set(doc.id, units);
    }
    return units;
  }
}

function isCopyPair(x: string, y: string, copyOf: (id: string) => string | undefined): boolean {
  const cx = copyOf(x);
  const cy = copyOf(y);
  return cx === y || cy === x || (cx !== undefined && cx === cy);
}

export interface StoryPassageMember {
  id: string;
  text: string;
  passages: readonly ArticlePassage[];
}

/**
 * A story's shared passages (Story JSON form) from its articles' stored passages: occurrences outside the story
 * are dropped, occurrences that overlap in one article are one passage, and a passage counts when two of its
 * articles are not copies of each other. `members` come in the story's article order (publication, then id);
 * `others` are members whose texts are not at hand (listed, never the text shown). Each passage's text is its
 * occurrence in the first member that carries it, in order of that occurrence.
 */
export function storyPassages(
  members: readonly StoryPassageMember[],
  duplicateOf: ReadonlyMap<string, string>,
  others: ReadonlySet<string> = new Set(),
): SharedPassage[] {
  const rank = new Map<string, number>(members.map((m, i) => [m.id, i] as const));
  let next = members.length;
  for (const id of others) if (!rank.has(id)) rank.set(id, next++);
  // Occurrences as nodes of a union-find; one node per distinct (article, start, end).
  const nodes: PassageSpan[] = [];
  const nodeOf = new Map<string, number>();
  const parent: number[] = [];
  const node = (span: PassageSpan): number => {
    const key = `${span.article}\t${span.start}\t${span.end}`;
    let n = nodeOf.get(key);
    if (n === undefined) {
      n = nodes.length;
      nodes.push(span);
      parent.push(n);
      nodeOf.set(key, n);
    }
    return n;
  };
  const find = (i: number): number => findRoot(parent, i);
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (const m of members) {
    for (const p of m.passages) {
      const shared = p.shared.filter((o) => rank.has(o.article) && o.article !== m.id);
      if (shared.length === 0) continue;
      const own = node({ article: m.id, start: p.start, end: p.end });
      for (const o of shared) union(own, node(o));
    }
  }
  // Overlapping occurrences in one article are the same passage seen by different later articles.
  const byArticle = new Map<string, number[]>();
  nodes.forEach((span, i) => byArticle.set(span.article, [...(byArticle.get(span.article) ?? []), i]));
  for (const list of byArticle.values()) {
    list.sort((a, b) => (nodes[a] as PassageSpan).start - (nodes[b] as PassageSpan).start);
    let reach = -1;
    let last = -1;
    for (const i of list) {
      const span = nodes[i] as PassageSpan;
      if (last >= 0 && span.start < reach) union(last, i);
      if (span.end > reach) {
        reach = span.end;
        last = i;
      }
    }
  }
  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const copyOf = (id: string): string | undefined => duplicateOf.get(id);
  const texts = new Map(members.map((m) => [m.id, m.text] as const));
  const out: { rank: number; start: number; passage: SharedPassage }[] = [];
  for (const list of groups.values()) {
    const spans = list.map((i) => nodes[i] as PassageSpan);
    const articles = [...new Set(spans.map((s) => s.article))].sort(
      (a, b) => (rank.get(a) as number) - (rank.get(b) as number),
    );
    let valid = false;
    for (let i = 0; i < articles.length && !valid; i++) {
      for (let j = i + 1; j < articles.length && !valid; j++) {
        valid = !isCopyPair(articles[i] as string, articles[j] as string, copyOf);
      }
    }
    const first = articles.find((a) => texts.has(a));
    if (!valid || first === undefined) continue;
    const own = spans.filter((s) => s.article === first);
    const start = Math.min(...own.map((s) => s.start));
    const end = Math.max(...own.map((s) => s.end));
    out.push({
      rank: rank.get(first) as number,
      start,
      passage: { text: (texts.get(first) as string).slice(start, end), articles },
    });
  }
  return out.sort((a, b) => a.rank - b.rank || a.start - b.start).map((o) => o.passage);
}
