/** No network: no shipped source imports a network module or calls `fetch` (docs/security.md). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, shippedSourceFiles } from './regex-inventory.js';

describe('no network', () => {
  it('no shipped source file uses http, https, net, tls, dgram, http2, undici or fetch', () => {
    const offenders: string[] = [];
    for (const file of shippedSourceFiles()) {
      const text = readFileSync(file, 'utf8');
      if (/from ['"](?:node:)?(?:http|https|net|tls|dgram|http2|undici)['"]|require\(['"](?:node:)?(?:http|https|net|tls|dgram|http2)['"]\)|\bfetch\(|\bWebSocket\b/.test(text)) offenders.push(path.relative(REPO, file));
    }
    expect(offenders).toEqual([]);
  });
});
