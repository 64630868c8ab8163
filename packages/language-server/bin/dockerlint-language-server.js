#!/usr/bin/env node
// dockerlint language server. Transport from the arguments: --stdio | --node-ipc | --socket=<port> | --pipe=<name>.
import { serverVersion, USAGE } from '../dist/version.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
} else if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${serverVersion() ?? 'unknown'}\n`);
} else {
  if (!args.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) process.argv.push('--stdio');
  const { startServer } = await import('../dist/index.js');
  startServer();
}
