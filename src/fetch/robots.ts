// robots.txt (RFC 9309): which paths of a host a crawler may fetch. The parser and the matcher are pure; the cache
// asks for each origin's file once per period through whatever fetch it is given (the watcher's, gated per host).
import { FetchRefused, type Fetched } from './safe-fetch.js';
import { WATCH_SETTINGS } from './settings.js';

interface Rule {
  allow: boolean;
  /** The path pattern as written: `*` any run of characters, a final `$` the end of the path. */
  pattern: string;
}

/** The rules that apply to one crawler, and the delay the host asks for, if any. */
export interface RobotsPolicy {
  rules: readonly Rule[];
  /** From a `Crawl-delay` line of the group that applies (not in RFC 9309, but widely written). */
  crawlDelayMs?: number;
}

/** Everything allowed: no robots.txt (4xx), or none of its groups names us or `*`. */
export const ALLOW_ALL: RobotsPolicy = { rules: [] };
/** Nothing allowed: the robots.txt could not be had (5xx, network error), RFC 9309 §2.3.1.4. */
export const DISALLOW_ALL: RobotsPolicy = { rules: [{ allow: false, pattern: '/' }] };

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayMs?: number;
}

/**
 * The policy for the crawler whose product token is `agent`: the groups naming it (merged, as RFC 9309 §2.2.1
 * says), else those of `*`, else allow all. A group is one or more `User-agent` lines and the rules after them.
 */
export function parseRobots(text: string, agent: string = WATCH_SETTINGS.robotsAgent): RobotsPolicy {
  const groups: Group[] = [];
  let current: Group | undefined;
  let inAgents = false;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!inAgents || !current) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      inAgents = true;
      continue;
    }
    inAgents = false;
    if (!current) continue; // rules before any User-agent belong to no group
    if (key === 'allow' || key === 'disallow') {
      // An empty Disallow allows everything: it is no rule at all.
      if (value !== '') current.rules.push({ allow: key === 'allow', pattern: value });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelayMs = seconds * 1000;
    }
  }
  const token = agent.toLowerCase();
  let chosen = groups.filter((g) => g.agents.includes(token));
  if (chosen.length === 0) chosen = groups.filter((g) => g.agents.includes('*'));
  if (chosen.length === 0) return ALLOW_ALL;
  const delays = chosen.flatMap((g) => (g.crawlDelayMs === undefined ? [] : [g.crawlDelayMs]));
  return {
    rules: chosen.flatMap((g) => g.rules),
    ...(delays.length > 0 ? { crawlDelayMs: Math.max(...delays) } : {}),
  };
}

/**
 * Whether `pattern` matches the start of `path` (`$` at its end: the whole path). Wildcards are matched by the
 * classic two-pointer scan, which backtracks only to the last `*`: linear-time per star, never a regex a hostile
 * robots.txt could make explode.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const p = anchored ? pattern.slice(0, -1) : pattern;
  let i = 0; // in path
  let j = 0; // in pattern
  let star = -1;
  let resume = 0;
  while (i < path.length) {
    if (j < p.length && p[j] !== '*' && p[j] === path[i]) {
      i++;
      j++;
    } else if (j < p.length && p[j] === '*') {
      star = j++;
      resume = i;
    } else if (j === p.length && !anchored) {
      return true; // the pattern is a prefix of the path
    } else if (star >= 0) {
      j = star + 1;
      i = ++resume;
    } else {
      return false;
    }
  }
  while (j < p.length && p[j] === '*') j++;
  return j === p.length;
}

/**
 * Whether the policy lets the crawler fetch `pathAndQuery` (`/a/b?c=d`): the longest matching rule decides, an
 * Allow winning a tie (RFC 9309 §2.2.2); no matching rule allows. `/robots.txt` itself is always allowed.
 */
export function robotsAllows(policy: RobotsPolicy, pathAndQuery: string): boolean {
  if (pathAndQuery === '/robots.txt') return true;
  const path = normalisePath(pathAndQuery);
  let best: Rule | undefined;
  for (const rule of policy.rules) {
    const pattern = normalisePath(rule.pattern);
    if (!patternMatches(pattern, path)) continue;
    if (
      !best ||
      pattern.length > normalisePath(best.pattern).length ||
      (pattern.length === normalisePath(best.pattern).length && rule.allow)
    )
      best = rule;
  }
  return best?.allow ?? true;
}

/** Percent-escapes in one case and unreserved characters unescaped, so `/a%7eb`, `/a%7Eb` and `/a~b` compare alike. */
function normalisePath(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (whole, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** Fetches one robots.txt: a 2xx body, or a FetchRefused whose `remote` says the status when the server answered. */
export type RobotsFetch = (url: string) => Promise<Fetched>;

/** What the cache asks for the time, so tests need not wait a day to see a robots.txt asked for again. */
export type Clock = () => number;

interface Cached {
  policy: Promise<RobotsPolicy>;
  expires: number;
}

/** Each origin's robots.txt, fetched at most once per `ttlMs` (once per `errorTtlMs` when it could not be had). */
export class RobotsCache {
  private readonly byOrigin = new Map<string, Cached>();

  constructor(
    private readonly fetch: RobotsFetch,
    private readonly opts: { ttlMs?: number; errorTtlMs?: number; agent?: string; now?: Clock } = {},
  ) {}

  /** The policy for the URL's origin (scheme, host and port: RFC 9309 §2.3 scopes a robots.txt to them). */
  policyFor(url: URL): Promise<RobotsPolicy> {
    const now = (this.opts.now ?? Date.now)();
    const cached = this.byOrigin.get(url.origin);
    if (cached && cached.expires > now) return cached.policy;
    const entry: Cached = {
      policy: Promise.resolve(ALLOW_ALL),
      expires: now + (this.opts.ttlMs ?? WATCH_SETTINGS.robotsTtlMs),
    };
    entry.policy = this.load(url.origin, entry, now);
    this.byOrigin.set(url.origin, entry);
    return entry.policy;
  }

  async allows(url: URL): Promise<boolean> {
    return robotsAllows(await this.policyFor(url), `${url.pathname}${url.search}`);
  }

  private async load(origin: string, entry: Cached, now: number): Promise<RobotsPolicy> {
    try {
      const fetched = await this.fetch(`${origin}/robots.txt`);
      return parseRobots(fetched.bytes.toString('utf8'), this.opts.agent);
    } catch (err) {
      const status = err instanceof FetchRefused ? err.remote?.status : undefined;
      // 4xx: the site has no rules for crawlers (RFC 9309 §2.3.1.3); anything else: it could not say, so nothing.
      if (status !== undefined && status >= 400 && status < 500) return ALLOW_ALL;
      entry.expires = now + (this.opts.errorTtlMs ?? WATCH_SETTINGS.robotsErrorTtlMs);
      return DISALLOW_ALL;
    }
  }
}
