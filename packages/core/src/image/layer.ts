/**
 * One layer, streamed: every entry is classified by name with the same sensitive-file classifier the static
 * rules use, text files are scanned with the same token catalogue, and whiteouts / replaced paths are
 * remembered (as hashes, so memory grows by a few bytes per file, not by path lengths) to decide later
 * whether a finding of a lower layer is still visible in the final filesystem.
 */
import type { Readable } from 'node:stream';
import {
  classifyByContent,
  classifyWithSettings,
  refineByContent,
  type SensitiveFileSettings,
  type SensitiveMatch,
} from '../analysis/sensitive-files.js';
import { isNotALiteralSecret, unquote } from '../analysis/literal-values.js';
import { classifyName } from '../secrets/names.js';
import { scanForSecrets } from '../secrets/scan.js';
import type { SecretMatch } from '../secrets/types.js';
import { LimitError, tarEntries } from './stream.js';

export interface TokenHit {
  providerId: string;
  providerName: string;
  confidence: SecretMatch['confidence'];
}

export interface LayerHit {
  /** Absolute path: the file, or the sensitive directory holding it (`/app/.git`). */
  path: string;
  sensitive?: SensitiveMatch;
  tokens: TokenHit[];
  /** Files under a sensitive directory (1 for a file). */
  fileCount: number;
  /** The path is a directory whose content is sensitive as a whole. */
  directory: boolean;
  /** Content-gated config file (`.npmrc`, `.docker/config.json`…) found to hold credentials. */
  credentialContent?: boolean;
}

/** What a layer hides of the layers below it. */
export interface LayerShadow {
  /** Hashes of every path with an entry in this layer (a lower file at the same path is replaced). */
  entries: Set<number>;
  /** Hashes of non-directory entries (a lower file below such a path is gone). */
  nonDirectories: Set<number>;
  /** Paths deleted by `.wh.<name>` entries. */
  whiteouts: Set<number>;
  /** Directories made opaque by `.wh..wh..opq`: everything below them in lower layers is gone. */
  opaque: Set<number>;
}

export interface LayerScan {
  hits: LayerHit[];
  shadow: LayerShadow;
  files: number;
  bytes: number;
  contentScanned: number;
  skippedLarge: number;
  skippedBinary: number;
  /** Set when the layer could not be read to its end: the reason (one line). */
  incomplete?: string;
}

export interface LayerScanOptions {
  maxFileSize: number;
  maxEntries: number;
  sensitive: SensitiveFileSettings;
  /** Bytes decompressed so far → a reason to stop, or undefined. */
  bytesRead(): number;
}

/**
 * Config files whose name alone does not make them secret: they are reported only when their content holds
 * credentials (an `.npmrc` with `registry=` only is harmless; with `_authToken=` it is not).
 */
const CONTENT_GATED = new Set(['.npmrc', '.pypirc', '.netrc', '_netrc', '.docker/config.json', '.dockercfg', 'credentials', '.my.cnf', '.s3cfg']);

/** One line of a config file that holds a credential (each pattern anchored or literal-led: linear per line). */
const CREDENTIAL_LINES = [
  /_(?:authToken|auth|password)[ \t]*=[ \t]*[^\s$"'{]/,
  /^[ \t]*password[ \t]*[=:][ \t]*[^\s$]/i,
  /^[ \t]*(?:machine[ \t]+\S+[ \t]+)?(?:login[ \t]+\S+[ \t]+)?password[ \t]+\S/i,
  /"auth"[ \t]*:[ \t]*"[A-Za-z0-9+/=]{8,}"/,
  /^[ \t]*(?:aws_secret_access_key|aws_session_token|access_key|secret_key)[ \t]*=[ \t]*\S/i,
];

/** Environment files: reported when a line assigns a literal to a secret-like name, or holds a token. */
const ENV_FILE_GLOBS = new Set(['.env', '.env.*', '*.env']);

/** Does a content-gated config file hold a credential? */
export function hasCredentialContent(text: string, glob?: string): boolean {
  if (scanForSecrets(text).length > 0) return true;
  if (glob !== undefined && ENV_FILE_GLOBS.has(glob)) {
    for (const line of text.split('\n')) {
      const m = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=(.*)$/.exec(line);
      if (!m) continue;
      const value = unquote((m[2] ?? '').trim());
      if (classifyName(m[1] as string) === 'secret' && !isNotALiteralSecret(value)) return true;
    }
    return false;
  }
  return text.split('\n').some((line) => CREDENTIAL_LINES.some((re) => re.test(line)));
}

const BINARY_PROBE = 8000;

/** Lexical normalisation of a tar member name into an absolute path; `..` never climbs above `/`. */
export function normaliseEntryPath(name: string): string {
  return `/${normalisedSegments(name.replace(/\\/g, '/')).join('/')}`;
}

/** The segments of a `/`-separated path without empty and `.` segments, `..` resolved; it never climbs above the root. */
export function normalisedSegments(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}

/** 53-bit hash of a path (two FNV-1a 32-bit lanes): collision odds are negligible for any real image. */
export function pathHash(path: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function isContentGated(match: SensitiveMatch): boolean {
  return CONTENT_GATED.has(match.pattern.glob) || ENV_FILE_GLOBS.has(match.pattern.glob);
}

/** Does a lower-layer `path` stay visible given what `shadow` (a higher layer) holds? */
export function shadowed(shadow: LayerShadow, path: string, directory: boolean): 'deleted' | 'replaced' | undefined {
  if (shadow.whiteouts.has(pathHash(path))) return 'deleted';
  if (!directory && shadow.entries.has(pathHash(path))) return 'replaced';
  if (directory && shadow.nonDirectories.has(pathHash(path))) return 'replaced';
  for (let dir = parentOf(path); ; dir = parentOf(dir)) {
    const hash = pathHash(dir);
    if (shadow.whiteouts.has(hash) || shadow.opaque.has(hash)) return 'deleted';
    if (dir !== '/' && shadow.nonDirectories.has(hash)) return 'replaced';
    if (dir === '/') return undefined;
  }
}

function emptyShadow(): LayerShadow {
  return { entries: new Set(), nonDirectories: new Set(), whiteouts: new Set(), opaque: new Set() };
}

/** Read a file body: up to `max` bytes of text, or nothing when binary or too large (the rest is drained). */
async function readText(stream: Readable, size: number, max: number): Promise<{ text?: string; binary?: boolean; large?: boolean }> {
  if (size > max) {
    for await (const chunk of stream) void chunk;
    return { large: true };
  }
  const chunks: Buffer[] = [];
  let length = 0;
  let binary = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (binary) continue;
    if (length < BINARY_PROBE && chunk.subarray(0, BINARY_PROBE - length).includes(0)) {
      binary = true;
      chunks.length = 0;
      continue;
    }
    if (length + chunk.length <= max) chunks.push(chunk);
    length += chunk.length;
  }
  if (binary) return { binary: true };
  return { text: Buffer.concat(chunks).toString('utf8') };
}

export async function scanLayer(tarStream: Readable, options: LayerScanOptions): Promise<LayerScan> {
  const shadow = emptyShadow();
  const grouped = new Map<string, LayerHit>();
  const result: LayerScan = { hits: [], shadow, files: 0, bytes: 0, contentScanned: 0, skippedLarge: 0, skippedBinary: 0 };
  try {
    for await (const { header, stream } of tarEntries(tarStream)) {
      result.files++;
      if (result.files > options.maxEntries) throw new LimitError(`more than ${options.maxEntries} entries`);
      const path = normaliseEntryPath(header.name);
      const base = path.slice(path.lastIndexOf('/') + 1);
      const type = header.type ?? 'file';
      if (base.startsWith('.wh.')) {
        const dir = parentOf(path);
        if (base === '.wh..wh..opq') shadow.opaque.add(pathHash(dir));
        else shadow.whiteouts.add(pathHash(`${dir === '/' ? '' : dir}/${base.slice(4)}`));
        continue;
      }
      if (path === '/') continue;
      const hash = pathHash(path);
      shadow.entries.add(hash);
      if (type !== 'directory') shadow.nonDirectories.add(hash);
      if (type !== 'file' && type !== 'contiguous-file' && type !== 'link') continue;

      const relative = path.slice(1);
      let match = classifyWithSettings(relative, options.sensitive);
      const isRegular = type !== 'link';
      let tokens: TokenHit[] = [];
      let credentialContent: boolean | undefined;
      const needsContent = isRegular && (header.size ?? 0) > 0;
      if (needsContent) {
        const body = await readText(stream, header.size ?? 0, options.maxFileSize);
        if (body.large) result.skippedLarge++;
        else if (body.binary) result.skippedBinary++;
        if (body.text !== undefined) {
          result.contentScanned++;
          const head = body.text.slice(0, 4096);
          match = match ? refineByContent(match, head) : classifyByContent(relative, head);
          tokens = scanForSecrets(body.text)
            .filter((m) => m.confidence !== 'weak' || (match !== undefined && isContentGated(match)))
            .map((m) => ({ providerId: m.providerId, providerName: m.providerName, confidence: m.confidence }));
          if (match && isContentGated(match)) credentialContent = hasCredentialContent(body.text, match.pattern.glob);
        }
      }
      // A config file that may or may not hold credentials is reported only when it does (or cannot be read).
      if (match && isContentGated(match) && credentialContent === false) match = undefined;
      if (!match && tokens.length === 0) continue;
      const directory = match !== undefined && match.matchedPath !== relative;
      const key = match ? `/${match.matchedPath}` : path;
      const existing = grouped.get(key);
      if (existing) {
        existing.fileCount++;
        if (existing.tokens.length < 20) existing.tokens.push(...tokens.slice(0, 20 - existing.tokens.length));
        if (credentialContent) existing.credentialContent = true;
        continue;
      }
      const hit: LayerHit = { path: key, tokens: tokens.slice(0, 20), fileCount: 1, directory };
      if (match) hit.sensitive = match;
      if (credentialContent !== undefined) hit.credentialContent = credentialContent;
      grouped.set(key, hit);
    }
  } catch (error) {
    result.incomplete = error instanceof LimitError ? `stopped reading: ${error.message}` : `unreadable: ${oneLine(error)}`;
  }
  result.bytes = options.bytesRead();
  result.hits = [...grouped.values()];
  return result;
}

export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 200);
}
