// Exact and near-duplicate grouping under one canonical article, incrementally and independent of arrival order.
//
// Model. Articles with the same normalised word sequence form an *exact class* (one LSH entry, one stored
// signature). Two classes are *similar* when their estimated Jaccard similarity is ≥ threshold; LSH finds the
// candidates. Groups are then defined from that symmetric relation alone, so they do not depend on arrival order:
// within a connected component of the similarity graph, classes are taken by priority (earliest published, then
// longest text, then smallest id); a class joins the highest-priority canonical class it is similar to, or becomes
// a canonical class itself. Each article added recomputes only its component.

import { LshIndex, type LshOptions } from './lsh.js';
import { createMinHasher, isEmptySignature, type MinHasher, signatureOf } from './minhash.js';
import { exactFingerprint, shingleHashes, words } from './shingles.js';

export interface DuplicateInput {
  id: string;
  text: string;
  /** ISO date or timestamp (`YYYY-MM-DD…`); compared as a string, earliest first; missing sorts last. */
  published?: string;
}

/** What the index keeps of an article: persist it to rebuild the index without the texts (`addEntry`). */
export interface DuplicateEntry {
  id: string;
  published?: string;
  /** Length of the text in characters (tie-break: the longer copy is preferred as canonical). */
  length: number;
  /** Fingerprint of the normalised word sequence (`exactFingerprint`). */
  exact: string;
  /** MinHash signature of the text's shingles; all slots `EMPTY_SLOT` for a text without words. */
  signature: Uint32Array;
}

export interface Reassignment {
  id: string;
  duplicateOf?: string;
}

export interface AddResult {
  /** The canonical article this one copies, when it is a copy. */
  duplicateOf?: string;
  /** Estimated Jaccard similarity to the canonical (1 for exact copies). */
  similarity?: number;
  exact?: boolean;
  /** Other articles whose canonical changed because of this one (e.g. an earlier original arrived late), by id. */
  reassigned: Reassignment[];
}

export interface DuplicateMember {
  id: string;
  similarity: number;
  exact: boolean;
}

export interface DuplicateGroup {
  canonical: string;
  /** The copies, canonical excluded, by priority. */
  duplicates: DuplicateMember[];
}

export interface DuplicateIndexOptions extends LshOptions {
  /** Estimated Jaccard similarity from which two articles are near copies. Default 0.8. */
  threshold?: number;
  /** Hash family; signatures given to `addEntry` must come from the same one. */
  hasher?: MinHasher;
  /**
   * Bits kept of each signature value for the similarity check (b-bit MinHash, Li & König 2010): 8 keeps 128 bytes
   * per article instead of 512; chance agreements (1/256) are corrected for. Default 8.
   */
  storedBits?: 8 | 16 | 32;
}

interface ExactClass {
  key: string;
  /** Slot of its highest-priority article. */
  head: number;
  /** Slots of its other articles, by priority; undefined for the usual class of one (saves an array per article). */
  others: number[] | undefined;
  /** Similar classes and the estimated similarity. */
  edges?: Map<ExactClass, number>;
  /** Canonical class of its group (itself when canonical). */
  canonical: ExactClass;
  /** Similarity to the canonical class (1 when canonical). */
  similarity: number;
  /** Where its stored signature sits in the pool (in signature lengths). */
  poolIndex: number;
  /** False for texts without words: not in the LSH index, never anyone's copy. */
  indexed: boolean;
}

type Pool = Uint8Array | Uint16Array | Uint32Array;

/** Slots of a class's articles, highest priority first (a fresh array). */
function membersOf(cls: ExactClass): number[] {
  return cls.others ? [cls.head, ...cls.others] : [cls.head];
}

export class DuplicateIndex {
  readonly threshold: number;
  readonly hasher: MinHasher;
  private readonly lsh: LshIndex;
  private readonly bits: 8 | 16 | 32;
  private readonly mask: number;
  private readonly chance: number;
  // Per article slot.
  private readonly slotOf = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  private published: (string | undefined)[] = [];
  private lengths: number[] = [];
  private classOfSlot: (ExactClass | undefined)[] = [];
  /** The canonical last reported for each slot, to tell callers what changed. */
  private reported: (string | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  // Per exact class.
  private readonly classes = new Map<string, ExactClass>();
  private pool: Pool;
  private readonly freePool: number[] = [];
  private poolUsed = 0;

  constructor(options: DuplicateIndexOptions = {}) {
    this.threshold = options.threshold ?? 0.8;
    this.hasher = options.hasher ?? createMinHasher();
    this.lsh = new LshIndex(options);
    if (this.lsh.bands * this.lsh.rows > this.hasher.numPerm) {
      throw new RangeError(`bands × rows exceed the ${this.hasher.numPerm} permutations`);
    }
    this.bits = options.storedBits ?? 8;
    this.mask = this.bits === 32 ? 0xffffffff : (1 << this.bits) - 1;
    this.chance = this.bits === 32 ? 0 : 2 ** -this.bits;
    this.pool = this.newPool(256);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The entry the index would keep for an article (pure; persist it to rebuild with `addEntry`). */
  entryOf(article: DuplicateInput): DuplicateEntry {
    const ws = words(article.text);
    return {
      id: article.id,
      published: article.published,
      length: article.text.length,
      exact: exactFingerprint(ws),
      signature: signatureOf(this.hasher, shingleHashes(ws, this.hasher.shingleSize)),
    };
  }

  add(article: DuplicateInput): AddResult {
    return this.addEntry(this.entryOf(article));
  }

  /** Adds an article from its entry. Re-adding an id replaces it. */
  addEntry(entry: DuplicateEntry): AddResult {
    if (entry.signature.length !== this.hasher.numPerm) {
      throw new RangeError(`signature has ${entry.signature.length} values, the index uses ${this.hasher.numPerm}`);
    }
    const replaced = this.slotOf.has(entry.id) ? this.removeQuietly(entry.id) : [];
    const slot = this.freeSlots.pop() ?? this.ids.length;
    this.ids[slot] = entry.id;
    this.published[slot] = entry.published;
    this.lengths[slot] = entry.length;
    this.slotOf.set(entry.id, slot);

    // A text without words is nobody's copy: it gets a class of its own.
    const key = isEmptySignature(entry.signature) ? `\u0000${entry.id}` : entry.exact;
    let cls = this.classes.get(key);
    const touched: ExactClass[] = [...replaced];
    if (cls) {
      this.insertMember(cls, slot);
    } else {
      cls = this.newClass(key, slot, entry.signature);
      if (cls.indexed) {
        for (const otherKey of this.lsh.candidates(entry.signature)) {
          const other = this.classes.get(otherKey);
          if (!other || other === cls) continue;
          const similarity = this.estimate(entry.signature, other);
          if (similarity >= this.threshold) {
            cls.edges ??= new Map();
            other.edges ??= new Map();
            cls.edges.set(other, similarity);
            other.edges.set(cls, similarity);
          }
        }
        this.lsh.add(key, entry.signature);
      }
    }
    this.classOfSlot[slot] = cls;
    touched.push(cls);
    const reassigned = this.reassign(touched, entry.id);
    const own = this.assignmentOf(slot);
    return { ...own, reassigned };
  }

  /** Removes an article; returns the others whose canonical changed (undefined when the id was unknown). */
  remove(id: string): Reassignment[] | undefined {
    if (!this.slotOf.has(id)) return undefined;
    return this.reassign(this.removeQuietly(id), id);
  }

  /** The canonical article `id` copies, or undefined when it is canonical, alone, or unknown. */
  duplicateOf(id: string): string | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.assignmentOf(slot).duplicateOf;
  }

  /** `id → canonical` for those of `ids` that are copies (the form story composition takes). */
  duplicateOfMap(ids: Iterable<string>): Map<string, string> {
    const out = new Map<string, string>();
    for (const id of ids) {
      const canonical = this.duplicateOf(id);
      if (canonical !== undefined) out.set(id, canonical);
    }
    return out;
  }

  /** Every group with at least one copy, ordered by canonical priority. */
  groups(): DuplicateGroup[] {
    const byCanonical = new Map<ExactClass, ExactClass[]>();
    for (const cls of this.classes.values()) {
      const list = byCanonical.get(cls.canonical);
      if (list) list.push(cls);
      else byCanonical.set(cls.canonical, [cls]);
    }
    const out: { head: number; group: DuplicateGroup }[] = [];
    for (const [canonical, members] of byCanonical) {
      const head = canonical.head;
      const duplicates: { slot: number; member: DuplicateMember }[] = [];
      for (const cls of members) {
        for (const slot of membersOf(cls)) {
          if (slot === head) continue;
          const exact = cls === canonical;
          const member = { id: this.idOf(slot), similarity: exact ? 1 : cls.similarity, exact };
          duplicates.push({ slot, member });
        }
      }
      if (duplicates.length === 0) continue;
      duplicates.sort((a, b) => this.compareSlots(a.slot, b.slot));
      out.push({ head, group: { canonical: this.idOf(head), duplicates: duplicates.map((d) => d.member) } });
    }
    out.sort((a, b) => this.compareSlots(a.head, b.head));
    return out.map((o) => o.group);
  }

  /** Counts for memory reports: typed-array bytes (signature pool + LSH arrays); maps, objects and ids come on top. */
  stats(): { articles: number; classes: number; typedArrayBytes: number } {
    return {
      articles: this.size,
      classes: this.classes.size,
      typedArrayBytes: this.pool.byteLength + this.lsh.stats().typedArrayBytes,
    };
  }

  // ---- internals ----

  private newPool(signatures: number): Pool {
    const n = signatures * this.hasher.numPerm;
    return this.bits === 8 ? new Uint8Array(n) : this.bits === 16 ? new Uint16Array(n) : new Uint32Array(n);
  }

  private newClass(key: string, slot: number, signature: Uint32Array): ExactClass {
    const indexed = !isEmptySignature(signature);
    let poolIndex = -1;
    if (indexed) {
      poolIndex = this.freePool.pop() ?? this.poolUsed++;
      const n = this.hasher.numPerm;
      if ((poolIndex + 1) * n > this.pool.length) {
        // Grow by half: less slack than doubling for an index that only grows.
        const grown = this.newPool(Math.ceil((this.pool.length / n) * 1.5));
        grown.set(this.pool);
        this.pool = grown;
      }
      for (let i = 0; i < n; i++) this.pool[poolIndex * n + i] = (signature[i] as number) & this.mask;
    }
    // Every field set here, in one literal, so that V8 keeps them in-object (no separate property array).
    const cls: ExactClass = {
      key,
      head: slot,
      others: undefined,
      edges: undefined,
      canonical: undefined as unknown as ExactClass, // set just below: a class starts as its own canonical
      similarity: 1,
      poolIndex,
      indexed,
    };
    cls.canonical = cls;
    this.classes.set(key, cls);
    return cls;
  }

  /** Jaccard estimate from the agreeing (truncated) values, corrected for chance agreement of b-bit values. */
  private estimate(signature: Uint32Array, other: ExactClass): number {
    const n = this.hasher.numPerm;
    const base = other.poolIndex * n;
    let equal = 0;
    for (let i = 0; i < n; i++) if (((signature[i] as number) & this.mask) >>> 0 === this.pool[base + i]) equal++;
    const raw = equal / n;
    return Math.max(0, Math.min(1, (raw - this.chance) / (1 - this.chance)));
  }

  private insertMember(cls: ExactClass, slot: number): void {
    const members = membersOf(cls);
    let i = members.length;
    while (i > 0 && this.compareSlots(slot, members[i - 1] as number) < 0) i--;
    members.splice(i, 0, slot);
    cls.head = members[0] as number;
    cls.others = members.slice(1);
  }

  /** Removes an article without reassigning; returns the classes whose component must be recomputed. */
  private removeQuietly(id: string): ExactClass[] {
    const slot = this.slotOf.get(id) as number;
    const cls = this.classOfSlot[slot] as ExactClass;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.published[slot] = undefined;
    this.classOfSlot[slot] = undefined;
    this.reported[slot] = undefined;
    this.freeSlots.push(slot);
    const members = membersOf(cls).filter((s) => s !== slot);
    if (members.length > 0) {
      cls.head = members[0] as number;
      cls.others = members.length > 1 ? members.slice(1) : undefined;
      return [cls];
    }
    // The class is gone: unlink it and let its former neighbours regroup.
    this.classes.delete(cls.key);
    if (cls.indexed) {
      this.lsh.remove(cls.key);
      this.freePool.push(cls.poolIndex);
    }
    const neighbours = [...(cls.edges?.keys() ?? [])];
    // Only neighbours can have had it as canonical.
    for (const other of neighbours) {
      other.edges?.delete(cls);
      if (other.canonical === cls) other.canonical = other;
    }
    return neighbours;
  }

  /**
   * Recomputes the groups of the components holding `seeds`; returns the articles (other than `except`) whose
   * canonical changed.
   */
  private reassign(seeds: ExactClass[], except: string): Reassignment[] {
    const component: ExactClass[] = [];
    const seen = new Set<ExactClass>();
    const stack = seeds.filter((c) => this.classes.get(c.key) === c);
    for (const c of stack) seen.add(c);
    while (stack.length > 0) {
      const cls = stack.pop() as ExactClass;
      component.push(cls);
      for (const other of cls.edges?.keys() ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          stack.push(other);
        }
      }
    }
    component.sort((a, b) => this.compareSlots(a.head, b.head));
    const rankOf = new Map<ExactClass, number>(component.map((cls, rank) => [cls, rank]));
    const canonicals = new Set<ExactClass>();
    for (const cls of component) {
      let best: ExactClass | undefined;
      let bestRank = Number.POSITIVE_INFINITY;
      // The first canonical (in priority order) it is similar to.
      for (const [other, similarity] of cls.edges ?? []) {
        if (!canonicals.has(other)) continue;
        const rank = rankOf.get(other) as number;
        if (rank < bestRank) {
          bestRank = rank;
          best = other;
          cls.similarity = similarity;
        }
      }
      if (best) cls.canonical = best;
      else {
        cls.canonical = cls;
        cls.similarity = 1;
        canonicals.add(cls);
      }
    }

    const changed: Reassignment[] = [];
    for (const cls of component) {
      for (const slot of membersOf(cls)) {
        const now = this.assignmentOf(slot).duplicateOf;
        const id = this.idOf(slot);
        if (now !== this.reported[slot] && id !== except) {
          changed.push(now === undefined ? { id } : { id, duplicateOf: now });
        }
        this.reported[slot] = now;
      }
    }
    return changed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private assignmentOf(slot: number): Omit<AddResult, 'reassigned'> {
    const cls = this.classOfSlot[slot];
    if (!cls) return {};
    const head = cls.canonical.head;
    if (head === slot) return {};
    const exact = cls.canonical === cls;
    return { duplicateOf: this.idOf(head), similarity: exact ? 1 : cls.similarity, exact };
  }

  private idOf(slot: number): string {
    return this.ids[slot] as string;
  }

  /** Canonical priority: earliest published (missing last), then longest text, then smallest id. */
  private compareSlots(a: number, b: number): number {
    const pa = this.published[a];
    const pb = this.published[b];
    if (pa !== pb) {
      if (pa === undefined) return 1;
      if (pb === undefined) return -1;
      return pa < pb ? -1 : 1;
    }
    const la = this.lengths[a] as number;
    const lb = this.lengths[b] as number;
    if (la !== lb) return lb - la;
    const ia = this.idOf(a);
    const ib = this.idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  }
}
