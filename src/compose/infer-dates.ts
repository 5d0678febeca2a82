// Publication dates for undated articles, inferred from the story they are in (issue 11, point 3). Two kinds of
// evidence:
// (a) the absolute dates the article mentions, not in the future tense: it was published on or after the latest;
// (b) its relative expressions ("on Sunday", "last month", "since 30 September") in sentences reporting an event
//     that a dated sentence of the story also reports: the publication days on which the expression resolves to
//     that sentence's date form a window.
// The windows that agree best are intersected; the estimate is the window's first day (news is published soon
// after what it reports). The relative expressions that resolve alike on every day of the window are then
// resolved, and the sentences they date are marked inferred. Nothing here is presented as certain.
//
// The resolution is the analysis' own (findTimeExpressions against a trial publication day, handed in by the
// pipeline room as a StoryAnalyzer), so what a window
// means is exactly what the analysis would have said had the article carried that date. Cost per story is
// bounded: only sentences with relative expressions are matched (capped per article), against an inverted index
// of dated event sentences (capped per story, common words not used for retrieval), and each window is found
// by two binary searches over trial days.

import type { Analysis, Article, DayWindow, PublishedDate, SentenceAnalysis, TimeExpression } from '../model.js';
import { dayNumber, dayRange, dayString } from '../text/days.js';
import { itemsBySpan } from '../text/spans.js';
import { stemmedWordSet } from '../text/words.js';
import type { StoryAnalyzer } from './analyzer.js';
import { INFER_DATES, type InferDateSettings } from './settings.js';
import { dateValueOf } from './timeline-sentences.js';

export interface InferredDate {
  /** `from: 'inferred'`, the estimate as `value` (a day), with its window. */
  published: PublishedDate;
  /** The article's analysis with the relative expressions its window makes certain resolved, sentences re-dated. */
  analysis: Analysis;
  /** Starts of the sentences whose event date comes from the inference. */
  inferredSentences: Set<number>;
  /** The window is narrow enough (`datingSpanDays`) for the estimate to stand for the publication day. */
  datesPublication: boolean;
}

type Range = [number, number];

/** A sentence with dates the story can trust (or trusts as inferred): what undated articles are matched to. */
interface Anchor {
  article: string;
  words: Set<string>;
  norm: number;
  ranges: Range[];
}

/** A sentence of an undated article with relative expressions, and its resolutions by trial day. */
interface Query {
  start: number;
  text: string;
  words: Set<string>;
  /** Its relative day- or month-level expressions, as offsets in the sentence. */
  relative: { start: number; end: number }[];
  resolved: Map<number, TimeExpression[]>;
  /** Windows already solved, by expression and target (wire copies date many sentences alike). */
  windows: Map<string, Range | undefined>;
}

const isRelative = (t: TimeExpression): boolean =>
  t.unresolved === true && (t.granularity === 'day' || t.granularity === 'month' || t.granularity === 'time');

/** The time expressions inside each sentence (both sorted by offset). */
function timexesBySentence(analysis: Analysis): TimeExpression[][] {
  return itemsBySpan(
    analysis.sentences,
    [...analysis.timexes].sort((a, b) => a.start - b.start),
  );
}

/** Content words of a sentence with its time expressions blanked: the date is what is solved for, not matched. */
function eventWords(text: string, start: number, timexes: readonly TimeExpression[]): Set<string> {
  let kept = '';
  let at = 0;
  for (const t of timexes) {
    const a = Math.max(at, t.start - start);
    const b = Math.min(text.length, t.end - start);
    if (b <= a) continue;
    kept += `${text.slice(at, a)} `;
    at = b;
  }
  return stemmedWordSet(at === 0 ? text : kept + text.slice(at));
}

/** The story's inverted index of dated sentences, with document frequencies over everything matched. */
class AnchorIndex {
  readonly anchors: Anchor[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly df = new Map<string, number>();
  private documents = 0;

  constructor(private readonly s: InferDateSettings) {}

  /** Counts a word set in the document frequencies (anchors and queries alike). */
  count(words: Set<string>): void {
    this.documents++;
    for (const w of words) this.df.set(w, (this.df.get(w) ?? 0) + 1);
  }

  idf(w: string): number {
    return Math.log((1 + this.documents) / (1 + (this.df.get(w) ?? 0))) + 1;
  }

  private norm(words: Set<string>): number {
    let sq = 0;
    for (const w of words) sq += this.idf(w) ** 2;
    return Math.sqrt(sq);
  }

  add(article: string, words: Set<string>, ranges: Range[]): void {
    if (this.anchors.length >= this.s.maxAnchors || words.size === 0) return;
    const id = this.anchors.length;
    this.anchors.push({ article, words, norm: 0, ranges });
    for (const w of words) {
      const list = this.postings.get(w);
      if (list) list.push(id);
      else this.postings.set(w, [id]);
    }
  }

  /** Norms once every word is counted (they depend on the frequencies). */
  seal(): void {
    for (const a of this.anchors) a.norm = this.norm(a.words);
  }

  /** The best matching anchors of other articles: TF-IDF cosine over shared words, above the thresholds. */
  match(query: Query, article: string): { anchor: Anchor; similarity: number }[] {
    const dots = new Map<number, { dot: number; shared: number }>();
    for (const w of query.words) {
      const list = this.postings.get(w);
      if (!list || list.length > this.s.maxPostings) continue;
      const weight = this.idf(w) ** 2;
      for (const id of list) {
        const d = dots.get(id) ?? { dot: 0, shared: 0 };
        d.dot += weight;
        d.shared++;
        dots.set(id, d);
      }
    }
    const qNorm = this.norm(query.words);
    const out: { anchor: Anchor; similarity: number }[] = [];
    for (const [id, d] of dots) {
      const anchor = this.anchors[id] as Anchor;
      if (anchor.article === article || d.shared < this.s.minSharedWords) continue;
      const similarity = qNorm > 0 && anchor.norm > 0 ? d.dot / (qNorm * anchor.norm) : 0;
      if (similarity >= this.s.minSimilarity) out.push({ anchor, similarity });
    }
    out.sort((a, b) => b.similarity - a.similarity);
    return out.slice(0, this.s.anchorsPerQuery);
  }
}

/** What the expression at `offset` of a query resolves to when the article is dated `day`. */
function resolvedAt(analyzer: StoryAnalyzer, query: Query, offset: number, day: number): Range | undefined {
  let list = query.resolved.get(day);
  if (!list) query.resolved.set(day, (list = analyzer.findTimeExpressions(query.text, dayString(day))));
  const t = list.find((x) => x.start === offset);
  return t && (t.granularity === 'day' || t.granularity === 'month' || t.granularity === 'time')
    ? dayRange(t.value)
    : undefined;
}

const nested = (a: Range, b: Range): boolean => (a[0] >= b[0] && a[1] <= b[1]) || (b[0] >= a[0] && b[1] <= a[1]);

/**
 * The publication days on which the expression at `offset` resolves to (a day or month nested with) `target`.
 * A relative expression's value never moves back as the publication day moves forward ("Sunday" is the last
 * Sunday, "last month" the month before, a year-less date the nearest such day), so the days form one interval,
 * found by two binary searches; its ends and middle are checked.
 */
function solveWindow(
  analyzer: StoryAnalyzer,
  query: Query,
  expression: { start: number; end: number },
  target: Range,
  searchDays: number,
): Range | undefined {
  const offset = expression.start;
  // Reported in the past tense, the event came before the publication; announced in the future, after it.
  const tense = analyzer.tenseAround(query.text, 0, query.text.length, expression.start, expression.end);
  const from = tense === 'past' ? target[0] : target[0] - searchDays;
  const to = tense === 'future' ? target[1] : target[1] + searchDays;
  let failed = false;
  const at = (day: number): Range => {
    const r = resolvedAt(analyzer, query, offset, day);
    if (!r) failed = true;
    return r ?? [0, 0];
  };
  // First day whose value does not end before the target.
  let lo = from;
  let hi = to + 1;
  while (lo < hi && !failed) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)[1] >= target[0]) hi = mid;
    else lo = mid + 1;
  }
  let first = lo;
  // Last day whose value does not start after the target.
  lo = from - 1;
  hi = to;
  while (lo < hi && !failed) {
    const mid = Math.ceil((lo + hi) / 2);
    if (at(mid)[0] <= target[1]) lo = mid;
    else hi = mid - 1;
  }
  let last = lo;
  if (failed || first > last || first > to || last < from) return undefined;
  // Past tense: not before the day the expression itself then names; future: not after it.
  if (tense === 'past') {
    [lo, hi] = [first, last + 1];
    while (lo < hi && !failed) {
      const mid = Math.floor((lo + hi) / 2);
      if (at(mid)[0] <= mid) hi = mid;
      else lo = mid + 1;
    }
    first = lo;
  } else if (tense === 'future') {
    [lo, hi] = [first - 1, last];
    while (lo < hi && !failed) {
      const mid = Math.ceil((lo + hi) / 2);
      if (at(mid)[1] >= mid) lo = mid;
      else hi = mid - 1;
    }
    last = lo;
  }
  if (failed || first > last) return undefined;
  for (const d of [first, Math.floor((first + last) / 2), last]) if (failed || !nested(at(d), target)) return undefined;
  return failed ? undefined : [first, last];
}

interface Evidence {
  range: Range;
  weight: number;
}

/** The interval most evidence agrees on: the point covered by the most weight, then the intersection there. */
function agreed(evidence: readonly Evidence[]): Range | undefined {
  const edges: { at: number; delta: number }[] = [];
  for (const e of evidence) edges.push({ at: e.range[0], delta: e.weight }, { at: e.range[1] + 1, delta: -e.weight });
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let weight = 0;
  let best = 0;
  let point: number | undefined;
  for (const e of edges) {
    weight += e.delta;
    if (weight > best + 1e-9) [best, point] = [weight, e.at];
  }
  if (point === undefined) return undefined;
  const p = point;
  const holding = evidence.filter((e) => e.range[0] <= p && p <= e.range[1]);
  return [Math.max(...holding.map((e) => e.range[0])), Math.min(...holding.map((e) => e.range[1]))];
}

/** The latest day the article reports in absolute dates (not in the future tense): it was published on or after. */
function absoluteFloor(
  analyzer: StoryAnalyzer,
  article: Article,
  analysis: Analysis,
  bySentence: TimeExpression[][],
): number | undefined {
  let floor: number | undefined;
  analysis.sentences.forEach((s, i) => {
    for (const t of bySentence[i] ?? []) {
      if (t.unresolved) continue;
      const range = dayRange(dateValueOf(t));
      if (!range) continue;
      if (analyzer.tenseAround(article.text, s.start, s.end, t.start, t.end) === 'future') continue;
      if (floor === undefined || range[0] > floor) floor = range[0];
    }
  });
  return floor;
}

interface Undated {
  article: Article;
  analysis: Analysis;
  bySentence: TimeExpression[][];
  queries: Query[];
}

function undatedOf(article: Article, analysis: Analysis, s: InferDateSettings): Undated {
  const bySentence = timexesBySentence(analysis);
  const queries: Query[] = [];
  analysis.sentences.forEach((sentence, i) => {
    if (queries.length >= s.maxQueries) return;
    const inside = bySentence[i] ?? [];
    const relative = inside
      .filter(isRelative)
      .map((t) => ({ start: t.start - sentence.start, end: t.end - sentence.start }));
    if (relative.length === 0) return;
    const text = article.text.slice(sentence.start, sentence.end);
    queries.push({
      start: sentence.start,
      text,
      words: eventWords(text, sentence.start, inside),
      relative,
      resolved: new Map(),
      windows: new Map(),
    });
  });
  return { article, analysis, bySentence, queries };
}

/** The analysis re-resolved where the window leaves one reading: each relative expression alike at both ends. */
function reresolve(analyzer: StoryAnalyzer, u: Undated, window: Range): { analysis: Analysis; inferred: Set<number> } {
  const values = new Map<number, TimeExpression>();
  u.analysis.sentences.forEach((sentence, i) => {
    const inside = u.bySentence[i] ?? [];
    if (!inside.some(isRelative)) return;
    const text = u.article.text.slice(sentence.start, sentence.end);
    const early = analyzer.findTimeExpressions(text, dayString(window[0]));
    const late = window[1] === window[0] ? early : analyzer.findTimeExpressions(text, dayString(window[1]));
    for (const t of inside) {
      if (!isRelative(t)) continue;
      const a = early.find((x) => x.start === t.start - sentence.start);
      const b = late.find((x) => x.start === t.start - sentence.start);
      if (a?.value && a.value === b?.value) values.set(t.start, a);
    }
  });
  const timexes = u.analysis.timexes.map((t): TimeExpression => {
    const r = values.get(t.start);
    if (!r?.value) return t;
    const { unresolved: _unresolved, ...rest } = t;
    void _unresolved;
    return { ...rest, value: r.value, granularity: r.granularity, type: r.type };
  });
  const redone = { ...u.analysis, timexes };
  const bySentence = timexesBySentence(redone);
  const inferred = new Set<number>();
  const sentences = u.analysis.sentences.map((s, i): SentenceAnalysis => {
    const inside = bySentence[i] ?? [];
    if (!inside.some((t) => values.has(t.start))) return s;
    const eventDate = analyzer.sentenceEventDate(u.article.text.slice(s.start, s.end), inside, s.start);
    if (!eventDate || eventDate === s.eventDate) return s;
    inferred.add(s.start);
    return { start: s.start, end: s.end, eventDate };
  });
  return { analysis: { ...redone, sentences }, inferred };
}

/** Ranges of a sentence's resolved day and month values. */
function rangesOf(inside: readonly TimeExpression[]): Range[] {
  const out: Range[] = [];
  for (const t of inside) {
    if (t.unresolved) continue;
    const r = dayRange(dateValueOf(t));
    if (r) out.push(r);
  }
  return out;
}

/**
 * Inferred publication dates for the articles of one story that have none (with an analysis): article id → the
 * date, its window and the analysis re-dated by it. Articles without evidence are left out.
 */
export function inferPublicationDates(
  articles: readonly Article[],
  analyses: ReadonlyMap<string, Analysis>,
  analyzer: StoryAnalyzer,
  settings: Partial<InferDateSettings> = {},
): Map<string, InferredDate> {
  const s: InferDateSettings = { ...INFER_DATES, ...settings };
  const out = new Map<string, InferredDate>();
  const undated: Undated[] = [];
  for (const a of [...articles].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const analysis = analyses.get(a.id);
    if (a.published || !analysis || undated.length >= s.maxArticles) continue;
    undated.push(undatedOf(a, analysis, s));
  }
  if (undated.length === 0) return out;

  const index = new AnchorIndex(s);
  // Every sentence with a date the story can trust: all of a dated article's, an undated one's absolute ones.
  // Word frequencies count every sentence of the story, so that its topic words ("air strikes", "Syria") weigh
  // little and what sets one event apart weighs much.
  for (const a of articles) {
    const analysis = analyses.get(a.id);
    if (!analysis) continue;
    const bySentence = timexesBySentence(analysis);
    let taken = 0;
    analysis.sentences.forEach((sentence, i) => {
      if (i >= s.sentencesPerArticle) return;
      const inside = bySentence[i] ?? [];
      const words = eventWords(a.text.slice(sentence.start, sentence.end), sentence.start, inside);
      index.count(words);
      const ranges = rangesOf(inside);
      if (ranges.length === 0 || taken >= s.anchorsPerArticle) return;
      index.add(a.id, words, ranges);
      taken++;
    });
  }
  index.seal();

  let pending = undated;
  for (let round = 0; round < s.rounds && pending.length > 0; round++) {
    const anchoredNow: { u: Undated; inferred: InferredDate }[] = [];
    const still: Undated[] = [];
    for (const u of pending) {
      const floor = absoluteFloor(analyzer, u.article, u.analysis, u.bySentence);
      const evidence: Evidence[] = [];
      for (const q of u.queries)
        for (const { anchor, similarity } of index.match(q, u.article.id))
          for (const expression of q.relative)
            for (const target of anchor.ranges) {
              const key = `${expression.start}:${target[0]}:${target[1]}`;
              if (!q.windows.has(key)) q.windows.set(key, solveWindow(analyzer, q, expression, target, s.searchDays));
              const range = q.windows.get(key);
              if (!range) continue;
              const clipped: Range = [Math.max(range[0], floor ?? range[0]), range[1]];
              if (clipped[0] <= clipped[1]) evidence.push({ range: clipped, weight: similarity });
            }
      const window = agreed(evidence);
      if (window) {
        const inferred = finish(analyzer, u, window, s);
        out.set(u.article.id, inferred);
        anchoredNow.push({ u, inferred });
      } else {
        if (floor !== undefined) out.set(u.article.id, openEnded(u, floor));
        still.push(u);
      }
    }
    // What the newly dated articles now date (narrow windows only) can date the others in the next round.
    for (const { u, inferred } of anchoredNow) {
      if (!inferred.datesPublication) continue;
      const bySentence = timexesBySentence(inferred.analysis);
      inferred.analysis.sentences.forEach((sentence, i) => {
        if (!inferred.inferredSentences.has(sentence.start)) return;
        const inside = bySentence[i] ?? [];
        const words = eventWords(u.article.text.slice(sentence.start, sentence.end), sentence.start, inside);
        index.add(u.article.id, words, rangesOf(inside));
      });
    }
    index.seal();
    if (anchoredNow.length === 0) break;
    pending = still;
  }
  return out;
}

function dateOf(window: DayWindow): PublishedDate {
  return { value: window.earliest, precision: 'day', from: 'inferred', window };
}

function finish(analyzer: StoryAnalyzer, u: Undated, window: Range, s: InferDateSettings): InferredDate {
  const { analysis, inferred } = reresolve(analyzer, u, window);
  return {
    published: dateOf({ earliest: dayString(window[0]), latest: dayString(window[1]) }),
    analysis,
    inferredSentences: inferred,
    datesPublication: window[1] - window[0] + 1 <= s.datingSpanDays,
  };
}

/** Only absolute dates: published on or after the latest, with nothing above; no expression gets a reading. */
function openEnded(u: Undated, floor: number): InferredDate {
  return {
    published: dateOf({ earliest: dayString(floor) }),
    analysis: u.analysis,
    inferredSentences: new Set(),
    datesPublication: false,
  };
}

/** The number of days an inferred window spans (Infinity when open-ended); undefined for other dates. */
export function windowDays(published: PublishedDate | undefined): number | undefined {
  if (published?.from !== 'inferred' || !published.window) return undefined;
  const { earliest, latest } = published.window;
  const a = dayNumber(earliest);
  const b = dayNumber(latest);
  return a === undefined || b === undefined ? Number.POSITIVE_INFINITY : b - a + 1;
}

/** How an inferred date reads next to an article: "inferred, 2015-09-27 to 2015-10-03" / "… on or after …". */
export function inferredDateText(published: PublishedDate): string {
  const w = published.window;
  if (!w) return `inferred ${published.value.slice(0, 10)}`;
  if (!w.latest) return `inferred: on or after ${w.earliest}`;
  return w.latest === w.earliest ? `inferred ${w.earliest}` : `inferred: ${w.earliest} to ${w.latest}`;
}
