// Uploaded files and posted records → RawDocuments, in memory: nothing is written to disk, and a file's
// name is only a label (never a path). Files go through the same reader as files on disk (itemsFromBytes).
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '../ingest/decode.js';
import { describeError, IngestError } from '../ingest/errors.js';
import { FOLDER_MANIFEST, type IngestItem, itemsFromBytes } from '../ingest/read.js';
import { parseJsonDocument, toArticleRecord } from '../ingest/records.js';
import { binaryFormat, binaryTextProblem, hasManyHtmlTags, isGzip, sniffMarkup } from '../ingest/sniff.js';
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

/**
 * The documents of a batch of uploaded files. A file named `manifest.jsonl` is the batch's manifest (as in a
 * folder on disk): its fields override what the other files say, matched by file name.
 */
export async function documentsFromUploads(files: UploadedFile[], maxBytes: number): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  const manifest = new Map<string, SidecarMeta>();
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
    const label = uploadLabel(file.name);
    // The same reader as files on disk: the name is only a label, the manifest is matched by it.
    items.push(
      ...(await itemsFromBytes({
        source: `upload:${label}`,
        name: label,
        bytes: file.bytes,
        maxBytes,
        manifest,
        manifestKey: label,
      })),
    );
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
