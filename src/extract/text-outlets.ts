// Outlet names as texts print them: agency codes in signatures and datelines, publishers in
// copyright and "Published in" lines. A small table of our own; unknown names pass through cleaned.

/** Lower-cased name or code → the outlet's usual short name. */
const KNOWN_OUTLETS: Record<string, string> = {
  ap: 'AP',
  'associated press': 'AP',
  'the associated press': 'AP',
  afp: 'AFP',
  'agence france-presse': 'AFP',
  'agence france presse': 'AFP',
  reuters: 'Reuters',
  'thomson reuters': 'Reuters',
  upi: 'UPI',
  'united press international': 'UPI',
  pti: 'PTI',
  'press trust of india': 'PTI',
  ians: 'IANS',
  ani: 'ANI',
  app: 'APP',
  'associated press of pakistan': 'APP',
  dpa: 'dpa',
  'deutsche presse-agentur': 'dpa',
  xinhua: 'Xinhua',
  efe: 'EFE',
  ansa: 'ANSA',
  kyodo: 'Kyodo',
  'kyodo news': 'Kyodo',
  yonhap: 'Yonhap',
  tass: 'TASS',
  'ria novosti': 'RIA Novosti',
  bloomberg: 'Bloomberg',
  anadolu: 'Anadolu Agency',
  'anadolu agency': 'Anadolu Agency',
  bernama: 'Bernama',
  irna: 'IRNA',
  wam: 'WAM',
  nna: 'NNA',
  bbc: 'BBC',
  'bbc news': 'BBC',
  cnn: 'CNN',
  'fox news network': 'Fox News',
  'fox news': 'Fox News',
  rfi: 'RFI',
};

/** Names that sign a text but are no outlet ("- Agencies", "- Staff"). */
const NOT_OUTLETS = new Set([
  'agencies',
  'agency',
  'staff',
  'admin',
  'editor',
  'editors',
  'desk',
  'web desk',
  'news desk',
]);

/** Outlets that print dates month-first (03/04/2015 is March 4). */
const MONTH_FIRST_OUTLETS = new Set(
  [
    'AP',
    'UPI',
    'Bloomberg',
    'CNN',
    'Fox News',
    'The New York Times',
    'The Washington Post',
    'Washington Post',
    'The Wall Street Journal',
    'USA Today',
    'NPR',
    'CBS News',
    'NBC News',
    'ABC News',
    'Politico',
  ].map((s) => s.toLowerCase()),
);

/** A code the table knows (`AP`, `Associated Press`, `Reuters`), as its short name; else undefined. */
export function knownOutlet(name: string): string | undefined {
  return KNOWN_OUTLETS[name.trim().toLowerCase()];
}

/**
 * A printed outlet name made presentable: known codes mapped, `Naharnet.com` → `Naharnet`,
 * company suffixes dropped. Undefined for empty or non-outlet names.
 */
export function cleanOutletName(raw: string): string | undefined {
  let name = raw
    .trim()
    .replace(/^[\s"'“”‘’(]+|[\s"'“”‘’).,;:|-]+$/g, '')
    .replace(/\s+/g, ' ');
  const known = knownOutlet(name);
  if (known) return known;
  const domain = /^(?:www\.)?([\p{L}\d-]+)\.(?:com|net|org|info|co|co\.uk|com\.\w\w|\w\w)$/iu.exec(name);
  if (domain?.[1]) name = domain[1];
  name = name.replace(/,?\s+(?:Ltd|Limited|Inc|LLC|plc|Corp(?:oration)?|Company|Co|Group|GmbH|S\.?A)\.?$/i, '').trim();
  if (name.length < 2 || name.length > 60 || !/\p{L}/u.test(name)) return undefined;
  if (NOT_OUTLETS.has(name.toLowerCase())) return undefined;
  return knownOutlet(name) ?? name;
}

/** True for outlets that print numeric dates month-first. */
export function printsMonthFirst(outlet: string | undefined): boolean {
  return outlet !== undefined && MONTH_FIRST_OUTLETS.has(outlet.toLowerCase());
}

/** Codes that may appear in a dateline's parentheses: `PARIS (AP) —`. */
export const DATELINE_AGENCY =
  '(?:AP|AFP|Reuters|UPI|PTI|IANS|ANI|APP|dpa|DPA|Xinhua|EFE|ANSA|Kyodo|Yonhap|TASS|Bloomberg)';
