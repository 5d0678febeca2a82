// Passages a stream repeats far apart in time (a promo line for other stories, a comments notice, a syndication
// footer): boilerplate learned from the stream, as template detection on the web learns it (a block repeated over
// many pages of a site is navigation, not content). It says nothing of an article's story, yet its rare words
// make unrelated pages of one site look alike.
//
// A passage is found by its anchors: word shingles of `passageWords` words, one in `passageSample` of them chosen
// by their hash (0 mod p, as in Manber's and Broder's resemblance sketches: two texts sharing a passage choose the
// same anchors in it). What the stream has seen of each anchor is kept in a sketch of fixed size, whatever the
// stream's length: a bucketed fingerprint table (the layout of a cuckoo filter, Fan et al. 2014, without the
// relocation), each slot a 16-bit fingerprint of an anchor with its number of carriers and the first and last day
// one was published. A full bucket forgets its least useful slot — one unseen for `passageForgetDays`, else the
// fewest carriers, then the longest unseen — the way a bounded frequency sketch (TinyLFU, Einziger et al. 2017)
// ages out what is not seen again: a passage read once is soon forgotten, one that recurs stays while it recurs.
// The sketch is a pure function of the anchors it was given in order, and it is saved as one blob with the stories
// (same transaction), so a stream ingested in two batches or after a kill ends in the same sketch as one run.

import { STORY_CLUSTERING } from './settings.js';

/** A passage anchor of an article's body: its 32-bit hash, and the word it starts at. */
export interface PassageAnchor {
  hash: number;
  at: number;
}

/** What the sketch holds of one anchor: its earlier carriers and the first and last day one was published. */
export interface PassageSeen {
  carriers: number;
  firstDay: number;
  lastDay: number;
}

function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a word's UTF-16 units, finalised. */
function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) {
    h ^= w.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * The anchors of a body's words (lower case, accents folded), one pass: each shingle's hash is a mix of its words'
 * hashes in order. A number hashes as '#': templates repeat with other dates and times in them ("6 January 2011
 * Last updated at 12:45 GMT"). At most `passageAnchors`, half from each end of the body: that bounds what one
 * article adds to the sketch whatever its length, and boilerplate sits at a page's edges (promos, footers).
 */
export function passageAnchors(words: readonly string[]): PassageAnchor[] {
  const { passageWords: k, passageSample, passageAnchors: max } = STORY_CLUSTERING;
  const hashes = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    hashes[i] = wordHash(/\p{N}/u.test(w) ? '#' : w);
  }
  const out: PassageAnchor[] = [];
  const seen = new Set<number>();
  for (let i = 0; i + k <= words.length; i++) {
    let h = 0x9747b28c;
    for (let j = i; j < i + k; j++) h = Math.imul(h ^ (hashes[j] as number), 0x01000193);
    h = fmix32(h ^ k);
    if (h % passageSample !== 0 || seen.has(h)) continue;
    seen.add(h);
    out.push({ hash: h, at: i });
  }
  return out.length <= max ? out : [...out.slice(0, max / 2), ...out.slice(out.length - max / 2)];
}

/** Version tag of the blob layout (a blob of another layout or size is not read: the sketch starts empty). */
const SKETCH_FORMAT = 1;
const HEADER_WORDS = 3;
const MAX_CARRIERS = 0xffff;

/**
 * The fixed-size table of anchors seen (see the file comment). `buckets` must be a power of two; memory is
 * buckets × slots × 12 bytes, and the blob the same plus a 12-byte header.
 */
export class PassageSketch {
  readonly buckets: number;
  readonly slots: number;
  private readonly fingerprint: Uint16Array;
  private readonly carriers: Uint16Array;
  private readonly firstDay: Int32Array;
  private readonly lastDay: Int32Array;
  /** Whether anything was recorded since it was made or read. */
  changed = false;

  constructor(
    buckets = STORY_CLUSTERING.passageSketchBuckets,
    slots = STORY_CLUSTERING.passageSketchSlots,
    blob?: Uint8Array,
    readonly forgetDays = STORY_CLUSTERING.passageForgetDays,
  ) {
    if (!Number.isInteger(Math.log2(buckets)) || slots < 1) throw new Error('passage sketch: bad dimensions');
    this.buckets = buckets;
    this.slots = slots;
    const n = buckets * slots;
    if (blob && PassageSketch.fits(blob, buckets, slots)) {
      const data = new Uint8Array(blob); // a copy, aligned for the typed arrays
      let at = HEADER_WORDS * 4;
      this.fingerprint = new Uint16Array(data.buffer, at, n);
      at += n * 2;
      this.carriers = new Uint16Array(data.buffer, at, n);
      at += n * 2;
      this.firstDay = new Int32Array(data.buffer, at, n);
      at += n * 4;
      this.lastDay = new Int32Array(data.buffer, at, n);
    } else {
      this.fingerprint = new Uint16Array(n);
      this.carriers = new Uint16Array(n);
      this.firstDay = new Int32Array(n);
      this.lastDay = new Int32Array(n);
    }
  }

  private static fits(blob: Uint8Array, buckets: number, slots: number): boolean {
    if (blob.byteLength !== HEADER_WORDS * 4 + buckets * slots * 12) return false;
    const head = new DataView(blob.buffer, blob.byteOffset, HEADER_WORDS * 4);
    return (
      head.getUint32(0, true) === SKETCH_FORMAT &&
      head.getUint32(4, true) === buckets &&
      head.getUint32(8, true) === slots
    );
  }

  /** The blob a store keeps (little-endian, as the typed arrays are on every platform Node runs on). */
  toBlob(): Uint8Array {
    const n = this.buckets * this.slots;
    const out = new Uint8Array(HEADER_WORDS * 4 + n * 12);
    const head = new DataView(out.buffer, 0, HEADER_WORDS * 4);
    head.setUint32(0, SKETCH_FORMAT, true);
    head.setUint32(4, this.buckets, true);
    head.setUint32(8, this.slots, true);
    let at = HEADER_WORDS * 4;
    out.set(new Uint8Array(this.fingerprint.buffer, this.fingerprint.byteOffset, n * 2), at);
    at += n * 2;
    out.set(new Uint8Array(this.carriers.buffer, this.carriers.byteOffset, n * 2), at);
    at += n * 2;
    out.set(new Uint8Array(this.firstDay.buffer, this.firstDay.byteOffset, n * 4), at);
    at += n * 4;
    out.set(new Uint8Array(this.lastDay.buffer, this.lastDay.byteOffset, n * 4), at);
    return out;
  }

  /** The bucket's first slot and the fingerprint (never 0: 0 marks an empty slot) of an anchor hash. */
  private place(hash: number): { base: number; fp: number } {
    const h = fmix32(hash ^ 0x5bd1e995);
    const fp = h >>> 16 || 1;
    return { base: (h & (this.buckets - 1)) * this.slots, fp };
  }

  /** What was recorded of this anchor, or undefined when it was never seen (or forgotten). */
  get(hash: number): PassageSeen | undefined {
    const { base, fp } = this.place(hash);
    for (let i = base; i < base + this.slots; i++)
      if (this.fingerprint[i] === fp)
        return {
          carriers: this.carriers[i] as number,
          firstDay: this.firstDay[i] as number,
          lastDay: this.lastDay[i] as number,
        };
    return undefined;
  }

  /** One more carrier of this anchor, published on `day`. */
  record(hash: number, day: number): void {
    this.changed = true;
    const { base, fp } = this.place(hash);
    // The slot to give up if the anchor is not here: an empty one, else the lowest in (still remembered, carriers,
    // last day), the first of equals.
    let victim = -1;
    let victimRank = Number.POSITIVE_INFINITY;
    for (let i = base; i < base + this.slots; i++) {
      if (this.fingerprint[i] === fp) {
        this.carriers[i] = Math.min(MAX_CARRIERS, (this.carriers[i] as number) + 1);
        if (day < (this.firstDay[i] as number)) this.firstDay[i] = day;
        if (day > (this.lastDay[i] as number)) this.lastDay[i] = day;
        return;
      }
      const rank = this.fingerprint[i] === 0 ? -(2 ** 41) : this.rank(i, day);
      if (rank < victimRank) [victim, victimRank] = [i, rank];
    }
    this.fingerprint[victim] = fp;
    this.carriers[victim] = 1;
    this.firstDay[victim] = day;
    this.lastDay[victim] = day;
  }

  /**
   * How much a slot is worth keeping on `day`: a slot unseen for `forgetDays` is worth least (the oldest first),
   * then fewer carriers, then the longer unseen. Carriers count in units of 2^20 days (no stream spans that many).
   */
  private rank(i: number, day: number): number {
    const last = this.lastDay[i] as number;
    if (day - last >= this.forgetDays) return last - 2 ** 40;
    return (this.carriers[i] as number) * 2 ** 20 + (last - day + 2 ** 19);
  }
}
