import { describe, expect, it } from 'vitest';
import { TRAFFIC_MASK } from '@gatehouse/core';
import { maskHeaders, maskJson, maskText } from '../../src/traffic/index.ts';

describe('masking of captured traffic', () => {
  it('masks values under secret-like keys at any depth, and keeps other values', () => {
    const masked = maskJson({
      params: {
        name: 'lookup',
        arguments: {
          query: 'author of shipping',
          api_key: 'k1',
          nested: [{ clientSecret: 'k2', 'X-Auth-Token': 'k3', Password: 'k4' }],
          author: 'kept',
        },
      },
    });
    expect(JSON.stringify(masked)).not.toMatch(/k[1-4]"/);
    expect(masked).toMatchObject({
      params: {
        arguments: { api_key: TRAFFIC_MASK, author: 'kept', query: 'author of shipping' },
      },
    });
  });

  it('masks credential headers and secret-looking header names', () => {
    expect(
      maskHeaders({
        authorization: 'Bearer abc',
        cookie: 'a=b',
        'x-api-key': 'k',
        accept: 'application/json',
      }),
    ).toEqual({
      authorization: TRAFFIC_MASK,
      cookie: TRAFFIC_MASK,
      'x-api-key': TRAFFIC_MASK,
      accept: 'application/json',
    });
  });

  it('masks keyed secrets in text that is not JSON (a body cut at the limit), and bearer tokens', () => {
    const cut =
      '{"params":{"arguments":{"api_key":"sk-123","query":"x"},"other":"Bearer eyJhbGciOi';
    const masked = maskText(cut);
    expect(masked).not.toContain('sk-123');
    expect(masked).not.toContain('eyJhbGciOi');
    expect(masked).toContain('"query":"x"');
  });
});
