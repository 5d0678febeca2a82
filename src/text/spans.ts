// Spans of a text matched to the spans inside them: which time expressions (or mentions) stand in which sentence.
// One walk over both sorted lists, so that matching costs their lengths, not their product; shared by analysis
// (dating sentences) and composition (timeline dates, date inference), which must agree on what is inside.

import type { Span } from '../model.js';

/**
 * For each of `spans` (sorted by start, not overlapping), the items of `items` (sorted by start) that overlap it:
 * those ending after its start and starting before its end.
 */
export function itemsBySpan<T extends Span>(spans: readonly Span[], items: readonly T[]): T[][] {
  const out: T[][] = [];
  let t = 0;
  for (const s of spans) {
    while (t < items.length && (items[t] as T).end <= s.start) t++;
    const inside: T[] = [];
    for (let i = t; i < items.length; i++) {
      const x = items[i] as T;
      if (x.start >= s.end) break;
      inside.push(x);
    }
    out.push(inside);
  }
  return out;
}
