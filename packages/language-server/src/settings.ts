/**
 * Editor settings (`workspace/configuration`, section `dockerlint`) and how they layer over the config
 * files (`.dockerlintrc.*`): editor rule severities win, the rest of the file config is kept as is.
 */
import path from 'node:path';
import { layerConfig, type ConfigOverrides, type ResolvedConfig, type SeveritySetting } from '@dockerlint/core';

export interface ServerSettings {
  /** Lint at all. */
  enable: boolean;
  /** Severity overrides by rule id: `"error" | "warning" | "off"`. */
  rules: Record<string, SeveritySetting>;
  /** Build context directory override (absolute, or relative to the workspace folder; `${workspaceFolder}` is expanded). */
  context?: string;
  /** Stage being built (like `--target`). */
  target?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {} };

const SEVERITIES = new Set<string>(['error', 'warning', 'off']);

/** Accepts whatever the client sends; anything malformed falls back to the defaults (never throws). */
export function normalizeSettings(raw: unknown): ServerSettings {
  if (!raw || typeof raw !== 'object') return { ...DEFAULT_SETTINGS, rules: {} };
  const input = raw as Record<string, unknown>;
  const settings: ServerSettings = { enable: input.enable !== false, rules: {} };
  if (input.rules && typeof input.rules === 'object' && !Array.isArray(input.rules)) {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      // Also accept the config-file form `["warning", {…}]` (only the severity is used here).
      const severity = Array.isArray(value) ? value[0] : value;
      if (typeof severity === 'string' && SEVERITIES.has(severity)) settings.rules[id] = severity as SeveritySetting;
    }
  }
  if (typeof input.context === 'string' && input.context.trim() !== '') settings.context = input.context.trim();
  if (typeof input.target === 'string' && input.target.trim() !== '') settings.target = input.target.trim();
  return settings;
}

/** The editor's settings as overrides of the file config: its severities win, the file's rule options stay. */
export function settingsOverrides(settings: ServerSettings): ConfigOverrides {
  const rules: NonNullable<ConfigOverrides['rules']> = {};
  for (const [id, severity] of Object.entries(settings.rules)) rules[id] = { severity };
  return { rules };
}

/** The file config with the editor's severities on top (core does the layering). */
export function layerSettings(config: ResolvedConfig, settings: ServerSettings): ResolvedConfig {
  return layerConfig(config, settingsOverrides(settings));
}

/** Resolves the `context` setting for a document. */
export function resolveContextSetting(value: string, workspaceFolder: string | undefined, documentDir: string | undefined): string {
  const base = workspaceFolder ?? documentDir ?? process.cwd();
  const expanded = value.replace(/\$\{workspaceFolder\}/g, base);
  return path.resolve(base, expanded);
}
