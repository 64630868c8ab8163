/**
 * Stream plumbing for image archives: peek at a stream's first bytes, pick the layer decompressor from its
 * magic bytes, and iterate a tar stream entry by entry. Nothing is ever written to disk.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import tar from 'tar-stream';

export type Compression = 'none' | 'gzip' | 'zstd' | 'unknown';

/** A readable whose first bytes were already read. */
export interface Peeked {
  head: Buffer;
  stream: Readable;
}

/**
 * Read at least `size` bytes (or to the end) and hand back those bytes plus a stream that yields the whole
 * input again, head included. The rest is pulled lazily, so back-pressure is kept.
 */
export async function peek(source: AsyncIterable<Buffer | Uint8Array | string>, size: number, onChunk?: (length: number) => void): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    chunks.push(chunk);
    length += chunk.length;
    onChunk?.(chunk.length);
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const chunk = toBuffer(next.value);
      onChunk?.(chunk.length);
      yield chunk;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function compressionOf(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (looksLikeTar(head)) return 'none';
  return 'unknown';
}

/** ustar / GNU magic at offset 257, or an all-zero first block (an empty tar). */
export function looksLikeTar(head: Buffer): boolean {
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return true;
  if (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0)) return true;
  // v7 tar (no magic): a plausible octal checksum field.
  if (head.length >= 512) {
    const checksum = head.toString('latin1', 148, 156).replace(/\0.*$/, '').trim();
    if (/^[0-7]{1,7}$/.test(checksum)) {
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (head[i] as number);
      return sum === parseInt(checksum, 8);
    }
  }
  return false;
}

/** zstd as a Node transform (fzstd is a pure-JS streaming decoder: no native build, ~30 KB). */
class ZstdTransform extends Transform {
  private readonly decoder: ZstdDecompress;
  private pending: Buffer[] = [];
  constructor() {
    super();
    this.decoder = new ZstdDecompress((data) => {
      this.pending.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  }
  private flushPending(): void {
    for (const chunk of this.pending) this.push(chunk);
    this.pending = [];
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.flushPending();
      callback();
    } catch (error) {
      callback(asError(error, 'zstd'));
    }
  }
  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      this.flushPending();
      callback();
    } catch (error) {
      callback(asError(error, 'zstd'));
    }
  }
}

function asError(error: unknown, what: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${what}: ${message.split('\n')[0]}`);
}

/** The decompressed stream for a layer blob whose first bytes are `head`. */
export function decompressed(peeked: Peeked, compression: Compression): Readable {
  // 64 KiB output chunks: a quarter of the callbacks of zlib's default, for the same memory order.
  if (compression === 'gzip') return peeked.stream.pipe(forwardErrors(peeked.stream, createGunzip({ chunkSize: 64 * 1024 })));
  if (compression === 'zstd') return peeked.stream.pipe(forwardErrors(peeked.stream, new ZstdTransform()));
  return peeked.stream;
}

function forwardErrors<T extends NodeJS.ReadWriteStream & Readable>(from: Readable, to: T): T {
  from.on('error', (error) => to.destroy(error));
  return to;
}

/** Counts bytes flowing through, and stops the stream once `limit(bytes)` says so. */
export class ByteMeter extends Transform {
  bytes = 0;
  constructor(private readonly over: (bytes: number) => string | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    const reason = this.over(this.bytes);
    if (reason !== undefined) {
      callback(new LimitError(reason));
      return;
    }
    callback(null, chunk);
  }
}

/** A configured bound was reached: the result is partial, not wrong. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

export interface TarEntry {
  header: tar.Headers;
  /** Entry body; must be consumed or drained before the next entry comes. */
  stream: Readable;
}

/**
 * Iterate the entries of a tar stream. Errors of the source (truncated input, bad compression) end the
 * iteration with that error.
 */
export async function* tarEntries(source: Readable): AsyncGenerator<TarEntry> {
  const extract = tar.extract({ allowUnknownFormat: true });
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  try {
    for await (const entry of extract as AsyncIterable<tar.Entry>) {
      yield { header: entry.header, stream: entry as unknown as Readable };
      // Whatever the consumer left unread is skipped here, so the next header can be parsed.
      entry.resume();
    }
  } finally {
    source.unpipe(extract);
    if (!source.destroyed) source.destroy();
    if (!extract.destroyed) extract.destroy();
  }
}

/** Read a stream into memory up to `max` bytes; undefined when it is longer (the rest is drained). */
export async function readBounded(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  let over = false;
  for await (const chunk of stream) {
    if (over) continue;
    length += chunk.length;
    if (length > max) {
      over = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  return over ? undefined : Buffer.concat(chunks);
}
