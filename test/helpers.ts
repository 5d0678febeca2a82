// Shared test helpers: where the project and ../shared are, and how to skip without them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
