// A fictional story told by two fictional outlets' feeds, for the watch tests: the Harlow reservoir dam at Lowmere,
// found cracked, the town evacuated, repairs, the residents' return. Every name, place and date is made up.

export interface FixtureArticle {
  /** Path of its page on the test server. */
  path: string;
  title: string;
  /** The feed's date for it (RFC 822 for RSS, RFC 3339 for Atom, as the feeds write them). */
  published: string;
  paragraphs: string[];
}

const shared = (day: string): string =>
  `The Harlow reservoir dam above Lowmere holds back some four million cubic metres of water. Mayor Tomas Ferrin ` +
  `said on ${day} that the Harlow Water Board would publish every inspection report, and Ada Brennick, who chairs ` +
  `the Lowmere residents' association, said families wanted straight answers about the dam.`;

export const ARTICLES: Record<string, FixtureArticle> = {
  cracks: {
    path: '/news/dam-cracks-found',
    title: 'Cracks found in Harlow dam above Lowmere',
    published: 'Mon, 03 Mar 2025 09:00:00 +0000',
    paragraphs: [
      'Engineers from the Harlow Water Board found cracks in the Harlow reservoir dam above Lowmere on Monday, 3 March 2025, during a routine inspection of the spillway.',
      shared('Monday'),
      '"We are not taking any chances with the dam," Mayor Tomas Ferrin told reporters outside the Lowmere town hall. The water board lowered the reservoir by opening two sluice gates.',
    ],
  },
  evacuation: {
    path: '/news/lowmere-evacuated',
    title: 'Lowmere evacuated as Harlow dam cracks widen',
    published: '2025-03-04T18:00:00Z',
    paragraphs: [
      'About 2,000 residents of Lowmere were evacuated on Tuesday, 4 March 2025, after the cracks in the Harlow reservoir dam widened overnight, the Harlow Water Board said.',
      shared('Tuesday'),
      '"People left with what they could carry," Ada Brennick said at the sports hall in Wrenford, where the evacuated families of Lowmere spent the night near the dam road.',
    ],
  },
  pumps: {
    path: '/news/pumps-arrive',
    title: 'Pumps arrive to drain Harlow reservoir',
    published: 'Wed, 05 Mar 2025 10:00:00 +0000',
    paragraphs: [
      'Twelve high-volume pumps arrived at the Harlow reservoir on Wednesday, 5 March 2025, to drain water from behind the cracked dam above Lowmere, the Harlow Water Board said.',
      shared('Wednesday'),
      '"Every metre we take off the reservoir eases the load on the dam," Mayor Tomas Ferrin said as the first pumps started near the Lowmere spillway.',
    ],
  },
  hidden: {
    path: '/private/board-minutes',
    title: 'Water board minutes warned of Harlow dam cracks',
    published: '2025-03-06T08:00:00Z',
    paragraphs: [
      'Minutes of the Harlow Water Board seen on Thursday, 6 March 2025, show that engineers warned of cracks in the Harlow reservoir dam above Lowmere a year before the evacuation.',
      shared('Thursday'),
      '"The board was told and did nothing about the dam," Ada Brennick said of the minutes, which the Lowmere residents\' association has asked Mayor Tomas Ferrin to publish in full.',
    ],
  },
  repairs: {
    path: '/news/dam-repairs-begin',
    title: 'Repairs begin on Harlow dam',
    published: 'Mon, 10 Mar 2025 09:30:00 +0000',
    paragraphs: [
      'Repairs began on the cracked Harlow reservoir dam above Lowmere on Monday, 10 March 2025, after the pumps lowered the water by nine metres, the Harlow Water Board said.',
      shared('Monday'),
      '"The dam is safe to work on now," Mayor Tomas Ferrin said, adding that grout would be pumped into the cracks for a fortnight while Lowmere stayed empty.',
    ],
  },
  return: {
    path: '/news/residents-return',
    title: 'Lowmere residents return home as Harlow dam holds',
    published: '2025-03-12T16:00:00Z',
    paragraphs: [
      'The first residents of Lowmere returned home on Wednesday, 12 March 2025, eight days after the evacuation, as the Harlow Water Board said the repaired dam was holding.',
      shared('Wednesday'),
      '"It is good to sleep in my own bed again," Ada Brennick said, thanking Mayor Tomas Ferrin and the crews who worked on the dam above Lowmere.',
    ],
  },
};

export function pageHtml(a: FixtureArticle): string {
  return (
    `<!doctype html><html><head><title>${a.title}</title></head><body><nav>Home | News | Weather</nav>` +
    `<article><h1>${a.title}</h1>${a.paragraphs.map((p) => `<p>${p}</p>`).join('')}</article>` +
    `<footer>Copyright the fictional press</footer></body></html>`
  );
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The Lowmere Gazette's RSS 2.0 feed: teasers only, newest first. */
export function gazetteRss(base: string, items: FixtureArticle[]): string {
  const entries = items
    .map(
      (a) =>
        `<item><title>${xml(a.title)}</title><link>${base}${a.path}?utm_source=rss</link>` +
        `<pubDate>${a.published}</pubDate><description>${xml(a.paragraphs[0]?.slice(0, 80) ?? '')}…</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Lowmere Gazette</title><link>${base}/</link>\n${entries}\n</channel></rss>`;
}

/** The Wrenford Herald's Atom feed: each entry carries its whole text (which stands in when its page cannot be had). */
export function heraldAtom(base: string, items: FixtureArticle[], updated: string): string {
  const entries = items
    .map(
      (a) =>
        `<entry><title>${xml(a.title)}</title><id>${base}${a.path}</id><link rel="alternate" href="${base}${a.path}"/>` +
        `<published>${a.published}</published><updated>${a.published}</updated>` +
        `<content type="html">${xml(a.paragraphs.map((p) => `<p>${p}</p>`).join(''))}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wrenford Herald</title><id>${base}/herald</id><updated>${updated}</updated>\n${entries}\n</feed>`;
}
