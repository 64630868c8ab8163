// Ground truth for no-secret-arg's severity: BuildKit records every build arg of a stage in the history entry of
// every RUN that follows the ARG, whether or not the RUN references it (error); with no RUN after the ARG the value
// is nowhere in the image (warning: provenance only). ONBUILD ARG + ONBUILD RUN do the same in the child image.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_IMAGE, startRealBuilder, type RealBuilder, type RealBuilderStart } from '../helpers/real-builder.js';

const start: RealBuilderStart = await startRealBuilder();
if (start.skip) console.warn(`[skip] ${start.skip}`);

describe.skipIf(start.skip !== undefined)('real BuildKit: build args in the image history', () => {
  const builder = start.builder as RealBuilder;
  let context: string;
  // A fake value shaped like an npm token; it never leaves this test's temp folder and daemon.
  const fakeToken = `npm_${'Fake0Token1For2History3Test4'.padEnd(36, 'x')}`;

  beforeAll(async () => {
    context = await mkdtemp(join(tmpdir(), 'dockerlint-history-'));
  });
  afterAll(async () => {
    await builder.stop();
    await rm(context, { recursive: true, force: true });
  });

  it('records an ARG in a later RUN that does not reference it', async () => {
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nARG NPM_TOKEN\nRUN echo install\n`);
    const result = await builder.build(context, { tag: 'history-unreferenced', buildArgs: { NPM_TOKEN: fakeToken } });
    expect(result.ok, result.output).toBe(true);
    const history = await builder.history('history-unreferenced');
    const runEntry = history.find((line) => line.includes('echo install'));
    expect(runEntry).toBe(`RUN |1 NPM_TOKEN=${fakeToken} /bin/sh -c echo install # buildkit`);
  });

  it('records nothing in RUNs before the ARG, and an empty value when the arg is not passed', async () => {
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo before\nARG NPM_TOKEN\nRUN echo after\n`);
    const passed = await builder.build(context, { tag: 'history-order', buildArgs: { NPM_TOKEN: fakeToken } });
    expect(passed.ok, passed.output).toBe(true);
    const history = await builder.history('history-order');
    expect(history.find((line) => line.includes('echo before'))).toBe('RUN /bin/sh -c echo before # buildkit');
    expect(history.find((line) => line.includes('echo after'))).toContain(`NPM_TOKEN=${fakeToken}`);

    const notPassed = await builder.build(context, { tag: 'history-empty' });
    expect(notPassed.ok, notPassed.output).toBe(true);
    const emptyHistory = await builder.history('history-empty');
    expect(emptyHistory.find((line) => line.includes('echo after'))).toBe('RUN |1 NPM_TOKEN= /bin/sh -c echo after # buildkit');
  });

  it('records nothing of the value when no RUN follows the ARG (not in the history, config or layers)', async () => {
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN echo before\nARG NPM_TOKEN\nCOPY Dockerfile /app/Dockerfile\n`);
    const result = await builder.build(context, { tag: 'history-no-run', buildArgs: { NPM_TOKEN: fakeToken } });
    expect(result.ok, result.output).toBe(true);
    const history = await builder.history('history-no-run');
    expect(history.join('\n')).not.toContain(fakeToken);
    const tar = await builder.save('history-no-run', join(context, 'no-run.tar'));
    const saved = await readFile(tar);
    await rm(tar);
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.includes(fakeToken)).toBe(false);
  });

  it('records ONBUILD ARG + ONBUILD RUN in the history of the child image', async () => {
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nONBUILD ARG NPM_TOKEN\nONBUILD RUN echo child-step\n`);
    const parent = await builder.build(context, { tag: 'onbuild-parent' });
    expect(parent.ok, parent.output).toBe(true);
    const child = join(context, 'child');
    await mkdir(child, { recursive: true });
    await writeFile(join(child, 'Dockerfile'), 'FROM onbuild-parent\n');
    const built = await builder.build(child, { tag: 'onbuild-child', buildArgs: { NPM_TOKEN: fakeToken } });
    expect(built.ok, built.output).toBe(true);
    const history = await builder.history('onbuild-child');
    expect(history.find((line) => line.includes('echo child-step'))).toBe(`RUN |1 NPM_TOKEN=${fakeToken} /bin/sh -c echo child-step # buildkit`);
  });
});
