// The JSON API under /api. Query and path parameters are validated by the route schemas (400 with a message);
// unknown ids are 404 {error}; nothing here writes anywhere but the store.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IngestItem } from '../ingest/read.js';
import type { Store } from '../store/store.js';
import type { EntityIndex, EntityProfile } from './entity-index.js';
import { ingestBatch, type ServerIngestReport } from './ingest.js';
import type { ReadCache } from './read-cache.js';
import { FetchRefused, safeFetch } from '../fetch/safe-fetch.js';
import type { Searcher } from './search-pool.js';
import { parseInstant } from '../text/instants.js';
import {
  CHANGES_DEFAULT_LIMIT,
  CHANGES_MAX_LIMIT,
  FILTER_MAX_OUTLET_LENGTH,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_WINDOW,
  STORY_SEARCH_MAX_LIMIT,
} from './settings.js';
import { displaySource, presentArticle, presentHit, presentStory, presentStorySummary } from './present.js';
import type { StoryFilter, StoryIndex, StorySort } from './story-index.js';
import { isCalendarDay } from '../text/days.js';
import { documentFromFetched, documentFromRecord, documentsFromUploads, type UploadedFile } from './upload.js';

export interface ApiContext {
  store: Store;
  entities: EntityIndex;
  /** Story search and the story list's filters. */
  stories: StoryIndex;
  cache: ReadCache;
  maxUploadBytes: number;
  allowPrivateFetch: boolean;
  fetchTimeoutMs: number;
  /** Worker threads for long upload batches (0: process in the server thread). */
  workers: number;
  /** Full-text search off the event loop, under a deadline (use this, never `store.search`). */
  search: Searcher;
}

/** An error whose message is meant for the client, with its HTTP status. */
export class HttpError extends Error {
  /** The message is meant for the client, whatever the status. */
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    message: string,
    /** The error's machine-readable code (default: by status, guard.ts `errorCode`). */
    readonly code?: string,
  ) {
    super(message);
  }
}

const idParam = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 500 } },
} as const;

/** The filters of the story list and of search, as query parameters (an empty value is no filter: forms send it). */
export const filterParams = {
  outlet: {
    type: 'string',
    maxLength: FILTER_MAX_OUTLET_LENGTH,
    description: 'only stories (articles) of this outlet, exactly as the stories name it',
  },
  from: {
    type: 'string',
    pattern: '^$|^\\d{4}-\\d{2}-\\d{2}$',
    description: 'only stories (articles) published on or after this day, YYYY-MM-DD (a story: its span reaches it)',
  },
  to: {
    type: 'string',
    pattern: '^$|^\\d{4}-\\d{2}-\\d{2}$',
    description: 'only stories (articles) published on or before this day, YYYY-MM-DD',
  },
  language: {
    type: 'string',
    pattern: '^$|^[a-z]{2,3}$',
    description: 'only stories with articles in (articles in) this language: an ISO 639-1 code such as en, fr',
  },
} as const;

export interface FilterQuery {
  outlet?: string;
  from?: string;
  to?: string;
  language?: string;
}

/** The filter a request asks for (empty values dropped), or a 400 for a day that is no day or a reversed range. */
export function filterOf(q: FilterQuery): StoryFilter {
  const f: StoryFilter = {};
  const outlet = q.outlet?.trim();
  if (outlet) f.outlet = outlet;
  for (const key of ['from', 'to'] as const) {
    const value = q[key];
    if (!value) continue;
    if (!isCalendarDay(value)) {
      throw new HttpError(
        400,
        `querystring/${key} must be a real day YYYY-MM-DD, got ${JSON.stringify(value)}`,
        'invalid_parameter',
      );
    }
    f[key] = value;
  }
  if (f.from && f.to && f.from > f.to) {
    throw new HttpError(400, `querystring/from (${f.from}) is after querystring/to (${f.to})`, 'invalid_parameter');
  }
  if (q.language) f.language = q.language;
  return f;
}

export function hasFilter(f: StoryFilter): boolean {
  return Object.keys(f).length > 0;
}

/**
 * The people, organisations and places a search finds beside its articles, under the same filter: those of the
 * stories that pass it, with their mentions there.
 */
export async function findEntities(
  ctx: ApiContext,
  q: string,
  limit: number,
  filter: StoryFilter,
): Promise<EntityProfile[]> {
  const storyPasses = hasFilter(filter) ? await ctx.stories.storyFilter(filter) : undefined;
  return ctx.entities.find(q, limit, storyPasses);
}

/** Stop a search before it runs when its window reaches deeper than the limit. */
function checkWindow(offset: number, limit: number): void {
  if (offset + limit > SEARCH_MAX_WINDOW) {
    throw new HttpError(
      400,
      `the search reaches at most ${SEARCH_MAX_WINDOW} hits deep: offset + limit is ${offset + limit}; use more specific words`,
      'invalid_parameter',
    );
  }
}

export const schemas = {
  stories: {
    querystring: {
      type: 'object',
      properties: {
        ...filterParams,
        limit: { type: 'integer', minimum: 0, maximum: 500, default: 20, description: 'stories per page (0–500)' },
        offset: { type: 'integer', minimum: 0, default: 0, description: 'stories to skip' },
        sort: {
          type: 'string',
          enum: ['recent', 'size', 'updated'],
          default: 'recent',
          description: 'latest article first, most articles first, or last changed first',
        },
      },
    },
  },
  byId: { params: idParam },
  changes: {
    querystring: {
      type: 'object',
      properties: {
        since: {
          type: 'string',
          maxLength: 64,
          description:
            'only changes logged after this instant: ISO 8601 (2026-12-01, 2026-12-01T10:00:00Z) or a span back from now (2h, 7d)',
        },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: CHANGES_MAX_LIMIT,
          default: CHANGES_DEFAULT_LIMIT,
          description: `changes per page (1–${CHANGES_MAX_LIMIT})`,
        },
        offset: { type: 'integer', minimum: 0, default: 0, description: 'changes to skip' },
      },
    },
  },
  search: {
    querystring: {
      type: 'object',
      required: ['q'],
      properties: {
        q: { type: 'string', minLength: 1, maxLength: 500, description: 'words to look for' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: SEARCH_MAX_LIMIT,
          default: 20,
          description: `hits to return (1–${SEARCH_MAX_LIMIT})`,
        },
        offset: {
          type: 'integer',
          minimum: 0,
          maximum: SEARCH_MAX_WINDOW - 1,
          default: 0,
          description: `hits to skip; offset + limit is at most ${SEARCH_MAX_WINDOW}`,
        },
        ...filterParams,
      },
    },
  },
  storySearch: {
    querystring: {
      type: 'object',
      required: ['q'],
      properties: {
        q: {
          type: 'string',
          minLength: 1,
          maxLength: 500,
          description: 'words to look for in story titles, summaries and entities',
        },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: STORY_SEARCH_MAX_LIMIT,
          default: 20,
          description: `stories to return (1–${STORY_SEARCH_MAX_LIMIT})`,
        },
        offset: { type: 'integer', minimum: 0, default: 0, description: 'stories to skip' },
        ...filterParams,
      },
    },
  },
} as const;

type ById = FastifyRequest<{ Params: { id: string } }>;

export interface ChangesQuery {
  since?: string;
  limit: number;
  offset: number;
}

/** The `since` of a request as an instant the change log compares with, or a 400 saying what is accepted. */
export function sinceParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const since = parseInstant(value);
  if (since === undefined) {
    throw new HttpError(
      400,
      `querystring/since must be an ISO 8601 date or date-time (2026-12-01, 2026-12-01T10:00:00Z) or a span like 2h or 7d, got ${JSON.stringify(value)}`,
    );
  }
  return since;
}

/** A page of change log entries, oldest first, and the offset of the next page when there may be one. */
async function changesPage(store: Store, story: string | undefined, q: ChangesQuery) {
  const since = sinceParam(q.since);
  const changes = await store.getStoryChanges(story, {
    ...(since !== undefined ? { since } : {}),
    limit: q.limit,
    offset: q.offset,
  });
  return {
    ...(since !== undefined ? { since } : {}),
    limit: q.limit,
    offset: q.offset,
    changes,
    ...(changes.length === q.limit ? { next: q.offset + q.limit } : {}),
  };
}

export function notFound(kind: string, id: string): HttpError {
  return new HttpError(404, `no ${kind} with id ${JSON.stringify(id)}`);
}

/** Read a multipart request: files into memory (within the limits), plus a `url` field if given. */
async function readMultipart(req: FastifyRequest, maxBytes: number): Promise<{ files: UploadedFile[]; url?: string }> {
  const files: UploadedFile[] = [];
  let url: string | undefined;
  let total = 0;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer(); // throws a 413 error past the per-file limit
      total += bytes.length;
      if (total > maxBytes) throw new HttpError(413, `the upload is larger than the ${maxBytes}-byte limit`);
      if (bytes.length > 0 || part.filename) files.push({ name: part.filename || 'upload', bytes });
    } else if (part.fieldname === 'url' && typeof part.value === 'string' && part.value.trim() !== '') {
      url = part.value.trim();
    }
  }
  return { files, url };
}

async function fetchItem(ctx: ApiContext, url: string): Promise<IngestItem> {
  const fetched = await safeFetch(url, {
    allowPrivate: ctx.allowPrivateFetch,
    timeoutMs: ctx.fetchTimeoutMs,
    maxBytes: ctx.maxUploadBytes,
  });
  try {
    return { ok: true, doc: documentFromFetched(fetched.url, fetched.contentType, fetched.bytes, ctx.maxUploadBytes) };
  } catch (err) {
    return { ok: false, source: fetched.url, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The items of an ingest request, whatever its form: multipart files (and/or a url field), a JSON record, or {url}. */
export async function ingestRequestItems(ctx: ApiContext, req: FastifyRequest): Promise<IngestItem[]> {
  if (req.isMultipart()) {
    const { files, url } = await readMultipart(req, ctx.maxUploadBytes);
    const items = await documentsFromUploads(files, ctx.maxUploadBytes);
    if (url) items.push(await fetchItem(ctx, url));
    if (items.length === 0) throw new HttpError(400, 'no files and no url in the upload');
    return items;
  }
  const body = req.body;
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new HttpError(
      400,
      'send multipart/form-data files, a JSON record {"text"|"html", "title", "url", "published", "outlet"}, or {"url": …}',
    );
  }
  const records = Array.isArray(body) ? body : [body];
  if (records.length === 0) throw new HttpError(400, 'the JSON array holds no records');
  const items: IngestItem[] = [];
  for (const [i, record] of records.entries()) {
    const r = record as Record<string, unknown>;
    const where = Array.isArray(body) ? `record ${i}: ` : '';
    if (r && typeof r === 'object' && typeof r.url === 'string' && r.text === undefined && r.html === undefined) {
      items.push(await fetchItem(ctx, r.url));
      continue;
    }
    try {
      items.push({ ok: true, doc: documentFromRecord(record) });
    } catch (err) {
      throw new HttpError(400, `${where}${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return items;
}

export async function runIngestRequest(ctx: ApiContext, req: FastifyRequest): Promise<ServerIngestReport> {
  let items: IngestItem[];
  try {
    items = await ingestRequestItems(ctx, req);
  } catch (err) {
    if (err instanceof FetchRefused) throw new HttpError(err.statusCode, err.message);
    throw err;
  }
  return ingestBatch(ctx.store, items, {
    workers: ctx.workers,
    onStoriesChanged: () => {
      ctx.entities.invalidate();
      ctx.stories.invalidate();
      ctx.cache.invalidate();
    },
  });
}

export function registerApi(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.get(
    '/api/stories',
    { schema: schemas.stories },
    async (req: FastifyRequest<{ Querystring: { limit: number; offset: number; sort: StorySort } & FilterQuery }>) => {
      const { limit, offset, sort } = req.query;
      const filter = filterOf(req.query);
      // Unfiltered, the store pages; filtered, the story index (the stories table keeps no outlets or languages).
      const { total, stories } = hasFilter(filter)
        ? await ctx.stories.list(filter, { sort, limit, offset })
        : { total: await store.countStories(), stories: await store.listStories({ limit, offset, sort }) };
      return { total, limit, offset, sort, ...filter, stories: stories.map(presentStorySummary) };
    },
  );

  app.get(
    '/api/search/stories',
    { schema: schemas.storySearch },
    async (req: FastifyRequest<{ Querystring: { q: string; limit: number; offset: number } & FilterQuery }>) => {
      const q = req.query.q.trim();
      if (q === '') throw new HttpError(400, 'querystring/q must not be blank', 'invalid_parameter');
      const { limit, offset } = req.query;
      const filter = filterOf(req.query);
      const { total, hits } = await ctx.stories.search(q, filter, { limit, offset });
      return {
        query: q,
        limit,
        offset,
        ...filter,
        total,
        hits: hits.map(presentStorySummary),
        ...(offset + hits.length < total ? { next: offset + limit } : {}),
      };
    },
  );

  app.get('/api/stories/:id', { schema: schemas.byId }, async (req: ById, reply: FastifyReply) => {
    // Large stories serialise to megabytes: the JSON is kept while the story is unchanged.
    const json = await ctx.cache.get(`api:story:${req.params.id}`, async () => {
      const story = await store.getStory(req.params.id);
      return story ? JSON.stringify(presentStory(story)) : undefined;
    });
    if (json === undefined) {
      // A story merged into another lives on there: a permanent redirect, so links and bookmarks keep working.
      const now = await store.resolveStoryId(req.params.id);
      if (now && now !== req.params.id) return reply.redirect(`/api/stories/${encodeURIComponent(now)}`, 301);
      throw notFound('story', req.params.id);
    }
    return reply.type('application/json; charset=utf-8').send(json);
  });

  app.get(
    '/api/stories/:id/changes',
    { schema: { ...schemas.byId, ...schemas.changes } },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: ChangesQuery }>, reply: FastifyReply) => {
      const [story, page] = await Promise.all([
        store.getStory(req.params.id),
        changesPage(store, req.params.id, req.query),
      ]);
      if (!story && page.changes.length === 0) {
        const now = await store.resolveStoryId(req.params.id);
        if (now && now !== req.params.id) {
          const query = new URLSearchParams(req.query.since ? { since: req.query.since } : {}).toString();
          return reply.redirect(`/api/stories/${encodeURIComponent(now)}/changes${query ? `?${query}` : ''}`, 301);
        }
        throw notFound('story', req.params.id);
      }
      return { story: req.params.id, ...page };
    },
  );

  app.get('/api/changes', { schema: schemas.changes }, async (req: FastifyRequest<{ Querystring: ChangesQuery }>) =>
    changesPage(store, undefined, req.query),
  );

  app.get('/api/articles/:id', { schema: schemas.byId }, async (req: ById) => {
    const article = await store.getArticle(req.params.id);
    if (!article) throw notFound('article', req.params.id);
    const [analysis, sources] = await Promise.all([store.getAnalysis(article.id), store.getSources(article.id)]);
    return { ...presentArticle(article), sources: sources.map((s) => displaySource(s)), analysis: analysis ?? null };
  });

  app.get('/api/entities/:id', { schema: schemas.byId }, async (req: ById) => {
    const entity = await ctx.entities.get(req.params.id);
    if (!entity) throw notFound('entity', req.params.id);
    return entity;
  });

  app.get(
    '/api/search',
    { schema: schemas.search },
    async (req: FastifyRequest<{ Querystring: { q: string; limit: number; offset: number } & FilterQuery }>) => {
      const q = req.query.q.trim();
      const { limit, offset } = req.query;
      if (q === '') throw new HttpError(400, 'querystring/q must not be blank', 'invalid_parameter');
      checkWindow(offset, limit);
      const filter = filterOf(req.query);
      // One more than asked: whether there is a next page, without counting every match.
      const [found, entities] = await Promise.all([
        ctx.search.search(q, { limit: Math.min(limit + 1, SEARCH_MAX_WINDOW - offset), offset, filter }),
        findEntities(ctx, q, 10, filter),
      ]);
      const hits = found.slice(0, limit);
      return {
        query: q,
        limit,
        offset,
        ...filter,
        hits: hits.map(presentHit),
        ...(found.length > limit ? { next: offset + limit } : {}),
        entities: entities.map(({ id, name, type, mentions }) => ({ id, name, type, mentions })),
      };
    },
  );

  app.post('/api/ingest', async (req: FastifyRequest, reply: FastifyReply) => {
    const report = await runIngestRequest(ctx, req);
    return reply.code(200).send(report);
  });
}
