import { describe, expect, it } from 'vitest';
import { identity, meta, useSessionManager } from './support.ts';

const fx = useSessionManager({ cacheMs: 0 });

describe('sessions', () => {
  it('stores only an HMAC of the cookie token', async () => {
    const { token, session } = await fx.sessions.start(identity, meta);
    expect(session.id).not.toContain(token);
    expect(await fx.store.sessions.get(token)).toBeUndefined();
    expect((await fx.sessions.fromToken(token))?.userId).toBe('acc_1');
    const other = token.endsWith('A') ? 'B' : 'A';
    expect(await fx.sessions.fromToken(`${token.slice(0, -1)}${other}`)).toBeUndefined();
  });

  it('ends after the idle timeout, and activity keeps it alive', async () => {
    const { token } = await fx.sessions.start(identity, meta);
    fx.advance(50 * 60_000);
    expect(await fx.sessions.fromToken(token)).toBeDefined(); // seen: idle clock restarts
    fx.advance(50 * 60_000);
    expect(await fx.sessions.fromToken(token)).toBeDefined();
    fx.advance(61 * 60_000);
    expect(await fx.sessions.fromToken(token)).toBeUndefined();
  });

  it('ends at the absolute lifetime however active it is', async () => {
    const { token } = await fx.sessions.start(identity, meta);
    for (let i = 0; i < 10; i += 1) {
      fx.advance(59 * 60_000);
      expect(await fx.sessions.fromToken(token)).toBeDefined();
    }
    fx.advance(11 * 60_000);
    expect(await fx.sessions.fromToken(token)).toBeUndefined();
  });

  it('a route cookie opens only on its own host, and not after the session lifetime', async () => {
    const { session } = await fx.sessions.start(identity, meta);
    const cookie = fx.sessions.routeCookie(session.id, 'app.localhost:8787');
    expect(fx.sessions.openRouteCookie(cookie, 'app.localhost:8787')).toBe(session.id);
    expect(fx.sessions.openRouteCookie(cookie, 'other.localhost:8787')).toBeUndefined();
    fx.advance(11 * 3_600_000);
    expect(fx.sessions.openRouteCookie(cookie, 'app.localhost:8787')).toBeUndefined();
  });
});
