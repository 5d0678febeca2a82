// The HTTP server: JSON API under /api, the web UI beside it, one Store behind both.
import compress from '@fastify/compress';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Store } from '../store/store.js';
import { defaultWorkerCount } from '../pipeline/index.js';
import { type ApiContext, HttpError, registerApi } from './api.js';
import { EntityIndex } from './entity-index.js';
import { isWildcard, requestGuard, sendError } from './guard.js';
import { collectApiRoutes, openApiDocument } from './openapi.js';
import { ReadCache } from './read-cache.js';
import { registerRequestChecks } from './request-checks.js';
import { createSearcher } from './search-pool.js';
import { StoryCorpus } from './story-corpus.js';
import { StoryIndex } from './story-index.js';
import { brotliOptions, gzipOptions, registerCaching } from './caching.js';
import { COMPRESS_ENCODINGS, COMPRESS_THRESHOLD_BYTES, HEALTH_PATH } from './settings.js';
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
  /** The address the server is (to be) bound to: decides the Host names it answers to. Default 127.0.0.1. */
  host?: string;
  /**
   * The access token every request must carry (Bearer or the session cookie). Required when `host` is not a
   * loopback address; optional, and then enforced, on loopback.
   */
  token?: string;
  /** More names the Host header may carry (a reverse proxy's, a LAN name): `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[];
  /** Deadline of one search (ms). Default SEARCH_DEADLINE_MS (settings.ts). */
  searchDeadlineMs?: number;
  /** Worker threads for searches on a SQLite file. Default: all cores but one, at most four. */
  searchWorkers?: number;
  /**
   * Start the search workers and their index of the articles, and build the indexes of the stories and their
   * entities, with the server, not at the first search (which meanwhile answers from the store's full-text index,
   * correct but slower). Default false: most servers of the tests never search. `storyline serve` warms.
   */
  warmSearch?: boolean;
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

/** The warming of each server built with `warmSearch`. */
const warming = new WeakMap<FastifyInstance, Promise<void>>();

/** Resolves once the search of a server built with `warmSearch` is ready (at once for any other). */
export function searchReady(app: FastifyInstance): Promise<void> {
  return warming.get(app) ?? Promise.resolve();
}

/**
 * Build the server (not listening yet). The caller owns the store and closes it after the server. Throws a
 * ServerConfigError when the configuration would expose the archive (a non-loopback host without a token).
 */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const host = opts.host ?? '127.0.0.1';
  // Throws (ServerConfigError) for a non-loopback host without a token, before anything is built.
  const guard = requestGuard({ host, token: opts.token, allowedHosts: opts.allowedHosts });
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

  // ETags and compression of buffered bodies first (caching.ts: of the uncompressed body, off the event loop), then
  // the plugin for streams (its route hooks run after these app-wide ones). The routes are registered after both,
  // as the compression plugin requires.
  registerCaching(app);
  await app.register(compress, {
    encodings: [...COMPRESS_ENCODINGS],
    threshold: COMPRESS_THRESHOLD_BYTES,
    brotliOptions,
    zlibOptions: gzipOptions,
  });

  // Before routing and body parsing: a refused request costs nothing and its upload is never read.
  app.addHook('onRequest', guard);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    // `same-origin`, not `no-referrer`: links out of the app still send nothing, but the app's own form posts and
    // uploads carry their real Origin (no-referrer turns it into `Origin: null`), which the same-origin check reads.
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    return payload;
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    let message: string;
    let code: string | undefined = err instanceof HttpError ? err.code : undefined;
    if (err.validation) {
      status = 400;
      message = `invalid request: ${err.message}`;
      code = 'invalid_parameter';
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
    return sendError(req, reply, status, message, code);
  });
  const checks = registerRequestChecks(app);
  app.setNotFoundHandler((req, reply) => {
    const wrongMethod = checks.methodNotAllowed(req, reply);
    if (wrongMethod) return wrongMethod;
    const api = req.url === '/api' || req.url.startsWith('/api/');
    return sendError(
      req,
      reply,
      404,
      api ? `no such endpoint: ${req.method} ${req.url.split('?')[0]}` : 'There is no page at this address.',
    );
  });

  // One load of every story for both indexes built over them.
  const corpus = new StoryCorpus(opts.store);
  const ctx: ApiContext = {
    store: opts.store,
    entities: new EntityIndex(corpus),
    stories: new StoryIndex(opts.store, corpus),
    cache: new ReadCache(opts.store),
    maxUploadBytes,
    allowPrivateFetch: opts.allowPrivateFetch ?? false,
    fetchTimeoutMs: opts.fetchTimeoutMs ?? 15_000,
    workers: opts.workers ?? defaultWorkerCount(),
    search: createSearcher(opts.store, { deadlineMs: opts.searchDeadlineMs, workers: opts.searchWorkers }),
  };
  app.addHook('onClose', () => ctx.search.close());
  if (opts.warmSearch) {
    // Everything a search page reads, in the background (the caller need not wait for it to listen): the search
    // workers' index of the articles, and the indexes of the stories and their entities built over one load.
    const stories = Promise.all([ctx.stories.warm(), ctx.entities.warm()]).then(
      () => undefined,
      // Best effort, as the workers' warming is: a failed load is made again by the first request that needs it.
      () => undefined,
    );
    warming.set(
      app,
      Promise.all([ctx.search.warm(), stories]).then(() => undefined),
    );
  }
  const routes = collectApiRoutes(app);
  registerApi(app, ctx);
  registerWeb(app, ctx);
  app.get('/api/openapi.json', async () => openApiDocument(routes));
  // Answered without the token (a probe knows no secret); it says nothing about the archive.
  app.get(HEALTH_PATH, async () => ({ ok: true }));
  return app;
}

export interface RunningServer {
  app: FastifyInstance;
  /**
   * `http://host:port` (IPv6 hosts in brackets): an address this server answers to. Bound to every interface
   * (`0.0.0.0`, `::`), that is the loopback address, since the wildcard itself is no address to connect to.
   */
  url: string;
  close(): Promise<void>;
}

/** Build and listen. Port 0 picks a free port. Throws a ServerConfigError before listening when exposed unsafely. */
export async function startServer(opts: ServerOptions & { port?: number }): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const app = await createServer({ ...opts, host });
  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const reachable = isWildcard(host) ? (host.includes(':') ? '::1' : '127.0.0.1') : host;
  const shown = reachable.includes(':') ? `[${reachable}]` : reachable;
  return { app, url: `http://${shown}:${port}`, close: () => app.close() };
}
