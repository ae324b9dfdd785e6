import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { wwwAuthenticate } from '../../src/mcp/resource/index.ts';
import { bearerParams } from '@gatehouse/testing';
import { ROUTE_A } from './support.ts';

// RFC 6750 §3: Bearer parameter values are %x20-21 / %x23-5B / %x5D-7E inside a quoted-string
// (RFC 9110 §5.6.4). Whatever text reaches the challenge, the header stays one valid value with
// the parameters we meant.
describe('challenge parameters are quoted and cannot break the header', () => {
  it.each([
    ['a quote', 'bad "token", error="none'],
    ['a backslash', 'path\\to\\x'],
    ['CR LF', 'line\r\nSet-Cookie: a=b'],
    ['a NUL and a tab', 'a\u0000b\tc'],
    ['non-ASCII', 'café ☕ 漢字'],
    ['a long text', 'x'.repeat(5000)],
  ])('sanitises %s in error_description', (_, description) => {
    const header = wwwAuthenticate(ROUTE_A, { error: 'invalid_token', description });
    expect(() => validateHeaderValue('www-authenticate', header)).not.toThrow();
    expect(header).not.toMatch(/[\r\n\0\\]/);
    const params = bearerParams(header);
    expect(params).toBeDefined();
    expect(Object.keys(params!)).toEqual([
      'resource_metadata',
      'scope',
      'error',
      'error_description',
    ]);
    expect(params!['error']).toBe('invalid_token');
    expect(params!['error_description']).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/);
  });

  it('keeps a harmless description as written and sanitises a hostile scope', () => {
    expect(
      bearerParams(wwwAuthenticate(ROUTE_A, { description: 'Token expired (10:00).' })),
    ).toMatchObject({
      error_description: 'Token expired (10:00).',
    });
    const header = wwwAuthenticate(ROUTE_A, { scope: 'mcp", error="x' });
    expect(bearerParams(header)).toEqual({
      resource_metadata: 'https://a.example.test/.well-known/oauth-protected-resource/mcp',
      scope: "mcp', error='x",
    });
  });
});
