// The watcher's fetch: every request asks the host's robots.txt first, waits its turn at the host's gate (one at a
// time, a gap between), and is retried with backoff when the failure may pass. The request itself is the vetted
// fetch of safe-fetch.ts, handed in, so the address rules hold for every URL a feed names.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type GateClock, HostGate, realClock } from './host-gate.js';
import { RETRY_SETTINGS, type RetrySettings, withRetries } from './retry.js';
import { RobotsCache } from './robots.js';
import { type Fetched, FetchRefused, parseFetchUrl, type Validators } from './safe-fetch.js';
import { WATCH_SETTINGS } from './settings.js';

/** One GET through the vetted fetcher (address rules, deadline, size cap), with what this request needs. */
export type BaseFetch = (
  url: string,
  opts: {
    accept?: string;
    conditional?: Validators;
    maxBytes?: number;
    /** Asked before a redirect is followed: rejects when robots.txt forbids where it leads. */
    beforeRedirect?: (url: string) => Promise<void>;
  },
) => Promise<Fetched>;

export interface PoliteFetchOptions {
  fetch: BaseFetch;
  /** Least pause between two requests to one host (WATCH_SETTINGS.hostGapMs by default). */
  hostGapMs?: number;
  clock?: GateClock;
  retry?: RetrySettings;
  robotsTtlMs?: number;
  robotsErrorTtlMs?: number;
  /** Told when robots.txt forbids a URL (it is then not fetched). */
  onDisallowed?: (url: string) => void;
  /** Told before each retry. */
  onRetry?: (url: string, attempt: number, err: unknown, waitMs: number) => void;
  /** True once the watcher is stopping: no further retries. */
  stopped?: () => boolean;
}

/** The host's robots.txt forbids the URL; a 403 as the server would answer it, with nothing fetched. */
export class RobotsDisallowed extends FetchRefused {
  constructor(url: string) {
    super(`robots.txt disallows ${url}: not fetched`, 403);
  }
}

export class PoliteFetcher {
  readonly gate: HostGate;
  readonly robots: RobotsCache;
  private readonly clock: GateClock;
  /** The hosts the request running in this async context holds at the gate (a redirect asks robots.txt inside it). */
  private readonly holding = new AsyncLocalStorage<ReadonlySet<string>>();

  constructor(private readonly opts: PoliteFetchOptions) {
    this.clock = opts.clock ?? realClock;
    this.gate = new HostGate(opts.hostGapMs ?? WATCH_SETTINGS.hostGapMs, this.clock);
    this.robots = new RobotsCache(
      (url) =>
        this.gated(parseFetchUrl(url).hostname, () =>
          opts.fetch(url, { accept: 'text/plain', maxBytes: WATCH_SETTINGS.robotsMaxBytes }),
        ),
      { ttlMs: opts.robotsTtlMs, errorTtlMs: opts.robotsErrorTtlMs, now: this.clock.now },
    );
  }

  /** GET `url` politely; `conditional` makes it a conditional GET (a 304 resolves with `notModified`). */
  async fetch(url: string, conditional?: Validators): Promise<Fetched> {
    const parsed = parseFetchUrl(url);
    await this.checkRobots(parsed);
    // A redirect (a feed's tracking link to the publisher's page) is followed only where robots.txt allows it.
    const beforeRedirect = (target: string): Promise<void> => this.checkRobots(parseFetchUrl(target));
    return withRetries(
      () =>
        this.gated(parsed.hostname, () =>
          this.opts.fetch(url, { beforeRedirect, ...(conditional ? { conditional } : {}) }),
        ),
      {
        sleep: this.clock.sleep,
        now: this.clock.now,
        stopped: this.opts.stopped,
        onRetry: (attempt, err, wait) => this.opts.onRetry?.(url, attempt, err, wait),
      },
      this.opts.retry ?? RETRY_SETTINGS,
    );
  }

  /**
   * Runs `task` at the host's gate, unless the request running here already holds it (the robots.txt of the origin
   * a redirect leads to on the same host): waiting for itself would never end.
   */
  private gated<T>(host: string, task: () => Promise<T>): Promise<T> {
    const key = host.toLowerCase();
    const held = this.holding.getStore();
    if (held?.has(key)) return task();
    return this.gate.run(host, () => this.holding.run(new Set([...(held ?? []), key]), task));
  }

  /** Throws RobotsDisallowed unless the URL's robots.txt allows it; takes on the host's Crawl-delay. */
  private async checkRobots(url: URL): Promise<void> {
    const policy = await this.robots.policyFor(url);
    if (policy.crawlDelayMs !== undefined) {
      this.gate.setHostGap(url.hostname, Math.min(policy.crawlDelayMs, WATCH_SETTINGS.maxCrawlDelayMs));
    }
    if (!(await this.robots.allows(url))) {
      this.opts.onDisallowed?.(url.href);
      throw new RobotsDisallowed(url.href);
    }
  }
}
