// What composition asks of the analysis room beyond the Analysis records it is given. Two things need the
// analyser itself, not its stored output: dating an undated article re-reads its time expressions against trial
// publication days (infer-dates.ts), which no record made in advance can hold; and a story's entities are merged
// with the analyser's knowledge of names and places (one "François Hollande" for "Hollande" and "Mr Hollande").
// compose/ may not import analyze/ (rooms meet only in pipeline/), so the pipeline room hands these in:
// pipeline/story-analyzer.ts binds them to analyze/'s functions.

import type { ArticleEntities, MergedEntities, TimeExpression } from '../model.js';

export interface StoryAnalyzer {
  /**
   * The time expressions of `text`, one sentence of an analysis, relative ones resolved against `anchor` (a
   * `YYYY-MM-DD` publication day).
   */
  findTimeExpressions(text: string, anchor: string): TimeExpression[];
  /**
   * The event date a sentence reports, from its time expressions (as the analysis dates sentences); `offset`: where
   * the sentence starts in the text the expressions' offsets refer to.
   */
  sentenceEventDate(sentence: string, timexes: TimeExpression[], offset?: number): string | undefined;
  /** The tense around [start, end) of `text` within the sentence [sentStart, sentEnd). */
  tenseAround(text: string, sentStart: number, sentEnd: number, start: number, end: number): 'past' | 'future' | 'none';
  /** The story-level entities of a story's articles. */
  mergeStoryEntities(perArticle: ArticleEntities[]): MergedEntities;
}
