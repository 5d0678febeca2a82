// Every story, loaded once for the indexes built over all of them (entity-index.ts, story-index.ts): each used to
// list and load every story itself, so the first search paid for the whole archive twice. Reloaded when the
// stories change: this server's ingests invalidate at once, another process's (the CLI) are noticed within
// INDEX_CHECK_EVERY_MS by the store's stories stamp, one row read: the stories are listed only when it moved.
import type { Story } from '../model.js';
import type { Store, StorySummary } from '../store/store.js';
import { INDEX_CHECK_EVERY_MS, INDEX_LIST_PAGE } from './settings.js';

/** One load of the stories. A new object whenever the stories changed: indexes compare it by identity. */
export interface StoryLoad {
  /** The store's stories stamp read before the stories were listed (a change after that moves it again). */
  stamp: number;
  /** Each story with its summary, largest first (the listing's order), stories gone meanwhile left out. */
  stories: { summary: StorySummary; story: Story }[];
}

async function listAll(store: Store): Promise<StorySummary[]> {
  const all: StorySummary[] = [];
  for (let offset = 0; ; offset += INDEX_LIST_PAGE) {
    const page = await store.listStories({ limit: INDEX_LIST_PAGE, offset, sort: 'size' });
    all.push(...page);
    if (page.length < INDEX_LIST_PAGE) return all;
  }
}

export class StoryCorpus {
  private load: Promise<StoryLoad> | undefined;
  private checkedAt = 0;
  /** The check under way: concurrent callers share it instead of listing the stories each. */
  private checking: Promise<StoryLoad> | undefined;

  constructor(
    private readonly store: Store,
    private readonly checkEveryMs = INDEX_CHECK_EVERY_MS,
  ) {}

  /** Forget the load (after an ingest). */
  invalidate(): void {
    this.load = undefined;
    this.checkedAt = 0;
    // A check under way may have listed the stories before the change: later callers start a fresh one.
    this.checking = undefined;
  }

  /** The stories as they are now (as of at most `checkEveryMs` ago). */
  current(): Promise<StoryLoad> {
    if (this.load && Date.now() - this.checkedAt < this.checkEveryMs) return this.load;
    if (this.checking) return this.checking;
    const checking = this.check().finally(() => {
      if (this.checking === checking) this.checking = undefined;
    });
    this.checking = checking;
    return checking;
  }

  private async check(): Promise<StoryLoad> {
    const previous = this.load;
    // Read before the listing: a story saved while the stories are listed moves the stamp past this one, so the
    // next check loads again rather than keep a listing that may have missed it.
    const stamp = await this.store.storiesStamp();
    // A load that failed (the store was closing, say) is simply made again.
    const kept = previous ? await previous.catch(() => undefined) : undefined;
    if (kept && kept.stamp === stamp && this.load === previous) {
      this.checkedAt = Date.now();
      return kept;
    }
    const summaries = await listAll(this.store);
    const load = (async (): Promise<StoryLoad> => {
      const stories: StoryLoad['stories'] = [];
      for (const summary of summaries) {
        const story = await this.store.getStory(summary.id);
        if (story) stories.push({ summary, story });
      }
      return { stamp, stories };
    })();
    this.load = load;
    this.checkedAt = Date.now();
    return load;
  }
}
