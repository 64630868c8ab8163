#!/usr/bin/env node
/** Peer: dockerfile-utils (the validator behind the Dockerfile language server), `validate()` on every file. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { filesFromArgs } from '../files.mjs';

const { validate } = createRequire(import.meta.url)('dockerfile-utils');
const files = filesFromArgs(process.argv.slice(2));
const counts = {};
let total = 0;
for (const file of files) {
  for (const d of validate(readFileSync(file, 'utf8'))) {
    counts[d.code] = (counts[d.code] ?? 0) + 1;
    total++;
  }
}
process.stdout.write(`${JSON.stringify({ tool: 'dockerfile-utils', files: files.length, findings: total, byCode: counts })}\n`);
