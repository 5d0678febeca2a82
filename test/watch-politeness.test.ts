// The watcher's parts one by one: robots.txt rules and their cache, the per-host gate, retries with backoff, the
// schedule, the sources file, conditional GETs. Time is a fake clock throughout: nothing here waits or is timed.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type GateClock, HostGate } from '../src/fetch/host-gate.js';
import { PoliteFetcher, RobotsDisallowed } from '../src/fetch/polite.js';
import { backoffMs, isTransient, RETRY_SETTINGS, retryAfterMs, withRetries } from '../src/fetch/retry.js';
import { parseRobots, patternMatches, RobotsCache, robotsAllows } from '../src/fetch/robots.js';
import { type Fetched, FetchRefused, safeFetch } from '../src/fetch/safe-fetch.js';
import { dueNow, nextDue } from '../src/fetch/schedule.js';
import { parseOpml, parseWatchSources } from '../src/ingest/watch-sources.js';
import { parseSpanMs } from '../src/text/instants.js';

/** A clock whose time moves only when every task is waiting: timers fire in order, each at its own instant. */
class FakeClock implements GateClock {
  t = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.timers.push({ at: this.t + ms, seq: this.seq++, resolve }));
  /** Runs until no timer is left. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift() as (typeof this.timers)[number];
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

const ok = (url: string, body = ''): Fetched => ({ url, contentType: 'text/plain', bytes: Buffer.from(body) });
const answered = (status: number, retryAfter?: string): FetchRefused =>
  new FetchRefused(`answered HTTP ${status}`, 502, { status, ...(retryAfter ? { retryAfter } : {}) });

describe('robots.txt', () => {
  const text = [
    '# rules for crawlers',
    'Disallow: /before-any-group',
    'User-agent: *',
    'Disallow: /private/',
    'Allow: /private/open-letter',
    '',
    'User-agent: OtherBot',
    'User-agent: storyline',
    'Disallow: /drafts/',
    'Allow: /drafts/published$',
    'Disallow: /*.pdf$',
    'Disallow: /search?',
    'Crawl-delay: 5',
    '',
    'User-agent: storyline',
    'Disallow: /also-merged',
    'Disallow:',
  ].join('\n');

  test('the group naming us wins over *, groups naming us merge, rules before any group count for none', () => {
    const policy = parseRobots(text, 'storyline');
    assert.equal(robotsAllows(policy, '/private/anything'), true, 'the * group is not ours when one names us');
    assert.equal(robotsAllows(policy, '/drafts/x'), false);
    assert.equal(robotsAllows(policy, '/also-merged/page'), false);
    assert.equal(robotsAllows(policy, '/before-any-group'), true);
    assert.equal(policy.crawlDelayMs, 5000);
    const others = parseRobots(text, 'somebot');
    assert.equal(robotsAllows(others, '/private/x'), false);
    assert.equal(robotsAllows(others, '/private/open-letter'), true, 'the longer Allow wins');
    assert.equal(others.crawlDelayMs, undefined);
    assert.equal(robotsAllows(parseRobots('User-agent: a\nDisallow: /', 'storyline'), '/x'), true, 'no group: all');
  });

  test('wildcards, the end anchor, queries, ties and percent-escapes', () => {
    const policy = parseRobots(text, 'storyline');
    assert.equal(robotsAllows(policy, '/drafts/published'), true, 'Allow with $ matches the whole path');
    assert.equal(robotsAllows(policy, '/drafts/published/more'), false);
    assert.equal(robotsAllows(policy, '/files/report.pdf'), false);
    assert.equal(robotsAllows(policy, '/files/report.pdf?x=1'), true, '$ anchors at the end of path and query');
    assert.equal(robotsAllows(policy, '/search?q=dam'), false);
    assert.equal(robotsAllows(policy, '/search'), true);
    assert.equal(robotsAllows(policy, '/robots.txt'), true);
    const tie = parseRobots('User-agent: *\nDisallow: /page\nAllow: /page\n');
    assert.equal(robotsAllows(tie, '/page'), true, 'an Allow as long as the Disallow wins');
    const escaped = parseRobots('User-agent: *\nDisallow: /%7Euser/\n');
    assert.equal(robotsAllows(escaped, '/~user/home'), false);
  });

  test('a pattern of many stars against a long path is matched by a scan, not a backtracking regex', () => {
    const pattern = `/${'*a'.repeat(200)}b`;
    assert.equal(patternMatches(pattern, `/${'a'.repeat(5000)}`), false);
    assert.equal(patternMatches('/a*b*c', '/a--b--c--'), true);
    assert.equal(patternMatches('/a*b*c$', '/a--b--c--'), false);
  });

  test('the cache asks once per period; 4xx allows all, 5xx or no answer disallows all for a shorter while', async () => {
    const clock = new FakeClock();
    const asked: string[] = [];
    let answer: () => Fetched = () => ok('', 'User-agent: *\nDisallow: /x\n');
    const cache = new RobotsCache(
      async (url) => {
        asked.push(url);
        return answer();
      },
      { ttlMs: 1000, errorTtlMs: 100, now: clock.now },
    );
    const page = new URL('https://news.example/x/1');
    assert.equal(await cache.allows(page), false);
    assert.equal(await cache.allows(new URL('https://news.example/y')), true);
    assert.deepEqual(asked, ['https://news.example/robots.txt']);
    assert.equal(await cache.allows(new URL('http://news.example/x')), false, 'another scheme: its own robots.txt');
    assert.equal(asked.length, 2);
    clock.t = 1001;
    answer = () => {
      throw answered(503);
    };
    assert.equal(await cache.allows(new URL('https://news.example/y')), false, 'unreachable: disallow all');
    clock.t = 1050;
    assert.equal(await cache.allows(new URL('https://news.example/y')), false);
    assert.equal(asked.length, 3, 'still within the error period');
    clock.t = 1102;
    answer = () => {
      throw answered(404);
    };
    assert.equal(await cache.allows(new URL('https://news.example/x')), true, 'no robots.txt: allow all');
    assert.equal(asked.length, 4);
  });
});

describe('the host gate', () => {
  test('one request at a time per host, the gap between them; other hosts do not wait', async () => {
    const clock = new FakeClock();
    const gate = new HostGate(100, clock);
    const log: { name: string; start: number; end: number }[] = [];
    const task = (name: string, host: string, ms: number, fail = false) =>
      gate
        .run(host, async () => {
          const start = clock.now();
          await clock.sleep(ms);
          log.push({ name, start, end: clock.now() });
          if (fail) throw new Error('boom');
        })
        .catch(() => undefined);
    const all = Promise.all([
      task('a1', 'a.example', 30, true),
      task('a2', 'A.example', 50),
      task('a3', 'a.example', 10),
      task('b1', 'b.example', 30),
    ]);
    await clock.settle();
    await all;
    const at = (name: string) => log.find((l) => l.name === name) as { start: number; end: number };
    assert.equal(at('a1').start, 0);
    assert.equal(at('b1').start, 0, 'another host starts at once');
    assert.equal(at('a2').start, at('a1').end + 100, 'a failed request still frees the host, after the gap');
    assert.equal(at('a3').start, at('a2').end + 100);
    gate.setHostGap('b.example', 500);
    const later = task('b2', 'b.example', 1);
    await clock.settle();
    await later;
    assert.equal(at('b2').start, at('b1').end + 500, "the host's own longer delay");
  });
});

describe('retries', () => {
  test('what is retried: no answer, 5xx, 429; not a 404, a refused address or a page too large', () => {
    assert.equal(isTransient(answered(503)), true);
    assert.equal(isTransient(answered(429)), true);
    assert.equal(isTransient(answered(404)), false);
    assert.equal(isTransient(new FetchRefused('timed out', 504)), true);
    assert.equal(isTransient(new FetchRefused('reset', 502)), true);
    assert.equal(isTransient(new FetchRefused('refused address', 403)), false);
    assert.equal(isTransient(new FetchRefused('too large', 413)), false);
    assert.equal(isTransient(new Error('other')), false);
  });

  test('backoff doubles to its cap; Retry-After reads seconds and dates', () => {
    const settings = { ...RETRY_SETTINGS, baseMs: 100, maxMs: 1000 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, settings, () => 0.999999)),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(
      backoffMs(2, settings, () => 0),
      200,
      'jitter keeps at least half',
    );
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('soon', now), undefined);
  });

  test('bounded retries with the waits asked for; a failure that will not pass is thrown at once', async () => {
    const settings = { retries: 2, baseMs: 100, maxMs: 1000, retryAfterMaxMs: 5000 };
    const waits: number[] = [];
    const hooks = { sleep: async (ms: number) => void waits.push(ms), random: () => 0.999999, now: () => 0 };
    let calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw answered(503);
        },
        hooks,
        settings,
      ),
      /HTTP 503/,
    );
    assert.equal(calls, 3, 'the first try and two retries');
    assert.deepEqual(waits, [100, 200]);

    waits.length = 0;
    calls = 0;
    const value = await withRetries(
      async () => {
        if (++calls === 1) throw answered(429, '3');
        return 'done';
      },
      hooks,
      settings,
    );
    assert.equal(value, 'done');
    assert.deepEqual(waits, [3000], 'Retry-After, longer than the backoff, is waited for');

    calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw answered(429, '600');
        },
        hooks,
        settings,
      ),
    );
    assert.equal(calls, 1, 'a Retry-After past the limit is not waited for');
    calls = 0;
    await assert.rejects(
      withRetries(
        async () => {
          calls++;
          throw answered(404);
        },
        hooks,
        settings,
      ),
    );
    assert.equal(calls, 1);
  });

  test('the polite fetcher asks robots.txt first, refuses what it forbids, and retries through the gate', async () => {
    const clock = new FakeClock();
    const asked: string[] = [];
    let failures = 1;
    const disallowed: string[] = [];
    const fetcher = new PoliteFetcher({
      hostGapMs: 50,
      clock,
      retry: { retries: 2, baseMs: 10, maxMs: 10, retryAfterMaxMs: 100 },
      onDisallowed: (url) => disallowed.push(url),
      fetch: async (url) => {
        asked.push(`${clock.now()} ${new URL(url).pathname}`);
        if (url.endsWith('/robots.txt')) return ok(url, 'User-agent: *\nDisallow: /private/\n');
        if (failures-- > 0) throw answered(502);
        return ok(url, 'page');
      },
    });
    const done = (async () => {
      await assert.rejects(fetcher.fetch('https://news.example/private/x'), RobotsDisallowed);
      return (await fetcher.fetch('https://news.example/page')).bytes.toString();
    })();
    await clock.settle();
    assert.equal(await done, 'page');
    assert.deepEqual(disallowed, ['https://news.example/private/x']);
    // robots.txt at 0; the page after the gap (50), failing; its retry after the backoff wait and the gap again.
    assert.deepEqual(asked, ['0 /robots.txt', '50 /page', '100 /page']);
  });
});

describe('redirects', () => {
  test("a redirect is followed only where the target's robots.txt allows, asked inside the same host's turn", async () => {
    const clock = new FakeClock();
    const asked: string[] = [];
    const fetcher = new PoliteFetcher({
      hostGapMs: 50,
      clock,
      fetch: async (url, opts) => {
        asked.push(url);
        if (url.endsWith('/robots.txt'))
          return ok(url, url.startsWith('https:') ? 'User-agent: *\nDisallow: /private/\n' : '');
        // As safe-fetch does: the redirect's target is vetted before it is followed.
        const target = url.replace('http://', 'https://').replace('/go/', '/');
        await opts.beforeRedirect?.(target);
        return ok(target, 'page');
      },
    });
    const done = (async () => {
      await assert.rejects(fetcher.fetch('http://news.example/go/private/x'), RobotsDisallowed);
      return (await fetcher.fetch('http://news.example/go/open')).url;
    })();
    await clock.settle();
    assert.equal(await done, 'https://news.example/open');
    assert.deepEqual(asked, [
      'http://news.example/robots.txt',
      'http://news.example/go/private/x',
      'https://news.example/robots.txt',
      'http://news.example/go/open',
    ]);
  });
});

describe('the schedule and the sources', () => {
  test('a source is due after its interval, later after failures, never later than the cap', () => {
    assert.equal(nextDue(1000, 60_000, 0), 61_000);
    assert.equal(nextDue(0, 60_000, 1), 120_000);
    assert.equal(nextDue(0, 60_000, 3), 480_000);
    assert.equal(nextDue(0, 60_000, 30, 3_600_000), 3_600_000);
    assert.equal(nextDue(0, 7_200_000, 5, 3_600_000), 7_200_000, 'an interval above the cap stays the interval');
    const due = new Map<string, number | undefined>([
      ['later', 500],
      ['never-polled', undefined],
      ['overdue', 10],
      ['due', 100],
    ]);
    assert.deepEqual(dueNow(due, 100), ['never-polled', 'overdue', 'due']);
  });

  test('spans: --every and --host-gap', () => {
    assert.deepEqual(['200ms', '30s', '15m', '2h', '1.5h', '7d', '15', 'm', '-1s'].map(parseSpanMs), [
      200,
      30_000,
      900_000,
      7_200_000,
      5_400_000,
      604_800_000,
      undefined,
      undefined,
      undefined,
    ]);
  });

  test('a sources file: one URL a line with comments, or OPML; a line that is no URL is an error', () => {
    assert.deepEqual(
      parseWatchSources(
        '# feeds\nhttps://a.example/feed.xml\n\n  https://b.example/atom  # the Herald\nhttps://a.example/feed.xml\n',
      ),
      ['https://a.example/feed.xml', 'https://b.example/atom'],
    );
    assert.throws(() => parseWatchSources('https://a.example/\nfeeds.example/rss\n'), /line 2 is not an http\(s\) URL/);
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head><body>
      <outline text="News"><outline type="rss" text="Gazette" xmlUrl="https://gazette.example/rss.xml"/>
      <outline type="rss" text="Herald" xmlUrl="https://herald.example/atom.xml" htmlUrl="https://herald.example/"/></outline>
      <outline text="no feed"/><outline type="rss" xmlUrl="javascript:alert(1)"/></body></opml>`;
    assert.deepEqual(parseWatchSources(opml), ['https://gazette.example/rss.xml', 'https://herald.example/atom.xml']);
    assert.throws(() => parseOpml('<rss><channel/></rss>'), /not an OPML file/);
  });
});

describe('conditional GET', () => {
  let server: Server;
  let base: string;
  const seen: Record<string, string | undefined>[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push({ inm: req.headers['if-none-match'], ims: req.headers['if-modified-since'] });
      if (req.url === '/busy') return void res.writeHead(503, { 'retry-after': '7' }).end('busy');
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res.writeHead(200, {
        'content-type': 'text/plain',
        etag: '"v1"',
        'last-modified': 'Mon, 01 Dec 2026 10:00:00 GMT',
      });
      res.end('fresh');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('validators come back with the page; sent back, a 304 is "not modified"; a 5xx keeps its status and Retry-After', async () => {
    const first = await safeFetch(`${base}/feed`, { allowLoopback: true });
    assert.equal(first.bytes.toString(), 'fresh');
    assert.deepEqual([first.etag, first.lastModified], ['"v1"', 'Mon, 01 Dec 2026 10:00:00 GMT']);
    const again = await safeFetch(`${base}/feed`, { allowLoopback: true, conditional: { etag: '"v1"' } });
    assert.equal(again.notModified, true);
    assert.equal(again.bytes.length, 0);
    assert.deepEqual(seen[1], { inm: '"v1"', ims: undefined });
    const since = await safeFetch(`${base}/feed`, {
      allowLoopback: true,
      conditional: { etag: '"v0"', lastModified: 'Mon, 01 Dec 2026 10:00:00 GMT' },
    });
    assert.equal(since.notModified, undefined, 'a changed ETag: the page again');
    assert.deepEqual(seen[2], { inm: '"v0"', ims: 'Mon, 01 Dec 2026 10:00:00 GMT' });
    const busy = await safeFetch(`${base}/busy`, { allowLoopback: true }).catch((err: unknown) => err);
    assert.ok(busy instanceof FetchRefused);
    assert.deepEqual(busy.remote, { status: 503, retryAfter: '7' });
  });
});
