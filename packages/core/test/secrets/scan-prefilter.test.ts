import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../src/secrets/index.js';
import type { SecretProvider } from '../../src/secrets/types.js';

/** A custom catalogue entry: `pattern` found after `keywords`, confirmed unless `validate` says otherwise. */
function provider(id: string, fields: Partial<SecretProvider> & Pick<SecretProvider, 'keywords' | 'pattern'>): SecretProvider {
  return { id, name: id, kind: 'token', confidence: 'confirmed', ...fields };
}

const values = (matches: readonly { value: string }[]): string[] => matches.map((match) => match.value);

describe('scanForSecrets prefilter: keywords and required literals from one trie walk', () => {
  it('a text without a keyword gets the one shared empty result (nothing is allocated for it)', () => {
    const first = scanForSecrets('RUN apt-get update && apt-get install -y curl');
    expect(first).toEqual([]);
    expect(scanForSecrets('# Install the build dependencies')).toBe(first);
  });

  it('a provider runs only when the text has one of its keywords and every literal it requires, in any ASCII case', () => {
    const catalogue = [provider('gated', { keywords: ['tok_'], requires: ['@', 'host'], pattern: /tok_[a-z0-9]{12}/gi })];
    const scan = (text: string) => values(scanForSecrets(text, { providers: catalogue }));
    expect(scan('TOK_abcdef123456 at user@HOST')).toEqual(['TOK_abcdef123456']);
    expect(scan('tok_abcdef123456 at user@HOST')).toEqual(['tok_abcdef123456']);
    expect(scan('tok_abcdef123456 at user@somewhere')).toEqual([]); // `host` missing
    expect(scan('tok_abcdef123456 at HOST')).toEqual([]); // `@` missing
    expect(scan('abcdef123456 at user@host')).toEqual([]); // no keyword
    // An empty required literal asks nothing.
    const lenient = [provider('lenient', { keywords: ['tok_'], requires: [''], pattern: /tok_[a-z0-9]{12}/g })];
    expect(values(scanForSecrets('tok_abcdef123456', { providers: lenient }))).toEqual(['tok_abcdef123456']);
  });

  it('required literals beyond ASCII are compared in the lower-cased text', () => {
    const catalogue = [provider('accented', { keywords: ['tok_'], requires: ['clé'], pattern: /tok_[a-z0-9]{12}/g })];
    expect(values(scanForSecrets('tok_abcdef123456 CLÉ', { providers: catalogue }))).toEqual(['tok_abcdef123456']);
    expect(values(scanForSecrets('tok_abcdef123456 cle', { providers: catalogue }))).toEqual([]);
  });

  it('a validator that scans again (a scan inside a scan), and one that throws, leave later scans right', () => {
    const inner = [provider('inner', { keywords: ['in_'], pattern: /in_[a-z]{8}/g })];
    const nested = [
      provider('outer', {
        keywords: ['out_'],
        pattern: /out_(?<secret>[a-z_]{11})/g,
        validate: (value) => (scanForSecrets(value, { providers: inner }).length > 0 ? 'confirmed' : null),
      }),
      provider('plain', { keywords: ['pl_'], pattern: /pl_[a-z]{8}/g }),
    ];
    expect(values(scanForSecrets('out_in_abcdefgh pl_abcdefgh', { providers: nested }))).toEqual(['in_abcdefgh', 'pl_abcdefgh']);
    expect(values(scanForSecrets('out_xx_abcdefgh', { providers: nested }))).toEqual([]);

    const throwing = [provider('throws', { keywords: ['boom_'], pattern: /boom_[a-z]+/g, validate: () => { throw new Error('validator bug'); } })];
    expect(() => scanForSecrets('boom_x', { providers: throwing })).toThrow('validator bug');
    // The built-in catalogue is unaffected, and a scan after the throw starts from nothing marked.
    expect(values(scanForSecrets('# nothing here'))).toEqual([]);
    expect(() => scanForSecrets('boom_x', { providers: throwing })).toThrow('validator bug');
  });
});
