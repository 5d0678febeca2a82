// Uploaded files and posted records → RawDocuments, in memory: nothing is written to disk, and a file's
// name is only a label (never a path). Mirrors what ingest/read.ts does for files on disk.
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '../ingest/decode.js';
import { describeError, IngestError } from '../ingest/errors.js';
import { manifestMetaFor } from '../ingest/manifest.js';
import { FOLDER_MANIFEST, type IngestItem } from '../ingest/read.js';
import {
  type ArticleRecord,
  looksLikeJsonl,
  parseJsonDocument,
  parseJsonl,
  toArticleRecord,
} from '../ingest/records.js';
import { binaryFormat, binaryTextProblem, hasAnyTag, hasManyHtmlTags, isGzip, sniffMarkup } from '../ingest/sniff.js';
import type { RawDocument, SidecarMeta } from '../model.js';

export interface UploadedFile {
  /** The file name the browser sent (a label only). */
  name: string;
  bytes: Buffer;
}

const MANIFEST_FIELDS = ['url', 'title', 'published', 'outlet', 'byline', 'language'] as const;

/** A label safe to show and store: the base name, without control characters, at most 200 characters. */
export function uploadLabel(name: string): string {
  // control characters are what is removed
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '');
  return (base || 'upload').slice(0, 200);
}

/** An uploaded `manifest.jsonl`: one `{"file", …}` a line; keyed by `file` as written and by its base name. */
export function parseUploadedManifest(text: string): Map<string, SidecarMeta> {
  const manifest = new Map<string, SidecarMeta>();
  const trimmed = text.trim();
  const values: { where: string; value: unknown }[] = [];
  if (trimmed.startsWith('[')) {
    const parsed = parseJsonDocument(trimmed);
    if (!('value' in parsed) || !Array.isArray(parsed.value)) throw new IngestError('manifest is not a JSON array');
    for (const [i, value] of parsed.value.entries()) values.push({ where: `entry ${i + 1}`, value });
  } else {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = parseJsonDocument(line);
      if (!('value' in parsed)) throw new IngestError(`manifest line ${i + 1}: ${parsed.error}`);
      values.push({ where: `line ${i + 1}`, value: parsed.value });
    });
  }
  for (const { where, value } of values) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new IngestError(`manifest ${where}: expected a JSON object like {"file": "a.txt"}`);
    }
    const entry = value as Record<string, unknown>;
    if (typeof entry.file !== 'string' || entry.file.trim() === '') {
      throw new IngestError(`manifest ${where}: "file" is missing or not a string`);
    }
    const meta: SidecarMeta = {};
    for (const key of MANIFEST_FIELDS) {
      const field = entry[key];
      if (typeof field === 'string' && field.trim() !== '') meta[key] = field.trim();
    }
    const file = entry.file.trim();
    for (const key of new Set([file, basename(file)])) manifest.set(key, { ...manifest.get(key), ...meta });
  }
  return manifest;
}

type Format = { kind: 'html' } | { kind: 'text' } | { kind: 'jsonl' } | { kind: 'json'; value: unknown };

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Content first, the name's extension only where the content is ambiguous (as ingest/read.ts decides). */
function chooseFormat(name: string, text: string): Format {
  const ext = name.match(/\.[^.]+$/)?.[0]?.toLowerCase() ?? '';
  const markup = sniffMarkup(text);
  if (markup?.kind === 'feed') throw new IngestError(`feeds are not supported yet (<${markup.root}> feed)`);
  if (markup?.kind === 'warc') throw new IngestError('WARC archives are not supported yet');
  if (markup?.kind === 'html') return { kind: 'html' };
  const isHtmlExt = ext === '.html' || ext === '.htm' || ext === '.xhtml';
  if (markup?.kind === 'xml') {
    if (isHtmlExt) return { kind: 'html' };
    throw new IngestError(`XML document (<${markup.root}>), not an article`);
  }
  const start = text.trimStart().replace(/^\uFEFF/, '')[0];
  if (start === '{' || start === '[') {
    const parsed = parseJsonDocument(text);
    const isJsonExt = ext === '.json' || ext === '.jsonl' || ext === '.ndjson';
    if ('value' in parsed && Array.isArray(parsed.value) && (isJsonExt || parsed.value.some(isObject))) {
      return { kind: 'json', value: parsed.value };
    }
    if (ext === '.jsonl' || ext === '.ndjson') return { kind: 'jsonl' };
    if ('value' in parsed && isObject(parsed.value)) return { kind: 'json', value: parsed.value };
    if (looksLikeJsonl(text)) return { kind: 'jsonl' };
    if (ext === '.json') throw new IngestError('error' in parsed ? parsed.error : 'JSON holds no article records');
  }
  if (hasManyHtmlTags(text) || (isHtmlExt && hasAnyTag(text))) return { kind: 'html' };
  return { kind: 'text' };
}

/** Bytes → text, refusing binaries; gunzips within the limit. */
export function decodeUpload(bytes: Buffer, maxBytes: number): { text: string; encoding: string; gz: boolean } {
  let content = bytes;
  const gz = isGzip(content);
  if (gz) {
    try {
      content = gunzipSync(content, { maxOutputLength: maxBytes });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new IngestError(
        code === 'ERR_BUFFER_TOO_LARGE' ? 'gunzipped content is over the size limit' : 'bad gzip data',
      );
    }
  }
  const magic = binaryFormat(content);
  if (magic) throw new IngestError(`binary content (${magic}), not an article`);
  const { text, encoding } = decodeBytes(content);
  if (text.trim() === '') throw new IngestError('empty file');
  const binary = binaryTextProblem(text);
  if (binary) throw new IngestError(`binary content (${binary}), not an article`);
  return { text, encoding, gz };
}

function itemsOfFile(
  file: UploadedFile,
  maxBytes: number,
  manifest: Map<string, SidecarMeta>,
  fetchedAt: string,
): IngestItem[] {
  const label = uploadLabel(file.name);
  const source = `upload:${label}`;
  try {
    const { text, encoding, gz } = decodeUpload(file.bytes, maxBytes);
    const name = gz ? label.replace(/\.gz$/i, '') : label;
    const format = chooseFormat(name, text);
    if (format.kind === 'html' || format.kind === 'text') {
      const meta = { ...manifestMetaFor(manifest, label) };
      return [{ ok: true, doc: { source, kind: format.kind, content: text, encoding, fetchedAt, meta } }];
    }
    const toItem = (src: string, record: ArticleRecord, line?: number): IngestItem => ({
      ok: true,
      doc: {
        source: src,
        kind: record.kind,
        content: record.content,
        encoding,
        fetchedAt,
        meta: { ...record.meta, ...manifestMetaFor(manifest, label, line) },
      },
    });
    if (format.kind === 'jsonl') {
      return [...parseJsonl(text)].map((line) => {
        const src = `${source}#L${line.line}`;
        return 'error' in line ? { ok: false, source: src, error: line.error } : toItem(src, line.record, line.line);
      });
    }
    const isArray = Array.isArray(format.value);
    const records: unknown[] = isArray ? (format.value as unknown[]) : [format.value];
    if (records.length === 0) throw new IngestError('JSON array holds no records');
    return records.map((value, i) => {
      const src = isArray ? `${source}#[${i}]` : source;
      try {
        return toItem(src, toArticleRecord(value));
      } catch (err) {
        return { ok: false, source: src, error: describeError(err) };
      }
    });
  } catch (err) {
    return [{ ok: false, source, error: describeError(err) }];
  }
}

/**
 * The documents of a batch of uploaded files. A file named `manifest.jsonl` is the batch's manifest (as in a
 * folder on disk): its fields override what the other files say, matched by file name.
 */
export function documentsFromUploads(files: UploadedFile[], maxBytes: number): IngestItem[] {
  const items: IngestItem[] = [];
  const manifest = new Map<string, SidecarMeta>();
  const fetchedAt = new Date().toISOString();
  for (const file of files) {
    if (uploadLabel(file.name) !== FOLDER_MANIFEST) continue;
    try {
      const { text } = decodeUpload(file.bytes, maxBytes);
      for (const [key, meta] of parseUploadedManifest(text)) manifest.set(key, meta);
    } catch (err) {
      items.push({ ok: false, source: `upload:${FOLDER_MANIFEST}`, error: describeError(err) });
    }
  }
  for (const file of files) {
    if (uploadLabel(file.name) === FOLDER_MANIFEST) continue;
    items.push(...itemsOfFile(file, maxBytes, manifest, fetchedAt));
  }
  return items;
}

/** A posted JSON record shaped like a JSONL input line (`text` or `html`, `title`, `url`, `published`, `outlet`). */
export function documentFromRecord(value: unknown): RawDocument {
  const record = toArticleRecord(value);
  return {
    source: record.meta.url ? `api:${record.meta.url}` : 'api:record',
    kind: record.kind,
    content: record.content,
    encoding: 'utf-8',
    fetchedAt: new Date().toISOString(),
    meta: record.meta,
  };
}

/** A fetched page: HTML or text by its content type and content. */
export function documentFromFetched(url: string, contentType: string, bytes: Buffer, maxBytes: number): RawDocument {
  const { text, encoding } = decodeUpload(bytes, maxBytes);
  const isHtml = /html|xml/i.test(contentType) || sniffMarkup(text)?.kind === 'html' || hasManyHtmlTags(text);
  if (!isHtml && !/^text\//i.test(contentType) && contentType !== '') {
    throw new IngestError(`${contentType.split(';')[0]} is not an article (expected HTML or text)`);
  }
  return {
    source: url,
    kind: isHtml ? 'html' : 'text',
    content: text,
    encoding,
    fetchedAt: new Date().toISOString(),
    meta: { url },
  };
}
