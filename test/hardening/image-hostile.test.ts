// Hostile image archives: path traversal, symlink loops, huge and truncated members, a decompression bomb,
// malformed JSON, thousands of layers. Each gets a one-line error or a bounded, partial result, never a crash,
// a hang or a write to disk.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanImage, type ImageScanOptions, type ImageScanResult } from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { classicArchive, ociMembers, ociTar, tarOf, type EntrySpec } from '../helpers/image-archive.js';

/** An environment file is reported when it assigns a literal to a secret-like name (not for `PORT=3000`). */
const ENV_WITH_SECRET = 'DB_PASSWORD=Vq7pLm2xR9tKw4Zs\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dockerlint-image-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scanBuffer(buffer: Buffer, options: ImageScanOptions = {}): Promise<ImageScanResult> {
  return scanImage({ stream: Readable.from(chunks(buffer)), name: 'hostile.tar' }, options);
}

function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let i = 0; i < buffer.length; i += 65536) yield buffer.subarray(i, i + 65536);
}

async function scanError(buffer: Buffer, options: ImageScanOptions = {}): Promise<string> {
  try {
    await scanBuffer(buffer, options);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

function manifestArchive(manifest: string, extra: EntrySpec[] = []): Promise<Buffer> {
  return tarOf([...extra, { name: 'manifest.json', content: manifest }]);
}

describe('image fuzz (short seeded run of fuzz/image.mjs)', () => {
  it('600 mutated archives (truncated, flipped bytes, garbled headers, huge sizes, junk): a result or a one-line error, in budget, redacted', async () => {
    // @ts-expect-error plain ESM JavaScript without types
    const { runImageFuzz } = (await import('../../fuzz/image.mjs')) as { runImageFuzz: (o: object) => Promise<{ count: number; failures: Array<{ index: number; problem: string }> }> };
    const report = await runImageFuzz({ count: 600, seed: 20_261_204, budgetMs: 20_000, quiet: true });
    expect(report.count).toBe(600);
    expect(report.failures.map((f) => `${f.index}: ${f.problem}`)).toEqual([]);
  }, 180_000);
});

describe('hostile image archives', () => {
  it('path traversal and absolute member names are normalised inside the image and nothing is written to disk', async () => {
    const before = await readdir(tmpdir());
    const archive = await classicArchive({
      layers: [[
        { name: '../../../../tmp/dockerlint-escape/.env', content: ENV_WITH_SECRET },
        { name: '/etc/../../root/.ssh/id_rsa', content: 'x\n' },
        { name: 'app/./../app/.git-credentials', content: 'https://u:p@example.com\n' },
      ]],
    });
    const result = await scanBuffer(archive);
    expect(result.findings.map((f) => f.location.path).sort()).toEqual(['/app/.git-credentials', '/root/.ssh', '/tmp/dockerlint-escape/.env']);
    expect((await readdir(tmpdir())).filter((name) => !before.includes(name) && name.includes('escape'))).toEqual([]);
  });

  it('symlink loops (layer members linked to each other, a manifest naming them) end with a warning, not a hang', async () => {
    const archive = await manifestArchive(JSON.stringify([{ Config: 'c.json', RepoTags: ['loop:1'], Layers: ['a/layer.tar', 'b/layer.tar'] }]), [
      { name: 'a/layer.tar', type: 'symlink', linkname: '../b/layer.tar' },
      { name: 'b/layer.tar', type: 'symlink', linkname: '../a/layer.tar' },
      { name: 'c.json', content: JSON.stringify({ rootfs: { diff_ids: [] }, history: [] }) },
    ]);
    const result = await scanBuffer(archive);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      'loop:1: layer 1 (b/layer.tar) is not in the archive or not a tar: not checked',
      'loop:1: layer 2 (a/layer.tar) is not in the archive or not a tar: not checked',
    ]);
  });

  it('a member that claims more bytes than the archive holds (truncated) gives a partial result or a one-line error', async () => {
    const archive = await classicArchive({ layers: [[{ name: 'app/.env', content: ENV_WITH_SECRET.repeat(5000) }], [{ name: 'app/x', content: 'y' }]] });
    for (const cut of [600, 2048, Math.floor(archive.length / 2)]) {
      const message = await scanError(archive.subarray(0, cut));
      expect(message).toMatch(/^hostile\.tar: not an image archive \(no manifest\.json or index\.json with an image manifest\)$/);
    }
    // The manifest comes first here: a truncated layer is a partial result with a warning.
    const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:' + 'a'.repeat(64)] }, history: [{ created_by: 'COPY . .' }] });
    const layer = await tarOf([{ name: 'app/.env', content: ENV_WITH_SECRET }, { name: 'app/big.bin', content: Buffer.alloc(200_000, 7) }]);
    const ordered = await tarOf([
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: ['l/layer.tar'] }]) },
      { name: 'c.json', content: config },
      { name: 'l/layer.tar', content: layer },
    ]);
    const partial = await scanBuffer(ordered.subarray(0, ordered.length - 150_000));
    expect(partial.findings.map((f) => f.location.path)).toEqual(['/app/.env']);
    expect(partial.warnings.some((w) => /archive ends early or is corrupt .*; the result is partial$/.test(w) || /layer l\/layer\.tar: unreadable/.test(w))).toBe(true);
  });

  it('control characters in member names never reach a message or a warning', async () => {
    const archive = await manifestArchive(JSON.stringify([{ Config: 'c\u001b[31m.json', RepoTags: ['x\ny:1'], Layers: ['l.tar'] }]), [
      { name: 'l.tar', content: await tarOf([{ name: 'app/\u001b[2J\n.env', content: ENV_WITH_SECRET }, { name: 'app/.env', content: ENV_WITH_SECRET }]) },
    ]);
    const result = await scanBuffer(archive);
    const text = [...result.warnings, ...result.findings.map((f) => `${f.message} ${f.location.path} ${f.location.image}`)].join(' ');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(result.findings.map((f) => f.location.path)).toEqual(['/app/?[2J?.env', '/app/.env']);
  });

  it('a huge file inside a layer is not buffered: classified by name, content skipped', async () => {
    const result = await scanBuffer(await classicArchive({ layers: [[{ name: 'data/.env', content: Buffer.alloc(8 * 1024 * 1024, 0x41) }]] }));
    expect(result.findings.map((f) => f.location.path)).toEqual(['/data/.env']);
    expect(result.stats.skippedLarge).toBe(1);
  });

  it('a decompression bomb (gzip layer over 1000:1 past 1 GiB) stops that layer with a warning', async () => {
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    // 20 gzip members back to back: one valid gzip stream of 1.25 GiB of zeros (a tar of empty blocks).
    const bomb = Buffer.concat(Array.from({ length: 20 }, () => member));
    const members = await ociMembers([{ layers: [[{ name: 'a', content: 'b' }]] }], 'gzip');
    const index = JSON.parse(members.get('index.json')!.toString()) as { manifests: Array<{ digest: string }> };
    const manifestName = `blobs/sha256/${index.manifests[0]!.digest.slice(7)}`;
    const manifest = JSON.parse(members.get(manifestName)!.toString()) as { layers: Array<{ digest: string }> };
    members.set(`blobs/sha256/${manifest.layers[0]!.digest.slice(7)}`, bomb);
    const started = Date.now();
    const result = await scanBuffer(await ociTar(members));
    expect(result.warnings.some((w) => /stopped reading: decompressed size passed 1000x the compressed size \(decompression bomb\?\)/.test(w))).toBe(true);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('the ratio check applies from a configurable size', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024), { level: 9 });
    const members = await ociMembers([{ layers: [[{ name: 'a', content: 'b' }]] }], 'gzip');
    const index = JSON.parse(members.get('index.json')!.toString()) as { manifests: Array<{ digest: string }> };
    const manifest = JSON.parse(members.get(`blobs/sha256/${index.manifests[0]!.digest.slice(7)}`)!.toString()) as { layers: Array<{ digest: string }> };
    members.set(`blobs/sha256/${manifest.layers[0]!.digest.slice(7)}`, bomb);
    const result = await scanBuffer(await ociTar(members), { compressionCheckAfter: 4 * 1024 * 1024, maxCompressionRatio: 100 });
    expect(result.warnings.filter((w) => w.includes('decompression bomb'))).toHaveLength(1);
  });

  it.each([
    ['manifest.json that is not JSON', manifestArchive('{"Config": '), /^hostile\.tar: not an image archive \(no manifest\.json or index\.json with an image manifest\)$/],
    ['manifest.json that is an object', manifestArchive('{"Config":"x"}'), /^hostile\.tar: not an image archive/],
    ['plain text', Promise.resolve(Buffer.from('hello\n')), /^hostile\.tar: not an image archive \(neither a tar nor a gzip\/zstd-compressed tar\)$/],
    ['empty input', Promise.resolve(Buffer.alloc(0)), /^hostile\.tar: not an image archive \(neither a tar nor a gzip\/zstd-compressed tar\)$/],
    ['gzip of text', Promise.resolve(gzipSync('hello')), /^hostile\.tar: not an image archive \(the decompressed stream is not a tar\)$/],
  ])('%s → one-line error', async (_name, archive, expected) => {
    const message = await scanError(await archive);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('malformed config and history fields are ignored field by field', async () => {
    const archive = await manifestArchive(JSON.stringify([{ Config: 'c.json', Layers: ['l.tar'] }, 'junk', null]), [
      { name: 'c.json', content: JSON.stringify({ config: { Env: [1, null, `TOKEN=${fakes.githubClassic(3)}`], Labels: ['x'] }, history: 'nope', rootfs: { diff_ids: 7 } }) },
      { name: 'l.tar', content: await tarOf([{ name: '.env', content: ENV_WITH_SECRET }]) },
    ]);
    const result = await scanBuffer(archive);
    expect(result.findings.map((f) => [f.kind, f.location.path ?? f.location.field])).toEqual([
      ['sensitive-file', '/.env'],
      ['secret-in-config', 'Env TOKEN'],
    ]);
    expect(JSON.stringify(result)).not.toContain(fakes.githubClassic(3));
  });

  it('thousands of layers: at most maxLayers are read, the rest is reported as not checked', async () => {
    const layer = await tarOf([{ name: 'f', content: 'x' }]);
    const count = 3000;
    const entries: EntrySpec[] = Array.from({ length: count }, (_, i) => ({ name: `${i}/layer.tar`, content: layer }));
    const archive = await manifestArchive(JSON.stringify([{ Config: 'c.json', Layers: entries.map((e) => e.name) }]), [...entries, { name: 'c.json', content: '{}' }]);
    const started = Date.now();
    const result = await scanBuffer(archive, { maxLayers: 1000 });
    expect(result.stats.layersRead).toBe(1000);
    expect(result.images[0]!.layers).toHaveLength(count);
    expect(result.warnings.length).toBeLessThanOrEqual(101);
    expect(result.warnings.at(-1)).toBe('more warnings omitted');
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  // Member names are only looked up among the archive's own members (or the layout directory's listed files).
  it('manifest layer paths and OCI digests cannot point outside the archive', async () => {
    const archive = await manifestArchive(JSON.stringify([{ Config: '../../etc/passwd', Layers: ['../../../etc/shadow'] }]));
    const result = await scanBuffer(archive);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      '../../etc/passwd: config ../../etc/passwd is missing or malformed: history and config not checked',
      '../../etc/passwd: layer 1 (../../../etc/shadow) is not in the archive or not a tar: not checked',
    ]);
    const oci = await tarOf([
      { name: 'index.json', content: JSON.stringify({ manifests: [{ digest: 'sha256:../../../../etc/passwd' }, { digest: 'sha256:' + 'b'.repeat(64) }] }) },
    ]);
    const ociResult = await scanError(oci);
    expect(ociResult).toMatch(/not an image archive/);
  });

  it('an index that refers to itself is followed once', async () => {
    const self = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] as unknown[] };
    const selfText = JSON.stringify(self);
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(selfText).digest('hex');
    const archive = await tarOf([
      { name: 'index.json', content: JSON.stringify({ manifests: [{ mediaType: self.mediaType, digest: `sha256:${digest}` }] }) },
      { name: `blobs/sha256/${digest}`, content: JSON.stringify({ ...self, manifests: [{ mediaType: self.mediaType, digest: `sha256:${digest}` }] }) },
    ]);
    expect(await scanError(archive)).toMatch(/not an image archive/);
  });

  it('an OCI layout directory with a symlink to outside is not followed', async () => {
    const members = await ociMembers([{ layers: [[{ name: 'app/.env', content: ENV_WITH_SECRET }]] }], 'none');
    const layout = join(dir, 'layout');
    const { writeMembers } = await import('../helpers/image-archive.js');
    await writeMembers(layout, members);
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc', join(layout, 'etc-link'));
    await writeFile(join(layout, 'blobs', 'junk'), 'not json');
    const result = await scanImage(layout);
    expect(result.findings.map((f) => f.location.path)).toEqual(['/app/.env']);
  });
});
