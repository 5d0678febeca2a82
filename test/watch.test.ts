// `storyline watch` end to end: the built CLI, as a child process, follows two feeds of a real HTTP server on
// 127.0.0.1 (reachable only because these tests set STORYLINE_FETCH_ALLOW_LOOPBACK=1) while the server changes
// them between polls. Checked on the server's side: only new items' pages are fetched, each once; the feeds are
// asked conditionally (304s); robots.txt is honoured; requests to the host never overlap and keep the gap; a run
// killed with SIGKILL after its poll's writes restarts without fetching anything again. Checked in the store and
// over HTTP: the story's change log and its Atom feed list exactly the articles (and dates) added.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatDate } from '../src/server/pages/layout.js';
import { startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { StoryChange } from '../src/store/store.js';
import { projectRoot } from './helpers.js';
import { ARTICLES, type FixtureArticle, gazetteRss, heraldAtom, pageHtml } from './watch-fixtures.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const skip = existsSync(cli) ? false : `needs the built CLI at ${cli} (npx tsc -p tsconfig.json)`;
/** The gap the runs ask for: small, so the test is quick, and still well above timer granularity. */
const GAP_MS = 120;

interface Hit {
  path: string;
  at: number;
  status: number;
  conditional: boolean;
  userAgent: string;
}

/** The server's state: which items each feed lists now, and every request it answered. */
const server = {
  gazette: [ARTICLES.pumps, ARTICLES.cracks] as FixtureArticle[],
  gazetteTag: '"gazette-1"',
  herald: [ARTICLES.hidden, ARTICLES.evacuation] as FixtureArticle[],
  heraldModified: 'Thu, 06 Mar 2025 08:00:00 GMT',
  hits: [] as Hit[],
  inFlight: 0,
  maxInFlight: 0,
};

let http: Server;
let base: string;
let dir: string;

function answer(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const conditional = req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
  server.inFlight++;
  server.maxInFlight = Math.max(server.maxInFlight, server.inFlight);
  const hit: Hit = { path, at: Date.now(), status: 200, conditional, userAgent: String(req.headers['user-agent']) };
  server.hits.push(hit);
  const send = (status: number, type: string, body: string, headers: Record<string, string> = {}): void => {
    hit.status = status;
    // A little time on the server, so that a second request sent while one is open would be seen overlapping.
    setTimeout(() => {
      server.inFlight--;
      res.writeHead(status, { 'content-type': type, ...headers }).end(body);
    }, 10);
  };
  if (path === '/robots.txt') {
    return send(200, 'text/plain', 'User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n');
  }
  if (path === '/gazette/rss.xml') {
    if (req.headers['if-none-match'] === server.gazetteTag) return send(304, 'application/rss+xml', '');
    return send(200, 'application/rss+xml', gazetteRss(base, server.gazette), { etag: server.gazetteTag });
  }
  if (path === '/herald/atom.xml') {
    const since = Date.parse(String(req.headers['if-modified-since'] ?? ''));
    if (Number.isFinite(since) && since >= Date.parse(server.heraldModified))
      return send(304, 'application/atom+xml', '');
    const updated = new Date(Date.parse(server.heraldModified)).toISOString();
    return send(200, 'application/atom+xml', heraldAtom(base, server.herald, updated), {
      'last-modified': server.heraldModified,
    });
  }
  const article = Object.values(ARTICLES).find((a) => a.path === path);
  if (article) return send(200, 'text/html; charset=utf-8', pageHtml(article));
  send(404, 'text/plain', 'not here');
}

const count = (path: string): number => server.hits.filter((h) => h.path === path).length;
const notModified = (): number => server.hits.filter((h) => h.status === 304).length;

interface Run {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
}

function watch(dbPath: string, sourcesFile: string, extra: string[]): Run {
  const child = spawn(
    process.execPath,
    [
      cli,
      'watch',
      sourcesFile,
      '--db',
      dbPath,
      '--every',
      '1s',
      '--host-gap',
      `${GAP_MS}ms`,
      '--workers',
      '1',
      ...extra,
    ],
    { env: { ...process.env, STORYLINE_FETCH_ALLOW_LOOPBACK: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, stderr: () => stderr, done };
}

/** Resolves once `pattern` has matched `times` lines of the run's stderr (no clock: the run's own output paces it). */
function linesMatching(run: Run, pattern: RegExp, times: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const n = run
        .stderr()
        .split('\n')
        .filter((l) => pattern.test(l)).length;
      if (n >= times) {
        run.child.stderr?.off('data', check);
        resolve();
      }
    };
    run.child.stderr?.on('data', check);
    run.child.once('close', () => reject(new Error(`the watcher ended before ${pattern}:\n${run.stderr()}`)));
    check();
  });
}

/** Every request to the host started at least the gap after the one before it ended, and none overlapped. */
function assertPolite(): void {
  assert.equal(server.maxInFlight, 1, 'one request at a time to the host');
  const times = server.hits.map((h) => h.at).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) {
    // The server holds each answer 10 ms; a timer may round down by a millisecond.
    assert.ok((times[i] as number) - (times[i - 1] as number) >= GAP_MS - 1, `requests ${i - 1} and ${i} too close`);
  }
}

describe('storyline watch, end to end', { skip, timeout: 300_000 }, () => {
  let dbPath: string;
  let sources: string;
  let firstRunChanges: number;
  let firstDates: string[];
  let storyId: string;

  before(async () => {
    http = createServer(answer);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
    dir = await mkdtemp(join(tmpdir(), 'storyline-watch-'));
    dbPath = join(dir, 'watch.db');
    sources = join(dir, 'sources.txt');
    await writeFile(sources, `# the two feeds\n${base}/gazette/rss.xml\n\n${base}/herald/atom.xml  # Atom\n`);
  });
  after(async () => {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('two polls: the items are read once, the second poll is answered 304, robots.txt keeps a page out', async () => {
    const run = watch(dbPath, sources, ['--polls', '2', '--json']);
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.stderr());
    const summary = JSON.parse(stdout) as { polls: number; notModified: number; newItems: number; ingested: number };
    assert.deepEqual(
      [summary.polls, summary.notModified, summary.newItems, summary.ingested],
      [4, 2, 4, 4],
      run.stderr(),
    );
    for (const a of [ARTICLES.cracks, ARTICLES.pumps, ARTICLES.evacuation]) assert.equal(count(a.path), 1, a.path);
    assert.equal(count(ARTICLES.hidden.path), 0, 'robots.txt disallows /private/');
    assert.match(run.stderr(), /\/private\/board-minutes: robots\.txt disallows it; not fetched/);
    assert.equal(count('/robots.txt'), 1, 'robots.txt once per run');
    assert.equal(notModified(), 2);
    assert.deepEqual(
      server.hits.filter((h) => h.path.endsWith('.xml')).map((h) => h.conditional),
      [false, false, true, true],
    );
    assert.ok(server.hits.every((h) => /^storyline\//.test(h.userAgent)));
    // One line per poll: source, status, new items, duration.
    const polls = run
      .stderr()
      .split('\n')
      .filter((l) => /^watch http/.test(l));
    assert.equal(polls.length, 4, run.stderr());
    assert.match(polls[0] ?? '', /gazette\/rss\.xml: 200 2 new \(2 ingested, 0 unchanged, 0 failed\) in \d+\.\d\d s$/);
    assert.match(polls[1] ?? '', /herald\/atom\.xml: 200 2 new \(2 ingested/);
    assert.match(polls[2] ?? '', /gazette\/rss\.xml: 304 0 new in/);

    const store = await openStore(dbPath);
    try {
      const stories = await store.listStories();
      assert.equal(stories.length, 1, `one story across the feeds: ${JSON.stringify(stories)}`);
      storyId = stories[0]?.id as string;
      const story = await store.getStory(storyId);
      assert.equal(story?.articles.length, 4);
      // The hidden page's item carried its own text, which stood in for the page.
      assert.ok(story?.articles.some((a) => a.title === ARTICLES.hidden.title));
      firstRunChanges = (await store.getStoryChanges(storyId)).length;
      firstDates = (story?.timeline ?? []).map((t) => t.date);
    } finally {
      await store.close();
    }
    assertPolite();
  });

  test('new items after a change; a run killed after its writes restarts without fetching anything again', async () => {
    server.gazette = [ARTICLES.repairs, ...server.gazette];
    server.gazetteTag = '"gazette-2"';
    server.herald = [ARTICLES.return, ...server.herald];
    server.heraldModified = 'Wed, 12 Mar 2025 16:00:00 GMT';
    const before304 = notModified();

    const killed = watch(dbPath, sources, []);
    await linesMatching(killed, /^watch http.*: 200 1 new \(1 ingested/, 2);
    killed.child.kill('SIGKILL');
    assert.equal((await killed.done).signal, 'SIGKILL');

    const restart = watch(dbPath, sources, ['--polls', '1', '--json']);
    const { code, stdout } = await restart.done;
    assert.equal(code, 0, restart.stderr());
    const summary = JSON.parse(stdout) as { polls: number; notModified: number; newItems: number };
    // The killed run wrote the new validators: the restart is answered 304 for both, and reads nothing new.
    assert.deepEqual([summary.polls, summary.notModified, summary.newItems], [2, 2, 0], restart.stderr());
    assert.ok(notModified() >= before304 + 2);
    for (const a of Object.values(ARTICLES).filter((x) => x !== ARTICLES.hidden))
      assert.equal(count(a.path), 1, a.path);
    assert.equal(count(ARTICLES.hidden.path), 0);
    assert.equal(count('/robots.txt'), 3, 'robots.txt once per run, three runs');
    assertPolite();

    const store = await openStore(dbPath);
    let added: StoryChange[];
    let newIds: string[];
    const addedDates: string[] = [];
    try {
      const stories = await store.listStories();
      assert.equal(stories.length, 1, JSON.stringify(stories));
      assert.equal(stories[0]?.id, storyId, 'the story kept its id');
      const story = await store.getStory(storyId);
      assert.equal(story?.articles.length, 6);
      added = (await store.getStoryChanges(storyId)).slice(firstRunChanges);
      const byTitle = new Map((story?.articles ?? []).map((a) => [a.title, a.id]));
      newIds = [ARTICLES.repairs.title, ARTICLES.return.title].map((t) => byTitle.get(t) as string);
      assert.ok(newIds.every(Boolean), JSON.stringify(story?.articles));
      // Exactly the articles added, and exactly the timeline days that are new.
      assert.deepEqual(added.flatMap((c) => c.articlesAdded ?? []).sort(), [...newIds].sort());
      assert.deepEqual(
        added.flatMap((c) => c.articlesRemoved ?? []),
        [],
      );
      const nowDates = (story?.timeline ?? []).map((t) => t.date);
      const newDates = nowDates.filter((d) => !firstDates.includes(d)).sort();
      assert.deepEqual(added.flatMap((c) => c.datesAdded ?? []).sort(), newDates);
      // The timeline keeps the days it selects (compose's choice); the days it gained are the new articles' own.
      assert.ok(newDates.length > 0, `no new day in ${nowDates.join(', ')}`);
      assert.ok(
        newDates.every((d) => d === '2025-03-10' || d === '2025-03-12'),
        `new days: ${newDates.join(', ')}`,
      );
      addedDates.push(...newDates);
    } finally {
      await store.close();
    }

    // The same over HTTP: the story's change log, and its Atom feed naming the two articles and their days.
    const web = await openStore(dbPath);
    const running = await startServer({ store: web, port: 0 });
    try {
      const api = (await (await fetch(`${running.url}/api/stories/${storyId}/changes`)).json()) as {
        changes: StoryChange[];
      };
      assert.deepEqual(api.changes.slice(firstRunChanges), added);
      const atom = await (await fetch(`${running.url}/stories/${storyId}.atom`)).text();
      // Newest first: the entries of the changes this test added, each one's summary saying what it added.
      const summaries = [...atom.matchAll(/<summary type="text">([^<]*)<\/summary>/g)].map((m) => m[1] ?? '');
      const entries = summaries.slice(0, added.length).join('\n');
      for (const title of [ARTICLES.repairs.title, ARTICLES.return.title]) assert.ok(entries.includes(title), title);
      for (const title of [ARTICLES.cracks.title, ARTICLES.pumps.title]) assert.ok(!entries.includes(title), title);
      for (const day of addedDates) assert.ok(entries.includes(formatDate(day)), day);
    } finally {
      await running.close();
      await web.close();
    }
  });

  test('SIGTERM stops the watcher between polls: it exits 0 with its summary', async () => {
    const run = watch(dbPath, sources, ['--json']);
    await linesMatching(run, /^watch http.*: 304 0 new/, 2);
    run.child.kill('SIGTERM');
    const { code, stdout } = await run.done;
    assert.equal(code, 0, run.stderr());
    assert.match(run.stderr(), /SIGTERM, stopping/);
    const summary = JSON.parse(stdout) as { polls: number; newItems: number };
    assert.ok(summary.polls >= 2);
    assert.equal(summary.newItems, 0);
  });
});
