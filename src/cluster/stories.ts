// Batch entry points over the online clusterer: a set of articles → stories (and their events), with a
// re-linking pass at the end so the result does not depend on the order the articles came in.

import type { ClusterDoc } from './features.js';
import { type ClusterEvent, OnlineClusterer, type OnlineClusterOptions } from './online.js';

/** Cluster a batch in the order given, then re-link every article once with the final term weights. */
export function clusterBatch(docs: readonly ClusterDoc[], opts: Partial<OnlineClusterOptions> = {}): OnlineClusterer {
  const clusterer = new OnlineClusterer(opts);
  for (const d of docs) clusterer.add(d);
  clusterer.refine();
  clusterer.drainChanges();
  return clusterer;
}

/** Story id → member article ids, for a batch (ingested by date, then id). */
export function clusterStories(
  docs: readonly ClusterDoc[],
  opts: Partial<OnlineClusterOptions> = {},
): Map<string, string[]> {
  const ordered = [...docs].sort((a, b) => (a.day ?? 0) - (b.day ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return clusterBatch(ordered, opts).stories();
}

/** Every story's events. */
export function clusterEvents(clusterer: OnlineClusterer): ClusterEvent[] {
  return [...clusterer.stories().keys()].flatMap((s) => clusterer.events(s));
}
