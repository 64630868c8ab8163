/**
 * The install instructions the release check runs, read from the docs themselves: a fenced code block preceded by
 * `<!-- release-check: <id> -->` is the block `<id>`. What the check runs is therefore what the docs show.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './packages.mjs';

export const DOC_FILES = ['README.md', 'docs/ci.md', 'docs/editors.md', 'docs/eslint.md'];

/** The blocks `npm run release:check` runs or checks. */
export const RELEASE_CHECK_BLOCKS = [
  'cli-install',
  'cli-npx',
  'eslint-install',
  'eslint-config-esm',
  'eslint-config-cjs',
  'eslint-config-eslintrc',
  'eslint-run',
  'language-server-install',
  'pre-commit',
  'github-action',
  'gitlab-ci',
  'github-without-action',
];

/** Every marked block: id → { file, lang, body }. An id marked twice is an error (which one would be tested?). */
export function docBlocks(files = DOC_FILES) {
  const blocks = new Map();
  for (const file of files) {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(/<!-- release-check: ([\w-]+) -->\n```(\w*)\n([\s\S]*?)\n```/g)) {
      const [, id, lang, body] = match;
      if (blocks.has(id)) throw new Error(`release-check block ${id} is marked twice (${blocks.get(id).file}, ${file})`);
      blocks.set(id, { file, lang, body });
    }
  }
  return blocks;
}

/** The block, or a clear error naming the doc that lost it. */
export function block(blocks, id) {
  const found = blocks.get(id);
  if (!found) throw new Error(`no <!-- release-check: ${id} --> code block in ${DOC_FILES.join(', ')}`);
  return found;
}

/** The command lines of a shell block (comments and blank lines dropped; a trailing `# …` stays for bash). */
export function commands(shellBlock) {
  return shellBlock.body.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
}

/** A JavaScript config block's file name, from its first line `// <file name>`. */
export function configFile(jsBlock) {
  const match = /^\/\/ (\S+)/.exec(jsBlock.body);
  if (!match) throw new Error(`the config block in ${jsBlock.file} does not start with // <file name>`);
  return { name: match[1], text: `${jsBlock.body}\n` };
}
