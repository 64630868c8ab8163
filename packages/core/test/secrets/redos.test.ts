/**
 * ReDoS guard: every catalogue regex runs over adversarial 100k-character inputs (long runs of accepted
 * characters, repeated prefixes, near-miss tokens) and must finish well within a generous budget. This is
 * a guard against catastrophic backtracking, not a benchmark.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDERS, scanForSecrets } from '../../src/secrets/index.js';
import { providerSamples } from './samples.js';

const SIZE = 100_000;
const BUDGET_MS = 200;

const fill = (unit: string, prefix = '') => prefix + unit.repeat(Math.ceil((SIZE - prefix.length) / unit.length)).slice(0, SIZE - prefix.length);

const RUNS = ['a', 'A', '0', 'f', 'F', '-', '_', '.', '/', '+', '=', ' ', '~', ':', '@', '\\n', '\n', 'aA0', 'aA0_-.', 'a1/+=', '8Q~'];
const STRUCTURAL = [
  fill('A', '-----BEGIN RSA PRIVATE KEY-----\n'),
  fill('-----BEGIN RSA PRIVATE KEY-----\nMIIE'),
  fill('A\\n', '"private_key": "-----BEGIN PRIVATE KEY-----\\n'),
  fill('"private_key": "-----BEGIN PRIVATE KEY-----\\nAAAA'),
  fill('a', 'postgres://'),
  fill(':', 'a://b:'),
  fill('a://b:c'),
  fill('x://'),
  fill('a', 'https://user:'),
  fill('a', 'Authorization: Bearer '),
  fill('Authorization: Bearer aaaaaaaaaa$'),
  fill('a', 'eyJ'),
  fill('eyJaaaaaaaaaaaa.'),
  fill('a', 'eyJaaaaaaaaaaaa.eyJ'),
  fill('a', '//'),
  fill('//a/:_authToken='),
  fill('a', 'ghs_1_eyJ'),
  fill('T3BlbkFJ', 'sk-'),
  fill('sk-proj-aaaaaaaaaaaaaaaaaaaaT3BlbkFJ '),
  fill('a', 'aws_secret_access_key='),
  fill('secret_key '),
  fill('Password=a;'),
  fill('<password>a'),
  fill('.dockerconfigjson: ewAA'),
];

function inputsFor(providerIndex: number): string[] {
  const provider = PROVIDERS[providerIndex]!;
  const inputs = [...RUNS.map((r) => fill(r)), ...STRUCTURAL];
  for (const kw of provider.keywords) {
    for (const k of [kw, kw.toUpperCase()]) {
      inputs.push(fill('A', k), fill('a0', k), fill(`${k} `), fill(k), fill(`${k}${'aB3_-'.repeat(20)} `));
    }
  }
  for (const sample of providerSamples(5).filter((s) => s.providerId === provider.id)) {
    const nearMiss = sample.secret.slice(0, -1);
    inputs.push(fill(nearMiss), fill(`${nearMiss} `), fill(sample.secret), fill('A', sample.secret.slice(0, 12)));
  }
  return inputs;
}

describe('ReDoS guard', () => {
  PROVIDERS.forEach((provider, index) => {
    it(`${provider.id} stays under ${BUDGET_MS} ms per 100k-char adversarial input`, () => {
      const pattern = new RegExp(provider.pattern.source, provider.pattern.flags);
      const timeAll = (input: string) => {
        const started = performance.now();
        pattern.lastIndex = 0;
        let guard = 0;
        for (let m = pattern.exec(input); m !== null && guard < SIZE; m = pattern.exec(input), guard++) {
          if (m[0].length === 0) pattern.lastIndex++;
        }
        return performance.now() - started;
      };
      let worst = 0;
      for (const input of inputsFor(index)) {
        // Backtracking blow-ups are deterministic; a GC pause or a busy machine is not: retry once.
        let elapsed = timeAll(input);
        if (elapsed >= BUDGET_MS) elapsed = Math.min(elapsed, timeAll(input));
        worst = Math.max(worst, elapsed);
      }
      if (process.env.REDOS_REPORT) console.log(provider.id, worst.toFixed(1));
      expect(worst).toBeLessThan(BUDGET_MS);
    });
  });

  it('the whole scanner handles a 1 MB adversarial input', () => {
    const text = fill('ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa postgres://a:b eyJaaaaaaaaaaaaa. ').repeat(11);
    const started = performance.now();
    scanForSecrets(text);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
