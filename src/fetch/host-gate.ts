// Politeness per host: one request at a time to a host, and a pause between the end of one and the start of the
// next. Different hosts never wait for each other. The clock and the pause are given, so tests run on a fake clock.

export interface GateClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: GateClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface HostLane {
  /** Settles when the host's last queued request has finished (never rejects). */
  tail: Promise<void>;
  /** When the host's last request ended (-Infinity: none yet). */
  lastEnd: number;
  /** A longer gap the host asked for (robots.txt Crawl-delay), if any. */
  gapMs?: number;
}

export class HostGate {
  private readonly lanes = new Map<string, HostLane>();

  constructor(
    private readonly gapMs: number,
    private readonly clock: GateClock = realClock,
  ) {}

  /** The host asks for at least `ms` between requests (never less than the gate's own gap). */
  setHostGap(host: string, ms: number): void {
    this.lane(host).gapMs = ms;
  }

  /** Runs `task` when the host is free and its gap has passed; the host is busy until the task settles. */
  run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lane(host);
    const result = lane.tail.then(async () => {
      const gap = Math.max(this.gapMs, lane.gapMs ?? 0);
      const wait = lane.lastEnd + gap - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      try {
        return await task();
      } finally {
        lane.lastEnd = this.clock.now();
      }
    });
    lane.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private lane(host: string): HostLane {
    const key = host.toLowerCase();
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), lastEnd: Number.NEGATIVE_INFINITY };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}
