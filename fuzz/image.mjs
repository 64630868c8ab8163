/**
 * Image-archive fuzzing: seeded mutations of docker-save and OCI archives (raw, gzip and zstd layers, fake
 * secrets inside) streamed through `scanImage` (the built dist). Checked for every input: it resolves with a
 * result or rejects with a one-line Error, within the time budget, and no fake secret appears in the result.
 * Nothing is written to disk. `npm run fuzz -- --image N` (default 300), `node fuzz/image.mjs [count] [seed]`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import * as core from '@dockerlint/core';
import { fakes } from '@dockerlint/core/testing';
import { rng } from './mutate.mjs';

async function tarOf(entries) {
  const pack = tar.pack();
  const chunks = [];
  const done = new Promise((resolve, reject) => {
    pack.on('data', (c) => chunks.push(c));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const { name, content } of entries) {
    await new Promise((resolve, reject) => pack.entry({ name, mtime: new Date(0) }, Buffer.from(content), (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  return done;
}

const sha = (data) => createHash('sha256').update(data).digest('hex');

function zstd(data) {
  try {
    return execFileSync('zstd', ['-q', '-c'], { input: data });
  } catch {
    return gzipSync(data);
  }
}

/** Base archives: a classic docker save and OCI layout tars with gzip and zstd layers, each holding fake secrets. */
export async function baseArchives() {
  const secrets = [fakes.githubClassic(91), fakes.npmToken(92), fakes.awsAccessKeyId(93), fakes.awsSecretAccessKey(93)];
  const layers = [
    await tarOf([
      { name: 'app/.env', content: `AWS_ACCESS_KEY_ID=${secrets[2]}\nAWS_SECRET_ACCESS_KEY=${secrets[3]}\n` },
      { name: 'app/config.js', content: `token = "${secrets[0]}"\n` },
      { name: 'root/.npmrc', content: `//registry.npmjs.org/:_authToken=${secrets[1]}\n` },
    ]),
    await tarOf([{ name: 'app/.wh..env', content: '' }, { name: 'app/.wh..wh..opq', content: '' }, { name: 'bin/tool', content: '\u0000ELF' }]),
  ];
  const config = JSON.stringify({
    os: 'linux',
    architecture: 'amd64',
    config: { Env: [`GITHUB_TOKEN=${secrets[0]}`], Labels: { token: secrets[1] } },
    rootfs: { diff_ids: layers.map((l) => `sha256:${sha(l)}`) },
    history: [{ created_by: 'COPY . .' }, { created_by: `RUN |1 NPM_TOKEN=${secrets[1]} /bin/sh -c rm .env` }],
  });
  const classic = await tarOf([
    { name: 'l1/layer.tar', content: layers[0] },
    { name: 'l2/layer.tar', content: layers[1] },
    { name: `${sha(config)}.json`, content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `${sha(config)}.json`, RepoTags: ['fuzz:1'], Layers: ['l1/layer.tar', 'l2/layer.tar'] }]) },
  ]);
  const oci = async (compress, mediaSuffix) => {
    const blobs = [];
    const blob = (data) => {
      blobs.push({ name: `blobs/sha256/${sha(data)}`, content: data });
      return { digest: `sha256:${sha(data)}`, size: data.length };
    };
    const manifest = JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(Buffer.from(config)) },
      layers: layers.map((l) => ({ mediaType: `application/vnd.oci.image.layer.v1.tar${mediaSuffix}`, ...blob(compress(l)) })),
    });
    const index = JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...blob(Buffer.from(manifest)), platform: { os: 'linux', architecture: 'amd64' } }] });
    return tarOf([{ name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' }, ...blobs, { name: 'index.json', content: index }]);
  };
  return { secrets, archives: [classic, await oci(gzipSync, '+gzip'), await oci(zstd, '+zstd'), gzipSync(classic)] };
}

const MUTATIONS = {
  truncate: (buf, r) => buf.subarray(0, r.int(buf.length)),
  flipBytes: (buf, r) => {
    const out = Buffer.from(buf);
    for (let i = 0, n = 1 + r.int(16); i < n; i++) out[r.int(out.length)] = r.int(256);
    return out;
  },
  garbleHeader: (buf, r) => {
    const out = Buffer.from(buf);
    const block = r.int(Math.max(1, Math.floor(out.length / 512))) * 512;
    for (let i = 0; i < 512 && block + i < out.length; i++) out[block + i] = r.int(256);
    return out;
  },
  hugeSize: (buf, r) => {
    // A size field claiming ~8 GB (octal) in some header block.
    const out = Buffer.from(buf);
    const block = r.int(Math.max(1, Math.floor(out.length / 512))) * 512;
    if (block + 136 <= out.length) out.write('77777777777\u0000', block + 124, 'latin1');
    return out;
  },
  duplicate: (buf, r) => {
    const start = r.int(buf.length);
    const end = Math.min(buf.length, start + r.int(4096));
    return Buffer.concat([buf.subarray(0, end), buf.subarray(start, end), buf.subarray(end)]);
  },
  zeroRange: (buf, r) => {
    const out = Buffer.from(buf);
    out.fill(0, r.int(out.length), r.int(out.length));
    return out;
  },
  insertJunk: (buf, r) => {
    const at = r.int(buf.length);
    const junk = Buffer.from(Array.from({ length: 1 + r.int(1024) }, () => r.int(256)));
    return Buffer.concat([buf.subarray(0, at), junk, buf.subarray(at)]);
  },
};
const NAMES = Object.keys(MUTATIONS);

function mutate(base, r) {
  let buf = base;
  const ops = [];
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    const name = NAMES[r.int(NAMES.length)];
    ops.push(name);
    buf = MUTATIONS[name](buf, r);
  }
  return { buf, ops };
}

export async function runImageFuzz({ count = 300, seed = 1, budgetMs = 10_000, quiet = false } = {}) {
  const { secrets, archives } = await baseArchives();
  const failures = [];
  let slowest = { ms: 0, index: -1 };
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const r = rng(seed * 100_003 + i);
    const base = archives[i % archives.length];
    const { buf, ops } = mutate(base, r);
    const t0 = performance.now();
    try {
      const stream = Readable.from((function* chunks() {
        for (let at = 0; at < buf.length; at += 4096) yield buf.subarray(at, at + 4096);
      })());
      const result = await core.scanImage({ stream, name: 'fuzz.tar' }, { compressionCheckAfter: 64 * 1024 * 1024 });
      const text = JSON.stringify(result);
      const leaked = secrets.find((s) => text.includes(s));
      if (leaked) failures.push({ index: i, ops, problem: 'a fake secret appears in the result' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof Error) || message.includes('\n') || message.length > 400) failures.push({ index: i, ops, problem: `not a one-line Error: ${message.slice(0, 200)}` });
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, index: i, ops };
    if (ms > budgetMs) failures.push({ index: i, ops, problem: `took ${ms.toFixed(0)} ms (budget ${budgetMs} ms)` });
    if (!quiet && i % 100 === 99) process.stderr.write(`image fuzz: ${i + 1}/${count}\n`);
  }
  return { count, failures, slowest, wallMs: performance.now() - started };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 300);
  const seed = Number(process.argv[3] ?? 1);
  const report = await runImageFuzz({ count, seed });
  console.log(`image fuzz seed ${seed}: ${report.count} archives in ${(report.wallMs / 1000).toFixed(1)} s; slowest ${report.slowest.ms.toFixed(0)} ms (${(report.slowest.ops ?? []).join('+')}); ${report.failures.length} failure(s)`);
  for (const f of report.failures.slice(0, 30)) console.log(`  FAIL input ${f.index}: ${f.problem} [${f.ops.join('+')}]`);
  process.exitCode = report.failures.length > 0 ? 1 : 0;
}
