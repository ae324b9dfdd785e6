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

  it('masks header names in any case, also after the name cache has started over', () => {
    // More distinct names than the cache keeps (a client can send any names): each call must
    // still mask by the name's own test, not by a stale or evicted entry.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 600; i++) {
        const headers = { [`X-Custom-${i}`]: 'plain', [`X-Secret-${i}`]: 's3cr3t' };
        expect(maskHeaders(headers)).toEqual({
          [`x-custom-${i}`]: 'plain',
          [`x-secret-${i}`]: TRAFFIC_MASK,
        });
      }
    }
    expect(maskHeaders({ Authorization: 'Bearer abc', 'Set-Cookie': ['a=b', 'c=d'] })).toEqual({
      authorization: TRAFFIC_MASK,
      'set-cookie': TRAFFIC_MASK,
    });
    expect(maskHeaders({ 'x-list': ['a', 'b'], 'content-length': 12 })).toEqual({
      'x-list': 'a, b',
      'content-length': '12',
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
