// Conditional requests: an ETag on every successful GET answer with a body, `304 Not Modified` when the client
// already has that body, and a Cache-Control saying how long it may keep it without asking. Buffered bodies are
// also compressed here (big ones off the event loop): those from the read cache (story, article and search pages,
// story JSON) once per body rather than per request, since a big story's page is asked for again and again; the
// ones built per request (API answers) for that answer. The compression plugin is left the streams.
import { createHash } from 'node:crypto';
import { brotliCompress, brotliCompressSync, constants as zlib, gzip, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BROTLI_QUALITY,
  CACHE_CONTROL_DEFAULT,
  COMPRESS_IN_PLACE_MAX_BYTES,
  COMPRESS_ENCODINGS,
  COMPRESS_THRESHOLD_BYTES,
  GZIP_LEVEL,
} from './settings.js';

/** A strong validator of the body: pages and API answers are built from the store, so only their bytes tell. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header names `etag` (a list, `*`, weak forms compared weakly as RFC 9110 says). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

type Encoding = (typeof COMPRESS_ENCODINGS)[number];

/** The best of our encodings that `Accept-Encoding` allows (q > 0), in our order of preference; none: identity. */
export function preferredEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  return COMPRESS_ENCODINGS.find((e) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0);
}

interface Variants {
  etag: string;
  /** Each encoding's bytes, made at the first request that wants it; requests meanwhile wait for the same work. */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** Per cached body (the read cache keeps the Buffer while the story is unchanged): its tag and compressed forms. */
const variants = new WeakMap<Buffer, Variants>();

function variantsOf(body: Buffer): Variants {
  let v = variants.get(body);
  if (!v) {
    v = { etag: etagOf(body), encoded: {} };
    variants.set(body, v);
  }
  return v;
}

/** The compression settings, for this hook and the compression plugin alike (server.ts). */
export const brotliOptions = { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
export const gzipOptions = { level: GZIP_LEVEL };

/**
 * A big body is compressed on libuv's thread pool (zlib's callback API), not on the event loop: while it is
 * compressed the server goes on answering other requests. A small one is compressed in place, which costs less
 * than handing it over (COMPRESS_IN_PLACE_MAX_BYTES).
 */
function encode(body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (body.length <= COMPRESS_IN_PLACE_MAX_BYTES) {
    try {
      return Promise.resolve(encoding === 'br' ? brotliCompressSync(body, brotliOptions) : gzipSync(body, gzipOptions));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === 'br') brotliCompress(body, brotliOptions, done);
    else gzip(body, gzipOptions, done);
  });
}

/** The bodies worth compressing: text, JSON, feeds, scripts and the world outline (images are compressed already). */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|atom\+xml|javascript)|image\/svg\+xml)/;

async function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams: not buffered here
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', CACHE_CONTROL_DEFAULT);
  // A Buffer is what the read cache hands out, the same one while the story is unchanged: its tag and compressed
  // forms are kept beside it and made once. A string is a body built for this request: tagged and compressed here,
  // for this answer only.
  const kept = Buffer.isBuffer(payload) ? variantsOf(payload) : undefined;
  const etag = kept ? kept.etag : etagOf(payload);
  reply.header('etag', etag);
  if (matchesEtag(req.headers['if-none-match'], etag)) {
    reply.code(304);
    reply.removeHeader('content-length');
    return '';
  }
  if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
  const length = Buffer.isBuffer(payload) ? payload.length : Buffer.byteLength(payload);
  if (length < COMPRESS_THRESHOLD_BYTES) return payload;
  reply.header('vary', 'accept-encoding');
  // `x-no-compression` is the compression plugin's way to ask for none: honoured here too.
  const encoding =
    req.headers['x-no-compression'] === undefined ? preferredEncoding(req.headers['accept-encoding']) : undefined;
  if (!encoding) return payload;
  reply.header('content-encoding', encoding); // the plugin leaves an encoded answer alone
  reply.removeHeader('content-length');
  if (!Buffer.isBuffer(payload) || !kept) return encode(Buffer.from(payload), encoding);
  let encoded = kept.encoded[encoding];
  if (!encoded) {
    encoded = encode(payload, encoding);
    kept.encoded[encoding] = encoded;
    // A failure is this request's error, not the body's forever: the next request tries again.
    encoded.catch(() => {
      if (kept.encoded[encoding] === encoded) delete kept.encoded[encoding];
    });
  }
  return encoded;
}

/**
 * Register before the routes and before compression: the ETag is the uncompressed body's (one validator
 * whatever the encoding; compression adds `Vary: Accept-Encoding`).
 */
export function registerCaching(app: FastifyInstance): void {
  app.addHook('onSend', onSend);
}
