// Rendered responses (story JSON, story pages) kept in memory while the stories stay the same. Stories change
// only on ingest: this server's own ingests clear the cache at once, and a change made by another process (the
// CLI) is noticed within a second by comparing the stories' ids and versions.
import type { Store } from '../store/store.js';

const PAGE = 500;

/** `id@version,…` of every story: changes whenever a story is created, recomposed or removed. */
export async function storiesSignature(store: Store): Promise<string> {
  const parts: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listStories({ limit: PAGE, offset, sort: 'size' });
    for (const s of page) parts.push(`${s.id}@${s.version}`);
    if (page.length < PAGE) return parts.join(',');
  }
}

export class ReadCache {
  private readonly entries = new Map<string, Buffer>();
  private size = 0;
  private signature = '';
  private checkedAt = 0;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    /** Total bytes kept (the largest stories render to megabytes). */
    private readonly maxBytes = 64 * 1024 * 1024,
    private readonly checkEveryMs = 1000,
  ) {}

  invalidate(): void {
    this.entries.clear();
    this.size = 0;
    this.signature = '';
    this.checkedAt = 0;
  }

  private async ensureFresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.checkEveryMs) return;
    this.checking ??= (async () => {
      try {
        const signature = await storiesSignature(this.store);
        if (signature !== this.signature) {
          this.entries.clear();
          this.size = 0;
          this.signature = signature;
        }
        this.checkedAt = Date.now();
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }

  /**
   * The cached body of `key`, or `build()`'s, encoded once as UTF-8 (cached unless undefined). Least recently used
   * entries go first.
   */
  async get(key: string, build: () => Promise<string | undefined>): Promise<Buffer | undefined> {
    await this.ensureFresh();
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const text = await build();
    if (text === undefined) return undefined;
    const value = Buffer.from(text);
    if (value.length > this.maxBytes) return value;
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
