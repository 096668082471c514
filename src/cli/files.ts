/** Writing output files safely: never a half-written file, never the input damaged. */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BimiSvgError } from '../errors.js';

/** Writes a file atomically: a temporary file in the same directory, then a rename over the target. */
export function writeAtomicallyBytes(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  if (!existsSync(dir)) throw new BimiSvgError('E_WRITE', `cannot write ${path}: the directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new BimiSvgError('E_WRITE', `cannot write ${path}: ${dir} is a file, not a directory`);
  const temp = join(dir, `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {}
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'no such directory' : code === 'EISDIR' ? 'it is a directory' : code === 'EROFS' ? 'the file system is read-only' : code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message;
    throw new BimiSvgError('E_WRITE', `cannot write ${path}: ${reason}`, { cause: e });
  }
}
