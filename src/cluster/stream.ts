// Online story clustering over a news stream: each new article is compared with what every candidate story is
// about now — the centroid of its articles (TF-IDF over words, names, entities and numbers), its time span and
// its language — and joins the best one that clears a bar, or starts a story. Then the story it grew is compared
// with its nearest stories and merged with one whose articles have become as alike as a story's own (fragments of
// one story meet).
//
// What was taken from whom, and what the three story sets (DUC 2006, Timeline17 as one stream, ECB+) taught:
// - Single-pass clustering with story centroids and a new-story threshold is classic TDT first-story detection
//   (Allan et al., "On-line new event detection and tracking", 1998; Yang et al. 1998): comparing with a centroid
//   instead of the single nearest article is what stops chaining (A~B, B~C, so A~C).
// - One fixed cosine bar does not fit every stream: the best bar in hindsight is ~.10 on Timeline17 (broad
//   topics, mean pair cosine .05), ~.15 on DUC (.16), ~.25 on ECB+ (.36). A member's cosine with the centroid of a
//   grown story tends to √(mean pair cosine), so the bar is a share of that, measured on the story itself (|C|²
//   gives its mean pair cosine exactly), shrunk towards a prior while it has few pairs, never below a floor. A bar
//   tied to the story's own n-article centroid (which starts at the pair cosine itself) was tried and fails both
//   ways: a tight seed keeps out its own later articles, a loose one becomes a drain.
// - Time is a feature of the match, not a cut: Miranda et al. ("Multilingual clustering of streaming news",
//   EMNLP 2018) score an article against a cluster with TF-IDF sub-vectors plus the timestamp distances to the
//   cluster, and keep per-language clusters linked only on strong evidence. Here the distance to the story's time
//   span raises the bar a little (log-scaled and capped: DUC subjects return after 700 silent days), and
//   language-keyed words mean only shared names and numbers link two languages, under a higher bar.
// - Merging is average linkage between two stories of a few articles each (their mean cross cosine, read off the
//   centroids, against the mean pair cosine of the broader one), not a centroid cosine bar: two centroids of
//   related subjects can be as close as two halves of one story.
// - Candidates come from an inverted index over each story's top keys, most recently active stories first (Event
//   Registry's and Miranda's candidate retrieval), ranked by the part of the cosine the looked-up keys give (each
//   posting carries its key's weight, so the ranking needs no centroid); only keys other articles have are looked
//   up (an article's rarest keys are in no index). Of the ranked stories a dated article is compared with those
//   active around its day and a few of the closest others (an old subject that returns), as TDT systems compare a
//   story with a time window of recent ones. The cost of one article does not grow with the archive, and a chunk
//   loads only the centroids it compares in full.
// - Boilerplate is learned from the stream (passages.ts): a passage found verbatim in articles published a month
//   or more apart is left out of an article's features (settings: `boilerplateGapDays`). What the stream has seen
//   of passages is a sketch of fixed size, saved as one blob beside the other state.
//
// The state is a set of plain rows (document frequencies, story centroids, postings) so that a store can persist
// exactly what is needed and a later batch continues as if the stream had never stopped: ingesting a stream in
// two batches gives the partition of one. Nothing here does I/O: `ClusterState` is filled from the store before
// a chunk (`load*`) and read back after (`drain`).

import { type ClusterDoc, ENTITY, mainEventDay, NAME, NUMBER, PLACE } from './features.js';
import { STORY_CLUSTERING, type StoryClusterSettings } from './settings.js';
import { type PassageAnchor, PassageSketch } from './passages.js';
import { foldAccents } from '../text/languages.js';

/** A story as the clusterer sees it. */
export interface StoryCentroid {
  id: string;
  size: number;
  /** First and last publication day (day numbers) of its dated articles. */
  firstDay?: number;
  lastDay?: number;
  /** The state counter when it last changed: what "most recently active" means in the index. */
  seq: number;
  /** Language → articles. */
  languages: Record<string, number>;
  /** Key → sum over its articles of their unit-length TF-IDF vectors. */
  terms: Map<string, number>;
  /** Keys under which it is in the index now. */
  indexed: string[];
  /** |centroid|²: kept exactly as articles arrive (it says how alike they are; see `pairSimilarity`). */
  normSquared: number;
}

/**
 * One posting: story `story` is indexed under `term` since change `seq`, when the key's weight in its centroid,
 * divided by the centroid's length, was `weight`. A posting is current while the story's change number is still
 * `seq`, and then `weight` is the key's part of the story's cosine as it is now: candidates are ranked from the
 * postings alone, and only the stories ranked high enough to be compared in full need their centroids loaded.
 */
export interface Posting {
  term: string;
  story: string;
  seq: number;
  weight: number;
  /** The story's span then (day numbers; absent while it has no dated article): which stories are near in time. */
  firstDay?: number;
  lastDay?: number;
}

/** What a chunk changed, for the store to write in one transaction. */
export interface ClusterStateChanges {
  /** The document count and per-key document frequencies to add (key '' is the document count). */
  termCounts: Map<string, number>;
  /** Stories created or changed (their full state). */
  stories: StoryCentroid[];
  /** Stories merged away: id → the story that absorbed it. */
  merged: Map<string, string>;
  postingsAdded: Posting[];
  postingsRemoved: { term: string; story: string }[];
  /** Article id → its story, for the articles clustered in this chunk. */
  assignments: Map<string, string>;
  /** The passage sketch as it is now (see passages.ts), when this chunk changed it: the store replaces its blob. */
  passageSketch?: Uint8Array;
}

/** The document count key of the term counts. */
export const DOC_COUNT = '';
/**
 * The change counter, kept as a term count (it only grows, so a delta adds up like any count): change numbers must
 * be global, or a chunk that loaded only some stories would number its changes below others' and "most recently
 * active first" would differ from one long run. No feature key starts with ':'.
 */
export const CHANGE_COUNT = ':changes';

export class StreamClusterer {
  readonly settings: StoryClusterSettings;
  private docCount = 0;
  private readonly df = new Map<string, number>();
  private readonly stories = new Map<string, StoryCentroid>();
  /**
   * The newest posting of each story known only from loaded postings (its centroid not loaded): a store holds just
   * the current posting of each key and story, so the newest one read says its change number and span now. Enough
   * to rank it as a candidate; a story ranked high enough to be compared in full is asked for (`addSteps`).
   */
  private readonly posted = new Map<string, Posting>();
  /**
   * Each story's change number now, loaded or known from postings (none once merged away): the one look-up the
   * ranking makes per posting scanned, kept as stories load and change.
   */
  private readonly seqs = new Map<string, number>();
  /** Key → postings in the order they were made (scanned from the end: newest first). */
  private readonly postings = new Map<string, Posting[]>();
  /**
   * Per posting list: the length it would have if stale postings were only dropped when it outgrows
   * `postingsScanned * 3` (when its newest live ones are also cut to `postingsScanned * 2`), and its length after
   * stale postings were last dropped. Stale postings are dropped as soon as they are half the list (each story
   * reindexed at every article leaves one behind under each of its keys, and scanning them was a tenth of
   * clustering), but the cut keeps its own schedule, so the postings kept are those of the slower schedule.
   */
  private readonly scheduled = new Map<string, number>();
  private readonly filteredAt = new Map<string, number>();
  private seq = 0;
  // Changes since the last drain.
  private termDelta = new Map<string, number>();
  private changedStories = new Set<string>();
  private merged = new Map<string, string>();
  private postingsAdded = new Map<string, Posting>();
  private postingsRemoved = new Map<string, { term: string; story: string }>();
  private assignments = new Map<string, string>();
  private sketch: PassageSketch;

  constructor(settings: Partial<StoryClusterSettings> = {}) {
    this.settings = { ...STORY_CLUSTERING, ...settings };
    const { passageSketchBuckets, passageSketchSlots, passageForgetDays } = this.settings;
    this.sketch = new PassageSketch(passageSketchBuckets, passageSketchSlots, undefined, passageForgetDays);
  }

  /** The passage sketch a store saved (a blob of other dimensions is not read: the sketch starts empty). */
  loadPassageSketch(blob: Uint8Array | undefined): void {
    const { buckets, slots, forgetDays } = this.sketch;
    if (blob) this.sketch = new PassageSketch(buckets, slots, blob, forgetDays);
  }

  // ---- state in ----

  /** Document frequencies read from the store (key '' is the document count). Known keys are not overwritten. */
  loadTermCounts(counts: ReadonlyMap<string, number>): void {
    for (const [k, n] of counts) {
      if (k === DOC_COUNT) this.docCount = Math.max(this.docCount, n);
      else if (k === CHANGE_COUNT) this.seq = Math.max(this.seq, n);
      else if (!this.df.has(k)) this.df.set(k, n);
    }
  }

  /** Postings read from the store. Postings already held are kept; each list stays in change order. */
  loadPostings(rows: readonly Posting[]): void {
    // Newest change of each (key, story) held so far: a row no newer than it is already known. One pass, not a
    // scan of the list per row (lists run to hundreds of postings).
    const held = new Map<string, Map<string, number>>();
    const heldOf = (term: string): Map<string, number> => {
      let m = held.get(term);
      if (!m) {
        m = new Map();
        for (const q of this.postings.get(term) ?? []) m.set(q.story, Math.max(m.get(q.story) ?? -1, q.seq));
        held.set(term, m);
      }
      return m;
    };
    for (const p of rows) {
      const known = heldOf(p.term);
      if ((known.get(p.story) ?? -1) >= p.seq) continue;
      known.set(p.story, p.seq);
      const unloaded = !this.stories.has(p.story) && !this.merged.has(p.story);
      if (unloaded && (this.posted.get(p.story)?.seq ?? -1) < p.seq) {
        this.posted.set(p.story, p);
        this.seqs.set(p.story, p.seq);
      }
      const list = this.postings.get(p.term) ?? [];
      list.push(p);
      this.postings.set(p.term, list);
      this.scheduled.set(p.term, (this.scheduled.get(p.term) ?? 0) + 1);
      this.seq = Math.max(this.seq, p.seq);
    }
    for (const t of held.keys()) this.postings.get(t)?.sort((a, b) => a.seq - b.seq);
  }

  /** Stories read from the store (stories already held win: they are newer). */
  loadStories(stories: readonly StoryCentroid[]): void {
    for (const s of stories) {
      if (this.stories.has(s.id) || this.merged.has(s.id)) continue;
      this.stories.set(s.id, s);
      this.seqs.set(s.id, s.seq);
      this.seq = Math.max(this.seq, s.seq);
    }
  }

  /** The keys an article is looked up and counted by, and the counters: what a store should load before `add`. */
  keysOf(doc: ClusterDoc): string[] {
    return [DOC_COUNT, CHANGE_COUNT, ...doc.terms.keys()];
  }

  // ---- clustering ----

  /**
   * Cluster one article; returns its story id. Articles should come in publication order. `copyOfStory` is the
   * story of the article it is a near copy of (the dedup stage found it): a copy tells the same story, so it joins
   * that story whatever its score (a wire text under another outlet's headline and boilerplate can fall just under
   * the join bar), when that story is loaded. For a clusterer that holds every story it may meet (one long run);
   * one filled from a store for a chunk clusters with `addSteps`, which asks for the centroids it needs.
   */
  add(doc: ClusterDoc, copyOfStory?: string): string {
    const steps = this.addSteps(doc, copyOfStory);
    // A story asked for here is not held: its postings are not followed (as if it had never been indexed).
    for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
  }

  /**
   * `add`, as a generator that yields the ids of stories whose centroids it needs and does not hold (candidates
   * ranked from postings alone, the story of the original), and goes on when resumed: after `loadStories` of those
   * the store has; the others are taken as gone. So a chunk loads only the centroids it compares in full, and
   * clusters exactly as one long run holding every story would.
   */
  *addSteps(doc: ClusterDoc, copyOfStory?: string): Generator<string[], string, void> {
    const known = this.assignments.get(doc.id);
    if (known) return this.resolve(known);
    if (copyOfStory !== undefined && !this.stories.has(this.resolve(copyOfStory))) yield [this.resolve(copyOfStory)];
    const s = this.settings;
    const day = doc.day ?? mainEventDay(doc);
    const terms = this.withoutBoilerplate(doc);
    // Document frequencies count every key of every article, before it is weighed (its own keys count).
    this.docCount++;
    this.bump(DOC_COUNT, 1);
    for (const k of doc.terms.keys()) {
      this.df.set(k, (this.df.get(k) ?? 0) + 1);
      this.bump(k, 1);
    }
    if (doc.day !== undefined) for (const a of doc.body?.anchors ?? []) this.sketch.record(a.hash, doc.day);
    const vector = this.vectorOf(terms);
    let best: { story: StoryCentroid; margin: number; dot: number } | undefined;
    const candidates = yield* this.candidates(vector, s.candidates, day);
    for (const story of candidates) {
      const factor = this.contextFactor(story, day, doc.language, 1);
      if (factor === undefined) continue;
      const dot = dotProduct(vector, story.terms);
      const cosine = dot / (Math.sqrt(story.normSquared) || 1);
      const margin = cosine / (this.joinBar(story) * factor) - 1;
      if (margin >= 0 && (!best || margin > best.margin)) best = { story, margin, dot };
    }
    const original = copyOfStory === undefined ? undefined : this.stories.get(this.resolve(copyOfStory));
    if (original) best = { story: original, margin: 0, dot: dotProduct(vector, original.terms) };
    const story = best?.story ?? this.newStory(doc.id);
    // A story's span is its articles' publication days. The day an undated article's sentences report is an
    // estimate: it may place the article in time for the match, but it must not stretch the span, or a story of
    // undated articles that mention other years (ECB+: F1 .824 → .834) shuts out its own undated articles and
    // they fall into the look-alike event's story.
    this.absorbArticle(story, vector, best?.dot ?? 0, doc.day, doc.language);
    this.assignments.set(doc.id, story.id);
    this.reindex(story);
    this.maybeMerge(story, candidates);
    return this.resolve(story.id);
  }

  /** The story an id ended in, following merges. */
  resolve(id: string): string {
    let s = id;
    for (let hops = 0; this.merged.has(s) && hops < 10_000; hops++) s = this.merged.get(s) as string;
    return s;
  }

  /** Everything changed since the last drain, assignments resolved through merges. */
  drain(): ClusterStateChanges {
    const assignments = new Map<string, string>();
    for (const [a, s] of this.assignments) assignments.set(a, this.resolve(s));
    const merged = new Map<string, string>();
    for (const m of this.merged.keys()) merged.set(m, this.resolve(m));
    const out: ClusterStateChanges = {
      termCounts: this.termDelta,
      stories: [...this.changedStories].map((id) => this.stories.get(id)).filter((s): s is StoryCentroid => !!s),
      merged,
      postingsAdded: [...this.postingsAdded.values()],
      postingsRemoved: [...this.postingsRemoved.values()],
      assignments,
      ...(this.sketch.changed ? { passageSketch: this.sketch.toBlob() } : {}),
    };
    this.sketch.changed = false;
    this.termDelta = new Map();
    this.changedStories = new Set();
    this.postingsAdded = new Map();
    this.postingsRemoved = new Map();
    this.assignments = new Map();
    // Merged ids stay known so that later lookups through old postings resolve.
    return out;
  }

  // ---- internals ----

  private bump(key: string, n: number): void {
    this.termDelta.set(key, (this.termDelta.get(key) ?? 0) + n);
  }

  /**
   * The article's feature counts without the body words of passages the stream repeats far apart in time (see
   * `boilerplateGapDays`). An anchor shows its shingle is such a passage; the passage reaches on either side up to
   * the neighbouring anchors that are not (their shingles hold a word of the article's own), at most
   * `boilerplateReach` words further: one in four shingles is an anchor, so the anchors' own words alone would
   * leave part of a promo line in. Only a run of repeated anchors spanning `boilerplateMinWords` is a passage.
   * Title words are never left out. An undated article is not judged: its distance from the carriers is unknown.
   * Linear in the body's words.
   */
  private withoutBoilerplate(doc: ClusterDoc): ReadonlyMap<string, number> {
    const s = this.settings;
    const body = doc.body;
    if (!body || doc.day === undefined) return doc.terms;
    const day = doc.day;
    const k = s.passageWords;
    const anchors = body.anchors;
    const repeated = anchors.map((a) => {
      const seen = this.sketch.get(a.hash);
      if (!seen) return false;
      const gap = Math.max(Math.abs(day - seen.firstDay), Math.abs(day - seen.lastDay));
      // One earlier carrier is enough when it is a year or more away (see `boilerplateLoneGapDays`).
      return seen.carriers >= s.boilerplateMinEarlier ? gap >= s.boilerplateGapDays : gap >= s.boilerplateLoneGapDays;
    });
    // Runs of repeated anchors, each within `boilerplateReach` words of the one before: a run is a passage when it
    // spans `boilerplateMinWords` or more (a set phrase a long story repeats is shorter: see the setting).
    let covered: Uint8Array | undefined;
    const reach = s.boilerplateReach;
    for (let j = 0; j < anchors.length;) {
      if (!repeated[j]) {
        j++;
        continue;
      }
      let end = j;
      while (
        end + 1 < anchors.length &&
        repeated[end + 1] &&
        (anchors[end + 1] as PassageAnchor).at - (anchors[end] as PassageAnchor).at <= reach
      )
        end++;
      const first = anchors[j] as PassageAnchor;
      const last = anchors[end] as PassageAnchor;
      if (last.at + k - first.at >= s.boilerplateMinWords) {
        const previous = anchors[j - 1];
        const next = anchors[end + 1];
        const from = Math.max(previous ? previous.at + 1 : 0, first.at - reach);
        const to = Math.min(next ? next.at + k - 1 : body.keys.length, last.at + k + reach, body.keys.length);
        covered ??= new Uint8Array(body.keys.length);
        if (to > from) covered.fill(1, from, to);
      }
      j = end + 1;
    }
    if (!covered) return doc.terms;
    const terms = new Map(doc.terms);
    const dropped = new Set<string>();
    const kept = new Set<string>();
    for (let i = 0; i < covered.length; i++) {
      (covered[i] ? dropped : kept).add(body.words[i] as string);
      const key = body.keys[i];
      if (!covered[i] || key === undefined || body.titleKeys.has(key)) continue;
      const left = (terms.get(key) ?? 0) - 1;
      if (left > 0) terms.set(key, left);
      else terms.delete(key);
    }
    // Entity and place keys come from the analysis, not from the words: one goes with the passage when every word
    // of its name is in the passage and none in the rest of the body ("Mali" of a promo line for other stories).
    for (const key of doc.terms.keys()) {
      if (!key.startsWith(ENTITY) && !key.startsWith(PLACE)) continue;
      const name = foldAccents(key.slice(key.indexOf(':', ENTITY.length) + 1)).toLowerCase();
      const words = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
      if (words.length > 0 && words.every((w) => dropped.has(w) && !kept.has(w))) terms.delete(key);
    }
    return terms.size > 0 ? terms : doc.terms;
  }

  private idf(key: string): number {
    const n = this.docCount + this.settings.idfPrior;
    return Math.log((n + 1) / ((this.df.get(key) ?? 0) + 1));
  }

  private kindWeight(key: string): number {
    const s = this.settings;
    if (key.startsWith(NAME)) return s.nameWeight;
    if (key.startsWith(ENTITY) || key.startsWith(PLACE)) return s.entityWeight;
    if (key.startsWith(NUMBER)) return s.numberWeight;
    return 1;
  }

  /**
   * The article's TF-IDF vector (log tf × kind weight × IDF as of now), unit length, its `articleTerms` heaviest
   * keys. It enters a centroid as it is: a story's centroid is the sum of its articles' vectors, each weighed by
   * what was rare when it arrived (as a reader would have weighed it then).
   */
  private vectorOf(terms: ReadonlyMap<string, number>): Map<string, number> {
    const rows: [string, number][] = [];
    for (const [key, tf] of terms) rows.push([key, (1 + Math.log(tf)) * this.kindWeight(key) * this.idf(key)]);
    rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const kept = rows.slice(0, this.settings.articleTerms);
    const norm = Math.sqrt(kept.reduce((sum, r) => sum + r[1] * r[1], 0)) || 1;
    return new Map(kept.map((r) => [r[0], r[1] / norm] as const));
  }

  /**
   * How alike a story's articles are: the mean cosine of its pairs. A centroid of n unit vectors has
   * |C|² = n + Σ over ordered pairs of their cosines, so the mean is known exactly without the pairs. It is shrunk
   * towards a prior while a story has few pairs (one pair is no evidence of what the story is).
   */
  private pairSimilarity(story: StoryCentroid): number {
    const s = this.settings;
    const n = story.size;
    const pairs = (n * (n - 1)) / 2;
    const observed = pairs > 0 ? (story.normSquared - n) / (2 * pairs) : 0;
    return (observed * pairs + s.priorPairSimilarity * s.priorPairs) / (pairs + s.priorPairs);
  }

  /**
   * The cosine an article must have with a story's centroid to join it (before time and language): a share of
   * √(mean pair cosine), what a typical member of the grown story scores, at least `joinFloor`. So a broad story
   * (a months-long oil spill, whose articles share little pairwise) takes a loosely related article while a tight
   * one (one earthquake) asks for a close match: the bar follows what the story is, not one number for all.
   */
  private joinBar(story: StoryCentroid): number {
    const s = this.settings;
    return Math.max(s.joinFloor, s.joinShare * Math.sqrt(this.pairSimilarity(story)));
  }

  /**
   * How much harder it is to join a story for an article (or the articles of another story spanning `spanDays`
   * from `day`) this far from the story's span or in another language; undefined when it may not join at all.
   */
  private contextFactor(
    story: StoryCentroid,
    day: number | undefined,
    language: string,
    spanDays: number,
  ): number | undefined {
    const s = this.settings;
    let factor = 1;
    if (day === undefined) {
      // No date at all: only stories of a short span (or undated ones), never a thread of months.
      const span = story.firstDay === undefined ? 0 : (story.lastDay as number) - story.firstDay;
      if (span > s.undatedMaxSpanDays) return undefined;
    } else if (story.firstDay !== undefined) {
      const last = day + spanDays - 1;
      const gap = Math.max(0, story.firstDay - last, day - (story.lastDay as number));
      factor *= 1 + Math.min(s.gapPenalty * Math.log2(1 + gap / s.gapScaleDays), s.maxGapFactor);
    }
    const storyLanguage = dominantLanguage(story);
    if (language !== 'und' && storyLanguage !== 'und' && storyLanguage !== language) factor *= s.crossLanguageFactor;
    return factor;
  }

  /**
   * Candidate stories: those indexed under the vector's top keys (most recently active first), ranked by the part
   * of their cosine with the vector those keys give (the posting's key weight in the story's centroid). Yields
   * the ids of those not loaded (see `addSteps`).
   */
  private *candidates(
    vector: ReadonlyMap<string, number>,
    limit: number,
    day: number | undefined,
  ): Generator<string[], StoryCentroid[], void> {
    for (;;) {
      const ranked = this.rankCandidates(vector, limit, day);
      const missing = ranked.filter((id) => !this.stories.has(id));
      if (missing.length === 0) return ranked.map((id) => this.stories.get(id) as StoryCentroid);
      yield missing;
      // What was not loaded is gone (merged or reset by another writer): ranked again without it.
      for (const id of missing) {
        if (this.stories.has(id)) continue;
        this.posted.delete(id);
        this.seqs.delete(id);
      }
    }
  }

  /**
   * The ids of `candidates`, best first, from the postings alone. For a dated article, the stories near its day
   * (within `candidateWindowDays` of their span) and at most `farCandidates` of the others: an old subject that
   * returns is still found when it is among the article's very closest, while the many old stories of a broad
   * topic do not crowd the recent ones out (and most of what a chunk loads in full is what is active around its
   * days, however long the archive grows).
   */
  private rankCandidates(vector: ReadonlyMap<string, number>, limit: number, day: number | undefined): string[] {
    const s = this.settings;
    // Keys no other article has are in no index: they cannot find a story. A key is looked up only when some story
    // is indexed under it now (not when only stale postings are left), which is also what a store loading current
    // postings sees: a chunk and one long run query the same keys.
    // The vector is in rank order already (heaviest first, then by key: `vectorOf`), so the first `queryTerms` keys
    // that pass are its top ones, and the keys after them are never checked.
    const query: [string, number][] = [];
    for (const entry of vector) {
      if (query.length === s.queryTerms) break;
      if ((this.df.get(entry[0]) ?? 0) > 1 && this.hasCurrentPosting(entry[0])) query.push(entry);
    }
    // Each story's sum in a field of its own, added to in place: a number set into a Map is boxed anew at every
    // posting (up to queryTerms × postingsScanned of them an article).
    const partial = new Map<string, { sum: number }>();
    for (const [key, weight] of query) {
      const list = this.postings.get(key);
      if (!list) continue;
      let seen = 0;
      for (let i = list.length - 1; i >= 0 && seen < s.postingsScanned; i--) {
        const p = list[i] as Posting;
        // A posting is current when the story still indexes the key since that change.
        if (this.currentSeq(p.story) !== p.seq) continue;
        seen++;
        const part = partial.get(p.story);
        if (part) part.sum += weight * p.weight;
        else partial.set(p.story, { sum: weight * p.weight });
      }
    }
    if (day === undefined) {
      const sums = new Map<string, number>();
      for (const [id, part] of partial) sums.set(id, part.sum);
      return heaviest(sums, limit);
    }
    // The best `limit` of the near stories and the best `farCandidates` of the others, in rank order; a pass and
    // two bounded selections, not a sort of every story met (thousands of them for an article of a broad topic).
    const near = new Map<string, number>();
    const far = new Map<string, number>();
    for (const [id, part] of partial) (this.daysFrom(id, day) <= s.candidateWindowDays ? near : far).set(id, part.sum);
    for (const id of heaviest(far, s.farCandidates)) near.set(id, far.get(id) as number);
    return heaviest(near, limit);
  }

  /** A story's change number now (see `seqs`); none once merged away or unknown. */
  private currentSeq(id: string): number | undefined {
    return this.seqs.get(id);
  }

  /** Days between `day` and a story's span (0 inside it, or for a story without dated articles). */
  private daysFrom(id: string, day: number): number {
    const span = this.stories.get(id) ?? this.posted.get(id);
    if (span?.firstDay === undefined || span.lastDay === undefined) return 0;
    return Math.max(0, span.firstDay - day, day - span.lastDay);
  }

  private hasCurrentPosting(key: string): boolean {
    const list = this.postings.get(key);
    if (!list) return false;
    for (let i = list.length - 1; i >= 0; i--) {
      const p = list[i] as Posting;
      if (this.currentSeq(p.story) === p.seq) return true;
    }
    return false;
  }

  private newStory(firstArticle: string): StoryCentroid {
    let id = `s-${firstArticle}`;
    for (let n = 2; this.stories.has(id) || this.merged.has(id); n++) id = `s-${firstArticle}-${n}`;
    const story: StoryCentroid = { id, size: 0, seq: 0, languages: {}, terms: new Map(), indexed: [], normSquared: 0 };
    this.stories.set(id, story);
    this.seqs.set(id, story.seq);
    return story;
  }

  private absorbArticle(
    story: StoryCentroid,
    vector: ReadonlyMap<string, number>,
    dot: number,
    day: number | undefined,
    lang: string,
  ): void {
    story.size++;
    story.languages[lang] = (story.languages[lang] ?? 0) + 1;
    if (day !== undefined) {
      story.firstDay = story.firstDay === undefined ? day : Math.min(story.firstDay, day);
      story.lastDay = story.lastDay === undefined ? day : Math.max(story.lastDay, day);
    }
    for (const [k, w] of vector) story.terms.set(k, (story.terms.get(k) ?? 0) + w);
    story.normSquared += 2 * dot + 1; // |C + v|² = |C|² + 2 C·v + |v|², v of unit length
    this.pruneCentroid(story);
  }

  /**
   * Keep a centroid's `centroidTerms` heaviest keys once it holds half as many again. Its length is kept as it
   * was: it measures how alike the articles are, which dropping the lightest keys does not change.
   */
  private pruneCentroid(story: StoryCentroid): void {
    const max = this.settings.centroidTerms;
    if (story.terms.size <= max * 1.5) return;
    const kept = [...story.terms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max);
    story.terms = new Map(kept);
  }

  /** Index the story under its current top keys (a new change number: it is now the most recently active). */
  private reindex(story: StoryCentroid): void {
    story.seq = ++this.seq;
    this.seqs.set(story.id, story.seq);
    this.bump(CHANGE_COUNT, 1);
    this.changedStories.add(story.id);
    const top = heaviest(story.terms, this.settings.indexedTerms);
    const length = Math.sqrt(story.normSquared) || 1;
    const now = new Set(top);
    for (const old of story.indexed) {
      if (now.has(old)) continue;
      const key = `${old}\t${story.id}`;
      this.postingsAdded.delete(key);
      this.postingsRemoved.set(key, { term: old, story: story.id });
    }
    for (const term of top) {
      const p: Posting = {
        term,
        story: story.id,
        seq: story.seq,
        weight: (story.terms.get(term) ?? 0) / length,
        ...(story.firstDay !== undefined ? { firstDay: story.firstDay, lastDay: story.lastDay as number } : {}),
      };
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = []));
      list.push(p);
      this.compact(term, list);
      const key = `${term}\t${story.id}`;
      this.postingsRemoved.delete(key);
      this.postingsAdded.set(key, p);
    }
    story.indexed = top;
  }

  /**
   * After a posting was added to `term`'s list: without stale entries, its newest `postingsScanned * 2` kept, once
   * its scheduled length passes `postingsScanned * 3`; else without stale entries once they may be half of it.
   * Dropping a stale posting early changes nothing (a posting once stale stays stale: a story's change number only
   * grows), and the cut falls when it always did, so the live postings kept are the same.
   */
  private compact(term: string, list: Posting[]): void {
    const scheduled = (this.scheduled.get(term) ?? 0) + 1;
    const live = (): Posting[] => list.filter((p) => this.currentSeq(p.story) === p.seq);
    if (scheduled > this.settings.postingsScanned * 3) {
      const kept = live().slice(-this.settings.postingsScanned * 2);
      this.postings.set(term, kept);
      this.scheduled.set(term, kept.length);
      this.filteredAt.set(term, kept.length);
      return;
    }
    this.scheduled.set(term, scheduled);
    if (list.length <= 2 * (this.filteredAt.get(term) ?? 0) + 2) return;
    const kept = live();
    this.postings.set(term, kept);
    this.filteredAt.set(term, kept.length);
  }

  /**
   * After `story` grew: merge it with a story whose articles have come to resemble its own as closely as the
   * articles of the broader of the two resemble each other (average linkage: the mean cross cosine, read off the
   * centroids' dot product, against the mean pair cosine). Two fragments of one story that grew apart meet once
   * each has enough articles to show what it is about.
   */
  private maybeMerge(story: StoryCentroid, candidates: readonly StoryCentroid[]): void {
    const s = this.settings;
    if (story.size < s.mergeMinSize) return;
    const lang = dominantLanguage(story);
    const span = story.firstDay === undefined ? 1 : (story.lastDay as number) - story.firstDay + 1;
    // The stories the new article was also close to: what it may have bridged. Only these, so that a chunk loaded
    // from the store (postings of the article's keys) sees exactly what one long run sees.
    const others = candidates.filter((c) => c !== story && this.stories.has(c.id)).slice(0, s.mergeCandidates);
    for (const other of others) {
      if (other.size < s.mergeMinSize) continue;
      const factor = this.contextFactor(other, story.firstDay, lang, span);
      if (factor === undefined) continue;
      const [small, large] = story.terms.size <= other.terms.size ? [story, other] : [other, story];
      const dot = dotProduct(small.terms, large.terms);
      const crossSimilarity = dot / (story.size * other.size);
      const broader = Math.min(this.pairSimilarity(story), this.pairSimilarity(other));
      if (crossSimilarity < s.mergeShare * factor * broader) continue;
      this.merge(story, other, dot);
      return;
    }
  }

  /** The smaller story goes into the larger (ties: the older id keeps it). `dot` is their centroids' dot product. */
  private merge(a: StoryCentroid, b: StoryCentroid, dot: number): void {
    const [keep, gone] = a.size > b.size || (a.size === b.size && a.id < b.id) ? [a, b] : [b, a];
    keep.size += gone.size;
    for (const [l, n] of Object.entries(gone.languages)) keep.languages[l] = (keep.languages[l] ?? 0) + n;
    if (gone.firstDay !== undefined) {
      keep.firstDay = keep.firstDay === undefined ? gone.firstDay : Math.min(keep.firstDay, gone.firstDay);
      keep.lastDay =
        keep.lastDay === undefined ? gone.lastDay : Math.max(keep.lastDay as number, gone.lastDay as number);
    }
    for (const [k, w] of gone.terms) keep.terms.set(k, (keep.terms.get(k) ?? 0) + w);
    keep.normSquared += gone.normSquared + 2 * dot;
    this.pruneCentroid(keep);
    for (const term of gone.indexed) {
      const key = `${term}\t${gone.id}`;
      this.postingsAdded.delete(key);
      this.postingsRemoved.set(key, { term, story: gone.id });
    }
    this.stories.delete(gone.id);
    this.seqs.delete(gone.id);
    this.changedStories.delete(gone.id);
    this.merged.set(gone.id, keep.id);
    this.reindex(keep);
  }
}

/** Weight descending, then key ascending: the order keys are ranked in (a total order, so any method agrees). */
function heavier(a: readonly [string, number], b: readonly [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
}

/**
 * The `k` heaviest keys of `terms` (a centroid's keys, candidate stories' scores) in rank order, as sorting them
 * all would give, in one pass keeping the best k so far: a story is reindexed at every article, and sorting its up
 * to 3,000 centroid keys for 50 of them was a tenth of clustering.
 */
function heaviest(terms: ReadonlyMap<string, number>, k: number): string[] {
  const best: [string, number][] = [];
  if (k <= 0) return [];
  for (const entry of terms) {
    if (best.length === k && heavier(entry, best[k - 1] as [string, number]) >= 0) continue;
    // Insert in order (binary search): best stays sorted, at most k long.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (heavier(best[mid] as [string, number], entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, entry);
    if (best.length > k) best.pop();
  }
  return best.map(([key]) => key);
}

/** Dot product of two sparse vectors, iterating the first (pass the shorter one first). */
function dotProduct(short: ReadonlyMap<string, number>, long: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [k, w] of short) {
    const y = long.get(k);
    if (y !== undefined) dot += w * y;
  }
  return dot;
}

function dominantLanguage(story: StoryCentroid): string {
  let best = 'und';
  let count = 0;
  for (const [l, n] of Object.entries(story.languages))
    if (n > count || (n === count && l < best)) [best, count] = [l, n];
  return best;
}

/** The persisted form of a story centroid (JSON owned by this room). */
export function storyStateJson(s: StoryCentroid): string {
  return JSON.stringify({
    size: s.size,
    firstDay: s.firstDay,
    lastDay: s.lastDay,
    seq: s.seq,
    languages: s.languages,
    terms: [...s.terms],
    indexed: s.indexed,
    normSquared: s.normSquared,
  });
}

export function storyStateFromJson(id: string, json: string): StoryCentroid {
  const v = JSON.parse(json) as {
    size: number;
    firstDay?: number;
    lastDay?: number;
    seq: number;
    languages: Record<string, number>;
    terms: [string, number][];
    indexed: string[];
    normSquared: number;
  };
  return {
    id,
    size: v.size,
    ...(v.firstDay !== undefined ? { firstDay: v.firstDay } : {}),
    ...(v.lastDay !== undefined ? { lastDay: v.lastDay } : {}),
    seq: v.seq,
    languages: v.languages,
    terms: new Map(v.terms),
    indexed: v.indexed,
    normSquared: v.normSquared,
  };
}
