// Requests that name something the server does not take are answered as such, never silently served something
// else: a query parameter a route does not know is a 400 naming it and the ones it takes (`?page=2` on a route that
// pages with `offset` would otherwise quietly give page 1), and a path that exists for other methods is a 405 with
// `Allow` (not a 404 saying there is nothing there).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { sendError } from './guard.js';
import { TOKEN_QUERY_PARAM } from './settings.js';

interface KnownRoute {
  method: string;
  pattern: RegExp;
}

/** `/stories/:id` → a pattern matching `/stories/anything-but-a-slash`. */
function routePattern(url: string): RegExp {
  const parts = url
    .split(/(:\w+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${parts.join('')}$`);
}

/** The query parameter names a route's schema declares (none when it has no querystring schema). */
function declaredParams(req: FastifyRequest): string[] {
  const schema = req.routeOptions.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}

export interface RequestChecks {
  /** The methods a path is served for (HEAD with GET), empty when none. */
  allowedMethods(path: string): string[];
  /** Answer a request no route took: 405 with Allow when the path exists for other methods, else undefined. */
  methodNotAllowed(req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
}

/** Call before registering routes. */
export function registerRequestChecks(app: FastifyInstance): RequestChecks {
  const routes: KnownRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, pattern: routePattern(route.url) });
  });

  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    const query = req.url.indexOf('?');
    if (query < 0) return undefined;
    const declared = declaredParams(req);
    // The token may ride on any address (the guard takes it out); everything else must be declared.
    const allowed = new Set([...declared, TOKEN_QUERY_PARAM]);
    const unknown = [...new Set(new URLSearchParams(req.url.slice(query + 1)).keys())].filter((k) => !allowed.has(k));
    if (unknown.length === 0) return undefined;
    const takes = declared.length > 0 ? `it takes ${declared.join(', ')}` : 'it takes no query parameters';
    const names = unknown.map((k) => JSON.stringify(k.slice(0, 50))).join(', ');
    return sendError(
      req,
      reply,
      400,
      `unknown query parameter${unknown.length > 1 ? 's' : ''} ${names} for ${req.method} ${req.url.slice(0, query)}: ${takes}`,
      'unknown_parameter',
    );
  });

  const allowedMethods = (path: string): string[] => {
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };

  return {
    allowedMethods,
    methodNotAllowed(req, reply) {
      const path = req.url.split('?')[0] ?? req.url;
      const allowed = allowedMethods(path);
      if (allowed.length === 0 || allowed.includes(req.method)) return undefined;
      reply.header('allow', allowed.join(', '));
      return sendError(
        req,
        reply,
        405,
        `${req.method} is not allowed on ${path}: it answers ${allowed.join(', ')}`,
        'method_not_allowed',
      );
    },
  };
}
