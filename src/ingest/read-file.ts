// Reading one file's bytes within the size limit, and gunzipping within the same limit.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { formatSize, IngestError } from './errors.js';

const gunzipAsync = promisify(gunzip);

/**
 * The file's bytes. Refuses by `stat` size, without reading, a file over `maxBytes`, and refuses an empty file;
 * reads at most `maxBytes + 1` bytes so a file growing meanwhile cannot slip past the limit.
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(path);
  if (!info.isFile()) throw new IngestError('not a regular file');
  if (info.size > maxBytes) throw new IngestError(overLimit(info.size, maxBytes));
  if (info.size === 0) throw new IngestError('empty file');

  // `end` is inclusive: at most maxBytes + 1 bytes are read, enough to notice a file that grew past the limit.
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of createReadStream(path, { end: maxBytes })) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
  }
  if (length > maxBytes) throw new IngestError(`file grew past the ${formatSize(maxBytes, true)} limit while read`);
  return Buffer.concat(chunks, length);
}

/** Gunzip, stopping as soon as the output passes `maxBytes` (zlib's maxOutputLength aborts the stream). */
export async function gunzipBounded(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  try {
    return await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError(`gzip data expands past the ${formatSize(maxBytes, true)} limit`);
    }
    throw new IngestError('truncated or corrupt gzip data');
  }
}

function overLimit(size: number, maxBytes: number): string {
  return `file is ${formatSize(size)}, over the ${formatSize(maxBytes, true)} limit`;
}
