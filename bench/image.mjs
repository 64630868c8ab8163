#!/usr/bin/env node
/**
 * `npm run bench` (image row): `dockerlint --image` on a generated image of ≥ 1 GiB and ≥ 100k files, against the
 * floor of only decompressing and reading its tar streams (bench/image-floor.mjs) in the same run, and secretlint
 * over the same image's files extracted to disk (every layer, deleted files included).
 *
 *   node bench/image.mjs [--files N] [--big-mb N] [--runs N] [--secretlint-timeout S] [--write] [--keep]
 *
 * The image (an OCI layout tar with gzip layers, written by this script with tar-stream + zlib) and the extracted
 * files go to a temp dir that is removed at the end; nothing is committed. Wall time and peak RSS come from
 * `/usr/bin/time -v` per process. `--write` puts the table into docs/benchmarks.md between the bench:image markers.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { fakes } from '@dockerlint/core/testing';
import { REPO_ROOT as repo, benchOption, spawnGroup } from './files.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => benchOption(args, name, fallback);
const FILES = Number(opt('files', '100000'));
const BIG_MB = Number(opt('big-mb', '880'));
const RUNS = Number(opt('runs', '3'));
const SECRETLINT_TIMEOUT = Number(opt('secretlint-timeout', '1800')) * 1000;
const write = args.includes('--write');
const LAYERS = 8;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dockerlint-bench-image-'));
const log = (text) => process.stderr.write(`bench:image: ${text}\n`);

// --- generate ---------------------------------------------------------------------------------------

const WORDS = 'const let function return import export from await async class extends new this if else for while of in try catch throw value result config server client request response handler module require process env'.split(' ');
function sourceText(seed, bytes) {
  const r = fakes.random(seed);
  let out = '';
  while (out.length < bytes) {
    const line = Array.from({ length: 4 + r.int(8) }, () => WORDS[r.int(WORDS.length)]).join(' ');
    out += `${line};\n`;
  }
  return out;
}

/** Planted leaks: what a realistic bad build leaves (the same kinds as the real-builder scenarios). */
function plants(layer) {
  const f = fakes;
  if (layer === 2) return [['app/.env', `AWS_ACCESS_KEY_ID=${f.awsAccessKeyId(7)}\nAWS_SECRET_ACCESS_KEY=${f.awsSecretAccessKey(7)}\n`], ['root/.npmrc', `//registry.npmjs.org/:_authToken=${f.npmToken(8)}\n`]];
  if (layer === 3) return [['app/.wh..env', '']];
  if (layer === 5) return [['app/lib/settings.js', `module.exports = { github: "${f.githubClassic(9)}" };\n`]];
  return [];
}

async function writeLayer(file, layer, smallFiles, bigFiles, bigBytes) {
  const pack = tar.pack();
  const hash = createHash('sha256');
  const done = pipeline(pack, async function* (source) {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  }, createGzip({ level: 1 }), createWriteStream(file));
  const entry = (name, body) => new Promise((resolve, reject) => pack.entry({ name, mtime: new Date(0) }, body, (e) => (e ? reject(e) : resolve())));
  for (const [name, body] of plants(layer)) await entry(name, body);
  for (let i = 0; i < smallFiles; i++) {
    const seed = layer * 1_000_003 + i;
    await entry(`srv/layer${layer}/pkg${Math.floor(i / 100)}/file${i}.js`, sourceText(seed, 800 + (seed % 3000)));
  }
  for (let i = 0; i < bigFiles; i++) {
    // Binary (NUL bytes every 4 KiB, as in real executables), half random so gzip cannot make it vanish.
    const body = Buffer.alloc(bigBytes);
    randomBytes(bigBytes / 2).copy(body, 0);
    for (let at = 0; at < bigBytes; at += 4096) body[at] = 0;
    await entry(`usr/lib/layer${layer}/blob${i}.so`, body);
  }
  pack.finalize();
  await done;
  return `sha256:${hash.digest('hex')}`;
}

async function generate() {
  const blobs = path.join(tmp, 'layout', 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const bigPerLayer = Math.max(1, Math.round(BIG_MB / 8 / LAYERS));
  const diffIds = [];
  const layerDescriptors = [];
  for (let layer = 1; layer <= LAYERS; layer++) {
    const file = path.join(tmp, `layer${layer}.tar.gz`);
    diffIds.push(await writeLayer(file, layer, Math.ceil(FILES / LAYERS), bigPerLayer, 8 * 1024 * 1024));
    const data = readFileSync(file);
    const digest = createHash('sha256').update(data).digest('hex');
    writeFileSync(path.join(blobs, digest), data);
    rmSync(file);
    layerDescriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${digest}`, size: data.length });
    log(`layer ${layer}/${LAYERS} written`);
  }
  const blob = (text) => {
    const digest = createHash('sha256').update(text).digest('hex');
    writeFileSync(path.join(blobs, digest), text);
    return { digest: `sha256:${digest}`, size: Buffer.byteLength(text) };
  };
  const config = blob(JSON.stringify({
    os: 'linux', architecture: 'amd64', config: { Env: ['PATH=/usr/bin:/bin'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: diffIds.map((_, i) => ({ created_by: i === 2 ? 'RUN /bin/sh -c rm /app/.env # buildkit' : `COPY layer${i + 1} / # buildkit` })),
  }));
  const manifest = blob(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: layerDescriptors }));
  writeFileSync(path.join(tmp, 'layout', 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  writeFileSync(path.join(tmp, 'layout', 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'bench:1' } }] }));
  // One archive file, as `docker save` / `buildx --output type=oci` hand it over.
  const archive = path.join(tmp, 'image.tar');
  await new Promise((resolve, reject) => {
    const child = spawn('tar', ['-C', path.join(tmp, 'layout'), '-cf', archive, '.'], { stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}`))));
  });
  rmSync(path.join(tmp, 'layout'), { recursive: true, force: true });
  return archive;
}

// --- measure ----------------------------------------------------------------------------------------

async function measure(argv, timeoutMs = 1_800_000) {
  const { code, stdout, stderr, timedOut } = await spawnGroup('/usr/bin/time', ['-v', ...argv], { timeoutMs });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const rssMb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  return { code, seconds, rssMb, stdout, stderr, timedOut };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function extractAll(archive, dest) {
  // For secretlint only: every layer into its own folder, whiteout markers and deleted files included.
  const outer = tar.extract();
  createReadStream(archive).pipe(outer);
  let layer = 0;
  let files = 0;
  for await (const member of outer) {
    const chunks = [];
    let size = 0;
    const it = member[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done || !(first.value[0] === 0x1f && first.value[1] === 0x8b)) {
      for (let n = await it.next(); !n.done; n = await it.next()) void n;
      continue;
    }
    layer++;
    const { Readable } = await import('node:stream');
    const body = Readable.from((async function* replay() {
      yield first.value;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    })());
    const inner = tar.extract();
    body.pipe(createGunzip()).pipe(inner);
    for await (const entry of inner) {
      const rel = path.normalize(entry.header.name).replace(/^(\.\.(\/|$))+/, '');
      const target = path.join(dest, `layer${layer}`, rel);
      if (entry.header.type !== 'file') {
        for await (const c of entry) void c;
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(entry, createWriteStream(target));
      files++;
    }
    void chunks;
    void size;
  }
  return files;
}

// --- run --------------------------------------------------------------------------------------------

if (!existsSync('/usr/bin/time')) {
  log('/usr/bin/time is needed (Debian package time)');
  process.exit(2);
}
try {
  log(`generating ${FILES} small files + ~${BIG_MB} MB of binaries in ${LAYERS} gzip layers under ${tmp}`);
  const archive = await generate();
  const node = process.execPath;
  const floorArgv = [node, path.join(repo, 'bench/image-floor.mjs'), archive];
  const dockerlintArgv = [node, path.join(repo, 'packages/cli/bin/dockerlint.js'), '--image', archive, '--format', 'json', '--output-file', path.join(tmp, 'image.json')];
  log('warm-up');
  const floorWarm = await measure(floorArgv);
  const [, , entries, bytes] = floorWarm.stdout.trim().split(' ').map(Number);
  await measure(dockerlintArgv);
  const floor = [];
  const dockerlint = [];
  for (let i = 0; i < RUNS; i++) {
    floor.push(await measure(floorArgv));
    dockerlint.push(await measure(dockerlintArgv));
    log(`run ${i + 1}/${RUNS}: floor ${floor.at(-1).seconds.toFixed(1)} s, dockerlint ${dockerlint.at(-1).seconds.toFixed(1)} s (${dockerlint.at(-1).rssMb.toFixed(0)} MB)`);
  }
  const report = JSON.parse(readFileSync(path.join(tmp, 'image.json'), 'utf8'));
  const findings = report.flatMap((r) => r.messages);
  log('extracting every layer for secretlint');
  const extracted = path.join(tmp, 'extracted');
  const extractedFiles = await extractAll(archive, extracted);
  const secretlintOut = path.join(tmp, 'secretlint.json');
  const secretlint = await measure([node, path.join(repo, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', path.join(repo, 'bench/peers/secretlintrc.json'), '--format', 'json', '--output', secretlintOut, `${extracted}/**/*`], SECRETLINT_TIMEOUT);
  let secretlintFindings = 'n/a';
  try {
    const out = JSON.parse(readFileSync(secretlintOut, 'utf8'));
    const messages = out.flatMap((r) => r.messages);
    secretlintFindings = `${messages.length} in ${out.filter((r) => r.messages.length > 0).length} files`;
  } catch {
    // timed out or failed: reported below
  }

  const floorS = median(floor.map((m) => m.seconds));
  const dlS = median(dockerlint.map((m) => m.seconds));
  const archiveBytes = (await import('node:fs')).statSync(archive).size;
  const gib = (n) => (n / 1024 ** 3).toFixed(2);
  const rows = [
    `Generated image: ${LAYERS} gzip layers, ${entries.toLocaleString('en-US')} files, ${gib(bytes)} GiB uncompressed (${gib(archiveBytes)} GiB archive); planted: an AWS .env deleted by a later layer, an .npmrc with an npm token, a GitHub token in a .js file. Median of ${RUNS} runs after one warm-up, each a separate process (\`/usr/bin/time -v\`), on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
    '',
    '| run | wall | vs floor | peak RSS | findings |',
    '|---|---:|---:|---:|---|',
    `| floor: decompress + read the tar streams (bench/image-floor.mjs) | ${floorS.toFixed(1)} s | 1.00× | ${median(floor.map((m) => m.rssMb)).toFixed(0)} MB | – |`,
    `| \`dockerlint --image\` | ${dlS.toFixed(1)} s | ${(dlS / floorS).toFixed(2)}× | ${median(dockerlint.map((m) => m.rssMb)).toFixed(0)} MB | ${findings.length}: ${[...new Set(findings.map((m) => m.ruleId))].join(', ')} |`,
    `| secretlint (preset-recommend) over the ${extractedFiles.toLocaleString('en-US')} extracted files of every layer | ${secretlint.timedOut ? `> ${SECRETLINT_TIMEOUT / 1000} s (killed)` : `${secretlint.seconds.toFixed(1)} s`} | ${secretlint.timedOut ? '–' : `${(secretlint.seconds / floorS).toFixed(2)}×`} | ${secretlint.timedOut ? '–' : `${secretlint.rssMb.toFixed(0)} MB`} | ${secretlintFindings} (no layer, deletion or Dockerfile line; extraction not counted) |`,
  ];
  const table = rows.join('\n');
  console.log(table);
  const ok = dlS <= 3 * floorS && median(dockerlint.map((m) => m.rssMb)) <= 250;
  console.log(`target (≤ 3× the floor, peak RSS ≤ 250 MB): ${ok ? 'met' : 'NOT met'}`);
  if (write) {
    const file = path.join(repo, 'docs/benchmarks.md');
    const text = readFileSync(file, 'utf8');
    const start = '<!-- bench:image:start (generated by `npm run bench`; edit bench/image.mjs, not this block) -->';
    const end = '<!-- bench:image:end -->';
    const block = `${start}\n${table}\n\nTarget (≤ 3× the floor, peak RSS ≤ 250 MB): ${ok ? 'met' : 'NOT met'}.\n${end}`;
    const re = /<!-- bench:image:start[^]*?<!-- bench:image:end -->/;
    writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n## Image check (\`dockerlint --image\`)\n\n${block}\n`);
  }
} finally {
  if (!args.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
  else log(`kept ${tmp}`);
}
