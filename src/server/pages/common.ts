// Pieces several pages share: citation links, entity links (the places map is in map.ts).
import { citationGroups, citationTitle, type ShownCitation } from '../../compose/citations.js';
import type { Citation } from '../../model.js';
import { html, type SafeHtml, seg } from '../html.js';
import { CITATIONS_SHOWN } from '../settings.js';

/** Link to the cited span of an article: the article page marks it and scrolls to it. */
export function citationHref(c: Pick<Citation, 'article' | 'start' | 'end'>): string {
  return `/articles/${seg(c.article)}?hl=${c.start}-${c.end}#cite`;
}

export interface SourceLabel {
  number: number;
  label: string;
  /** For a copy: the number of the source it copies. */
  copyOf?: number;
}

/**
 * Marks for the sources printing a text, then "cf." and those saying it in other words (lighter); copies are
 * marked as such, and each mark's title says how its source supports the text.
 */
export function citationLinks(citations: readonly ShownCitation[], sources: Map<string, SourceLabel>): SafeHtml {
  const link = (c: ShownCitation): SafeHtml => {
    const source = sources.get(c.article);
    const n = source?.number ?? '?';
    const how = citationTitle(c, source?.copyOf);
    const title = [source?.label, how].filter(Boolean).join(' — ');
    const cls = ['cite', ...(c.match === 'related' ? ['related'] : []), ...(c.copy ? ['copy'] : [])].join(' ');
    return html` <a
      class="${cls}"
      href="${citationHref(c)}"
      aria-label="source ${n}${source ? `: ${source.label}` : ''}${how ? ` (${how})` : ''}"
      title="${title}"
      >[${n}${c.copy ? ' copy' : ''}]</a
    >`;
  };
  const { strong, related } = citationGroups(citations);
  // A sentence of a big story can have dozens of sources: the first few are marks, the rest a count.
  const more = (all: readonly ShownCitation[], shown: number): SafeHtml =>
    all.length > shown ? html` <span class="muted more-cites">+${all.length - shown}</span>` : html``;
  const strongShown = strong.slice(0, CITATIONS_SHOWN.strong);
  const relatedShown = related.slice(0, CITATIONS_SHOWN.related);
  return html`${strongShown.map(link)}${more(strong, strongShown.length)}${
    related.length > 0
      ? html` <span class="cf">cf.${relatedShown.map(link)}${more(related, relatedShown.length)}</span>`
      : ''
  }`;
}

/** A quote for display: the trailing comma of `"…," she said` dropped. */
export function quoteText(text: string): string {
  return text.trim().replace(/[,;:]$/, '');
}

export function entityHref(id: string): string {
  return `/entities/${seg(id)}`;
}

const TYPE_LABEL: Record<string, string> = { PERSON: 'person', ORG: 'organisation', PLACE: 'place', OTHER: 'other' };
export function typeLabel(type: string): string {
  return TYPE_LABEL[type] ?? type.toLowerCase();
}
