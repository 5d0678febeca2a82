// How every worker thread of the code base is started from its script, compiled or not: compiled, the script is
// a .js beside its caller; run from source under tsx (development), only the .ts exists, and a small bootstrap
// registers tsx's loader in the thread, then imports it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** A starter of threads running `compiled` (a `.js` URL), or its `.ts` source when it is not compiled. */
export function threadStarter(compiled: URL): (options?: WorkerOptions) => Worker {
  if (existsSync(fileURLToPath(compiled))) return (options) => new Worker(compiled, options);
  const source = compiled.href.replace(/\.js$/, '.ts');
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return (options) => new Worker(bootstrap, { ...options, eval: true });
}
