// One-line, human-readable messages for the failures ingest reports per input.

/** An expected, per-input failure whose message is already fit to show the user. */
export class IngestError extends Error {
  override name = 'IngestError';
}

const FS_ERROR_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'symbolic link loop (too many levels of symbolic links)',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'path is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Turn any thrown value into one line naming the problem (no stack, no newlines). */
export function describeError(err: unknown): string {
  if (err instanceof IngestError) return oneLine(err.message);
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_ERROR_TEXT[code]) return FS_ERROR_TEXT[code];
  if (err instanceof Error) return oneLine(err.message);
  return oneLine(String(err));
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

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
