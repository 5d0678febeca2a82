// The events of a story: its articles grouped by the day they report (DESIGN.md's Event record). An article's
// day is the one its sentences date most often (near its publication), else its publication day; articles whose
// days are at most `EVENT_JOIN_DAYS` apart report one event (a two-day summit, next-day follow-ups).

import type { Analysis, Article, StoryArticle, StoryEvent } from '../model.js';
import { dayNumber, dayString, exactDayNumber, mainEventDay } from '../text/days.js';

const EVENT_JOIN_DAYS = 2;

export function eventDayOf(article: Article, analysis: Analysis | undefined): number | undefined {
  const days: number[] = [];
  for (const s of analysis?.sentences ?? []) {
    const d = exactDayNumber(s.eventDate);
    if (d !== undefined) days.push(d);
  }
  return mainEventDay(dayNumber(article.published?.value), days);
}

/**
 * Events in date order (undated last). Copies are listed with their event but never name it: an event's title is
 * the headline of its earliest original article (else of any article), so a wire copy does not title it twice.
 */
export function storyEvents(
  articles: readonly Article[],
  analyses: ReadonlyMap<string, Analysis>,
  duplicateOf: ReadonlyMap<string, string>,
  others: readonly StoryArticle[] = [],
  /** Articles whose event day rests on an inferred publication date: an event of only those is marked inferred. */
  inferred: ReadonlySet<string> = new Set(),
): StoryEvent[] {
  const dated: { day: number; article: Article }[] = [];
  const undated: Article[] = [];
  // Members known only by their metadata: their publication day is their event day.
  const listed = others.map((o): Article => ({
    id: o.id,
    source: o.id,
    language: 'und',
    paragraphs: [],
    text: '',
    removed: [],
    ...(o.title ? { title: o.title } : {}),
    ...(o.published ? { published: { value: o.published, precision: 'day', from: 'sidecar' } } : {}),
  }));
  for (const a of [...articles, ...listed]) {
    const day = eventDayOf(a, analyses.get(a.id));
    if (day === undefined) undated.push(a);
    else dated.push({ day, article: a });
  }
  dated.sort((x, y) => x.day - y.day || byPublication(x.article, y.article));
  const groups: { day?: number; articles: Article[] }[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const { day, article } of dated) {
    const current = groups[groups.length - 1];
    if (!current || day - last > EVENT_JOIN_DAYS) groups.push({ day, articles: [article] });
    else current.articles.push(article);
    last = day;
  }
  if (undated.length > 0) groups.push({ articles: undated.sort(byPublication) });
  return groups.map((g) => {
    const namer =
      g.articles.find((a) => a.title && !duplicateOf.has(a.id)) ?? g.articles.find((a) => a.title) ?? g.articles[0];
    return {
      ...(g.day !== undefined ? { date: dayString(g.day) } : {}),
      ...(g.day !== undefined && g.articles.every((a) => inferred.has(a.id)) ? { inferred: true as const } : {}),
      title: namer?.title ?? firstWords(namer?.text ?? ''),
      articles: g.articles.map((a) => a.id),
    };
  });
}

/** A title for an article without one: its first words, cut at a word boundary. */
const UNTITLED_WORDS = 12;
function firstWords(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.length <= UNTITLED_WORDS ? words.join(' ') : `${words.slice(0, UNTITLED_WORDS).join(' ')}…`;
}

/** Publication order (undated last, then by id): of articles, and of a story's source list. */
export function byPublished(a: { id: string; published?: string }, b: { id: string; published?: string }): number {
  return (a.published ?? '9999').localeCompare(b.published ?? '9999') || a.id.localeCompare(b.id);
}

export function byPublication(a: Article, b: Article): number {
  return byPublished({ id: a.id, published: a.published?.value }, { id: b.id, published: b.published?.value });
}

/**
 * `events` with `added` placed in them, for a story listing new members without recomposing (see
 * `withListedArticles`): as `storyEvents` places members known only by metadata, by publication day. A new day
 * within `EVENT_JOIN_DAYS` of an event's last or first day joins it (an event's last day is taken from its
 * members' publication days, which is what a listed member's day is); another is an event of its own, in date
 * order; an undated one joins the undated event. `listed` gives the publication day of every member.
 */
export function placeInEvents(
  events: readonly StoryEvent[],
  added: readonly StoryArticle[],
  listed: ReadonlyMap<string, StoryArticle>,
): StoryEvent[] {
  const out = events.map((e) => ({ ...e, articles: [...e.articles] }));
  const lastDay = (e: StoryEvent): number => {
    let last = dayNumber(e.date) as number;
    for (const id of e.articles) {
      const d = dayNumber(listed.get(id)?.published);
      if (d !== undefined && d > last) last = d;
    }
    return last;
  };
  for (const a of [...added].sort(byPublished)) {
    const day = dayNumber(a.published);
    if (day === undefined) {
      const undated = out.find((e) => e.date === undefined);
      if (undated) undated.articles.push(a.id);
      else out.push({ title: a.title ?? '', articles: [a.id] });
      continue;
    }
    // The last dated event starting on or before the day, and the one after it.
    let at = -1;
    for (let i = 0; i < out.length; i++) {
      const d = dayNumber(out[i]?.date);
      if (d !== undefined && d <= day) at = i;
    }
    const before = out[at];
    const after = out[at + 1];
    const afterDay = dayNumber(after?.date);
    if (before && day - lastDay(before) <= EVENT_JOIN_DAYS) before.articles.push(a.id);
    else if (after && afterDay !== undefined && afterDay - day <= EVENT_JOIN_DAYS) {
      after.articles.unshift(a.id);
      after.date = dayString(day);
      delete after.inferred;
    } else out.splice(at + 1, 0, { date: dayString(day), title: a.title ?? '', articles: [a.id] });
  }
  return out;
}
