// Clustering a stream in chunks the way the story step does it, with a store kept in memory: each chunk loads only
// what a store hands over (the counts of its articles' keys, the newest postings of each key, the passage sketch,
// the centroids the clusterer asks for), clusters, and writes back what it changed. Shared by the clustering tests
// and bench/tune-stories.ts, which check that this ends in the partition of one long run.

import type { ClusterDoc } from '../src/cluster/features.js';
import type { StoryClusterSettings } from '../src/cluster/settings.js';
import { type Posting, StreamClusterer, storyStateFromJson, storyStateJson } from '../src/cluster/stream.js';

/** Article id → story id (merges followed) after clustering `docs`, in their order, `size` at a time. */
export function clusterInChunks(
  docs: readonly ClusterDoc[],
  size: number,
  settings: Partial<StoryClusterSettings> = {},
): Map<string, string> {
  const counts = new Map<string, number>();
  const stories = new Map<string, string>();
  const postings = new Map<string, Map<string, Posting>>();
  const merged = new Map<string, string>();
  const assigned = new Map<string, string>();
  let sketch: Uint8Array | undefined;
  for (let from = 0; from < docs.length; from += size) {
    const part = docs.slice(from, from + size);
    const c = new StreamClusterer(settings);
    const keys = new Set(part.flatMap((d) => c.keysOf(d)));
    c.loadTermCounts(new Map([...keys].filter((k) => counts.has(k)).map((k) => [k, counts.get(k) as number])));
    c.loadPostings(
      [...keys].flatMap((k) =>
        [...(postings.get(k)?.values() ?? [])].sort((a, b) => b.seq - a.seq).slice(0, c.settings.postingsScanned),
      ),
    );
    c.loadPassageSketch(sketch);
    // As the story step: the centroids the clusterer asks for, read when it asks.
    for (const d of part) {
      const steps = c.addSteps(d);
      for (let step = steps.next(); !step.done; step = steps.next())
        c.loadStories(
          step.value.filter((id) => stories.has(id)).map((id) => storyStateFromJson(id, stories.get(id) as string)),
        );
    }
    const r = c.drain();
    if (r.passageSketch) sketch = r.passageSketch;
    for (const [k, n] of r.termCounts) counts.set(k, (counts.get(k) ?? 0) + n);
    for (const st of r.stories) stories.set(st.id, storyStateJson(st));
    for (const [gone, into] of r.merged) {
      stories.delete(gone);
      merged.set(gone, into);
    }
    for (const p of r.postingsRemoved) postings.get(p.term)?.delete(p.story);
    for (const p of r.postingsAdded) {
      if (!postings.has(p.term)) postings.set(p.term, new Map());
      postings.get(p.term)?.set(p.story, p);
    }
    for (const [a, st] of r.assignments) assigned.set(a, st);
  }
  const resolve = (id: string): string => {
    let s = id;
    for (let hops = 0; merged.has(s) && hops < 10_000; hops++) s = merged.get(s) as string;
    return s;
  };
  return new Map([...assigned].map(([a, s]) => [a, resolve(s)] as const));
}
