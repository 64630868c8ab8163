/**
 * What may be linted at all: files larger than 2 MB and binary files (a NUL byte in the first 8 KB) are not, and
 * unreadable paths and directories are reported as such. Every adapter gets the same answer from here.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { errorLine } from './redaction.js';

/** Larger documents are not linted (a real Dockerfile is a few KB; the corpus's largest is under 100 KB). */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
/** A NUL byte this early means a binary file, not a Dockerfile. */
export const BINARY_SNIFF_BYTES = 8 * 1024;

/**
 * Why a document was not linted. `binary` and `too-large` are expected (the file is not a Dockerfile worth
 * linting); `unreadable` and `directory` mean the path asked for could not be read; `ignored` that the config's
 * `ignores` exclude it.
 */
export type NotLintedReason = 'binary' | 'too-large' | 'unreadable' | 'directory' | 'ignored';

export interface NotLinted {
  reason: NotLintedReason;
  /** One line, e.g. `larger than 2 MB (2.4 MB)`, `cannot read (permission denied)`. */
  message: string;
}

function tooLarge(bytes: number): NotLinted {
  return { reason: 'too-large', message: `larger than 2 MB (${(bytes / 1024 / 1024).toFixed(1)} MB)` };
}

const BINARY: NotLinted = { reason: 'binary', message: 'binary file (a NUL byte in the first 8 KB)' };

/** A byte-order mark is not part of the Dockerfile (Docker ignores it too). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** For text that did not come from a file (editor buffers, stdin): the same limits as for files. */
export function textNotLinted(text: string): NotLinted | undefined {
  // Cheap first: UTF-8 needs at least one byte per UTF-16 unit and at most three.
  if (text.length * 3 > MAX_DOCUMENT_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) return tooLarge(bytes);
  }
  if (text.slice(0, BINARY_SNIFF_BYTES).includes('\u0000')) return BINARY;
  return undefined;
}

function errorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const known: Record<string, string> = { EACCES: 'permission denied', EPERM: 'permission denied', ENOENT: 'no such file', EISDIR: 'is a directory', ELOOP: 'too many symbolic links' };
    return known[e.code] ?? e.code;
  }
  return errorLine(error);
}

/**
 * Bytes read before asking the file's size: most Dockerfiles fit (the corpus's average is under 2 KB), and a
 * buffer below half of `Buffer.poolSize` is a slice of Node's shared pool, so such a file costs no `fstat` (whose
 * `Stats` object outweighs the text) and no buffer of its own.
 */
const FIRST_READ_BYTES = (Buffer.poolSize >>> 1) - 1;

/**
 * Reads a Dockerfile from disk (BOM removed), or says why it is not linted. Never throws. One `open`, one `close`;
 * a file smaller than `FIRST_READ_BYTES` is read whole by the first read (the next says end of file); a larger
 * one is `fstat`ed (size and type of the file opened, not of whatever the path names a moment later) and read.
 */
export function readDockerfile(absPath: string): { text: string } | { notLinted: NotLinted } {
  let fd: number | undefined;
  try {
    // Opening a directory read-only succeeds on POSIX (reading it fails with EISDIR); Windows refuses it with EISDIR.
    fd = openSync(absPath, 'r');
    const first = Buffer.allocUnsafe(FIRST_READ_BYTES);
    const firstRead = readInto(fd, first, FIRST_READ_BYTES);
    if (firstRead < FIRST_READ_BYTES) return decoded(first.subarray(0, firstRead));
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { notLinted: { reason: 'directory', message: 'is a directory' } };
    if (stat.size > MAX_DOCUMENT_BYTES) return { notLinted: tooLarge(stat.size) };
    const buffer = Buffer.allocUnsafe(stat.size);
    return decoded(buffer.subarray(0, readInto(fd, buffer, stat.size)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EISDIR') return { notLinted: { reason: 'directory', message: 'is a directory' } };
    return { notLinted: { reason: 'unreadable', message: `cannot read (${errorText(error)})` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads from the start of the file into `buffer` until `length` bytes or the end of the file; the bytes read. */
function readInto(fd: number, buffer: Buffer, length: number): number {
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** The file's bytes as text, unless a NUL byte early on says it is binary. */
function decoded(bytes: Buffer): { text: string } | { notLinted: NotLinted } {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { notLinted: BINARY };
  return { text: stripBom(bytes.toString('utf8')) };
}
