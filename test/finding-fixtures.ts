// Fictional articles for the finding tests (search paging, story search, filters) and the OpenAPI check: two
// invented stories — a ferry strike at the invented port of Lumen Bay, told in English by two outlets and in
// French by a third, and a wine harvest in the invented Orvale valley — with enough articles for several pages.
// Every place, person and outlet is made up.

/**
 * The search deadline of the test servers: the first search starts a worker thread (compiled on the fly under tsx),
 * which on a busy machine can take longer than the production deadline of 2 s. A bound, never a timing assertion.
 */
export const SEARCH_DEADLINE_MS = 30_000;

export interface FixtureRecord {
  title: string;
  text: string;
  published: string;
  outlet: string;
  url: string;
}

const CREW = ['deckhands', 'engineers', 'ticket staff', 'pilots', 'cooks', 'mechanics'];
const PIERS = ['North Pier', 'Saltmarket Quay', 'Gull Point', 'the Old Basin', 'Tern Wharf', 'Cable Steps'];

/** `count` English articles on the ferry strike, one a day from 2 March 2026, alternating two outlets. */
function ferryArticles(count: number): FixtureRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String(2 + (i % 26)).padStart(2, '0');
    const outlet = i % 2 === 0 ? 'Coastline Herald' : 'Bayside Ledger';
    const crew = CREW[i % CREW.length] as string;
    const pier = PIERS[(i * 5) % PIERS.length] as string;
    return {
      title: `Lumen Bay ferry strike: ${crew} walk out at ${pier} (report ${i + 1})`,
      text: [
        `The ferry strike in Lumen Bay entered a new phase on ${day} March as ${crew} at ${pier} stopped work for the ${i + 1}th shift in a row.`,
        `Union organiser Marta Quillon said the ferry crews wanted a written guarantee on rest hours before any boat left ${pier}.`,
        `Harbour master Tobias Wrenfield told reporters that ${12 + i} crossings had been cancelled and that commuters were queueing for the coastal bus.`,
        `Talks between the ferry company and the union are due to resume, a spokesperson for the Lumen Bay Ferry Line said, adding that ${100 + 7 * i} passengers had asked for refunds.`,
      ].join('\n\n'),
      published: `2026-03-${day}`,
      outlet,
      url: `https://news.example/${outlet.toLowerCase().replace(/\s+/g, '-')}/ferry-${i + 1}`,
    };
  });
}

/** French articles on the same strike (a third outlet, a third language filter value). */
function frenchArticles(): FixtureRecord[] {
  return [1, 2].map((n) => ({
    title: `Grève des ferries à Lumen Bay : les équipages restent à quai (${n})`,
    text: [
      `La grève des ferries de Lumen Bay se poursuit : les équipages refusent toujours de quitter le port, a déclaré la syndicaliste Marta Quillon.`,
      `Selon la capitainerie, plusieurs dizaines de traversées ont été annulées et les voyageurs se rabattent sur les autocars de la côte.`,
      `La compagnie des ferries affirme que les négociations reprendront dans la semaine, mais aucun accord n'est encore en vue pour les ${n + 3} prochains jours.`,
    ].join('\n\n'),
    published: `2026-03-${String(10 + n).padStart(2, '0')}`,
    outlet: 'Le Courrier de Valmont',
    url: `https://news.example/courrier/greve-${n}`,
  }));
}

/** An unrelated story, months later, with a time of day on one article. */
function harvestArticles(): FixtureRecord[] {
  return [
    {
      title: 'Orvale valley wine harvest starts early after a dry summer',
      text: [
        'Growers in the Orvale valley began picking grapes on Monday, two weeks earlier than usual, after the driest summer in the valley for a decade.',
        'Cooperative chair Ilse Brannock said the grapes were small but sweet and that the harvest would be short.',
        'Pickers from across the region have arrived in Orvale, where the cooperative expects to press its first barrels by Friday.',
      ].join('\n\n'),
      published: '2026-09-07T08:30:00+02:00',
      outlet: 'Valley Gazette',
      url: 'https://news.example/valley-gazette/harvest-1',
    },
    {
      title: 'Orvale harvest: cooperative presses first barrels',
      text: [
        'The Orvale valley cooperative pressed its first barrels of the year on Friday, cooperative chair Ilse Brannock said.',
        'Growers expect a smaller harvest than last year because the dry summer left the grapes small, she added.',
        'The valley festival that marks the end of the harvest will go ahead in October, the cooperative said.',
      ].join('\n\n'),
      published: '2026-09-11',
      outlet: 'Valley Gazette',
      url: 'https://news.example/valley-gazette/harvest-2',
    },
  ];
}

/** Every fixture article; `ferryCount` English ferry articles (more than a page of web search hits by default). */
export function findingRecords(ferryCount = 34): FixtureRecord[] {
  return [...ferryArticles(ferryCount), ...frenchArticles(), ...harvestArticles()];
}

/** POST the records to a running server's /api/ingest (one request, as a JSON array). */
export async function ingestRecords(baseUrl: string, records: FixtureRecord[]): Promise<unknown> {
  const res = await fetch(`${baseUrl}/api/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
  return res.json();
}
