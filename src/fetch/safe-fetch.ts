// The fetch of one URL (the server's "add by URL", `storyline ingest URL`), safe against a hostile URL or server.
// It guarantees:
// - Only global unicast addresses (address.ts) are connected to, unless the operator allowed private ones. The
//   check runs inside the socket's own DNS lookup, so the address checked is the address connected - no window
//   for DNS rebinding between a check and the connect - and again on every redirect hop. IP literals, which
//   skip the lookup, are checked before the request; the connected peer is checked once more as a backstop.
// - It resolves only with a whole body. A timeout at any stage, a connection reset, or a body shorter than its
//   Content-Length rejects, so a truncated page is never handed on to be ingested.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { nonPublicReason } from './address.js';
import { FETCH_SETTINGS } from './settings.js';

/** Redirect statuses that carry a Location to follow; other 3xx answers are errors. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchOptions {
  /** The operator's --allow-private-fetch: any address may be reached (private, loopback, ...). */
  allowPrivate?: boolean;
  /**
   * Loopback addresses (127.0.0.0/8, ::1) may be reached, every other address still checked: what tests set (env
   * STORYLINE_FETCH_ALLOW_LOOPBACK=1 for the CLI) to fetch from their own server on this machine.
   */
  allowLoopback?: boolean;
  /** The Accept header (default FETCH_SETTINGS.accept: pages). */
  accept?: string;
  /** How the refusal tells the user to allow private addresses (default: the server's --allow-private-fetch). */
  allowHint?: string;
  /** Overrides FETCH_SETTINGS.timeoutMs. */
  timeoutMs?: number;
  /** Overrides FETCH_SETTINGS.maxBytes. */
  maxBytes?: number;
  /** Overrides FETCH_SETTINGS.maxRedirects. */
  maxRedirects?: number;
  /**
   * A conditional GET: the validators of the copy already read (its ETag, its Last-Modified). A 304 answer then
   * resolves with `notModified` and no body, rather than failing as any other non-2xx does.
   */
  conditional?: Validators;
  /**
   * Asked before each redirect is followed, with the URL it leads to; a rejection ends the fetch with that error
   * (the watcher checks the new host's robots.txt here).
   */
  beforeRedirect?: (url: string) => Promise<void>;
  /**
   * TEST ONLY - production callers never set this. Lets tests reach their own server on loopback (itself a
   * refused address) while every other address is still checked, so refusals can be tested end to end.
   */
  allowAddressForTests?: (address: string) => boolean;
  /**
   * TEST ONLY - production callers never set this. Resolves host names in place of the system resolver, so tests
   * can give a name any address without DNS. It is used exactly where the system resolver is: inside the socket's
   * lookup, whose answer is checked and then connected to.
   */
  resolveForTests?: (hostname: string) => Promise<LookupAddress[]>;
}

/** What a server said identifies a response's version; sent back on the next request to ask "changed since?". */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export interface Fetched extends Validators {
  /** The URL after redirects. */
  url: string;
  contentType: string;
  /** Empty when `notModified`. */
  bytes: Buffer;
  /** The server answered 304 to a conditional request: the copy already read is current. */
  notModified?: boolean;
}

/** The HTTP answer behind a refusal, when the server gave one: what a retry policy decides on. */
export interface RemoteAnswer {
  status: number;
  /** The Retry-After header as sent (seconds or an HTTP date), for 429 and 503. */
  retryAfter?: string;
}

/**
 * A fetch that did not yield a page, with the HTTP status the server answers: 400 for a bad URL, 403 for a
 * refused address, 413 for too large a page, 502 for a remote failure (including a body cut short), 504 for a
 * timeout.
 */
export class FetchRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    /** Set when the server itself answered with an error status (not for timeouts, resets or refused addresses). */
    readonly remote?: RemoteAnswer,
  ) {
    super(message);
  }
}

/** Parse and check the scheme; throws FetchRefused(400). */
export function parseFetchUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchRefused(`"${text.slice(0, 200)}" is not a valid URL`, 400);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchRefused(`only http and https URLs can be fetched, not ${url.protocol}`, 400);
  }
  if (url.username || url.password) throw new FetchRefused('URLs with credentials are not fetched', 400);
  return url;
}

interface Resolved {
  conditional?: Validators;
  allowPrivate: boolean;
  allowLoopback: boolean;
  allowHint: string;
  accept: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowAddressForTests?: (address: string) => boolean;
  resolve: (hostname: string, family: 0 | 4 | 6) => Promise<LookupAddress[]>;
}

function systemResolve(hostname: string, family: 0 | 4 | 6): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, family }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/** Throws FetchRefused(403) unless the fetch may connect to `address` (which `host` resolved to). */
function checkAddress(href: string, host: string, address: string, opts: Resolved): void {
  if (opts.allowPrivate) return;
  const reason = nonPublicReason(address);
  if (reason === undefined || opts.allowAddressForTests?.(address)) return;
  if (reason === 'loopback' && opts.allowLoopback) return;
  const what = host === address ? address : `${host} resolves to ${address}, which`;
  throw new FetchRefused(
    `refusing to fetch ${href}: ${what} is not a global unicast address (${reason}); ${opts.allowHint}`,
    403,
  );
}

function lookupFamily(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/**
 * The socket's DNS lookup: resolve, refuse the whole host if any of its addresses is refused (a name that also
 * points inward is not one to trust), and hand the connection exactly the addresses checked.
 */
function checkedLookup(href: string, opts: Resolved): LookupFunction {
  return (hostname, options, callback) => {
    const family = lookupFamily(options.family);
    const outcome = opts.resolve(hostname, family).then((all) => {
      const addresses = all.filter((a) => family === 0 || a.family === family);
      if (addresses.length === 0) throw new FetchRefused(`could not fetch ${href}: ${hostname} has no address`, 502);
      for (const a of addresses) checkAddress(href, hostname, a.address, opts);
      return addresses;
    });
    // Called outside the promise chain, so an exception in the socket's callback is not taken for a lookup error.
    outcome.then(
      (addresses) =>
        process.nextTick(() => {
          if (options.all) callback(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        }),
      (err: Error) => process.nextTick(() => callback(err, '', 0)),
    );
  };
}

function timedOut(href: string, opts: Resolved): FetchRefused {
  return new FetchRefused(`fetch of ${href} timed out after ${opts.timeoutMs / 1000} s`, 504);
}

/** A failure of the request as the user should see it; a timeout whatever the socket says, once the deadline passed. */
function failure(err: unknown, href: string, opts: Resolved, signal: AbortSignal): FetchRefused {
  if (signal.aborted) return timedOut(href, opts);
  if (err instanceof FetchRefused) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new FetchRefused(`could not fetch ${href}: ${code ?? (err as Error).message}`, 502);
}

interface Exchange {
  req: ClientRequest;
  res: IncomingMessage;
  /** The socket's error, if it had one (kept, because a reset can end a read-until-close body as if complete). */
  socketError: () => Error | undefined;
  /** Settles when the socket has closed. */
  closed: Promise<void>;
}

function requestHeaders(opts: Resolved): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': FETCH_SETTINGS.userAgent, accept: opts.accept };
  if (opts.conditional?.etag) headers['if-none-match'] = opts.conditional.etag;
  if (opts.conditional?.lastModified) headers['if-modified-since'] = opts.conditional.lastModified;
  return headers;
}

/** A header's one value (a repeated header, which these should not be, counts as absent). */
function header(res: IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function validators(res: IncomingMessage): Validators {
  const etag = header(res, 'etag');
  const lastModified = header(res, 'last-modified');
  return { ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
}

function getOnce(url: URL, opts: Resolved, signal: AbortSignal): Promise<Exchange> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address skips the lookup, so it is checked here; the URL parser has already made IPv4 canonical.
  if (isIP(host) !== 0 || url.hostname.startsWith('[')) checkAddress(url.href, host, host, opts);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let socketError: Error | undefined;
    let markClosed = (): void => {};
    const closed = new Promise<void>((done) => (markClosed = done));
    const req = request(
      url,
      {
        method: 'GET',
        // A fresh connection per fetch: a pooled socket would skip the lookup, and so the check.
        agent: false,
        lookup: checkedLookup(url.href, opts),
        signal,
        headers: requestHeaders(opts),
      },
      (res) => resolve({ req, res, socketError: () => socketError, closed }),
    );
    req.once('socket', (socket: Socket) => {
      socket.on('error', (err) => (socketError ??= err));
      socket.once('close', () => markClosed());
      // Backstop: the lookup already checked this address, but the peer is what matters, so check it too.
      const verify = (): void => {
        try {
          checkAddress(url.href, host, socket.remoteAddress ?? 'unknown', opts);
        } catch (err) {
          socket.destroy(err as Error);
        }
      };
      if (socket.connecting) socket.once('connect', verify);
      else if (!socket.destroyed) verify();
    });
    req.on('error', (err) => reject(failure(err, url.href, opts, signal)));
    req.end();
  });
}

/**
 * The whole body, or a rejection. A body framed by Content-Length or chunked encoding must arrive complete; one
 * that runs until the connection closes is only taken once the socket has closed without an error, since a
 * reset or the deadline also ends it.
 */
function readBody(exchange: Exchange, href: string, opts: Resolved, signal: AbortSignal): Promise<Buffer> {
  const { req, res } = exchange;
  const declaredText = res.headers['content-length'];
  const declared = declaredText === undefined ? undefined : Number(declaredText);
  const chunked = /\bchunked\b/i.test(String(res.headers['transfer-encoding'] ?? ''));
  const tooLarge = (): FetchRefused => new FetchRefused(`the page is larger than the ${opts.maxBytes}-byte limit`, 413);
  const cutShort = (detail: string): FetchRefused =>
    new FetchRefused(`could not fetch ${href}: the body was cut short (${detail})`, 502);

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: FetchRefused): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req.destroy();
      reject(err);
    };
    const onAbort = (): void => fail(timedOut(href, opts));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (declared !== undefined && !(Number.isSafeInteger(declared) && declared >= 0)) {
      return fail(new FetchRefused(`could not fetch ${href}: bad Content-Length "${declaredText}"`, 502));
    }
    if (declared !== undefined && declared > opts.maxBytes) return fail(tooLarge());

    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.maxBytes) return fail(tooLarge());
      chunks.push(chunk);
    });
    res.on('error', (err) => fail(signal.aborted ? timedOut(href, opts) : cutShort(err.message)));
    req.on('error', (err) => fail(signal.aborted ? timedOut(href, opts) : cutShort(err.message)));
    res.on('end', () => {
      const finish = (): void => {
        if (settled) return;
        if (signal.aborted) return fail(timedOut(href, opts));
        const socketError = exchange.socketError();
        if (socketError) return fail(cutShort(socketError.message));
        if (!res.complete) return fail(cutShort('incomplete response'));
        if (declared !== undefined && size !== declared) {
          return fail(cutShort(`${size} of ${declared} bytes`));
        }
        settled = true;
        signal.removeEventListener('abort', onAbort);
        req.destroy();
        resolve(Buffer.concat(chunks, size));
      };
      if (declared !== undefined || chunked) finish();
      else void exchange.closed.then(finish); // read until close: only a clean close proves the end
    });
  });
}

/** GET the URL, following up to `maxRedirects` redirects, each hop checked again; rejects with FetchRefused. */
export async function safeFetch(text: string, options: FetchOptions = {}): Promise<Fetched> {
  const testResolve = options.resolveForTests;
  const opts: Resolved = {
    allowPrivate: options.allowPrivate ?? false,
    allowLoopback: options.allowLoopback ?? false,
    accept: options.accept ?? FETCH_SETTINGS.accept,
    allowHint: options.allowHint ?? 'start the server with --allow-private-fetch to allow private addresses',
    timeoutMs: options.timeoutMs ?? FETCH_SETTINGS.timeoutMs,
    maxBytes: options.maxBytes ?? FETCH_SETTINGS.maxBytes,
    maxRedirects: options.maxRedirects ?? FETCH_SETTINGS.maxRedirects,
    allowAddressForTests: options.allowAddressForTests,
    conditional: options.conditional,
    resolve: testResolve ? (hostname) => testResolve(hostname) : systemResolve,
  };
  let url = parseFetchUrl(text);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      const exchange = await getOnce(url, opts, controller.signal);
      const { req, res } = exchange;
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status) && res.headers.location) {
        req.destroy(); // the redirect's body is not wanted
        if (hop >= opts.maxRedirects) {
          throw new FetchRefused(`too many redirects (more than ${opts.maxRedirects}) from ${text}`, 502);
        }
        url = redirectTarget(url, res.headers.location);
        await options.beforeRedirect?.(url.href);
        continue;
      }
      const contentType = String(res.headers['content-type'] ?? '');
      if (status === 304 && (opts.conditional?.etag || opts.conditional?.lastModified)) {
        req.destroy(); // a 304 has no body
        return { url: url.href, contentType, bytes: Buffer.alloc(0), notModified: true, ...validators(res) };
      }
      if (status < 200 || status >= 300) {
        req.destroy();
        const retryAfter = header(res, 'retry-after');
        throw new FetchRefused(`${url.href} answered HTTP ${status}`, 502, {
          status,
          ...(retryAfter ? { retryAfter } : {}),
        });
      }
      const bytes = await readBody(exchange, url.href, opts, controller.signal);
      return { url: url.href, contentType, bytes, ...validators(res) };
    }
  } finally {
    clearTimeout(timer);
  }
}

function redirectTarget(from: URL, location: string): URL {
  let target: string;
  try {
    target = new URL(location, from).href;
  } catch {
    throw new FetchRefused(`${from.href} redirected to "${location.slice(0, 200)}", which is not a valid URL`, 502);
  }
  try {
    return parseFetchUrl(target);
  } catch (err) {
    throw new FetchRefused(`${from.href} redirected to a URL that is not fetched: ${(err as Error).message}`, 502);
  }
}
