// Who may talk to the server, checked on every request before any route runs (and before a body is read):
//   1. the Host header names this server (a DNS-rebinding page reaches us under its own name, and is refused);
//   2. the access token, when one is configured (Authorization: Bearer, or the session cookie set by ?token=);
//   3. a state-changing request comes from this server's own pages (no cross-site form or fetch can write).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from './pages/layout.js';
import {
  HEALTH_PATH,
  LOOPBACK_HOST_NAMES,
  MIN_TOKEN_LENGTH,
  TOKEN_COOKIE_MAX_AGE_S,
  TOKEN_COOKIE_PREFIX,
  TOKEN_QUERY_PARAM,
} from './settings.js';

/** The server cannot start as configured (the CLI exits 2 with the message). */
export class ServerConfigError extends Error {}

export interface GuardOptions {
  /** The address the server is bound to. */
  host: string;
  /** The access token; required unless `host` is a loopback address. */
  token?: string;
  /** Further names the `Host` header may carry (`name` for any port, or `name:port`). */
  allowedHosts?: readonly string[];
}

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** The machine-readable `code` of an error answer, by status, when the route names none more specific. */
const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  421: 'wrong_host',
  502: 'fetch_failed',
  503: 'unavailable',
};

export function errorCode(status: number): string {
  return ERROR_CODES[status] ?? (status >= 500 ? 'internal' : 'bad_request');
}

/**
 * An error answer in the form the client reads: JSON `{error, code}` under /api (a one-line message for people,
 * a stable code for programs), an HTML page elsewhere.
 */
export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  code = errorCode(status),
): FastifyReply {
  if (isApi(req.url)) {
    return reply.code(status).type('application/json; charset=utf-8').send({ error: message, code });
  }
  return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, message));
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** True for `localhost`, 127.0.0.0/8, `::1` and `::ffff:127.x.x.x`: addresses only this machine can reach. */
export function isLoopbackAddress(host: string): boolean {
  const h = unbracket(host.trim().toLowerCase());
  if (h === 'localhost') return true;
  const version = isIP(h);
  if (version === 4) return h.startsWith('127.');
  if (version === 6) return h === '::1' || /^(?:0+:){7}0*1$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
  return false;
}

/** `0.0.0.0`, `::` (or empty): bound to every interface. */
export function isWildcard(host: string): boolean {
  const h = unbracket(host.trim());
  return h === '' || h === '0.0.0.0' || (isIP(h) === 6 && /^[0:]+$/.test(h));
}

interface HostName {
  /** Lower-case name; IPv6 addresses in brackets. */
  name: string;
  port?: number;
}

/** `example.com`, `example.com:8080`, `[::1]:8080`, `::1` → name and optional port; undefined when malformed. */
export function parseHost(value: string): HostName | undefined {
  const v = value.trim().toLowerCase();
  const m = v.match(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/);
  if (!m) {
    // A bare IPv6 address as a user would type it in a list.
    return isIP(v) === 6 ? { name: `[${v}]` } : undefined;
  }
  const name = m[1] as string;
  if (name.startsWith('[') && isIP(unbracket(name)) !== 6) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port === 0 || port > 65535)) return undefined;
  return port === undefined ? { name } : { name, port };
}

/**
 * Check a configuration before anything starts: refuse one that would expose the archive (a non-loopback address
 * without a token: anyone on the network could read and change it), a guessable token, or a malformed host name.
 * Returns the parsed `allowedHosts`.
 */
export function checkServerConfig(opts: GuardOptions): HostName[] {
  const { host, token } = opts;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new ServerConfigError(
      `the access token must be at least ${MIN_TOKEN_LENGTH} characters (got ${token.length}); make one with: openssl rand -hex 16`,
    );
  }
  if (token === undefined && !isLoopbackAddress(host)) {
    throw new ServerConfigError(
      `refusing to serve on ${host} without an access token: anyone who can reach it could read and change the archive; ` +
        'give one with --token or STORYLINE_TOKEN (make one with: openssl rand -hex 16), or bind 127.0.0.1',
    );
  }
  return (opts.allowedHosts ?? []).map((entry) => {
    const parsed = parseHost(entry);
    if (!parsed) throw new ServerConfigError(`allowed host ${JSON.stringify(entry)} is not a host name or host:port`);
    return parsed;
  });
}

/** The names this server answers to without being told: the loopback names and the bound address (or, bound to
 * every interface, each interface's address). */
function ownNames(host: string): Set<string> {
  const names = new Set<string>(LOOPBACK_HOST_NAMES);
  const add = (address: string) =>
    names.add(isIP(address) === 6 ? `[${address.toLowerCase()}]` : address.toLowerCase());
  if (isWildcard(host)) {
    for (const list of Object.values(networkInterfaces())) {
      // A scoped link-local address (fe80::…%eth0) cannot be written in a Host header without its zone: skip it.
      for (const info of list ?? []) if (!(info.family === 'IPv6' && info.scopeid)) add(info.address);
    }
  } else {
    add(unbracket(host.trim()));
  }
  return names;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Equal in constant time: both sides are hashed first, so the lengths match and nothing leaks through timing. */
function sameSecret(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected);
}

function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function bearer(req: FastifyRequest): string | undefined {
  return req.headers.authorization?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i)?.[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Build the `onRequest` hook that enforces the three rules above. Throws a ServerConfigError like checkServerConfig. */
export function requestGuard(opts: GuardOptions): (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  const listed = checkServerConfig(opts);
  const builtIn = ownNames(opts.host);
  const token = opts.token;
  const tokenDigest = token === undefined ? undefined : digest(token);
  // The cookie holds a value derived from the token, not the token: a stolen cookie does not give the Bearer token.
  const session =
    token === undefined
      ? undefined
      : createHmac('sha256', token).update('storyline session cookie').digest('base64url');
  const sessionDigest = session === undefined ? undefined : digest(session);

  /** The Host header, when it names this server; else undefined. */
  function acceptedHost(req: FastifyRequest): HostName | undefined {
    const raw = req.headers.host;
    if (typeof raw !== 'string') return undefined;
    const parsed = parseHost(raw);
    if (!parsed) return undefined;
    const port = parsed.port ?? 80; // http's default port, as the browser meant it
    if (builtIn.has(parsed.name) && port === req.socket.localPort) return parsed;
    return listed.some((l) => l.name === parsed.name && (l.port === undefined || l.port === port)) ? parsed : undefined;
  }

  function hostRefusal(req: FastifyRequest): string {
    const shown = typeof req.headers.host === 'string' ? req.headers.host.slice(0, 100) : '(none)';
    return `this server does not answer to the host name ${JSON.stringify(shown)}: use the address it listens on, or start it with --allowed-host NAME`;
  }

  /** Undefined when the request may write; else why not. */
  function writeRefusal(req: FastifyRequest, host: HostName, viaBearer: boolean): string | undefined {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
      return `cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)}): changes can only be made from this server's own pages`;
    }
    if (typeof origin === 'string') {
      if (origin === 'null') {
        // An opaque origin (a sandboxed frame, a file: page) unless the browser itself vouches for same-origin.
        if (site !== 'same-origin') return 'request from an opaque origin (Origin: null) refused';
      } else if (!sameOrigin(origin, host)) {
        return `cross-origin request refused: Origin ${origin.slice(0, 100)} is not this server`;
      }
    }
    if (typeof site !== 'string' && typeof origin !== 'string' && token !== undefined && !viaBearer) {
      // Not a modern browser (they send Origin on every POST): only a client that holds the token itself may write.
      return 'a request without Origin or Sec-Fetch-Site must carry the token in Authorization: Bearer';
    }
    return undefined;
  }

  return async (req, reply) => {
    const host = acceptedHost(req);
    if (!host) return sendError(req, reply, 421, hostRefusal(req));

    let viaBearer = false;
    if (tokenDigest && sessionDigest && session && req.url.split('?')[0] !== HEALTH_PATH) {
      const given = bearer(req);
      const cookieName = `${TOKEN_COOKIE_PREFIX}${req.socket.localPort ?? 0}`;
      const cookie = cookieValue(req, cookieName);
      const url = new URL(req.url, 'http://storyline.invalid');
      const inQuery = url.searchParams.get(TOKEN_QUERY_PARAM);
      if (given !== undefined) {
        if (!sameSecret(given, tokenDigest)) return unauthorized(req, reply, 'wrong access token');
        viaBearer = true;
      } else if (inQuery !== null && (req.method === 'GET' || req.method === 'HEAD')) {
        if (!sameSecret(inQuery, tokenDigest)) return unauthorized(req, reply, 'wrong access token');
        // Remember the token in a cookie and take it out of the address bar (and out of later Referer and logs).
        url.searchParams.delete(TOKEN_QUERY_PARAM);
        const rest = url.searchParams.toString();
        reply.header(
          'set-cookie',
          `${cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${TOKEN_COOKIE_MAX_AGE_S}`,
        );
        // One leading slash: `//host/…` would be a redirect to another site.
        const path = `/${url.pathname.replace(/^\/+/, '')}`;
        return reply.redirect(`${path}${rest ? `?${rest}` : ''}`, 303);
      } else if (cookie !== undefined) {
        if (!sameSecret(cookie, sessionDigest)) return unauthorized(req, reply, 'the session cookie is not valid');
      } else {
        return unauthorized(
          req,
          reply,
          'this server needs its access token: send Authorization: Bearer TOKEN, or open any page once with ?token=TOKEN',
        );
      }
    }

    if (!SAFE_METHODS.has(req.method)) {
      const refusal = writeRefusal(req, host, viaBearer);
      if (refusal) return sendError(req, reply, 403, refusal);
    }
    // Without a token (loopback only, see checkServerConfig) the Host and same-origin checks are the whole defence:
    // enough for a port only this machine can reach.
    return undefined;
  };
}

function unauthorized(req: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  reply.header('www-authenticate', 'Bearer realm="storyline"');
  return sendError(req, reply, 401, message);
}

/** Origin names this host: `http://` or `https://` (a TLS proxy in front) and the same host and port. */
function sameOrigin(origin: string, host: HostName): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) return false;
  const defaultPort = parsed.protocol === 'https:' ? 443 : 80;
  const originPort = parsed.port === '' ? defaultPort : Number(parsed.port);
  const hostPort = host.port ?? defaultPort;
  return parsed.hostname.toLowerCase() === host.name && originPort === hostPort;
}
