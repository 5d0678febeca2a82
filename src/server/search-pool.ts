// Search that never blocks the server. better-sqlite3 runs queries synchronously, so a search for a common word
// ranking thousands of articles on the event loop makes every other request wait: on a SQLite file, searches run in
// a few worker threads instead, each with its own read-only connection. Every search has a deadline, waiting
// included: one that overruns fails alone (503). Its worker is terminated and replaced only when the search itself
// has run that long: one that waited most of its deadline in the queue and has just begun is let finish (its answer
// dropped), since a new worker must rebuild its index while the slower store search answers; killing workers for
// time spent waiting made an overload feed itself. A PostgreSQL search is already asynchronous: it gets the same
// deadline as a race. An in-memory database cannot be opened by a second connection, so it is searched by the store
// itself (tests and `digest` only).
import type { Worker } from 'node:worker_threads';
import { toFtsQuery } from '../store/sqlite/fts-query.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { SearchFilter, SearchHit, Store } from '../store/store.js';
import { threadStarter } from '../pipeline/thread-script.js';
import type { IndexedNotice, SearchReply, SearchRequest, SearchWorkerData } from './search-worker.js';
import { defaultSearchWorkers, SEARCH_DEADLINE_MS, SEARCH_MAX_DRAINING, SEARCH_MAX_QUEUED } from './settings.js';

/** The search could not be answered in time or at all right now: a 503 with this message. */
export class SearchUnavailable extends Error {
  readonly statusCode = 503;
  /** The message is meant for the client. */
  readonly expose = true;
}

/** Which hits: `limit` of them after skipping `offset` (the caller caps both). */
export interface SearchWindow {
  limit: number;
  offset: number;
  /** Only hits that pass this filter (before the window is taken). */
  filter?: SearchFilter;
}

export interface Searcher {
  search(query: string, window: SearchWindow): Promise<SearchHit[]>;
  /**
   * Start what searches need now rather than at the first search (the workers, and their index of the articles),
   * resolving once it is ready: the first searches after it are as fast as the later ones.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export interface SearcherOptions {
  /** Deadline of one search (ms), waiting included. Default SEARCH_DEADLINE_MS. */
  deadlineMs?: number;
  /** Worker threads for SQLite files. Default defaultSearchWorkers(). */
  workers?: number;
  /** Searches that may wait for a worker before more are refused. Default SEARCH_MAX_QUEUED. */
  maxQueued?: number;
}

function overrunMessage(deadlineMs: number): string {
  return `search took longer than ${deadlineMs} ms and was stopped: try more specific words`;
}

/** The search for `store`: a worker pool on a SQLite file, else the store's own search under the deadline. */
export function createSearcher(store: Store, opts: SearcherOptions = {}): Searcher {
  const deadlineMs = opts.deadlineMs ?? SEARCH_DEADLINE_MS;
  const file = sqliteFile(store);
  if (file === undefined) return new StoreSearcher(store, deadlineMs);
  return new SearchPool(file, {
    deadlineMs,
    workers: Math.max(1, opts.workers ?? defaultSearchWorkers()),
    maxQueued: opts.maxQueued ?? SEARCH_MAX_QUEUED,
  });
}

/** The file a SqliteStore reads, when a second connection can open it. */
function sqliteFile(store: Store): string | undefined {
  return store instanceof SqliteStore ? store.location : undefined;
}

/** PostgreSQL (already asynchronous) and in-memory SQLite: the store's search, raced against the deadline. */
class StoreSearcher implements Searcher {
  constructor(
    private readonly store: Store,
    private readonly deadlineMs: number,
  ) {}

  async search(query: string, window: SearchWindow): Promise<SearchHit[]> {
    let timer: NodeJS.Timeout | undefined;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SearchUnavailable(overrunMessage(this.deadlineMs))), this.deadlineMs);
    });
    try {
      // The race answers the client at the deadline; the database's own statement timeout ends the query itself.
      const hits = await Promise.race([
        this.store.search(query, { limit: window.offset + window.limit, filter: window.filter }),
        overrun,
      ]);
      return hits.slice(window.offset);
    } finally {
      clearTimeout(timer);
    }
  }

  async warm(): Promise<void> {}

  async close(): Promise<void> {}
}

interface Job {
  query: string;
  limit: number;
  offset: number;
  filter?: SearchFilter;
  resolve: (hits: SearchHit[]) => void;
  reject: (err: Error) => void;
  /** The deadline's timer; once the client has its 503, the timer that stops the search's own overrun. */
  timer?: NodeJS.Timeout;
  /** When a worker began it (performance.now()). */
  startedAt?: number;
  /** The client has its answer: a late reply is dropped. */
  settled: boolean;
}

interface Slot {
  worker: Worker;
  /** The search it runs now: one at a time, so terminating a worker fails only that search. */
  job?: Job;
  /** Whether its index has caught up with the store once, and who waits for that. */
  indexed: boolean;
  onIndexed: (() => void)[];
}

function workerFactory(): (data: SearchWorkerData) => Worker {
  const start = threadStarter(new URL('./search-worker.js', import.meta.url));
  return (workerData) => start({ workerData });
}

export class SearchPool implements Searcher {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Terminated workers whose thread has not exited yet. */
  private draining = 0;
  private closed = false;
  private readonly newWorker = workerFactory();
  private overrunWorkers = 0;

  constructor(
    private readonly path: string,
    private readonly opts: { deadlineMs: number; workers: number; maxQueued: number },
  ) {}

  /** Workers terminated because a search ran past its deadline (what the tests and the bench watch). */
  get terminated(): number {
    return this.overrunWorkers;
  }

  search(query: string, window: SearchWindow): Promise<SearchHit[]> {
    // No words, no search (the store answers [] too): no worker needed.
    if (toFtsQuery(query) === undefined) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new SearchUnavailable('the server is shutting down'));
    if (this.queue.length >= this.opts.maxQueued) {
      return Promise.reject(
        new SearchUnavailable(`search is busy (${this.queue.length} searches waiting): try again in a moment`),
      );
    }
    return new Promise<SearchHit[]>((resolveJob, rejectJob) => {
      // The deadline runs from now: time spent waiting for a worker counts, so a queue never outlives it.
      const job: Job = {
        query,
        limit: window.limit,
        offset: window.offset,
        filter: window.filter,
        resolve: resolveJob,
        reject: rejectJob,
        settled: false,
      };
      job.timer = setTimeout(() => this.overrun(job), this.opts.deadlineMs);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Give waiting searches to idle workers, starting workers (lazily, up to the pool size) as needed. */
  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.job === undefined);
      if (!slot) {
        if (this.slots.length >= this.opts.workers || this.draining >= SEARCH_MAX_DRAINING) return;
        slot = this.spawn();
      }
      const job = this.queue.shift() as Job;
      slot.job = job;
      job.startedAt = performance.now();
      const request: SearchRequest = { query: job.query, limit: job.limit, offset: job.offset, filter: job.filter };
      slot.worker.postMessage(request);
    }
  }

  async warm(): Promise<void> {
    while (!this.closed && this.slots.length < this.opts.workers) this.spawn();
    await Promise.all(
      this.slots.map((slot) =>
        slot.indexed ? undefined : new Promise<void>((resolveWarm) => slot.onIndexed.push(resolveWarm)),
      ),
    );
  }

  private spawn(): Slot {
    const worker = this.newWorker({ path: this.path });
    // An idle search worker never keeps the process alive: the HTTP server does, and closes the pool.
    worker.unref();
    const slot: Slot = { worker, indexed: false, onIndexed: [] };
    this.slots.push(slot);
    worker.on('message', (reply: SearchReply | IndexedNotice) => {
      if ('indexed' in reply) {
        slot.indexed = true;
        for (const done of slot.onIndexed.splice(0)) done();
        return;
      }
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if (reply.ok) this.settle(job, reply.hits);
        else this.settle(job, new Error(`search failed: ${reply.error}`));
      }
      this.pump();
    });
    const failed = (message: string) => {
      this.forget(slot);
      const job = slot.job;
      slot.job = undefined;
      if (job) this.settle(job, new Error(`search failed: ${message}`));
      this.pump();
    };
    // Errors thrown in a worker arrive cloned: an SqliteError may come as a bare object with no message.
    worker.on('error', (err: unknown) =>
      failed(err instanceof Error && err.message ? err.message : (JSON.stringify(err) ?? String(err))),
    );
    worker.on('exit', (code) => failed(`the search worker stopped (exit code ${code})`));
    return slot;
  }

  private forget(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    // Warming is best effort: a worker gone before its index was ready holds nobody up.
    for (const done of slot.onIndexed.splice(0)) done();
  }

  private settle(job: Job, outcome: SearchHit[] | Error): void {
    clearTimeout(job.timer);
    if (job.settled) return;
    job.settled = true;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  /**
   * The deadline passed: fail the search. If a worker runs it, terminate that worker (a fresh one takes over) once
   * the search itself has run for the deadline, which is now unless it began after waiting in the queue.
   */
  private overrun(job: Job): void {
    const waiting = this.queue.indexOf(job);
    if (waiting >= 0) this.queue.splice(waiting, 1);
    this.settle(job, new SearchUnavailable(overrunMessage(this.opts.deadlineMs)));
    const slot = this.slots.find((s) => s.job === job);
    if (slot) {
      // A job a worker runs has its start time (pump sets it as it hands the job over).
      const left = Math.max(0, (job.startedAt as number) + this.opts.deadlineMs - performance.now());
      // Cleared by settle() when the reply comes first.
      job.timer = setTimeout(() => this.stopIfStillRunning(slot, job), left);
    }
    this.pump();
  }

  /**
   * Terminate the worker if it still runs `job`, decided after the replies already received are handled (timers
   * run before the event loop reads the workers' messages; setImmediate after): a busy event loop must not kill a
   * worker for a reply it has not read yet.
   */
  private stopIfStillRunning(slot: Slot, job: Job): void {
    setImmediate(() => {
      if (slot.job !== job) return;
      this.retire(slot);
      this.pump();
    });
  }

  private retire(slot: Slot): void {
    this.overrunWorkers++;
    this.forget(slot);
    slot.job = undefined;
    const worker = slot.worker;
    worker.removeAllListeners();
    worker.on('error', () => {}); // the end of a terminated thread is expected, not a failure to report
    this.draining++;
    worker.once('exit', () => {
      this.draining--;
      this.pump();
    });
    void worker.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new SearchUnavailable('the server is shutting down'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      for (const done of slot.onIndexed.splice(0)) done();
      if (slot.job) this.settle(slot.job, new SearchUnavailable('the server is shutting down'));
      slot.worker.removeAllListeners();
      slot.worker.on('error', () => {});
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
