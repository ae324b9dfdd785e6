import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanStrictJson } from '../../src/mcp/inspect/strict-json.ts';

describe('the strict JSON scanner accepts JSON.parse-valid text without duplicates, and nothing more', () => {
  it('accepts every serialised JSON value (whitespace and escapes included)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        expect(scanStrictJson(JSON.stringify(value, null, indent), 1000)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts a text that JSON.parse refuses', () => {
    const alphabet = fc.constantFrom(
      ...'{}[]:,"\\ \n\t0123456789-+.eEtrufalsn\u0001\u00e9ua'.split(''),
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 24 }).map((chars) => chars.join('')),
        (text) => {
          if (scanStrictJson(text, 1000) === undefined)
            expect(() => JSON.parse(text) as unknown).not.toThrow();
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds duplicates after unescaping, at any depth, and only real duplicates', () => {
    expect(scanStrictJson('{"a":1,"\\u0061":2}', 10)).toBe('duplicate-key');
    expect(scanStrictJson('[{"x":{"y":[{"k":1,"k":1}]}}]', 10)).toBe('duplicate-key');
    expect(scanStrictJson('{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}', 10)).toBeUndefined();
    expect(scanStrictJson('{"__proto__":1,"__proto__":2}', 10)).toBe('duplicate-key');
  });

  it('refuses nesting beyond the limit and trailing content', () => {
    expect(scanStrictJson('[[[1]]]', 3)).toBeUndefined();
    expect(scanStrictJson('[[[[1]]]]', 3)).toBe('too-deep');
    expect(scanStrictJson('{} {}', 3)).toBe('syntax');
    expect(scanStrictJson('1 2', 3)).toBe('syntax');
    expect(scanStrictJson('"\\x41"', 3)).toBe('syntax');
    expect(scanStrictJson('01', 3)).toBe('syntax');
  });
});
