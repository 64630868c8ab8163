/**
 * Deterministic generators of FAKE, format-valid secrets for tests. Nothing here is or was ever a real
 * credential: every value is produced at run time from a seeded PRNG, so the repository never contains
 * a token-shaped literal that scanners (ours or GitHub's) would flag.
 */
import { crc32Base62Checksum } from './checksums.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const BASE64URL = ALNUM + '_-';
const BASE64 = ALNUM + '+/';
const HEX = '0123456789abcdef';
const BASE32 = UPPER + '234567';

/** A small seeded PRNG (mulberry32): fast, deterministic, good enough for test data. */
export interface FakeRandom {
  next(): number;
  int(maxExclusive: number): number;
  string(alphabet: string, length: number): string;
  bytes(length: number): Uint8Array;
}

export function seededRandom(seed: number): FakeRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive);
  return {
    next,
    int,
    string: (alphabet, length) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
      return out;
    },
    bytes: (length) => Uint8Array.from({ length }, () => int(256)),
  };
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const base64url = (bytes: Uint8Array | string) =>
  (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes)).toString('base64url');

/** GitHub classic token (`ghp_` by default) whose last 6 chars are the valid base62 CRC-32. */
function githubClassic(seed = 1, prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr' = 'ghp'): string {
  const random = seededRandom(seed).string(ALNUM, 30);
  return `${prefix}_${random}${crc32Base62Checksum(random)}`;
}

/** Same shape, last character changed so the checksum no longer matches. */
function githubClassicBadChecksum(seed = 1, prefix: 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr' = 'ghp'): string {
  const good = githubClassic(seed, prefix);
  const last = good[good.length - 1] as string;
  const replacement = ALNUM[(ALNUM.indexOf(last) + 7) % ALNUM.length] as string;
  return good.slice(0, -1) + replacement;
}

function npmToken(seed = 1): string {
  const random = seededRandom(seed).string(ALNUM, 30);
  return `npm_${random}${crc32Base62Checksum(random)}`;
}

function awsAccessKeyId(seed = 1): string {
  return `AKIA${seededRandom(seed).string(BASE32, 16)}`;
}

function awsSecretAccessKey(seed = 1): string {
  return seededRandom(seed).string(BASE64, 40);
}

function gitlabPat(seed = 1): string {
  return `glpat-${seededRandom(seed).string(ALNUM, 20)}`;
}

function slackBotToken(seed = 1): string {
  const r = seededRandom(seed);
  return `xoxb-${r.string('123456789', 1)}${r.string(DIGITS, 11)}-${r.string('123456789', 1)}${r.string(DIGITS, 12)}-${r.string(ALNUM, 24)}`;
}

function stripeLiveKey(seed = 1): string {
  return `sk_live_${seededRandom(seed).string(ALNUM, 99)}`;
}

function openaiKey(seed = 1): string {
  const r = seededRandom(seed);
  return `sk-proj-${r.string(BASE64URL, 74)}T3BlbkFJ${r.string(BASE64URL, 74)}`;
}

function anthropicKey(seed = 1): string {
  return `sk-ant-api03-${seededRandom(seed).string(BASE64URL, 93)}AA`;
}

function huggingfaceToken(seed = 1): string {
  return `hf_${seededRandom(seed).string(UPPER + LOWER, 34)}`;
}

function sendgridKey(seed = 1): string {
  const r = seededRandom(seed);
  return `SG.${r.string(BASE64URL, 22)}.${r.string(BASE64URL, 43)}`;
}

function dockerHubPat(seed = 1): string {
  return `dckr_pat_${seededRandom(seed).string(ALNUM, 27)}`;
}

function googleApiKey(seed = 1): string {
  return `AIza${seededRandom(seed).string(ALNUM, 35)}`;
}

/** `pypi-` + base64url of a macaroon v2: location `pypi.org`, identifier, one caveat, signature. */
function pypiToken(seed = 1): string {
  const r = seededRandom(seed);
  const location = Buffer.from('pypi.org', 'latin1');
  const identifier = Buffer.from(`{"nonce":"${r.string(HEX, 32)}","version":1}`, 'latin1');
  const caveat = Buffer.from(`{"permissions":"user","version":1}`, 'latin1');
  const bytes = Buffer.concat([
    Buffer.from([0x02, 0x01, location.length]),
    location,
    Buffer.from([0x02, identifier.length]),
    identifier,
    Buffer.from([0x00, 0x02, caveat.length]),
    caveat,
    Buffer.from([0x00, 0x00, 0x06, 0x20]),
    Buffer.from(r.bytes(32)),
  ]);
  return `pypi-${base64url(bytes)}`;
}

/** A compact JWT with a valid `{"alg":"HS256","typ":"JWT"}` header and random signature. */
function jwt(seed = 1): string {
  const r = seededRandom(seed);
  const header = base64url('{"alg":"HS256","typ":"JWT"}');
  const payload = base64url(`{"sub":"${r.string(ALNUM, 12)}","iat":${1_700_000_000 + r.int(1_000_000)}}`);
  return `${header}.${payload}.${base64url(r.bytes(32))}`;
}

function wrap64(text: string): string {
  return text.replace(/.{1,64}/g, '$&\n');
}

/** RSA PEM whose body starts with a DER SEQUENCE (`30 82 …`); the rest is random bytes. */
function rsaPrivateKeyPem(seed = 1): string {
  const r = seededRandom(seed);
  const der = Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01]), Buffer.from(r.bytes(600))]);
  return `-----BEGIN RSA PRIVATE KEY-----\n${wrap64(base64(der))}-----END RSA PRIVATE KEY-----\n`;
}

/** OpenSSH key whose body starts with `openssh-key-v1\0`; the rest is random bytes. */
function opensshPrivateKey(seed = 1): string {
  const r = seededRandom(seed);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), Buffer.from(r.bytes(300))]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap64(base64(body))}-----END OPENSSH PRIVATE KEY-----\n`;
}

export interface FakeUrlCredentials {
  url: string;
  user: string;
  password: string;
}

function urlWithCredentials(seed = 1, scheme = 'postgres'): FakeUrlCredentials {
  const r = seededRandom(seed);
  const user = `app${r.string(LOWER, 4)}`;
  const password = `${r.string(UPPER, 2)}${r.string(ALNUM, 12)}${r.string(DIGITS, 2)}`;
  return { url: `${scheme}://${user}:${password}@db.internal:5432/app`, user, password };
}

/** Seeded fake secret generators; same seed → same value. */
export const fakes = {
  random: seededRandom,
  githubClassic,
  githubClassicBadChecksum,
  npmToken,
  awsAccessKeyId,
  awsSecretAccessKey,
  gitlabPat,
  slackBotToken,
  stripeLiveKey,
  openaiKey,
  anthropicKey,
  huggingfaceToken,
  sendgridKey,
  pypiToken,
  jwt,
  rsaPrivateKeyPem,
  opensshPrivateKey,
  dockerHubPat,
  googleApiKey,
  urlWithCredentials,
} as const;
