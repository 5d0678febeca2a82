// Rendered responses (story JSON, story pages) kept in memory while the stories stay the same. Stories change
// only on ingest: this server's own ingests clear the cache at once, and a change made by another process (the
// CLI) is noticed within a second by the store's stories stamp (one row, whatever the archive's size).
import type { Store } from '../store/store.js';

export class ReadCache {
  private readonly entries = new Map<string, Buffer>();
  /**
   * Bodies being built, by key: concurrent requests for a page not cached yet share one build (twenty clients
   * asking for a new search page ran twenty identical searches at once, and queued every other search behind them).
   */
  private readonly building = new Map<string, Promise<Buffer | undefined>>();
  /** Bumped whenever the entries are dropped: a build begun before then is not kept. */
  private generation = 0;
  private size = 0;
  /** The stories stamp the entries were made under (undefined: not read yet). */
  private stamp: number | undefined;
  private checkedAt = 0;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    /** Total bytes kept (the largest stories render to megabytes). */
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly checkEveryMs = 1000,
  ) {}

  invalidate(): void {
    this.drop();
    this.stamp = undefined;
    this.checkedAt = 0;
  }

  /** Forget every body, kept or being built (a build begun before this is not kept). */
  private drop(): void {
    this.generation++;
    this.building.clear();
    this.entries.clear();
    this.size = 0;
  }

  private async ensureFresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.checkEveryMs) return;
    this.checking ??= (async () => {
      try {
        const stamp = await this.store.storiesStamp();
        if (stamp !== this.stamp) {
          this.drop();
          this.stamp = stamp;
        }
        this.checkedAt = Date.now();
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  /**
   * The cached body of `key`, or `build()`'s, encoded once as UTF-8 (cached unless undefined); callers asking while
   * it is built wait for the same build. Least recently used entries go first.
   */
  async get(key: string, build: () => Promise<string | undefined>): Promise<Buffer | undefined> {
    await this.ensureFresh();
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = this.building.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const made = (async () => {
      const text = await build();
      return text === undefined ? undefined : Buffer.from(text);
    })();
    this.building.set(key, made);
    let value: Buffer | undefined;
    try {
      value = await made;
    } finally {
      if (this.building.get(key) === made) this.building.delete(key);
    }
    if (value === undefined || value.length > this.maxBytes || generation !== this.generation) return value;
    if (this.entries.has(key)) return value;
    this.entries.set(key, value);
    this.size += value.length;
    for (const [oldKey, old] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.size -= old.length;
    }
    return value;
  }
}
