// Mapping between records and table rows (articles, dedup, watch sources, clustering postings): one for both stores
// (SQLite and PostgreSQL name and type the columns alike).
import type {
  Analysis,
  Article,
  ArticleDedup,
  ArticlePassage,
  DatePrecision,
  DateSource,
  RemovedLine,
  Story,
} from '../model.js';
import type {
  ArticleSummary,
  ClusterPostingRow,
  DedupCanonicalRow,
  SerializedAnalysis,
  StoryChange,
  WatchSourceState,
} from './store.js';

/** The JSON stored for an analysis: as serialised by its worker, or serialised here. */
export function analysisJson(analysis: Analysis | SerializedAnalysis): string {
  return 'json' in analysis ? analysis.json : JSON.stringify(analysis);
}

/** Named parameters of the article INSERT; optional fields are null in SQL. */
export interface ArticleParams {
  id: string;
  source: string;
  url: string | null;
  outlet: string | null;
  title: string | null;
  byline: string | null;
  published: string | null;
  published_precision: string | null;
  published_from: string | null;
  dateline: string | null;
  language: string;
  text: string;
  paragraphs: string;
  removed: string;
  /** JSON array of the article's warnings, or null when it has none. */
  warnings: string | null;
  created_at: string;
}

export type ArticleRow = Omit<ArticleParams, 'created_at'>;

export interface SummaryRow {
  id: string;
  title: string | null;
  outlet: string | null;
  published: string | null;
  url: string | null;
  source: string;
  published_precision: string | null;
  language: string | null;
}

export function articleToParams(article: Article, createdAt: string): ArticleParams {
  return {
    id: article.id,
    source: article.source,
    url: article.url ?? null,
    outlet: article.outlet ?? null,
    title: article.title ?? null,
    byline: article.byline ?? null,
    published: article.published?.value ?? null,
    published_precision: article.published?.precision ?? null,
    published_from: article.published?.from ?? null,
    dateline: article.dateline ?? null,
    language: article.language,
    text: article.text,
    paragraphs: JSON.stringify(article.paragraphs),
    removed: JSON.stringify(article.removed),
    warnings: article.warnings && article.warnings.length > 0 ? JSON.stringify(article.warnings) : null,
    created_at: createdAt,
  };
}

/** The Article as it was saved: optional fields that were absent stay absent (not `undefined`-valued keys). */
export function rowToArticle(row: ArticleRow): Article {
  const article: Article = {
    id: row.id,
    source: row.source,
    language: row.language,
    paragraphs: JSON.parse(row.paragraphs) as string[],
    text: row.text,
    removed: JSON.parse(row.removed) as RemovedLine[],
  };
  if (row.url !== null) article.url = row.url;
  if (row.outlet !== null) article.outlet = row.outlet;
  if (row.title !== null) article.title = row.title;
  if (row.byline !== null) article.byline = row.byline;
  if (row.published !== null) {
    article.published = {
      value: row.published,
      precision: row.published_precision as DatePrecision,
      from: row.published_from as DateSource,
    };
  }
  if (row.dateline !== null) article.dateline = row.dateline;
  if (row.warnings !== null) article.warnings = JSON.parse(row.warnings) as string[];
  return article;
}

export function rowToSummary(row: SummaryRow): ArticleSummary {
  const summary: ArticleSummary = { id: row.id, source: row.source };
  if (row.title !== null) summary.title = row.title;
  if (row.outlet !== null) summary.outlet = row.outlet;
  if (row.published !== null) summary.published = row.published;
  if (row.published_precision !== null) summary.publishedPrecision = row.published_precision as DatePrecision;
  if (row.url !== null) summary.url = row.url;
  if (row.language !== null) summary.language = row.language;
  return summary;
}

/** A row of `article_dedup`: what the dedup stage found for one article. */
export interface DedupRow {
  article_id: string;
  duplicate_of: string | null;
  similarity: number | null;
  /** JSON array of the article's shared passages. */
  passages: string;
}

export function dedupToRow(d: ArticleDedup): DedupRow {
  return {
    article_id: d.article,
    duplicate_of: d.duplicateOf ?? null,
    similarity: d.similarity ?? null,
    passages: JSON.stringify(d.passages),
  };
}

export function rowToDedup(row: DedupRow): ArticleDedup {
  return {
    article: row.article_id,
    ...(row.duplicate_of !== null ? { duplicateOf: row.duplicate_of } : {}),
    ...(row.similarity !== null ? { similarity: Number(row.similarity) } : {}),
    passages: JSON.parse(row.passages) as ArticlePassage[],
  };
}

/** A row of `dedup_canonicals`: the signature as little-endian bytes, the same on every platform. */
export interface CanonicalRow {
  article_id: string;
  published: string | null;
  length: number;
  signature: Uint8Array;
}

export function canonicalToRow(c: DedupCanonicalRow): CanonicalRow {
  const bytes = Buffer.alloc(c.signature.length * 4);
  c.signature.forEach((v, i) => bytes.writeUInt32LE(v, i * 4));
  return { article_id: c.id, published: c.published ?? null, length: c.length, signature: bytes };
}

export function rowToCanonical(row: CanonicalRow): DedupCanonicalRow {
  const bytes = Buffer.from(row.signature.buffer, row.signature.byteOffset, row.signature.byteLength);
  const signature = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return {
    id: row.article_id,
    ...(row.published !== null ? { published: row.published } : {}),
    length: Number(row.length),
    signature,
  };
}

/**
 * A story's earliest and latest publication date (what `stories` keeps for listing), in one pass: sorting every
 * date of a 50,000-article story at each save made the save grow with the story.
 */
export function publishedRange(story: Pick<Story, 'articles'>): { first?: string; last?: string } {
  let first: string | undefined;
  let last: string | undefined;
  for (const a of story.articles) {
    const d = a.published;
    if (!d) continue;
    if (first === undefined || d < first) first = d;
    if (last === undefined || d > last) last = d;
  }
  return { ...(first !== undefined ? { first } : {}), ...(last !== undefined ? { last } : {}) };
}

/** A row of `story_changes` (migration 10 in SQLite, 9 in PostgreSQL added `version` and `detail`). */
export interface ChangeRow {
  story_id: string;
  kind: StoryChange['kind'];
  others: string | null;
  at: string;
  version: number | null;
  /** JSON of what the version changed: the change's fields beyond story, kind, others, at and version. */
  detail: string | null;
}

export function changeToRow(c: StoryChange): ChangeRow {
  const { story, kind, others, at, version, ...detail } = c;
  return {
    story_id: story,
    kind,
    others: others ? JSON.stringify(others) : null,
    at,
    version: version ?? null,
    detail: Object.keys(detail).length > 0 ? JSON.stringify(detail) : null,
  };
}

export function rowToChange(row: ChangeRow): StoryChange {
  return {
    story: row.story_id,
    kind: row.kind,
    ...(row.others ? { others: JSON.parse(row.others) as string[] } : {}),
    at: row.at,
    ...(row.version !== null ? { version: Number(row.version) } : {}),
    ...(row.detail ? (JSON.parse(row.detail) as Partial<StoryChange>) : {}),
  };
}

/** A row of `watch_sources`, as both stores name and type its columns. */
export interface WatchSourceRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  last_poll: string | null;
  next_due: string | null;
  failures: number;
}

export function watchSourceToRow(s: WatchSourceState): WatchSourceRow {
  return {
    url: s.url,
    etag: s.etag ?? null,
    last_modified: s.lastModified ?? null,
    last_poll: s.lastPoll ?? null,
    next_due: s.nextDue ?? null,
    failures: s.failures,
  };
}

export function rowToWatchSource(r: WatchSourceRow): WatchSourceState {
  return {
    url: r.url,
    ...(r.etag !== null ? { etag: r.etag } : {}),
    ...(r.last_modified !== null ? { lastModified: r.last_modified } : {}),
    ...(r.last_poll !== null ? { lastPoll: r.last_poll } : {}),
    ...(r.next_due !== null ? { nextDue: r.next_due } : {}),
    failures: Number(r.failures),
  };
}

/** A posting as both stores read it back (SQL NULL for a span not known). */
export interface PostingRow {
  term: string;
  story: string;
  seq: number | string;
  weight: number;
  firstDay: number | null;
  lastDay: number | null;
}

export function rowToPosting(r: PostingRow): ClusterPostingRow {
  return {
    term: r.term,
    story: r.story,
    seq: Number(r.seq),
    weight: r.weight,
    ...(r.firstDay !== null && r.lastDay !== null ? { firstDay: r.firstDay, lastDay: r.lastDay } : {}),
  };
}
