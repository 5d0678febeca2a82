// GET /api/openapi.json: an OpenAPI 3 document. Parameters come from the routes' own validation schemas
// (collected as routes are registered), so the document cannot drift from what the server checks.
import type { FastifyInstance, RouteOptions } from 'fastify';

interface RouteDoc {
  summary: string;
  responses: Record<string, string>;
  requestBody?: object;
  responseSchema?: object;
}

const error = { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] };
const citation = {
  type: 'object',
  properties: {
    article: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    match: {
      type: 'string',
      enum: ['same', 'near', 'related'],
      description: 'the span has the text word for word, as a near copy, or says it in other words',
    },
    copy: { type: 'boolean', description: 'the cited article is a stored copy of another cited one' },
  },
};
const citedText = {
  type: 'object',
  properties: { text: { type: 'string' }, citations: { type: 'array', items: citation } },
};
const storySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    version: { type: 'integer' },
    updated: { type: 'string', format: 'date-time' },
    summary: { type: 'array', items: citedText },
    latest: {
      ...citedText,
      description: 'what happened most recently: one sentence of the latest event',
      properties: { ...citedText.properties, date: { type: 'string' } },
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: { type: 'string' },
          granularity: { type: 'string', enum: ['day', 'month'] },
          entries: {
            type: 'array',
            items: {
              ...citedText,
              properties: {
                ...citedText.properties,
                inferred: { type: 'boolean', description: 'the date rests on an inferred publication date' },
              },
            },
          },
        },
      },
    },
    articles: { type: 'array', items: { type: 'object' } },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['title', 'articles'],
        properties: {
          date: { type: 'string', format: 'date' },
          inferred: { type: 'boolean', description: 'the date rests on inferred publication dates only' },
          title: { type: 'string' },
          articles: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    sharedPassages: { type: 'array', items: { type: 'object' } },
    entities: { type: 'array', items: { type: 'object' } },
    quotes: { type: 'array', items: { type: 'object' } },
  },
};
const ingestReport = {
  type: 'object',
  properties: {
    ingested: { type: 'integer' },
    unchanged: { type: 'integer' },
    failed: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, error: { type: 'string' } } },
    },
    articles: { type: 'array', items: { type: 'string' } },
    stories: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
    },
  },
};

const DOCS: Record<string, RouteDoc> = {
  'GET /api/stories': {
    summary: 'List stories, paged',
    responses: {
      200: 'total, limit, offset, sort (recent, size or updated) and the page of story summaries',
      400: 'bad limit, offset or sort',
    },
  },
  'GET /api/stories/{id}': {
    summary: 'One story: summary and timeline with citations, events, sources, shared passages, entities, quotes',
    responses: {
      200: 'the story',
      301: 'the story was merged into another: Location names it',
      404: 'no such story',
    },
    responseSchema: storySchema,
  },
  'GET /api/stories/{id}/changes': {
    summary:
      "A story's change log, oldest first: per version the articles added and removed, timeline dates added, new quotes, summary sentences added and dropped, stories merged in; paged (`next` when there may be more)",
    responses: {
      200: '{story, since?, limit, offset, changes, next?}',
      301: 'the story was merged into another: Location names its changes',
      400: 'bad since, limit or offset',
      404: 'no such story',
    },
  },
  'GET /api/changes': {
    summary: 'What changed in every story since an instant (ISO 8601 or a span like 2h), oldest first, paged',
    responses: { 200: '{since?, limit, offset, changes, next?}', 400: 'bad since, limit or offset' },
  },
  'GET /api/articles/{id}': {
    summary: 'One article: clean text, metadata, removed boilerplate, its sources and its analysis',
    responses: { 200: 'the article with `sources` and `analysis`', 404: 'no such article' },
  },
  'GET /api/entities/{id}': {
    summary: 'One entity (id like `PERSON:jane doe`, URL-encoded): its stories, mention count and quotes',
    responses: { 200: 'the entity', 404: 'no such entity' },
  },
  'GET /api/search': {
    summary: 'Full-text search over articles, with snippets (matches in [brackets]), and matching entities',
    responses: {
      200: '{query, limit, offset, hits, entities}',
      400: 'missing or bad q, limit or offset (offset + limit is capped)',
      503: 'the search took longer than its deadline, or too many searches are waiting',
    },
  },
  'POST /api/ingest': {
    summary: 'Ingest multipart files (a `manifest.jsonl` among them is the batch manifest), a JSON record, or {"url"}',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: {
              files: { type: 'array', items: { type: 'string', format: 'binary' } },
              url: { type: 'string', format: 'uri' },
            },
          },
        },
        'application/json': {
          schema: {
            oneOf: [
              {
                type: 'object',
                properties: {
                  text: { type: 'string' },
                  html: { type: 'string' },
                  title: { type: 'string' },
                  url: { type: 'string' },
                  published: { type: 'string' },
                  outlet: { type: 'string' },
                },
              },
              { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } },
            ],
          },
        },
      },
    },
    responses: {
      200: 'the ingest report {ingested, unchanged, failed, articles} and the stories touched',
      400: 'bad record or URL',
      403: 'the URL resolves to a private or loopback address, or the request came from another site',
      413: 'upload over the size limit',
      502: 'the URL could not be fetched',
    },
    responseSchema: ingestReport,
  },
  'GET /api/openapi.json': { summary: 'This document', responses: { 200: 'OpenAPI 3 document' } },
  'GET /api/health': { summary: 'Liveness probe, answered without the access token', responses: { 200: '{ok: true}' } },
};

interface CollectedRoute {
  method: string;
  path: string;
  schema?: { querystring?: JsonObject; params?: JsonObject };
}
interface JsonObject {
  properties?: Record<string, Record<string, unknown>>;
  required?: readonly string[];
}

/** Call before registering routes: remembers every /api route and its schema. */
export function collectApiRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        path: route.url.replace(/:(\w+)/g, '{$1}'),
        schema: route.schema as CollectedRoute['schema'],
      });
    }
  });
  return routes;
}

function parameters(schema: JsonObject | undefined, where: 'query' | 'path'): object[] {
  return Object.entries(schema?.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || (schema?.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

export function openApiDocument(routes: CollectedRoute[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const doc = DOCS[`${route.method} ${route.path}`] ?? { summary: route.path, responses: { 200: 'OK' } };
    const responses: Record<string, object> = {};
    for (const [code, description] of Object.entries(doc.responses)) {
      const schema = code.startsWith('2') ? (doc.responseSchema ?? { type: 'object' }) : error;
      responses[code] = { description, content: { 'application/json': { schema } } };
    }
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      summary: doc.summary,
      parameters: [...parameters(route.schema?.params, 'path'), ...parameters(route.schema?.querystring, 'query')],
      ...(doc.requestBody ? { requestBody: doc.requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Storyline API',
      version: '0.1.0',
      description:
        'News articles in, cited stories and timelines out. Errors are JSON {error} with a 4xx/5xx status. ' +
        'With an access token configured, every request but /api/health needs `Authorization: Bearer TOKEN` (401 ' +
        'without it); POST needs a same-origin Origin (or none, from a client sending the Bearer token); a Host ' +
        'header that does not name the server is 421.',
    },
    paths,
  };
}
