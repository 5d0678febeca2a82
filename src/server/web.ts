// The web UI: server-rendered pages (every value escaped) and their assets.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiContext,
  type FilterQuery,
  filterOf,
  filterParams,
  findEntities,
  hasFilter,
  HttpError,
  runIngestRequest,
} from './api.js';
import { clientScript, stylesheet, worldSvg } from './assets.js';
import { articlePage } from './pages/article.js';
import { entityPage } from './pages/entity.js';
import { frontPage } from './pages/front.js';
import { ingestPage } from './pages/ingest.js';
import { searchPage } from './pages/search.js';
import { storyPage, type StoryView } from './pages/story.js';
import { articleTitle, storyDisplayTitle } from '../compose/title.js';
import { displaySource } from './present.js';
import { atomFeed, describeChange, type FeedEntry } from './changes.js';
import {
  CACHE_CONTROL_ASSETS,
  FEED_ENTRIES,
  FRONT_PAGE_STORIES,
  SEARCH_MAX_WINDOW,
  SEARCH_PAGE_HITS,
  SEARCH_PAGE_STORY_HITS,
  STORY_PAGE,
} from './settings.js';
import type { StoryFilter, StorySort } from './story-index.js';
import type { StoryChange, Store } from '../store/store.js';

function sendHtml(reply: FastifyReply, body: string | Buffer, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

type ById = FastifyRequest<{ Params: { id: string } }>;
const byId = {
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 500 } } },
} as const;

/** Feed entries for these changes, with the titles of their stories and articles as the stories have them now. */
async function feedEntries(store: Store, changes: readonly StoryChange[]): Promise<FeedEntry[]> {
  const ids = [...new Set(changes.map((c) => c.story))];
  const stories = new Map(ids.map((id) => [id, store.getStory(id)] as const));
  const out: FeedEntry[] = [];
  for (const change of changes) {
    const story = await stories.get(change.story);
    const titles = new Map((story?.articles ?? []).map((a) => [a.id, articleTitle(a.title, a.lead)] as const));
    out.push({
      change,
      storyTitle: story ? storyDisplayTitle(story.title) : change.story,
      text: describeChange(change, titles),
    });
  }
  return out;
}

function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

function sendAtom(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/atom+xml; charset=utf-8').send(body);
}

/** The search page of `q`: hits from the `offset`-th, story hits from the `soffset`-th. */
async function renderSearchPage(
  ctx: ApiContext,
  q: string,
  offset: number,
  soffset: number,
  filter: StoryFilter,
): Promise<string> {
  const facets = await ctx.stories.facets();
  const base = {
    query: q,
    filter,
    facets,
    offset,
    storyOffset: soffset,
    pageSize: SEARCH_PAGE_HITS,
    storyPageSize: SEARCH_PAGE_STORY_HITS,
  };
  if (q === '') return searchPage({ ...base, entities: [], hits: [], more: false, stories: [], storyTotal: 0 });
  // One more hit than shown says whether a next page exists, as long as it is within the search's reach.
  const [found, entities, stories] = await Promise.all([
    ctx.search.search(q, { limit: Math.min(SEARCH_PAGE_HITS + 1, SEARCH_MAX_WINDOW - offset), offset, filter }),
    findEntities(ctx, q, 12, filter),
    ctx.stories.search(q, filter, { limit: SEARCH_PAGE_STORY_HITS, offset: soffset }),
  ]);
  return searchPage({
    ...base,
    entities,
    hits: found.slice(0, SEARCH_PAGE_HITS),
    more: found.length > SEARCH_PAGE_HITS && offset + 2 * SEARCH_PAGE_HITS <= SEARCH_MAX_WINDOW,
    stories: stories.hits,
    storyTotal: stories.total,
  });
}

export function registerWeb(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  app.get(
    '/',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            offset: { type: 'integer', minimum: 0, default: 0 },
            sort: { type: 'string', enum: ['recent', 'size', 'updated'], default: 'recent' },
            ...filterParams,
          },
        },
      },
    },
    async (req: FastifyRequest<{ Querystring: { offset: number; sort: StorySort } & FilterQuery }>, reply) => {
      const limit = FRONT_PAGE_STORIES;
      const { offset, sort } = req.query;
      const filter = filterOf(req.query);
      const [{ total, stories }, facets] = await Promise.all([
        hasFilter(filter)
          ? ctx.stories.list(filter, { sort, limit, offset })
          : Promise.all([store.countStories(), store.listStories({ limit, offset, sort })]).then(([t, s]) => ({
              total: t,
              stories: s,
            })),
        ctx.stories.facets(),
      ]);
      return sendHtml(reply, frontPage({ stories, total, offset, limit, sort, filter, facets }));
    },
  );

  app.get('/changes.atom', async (req, reply) => {
    const changes = await store.getStoryChanges(undefined, { limit: FEED_ENTRIES, newestFirst: true });
    const base = origin(req);
    return sendAtom(
      reply,
      atomFeed({
        self: `${base}/changes.atom`,
        alternate: `${base}/?sort=updated`,
        title: 'Storyline: what changed in the stories',
        entries: await feedEntries(store, changes),
        storyUrl: (id) => `${base}/stories/${encodeURIComponent(id)}`,
        fallbackUpdated: new Date(0).toISOString(),
      }),
    );
  });

  app.get(
    '/stories/:id',
    {
      schema: {
        ...byId,
        querystring: {
          type: 'object',
          properties: {
            sources: { type: 'integer', minimum: 1, maximum: STORY_PAGE.maxPage, default: 1 },
            outlet: { type: 'string', maxLength: 200 },
            people: { type: 'integer', minimum: 1, maximum: STORY_PAGE.maxPage, default: 1 },
            speakers: { type: 'integer', minimum: 1, maximum: STORY_PAGE.maxPage, default: 1 },
            events: { type: 'integer', minimum: 1, maximum: STORY_PAGE.maxPage, default: 1 },
          },
        },
      },
    },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: StoryView }>, reply) => {
      // `/stories/ID.atom`: the story's changes as a feed (a path parameter cannot carry the suffix by itself).
      if (req.params.id.endsWith('.atom')) {
        const id = req.params.id.slice(0, -'.atom'.length);
        const story = await store.getStory(id);
        if (!story) {
          const now = await store.resolveStoryId(id);
          if (now && now !== id) return reply.redirect(`/stories/${encodeURIComponent(now)}.atom`, 301);
          throw new HttpError(404, 'There is no story with this id.');
        }
        const base = origin(req);
        const storyUrl = (s: string) => `${base}/stories/${encodeURIComponent(s)}`;
        const changes = await store.getStoryChanges(id, { limit: FEED_ENTRIES, newestFirst: true });
        return sendAtom(
          reply,
          atomFeed({
            self: `${storyUrl(id)}.atom`,
            alternate: storyUrl(id),
            title: `Storyline: ${storyDisplayTitle(story.title)}`,
            entries: await feedEntries(store, changes),
            storyUrl,
            fallbackUpdated: story.updated,
          }),
        );
      }
      const { sources, outlet, people, speakers, events } = req.query;
      const view: StoryView = { sources, people, speakers, events, ...(outlet !== undefined ? { outlet } : {}) };
      const key = `page:story:${req.params.id}:${JSON.stringify(view)}`;
      const body = await ctx.cache.get(key, async () => {
        const story = await store.getStory(req.params.id);
        return story ? storyPage(story, await store.getStoryChanges(story.id), view) : undefined;
      });
      if (body === undefined) {
        const now = await store.resolveStoryId(req.params.id);
        if (now && now !== req.params.id) return reply.redirect(`/stories/${encodeURIComponent(now)}`, 301);
        throw new HttpError(404, 'There is no story with this id.');
      }
      return sendHtml(reply, body);
    },
  );

  app.get(
    '/articles/:id',
    { schema: { ...byId, querystring: { type: 'object', properties: { hl: { type: 'string', maxLength: 40 } } } } },
    async (req: FastifyRequest<{ Params: { id: string }; Querystring: { hl?: string } }>, reply) => {
      const m = req.query.hl?.match(/^(\d+)-(\d+)$/);
      const highlight = m ? { start: Number(m[1]), end: Number(m[2]) } : undefined;
      // Kept in the read cache like story pages: an article's text never changes under its id, and the story it
      // names changes only with the stories (which the cache watches).
      const key = `page:article:${req.params.id}:${highlight ? `${highlight.start}-${highlight.end}` : ''}`;
      const body = await ctx.cache.get(key, async () => {
        const article = await store.getArticle(req.params.id);
        if (!article) return undefined;
        // The story by the article's membership row: neither every assignment nor the story's whole document.
        const [analysis, sources, story] = await Promise.all([
          store.getAnalysis(article.id),
          store.getSources(article.id),
          store.getStoryOfArticle(article.id),
        ]);
        return articlePage({
          article,
          analysis,
          // As the API shows them: never an absolute path of the server (present.ts).
          sources: sources.map((source) => displaySource(source)),
          story: story ? { id: story.id, title: story.title } : undefined,
          highlight,
        });
      });
      if (body === undefined) throw new HttpError(404, 'There is no article with this id.');
      return sendHtml(reply, body);
    },
  );

  app.get('/entities/:id', { schema: byId }, async (req: ById, reply) => {
    const entity = await ctx.entities.get(req.params.id);
    if (!entity) throw new HttpError(404, 'There is no such person, organisation or place in the stories.');
    return sendHtml(reply, entityPage(entity));
  });

  app.get(
    '/search',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 500, default: '' },
            // The deepest page whose hits the search can still reach (settings.ts SEARCH_MAX_WINDOW).
            offset: { type: 'integer', minimum: 0, maximum: SEARCH_MAX_WINDOW - SEARCH_PAGE_HITS, default: 0 },
            soffset: { type: 'integer', minimum: 0, default: 0 },
            ...filterParams,
          },
        },
      },
    },
    async (
      req: FastifyRequest<{ Querystring: { q: string; offset: number; soffset: number } & FilterQuery }>,
      reply,
    ) => {
      const q = req.query.q.trim();
      const { offset, soffset } = req.query;
      const filter = filterOf(req.query);
      // Kept in the read cache like story pages: the hits change only with an ingest, and every ingest changes the
      // stories the cache watches (or, on this server, clears it at once). The key holds everything the page shows.
      const key = `page:search:${JSON.stringify([q, offset, soffset, filter])}`;
      const body = await ctx.cache.get(key, () => renderSearchPage(ctx, q, offset, soffset, filter));
      return sendHtml(reply, body ?? '');
    },
  );

  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  app.get('/ingest', async (_req, reply) => sendHtml(reply, ingestPage(ctx.maxUploadBytes)));

  // Without JavaScript the form posts here and gets a page back; with it, ui/ingest.ts posts to /api/ingest.
  app.post('/ingest', async (req, reply) => {
    try {
      const report = await runIngestRequest(ctx, req);
      return sendHtml(reply, ingestPage(ctx.maxUploadBytes, report));
    } catch (err) {
      if (err instanceof HttpError || (err as { statusCode?: number }).statusCode === 413) {
        const status = (err as { statusCode: number }).statusCode;
        return sendHtml(reply, ingestPage(ctx.maxUploadBytes, undefined, (err as Error).message), status);
      }
      throw err;
    }
  });

  app.get('/ui/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const m = req.params.file.match(/^([a-z-]+)\.(js|css|svg)$/);
    const asset =
      m?.[2] === 'js'
        ? await clientScript(m[1] as string)
        : m?.[2] === 'css'
          ? stylesheet(m[1] as string)
          : m?.[1] === 'world'
            ? worldSvg()
            : undefined;
    if (!asset) throw new HttpError(404, 'no such file');
    return reply.type(asset.type).header('cache-control', CACHE_CONTROL_ASSETS).send(asset.body);
  });
}
