// A story's extractive summary, first version: sentences scored by how much of
// the story they share words with (centrality) and how early they come, picked
// greedily without repeating each other (MMR), then told in date order.

import type { CitedText } from '../model.js';
import { type CandidateSentence, jaccard } from './sentences.js';
import { citationsOf } from './timeline.js';

export interface SummaryOptions {
  minSentences: number;
  maxSentences: number;
}

export const defaultSummaryOptions: SummaryOptions = { minSentences: 3, maxSentences: 5 };

const REDUNDANT = 0.35;

export function buildSummary(sentences: CandidateSentence[], opts: Partial<SummaryOptions> = {}): CitedText[] {
  const { maxSentences } = { ...defaultSummaryOptions, ...opts };
  if (sentences.length === 0) return [];
  // Word → number of articles using it: words many articles share are what the story is about.
  const articlesPerWord = new Map<string, Set<string>>();
  for (const s of sentences)
    for (const w of s.words) {
      let set = articlesPerWord.get(w);
      if (!set) articlesPerWord.set(w, (set = new Set()));
      set.add(s.article);
    }
  // Every sentence counts for what the story is about; only those that stand alone may be told.
  const scored = sentences
    .filter((s) => s.standsAlone)
    .map((s) => {
      let shared = 0;
      for (const w of s.words) shared += (articlesPerWord.get(w)?.size ?? 1) - 1;
      const centrality = shared / Math.sqrt(Math.max(1, s.words.size));
      return { s, score: centrality * (1 / (1 + 0.15 * s.position)) };
    });
  scored.sort((a, b) => b.score - a.score);

  const chosen: CandidateSentence[] = [];
  for (const { s } of scored) {
    if (chosen.length >= maxSentences) break;
    if (chosen.some((c) => jaccard(c.words, s.words) >= REDUNDANT)) continue;
    chosen.push(s);
  }
  chosen.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.position - b.position);
  return chosen.map((s) => {
    // Cite every article that says nearly the same thing.
    const alike = sentences.filter((o) => o === s || jaccard(o.words, s.words) >= 0.5);
    return { text: s.shown, citations: citationsOf([s, ...alike.filter((o) => o !== s)]) };
  });
}
