// Byte sizes as people read them, for every message that names a size or a limit.

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/**
 * `209715200` → `200.0 MB`; with `exact`, whole numbers drop the decimal (`20 MB`), as a limit is written.
 * Binary units (1 KB = 1024 bytes) so that `20 MB` limits and sizes agree with `ls -lh`.
 */
export function formatSize(bytes: number, exact = false): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  const text = exact && Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${UNITS[unit]}`;
}
