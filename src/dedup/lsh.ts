// Locality-sensitive hashing over MinHash signatures: the signature is cut into `bands` bands of `rows` values; two
// articles become candidates when all values of at least one band agree. Cost of a query: `bands` map look-ups,
// whatever the number of articles indexed.
//
// Choice of bands × rows (the S-curve). Two signatures with Jaccard s share one given band with probability s^r, so
// they become candidates with probability P(s) = 1 − (1 − s^r)^b, a sigmoid whose steepest point is near
// (1/b)^(1/r). For 128 permutations and a duplicate threshold of 0.8:
//   16 × 8:  midpoint 0.71; P(0.9) = 0.9999, P(0.8) = 0.947, P(0.7) = 0.61, P(0.5) = 0.06
//   20 × 6:  midpoint 0.61; P(0.9) ≈ 1,      P(0.8) = 0.998, P(0.7) = 0.92, P(0.5) = 0.27
// We take 20 × 6 (120 of the 128 values): pairs at the threshold are found 99.8% of the time instead of 95%, and the
// price, more candidates between 0.5 and 0.8, is only a 128-value comparison each, rejected by the caller's exact
// threshold. Unrelated articles on the same story (s ≈ 0.02–0.15) have P < 0.0002.

import { combineHashes } from './shingles.js';

export interface LshOptions {
  bands?: number;
  rows?: number;
}

export const DEFAULT_BANDS = 20;
export const DEFAULT_ROWS = 6;

/**
 * The `bands` 32-bit bucket keys of a signature (band index mixed in), e.g. to persist in a database table for
 * look-ups. Two different band values share a key with probability 2^-32: a spurious candidate the caller's
 * similarity check rejects.
 */
export function bandKeys(sig: Uint32Array, bands = DEFAULT_BANDS, rows = DEFAULT_ROWS): Uint32Array {
  if (bands * rows > sig.length)
    throw new RangeError(`${bands} bands × ${rows} rows exceed signature length ${sig.length}`);
  const keys = new Uint32Array(bands);
  for (let band = 0; band < bands; band++) {
    keys[band] = combineHashes(sig, band * rows, band * rows + rows, band);
  }
  return keys;
}

const EMPTY = -1;
const DELETED = -2;
/** Table load (entries + tombstones) above which it is rebuilt twice as large. */
const MAX_LOAD = 0.7;

/**
 * In-memory LSH index. Layout, for memory: all bands share one open-addressing table (linear probing) that holds
 * only article slot numbers in an Int32Array; an entry's key is not stored there but read back from the slot's own
 * keys (one flat Uint32Array, `bands` keys per slot, also used for removal). So an (article, band) pair costs
 * 4 bytes of keys plus 4 / load (≈ 8) bytes of table, and there are no per-entry objects: about `bands` × 12 bytes
 * per article, plus the id.
 */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  private table: Int32Array;
  /** Entries plus tombstones in the table (what the load factor counts). */
  private used = 0;
  private readonly slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private keys: Uint32Array;
  private readonly freeSlots: number[] = [];

  constructor(options: LshOptions = {}) {
    this.bands = options.bands ?? DEFAULT_BANDS;
    this.rows = options.rows ?? DEFAULT_ROWS;
    if (!(this.bands >= 1 && this.rows >= 1)) throw new RangeError('bands and rows must be ≥ 1');
    this.table = new Int32Array(1024).fill(EMPTY);
    this.keys = new Uint32Array(this.bands * 64);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Indexes `id` under `sig` (replacing an earlier entry for the same id). */
  add(id: string, sig: Uint32Array): void {
    if (this.slotOf.has(id)) this.remove(id);
    const keys = bandKeys(sig, this.bands, this.rows);
    const slot = this.freeSlots.pop() ?? this.ids.length;
    if (slot === this.ids.length) this.ids.push(id);
    else this.ids[slot] = id;
    this.slotOf.set(id, slot);
    if ((slot + 1) * this.bands > this.keys.length) {
      const grown = new Uint32Array(Math.ceil((this.keys.length / this.bands) * 1.5) * this.bands);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys.set(keys, slot * this.bands);
    if (this.used + this.bands > this.table.length * MAX_LOAD) this.rehash(this.size * this.bands);
    else for (let band = 0; band < this.bands; band++) this.insert(keys[band] as number, slot);
  }

  /** Removes `id`; false when it was not indexed. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const mask = this.table.length - 1;
    for (let band = 0; band < this.bands; band++) {
      const key = this.keys[slot * this.bands + band] as number;
      for (let i = key & mask; this.table[i] !== EMPTY; i = (i + 1) & mask) {
        if (this.table[i] === slot) {
          this.table[i] = DELETED;
          break;
        }
      }
    }
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.freeSlots.push(slot);
    return true;
  }

  /** Ids that share at least one band with `sig` (includes an indexed article with the very same signature). */
  candidates(sig: Uint32Array): Set<string> {
    const out = new Set<string>();
    const keys = bandKeys(sig, this.bands, this.rows);
    const mask = this.table.length - 1;
    const bands = this.bands;
    for (let band = 0; band < bands; band++) {
      const key = keys[band] as number;
      for (let i = key & mask; this.table[i] !== EMPTY; i = (i + 1) & mask) {
        const slot = this.table[i] as number;
        if (slot >= 0 && this.keys[slot * bands + band] === key) out.add(this.ids[slot] as string);
      }
    }
    return out;
  }

  /** Counts for memory reports: articles, table capacity, bytes held in typed arrays. */
  stats(): { items: number; tableCapacity: number; typedArrayBytes: number } {
    return {
      items: this.size,
      tableCapacity: this.table.length,
      typedArrayBytes: this.table.byteLength + this.keys.byteLength,
    };
  }

  private insert(key: number, slot: number): void {
    const mask = this.table.length - 1;
    let i = key & mask;
    while ((this.table[i] as number) >= 0) i = (i + 1) & mask;
    if (this.table[i] === EMPTY) this.used++;
    this.table[i] = slot;
  }

  /**
   * Rebuilds the table from the slots' keys, dropping tombstones: the smallest power of two that holds `entries` at
   * ≤ 3/4 of the max load (a full table doubles to load 0.35; one full of tombstones keeps its size).
   */
  private rehash(entries: number): void {
    let capacity = 1024;
    while (entries > capacity * MAX_LOAD * 0.75) capacity *= 2;
    this.table = new Int32Array(capacity).fill(EMPTY);
    this.used = 0;
    for (const slot of this.slotOf.values()) {
      for (let band = 0; band < this.bands; band++) this.insert(this.keys[slot * this.bands + band] as number, slot);
    }
  }
}
