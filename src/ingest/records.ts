// JSON and JSONL article records: `{text|html, url, title, published, outlet, byline?, id?, language?}`.
import type { ContentKind, SidecarMeta } from '../model.js';
import { IngestError, oneLine } from './errors.js';

export interface ArticleRecord {
  kind: ContentKind;
  content: string;
  meta: SidecarMeta;
}

const META_FIELDS = ['url', 'title', 'published', 'outlet', 'byline', 'language'] as const;

/** Validate one parsed record. Throws an IngestError naming what is wrong with it. */
export function toArticleRecord(value: unknown): ArticleRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IngestError(`record is ${describeJsonType(value)}, not a JSON object`);
  }
  const record = value as Record<string, unknown>;
  // When both are given, HTML wins: it keeps the title, dates and structure the extractor uses.
  const field = record.html !== undefined && record.html !== null ? 'html' : 'text';
  const content = record[field];
  if (content === undefined || content === null) throw new IngestError('record has no "text" or "html" field');
  if (typeof content !== 'string') {
    throw new IngestError(`record's "${field}" field is ${describeJsonType(content)}, not a string`);
  }
  if (content.trim() === '') throw new IngestError(`record's "${field}" field is empty`);

  const meta: SidecarMeta = {};
  for (const key of META_FIELDS) {
    const raw = record[key] ?? (key === 'language' ? record.lang : undefined);
    if (typeof raw === 'string' && raw.trim() !== '') meta[key] = raw.trim();
  }
  return { kind: field, content, meta };
}

/** Parse a whole JSON document, keeping the parse error as one line. */
export function parseJsonDocument(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: jsonErrorText(err) };
  }
}

export type JsonlLine = { line: number; record: ArticleRecord } | { line: number; error: string };

/** One entry per non-blank line, numbered from 1 as an editor shows them. */
export function* parseJsonl(text: string): Generator<JsonlLine> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      yield { line: i + 1, error: jsonErrorText(err) };
      continue;
    }
    try {
      yield { line: i + 1, record: toArticleRecord(value) };
    } catch (err) {
      yield { line: i + 1, error: err instanceof Error ? oneLine(err.message) : String(err) };
    }
  }
}

/** Whether the first non-blank line is a JSON object on its own: the mark of JSONL. */
export function looksLikeJsonl(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined) return false;
  try {
    const value: unknown = JSON.parse(first);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

function jsonErrorText(err: unknown): string {
  return `invalid JSON: ${err instanceof Error ? oneLine(err.message) : String(err)}`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
