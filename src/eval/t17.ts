// Timeline17 (Tran et al. 2013) as laid out in the shared eval folder:
//   <topic>/InputDocs/YYYY-MM-DD/<n>.htm.txt  one article published that day, PTB-tokenised, one sentence a line
//                                              (the first line is the headline run into the first sentence);
//   <topic>/timelines/*.txt                    gold timelines: a YYYY-MM-DD line, its sentences, 32 dashes.
// Also re-exports the timeline metrics so an evaluation needs only this module.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Timeline } from './tls-metrics.js';

export { loadRougeResources, type RougeResources } from './rouge.js';
export {
  averagePrf,
  dateScores,
  evaluateTimeline,
  type Timeline,
  type TimelineEntry,
  type TimelineScores,
} from './tls-metrics.js';

const DATE_LINE = /^\d{4}-\d{2}-\d{2}$/;
const SEPARATOR = '-'.repeat(32);

/** Parse the gold timeline format; sentences of a date listed twice are concatenated in file order. */
export function parseTimeline(text: string): Timeline {
  const byDate = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === SEPARATOR) {
      current = null;
    } else if (DATE_LINE.test(line)) {
      current = byDate.get(line) ?? [];
      byDate.set(line, current);
    } else if (line.length > 0 && current) {
      current.push(line);
    }
  }
  return [...byDate.keys()].sort().map((date) => ({ date, sentences: byDate.get(date) ?? [] }));
}

/** Load a gold timeline file (`<topic>/timelines/*.txt`). */
export function loadTimeline(file: string): Timeline {
  return parseTimeline(readFileSync(file, 'utf8'));
}

/** A timeline in the gold file format (dates ascending, each block closed by 32 dashes). */
export function writeTimeline(timeline: Timeline): string {
  const sorted = [...timeline].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let out = '';
  for (const e of sorted) {
    out += `${e.date}\n`;
    for (const s of e.sentences) out += `${s.replace(/\s*\n\s*/g, ' ').trim()}\n`;
    out += `${SEPARATOR}\n`;
  }
  return out;
}

/** One Timeline17 topic collection: its folder and its gold timeline files. */
export interface T17Collection {
  topic: string;
  dir: string;
  timelineFiles: string[];
}

/** The topic collections under a Timeline17 root (folders holding `InputDocs/` and `timelines/`), by name. */
export function listCollections(dir: string): T17Collection[] {
  const out: T17Collection[] = [];
  for (const topic of readdirSync(dir).sort()) {
    const topicDir = join(dir, topic);
    const tlDir = join(topicDir, 'timelines');
    if (!statSync(topicDir).isDirectory() || !existsSync(join(topicDir, 'InputDocs')) || !existsSync(tlDir)) continue;
    const timelineFiles = readdirSync(tlDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => join(tlDir, f));
    out.push({ topic, dir: topicDir, timelineFiles });
  }
  return out;
}

/** One input article: its publication date (folder name), file path and sentences (one per line). */
export interface T17Doc {
  date: string;
  file: string;
  sentences: string[];
}

/** All input articles of a topic, by date then by file number. */
export function loadCollectionDocs(dir: string, topic: string): T17Doc[] {
  const inputDir = join(dir, topic, 'InputDocs');
  const docs: T17Doc[] = [];
  for (const date of readdirSync(inputDir).sort()) {
    if (!DATE_LINE.test(date)) continue;
    const dayDir = join(inputDir, date);
    const files = readdirSync(dayDir)
      .filter((f) => f.endsWith('.txt'))
      .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) {
      const file = join(dayDir, f);
      const sentences = readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.length > 0);
      docs.push({ date, file, sentences });
    }
  }
  return docs;
}
