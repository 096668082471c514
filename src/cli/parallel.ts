/**
 * Checks many files on several cores: worker threads take interleaved shares while
 * the main thread checks its own. Small batches stay on one thread, where starting
 * a worker would cost more than it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkResolved } from '../check.js';
import { BimiSvgError } from '../errors.js';
import type { CheckResult, ResolvedOptions } from '../types.js';
import { readFileCapped } from './read.js';

export type BatchOutcome = { result: CheckResult } | { error: string; internal?: boolean };

/** Files per thread below which another thread is not worth starting. */
export const FILES_PER_THREAD = 200;

/**
 * Threads to use by default. V8 compiles and collects garbage on background
 * threads, so a second JavaScript thread only pays off with cores to spare: on two
 * cores a batch measured slower with a worker than without (see bench/README.md).
 */
export function defaultThreads(cores = availableParallelism()): number {
  return cores >= 4 ? Math.min(8, cores - 1) : 1;
}

function checkOne(path: string, options: ResolvedOptions): BatchOutcome {
  try {
    const { data, size } = readFileCapped(path, options.maxInputBytes);
    return { result: checkResolved(data, path, options, size) };
  } catch (e) {
    if (e instanceof BimiSvgError) return { error: e.message };
    throw e;
  }
}

/** Checks files, in order; `threads` bounds the number of threads used (1 = main thread only). */
export async function checkFiles(paths: readonly string[], options: ResolvedOptions, threads: number): Promise<BatchOutcome[]> {
  const n = Math.max(1, Math.min(threads, Math.floor(paths.length / FILES_PER_THREAD)));
  if (n <= 1) return paths.map((p) => checkOne(p, options));
  const shares: string[][] = Array.from({ length: n }, () => []);
  paths.forEach((p, k) => shares[k % n]!.push(p));
  const workerUrl = new URL('./check-worker.js', import.meta.url);
  const pending = shares.slice(1).map(
    (share) =>
      new Promise<BatchOutcome[]>((resolve, reject) => {
        const worker = new Worker(workerUrl, { workerData: { paths: share, options } });
        worker.once('message', (outcomes: BatchOutcome[]) => resolve(outcomes));
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`worker stopped with exit code ${code}`));
        });
      }),
  );
  const mine = shares[0]!.map((p) => checkOne(p, options));
  const theirs = await Promise.all(pending);
  const all = [mine, ...theirs];
  return paths.map((_, k) => all[k % n]![Math.floor(k / n)]!);
}
