// The filters of the story list and of search (outlet, date range, language) as a GET form: the filter state lives
// in the address, so links keep it, a reload keeps it and a filtered page can be bookmarked.
import type { StoryFilter } from '../story-index.js';
import { html, type SafeHtml } from '../html.js';

export interface Facets {
  outlets: string[];
  languages: string[];
}

/** `?a=1&b=2` of these parameters, empty values left out (so unfiltered addresses stay short). */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The filter as query parameters. */
export function filterParams(f: StoryFilter): Record<string, string | undefined> {
  return { outlet: f.outlet, from: f.from, to: f.to, language: f.language };
}

/** Made once: building an Intl.DisplayNames loads locale data, which cost more than the rest of a search page. */
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
/** Each code's name, looked up once: every search page lists the archive's languages, and a lookup is not free. */
const namedLanguages = new Map<string, string>();

function languageName(code: string): string {
  let name = namedLanguages.get(code);
  if (name === undefined) {
    try {
      name = languageNames.of(code) ?? code;
    } catch {
      name = code;
    }
    namedLanguages.set(code, name);
  }
  return name;
}

/**
 * The filter form. `keep` are the page's other parameters (the query, the sort), carried as hidden fields so that
 * filtering does not lose them; paging starts again at the first page.
 */
export function filterForm(opts: {
  action: string;
  filter: StoryFilter;
  facets: Facets;
  keep: Record<string, string | undefined>;
  label: string;
}): SafeHtml {
  const { filter, facets } = opts;
  // An outlet or language the URL names but the stories no longer have stays selectable, so the form shows the
  // filter that is actually applied.
  const outlets =
    filter.outlet && !facets.outlets.includes(filter.outlet) ? [filter.outlet, ...facets.outlets] : facets.outlets;
  const languages =
    filter.language && !facets.languages.includes(filter.language)
      ? [filter.language, ...facets.languages]
      : facets.languages;
  const active = Object.values(filterParams(filter)).some(Boolean);
  return html`<form class="filters" action="${opts.action}" method="get" aria-label="${opts.label}">
    ${Object.entries(opts.keep).map(([name, value]) =>
      value ? html`<input type="hidden" name="${name}" value="${value}" />` : '',
    )}
    <label
      >Outlet
      <select name="outlet" id="filter-outlet">
        <option value="">any</option>
        ${outlets.map((o) => html`<option value="${o}" ${o === filter.outlet ? html`selected` : ''}>${o}</option>`)}
      </select></label
    >
    <label>From <input type="date" name="from" id="filter-from" value="${filter.from ?? ''}" /></label>
    <label>To <input type="date" name="to" id="filter-to" value="${filter.to ?? ''}" /></label>
    <label
      >Language
      <select name="language" id="filter-language">
        <option value="">any</option>
        ${languages.map(
          (l) => html`<option value="${l}" ${l === filter.language ? html`selected` : ''}>${languageName(l)}</option>`,
        )}
      </select></label
    >
    <button type="submit">Filter</button>
    ${active ? html`<a href="${opts.action}${queryString(opts.keep)}">Clear filters</a>` : ''}
  </form>`;
}
