// `storyline watch --queue` on PostgreSQL: the built CLI polls a feed of a loopback server (reachable only because
// this test sets STORYLINE_FETCH_ALLOW_LOOPBACK=1) and puts each new item's page on the job queue instead of
// processing it; its state (validators, seen items) lives in PostgreSQL, so a second run asks conditionally and
// queues nothing again; then a `storyline worker` and the clusterer turn the queued pages into one story.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { projectRoot } from './helpers.js';
import { ARTICLES, gazetteRss, pageHtml } from './watch-fixtures.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const pgUrl = process.env.STORYLINE_TEST_PG;
const skip = !pgUrl
  ? 'set STORYLINE_TEST_PG=postgres://user:pass@host/db to run the watch-to-queue test (PostgreSQL)'
  : existsSync(cli)
    ? false
    : `needs the built CLI at ${cli} (npx tsc -p tsconfig.json)`;
const storeSchema = `watch_store_${process.pid}`;
const queueSchema = `watch_jobs_${process.pid}`;
const queueEnv = {
  STORYLINE_FETCH_ALLOW_LOOPBACK: '1',
  STORYLINE_QUEUE_SCHEMA: queueSchema,
  STORYLINE_QUEUE_POLL_SECONDS: '0.5',
  STORYLINE_QUEUE_MAINTENANCE_SECONDS: '2',
  STORYLINE_CLUSTERER_POLL_SECONDS: '0.5',
  STORYLINE_CLUSTERER_LEASE_RETRY_SECONDS: '0.5',
};

const items = [ARTICLES.cracks, ARTICLES.evacuation].filter((a) => a !== undefined);
const hits: { path: string; status: number }[] = [];
let http: Server;
let base: string;
let db: string;

before(async () => {
  if (skip) return;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${storeSchema}`);
  await admin.end();
  const url = new URL(pgUrl as string);
  url.searchParams.set('options', `-c search_path=${storeSchema}`);
  db = url.toString();
  http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const hit = { path, status: 200 };
    hits.push(hit);
    const send = (status: number, type: string, body: string, headers: Record<string, string> = {}): void => {
      hit.status = status;
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    };
    if (path === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow:\n');
    if (path === '/gazette/rss.xml') {
      if (req.headers['if-none-match'] === '"q-1"') return send(304, 'application/rss+xml', '');
      return send(200, 'application/rss+xml', gazetteRss(base, items), { etag: '"q-1"' });
    }
    const article = items.find((a) => a.path === path);
    if (article) return send(200, 'text/html; charset=utf-8', pageHtml(article));
    send(404, 'text/plain', 'not here');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

after(async () => {
  if (skip) return;
  await new Promise<void>((resolve) => http.close(() => resolve()));
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${storeSchema} CASCADE; DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
  await admin.end();
});

/** Runs the CLI to its end; its output and exit code. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...queueEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One poll of the feed, queueing what is new (due again after a second: the test's schedule); its summary. */
async function watchOnce(feed: string): Promise<{ queued: number }> {
  const args = ['watch', feed, '--db', db, '--queue', '--once', '--every', '1s', '--host-gap', '50ms', '--json'];
  const r = await run(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { queued: number };
}

const pageHits = (): number => hits.filter((h) => items.some((a) => a.path === h.path)).length;

test(
  'watch --queue puts new items on the queue once, keeps its state in PostgreSQL, and workers make the story',
  { skip, timeout: 240_000 },
  async () => {
    const feed = `${base}/gazette/rss.xml`;
    const first = await watchOnce(feed);
    assert.equal(first.queued, items.length);
    assert.equal(pageHits(), items.length, 'each item page fetched once by the watcher');

    const jobs = await run(['jobs', '--db', db, '--json']);
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.equal((JSON.parse(jobs.stdout) as { queued: number }).queued, items.length, jobs.stdout);

    // A second run, as after a restart (once the source is due again: its schedule is kept in the store too): the feed is asked conditionally (304) and nothing is queued or fetched again.
    const second = await watchOnce(feed);
    assert.equal(second.queued, 0);
    assert.equal(hits.filter((h) => h.path === '/gazette/rss.xml').at(-1)?.status, 304);
    assert.equal(pageHits(), items.length, 'no page fetched again');

    // A worker and the clusterer drain the queue: the two pages become one stored story.
    const spawnCli = (args: string[]) =>
      spawn(process.execPath, [cli, ...args], {
        env: { ...process.env, ...queueEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const workers = [spawnCli(['worker', '--db', db]), spawnCli(['worker', '--db', db, '--cluster'])];
    let workerErr = '';
    for (const w of workers) w.stderr?.on('data', (d: Buffer) => (workerErr += d.toString()));
    const store = await openStore(db);
    try {
      const until = Date.now() + 180_000;
      let stories = await store.listStories();
      while (!(stories.length === 1 && stories[0]?.articles === items.length)) {
        assert.ok(
          Date.now() < until,
          `the queued pages never became one story: ${JSON.stringify(stories)} ${workerErr}`,
        );
        await new Promise((r) => setTimeout(r, 500));
        stories = await store.listStories();
      }
    } finally {
      await Promise.all(
        workers.map((w) => {
          const closed = new Promise((r) => w.on('close', r));
          w.kill('SIGTERM');
          return closed;
        }),
      );
      await store.close();
    }
  },
);
