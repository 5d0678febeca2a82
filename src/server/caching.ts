// Conditional requests: an ETag on every successful GET answer with a body, `304 Not Modified` when the client
// already has that body, and a Cache-Control saying how long it may keep it without asking.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CACHE_CONTROL_DEFAULT } from './settings.js';

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

async function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload; // streams: not buffered here
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', CACHE_CONTROL_DEFAULT);
  const etag = etagOf(payload);
  reply.header('etag', etag);
  if (!matchesEtag(req.headers['if-none-match'], etag)) return payload;
  reply.code(304);
  reply.removeHeader('content-length');
  return '';
}

/**
 * Register before the routes and before compression: the ETag is the uncompressed body's (one validator
 * whatever the encoding; compression adds `Vary: Accept-Encoding`).
 */
export function registerCaching(app: FastifyInstance): void {
  app.addHook('onSend', onSend);
}
