// The dedup stage's tunables, each with its reason: how near a copy must be, and what bounds the cost of checking
// one article against the archive (postings read per key, texts read per article), whatever the archive's size.

import { DEFAULT_BANDS, DEFAULT_ROWS } from './lsh.js';

export interface DedupSettings {
  /**
   * Estimated Jaccard similarity of 5-word shingle sets from which an article is a near copy of another: a wire
   * story with its own headline, a dropped paragraph or a copyright line added is still ≥ .8, while two outlets'
   * own reports of one event share well under .5 (see lsh.ts for the S-curve this threshold sits on).
   */
  threshold: number;
  /** LSH bands × rows over the 128-value signature: 20 × 6 finds pairs at .8 99.8% of the time (lsh.ts). */
  bands: number;
  rows: number;
  /**
   * Archive articles read per band key, newest first. Only canonical articles (no copies) are indexed, so a band
   * key holds one entry per distinct text that has it; past this many a key is a boilerplate block, not a text.
   */
  postingsPerBand: number;
  /**
   * Archive articles read per sentence key when looking for shared passages, newest first: a wire paragraph is
   * shared by the articles of its days, and the newest carriers are the ones in the story being made.
   */
  postingsPerUnit: number;
  /** Earlier articles (those sharing most sentences) whose texts are read to find an article's shared passages. */
  passageCandidates: number;
  /** Fewest words of a sentence that is indexed and matched at all (shorter ones are "Share" and "Advertisement"). */
  minUnitWords: number;
}

export const DEDUP_SETTINGS: DedupSettings = {
  threshold: 0.8,
  bands: DEFAULT_BANDS,
  rows: DEFAULT_ROWS,
  postingsPerBand: 20,
  postingsPerUnit: 8,
  passageCandidates: 8,
  minUnitWords: 6,
};
