// A progress line on stderr, only when a person is watching (stderr is a terminal)
// and the job has lasted long enough to need one.

const SHOW_AFTER_MS = 1000;
const REDRAW_EVERY_MS = 100;

export interface Progress {
  tick(done: number, label: string): void;
  finish(): void;
}

export function createProgress(total: number | undefined, what: string): Progress {
  const stream = process.stderr;
  if (!stream.isTTY) return { tick() {}, finish() {} };
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    tick(done, label) {
      const now = Date.now();
      if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_EVERY_MS) return;
      lastDraw = now;
      drawn = true;
      const rate = done / ((now - started) / 1000);
      const width = Math.max(20, (stream.columns ?? 80) - 50);
      const bar =
        total && total > 0
          ? `[${'#'.repeat(Math.round((Math.min(done, total) / total) * 20)).padEnd(20, '.')}] ${done}/${total}`
          : `${done}`;
      const tail = label.length > width ? `…${label.slice(-width + 1)}` : label;
      stream.write(`\r\x1b[K${what} ${bar} ${rate.toFixed(0)}/s ${tail}`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
