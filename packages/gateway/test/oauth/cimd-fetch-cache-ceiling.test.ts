import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CACHE_CEILING_S,
  lifetimeSeconds,
  withResponseCache,
} from '../../src/oauth/cimd/fetch-cache.ts';
import { createGuardedFetch } from '../../src/oauth/cimd/guarded-fetch.ts';
import { startDocumentServer, type DocumentServer } from '@gatehouse/testing';

let docs: DocumentServer;
beforeAll(async () => {
  docs = await startDocumentServer();
});
afterAll(async () => {
  await docs.close();
});

function cachedFetch() {
  let now = Date.parse('2026-12-07T10:00:00Z');
  const clock = { now: () => now };
  const fetch = withResponseCache(createGuardedFetch({ allowLocalhost: () => true, ca: docs.ca }), {
    clock,
  });
  return { fetch, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('the client fetch cache (CIMD documents and jwks_uri)', () => {
  it('keeps an answer no longer than the ceiling, whatever max-age says', async () => {
    docs.serve('/long.json', { keys: [] }, { headers: { 'cache-control': 'max-age=31536000' } });
    const { fetch, advance } = cachedFetch();
    const first = await fetch(`${docs.origin}/long.json`);
    expect(first.headers.get('cache-control')).toBe(`max-age=${CACHE_CEILING_S}`);
    await first.arrayBuffer();
    const before = docs.connections();
    advance(CACHE_CEILING_S - 10);
    const cached = await fetch(`${docs.origin}/long.json`);
    expect(cached.headers.get('cache-control')).toBe('max-age=10');
    expect(await cached.json()).toEqual({ keys: [] });
    expect(docs.connections()).toBe(before);
    advance(11);
    await (await fetch(`${docs.origin}/long.json`)).arrayBuffer();
    expect(docs.connections()).toBe(before + 1);
  });

  it('does not keep errors', async () => {
    docs.serve(
      '/gone.json',
      { error: 'x' },
      { status: 500, headers: { 'cache-control': 'max-age=600' } },
    );
    const { fetch } = cachedFetch();
    const before = docs.connections();
    expect((await fetch(`${docs.origin}/gone.json`)).status).toBe(500);
    expect((await fetch(`${docs.origin}/gone.json`)).status).toBe(500);
    expect(docs.connections()).toBe(before + 2);
  });

  it('reads lifetimes as RFC 9111 does', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    const h = (init: Record<string, string>) => new Headers(init);
    expect(lifetimeSeconds(h({ 'cache-control': 'public, max-age=120' }), now)).toBe(120);
    expect(lifetimeSeconds(h({ 'cache-control': 'no-store' }), now)).toBe(0);
    expect(lifetimeSeconds(h({ 'cache-control': 'no-cache, max-age=60' }), now)).toBe(0);
    expect(lifetimeSeconds(h({ 'cache-control': 'max-age=abc' }), now)).toBe(0);
    expect(lifetimeSeconds(h({ expires: 'Mon, 07 Dec 2026 10:05:00 GMT' }), now)).toBe(300);
    expect(lifetimeSeconds(h({ expires: 'garbage' }), now)).toBe(0);
    expect(
      lifetimeSeconds(
        h({ 'cache-control': 'max-age=5', expires: 'Mon, 07 Dec 2026 11:00:00 GMT' }),
        now,
      ),
    ).toBe(5);
    expect(lifetimeSeconds(h({}), now)).toBeUndefined();
  });
});
