#!/usr/bin/env node
/**
 * The parse floor: read every Dockerfile and parse it with dockerfile-ast, nothing else.
 * Usage: node bench/parse-floor.mjs <dir|file>... | --list <file>
 * No linter can be faster than this while using the same parser, so it is the benchmark's unit.
 */
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';
import { filesFromArgs } from './files.mjs';

const files = filesFromArgs(process.argv.slice(2));
let instructions = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  instructions += dockerfile.getInstructions().length;
}
process.stdout.write(`${files.length} files, ${instructions} instructions\n`);
