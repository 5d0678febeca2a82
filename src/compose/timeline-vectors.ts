// Sparse TF-IDF vectors over sentence word sets, for centroids and similarity in timeline composition.

/** Term → weight. */
export type Vector = Map<string, number>;

/** Inverse document frequencies of the words of a collection of sentences (each sentence a document). */
export function inverseFrequencies(wordSets: readonly Set<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const words of wordSets) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  const n = wordSets.length;
  const idf = new Map<string, number>();
  // Smoothed as scikit-learn does, so a word in every sentence still weighs a little.
  for (const [w, f] of df) idf.set(w, Math.log((1 + n) / (1 + f)) + 1);
  return idf;
}

/** Unit-length TF-IDF vector of a word set (binary term frequency). */
export function tfidf(words: Set<string>, idf: Map<string, number>): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const w of words) {
    const x = idf.get(w) ?? 0;
    if (x <= 0) continue;
    v.set(w, x);
    norm += x * x;
  }
  return normalise(v, norm);
}

function normalise(v: Vector, squaredNorm?: number): Vector {
  let sq = squaredNorm;
  if (sq === undefined) {
    sq = 0;
    for (const x of v.values()) sq += x * x;
  }
  if (sq === 0) return v;
  const n = Math.sqrt(sq);
  for (const [k, x] of v) v.set(k, x / n);
  return v;
}

export function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, x] of small) {
    const y = large.get(k);
    if (y !== undefined) s += x * y;
  }
  return s;
}

export function norm(v: Vector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

export function cosine(a: Vector, b: Vector): number {
  const na = norm(a);
  const nb = norm(b);
  return na === 0 || nb === 0 ? 0 : dot(a, b) / (na * nb);
}

/** Sum of vectors (not normalised). */
export function sum(vectors: readonly Vector[]): Vector {
  const out: Vector = new Map();
  for (const v of vectors) for (const [k, x] of v) out.set(k, (out.get(k) ?? 0) + x);
  return out;
}

/** `a + b` into a new vector. */
export function plus(a: Vector, b: Vector): Vector {
  const out: Vector = new Map(a);
  for (const [k, x] of b) out.set(k, (out.get(k) ?? 0) + x);
  return out;
}

/**
 * The index of the knee of a descending curve: the point farthest from the line joining its ends.
 * Values past it are the tail (used to keep only the sentences clearly close to a date's centroid).
 */
export function kneeIndex(values: readonly number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const first = values[0] ?? 0;
  const last = values[n - 1] ?? 0;
  const dx = n - 1;
  const dy = last - first;
  const len = Math.hypot(dx, dy);
  let best = 0;
  let bestDist = -1;
  for (let i = 0; i < n; i++) {
    // Distance of (i, v) from the line through (0, first) and (n-1, last).
    const d = Math.abs(dy * i - dx * ((values[i] ?? 0) - first)) / len;
    if (d > bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return best;
}
