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

export { formatSize } from '../text/sizes.js';
