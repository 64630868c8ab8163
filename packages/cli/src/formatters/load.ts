/**
 * The formatter names and a loader for one of them: a run imports only the formatter it prints with (each pulls in
 * its own helpers, and the argument parser needs the names alone), which keeps them out of the CLI's start-up.
 */
import type { Formatter } from '../types.js';

const LOADERS = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
  gitlab: async () => (await import('./gitlab.js')).gitlab,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
  junit: async () => (await import('./junit.js')).junit,
} satisfies Record<string, () => Promise<Formatter>>;

export type FormatName = keyof typeof LOADERS;
export const FORMAT_NAMES = Object.keys(LOADERS) as FormatName[];

/** The formatter called `name`. */
export function loadFormatter(name: FormatName): Promise<Formatter> {
  return LOADERS[name]();
}
