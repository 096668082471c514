/** Terminal facts the CLI needs: colour support and writing without cutting output short. */
import { createWriteStream } from 'node:fs';

export function colorEnabled(stream: NodeJS.WriteStream, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Writes text to stdout or a file; resolves when it is flushed. */
export function writeOutput(text: string, file: string | undefined): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (file) {
      const out = createWriteStream(file);
      out.on('error', reject);
      out.end(text, () => resolve());
    } else {
      process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
    }
  });
}
