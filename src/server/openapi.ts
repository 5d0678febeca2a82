// GET /api/openapi.json: an OpenAPI 3 document. Parameters come from the routes' own validation schemas
// (collected as routes are registered), so the document cannot drift from what the server checks.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { COMPONENTS } from './openapi-schemas.js';

/** Per status: what it means, and the component its JSON body is (none: no body, e.g. a redirect). */
interface ResponseDoc {
  description: string;
  schema?: string;
}

interface RouteDoc {
  summary: string;
  responses: Record<string, ResponseDoc | string>;
  requestBody?: object;
}

/** A response of the route's own component (a 2xx), or, given as a bare description, an Error (4xx/5xx). */
const ok = (schema: string, description: string): ResponseDoc => ({ description, schema });
const redirect = (description: string): ResponseDoc => ({ description });

const DOCS: Record<string, RouteDoc> = {
  'GET /api/stories': {
    summary: 'List stories, paged',
    responses: {
      200: ok(
        'StoryList',
        'total (that pass the filters), limit, offset, sort, the filters given, the page of stories',
      ),
      400: 'bad or unknown parameter (limit, offset, sort, outlet, from, to, language)',
    },
  },
  'GET /api/stories/{id}': {
    summary: 'One story: summary and timeline with citations, events, sources, shared passages, entities, quotes',
    responses: {
      200: ok('Story', 'the story'),
      301: redirect('the story was merged into another: Location names it'),
      404: 'no such story',
    },
  },
  'GET /api/stories/{id}/changes': {
    summary:
      "A story's change log, oldest first: per version the articles added and removed, timeline dates added, new quotes, summary sentences added and dropped, stories merged in; paged (`next` when there may be more)",
    responses: {
      200: ok('ChangePage', '{story, since?, limit, offset, changes, next?}'),
      301: redirect('the story was merged into another: Location names its changes'),
      400: 'bad since, limit or offset',
      404: 'no such story',
    },
  },
  'GET /api/changes': {
    summary: 'What changed in every story since an instant (ISO 8601 or a span like 2h), oldest first, paged',
    responses: { 200: ok('ChangePage', '{since?, limit, offset, changes, next?}'), 400: 'bad since, limit or offset' },
  },
  'GET /api/articles/{id}': {
    summary: 'One article: clean text, metadata, removed boilerplate, its sources and its analysis',
    responses: { 200: ok('Article', 'the article with `sources` and `analysis`'), 404: 'no such article' },
  },
  'GET /api/entities/{id}': {
    summary: 'One entity (id like `PERSON:jane doe`, URL-encoded): its stories, mention count and quotes',
    responses: { 200: ok('Entity', 'the entity'), 404: 'no such entity' },
  },
  'GET /api/search': {
    summary: 'Full-text search over articles, with snippets (matches in [brackets]), and matching entities',
    responses: {
      200: ok('SearchResult', '{query, limit, offset, filters given, hits, next?, entities}'),
      400: 'missing or bad q, limit, offset (offset + limit is capped) or filter, or an unknown parameter',
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
      200: ok('IngestReport', 'the ingest report {ingested, unchanged, failed, articles} and the stories touched'),
      400: 'bad record or URL',
      403: 'the URL resolves to a private or loopback address, or the request came from another site',
      413: 'upload over the size limit',
      502: 'the URL could not be fetched',
    },
  },
  'GET /api/search/stories': {
    summary: 'Story search: stories whose title, summary or entities hold every word, best first, filtered and paged',
    responses: {
      200: ok('StorySearchResult', '{query, limit, offset, filters given, total, hits, next?}'),
      400: 'missing or bad q, limit, offset or filter, or an unknown parameter',
    },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    responses: { 200: ok('OpenApiDocument', 'OpenAPI 3.1 document') },
  },
  'GET /api/health': {
    summary: 'Liveness probe, answered without the access token',
    responses: { 200: ok('Health', '{ok: true}') },
  },
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

/** Every response an endpoint may give, besides its own: a parameter it does not take, a method it does not serve. */
const COMMON_RESPONSES: Record<string, string> = {
  400: 'bad or unknown query parameter',
  405: 'the path exists, but not for this method: `Allow` lists those it answers',
};

export function openApiDocument(routes: CollectedRoute[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const doc = DOCS[`${route.method} ${route.path}`] ?? { summary: route.path, responses: { 200: 'OK' } };
    const responses: Record<string, object> = {};
    for (const [code, given] of Object.entries({ ...COMMON_RESPONSES, ...doc.responses })) {
      const r: ResponseDoc = typeof given === 'string' ? { description: given, schema: 'Error' } : given;
      responses[code] = {
        description: r.description,
        ...(code === '405' ? { headers: { Allow: { schema: { type: 'string' } } } } : {}),
        ...(r.schema
          ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${r.schema}` } } } }
          : {}),
      };
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
    openapi: '3.1.0',
    info: {
      title: 'Storyline API',
      version: '0.2.0',
      description:
        'News articles in, cited stories and timelines out. Errors are JSON {error, code} with a 4xx/5xx status: ' +
        'a query parameter an endpoint does not take is 400 (code unknown_parameter), a bad value 400 ' +
        '(invalid_parameter), a path served for other methods 405 with Allow. Every `published` is ISO 8601 with ' +
        '`publishedPrecision` (year, month, day, time) beside it; `source` is relative to what was ingested (a ' +
        'path under the folder given, a URL, upload:NAME). ' +
        'With an access token configured, every request but /api/health needs `Authorization: Bearer TOKEN` (401 ' +
        'without it); POST needs a same-origin Origin (or none, from a client sending the Bearer token); a Host ' +
        'header that does not name the server is 421.',
    },
    paths,
    components: { schemas: COMPONENTS },
  };
}
