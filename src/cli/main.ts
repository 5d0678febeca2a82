#!/usr/bin/env node
// The `storyline` command: parse the subcommand, run it, map the outcome to the
// exit codes DESIGN.md promises (0 ok, 1 some inputs failed, 2 bad usage).

import { UsageError } from './args.js';
import { articleCommand, articleUsage } from './commands/article.js';
import { digestCommand, digestUsage } from './commands/digest.js';
import { evalCommand, evalUsage } from './commands/eval.js';
import { ingestCommand, ingestUsage } from './commands/ingest.js';
import { jobsCommand, jobsUsage } from './commands/jobs.js';
import { refreshCommand, refreshUsage } from './commands/refresh.js';
import { searchCommand, searchUsage } from './commands/search.js';
import { serveCommand, serveUsage } from './commands/serve.js';
import { storiesCommand, storiesUsage, storyCommand, storyUsage } from './commands/stories.js';
import { watchCommand, watchUsage } from './commands/watch.js';
import { workerCommand, workerUsage } from './commands/worker.js';
import { log } from './output.js';

interface Command {
  run: (argv: string[]) => Promise<number>;
  usage: string;
}

const commands: Record<string, Command> = {
  ingest: { run: ingestCommand, usage: ingestUsage },
  watch: { run: watchCommand, usage: watchUsage },
  digest: { run: digestCommand, usage: digestUsage },
  refresh: { run: refreshCommand, usage: refreshUsage },
  stories: { run: storiesCommand, usage: storiesUsage },
  story: { run: storyCommand, usage: storyUsage },
  article: { run: articleCommand, usage: articleUsage },
  search: { run: searchCommand, usage: searchUsage },
  serve: { run: serveCommand, usage: serveUsage },
  worker: { run: workerCommand, usage: workerUsage },
  jobs: { run: jobsCommand, usage: jobsUsage },
  eval: { run: evalCommand, usage: evalUsage },
};

const globalUsage = `storyline: news articles in, stories out.

usage: storyline COMMAND [options]

${Object.values(commands)
  .map((c) => c.usage)
  .join('\n\n')}

Every command takes --db FILE|URL (default ./storyline.db), --config FILE (default ./storyline.config.json, if
there; see the README's "Settings") and --json (one JSON document on stdout).`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? process.stdout : process.stderr).write(`${globalUsage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    log(`storyline: unknown command "${name}"\n\n${globalUsage}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      log(`storyline ${name}: ${err.message}\n\nusage: ${command.usage}`);
      return 2;
    }
    log(`storyline ${name}: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.STORYLINE_DEBUG && err instanceof Error) log(err.stack ?? '');
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    log(String(err));
    process.exitCode = 1;
  },
);
