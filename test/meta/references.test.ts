/**
 * Every reference to a Markdown file in the repository points at a file that is in it. Two kinds of reference fail:
 * - a path to a `.md` file (`docs/rules/no-secret-arg.md`, `](../architecture.md#contracts)`, a link to this
 *   repository's GitHub pages) that does not exist: resolved against the referencing file's folder when it starts
 *   with `./` or `../` or is a Markdown link, else against the repository root;
 * - a citation of design notes that live outside the repository (`DESIGN.md`, `RULES.md`, `REAL-BUILDER.md`,
 *   `REAL-VSCODE.md`, `research/<topic>.md`): their content belongs in docs/architecture.md or docs/rules/<id>.md.
 * Bare file names (`README.md`) are not checked: they name a kind of file, not a path. In source files, paths are
 * checked in comments only (a string in code is data: test inputs such as `docs/a.md`); links to this repository's
 * GitHub pages and citations of the outside notes are looked for everywhere, test names included.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface BrokenReference {
  file: string;
  line: number;
  reference: string;
  why: string;
}

/** Notes kept outside the repository: naming them sends a reader somewhere they cannot follow. */
const OUTSIDE_NOTES = /(?<![\w-])(?:DESIGN|RULES|REAL-BUILDER|REAL-VSCODE)\.md\b|(?<![\w./-])(?:\.\.\/)*(?:shared\/)?research\/[\w.-]*|\bresearch (?:§|Appendix)/g;
/** This repository's files as GitHub shows them. */
const REPO_URL = /https:\/\/github\.com\/dockerlint\/dockerlint\/(?:blob|tree)\/[\w.-]+\/([\w./-]+\.md)\b/g;
/** A Markdown link target: `](path.md)`, `](path.md#anchor)`. */
const MARKDOWN_LINK = /\]\(((?!https?:|mailto:|#)[^)\s#]+\.md)(?:#[^)\s]*)?\)/g;
/** A path with at least one folder that ends in `.md`, not part of a URL. */
const MD_PATH = /(?<![\w./:@${}-])((?:\.{1,2}\/)*[\w-][\w.-]*\/(?:[\w.-]+\/)*[\w.-]+\.md)\b(?!\/)/g;

/** This file: it has to name what it forbids. */
const self = relative(root, fileURLToPath(import.meta.url)).split(sep).join('/');

/** Files whose text is someone else's (lock files) or sample projects (fixture trees), and this file. */
function scanned(file: string): boolean {
  return file !== self && !file.startsWith('test/fixtures/') && !/(?:^|\/)package-lock\.json$/.test(file) && !/\.(?:png|jpe?g|gif|ico|wasm|gz|tgz|zst|tar|vsix)$/i.test(file);
}

const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;

/** The comment part of a line of TypeScript/JavaScript (`// …`, ` * …` of a block comment), or '' when it has none. */
function commentOf(line: string): string {
  const trimmed = line.trimStart();
  if (/^(?:\/\/|\/?\*)/.test(trimmed)) return trimmed;
  const at = line.indexOf(' // ');
  return at >= 0 ? line.slice(at) : '';
}

/** The references of one file's text that fail (path of the file relative to `repoRoot`). */
function brokenReferences(repoRoot: string, file: string, text: string): BrokenReference[] {
  const broken: BrokenReference[] = [];
  const lines = text.split('\n');
  const source = SOURCE.test(file);
  const exists = (path: string) => existsSync(join(repoRoot, path));
  const folder = dirname(file);
  const inRepo = (path: string) => !normalize(path).startsWith('..');
  lines.forEach((lineText, index) => {
    const line = index + 1;
    const report = (reference: string, why: string) => broken.push({ file, line, reference, why });
    for (const match of lineText.matchAll(OUTSIDE_NOTES)) report(match[0], 'cites notes kept outside the repository');
    const checked = new Set<string>();
    const pathText = source ? commentOf(lineText) : lineText;
    for (const match of lineText.matchAll(REPO_URL)) {
      const path = match[1] as string;
      checked.add(path);
      if (!exists(path)) report(match[0], `${path} is not in the repository`);
    }
    for (const match of pathText.matchAll(MARKDOWN_LINK)) {
      const target = match[1] as string;
      const path = normalize(join(folder, target));
      checked.add(target);
      if (/(?:DESIGN|RULES|REAL-BUILDER|REAL-VSCODE)\.md$|research\//.test(target)) continue;
      if (!inRepo(path) || !exists(path)) report(target, `${path} is not in the repository`);
    }
    for (const match of pathText.matchAll(MD_PATH)) {
      const target = match[1] as string;
      if (checked.has(target) || /(?:DESIGN|RULES|REAL-BUILDER|REAL-VSCODE)\.md$|research\//.test(target)) continue;
      const path = target.startsWith('.') ? normalize(join(folder, target)) : normalize(target);
      if (!inRepo(path) || !exists(path)) report(target, `${path} is not in the repository`);
    }
  });
  return broken;
}

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && scanned(file) && existsSync(join(root, file)) && statSync(join(root, file)).isFile());
}

describe('references to Markdown files', () => {
  it('point at files in the repository, and never at notes kept outside it', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('docs/architecture.md');
    const broken = files.flatMap((file) => brokenReferences(root, file, readFileSync(join(root, file), 'utf8')));
    expect(broken.map((b) => `${b.file}:${b.line}: ${b.reference} (${b.why})`)).toEqual([]);
  });

  // The checker on its own, against a throw-away repository root, so that each kind of breakage is shown to fail.
  describe('the checker', () => {
    const fake = root; // real files to resolve against: docs/architecture.md and docs/rules/ exist here
    const check = (file: string, text: string) => brokenReferences(fake, file, text).map((b) => b.reference);

    it('accepts paths and links that exist, and data in code', () => {
      expect(check('src/a.ts', '// see docs/architecture.md and docs/rules/no-secret-arg.md')).toEqual([]);
      expect(check('docs/rules/no-secret-arg.md', 'the [architecture](../architecture.md#contracts)')).toEqual([]);
      expect(check('docs/eslint.md', '[rules](rules/README.md)')).toEqual([]);
      expect(check('x.ts', 'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/no-secret-env.md')).toEqual([]);
      expect(check('x.ts', 'a bare README.md or CHANGELOG.md is not a path')).toEqual([]);
      expect(check('x.ts', 'https://docs.docker.com/build/checks.md is someone else’s')).toEqual([]);
      expect(check('x.test.ts', "  expect(matcher('docs/a.md')).toBe(true); // a path as test data")).toEqual([]);
      expect(check('x.mjs', 'const page = `docs/rules/${id}.md`;')).toEqual([]);
    });

    it('fails a path, a link or a repository URL that does not exist', () => {
      expect(check('src/a.ts', '// see docs/no-such-page.md')).toEqual(['docs/no-such-page.md']);
      expect(check('src/a.ts', ' * the table in docs/no-such-page.md')).toEqual(['docs/no-such-page.md']);
      expect(check('src/a.ts', "const x = 1; // docs/no-such-page.md")).toEqual(['docs/no-such-page.md']);
      expect(check('.ci/a.sh', '# see docs/no-such-page.md')).toEqual(['docs/no-such-page.md']);
      expect(check('docs/rules/no-secret-arg.md', '[x](../no-such-page.md)')).toEqual(['../no-such-page.md']);
      expect(check('docs/a.md', '[x](../../outside.md)')).toEqual(['../../outside.md']);
      expect(check('x.ts', 'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/no-such-rule.md')).toEqual([
        'https://github.com/dockerlint/dockerlint/blob/main/docs/rules/no-such-rule.md',
      ]);
    });

    it('fails every citation of the design notes and research kept outside the repository', () => {
      expect(check('x.ts', '/** The engine contract (DESIGN.md §4). */')).toEqual(['DESIGN.md']);
      expect(check('x.ts', "describe('ids (see RULES.md)')")).toEqual(['RULES.md']);
      expect(check('x.ts', '(research/secrets.md §C.3)')).toEqual(['research/secrets.md']);
      expect(check('x.mjs', 'see ../shared/docs/REAL-VSCODE.md')).toEqual(['REAL-VSCODE.md']);
      expect(check('x.md', 'lives in `../research/`')).toEqual(['../research/']);
      expect(check('x.ts', '/** Placeholders (research §B.2 list). */')).toEqual(['research §']);
    });
  });
});

