// Search worker thread: one read-only connection to the SQLite file, one search at a time. WAL mode lets it read
// beside the server's own connection while that one writes. The pool terminates it when a search overruns.
//
// The worker keeps an in-memory index of the articles (article-index.ts), built in steps from the moment it starts
// and brought up to date whenever the store holds articles it has not indexed yet; a search that arrives while the
// index is behind is answered by the store's own full-text index, so every answer covers the whole archive.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchFilter, SearchHit } from '../store/store.js';
import { prepareSqliteSearch } from '../store/sqlite/search.js';
import { prepareIndexedSearch } from './indexed-search.js';
import { SEARCH_BUSY_TIMEOUT_MS, SEARCH_INDEX, SEARCH_MMAP_BYTES } from './settings.js';

/** The search workers' thread name (at most 15 bytes, Linux's limit). */
const SEARCH_THREAD_NAME = 'storyline-srch';

export interface SearchWorkerData {
  path: string;
}
export interface SearchRequest {
  query: string;
  limit: number;
  /** Hits skipped before the `limit` (snippets are made for the hits returned only). */
  offset: number;
  filter?: SearchFilter;
}
export type SearchReply = { ok: true; hits: SearchHit[] } | { ok: false; error: string };
/** Sent, besides the replies, each time the in-memory index has caught up with the store. */
export interface IndexedNotice {
  indexed: number;
}

if (!parentPort) throw new Error('search-worker.ts must run as a worker thread');
const port = parentPort;
try {
  // Named, so an operator's `top -H` and the benches tell its CPU from the event loop's and V8's helpers'; Linux only.
  writeFileSync('/proc/thread-self/comm', SEARCH_THREAD_NAME);
} catch {
  // No /proc (not Linux): the thread keeps its name.
}
const { path } = workerData as SearchWorkerData;

const db = new Database(path, { readonly: true, fileMustExist: true, timeout: SEARCH_BUSY_TIMEOUT_MS });
db.pragma(`mmap_size = ${SEARCH_MMAP_BYTES}`);
const storeSearch = prepareSqliteSearch(db, { interruptible: true });
const indexed = prepareIndexedSearch(db);

/** Whether a step of the build is under way or scheduled. */
let building = false;

/**
 * One step of building the index (SEARCH_INDEX.buildStepMs), then yield: a search that arrived meanwhile is answered
 * before the next step (messages are handled between steps), so it waits one step at most.
 */
function buildStep(): void {
  try {
    if (indexed.step(SEARCH_INDEX.buildStepMs)) {
      setImmediate(buildStep);
      return;
    }
    const notice: IndexedNotice = { indexed: indexed.size };
    port.postMessage(notice);
  } catch {
    // The store was busy (a checkpoint): the next search starts the catch-up again; meanwhile the store answers.
  }
  building = false;
}

function catchUp(): void {
  if (building) return;
  building = true;
  setImmediate(buildStep);
}

function search(request: SearchRequest): SearchHit[] {
  const { query, limit, filter, offset } = request;
  if (building || !indexed.current()) {
    catchUp();
    return storeSearch(query, limit, filter, offset);
  }
  return indexed.search(query, limit, filter, offset);
}

catchUp();

port.on('message', (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    reply = { ok: true, hits: search(request) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    reply = { ok: false, error: message.split('\n')[0] ?? message };
  }
  port.postMessage(reply);
});
