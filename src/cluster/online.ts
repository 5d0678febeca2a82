// Online, incremental story clustering over a k-nearest-neighbour graph.
//
// Model. Every article keeps its k most similar articles (among those within the time window). Two articles are
// linked when either is among the other's k nearest and their similarity clears a floor; a story is a connected
// component of that graph. The graph is a symmetric function of the set of articles (each pair is scored when the
// later one arrives, and both neighbour lists are updated), so the stories do not depend on arrival order, apart
// from the drift of term weights as the collection grows (`refine` re-links articles with today's weights).
//
// Cost of one article: candidates come from an inverted index over each article's most salient keys (postings
// scanned newest first, capped), only articles of the time window stay in the index (older ones are evicted and keep
// just their story and neighbour ids), and at most `candidates` are scored. Term weights are TF-IDF with document
// frequencies over the live window, so an in-memory clusterer and one restored from persisted state agree.

import { type ClusterDoc, ENTITY, NAME, NUMBER, PLACE } from './features.js';

export interface OnlineClusterOptions {
  /** Neighbours each article keeps (k of the k-NN graph). */
  neighbours: number;
  /** Cosine similarity from which a neighbour links (below it, no edge). */
  minSimilarity: number;
  /** Articles further apart than this many days (publication dates) are never linked; also the eviction horizon. */
  windowDays: number;
  /** Feature keys kept per article (its most salient ones). */
  keptTerms: number;
  /** Keys per article put in the inverted index. */
  indexedTerms: number;
  /** Candidates scored in full per article. */
  candidates: number;
  /** Postings scanned per key, newest first. */
  postingsScanned: number;
  /** Postings kept per key (older ones dropped). */
  postingsKept: number;
  /** Undated articles kept live (the window for articles without a date is a count). */
  undatedKept: number;
  /** Weight of capitalised names, of entity and place keys from the analysis, and of numbers, relative to words. */
  nameWeight: number;
  entityWeight: number;
  numberWeight: number;
  /** Nodes a split check visits before assuming the story is still connected. */
  splitCheckVisits: number;
  /**
   * Pseudo-documents (sharing no key) added to the live count in IDF: with a handful of articles, plain IDF gives
   * the words they all share ("France", "strikes") no weight at all, which is wrong for a small archive.
   */
  idfPrior: number;
}

export const defaultOnlineClusterOptions: OnlineClusterOptions = {
  neighbours: 2,
  minSimilarity: 0.18,
  windowDays: 60,
  keptTerms: 120,
  indexedTerms: 30,
  candidates: 120,
  postingsScanned: 400,
  postingsKept: 2000,
  undatedKept: 20_000,
  nameWeight: 2,
  // Entity keys repeat the capitalised names already counted; what they add is resolution ("Hollande" and
  // "Francois Hollande" meet), so at full weight a name would count twice (ECB+ F1 0.91 at 2, 0.92–0.93 at 0.5).
  entityWeight: 0.5,
  numberWeight: 1.5,
  splitCheckVisits: 300,
  idfPrior: 100,
};

/** A recorded change to the set of stories (what `Store.saveStories` logs). */
export interface ClusterChange {
  story: string;
  kind: 'created' | 'merged' | 'split';
  /** merged: the stories absorbed; split: the story it came from. */
  others?: string[];
}

/** What is persisted of one article to restore the clusterer without re-reading texts. */
export interface ClusterState {
  id: string;
  day?: number;
  eventDay?: number;
  story: string;
  /** Feature key → weight (log tf × kind weight), the kept keys only. */
  terms: [string, number][];
  /** Nearest neighbours (article id, similarity). */
  neighbours: [string, number][];
}

export interface ClusterEvent {
  /** `<story>@<date>` or `<story>@undated`. */
  id: string;
  story: string;
  /** `YYYY-MM-DD` of the event (the earliest day of the group), when dated. */
  day?: number;
  articles: string[];
}

interface Neighbour {
  slot: number;
  sim: number;
}

interface Live {
  terms: Int32Array;
  weights: Float32Array;
  /** Keys in the inverted index. */
  indexed: Int32Array;
}

const NO_DAY = Number.NaN;

export class OnlineClusterer {
  readonly opts: OnlineClusterOptions;
  // Per slot (one per article, never reused).
  private readonly ids: string[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly days: number[] = [];
  private readonly eventDays: number[] = [];
  private readonly storyOf: string[] = [];
  private readonly knn: Neighbour[][] = [];
  private readonly rev: Set<number>[] = [];
  private readonly live: (Live | undefined)[] = [];
  // Live window.
  private readonly liveSlots = new Set<number>();
  private readonly undatedQueue: number[] = [];
  private latestDay = Number.NEGATIVE_INFINITY;
  private addsSinceSweep = 0;
  // Vocabulary and document frequencies over live articles.
  private readonly keyId = new Map<string, number>();
  private readonly keys: string[] = [];
  private df = new Float64Array(1024);
  private scratch = new Float64Array(1024);
  private votes = new Float64Array(1024);
  /** IDF by key, recomputed when the live count has moved on (`idfEpoch`). */
  private idfCache = new Float64Array(1024);
  private idfStamp = new Int32Array(1024);
  private idfEpoch = 1;
  private idfLiveCount = -1;
  private readonly postings = new Map<number, number[]>();
  // Stories.
  private readonly members = new Map<string, Set<number>>();
  private changes: ClusterChange[] = [];
  /** Slots whose persisted state changed (neighbours, story) since the last `drainDirty`. */
  private dirty = new Set<number>();

  constructor(opts: Partial<OnlineClusterOptions> = {}) {
    this.opts = { ...defaultOnlineClusterOptions, ...opts };
  }

  get size(): number {
    return this.ids.length;
  }

  get liveCount(): number {
    return this.liveSlots.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  storyOfArticle(id: string): string | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.storyOf[slot];
  }

  /** Add one article; returns the story it belongs to afterwards. */
  add(doc: ClusterDoc): string {
    const known = this.slotOf.get(doc.id);
    if (known !== undefined) return this.storyOf[known] as string;
    const slot = this.newSlot(doc.id, doc.day, mainEventDay(doc));
    this.makeLive(slot, this.weigh(doc));
    this.link(slot);
    this.maybeEvict();
    return this.storyOf[slot] as string;
  }

  /**
   * Add a (near) copy of an article already clustered: it joins the original's story without being scored or
   * indexed (wire copy would otherwise crowd the neighbour lists). Returns its story.
   */
  addCopy(id: string, original: string, day?: number): string {
    const known = this.slotOf.get(id);
    if (known !== undefined) return this.storyOf[known] as string;
    const of = this.slotOf.get(original);
    if (of === undefined) throw new Error(`addCopy: ${original} is not clustered`);
    const slot = this.newSlot(id, day, this.eventDays[of]);
    this.connect(slot, of, 1);
    this.assign(slot, this.storyOf[of] as string);
    return this.storyOf[slot] as string;
  }

  /** Re-link live articles with today's term weights (the order-robustness pass). Returns how many stories changed. */
  refine(ids?: Iterable<string>): void {
    const slots = ids ? [...ids].map((id) => this.slotOf.get(id)).filter((s) => s !== undefined) : [...this.liveSlots];
    for (const s of slots) if (this.live[s]) this.link(s);
  }

  /** Changes since the last call (created, merged, split), oldest first. */
  drainChanges(): ClusterChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  /** Ids of the articles whose state changed since the last call (new, re-linked, neighbours changed). */
  drainDirty(): string[] {
    const out = [...this.dirty].map((s) => this.ids[s] as string);
    this.dirty = new Set();
    return out;
  }

  /** Story id → member article ids. */
  stories(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [story, slots] of this.members)
      out.set(
        story,
        [...slots].map((s) => this.ids[s] as string),
      );
    return out;
  }

  membersOf(story: string): string[] {
    return [...(this.members.get(story) ?? [])].map((s) => this.ids[s] as string);
  }

  /** The events of a story: its articles grouped by the day they report (days at most 2 apart join). */
  events(story: string): ClusterEvent[] {
    const slots = [...(this.members.get(story) ?? [])];
    const dated = slots.filter((s) => Number.isFinite(this.eventDays[s] ?? NO_DAY));
    const undated = slots.filter((s) => !Number.isFinite(this.eventDays[s] ?? NO_DAY));
    dated.sort((a, b) => (this.eventDays[a] as number) - (this.eventDays[b] as number));
    const out: ClusterEvent[] = [];
    let current: ClusterEvent | undefined;
    let last = Number.NEGATIVE_INFINITY;
    for (const s of dated) {
      const day = this.eventDays[s] as number;
      if (!current || day - last > 2) {
        current = { id: `${story}@${dayString(day)}`, story, day, articles: [] };
        out.push(current);
      }
      current.articles.push(this.ids[s] as string);
      last = day;
    }
    if (undated.length > 0)
      out.push({ id: `${story}@undated`, story, articles: undated.map((s) => this.ids[s] as string) });
    for (const e of out) e.articles.sort();
    return out;
  }

  /** The state of one article, to persist. Evicted articles have no terms left. */
  stateOf(id: string): ClusterState | undefined {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return undefined;
    const live = this.live[slot];
    const state: ClusterState = {
      id,
      story: this.storyOf[slot] as string,
      terms: live ? [...live.terms].map((t, i) => [this.keys[t] as string, round(live.weights[i] ?? 0)]) : [],
      neighbours: (this.knn[slot] ?? []).map((n) => [this.ids[n.slot] as string, round(n.sim)]),
    };
    const day = this.days[slot] ?? NO_DAY;
    if (Number.isFinite(day)) state.day = day;
    const eventDay = this.eventDays[slot] ?? NO_DAY;
    if (Number.isFinite(eventDay)) state.eventDay = eventDay;
    return state;
  }

  /**
   * Restore articles from persisted state (all of them first, then their links): they are live again when they
   * carry terms. Neighbours not restored are dropped (they are outside the window).
   */
  restore(states: readonly ClusterState[]): void {
    const fresh: { slot: number; state: ClusterState }[] = [];
    for (const st of states) {
      if (this.slotOf.has(st.id)) continue;
      const slot = this.newSlot(st.id, st.day, st.eventDay);
      this.storyOf[slot] = st.story;
      let set = this.members.get(st.story);
      if (!set) this.members.set(st.story, (set = new Set()));
      set.add(slot);
      if (st.terms.length > 0) {
        const terms = new Int32Array(st.terms.length);
        const weights = new Float32Array(st.terms.length);
        st.terms.forEach(([k, w], i) => {
          terms[i] = this.keyOf(k);
          weights[i] = w;
        });
        this.makeLive(slot, { terms, weights });
      }
      fresh.push({ slot, state: st });
    }
    for (const { slot, state } of fresh) {
      for (const [id, sim] of state.neighbours) {
        const other = this.slotOf.get(id);
        if (other !== undefined && other !== slot) this.connect(slot, other, sim);
      }
    }
    for (const { slot } of fresh) this.dirty.delete(slot);
  }

  // ---- linking ----

  /** (Re)compute a live article's neighbours, update the others' lists, and fix the stories it touches. */
  private link(slot: number): void {
    const scored = this.score(slot);
    const { neighbours: k, minSimilarity: floor } = this.opts;
    const removed: [number, number][] = [];
    // Its own list: the best k above the floor (replacing the old list, whose edges may vanish).
    const top = scored.filter((c) => c.sim >= floor).slice(0, k);
    for (const old of this.knn[slot] ?? []) {
      if (!top.some((t) => t.slot === old.slot)) {
        this.rev[old.slot]?.delete(slot);
        removed.push([slot, old.slot]);
      }
    }
    this.knn[slot] = [];
    this.dirty.add(slot);
    for (const t of top) this.connect(slot, t.slot, t.sim);
    // The others' lists: it enters them when it beats their k-th neighbour.
    for (const c of scored) {
      if (c.sim < floor) break;
      const list = this.knn[c.slot] as Neighbour[];
      const existing = list.findIndex((n) => n.slot === slot);
      if (existing >= 0) {
        (list[existing] as Neighbour).sim = c.sim;
        list.sort(byDescendingSim);
        continue;
      }
      if (list.length < k) this.connect(c.slot, slot, c.sim);
      else {
        const worst = list[list.length - 1] as Neighbour;
        if (c.sim <= worst.sim) continue;
        list.pop();
        this.dirty.add(c.slot);
        this.rev[worst.slot]?.delete(c.slot);
        removed.push([c.slot, worst.slot]);
        this.connect(c.slot, slot, c.sim);
      }
    }
    // Stories: merge everything it is linked to, then check the edges that vanished.
    const linked = new Set<string>();
    for (const n of this.neighbourSlots(slot)) linked.add(this.storyOf[n] as string);
    const own = this.storyOf[slot];
    if (own) linked.add(own);
    if (linked.size === 0) this.assign(slot, this.newStoryId([slot]), true);
    else this.mergeInto(slot, [...linked]);
    for (const [a, b] of removed) if (!this.linked(a, b)) this.checkSplit(a, b);
  }

  private connect(from: number, to: number, sim: number): void {
    const list = this.knn[from] as Neighbour[];
    if (list.some((n) => n.slot === to)) return;
    list.push({ slot: to, sim });
    list.sort(byDescendingSim);
    this.dirty.add(from);
    this.rev[to]?.add(from);
  }

  private linked(a: number, b: number): boolean {
    return (this.knn[a] ?? []).some((n) => n.slot === b) || (this.knn[b] ?? []).some((n) => n.slot === a);
  }

  private neighbourSlots(slot: number): Set<number> {
    const out = new Set<number>(this.rev[slot]);
    for (const n of this.knn[slot] ?? []) out.add(n.slot);
    return out;
  }

  /** Put `slot` in the largest of `stories` and merge the others into it. */
  private mergeInto(slot: number, stories: string[]): void {
    stories.sort(
      (a, b) => (this.members.get(b)?.size ?? 0) - (this.members.get(a)?.size ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
    );
    const target = stories[0] as string;
    const absorbed = stories.slice(1).filter((s) => this.members.has(s));
    for (const s of absorbed) {
      for (const m of [...(this.members.get(s) ?? [])]) this.assign(m, target);
      this.members.delete(s);
    }
    if (absorbed.length > 0) this.changes.push({ story: target, kind: 'merged', others: absorbed });
    if (this.storyOf[slot] !== target) this.assign(slot, target);
  }

  /** The edge a–b vanished: if b is no longer reachable from a, the part reachable from a becomes its own story. */
  private checkSplit(a: number, b: number): void {
    const story = this.storyOf[a];
    if (!story || this.storyOf[b] !== story) return;
    const seen = new Set<number>([a]);
    const queue = [a];
    while (queue.length > 0) {
      const s = queue.pop() as number;
      for (const n of this.neighbourSlots(s)) {
        if (n === b) return;
        if (seen.has(n)) continue;
        seen.add(n);
        if (seen.size > this.opts.splitCheckVisits) return; // a large story: assume still connected
        queue.push(n);
      }
    }
    const all = this.members.get(story);
    if (!all) return;
    // The larger part keeps the id.
    const rest = all.size - seen.size;
    const piece = seen.size <= rest ? seen : new Set([...all].filter((s) => !seen.has(s)));
    const id = this.newStoryId([...piece]);
    for (const s of piece) this.assign(s, id);
    this.changes.push({ story: id, kind: 'split', others: [story] });
  }

  private assign(slot: number, story: string, created = false): void {
    const old = this.storyOf[slot];
    if (old !== undefined) {
      const set = this.members.get(old);
      set?.delete(slot);
      if (set && set.size === 0) this.members.delete(old);
    }
    this.storyOf[slot] = story;
    this.dirty.add(slot);
    let set = this.members.get(story);
    if (!set) {
      this.members.set(story, (set = new Set()));
      if (created) this.changes.push({ story, kind: 'created' });
    }
    set.add(slot);
  }

  private newStoryId(slots: number[]): string {
    const first = slots.map((s) => this.ids[s] as string).sort()[0] as string;
    let id = `s-${first}`;
    for (let n = 2; this.members.has(id); n++) id = `s-${first}-${n}`;
    return id;
  }

  // ---- scoring ----

  /** Candidates of a live article, scored, best first. */
  private score(slot: number): Neighbour[] {
    const me = this.live[slot] as Live;
    const day = this.days[slot] ?? NO_DAY;
    const { windowDays, postingsScanned, candidates } = this.opts;
    // Votes: idf of the shared indexed keys (a dense array by slot, reset after use).
    if (this.votes.length < this.ids.length) {
      const grown = new Float64Array(Math.max(1024, this.ids.length * 2));
      grown.set(this.votes);
      this.votes = grown;
    }
    const votes = this.votes;
    const touched: number[] = [];
    for (const t of me.indexed) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = this.idf(t);
      let seen = 0;
      for (let i = list.length - 1; i >= 0 && seen < postingsScanned; i--) {
        const other = list[i] as number;
        if (other === slot || !this.live[other]) continue;
        seen++;
        if (votes[other] === 0) touched.push(other);
        votes[other] = (votes[other] as number) + idf;
      }
    }
    let pool = touched;
    if (touched.length > candidates) {
      // The `candidates`-th highest vote, by a numeric typed-array sort (much cheaper than sorting pairs).
      const sorted = Float64Array.from(touched, (s) => votes[s] as number).sort();
      const cutoff = sorted[sorted.length - candidates] as number;
      pool = touched.filter((s) => (votes[s] as number) >= cutoff).slice(0, candidates * 2);
    }
    for (const s of touched) votes[s] = 0;
    // Cosine with today's idf.
    let myNorm = 0;
    for (let i = 0; i < me.terms.length; i++) {
      const t = me.terms[i] as number;
      const w = (me.weights[i] as number) * this.idf(t);
      this.scratch[t] = w;
      myNorm += w * w;
    }
    myNorm = Math.sqrt(myNorm) || 1;
    const out: Neighbour[] = [];
    for (const other of pool) {
      const otherDay = this.days[other] ?? NO_DAY;
      if (Math.abs(day - otherDay) > windowDays) continue; // NaN (undated) compares false: no limit
      const o = this.live[other] as Live;
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < o.terms.length; i++) {
        const t = o.terms[i] as number;
        const w = (o.weights[i] as number) * this.idf(t);
        norm += w * w;
        dot += w * (this.scratch[t] as number);
      }
      out.push({ slot: other, sim: dot / (myNorm * (Math.sqrt(norm) || 1)) });
    }
    for (const t of me.terms) this.scratch[t] = 0;
    return out.sort((a, b) => b.sim - a.sim || a.slot - b.slot);
  }

  private idf(term: number): number {
    if (this.idfStamp[term] === this.idfEpoch) return this.idfCache[term] as number;
    const n = this.liveSlots.size + this.opts.idfPrior;
    const idf = Math.log((n + 1) / ((this.df[term] ?? 0) + 1));
    this.idfCache[term] = idf;
    this.idfStamp[term] = this.idfEpoch;
    return idf;
  }

  /** A new idf epoch once the live count moved by 1/64 (or a key's df changed while the collection is small). */
  private touchIdf(): void {
    const live = this.liveSlots.size;
    if (live < 2048 || Math.abs(live - this.idfLiveCount) * 64 > live) {
      this.idfEpoch++;
      this.idfLiveCount = live;
    }
  }

  /** Kept keys and their weights (log tf × kind weight), the most salient first. */
  private weigh(doc: ClusterDoc): { terms: Int32Array; weights: Float32Array } {
    const rows: [number, number, number][] = [];
    for (const [key, tf] of doc.terms) {
      const t = this.keyOf(key);
      const w = (1 + Math.log(tf)) * this.kindWeight(key);
      rows.push([t, w, w * this.idf(t)]);
    }
    rows.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    const kept = rows.slice(0, this.opts.keptTerms);
    return { terms: Int32Array.from(kept, (r) => r[0]), weights: Float32Array.from(kept, (r) => r[1]) };
  }

  private kindWeight(key: string): number {
    if (key.startsWith(NAME)) return this.opts.nameWeight;
    if (key.startsWith(ENTITY) || key.startsWith(PLACE)) return this.opts.entityWeight;
    if (key.startsWith(NUMBER)) return this.opts.numberWeight;
    return 1;
  }

  private keyOf(key: string): number {
    let id = this.keyId.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.keyId.set(key, id);
      if (id >= this.df.length) {
        const df = new Float64Array(this.df.length * 2);
        df.set(this.df);
        this.df = df;
        this.scratch = new Float64Array(this.df.length);
        this.idfCache = new Float64Array(this.df.length);
        this.idfStamp = new Int32Array(this.df.length);
      }
    }
    return id;
  }

  // ---- slots, window, eviction ----

  private newSlot(id: string, day: number | undefined, eventDay: number | undefined): number {
    const slot = this.ids.length;
    this.ids.push(id);
    this.slotOf.set(id, slot);
    this.days.push(day ?? NO_DAY);
    this.eventDays.push(eventDay ?? day ?? NO_DAY);
    this.storyOf.push(undefined as unknown as string); // set by assign right after
    this.knn.push([]);
    this.rev.push(new Set());
    this.live.push(undefined);
    return slot;
  }

  private makeLive(slot: number, weighed: { terms: Int32Array; weights: Float32Array }): void {
    const { terms, weights } = weighed;
    for (const t of terms) this.df[t] = (this.df[t] ?? 0) + 1;
    this.touchIdf();
    // Index the most salient keys (by today's idf).
    const order = [...terms.keys()].sort(
      (a, b) =>
        (weights[b] as number) * this.idf(terms[b] as number) - (weights[a] as number) * this.idf(terms[a] as number) ||
        a - b,
    );
    const indexed = Int32Array.from(order.slice(0, this.opts.indexedTerms), (i) => terms[i] as number);
    for (const t of indexed) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push(slot);
      if (list.length > this.opts.postingsKept * 1.5) this.postings.set(t, this.trimmed(list));
    }
    this.live[slot] = { terms, weights, indexed };
    this.liveSlots.add(slot);
    const day = this.days[slot] ?? NO_DAY;
    if (Number.isFinite(day)) this.latestDay = Math.max(this.latestDay, day);
    else this.undatedQueue.push(slot);
  }

  private trimmed(list: number[]): number[] {
    return list.filter((s) => this.live[s]).slice(-this.opts.postingsKept);
  }

  private evict(slot: number): void {
    const live = this.live[slot];
    if (!live) return;
    for (const t of live.terms) this.df[t] = (this.df[t] ?? 1) - 1;
    this.live[slot] = undefined;
    this.liveSlots.delete(slot);
    this.touchIdf();
  }

  /** Every so often, drop articles outside the window (by date, or by count for undated ones) and their postings. */
  private maybeEvict(): void {
    while (this.undatedQueue.length > this.opts.undatedKept) this.evict(this.undatedQueue.shift() as number);
    if (++this.addsSinceSweep < 1000) return;
    this.addsSinceSweep = 0;
    const horizon = this.latestDay - this.opts.windowDays * 1.5;
    for (const s of [...this.liveSlots]) if ((this.days[s] ?? NO_DAY) < horizon) this.evict(s);
    for (const [t, list] of this.postings) {
      const kept = this.trimmed(list);
      if (kept.length === 0) this.postings.delete(t);
      else if (kept.length !== list.length) this.postings.set(t, kept);
    }
  }
}

function byDescendingSim(a: Neighbour, b: Neighbour): number {
  return b.sim - a.sim || a.slot - b.slot;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The day an article mostly reports: its most frequent event day, the days just before publication counting one
 * more (news reports what just happened), the earliest on ties; else its publication day.
 */
export function mainEventDay(doc: ClusterDoc): number | undefined {
  const counts = new Map<number, number>();
  for (const d of doc.eventDays) {
    if (doc.day !== undefined && Math.abs(d - doc.day) > 366) continue;
    const recent = doc.day !== undefined && d <= doc.day && d >= doc.day - 3 && !counts.has(d) ? 1 : 0;
    counts.set(d, (counts.get(d) ?? 0) + 1 + recent);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < (best ?? d))) [best, bestCount] = [d, c];
  return best ?? doc.day;
}
