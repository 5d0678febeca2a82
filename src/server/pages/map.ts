// The places map: an offline world outline (equirectangular, 360 × 180 units: x = lon + 180, y = 90 − lat), zoomed
// to the places shown, a dot a place sized by its mentions, labels placed so that none collides with another or a
// dot or leaves the frame, and the places that are no point on a map (areas, unknown coordinates) listed beside it.
import type { StoryEntity } from '../../model.js';
import { html, type SafeHtml } from '../html.js';
import { MAP } from '../settings.js';
import { entityHref } from './common.js';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Frame extends Box {
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, f: Box): boolean => a.x0 >= f.x0 && a.x1 <= f.x1 && a.y0 >= f.y0 && a.y1 <= f.y1;

/** The view box around points (x, y in map units): their box plus a margin, at least MAP.minWidthDeg wide, 2:1. */
export function frameAround(points: readonly { x: number; y: number }[]): Frame {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let width = Math.max(MAP.minWidthDeg, (maxX - minX) * (1 + 2 * MAP.marginShare));
  let height = Math.max(width / 2, (maxY - minY) * (1 + 2 * MAP.marginShare));
  width = Math.min(360, Math.max(width, height * 2));
  height = Math.min(180, width / 2);
  const x0 = Math.min(360 - width, Math.max(0, (minX + maxX) / 2 - width / 2));
  const y0 = Math.min(180 - height, Math.max(0, (minY + maxY) / 2 - height / 2));
  return { x0, y0, x1: x0 + width, y1: y0 + height, width, height };
}

export interface LabelRequest {
  /** The dot's centre and radius. */
  x: number;
  y: number;
  r: number;
  text: string;
}

export interface PlacedLabel {
  /** Index into the requests. */
  index: number;
  /** The text's anchor point (start of the baseline) and its bounding box. */
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
  box: Box;
}

/**
 * Greedy label placement: in the order given (most important first), each label takes the first of right, left,
 * above, below its dot whose bounding box stays inside the frame and touches no label placed before and no dot
 * (the first MAP.labelsOverDots may cover other dots when nothing else is left); a label with no such place is
 * dropped, never drawn over another label or cut by the frame.
 */
export function placeLabels(requests: readonly LabelRequest[], frame: Box, font: number, limit: number): PlacedLabel[] {
  const dots: Box[] = requests.map((d) => ({ x0: d.x - d.r, y0: d.y - d.r, x1: d.x + d.r, y1: d.y + d.r }));
  const placed: PlacedLabel[] = [];
  const ascent = font * 0.8;
  const descent = font * 0.25;
  for (const [index, d] of requests.entries()) {
    if (placed.length >= limit) break;
    const w = d.text.length * font * MAP.glyphWidth;
    const gap = d.r + font * 0.25;
    const mid = d.y + (ascent - descent) / 2; // baseline that centres the text on the dot
    const candidates: Omit<PlacedLabel, 'index'>[] = [
      {
        x: d.x + gap,
        y: mid,
        anchor: 'start',
        box: { x0: d.x + gap, x1: d.x + gap + w, y0: mid - ascent, y1: mid + descent },
      },
      {
        x: d.x - gap,
        y: mid,
        anchor: 'end',
        box: { x0: d.x - gap - w, x1: d.x - gap, y0: mid - ascent, y1: mid + descent },
      },
      {
        x: d.x,
        y: d.y - gap - descent,
        anchor: 'middle',
        box: { x0: d.x - w / 2, x1: d.x + w / 2, y0: d.y - gap - descent - ascent, y1: d.y - gap },
      },
      {
        x: d.x,
        y: d.y + gap + ascent,
        anchor: 'middle',
        box: { x0: d.x - w / 2, x1: d.x + w / 2, y0: d.y + gap, y1: d.y + gap + ascent + descent },
      },
    ];
    const free = (c: Omit<PlacedLabel, 'index'>): boolean =>
      inside(c.box, frame) && !placed.some((p) => overlaps(p.box, c.box)) && !overlaps(dots[index] as Box, c.box);
    const fit =
      candidates.find((c) => free(c) && !dots.some((b, j) => j !== index && overlaps(b, c.box))) ??
      (index < MAP.labelsOverDots ? candidates.find(free) : undefined);
    if (fit) placed.push({ index, ...fit });
  }
  return placed;
}

type MapEntity = Pick<StoryEntity, 'id' | 'name' | 'geo'> & { mentions?: number };

/** A place is a point on the map when it has coordinates and a country: areas (continents, seas) have none. */
export function isPoint(e: MapEntity): boolean {
  return !!e.geo && Number.isFinite(e.geo.lat) && Number.isFinite(e.geo.lon) && !!e.geo.country;
}

/**
 * The map of `entities` (most mentioned first): the points drawn, the others (`unmapped`, with their mention counts)
 * listed beside it. Nothing when there is nothing to show.
 */
export function placesMap(
  entities: readonly MapEntity[],
  heading = 'Map',
  unmapped: readonly MapEntity[] = [],
): SafeHtml {
  const points = entities.filter(isPoint).map((e) => ({
    e,
    x: (e.geo?.lon as number) + 180,
    y: 90 - (e.geo?.lat as number),
    mentions: e.mentions ?? 1,
  }));
  const others = [...unmapped, ...entities.filter((e) => !isPoint(e))];
  if (points.length === 0 && others.length === 0) return html``;
  const list =
    others.length > 0
      ? html`<div class="unmapped">
          <h3>${points.length > 0 ? 'Not on the map' : 'Places'}</h3>
          <ul class="inline-list">
            ${others.map(
              (e) =>
                html`<li>
                  <a href="${entityHref(e.id)}">${e.name}</a
                  >${e.mentions !== undefined ? html` <span class="muted">${e.mentions}</span>` : ''}
                </li>`,
            )}
          </ul>
        </div>`
      : '';
  if (points.length === 0)
    return html`<section class="map" aria-labelledby="map-h">
      <h2 id="map-h">${heading}</h2>
      ${list}
    </section>`;
  const frame = frameAround(points);
  const most = Math.max(...points.map((p) => p.mentions));
  // Area proportional to mentions, the least mentioned places kept visible.
  const radius = (m: number): number => frame.width * Math.max(MAP.minDotShare, MAP.maxDotShare * Math.sqrt(m / most));
  const requests = points.map((p) => ({ x: p.x, y: p.y, r: radius(p.mentions), text: p.e.name }));
  const font = frame.width * MAP.fontShare;
  const labels = placeLabels(requests, frame, font, MAP.maxLabels);
  const n = (v: number) => v.toFixed(2);
  // Small dots last, so that a large one never hides them.
  const order = requests.map((_, i) => i).sort((a, b) => (requests[b]?.r ?? 0) - (requests[a]?.r ?? 0));
  const dots = order.map((i) => {
    const d = requests[i] as LabelRequest;
    const p = points[i] as (typeof points)[number];
    return html`<a href="${entityHref(p.e.id)}"
      ><circle cx="${n(d.x)}" cy="${n(d.y)}" r="${n(d.r)}" class="dot"
        ><title>${p.e.name}: ${p.mentions} mention${p.mentions === 1 ? '' : 's'}</title></circle
      ></a
    >`;
  });
  const texts = labels.map(
    (l) =>
      html`<text x="${n(l.x)}" y="${n(l.y)}" font-size="${n(font)}" text-anchor="${l.anchor}" class="dot-label"
        >${requests[l.index]?.text}</text
      >`,
  );
  const names = points.map((p) => `${p.e.name} (${p.mentions})`).join(', ');
  return html`<section class="map" aria-labelledby="map-h">
    <h2 id="map-h">${heading}</h2>
    <figure>
      <svg
        viewBox="${n(frame.x0)} ${n(frame.y0)} ${n(frame.width)} ${n(frame.height)}"
        role="img"
        aria-labelledby="map-title"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id="map-title">Map of the places, with their mentions: ${names}</title>
        <rect x="0" y="0" width="360" height="180" class="sea" />
        <image href="/ui/world.svg" x="0" y="0" width="360" height="180" preserveAspectRatio="none" />
        ${dots}
        <g class="labels" aria-hidden="true">${texts}</g>
      </svg>
      <figcaption>
        <ul class="inline-list">
          ${points.map((p) => html`<li><a href="${entityHref(p.e.id)}">${p.e.name}</a> <span class="muted">${p.mentions}</span></li>`)}
        </ul>
      </figcaption>
    </figure>
    ${list}
  </section>`;
}
