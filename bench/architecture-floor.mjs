#!/usr/bin/env node
/**
 * The architecture floor: what dockerlint's two mandated parsers cost before any analysis. Reads every
 * Dockerfile, parses it with dockerfile-ast (with the argument memo dockerlint installs) and parses the shell
 * text of every shell-form RUN with tree-sitter-bash (no walk of the tree, no model, no rules).
 * Usage: node bench/architecture-floor.mjs <dir|file>... | --list <file>
 * The text handed to tree-sitter is the RUN's raw arguments (continuations left to the grammar), which is within a
 * few characters of what dockerlint parses; heredoc bodies are included as written. It runs with V8's defaults
 * (the CLI runs the WASM on the baseline compiler only; see docs/benchmarks.md, one-file start-up).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DockerfileParser } from 'dockerfile-ast';
import { Language, Parser } from 'web-tree-sitter';
import '../packages/core/dist/model/ast-memo.js';
import { filesFromArgs } from './files.mjs';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
await Parser.init({ locateFile: () => require.resolve('web-tree-sitter/web-tree-sitter.wasm') });
const shell = new Parser();
shell.setLanguage(await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')));

const files = filesFromArgs(process.argv.slice(2));
let instructions = 0;
let scripts = 0;
for (const file of files) {
  const dockerfile = DockerfileParser.parse(readFileSync(file, 'utf8'));
  for (const instruction of dockerfile.getInstructions()) {
    instructions++;
    if (instruction.getKeyword() !== 'RUN') continue;
    const body = instruction.getRawArgumentsContent();
    if (!body || body.trimStart().startsWith('[')) continue; // exec form: no shell
    shell.parse(body)?.delete();
    scripts++;
  }
}
process.stdout.write(`${files.length} files, ${instructions} instructions, ${scripts} shell scripts\n`);
