// Static assets: the stylesheet (read from the source tree), the client scripts (compiled by tsc into dist;
// transpiled on the fly when running from source under tsx) and the world outline for the map.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

const here = dirname(fileURLToPath(import.meta.url));

/** src/server/ui/static, whether this file runs from src/server or from dist/src/server. */
function findStaticDir(): string {
  const candidates = [join(here, 'ui', 'static'), join(here, '..', '..', '..', 'src', 'server', 'ui', 'static')];
  return candidates.find((d) => existsSync(d)) ?? (candidates[0] as string);
}

const staticDir = findStaticDir();

/** The names that may be requested: nothing else is ever read, so no path comes from the request. */
export const CLIENT_SCRIPTS = ['timeline', 'ingest', 'visits'] as const;
export const STYLESHEETS = ['style'] as const;

export interface Asset {
  body: string;
  type: string;
}

const cache = new Map<string, Asset>();

export function stylesheet(name: string): Asset | undefined {
  if (!(STYLESHEETS as readonly string[]).includes(name)) return undefined;
  const key = `css:${name}`;
  let asset = cache.get(key);
  if (!asset) {
    asset = { body: readFileSync(join(staticDir, `${name}.css`), 'utf8'), type: 'text/css; charset=utf-8' };
    cache.set(key, asset);
  }
  return asset;
}

export async function clientScript(name: string): Promise<Asset | undefined> {
  if (!(CLIENT_SCRIPTS as readonly string[]).includes(name)) return undefined;
  const key = `js:${name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const compiled = join(here, 'ui', `${name}.js`);
  let body: string;
  if (existsSync(compiled)) {
    body = readFileSync(compiled, 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '\n');
  } else {
    // Running from source (tsx): compile the client module the way tsc would. TypeScript is a dev dependency,
    // present whenever the sources are.
    const ts = (await import('typescript')).default;
    const source = readFileSync(join(here, 'ui', `${name}.ts`), 'utf8');
    body = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
    }).outputText;
  }
  const asset = { body, type: 'text/javascript; charset=utf-8' };
  cache.set(key, asset);
  return asset;
}

/** Equirectangular: x = lon + 180, y = 90 − lat, in a 360 × 180 box. */
export function project(lon: number, lat: number): [number, number] {
  return [lon + 180, 90 - lat];
}

function ringPath(ring: number[][]): string {
  let d = '';
  let last = '';
  for (const [i, point] of ring.entries()) {
    const [x, y] = project(point[0] as number, point[1] as number);
    const p = `${x.toFixed(1)} ${y.toFixed(1)}`;
    if (p === last) continue;
    d += `${i === 0 ? 'M' : 'L'}${p}`;
    last = p;
  }
  return `${d}Z`;
}

/** The land outline of the world as an SVG document (world-atlas land-110m, Natural Earth). */
export function worldSvg(): Asset {
  const cached = cache.get('world');
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/land-110m.json'), 'utf8')) as Topology;
  const land = feature(topology, topology.objects.land as GeometryCollection);
  let d = '';
  for (const f of land.features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const polygon of polygons) for (const ring of polygon) d += ringPath(ring);
  }
  const body = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" preserveAspectRatio="none"><path d="${d}" fill="#ece6d6" stroke="#b3a98f" stroke-width="0.15"/></svg>`;
  const asset = { body, type: 'image/svg+xml' };
  cache.set('world', asset);
  return asset;
}
