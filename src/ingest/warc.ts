// WARC archives (ISO 28500, WARC/1.0 and 1.1), plain or gzipped per record: HTML and plain-text HTTP responses
// become documents; every other record (requests, metadata, revisits, images, errors) is counted and skipped.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { brotliDecompressSync, createGunzip, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { ContentKind, RawDocument, SidecarMeta } from '../model.js';
import { decodeBytes, decodeWindows1252 } from './decode.js';
import { describeError, formatSize, IngestError } from './errors.js';
import { manifestMetaFor } from './manifest.js';
import { sniffMarkup } from './sniff.js';

/** Largest WARC file accepted, in bytes on disk: archives are streamed, so this bounds time, not memory. */
export const DEFAULT_MAX_WARC_BYTES = 200 * 1024 * 1024;
/** A WARC or HTTP header block longer than this is not a header block. */
const MAX_HEADER_BYTES = 64 * 1024;

export type WarcItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };

/** What an archive held, for callers that report it: records read, documents yielded, and skips by reason. */
export interface WarcStats {
  records: number;
  documents: number;
  /** `request`, `metadata`, `warcinfo`, `revisit`, `response: image/png`, `response: status 404`, … → count. */
  skipped: Record<string, number>;
}

export interface WarcOptions {
  /** Largest decoded document (and largest record kept in memory), in bytes. */
  maxBytes: number;
  /** Largest archive file on disk. Default DEFAULT_MAX_WARC_BYTES. */
  maxWarcBytes?: number;
  manifest?: Map<string, SidecarMeta>;
  /** Filled in while reading, if given. */
  stats?: WarcStats;
}

/** `.warc` and `.warc.gz` files are read by streaming through `readWarcFile`, not into memory. */
export function isWarcName(path: string): boolean {
  return /\.warc(\.gz)?$/i.test(path);
}

/**
 * The documents of a WARC file, in record order; source `path#<n>` (n = the record's 1-based place in the file).
 * A truncated or corrupt record gives one failure naming it and ends the file; the records before it stand.
 */
export async function* readWarcFile(path: string, opts: WarcOptions): AsyncGenerator<WarcItem> {
  const maxWarcBytes = opts.maxWarcBytes ?? DEFAULT_MAX_WARC_BYTES;
  let gzipped: boolean;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new IngestError('not a regular file');
    if (info.size === 0) throw new IngestError('empty file');
    if (info.size > maxWarcBytes) {
      throw new IngestError(`WARC file is ${formatSize(info.size)}, over the ${formatSize(maxWarcBytes, true)} limit`);
    }
    gzipped = await startsWithGzipMagic(path);
  } catch (err) {
    yield { ok: false, source: path, error: describeError(err) };
    return;
  }
  // createGunzip reads every member of a multi-member file (one member per record is the usual layout).
  const raw = createReadStream(path);
  const bytes = gzipped ? raw.pipe(createGunzip()) : raw;
  if (gzipped) raw.on('error', (err) => bytes.destroy(err));
  try {
    yield* readWarcRecords(bytes as AsyncIterable<Buffer>, path, opts);
  } finally {
    bytes.destroy();
    raw.destroy();
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** The documents of WARC content already decompressed (a stream, or one buffer as `[bytes]`). */
export async function* readWarcRecords(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  path: string,
  opts: WarcOptions,
): AsyncGenerator<WarcItem> {
  const stats = opts.stats ?? { records: 0, documents: 0, skipped: {} };
  const input = new ByteReader(chunks);
  const wholeFileMeta = manifestMetaFor(opts.manifest, path);
  for (let n = 1; ; n++) {
    const source = `${path}#${n}`;
    let record: WarcRecord | undefined;
    try {
      record = await readRecord(input, n, opts.maxBytes);
    } catch (err) {
      const error = describeError(err);
      yield { ok: false, source, error: error.startsWith('WARC record') ? error : `WARC record ${n}: ${error}` };
      return;
    }
    if (!record) {
      if (n === 1) yield { ok: false, source: path, error: 'WARC file holds no records' };
      return;
    }
    stats.records++;
    const outcome = recordDocument(record, opts.maxBytes);
    if ('skip' in outcome) {
      stats.skipped[outcome.skip] = (stats.skipped[outcome.skip] ?? 0) + 1;
      continue;
    }
    if ('error' in outcome) {
      yield { ok: false, source, error: `WARC record ${n}${recordId(record)}: ${outcome.error}` };
      continue;
    }
    stats.documents++;
    const url = record.headers.get('warc-target-uri')?.replace(/^<(.*)>$/, '$1');
    const meta: SidecarMeta = {
      ...(url ? { url } : {}),
      ...wholeFileMeta,
      ...manifestMetaFor(opts.manifest, source),
    };
    const fetchedAt = warcDate(record.headers.get('warc-date'));
    yield {
      ok: true,
      doc: { source, kind: outcome.kind, content: outcome.text, encoding: outcome.encoding, fetchedAt, meta },
    };
  }
}

interface WarcRecord {
  /** Header names lower-cased. */
  headers: Map<string, string>;
  /** The block, or undefined when it was skipped (too large, or of a type that is never a document). */
  block?: Uint8Array;
  /** The block's first bytes when the block itself was too large to keep: enough to tell what it was. */
  head?: Uint8Array;
  length: number;
}

/** Record types whose block can hold an article. */
const DOCUMENT_TYPES = new Set(['response', 'resource']);

async function readRecord(input: ByteReader, n: number, maxBytes: number): Promise<WarcRecord | undefined> {
  let version: string | undefined;
  // Blank lines between records (the CRLFCRLF ending the previous one, or sloppy writers' extras) are passed over.
  do {
    const line = await input.readLine(MAX_HEADER_BYTES);
    if (line === undefined) return undefined;
    version = line.toString('latin1').trim();
  } while (version === '');
  if (!/^WARC\/\d+\.\d+$/.test(version)) {
    throw new IngestError(`WARC record ${n}: expected a "WARC/1.x" version line, found "${version.slice(0, 40)}"`);
  }
  const headers = new Map<string, string>();
  let headerBytes = 0;
  let lastName: string | undefined;
  for (;;) {
    const line = await input.readLine(MAX_HEADER_BYTES);
    if (line === undefined) throw new IngestError(`WARC record ${n} is truncated in its headers`);
    headerBytes += line.length;
    if (headerBytes > MAX_HEADER_BYTES) throw new IngestError(`WARC record ${n} has over 64 KB of headers`);
    const text = line.toString('utf8').replace(/\r?\n$/, '');
    if (text === '') break;
    if (/^[ \t]/.test(text) && lastName) {
      headers.set(lastName, `${headers.get(lastName)} ${text.trim()}`); // folded continuation line
      continue;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) throw new IngestError(`WARC record ${n} has a malformed header line "${text.slice(0, 40)}"`);
    lastName = text.slice(0, colon).trim().toLowerCase();
    headers.set(lastName, text.slice(colon + 1).trim());
  }
  const lengthText = headers.get('content-length');
  const length = Number(lengthText);
  if (lengthText === undefined || !/^\d+$/.test(lengthText) || !Number.isSafeInteger(length)) {
    throw new IngestError(`WARC record ${n}${idOf(headers)} has no valid Content-Length`);
  }
  const type = (headers.get('warc-type') ?? '').toLowerCase();
  // Blocks that can never become a document are skipped without being kept in memory; of a block over the limit
  // only the head is kept, to tell an over-large page (a failure) from a video (skipped).
  const candidate = DOCUMENT_TYPES.has(type);
  const keep = candidate && length <= maxBytes + MAX_HEADER_BYTES;
  const block = keep ? await input.read(length) : undefined;
  const head = candidate && !keep ? await input.read(MAX_HEADER_BYTES) : undefined;
  const read = block ? block.length : (head?.length ?? 0) + (keep ? 0 : await input.skip(length - (head?.length ?? 0)));
  if (read < length) {
    throw new IngestError(`WARC record ${n}${idOf(headers)} is truncated: ${read} of ${length} block bytes`);
  }
  return { headers, block, head, length };
}

type Outcome = { skip: string } | { error: string } | { kind: ContentKind; text: string; encoding: string };

function recordDocument(record: WarcRecord, maxBytes: number): Outcome {
  const type = (record.headers.get('warc-type') ?? 'untyped').toLowerCase();
  if (!DOCUMENT_TYPES.has(type)) return { skip: type };
  const block = record.block ?? record.head ?? new Uint8Array(0);
  const tooLarge = record.block
    ? undefined
    : `block is ${formatSize(record.length)}, over the ${formatSize(maxBytes, true)} limit`;
  const warcType = mediaType(record.headers.get('content-type'));
  let contentType: string | undefined;
  let body: Uint8Array;
  if (type === 'response' && (warcType === 'application/http' || startsWithHttp(block))) {
    const http = parseHttpResponse(block);
    if ('error' in http) return { error: tooLarge ?? http.error };
    if (http.status < 200 || http.status > 299) return { skip: `response: status ${http.status}` };
    contentType = http.headers.get('content-type');
    try {
      body = tooLarge ? http.body : decodeTransfer(http.body, http.headers, maxBytes);
    } catch (err) {
      return { error: describeError(err) };
    }
  } else if (type === 'response' && warcType && warcType !== 'application/http') {
    return { skip: `response: ${warcType}` }; // e.g. DNS records (text/dns) from Heritrix
  } else {
    contentType = record.headers.get('content-type');
    body = block;
  }
  const kind = documentKind(mediaType(contentType), body);
  if (typeof kind !== 'string') return { skip: `${type}: ${kind.other}` };
  if (tooLarge) return { error: tooLarge };
  if (body.length === 0) return { skip: `${type}: empty` };
  if (body.length > maxBytes)
    return { error: `document is ${formatSize(body.length)}, over the ${formatSize(maxBytes, true)} limit` };
  const { text, encoding } = decodeWithCharset(body, charsetOf(contentType));
  if (text.trim() === '') return { skip: `${type}: empty` };
  return { kind, text, encoding };
}

function recordId(record: WarcRecord): string {
  return idOf(record.headers);
}

function idOf(headers: Map<string, string>): string {
  const id = headers.get('warc-record-id');
  return id ? ` ${id}` : '';
}

function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  return type || undefined;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType?.match(/;\s*charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}

/** HTML or plain text by media type; with none given, HTML when the body starts like HTML. */
function documentKind(type: string | undefined, body: Uint8Array): ContentKind | { other: string } {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'text';
  if (type === undefined || type === 'application/octet-stream') {
    const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, 4096)).toString('latin1');
    if (sniffMarkup(head)?.kind === 'html') return 'html';
  }
  return { other: type ?? 'unknown type' };
}

function startsWithHttp(block: Uint8Array): boolean {
  return Buffer.from(block.buffer, block.byteOffset, Math.min(block.length, 5)).toString('latin1') === 'HTTP/';
}

interface HttpResponse {
  status: number;
  headers: Map<string, string>;
  body: Uint8Array;
}

function parseHttpResponse(block: Uint8Array): HttpResponse | { error: string } {
  const buf = Buffer.from(block.buffer, block.byteOffset, block.length);
  // CRLF by the RFC; bare LF from some writers.
  let end = buf.indexOf('\r\n\r\n');
  let gap = 4;
  const lfEnd = buf.indexOf('\n\n');
  if (end < 0 || (lfEnd >= 0 && lfEnd < end)) [end, gap] = [lfEnd, 2];
  if (end < 0) return { error: 'HTTP response has no end of headers' };
  const lines = buf.subarray(0, end).toString('latin1').split(/\r?\n/);
  const status = Number(lines[0].match(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/)?.[1]);
  if (!status) return { error: `malformed HTTP status line "${lines[0].slice(0, 40)}"` };
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { status, headers, body: buf.subarray(end + gap) };
}

/** Undo `Transfer-Encoding: chunked` and `Content-Encoding: gzip|deflate|br`, as archived by crawlers that keep raw bytes. */
function decodeTransfer(body: Uint8Array, headers: Map<string, string>, maxBytes: number): Uint8Array {
  let bytes = body;
  if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) bytes = dechunk(bytes);
  const codings = (headers.get('content-encoding') ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  for (const coding of codings.reverse()) bytes = decompress(bytes, coding, maxBytes);
  return bytes;
}

/**
 * Chunked body → bytes. Some archivers store the body already de-chunked but keep the header: a body that does
 * not start with a chunk-size line is taken as it is.
 */
function dechunk(body: Uint8Array): Uint8Array {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buf.indexOf('\n', at);
    const sizeText = lineEnd < 0 ? '' : buf.subarray(at, lineEnd).toString('latin1').split(';')[0].trim();
    if (!/^[\da-fA-F]+$/.test(sizeText)) {
      if (at === 0) return body;
      throw new IngestError('HTTP chunked body is malformed or truncated');
    }
    const size = Number.parseInt(sizeText, 16);
    if (size === 0) break;
    const start = lineEnd + 1;
    if (start + size > buf.length) throw new IngestError('HTTP chunked body is truncated');
    parts.push(buf.subarray(start, start + size));
    at = start + size;
    if (buf[at] === 0x0d) at++;
    if (buf[at] === 0x0a) at++;
  }
  return Buffer.concat(parts);
}

function decompress(bytes: Uint8Array, coding: string, maxBytes: number): Uint8Array {
  const options = { maxOutputLength: maxBytes };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(bytes, options);
    if (coding === 'br') return brotliDecompressSync(bytes, options);
    if (coding === 'deflate') {
      // "deflate" is zlib-wrapped by the RFC, raw deflate from some servers.
      try {
        return inflateSync(bytes, options);
      } catch {
        return inflateRawSync(bytes, options);
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError(`HTTP body expands past the ${formatSize(maxBytes, true)} limit`);
    }
    throw new IngestError(`HTTP body is not valid ${coding} data`);
  }
  throw new IngestError(`HTTP Content-Encoding "${coding}" is not supported`);
}

/**
 * The HTTP charset wins (as in browsers) unless a BOM says otherwise; without one, decode.ts's detection
 * (BOM, <meta charset>, UTF-8, Windows-1252).
 */
function decodeWithCharset(body: Uint8Array, charset: string | undefined): { text: string; encoding: string } {
  const hasBom =
    (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) ||
    (body[0] === 0xff && body[1] === 0xfe) ||
    (body[0] === 0xfe && body[1] === 0xff);
  if (charset && !hasBom) {
    try {
      const encoding = new TextDecoder(charset).encoding;
      if (encoding === 'windows-1252') return { text: decodeWindows1252(body), encoding };
      return { text: new TextDecoder(encoding).decode(body), encoding };
    } catch {
      // an unknown label is ignored, as browsers do
    }
  }
  return decodeBytes(body);
}

/** WARC-Date as an ISO timestamp (it is one already: `2024-05-01T10:00:00Z`); the reading time when absent. */
function warcDate(raw: string | undefined): string {
  const ms = raw ? Date.parse(raw) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date().toISOString();
}

/** Lines and exact byte counts from a stream of chunks, holding only what has not been consumed yet. */
class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;

  constructor(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    this.iterator =
      Symbol.asyncIterator in chunks
        ? (chunks as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
        : (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
  }

  /** The next chunk, or undefined at the end of the input. Stream errors (corrupt gzip) become IngestErrors. */
  private async next(): Promise<Buffer | undefined> {
    if (this.ended) return undefined;
    let next: IteratorResult<Uint8Array>;
    try {
      next = await this.iterator.next();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      throw code.startsWith('Z_') || code.startsWith('ERR_ZLIB')
        ? new IngestError('truncated or corrupt gzip data')
        : err;
    }
    if (next.done) {
      this.ended = true;
      return undefined;
    }
    return Buffer.from(next.value.buffer, next.value.byteOffset, next.value.length);
  }

  /** Append one more chunk to the buffer; false at the end of the input. */
  private async pull(): Promise<boolean> {
    const chunk = await this.next();
    if (!chunk) return false;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }

  /** One line with its `\n`, or the rest at the end of input; undefined when nothing is left. */
  async readLine(limit: number): Promise<Buffer | undefined> {
    let searchFrom = 0;
    for (;;) {
      const lf = this.buffer.indexOf(0x0a, searchFrom);
      if (lf >= 0) return this.take(lf + 1);
      if (this.buffer.length > limit) throw new IngestError(`WARC line longer than ${formatSize(limit)}`);
      searchFrom = this.buffer.length;
      if (!(await this.pull())) return this.buffer.length > 0 ? this.take(this.buffer.length) : undefined;
    }
  }

  /** Exactly `n` bytes, or fewer at the end of input. Chunks are gathered once, not re-copied per chunk. */
  async read(n: number): Promise<Buffer> {
    if (this.buffer.length >= n) return this.take(n);
    const parts = [this.take(this.buffer.length)];
    let have = parts[0].length;
    while (have < n) {
      const chunk = await this.next();
      if (!chunk) break;
      const used = Math.min(chunk.length, n - have);
      parts.push(chunk.subarray(0, used));
      have += used;
      if (used < chunk.length) this.buffer = chunk.subarray(used);
    }
    return Buffer.concat(parts, have);
  }

  /** Drop `n` bytes without keeping them; returns how many there were. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      if (this.buffer.length === 0 && !(await this.pull())) break;
      const step = Math.min(n - skipped, this.buffer.length);
      this.take(step);
      skipped += step;
    }
    return skipped;
  }

  private take(n: number): Buffer {
    const head = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return head;
  }
}
