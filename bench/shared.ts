// Where benchmark data lives (../shared beside the project), and small timing helpers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs } from '../src/ingest/read.js';
import type { RawDocument } from '../src/model.js';

function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const sharedDir = resolve(process.env.STORYLINE_SHARED ?? join(projectRoot, '..', 'shared'));

/** The path under ../shared, or undefined (with a note on stderr) when it is missing. */
export function sharedOrSkip(sub: string, what: string): string | undefined {
  const p = join(sharedDir, sub);
  if (existsSync(p)) return p;
  process.stderr.write(`skipping ${what}: ${p} not found (check out ../shared beside the project)\n`);
  return undefined;
}

export function seconds(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function report(r: BenchResult): BenchResult {
  process.stdout.write(
    `${r.name.padEnd(48)} ${r.value.toFixed(r.value < 10 ? 2 : 0).padStart(10)} ${r.unit}${r.note ? `  (${r.note})` : ''}\n`,
  );
  return r;
}

/** Timeline17's input articles as plain-text RawDocuments, dated by their folder (as a crawler's sidecar would). */
export function loadT17Documents(dir: string, limit = Infinity): RawDocument[] {
  const docs: RawDocument[] = [];
  for (const topic of readdirSync(dir).sort()) {
    const inputs = join(dir, topic, 'InputDocs');
    if (!existsSync(inputs)) continue;
    for (const day of readdirSync(inputs).sort())
      for (const f of readdirSync(join(inputs, day)).sort()) {
        if (docs.length >= limit) return docs;
        docs.push({
          source: join(topic, day, f),
          kind: 'text',
          content: readFileSync(join(inputs, day, f), 'utf8'),
          encoding: 'utf-8',
          fetchedAt: new Date().toISOString(),
          meta: { published: day },
        });
      }
  }
  return docs;
}

/** The first `limit` readable pages of a folder of (gzipped) HTML files, as ingest reads them. */
export async function loadPages(dir: string, limit: number): Promise<RawDocument[]> {
  const docs: RawDocument[] = [];
  for await (const item of readInputs([dir])) {
    if (docs.length >= limit) break;
    if (item.ok) docs.push(item.doc);
  }
  return docs;
}
