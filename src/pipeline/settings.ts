// The pipeline room's tunables, each with its reason: how much is in flight, how big stories are composed, how
// much of big stories a process keeps between chunks.

export const PIPELINE = {
  /** Documents in flight per worker: enough to keep each busy, few enough to bound memory. */
  windowPerWorker: 4,
  /**
   * Inputs saved in one write transaction, at most: those whose workers have answered when the first of the window
   * is due, so never more than the window (each input is still its own savepoint, all or nothing). One commit and
   * one full-text index flush per batch instead of per article: 13% less writer CPU per Timeline17 article in
   * batches of 16, 19% at 64; and the write lock is taken once per batch. Never waited for: a batch is what is at
   * hand, so nothing saved waits on a slow document behind it.
   */
  saveBatch: 32,
  /**
   * A story of more articles than this is composed from this many of them (spread over its time span, the newest
   * always in), the others listed as sources: recomposing a 5,000-article story every time one article joins would
   * make the cost of an article grow with its story. Summaries and timelines of a few hundred articles already
   * stand on far more evidence than they cite.
   */
  composeSample: 300,
  /**
   * Sample articles (with their analyses) held at once while a chunk's stories are composed, at most (a story's
   * sample is never split). Loading every touched story's sample at once held up to chunk size × composeSample
   * articles: in a 5,000-article batch the story step, not the workers, set the peak. ~60 kB each with its
   * analysis, so ~60 MB.
   */
  composeGroupArticles: 1000,
  /** Of the sample, the newest articles always taken: what just arrived is what changed the story. */
  composeNewest: 100,
  /**
   * A story is recomposed in full (summary, timeline, entities, quotes) once it has this share more members than
   * when it was last composed, or `recomposeArticles` more, whichever comes first; a chunk that adds fewer lists
   * the new articles (sources, events) in the composed version. Recomposing every touched story from all its
   * members (up to `composeSample`) made the cost of one new article grow with the archive: at 200k synthetic
   * articles, 30 articles were composed for each new one against 2.7 at 10k, the largest part of the growth. With
   * this rule one new article costs at most about 1 / share articles composed (10 at 10%), whatever its story's
   * size, and a story of ten or fewer is recomposed at every new article. A tenth more of a story's articles rarely
   * changes what its summary says; a merge, or `recomposeArticles` new ones, always recomposes it.
   */
  recomposeShare: 0.1,
  /** At most this many articles wait to be read into a long story's summary: half the newest that its sample keeps. */
  recomposeArticles: 50,
  /** Members held over all entries of the big-story member cache, at most: about 0.3 kB each, so near 150 MB. */
  maxCachedMembers: 500_000,
  /**
   * Heap of the thread a batch ingest runs its story step in. V8 lets a heap grow to a multiple of what it held
   * after its last full collection, and the multiple rises with the heap's ceiling: 4× under the main thread's
   * (~4 GB here), ~1.6× under 1 GB. The story step holds under ~150 MB at once (one chunk, or one group of compose
   * samples), but in the main thread its heap grew to ~470 MB by the end of a 20k-article ingest, so that the
   * story step, not the workers, set the peak; in a thread with this ceiling, 4 chunks of that ingest peaked at
   * 290 MB against 369 MB in the main thread. A chunk that needs more fails the story step with a message (its
   * articles stay pending for the next run) instead of taking the process down.
   */
  storyHeapMb: 1024,
  /**
   * Young generation of the story thread (MB). The story step allocates fast and keeps little (features, shingles
   * and candidate sentences of each chunk), and a worker's default young generation, sized from its heap ceiling, is
   * small, so it was scavenged over and over: 64 MB cut the Timeline17 story step from 37–38 s to 31–32 s of CPU
   * (stories identical); 32 MB gave 34 s, 128 MB no more than 64. Confirmed on DUC 2006 (chosen on T17): 11.7–11.8
   * → 10.6–10.9 s, the same 179 stories.
   */
  storyYoungMb: 64,
} as const;
