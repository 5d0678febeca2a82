// Server-side fetch of one article URL: http(s) only, a deadline, a size limit, a few redirects, and no way
// to reach private, loopback, link-local or unique-local addresses unless the operator allowed it.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { nonPublicReason } from './address.js';

export interface FetchOptions {
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
}

export interface Fetched {
  /** The URL after redirects. */
  url: string;
  contentType: string;
  bytes: Buffer;
}

/** A fetch the server refuses to make (the user's fault): 403 for forbidden addresses, 400 for bad URLs. */
export class FetchRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
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

function refuseAddress(host: string, address: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const reason = nonPublicReason(address);
  if (reason) {
    throw new FetchRefused(
      `refusing to fetch ${host}: it resolves to a ${reason} address (${address}); start the server with --allow-private-fetch to allow this`,
      403,
    );
  }
}

/** A DNS lookup that checks every address the name resolves to, and pins the connection to a checked one. */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      try {
        if (addresses.length === 0) throw new FetchRefused(`${hostname} has no address`, 400);
        for (const a of addresses) refuseAddress(hostname, a.address, allowPrivate);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Node's callback is overloaded on options.all
      if (options.all) return (callback as any)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function getOnce(url: URL, opts: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) refuseAddress(host, host, opts.allowPrivate); // literal addresses skip the lookup
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        lookup: checkedLookup(opts.allowPrivate),
        signal,
        headers: { 'user-agent': 'storyline/0.1 (+self-hosted news engine)', accept: 'text/html, text/plain;q=0.9' },
      },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

async function readBody(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchRefused(`the page is larger than the ${maxBytes}-byte limit`, 413);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw new FetchRefused(`the page is larger than the ${maxBytes}-byte limit`, 413);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** GET the URL, following up to `maxRedirects` redirects, each target checked again. */
export async function safeFetch(text: string, opts: FetchOptions): Promise<Fetched> {
  let url = parseFetchUrl(text);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      let res: IncomingMessage;
      try {
        res = await getOnce(url, opts, controller.signal);
      } catch (err) {
        if (err instanceof FetchRefused) throw err;
        if (controller.signal.aborted) throw new FetchRefused(`fetching ${url.href} timed out`, 504);
        const code = (err as NodeJS.ErrnoException).code;
        throw new FetchRefused(`could not fetch ${url.href}: ${code ?? (err as Error).message}`, 502);
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (hop >= (opts.maxRedirects ?? 5)) throw new FetchRefused(`too many redirects from ${text}`, 502);
        url = parseFetchUrl(new URL(res.headers.location, url).href);
        continue;
      }
      if (status < 200 || status >= 300) {
        res.resume();
        throw new FetchRefused(`${url.href} answered HTTP ${status}`, 502);
      }
      const bytes = await readBody(res, opts.maxBytes).catch((err: unknown) => {
        if (err instanceof FetchRefused) throw err;
        if (controller.signal.aborted) throw new FetchRefused(`fetching ${url.href} timed out`, 504);
        throw new FetchRefused(`could not read ${url.href}: ${(err as Error).message}`, 502);
      });
      return { url: url.href, contentType: String(res.headers['content-type'] ?? ''), bytes };
    }
  } finally {
    clearTimeout(timer);
  }
}
