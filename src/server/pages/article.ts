// An article: its clean text with entities, dates and quotes highlighted from the analysis spans, the cited
// span (from a citation link) marked, and the removed boilerplate on demand.
import type { Analysis, Article } from '../../model.js';
import { html, type SafeHtml, safeExternalUrl, seg } from '../html.js';
import { entityHref } from './common.js';
import { formatDate, page } from './layout.js';
import { articleLead, articleTitle, storyDisplayTitle } from '../../compose/title.js';
import { detokeniseRun } from '../../text/ptb.js';

interface Annotation {
  start: number;
  end: number;
  className: string;
  title?: string;
  /** For entity mentions: where the mention links. */
  href?: string;
  cited?: boolean;
}

export function annotationsOf(analysis: Analysis | undefined, linkEntities: boolean): Annotation[] {
  if (!analysis) return [];
  const types = new Map(analysis.entities.map((e) => [e.key, e] as const));
  const out: Annotation[] = [];
  for (const m of analysis.mentions) {
    const e = types.get(m.entity);
    out.push({
      start: m.start,
      end: m.end,
      className: `ent ent-${(e?.type ?? 'OTHER').toLowerCase()}`,
      title: e ? `${e.name} (${e.type.toLowerCase()})` : undefined,
      href: linkEntities && e ? entityHref(e.key) : undefined,
    });
  }
  for (const t of analysis.timexes) {
    out.push({
      start: t.start,
      end: t.end,
      className: 'timex',
      title: t.value ? `date: ${t.value}` : 'date (unresolved)',
    });
  }
  for (const q of analysis.quotes) out.push({ start: q.start, end: q.end, className: 'quote', title: 'quote' });
  return out.filter((a) => a.end > a.start);
}

/** Paragraphs of `text` (joined by blank lines) with the annotations as nested-free runs of classed spans. */
export function highlightText(text: string, paragraphs: string[], annotations: Annotation[]): SafeHtml {
  const out: SafeHtml[] = [];
  let offset = 0;
  let citeAnchored = false;
  for (const p of paragraphs) {
    const ps = offset;
    const pe = offset + p.length;
    offset = pe + 2;
    const inside = annotations.filter((a) => a.start < pe && a.end > ps);
    const cuts = new Set([ps, pe]);
    for (const a of inside) {
      cuts.add(Math.max(ps, a.start));
      cuts.add(Math.min(pe, a.end));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const runs: SafeHtml[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i] as number, points[i + 1] as number];
      const piece = detokeniseRun(text.slice(a, b));
      const active = inside.filter((x) => x.start <= a && x.end >= b);
      if (active.length === 0) {
        runs.push(html`${piece}`);
        continue;
      }
      const classes = [...new Set(active.flatMap((x) => x.className.split(' ')))].join(' ');
      const title = active
        .map((x) => x.title)
        .filter(Boolean)
        .join('; ');
      const link = active.find((x) => x.href)?.href;
      const cited = active.some((x) => x.cited);
      const id = cited && !citeAnchored ? 'cite' : undefined;
      if (id) citeAnchored = true;
      const inner = link ? html`<a href="${link}">${piece}</a>` : html`${piece}`;
      runs.push(
        html`<span class="${classes}" ${id ? html` id="${id}"` : ''}${title ? html` title="${title}"` : ''}
          >${inner}</span
        >`,
      );
    }
    out.push(html`<p>${runs}</p>`);
  }
  return html`${out}`;
}

export interface ArticlePageData {
  article: Article;
  analysis?: Analysis;
  sources: string[];
  story?: { id: string; title: string };
  /** The cited span to mark, from `?hl=START-END`. */
  highlight?: { start: number; end: number };
}

export function articlePage(d: ArticlePageData): string {
  const { article: a } = d;
  const annotations = annotationsOf(d.analysis, Boolean(d.story));
  if (d.highlight && d.highlight.end > d.highlight.start && d.highlight.start < a.text.length) {
    annotations.push({ ...d.highlight, className: 'cited', title: 'cited passage', cited: true });
  }
  const url = safeExternalUrl(a.url);
  const facts = [
    a.outlet,
    a.byline && `by ${a.byline}`,
    a.published && `${formatDate(a.published.value.slice(0, 10))} (date from ${a.published.from})`,
    a.language !== 'und' && `language: ${a.language}`,
  ].filter(Boolean);
  const body = html`<article class="article">
    <header>
      <h1>${articleTitle(a.title, articleLead(a.text))}</h1>
      <p class="muted">${facts.join(' · ')}</p>
      ${d.story ? html`<p>Part of the story <a href="/stories/${seg(d.story.id)}">${storyDisplayTitle(d.story.title)}</a></p>` : ''}
      ${url ? html`<p><a class="external" href="${url}" rel="noopener noreferrer nofollow">Original article</a></p>` : ''}
    </header>
    ${
      d.analysis
        ? html`<p class="legend" aria-label="Highlight legend">
            <span class="ent ent-person">person</span> <span class="ent ent-org">organisation</span>
            <span class="ent ent-place">place</span> <span class="timex">date</span>
            <span class="quote">quote</span>${d.highlight ? html` <span class="cited">cited passage</span>` : ''}
          </p>`
        : ''
    }
    <section class="text" aria-label="Article text">${highlightText(a.text, a.paragraphs, annotations)}</section>
    ${
      a.removed.length > 0
        ? html`<details class="removed">
            <summary>Removed as boilerplate (${a.removed.length} line${a.removed.length === 1 ? '' : 's'})</summary>
            <ul>
              ${a.removed.map((r) => html`<li><span class="reason">${r.reason}</span> ${r.text}</li>`)}
            </ul>
          </details>`
        : ''
    }
    <details class="provenance">
      <summary>Sources and id</summary>
      <p>id: <code>${a.id}</code></p>
      <ul>
        ${d.sources.map((s) => html`<li><code>${s}</code></li>`)}
      </ul>
    </details>
  </article>`;
  return page({ title: articleTitle(a.title, articleLead(a.text)), body });
}
