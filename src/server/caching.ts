// Conditional requests: an ETag on every successful GET answer with a body, `304 Not Modified` when the client
// already has that body, and a Cache-Control saying how long it may keep it without asking. Bodies from the read
// cache (story pages, article pages, story JSON) are also compressed here, once per body rather than per request:
// a big story's page or JSON costs tens of milliseconds to compress and is asked for again and again.
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BROTLI_QUALITY, CACHE_CONTROL_DEFAULT, COMPRESS_ENCODINGS, COMPRESS_THRESHOLD_BYTES } from './settings.js';

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
  br?: Buffer;
  gzip?: Buffer;
}

/** Per cached body (the read cache keeps the Buffer while the story is unchanged): its tag and compressed forms. */
const variants = new WeakMap<Buffer, Variants>();

function variantsOf(body: Buffer): Variants {
  let v = variants.get(body);
  if (!v) {
    v = { etag: etagOf(body) };
    variants.set(body, v);
  }
  return v;
}

function encode(body: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } })
    : gzipSync(body);
}

/** The bodies worth compressing: text, JSON, feeds, scripts and the world outline (images are compressed already). */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|atom\+xml|javascript)|image\/svg\+xml)/;

async function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams: not buffered here
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', CACHE_CONTROL_DEFAULT);
  // A Buffer is what the read cache hands out, the same one while the story is unchanged: its tag and compressed
  // forms are kept beside it and made once. A string is a page built for this request: tagged here, compressed by
  // the plugin.
  const v = Buffer.isBuffer(payload) ? variantsOf(payload) : { etag: etagOf(payload) };
  reply.header('etag', v.etag);
  if (matchesEtag(req.headers['if-none-match'], v.etag)) {
    reply.code(304);
    reply.removeHeader('content-length');
    return '';
  }
  if (!Buffer.isBuffer(payload) || payload.length < COMPRESS_THRESHOLD_BYTES) return payload;
  if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
  reply.header('vary', 'accept-encoding');
  const encoding = preferredEncoding(req.headers['accept-encoding']);
  if (!encoding) return payload;
  reply.header('content-encoding', encoding); // the plugin leaves an encoded answer alone
  reply.removeHeader('content-length');
  return (v[encoding] ??= encode(payload, encoding));
}

/**
 * Register before the routes and before compression: the ETag is the uncompressed body's (one validator
 * whatever the encoding; compression adds `Vary: Accept-Encoding`).
 */
export function registerCaching(app: FastifyInstance): void {
  app.addHook('onSend', onSend);
}
