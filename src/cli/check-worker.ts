/** Worker thread for large batches: checks its share of the files and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkResolved } from '../check.js';
import { BimiSvgError } from '../errors.js';
import type { ResolvedOptions } from '../types.js';
import { readFileCapped } from './read.js';
import type { BatchOutcome } from './parallel.js';

const { paths, options } = workerData as { paths: string[]; options: ResolvedOptions };
const outcomes: BatchOutcome[] = paths.map((path) => {
  try {
    const { data, size } = readFileCapped(path, options.maxInputBytes);
    return { result: checkResolved(data, path, options, size) };
  } catch (e) {
    if (e instanceof BimiSvgError) return { error: e.message };
    return { error: `internal error: ${(e as Error).message}`, internal: true };
  }
});
parentPort!.postMessage(outcomes);
