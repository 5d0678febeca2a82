// Full-text search of the articles held in memory by a search worker (search-worker.ts): an inverted index of every
// article's title and text, built once per archive version and extended as articles are added (articles are only
// ever inserted, never changed under their id). A search costs time in proportion to the postings of its words,
// not to the archive: each document's BM25 length norm is precomputed, the postings of the query's words are
// intersected, and only the page shown gets snippets, each a sentence of the article cut from its stored offsets.
//
// The ranking is SQLite FTS5's bm25() with the store's column weights (store/sqlite/search.ts), so the order is the
// store's: the weighted term frequency over title and text, the document's total length against the average, the
// same idf. Words are the one tokenizer's (text/words.ts), split at their inner apostrophes and hyphens and folded
// to lower case without accents, which are the words a query has (store/query-words.ts) and those FTS5 indexed.
import type { SearchFilter } from '../store/store.js';
import { queryWords } from '../store/query-words.js';
import { foldAccents } from '../text/languages.js';
import { detokenise } from '../text/ptb.js';
import { forEachWordPart } from '../text/words.js';
import { SEARCH_INDEX } from './settings.js';

/** What the index keeps of one article (the rest is read for the page shown). */
export interface IndexedArticle {
  /** The article's row number in the store: hits are returned by it. */
  seq: number;
  title?: string;
  text: string;
  outlet?: string;
  /** As stored: the first ten characters are the day the date filters compare. */
  published?: string;
  language?: string;
  /** End offsets of the text's sentences in order (the analysis' spans), when known. */
  sentenceEnds?: readonly number[];
}

/** A ranked hit: the article's row number and its score (higher is better). */
export interface RankedHit {
  seq: number;
  score: number;
}

/** One term's postings: documents in index order, each with its weighted frequency and first offset in the text. */
class Postings {
  docs = new Int32Array(4);
  /** TITLE weight × occurrences in the title + TEXT weight × occurrences in the text. */
  freqs = new Int32Array(4);
  /** Where the word first occurs in the text (-1: only in the title), for the snippet. */
  firsts = new Int32Array(4);
  length = 0;

  add(doc: number, freq: number, first: number): void {
    if (this.length === this.docs.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.docs = grow(this.docs);
      this.freqs = grow(this.freqs);
      this.firsts = grow(this.firsts);
    }
    this.docs[this.length] = doc;
    this.freqs[this.length] = freq;
    this.firsts[this.length] = first;
    this.length++;
  }

  /** The first position at or after `from` whose document is `doc` or later (galloping, then binary search). */
  seek(doc: number, from: number): number {
    let step = 1;
    let hi = from;
    while (hi < this.length && (this.docs[hi] as number) < doc) {
      from = hi + 1;
      hi += step;
      step *= 2;
    }
    hi = Math.min(hi, this.length);
    while (from < hi) {
      const mid = (from + hi) >>> 1;
      if ((this.docs[mid] as number) < doc) from = mid + 1;
      else hi = mid;
    }
    return from;
  }
}

/** Only ASCII: lower case is all the folding such a word needs. */
const ASCII = /^[\x00-\x7f]*$/;

/** A word as the index and the queries compare it: lower case, accents folded. */
function termOf(word: string): string {
  return ASCII.test(word) ? word.toLowerCase() : foldAccents(word);
}

/**
 * Call `each` with the searchable words of `text` and their offsets: the tokenizer's words, split at inner
 * apostrophes and hyphens (a query's words never hold them), folded as termOf folds them.
 */
function forEachTerm(text: string, each: (term: string, start: number, end: number) => void): void {
  forEachWordPart(text, (part, start, end, ascii) => each(ascii ? part.toLowerCase() : foldAccents(part), start, end));
}

/** Interned strings (outlets, languages) as small numbers, so a filter compares numbers. */
class Interned {
  private readonly ids = new Map<string, number>();
  id(value: string | undefined): number {
    if (value === undefined) return -1;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }
  /** The id of `value` if any document has it, else -2 (matches no document, unlike -1: none). */
  find(value: string): number {
    return this.ids.get(value) ?? -2;
  }
}

export class ArticleIndex {
  private readonly postings = new Map<string, Postings>();
  private readonly seqs: number[] = [];
  /** Tokens of title and text together: FTS5's document length. */
  private readonly lengths: number[] = [];
  private totalLength = 0;
  private readonly outlets: number[] = [];
  private readonly languages: number[] = [];
  private readonly days: (string | undefined)[] = [];
  private readonly sentenceEnds: (readonly number[] | undefined)[] = [];
  private readonly outletIds = new Interned();
  private readonly languageIds = new Interned();
  /** BM25's length norm of each document, k1 × (1 − b + b × length / average): made again after additions. */
  private norms: Float64Array | undefined;

  /** How many articles are indexed. */
  get size(): number {
    return this.seqs.length;
  }

  /** The row number of the last article added (0 when none): the next catch-up reads from after it. */
  get lastSeq(): number {
    return this.seqs[this.seqs.length - 1] ?? 0;
  }

  /** Add an article; row numbers must increase (the store's insertion order). */
  add(article: IndexedArticle): void {
    if (article.seq <= this.lastSeq) throw new Error(`article ${article.seq} is not after ${this.lastSeq}`);
    const doc = this.seqs.length;
    // Per distinct term of the article: its slot in `freqs` and `firsts`.
    const slots = new Map<string, number>();
    const freqs: number[] = [];
    const firsts: number[] = [];
    let length = 0;
    const count = (weight: number, inText: boolean) => (term: string, start: number) => {
      length++;
      const slot = slots.get(term);
      if (slot === undefined) {
        slots.set(term, freqs.length);
        freqs.push(weight);
        firsts.push(inText ? start : -1);
        return;
      }
      freqs[slot] = (freqs[slot] as number) + weight;
      if (inText && (firsts[slot] as number) < 0) firsts[slot] = start;
    };
    forEachTerm(article.title ?? '', count(SEARCH_INDEX.titleWeight, false));
    forEachTerm(article.text, count(SEARCH_INDEX.textWeight, true));
    for (const [term, slot] of slots) {
      let p = this.postings.get(term);
      if (!p) {
        p = new Postings();
        this.postings.set(term, p);
      }
      p.add(doc, freqs[slot] as number, firsts[slot] as number);
    }
    this.seqs.push(article.seq);
    this.lengths.push(length);
    this.totalLength += length;
    this.outlets.push(this.outletIds.id(article.outlet));
    this.languages.push(this.languageIds.id(article.language));
    this.days.push(article.published?.slice(0, 10));
    this.sentenceEnds.push(article.sentenceEnds);
    this.norms = undefined;
  }

  private lengthNorms(): Float64Array {
    if (this.norms) return this.norms;
    const { k1, b } = SEARCH_INDEX.bm25;
    const average = this.totalLength / Math.max(1, this.seqs.length);
    const norms = new Float64Array(this.seqs.length);
    for (let d = 0; d < norms.length; d++) norms[d] = k1 * (1 - b + (b * (this.lengths[d] as number)) / average);
    this.norms = norms;
    return norms;
  }

  /** The query's distinct terms, or undefined when it has no words (as the store's search: no words, no hits). */
  queryTerms(query: string): string[] | undefined {
    const words = [...new Set(queryWords(query).map(termOf))];
    return words.length > 0 ? words : undefined;
  }

  /**
   * Every article with all the terms that passes the filter, best first (equal scores in insertion order); with
   * `top`, only the first `top` of that order, chosen without sorting every hit (a common word matches thousands).
   */
  rank(words: readonly string[], filter: SearchFilter = {}, top = Infinity): RankedHit[] {
    const lists: Postings[] = [];
    for (const w of words) {
      const p = this.postings.get(w);
      if (!p) return [];
      lists.push(p);
    }
    lists.sort((x, y) => x.length - y.length);
    const n = this.seqs.length;
    const { k1 } = SEARCH_INDEX.bm25;
    // FTS5's idf, floored at a tiny positive value for a word in more than half the articles.
    const idfs = lists.map((p) =>
      Math.max(SEARCH_INDEX.bm25.minIdf, Math.log((n - p.length + 0.5) / (p.length + 0.5))),
    );
    const norms = this.lengthNorms();
    const outlet = filter.outlet === undefined ? undefined : this.outletIds.find(filter.outlet);
    const language = filter.language === undefined ? undefined : this.languageIds.find(filter.language);
    const cursors = new Array<number>(lists.length).fill(0);
    const shortest = lists[0] as Postings;
    const hits = new BestHits(top);
    next: for (let i = 0; i < shortest.length; i++) {
      const doc = shortest.docs[i] as number;
      if (outlet !== undefined && this.outlets[doc] !== outlet) continue;
      if (language !== undefined && this.languages[doc] !== language) continue;
      if (filter.from !== undefined || filter.to !== undefined) {
        const day = this.days[doc];
        if (day === undefined) continue;
        if (filter.from !== undefined && day < filter.from) continue;
        if (filter.to !== undefined && day > filter.to) continue;
      }
      const norm = norms[doc] as number;
      let f = shortest.freqs[i] as number;
      let score = ((idfs[0] as number) * (f * (k1 + 1))) / (f + norm);
      for (let t = 1; t < lists.length; t++) {
        const p = lists[t] as Postings;
        const at = p.seek(doc, cursors[t] as number);
        cursors[t] = at;
        if (at >= p.length || p.docs[at] !== doc) continue next;
        f = p.freqs[at] as number;
        score += ((idfs[t] as number) * (f * (k1 + 1))) / (f + norm);
      }
      hits.offer(doc, score);
    }
    return hits.sorted().map(({ doc, score }) => ({ seq: this.seqs[doc] as number, score }));
  }

  /** Where each term first occurs in the text of the article `seq` (-1: not in the text). */
  private firstOffsets(seq: number, words: readonly string[]): number[] {
    const doc = this.docOf(seq);
    return words.map((w) => {
      const p = this.postings.get(w);
      if (!p || doc === undefined) return -1;
      const at = p.seek(doc, 0);
      return at < p.length && p.docs[at] === doc ? (p.firsts[at] as number) : -1;
    });
  }

  private docOf(seq: number): number | undefined {
    // Row numbers increase with the index: a binary search.
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return this.seqs[lo] === seq ? lo : undefined;
  }

  /**
   * The snippet of a hit: the sentence of its text holding the most query terms (of those around each term's first
   * occurrence; the earliest on a tie), the terms in `[` `]`, cut to SEARCH_INDEX.snippetChars around the first
   * mark; the title, marked, when the terms are in the title only.
   */
  snippet(seq: number, words: readonly string[], title: string | undefined, text: string): string {
    const wanted = new Set(words);
    const doc = this.docOf(seq);
    const ends = doc === undefined ? undefined : this.sentenceEnds[doc];
    let best: { start: number; end: number; count: number; marks: Mark[] } | undefined;
    for (const first of this.firstOffsets(seq, words)) {
      if (first < 0) continue;
      const [start, end] = sentenceAround(text, first, ends);
      if (best && best.start === start) continue;
      // The sentence's words are read once: what is counted here is what is marked if it wins.
      const marks = marksIn(text, start, end, wanted);
      const count = new Set(marks.map((m) => m.term)).size;
      if (!best || count > best.count || (count === best.count && start < best.start))
        best = { start, end, count, marks };
    }
    if (!best) {
      const heading = title ?? '';
      return detokenise(marked(heading, 0, heading.length, marksIn(heading, 0, heading.length, wanted)));
    }
    return detokenise(cut(marked(text, best.start, best.end, best.marks), SEARCH_INDEX.snippetChars));
  }
}

/** A wanted term where it is written: offsets into the whole text. */
interface Mark {
  term: string;
  start: number;
  end: number;
}

/** The wanted terms of `text` from `start` to `end`, in order. */
function marksIn(text: string, start: number, end: number, wanted: ReadonlySet<string>): Mark[] {
  const marks: Mark[] = [];
  forEachTerm(text.slice(start, end), (term, s, e) => {
    if (wanted.has(term)) marks.push({ term, start: start + s, end: start + e });
  });
  return marks;
}

/** The sentence of `text` holding `offset`: from the stored sentence ends, else the lines around it. */
function sentenceAround(text: string, offset: number, ends: readonly number[] | undefined): [number, number] {
  if (ends && ends.length > 0) {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ends[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    if (lo < ends.length) {
      const start = lo === 0 ? 0 : (ends[lo - 1] as number);
      return [start, ends[lo] as number];
    }
  }
  // No stored span covers it (an article analysed before spans were kept): its paragraph.
  const start = text.lastIndexOf('\n', offset) + 1;
  const end = text.indexOf('\n', offset);
  return [start, end < 0 ? text.length : end];
}

/** `text` from `start` to `end` on one line, each of its marks (wanted terms, in order) in `[` `]`. */
function marked(text: string, start: number, end: number, marks: readonly Mark[]): string {
  let out = '';
  let at = start;
  for (const m of marks) {
    out += `${text.slice(at, m.start)}[${text.slice(m.start, m.end)}]`;
    at = m.end;
  }
  return (out + text.slice(at, end)).replace(/\s+/g, ' ').trim();
}

/** A marked sentence cut to about `max` characters at words, keeping the first mark in view; "…" marks a cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const mark = Math.max(0, text.indexOf('['));
  // Some words before the first mark, as context: a quarter of the room.
  let start = Math.max(0, mark - Math.floor(max / 4));
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + max);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > mark) end = space;
  }
  // Never leave a mark open.
  const open = text.lastIndexOf('[', end);
  if (open >= start && text.lastIndexOf(']', end) < open) end = Math.min(text.length, text.indexOf(']', open) + 1);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

/** Hit `a` ranks before hit `b`: a higher score, then the earlier article (a total order, so any selection agrees). */
function ranksBefore(a: { doc: number; score: number }, b: { doc: number; score: number }): boolean {
  return a.score > b.score || (a.score === b.score && a.doc < b.doc);
}

/**
 * The best `limit` hits offered, in rank order: a binary heap whose root is the worst hit kept, so each offer costs
 * O(log limit) and a query matching n articles costs O(n log limit) instead of a sort of all n.
 */
class BestHits {
  private readonly heap: { doc: number; score: number }[] = [];

  constructor(private readonly limit: number) {}

  offer(doc: number, score: number): void {
    const heap = this.heap;
    const hit = { doc, score };
    if (heap.length < this.limit) {
      heap.push(hit);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!ranksBefore(heap[parent] as typeof hit, hit)) break;
        heap[i] = heap[parent] as typeof hit;
        i = parent;
      }
      heap[i] = hit;
      return;
    }
    const worst = heap[0];
    if (worst === undefined || !ranksBefore(hit, worst)) return;
    // Replace the root and sift it down: each parent ranks after (is worse than) its children.
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      let child = left;
      if (right < heap.length && ranksBefore(heap[left] as typeof hit, heap[right] as typeof hit)) child = right;
      if (!ranksBefore(hit, heap[child] as typeof hit)) break;
      heap[i] = heap[child] as typeof hit;
      i = child;
    }
    heap[i] = hit;
  }

  sorted(): { doc: number; score: number }[] {
    return [...this.heap].sort((x, y) => (ranksBefore(x, y) ? -1 : ranksBefore(y, x) ? 1 : 0));
  }
}
