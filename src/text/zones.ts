// Time zones as pages and feeds write them after a clock time, read as UTC offsets: one reading for every room
// that parses dates (extraction's date parser, the feed reader).

/**
 * Time-zone abbreviations pages print after a clock time, as UTC offsets. Only the common unambiguous ones: "IST"
 * (India, Ireland, Israel) and "CST" (US, China) are read as the zone most news pages mean by them.
 */
const ZONES: Record<string, string> = {
  UTC: 'Z',
  GMT: 'Z',
  UT: 'Z',
  Z: 'Z',
  WET: '+00:00',
  WEST: '+01:00',
  BST: '+01:00',
  CET: '+01:00',
  MEZ: '+01:00',
  CEST: '+02:00',
  MESZ: '+02:00',
  EET: '+02:00',
  EEST: '+03:00',
  MSK: '+03:00',
  IST: '+05:30',
  PKT: '+05:00',
  SGT: '+08:00',
  HKT: '+08:00',
  JST: '+09:00',
  KST: '+09:00',
  AEST: '+10:00',
  AEDT: '+11:00',
  NZST: '+12:00',
  NZDT: '+13:00',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  AKST: '-09:00',
  AKDT: '-08:00',
  HST: '-10:00',
};

/** `Z`, `+03:00` from the ways pages write a zone: `Z`, `+0300`, `+03:00`, `+03`, `UTC`, `CDT`, `GMT+2`. */
export function zoneOffset(zone: string | undefined): string | undefined {
  if (!zone) return undefined;
  const z = zone.trim().toUpperCase();
  const named = ZONES[z];
  if (named) return named;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (!m || Number(m[2]) > 14) return undefined;
  const offset = `${m[1]}${String(Number(m[2])).padStart(2, '0')}:${m[3] ?? '00'}`;
  return offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
}
