// The shape of summaries and the strength of citations on Timeline17: `node dist/bench/summary-shape.js DIR`.
//
// For each gold timeline, the timeline `eval tls` predicts (same protocol) and a summary of the sentences inside
// its window told around that timeline's dates, up to its last day. Prints, per timeline and in total: how many
// citations beyond each entry's first are same / near / related; the summary's event dates; whether they are in
// order, include the timeline's first and latest dates, and how many pairs of summary sentences repeat each other.
// Not part of `npm test` or `npm run bench`: a development tool.

import { jaccard } from '../src/compose/sentences.js';
import { SUMMARY } from '../src/compose/settings.js';
import { buildSummary } from '../src/compose/summary.js';
import { buildTimeline } from '../src/compose/timeline.js';
import type { CitationMatch } from '../src/model.js';
import { tlsTasks } from '../src/pipeline/evaluate-tls.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node dist/bench/summary-shape.js T17_DIR\n');
  process.exit(2);
}

const total: Record<CitationMatch, number> = { same: 0, near: 0, related: 0 };
const shape = { timelines: 0, chronological: 0, first: 0, latest: 0, both: 0, sentences: 0, repeats: 0 };
for (const task of await tlsTasks(dir)) {
  const { gold } = task;
  const start = gold[0]?.date ?? '';
  const end = gold[gold.length - 1]?.date ?? '';
  const perDate = Math.round(gold.reduce((n, e) => n + e.sentences.length, 0) / gold.length);
  const sentences = task.inputs.flatMap((p) => p.sentences);
  const days = buildTimeline(sentences, {
    maxDates: gold.length,
    sentencesPerDate: Math.max(1, perDate),
    months: false,
    window: { start, end },
  });
  const counts: Record<CitationMatch, number> = { same: 0, near: 0, related: 0 };
  for (const d of days) for (const e of d.entries) for (const c of e.citations.slice(1)) counts[c.match]++;
  for (const k of Object.keys(total) as CitationMatch[]) total[k] += counts[k];

  const inWindow = sentences.filter((s) => !s.date || (s.date >= start && s.date <= end));
  const dates = days.map((d) => d.date);
  const { summary, latest } = buildSummary(inWindow, {}, { dates, until: end });
  const byStart = new Map(inWindow.map((s) => [`${s.article}@${s.start}`, s] as const));
  const told = summary.map((s) => byStart.get(`${s.citations[0]?.article}@${s.citations[0]?.start}`));
  const toldDates = told.map((s) => s?.date ?? '?');
  const chronological = toldDates.every((d, i) => i === 0 || (toldDates[i - 1] as string) <= d);
  const hasFirst = toldDates.includes(dates[0] ?? '-');
  const hasLatest = toldDates.includes(dates.at(-1) ?? '-');
  let repeats = 0;
  for (let i = 0; i < told.length; i++)
    for (let j = i + 1; j < told.length; j++) {
      const a = told[i]?.words;
      const b = told[j]?.words;
      if (a && b && jaccard(a, b) >= SUMMARY.redundantWords) repeats++;
    }
  shape.timelines++;
  shape.chronological += chronological ? 1 : 0;
  shape.first += hasFirst ? 1 : 0;
  shape.latest += hasLatest ? 1 : 0;
  shape.both += hasFirst && hasLatest ? 1 : 0;
  shape.sentences += summary.length;
  shape.repeats += repeats;
  const name = `${task.collection}/${task.goldFile.split('/').pop()}`;
  process.stdout.write(
    `${name}: citations beyond the first same/near/related ${counts.same}/${counts.near}/${counts.related}; ` +
      `timeline ${dates[0]}..${dates.at(-1)}; summary ${toldDates.join(',')} (in order ${chronological}, ` +
      `first ${hasFirst}, latest ${hasLatest}); latest line ${latest?.date}\n`,
  );
}
process.stdout.write(`citations beyond the first: ${JSON.stringify(total)}\nsummaries: ${JSON.stringify(shape)}\n`);
