/** Types of install-code-server.mjs (a plain script, also run on its own). */
export const CODE_SERVER_VERSION: string;
export class CannotInstall extends Error {}
export function cacheRoot(): string;
export function codeServerDir(): string;
export function codeServerEntry(dir?: string): string;
export function ensureCodeServer(): Promise<string>;
