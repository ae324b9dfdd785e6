import { describe, expect, it } from 'vitest';
import { isDnsLabel, isNamespace, randomNamespace } from '../../src/tunnel-accounts/names.ts';
import {
  newUserCode,
  normalizeUserCode,
  userCodeKey,
} from '../../src/tunnel-accounts/user-code.ts';

describe('namespace names and user codes', () => {
  it('draws <adjective>-<animal>-<NNN> names that are DNS labels', () => {
    const names = new Set(Array.from({ length: 200 }, () => randomNamespace()));
    for (const name of names) {
      expect(name).toMatch(/^[a-z]+-[a-z]+-\d{3}$/);
      expect(isNamespace(name) && isDnsLabel(name)).toBe(true);
    }
    expect(names.size).toBeGreaterThan(190);
  });

  it('makes ABCD-EFGH codes from consonants only and reads them back leniently', () => {
    for (let i = 0; i < 100; i += 1) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(normalizeUserCode(code.toLowerCase().replace('-', ' '))).toBe(code);
    }
    expect(normalizeUserCode('ABCD-EFGH')).toBeUndefined(); // vowels are never issued
    expect(normalizeUserCode('BCDF-GHJ')).toBeUndefined();
    expect(userCodeKey('BCDF-GHJK')).not.toContain('BCDF');
  });

  it('accepts only lower-case DNS labels as route names', () => {
    expect(['mcp', 'echo-2', 'a'].every(isDnsLabel)).toBe(true);
    expect(['', '-a', 'a-', 'A', 'a_b', 'a.b', 'x'.repeat(64)].some(isDnsLabel)).toBe(false);
  });
});
