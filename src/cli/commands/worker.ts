import { openStore } from '../../store/open.js';
import { openQueue, runClusterer, runIngestWorker, WORKER_SETTINGS } from '../../pipeline/index.js';
import { flag, intOption, parseCommandArgs, UsageError } from '../args.js';
import { loadSettings, queueDatabase } from '../config.js';
import { log } from '../output.js';

export const workerUsage = `storyline worker --db postgres://… [--concurrency N] [--deadline S] [--cluster]
  Run until stopped (SIGTERM, Ctrl-C): take ingest jobs from the queue (\`storyline ingest --queue\`), extract,
  analyse and save each, N at a time (default 1). Start as many as you like, on any hosts.
  --cluster: be the clusterer instead: make the stories from what the workers saved. One holds the lease at a
  time; others stand by and take over when it stops or dies.`;

/** How many finished jobs between two progress lines on stderr. */
const PROGRESS_EVERY = 100;

export async function workerCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    concurrency: { type: 'string' },
    deadline: { type: 'string' },
    cluster: { type: 'boolean' },
  });
  if (args.positionals.length > 0) throw new UsageError(`worker takes no arguments (got "${args.positionals[0]}")`);
  const settings = await loadSettings(args);
  const db = queueDatabase(settings);
  const concurrency = Math.max(1, intOption(args, 'concurrency', 1));
  const deadline = intOption(args, 'deadline', settings.ingest.deadlineSeconds ?? WORKER_SETTINGS.deadlineMs / 1000);

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const store = await openStore(db);
  const boss = await openQueue(db, settings.queue);
  try {
    if (flag(args, 'cluster')) {
      await runClusterer(
        store,
        boss,
        {
          db,
          settings: settings.clusterer,
          stories: settings.stories,
          queue: settings.queue,
          onEvent: (m) => log(`clusterer: ${m}`),
        },
        stop.signal,
      );
    } else {
      let done = 0;
      let failed = 0;
      log(`worker: taking ingest jobs, ${concurrency} at a time`);
      await runIngestWorker(
        store,
        boss,
        {
          concurrency,
          deadlineMs: deadline * 1000,
          queue: settings.queue,
          onError: (message) => log(`worker: ${message}`),
          onJob: (job) => {
            done++;
            if (job.error) {
              failed++;
              log(`failed: ${job.source}: ${job.error}`);
            }
            if (done % PROGRESS_EVERY === 0) log(`worker: ${done} jobs done (${failed} failed)`);
          },
        },
        stop.signal,
      );
    }
    return 0;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
    await store.close();
  }
}
