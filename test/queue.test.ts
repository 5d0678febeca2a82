// The PostgreSQL deployment end to end, with real processes on loopback: Timeline17 is put on the job queue, four
// `storyline worker` processes and two clusterers (one holding the lease, one standing by) work it, one worker is
// killed with SIGKILL mid-job and the clusterer holding the lease once, inside the story step. Every job must end
// done or dead-lettered with its error, every input be stored once, and the stories be the partition a
// single-process SQLite ingest of the same files gives.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import type { JobCounts, JobFailure } from '../src/pipeline/index.js';
import { openStore } from '../src/store/open.js';
import { needShared, projectRoot, sharedPath } from './helpers.js';

const cli = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
const pgUrl = process.env.STORYLINE_TEST_PG;
const skip =
  needShared('eval/t17') ||
  (pgUrl ? false : 'set STORYLINE_TEST_PG=postgres://user:pass@host/db to run the job-queue test (PostgreSQL)');
const scratch = mkdtempSync(join(tmpdir(), 'storyline-queue-'));
const storeSchema = `queue_store_${process.pid}`;
const queueSchema = `queue_jobs_${process.pid}`;

after(async () => {
  rmSync(scratch, { recursive: true, force: true });
  if (!pgUrl) return;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${storeSchema} CASCADE; DROP SCHEMA IF EXISTS ${queueSchema} CASCADE`);
  await admin.end();
});

/** Short expiries and polls, so that a killed worker's job comes back in seconds; stories only on a quiet queue. */
const queueEnv = {
  STORYLINE_QUEUE_SCHEMA: queueSchema,
  STORYLINE_QUEUE_EXPIRE_SECONDS: '20',
  STORYLINE_QUEUE_MAINTENANCE_SECONDS: '2',
  STORYLINE_QUEUE_RETRY_DELAY_SECONDS: '1',
  STORYLINE_QUEUE_POLL_SECONDS: '0.5',
  STORYLINE_CLUSTERER_POLL_SECONDS: '0.5',
  STORYLINE_CLUSTERER_LEASE_RETRY_SECONDS: '0.5',
  STORYLINE_CLUSTERER_MAX_WAIT_SECONDS: '3600',
  // Small chunks, so that the clusterer is killed between committed chunks (the result does not depend on it).
  STORYLINE_STORIES_CHUNK_SIZE: '150',
};

interface Run {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<number | null>;
  exited: boolean;
}

/** The processes that must be running: one that exits on its own fails the test at once, with what it said. */
const mustRun = new Set<Run>();

function start(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const run: Run = { child, stderr: () => stderr + stdout, done: Promise.resolve(null), exited: false };
  run.done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      run.exited = true;
      resolve(code);
    }),
  );
  mustRun.add(run);
  return run;
}

/** Stop `run` on purpose (it leaves the processes that must keep running). */
async function stop(run: Run, signal: NodeJS.Signals): Promise<number | null> {
  mustRun.delete(run);
  run.child.kill(signal);
  return run.done;
}

async function runJson(args: string[], env: Record<string, string> = {}): Promise<unknown> {
  const child = spawn(process.execPath, [cli, ...args, '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.ok(code === 0 || code === 1, `storyline ${args[0]} exited ${code}: ${err}`);
  return JSON.parse(out);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    for (const run of mustRun)
      if (run.exited) throw new Error(`a process exited while waiting for ${what}: ${run.stderr().slice(-2000)}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** Stories as sets of article ids, order-free: the partition. */
function partition(assignments: Map<string, string>): string[] {
  const groups = new Map<string, string[]>();
  for (const [article, story] of assignments) groups.set(story, [...(groups.get(story) ?? []), article]);
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

test(
  'a queued Timeline17 ingest, with a worker and the clusterer killed, ends in the stories of one SQLite ingest',
  { skip, timeout: 30 * 60_000 },
  async (t) => {
    const inputs = sharedPath('eval', 't17');

    // The reference: one process, SQLite.
    const reference = join(scratch, 'reference.sqlite');
    const refReport = (await runJson(['ingest', inputs, '--db', reference])) as {
      failed: { path: string; error: string }[];
    };
    const refStore = await openStore(reference);
    const expected = await refStore.getStoryAssignments();
    const refArticles = await refStore.countArticles();
    await refStore.close();

    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${storeSchema} CASCADE; CREATE SCHEMA ${storeSchema}`);
    const url = new URL(pgUrl as string);
    url.searchParams.set('options', `-c search_path=${storeSchema}`);
    const db = url.toString();
    const jobs = async (where = 'true'): Promise<number> => {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM ${queueSchema}.job WHERE name = 'ingest' AND ${where}`,
      );
      return rows[0]?.n ?? 0;
    };
    const count = async (sql: string): Promise<number> =>
      (await admin.query<{ n: number }>(`SELECT (${sql})::integer AS n`)).rows[0]?.n ?? 0;

    try {
      const queued = (await runJson(['ingest', inputs, '--db', db, '--queue'], queueEnv)) as {
        queued: number;
        failed: { path: string }[];
      };
      assert.ok(queued.queued > 2000, `${queued.queued} jobs queued`);

      const workers = [0, 1, 2, 3].map(() => start(['worker', '--db', db], queueEnv));
      const clusterers = [start(['worker', '--cluster', '--db', db], queueEnv)];
      await waitFor(
        'the first clusterer to hold the lease',
        async () => clusterers[0]!.stderr().includes('holding'),
        60_000,
      );
      clusterers.push(start(['worker', '--cluster', '--db', db], queueEnv));

      // Kill a worker once a quarter of the jobs are done: all four are busy, so it dies holding a job.
      await waitFor(
        'a quarter of the jobs',
        async () => (await jobs(`state = 'completed'`)) >= queued.queued / 4,
        20 * 60_000,
      );
      assert.ok((await jobs(`state = 'active'`)) > 0, 'jobs are running when the worker is killed');
      await stop(workers[0]!, 'SIGKILL');

      // Kill the clusterer holding the lease inside the story step: some stories written, some articles pending.
      await waitFor(
        'the story step to be under way',
        async () =>
          (await count(`SELECT count(*) FROM ${storeSchema}.stories`)) > 0 &&
          (await count(`SELECT count(*) FROM ${storeSchema}.cluster_pending`)) > 300,
        20 * 60_000,
      );
      assert.equal(await jobs(`state IN ('created', 'retry', 'active')`), 0, 'stories are made on a quiet queue');
      await stop(clusterers[0]!, 'SIGKILL');
      await waitFor('the standby to take the lease', async () => clusterers[1]!.stderr().includes('holding'), 60_000);
      await waitFor(
        'every article to be clustered',
        async () => (await count(`SELECT count(*) FROM ${storeSchema}.cluster_pending`)) === 0,
        20 * 60_000,
      );
      // The clusterer is done once the refresh that emptied the queue has written its stories and said so.
      await waitFor(
        'the clusterer to finish',
        async () => /stories, \d+ new or updated/.test(clusterers[1]!.stderr()),
        60_000,
      );

      const status = (await runJson(['jobs', '--db', db, '--failures', '1000'], queueEnv)) as JobCounts & {
        failures: JobFailure[];
      };
      t.diagnostic(
        `jobs: ${JSON.stringify({ ...status, failures: status.failures.length })}; reference failed ${refReport.failed.length}`,
      );
      assert.equal(status.queued + status.active + status.retry, 0, 'no job is left queued, running or retrying');
      assert.equal(status.done + status.failed, queued.queued, 'every job ended done or failed');
      assert.equal(status.deadLetter, status.failed, 'every failed job is in the dead-letter queue');
      for (const f of status.failures) assert.ok(f.error.length > 0 && f.source.length > 0, JSON.stringify(f));
      // The same inputs failed as in the one-process ingest, each once.
      const failedHere = [...queued.failed.map((f) => f.path), ...status.failures.map((f) => f.source)].sort();
      assert.deepEqual(failedHere, refReport.failed.map((f) => f.path).sort(), 'the same inputs failed');

      const codes = await Promise.all([...workers.slice(1), clusterers[1]!].map((r) => stop(r, 'SIGTERM')));
      assert.deepEqual(codes, [0, 0, 0, 0], 'workers and clusterer stop cleanly on SIGTERM');

      const store = await openStore(db);
      const got = await store.getStoryAssignments();
      assert.equal(await store.countArticles(), refArticles, 'every input stored once: no article lost or doubled');
      await store.close();
      assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'the same articles');
      assert.deepEqual(partition(got), partition(expected), 'the same stories as one SQLite ingest');
    } finally {
      for (const run of mustRun) run.child.kill('SIGKILL');
      await admin.end();
    }
  },
);
