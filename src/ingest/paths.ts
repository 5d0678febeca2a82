// Expand the user's paths (files, folders, globs) into the files to read, in a stable order.
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describeError } from './errors.js';
import { type GlobPlan, hasGlobChars, planGlob } from './glob.js';

export type PathEntry = { ok: true; path: string } | { ok: false; source: string; error: string };

interface WalkState {
  /** Real paths of files already listed: a file reached twice (links, overlapping arguments) is read once. */
  seenFiles: Set<string>;
  /** Real paths of folders already walked. */
  seenDirs: Set<string>;
}

/**
 * Files in argument order; inside a folder, sorted by name (code-unit order, locale-independent) and recursive,
 * skipping hidden entries. Symbolic links are followed; a link back into a folder being walked is reported once as
 * a loop and not followed. Problems (missing, broken link, unreadable folder) come out as failed entries.
 */
export async function* expandPaths(paths: string[]): AsyncGenerator<PathEntry> {
  const state: WalkState = { seenFiles: new Set(), seenDirs: new Set() };
  for (const path of paths) {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && hasGlobChars(path)) {
        yield* expandGlob(path, state);
      } else {
        yield { ok: false, source: path, error: await describeStatError(path, err) };
      }
      continue;
    }
    try {
      yield* expandEntry(path, info, state, new Map());
    } catch (err) {
      // Only a race (a file vanishing mid-walk) gets here: report it and go on with the next argument.
      yield { ok: false, source: path, error: describeError(err) };
    }
  }
}

async function* expandEntry(
  path: string,
  info: Stats,
  state: WalkState,
  ancestors: Map<string, string>,
): AsyncGenerator<PathEntry> {
  if (info.isDirectory()) {
    const real = await realpath(path);
    const loopTo = ancestors.get(real);
    if (loopTo !== undefined) {
      yield { ok: false, source: path, error: `symbolic link loop: leads back to ${loopTo}, not followed` };
    } else if (!state.seenDirs.has(real)) {
      yield* walkFolder(path, real, state, ancestors);
    }
  } else if (info.isFile()) {
    const real = await realpath(path);
    if (!state.seenFiles.has(real)) {
      state.seenFiles.add(real);
      yield { ok: true, path };
    }
  } else {
    yield { ok: false, source: path, error: `not a regular file (${specialFileType(info)})` };
  }
}

async function* walkFolder(
  path: string,
  real: string,
  state: WalkState,
  ancestors: Map<string, string>,
): AsyncGenerator<PathEntry> {
  state.seenDirs.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (err) {
    yield { ok: false, source: path, error: `cannot read folder: ${describeError(err)}` };
    return;
  }
  const inside = new Map(ancestors).set(real, path);
  for (const entry of sortedVisible(entries)) {
    const child = join(path, entry.name);
    const info = await statEntry(child);
    if ('error' in info) yield { ok: false, source: child, error: info.error };
    else yield* expandEntry(child, info.stats, state, inside);
  }
}

async function* expandGlob(pattern: string, state: WalkState): AsyncGenerator<PathEntry> {
  const plan = planGlob(pattern);
  let matched = 0;
  for await (const entry of globWalk(plan, plan.base, 0, state, new Map())) {
    matched++;
    yield entry;
  }
  if (matched === 0) yield { ok: false, source: pattern, error: 'no files match this pattern' };
}

async function* globWalk(
  plan: GlobPlan,
  folder: string,
  depth: number,
  state: WalkState,
  ancestors: Map<string, string>,
): AsyncGenerator<PathEntry> {
  let entries: Dirent[];
  let real: string;
  try {
    real = await realpath(folder);
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    // The pattern's own base folder missing just means no match; an unreadable folder inside is worth reporting.
    if (depth > 0) yield { ok: false, source: folder, error: `cannot read folder: ${describeError(err)}` };
    return;
  }
  if (ancestors.has(real)) {
    yield {
      ok: false,
      source: folder,
      error: `symbolic link loop: leads back to ${ancestors.get(real)}, not followed`,
    };
    return;
  }
  const inside = new Map(ancestors).set(real, folder);
  for (const entry of sortedVisible(entries, plan.matchesHidden)) {
    const child = join(folder, entry.name);
    const rel = relative(plan.base, child).split(sep).join('/');
    const matches = plan.matcher.test(rel);
    const info = await statEntry(child);
    if ('error' in info) {
      if (matches) yield { ok: false, source: child, error: info.error };
      continue;
    }
    if (info.stats.isDirectory()) {
      if (matches && !plan.recursive) yield* expandEntry(child, info.stats, state, inside);
      else if (depth < plan.maxDepth) yield* globWalk(plan, child, depth + 1, state, inside);
    } else if (matches) {
      yield* expandEntry(child, info.stats, state, inside);
    }
  }
}

function sortedVisible(entries: Dirent[], includeHidden = false): Dirent[] {
  return entries
    .filter((entry) => includeHidden || !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Follow links; a dangling one becomes an error that says where it pointed. */
async function statEntry(path: string): Promise<{ stats: Stats } | { error: string }> {
  try {
    return { stats: await stat(path) };
  } catch (err) {
    return { error: await describeStatError(path, err) };
  }
}

async function describeStatError(path: string, err: unknown): Promise<string> {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
    try {
      if ((await lstat(path)).isSymbolicLink()) {
        return `broken symbolic link: points to ${await readlink(path)}, which does not exist`;
      }
    } catch {
      // not there at all: fall through
    }
  }
  return describeError(err);
}

function specialFileType(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'an unknown file type';
}
