/** Reads inputs with a size cap, synchronously for files (fast for thousands of small logos). */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BimiSvgError } from '../errors.js';

export interface ReadInput {
  readonly data: Uint8Array;
  /** Full size in bytes, even when over the cap and not read. */
  readonly size: number;
}

export function readFileCapped(path: string, maxBytes: number): ReadInput {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BimiSvgError('E_READ', `cannot read ${path}: it is a directory`);
    if (stat.size > maxBytes) return { data: new Uint8Array(0), size: stat.size };
    const data = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, data, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { data: data.subarray(0, read), size: read };
  } catch (e) {
    if (e instanceof BimiSvgError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new BimiSvgError('E_READ', `cannot read ${path}: ${reason}`, { cause: e });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads stdin up to the cap; beyond it, stops reading and reports the size seen so far. */
export async function readStdinCapped(maxBytes: number, stream: NodeJS.ReadableStream = process.stdin): Promise<ReadInput> {
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > maxBytes) {
        cleanup();
        if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
        resolve({ data: new Uint8Array(0), size });
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => {
      cleanup();
      resolve({ data: Buffer.concat(chunks), size });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new BimiSvgError('E_READ', `cannot read standard input: ${e.message}`, { cause: e }));
    };
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
