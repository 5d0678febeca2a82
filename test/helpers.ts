// Shared test helpers: where the project and ../shared are, and how to skip without them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../src/store/store.js';

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The repository root (works from `test/` under tsx and from `dist/test/` once compiled). */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** `../shared` beside the project, or `$STORYLINE_SHARED`. */
export const sharedDir = resolve(process.env.STORYLINE_SHARED ?? join(projectRoot, '..', 'shared'));

/** Give to `test(name, { skip: needShared('eval/t17') }, …)`: false when present, else the reason to skip. */
export function needShared(subpath = ''): false | string {
  const p = join(sharedDir, subpath);
  return existsSync(p)
    ? false
    : `needs ${p}: check out the shared data beside the project (or set STORYLINE_SHARED) to run this test`;
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

/** A small seeded generator (mulberry32) so a shuffled order is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Record `from` as merged into the stored story `into` (what a refresh writes when two stories become one). */
export async function recordMerge(store: Store, from: string, into: string): Promise<void> {
  const story = await store.getStory(into);
  if (!story) throw new Error(`no story ${into} to merge into`);
  await store.saveStories({
    stories: [story],
    removed: [],
    assignments: new Map(),
    changes: [],
    redirects: new Map([[from, into]]),
  });
}
