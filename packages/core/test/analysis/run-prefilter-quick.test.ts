/**
 * The RUN prefilter's quick test (run-prefilter.ts `mayHoldTextTrigger`, `mayNameDeleteCommand`) against the exact
 * checks it stands in front of: whenever an exact text trigger fires, or the exact words hold a delete command,
 * the quick test must say "may" — on every RUN of the corpora and the fixtures, and on generated texts that mix
 * quotes, escapes, case and the words, stems and pieces the exact checks look for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { RunInstruction } from '../../src/model/types.js';
import { classifyName } from '../../src/secrets/names.js';
import { mayHoldCatalogueSecret, mayHoldTextTrigger, mayNameDeleteCommand, prefilterWords, textTrigger, type RunParts } from '../../src/analysis/run-prefilter.js';
import { scanForSecrets } from '../../src/secrets/scan.js';
import { fakes } from '../../src/secrets/fakes.js';
import { seededRandom } from '../../../../test/helpers/random.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpus = path.resolve(repo, '../shared/corpus');

interface Outcome {
  checked: number;
  fired: number;
  deletes: number;
  passedQuickly: number;
  /** Texts with quotes whose joined form holds a catalogue secret. */
  joinedSecrets: number;
  missed: string[];
}

const newOutcome = (): Outcome => ({ checked: 0, fired: 0, deletes: 0, passedQuickly: 0, joinedSecrets: 0, missed: [] });

/** The exact answers for `parts` next to the quick ones; a case the quick test would wrongly rule out is kept. */
function check(parts: RunParts, outcome: Outcome): void {
  outcome.checked++;
  const exact = textTrigger(parts, classifyName);
  const hay = parts.filter((part) => part !== undefined).join('\n');
  const joined = hay.replace(/["'\\]/g, '');
  const words = prefilterWords(joined.toLowerCase(), joined);
  const deletes = words.deletes;
  // prefilterWords reads a text with capitals as its lower-cased form (textTrigger passes it so, without a copy).
  if (!/[\u0130\u212a]/.test(joined) && JSON.stringify(prefilterWords(joined, joined)) !== JSON.stringify(words)) outcome.missed.push(`words: ${JSON.stringify(parts)}`);
  const may = mayHoldTextTrigger(parts);
  if (typeof exact === 'string') outcome.fired++;
  if (deletes) outcome.deletes++;
  if (!may) outcome.passedQuickly++;
  if (typeof exact === 'string' && !may) outcome.missed.push(`${exact}: ${JSON.stringify(parts)}`);
  if (deletes && !mayNameDeleteCommand(parts)) outcome.missed.push(`deletes: ${JSON.stringify(parts)}`);
  const text = parts[0];
  if (/["'\\]/.test(text) && scanForSecrets(text.replace(/["'\\]/g, '')).length > 0) {
    outcome.joinedSecrets++;
    if (!mayHoldCatalogueSecret(text)) outcome.missed.push(`literal-secret: ${JSON.stringify(text)}`);
  }
}

function runParts(text: string, file: string): RunParts[] {
  const model = buildModel(text, { path: file });
  return model
    .allInstructions()
    .filter((instruction): instruction is RunInstruction => instruction.kind === 'RUN')
    .map((run) => [run.text, run.text.includes('$') ? model.expand(run.text, run) : undefined, run.facts.workdir, run.facts.home] as const);
}

function dockerfilesUnder(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'node_modules' && name !== '.git') walk(full);
      } else if (/dockerfile|containerfile/i.test(name)) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/** Pieces the generated RUN texts are made of: stems, pieces and words next to what joins, splits or hides them. */
const PIECES = [
  'GITHUB', '_', 'PAT', 'Pat', 'pat', 'h', 'H', 'Hx', 'x', '2', 'KEY', 'Key', 'key', 's', 'ring', 'auth', 'Auth', 'AUTH', 'or', 'API', 'api',
  'PRIVATE', 'token', 'TOKEN', 'pass', 'word', 'secret', '/run/', 'secrets', '.git', 'app', '.env', 'id_rsa', '.npmrc', 'kubeconfig', '.pem',
  'npm', 'pnpm', 'config', 'set', 'c', 'login', 'git', 'remote', '@', 'curl', '-u', '-uci:pw', '--user', 'pip', 'pip3', '3.11', 'python',
  'docker', 'zip', 'unzip', '-P', '-p', 'mysql', 'mkdir', 'rm', 'mv', 'unlink', 'https', 'http', '://', 'apt-transport-', 'vault', 'op',
  'openssl', '-passout', 'kubectl', 'set-credentials', 'nuget', 'sources',
  'NPM', 'Config', 'SET', 'LOGIN', 'Git', 'CURL', '-U', '--USER', 'Pip3', 'PYTHON', 'RM', 'Mv', 'ZIP', 'MySQL', 'HTTPS', '/RUN/SECRETS', '.GIT', 'ID_RSA',
  ' ', ' ', ' ', '"', '"', "'", '\\', '\\n', '\n', '\t', '=', '/', '.', '-', '--', '$', '&&', ';', '\u0130', '\u212a',
];

function generated(next: () => number): RunParts {
  const text = (count: number): string => {
    let out = '';
    for (let i = 0; i < count; i++) out += PIECES[Math.floor(next() * PIECES.length)];
    return out;
  };
  return [text(1 + Math.floor(next() * 12)), next() < 0.3 ? text(4) : undefined, next() < 0.2 ? `/${text(2)}` : '/', '/root'];
}

describe('the quick test says "may" wherever an exact text trigger fires', () => {
  it('on generated RUN texts mixing quotes, escapes, case, stems, pieces and command words', () => {
    const next = seededRandom(16);
    const outcome = newOutcome();
    for (let i = 0; i < 40_000; i++) check(generated(next), outcome);
    expect(outcome.missed).toEqual([]);
    // Both answers are exercised: many texts fire an exact trigger, many others pass the quick test.
    expect(outcome.fired).toBeGreaterThan(10_000);
    expect(outcome.deletes).toBeGreaterThan(1_000);
    expect(outcome.passedQuickly).toBeGreaterThan(3_000);
  });

  it('on fake secrets of every kind split by quotes and backslashes (the joined text holds them)', () => {
    const next = seededRandom(17);
    const outcome = newOutcome();
    const secrets = [
      ...[1, 2, 3].flatMap((seed) => [
        fakes.githubClassic(seed), fakes.npmToken(seed), fakes.awsAccessKeyId(seed), fakes.awsSecretAccessKey(seed), fakes.gitlabPat(seed),
        fakes.slackBotToken(seed), fakes.stripeLiveKey(seed), fakes.openaiKey(seed), fakes.anthropicKey(seed), fakes.huggingfaceToken(seed),
        fakes.sendgridKey(seed), fakes.pypiToken(seed), fakes.jwt(seed), fakes.dockerHubPat(seed), fakes.googleApiKey(seed),
        fakes.urlWithCredentials(seed).url, fakes.urlWithCredentials(seed, 'https').url,
      ]),
      `password=${fakes.awsSecretAccessKey(4)}`,
    ];
    for (const secret of secrets) {
      for (let i = 0; i < 40; i++) {
        let split = '';
        for (const ch of secret) split += (next() < 0.2 ? ['"', "'", '\\'][Math.floor(next() * 3)]! : '') + ch;
        check([`./deploy --flag ${split} && echo done`, undefined, '/', '/root'], outcome);
      }
    }
    expect(outcome.missed).toEqual([]);
    expect(outcome.joinedSecrets).toBeGreaterThan(300);
  });

  it("on every RUN of the repository's fixtures", () => {
    const outcome = newOutcome();
    const files = dockerfilesUnder(path.join(repo, 'test/fixtures'));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) for (const parts of runParts(readFileSync(file, 'utf8'), file)) check(parts, outcome);
    expect(outcome.missed).toEqual([]);
    expect(outcome.fired).toBeGreaterThan(20);
  });

  // The share of RUNs each corpus must rule out quickly (the point of the quick test): the wild corpus is a few
  // files chosen for their secrets.
  for (const [name, quickShare] of [['real', 0.8], ['labeled', 0.6], ['wild', 0.2]] as const) {
    const missing = !existsSync(path.join(corpus, name));
    it.skipIf(missing)(`on every RUN of the ${name} corpus${missing ? ` (skipped: ../shared/corpus/${name} is absent)` : ''}`, () => {
      const outcome = newOutcome();
      for (const file of dockerfilesUnder(path.join(corpus, name))) for (const parts of runParts(readFileSync(file, 'utf8'), file)) check(parts, outcome);
      expect(outcome.missed).toEqual([]);
      expect(outcome.fired).toBeGreaterThan(0);
      expect(outcome.passedQuickly).toBeGreaterThan(outcome.checked * quickShare);
    }, 300_000);
  }
});
