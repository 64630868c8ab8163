import { describe, expect, it } from 'vitest';
import { credentialSlots } from '../../src/analysis/credential-slots.js';
import { initShellParser, run } from '../shell/helpers.js';

await initShellParser();

function slotsOf(body: string): { label: string; value: string }[][] {
  return run(body).commands.map((command) => credentialSlots(command).map((found) => ({ label: found.label, value: found.value })));
}

describe('credentialSlots', () => {
  it('finds long credential flags on any command, by their own flag', () => {
    expect(slotsOf('./deploy --api-key k1 --token=t1 --secret-key s1')).toEqual([
      [{ label: '--token', value: 't1' }, { label: '--api-key', value: 'k1' }, { label: '--secret-key', value: 's1' }],
    ]);
  });

  it('gives every command without a slot the one shared empty list (most commands: none is made for them)', () => {
    const commands = run('apt-get update && make -j4 --keep-going && ./configure --prefix=/usr').commands;
    expect(commands).toHaveLength(3);
    const slots = commands.map((command) => credentialSlots(command));
    expect(slots[0]).toEqual([]);
    expect(slots[1]).toBe(slots[0]);
    expect(slots[2]).toBe(slots[0]);
    expect(Object.isFrozen(slots[0])).toBe(true);
  });
});
