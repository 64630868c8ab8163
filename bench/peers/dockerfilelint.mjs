#!/usr/bin/env node
/** Peer: dockerfilelint (replicatedhq), its API `run(configDir, content)` on every file (default rules). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { filesFromArgs } from '../files.mjs';

const dockerfilelint = createRequire(import.meta.url)('dockerfilelint');
const files = filesFromArgs(process.argv.slice(2));
const counts = {};
let total = 0;
for (const file of files) {
  let issues;
  try {
    issues = dockerfilelint.run(path.dirname(file), readFileSync(file, 'utf8'));
  } catch {
    counts['(crash)'] = (counts['(crash)'] ?? 0) + 1;
    continue;
  }
  for (const issue of issues) {
    counts[issue.rule] = (counts[issue.rule] ?? 0) + 1;
    total++;
  }
}
process.stdout.write(`${JSON.stringify({ tool: 'dockerfilelint', files: files.length, findings: total, byRule: counts })}\n`);
