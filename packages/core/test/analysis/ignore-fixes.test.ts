import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  contextPeerIndex,
  contextReferences,
  contextReferencesOfFile,
  dockerfilesFoundInContext,
  exactIgnoreEntry,
  planIgnoreEntries,
  type ContextReference,
  type IgnoreFixCandidate,
} from '../../src/analysis/ignore-fixes.js';
import { inMemoryBuildContext } from '../../src/context/memory-context.js';
import { loadBuildContext } from '../../src/context/build-context.js';
import { buildModel } from '../../src/model/build.js';
import { initShellParser } from '../../src/shell/parser.js';

beforeAll(async () => {
  await initShellParser();
});

const refs = (text: string) => contextReferences(buildModel(text, { path: 'Dockerfile' }));
const brief = (references: ContextReference[]) => references.map((r) => `${r.line} ${r.keyword} ${r.source}${r.glob ? ' (glob)' : ''}${r.destination ? ` -> ${r.destination}` : ''}`);

describe('contextReferences: the context paths a Dockerfile names', () => {
  it('COPY/ADD sources, with --chown, in every stage, with their destination in the image', () => {
    const text = [
      'FROM node:20 AS build', // 1
      'WORKDIR /app', // 2
      'COPY .npmrc package.json ./', // 3
      'COPY --chown=node:node deploy/key /home/node/.ssh/id_ed25519', // 4
      'ADD secrets/api.key /etc/api/', // 5
      'FROM alpine', // 6
      'COPY ./config/ /etc/app/', // 7
    ].join('\n');
    expect(brief(refs(text))).toEqual([
      '3 COPY .npmrc -> /app/.npmrc',
      '3 COPY package.json -> /app/package.json',
      '4 COPY deploy/key -> /home/node/.ssh/id_ed25519',
      '5 ADD secrets/api.key -> /etc/api/api.key',
      '7 COPY config -> /etc/app',
    ]);
  });

  it('globs are marked; variables resolve through ARG defaults', () => {
    expect(brief(refs('FROM a\nARG CONF=app.conf\nCOPY .env* *.json ./\nCOPY ${CONF} /etc/\n'))).toEqual([
      '3 COPY .env* (glob)',
      '3 COPY *.json (glob)',
      '4 COPY app.conf -> /etc/app.conf',
    ]);
  });

  it('RUN --mount=type=bind sources read the context; the default mount type is bind', () => {
    expect(brief(refs('FROM a\nRUN --mount=type=bind,source=.npmrc,target=/root/.npmrc npm ci\nRUN --mount=src=go.sum,target=/x true\n'))).toEqual([
      '2 RUN --mount .npmrc',
      '3 RUN --mount go.sum',
    ]);
  });

  it('✓ not references: the whole context, --from copies, bind mounts from a stage, secret and cache mounts, URLs, ONBUILD, unresolved variables, paths outside', () => {
    const text = [
      'FROM a AS build',
      'COPY . .',
      'COPY * /srv/',
      'COPY --from=build /app/.npmrc /x',
      'COPY --from=nginx:1 /etc/nginx/nginx.conf /etc/',
      'RUN --mount=type=bind,from=build,source=/app,target=/app true',
      'RUN --mount=type=secret,id=npmrc,src=.npmrc true',
      'RUN --mount=type=cache,target=/root/.cache true',
      'ADD https://example.com/key.pem /etc/',
      'ONBUILD COPY .npmrc /app/',
      'COPY $UNSET /x',
      'COPY ../outside /x',
    ].join('\n');
    expect(refs(text)).toEqual([]);
  });

  it('reads a Dockerfile on disk once, and again after it changes; none for a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerlint-refs-'));
    try {
      const file = join(dir, 'Dockerfile.deploy');
      writeFileSync(file, 'FROM a\nCOPY deploy/id_ed25519 /root/.ssh/\n');
      expect(brief(contextReferencesOfFile(file))).toEqual(['2 COPY deploy/id_ed25519 -> /root/.ssh/id_ed25519']);
      expect(contextReferencesOfFile(file)[0]!.dockerfile).toBe(file);
      writeFileSync(file, 'FROM a\nCOPY deploy/known_hosts deploy/config /root/.ssh/\n');
      expect(brief(contextReferencesOfFile(file))).toEqual(['2 COPY deploy/known_hosts -> /root/.ssh/known_hosts', '2 COPY deploy/config -> /root/.ssh/config']);
      expect(contextReferencesOfFile(join(dir, 'missing'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const candidate = (path: string, ...entries: [string, ...string[]]): IgnoreFixCandidate => ({ path, entries });
const APP = ['package.json', 'src/index.js'];

describe('planIgnoreEntries', () => {
  it('the issue-20 case: .env and .git are added, .npmrc (COPY .npmrc … on line 3) is not', () => {
    const context = inMemoryBuildContext([...APP, '.env', '.git/config', '.npmrc']);
    const references = refs('FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci && rm .npmrc\nCOPY . .\n');
    const verdicts = planIgnoreEntries(context, [candidate('.env', '**/.env', '.env'), candidate('.git', '.git'), candidate('.npmrc', '**/.npmrc', '.npmrc')], references);
    expect(verdicts.map((v) => (v.kind === 'add' ? `${v.path}: add ${v.entry}` : v.kind === 'copied' ? `${v.path}: copied on line ${v.reference.line}` : v.kind))).toEqual([
      '.env: add **/.env',
      '.git: add .git',
      '.npmrc: copied on line 3',
    ]);
  });

  it('✗ a parent folder of a named path is never excluded', () => {
    const context = inMemoryBuildContext([...APP, '.aws/config', '.aws/credentials', '.git/HEAD', '.git/config']);
    const verdicts = planIgnoreEntries(context, [candidate('.aws', '**/.aws', '.aws'), candidate('.git', '.git')], refs('FROM a\nCOPY .aws/config /root/.aws/config\nCOPY .git/HEAD /version\n'));
    expect(verdicts.map((v) => `${v.path} ${v.kind}`)).toEqual(['.aws copied', '.git copied']);
  });

  it('✓ a file inside a folder that is copied by name can be excluded (the folder copy still works)', () => {
    const context = inMemoryBuildContext([...APP, 'config/app.yaml', 'config/prod.key']);
    const verdicts = planIgnoreEntries(context, [candidate('config/prod.key', '**/*.key', 'config/prod.key')], refs('FROM a\nCOPY config/ /etc/app/\n'));
    expect(verdicts).toEqual([{ path: 'config/prod.key', kind: 'add', entry: '**/*.key' }]);
  });

  it('✗ files a glob source matches are kept; ✓ the general entry falls back to the exact path', () => {
    const context = inMemoryBuildContext([...APP, '.env', 'config/.env', 'service-account.json']);
    const references = refs('FROM a\nCOPY config/.env* /etc/app/\nCOPY *.json ./\nCOPY . .\n');
    const verdicts = planIgnoreEntries(
      context,
      [candidate('.env', '**/.env', '.env'), candidate('config/.env', '**/.env', 'config/.env'), candidate('service-account.json', '**/*service-account*.json', 'service-account.json')],
      references,
    );
    expect(verdicts.map((v) => (v.kind === 'add' ? `${v.path}: add ${v.entry}` : `${v.path}: ${v.kind} by ${v.kind === 'copied' ? v.reference.written : ''}`))).toEqual([
      '.env: add .env',
      'config/.env: copied by config/.env*',
      'service-account.json: copied by *.json',
    ]);
  });

  it('a folder glob (`src/*`) blocks an entry only when it would leave the glob with nothing to copy', () => {
    const references = refs('FROM a\nCOPY src/* /app/\n');
    const some = planIgnoreEntries(inMemoryBuildContext(['src/index.js', 'src/.env']), [candidate('src/.env', '**/.env')], references);
    expect(some).toEqual([{ path: 'src/.env', kind: 'add', entry: '**/.env' }]);
    const all = planIgnoreEntries(inMemoryBuildContext(['src/.env']), [candidate('src/.env', '**/.env', 'src/.env')], references);
    expect(all.map((v) => v.kind)).toEqual(['copied']);
  });

  it('respects an existing exclusion: a reference that is already excluded does not block', () => {
    const context = inMemoryBuildContext([...APP, '.env', 'local.key'], 'local.key\n');
    const verdicts = planIgnoreEntries(context, [candidate('.env', '**/.env')], refs('FROM a\nCOPY local.key /x\nCOPY . .\n'));
    expect(verdicts).toEqual([{ path: '.env', kind: 'add', entry: '**/.env' }]);
  });

  it('✗ a path the user re-included on purpose (`!.env.local`) is reported, not overridden', () => {
    const context = inMemoryBuildContext([...APP, '.env.local', '.env.production'], '**/.env*\n!.env.local\n');
    const verdicts = planIgnoreEntries(context, [candidate('.env.local', '**/.env.*', '.env.local')], []);
    expect(verdicts).toEqual([{ path: '.env.local', kind: 'reincluded', pattern: '!.env.local' }]);
  });

  it('✓ a folder re-included as a whole (`*` then `!src`) does not count as choosing the secret inside it', () => {
    const context = inMemoryBuildContext([...APP, 'src/.env'], '*\n!src\n!package.json\n');
    expect(planIgnoreEntries(context, [candidate('src/.env', '**/.env')], [])).toEqual([{ path: 'src/.env', kind: 'add', entry: '**/.env' }]);
  });

  it('an entry that would override another deliberate re-include falls back to the exact path', () => {
    const context = inMemoryBuildContext([...APP, 'config/ca.key', 'config/other.key', 'deploy/server.key'], 'config/*.key\n!config/ca.key\n');
    const verdicts = planIgnoreEntries(context, [candidate('deploy/server.key', '**/*.key', 'deploy/server.key')], []);
    expect(verdicts).toEqual([{ path: 'deploy/server.key', kind: 'add', entry: 'deploy/server.key' }]);
  });

  it('exact entries escape dockerignore glob characters', () => {
    expect(exactIgnoreEntry('keys/[prod]*.pem')).toBe('keys/\\[prod\\]\\*.pem');
    expect(exactIgnoreEntry('.env')).toBe('.env');
  });
});

describe('Dockerfiles sharing a context', () => {
  it('contextPeerIndex: the other Dockerfiles of the same context, sorted, without the one asked about', () => {
    const peersOf = contextPeerIndex([
      { dockerfile: '/repo/Dockerfile', context: '/repo' },
      { dockerfile: '/repo/docker/worker.Dockerfile', context: '/repo/' },
      { dockerfile: '/repo/Dockerfile.deploy', context: '/repo/.' },
      { dockerfile: '/repo/services/api/Dockerfile', context: '/repo/services/api' },
    ]);
    expect(peersOf('/repo/Dockerfile', '/repo')).toEqual(['/repo/Dockerfile.deploy', '/repo/docker/worker.Dockerfile']);
    expect(peersOf('/repo/services/api/Dockerfile', '/repo/services/api')).toEqual([]);
    expect(peersOf('/elsewhere/Dockerfile', '/nowhere')).toEqual([]);
  });

  it('dockerfilesFoundInContext: Dockerfiles in the context folder and, via the config mapping, deeper ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'dockerlint-peers-'));
    try {
      for (const rel of ['Dockerfile', 'Dockerfile.deploy', 'api.Dockerfile.dockerignore', 'docker/worker.Dockerfile', 'services/web/Dockerfile', 'src/index.js']) {
        mkdirSync(dirname(join(root, rel)), { recursive: true });
        writeFileSync(join(root, rel), 'FROM a\n');
      }
      const context = loadBuildContext({ contextDir: root });
      const mapped = (file: string) => (file.endsWith('worker.Dockerfile') ? root : undefined);
      expect(dockerfilesFoundInContext(context, mapped)).toEqual([join(root, 'Dockerfile'), join(root, 'Dockerfile.deploy'), join(root, 'docker/worker.Dockerfile')]);
      expect(dockerfilesFoundInContext(context, () => undefined)).toEqual([join(root, 'Dockerfile'), join(root, 'Dockerfile.deploy')]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

