// Naming a PostgreSQL database in messages without ever showing its password.

/** `user@host:port/database` for a `postgres://` URL (defaults filled in as libpq would), never the password. */
export function describeDatabase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable as a URL: show it with anything between `//` and `@` (user and password) cut out.
    return url.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');
  }
  const host =
    decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || process.env.PGHOST || 'localhost';
  const port = parsed.port || parsed.searchParams.get('port') || process.env.PGPORT || '5432';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(parsed.username);
  return `${user ? `${user}@` : ''}${host}:${port}${database ? `/${database}` : ''}`;
}
