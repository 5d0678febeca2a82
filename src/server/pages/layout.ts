// The page frame every HTML page shares: landmarks, skip links, navigation with a search box.
import { SHORT_MONTHS } from '../../text/days.js';
import { html, type SafeHtml } from '../html.js';

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Client modules to load (names under /ui/). */
  scripts?: string[];
  /** The search box's current value. */
  query?: string;
  /** An Atom feed of this page's changes, announced for feed readers. */
  feed?: { href: string; title: string };
  /** The page has a side column (`#side`): a second skip link leads straight to it, past the long main column. */
  side?: boolean;
}

export function page(opts: PageOptions): string {
  const scripts = (opts.scripts ?? []).map((s) => html`<script type="module" src="/ui/${s}.js"></script>`);
  return `<!doctype html>\n${html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${opts.title} · Storyline</title>
      <link rel="stylesheet" href="/ui/style.css" />
      ${opts.feed ? html`<link rel="alternate" type="application/atom+xml" href="${opts.feed.href}" title="${opts.feed.title}" />` : ''}
      ${scripts}
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      ${opts.side ? html`<a class="skip" href="#side">Skip to side column</a>` : ''}
      <header class="site">
        <nav aria-label="Main">
          <a class="brand" href="/">Storyline</a>
          <ul>
            <li><a href="/">Stories</a></li>
            <li><a href="/ingest">Add articles</a></li>
          </ul>
          <form class="search" role="search" action="/search" method="get">
            <label for="site-q" class="visually-hidden">Search articles and people</label>
            <input
              id="site-q"
              name="q"
              type="search"
              placeholder="Search articles, people, places"
              value="${opts.query ?? ''}"
            />
            <button type="submit">Search</button>
          </form>
        </nav>
      </header>
      <main id="main" tabindex="-1">${opts.body}</main>
      <footer class="site">
        <p>Storyline — self-hosted news stories. <a href="/api/openapi.json">API</a></p>
      </footer>
    </body>
  </html>`}\n`;
}

export function errorPage(status: number, message: string): string {
  return page({
    title: status === 404 ? 'Not found' : 'Error',
    body: html`<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1>
      <p>${message}</p>
      <p><a href="/">Back to the stories</a></p>`,
  });
}

/** `2015-09-27` → `27 Sep 2015`; `2015-09` → `Sep 2015`; other values as they are. */
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const m = value.match(/^(\d{4})-(\d{2})(?:-(\d{2}))?/);
  if (!m) return value;
  const month = SHORT_MONTHS[Number(m[2]) - 1];
  if (!month) return value;
  return m[3] ? `${Number(m[3])} ${month} ${m[1]}` : `${month} ${m[1]}`;
}
