// The server under hostile input, over real HTTP on loopback: Host names it does not answer to (DNS rebinding),
// cross-site writes (CSRF), the access token (Bearer and the cookie flow), exposure without a token, the search
// window, and a search that overruns its deadline failing alone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ServerConfigError } from '../src/server/guard.js';
import { type RunningServer, searchReady, startServer } from '../src/server/server.js';
import { SEARCH_MAX_LIMIT, SEARCH_MAX_WINDOW } from '../src/server/settings.js';
import { openStore } from '../src/store/open.js';
import type { SearchHit, Store } from '../src/store/store.js';
import { projectRoot } from './helpers.js';

const examplesDir = join(projectRoot, 'examples');
const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'test-token-0123456789abcdef';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One raw HTTP request to `server`, with exactly the headers given (fetch would not let a test set Host, and adds
 * headers of its own). `host: null` sends no Host header at all.
 */
function send(
  server: RunningServer,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; host?: string | null; body?: string | Buffer } = {},
): Promise<Reply> {
  const url = new URL(server.url);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.host !== null) headers.host = opts.host ?? url.host;
  if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: opts.method ?? 'GET', headers, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies in tests are checked field by field
type Json = any;
const json = (r: Reply): Json => JSON.parse(r.body);

let counter = 0;
/** A JSON record no other test ingests (so "nothing stored" can be checked by its title). */
function record(): { title: string; body: string } {
  counter++;
  const title = `Footbridge ${counter} reopens over the Lune`;
  const text =
    `The footbridge number ${counter} over the Lune River in Norvale City reopened on Tuesday after the flood.\n\n` +
    `Engineer Tomas Brandt said the repairs to bridge ${counter} took nine days.`;
  return { title, body: JSON.stringify({ title, text, published: '2025-03-18', outlet: 'Security Wire' }) };
}

const jsonHeaders = { 'content-type': 'application/json' };

async function stored(store: Store, title: string): Promise<boolean> {
  const hits = await store.search(title, { limit: 5 });
  return hits.some((h) => h.title === title);
}

function assertError(r: Reply, status: number, pattern?: RegExp): void {
  assert.equal(r.status, status, r.body);
  if (String(r.headers['content-type']).includes('json')) {
    const body = json(r);
    assert.equal(typeof body.error, 'string');
    if (pattern) assert.match(body.error, pattern);
  } else {
    assert.match(String(r.headers['content-type']), /html/);
    if (pattern) assert.match(r.body, pattern);
  }
}

let dir: string;
let store: Store;
let plain: RunningServer; // loopback, no token
let locked: RunningServer; // loopback, with a token
let proxied: RunningServer; // loopback, with --allowed-host names
let tiny: RunningServer; // a search deadline of 1 ms

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'storyline-security-'));
  store = await openStore(join(dir, 'security.db'));
  plain = await startServer({ store, port: 0 });
  locked = await startServer({ store, port: 0, token: TOKEN });
  proxied = await startServer({ store, port: 0, allowedHosts: ['news.example', 'lan.example:9999'] });
  tiny = await startServer({ store, port: 0, searchDeadlineMs: 1 });
  const form = new FormData();
  for (const name of readdirSync(examplesDir).sort()) {
    form.append('files', new Blob([readFileSync(join(examplesDir, name))]), name);
  }
  const res = await fetch(`${plain.url}/api/ingest`, { method: 'POST', body: form, headers: { origin: plain.url } });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).ingested, 8);
});

after(async () => {
  for (const server of [plain, locked, proxied, tiny]) await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Host header (DNS rebinding)', () => {
  test('a host name the server does not answer to is refused, as JSON under /api and as a page elsewhere', async () => {
    const port = new URL(plain.url).port;
    for (const host of [`attacker.example:${port}`, 'attacker.example', `localhost:${Number(port) + 1}`, 'localhost']) {
      assertError(await send(plain, '/api/stories', { host }), 421, /does not answer to the host name/);
      assertError(await send(plain, '/', { host }), 421, /does not answer to the host name/);
    }
    // Unknown paths too: the check comes before routing.
    assertError(await send(plain, '/api/nothing', { host: `evil.example:${port}` }), 421);
  });

  test('a request without a Host header is refused', async () => {
    const r = await send(plain, '/api/stories', { host: null });
    assert.ok(r.status === 400 || r.status === 421, `status ${r.status}`);
  });

  test('the bound address and the loopback names, with the port, are answered', async () => {
    const port = new URL(plain.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      assert.equal((await send(plain, '/api/stories', { host })).status, 200, host);
    }
  });

  test('--allowed-host names: a bare name matches any port, name:port only that port', async () => {
    for (const [host, status] of [
      ['news.example', 200],
      ['news.example:8443', 200],
      ['lan.example:9999', 200],
      ['lan.example:9998', 421],
      ['lan.example', 421],
      ['other.example', 421],
    ] as const) {
      assert.equal((await send(proxied, '/api/stories', { host })).status, status, host);
    }
  });

  test('a write under a wrong host name stores nothing', async () => {
    const r = record();
    const res = await send(plain, '/api/ingest', {
      method: 'POST',
      host: 'attacker.example',
      headers: { ...jsonHeaders, origin: 'http://attacker.example' },
      body: r.body,
    });
    assertError(res, 421);
    assert.equal(await stored(store, r.title), false);
  });
});

describe('same-origin writes (CSRF)', () => {
  test('a cross-origin POST is refused and stores nothing', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
      { origin: plain.url, 'sec-fetch-site': 'cross-site' },
      // The right host name under a different port is another origin.
      { origin: `http://127.0.0.1:${Number(new URL(plain.url).port) + 1}` },
    ];
    for (const headers of cases) {
      const r = record();
      const res = await send(plain, '/api/ingest', {
        method: 'POST',
        headers: { ...jsonHeaders, ...headers },
        body: r.body,
      });
      assertError(res, 403, /refused/);
      assert.equal(await stored(store, r.title), false, JSON.stringify(headers));
    }
  });

  test('the form endpoint refuses a cross-site post with a page', async () => {
    const r = record();
    const res = await send(plain, '/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: r.body,
    });
    assertError(res, 403, /cross-site request refused/);
    assert.equal(await stored(store, r.title), false);
  });

  test('a same-origin POST is accepted and stored', async () => {
    const cases: Record<string, string>[] = [
      { origin: plain.url },
      { 'sec-fetch-site': 'same-origin' },
      { origin: plain.url, 'sec-fetch-site': 'same-origin' },
      // What a browser sends when the referrer policy is no-referrer: it still vouches for same-origin.
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of cases) {
      const r = record();
      const res = await send(plain, '/api/ingest', {
        method: 'POST',
        headers: { ...jsonHeaders, ...headers },
        body: r.body,
      });
      assert.equal(res.status, 200, `${JSON.stringify(headers)}: ${res.body}`);
      assert.equal(json(res).ingested, 1);
      assert.equal(await stored(store, r.title), true);
    }
  });

  test('the origin must match the Host the request was sent to', async () => {
    const port = new URL(plain.url).port;
    const ok = record();
    const same = await send(plain, '/api/ingest', {
      method: 'POST',
      host: `localhost:${port}`,
      headers: { ...jsonHeaders, origin: `http://localhost:${port}` },
      body: ok.body,
    });
    assert.equal(same.status, 200, same.body);
    const other = record();
    const cross = await send(plain, '/api/ingest', {
      method: 'POST',
      host: `localhost:${port}`,
      headers: { ...jsonHeaders, origin: `http://127.0.0.1:${port}` },
      body: other.body,
    });
    assertError(cross, 403);
    assert.equal(await stored(store, other.title), false);
  });

  test('on loopback without a token, a client sending neither Origin nor Sec-Fetch-Site (curl) may write', async () => {
    const r = record();
    const res = await send(plain, '/api/ingest', { method: 'POST', headers: jsonHeaders, body: r.body });
    assert.equal(res.status, 200, res.body);
    assert.equal(await stored(store, r.title), true);
  });

  test('reads from another origin are not refused (the browser keeps their answers from the other page)', async () => {
    const res = await send(plain, '/api/stories', { headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], undefined, 'no CORS: another page cannot read it');
  });
});

describe('exposure without a token', () => {
  test('binding a non-loopback address without a token refuses to start', async () => {
    for (const host of ['0.0.0.0', '::']) {
      await assert.rejects(
        startServer({ store, host, port: 0 }),
        (err: unknown) => err instanceof ServerConfigError && /without an access token/.test(err.message),
      );
    }
  });

  test('a token shorter than 16 characters is refused', async () => {
    await assert.rejects(
      startServer({ store, port: 0, token: 'short' }),
      (err: unknown) => err instanceof ServerConfigError && /at least 16 characters/.test(err.message),
    );
  });

  test('the CLI exits 2 with the reason, before creating the database', { skip: !existsSync(cli) }, () => {
    const db = join(dir, 'never-created.db');
    const env = { ...process.env, STORYLINE_TOKEN: '' };
    const run = spawnSync(process.execPath, [cli, 'serve', '--host', '0.0.0.0', '--port', '0', '--db', db], {
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /refusing to serve on 0\.0\.0\.0 without an access token/);
    assert.equal(existsSync(db), false);
    const badHost = spawnSync(process.execPath, [cli, 'serve', '--allowed-host', 'http://x/', '--db', db], {
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    assert.equal(badHost.status, 2, badHost.stderr);
    assert.match(badHost.stderr, /not a host name/);
  });

  test('with a token, every interface may be bound; the loopback address still answers', async () => {
    const open = await startServer({ store, host: '0.0.0.0', port: 0, token: TOKEN });
    try {
      assert.match(open.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await send(open, '/api/stories')).status, 401);
      const ok = await send(open, '/api/stories', { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(ok.status, 200);
      const rebound = await send(open, '/api/stories', {
        host: 'attacker.example',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(rebound.status, 421);
    } finally {
      await open.close();
    }
  });
});

describe('access token', () => {
  const bearer = { authorization: `Bearer ${TOKEN}` };

  test('without the token, or with a wrong one, pages and API are 401', async () => {
    for (const path of ['/api/stories', '/', '/search?q=dam', '/ingest', '/ui/style.css', '/api/openapi.json']) {
      const res = await send(locked, path);
      assertError(res, 401, /access token/);
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    }
    assertError(await send(locked, '/api/stories', { headers: { authorization: 'Bearer wrong-token' } }), 401);
    assertError(await send(locked, '/api/stories', { headers: { authorization: `Basic ${TOKEN}` } }), 401);
    assertError(await send(locked, '/api/stories', { headers: { authorization: `Bearer ${TOKEN}x` } }), 401);
  });

  test('the health endpoint needs no token', async () => {
    const res = await send(locked, '/api/health');
    assert.equal(res.status, 200);
    assert.deepEqual(json(res), { ok: true });
  });

  test('Authorization: Bearer is accepted', async () => {
    const res = await send(locked, '/api/stories', { headers: bearer });
    assert.equal(res.status, 200);
    assert.ok(json(res).total >= 1);
  });

  test('?token= sets an HttpOnly, SameSite=Strict cookie and redirects without it; the cookie then suffices', async () => {
    assertError(await send(locked, '/search?q=dam&token=wrong-token-0123456789'), 401, /wrong access token/);
    const first = await send(locked, `/search?q=dam&token=${TOKEN}`);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/search?q=dam');
    const setCookie = String(first.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    assert.ok(!setCookie.includes(TOKEN), 'the cookie holds a value derived from the token, not the token');
    const cookie = setCookie.split(';')[0] as string;
    const page = await send(locked, '/search?q=dam', { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Search<\/h1>/);
    assert.equal((await send(locked, '/api/stories', { headers: { cookie } })).status, 200);
    const [name] = cookie.split('=');
    assertError(await send(locked, '/api/stories', { headers: { cookie: `${name}=forged` } }), 401, /cookie/);
    // The redirect stays on this server, whatever the path looks like.
    const odd = await send(locked, `/.//evil.example/x?token=${TOKEN}`);
    assert.equal(odd.status, 303);
    assert.equal(odd.headers.location, '/evil.example/x');
    // The front page with only the token in the query redirects to the bare path.
    const front = await send(locked, `/?token=${TOKEN}`);
    assert.equal(front.status, 303);
    assert.equal(front.headers.location, '/');
  });

  test('writes: Bearer alone suffices; the cookie needs a same-origin browser request', async () => {
    const first = await send(locked, `/?token=${TOKEN}`);
    const cookie = String(first.headers['set-cookie']).split(';')[0] as string;

    const viaBearer = record();
    const ok = await send(locked, '/api/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, ...bearer },
      body: viaBearer.body,
    });
    assert.equal(ok.status, 200, ok.body);
    assert.equal(await stored(store, viaBearer.title), true);

    const bare = record();
    const refused = await send(locked, '/api/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, cookie },
      body: bare.body,
    });
    assertError(refused, 403, /Authorization: Bearer/);
    assert.equal(await stored(store, bare.title), false);

    const browser = record();
    const fromPage = await send(locked, '/api/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, cookie, origin: locked.url, 'sec-fetch-site': 'same-origin' },
      body: browser.body,
    });
    assert.equal(fromPage.status, 200, fromPage.body);

    const evil = record();
    const cross = await send(locked, '/api/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, ...bearer, origin: 'https://evil.example' },
      body: evil.body,
    });
    assertError(cross, 403);
    assert.equal(await stored(store, evil.title), false);

    const anonymous = record();
    const none = await send(locked, '/api/ingest', {
      method: 'POST',
      headers: { ...jsonHeaders, origin: locked.url },
      body: anonymous.body,
    });
    assertError(none, 401);
    assert.equal(await stored(store, anonymous.title), false);
  });
});

describe('search', () => {
  test('the result window is capped', async () => {
    for (const query of [`limit=${SEARCH_MAX_LIMIT + 1}`, `offset=${SEARCH_MAX_WINDOW}`, 'offset=-1']) {
      assertError(await send(plain, `/api/search?q=dam&${query}`), 400);
    }
    const deep = await send(plain, `/api/search?q=dam&offset=${SEARCH_MAX_WINDOW - 50}&limit=51`);
    assertError(deep, 400, new RegExp(`at most ${SEARCH_MAX_WINDOW} hits deep`));
    const edge = await send(plain, `/api/search?q=dam&offset=${SEARCH_MAX_WINDOW - 1}&limit=1`);
    assert.equal(edge.status, 200);
    assert.deepEqual(json(edge).hits, []);
  });

  test('search through the workers gives what store.search gives, page by page', async () => {
    // The workers answer from their own index once it is built (warm), with a sentence of each hit as its snippet:
    // the same hits in the same order with the same scores as the store's, each snippet marking the words.
    const warm = await startServer({ store, port: 0, searchDeadlineMs: 30_000, warmSearch: true });
    try {
      await searchReady(warm.app);
      const unsnipped = (hits: SearchHit[]) => hits.map(({ snippet: _s, score: _c, ...rest }) => rest);
      for (const server of [plain, warm]) {
        for (const q of [
          'dam',
          'Norvale flood',
          'Lune River',
          '"unbalanced AND (',
          'footbridge',
          'nothing-matches-this',
        ]) {
          const expected = await store.search(q, { limit: 20 });
          const res = await send(server, `/api/search?q=${encodeURIComponent(q)}&limit=20`);
          assert.equal(res.status, 200, res.body);
          const hits = json(res).hits as SearchHit[];
          assert.deepEqual(unsnipped(hits), unsnipped(expected), q);
          hits.forEach((h, i) => {
            assert.ok(Math.abs(h.score - (expected[i] as SearchHit).score) < 1e-9 * Math.abs(h.score), `${q}: score`);
            assert.match(h.snippet, /\[[^\]]+\]/, `${q}: the match is marked`);
          });
          const page = await send(server, `/api/search?q=${encodeURIComponent(q)}&limit=2&offset=1`);
          assert.deepEqual(json(page).hits, hits.slice(1, 3), `${q}, second page`);
        }
      }
    } finally {
      await warm.close();
    }
  });

  test('a search that overruns its deadline fails alone with 503 while other requests are answered', async () => {
    const [search, stories, story] = await Promise.all([
      send(tiny, '/api/search?q=dam'),
      send(tiny, '/api/stories'),
      send(tiny, '/'),
    ]);
    assertError(search, 503, /search took longer than 1 ms/);
    assert.equal(stories.status, 200);
    assert.ok(json(stories).total >= 1);
    assert.equal(story.status, 200);
    // The page says so too, and the pool keeps answering (a fresh worker replaced the terminated one).
    assertError(await send(tiny, '/search?q=dam'), 503, /search took longer than 1 ms/);
    assertError(await send(tiny, '/api/search?q=flood'), 503, /took longer/);
    // The same database searched under the normal deadline is unaffected.
    const fine = await send(plain, '/api/search?q=dam');
    assert.equal(fine.status, 200);
    assert.ok(json(fine).hits.length >= 1);
  });

  test('many searches at once are all answered, and a read between them too', async () => {
    const searches = Array.from({ length: 20 }, (_, i) => send(plain, `/api/search?q=${i % 2 ? 'dam' : 'flood'}`));
    const list = send(plain, '/api/stories');
    const replies = await Promise.all([...searches, list]);
    for (const r of replies) assert.equal(r.status, 200, r.body);
  });
});
