/**
 * Seeded mutation of real Dockerfiles. Input `i` of a run depends only on (seed, i) and the corpus, so any
 * input can be regenerated on its own (to re-run it, or to save it as a regression fixture).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_CORPUS_DIRS = [path.resolve(REPO, '../shared/corpus/real'), path.join(REPO, 'test/fixtures')];

/** mulberry32 */
export function rng(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** Seed of input `i` of a run seeded `seed` (a hash, so neighbouring inputs are unrelated). */
export function inputSeed(seed, i) {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|dockerfile)$/;

/** Dockerfiles under `dirs` (sorted, deterministic), at most 256 KB each. */
export function loadCorpus(dirs = DEFAULT_CORPUS_DIRS) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'fuzz-regressions') walk(p);
      } else if (entry.isFile() && DOCKERFILE_NAME.test(entry.name)) {
        try {
          if (statSync(p).size <= 256 * 1024) files.push(p);
        } catch {
          // unreadable: skip
        }
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return files.map((file) => ({ file, bytes: readFileSync(file) }));
}

const SNIPPETS = [
  'FROM ', 'FROM scratch\n', 'FROM alpine AS build\n', 'RUN ', 'RUN --mount=type=secret,id=npm,target=/root/.npmrc ', 'ARG ', 'ARG NPM_TOKEN\n',
  'ENV ', 'ENV API_KEY=', 'LABEL ', 'COPY . .\n', 'COPY --from=build /app /app\n', 'ADD ', 'ONBUILD ', 'ONBUILD RUN ', 'SHELL ["pwsh", "-c"]\n',
  'HEALTHCHECK CMD ', 'CMD ["a", "', 'ENTRYPOINT [', 'WORKDIR ', 'USER ', 'EXPOSE ', 'VOLUME [', 'STOPSIGNAL ', 'MAINTAINER ',
  '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '# check=skip=SecretsUsedInArgOrEnv\n',
  '# dockerlint-disable-next-line no-secret-env\n', '# dockerlint-disable no-secret-arg\n', '# dockerlint-enable\n',
  ' && ', ' || ', ' | ', ' ; ', ' > /root/.npmrc', ' >> ~/.aws/credentials', ' 2>&1', ' &> /dev/null', ' < /run/secrets/x',
  '${', '${X:-', '${X:?', '$X', '$$', '$((', '`', '"$(', '\'$(', '((', '))', '{ ', ' }', '[[ ', ' ]]', 'if ', 'then ', 'fi', 'case x in ', 'esac',
  'npm config set //registry.npmjs.org/:_authToken=', 'echo $NPM_TOKEN', 'cat /run/secrets/', 'docker login -p ', 'git clone https://user:',
  'cp /run/secrets/x ~/.aws/credentials', 'rm -f .npmrc', 'curl -H "Authorization: Bearer ', 'export TOKEN=', 'set -x;', '\t', '\\\n', '\n\n',
  '-----BEGIN RSA PRIVATE KEY-----\n', 'https://', '@', '=', '"', "'", '#', '\u00a0', '\u2028', '\ud83d', '\ufeff', 'é', '€',
];

const HEREDOCS = ['<<EOF\n', '<<-EOF\n', "<<'EOF'\n", '<<"EOF"\n', '<<EOF', 'RUN <<EOF\n', 'RUN <<EOF bash\n', 'COPY <<EOF /root/.npmrc\n', 'RUN cat <<A <<B\n', 'EOF\n', '\nEOF', '<<', '<<<'];

const INVALID_UTF8 = [[0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0x80], [0xef, 0xbb, 0xbf]];

const LONG_UNITS = ['A', 'a', ' ', '\\', '$', '"', "'", '${', '$(', 'a=', '-', 'x ', '\\\n', '&& ', '| ', '/', '%', '*', '=', '0', 'ab', '\t', ':', '@', '.', '_-'];

const bytesOf = (text) => Buffer.from(text, 'utf8');

function position(r, b) {
  if (b.length === 0) return 0;
  if (r.chance(0.5)) {
    // a line boundary
    const at = r.int(b.length);
    const nl = b.indexOf(10, at);
    return nl === -1 ? b.length : r.chance(0.5) ? nl : nl + 1;
  }
  return r.int(b.length + 1);
}

function insert(b, at, piece) {
  return Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]);
}

function repeat(unit, length) {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Each mutator: (bytes, rng, ctx) → bytes. */
export const MUTATORS = {
  truncate: (b, r) => b.subarray(0, r.int(b.length + 1)),
  'random-bytes': (b, r) => insert(b, position(r, b), Buffer.from(Array.from({ length: 1 + r.int(24) }, () => r.int(256)))),
  'random-ascii': (b, r) => insert(b, position(r, b), Buffer.from(Array.from({ length: 1 + r.int(24) }, () => 9 + r.int(118)))),
  'duplicate-span': (b, r, ctx) => {
    if (b.length === 0) return b;
    const start = r.int(b.length);
    const end = Math.min(b.length, start + 1 + r.int(r.chance(0.1) ? 4096 : 256));
    const times = r.chance(0.1) ? 2 + r.int(ctx.quick ? 10 : 50) : 1;
    return insert(b, position(r, b), Buffer.concat(Array(times).fill(b.subarray(start, end))));
  },
  'delete-span': (b, r) => {
    const start = r.int(b.length + 1);
    return Buffer.concat([b.subarray(0, start), b.subarray(Math.min(b.length, start + 1 + r.int(200)))]);
  },
  'swap-lines': (b, r) => {
    const lines = b.toString('latin1').split('\n');
    if (lines.length < 2) return b;
    const i = r.int(lines.length);
    const j = r.int(lines.length);
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  'stray-quote': (b, r) => insert(b, position(r, b), bytesOf(r.pick(['"', "'", '`', '"\'', '\\"', "$'", '$"']))),
  backslash: (b, r) => insert(b, position(r, b), bytesOf(r.pick(['\\', '\\\n', '\\ \n', '\\\r\n', '\\\\', '\\\n\\\n\\\n', '\\\n# comment\n', '`\n']))),
  substitution: (b, r) => {
    const n = r.chance(0.05) ? 200 + r.int(5000) : 1 + r.int(5);
    return insert(b, position(r, b), bytesOf(repeat(r.pick(['$(', '$( ', '"$(', '`', '$((', '${', '<(', '(']), n * 2)));
  },
  heredoc: (b, r) => insert(b, position(r, b), bytesOf(r.pick(HEREDOCS))),
  nul: (b, r) => insert(b, position(r, b), Buffer.alloc(1 + r.int(r.chance(0.1) ? 1000 : 3))),
  'invalid-utf8': (b, r) => insert(b, position(r, b), Buffer.from(r.pick(INVALID_UTF8))),
  'line-endings': (b, r) => {
    const mode = r.pick(['crlf', 'cr', 'mixed', 'lone-cr']);
    const text = b.toString('latin1');
    if (mode === 'lone-cr') return insert(b, position(r, b), bytesOf('\r'));
    let out = '';
    for (const ch of text) {
      if (ch !== '\n') out += ch;
      else if (mode === 'crlf') out += '\r\n';
      else if (mode === 'cr') out += '\r';
      else out += r.pick(['\n', '\r\n', '\r', '\n\r']);
    }
    return Buffer.from(out, 'latin1');
  },
  'long-line': (b, r, ctx) => {
    const length = ctx.quick ? 1000 + r.int(20_000) : r.chance(0.01) ? 1_000_000 : 1000 + r.int(r.chance(0.05) ? 200_000 : 20_000);
    const prefix = r.pick(['', 'RUN ', 'RUN echo ', 'ENV A=', 'ARG X=', 'LABEL a=', 'COPY ', '# ', 'RUN curl -H "Authorization: Bearer ']);
    return insert(b, position(r, b), bytesOf(`${prefix}${repeat(r.pick(LONG_UNITS), length)}${r.pick(['', '\n'])}`));
  },
  snippet: (b, r) => insert(b, position(r, b), bytesOf(r.pick(SNIPPETS))),
  splice: (b, r, ctx) => {
    const other = r.pick(ctx.corpus).bytes;
    const start = r.int(other.length + 1);
    return insert(b, position(r, b), other.subarray(start, start + r.int(2000)));
  },
  secret: (b, r, ctx) => (ctx.secrets.length === 0 ? b : insert(b, position(r, b), bytesOf(r.pick(ctx.secrets)))),
};

const NAMES = Object.keys(MUTATORS);

/** Fake, format-valid secrets to sprinkle in (exercises the secret scanners and redaction). */
export function fakeSecrets(fakes) {
  if (!fakes) return [];
  const out = [];
  for (const [name, make] of Object.entries(fakes)) {
    if (name === 'random' || typeof make !== 'function') continue;
    try {
      const value = make(7);
      if (typeof value === 'string') out.push(value);
      else if (value && typeof value === 'object') out.push(...Object.values(value).filter((v) => typeof v === 'string'));
    } catch {
      // a generator with another signature: skip
    }
  }
  return out;
}

/**
 * Input `i`: a corpus file with 1–4 mutations. Returns the bytes (what the CLI reads from disk), the text
 * (what an editor or `lintText` gets: UTF-8 decoded, invalid sequences replaced), and the mutation names.
 */
export function makeInput(ctx, seed, i) {
  const r = rng(inputSeed(seed, i));
  const source = ctx.corpus[r.int(ctx.corpus.length)];
  let bytes = source.bytes;
  const ops = [];
  const n = 1 + r.int(4);
  for (let k = 0; k < n; k++) {
    const name = NAMES[r.int(NAMES.length)];
    bytes = MUTATORS[name](bytes, r, ctx);
    ops.push(name);
  }
  // Keep inputs under the CLI's 2 MB limit most of the time (over it is the "skipped" path).
  return { index: i, bytes, text: bytes.toString('utf8'), ops, source: path.relative(REPO, source.file), withContext: r.chance(0.25), contextSeed: r.int(2 ** 31) };
}

const CONTEXT_FILES = ['.env', '.env.production', 'id_rsa', '.npmrc', 'src/app.js', 'src/', '.git/', '.git/config', 'node_modules/x/index.js', 'secrets/prod.pem', 'README.md', 'package.json'];
const IGNORE_LINES = ['.git', '.env*', '!.env.example', '**/*.pem', 'node_modules', '*', '!src', '**', '!', '/', '../', '[', '[a-', '\\', '#x', '  .npmrc  ', '**/**/**/**/a', '!**/*.js', 'src/**/*.{js,ts}', '?'];

/** A small in-memory context (file list + a randomised .dockerignore) for inputs with `withContext`. */
export function contextFor(input) {
  const r = rng(input.contextSeed);
  const files = CONTEXT_FILES.filter(() => r.chance(0.7));
  const lines = Array.from({ length: r.int(8) }, () => r.pick(IGNORE_LINES));
  return { files, dockerignore: r.chance(0.2) ? undefined : lines.join(r.pick(['\n', '\r\n'])) };
}
