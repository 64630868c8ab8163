/**
 * `scanImage`: read an image archive (docker save, classic or OCI; an OCI layout directory or tar; a stream)
 * in one pass, never extracting it, and report the secrets in its layers, history and config.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { sensitiveFileSettings } from '../analysis/sensitive-files.js';
import { isWeakDefault, isNotALiteralSecret } from '../analysis/literal-values.js';
import { classifyName } from '../secrets/names.js';
import { redact, redactText } from '../secrets/redact.js';
import { scanForSecrets } from '../secrets/scan.js';
import { normalisedSegments, oneLine, scanLayer, shadowed, type LayerHit, type LayerScan } from './layer.js';
import { classicImages, memberName, ociImages, parseConfig, recordedBuildArgs, shortDigest, type ImageConfig, type ImageDescriptorRef } from './metadata.js';
import { ByteMeter, LimitError, compressionOf, decompressed, looksLikeTar, peek, readBounded, tarEntries, type Compression } from './stream.js';
import type {
  ImageFinding,
  ImageLocation,
  ImageScanOptions,
  ImageScanResult,
  ImageScanStats,
  RecordedBuildArg,
  ScannedHistoryEntry,
  ScannedImage,
  ScannedLayer,
} from './types.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

interface Limits {
  maxFileSize: number;
  maxJsonSize: number;
  maxLayers: number;
  maxEntriesPerLayer: number;
  maxCompressionRatio: number;
  compressionCheckAfter: number;
  maxFindings: number;
}

function limitsOf(options: ImageScanOptions): Limits {
  const positive = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback);
  return {
    maxFileSize: positive(options.maxFileSize, MiB),
    maxJsonSize: positive(options.maxJsonSize, 8 * MiB),
    maxLayers: positive(options.maxLayers, 1000),
    maxEntriesPerLayer: positive(options.maxEntriesPerLayer, 2_000_000),
    maxCompressionRatio: positive(options.maxCompressionRatio, 1000),
    compressionCheckAfter: positive(options.compressionCheckAfter, GiB),
    maxFindings: positive(options.maxFindings, 5000),
  };
}

interface ReadLayer extends LayerScan {
  compression: Compression;
}

/** What one pass over the archive members collects. */
class Collector {
  readonly json = new Map<string, unknown>();
  readonly layers = new Map<string, ReadLayer>();
  readonly aliases = new Map<string, string>();
  readonly warnings: string[] = [];
  readonly stats: ImageScanStats = { layersRead: 0, files: 0, bytes: 0, contentScanned: 0, skippedLarge: 0, skippedBinary: 0 };
  constructor(readonly limits: Limits, readonly options: ImageScanOptions) {}

  warn(message: string): void {
    if (this.warnings.length < 100) this.warnings.push(printable(message));
    else if (this.warnings.length === 100) this.warnings.push('more warnings omitted');
  }

  /** One archive member: JSON documents are kept (bounded), layer blobs are scanned, the rest is skipped. */
  async ingest(name: string, size: number, body: Readable, wanted?: (name: string) => boolean): Promise<void> {
    let compressedBytes = 0;
    const peeked = await peek(body, 512, (length) => (compressedBytes += length));
    const first = peeked.head.toString('latin1', 0, 64).trimStart()[0];
    if ((first === '{' || first === '[') && !looksLikeTar(peeked.head)) {
      if (size > this.limits.maxJsonSize) {
        this.warn(`${name}: JSON of ${size} bytes is over the ${this.limits.maxJsonSize}-byte limit: not read`);
        await drain(peeked.stream);
        return;
      }
      const buffer = await readBounded(peeked.stream, this.limits.maxJsonSize);
      if (!buffer) return;
      try {
        this.json.set(name, JSON.parse(buffer.toString('utf8')));
      } catch (error) {
        this.warn(`${name}: malformed JSON (${oneLine(error)})`);
      }
      return;
    }
    const compression = compressionOf(peeked.head);
    if (compression === 'unknown' || (wanted && !wanted(name))) {
      await drain(peeked.stream);
      return;
    }
    if (this.layers.size >= this.limits.maxLayers) {
      this.warn(`${name}: more than ${this.limits.maxLayers} layers in the archive: not read`);
      await drain(peeked.stream);
      return;
    }
    const ratio = this.limits.maxCompressionRatio;
    const meter = new ByteMeter((bytes) =>
      compression !== 'none' && bytes > this.limits.compressionCheckAfter && bytes > ratio * Math.max(compressedBytes, 1)
        ? `decompressed size passed ${ratio}x the compressed size (decompression bomb?)`
        : undefined,
    );
    const plain = decompressed(peeked, compression);
    plain.on('error', (error) => meter.destroy(error));
    const scan = await scanLayer(plain.pipe(meter), {
      maxFileSize: this.limits.maxFileSize,
      maxEntries: this.limits.maxEntriesPerLayer,
      sensitive: this.options.sensitiveFiles ?? sensitiveFileSettings(undefined),
      bytesRead: () => meter.bytes,
    });
    // The member must be consumed to its end for the outer tar to go on.
    if (!peeked.stream.destroyed) await drain(peeked.stream).catch(() => undefined);
    if (scan.incomplete) this.warn(`layer ${name}: ${scan.incomplete} (findings of this layer are partial)`);
    this.layers.set(name, { ...scan, compression });
    this.stats.layersRead++;
    this.stats.files += scan.files;
    this.stats.bytes += scan.bytes;
    this.stats.contentScanned += scan.contentScanned;
    this.stats.skippedLarge += scan.skippedLarge;
    this.stats.skippedBinary += scan.skippedBinary;
  }
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/** Walk a directory (no symlinks followed, bounded) into member names and sizes. */
async function listDirectory(root: string, warnings: string[]): Promise<Array<{ name: string; size: number; path: string }>> {
  const out: Array<{ name: string; size: number; path: string }> = [];
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (out.length >= 100_000) {
        warnings.push(`${root}: more than 100000 files: the rest is not read`);
        return;
      }
      const path = join(dir, entry.name);
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path, name, depth + 1);
      else if (entry.isFile()) out.push({ name, size: (await lstat(path)).size, path });
    }
  };
  await walk(root, '', 0);
  return out;
}

/** Resolve the images described by the collected JSON documents. */
function describeImages(collector: Collector, platform: string | undefined): ImageDescriptorRef[] {
  const readJson = (member: string) => collector.json.get(member);
  const manifest = collector.json.get('manifest.json');
  if (manifest !== undefined) {
    const images = classicImages(manifest, collector.warnings);
    if (platform) return images.filter((image) => image.platform === undefined || image.platform === platform);
    return images;
  }
  const index = collector.json.get('index.json');
  if (index !== undefined) return ociImages(index, readJson, platform, collector.warnings);
  return [];
}

export type ImageSource = string | { stream: Readable; name: string };

/**
 * Scan an image. `source`: a path to a docker-save archive or OCI layout tar (optionally gzip/zstd-compressed),
 * an OCI layout or extracted docker-save directory, or `{ stream, name }` (e.g. standard input).
 * Throws only for a source that cannot be opened or is not an image at all (one-line message).
 */
export async function scanImage(source: ImageSource, options: ImageScanOptions = {}): Promise<ImageScanResult> {
  const limits = limitsOf(options);
  const collector = new Collector(limits, options);
  const name = typeof source === 'string' ? source : source.name;
  let isDirectory = false;
  if (typeof source === 'string') {
    try {
      isDirectory = (await lstat(source)).isDirectory();
    } catch (error) {
      throw new Error(`${source}: cannot read (${(error as NodeJS.ErrnoException).code ?? oneLine(error)})`, { cause: error });
    }
  }
  if (isDirectory) {
    const files = await listDirectory(source as string, collector.warnings);
    // Small documents first, so that only the layers the images reference are read.
    for (const file of files.filter((f) => f.size <= limits.maxJsonSize)) {
      const head = await peek(createReadStream(file.path, { end: 511 }), 512);
      const first = head.head.toString('latin1').trimStart()[0];
      if (first === '{' || first === '[') await collector.ingest(file.name, file.size, createReadStream(file.path));
    }
    const needed = new Set(describeImages(collector, options.platform).flatMap((image) => image.layerMembers));
    for (const file of files) {
      if (needed.has(file.name) && !collector.json.has(file.name)) await collector.ingest(file.name, file.size, createReadStream(file.path));
    }
  } else {
    const stream = typeof source === 'string' ? createReadStream(source) : source.stream;
    await readArchive(stream, name, collector);
  }
  const images = describeImages(collector, options.platform);
  if (images.length === 0) {
    throw new Error(`${name}: not an image archive (no manifest.json or index.json with an image manifest)`);
  }
  const findings: ImageFinding[] = [];
  const scanned: ScannedImage[] = [];
  const multiPlatform = new Set(images.map((image) => image.platform ?? '')).size > 1;
  for (const image of images) scanned.push(assess(image, collector, findings, multiPlatform));
  for (const finding of findings) {
    finding.message = printable(finding.message);
    if (finding.name !== undefined) finding.name = printable(finding.name);
    if (finding.location.field !== undefined) finding.location.field = printable(finding.location.field);
  }
  if (findings.length > limits.maxFindings) {
    collector.warn(`${findings.length} findings: only the first ${limits.maxFindings} are reported`);
    findings.length = limits.maxFindings;
  }
  return { source: name, images: scanned, findings, warnings: collector.warnings, stats: collector.stats };
}

async function readArchive(stream: Readable, name: string, collector: Collector): Promise<void> {
  let peeked;
  try {
    peeked = await peek(stream, 512);
  } catch (error) {
    throw new Error(`${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? oneLine(error)})`, { cause: error });
  }
  const compression = compressionOf(peeked.head);
  if (compression === 'unknown') {
    peeked.stream.destroy();
    throw new Error(`${name}: not an image archive (neither a tar nor a gzip/zstd-compressed tar)`);
  }
  const outer = decompressed(peeked, compression);
  if (compression !== 'none') {
    const inner = await peek(outer, 512);
    if (!looksLikeTar(inner.head)) throw new Error(`${name}: not an image archive (the decompressed stream is not a tar)`);
    return readMembers(inner.stream, name, collector);
  }
  return readMembers(outer, name, collector);
}

async function readMembers(stream: Readable, name: string, collector: Collector): Promise<void> {
  let members = 0;
  try {
    for await (const { header, stream: body } of tarEntries(stream)) {
      if (++members > 100_000) throw new LimitError('more than 100000 members');
      const member = memberName(header.name);
      if (header.type === 'symlink' && header.linkname) {
        // docker save links a repeated layer to its first copy: `<id>/layer.tar -> ../<other>/layer.tar`.
        const dir = member.includes('/') ? member.slice(0, member.lastIndexOf('/')) : '';
        collector.aliases.set(member, memberName(normaliseJoin(dir, header.linkname)));
        continue;
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') continue;
      await collector.ingest(member, header.size ?? 0, body);
    }
  } catch (error) {
    collector.warn(`${name}: ${error instanceof LimitError ? `stopped reading: ${error.message}` : `archive ends early or is corrupt (${oneLine(error)})`}; the result is partial`);
  }
}

function normaliseJoin(dir: string, link: string): string {
  return normalisedSegments(`${link.startsWith('/') ? '' : dir}/${link}`).join('/');
}

/** Control characters (terminal escapes, newlines) of hostile names shown as `?`. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

function fingerprintOf(parts: readonly (string | number | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex').slice(0, 32);
}

/** Redact secrets (catalogue tokens and recorded build-arg values of secret-like names) in history text. */
export function redactHistoryText(createdBy: string): string {
  const { args } = recordedBuildArgs(createdBy);
  const assigned = [...args];
  // `ENV API_TOKEN=…` / `LABEL …` / `ARG X=…` entries: values of secret-like names are masked too.
  if (/^(?:ENV|LABEL|ARG) /.test(createdBy)) {
    // Only at the start or after a space: a scan from every position of one long word would be quadratic.
    for (const m of createdBy.slice(createdBy.indexOf(' ') + 1).matchAll(/(?:^|(?<= ))([A-Za-z_][\w.-]*)=("[^"]*"|\S*)/g)) {
      if (classifyName((m[1] as string).replace(/[.-]/g, '_')) === 'secret') assigned.push({ name: m[1] as string, value: m[2] as string });
    }
  }
  const secrets = [...assigned.filter((a) => a.value !== '').map((a) => a.value), ...scanForSecrets(createdBy).map((m) => m.value)];
  // Short values would be masked inside unrelated words; they are masked where they stand (after `NAME=`).
  let text = createdBy;
  for (const arg of assigned) if (arg.value !== '') text = text.replace(`${arg.name}=${arg.value}`, `${arg.name}=${redact(arg.value)}`);
  return redactText(text, secrets.filter((s) => s.length >= 8));
}

function assess(image: ImageDescriptorRef, collector: Collector, findings: ImageFinding[], multiPlatform: boolean): ScannedImage {
  const config = parseConfig(collector.json.get(image.configMember));
  const platform = image.platform ?? config?.platform;
  const base: Pick<ImageLocation, 'image' | 'platform'> = { image: printable(image.ref), ...(multiPlatform && platform ? { platform } : {}) };
  if (!config) collector.warn(`${image.ref}: config ${image.configMember} is missing or malformed: history and config not checked`);
  const history: ScannedHistoryEntry[] = [];
  const layerHistory: number[] = [];
  (config?.history ?? []).forEach((entry, index) => {
    const scannedEntry: ScannedHistoryEntry = { index, createdBy: printable(redactHistoryText(entry.createdBy)), emptyLayer: entry.emptyLayer };
    if (!entry.emptyLayer) {
      layerHistory.push(index);
      scannedEntry.layer = layerHistory.length;
    }
    history.push(scannedEntry);
  });
  const members = image.layerMembers.map((m) => collector.aliases.get(m) ?? m);
  const reads = members.map((m) => collector.layers.get(m));
  const layers: ScannedLayer[] = members.map((member, i) => {
    const read = reads[i];
    const digest = config?.diffIds[i] ?? member;
    const historyIndex = layerHistory[i];
    if (!read) collector.warn(`${image.ref}: layer ${i + 1} (${shortDigest(digest)}) is not in the archive or not a tar: not checked`);
    return {
      number: i + 1,
      digest,
      compression: read?.compression ?? 'unknown',
      ...(historyIndex !== undefined ? { historyIndex } : {}),
      files: read?.files ?? 0,
      bytes: read?.bytes ?? 0,
    };
  });

  // Layers: every hit of every layer, with whether a higher layer hides it.
  layers.forEach((layer, i) => {
    const read = reads[i];
    if (!read) return;
    const historyIndex = layer.historyIndex;
    for (const hit of read.hits) {
      let visibility: ImageFinding['visibility'] = 'final';
      let hiddenBy: number | undefined;
      for (let j = i + 1; j < reads.length; j++) {
        const higher = reads[j];
        const hidden = higher ? shadowed(higher.shadow, hit.path, hit.directory) : undefined;
        if (hidden) {
          visibility = hidden === 'deleted' ? 'deleted-later' : 'overwritten-later';
          hiddenBy = j + 1;
          break;
        }
      }
      const location: ImageLocation = {
        kind: 'layer',
        ...base,
        layer: layer.number,
        layerDigest: printable(layer.digest),
        path: printable(hit.path),
        ...(historyIndex !== undefined ? { historyIndex, createdBy: history[historyIndex]?.createdBy ?? '' } : {}),
      };
      findings.push(layerFinding(hit, location, visibility, hiddenBy));
    }
  });

  const buildArgs: RecordedBuildArg[] = [];
  if (config) {
    historyFindings(config, base, history, findings, buildArgs);
    configFindings(config, base, findings);
  }
  return {
    ref: printable(image.ref),
    ...(platform ? { platform } : {}),
    ...(image.configDigest ? { configDigest: image.configDigest } : {}),
    layers,
    history,
    buildArgs,
  };
}

function visibilityText(visibility: ImageFinding['visibility'], hiddenBy: number | undefined): string {
  if (visibility === 'deleted-later') return `, deleted by layer ${hiddenBy} but still in this layer (docker save extracts it)`;
  if (visibility === 'overwritten-later') return `, replaced by layer ${hiddenBy} but still in this layer`;
  return ', visible in the final filesystem';
}

function layerFinding(hit: LayerHit, location: ImageLocation, visibility: ImageFinding['visibility'], hiddenBy: number | undefined): ImageFinding {
  const where = `layer ${location.layer} (${shortDigest(location.layerDigest)}) ${location.path}`;
  const strongest = hit.tokens.find((t) => t.confidence === 'confirmed') ?? hit.tokens[0];
  const tokenText = strongest ? ` holding ${article(strongest.providerName)} ${strongest.providerName}${hit.tokens.length > 1 ? ` (+${hit.tokens.length - 1} more)` : ''}` : '';
  const hidden = visibilityText(visibility, hiddenBy);
  if (hit.sensitive) {
    const { pattern } = hit.sensitive;
    const files = hit.directory ? ` (${hit.fileCount} file${hit.fileCount === 1 ? '' : 's'})` : '';
    const credentials = hit.credentialContent && !strongest ? ' with credentials' : '';
    return {
      kind: 'sensitive-file',
      severity: pattern.confidence === 'high' || strongest ? 'error' : 'warning',
      message: `${pattern.label}${credentials}${tokenText} in ${where}${files}${hidden}`,
      location,
      visibility,
      ...(hiddenBy !== undefined ? { hiddenBy } : {}),
      what: pattern.label,
      detail: pattern.glob,
      ...(hit.directory ? { fileCount: hit.fileCount } : {}),
      fingerprint: fingerprintOf(['sensitive-file', location.platform, location.layerDigest, hit.path, pattern.glob]),
    };
  }
  const token = strongest!;
  return {
    kind: 'secret-in-file',
    severity: 'error',
    message: `${token.providerName}${hit.tokens.length > 1 ? ` (+${hit.tokens.length - 1} more)` : ''} in ${where}${hidden}`,
    location,
    visibility,
    ...(hiddenBy !== undefined ? { hiddenBy } : {}),
    what: token.providerName,
    detail: token.providerId,
    fingerprint: fingerprintOf(['secret-in-file', location.platform, location.layerDigest, hit.path, token.providerId]),
  };
}

function article(noun: string): string {
  return /^(?:[aeiouAEIO]|npm\b|[FHLMNRSX][A-Z0-9])/.test(noun) ? 'an' : 'a';
}

function strongTokens(text: string) {
  return scanForSecrets(text).filter((m) => m.confidence !== 'weak');
}

function historyFindings(config: ImageConfig, base: Pick<ImageLocation, 'image' | 'platform'>, history: ScannedHistoryEntry[], findings: ImageFinding[], buildArgs: RecordedBuildArg[]): void {
  config.history.forEach((entry, index) => {
    const location: ImageLocation = { kind: 'history', ...base, historyIndex: index, createdBy: history[index]?.createdBy ?? '' };
    const { args, command } = recordedBuildArgs(entry.createdBy);
    for (const arg of args) {
      const secretName = classifyName(arg.name) === 'secret';
      if (secretName) buildArgs.push({ name: arg.name, historyIndex: index, empty: arg.value === '' });
      const tokens = arg.value === '' ? [] : strongTokens(arg.value);
      if (arg.value === '' || (!secretName && tokens.length === 0)) continue;
      if (secretName && tokens.length === 0 && isNotALiteralSecret(arg.value)) continue;
      const token = tokens[0];
      findings.push({
        kind: 'build-arg-in-history',
        severity: 'error',
        message: `build arg ${arg.name}=${redact(arg.value)}${token ? ` (${token.providerName})` : ''} is recorded in history entry ${index + 1}`,
        location,
        what: token?.providerName ?? 'build arg value',
        detail: token?.providerId ?? 'build-arg',
        name: arg.name,
        fingerprint: fingerprintOf(['build-arg-in-history', base.platform, arg.name, historyKey(entry.createdBy)]),
      });
    }
    const texts = [command, entry.comment];
    for (const text of texts) {
      for (const token of strongTokens(text)) {
        findings.push({
          kind: 'secret-in-history',
          severity: 'error',
          message: `${token.providerName} ${redact(token.value)} is written in history entry ${index + 1}`,
          location,
          what: token.providerName,
          detail: token.providerId,
          fingerprint: fingerprintOf(['secret-in-history', base.platform, token.providerId, historyKey(entry.createdBy), token.start]),
        });
      }
    }
  });
}

/** History text with recorded values removed: the same build with other values keeps its fingerprints. */
function historyKey(createdBy: string): string {
  return recordedBuildArgs(createdBy).command;
}

function configFindings(config: ImageConfig, base: Pick<ImageLocation, 'image' | 'platform'>, findings: ImageFinding[]): void {
  const pairs: Array<{ field: 'Env' | 'Labels'; name: string; value: string }> = [
    ...config.env.map((entry) => {
      const at = entry.indexOf('=');
      return { field: 'Env' as const, name: at < 0 ? entry : entry.slice(0, at), value: at < 0 ? '' : entry.slice(at + 1) };
    }),
    ...Object.entries(config.labels).map(([name, value]) => ({ field: 'Labels' as const, name, value })),
  ];
  for (const { field, name, value } of pairs) {
    const location: ImageLocation = { kind: 'config', ...base, field: `${field} ${name}` };
    const token = strongTokens(value)[0];
    const secretName = classifyName(name.replace(/[.-]/g, '_')) === 'secret';
    if (!token && !(secretName && !isNotALiteralSecret(value))) continue;
    const weak = !token && isWeakDefault(value, name);
    findings.push({
      kind: 'secret-in-config',
      severity: weak ? 'warning' : 'error',
      message: `${field} ${name}=${redact(token ? token.value : value)}${token ? ` (${token.providerName})` : weak ? ' (an insecure default)' : ''} is in the image configuration`,
      location,
      what: token?.providerName ?? (weak ? 'insecure default' : 'secret value'),
      detail: token?.providerId ?? field.toLowerCase(),
      name,
      fingerprint: fingerprintOf(['secret-in-config', base.platform, field, name]),
    });
  }
  for (const { field, text } of config.otherText) {
    for (const token of strongTokens(text)) {
      findings.push({
        kind: 'secret-in-config',
        severity: 'error',
        message: `${token.providerName} ${redact(token.value)} is in the image configuration (${field})`,
        location: { kind: 'config', ...base, field },
        what: token.providerName,
        detail: token.providerId,
        fingerprint: fingerprintOf(['secret-in-config', base.platform, field, token.providerId, token.start]),
      });
    }
  }
}
