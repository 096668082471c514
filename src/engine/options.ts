import { BimiSvgError } from '../errors.js';
import { DEFAULT_MAX_INPUT_BYTES } from '../parse/input.js';
import { DEFAULT_PLACEHOLDER_TITLES } from '../rules/no-placeholder-title.js';
import type { CheckOptions, ResolvedOptions, Rule, RuleSetting } from '../types.js';

export const DEFAULT_POLICY = {
  maxBytes: 32_768,
  titleMaxLength: 64,
  minPixels: 96,
  placeholderTitles: DEFAULT_PLACEHOLDER_TITLES,
} as const;

const SETTINGS = new Set<RuleSetting>(['error', 'warning', 'off']);

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new BimiSvgError('E_CONFIG', `${name} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Fills in defaults and validates user options (unknown rule ids are an error). */
export function resolveOptions(options: CheckOptions, rules: readonly Rule[]): ResolvedOptions {
  const known = new Set(rules.map((r) => r.id));
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const [id, setting] of Object.entries(options.rules ?? {})) {
    if (!known.has(id)) throw new BimiSvgError('E_CONFIG', `unknown rule "${id}" (see \`bimi-svg rules\`)`);
    const s = (setting === ('warn' as string) ? 'warning' : setting) as RuleSetting;
    if (!SETTINGS.has(s)) throw new BimiSvgError('E_CONFIG', `rule "${id}": severity must be error, warning or off, got ${JSON.stringify(setting)}`);
    ruleSettings[id] = s;
  }
  const titles = options.placeholderTitles ?? DEFAULT_POLICY.placeholderTitles;
  if (!Array.isArray(titles) || titles.some((t) => typeof t !== 'string')) {
    throw new BimiSvgError('E_CONFIG', 'placeholderTitles must be a list of strings');
  }
  return {
    rules: ruleSettings,
    strict: options.strict === true,
    maxInputBytes: positive('maxInputBytes', options.maxInputBytes, DEFAULT_MAX_INPUT_BYTES),
    maxBytes: positive('maxBytes', options.maxBytes, DEFAULT_POLICY.maxBytes),
    titleMaxLength: positive('titleMaxLength', options.titleMaxLength, DEFAULT_POLICY.titleMaxLength),
    minPixels: positive('minPixels', options.minPixels, DEFAULT_POLICY.minPixels),
    placeholderTitles: titles,
  };
}
