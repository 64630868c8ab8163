import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES, formatters, loadFormatter } from '../../packages/cli/src/formatters/index.js';

describe('formatters are loaded one at a time', () => {
  it('the names are the seven formats, in the help order', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'json', 'sarif', 'github', 'gitlab', 'checkstyle', 'junit']);
    expect(Object.keys(formatters).sort()).toEqual([...FORMAT_NAMES].sort());
  });

  it.each(FORMAT_NAMES)('loadFormatter(%s) is the same function the package exports', async (name) => {
    expect(await loadFormatter(name)).toBe(formatters[name]);
  });
});
