// A small pool of worker threads that run the pure per-document stages
// (extract, analyze) in parallel. Stages are pure, so a worker needs nothing
// but the RawDocument: no store, no shared state.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Analysis, Article, RawDocument } from './model.js';
import type { ProcessedDocument } from './process.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a worker is asked to do: the whole per-document chain, or only the analysis of an article. */
export type WorkerRequest =
  { task: 'process'; doc: RawDocument } | { task: 'extract'; doc: RawDocument } | { task: 'analyze'; article: Article };

interface Job {
  request: WorkerRequest;
  resolve: (outcome: Outcome<unknown>) => void;
}

const IN_FLIGHT_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker, answered in order. */
  jobs: Job[];
}

/** How many workers to use by default: all cores but one for the main thread's I/O and store, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;

  private readonly newWorker: () => Worker;

  constructor(size: number) {
    // Compiled, the worker is a .js beside this file. Run from source under tsx (development), only
    // the .ts exists: a small bootstrap registers tsx's loader in the worker, then imports it.
    const compiled = new URL('./process-worker.js', import.meta.url);
    if (existsSync(fileURLToPath(compiled))) {
      this.newWorker = () => new Worker(compiled);
    } else {
      const source = new URL('./process-worker.ts', import.meta.url).href;
      const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
      this.newWorker = () => new Worker(bootstrap, { eval: true });
    }
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: this.newWorker(), jobs: [] };
    slot.worker.on('message', (outcome: Outcome<unknown>) => {
      slot.jobs.shift()?.resolve(outcome);
      this.pump();
    });
    slot.worker.on('error', (err) => {
      // A crashed worker fails its jobs, not the batch; a fresh worker takes its place.
      for (const job of slot.jobs.splice(0)) job.resolve({ ok: false, error: `worker crashed: ${err.message}` });
      const index = this.slots.indexOf(slot);
      if (index >= 0 && !this.closed) this.slots[index] = this.spawn();
      this.pump();
    });
    return slot;
  }

  private submit<T>(request: WorkerRequest): Promise<Outcome<T>> {
    return new Promise((resolve) => {
      this.queue.push({ request, resolve: resolve as (o: Outcome<unknown>) => void });
      this.pump();
    });
  }

  /** Run the stages on one document in a worker. Never rejects: failures come back as `{ok: false}`. */
  run(doc: RawDocument): Promise<Outcome<ProcessedDocument>> {
    return this.submit({ task: 'process', doc });
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
    for (const slot of this.slots) {
      // Two in flight per worker: the next document is already there when one is done.
      while (slot.jobs.length < IN_FLIGHT_PER_WORKER) {
        const job = this.queue.shift();
        if (!job) return;
        slot.jobs.push(job);
        slot.worker.postMessage(job.request);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
