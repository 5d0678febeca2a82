import { jobCounts, jobFailures, openQueue } from '../../pipeline/index.js';
import { flag, intOption, parseCommandArgs, UsageError } from '../args.js';
import { loadSettings, queueDatabase } from '../config.js';
import { printJson, printLine } from '../output.js';

export const jobsUsage = `storyline jobs --db postgres://… [--failures N] [--json]
  The job queue: how many inputs are queued, active, waiting for a retry, done and failed, and the last N
  failures (default 20) with their errors.
  JSON: {queued, active, retry, done, failed, deadLetter, failures: [{source, error, at}]}`;

export async function jobsCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, { failures: { type: 'string' } });
  if (args.positionals.length > 0) throw new UsageError(`jobs takes no arguments (got "${args.positionals[0]}")`);
  const settings = await loadSettings(args);
  const db = queueDatabase(settings);
  // Only reading: this process must not sweep the queue or archive jobs on the side.
  const boss = await openQueue(db, settings.queue, { supervise: false });
  try {
    const counts = await jobCounts(boss, settings.queue.schema);
    const failures = await jobFailures(boss, settings.queue.schema, intOption(args, 'failures', 20));
    if (flag(args, 'json')) printJson({ ...counts, failures });
    else {
      printLine(
        `queued ${counts.queued}, active ${counts.active}, retry ${counts.retry}, done ${counts.done}, failed ${counts.failed} (dead letters ${counts.deadLetter})`,
      );
      for (const f of failures) printLine(`failed ${f.at}: ${f.source}: ${f.error}`);
    }
    return 0;
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
  }
}
