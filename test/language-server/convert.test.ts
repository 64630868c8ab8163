/** The pure mappings of the adapter: findings → diagnostics, fixes → workspace edits, the disable directive. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildModel, initialize, type Finding } from '@dockerlint/core';
import { disableNextLineEdit, toDiagnostic, toWorkspaceEdit, type EditCapabilities } from '../../packages/language-server/src/convert.js';
import { isDockerfileDocument } from '../../packages/language-server/src/server.js';
import { layerSettings, normalizeSettings, resolveContextSetting } from '../../packages/language-server/src/settings.js';

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'no-secret-arg',
    messageId: 'x',
    message: 'ARG NPM_TOKEN is recorded in the image history',
    severity: 'warning',
    file: '/p/Dockerfile',
    line: 2,
    column: 5,
    endLine: 2,
    endColumn: 14,
    help: 'Use a secret mount.',
    url: 'https://example.test/no-secret-arg.md',
    fingerprint: 'fp1',
    ...overrides,
  };
}

let dir: string;
beforeAll(async () => {
  await initialize();
  dir = mkdtempSync(path.join(tmpdir(), 'dockerlint-convert-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caps = (over: Partial<EditCapabilities> = {}): EditCapabilities => ({ documentChanges: true, createFiles: true, openVersion: () => undefined, ...over });

describe('toDiagnostic', () => {
  test('1-based end-exclusive → 0-based, code, source, href, severity, related', () => {
    const d = toDiagnostic(finding({ related: [{ line: 1, column: 1, endLine: 1, endColumn: 5, message: 'added here' }, { line: 3, column: 2, message: 'no end' }] }), 'file:///p/Dockerfile');
    expect(d.range).toEqual({ start: { line: 1, character: 4 }, end: { line: 1, character: 13 } });
    expect(d).toMatchObject({ code: 'no-secret-arg', source: 'dockerlint', severity: 2, codeDescription: { href: 'https://example.test/no-secret-arg.md' }, data: { fingerprint: 'fp1' } });
    expect(d.relatedInformation).toEqual([
      { location: { uri: 'file:///p/Dockerfile', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } }, message: 'added here' },
      { location: { uri: 'file:///p/Dockerfile', range: { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } } }, message: 'no end' },
    ]);
    expect(toDiagnostic(finding({ severity: 'error' }), 'u').severity).toBe(1);
  });

  test('a message that still holds a secret is masked', () => {
    const secret = 'ghp_' + 'R2d2C3poBb8Yoda7Luke9Leia0Han1Solo2Chew';
    expect(toDiagnostic(finding({ message: `token ${secret} here` }), 'u').message).not.toContain(secret);
  });
});

describe('toWorkspaceEdit', () => {
  const target = () => ({ uri: pathToFileURL(path.join(dir, 'Dockerfile')).href, version: 7, fsPath: path.join(dir, 'Dockerfile') });
  const range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

  test('a missing .dockerignore is created, then edited', () => {
    const ignore = path.join(dir, 'missing', '.dockerignore');
    const edit = toWorkspaceEdit({ description: 'add', edits: [{ file: ignore, range, text: '.env\n' }] }, target(), caps());
    expect(edit).toEqual({
      documentChanges: [
        { kind: 'create', uri: pathToFileURL(ignore).href, options: { ignoreIfExists: true } },
        { textDocument: { uri: pathToFileURL(ignore).href, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.env\n' }] },
      ],
    });
    expect(toWorkspaceEdit({ description: 'add', edits: [{ file: ignore, range, text: '.env\n' }] }, target(), caps({ createFiles: false }))).toBeUndefined();
  });

  test('an existing file is edited without create; an open one with its version; the document itself with its version', () => {
    const ignore = path.join(dir, '.dockerignore');
    writeFileSync(ignore, 'node_modules\n');
    const edits = [
      { file: ignore, range: { start: { line: 2, column: 1 }, end: { line: 2, column: 1 } }, text: '.env\n' },
      { range: { start: { line: 1, column: 1 }, end: { line: 1, column: 5 } }, text: 'FROM' },
      { file: path.join(dir, 'Dockerfile'), range: { start: { line: 2, column: 1 }, end: { line: 2, column: 1 } }, text: '# x\n' },
    ];
    const edit = toWorkspaceEdit({ description: 'd', edits }, target(), caps());
    expect(edit!.documentChanges).toHaveLength(2);
    expect(edit!.documentChanges![0]).toMatchObject({ textDocument: { uri: pathToFileURL(ignore).href, version: null } });
    expect(edit!.documentChanges![1]).toMatchObject({ textDocument: { uri: target().uri, version: 7 } });
    expect((edit!.documentChanges![1] as { edits: unknown[] }).edits).toHaveLength(2);
    const open = toWorkspaceEdit({ description: 'd', edits: edits.slice(0, 1) }, target(), caps({ openVersion: () => 3 }));
    expect(open!.documentChanges![0]).toMatchObject({ textDocument: { version: 3 } });
    const plain = toWorkspaceEdit({ description: 'd', edits }, target(), caps({ documentChanges: false }));
    expect(Object.keys(plain!.changes!)).toEqual([pathToFileURL(ignore).href, target().uri]);
  });
});

describe('disableNextLineEdit', () => {
  const at = (text: string, line: number, ruleId = 'no-secret-arg') => {
    const model = buildModel(text, { path: '/p/Dockerfile' });
    return disableNextLineEdit(model, text, finding({ ruleId, line, endLine: line }));
  };

  test('inserts above the instruction with its indentation, for a finding on a continuation line too', () => {
    expect(at('FROM a\n  ARG NPM_TOKEN=x\n', 2)).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '  # dockerlint-disable-next-line no-secret-arg\n' });
    expect(at('FROM a\nRUN echo a \\\n    && echo b\n', 3)!.range.start.line).toBe(1);
    expect(at('FROM a\r\n\tENV A=b\r\n', 2)!.newText).toBe('\t# dockerlint-disable-next-line no-secret-arg\r\n');
  });

  test('extends an existing directive, but not one with a reason, and not twice', () => {
    expect(at('FROM a\n# dockerlint-disable-next-line no-secret-env\nENV A=b\n', 3)).toEqual({
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 44 } },
      newText: '# dockerlint-disable-next-line no-secret-env, no-secret-arg',
    });
    expect(at('FROM a\n# dockerlint-disable-next-line no-secret-env -- ok\nENV A=b\n', 3)!.range.start.line).toBe(2);
    expect(at('FROM a\n# dockerlint-disable-next-line no-secret-arg\nENV A=b\n', 3)).toBeUndefined();
  });
});

describe('settings and documents', () => {
  test('settings are normalised and layered over the config', () => {
    const s = normalizeSettings({ enable: true, rules: { a: 'off', b: ['warning', {}], c: 'loud' }, context: ' ctx ', target: '' });
    expect(s).toEqual({ enable: true, rules: { a: 'off', b: 'warning' }, context: 'ctx' });
    expect(normalizeSettings(null)).toEqual({ enable: true, rules: {} });
    expect(normalizeSettings({ enable: false }).enable).toBe(false);
    const config = { files: [], rules: { b: { severity: 'error' as const, options: { stages: 'all' as const } } }, ignores: [], allowlist: { names: [], values: [], fingerprints: [] }, context: [] };
    expect(layerSettings(config, s).rules).toEqual({ a: { severity: 'off', options: {} }, b: { severity: 'warning', options: { stages: 'all' } } });
    expect(resolveContextSetting('${workspaceFolder}/app', '/ws', '/ws/svc')).toBe('/ws/app');
    expect(resolveContextSetting('app', undefined, '/ws/svc')).toBe('/ws/svc/app');
  });

  test('which documents are Dockerfiles', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'web.dockerfile', 'Containerfile', 'Containerfile.dev']) {
      expect(isDockerfileDocument(`file:///p/${name}`, 'plaintext'), name).toBe(true);
    }
    for (const name of ['Dockerfile.dockerignore', '.dockerignore', 'Containerfile.containerignore']) {
      expect(isDockerfileDocument(`file:///p/${name}`, 'dockerfile'), name).toBe(false);
    }
    expect(isDockerfileDocument('file:///p/README.md', 'markdown')).toBe(false);
    // The client's language id decides for other names.
    expect(isDockerfileDocument('file:///p/build/prod', 'dockerfile')).toBe(true);
    expect(isDockerfileDocument('untitled:Untitled-1', 'dockerfile')).toBe(true);
  });
});
