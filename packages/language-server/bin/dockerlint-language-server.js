#!/usr/bin/env node
// dockerlint language server. Transport from the arguments: --stdio | --node-ipc | --socket=<port> | --pipe=<name>.
import { readFileSync, statSync } from 'node:fs';

const code = codeDir();
const { serverVersion, USAGE } = await import(new URL('version.js', code).href);

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${serverVersion() ?? 'unknown'}\n`);
} else {
  if (!args.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) process.argv.push('--stdio');
  const { startServer } = await import(new URL('index.js', code).href);
  startServer();
}

/** dist/ when published (a bundle); in this repository bundle/ while no later `tsc -b` made it stale (as the CLI's bin). */
function codeDir() {
  const stamp = new URL('../bundle/stale-after.json', import.meta.url);
  const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs;
  const stale = built === undefined || JSON.parse(readFileSync(stamp, 'utf8')).some((file) => (statSync(new URL(file, stamp), { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
  return new URL(stale ? '../dist/' : '../bundle/', import.meta.url);
}
