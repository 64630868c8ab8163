import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildModel, childImageEvents, deletes, globMatcher, inMemoryBuildContext, inheritedFileEvents, initialize, instructionEvents,
  liveSecretFilesOf, noBuildContext, type AddEvent, type DeleteEvent, type FileEvent, type RunInstruction,
} from '../../src/index.js';

beforeAll(async () => {
  await initialize();
});

const model = (text: string, target?: string) => buildModel(text, { path: 'Dockerfile', ...(target ? { target } : {}) });
const adds = (events: FileEvent[]) => events.filter((event): event is AddEvent => event.kind === 'add');
const del = (path: string): DeleteEvent => ({ kind: 'delete', path, instruction: undefined as unknown as RunInstruction, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, remover: 'rm' });

describe('globs and deletes', () => {
  it('shell globs do not match dotfiles; COPY globs do', () => {
    expect(globMatcher('/app/*', false)('/app/.env')).toBe(false);
    expect(globMatcher('/app/*', false)('/app/main.js')).toBe(true);
    expect(globMatcher('/app/*', true)('/app/.env')).toBe(true);
    expect(globMatcher('/k/[!a]*.key', false)('/k/b.key')).toBe(true);
    expect(globMatcher('/k/[!a]*.key', false)('/k/a.key')).toBe(false);
  });

  it('deletes covers the path, its parents and globs over a prefix', () => {
    expect(deletes(del('/root/.ssh'), '/root/.ssh/id_rsa')).toBe(true);
    expect(deletes(del('/root/.ssh/id_rsa'), '/root/.ssh')).toBe(false);
    expect(deletes(del('/etc/ssl/*.key'), '/etc/ssl/server.key')).toBe(true);
    expect(deletes(del('/var/lib/apt/lists/*'), '/app/.npmrc')).toBe(false);
    expect(deletes(del('/tmp/*'), '/tmp/dir/x.key')).toBe(true);
  });
});

describe('RUN events', () => {
  const runOf = (text: string, line: number) => {
    const m = model(text);
    const run = m.allInstructions().find((i) => i.kind === 'RUN' && i.range.start.line === line)!;
    return { m, events: instructionEvents(m, run, noBuildContext()) };
  };

  it('tracks cd, WORKDIR, ~ and USER homes', () => {
    const { events } = runOf('FROM alpine\nWORKDIR /w\nUSER app\nARG T0KEN_VALUE\nARG API_TOKEN\nRUN cd sub && echo "$API_TOKEN" > t && echo "$API_TOKEN" > ~/t2\n', 6);
    expect(adds(events).map((e) => [e.path, e.secret?.description])).toEqual([
      ['/w/sub/t', 'build arg API_TOKEN'],
      ['/home/app/t2', 'build arg API_TOKEN'],
    ]);
  });

  it('binds a list redirect to the last command only', () => {
    const { events } = runOf('FROM alpine\nARG API_TOKEN\nRUN echo "$API_TOKEN" | base64 && echo ok > /tmp/log\n', 3);
    expect(adds(events).map((e) => [e.path, e.secret])).toEqual([['/tmp/log', undefined]]);
  });

  it('marks writes below tmpfs/cache mounts as ephemeral', () => {
    const { events } = runOf('FROM alpine\nARG API_TOKEN\nRUN --mount=type=cache,target=/c echo "$API_TOKEN" > /c/t\n', 3);
    expect(adds(events)[0]!.ephemeral).toBe(true);
  });

  it('records credential commands with resolved paths, and credential removers as rewrites', () => {
    const { events } = runOf('FROM node:20\nARG NPM_TOKEN\nRUN npm set //r/:_authToken=$NPM_TOKEN && npm ci && npm config delete //r/:_authToken\n', 3);
    expect(events.map((e) => `${e.kind} ${e.path}`)).toEqual(['add /root/.npmrc', 'delete /root/.npmrc']);
    expect((events[1] as DeleteEvent).rewrite).toBe(true);
  });

  it('mv of a sensitive file deletes the source and adds the destination', () => {
    const { events } = runOf('FROM alpine\nRUN mv /tmp/id_rsa /root/.ssh/id_rsa\n', 2);
    expect(events.map((e) => `${e.kind} ${e.path}`)).toEqual(['add /root/.ssh/id_rsa', 'delete /tmp/id_rsa']);
  });
});

describe('stage filesystem', () => {
  it('liveSecretFilesOf applies later deletes, and COPY --from propagates origins', () => {
    const m = model('FROM node:20 AS a\nARG NPM_TOKEN\nWORKDIR /app\nRUN echo "$NPM_TOKEN" > .token && echo "$NPM_TOKEN" > .token2\nRUN rm .token2\nFROM alpine AS b\nCOPY --from=a /app /pkg\nFROM alpine\nCOPY --from=b /pkg/.token /x\n');
    const [a, b, final] = m.stages;
    expect(liveSecretFilesOf(m, a!, noBuildContext()).map((e) => e.path)).toEqual(['/app/.token']);
    const fromB = adds(inheritedFileEvents(m, b!, noBuildContext())).filter((e) => e.origin);
    expect(fromB.map((e) => [e.path, e.origin!.path])).toEqual([['/pkg/.token', '/app/.token']]);
    const fromFinal = adds(inheritedFileEvents(m, final!, noBuildContext())).filter((e) => e.origin);
    expect(fromFinal.map((e) => [e.path, e.origin!.range.start.line])).toEqual([['/x', 4]]);
  });

  it('expands COPY . with a build context into its sensitive files (a sensitive directory is one event)', () => {
    const m = model('FROM alpine\nCOPY . /srv\n');
    const ctx = inMemoryBuildContext(['.env', '.git/config', '.git/HEAD', 'app.py', 'certs/ca.crt', 'certs/tls.key']);
    const sensitive = adds(inheritedFileEvents(m, m.stages[0]!, ctx)).filter((e) => e.sensitive).map((e) => e.path).sort();
    expect(sensitive).toEqual(['/srv/.env', '/srv/.git', '/srv/certs/tls.key']);
  });

  it('childImageEvents appends ONBUILD triggers after the stage history', () => {
    const m = model('FROM alpine\nCOPY .env /app/.env\nONBUILD RUN rm /app/.env\n');
    expect(childImageEvents(m, m.stages[0]!, noBuildContext()).map((e) => `${e.kind} ${e.path}`)).toEqual(['add /app/.env', 'delete /app/.env']);
  });

  it('classifies a renamed COPY by its destination name', () => {
    const m = model('FROM alpine\nWORKDIR /app\nCOPY npmrc.ci .npmrc\n');
    expect(adds(inheritedFileEvents(m, m.stages[0]!, noBuildContext()))[0]!.sensitive?.pattern.glob).toBe('.npmrc');
  });
});
