/**
 * Offline structure checks that upgrade a regex match to "confirmed" (docs/architecture.md, "The token catalogue").
 * None of these functions throws or logs; they only answer yes/no about the value.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32/IEEE (zlib) of a string's UTF-16 code units taken as bytes (tokens are ASCII) or of raw bytes. */
export function crc32(input: string | Uint8Array): number {
  let crc = 0xffffffff;
  const length = input.length;
  for (let i = 0; i < length; i++) {
    const byte = typeof input === 'string' ? input.charCodeAt(i) & 0xff : (input[i] as number);
    crc = (CRC32_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Base62 (`0-9A-Za-z`) encoding, left-padded with `0` to `width`. */
export function toBase62(value: number, width: number): string {
  let out = '';
  let n = Math.floor(value);
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

/** The 6-char base62 CRC-32 suffix GitHub/npm append to the 30 random characters. */
export function crc32Base62Checksum(randomPart: string): string {
  return toBase62(crc32(randomPart), 6);
}

const CRC_TOKEN_RE = /^(?:gh[pousr]|npm)_([A-Za-z0-9]{30})([A-Za-z0-9]{6})$/;

/** `ghp_/gho_/ghu_/ghs_/ghr_/npm_` + 30 random + 6-char base62 CRC-32 of the random part. */
export function validCrc32Base62(token: string): boolean {
  const m = CRC_TOKEN_RE.exec(token);
  if (!m) return false;
  return crc32Base62Checksum(m[1] as string) === m[2];
}

/**
 * Cloudflare prefixed tokens: 40 chars + 8 lower-hex CRC-32. Which bytes the CRC covers is not verified
 * against a real token, so both plausible inputs are accepted.
 */
export function validCloudflareChecksum(token: string): boolean {
  const m = /^(cf(?:k|ut|at)_)([A-Za-z0-9]{40})([0-9a-f]{8})$/.exec(token);
  if (!m) return false;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return m[3] === hex(crc32(m[2] as string)) || m[3] === hex(crc32((m[1] as string) + (m[2] as string)));
}

const BASE64_ANY_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes standard or URL-safe base64, padded or not. Returns null for anything that is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64_ANY_RE.test(text)) return null;
  const body = text.replace(/(?<!=)=+$/, '');
  if (body.length % 4 === 1) return null;
  return new Uint8Array(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Decodes base64 to text when every byte is printable ASCII (plus tab/newline); null otherwise. */
export function decodeBase64Text(text: string): string | null {
  const bytes = decodeBase64(text);
  if (!bytes || bytes.length === 0) return null;
  for (const b of bytes) if ((b < 0x20 || b > 0x7e) && b !== 0x09 && b !== 0x0a && b !== 0x0d) return null;
  return Buffer.from(bytes).toString('latin1');
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The decoded JOSE header of a JWT (`header.payload.signature`), or null. */
export function decodeJwtHeader(token: string): Record<string, unknown> | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const text = decodeBase64Text(token.slice(0, dot));
  return text === null ? null : parseJsonObject(text);
}

/** A JWT whose header decodes to a JSON object with a string `alg`. */
export function hasValidJwtHeader(token: string): boolean {
  const header = decodeJwtHeader(token);
  return header !== null && typeof header.alg === 'string';
}

/** Reads a protobuf-style unsigned varint; returns [value, nextOffset] or null. */
function readVarint(bytes: Uint8Array, offset: number): [number, number] | null {
  let value = 0;
  for (let shift = 0, i = offset; i < bytes.length && shift < 28; shift += 7, i++) {
    const b = bytes[i] as number;
    value |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  return null;
}

/**
 * PyPI tokens are `pypi-` + base64url(macaroon v2). Checks the binary header: version 2, a location field
 * (type 1) naming a pypi host, then an identifier field (type 2) of plausible length.
 */
export function isPypiMacaroon(token: string): boolean {
  if (!token.startsWith('pypi-')) return false;
  const bytes = decodeBase64(token.slice(5));
  if (!bytes || bytes.length < 16 || bytes[0] !== 0x02 || bytes[1] !== 0x01) return false;
  const loc = readVarint(bytes, 2);
  if (!loc) return false;
  const [locLength, locStart] = loc;
  if (locLength < 4 || locLength > 64 || locStart + locLength >= bytes.length) return false;
  const location = Buffer.from(bytes.subarray(locStart, locStart + locLength)).toString('latin1');
  if (!/^[a-z0-9.-]*pypi[a-z0-9.-]*$/.test(location)) return false;
  const idAt = locStart + locLength;
  if (bytes[idAt] !== 0x02) return false;
  const id = readVarint(bytes, idAt + 1);
  return id !== null && id[0] > 0 && id[1] + id[0] <= bytes.length;
}

export type PrivateKeyMagic = 'asn1' | 'openssh' | 'pgp';

/**
 * Looks at the base64 body of a PEM/OpenSSH/PGP armored block and tells whether it starts like a real
 * key: DER SEQUENCE (`0x30`), `openssh-key-v1\0`, or an OpenPGP secret-key packet. Handles JSON-escaped
 * newlines (`\n` as two characters) and armor header lines (`Version: …`, `Proc-Type: …`).
 */
export function privateKeyBodyMagic(block: string): PrivateKeyMagic | null {
  const headerEnd = block.indexOf('-----', block.indexOf('-----BEGIN') + 10);
  if (headerEnd < 0) return null;
  let body = block.slice(headerEnd + 5);
  const end = body.indexOf('-----END');
  if (end >= 0) body = body.slice(0, end);
  body = body.replace(/\\[nr]/g, '\n');
  const lines = body.split(/\r?\n/).map((l) => l.trim());
  // Armor/PEM header lines ("Key: value") and the blank line after them are not part of the base64.
  const base64 = lines.filter((l) => l.length > 0 && !/^[A-Za-z-]{1,40}:/.test(l)).join('');
  const lead = decodeBase64(base64.slice(0, 24));
  if (!lead || lead.length < 4) return null;
  if (Buffer.from(lead.subarray(0, 15)).toString('latin1') === 'openssh-key-v1\0') return 'openssh';
  const first = lead[0] as number;
  if (first === 0x30) return 'asn1';
  // OpenPGP: old-format tag 5/7 (0x94-0x97, 0x9c-0x9f) or new-format 0xc5/0xc7.
  if ((first >= 0x94 && first <= 0x97) || (first >= 0x9c && first <= 0x9f) || first === 0xc5 || first === 0xc7) {
    return 'pgp';
  }
  return null;
}
