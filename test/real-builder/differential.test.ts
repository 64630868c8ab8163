// Ground truth for every rule (differential test): each rule fixture that Docker 20.10's built-in Dockerfile
// frontend can express is built by the real BuildKit — base images replaced by a busybox base with stub tools,
// fake values passed as build args, `--secret` files and context files — saved with `docker save`, and
// `dockerlint --verify` checks every static verdict against what the image holds. Every disagreement must be one
// the table below explains; docs/accuracy.md shows the same table.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakes } from '@dockerlint/core/testing';
import { runCli } from '../helpers/cli-run.js';
import { cleanupFixtures, fixturePath, materializeFixture } from '../helpers/fixtures.js';
import { BASE_IMAGE, startRealBuilder, type RealBuilder, type RealBuilderStart } from '../helpers/real-builder.js';

const start: RealBuilderStart = await startRealBuilder();
if (start.skip) console.warn(`[skip] ${start.skip}`);

const RULES = ['no-context-secrets', 'no-hardcoded-secret', 'no-persisted-secret', 'no-secret-arg', 'no-secret-deleted-in-later-layer', 'no-secret-env', 'no-secret-file-copy', 'no-secret-in-build-output', 'no-secret-stage-copy'];
const TOOLS_IMAGE = 'base:tools';
/** Programs the fixtures run that busybox lacks: stubs that succeed and write nothing. */
const STUBS = ['pip', 'apk', 'apt-get', 'apt-mark', 'curl', 'wget', 'git', 'docker', 'gh', 'go', 'bundle', 'gem', 'rails', 'mysqld', 'mysql', 'psql', 'gpg', 'gpgconf', 'chpasswd', 'composer', 'python', 'python3', 'node', 'yarn', 'sha256sum'];

/** Why a fixture cannot be built by the 20.10 frontend at all. */
function inexpressible(dockerfile: string): string | undefined {
  if (/<<-?['"]?[A-Za-z_]+/.test(dockerfile)) return 'heredoc (needs Dockerfile syntax ≥ 1.4, not in the 20.10 built-in frontend)';
  if (/--mount=[^\s]*type=secret[^\s]*,env=/.test(dockerfile)) return 'secret mount with env= (needs Dockerfile syntax ≥ 1.10)';
  return undefined;
}

/** Same lines (positions keep), base images replaced, no `# syntax=` (it would need a registry). */
function forTwentyTen(dockerfile: string): string {
  const stages = new Set([...dockerfile.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]!.toLowerCase()));
  return dockerfile
    .split('\n')
    .map((line) => {
      if (/^#\s*syntax=/i.test(line)) return '# (syntax directive removed for the 20.10 frontend)';
      const from = /^(\s*FROM\s+)(?:--platform=\S+\s+)?(\S+)(.*)$/i.exec(line);
      if (!from || stages.has(from[2]!.toLowerCase())) return line;
      return `${from[1]}${TOOLS_IMAGE}${from[3]}`;
    })
    .join('\n');
}

/** Fake values for every secret-like ARG and every secret mount id. */
function buildInputs(dockerfile: string, dir: string): { buildArgs: Record<string, string>; secrets: Record<string, string> } {
  const buildArgs: Record<string, string> = {};
  for (const m of dockerfile.matchAll(/^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=\S*)?\s*$/gm)) {
    const name = m[1]!;
    if (/TOKEN|PASSWORD|SECRET|KEY|PASS/i.test(name) && !/VERSION/i.test(name)) buildArgs[name] = fakes.npmToken(name.length + 31);
  }
  const secrets: Record<string, string> = {};
  for (const m of dockerfile.matchAll(/--mount=[^\s]*type=secret[^\s]*/g)) {
    const id = /id=([\w.-]+)/.exec(m[0])?.[1];
    if (!id) continue;
    const file = join(dir, `..`, `secret-${id}`);
    writeFileSync(file, id.includes('npm') ? `//registry.npmjs.org/:_authToken=${fakes.npmToken(77)}\n` : `${fakes.githubClassic(78)}\n`);
    secrets[id] = file;
  }
  return { buildArgs, secrets };
}

interface Row {
  fixture: string;
  built: 'yes' | string;
  statuses: string[];
}

/**
 * Every disagreement between the static verdict and the image, with its reason. Keys: `<fixture> <rule>:<line>
 * <status>` for static findings that are not confirmed, `<fixture> missed <image rule> <path or field>` for image
 * findings no static finding explains, `<fixture> build` for fixtures the stub base cannot build.
 */
const NPM_STUB = 'npm is a stub in the busybox base (no real npm offline): the ~/.npmrc it would write is not written';
const EXPLAINED: Record<string, string> = {
  'no-persisted-secret/npm-token-in-npmrc no-persisted-secret:7 not observed': NPM_STUB,
  'no-secret-arg/global-arg-redeclared no-persisted-secret:8 not observed':
    'git is a stub in the busybox base: the credentialed insteadOf URL it would write to ~/.gitconfig is not written',
  'no-secret-deleted-in-later-layer/npmrc-removed-later no-secret-file-copy:5 not observed':
    "the fixture's .npmrc holds ${NPM_TOKEN} (a reference npm expands at run time), no credential: the image check reports an .npmrc only with credential content, the static rules by name",
  'no-secret-deleted-in-later-layer/npmrc-removed-later no-secret-deleted-in-later-layer:10 not observed':
    "the same .npmrc: removed later, but it never held a credential in this build",
  'no-context-secrets/npmrc-copied-explicitly no-secret-file-copy:3 not observed':
    "the fixture's .npmrc holds ${NPM_TOKEN} (a reference npm expands at run time), no credential: the image check reports an .npmrc only with credential content, the static rules by name",
  'no-context-secrets/npmrc-copied-explicitly no-secret-deleted-in-later-layer:4 not observed':
    'the same .npmrc: removed later, but it never held a credential in this build',
  'no-secret-file-copy/ssh-deploy-key image-sensitive-file:5 /root/.ssh missed by static analysis':
    'RUN chmod 600 /root/.ssh/id_ed25519 copies the key up into its own layer (a metadata change rewrites the whole file): a second copy of the key no-secret-file-copy reports at line 3',
  'no-secret-env/official-python-image build':
    'the RUN downloads and verifies a release (wget, sha256sum -c, gpg --verify): not reproducible offline with stub tools',
  'no-secret-in-build-output/official-style-set-eux build':
    'the RUN installs packages and verifies a signature (apt-get, wget, gpg): not reproducible offline with stub tools',
  'no-secret-stage-copy/dist-only build': 'COPY --from=build /app/node_modules needs the tree a real npm ci writes',
  'no-secret-arg/builder-stage-only build':
    'the RUN starts with NPM_CONFIG_//registry.npmjs.org/:_authToken=… which no POSIX shell takes as an assignment (it runs as a command): exit 127 on any builder',
};

describe.skipIf(start.skip !== undefined)('differential: static verdicts vs images built by the real BuildKit', () => {
  const builder = start.builder as RealBuilder;
  let root: string;
  const rows: Row[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dockerlint-differential-'));
    const stubs = STUBS.map((tool) => `printf '#!/bin/sh\\nexit 0\\n' > /usr/local/bin/${tool} && chmod +x /usr/local/bin/${tool}`).join(' && ');
    // npm: `npm run build` leaves the build output directory the fixtures copy out of their builder stage.
    const npm = `printf '#!/bin/sh\\n[ "$1 $2" = "run build" ] && mkdir -p dist\\nexit 0\\n' > /usr/local/bin/npm && chmod +x /usr/local/bin/npm`;
    writeFileSync(join(root, 'Dockerfile'),
      `FROM ${BASE_IMAGE}\nRUN mkdir -p /usr/local/bin /usr/bin /sbin /usr/sbin && /bin/busybox --install -s && ${stubs} && ${npm}` +
      ` && echo 'node:x:1000:1000::/home/node:/bin/sh' >> /etc/passwd && echo 'mysql:x:999:999::/var/lib/mysql:/bin/sh' >> /etc/passwd\n`);
    const built = await builder.build(root, { tag: TOOLS_IMAGE });
    expect(built.ok, built.output).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await builder.stop();
    cleanupFixtures();
    if (root) await rm(root, { recursive: true, force: true });
    // The table for docs/accuracy.md (printed, not written: tests do not edit docs).
    console.log(rows.map((r) => `${r.fixture} | ${r.built} | ${r.statuses.join('; ')}`).join('\n'));
  });

  const fixtures = RULES.flatMap((rule) => readdirSync(fixturePath(rule)).map((name) => `${rule}/${name}`));

  it.each(fixtures)('%s', async (fixture) => {
    const [rule, name] = fixture.split('/') as [string, string];
    const dir = materializeFixture(fixturePath(rule, name));
    const isDockerfile = (f: string) => /^Dockerfile|\.Dockerfile$/.test(f) && !f.endsWith('.dockerignore');
    const dockerfileName = readdirSync(dir).find(isDockerfile) ?? readdirSync(join(dir, 'docker')).map((f) => `docker/${f}`).find((f) => isDockerfile(f.slice(7)))!;
    const original = readFileSync(join(dir, dockerfileName), 'utf8');
    const why = inexpressible(original);
    if (why) {
      rows.push({ fixture, built: `no: ${why}`, statuses: [] });
      return;
    }
    writeFileSync(join(dir, dockerfileName), forTwentyTen(original));
    const tag = `diff-${rule}-${name}`.toLowerCase();
    const inputs = buildInputs(original, dir);
    const built = await builder.build(dir, { tag, file: dockerfileName, ...inputs });
    if (!built.ok) {
      const reason = EXPLAINED[`${fixture} build`];
      rows.push({ fixture, built: `no: ${reason ?? built.output.split('\n').filter((l) => /error|failed/i.test(l)).slice(-1)[0]}`, statuses: [] });
      expect(reason, `build failed without an explanation:\n${built.output.slice(-1500)}`).toBeDefined();
      return;
    }
    const archive = await builder.save(tag, join(root, `${tag}.tar`));
    const out = await runCli(['--image', archive, dockerfileName, '--verify', '--context', '.', '--format', 'json', '--no-config-lookup'], dir);
    expect(out.code, out.stderr).not.toBe(2);
    const messages = (JSON.parse(out.stdout) as Array<{ messages: Array<{ ruleId: string; line: number; message: string }> }>).flatMap((r) => r.messages);
    const statuses = messages.map((m) => {
      const status = /\[image: (confirmed|not observed|not checkable|missed by static analysis)/.exec(m.message)?.[1] ?? 'unknown';
      const where = m.ruleId.startsWith('image-') ? ` ${/ (\/\S+|Env \S+|Labels \S+|history entry \d+)/.exec(m.message)?.[1] ?? ''}` : '';
      return `${m.ruleId}:${m.line}${where} ${status}`;
    });
    rows.push({ fixture, built: 'yes', statuses });
    const disagreements = statuses.filter((s) => !s.endsWith(' confirmed') && !s.endsWith(' not checkable')).map((s) => `${fixture} ${s}`);
    expect(disagreements.filter((d) => EXPLAINED[d] === undefined), 'unexplained disagreements').toEqual([]);
  }, 120_000);
});
