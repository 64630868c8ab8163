#!/usr/bin/env node
/**
 * The floor for `dockerlint --image`: read an image archive (a tar, e.g. an OCI layout tar) and only decompress
 * and read its layers' tar streams, entry by entry, with the same libraries — no classification, no scanning.
 * Prints `members layers entries bytes`.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';

async function drainTar(stream, count) {
  const extract = tar.extract();
  stream.on('error', (e) => extract.destroy(e));
  stream.pipe(extract);
  for await (const entry of extract) {
    count.entries++;
    for await (const chunk of entry) count.bytes += chunk.length;
  }
}

const count = { members: 0, layers: 0, entries: 0, bytes: 0 };
const outer = tar.extract();
createReadStream(process.argv[2]).pipe(outer);
for await (const member of outer) {
  count.members++;
  const chunks = [];
  let first = true;
  let isGzip = false;
  // Peek two bytes to tell gzip layers from JSON documents.
  const iterator = member[Symbol.asyncIterator]();
  const head = await iterator.next();
  if (!head.done) {
    isGzip = head.value[0] === 0x1f && head.value[1] === 0x8b;
    chunks.push(head.value);
  }
  if (!isGzip) {
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) void n;
    continue;
  }
  count.layers++;
  const { Readable } = await import('node:stream');
  const body = Readable.from((async function* replay() {
    if (first) {
      first = false;
      yield* chunks;
    }
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  })());
  await drainTar(body.pipe(createGunzip()), count);
}
console.log(`${count.members} ${count.layers} ${count.entries} ${count.bytes}`);
