import { describe, expect, it } from 'vitest';
import { scanEachForSecrets, scanForSecrets } from '../../src/secrets/index.js';
import { providerSamples, render } from './samples.js';

/** Comment-like lines: prose, keywords without secrets, and every provider's generated sample. */
function lines(seed: number): string[] {
  const samples = providerSamples(seed).map((sample) => `# ${render(sample).text}`);
  const prose = ['# Install the build dependencies', '# see https://example.com/docs', '# password is read from a secret', '', '#', '# sk'];
  return samples.flatMap((sample, index) => [prose[index % prose.length] as string, sample]);
}

describe('scanEachForSecrets', () => {
  it('finds in each text exactly what scanForSecrets finds in it', () => {
    for (const seed of [7, 8]) {
      const texts = lines(seed);
      const each = scanEachForSecrets(texts);
      expect(each).toHaveLength(texts.length);
      expect(each.filter((matches) => matches.length > 0).length).toBeGreaterThan(40);
      texts.forEach((text, index) => expect(each[index], text).toEqual(scanForSecrets(text)));
    }
  });

  it('a keyword ending one text and one starting the next are told apart', () => {
    const [token] = providerSamples(7).filter((sample) => sample.providerId === 'github-pat-classic').map((sample) => sample.secret);
    const texts = ['# ends with ghp_', `${token}`, '# nothing here', `# ${token}`];
    expect(scanEachForSecrets(texts).map((matches) => matches.map((match) => match.value))).toEqual([[], [token], [], [token]]);
  });

  it('texts with a character that lower-cases into ASCII (İ, the Kelvin sign) are scanned like the others', () => {
    const texts = lines(9).map((text, index) => (index % 3 === 0 ? `${text} İ\u212A` : text));
    const each = scanEachForSecrets(texts);
    texts.forEach((text, index) => expect(each[index], text).toEqual(scanForSecrets(text)));
  });

  it('no text, one text', () => {
    expect(scanEachForSecrets([])).toEqual([]);
    expect(scanEachForSecrets(['# password=hunter2'])).toEqual([scanForSecrets('# password=hunter2')]);
  });
});
