// The API's one shape for what records say about dates and sources (openapi.ts documents it):
//   - `published` is always ISO 8601 (`2025-03`, `2025-03-03`, or a full `2025-03-09T09:00:00+01:00`) with
//     `publishedPrecision` beside it (`year`, `month`, `day` or `time`), never a bare value of unknown precision;
//   - `source` is relative to what the user gave (ingest stores it so, see ingest/source-label.ts); an absolute path
//     stored before that is shown relative to the server's working folder, or by its last folder and name, so no
//     absolute path of the server leaves it.
import { basename, dirname, isAbsolute, relative } from 'node:path';
import type { Article, DatePrecision, PublishedDate, Story, StoryArticle } from '../model.js';
import type { ArticleSummary, SearchHit, StorySummary } from '../store/store.js';
import { isoDate, precisionOf } from '../text/days.js';

/** `{published, publishedPrecision}` of a value (absent when undated). */
export function publishedFields(
  value: string | undefined,
  precision?: DatePrecision,
): { published?: string; publishedPrecision?: DatePrecision } {
  if (value === undefined || value === '') return {};
  const published = isoDate(value);
  return { published, publishedPrecision: precision ?? precisionOf(published) };
}

/** A stored source as the API shows it (see the top of this file). */
export function displaySource(source: string, cwd = process.cwd()): string {
  if (!isAbsolute(source)) return source;
  const inside = relative(cwd, source);
  if (inside !== '' && !inside.startsWith('..') && !isAbsolute(inside)) return inside;
  const folder = basename(dirname(source));
  return folder ? `${folder}/${basename(source)}` : basename(source);
}

function inferred(p: PublishedDate): PublishedDate {
  return { ...p, value: isoDate(p.value) };
}

function storyArticle(a: StoryArticle): StoryArticle & { publishedPrecision?: DatePrecision } {
  const { published, inferredPublished, ...rest } = a;
  return {
    ...rest,
    ...publishedFields(published),
    ...(inferredPublished ? { inferredPublished: inferred(inferredPublished) } : {}),
  };
}

/** A story as the API serves it: its articles' dates in the one shape. */
export function presentStory(story: Story): object {
  return { ...story, articles: story.articles.map(storyArticle) };
}

/** A story list item as the API shows it: first and last publication dates as ISO 8601, each with its precision. */
export type PresentedStorySummary<T extends StorySummary> = T & {
  firstPublishedPrecision?: DatePrecision;
  lastPublishedPrecision?: DatePrecision;
};

/**
 * A story list item (or story hit): first and last publication dates as ISO 8601 with the precision beside each,
 * as every `published` has it. The stories table keeps the values only, so the precision is the one their shape
 * shows (the date helper's precisionOf: `2025-03` is a month, `2025-03-09T09:00:00+01:00` a time).
 */
export function presentStorySummary<T extends StorySummary>(s: T): PresentedStorySummary<T> {
  const { firstPublished, lastPublished, ...rest } = s;
  const first = firstPublished ? publishedFields(firstPublished) : {};
  const last = lastPublished ? publishedFields(lastPublished) : {};
  return {
    ...rest,
    ...(first.published ? { firstPublished: first.published, firstPublishedPrecision: first.publishedPrecision } : {}),
    ...(last.published ? { lastPublished: last.published, lastPublishedPrecision: last.publishedPrecision } : {}),
  } as PresentedStorySummary<T>;
}

/** An article record for the API: flat `published` / `publishedPrecision` / `publishedFrom`, a relative source. */
export function presentArticle(article: Article): object {
  const { published, source, ...rest } = article;
  return {
    ...rest,
    source: displaySource(source),
    ...publishedFields(published?.value, published?.precision),
    ...(published ? { publishedFrom: published.from } : {}),
  };
}

export function presentSummary<T extends ArticleSummary>(a: T): T {
  const { published, publishedPrecision, source, ...rest } = a;
  return { ...rest, source: displaySource(source), ...publishedFields(published, publishedPrecision) } as T;
}

export function presentHit(hit: SearchHit): SearchHit {
  return presentSummary(hit);
}
