// The members of big stories, kept by this process between chunks of the story step. A story of 50,000 articles
// is touched by nearly every chunk; reading all its member ids and their metadata from the store each time (to
// pick the composition sample and list the rest) made one article's cost grow with the story, and so with the
// archive. An entry is used only while the store's newest change-log number for the story is the one it was
// written under: every write of a story's members (by this process or any other, a rebuild included) logs a new,
// never reused number, so another writer's change is never missed — the entry is dropped and the store read.

import type { ArticleSummary, Store } from '../store/store.js';
import { PIPELINE } from './settings.js';

export interface CachedMembers {
  /** Member ids, sorted (as the store lists them). */
  members: readonly string[];
  /** Their metadata in the order the sample is chosen from (publication, then id). */
  listed: readonly ArticleSummary[];
}

interface Entry extends CachedMembers {
  change: number;
}

export class StoryMemberCache {
  /** Insertion order is recency of use: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  /** The entries still valid given the stores' newest change numbers (`lastChanges`); stale ones are dropped. */
  valid(ids: Iterable<string>, lastChanges: ReadonlyMap<string, number>): Map<string, CachedMembers> {
    const out = new Map<string, CachedMembers>();
    for (const id of new Set(ids)) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      this.drop(id);
      if (entry.change !== lastChanges.get(id)) continue;
      this.entries.set(id, entry); // most recently used now
      this.held += entry.members.length;
      out.set(id, entry);
    }
    return out;
  }

  /** Keep a story's members as written under change number `change`. */
  put(id: string, change: number, members: CachedMembers): void {
    this.drop(id);
    if (members.members.length > PIPELINE.maxCachedMembers) return;
    this.entries.set(id, { change, ...members });
    this.held += members.members.length;
    for (const [oldest, entry] of this.entries) {
      if (this.held <= PIPELINE.maxCachedMembers) break;
      this.entries.delete(oldest);
      this.held -= entry.members.length;
    }
  }

  drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.held -= entry.members.length;
  }
}

const caches = new WeakMap<Store, StoryMemberCache>();

/** The cache of one store handle (a store opened twice in one process has two, each validated alike). */
export function storyMemberCache(store: Store): StoryMemberCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new StoryMemberCache()));
  return cache;
}
