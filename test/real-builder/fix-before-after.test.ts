// Ground truth for `--fix`: every fixture where `dockerlint --fix` changes an ignore file is built with a real BuildKit
// before and after the fix. The build must still succeed, the files the fix excludes must be in the image before and
// in no layer after, and the files a Dockerfile copies by name must still be there.
//
// The fixtures' images (node, python…) need a registry, so each Dockerfile is built as a copy on `base:busybox`: FROM
// lines name the busybox base, `# syntax=` lines go, and RUN steps that need a package manager become the file reads
// they stand for (`npm ci` reads package.json, `pip install -r requirements.txt` reads requirements.txt). COPY/ADD
// lines, WORKDIR and the build context are left exactly as they are: they decide what reaches the image. Every
// fixable fixture can be expressed this way. The README's example apps under examples/ are searched too: a fixable
// one without an entry in CASES fails the discovery test below.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { initialize, lintText } from '@dockerlint/core';
import { rules } from '@dockerlint/rules';
import { main } from '../../packages/cli/src/main.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';
import { BASE_COMMANDS, BASE_IMAGE, startRealBuilder, type RealBuilder, type RealBuilderStart } from '../helpers/real-builder.js';

const run = promisify(execFile);

interface FixCase {
  /** `<rule>/<case>` under test/fixtures (an example app: `../../examples/<app>`). */
  fixture: string;
  /** Dockerfiles to build, relative to the fixture (the first one is the one the fix is about). */
  dockerfiles: string[];
  /** The build context, relative to the fixture (default `.`); passed to dockerlint as `--context`. */
  context?: string;
  /** RUN lines (as written) → the busybox command standing for them. */
  runs?: Record<string, string>;
  /** Exact content of the fixed ignore file. */
  ignoreFile: { path: string; content: string };
  /** Image paths (per Dockerfile) that leak before the fix and are in no layer after it. */
  leaked: Record<string, string[]>;
  /** Image paths (per Dockerfile) that are there before and after: copied by name, or ordinary app files. */
  kept: Record<string, string[]>;
}

const CASES: FixCase[] = [
  {
    // The README's leaky app: `COPY . .` takes .env (there is no .dockerignore); the build writes .npmrc itself.
    fixture: '../../examples/leaky-app',
    dockerfiles: ['Dockerfile'],
    runs: { ' && npm ci && npm run build': ' && cat package.json package-lock.json > /dev/null && mkdir -p dist && cp src/server.js dist/' },
    ignoreFile: { path: '.dockerignore', content: '**/.env\n' },
    leaked: { Dockerfile: ['app/.env'] },
    kept: { Dockerfile: ['app/package.json', 'app/package-lock.json', 'app/src/server.js', 'app/.npmrc', 'app/dist/server.js'] },
  },
  {
    // The case of issue 20: `.npmrc` is copied by name on line 3 and must stay in the context.
    fixture: 'no-context-secrets/npmrc-copied-explicitly',
    dockerfiles: ['Dockerfile'],
    runs: { 'npm ci && rm .npmrc': 'cat .npmrc package.json > /dev/null && rm .npmrc' },
    ignoreFile: { path: '.dockerignore', content: '**/.env\n.git\n' },
    leaked: { Dockerfile: ['app/.env', 'app/.git/config', 'app/.git/HEAD'] },
    kept: { Dockerfile: ['app/.npmrc', 'app/package.json', 'app/src/index.js'] },
  },
  {
    // Dockerfile.deploy, built from the same context, copies deploy/id_ed25519 by name.
    fixture: 'no-context-secrets/shared-context-deploy-key',
    dockerfiles: ['Dockerfile', 'Dockerfile.deploy'],
    ignoreFile: { path: '.dockerignore', content: '**/.env\n' },
    leaked: { Dockerfile: ['srv/.env'], 'Dockerfile.deploy': [] },
    kept: { Dockerfile: ['srv/package.json', 'srv/src/index.js'], 'Dockerfile.deploy': ['root/.ssh/id_ed25519'] },
  },
  {
    // The user re-included .env.local on purpose: the fix adds .git and leaves that line in charge.
    fixture: 'no-context-secrets/reincluded-env-local',
    dockerfiles: ['Dockerfile'],
    ignoreFile: { path: '.dockerignore', content: '# secrets stay out\n**/.env*\n# ...but the dev image ships the local overrides on purpose\n!.env.local\nnode_modules\n.git\n' },
    leaked: { Dockerfile: ['srv/.git/config', 'srv/.git/HEAD'] },
    kept: { Dockerfile: ['srv/.env.local', 'srv/package.json', 'srv/src/index.js'] },
  },
  {
    fixture: 'no-context-secrets/node-app-leaky-dockerignore',
    dockerfiles: ['Dockerfile'],
    runs: { 'npm ci --omit=dev': 'cat package.json > /dev/null' },
    ignoreFile: { path: '.dockerignore', content: 'node_modules\nnpm-debug.log\n**/.env\n.git\n' },
    leaked: { Dockerfile: ['srv/.env', 'srv/.git/config', 'srv/.git/HEAD'] },
    kept: { Dockerfile: ['srv/package.json', 'srv/src/index.js', 'srv/certs/ca.pem', 'srv/.gitignore'] },
  },
  {
    fixture: 'no-context-secrets/python-no-dockerignore',
    dockerfiles: ['Dockerfile'],
    runs: { 'pip install --no-cache-dir -r requirements.txt': 'cat requirements.txt > /dev/null' },
    ignoreFile: { path: '.dockerignore', content: '**/*service-account*.json\n**/id_ed25519\n' },
    leaked: { Dockerfile: ['app/config/service-account.json', 'app/deploy/id_ed25519'] },
    kept: { Dockerfile: ['app/app.py', 'app/requirements.txt', 'app/deploy/id_ed25519.pub', 'app/.env.example'] },
  },
  {
    fixture: 'no-context-secrets/dockerfile-specific-ignore',
    dockerfiles: ['docker/api.Dockerfile'],
    context: '.',
    runs: { 'pip install --no-cache-dir -r requirements.txt': 'cat requirements.txt > /dev/null' },
    ignoreFile: { path: 'docker/api.Dockerfile.dockerignore', content: '__pycache__\n*.pyc\n.venv\n**/.env.*\n' },
    leaked: { 'docker/api.Dockerfile': ['app/.env.production'] },
    kept: { 'docker/api.Dockerfile': ['app/requirements.txt', 'app/app/__main__.py'] },
  },
  {
    fixture: 'no-secret-deleted-in-later-layer/context-copy-then-rm',
    dockerfiles: ['Dockerfile'],
    runs: { 'pip install --no-cache-dir -r requirements.txt': 'cat requirements.txt > /dev/null' },
    ignoreFile: { path: '.dockerignore', content: '__pycache__\n*.pyc\n**/.env\n.git\n' },
    leaked: { Dockerfile: ['srv/.env', 'srv/.git/config'] },
    kept: { Dockerfile: ['srv/app.py', 'srv/requirements.txt'] },
  },
];

/** busybox applets in the base image; any other command in a RUN needs a rewrite in `runs`. */
const BASE_APPLETS = new Set(BASE_COMMANDS);

/** The Dockerfile as it is built here: busybox base, no syntax line, package-manager steps replaced. */
function onBusybox(text: string, runs: Record<string, string>): string {
  return text
    .split('\n')
    .filter((line) => !/^#\s*syntax\s*=/i.test(line))
    .map((line) => {
      if (runs[line] !== undefined) return runs[line]; // a continuation line of a RUN
      const from = /^FROM\s+(?:--platform=\S+\s+)?\S+(.*)$/i.exec(line);
      if (from) return `FROM ${BASE_IMAGE}${from[1]}`;
      if (/^USER\s+node\b/i.test(line)) return 'USER nobody';
      const runLine = /^RUN\s+(.*)$/.exec(line);
      if (!runLine) return line;
      const command = runLine[1]!;
      if (runs[command] !== undefined) return `RUN ${runs[command]}`;
      for (const part of command.split(/&&|\|\||;|\|/)) {
        const word = part.trim().split(/\s+/)[0]!;
        if (!BASE_APPLETS.has(word)) throw new Error(`RUN ${command}: '${word}' is not in ${BASE_IMAGE}; add a rewrite to runs`);
      }
      return line;
    })
    .join('\n');
}

/** Every path in every layer of a saved image (whiteouts included, as `.wh.` entries), without a leading `./`. */
async function layerPaths(builder: RealBuilder, image: string, workDir: string): Promise<string[][]> {
  const archive = await builder.save(image, join(workDir, `${image.replace(/[^a-z0-9]/g, '-')}.tar`));
  const extracted = join(workDir, `${image.replace(/[^a-z0-9]/g, '-')}-x`);
  await run('mkdir', ['-p', extracted]);
  await run('tar', ['-xf', archive, '-C', extracted]);
  const manifest = JSON.parse(readFileSync(join(extracted, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  const layers: string[][] = [];
  for (const layer of manifest[0]!.Layers) {
    const { stdout } = await run('tar', ['-tf', join(extracted, layer)], { maxBuffer: 64 * 1024 * 1024 });
    layers.push(stdout.split('\n').filter(Boolean).map((entry) => entry.replace(/^\.\//, '').replace(/\/$/, '')));
  }
  return layers;
}

async function dockerlint(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['--no-config-lookup', ...args], {
    cwd,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    readStdin: async () => '',
  });
  return { code, stdout, stderr };
}

/** The example apps of the README (`examples/<app>`, when the folder exists), as paths relative to test/fixtures. */
const EXAMPLES = fixturePath('..', '..', 'examples');

function fixtureDirs(): string[] {
  const root = fixturePath();
  const fixtures = readdirSync(root, { withFileTypes: true })
    .filter((rule) => rule.isDirectory() && rule.name !== 'fuzz-regressions')
    .flatMap((rule) => readdirSync(join(root, rule.name), { withFileTypes: true }).filter((c) => c.isDirectory()).map((c) => `${rule.name}/${c.name}`));
  const examples = existsSync(EXAMPLES)
    ? readdirSync(EXAMPLES, { withFileTypes: true }).filter((app) => app.isDirectory()).map((app) => `../../examples/${app.name}`)
    : [];
  return [...fixtures, ...examples];
}

afterAll(cleanupFixtures);

describe('fixtures where --fix applies', () => {
  it('every fixture with a fixable finding has a real-build case (and every case is fixable)', async () => {
    await initialize();
    const fixable: string[] = [];
    for (const fixture of fixtureDirs()) {
      const dir = materializeFixture(fixturePath(fixture));
      const known = CASES.find((c) => c.fixture === fixture);
      const dockerfiles = known?.dockerfiles ?? readdirSync(dir).filter((name) => /^Dockerfile(\..+)?$/.test(name));
      const hasFix = dockerfiles.some((dockerfile) => {
        const absolutePath = join(dir, dockerfile);
        const contextDir = known?.context !== undefined ? resolve(dir, known.context) : dirname(absolutePath);
        const result = lintText({ filePath: absolutePath, text: readFileSync(absolutePath, 'utf8'), rules, absolutePath, contextDir });
        return result.findings.some((finding) => finding.fix !== undefined);
      });
      if (hasFix) fixable.push(fixture);
    }
    expect(fixable.sort()).toEqual(CASES.map((c) => c.fixture).sort());
  });
});

const start: RealBuilderStart = await startRealBuilder();
if (start.skip) console.warn(`[skip] ${start.skip}`);

describe.skipIf(start.skip !== undefined)('real BuildKit: builds before and after --fix', () => {
  const builder = start.builder as RealBuilder;
  afterAll(async () => {
    await builder.stop();
  });

  for (const [index, fixCase] of CASES.entries()) {
    it(`${fixCase.fixture}: still builds, the excluded files are in no layer, files copied by name stay`, async () => {
      const dir = materializeFixture(fixturePath(fixCase.fixture));
      const work = await mkdtemp(join(tmpdir(), 'dockerlint-fix-build-'));
      const contextDir = resolve(dir, fixCase.context ?? '.');
      const originals = new Map(fixCase.dockerfiles.map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
      const useBusybox = () => {
        for (const [file, text] of originals) writeFileSync(join(dir, file), onBusybox(text, fixCase.runs ?? {}));
      };
      const useOriginals = () => {
        for (const [file, text] of originals) writeFileSync(join(dir, file), text);
      };
      const buildAll = async (phase: string) => {
        const images = new Map<string, string[][]>();
        for (const [i, file] of fixCase.dockerfiles.entries()) {
          const tag = `fix${index}-${i}-${phase}`;
          const result = await builder.build(contextDir, { tag, file: relative(contextDir, join(dir, file)) });
          expect(result.ok, `${phase} build of ${file} failed:\n${result.output}`).toBe(true);
          images.set(file, await layerPaths(builder, tag, work));
        }
        return images;
      };
      const inSomeLayer = (layers: string[][], path: string) => layers.some((layer) => layer.includes(path));

      try {
        useBusybox();
        const before = await buildAll('before');
        for (const [file, layers] of before) {
          for (const path of fixCase.leaked[file] ?? []) expect(inSomeLayer(layers, path), `before the fix ${path} leaks (${file})`).toBe(true);
          for (const path of fixCase.kept[file] ?? []) expect(inSomeLayer(layers, path), `before the fix ${path} is there (${file})`).toBe(true);
        }

        useOriginals();
        const contextArgs = fixCase.context !== undefined ? ['--context', fixCase.context] : [];
        const target = fixCase.context !== undefined ? fixCase.dockerfiles : ['.'];
        const fixed = await dockerlint(dir, ['--fix', ...contextArgs, ...target]);
        expect(fixed.code, fixed.stderr).not.toBe(2);
        const ignorePath = join(dir, fixCase.ignoreFile.path);
        expect(existsSync(ignorePath)).toBe(true);
        expect(readFileSync(ignorePath, 'utf8')).toBe(fixCase.ignoreFile.content);
        // Idempotent: a second --fix writes nothing.
        const again = await dockerlint(dir, ['--fix', ...contextArgs, ...target]);
        expect(again.stderr).not.toContain('fix: added');
        expect(readFileSync(ignorePath, 'utf8')).toBe(fixCase.ignoreFile.content);

        useBusybox();
        const after = await buildAll('after');
        for (const [file, layers] of after) {
          for (const path of fixCase.leaked[file] ?? []) {
            expect(layers.some((layer) => layer.some((entry) => entry === path || entry.startsWith(`${path}/`))), `after the fix ${path} is in a layer (${file})`).toBe(false);
          }
          for (const path of fixCase.kept[file] ?? []) expect(inSomeLayer(layers, path), `after the fix ${path} is still there (${file})`).toBe(true);
        }
      } finally {
        useOriginals();
        await rm(work, { recursive: true, force: true });
      }
    }, 240_000);
  }
});
