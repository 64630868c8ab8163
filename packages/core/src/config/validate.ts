/** Strict validation of user configuration objects (`.dockerlintrc.*`, `dockerlint.config.js`). */
import type { RuleOptions, SeveritySetting } from '../engine/types.js';
import { ConfigError, type RuleSetting, type UserConfig } from './types.js';

const TOP_LEVEL_KEYS = new Set(['$schema', 'root', 'rules', 'ignores', 'allowlist', 'context', 'target']);
const ALLOWLIST_KEYS = new Set(['names', 'values', 'fingerprints']);
const SEVERITIES: Record<string, SeveritySetting> = { error: 'error', warning: 'warning', warn: 'warning', off: 'off' };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function stringArray(file: string, key: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new ConfigError(file, key, `expected an array of strings, got ${describe(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw new ConfigError(file, `${key}[${i}]`, `expected a string, got ${describe(item)}`);
    return item;
  });
}

function severity(file: string, key: string, value: unknown): SeveritySetting {
  if (typeof value === 'string') {
    const s = SEVERITIES[value];
    if (s !== undefined) return s;
    throw new ConfigError(file, key, `unknown severity ${JSON.stringify(value)} (expected "error", "warning" or "off")`);
  }
  throw new ConfigError(file, key, `expected a severity ("error", "warning" or "off"), got ${describe(value)}`);
}

function ruleSetting(file: string, key: string, value: unknown): RuleSetting {
  if (!Array.isArray(value)) return severity(file, key, value);
  if (value.length === 0 || value.length > 2) {
    throw new ConfigError(file, key, 'expected "severity" or ["severity", { options }]');
  }
  const sev = severity(file, `${key}[0]`, value[0]);
  if (value.length === 1) return [sev];
  const options = value[1];
  if (!isPlainObject(options)) throw new ConfigError(file, `${key}[1]`, `expected an options object, got ${describe(options)}`);
  if ('stages' in options && options.stages !== 'shipping' && options.stages !== 'all') {
    throw new ConfigError(file, `${key}[1].stages`, `expected "shipping" or "all", got ${describe(options.stages)}`);
  }
  return [sev, { ...options } as RuleOptions];
}

/** Validates a raw config object; throws `ConfigError(file, keyPath, detail)` on the first problem. */
export function validateConfig(raw: unknown, file: string): UserConfig {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new ConfigError(file, '(root)', `expected an object, got ${describe(raw)}`);
  const out: UserConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      throw new ConfigError(file, key, `unknown key (expected one of: ${[...TOP_LEVEL_KEYS].filter((k) => k !== '$schema').join(', ')})`);
    }
    switch (key) {
      case '$schema':
        if (typeof value !== 'string') throw new ConfigError(file, key, `expected a string, got ${describe(value)}`);
        break;
      case 'root':
        if (typeof value !== 'boolean') throw new ConfigError(file, key, `expected a boolean, got ${describe(value)}`);
        out.root = value;
        break;
      case 'target':
        if (typeof value !== 'string' || value === '') throw new ConfigError(file, key, `expected a stage name, got ${describe(value)}`);
        out.target = value;
        break;
      case 'ignores':
        out.ignores = stringArray(file, key, value);
        out.ignores.forEach((p, i) => {
          if (p.trim() === '') throw new ConfigError(file, `ignores[${i}]`, 'empty pattern');
        });
        break;
      case 'rules': {
        if (!isPlainObject(value)) throw new ConfigError(file, key, `expected an object of rule id → severity, got ${describe(value)}`);
        const rules: Record<string, RuleSetting> = {};
        for (const [id, setting] of Object.entries(value)) {
          const bare = id.startsWith('dockerlint/') ? id.slice('dockerlint/'.length) : id;
          rules[bare] = ruleSetting(file, `rules.${id}`, setting);
        }
        out.rules = rules;
        break;
      }
      case 'allowlist': {
        if (!isPlainObject(value)) throw new ConfigError(file, key, `expected an object, got ${describe(value)}`);
        const allow: NonNullable<UserConfig['allowlist']> = {};
        for (const [k, v] of Object.entries(value)) {
          if (!ALLOWLIST_KEYS.has(k)) throw new ConfigError(file, `allowlist.${k}`, 'unknown key (expected one of: names, values, fingerprints)');
          const list = stringArray(file, `allowlist.${k}`, v);
          if (k === 'values') {
            list.forEach((source, i) => {
              try {
                new RegExp(source);
              } catch (error) {
                throw new ConfigError(file, `allowlist.values[${i}]`, `invalid regular expression: ${(error as Error).message}`);
              }
            });
          }
          allow[k as 'names' | 'values' | 'fingerprints'] = list;
        }
        out.allowlist = allow;
        break;
      }
      case 'context': {
        if (!isPlainObject(value)) throw new ConfigError(file, key, `expected an object of Dockerfile glob → context directory, got ${describe(value)}`);
        const ctx: Record<string, string> = {};
        for (const [glob, dir] of Object.entries(value)) {
          if (typeof dir !== 'string' || dir === '') throw new ConfigError(file, `context.${glob}`, `expected a directory path, got ${describe(dir)}`);
          ctx[glob] = dir;
        }
        out.context = ctx;
        break;
      }
    }
  }
  return out;
}

/**
 * Checks that every rule id named in `config.rules` is known. Throws `ConfigError` naming the first unknown id.
 * `file` is used for the error when `config` is a `UserConfig`; for a resolved config the nearest file is named.
 */
export function validateRuleIds(
  config: UserConfig | { files: string[]; rules: Record<string, unknown> },
  knownIds: Iterable<string>,
  file?: string,
): void {
  const known = new Set(knownIds);
  const where = file ?? ('files' in config ? (config.files[config.files.length - 1] ?? '(config)') : '(config)');
  for (const id of Object.keys(config.rules ?? {})) {
    if (!known.has(id)) {
      const suggestion = closest(id, known);
      throw new ConfigError(where, `rules.${id}`, `unknown rule${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    }
  }
}

function closest(id: string, known: Set<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestScore) {
      bestScore = d;
      best = k;
    }
  }
  return bestScore <= Math.max(2, Math.floor(id.length / 4)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
