// The HTTP server: JSON API under /api, the web UI beside it, one Store behind both.
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { defaultWorkerCount } from '../worker-pool.js';
import { type ApiContext, registerApi } from './api.js';
import { EntityIndex } from './entity-index.js';
import { collectApiRoutes, openApiDocument } from './openapi.js';
import { errorPage } from './pages/layout.js';
import { ReadCache } from './read-cache.js';
import { registerWeb } from './web.js';

export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface ServerOptions {
  store: Store;
  /** Largest upload (each file, and all files of one request together), JSON body or fetched page. Default 20 MB. */
  maxUploadBytes?: number;
  /** Let POST /api/ingest {url} reach private, loopback and link-local addresses. Default false. */
  allowPrivateFetch?: boolean;
  /** Deadline of one URL fetch, redirects included. Default 15 s. */
  fetchTimeoutMs?: number;
  /** Worker threads for long upload batches. Default: one a core. */
  workers?: number;
  /** Log requests to stderr. */
  logger?: boolean;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Build the server (not listening yet). The caller owns the store and closes it after the server. */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const maxUploadBytes = opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: maxUploadBytes,
    // Query strings are coerced to the schema's types; extra properties are dropped, not errors.
    ajv: { customOptions: { coerceTypes: true, removeAdditional: true, useDefaults: true, allErrors: false } },
  });
  await app.register(multipart, {
    limits: { fileSize: maxUploadBytes, files: 2000, fields: 20, fieldSize: 64 * 1024, parts: 2100 },
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  const isApi = (url: string) => url.startsWith('/api/') || url === '/api';
  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    let message: string;
    if (err.validation) {
      status = 400;
      message = `invalid request: ${err.message}`;
    } else if (status === 413) {
      message = `too large: the limit is ${maxUploadBytes} bytes (${err.message})`;
    } else if (status < 500 || (err as { expose?: boolean }).expose) {
      message = err.message;
    } else {
      req.log.error(err);
      if (!opts.logger)
        process.stderr.write(`storyline serve: ${req.method} ${req.url}: ${err.stack ?? err.message}\n`);
      message = 'internal error';
    }
    // A stack never leaves the server: only the status and a one-line message.
    if (isApi(req.url)) return reply.code(status).type('application/json').send({ error: message });
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, message));
  });
  app.setNotFoundHandler((req, reply) => {
    if (isApi(req.url))
      return reply.code(404).send({ error: `no such endpoint: ${req.method} ${req.url.split('?')[0]}` });
    return reply.code(404).type('text/html; charset=utf-8').send(errorPage(404, 'There is no page at this address.'));
  });

  const ctx: ApiContext = {
    store: opts.store,
    entities: new EntityIndex(opts.store),
    cache: new ReadCache(opts.store),
    maxUploadBytes,
    allowPrivateFetch: opts.allowPrivateFetch ?? false,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 15_000,
    workers: opts.workers ?? defaultWorkerCount(),
  };
  const routes = collectApiRoutes(app);
  registerApi(app, ctx);
  registerWeb(app, ctx);
  app.get('/api/openapi.json', async () => openApiDocument(routes));
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` (IPv6 hosts in brackets). */
  url: string;
  close(): Promise<void>;
}

/** Build and listen. Port 0 picks a free port. */
export async function startServer(opts: ServerOptions & { host?: string; port?: number }): Promise<RunningServer> {
  const app = await createServer(opts);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shown}:${port}`, close: () => app.close() };
}
