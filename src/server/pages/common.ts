// Pieces several pages share: citation links, entity links, the places map.
import { citationGroups, citationTitle, type ShownCitation } from '../../compose/citations.js';
import type { Citation, StoryEntity } from '../../model.js';
import { html, type SafeHtml, seg } from '../html.js';

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
  return html`${strong.map(link)}${related.length > 0 ? html` <span class="cf">cf.${related.map(link)}</span>` : ''}`;
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

const MAX_LABELS = 15;

interface Place {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

/**
 * An offline map: the bundled world outline (equirectangular, 360 × 180 units: x = lon + 180, y = 90 − lat) with a
 * dot a place, framed around the places. A list of the places follows for screen readers and keyboards.
 */
export function placesMap(entities: Pick<StoryEntity, 'id' | 'name' | 'geo'>[], heading = 'Map'): SafeHtml {
  const places: Place[] = entities
    .filter((e) => e.geo && Number.isFinite(e.geo.lat) && Number.isFinite(e.geo.lon))
    .map((e) => ({ id: e.id, name: e.name, lat: e.geo?.lat as number, lon: e.geo?.lon as number }));
  if (places.length === 0) return html``;
  const xs = places.map((p) => p.lon + 180);
  const ys = places.map((p) => 90 - p.lat);
  // Frame: the places' box plus a margin, at least 60° wide, 2:1, inside the world.
  let w = Math.max(60, Math.max(...xs) - Math.min(...xs) + 30);
  let h = Math.max(w / 2, Math.max(...ys) - Math.min(...ys) + 20);
  w = Math.min(360, Math.max(w, h * 2));
  h = Math.min(180, w / 2);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  const x0 = Math.min(360 - w, Math.max(0, cx - w / 2));
  const y0 = Math.min(180 - h, Math.max(0, cy - h / 2));
  const r = w / 110;
  const font = w / 32;
  // Labels right of their dot, most mentioned places first (the caller's order), nudged up or down when they
  // would cover a label already placed, and left out (the dot keeps its tooltip) when there is no room.
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const dots = places.map((p, rank) => {
    const x = p.lon + 180;
    const y = 90 - p.lat;
    const lx = x + r * 1.6;
    const width = p.name.length * font * 0.56;
    let ly: number | undefined;
    for (const shift of rank < MAX_LABELS ? [0, 1.1, -1.1, 2.2, -2.2] : []) {
      const candidate = y + font / 3 + shift * font;
      const box = { x0: lx, x1: lx + width, y0: candidate - font, y1: candidate + font * 0.2 };
      if (!placed.some((o) => o.x0 < box.x1 && box.x0 < o.x1 && o.y0 < box.y1 && box.y0 < o.y1)) {
        ly = candidate;
        placed.push(box);
        break;
      }
    }
    const label =
      ly === undefined
        ? ''
        : html`<text x="${lx.toFixed(2)}" y="${ly.toFixed(2)}" font-size="${font.toFixed(2)}" class="dot-label"
            >${p.name}</text
          >`;
    return html`<a href="${entityHref(p.id)}"
      ><circle cx="${x.toFixed(2)}" cy="${y.toFixed(2)}" r="${r.toFixed(2)}" class="dot"
        ><title>${p.name}</title></circle
      >${label}</a
    >`;
  });
  const names = places.map((p) => p.name).join(', ');
  return html`<section class="map" aria-labelledby="map-h">
    <h2 id="map-h">${heading}</h2>
    <figure>
      <svg
        viewBox="${x0.toFixed(1)} ${y0.toFixed(1)} ${w.toFixed(1)} ${h.toFixed(1)}"
        role="img"
        aria-labelledby="map-title"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="map-title">Map of the places: ${names}</title>
        <rect x="0" y="0" width="360" height="180" class="sea" />
        <image href="/ui/world.svg" x="0" y="0" width="360" height="180" preserveAspectRatio="none" />
        ${dots}
      </svg>
      <figcaption>
        <ul class="inline-list">
          ${places.map((p) => html`<li><a href="${entityHref(p.id)}">${p.name}</a> <span class="muted">(${p.lat.toFixed(2)}, ${p.lon.toFixed(2)})</span></li>`)}
        </ul>
      </figcaption>
    </figure>
  </section>`;
}
