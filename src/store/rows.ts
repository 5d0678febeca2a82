// Mapping between Article records and rows of the `articles` table: one for both stores (SQLite and PostgreSQL
// name and type the columns alike).
import type { Article, DatePrecision, DateSource, RemovedLine } from '../model.js';
import type { ArticleSummary } from './store.js';

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
  if (row.url !== null) summary.url = row.url;
  return summary;
}
