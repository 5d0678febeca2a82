// The one story-clustering configuration: the same for every data set and every user. Each value says why it is
// what it is. They were chosen on the worst case of three story sets (DUC 2006, Timeline17 as one stream, ECB+)
// and checked leaving each set out in turn (`node dist/bench/tune-stories.js --grid`), never per data set.

export interface StoryClusterSettings {
  /**
   * An article joins a story when its cosine with the story's centroid reaches this share of √(the story's mean
   * pair cosine) — what a typical member of the grown story scores —, and at least `joinFloor`: the bar follows
   * how broad the story is (the best single bar is ~.10 on Timeline17's broad topics, ~.25 on ECB+'s events).
   */
  joinShare: number;
  /** The bar never goes below this cosine: under it two unrelated articles of one outlet's beat already meet. */
  joinFloor: number;
  /** Before a story shows how alike its articles are, their pairs are taken to have this mean cosine... */
  priorPairSimilarity: number;
  /** ...with the weight of this many observed pairs (a seed pair that happens to be close is no proof). */
  priorPairs: number;
  /**
   * The bar is multiplied by 1 + gapPenalty × log2(1 + gapDays / gapScaleDays) for an article that far from the
   * story's span, at most by 1 + maxGapFactor: a story last seen months ago needs a closer match than yesterday's.
   * Soft, not a window: subjects followed for years (a trial, a separatist movement) come back after 700 silent
   * days, so a month's gap costs almost nothing (×1.07), but a year's silence asks for a 60% closer match (×1.6):
   * that is what keeps a 2010 business article on an oil company out of a 2008–09 financial-crisis story. With a
   * scale of weeks instead (0.1 per doubling of 60 days), Timeline17 fell from .83 to .78 on that one join; DUC
   * pays .02 (.804 → .781) for it. Chosen by worst case and mean F1 over the three sets (bench/tune-stories.ts).
   */
  gapPenalty: number;
  gapScaleDays: number;
  maxGapFactor: number;
  /** An article with no date at all joins only a story spanning at most this many days (it must not chain months). */
  undatedMaxSpanDays: number;
  /** The bar is multiplied by this when the article's language is not the story's: only strong evidence links. */
  crossLanguageFactor: number;
  /**
   * Two stories merge when the mean cosine across their articles reaches this share of the mean pair cosine of
   * the broader of the two (times the time and language factors): average linkage, because two centroids of
   * related subjects can be as close as two halves of one story, while their articles' pairs are not.
   */
  mergeShare: number;
  /** Only stories of at least this many articles are merged: with fewer, the mean pair cosine is no evidence yet. */
  mergeMinSize: number;
  /** Stories scored against a grown story for a merge. */
  mergeCandidates: number;
  /** Feature keys kept per article (its most salient by TF-IDF). */
  articleTerms: number;
  /** Feature keys kept in a story's centroid (the rest of a long story's tail adds noise, not evidence). */
  centroidTerms: number;
  /** A story's top keys put in the inverted index (how it is found). */
  indexedTerms: number;
  /**
   * An article's top keys (among those other articles have) looked up in the index. An article's heaviest keys
   * are its rarest; a story is indexed under its most shared ones: 50 found the right story too rarely.
   */
  queryTerms: number;
  /** Postings read per key, most recently active stories first: bounds the cost of one article. */
  postingsScanned: number;
  /** Stories scored in full per article (those sharing the most weight of its keys). */
  candidates: number;
  /**
   * Of those, a dated article's are stories within this many days of its day, and at most `farCandidates` others
   * (the closest of them): see `rankCandidates` in stream.ts.
   */
  candidateWindowDays: number;
  farCandidates: number;
  /**
   * Weight of names, of entity and place keys from the analysis, and of numbers, relative to words. Names at 1:
   * doubling them split the broad stories (a new official quoted is a new name) more than it separated events.
   */
  nameWeight: number;
  entityWeight: number;
  numberWeight: number;
  /**
   * Pseudo-documents (sharing no key) added to the document count in IDF: with a handful of articles, plain IDF
   * gives the words they all share ("France", "strikes") no weight at all, which is wrong for a small archive.
   */
  idfPrior: number;
  /**
   * Boilerplate the stream repeats (a promo line for other stories, a comments notice, a syndication footer; see
   * passages.ts) says nothing of an article's story, yet its rare words make unrelated pages of one site look
   * alike: BBC pages on Haiti and on the oil spill met only through one promo line. A passage (word shingles of
   * `passageWords` words, one in `passageSample` of them used as anchors) whose anchor has at least
   * `boilerplateMinEarlier` earlier carriers, the first published at least `boilerplateGapDays` away from this
   * article, is left out of its features. Within days, a repeated passage is wire copy of one event (ECB+'s
   * articles share whole sentences): evidence, not noise. features.ts reads `passageWords`, `passageSample` and
   * `passageAnchors` from this block when it makes the anchors, so they are not per-clusterer settings.
   */
  passageWords: number;
  passageSample: number;
  /** Anchors kept per article (half from each end): bounds what one article adds to the sketch. */
  passageAnchors: number;
  boilerplateMinEarlier: number;
  boilerplateGapDays: number;
  /**
   * A passage with a single earlier carrier is boilerplate too when that carrier is at least this many days away:
   * a story's own background is rarely repeated verbatim a year later, a page template (an embedded video player's
   * text) is.
   */
  boilerplateLoneGapDays: number;
  /**
   * A run of repeated anchors is boilerplate only when it spans at least this many words. A long story repeats
   * its set phrases for months ("the Deepwater Horizon oil spill in the Gulf of Mexico", "the World Health
   * Organization said"): taken for boilerplate, they took the story's own words out of 1,445 of Timeline17's
   * 2,591 articles (oil, spill, Gulf, Mexico: 400-600 articles each) and the BP oil spill broke into fragments
   * (123 → 150 stories on it). Promo lines, footers and datelines run longer than a set phrase.
   */
  boilerplateMinWords: number;
  /** Words past a repeated anchor's shingle the passage may reach, up to the next anchor that is not repeated. */
  boilerplateReach: number;
  /**
   * Size of the sketch of anchors seen (passages.ts): buckets (a power of two) of `passageSketchSlots` slots, 12
   * bytes a slot. Fixed: the sketch, in memory and in the store, does not grow with the stream.
   */
  passageSketchBuckets: number;
  passageSketchSlots: number;
  /** A passage unseen for this many days is forgotten first when its bucket is full (see passages.ts). */
  passageForgetDays: number;
  /** Articles a refresh clusters and saves at a time: bounds memory; the result does not depend on it. */
  chunkSize: number;
}

// joinShare, joinFloor and mergeShare: the best worst-case F1 over DUC, Timeline17 and ECB+ on the grid of
// bench/tune-stories.ts (.811 / .814 / .829); the same setting is the one chosen on DUC + Timeline17 alone.
export const STORY_CLUSTERING: StoryClusterSettings = {
  joinShare: 0.35,
  joinFloor: 0.12,
  priorPairSimilarity: 0.15,
  priorPairs: 10,
  gapPenalty: 0.6,
  gapScaleDays: 365,
  maxGapFactor: 1.5,
  undatedMaxSpanDays: 31,
  crossLanguageFactor: 2,
  mergeShare: 0.7,
  mergeMinSize: 3,
  mergeCandidates: 8,
  articleTerms: 400,
  centroidTerms: 2000,
  indexedTerms: 50,
  queryTerms: 100,
  // 100: scanning a key's postings is the largest cost of one article once the archive has many stories (a
  // third of the story step at 30k articles with 300), and it grows until the cap is reached; every cap from 30 to
  // 300 scores the same on DUC, Timeline17 and ECB+ (an article's top keys are its rare ones, with short lists).
  postingsScanned: 100,
  candidates: 40,
  // 30 days, 5 far: on the tune-stories grid every window from 7 to 120 days and 3 to 10 far stories scores the
  // same on DUC and ECB+ and .832–.833 on Timeline17 (.829 with no window: a broad topic's old stories crowded out
  // its recent ones); 3 days loses Timeline17 stories (.825). The middle of that plateau.
  candidateWindowDays: 30,
  farCandidates: 5,
  nameWeight: 1,
  // Entity keys repeat the capitalised names already counted; what they add is resolution ("Hollande" and
  // "Francois Hollande" meet), so at full weight a name would count twice.
  entityWeight: 0.5,
  numberWeight: 1,
  idfPrior: 100,
  // Six words: two writers rarely share six words in a row unless one copies; one in four anchors: a 15-word
  // promo line holds ~2.5 of them and is missed ~1% of the time.
  passageWords: 6,
  passageSample: 4,
  // 100 anchors from each end: the first and last ~400 words of a body, where promos and footers sit.
  passageAnchors: 200,
  // Two earlier carriers a month or more away: a promo line runs for weeks on many pages; one earlier page on the
  // same subject a month before is a story's own background, which two carriers make less likely to be taken for
  // boilerplate.
  boilerplateMinEarlier: 2,
  boilerplateGapDays: 30,
  // A year: a subject's own background may be quoted again within months; a page template outlives that.
  boilerplateLoneGapDays: 365,
  // Two shingles' length: one in four shingles is an anchor, so the words between two anchors of a promo line
  // (~4 on average, rarely over 12) are covered, and not much of the article's own text beyond it.
  boilerplateReach: 12,
  // Over two shingles: a set phrase is rarely longer than ten words; a promo line or a footer is 15 or more.
  boilerplateMinWords: 14,
  // 2^17 buckets of 4: 524,288 anchors remembered (6 MB), the last ~3,700 articles' worth at Timeline17's 142
  // anchors an article, longer for passages that recur (they are the last forgotten). The lone-carrier rule needs
  // a page template remembered from its one earlier page 20 months back: with 2^15 or 2^16 buckets the Washington
  // Post video-player text of 2008 was forgotten by 2010 and a BP video page joined a finance story through it.
  // A 16-bit fingerprint in a bucket of 4 takes another anchor for this one about once in 16,000 look-ups.
  passageSketchBuckets: 131072,
  passageSketchSlots: 4,
  // A year: a site's promo lines run for weeks and its template is seen every day; what has not come back in a
  // year gives its slot up before anything else, so old passages do not fill the sketch for good.
  passageForgetDays: 365,
  chunkSize: 2000,
};
