// The HTTP API against a real server on port 0 and a real SQLite file: every endpoint, and the bad requests.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Story } from '../src/model.js';
import { nonPublicReason } from '../src/fetch/address.js';
import { ReadCache } from '../src/server/read-cache.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { projectRoot, recordMerge } from './helpers.js';

const examplesDir = join(projectRoot, 'examples');
const LIMIT = 64 * 1024;

let dir: string;
let store: Store;
let server: RunningServer; // private fetches refused (the default)
let permissive: RunningServer; // --allow-private-fetch
let pageServer: Server; // a local site to fetch from
let pageUrl: string;

function examplesForm(): FormData {
  const form = new FormData();
  for (const name of readdirSync(examplesDir).sort()) {
    form.append('files', new Blob([readFileSync(join(examplesDir, name))]), name);
  }
  return form;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies in tests are checked field by field
type Json = any;

async function getJson(path: string, base = server.url): Promise<{ status: number; body: Json }> {
  const res = await fetch(base + path);
  return { status: res.status, body: await res.json() };
}

async function postJson(path: string, value: unknown, base = server.url): Promise<{ status: number; body: Json }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
  return { status: res.status, body: await res.json() };
}

function assertCleanError(body: { error?: unknown }): void {
  assert.equal(typeof body.error, 'string');
  assert.ok((body.error as string).length > 0);
  assert.doesNotMatch(body.error as string, /\n\s+at /, 'no stack trace');
}

let firstReport: Json;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'storyline-api-'));
  store = await openStore(join(dir, 'api.db'));
  server = await startServer({ store, port: 0, maxUploadBytes: LIMIT });
  permissive = await startServer({ store, port: 0, maxUploadBytes: LIMIT, allowPrivateFetch: true });
  pageServer = createHttpServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/article' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Ferry service resumes on the Lune</title>
<meta property="article:published_time" content="2025-03-14"></head><body><nav>Home | News | Sport</nav>
<article><h1>Ferry service resumes on the Lune</h1>
<p>The ferry between Westbrook Hollow and Norvale City resumed on Friday after a week-long halt caused by the dam breach.</p>
<p>Captain Orla Vance said the river was calm again and that the crossing took twenty minutes, as it did before the flood.</p>
<p>The Norvale Water Authority said the water level had fallen by two metres since Wednesday.</p></article></body></html>`);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const address = pageServer.address();
  pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: examplesForm() });
  assert.equal(res.status, 200);
  firstReport = await res.json();
});

after(async () => {
  await server?.close();
  await permissive?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/ingest', () => {
  test('multipart upload of the examples reports like the CLI, with the manifest applied', async () => {
    assert.deepEqual(firstReport.failed, []);
    assert.equal(
      firstReport.ingested,
      8,
      'seven files, one of them a JSONL of two records; the manifest is not an article',
    );
    assert.equal(firstReport.articles.length, 8);
    assert.equal(firstReport.storiesError, undefined, firstReport.storiesError);
    assert.ok(firstReport.stories.length > 0);
    const articles = await Promise.all(
      firstReport.articles.map(async (id: string) => (await getJson(`/api/articles/${id}`)).body),
    );
    const interview = articles.find((a) => a.sources.some((s: string) => s.endsWith('engineer-interview.txt')));
    assert.ok(interview, 'the uploaded file is recorded as a source');
    assert.equal(interview.outlet, 'Norvale Courier', 'manifest outlet');
    // One shape for dates in the API: an ISO 8601 value with its precision (and, for an article, its origin) beside it.
    assert.equal(interview.published, '2025-03-07');
    assert.equal(interview.publishedPrecision, 'day');
    assert.equal(interview.publishedFrom, 'sidecar');
  });

  test('the same upload again changes nothing', async () => {
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: examplesForm() });
    const report = await res.json();
    assert.equal(report.ingested, 0);
    assert.equal(report.unchanged, 8);
  });

  test('a JSON record is ingested; a record without text is a 400 with a message', async () => {
    const ok = await postJson('/api/ingest', {
      title: 'Harbour reopens in Norvale City',
      text: 'The harbour of Norvale City reopened on Saturday after the flood waters of the Lune River fell.\n\nHarbour master Piet Alder said ships would dock again from Monday.',
      published: '2025-03-15',
      outlet: 'Test Wire',
      url: 'https://wire.example/harbour',
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.ingested, 1);
    const article = await getJson(`/api/articles/${ok.body.articles[0]}`);
    assert.equal(article.body.outlet, 'Test Wire');
    assert.equal(article.body.url, 'https://wire.example/harbour');

    const bad = await postJson('/api/ingest', { title: 'nothing here' });
    assert.equal(bad.status, 400);
    assertCleanError(bad.body);
    assert.match(bad.body.error, /text|html/);
  });

  test('an upload over the limit is 413, for files and for JSON bodies', async () => {
    const form = new FormData();
    form.append('files', new Blob(['word '.repeat(LIMIT / 4)]), 'big.txt');
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: form });
    assert.equal(res.status, 413);
    assertCleanError(await res.json());
    const json = await postJson('/api/ingest', { text: 'word '.repeat(LIMIT / 4) });
    assert.equal(json.status, 413);
    assertCleanError(json.body);
  });

  test('fetching a loopback URL is refused without --allow-private-fetch', async () => {
    for (const url of [`${pageUrl}/article`, pageUrl.replace('127.0.0.1', 'localhost'), 'http://[::1]:9/']) {
      const res = await postJson('/api/ingest', { url });
      assert.ok(res.status === 403 || res.status === 400, `${url}: ${res.status}`);
      assertCleanError(res.body);
      assert.match(res.body.error, /loopback/);
    }
    const form = new FormData();
    form.append('url', `${pageUrl}/article`);
    const multipart = await fetch(`${server.url}/api/ingest`, { method: 'POST', body: form });
    assert.equal(multipart.status, 403);
    const bad = await postJson('/api/ingest', { url: 'file:///etc/passwd' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /http/);
  });

  test('with --allow-private-fetch a URL is fetched (through a redirect) and ingested', async () => {
    const res = await postJson('/api/ingest', { url: `${pageUrl}/redirect` }, permissive.url);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.ingested, 1);
    const article = await getJson(`/api/articles/${res.body.articles[0]}`);
    assert.equal(article.body.url, `${pageUrl}/article`);
    assert.match(article.body.text, /Captain Orla Vance/);
    assert.doesNotMatch(article.body.text, /Home \| News/);
  });

  test('an empty request is a 400', async () => {
    const res = await fetch(`${server.url}/api/ingest`, { method: 'POST' });
    assert.equal(res.status, 400);
    assertCleanError(await res.json());
  });
});

describe('stories', () => {
  test('GET /api/stories pages and sorts', async () => {
    const all = await getJson('/api/stories');
    assert.equal(all.status, 200);
    assert.ok(all.body.total >= 1);
    assert.equal(all.body.stories.length, all.body.total);
    const one = await getJson('/api/stories?limit=1&sort=size');
    assert.equal(one.body.stories.length, 1);
    const sizes = all.body.stories.map((s: { articles: number }) => s.articles);
    assert.equal(one.body.stories[0].articles, Math.max(...sizes));
    const past = await getJson(`/api/stories?offset=${all.body.total}`);
    assert.deepEqual(past.body.stories, []);
  });

  test('bad list queries are 400 with a message naming the problem', async () => {
    for (const [query, word] of [
      ['limit=-1', 'limit'],
      ['limit=abc', 'limit'],
      ['offset=-5', 'offset'],
      ['sort=bogus', 'sort|allowed'],
    ]) {
      const res = await getJson(`/api/stories?${query}`);
      assert.equal(res.status, 400, query);
      assertCleanError(res.body);
      assert.match(res.body.error, new RegExp(word), query);
    }
  });

  test('GET /api/stories/:id has the DESIGN.md shape, every summary sentence cited', async () => {
    const list = await getJson('/api/stories?sort=size');
    const id = list.body.stories[0].id;
    const res = await getJson(`/api/stories/${encodeURIComponent(id)}`);
    assert.equal(res.status, 200);
    const story = res.body as Story;
    for (const key of [
      'id',
      'title',
      'version',
      'updated',
      'summary',
      'timeline',
      'articles',
      'sharedPassages',
      'entities',
      'quotes',
    ]) {
      assert.ok(key in story, key);
    }
    assert.ok(story.summary.length > 0);
    for (const s of story.summary) assert.ok(s.citations.length > 0, s.text);
    const missing = await getJson('/api/stories/no-such-story');
    assert.equal(missing.status, 404);
    assertCleanError(missing.body);
  });

  test('GET /api/stories/:id/changes lists the change log', async () => {
    const list = await getJson('/api/stories');
    const id = list.body.stories[0].id;
    const res = await getJson(`/api/stories/${encodeURIComponent(id)}/changes`);
    assert.equal(res.status, 200);
    assert.ok(res.body.changes.length >= 1);
    assert.ok(res.body.changes.every((c: { story: string }) => c.story === id));
    assert.equal((await getJson('/api/stories/no-such-story/changes')).status, 404);
  });

  test('a story id merged away answers 301 to the story it went into, in the API and the web app', async () => {
    const list = await getJson('/api/stories');
    const id = list.body.stories[0].id as string;
    await recordMerge(store, 'old-story', id);
    for (const [from, to] of [
      ['/api/stories/old-story', `/api/stories/${encodeURIComponent(id)}`],
      ['/stories/old-story', `/stories/${encodeURIComponent(id)}`],
    ] as const) {
      const res = await fetch(server.url + from, { redirect: 'manual' });
      assert.equal(res.status, 301, from);
      assert.equal(res.headers.get('location'), to);
    }
    const followed = await getJson('/api/stories/old-story');
    assert.equal(followed.status, 200);
    assert.equal(followed.body.id, id);
    assert.equal((await getJson('/api/stories/never-was')).status, 404);
  });

  test('GET /api/stories/:id lists the events of the story, each with its articles', async () => {
    const list = await getJson('/api/stories?sort=size');
    const story = (await getJson(`/api/stories/${encodeURIComponent(list.body.stories[0].id)}`)).body;
    assert.ok(Array.isArray(story.events) && story.events.length >= 1);
    const inEvents = story.events.flatMap((e: { articles: string[] }) => e.articles).sort();
    assert.deepEqual(inEvents, story.articles.map((a: { id: string }) => a.id).sort());
    for (const e of story.events) if (e.date) assert.match(e.date, /^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('articles, entities, search', () => {
  test('GET /api/articles/:id has the text, analysis, sources and removed boilerplate', async () => {
    const search = await getJson('/api/search?q=spillway');
    const id = search.body.hits[0].id;
    const res = await getJson(`/api/articles/${id}`);
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.text, 'string');
    assert.ok(Array.isArray(res.body.removed));
    assert.ok(res.body.sources.length >= 1);
    assert.equal(res.body.analysis.article, id);
    const withBoilerplate = await Promise.all(
      firstReport.articles.map(async (a: string) => (await getJson(`/api/articles/${a}`)).body.removed.length),
    );
    assert.ok(
      withBoilerplate.some((n) => n > 0),
      'the scraped HTML examples lose some boilerplate',
    );
    const missing = await getJson('/api/articles/0000000000000000');
    assert.equal(missing.status, 404);
    assertCleanError(missing.body);
  });

  test('GET /api/entities/:id (URL-encoded) has stories, mentions and quotes', async (t) => {
    assert.equal((await getJson(`/api/entities/${encodeURIComponent('PERSON:nobody at all')}`)).status, 404);
    const list = await getJson('/api/stories?sort=size');
    const story = (await getJson(`/api/stories/${encodeURIComponent(list.body.stories[0].id)}`)).body as Story;
    const person = story.entities.find((e) => e.type === 'PERSON');
    if (!person) {
      t.skip('the analysis gives no PERSON entities yet (entity extraction not landed)');
      return;
    }
    const res = await getJson(`/api/entities/${encodeURIComponent(person.id)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, person.id);
    assert.ok(res.body.mentions >= person.mentions);
    assert.ok(res.body.stories.some((s: { id: string }) => s.id === story.id));
    assert.ok(Array.isArray(res.body.quotes));
  });

  test('GET /api/search finds articles with snippets; bad queries are 400', async () => {
    const res = await getJson('/api/search?q=Marchetti&limit=5');
    assert.equal(res.status, 200);
    assert.ok(res.body.hits.length >= 1 && res.body.hits.length <= 5);
    assert.ok(res.body.hits.some((h: { snippet: string }) => /\[Marchetti\]/i.test(h.snippet)));
    assert.ok(Array.isArray(res.body.entities));
    const odd = await getJson(`/api/search?q=${encodeURIComponent('"unbalanced AND (')}`);
    assert.equal(odd.status, 200, 'query syntax is never an error');
    for (const query of ['', '?q=', '?q=%20%20', '?q=dam&limit=0', '?q=dam&limit=x']) {
      const bad = await getJson(`/api/search${query}`);
      assert.equal(bad.status, 400, query);
      assertCleanError(bad.body);
    }
  });

  test('unknown API paths are 404 JSON', async () => {
    const res = await getJson('/api/nothing-here');
    assert.equal(res.status, 404);
    assertCleanError(res.body);
  });
});

describe('OpenAPI and pages', () => {
  test('GET /api/openapi.json describes every endpoint', async () => {
    const res = await getJson('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.body.openapi, /^3\./);
    const paths = res.body.paths;
    for (const [path, method] of [
      ['/api/stories', 'get'],
      ['/api/stories/{id}', 'get'],
      ['/api/stories/{id}/changes', 'get'],
      ['/api/changes', 'get'],
      ['/api/articles/{id}', 'get'],
      ['/api/entities/{id}', 'get'],
      ['/api/search', 'get'],
      ['/api/ingest', 'post'],
      ['/api/openapi.json', 'get'],
    ]) {
      assert.ok(paths[path]?.[method], `${method} ${path}`);
      assert.ok(paths[path][method].responses['200'], `${method} ${path} 200`);
    }
    const q = paths['/api/search'].get.parameters.find((p: { name: string }) => p.name === 'q');
    assert.equal(q.required, true);
    const sort = paths['/api/stories'].get.parameters.find((p: { name: string }) => p.name === 'sort');
    assert.deepEqual(sort.schema.enum, ['recent', 'size', 'updated']);
  });

  test('pages and assets are served with a CSP that forbids inline scripts', async () => {
    const list = await getJson('/api/stories');
    const storyId = encodeURIComponent(list.body.stories[0].id);
    for (const path of [
      '/',
      `/stories/${storyId}`,
      '/search?q=dam',
      '/ingest',
      '/ui/style.css',
      '/ui/timeline.js',
      '/ui/ingest.js',
      '/ui/world.svg',
    ]) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      await res.arrayBuffer();
    }
    const missing = await fetch(`${server.url}/stories/nope`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type') ?? '', /html/);
    assert.equal((await fetch(`${server.url}/ui/..%2Fserver.js`)).status, 404);
  });

  test('article text and titles are escaped in pages', async () => {
    const evil = await postJson('/api/ingest', {
      title: 'Bridge <script>window.__pwned=1</script> reopens',
      text: 'Mayor Ada Quill said <img src=x onerror="window.__pwned=1"> the bridge in Norvale City would reopen on Monday after repairs.\n\nThe repairs cost three million.',
      outlet: 'Evil <b>Times</b>',
      published: '2025-03-16',
      url: 'javascript:alert(1)',
    });
    assert.equal(evil.status, 200);
    const page = await (await fetch(`${server.url}/articles/${evil.body.articles[0]}`)).text();
    assert.doesNotMatch(page, /<script>window/);
    assert.doesNotMatch(page, /<img src=x/);
    assert.doesNotMatch(page, /href="javascript:/);
    assert.match(page, /&#60;script&#62;window.__pwned=1&#60;\/script&#62;/);
    assert.match(page, /Evil &#60;b&#62;Times/);
  });
});

test('nonPublicReason refuses private, loopback, link-local and unique-local addresses', () => {
  for (const address of [
    '127.0.0.1',
    '127.8.8.8',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fc12::3',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '100.64.1.1',
  ]) {
    assert.ok(nonPublicReason(address), address);
  }
  assert.equal(nonPublicReason('::1'), 'loopback');
  assert.equal(nonPublicReason('fe80::1'), 'link-local');
  assert.equal(nonPublicReason('fd00::1'), 'unique-local');
  for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '172.32.0.1']) {
    assert.equal(nonPublicReason(address), undefined, address);
  }
});

test('the read cache notices stories changed by another writer, without listing the stories', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-read-cache-'));
  const path = join(dir, 'stories.db');
  const reader = await openStore(path);
  // A second connection to the file: what a CLI ingest beside the server is. Only the stamp tells the reader.
  const memory = await openStore(path);
  let listings = 0;
  const counting = new Proxy(reader, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (prop === 'listStories') listings++;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  try {
    const story = (version: number): Story => ({
      id: 's-1',
      title: `version ${version}`,
      version,
      updated: new Date().toISOString(),
      summary: [],
      timeline: [],
      articles: [],
      events: [],
      sharedPassages: [],
      entities: [],
      quotes: [],
    });
    const save = (version: number) =>
      memory.saveStories({ stories: [story(version)], removed: [], assignments: new Map(), changes: [] });
    await save(1);
    const cache = new ReadCache(counting, 1024 * 1024, 0);
    const render = async () => (await reader.getStory('s-1'))?.title;
    const text = async (build: () => Promise<string | undefined>) => (await cache.get('k', build))?.toString();
    assert.equal(await text(render), 'version 1');
    assert.equal(await text(async () => 'rebuilt'), 'version 1', 'unchanged stories: served from the cache');
    await save(2);
    assert.equal(await text(render), 'version 2');
    cache.invalidate();
    assert.equal(await text(async () => 'rebuilt'), 'rebuilt');
    // Asked for at once, a page not cached yet is built once: the others wait for that build.
    let builds = 0;
    const slow = async () => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'built once';
    };
    const many = await Promise.all(Array.from({ length: 5 }, () => cache.get('new', slow)));
    assert.equal(builds, 1);
    assert.ok(many.every((b) => b?.toString() === 'built once'));
    assert.equal(listings, 0, 'freshness is one stamp read, not a listing of the stories');
  } finally {
    await memory.close();
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
