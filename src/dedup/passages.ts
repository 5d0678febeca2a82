// Shared passages (wire copy): sentences or paragraphs found verbatim or nearly in several articles that are not
// near-duplicates of each other. Text is cut into units (paragraphs/lines, then sentences); units of different
// articles match when their normalised words are equal, or when their word-bigram sets overlap ≥ 0.8 (small edits,
// other quote marks, spacing); runs of adjacent matching units are merged into one passage.

import type { SharedPassage } from '../model.js';
import { LshIndex } from './lsh.js';
import { createMinHasher, estimateJaccard, isEmptySignature, type MinHasher, signatureOf } from './minhash.js';
import { combineHashes, exactFingerprint, hashWords, shingleHashes, tokenize, words } from './shingles.js';
import { findRoot } from './disjoint-sets.js';

export interface PassageInput {
  id: string;
  text: string;
}

/** Where a passage occurs: `text.slice(start, end)` of article `id`. */
export interface PassageOccurrence {
  id: string;
  start: number;
  end: number;
}

/** A shared passage with the exact span of each occurrence (`toStoryPassages` gives the Story JSON form). */
export interface PassageMatch {
  /** The passage as written in its first occurrence. */
  text: string;
  /** Its occurrences, at least two articles, in input order. */
  articles: PassageOccurrence[];
}

export interface PassageOptions {
  /** Fewest words of a reported passage. Default 15. */
  minWords?: number;
  /** Fewest words of a unit (sentence) that may match at all: below it, units only join a longer run. Default 6. */
  minUnitWords?: number;
  /** Overlap of word-bigram sets, |A∩B| / max(|A|,|B|), from which two units match nearly. Default 0.8. */
  nearThreshold?: number;
  /** Articles at least this similar (estimated Jaccard of 5-word shingles) are copies, not wire-copy sharers. */
  duplicateThreshold?: number;
  hasher?: MinHasher;
  /** Overrides the duplicate test (e.g. with the groups of a `DuplicateIndex`). */
  isDuplicatePair?: (a: string, b: string) => boolean;
  /**
   * An article's units as `splitUnits` gives them, when the caller keeps them (the dedup stage splits each
   * article once, and meets it again as a candidate of later articles).
   */
  unitsOf?: (article: PassageInput) => TextUnit[];
}

/** A sentence-like piece of an article: its trimmed span and its normalised words. */
export interface TextUnit {
  start: number;
  end: number;
  words: string[];
}

// Words after which a period does not end a sentence (titles, initials are handled apart).
const ABBREVIATIONS = new Set(
  'mr mrs ms dr prof sr jr st col gen lt sgt capt cmdr gov sen rep rev hon mt ft no vs jan feb mar apr jun jul aug sep sept oct nov dec'.split(
    ' ',
  ),
);

// A sentence end: terminal punctuation, closing quotes/brackets, whitespace, then an opening quote or capital/digit.
const SENTENCE_END = /[.!?]+["'”’»)\]]*(?=\s+["'“‘«([]?[\p{Lu}\p{N}])/gu;

function trimmedSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] as string)) s++;
  while (e > s && /\s/.test(text[e - 1] as string)) e--;
  return [s, e];
}

/** Cuts `text` into lines (any line break, so blank-line paragraphs and one-sentence-a-line texts both work), then
 * sentences. Spans are trimmed of whitespace and point into `text`. */
export function splitUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  const push = (start: number, end: number): void => {
    const [s, e] = trimmedSpan(text, start, end);
    if (s >= e) return;
    const words = tokenize(text.slice(s, e)).map((t) => t.word);
    if (words.length > 0) units.push({ start: s, end: e, words });
  };
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lineEnd = lineStart + line.length;
    let from = 0;
    for (const m of line.matchAll(SENTENCE_END)) {
      const cut = (m.index ?? 0) + m[0].length;
      // The word before the stop (a short tail is enough, and keeps the anchored regex linear).
      const before = /([\p{L}.]+)[.!?]*["'”’»)\]]*$/u.exec(line.slice(Math.max(from, cut - 40), cut))?.[1] ?? '';
      const lastWord = before.replace(/\.+$/, '');
      // "U.S." / "J." (initials) and "Mr." do not end a sentence.
      if (m[0].startsWith('.') && (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^(\p{L}\.)*\p{L}$/u.test(lastWord))) {
        continue;
      }
      push(lineStart + from, lineStart + cut);
      from = cut;
    }
    push(lineStart + from, lineEnd);
    lineStart = lineEnd + 1;
  }
  return units;
}

/**
 * Unique word-bigram hashes of a unit (a one-word unit gives its word), cut to 30 bits so that V8 keeps them as
 * small integers in Maps and Sets (several times faster than boxed numbers; 2^-30 collisions do not matter here).
 */
function bigramSet(words: string[]): number[] {
  const hs = hashWords(words);
  if (hs.length === 1) return [(hs[0] as number) & 0x3fffffff];
  const set = new Set<number>();
  for (let i = 0; i + 1 < hs.length; i++) set.add(combineHashes(hs, i, i + 2) & 0x3fffffff);
  return [...set];
}

/**
 * Each unit's bigram set and exact fingerprint, made once per unit: the dedup stage keeps an article's units
 * (`unitsOf`) and meets the same candidate in the passage search of many later articles.
 */
const unitKeys = new WeakMap<TextUnit, { bigrams: number[]; fingerprint: string }>();

function keysOfUnit(u: TextUnit): { bigrams: number[]; fingerprint: string } {
  let keys = unitKeys.get(u);
  if (keys === undefined) {
    keys = { bigrams: bigramSet(u.words), fingerprint: exactFingerprint(u.words) };
    unitKeys.set(u, keys);
  }
  return keys;
}

/** |A∩B| / max(|A|,|B|) for a representative's set (as a Set) and a unit's set. */
function overlap(rep: Set<number>, set: number[]): number {
  let shared = 0;
  for (const h of set) if (rep.has(h)) shared++;
  return shared / Math.max(rep.size, set.length);
}

/** Pairs of articles (as "i j", i < j) that are near-duplicates of each other. */
function duplicatePairs(articles: PassageInput[], options: PassageOptions): Set<string> {
  const pairs = new Set<string>();
  if (options.isDuplicatePair) {
    const test = options.isDuplicatePair;
    for (let i = 0; i < articles.length; i++) {
      for (let j = i + 1; j < articles.length; j++) {
        if (test((articles[i] as PassageInput).id, (articles[j] as PassageInput).id)) pairs.add(`${i} ${j}`);
      }
    }
    return pairs;
  }
  const threshold = options.duplicateThreshold ?? 0.8;
  const hasher = options.hasher ?? createMinHasher();
  const lsh = new LshIndex();
  const sigs = articles.map((a) => signatureOf(hasher, shingleHashes(words(a.text), hasher.shingleSize)));
  sigs.forEach((sig, j) => {
    if (isEmptySignature(sig)) return;
    for (const other of lsh.candidates(sig)) {
      const i = Number(other);
      if (estimateJaccard(sig, sigs[i] as Uint32Array) >= threshold) pairs.add(`${i} ${j}`);
    }
    lsh.add(String(j), sig);
  });
  return pairs;
}

/**
 * Clusters of matching units: cluster id per unit (−1 for units too short to match). A unit joins the cluster of the
 * first earlier unit with the same words, else of the first cluster representative whose bigrams overlap ≥ t, else
 * starts a cluster. Representatives are found with an inverted index over their rarest bigrams (prefix filtering:
 * two sets overlapping ≥ t·max(|A|,|B|) share one of the |A| − ⌈t·|A|⌉ + 1 rarest elements of A, so nothing is
 * lost); comparing with representatives only keeps k copies of a wire sentence at k comparisons, not k².
 */
function clusterUnits(units: TextUnit[][], options: PassageOptions): number[][] {
  const minUnitWords = options.minUnitWords ?? 6;
  const t = options.nearThreshold ?? 0.8;
  const sets = units.map((list) => list.map((u) => (u.words.length >= minUnitWords ? keysOfUnit(u).bigrams : [])));
  const df = new Map<number, number>();
  for (const list of sets) for (const set of list) for (const h of set) df.set(h, (df.get(h) ?? 0) + 1);
  const byExact = new Map<string, number>();
  const repSets: Set<number>[] = [];
  const postings = new Map<number, number[]>();
  return units.map((list, a) =>
    list.map((u, i) => {
      const set = (sets[a] as number[][])[i] as number[];
      if (set.length === 0) return -1;
      const key = keysOfUnit(u).fingerprint;
      const known = byExact.get(key);
      if (known !== undefined) return known;
      // Rarest first (ties by hash): df · 2^32 + hash sorts numerically without a comparator (exact below 2^53).
      const order = new Float64Array(set.length);
      for (let k = 0; k < set.length; k++)
        order[k] = (df.get(set[k] as number) as number) * 4294967296 + (set[k] as number);
      order.sort();
      const prefix: number[] = [];
      for (let k = 0; k < set.length - Math.ceil(t * set.length) + 1; k++)
        prefix.push((order[k] as number) % 4294967296);
      let cluster = -1;
      const tried = new Set<number>();
      for (const h of prefix) {
        for (const rep of postings.get(h) ?? []) {
          if (tried.has(rep)) continue;
          tried.add(rep);
          if (overlap(repSets[rep] as Set<number>, set) >= t && (cluster < 0 || rep < cluster)) cluster = rep;
        }
      }
      if (cluster < 0) {
        cluster = repSets.length;
        repSets.push(new Set(set));
        for (const h of prefix) {
          const posting = postings.get(h);
          if (posting) posting.push(cluster);
          else postings.set(h, [cluster]);
        }
      }
      byExact.set(key, cluster);
      return cluster;
    }),
  );
}

/** A run of adjacent shared units of one article, inclusive. */
interface Run {
  article: number;
  first: number;
  last: number;
  words: number;
}

/** Finds passages of ≥ `minWords` words shared by two or more articles of a batch (e.g. one story's articles). */
export function findSharedPassages(articles: PassageInput[], options: PassageOptions = {}): PassageMatch[] {
  const minWords = options.minWords ?? 15;
  const units = articles.map((a) => (options.unitsOf ? options.unitsOf(a) : splitUnits(a.text)));
  const clusters = clusterUnits(units, options);
  const dupes = duplicatePairs(articles, options);
  const notDuplicates = (a: number, b: number): boolean => a !== b && !dupes.has(a < b ? `${a} ${b}` : `${b} ${a}`);

  // A cluster is shared when two of its units lie in different articles that are not near-duplicates.
  const articlesOf = new Map<number, number[]>();
  clusters.forEach((list, a) => {
    for (const c of list) {
      if (c < 0) continue;
      const seen = articlesOf.get(c);
      if (!seen) articlesOf.set(c, [a]);
      else if (seen[seen.length - 1] !== a) seen.push(a);
    }
  });
  const shared = (c: number): boolean => {
    const as = articlesOf.get(c) ?? [];
    for (let i = 0; i < as.length; i++) {
      for (let j = i + 1; j < as.length; j++) if (notDuplicates(as[i] as number, as[j] as number)) return true;
    }
    return false;
  };
  const sharedCluster = new Map<number, boolean>();
  const isShared = (c: number): boolean => {
    if (c < 0) return false;
    let known = sharedCluster.get(c);
    if (known === undefined) sharedCluster.set(c, (known = shared(c)));
    return known;
  };

  // Per article, maximal runs of adjacent shared units with enough words; runs sharing a cluster form one passage.
  const runs: Run[] = [];
  const runsOfCluster = new Map<number, number[]>();
  clusters.forEach((list, a) => {
    let i = 0;
    while (i < list.length) {
      if (!isShared(list[i] as number)) {
        i++;
        continue;
      }
      let j = i;
      let count = 0;
      while (j < list.length && isShared(list[j] as number)) count += (units[a] as TextUnit[])[j++]?.words.length ?? 0;
      if (count >= minWords) {
        const r = runs.length;
        runs.push({ article: a, first: i, last: j - 1, words: count });
        for (let k = i; k < j; k++) {
          const c = list[k] as number;
          const held = runsOfCluster.get(c);
          if (held) held.push(r);
          else runsOfCluster.set(c, [r]);
        }
      }
      i = j;
    }
  });
  const parent = runs.map((_, i) => i);
  const find = (i: number): number => findRoot(parent, i);
  for (const held of runsOfCluster.values()) {
    for (let k = 1; k < held.length; k++) parent[find(held[k] as number)] = find(held[0] as number);
  }
  const groups = new Map<number, Run[]>();
  runs.forEach((run, r) => {
    const root = find(r);
    const list = groups.get(root);
    if (list) list.push(run);
    else groups.set(root, [run]);
  });

  const passages: PassageMatch[] = [];
  for (const group of groups.values()) {
    // Runs are made in article order, so the group is sorted by article, then position.
    let valid = false;
    for (let i = 0; i < group.length && !valid; i++) {
      for (let j = i + 1; j < group.length && !valid; j++) {
        valid = notDuplicates((group[i] as Run).article, (group[j] as Run).article);
      }
    }
    if (!valid) continue;
    const occurrences = group.map((run) => {
      const list = units[run.article] as TextUnit[];
      return {
        id: (articles[run.article] as PassageInput).id,
        start: (list[run.first] as TextUnit).start,
        end: (list[run.last] as TextUnit).end,
      };
    });
    const first = group[0] as Run;
    const firstAt = occurrences[0] as PassageOccurrence;
    passages.push({
      text: (articles[first.article] as PassageInput).text.slice(firstAt.start, firstAt.end),
      articles: occurrences,
    });
  }
  // Groups were created in order of their first run (article order, then position).
  return passages;
}

/** The Story JSON form of passages (`{text, articles: [id]}`): each article once, in order of occurrence. */
export function toStoryPassages(passages: PassageMatch[]): SharedPassage[] {
  return passages.map((p) => ({ text: p.text, articles: [...new Set(p.articles.map((o) => o.id))] }));
}
