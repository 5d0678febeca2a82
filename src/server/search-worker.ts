// Search worker thread: one read-only connection to the SQLite file, one search at a time. WAL mode lets it read
// beside the server's own connection while that one writes. The pool terminates it when a search overruns.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { SearchFilter, SearchHit } from '../store/store.js';
import { SEARCH_BUSY_TIMEOUT_MS } from './settings.js';
import { prepareSqliteSearch } from '../store/sqlite/search.js';

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

if (!parentPort) throw new Error('search-worker.ts must run as a worker thread');
const port = parentPort;
const { path } = workerData as SearchWorkerData;

const db = new Database(path, { readonly: true, fileMustExist: true, timeout: SEARCH_BUSY_TIMEOUT_MS });
const search = prepareSqliteSearch(db, { interruptible: true });

port.on('message', (request: SearchRequest) => {
  let reply: SearchReply;
  try {
    reply = { ok: true, hits: search(request.query, request.limit, request.filter, request.offset) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    reply = { ok: false, error: message.split('\n')[0] ?? message };
  }
  port.postMessage(reply);
});
