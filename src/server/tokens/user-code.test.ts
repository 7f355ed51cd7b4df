import { describe, expect, it } from 'vitest';
import { newUserCode, normalizeUserCode } from './user-code.ts';

describe('user codes (RFC 8628 §6.1)', () => {
  it('are two groups of four consonants', () => {
    for (let i = 0; i < 200; i++)
      expect(newUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  });

  it('use every letter of the alphabet', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newUserCode().replace('-', '')).join(''));
    expect([...seen].sort().join('')).toBe('BCDFGHJKLMNPQRSTVWXZ');
  });

  it('normalise to upper case without the dash or spaces', () => {
    expect(normalizeUserCode('bcdf-ghjk')).toBe('BCDFGHJK');
    expect(normalizeUserCode(' BCDF GHJK ')).toBe('BCDFGHJK');
  });
});
