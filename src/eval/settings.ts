// The evaluation room's tunables: how the sentence-dating evaluation (sentence-dates.ts) finds the article
// sentences a gold timeline entry was written from.

/** Which input sentences a gold Timeline17 entry was written from (sentence-dates.ts). */
export const SENTENCE_DATING = {
  /**
   * A source sentence holds at least this share of the gold sentence's content words (stemmed), and the gold
   * sentence this share of the source's: T17 editors copy or trim a sentence of the day's reports, so the
   * sentence they wrote from shares most words both ways; a long article sentence merely covering a short gold
   * sentence's few topic words, or a short one inside a long gold sentence, is no source.
   */
  minOverlap: 0.5,
  /** …and at least this many of those words: a two-word overlap of a four-word entry is chance. */
  minSharedWords: 4,
  /**
   * Sources are read from the articles published on the gold day: the protocol dates an entry by the day its
   * source was reported, and a later article telling the same sentence is a recap, whose date must come from its
   * words (see `laterDays`).
   */
  sameDay: { from: 0, to: 0 },
  /**
   * The harder case, reported beside it: sources in articles of the next day, dated right only when their own
   * words place the event on the day before ("on Tuesday").
   */
  laterDays: { from: 1, to: 1 },
} as const;

/** Days from the gold day to a source's publication, inclusive (0: the same day). */
export interface LagWindow {
  from: number;
  to: number;
}

export interface SentenceDatingSettings {
  minOverlap: number;
  minSharedWords: number;
  sameDay: LagWindow;
  laterDays: LagWindow;
}
