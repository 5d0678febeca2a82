import { startServer } from '../../server/server.js';
import { openStore } from '../../store/open.js';
import { dbSpec, flag, intOption, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { log } from '../output.js';

export const serveUsage = `storyline serve [--port N] [--host H] [--db FILE] [--max-upload MB] [--allow-private-fetch]
  HTTP API (/api, described at /api/openapi.json) and web UI. Binds 127.0.0.1:8080 by default; --port 0 picks a free port.
  --allow-private-fetch lets "add by URL" reach private and loopback addresses (off: only public hosts).`;

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'max-upload': { type: 'string' },
    'allow-private-fetch': { type: 'boolean' },
  });
  if (args.positionals.length > 0) throw new UsageError(`serve takes no arguments (got "${args.positionals[0]}")`);
  const port = intOption(args, 'port', 8080);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const maxUploadMb = intOption(args, 'max-upload', 20);
  if (maxUploadMb === 0) throw new UsageError('--max-upload must be at least 1 (MB)');
  const store = await openStore(dbSpec(args));
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      store,
      host: stringOption(args, 'host') ?? '127.0.0.1',
      port,
      maxUploadBytes: maxUploadMb * 1024 * 1024,
      allowPrivateFetch: flag(args, 'allow-private-fetch'),
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  log(`storyline: serving ${server.url}/ (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log('storyline: stopping');
  await server.close();
  await store.close();
  return 0;
}
