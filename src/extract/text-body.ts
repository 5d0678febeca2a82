// Where the article body is among a page's lines. Each line scores by how much it looks like
// running prose; the body is the best-scoring contiguous run (maximum-sum subarray), which never
// crosses a barrier line (copyright, "Published in …", an agency signature). Lines outside it are
// the page's header (title, menus) and footer (teasers, related stories).

import { type LineFacts, PROSE_MIN_WORDS } from './text-lines.js';

export interface BodySpan {
  /** Index of the first and last body line (inclusive); start > end when there is none. */
  start: number;
  end: number;
}

const BARRIER = Number.NEGATIVE_INFINITY;

/** How much a line looks like article prose: positive for sentences, negative for page furniture. */
function lineScore(f: LineFacts, repeated: boolean): number {
  if (f.junk) {
    if (f.junk.role === 'barrier') return BARRIER;
    return f.junk.role === 'boundary' ? -3 : 0;
  }
  if (repeated && !f.sentence) return -2;
  if (f.sentence) return f.words >= 4 ? 1 + Math.min(f.words, 40) / 20 : 0.5;
  if (f.continues) return f.words >= 6 ? 1 : 0;
  if (f.ellipsis) return -1.5;
  if (f.label) return -1;
  // Long unpunctuated lines are prose cut short by the scraper, not headlines.
  if (f.words >= PROSE_MIN_WORDS) return f.words >= 20 ? 1 : 0.5;
  if (f.headline) return -0.75;
  return 0;
}

/**
 * A segment must score this much (about four full sentences) to be taken as the body when a later one
 * scores more: articles come before their comment threads and related stories, which can be longer.
 */
const ENOUGH_BODY = 10;
/** Barriers that close an article once some prose came before them: what follows is another page part. */
const CLOSING_BARRIERS = new Set(['comments', 'copyright', 'signature']);
/** A run scoring this much (one sentence) counts as prose before a closing barrier. */
const SOME_PROSE = 2;

interface Run {
  sum: number;
  start: number;
  end: number;
}

function pickRun(runs: Run[]): Run | undefined {
  const top = Math.max(0, ...runs.map((r) => r.sum));
  return runs.find((r) => r.sum >= Math.min(ENOUGH_BODY, top / 2));
}

/** The body's line span among `lines` (non-blank lines only). `repeated[i]` marks lines printed more than once. */
export function findBody(lines: LineFacts[], repeated: boolean[]): BodySpan {
  // Best run within each barrier-free segment (Kadane); then the first good-enough run before the
  // article was closed (comment thread, copyright, signature), or failing that any run.
  const open: Run[] = [];
  const closed: Run[] = [];
  let isClosed = false;
  let best: Run = { sum: 0, start: 0, end: -1 };
  let sum = 0;
  let start = 0;
  const endSegment = () => {
    if (best.end >= best.start) (isClosed ? closed : open).push(best);
    best = { sum: 0, start: 0, end: -1 };
    sum = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i];
    if (!f) continue;
    const score = lineScore(f, repeated[i] ?? false);
    if (score === BARRIER) {
      endSegment();
      if (f.junk && CLOSING_BARRIERS.has(f.junk.reason) && open.some((r) => r.sum >= SOME_PROSE)) isClosed = true;
      continue;
    }
    if (sum <= 0) {
      sum = score;
      start = i;
    } else {
      sum += score;
    }
    if (sum > best.sum) best = { sum, start, end: i };
  }
  endSegment();
  const chosen = pickRun(open) ?? pickRun(closed);
  return chosen ? { start: chosen.start, end: chosen.end } : { start: 0, end: -1 };
}
