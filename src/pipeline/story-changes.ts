// What one story version changed: a pure diff of the story before and after, recorded in the change log with the
// version (so a reader, the API and the feeds can say what is new without keeping old versions around).
import type { Story } from '../model.js';
import type { ChangedQuote, StoryChange } from '../store/store.js';

/** The change log entry of a story version, before the diff: who, when, which articles moved, what merged in. */
export interface ChangeBase {
  story: string;
  kind: 'created' | 'updated';
  at: string;
  articlesAdded: string[];
  articlesRemoved: string[];
  mergedFrom?: string[];
}

/**
 * The entry for `after`, the story's new version, against `before` (undefined for a new story): the timeline
 * dates, quotes and summary sentences it did not have, and the summary sentences it dropped. Empty lists are left
 * out, so an entry says only what did change.
 */
export function describeStoryChange(base: ChangeBase, before: Story | undefined, after: Story): StoryChange {
  const oldDates = new Set(before?.timeline.map((d) => d.date));
  const datesAdded = after.timeline.map((d) => d.date).filter((d) => !oldDates.has(d));
  const quoteKey = (q: { article: string; start: number; end: number }) => `${q.article}:${q.start}:${q.end}`;
  const oldQuotes = new Set(before?.quotes.map(quoteKey));
  const quotesAdded = after.quotes
    .filter((q) => !oldQuotes.has(quoteKey(q)))
    .map((q): ChangedQuote => ({ speaker: q.speaker, text: q.text, article: q.article }));
  const oldSummary = new Set(before?.summary.map((s) => s.text));
  const newSummary = new Set(after.summary.map((s) => s.text));
  const summaryAdded = [...newSummary].filter((t) => !oldSummary.has(t));
  const summaryRemoved = [...oldSummary].filter((t) => !newSummary.has(t));
  const lists = {
    articlesAdded: [...base.articlesAdded].sort(),
    articlesRemoved: [...base.articlesRemoved].sort(),
    datesAdded: [...datesAdded].sort(),
    quotesAdded,
    summaryAdded,
    summaryRemoved,
    mergedFrom: [...(base.mergedFrom ?? [])].sort(),
  };
  const change: StoryChange = { story: base.story, kind: base.kind, at: base.at, version: after.version };
  for (const [key, value] of Object.entries(lists) as [keyof typeof lists, string[] & ChangedQuote[]][])
    if (value.length > 0) change[key] = value;
  return change;
}
