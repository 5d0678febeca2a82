import { checkServerConfig, isLoopbackAddress, ServerConfigError } from '../../server/guard.js';
import { startServer } from '../../server/server.js';
import { ENV_ALLOWED_HOSTS, ENV_TOKEN } from '../../server/settings.js';
import { openStore } from '../../store/open.js';
import { flag, intOption, parseCommandArgs, stringOption, UsageError } from '../args.js';
import { dbSpec } from '../config.js';
import { log } from '../output.js';

export const serveUsage = `storyline serve [--port N] [--host H] [--token T] [--allowed-host NAME]... [--db FILE]
                [--max-upload MB] [--allow-private-fetch]
  HTTP API (/api, described at /api/openapi.json) and web UI. Binds 127.0.0.1:8080 by default; --port 0 picks a free port.
  --host ADDR          bind another address; anything but loopback needs an access token
  --token T            the access token (or ${ENV_TOKEN}, better: a flag shows in the process list); every request
                       then needs "Authorization: Bearer T", or a browser opens any page once with ?token=T
  --allowed-host NAME  another name the Host header may carry (a reverse proxy's, a LAN name; NAME or NAME:PORT);
                       repeatable, or ${ENV_ALLOWED_HOSTS}=a,b. The bound address and localhost always work.
  --allow-private-fetch lets "add by URL" reach private and loopback addresses (off: only public hosts).`;

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'max-upload': { type: 'string' },
    'allow-private-fetch': { type: 'boolean' },
  });
  if (args.positionals.length > 0) throw new UsageError(`serve takes no arguments (got "${args.positionals[0]}")`);
  const port = intOption(args, 'port', 8080);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const maxUploadMb = intOption(args, 'max-upload', 20);
  if (maxUploadMb === 0) throw new UsageError('--max-upload must be at least 1 (MB)');
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const flagToken = stringOption(args, 'token');
  if (flagToken === '') throw new UsageError('--token must not be empty');
  // An empty variable is "not set", as a shell `STORYLINE_TOKEN= storyline serve` means.
  const token = flagToken ?? (process.env[ENV_TOKEN] || undefined);
  const listed = args.values['allowed-host'];
  const allowedHosts = [
    ...(Array.isArray(listed) ? listed : []),
    ...(process.env[ENV_ALLOWED_HOSTS] ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
  ];
  try {
    // Before the database is opened (or created): a refused configuration leaves nothing behind.
    checkServerConfig({ host, token, allowedHosts });
  } catch (err) {
    if (err instanceof ServerConfigError) throw new UsageError(err.message);
    throw err;
  }
  const store = await openStore(dbSpec(args));
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      store,
      host,
      port,
      token,
      allowedHosts,
      maxUploadBytes: maxUploadMb * 1024 * 1024,
      allowPrivateFetch: flag(args, 'allow-private-fetch'),
      // In the background, not delaying listen: the first search is then as fast as the later ones, instead of
      // paying for the index of every article (about half a second on Timeline17).
      warmSearch: true,
    });
  } catch (err) {
    await store.close();
    // A configuration that would expose the archive is bad usage: exit 2 with the reason.
    if (err instanceof ServerConfigError) throw new UsageError(err.message);
    throw err;
  }
  log(`storyline: serving ${server.url}/ (Ctrl-C to stop)`);
  if (token !== undefined) log('storyline: every request needs the access token (open a page once with ?token=…)');
  if (!isLoopbackAddress(host)) {
    log(`storyline: listening on ${host}: traffic is plain HTTP, so put a TLS proxy in front beyond a trusted network`);
  }
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
