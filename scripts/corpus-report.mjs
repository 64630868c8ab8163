#!/usr/bin/env node
// Lint every Dockerfile of a corpus directory with the built engine and print per-rule counts plus samples.
// Usage: node scripts/corpus-report.mjs [corpusDir] [--rule <id>] [--samples N] [--severity error]
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initialize, lintText, redactText, scanForSecrets } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rule: { type: 'string', multiple: true }, samples: { type: 'string', default: '15' }, severity: { type: 'string' } },
});
const root = resolve(positionals[0] ?? '../shared/corpus/real');
const DOCKERFILE = /^(?:Dockerfile|dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|dockerfile)$/;

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && DOCKERFILE.test(entry.name) && !entry.name.endsWith('.dockerignore')) yield path;
  }
}

await initialize();
const counts = new Map();
const samples = new Map();
let files = 0;
const started = performance.now();
for (const path of walk(root)) {
  files++;
  const text = readFileSync(path, 'utf8');
  const result = lintText({ filePath: relative(root, path), text, rules, absolutePath: path, ...(values.rule ? { onlyRules: values.rule } : {}) });
  for (const error of result.errors ?? []) console.error(error);
  const lines = text.split(/\r?\n/);
  for (const finding of result.findings) {
    if (values.severity && finding.severity !== values.severity) continue;
    const key = `${finding.ruleId} ${finding.severity}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const list = samples.get(key) ?? [];
    let raw = lines[finding.line - 1] ?? '';
    // Mask the reported span too: a name-driven finding's value is not always a catalogue match.
    if (finding.endLine === finding.line) raw = raw.slice(0, finding.column - 1) + '•••' + raw.slice(finding.endColumn - 1);
    const line = raw.trim().slice(0, 160);
    const masked = redactText(line, scanForSecrets(line).map((match) => match.value));
    list.push(`${finding.file}:${finding.line}:${finding.column} ${finding.message}\n      | ${masked}`);
    samples.set(key, list);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`${files} Dockerfiles in ${seconds.toFixed(1)} s`);
for (const [key, count] of [...counts].sort()) console.log(`${key}: ${count}`);
const limit = Number(values.samples);
for (const [key, list] of [...samples].sort()) {
  console.log(`\n## ${key} (${list.length})`);
  // Deterministic spread of samples over the list.
  const step = Math.max(1, Math.floor(list.length / limit));
  for (let i = 0; i < list.length && i / step < limit; i += step) console.log(`  ${list[i]}`);
}
