// Manifest files: one `{"file", "published", "outlet", "url", "title"?}` a line, whose fields override the content's.
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { SidecarMeta } from '../model.js';
import { decodeBytes } from './decode.js';
import { describeError, oneLine } from './errors.js';

const MANIFEST_FIELDS = ['url', 'title', 'published', 'outlet', 'byline', 'language'] as const;
// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a full ISO timestamp.
const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * Read a manifest (JSONL, or a JSON array of the same objects). Each entry is keyed both by its `file` as written
 * and by that path resolved against the manifest's folder, which is what `manifestMetaFor` looks up.
 * Unknown keys (`note`, …) are ignored. Throws an Error naming the file and line on anything malformed.
 */
export async function loadManifest(path: string): Promise<Map<string, SidecarMeta>> {
  let text: string;
  try {
    text = decodeBytes(await readFile(path)).text;
  } catch (err) {
    throw new Error(`cannot read manifest ${path}: ${describeError(err)}`, { cause: err });
  }
  const entries = parseManifestEntries(text, path);
  if (entries.length === 0) throw new Error(`manifest ${path} has no entries`);

  const manifest = new Map<string, SidecarMeta>();
  const folder = dirname(path);
  for (const { file, meta } of entries) {
    for (const key of new Set([file, resolve(folder, file)])) {
      manifest.set(key, { ...manifest.get(key), ...meta });
    }
  }
  return manifest;
}

function parseManifestEntries(text: string, path: string): { file: string; meta: SidecarMeta }[] {
  const trimmed = text.trim();
  const located: { where: string; value: unknown }[] = [];
  if (trimmed.startsWith('[')) {
    let values: unknown[];
    try {
      values = JSON.parse(trimmed);
    } catch (err) {
      throw new Error(`manifest ${path}: invalid JSON: ${describeError(err)}`, { cause: err });
    }
    for (const [i, value] of values.entries()) located.push({ where: `entry ${i + 1}`, value });
  } else {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        located.push({ where: `line ${i + 1}`, value: JSON.parse(line) });
      } catch (err) {
        throw new Error(`manifest ${path} line ${i + 1}: invalid JSON: ${describeError(err)}`, { cause: err });
      }
    });
  }
  return located.map(({ where, value }) => toManifestEntry(value, `manifest ${path} ${where}`));
}

function toManifestEntry(value: unknown, where: string): { file: string; meta: SidecarMeta } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected a JSON object like {"file": "a.txt", "published": "2015-09-27"}`);
  }
  const entry = value as Record<string, unknown>;
  if (typeof entry.file !== 'string' || entry.file.trim() === '') {
    throw new Error(`${where}: "file" is missing or not a string`);
  }
  const meta: SidecarMeta = {};
  for (const key of MANIFEST_FIELDS) {
    const field = entry[key];
    if (field === undefined || field === null) continue;
    if (typeof field !== 'string') throw new Error(`${where}: "${key}" must be a string`);
    if (field.trim() === '') continue;
    meta[key] = field.trim();
  }
  if (meta.published !== undefined && !DATE_PATTERN.test(meta.published)) {
    throw new Error(
      `${where}: "published" is ${oneLine(JSON.stringify(meta.published))}, not a date (YYYY-MM-DD or ISO timestamp)`,
    );
  }
  return { file: entry.file.trim(), meta };
}

/**
 * The manifest fields for an input file: its path resolved (which covers paths relative to the manifest's folder
 * and full paths), the path as given, then its basename; a `.gz` file also matches by its inner name.
 * With `line`, a `file#L<line>` entry (one JSONL record) is tried first and wins over the whole-file entry.
 */
export function manifestMetaFor(
  manifest: Map<string, SidecarMeta> | undefined,
  path: string,
  line?: number,
): SidecarMeta | undefined {
  if (!manifest || manifest.size === 0) return undefined;
  const names = [path];
  if (/\.gz$/i.test(path)) names.push(path.slice(0, -3));
  const keys: string[] = [];
  for (const name of names) keys.push(resolve(name), name, basename(name));
  const whole = firstHit(manifest, keys);
  const perLine =
    line === undefined
      ? undefined
      : firstHit(
          manifest,
          keys.map((key) => `${key}#L${line}`),
        );
  return whole || perLine ? { ...whole, ...perLine } : undefined;
}

function firstHit(manifest: Map<string, SidecarMeta>, keys: string[]): SidecarMeta | undefined {
  for (const key of keys) {
    const meta = manifest.get(key);
    if (meta) return meta;
  }
  return undefined;
}
