/** Reads a JSON configuration file (explicit --config, or .bimi-svg.json in the working directory). */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BimiSvgError } from '../errors.js';
import type { CheckOptions } from '../types.js';

export interface FileConfig extends CheckOptions {
  readonly maxWarnings?: number;
}

const KEYS = new Set(['rules', 'strict', 'maxBytes', 'titleMaxLength', 'minPixels', 'placeholderTitles', 'maxInputBytes', 'maxWarnings', '$schema']);
export const DEFAULT_CONFIG_FILE = '.bimi-svg.json';

export function loadConfig(explicit: string | undefined, cwd: string): { config: FileConfig; path: string | null } {
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!explicit && !existsSync(path)) return { config: {}, path: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new BimiSvgError('E_CONFIG', `cannot read config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BimiSvgError('E_CONFIG', `config ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BimiSvgError('E_CONFIG', `config ${path} must be a JSON object`);
  for (const key of Object.keys(data)) {
    if (!KEYS.has(key)) throw new BimiSvgError('E_CONFIG', `config ${path}: unknown key "${key}" (allowed: ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`);
  }
  return { config: data as FileConfig, path };
}
