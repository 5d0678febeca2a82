// The pipeline room's tunables, each with its reason: how much is in flight, how big stories are composed, how
// much of big stories a process keeps between chunks.

export const PIPELINE = {
  /** Documents in flight per worker: enough to keep each busy, few enough to bound memory. */
  windowPerWorker: 4,
  /**
   * A story of more articles than this is composed from this many of them (spread over its time span, the newest
   * always in), the others listed as sources: recomposing a 5,000-article story every time one article joins would
   * make the cost of an article grow with its story. Summaries and timelines of a few hundred articles already
   * stand on far more evidence than they cite.
   */
  composeSample: 300,
  /** Of the sample, the newest articles always taken: what just arrived is what changed the story. */
  composeNewest: 100,
  /** Members held over all entries of the big-story member cache, at most: about 0.3 kB each, so near 150 MB. */
  maxCachedMembers: 500_000,
} as const;
