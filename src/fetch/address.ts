// Which IP addresses a server-side fetch may reach: global unicast only. IPv4 is the whole space minus the
// special-purpose blocks; IPv6 is an allow-list - inside 2000::/3 (the only global unicast space IANA hands out)
// and outside every special-purpose block there - so a new or odd form (IPv4-compatible, -translated, NAT64,
// ...) is refused by default rather than let through for want of a rule.
// Addresses are parsed here rather than matched as strings: one address has many spellings (`::7f00:1`,
// `0:0::127.0.0.1`, `[::1]`, `fe80::1%eth0`), and a string prefix test misses most of them.

/** An address as its 16-bit words: two for IPv4, eight for IPv6. */
type Words = readonly number[];

interface Block {
  net: string;
  prefix: number;
  /** Why a fetch may not go there; shown to the user in the refusal, so a short noun phrase. */
  reason: string;
}

// From the IANA IPv4 Special-Purpose Address Registry, plus multicast (RFC 5771). The few special blocks that
// are marked globally reachable (AS112, AMT anycast) are left out: they are ordinary servers on the Internet.
// One block a line reads better.
const V4_SPECIAL: readonly Block[] = [
  { net: '0.0.0.0', prefix: 8, reason: 'this-network' },
  { net: '10.0.0.0', prefix: 8, reason: 'private' },
  { net: '100.64.0.0', prefix: 10, reason: 'shared (CGNAT)' },
  { net: '127.0.0.0', prefix: 8, reason: 'loopback' },
  { net: '169.254.0.0', prefix: 16, reason: 'link-local' },
  { net: '172.16.0.0', prefix: 12, reason: 'private' },
  { net: '192.0.0.0', prefix: 24, reason: 'IETF protocol assignment' },
  { net: '192.0.2.0', prefix: 24, reason: 'documentation' },
  { net: '192.88.99.0', prefix: 24, reason: '6to4 relay anycast' },
  { net: '192.168.0.0', prefix: 16, reason: 'private' },
  { net: '198.18.0.0', prefix: 15, reason: 'benchmarking' },
  { net: '198.51.100.0', prefix: 24, reason: 'documentation' },
  { net: '203.0.113.0', prefix: 24, reason: 'documentation' },
  { net: '224.0.0.0', prefix: 4, reason: 'multicast' },
  { net: '240.0.0.0', prefix: 4, reason: 'reserved' },
  { net: '255.255.255.255', prefix: 32, reason: 'broadcast' },
];

/** The global unicast space; every other IPv6 address is refused. */
const V6_GLOBAL = { net: '2000::', prefix: 3 };

// From the IANA IPv6 Special-Purpose Address Registry and the IPv6 address space registry. Blocks outside
// 2000::/3 are refused anyway; they are listed to name the reason. The longest matching prefix names it, so
// order does not matter. One block a line reads better.
const V6_SPECIAL: readonly Block[] = [
  { net: '::', prefix: 128, reason: 'unspecified' },
  { net: '::1', prefix: 128, reason: 'loopback' },
  { net: '::', prefix: 96, reason: 'IPv4-compatible' },
  { net: '::ffff:0:0', prefix: 96, reason: 'IPv4-mapped' },
  { net: '::ffff:0:0:0', prefix: 96, reason: 'IPv4-translated' },
  { net: '64:ff9b::', prefix: 96, reason: 'NAT64' },
  { net: '64:ff9b:1::', prefix: 48, reason: 'local-use NAT64' },
  { net: '100::', prefix: 64, reason: 'discard-only' },
  { net: '5f00::', prefix: 16, reason: 'SRv6 SID' },
  // 2001::/23 is IANA's own block of protocol assignments: Teredo, ORCHID, benchmarking, anycast services.
  // Nothing there is a web server, so all of it is refused; the sub-blocks below only name the reason.
  { net: '2001::', prefix: 23, reason: 'IETF protocol assignment' },
  { net: '2001::', prefix: 32, reason: 'Teredo' },
  { net: '2001:2::', prefix: 48, reason: 'benchmarking' },
  { net: '2001:10::', prefix: 28, reason: 'ORCHID' },
  { net: '2001:20::', prefix: 28, reason: 'ORCHIDv2' },
  { net: '2001:db8::', prefix: 32, reason: 'documentation' },
  { net: '2002::', prefix: 16, reason: '6to4' },
  { net: '3fff::', prefix: 20, reason: 'documentation' },
  { net: 'fc00::', prefix: 7, reason: 'unique-local' },
  { net: 'fe80::', prefix: 10, reason: 'link-local' },
  { net: 'fec0::', prefix: 10, reason: 'site-local' },
  { net: 'ff00::', prefix: 8, reason: 'multicast' },
];

/**
 * Longest text worth parsing: a full IPv6 address with embedded IPv4 is 45 characters; brackets and a zone id
 * take it a little past that. Anything longer is refused before it is looked at, so hostile input costs nothing.
 */
const MAX_ADDRESS_TEXT = 100;

/** A dotted-quad IPv4 address as its two 16-bit words; only the canonical form (no leading zeros, no hex). */
export function parseIPv4(text: string): Words | undefined {
  if (text.length > 15) return undefined;
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    // `010` is octal to some parsers and decimal to others; refuse the ambiguity rather than guess.
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return [(bytes[0] << 8) | bytes[1], (bytes[2] << 8) | bytes[3]];
}

export interface ParsedIPv6 {
  words: Words;
  /** The zone id after `%`, as in `fe80::1%eth0`. */
  zone?: string;
}

/**
 * An IPv6 address in any RFC 4291 text form: compressed `::`, embedded dotted IPv4 in the last 32 bits,
 * optional `[brackets]` and `%zone`. Linear in the length of the text (which is capped anyway).
 */
export function parseIPv6(text: string): ParsedIPv6 | undefined {
  if (text.length > MAX_ADDRESS_TEXT) return undefined;
  let rest = text;
  if (rest.startsWith('[') || rest.endsWith(']')) {
    if (!(rest.startsWith('[') && rest.endsWith(']'))) return undefined;
    rest = rest.slice(1, -1);
  }
  let zone: string | undefined;
  const percent = rest.indexOf('%');
  if (percent !== -1) {
    zone = rest.slice(percent + 1);
    rest = rest.slice(0, percent);
    // RFC 6874 allows unreserved characters in a zone id; anything else is not an address.
    if (!/^[0-9A-Za-z._~-]+$/.test(zone)) return undefined;
  }
  const gap = rest.indexOf('::');
  if (gap !== -1 && rest.indexOf('::', gap + 1) !== -1) return undefined; // at most one `::` (and no `:::`)
  const head = gap === -1 ? rest : rest.slice(0, gap);
  const tail = gap === -1 ? '' : rest.slice(gap + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  if (gap === -1 && headGroups.length === 0) return undefined;

  const headWords = groupsToWords(headGroups, gap === -1);
  const tailWords = groupsToWords(tailGroups, true);
  if (!headWords || !tailWords) return undefined;
  const count = headWords.length + tailWords.length;
  // `::` stands for at least one zero group, so a compressed address spells out at most seven.
  if (gap === -1 ? count !== 8 : count > 7) return undefined;
  const words = [...headWords, ...new Array<number>(8 - count).fill(0), ...tailWords];
  return zone === undefined ? { words } : { words, zone };
}

/** The words of `:`-separated groups; the last group may be dotted IPv4 when `last` (it ends the address). */
function groupsToWords(groups: string[], last: boolean): number[] | undefined {
  const words: number[] = [];
  for (const [i, group] of groups.entries()) {
    if (last && i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIPv4(group);
      if (!v4) return undefined;
      words.push(...v4);
    } else {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
      words.push(Number.parseInt(group, 16));
    }
  }
  return words;
}

/** Whether the first `prefix` bits of `words` equal those of `net` (both the same length). */
function inPrefix(words: Words, net: Words, prefix: number): boolean {
  for (let i = 0, left = prefix; i < words.length && left > 0; i++, left -= 16) {
    const mask = (0xffff << (16 - Math.min(16, left))) & 0xffff;
    if ((words[i] & mask) !== (net[i] & mask)) return false;
  }
  return true;
}

interface ParsedBlock {
  net: Words;
  prefix: number;
  reason: string;
}

function compile(blocks: readonly Block[], parse: (text: string) => Words | undefined): ParsedBlock[] {
  return blocks.map(({ net, prefix, reason }) => {
    const words = parse(net);
    if (!words) throw new Error(`address.ts: bad block ${net}/${prefix}`); // a typo in the tables above
    return { net: words, prefix, reason };
  });
}

const v4Blocks = compile(V4_SPECIAL, parseIPv4);
const v6Blocks = compile(V6_SPECIAL, (text) => parseIPv6(text)?.words);
const v6Global = compile([{ ...V6_GLOBAL, reason: '' }], (text) => parseIPv6(text)?.words)[0];

/** The reason of the most specific block holding the address, if any. */
function specialReason(words: Words, blocks: readonly ParsedBlock[]): string | undefined {
  let best: ParsedBlock | undefined;
  for (const block of blocks) {
    if ((!best || block.prefix > best.prefix) && inPrefix(words, block.net, block.prefix)) best = block;
  }
  return best?.reason;
}

/**
 * Why a fetch may not reach the address (`loopback`, `private`, `IPv4-mapped`, ...), or undefined when it is
 * global unicast. Takes dotted-quad IPv4 or IPv6 in any form (brackets and zone id allowed); anything else,
 * including non-canonical IPv4 like `127.1` or `0x7f.0.0.1`, is refused as not an IP address.
 */
export function nonPublicReason(address: string): string | undefined {
  const v4 = parseIPv4(address);
  if (v4) return specialReason(v4, v4Blocks);
  const v6 = parseIPv6(address);
  if (!v6) return 'not an IP address';
  const reason = specialReason(v6.words, v6Blocks);
  if (reason) return reason;
  if (!inPrefix(v6.words, v6Global.net, v6Global.prefix)) return 'outside global unicast 2000::/3';
  // A zone id only means something for a link- or site-scoped address; on any other it is a trick or a mistake.
  if (v6.zone !== undefined) return 'zone-scoped';
  return undefined;
}

/** Whether the address is one a server-side fetch may connect to. */
export function isGlobalUnicast(address: string): boolean {
  return nonPublicReason(address) === undefined;
}
