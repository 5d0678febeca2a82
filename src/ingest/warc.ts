// WARC archives (ISO 28500, WARC/1.0 and 1.1), plain or gzipped per record: HTML and plain-text HTTP 200 responses
// become documents; every other record (requests, metadata, resources, revisits, robots.txt, images, errors,
// redirects) is counted and skipped. A damaged record is one failure and the records after it are still read.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import {
  brotliDecompressSync,
  createInflateRaw,
  gunzipSync,
  type InflateRaw,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';
import type { ContentKind, RawDocument, SidecarMeta } from '../model.js';
import { decodeBytes, decodeWindows1252 } from './decode.js';
import { describeError, formatSize, IngestError } from './errors.js';
import { manifestMetaFor } from './manifest.js';
import { sniffMarkup } from './sniff.js';

/** Largest WARC file accepted, in bytes on disk: archives are streamed, so this bounds time, not memory. */
export const DEFAULT_MAX_WARC_BYTES = 200 * 1024 * 1024;
/** A WARC or HTTP header block longer than this is not a header block. */
const MAX_HEADER_BYTES = 64 * 1024;
/**
 * The only HTTP status whose body is the page itself: 206 is a fragment, 3xx a redirect stub, 4xx/5xx an error
 * page, 204/304 have no body worth reading.
 */
const ARTICLE_STATUS = 200;
/**
 * Target-URI paths of plain-text files every site serves that are never articles (robots.txt above all: crawlers
 * fetch it first on every host).
 */
const NON_ARTICLE_PATHS = new Set(['/robots.txt', '/ads.txt', '/app-ads.txt', '/humans.txt', '/security.txt']);

/**
 * Compressed bytes handed to the inflater at a time. Small enough that one step's output stays bounded (deflate
 * expands at most ~1000×: 16 MB), large enough that the per-step overhead is negligible.
 */
const GZIP_FEED_BYTES = 16 * 1024;

export type WarcItem = { ok: true; doc: RawDocument } | { ok: false; source: string; error: string };

/** What an archive held, for callers that report it: records read, documents yielded, and skips by reason. */
export interface WarcStats {
  records: number;
  documents: number;
  /** `request`, `metadata`, `warcinfo`, `revisit`, `response: image/png`, `response: status 404`, … → count. */
  skipped: Record<string, number>;
  /** Damaged records (each also given as one failed item). */
  damaged: number;
}

export function emptyWarcStats(): WarcStats {
  return { records: 0, documents: 0, skipped: {}, damaged: 0 };
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
 * A damaged record gives one failure naming it (its place, byte offset and record id) and reading goes on with the
 * record after it (see `readWarcRecords`); only a truncated file or corrupt gzip data ends it early.
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
  // Gzip members are inflated one by one (one member per record is the usual layout), so that a corrupt member
  // costs its own record only: reading goes on at the next member.
  const raw = createReadStream(path);
  try {
    // A member that becomes a document is within maxBytes + its headers: held until its CRC is checked.
    const verify = opts.maxBytes + 2 * MAX_HEADER_BYTES;
    const bytes = gzipped ? gunzipMembers(new ByteReader(raw), verify) : (raw as AsyncIterable<Buffer>);
    yield* readWarcRecords(bytes, path, { ...opts, gzipped });
  } finally {
    raw.destroy();
  }
}

/** Where a gzip member was found corrupt: the decompressed stream has a gap here. */
export class StreamBreak {
  constructor(readonly problem: string) {}
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const FHCRC = 2;
/** Flag bits RFC 1952 reserves: set, the bytes are not a member header. */
const FRESERVED = 0xe0;

/** Write one chunk to the inflater; resolves once it is processed, rejects on corrupt data. */
function feed(inflater: InflateRaw, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    inflater.once('error', onError);
    inflater.write(chunk, () => {
      inflater.off('error', onError);
      resolve();
    });
  });
}

/** zlib.crc32 arrived in Node 20.15: on older releases the members' CRCs go unchecked (their sizes still are). */
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * The decompressed bytes of a gzip file of one or more members (RFC 1952), streamed. A member that does not
 * inflate, or whose CRC-32 or size does not match, gives a StreamBreak instead of its bytes, and decompression
 * resumes at the next member header after it. A member's bytes are held back until it is checked when they are at
 * most `verifyBytes` (a record that may become a document); a larger member is passed on as it inflates, and its
 * check can only report damage after the fact.
 */
export async function* gunzipMembers(raw: ByteReader, verifyBytes: number): AsyncGenerator<Buffer | StreamBreak> {
  for (let first = true; ; first = false) {
    const start = raw.offset;
    const header = await raw.read(10);
    if (header.length === 0) return;
    const flags = header[3] ?? 0;
    if (header.length < 10 || !header.subarray(0, 3).equals(GZIP_MAGIC) || flags & FRESERVED) {
      // Zero padding after the last member is common (block-padding writers): not damage.
      if (!first && header.every((b) => b === 0)) {
        if (await raw.skipZeros()) return;
        continue;
      }
      yield new StreamBreak(`no gzip member at file byte ${start}`);
      raw.unread(header.subarray(1));
      if (!(await raw.skipToGzipMember())) return;
      continue;
    }
    try {
      if (flags & FEXTRA) {
        const len = await raw.read(2);
        await raw.skip((len[0] ?? 0) | ((len[1] ?? 0) << 8));
      }
      if (flags & FNAME) await raw.skipPastZero(MAX_HEADER_BYTES);
      if (flags & FCOMMENT) await raw.skipPastZero(MAX_HEADER_BYTES);
      if (flags & FHCRC) await raw.skip(2);
      let held: Buffer[] | undefined = [];
      let size = 0;
      let crc = 0;
      const whole = await inflateBuffered(raw, verifyBytes);
      for await (const chunk of whole ? [whole] : inflateMember(raw)) {
        size += chunk.length;
        if (crc32) crc = crc32(chunk, crc);
        if (held && size <= verifyBytes) {
          held.push(chunk);
          continue;
        }
        if (held) yield* held.splice(0);
        held = undefined;
        yield chunk;
      }
      const trailer = await raw.read(8);
      if (trailer.length < 8) throw new IngestError('truncated gzip member');
      if (crc32 && trailer.readUInt32LE(0) !== crc >>> 0) throw new IngestError('CRC-32 mismatch');
      if (trailer.readUInt32LE(4) !== size % 2 ** 32) throw new IngestError('size mismatch');
      if (held) yield* held;
    } catch (err) {
      yield new StreamBreak(`corrupt gzip data in the member at file byte ${start}: ${describeError(err)}`);
      if (!(await raw.skipToGzipMember())) return;
    }
  }
}

/**
 * The member inflated at once, when all of it is already buffered (the common case: a record of a few KB) and its
 * output fits in `maxOutput`; undefined when it must be streamed. Throws on corrupt data. Several times faster than
 * the stream for small members.
 */
async function inflateBuffered(raw: ByteReader, maxOutput: number): Promise<Buffer | undefined> {
  const buffered = await raw.buffered();
  let result: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    const options = { info: true, maxOutputLength: Math.max(1, maxOutput) };
    result = inflateRawSync(buffered, options) as unknown as typeof result;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // The member goes on past what is buffered, or inflates to more than may be held: stream it.
    if (code === 'Z_BUF_ERROR' || code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw err;
  }
  raw.drop(result.engine.bytesWritten);
  return result.buffer;
}

/** One member's deflate data, inflated; the bytes after its end are left in `raw`. Throws on corrupt data. */
async function* inflateMember(raw: ByteReader): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw();
  const out: Buffer[] = [];
  inflater.on('data', (chunk: Buffer) => out.push(chunk));
  let written = 0;
  try {
    for (;;) {
      const chunk = await raw.takeUpTo(GZIP_FEED_BYTES);
      if (chunk.length === 0) throw new IngestError('truncated gzip member');
      const before = inflater.bytesWritten;
      try {
        await feed(inflater, chunk);
      } catch (err) {
        // The member is corrupt somewhere before or in this chunk: the next member may start inside it.
        raw.unread(chunk.subarray(1));
        throw err;
      }
      written += chunk.length;
      yield* out.splice(0);
      const used = inflater.bytesWritten - before;
      if (used < chunk.length) {
        // The member ended inside this chunk (or before it): the rest belongs to what follows.
        raw.unread(chunk.subarray(used));
        return;
      }
      if (inflater.bytesWritten !== written) throw new IngestError('gzip accounting mismatch');
    }
  } finally {
    inflater.destroy();
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

/**
 * A record that cannot be read as it stands. `resync`: reading can go on at the next `WARC/1.0` or `WARC/1.1` line
 * (the headers did not parse, or the Content-Length does not end the record); otherwise the input ends here.
 */
class DamagedRecord extends IngestError {
  override name = 'DamagedRecord';
  /** `id`: ` <urn:uuid:…>` (with its leading space) when the record's id was read, else empty. */
  constructor(
    message: string,
    readonly resync: boolean,
    readonly id = '',
  ) {
    super(message);
  }
}

/**
 * The documents of WARC content already decompressed (a stream, or one buffer as `[bytes]`).
 * A record whose headers parse but whose block is bad (malformed HTTP, over the size limit) is skipped by its
 * Content-Length; a record whose headers do not parse, or whose Content-Length does not end where the next record
 * begins, is skipped by reading on to the next line that starts a record (`WARC/1.0`, `WARC/1.1`). Either way it is
 * one failed item, `WARC record <n> at byte <offset> <record id>: <problem>`, and the records after it are read.
 * Skipped records (requests, metadata, non-200 responses, images, robots.txt, …) are counted in `opts.stats`, not
 * failed. One pass over the bytes, holding at most one record.
 */
export async function* readWarcRecords(
  chunks: AsyncIterable<Uint8Array | StreamBreak> | Iterable<Uint8Array | StreamBreak>,
  path: string,
  opts: WarcOptions & { gzipped?: boolean },
): AsyncGenerator<WarcItem> {
  const stats = opts.stats ?? emptyWarcStats();
  const input = new ByteReader(chunks);
  const wholeFileMeta = manifestMetaFor(opts.manifest, path);
  // Offsets count bytes of the decompressed stream: for a .warc.gz they are not file offsets.
  const at = (offset: number) => `at ${opts.gzipped ? 'uncompressed ' : ''}byte ${offset}`;
  let sawRecord = false;
  // Damage met while skipping past earlier damage (the next gzip member is corrupt too): the next record's failure.
  let pending: { err: DamagedRecord; offset: number } | undefined;
  for (let n = 1; ; n++) {
    const source = `${path}#${n}`;
    let record: WarcRecord | undefined;
    let offset = input.offset;
    let failure: unknown;
    if (pending) {
      ({ err: failure, offset } = pending);
      pending = undefined;
    } else {
      let started = false;
      try {
        offset = await input.skipBlankLines();
        started = true;
        record = await readRecord(input, opts.maxBytes);
      } catch (err) {
        failure = err;
        // Damage met among the blank lines before a record is where that record starts.
        if (!started) offset = input.offset;
      }
    }
    if (failure !== undefined) {
      if (!(failure instanceof DamagedRecord)) {
        yield { ok: false, source, error: `WARC record ${n} ${at(offset)}: ${describeError(failure)}` };
        return;
      }
      stats.damaged++;
      const where = `WARC record ${n} ${at(offset)}${failure.id}`;
      if (!failure.resync) {
        yield { ok: false, source, error: `${where}: ${failure.message}` };
        return;
      }
      let skipped: number | undefined;
      try {
        skipped = await input.skipToRecordStart();
      } catch (scanErr) {
        if (!(scanErr instanceof DamagedRecord && scanErr.resync)) {
          yield { ok: false, source, error: `${where}: ${failure.message}; then ${describeError(scanErr)}` };
          return;
        }
        yield { ok: false, source, error: `${where}: ${failure.message}; the record after it is damaged too` };
        sawRecord = true;
        pending = { err: scanErr, offset: input.offset };
        continue;
      }
      if (skipped === undefined && !sawRecord) {
        // Nothing in the whole file reads as a record: one line saying so, not a record number.
        yield { ok: false, source: path, error: `not a WARC file: ${failure.message}` };
        return;
      }
      // The damaged stretch, from the record's start to the next record's.
      const after =
        skipped === undefined
          ? 'no record follows it'
          : input.offset === offset
            ? `the next record starts ${at(input.offset)}` // a corrupt gzip member: its bytes never came out
            : `skipped ${formatSize(input.offset - offset)} to the next record ${at(input.offset)}`;
      yield { ok: false, source, error: `${where}: ${failure.message}; ${after}` };
      sawRecord = true;
      if (skipped === undefined) return;
      continue;
    }
    if (!record) {
      if (!sawRecord) yield { ok: false, source: path, error: 'WARC file holds no records' };
      return;
    }
    sawRecord = true;
    stats.records++;
    const outcome = recordDocument(record, opts.maxBytes);
    if ('skip' in outcome) {
      stats.skipped[outcome.skip] = (stats.skipped[outcome.skip] ?? 0) + 1;
      continue;
    }
    if ('error' in outcome) {
      yield { ok: false, source, error: `WARC record ${n} ${at(offset)}${recordId(record)}: ${outcome.error}` };
      continue;
    }
    stats.documents++;
    const url = targetUri(record);
    const meta: SidecarMeta = {
      // Any URI is passed on: extraction keeps only http(s) ones, with a warning for the rest.
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

/** Record types whose block can hold an article: an HTTP response. (`resource` records are files, logs, lists.) */
const DOCUMENT_TYPES = new Set(['response']);

/** `WARC/1.0` or `WARC/1.1` (with its line end): the start of a record, and what resynchronising looks for. */
const VERSION_LINE = /^WARC\/1\.[01]\r?\n$/;

/** The record at the reader's position (blank lines already passed over), or undefined at the end of the input. */
async function readRecord(input: ByteReader, maxBytes: number): Promise<WarcRecord | undefined> {
  const first = await readHeaderLine(input);
  if (first === undefined) return undefined;
  const version = first.toString('latin1');
  if (!VERSION_LINE.test(version)) {
    const shown = printable(version.trim().slice(0, 40));
    throw new DamagedRecord(`expected a "WARC/1.0" or "WARC/1.1" version line, found "${shown}"`, true);
  }
  const headers = new Map<string, string>();
  let headerBytes = 0;
  let lastName: string | undefined;
  for (;;) {
    const line = await readHeaderLine(input, idOf(headers));
    if (line === undefined) throw new DamagedRecord('truncated in its headers', false, idOf(headers));
    headerBytes += line.length;
    if (headerBytes > MAX_HEADER_BYTES) throw new DamagedRecord('over 64 KB of headers', true, idOf(headers));
    const text = line.toString('utf8').replace(/\r?\n$/, '');
    if (text === '') break;
    if (/^[ \t]/.test(text) && lastName) {
      headers.set(lastName, `${headers.get(lastName)} ${text.trim()}`); // folded continuation line
      continue;
    }
    const colon = text.indexOf(':');
    if (colon <= 0) {
      throw new DamagedRecord(`malformed header line "${printable(text.slice(0, 40))}"`, true, idOf(headers));
    }
    lastName = text.slice(0, colon).trim().toLowerCase();
    headers.set(lastName, text.slice(colon + 1).trim());
  }
  const id = idOf(headers);
  const lengthText = headers.get('content-length');
  const length = Number(lengthText);
  if (lengthText === undefined || !/^\d+$/.test(lengthText) || !Number.isSafeInteger(length)) {
    throw new DamagedRecord('no valid Content-Length', true, id);
  }
  const type = (headers.get('warc-type') ?? '').toLowerCase();
  // Blocks that can never become a document are skipped without being kept in memory; of a block over the limit
  // only the head is kept, to tell an over-large page (a failure) from a video (skipped).
  const candidate = DOCUMENT_TYPES.has(type);
  const keep = candidate && length <= maxBytes + MAX_HEADER_BYTES;
  const block = keep ? await input.read(length) : undefined;
  const head = candidate && !keep ? await input.read(Math.min(length, MAX_HEADER_BYTES)) : undefined;
  const read = block ? block.length : (head?.length ?? 0) + (keep ? 0 : await input.skip(length - (head?.length ?? 0)));
  if (read < length) {
    // A Content-Length past the end: if the block read holds the start of another record, the length was wrong
    // and the records from there on are kept; else the file was cut off.
    if (block && input.unreadFromRecordStart(block)) {
      throw new DamagedResumed(`Content-Length ${length} runs past the start of the next record`, id);
    }
    throw new DamagedRecord(`truncated: ${read} of ${length} block bytes`, false, id);
  }
  // A record ends with a blank line, then the next record or the end of the input. Anything else means the
  // Content-Length is wrong: too long (the next record began inside what was read as this block: read on from
  // there) or too short (read on to the next record line).
  if (!(await input.atRecordBoundary())) {
    const resumed = block !== undefined && input.unreadFromRecordStart(block);
    const problem = `Content-Length ${length} does not end the record`;
    if (resumed) throw new DamagedResumed(`${problem} (the next record starts inside its block)`, id);
    throw new DamagedRecord(`${problem} (what follows its block is not a record)`, true, id);
  }
  return { headers, block, head, length };
}

/**
 * A damaged record after which the reader is already at the next record: no resynchronising scan is needed
 * (`skipToRecordStart` finds it at once).
 */
class DamagedResumed extends DamagedRecord {
  constructor(message: string, id: string) {
    super(message, true, id);
  }
}

/** One header line; a line over the limit is damage (binary garbage has no line ends), not the end of the file. */
async function readHeaderLine(input: ByteReader, id = ''): Promise<Buffer | undefined> {
  try {
    return await input.readLine(MAX_HEADER_BYTES);
  } catch (err) {
    if (err instanceof LineTooLong) throw new DamagedRecord(err.message, true, id);
    throw err;
  }
}

/** Header text as it may be shown in a one-line error: controls and invalid bytes as `?`. */
function printable(text: string): string {
  return text.replace(/[\x00-\x1f\x7f\ufffd]/g, '?');
}

type Outcome = { skip: string } | { error: string } | { kind: ContentKind; text: string; encoding: string };

function targetUri(record: WarcRecord): string | undefined {
  return record.headers.get('warc-target-uri')?.replace(/^<(.*)>$/, '$1');
}

/** Why a response's target URI is never an article (`metadata://…`, `dns:…`, a robots.txt), or undefined. */
function nonArticleUri(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const scheme = uri.match(/^([a-z][a-z\d+.-]*):/i)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') return `${scheme}: URI`;
  let path: string;
  try {
    path = new URL(uri).pathname.toLowerCase();
  } catch {
    return undefined; // a malformed URI is extraction's to drop, with a warning; the page may still be one
  }
  const file = path.startsWith('/.well-known/') ? `/${path.slice('/.well-known/'.length)}` : path;
  return NON_ARTICLE_PATHS.has(file) ? file.slice(1) : undefined;
}

function recordDocument(record: WarcRecord, maxBytes: number): Outcome {
  const type = (record.headers.get('warc-type') ?? 'untyped').toLowerCase();
  if (!DOCUMENT_TYPES.has(type)) return { skip: type };
  const notArticle = nonArticleUri(targetUri(record));
  if (notArticle) return { skip: `${type}: ${notArticle}` };
  const block = record.block ?? record.head ?? new Uint8Array(0);
  const tooLarge = record.block
    ? undefined
    : `block is ${formatSize(record.length)}, over the ${formatSize(maxBytes, true)} limit`;
  const warcType = mediaType(record.headers.get('content-type'));
  if (warcType !== 'application/http' && !startsWithHttp(block)) {
    // No HTTP status to check: a DNS answer (text/dns), a screenshot, a bare file.
    return { skip: `${type}: ${warcType ?? 'no HTTP response'}` };
  }
  const http = parseHttpResponse(block);
  if ('error' in http) return { error: tooLarge ?? http.error };
  if (http.status !== ARTICLE_STATUS) return { skip: `${type}: status ${http.status}` };
  const contentType = http.headers.get('content-type');
  let body: Uint8Array;
  try {
    body = tooLarge ? http.body : decodeTransfer(http.body, http.headers, maxBytes);
  } catch (err) {
    return { error: describeError(err) };
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

/** A line longer than the reader's limit: no header line is that long, so the bytes are not a header block. */
class LineTooLong extends IngestError {
  override name = 'LineTooLong';
}

const LF = 0x0a;
const CR = 0x0d;
const RECORD_START = Buffer.from('WARC/1.', 'latin1');

function isBlank(byte: number | undefined): boolean {
  return byte === LF || byte === CR || byte === 0x20 || byte === 0x09;
}

/** Whether `buf` holds `WARC/1.0` or `WARC/1.1` and a line end at `at`; undefined when it is too short to tell. */
function versionLineAt(buf: Buffer, at: number): boolean | undefined {
  for (let k = 0; k < RECORD_START.length; k++) {
    if (at + k >= buf.length) return undefined;
    if (buf[at + k] !== RECORD_START[k]) return false;
  }
  const minor = buf[at + 7];
  if (minor === undefined) return undefined;
  if (minor !== 0x30 && minor !== 0x31) return false;
  const end = buf[at + 8];
  if (end === undefined) return undefined;
  if (end === LF) return true;
  if (end !== CR) return false;
  const lf = buf[at + 9];
  return lf === undefined ? undefined : lf === LF;
}

/**
 * Lines and exact byte counts from a stream of chunks, holding only what has not been consumed yet, and counting
 * the bytes consumed (`offset`) so that damage can be located.
 */
export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array | StreamBreak> | Iterator<Uint8Array | StreamBreak>;
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  /** Bytes of the input consumed so far: where the next byte read stands. */
  offset = 0;

  constructor(chunks: AsyncIterable<Uint8Array | StreamBreak> | Iterable<Uint8Array | StreamBreak>) {
    this.iterator =
      Symbol.asyncIterator in chunks
        ? (chunks as AsyncIterable<Uint8Array | StreamBreak>)[Symbol.asyncIterator]()
        : (chunks as Iterable<Uint8Array | StreamBreak>)[Symbol.iterator]();
  }

  /**
   * The next chunk, or undefined at the end of the input. Stream errors (corrupt gzip) become IngestErrors; a gap
   * (a corrupt gzip member) drops what is buffered, the record it belonged to, and is a DamagedRecord.
   */
  private async next(): Promise<Buffer | undefined> {
    for (;;) {
      if (this.ended) return undefined;
      let next: IteratorResult<Uint8Array | StreamBreak>;
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
      const value = next.value;
      if (value instanceof StreamBreak) {
        this.offset += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        throw new DamagedRecord(value.problem, true);
      }
      return Buffer.from(value.buffer, value.byteOffset, value.length);
    }
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
      const lf = this.buffer.indexOf(LF, searchFrom);
      if (lf >= 0) {
        if (lf + 1 > limit) throw new LineTooLong(`a line longer than ${formatSize(limit)}`);
        return this.take(lf + 1);
      }
      if (this.buffer.length > limit) throw new LineTooLong(`a line longer than ${formatSize(limit)}`);
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
      this.offset += used;
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

  /** Pass over blank lines and stray spaces (between records, after the last); returns the offset reached. */
  async skipBlankLines(): Promise<number> {
    for (;;) {
      let i = 0;
      while (i < this.buffer.length && isBlank(this.buffer[i])) i++;
      this.take(i);
      if (this.buffer.length > 0 || !(await this.pull())) return this.offset;
    }
  }

  /**
   * After a block: is this where the record ends? Yes when the record's own ending follows (CRLF CRLF, or LF LF from
   * sloppy writers): whatever comes after is the next record's business. Else only when blank lines and then the next
   * record (`WARC/`) or the end of the input follow.
   */
  async atRecordBoundary(): Promise<boolean> {
    while (this.buffer.length < 4 && (await this.pull()));
    const b = this.buffer;
    if ((b[0] === CR && b[1] === LF && b[2] === CR && b[3] === LF) || (b[0] === LF && b[1] === LF)) return true;
    await this.skipBlankLines();
    while (this.buffer.length < 5 && (await this.pull()));
    if (this.buffer.length === 0) return true;
    return this.buffer.subarray(0, 5).toString('latin1') === 'WARC/';
  }

  /**
   * When `block` (just read) holds a line starting a record, put the bytes from there back in front of the input and
   * return true: a Content-Length too long swallowed the start of the next record.
   */
  unreadFromRecordStart(block: Buffer | Uint8Array): boolean {
    const buf = Buffer.from(block.buffer, block.byteOffset, block.length);
    for (let at = buf.indexOf(RECORD_START); at >= 0; at = buf.indexOf(RECORD_START, at + 1)) {
      if ((at === 0 || buf[at - 1] === LF) && versionLineAt(buf, at) === true) {
        const rest = buf.subarray(at);
        this.buffer = this.buffer.length === 0 ? rest : Buffer.concat([rest, this.buffer]);
        this.offset -= rest.length;
        return true;
      }
    }
    return false;
  }

  /**
   * Skip to the next line that starts a record (`WARC/1.0` or `WARC/1.1`; the current position counts as a line
   * start). Returns the bytes skipped, or undefined when the input ends first. One pass: each byte is looked at once.
   */
  async skipToRecordStart(): Promise<number | undefined> {
    let skipped = 0;
    let lineStart = true;
    for (;;) {
      if (lineStart) {
        let found = versionLineAt(this.buffer, 0);
        while (found === undefined && (await this.pull())) found = versionLineAt(this.buffer, 0);
        if (found) return skipped;
      }
      const lf = this.buffer.indexOf(LF);
      if (lf >= 0) {
        this.take(lf + 1);
        skipped += lf + 1;
        lineStart = true;
        continue;
      }
      skipped += this.buffer.length;
      this.take(this.buffer.length);
      lineStart = false;
      if (!(await this.pull())) return undefined;
    }
  }

  /** Put bytes just taken back in front of the input. */
  unread(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([bytes, this.buffer]);
    this.offset -= bytes.length;
  }

  /** What is buffered (the next chunk when nothing is), without consuming it; empty at the end of the input. */
  async buffered(): Promise<Buffer> {
    if (this.buffer.length === 0) await this.pull();
    return this.buffer;
  }

  /** Consume `n` buffered bytes. */
  drop(n: number): void {
    this.take(Math.min(n, this.buffer.length));
  }

  /** What is buffered (or the next chunk), at most `n` bytes; empty at the end of the input. */
  async takeUpTo(n: number): Promise<Buffer> {
    if (this.buffer.length === 0) await this.pull();
    return this.take(Math.min(n, this.buffer.length));
  }

  /** Skip past the next zero byte (a gzip header's file name or comment), within `limit` bytes. */
  async skipPastZero(limit: number): Promise<void> {
    let skipped = 0;
    for (;;) {
      const zero = this.buffer.indexOf(0);
      if (zero >= 0) {
        this.take(zero + 1);
        return;
      }
      skipped += this.buffer.length;
      this.take(this.buffer.length);
      if (skipped > limit) throw new IngestError(`gzip header field longer than ${formatSize(limit)}`);
      if (!(await this.pull())) throw new IngestError('truncated gzip header');
    }
  }

  /** Skip zero bytes; true when only zeros were left to the end of the input. */
  async skipZeros(): Promise<boolean> {
    for (;;) {
      let i = 0;
      while (i < this.buffer.length && this.buffer[i] === 0) i++;
      this.take(i);
      if (this.buffer.length > 0) return false;
      if (!(await this.pull())) return true;
    }
  }

  /** Skip to the next gzip member header (1f 8b 08, reserved flags clear); false when the input ends first. */
  async skipToGzipMember(): Promise<boolean> {
    for (;;) {
      const at = this.buffer.indexOf(GZIP_MAGIC);
      if (at >= 0) {
        while (this.buffer.length < at + 4 && (await this.pull()));
        const flags = this.buffer[at + 3];
        if (flags !== undefined && (flags & FRESERVED) === 0) {
          this.take(at);
          return true;
        }
        this.take(at + 1);
        continue;
      }
      // Keep the last two bytes: a header may straddle two chunks.
      this.take(Math.max(0, this.buffer.length - 2));
      if (!(await this.pull())) {
        this.take(this.buffer.length);
        return false;
      }
    }
  }

  private take(n: number): Buffer {
    const head = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    this.offset += head.length;
    return head;
  }
}
