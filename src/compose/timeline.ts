// A story's timeline, first version: dates ranked by how many articles report
// something on them (dates found in the text count more than publication dates),
// and for each date the sentences most of its reports agree on. Near-identical
// sentences from several outlets become one entry citing them all.

import type { Citation, CitedText, TimelineDay } from '../model.js';
import { type CandidateSentence, jaccard } from './sentences.js';

export interface TimelineOptions {
  maxDates: number;
  sentencesPerDate: number;
}

export const defaultTimelineOptions: TimelineOptions = { maxDates: 10, sentencesPerDate: 2 };

/** Sentences at least this alike report the same thing: one entry, several citations. */
const SAME_SENTENCE = 0.5;

interface Group {
  members: CandidateSentence[];
  score: number;
}

function groupAlike(sentences: CandidateSentence[]): Group[] {
  const groups: Group[] = [];
  for (const s of sentences) {
    const home = groups.find((g) => g.members[0] && jaccard(g.members[0].words, s.words) >= SAME_SENTENCE);
    if (home) home.members.push(s);
    else groups.push({ members: [s], score: 0 });
  }
  return groups;
}

export function citationsOf(members: CandidateSentence[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const m of members) {
    if (seen.has(m.article)) continue;
    seen.add(m.article);
    out.push({ article: m.article, start: m.start, end: m.end });
  }
  return out;
}

export function buildTimeline(sentences: CandidateSentence[], opts: Partial<TimelineOptions> = {}): TimelineDay[] {
  const { maxDates, sentencesPerDate } = { ...defaultTimelineOptions, ...opts };
  const byDate = new Map<string, CandidateSentence[]>();
  for (const s of sentences) {
    if (!s.date) continue;
    let list = byDate.get(s.date);
    if (!list) byDate.set(s.date, (list = []));
    list.push(s);
  }
  const dateScore = (list: CandidateSentence[]): number => {
    const fromText = new Set(list.filter((s) => s.dateFromText).map((s) => s.article)).size;
    const fromPublication = new Set(list.filter((s) => !s.dateFromText).map((s) => s.article)).size;
    return 2 * fromText + fromPublication;
  };
  const chosenDates = [...byDate.entries()]
    .sort((a, b) => dateScore(b[1]) - dateScore(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxDates)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

  const used: CandidateSentence[] = [];
  const days: TimelineDay[] = [];
  for (const [date, list] of chosenDates) {
    const groups = groupAlike(list);
    for (const g of groups) {
      // Agreement across articles first, then how early the sentence comes in its article.
      const articles = new Set(g.members.map((m) => m.article)).size;
      const earliest = Math.min(...g.members.map((m) => m.position));
      g.score = articles + (g.members.some((m) => m.dateFromText) ? 0.5 : 0) - earliest * 0.05;
    }
    groups.sort((a, b) => b.score - a.score);
    const entries: CitedText[] = [];
    for (const g of groups) {
      if (entries.length >= sentencesPerDate) break;
      const lead = g.members[0];
      if (!lead || used.some((u) => jaccard(u.words, lead.words) >= SAME_SENTENCE)) continue;
      used.push(lead);
      entries.push({ text: lead.text, citations: citationsOf(g.members) });
    }
    if (entries.length > 0) days.push({ date, granularity: date.length === 10 ? 'day' : 'month', entries });
  }
  return days;
}
