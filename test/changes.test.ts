// What changed, per story version: a story grown in two ingests of fictional articles logs exactly the articles
// and timeline dates the second ingest added, and the API, the Atom feeds and `storyline stories --since` say so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadManifest, readInputs } from '../src/ingest/read.js';
import { ingestAndRefresh } from '../src/pipeline/index.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { openStore } from '../src/store/open.js';
import type { Store, StoryChange } from '../src/store/store.js';
import { projectRoot } from './helpers.js';

const FIRST = {
  'tarn-bridge-closed.txt': [
    'Tarn Bridge closed after flood damage in Ellory',
    'The Tarn Bridge in the town of Ellory was closed on 2 March 2026 after floodwater from the Maddow River damaged two of its piers, the Ellory council said.',
    '"Nobody will cross the Tarn Bridge until the piers are checked," said council engineer Brenna Solt.',
    'Drivers were sent on a 40-kilometre detour through Hallet while divers inspected the Tarn Bridge piers in the Maddow River.',
  ],
  'ellory-detour.txt': [
    'Ellory drivers face long detour as Tarn Bridge stays shut',
    'Divers inspected the damaged piers of the Tarn Bridge over the Maddow River in Ellory on 2 March 2026, the council said.',
    'The Tarn Bridge closure sent drivers from Ellory on a detour through Hallet, and the council engineer Brenna Solt said the Maddow River flood had scoured both piers.',
  ],
  'glass-fair.txt': [
    'Glassblowers open winter fair in Pellow',
    'The glassblowers of Pellow opened their winter fair in the old market hall on 1 March 2026, with forty stalls of bowls, lamps and beads.',
    'The fair in the Pellow market hall runs for a week, its organiser Odile Varn said.',
  ],
};
const SECOND = {
  'tarn-bridge-reopens.txt': [
    'Tarn Bridge in Ellory to reopen after pier repairs',
    'The Tarn Bridge in Ellory will reopen on 9 March 2026 after repairs to the two piers the Maddow River flood damaged, the Ellory council said on 5 March 2026.',
    '"The piers are sound again and the Tarn Bridge can carry traffic," said council engineer Brenna Solt.',
    'The detour through Hallet will end when the Tarn Bridge reopens, the council said.',
  ],
};
const PUBLISHED: Record<string, string> = {
  'tarn-bridge-closed.txt': '2026-03-02',
  'ellory-detour.txt': '2026-03-03',
  'glass-fair.txt': '2026-03-01',
  'tarn-bridge-reopens.txt': '2026-03-05',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies in tests are checked field by field
type Json = any;

describe('what changed in a story grown in two ingests', () => {
  let dir: string;
  let db: string;
  let store: Store;
  let server: RunningServer;
  let between: string;
  let bridge: string;
  let firstIds: string[];

  const write = (files: Record<string, string[]>): string[] =>
    Object.entries(files).map(([name, paras]) => {
      writeFileSync(join(dir, name), paras.join('\n\n'));
      return join(dir, name);
    });
  const ingest = async (paths: string[]) => {
    const manifest = await loadManifest(join(dir, 'manifest.jsonl'));
    const report = await ingestAndRefresh(store, readInputs(paths, { manifest }));
    assert.equal(report.storiesError, undefined);
    return report.articles;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storyline-changes-'));
    writeFileSync(
      join(dir, 'manifest.jsonl'),
      Object.entries(PUBLISHED)
        .map(([file, published]) => JSON.stringify({ file, published, outlet: 'Ellory Post' }))
        .join('\n'),
    );
    db = join(dir, 'changes.db');
    store = await openStore(db);
    firstIds = await ingest(write(FIRST));
    await new Promise((r) => setTimeout(r, 5)); // the second refresh's instant must come after `between`
    between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await ingest(write(SECOND));
    const stories = await store.listStories({ sort: 'size' });
    assert.equal(stories.length, 2, 'the bridge story and the fair story');
    bridge = stories[0]?.id as string;
    server = await startServer({ store, port: 0 });
  });

  after(async () => {
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const bridgeArticles = async () => ((await store.getStory(bridge))?.articles ?? []).map((a) => a.id);

  test('the second version logs exactly the article and the dates it added', async () => {
    const log = await store.getStoryChanges(bridge);
    assert.deepEqual(
      log.map((c) => [c.kind, c.version]),
      [
        ['created', 1],
        ['updated', 2],
      ],
    );
    const [created, updated] = log as [StoryChange, StoryChange];
    const all = await bridgeArticles();
    const added = all.filter((id) => !firstIds.includes(id));
    assert.equal(added.length, 1);
    assert.deepEqual(created.articlesAdded, all.filter((id) => firstIds.includes(id)).sort());
    assert.deepEqual(updated.articlesAdded, added);
    assert.equal(updated.articlesRemoved, undefined);
    const story = await store.getStory(bridge);
    const dates = story?.timeline.map((d) => d.date) ?? [];
    // The dates added are exactly those of the new timeline the old one did not have.
    assert.deepEqual([...(created.datesAdded ?? []), ...(updated.datesAdded ?? [])].sort(), [...new Set(dates)].sort());
    assert.ok(updated.datesAdded?.length, 'the reopening brought new dates');
    assert.ok(!updated.datesAdded?.some((d) => created.datesAdded?.includes(d)));
    assert.ok(updated.quotesAdded?.every((q) => q.article === added[0]));
  });

  test('GET /api/changes?since= gives only the second ingest; a bad since is a 400 that says why', async () => {
    const res = await fetch(`${server.url}/api/changes?since=${encodeURIComponent(between)}`);
    const body: Json = await res.json();
    assert.equal(res.status, 200);
    assert.deepEqual(
      body.changes.map((c: StoryChange) => [c.story, c.kind]),
      [[bridge, 'updated']],
    );
    const all: Json = await (await fetch(`${server.url}/api/changes`)).json();
    assert.equal(all.changes.length, 3, 'two stories created, one updated');
    const paged: Json = await (await fetch(`${server.url}/api/changes?limit=2`)).json();
    assert.equal(paged.changes.length, 2);
    assert.equal(paged.next, 2);
    const bad = await fetch(`${server.url}/api/changes?since=last-tuesday`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as Json).error ?? '', /since must be an ISO 8601/);
    const own: Json = await (
      await fetch(`${server.url}/api/stories/${bridge}/changes?since=${encodeURIComponent(between)}`)
    ).json();
    assert.deepEqual(own.changes, body.changes);
  });

  test('the story Atom feed lists one entry per version, the newest naming the added article and its dates', async () => {
    const res = await fetch(`${server.url}/stories/${bridge}.atom`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/atom\+xml/);
    const xml = await res.text();
    assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    for (const tag of ['id', 'title', 'updated']) assert.match(xml, new RegExp(`<feed[^]*?<${tag}>[^<]+</${tag}>`));
    const entries = [...xml.matchAll(/<entry>([^]*?)<\/entry>/g)].map((m) => m[1] as string);
    assert.equal(entries.length, 2);
    const newest = entries[0] as string;
    assert.match(newest, /version 2/);
    assert.match(newest, /1 article added: Tarn Bridge in Ellory to reopen after pier repairs\./);
    assert.doesNotMatch(newest, /Ellory drivers face long detour/);
    assert.match(newest, new RegExp(`<link rel="alternate" type="text/html" href="${server.url}/stories/${bridge}"/>`));
    const all = await (await fetch(`${server.url}/changes.atom`)).text();
    assert.equal([...all.matchAll(/<entry>/g)].length, 3);
    assert.equal((await fetch(`${server.url}/stories/no-such-story.atom`)).status, 404);
  });

  test('storyline stories --since lists the stories changed since then, and refuses a bad --since', () => {
    const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
    const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
    const since = run(['stories', '--db', db, '--since', between, '--json']);
    assert.equal(since.status, 0, since.stderr);
    assert.deepEqual(
      (JSON.parse(since.stdout) as Json).stories.map((s: Json) => s.id),
      [bridge],
    );
    const recent = run(['stories', '--db', db, '--since', '2h', '--json']);
    assert.equal((JSON.parse(recent.stdout) as Json).stories.length, 2);
    const bad = run(['stories', '--db', db, '--since', 'soon']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--since must be/);
  });
});

test('each chunk of a refresh is stamped after the one before, so since the last seen change misses none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-stamps-'));
  const store = await openStore(join(dir, 'stamps.db'));
  try {
    const paths = Object.entries({ ...FIRST, ...SECOND }).map(([name, paras]) => {
      writeFileSync(join(dir, name), paras.join('\n\n'));
      return join(dir, name);
    });
    const report = await ingestAndRefresh(store, readInputs(paths), { stories: { chunkSize: 1 } });
    assert.equal(report.storiesError, undefined);
    const stamps = (await store.getStoryChanges()).map((c) => c.at);
    assert.equal(stamps.length, 4, 'one entry per chunk: each article is a chunk and touches one story');
    for (let i = 1; i < stamps.length; i++)
      assert.ok((stamps[i] as string) > (stamps[i - 1] as string), stamps.join(' '));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
