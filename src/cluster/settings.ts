// The one story-clustering configuration: the same for every data set and every user. Each value says why it is
// what it is. They were chosen on DUC 2006 and confirmed on Timeline17 and ECB+ (and the other way round: see
// bench/tune-stories.ts and the closing note of issue 9), never per data set.

export interface StoryClusterSettings {
  /**
   * An article joins a story when its mean cosine with the story's articles (average linkage, read off the
   * centroid) reaches this share of the mean cosine of the story's own pairs, and at least `joinFloor`.
   */
  joinShare: number;
  joinFloor: number;
  /** What an article is compared with: its mean cosine with the members (`average`) or with the centroid. */
  linkage: 'average' | 'centroid';
  /** Before a story shows how alike its articles are, their pairs are taken to have this mean cosine... */
  priorPairSimilarity: number;
  /** ...with the weight of this many observed pairs. */
  priorPairs: number;
  /**
   * The bar is multiplied by 1 + gapPenalty × log2(1 + gapDays / gapScaleDays) for an article that far from the
   * story's span, at most by 1 + maxGapFactor: a story last seen months ago needs a closer match than yesterday's.
   * Soft, not a window: subjects followed for years (a trial, a separatist movement) come back after long silences.
   */
  gapPenalty: number;
  gapScaleDays: number;
  maxGapFactor: number;
  /** An article with no date at all joins only a story spanning at most this many days (it must not chain months). */
  undatedMaxSpanDays: number;
  /** The bar is multiplied by this when the article's language is not the story's: only strong evidence links. */
  crossLanguageFactor: number;
  /** Two stories merge when their articles' mean cross cosine reaches the stricter of their bars times this. */
  mergeFactor: number;
  /** Only stories of at least this many articles are merged: a single article is matched by joining, not merging. */
  mergeMinSize: number;
  /** Stories scored against a grown story for a merge. */
  mergeCandidates: number;
  /** Feature keys kept per article (its most salient by TF-IDF). */
  articleTerms: number;
  /** Feature keys kept in a story's centroid (the rest of a long story's tail adds noise, not evidence). */
  centroidTerms: number;
  /** A story's top keys put in the inverted index (how it is found). */
  indexedTerms: number;
  /** An article's top keys looked up in the index. */
  queryTerms: number;
  /** Postings read per key, most recently active stories first: bounds the cost of one article. */
  postingsScanned: number;
  /** Stories scored in full per article (those sharing the most weight of its keys). */
  candidates: number;
  /** Weight of names, of entity and place keys from the analysis, and of numbers, relative to words. */
  nameWeight: number;
  entityWeight: number;
  numberWeight: number;
  /**
   * Pseudo-documents (sharing no key) added to the document count in IDF: with a handful of articles, plain IDF
   * gives the words they all share ("France", "strikes") no weight at all, which is wrong for a small archive.
   */
  idfPrior: number;
  /** Articles a refresh clusters and saves at a time: bounds memory; the result does not depend on it. */
  chunkSize: number;
}

export const STORY_CLUSTERING: StoryClusterSettings = {
  joinShare: 0.6,
  joinFloor: 0.03,
  linkage: 'centroid',
  priorPairSimilarity: 0.15,
  priorPairs: 3,
  gapPenalty: 0.25,
  gapScaleDays: 7,
  maxGapFactor: 1.5,
  undatedMaxSpanDays: 31,
  crossLanguageFactor: 2,
  mergeFactor: 1,
  mergeMinSize: 2,
  mergeCandidates: 8,
  articleTerms: 400,
  centroidTerms: 2000,
  indexedTerms: 50,
  queryTerms: 50,
  postingsScanned: 300,
  candidates: 40,
  nameWeight: 2,
  // Entity keys repeat the capitalised names already counted; what they add is resolution ("Hollande" and
  // "Francois Hollande" meet), so at full weight a name would count twice.
  entityWeight: 0.5,
  numberWeight: 1,
  idfPrior: 100,
  chunkSize: 2000,
};
