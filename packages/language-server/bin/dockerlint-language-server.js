#!/usr/bin/env node
// dockerlint language server. Transport from the arguments: --stdio | --node-ipc | --socket=<port>.
import { startServer } from '../dist/index.js';

if (process.argv.includes('--version') || process.argv.includes('-v')) {
  process.stdout.write('0.1.0\n');
} else {
  if (!process.argv.slice(2).some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) process.argv.push('--stdio');
  startServer();
}
