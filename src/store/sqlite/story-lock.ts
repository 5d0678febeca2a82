// The story step's lock for a SQLite store: one refresh at a time across every process using the database file.
//
// The lock is SQLite's own file lock, on a small database beside the store (`<db>-storylock`): a connection that
// holds `BEGIN EXCLUSIVE` on it owns the story step. The operating system drops the lock when the process dies,
// so a killed refresh never leaves a stale lock behind (a lease row in the store would have to be timed out).
// Waiting polls without blocking the event loop, unlike busy_timeout, which sleeps the thread.

import Database from 'better-sqlite3';

export const STORY_LOCK_SETTINGS = {
  /** First pause between tries when another process holds the lock; doubled up to `maxPollMs`. */
  firstPollMs: 10,
  /** Longest pause between tries: a chunk of the story step takes seconds, so this costs little latency. */
  maxPollMs: 200,
} as const;

const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));

export class SqliteStoryLock {
  private readonly lockDb?: Database.Database;
  /** Holders in this process, in turn: the file lock is per connection, so the process queues its own first. */
  private tail: Promise<unknown> = Promise.resolve();

  /** `path` is the store's file; `:memory:` (one process by construction) needs only the in-process queue. */
  constructor(path: string) {
    if (path === ':memory:' || path === '') return;
    this.lockDb = new Database(`${path}-storylock`, { timeout: 0 });
    this.lockDb.pragma('busy_timeout = 0');
    // A table makes the file a database of its own; its rows are never used, only its lock.
    this.lockDb.exec('CREATE TABLE IF NOT EXISTS story_lock (unused INTEGER)');
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      await this.acquire();
      try {
        return await fn();
      } finally {
        if (this.lockDb?.inTransaction) this.lockDb.exec('ROLLBACK');
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(): Promise<void> {
    const db = this.lockDb;
    if (!db) return;
    let pause: number = STORY_LOCK_SETTINGS.firstPollMs;
    for (;;) {
      try {
        db.exec('BEGIN EXCLUSIVE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      }
      await sleep(pause);
      pause = Math.min(pause * 2, STORY_LOCK_SETTINGS.maxPollMs);
    }
  }

  close(): void {
    this.lockDb?.close();
  }
}
