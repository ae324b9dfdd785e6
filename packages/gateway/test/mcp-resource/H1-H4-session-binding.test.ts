import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SESSION_ID_INVALID,
  SESSION_OWNED_ELSEWHERE,
  SESSION_RECORD_KIND,
  createSessionBindings,
} from '../../src/mcp/resource/index.ts';
import { isValidSessionId } from '../../src/mcp/inspect/index.ts';
import { caught } from '../proxy/support/errors.ts';
import { manualClock, useStores } from './support.ts';

// Research gateways.md §5 H1/H4, MCP best practices "Session Hijacking": an Mcp-Session-Id is
// bound to the (route, user) that created it.
const openStore = useStores();
const TTL = 3_600_000;

async function setup() {
  const clock = manualClock();
  const store = await openStore(clock);
  return { clock, store, sessions: createSessionBindings(store.records, clock) };
}

describe('H1/H4: an MCP session id works only for the user and route that created it', () => {
  it('H1: user B replaying user A’s session id is refused', async () => {
    const { sessions } = await setup();
    const id = randomUUID();
    await sessions.bind(id, 'x', 'user-a', TTL);
    expect(await sessions.check(id, 'x', 'user-a')).toBe('ok');
    expect(await sessions.check(id, 'x', 'user-b')).toBe('other-user');
  });

  it('H4: the same user reusing the session id on another route is refused', async () => {
    const { sessions } = await setup();
    const id = randomUUID();
    await sessions.bind(id, 'x', 'user-a', TTL);
    expect(await sessions.check(id, 'y', 'user-a')).toBe('other-user');
  });

  it('answers unknown for an unbound or expired id, so the upstream can answer 404', async () => {
    const { clock, sessions } = await setup();
    expect(await sessions.check(randomUUID(), 'x', 'user-a')).toBe('unknown');
    const id = randomUUID();
    await sessions.bind(id, 'x', 'user-a', TTL);
    clock.advance(TTL);
    expect(await sessions.check(id, 'x', 'user-a')).toBe('unknown');
  });

  it('never lets a second owner take over a live id, and lets the owner extend it', async () => {
    const { clock, sessions } = await setup();
    const id = randomUUID();
    await sessions.bind(id, 'x', 'user-a', TTL);
    expect((await caught(() => sessions.bind(id, 'x', 'user-b', TTL))).code).toBe(
      SESSION_OWNED_ELSEWHERE,
    );
    expect((await caught(() => sessions.bind(id, 'y', 'user-a', TTL))).code).toBe(
      SESSION_OWNED_ELSEWHERE,
    );
    clock.advance(TTL - 1);
    await sessions.bind(id, 'x', 'user-a', TTL);
    clock.advance(TTL - 1);
    expect(await sessions.check(id, 'x', 'user-a')).toBe('ok');
  });

  it('stores only a hash of the id', async () => {
    const { clock, store, sessions } = await setup();
    const id = randomUUID();
    await sessions.bind(id, 'x', 'user-a', TTL);
    expect(await store.records.get(SESSION_RECORD_KIND, id, clock.now())).toBeUndefined();
  });

  it('H2: refuses malformed or oversize ids, before any lookup', async () => {
    const { sessions } = await setup();
    // One rule with the edge's header check: separators such as `:` are refused too.
    for (const bad of ['', 'a b', 'abc\r\nx', 'ünïcode', 'x'.repeat(10_000), 'abc:victim']) {
      expect(isValidSessionId(bad)).toBe(false);
      expect((await caught(() => sessions.check(bad, 'x', 'user-a'))).code).toBe(
        SESSION_ID_INVALID,
      );
    }
    const longest = 'a'.repeat(128);
    await sessions.bind(longest, 'x', 'user-a', TTL);
    expect(await sessions.check(longest, 'x', 'user-a')).toBe('ok');
  });
});
