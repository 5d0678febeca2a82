// Opens the Store a `--db` value names: a SQLite file (the default) or a PostgreSQL URL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Whether a `--db` value names a PostgreSQL database (else it is a SQLite file). */
export const isPostgresUrl = (spec: string): boolean => /^postgres(?:ql)?:\/\//i.test(spec);

/** `spec` is a file path (parent folders are created), `:memory:`, or a `postgres://` / `postgresql://` URL. */
export async function openStore(spec: string): Promise<Store> {
  if (isPostgresUrl(spec)) {
    // Loaded on demand: a SQLite user never pays for the PostgreSQL driver.
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    return PostgresStore.open(spec);
  }
  if (spec === '') throw new Error('no database given: pass a file path, :memory: or a postgres:// URL');
  if (spec !== ':memory:') mkdirSync(dirname(resolve(spec)), { recursive: true });
  return new SqliteStore(spec);
}
