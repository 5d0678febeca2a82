// A small pool of worker threads that run the pure per-document stages (extract, analyze). Stages are pure, so a
// worker needs nothing but the RawDocument: no store, no shared state.
//
// Workers are also the fence around hostile input: each document runs under a deadline, and a worker that
// overruns it (or runs out of its heap) is ended and replaced. That document fails alone, with a message saying
// why; the documents queued behind it go on in a fresh worker. Extraction and analysis never run on the caller's
// event loop, so a server stays responsive whatever is uploaded.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Analysis, Article, RawDocument } from '../model.js';
import type { ProcessedDocument } from './process.js';
import type { SerializedAnalysis } from '../store/store.js';
import { threadStarter } from './thread-script.js';

export const WORKER_SETTINGS = {
  /**
   * How long one document may take in a worker (extraction and analysis together) before it is given up. Real
   * articles take milliseconds to a second; a minute-long document is hostile or broken, and must not hold the
   * batch. Per-stage costs are linear in the input (settings in analyze/ and extract/), so only an input far
   * above the size caps can come near this.
   */
  deadlineMs: 30_000,
  /**
   * Heap of one worker. A document that needs more fails alone ("ran out of memory") instead of taking the
   * process down. The models and gazetteers take ~200 MB and a 2 MB article (the text cap) a few hundred more
   * (a whole 20 MB-text ingest peaks at ~515 MB). A lower ceiling also makes V8 collect sooner: at 2 GB two
   * workers' heaps grew until an ingest of 800 pages peaked at 1.4 GB; at this size, 0.9 GB.
   */
  maxHeapMb: 768,
  /** Jobs sent to a worker at once: the next document is already there when one is done. */
  inFlightPerWorker: 2,
  /**
   * Documents one worker takes before it is ended and a fresh one started: a worker's memory grows with what it
   * has read (the language model's token cache, V8's heap kept at its high-water mark), so a batch of 5,000
   * made-up articles peaked 13% above one of 1,000 and the growth went on with the batch. Renewing the worker
   * bounds it by this many documents, whatever the batch; a fresh worker costs about a second of one core
   * (loading the models), about half a millisecond per document at this many.
   */
  documentsPerWorker: 2000,
} as const;

/**
 * The name a stage thread gives itself (Linux: /proc/thread-self/comm, at most 15 bytes), so `top -H`, `ps -L` and
 * the queue bench tell it from the process's main thread and from V8's and libuv's helper threads.
 */
export const STAGE_THREAD_NAME = 'storyline-stage';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * What a worker is asked to do: the whole per-document chain (`store`: with the analysis serialised for the store,
 * see `runForStore`), only the extraction, or only the analysis of an article.
 */
export type WorkerRequest =
  | { task: 'process'; doc: RawDocument }
  | { task: 'store'; doc: RawDocument }
  /** As `store`, the document given as its JSON text (a queue job's): parsed in the worker, not the caller. */
  | { task: 'store-json'; json: string }
  | { task: 'extract'; doc: RawDocument }
  | { task: 'analyze'; article: Article };

/** A processed document as the store takes it: the analysis already JSON, made in the worker. */
export interface StorableDocument {
  article: Article;
  analysis?: SerializedAnalysis;
}

interface Job {
  request: WorkerRequest;
  resolve: (outcome: Outcome<unknown>) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker, answered in order; the first is the one running. */
  jobs: Job[];
  /** Ends the running job when it overruns the deadline. */
  timer?: NodeJS.Timeout;
  /** Set once the worker is being replaced: its late events are ignored. */
  retired: boolean;
  /** Jobs given to this worker so far: at `documentsPerWorker` it takes no more and is renewed once idle. */
  given: number;
}

export interface WorkerPoolOptions {
  /** Deadline per document (default `WORKER_SETTINGS.deadlineMs`). */
  deadlineMs?: number;
  /** Documents a worker takes before it is renewed (default `WORKER_SETTINGS.documentsPerWorker`). */
  documentsPerWorker?: number;
}

/** How many workers to use by default: one per core, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  /**
   * Workers ended but not yet exited. No worker starts while one is exiting: a thread's memory outside its V8 heap
   * (the C allocator's per-thread arena) is handed to the next thread only once the thread has exited; a worker
   * started before that takes a fresh arena, and the old one's freed but never returned memory stays in the
   * process for good. Renewing workers that way left ~80 MB more resident after the first renewal of a 20k-article
   * ingest, and for a moment the old heap and the new worker's models were both held.
   */
  private readonly exiting = new Set<Promise<void>>();
  private readonly deadlineMs: number;
  private readonly documentsPerWorker: number;
  private readonly newWorker: () => Worker;
  /** Workers started so far (replacements and renewals included). */
  started = 0;
  /** Most workers this pool runs; they start one by one, as work waits (one document needs one worker). */
  readonly size: number;

  constructor(size: number, opts: WorkerPoolOptions = {}) {
    this.deadlineMs = opts.deadlineMs ?? WORKER_SETTINGS.deadlineMs;
    this.documentsPerWorker = Math.max(1, opts.documentsPerWorker ?? WORKER_SETTINGS.documentsPerWorker);
    const resourceLimits = { maxOldGenerationSizeMb: WORKER_SETTINGS.maxHeapMb };
    const start = threadStarter(new URL('./process-worker.js', import.meta.url));
    this.newWorker = () => start({ resourceLimits });
    this.size = Math.max(1, size);
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.newWorker(), jobs: [], retired: false, given: 0 };
    this.started++;
    slot.worker.on('message', (message: Outcome<unknown> | { started: true }) => {
      if (slot.retired) return;
      // The clock runs from when the worker starts on the document, models loaded: loading them is not the
      // document's fault.
      if ('started' in message) return this.startTimer(slot);
      this.clearTimer(slot);
      slot.jobs.shift()?.resolve(message);
      this.pump();
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const reason =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (worker heap ${WORKER_SETTINGS.maxHeapMb} MB)`
          : `worker crashed: ${err.message}`;
      this.replace(slot, reason);
    });
    slot.worker.on('exit', () => this.replace(slot, 'worker exited unexpectedly'));
    // An idle pool never keeps the process alive (ref'd again while it has work). After the listeners: adding a
    // 'message' listener refs the worker again.
    slot.worker.unref();
    return slot;
  }

  /** End a slot's worker: its running job fails with `reason`, the jobs queued behind it go back to the queue. */
  private replace(slot: Slot, reason: string): void {
    if (slot.retired) return;
    slot.retired = true;
    this.clearTimer(slot);
    const [running, ...waiting] = slot.jobs.splice(0);
    running?.resolve({ ok: false, error: reason });
    this.queue.unshift(...waiting);
    void slot.worker.terminate();
    const index = this.slots.indexOf(slot);
    if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
    this.pump();
  }

  private startTimer(slot: Slot): void {
    if (slot.jobs.length === 0 || slot.timer) return;
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      this.replace(slot, `extraction and analysis took longer than ${seconds(this.deadlineMs)}: skipped`);
    }, this.deadlineMs);
    slot.timer.unref();
  }

  private clearTimer(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  private submit<T>(request: WorkerRequest): Promise<Outcome<T>> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'the worker pool is closed' });
    return new Promise((resolve) => {
      this.queue.push({ request, resolve: resolve as (o: Outcome<unknown>) => void });
      this.pump();
    });
  }

  /** Run the stages on one document in a worker. Never rejects: failures come back as `{ok: false}`. */
  run(doc: RawDocument): Promise<Outcome<ProcessedDocument>> {
    return this.submit({ task: 'process', doc });
  }

  /**
   * Run the stages on one document for the store: the analysis comes back as its JSON, serialised in the worker.
   * Copying the analysis's object graph between threads, then serialising it in the writer's thread, cost the
   * thread that saves and clusters about a third of a millisecond per article; a string crosses for much less.
   */
  runForStore(doc: RawDocument): Promise<Outcome<StorableDocument>> {
    return this.submit({ task: 'store', doc });
  }

  /**
   * `runForStore` of a document given as its JSON text, as a queue job carries it: the worker parses it, so the
   * caller's thread neither parses the document nor copies its object graph to the worker (a string crosses).
   * A text that is not a document fails like a bad input.
   */
  runJsonForStore(json: string): Promise<Outcome<StorableDocument>> {
    return this.submit({ task: 'store-json', json });
  }

  /** Only extract one document (no analysis) in a worker. Never rejects. */
  extract(doc: RawDocument): Promise<Outcome<Article>> {
    return this.submit({ task: 'extract', doc });
  }

  /** Analyse one article in a worker. Never rejects. */
  analyze(article: Article): Promise<Outcome<Analysis>> {
    return this.submit({ task: 'analyze', article });
  }

  private pump(): void {
    // A worker that has taken its share of documents ends once it has answered them (see documentsPerWorker).
    for (const slot of this.slots.filter((s) => s.given >= this.documentsPerWorker && s.jobs.length === 0))
      this.retire(slot);
    // Another worker only when every one has work and more is waiting: its models cost ~200 MB and a second.
    if (
      this.queue.length > 0 &&
      this.slots.length < this.size &&
      this.exiting.size === 0 &&
      !this.closed &&
      this.slots.every((s) => s.jobs.length > 0)
    )
      this.slots.push(this.spawn());
    for (const slot of this.slots) {
      while (
        slot.jobs.length < WORKER_SETTINGS.inFlightPerWorker &&
        slot.given < this.documentsPerWorker &&
        this.queue.length > 0
      ) {
        const job = this.queue.shift() as Job;
        slot.jobs.push(job);
        slot.given++;
        slot.worker.postMessage(job.request);
      }
      // A worker with work keeps the process alive until it answers; an idle one does not.
      if (slot.jobs.length > 0) slot.worker.ref();
      else slot.worker.unref();
    }
    if (!this.busy()) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private busy(): boolean {
    return this.queue.length > 0 || this.slots.some((s) => s.jobs.length > 0);
  }

  /**
   * End the workers that have nothing to do, giving their memory back (each holds the models, and its heap keeps
   * what its biggest document needed); the next job starts a fresh one. The story step, which runs in the caller's
   * thread after a batch, then has that memory to itself.
   */
  async trim(): Promise<void> {
    for (const slot of this.slots.filter((s) => s.jobs.length === 0)) this.retire(slot);
    await this.exited();
  }

  /** Resolves once every worker ended so far has exited (its thread and heap gone). */
  async exited(): Promise<void> {
    while (this.exiting.size > 0) await Promise.all(this.exiting);
  }

  /** End an idle worker and drop its slot: the next job that waits starts a fresh one once this one has exited. */
  private retire(slot: Slot): void {
    slot.retired = true;
    const gone = slot.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
    this.exiting.add(gone);
    void gone.then(() => {
      this.exiting.delete(gone);
      if (!this.closed) this.pump();
    });
    this.slots.splice(this.slots.indexOf(slot), 1);
  }

  /** Close once every job given so far is answered. */
  async closeWhenIdle(): Promise<void> {
    while (this.busy()) await new Promise<void>((wake) => this.idleWaiters.push(wake));
    await this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      slot.retired = true;
      this.clearTimer(slot);
      for (const job of slot.jobs.splice(0)) job.resolve({ ok: false, error: 'the worker pool was closed' });
    }
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, error: 'the worker pool was closed' });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    await this.exited();
  }
}

let shared: WorkerPool | undefined;
let sharedDeadline: number | undefined;

/**
 * The process's pool for the ingest pipeline, made on first use and kept: loading the models in a worker costs
 * about a second, which a server taking one upload at a time, or a test suite, should pay once. It grows to the
 * largest size asked for; a different deadline makes a new pool (the old one is closed once its work is done).
 */
export function sharedWorkerPool(size: number, deadlineMs: number = WORKER_SETTINGS.deadlineMs): WorkerPool {
  if (!shared || shared.size < size || sharedDeadline !== deadlineMs) {
    const old = shared;
    shared = new WorkerPool(Math.max(size, old?.size ?? 0, 1), { deadlineMs });
    sharedDeadline = deadlineMs;
    if (old) void old.closeWhenIdle();
  }
  return shared;
}

/** Trim the process's pool (see `WorkerPool.trim`), if it has one; resolves once the trimmed workers have exited. */
export async function trimSharedWorkerPool(): Promise<void> {
  await shared?.trim();
}
