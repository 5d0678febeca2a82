// The coverage picture: articles per day (or per week, for long stories) across the story's span, stacked by
// outlet (the most prolific in colours of their own, the rest as "other"), with the timeline's dates marked under
// the axis. An SVG drawn on the server, so it needs no script; a sentence and a legend say the same in words.
import type { Story } from '../../model.js';
import { dayNumber, dayString } from '../../text/days.js';
import { html, type SafeHtml } from '../html.js';
import { COVERAGE } from '../settings.js';
import { formatDate } from './layout.js';

/** The outlet name of an article that names none. */
export const UNKNOWN_OUTLET = 'outlet not known';

export interface CoverageBin {
  /** First day (day number) of the bin. */
  start: number;
  /** Articles per outlet, in the order of `Coverage.outlets`. */
  counts: number[];
}

export interface Coverage {
  first: number;
  last: number;
  /** Days a bar stands for: 1, or more when the span is longer than COVERAGE.maxBars days. */
  binDays: number;
  bins: CoverageBin[];
  /** The outlets with a colour, most articles first; "other" last when there are more. */
  outlets: string[];
  /** Articles per entry of `outlets`. */
  totals: number[];
  /** Whether the last entry of `outlets` is the others together. */
  hasOther: boolean;
  dated: number;
  undated: number;
  /** The earliest article: its outlet and day. */
  firstReport: { outlet: string; day: number };
  /** Outlets every one of whose articles in the story is a copy of another's (they printed the wire). */
  onlyCopies: string[];
  /** The timeline's days inside the span (day numbers). */
  marks: number[];
  /** The busiest bar: its start and count. */
  peak: { start: number; count: number };
}

/** What the coverage picture shows, from the story alone (pure; undefined when no article is dated). */
export function coverageOf(story: Pick<Story, 'articles' | 'timeline'>): Coverage | undefined {
  const dated = story.articles.flatMap((a) => {
    const day = dayNumber(a.published?.slice(0, 10));
    return day === undefined ? [] : [{ day, outlet: a.outlet?.trim() || UNKNOWN_OUTLET, copy: !!a.duplicateOf }];
  });
  if (dated.length === 0) return undefined;
  const byOutlet = new Map<string, number>();
  for (const a of dated) byOutlet.set(a.outlet, (byOutlet.get(a.outlet) ?? 0) + 1);
  const ranked = [...byOutlet].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const hasOther = ranked.length > COVERAGE.outlets;
  const named = ranked.slice(0, hasOther ? COVERAGE.outlets - 1 : COVERAGE.outlets).map(([o]) => o);
  const outlets = hasOther ? [...named, 'other outlets'] : named;
  const column = new Map(named.map((o, i) => [o, i] as const));
  const colOf = (outlet: string): number => column.get(outlet) ?? outlets.length - 1;
  const days = dated.map((a) => a.day);
  const first = Math.min(...days);
  const last = Math.max(...days);
  const binDays = Math.max(1, Math.ceil((last - first + 1) / COVERAGE.maxBars));
  const bins: CoverageBin[] = [];
  for (let start = first; start <= last; start += binDays) bins.push({ start, counts: outlets.map(() => 0) });
  const totals = outlets.map(() => 0);
  for (const a of dated) {
    const bin = bins[Math.floor((a.day - first) / binDays)] as CoverageBin;
    const c = colOf(a.outlet);
    bin.counts[c] = (bin.counts[c] ?? 0) + 1;
    totals[c] = (totals[c] ?? 0) + 1;
  }
  const earliest = dated.reduce((a, b) => (b.day < a.day ? b : a));
  const originals = new Set(dated.filter((a) => !a.copy).map((a) => a.outlet));
  const onlyCopies = [...byOutlet.keys()].filter((o) => !originals.has(o) && o !== UNKNOWN_OUTLET).sort();
  const marks = [
    ...new Set(
      story.timeline.flatMap((d) => {
        const day = /^\d{4}-\d{2}-\d{2}$/.test(d.date) ? dayNumber(d.date) : undefined;
        return day !== undefined && day >= first && day <= last ? [day] : [];
      }),
    ),
  ].sort((a, b) => a - b);
  let peak = { start: first, count: 0 };
  for (const b of bins) {
    const count = b.counts.reduce((s, c) => s + c, 0);
    if (count > peak.count) peak = { start: b.start, count };
  }
  return {
    first,
    last,
    binDays,
    bins,
    outlets,
    totals,
    hasOther,
    dated: dated.length,
    undated: story.articles.length - dated.length,
    firstReport: { outlet: earliest.outlet, day: earliest.day },
    onlyCopies,
    marks,
    peak,
  };
}

const day = (n: number): string => formatDate(dayString(n));

/** The picture's text alternative: what a reader would take from it. */
export function coverageText(c: Coverage): string {
  const unit = c.binDays === 1 ? 'day' : `${c.binDays}-day period`;
  const parts = [
    `${c.dated} dated article${c.dated === 1 ? '' : 's'} from ${day(c.first)} to ${day(c.last)}`,
    `busiest ${unit}: ${c.binDays === 1 ? day(c.peak.start) : `from ${day(c.peak.start)}`} (${c.peak.count})`,
    `first report: ${c.firstReport.outlet}, ${day(c.firstReport.day)}`,
    `by outlet: ${c.outlets.map((o, i) => `${o} ${c.totals[i]}`).join(', ')}`,
  ];
  if (c.onlyCopies.length > 0) parts.push(`only copies of other outlets' articles: ${c.onlyCopies.join(', ')}`);
  if (c.marks.length > 0) parts.push(`${c.marks.length} timeline date${c.marks.length === 1 ? '' : 's'} marked`);
  if (c.undated > 0) parts.push(`${c.undated} undated, not shown`);
  return `${parts.join('; ')}.`;
}

/** Axis labels: first and last day, and month starts in between, each at least `gap` days from its neighbours. */
function axisDays(c: Coverage, gap: number): number[] {
  const out = [c.first];
  for (let d = c.first + 1; d < c.last; d++) {
    if (!dayString(d).endsWith('-01')) continue;
    if (d - (out.at(-1) as number) >= gap && c.last - d >= gap) out.push(d);
  }
  if (c.last - c.first >= gap) out.push(c.last);
  return out;
}

export function coveragePicture(story: Pick<Story, 'articles' | 'timeline'>): SafeHtml {
  const c = coverageOf(story);
  if (!c) return html``;
  const { width: W, height: H, marginLeft: L, marginRight: R, marginTop: T, marginBottom: B } = COVERAGE;
  const plotW = W - L - R;
  const plotH = H - T - B;
  const barW = plotW / c.bins.length;
  const x = (d: number): number => L + ((d - c.first) / c.binDays) * barW;
  const n = (v: number) => v.toFixed(1);
  const max = Math.max(1, c.peak.count);
  const bars = c.bins.map((b) => {
    let y = T + plotH;
    return b.counts.map((count, i) => {
      if (count === 0) return '';
      const h = (count / max) * plotH;
      y -= h;
      const label = `${c.binDays === 1 ? day(b.start) : `from ${day(b.start)}`}: ${count} from ${c.outlets[i]}`;
      return html`<rect
        x="${n(x(b.start))}"
        y="${n(y)}"
        width="${n(Math.max(barW - 0.6, 0.8))}"
        height="${n(h)}"
        class="cov-${c.hasOther && i === c.outlets.length - 1 ? 'other' : i}"
        ><title>${label}</title></rect
      >`;
    });
  });
  const base = T + plotH;
  const marks = c.marks.map(
    (d) =>
      html`<path d="M${n(x(d) + barW / 2)} ${n(base + 2)}l-3 6h6z" class="cov-mark"
        ><title>Timeline date: ${day(d)}</title></path
      >`,
  );
  const ticks = axisDays(c, (COVERAGE.axisLabelGap / barW) * c.binDays).map((d, i, all) => {
    const anchor = i === 0 ? 'start' : i === all.length - 1 && all.length > 1 ? 'end' : 'middle';
    const at = anchor === 'end' ? x(d) + barW : x(d);
    return html`<text x="${n(at)}" y="${H - 4}" text-anchor="${anchor}" class="cov-axis">${day(d)}</text>`;
  });
  const text = coverageText(c);
  return html`<section class="coverage" aria-labelledby="coverage-h">
    <h2 id="coverage-h">Coverage</h2>
    <figure>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="coverage-title" xmlns="http://www.w3.org/2000/svg">
        <title id="coverage-title">
          Articles per ${c.binDays === 1 ? 'day' : `${c.binDays} days`} by outlet: ${text}
        </title>
        <line x1="${L}" y1="${n(base)}" x2="${W - R}" y2="${n(base)}" class="cov-base" />
        <text x="${L - 4}" y="${T + 8}" text-anchor="end" class="cov-axis">${max}</text>
        <text x="${L - 4}" y="${n(base)}" text-anchor="end" class="cov-axis">0</text>
        ${bars} ${marks} ${ticks}
      </svg>
      <figcaption>
        <ul class="inline-list cov-legend">
          ${c.outlets.map(
            (o, i) =>
              html`<li>
                <span
                  class="swatch cov-${c.hasOther && i === c.outlets.length - 1 ? 'other' : i}"
                  aria-hidden="true"
                ></span
                >${o} <span class="muted">${c.totals[i]}</span>
              </li>`,
          )}
          ${c.marks.length > 0 ? html`<li><span class="swatch cov-mark" aria-hidden="true"></span>timeline date</li>` : ''}
        </ul>
        <p class="muted">${text}</p>
      </figcaption>
    </figure>
  </section>`;
}
