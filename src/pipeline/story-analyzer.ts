// The analysis room's functions that composition calls (compose/analyzer.ts says why it cannot import them).

import { mergeStoryEntities } from '../analyze/entities-merge.js';
import { findTimeExpressions, sentenceEventDate } from '../analyze/timex.js';
import { tenseAround } from '../analyze/timex-tense.js';
import type { StoryAnalyzer } from '../compose/analyzer.js';

export const STORY_ANALYZER: StoryAnalyzer = {
  // Composition re-reads one sentence of the analysis at a time: it is its own tense window, not split again.
  findTimeExpressions: (text, anchor) =>
    findTimeExpressions(text, anchor, { sentences: [{ start: 0, end: text.length }] }),
  sentenceEventDate,
  tenseAround,
  mergeStoryEntities,
};
