// Sitemaps (sitemaps.org `<urlset>`, with Google News `<news:news>` fields) and sitemap indexes → the URLs they list.
import { DOMParser } from 'linkedom';
import type { SidecarMeta } from '../model.js';
import { IngestError } from './errors.js';
import { checkWellFormed, feedDate } from './feed.js';
import { withoutDoctype } from './sniff.js';

export interface SitemapEntry {
  url: string;
  /** From a Google News sitemap's `<news:news>`: title, publication date, outlet, language. */
  meta: SidecarMeta;
}

export interface ParsedSitemap {
  /** `urlset`: pages; `sitemapindex`: further sitemaps. */
  kind: 'urlset' | 'sitemapindex';
  /** In document order, http(s) URLs only. */
  entries: SitemapEntry[];
}

// linkedom's element type is not exported in a form worth importing; only these members are used.
interface XmlElement {
  tagName: string;
  textContent: string | null;
  children: ArrayLike<XmlElement>;
}

function children(parent: XmlElement, name: string): XmlElement[] {
  return Array.from(parent.children).filter((el) => el.tagName.toLowerCase() === name);
}

function text(parent: XmlElement | undefined, name: string): string | undefined {
  const value = parent ? children(parent, name)[0]?.textContent?.replace(/\s+/g, ' ').trim() : undefined;
  return value ? value : undefined;
}

/** Throws an IngestError when the XML is not well formed or is not a sitemap. */
export function parseSitemap(source: string): ParsedSitemap {
  const xml = withoutDoctype(source);
  checkWellFormed(xml);
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as XmlElement | null;
  const kind = root?.tagName.toLowerCase();
  if (!root || (kind !== 'urlset' && kind !== 'sitemapindex')) {
    throw new IngestError(`not a sitemap (<${root?.tagName ?? '?'}>)`);
  }
  const entries: SitemapEntry[] = [];
  for (const el of children(root, kind === 'urlset' ? 'url' : 'sitemap')) {
    const url = text(el, 'loc');
    if (!url || !/^https?:\/\/\S+$/i.test(url)) continue;
    const meta: SidecarMeta = {};
    // `<lastmod>` is when the page last changed, not when it was published: only Google News says that.
    const news = children(el, 'news:news')[0];
    const publication = news ? children(news, 'news:publication')[0] : undefined;
    const title = text(news, 'news:title');
    const published = feedDate(text(news, 'news:publication_date'));
    const outlet = text(publication, 'news:name');
    const language = text(publication, 'news:language');
    if (title) meta.title = title;
    if (published) meta.published = published;
    if (outlet) meta.outlet = outlet;
    if (language) meta.language = language;
    entries.push({ url, meta });
  }
  return { kind, entries };
}
