import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGatehouseError } from '@gatehouse/core';
import type { SessionViewSource } from '../src/index.ts';
import { readBody, requestOver, startLocalServer, killAllSsh, spawnSsh } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };

describe('static forwards: the ssh client dials its own -R target', () => {
  let h: Harness;
  let local: Awaited<ReturnType<typeof startLocalServer>>;
  let view: SessionViewSource | undefined;

  beforeEach(async () => {
    local = await startLocalServer((req, res) => res.end(`static ${req.url ?? ''}`));
    view = undefined;
    // The session view is reached through the TUI hook (ssh -tt gives a pty).
    h = await startHarness({
      defaultLocalAddress: '127.0.0.1:1',
      renderTui: (_io, source) => {
        view = source;
        return { close: () => {} };
      },
    });
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
    await local.close();
  });

  it('-R 80:host:port is static from the start', async () => {
    const key = h.key('alice80');
    h.accounts.bind(key.fingerprint, ALICE);
    spawnSsh(h.port, key, ['-N', '-R', `80:127.0.0.1:${local.port}`, '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    const response = await requestOver(await h.server.upstream.connect(TARGET), '/x');
    expect(await readBody(response)).toBe('static /x');
  });

  it('a port-0 forward with its own target is detected, switched to static and warned about', async () => {
    const key = h.key('alice0');
    h.accounts.bind(key.fingerprint, ALICE);
    spawnSsh(h.port, key, ['-tt', '-R', `0:127.0.0.1:${local.port}`, '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp') && view !== undefined);
    const response = await requestOver(await h.server.upstream.connect(TARGET), '/first');
    expect(await readBody(response)).toBe('static /first');
    const second = await requestOver(await h.server.upstream.connect(TARGET), '/second');
    expect(await readBody(second)).toBe('static /second');
    await eventually(() => view?.current().forwards[0]?.mode === 'static');
    const forward = view?.current().forwards[0];
    expect(forward?.warning).toMatch(/own target/);
    expect(view?.current().logs.some((l) => l.level === 'warn' && /own target/.test(l.text))).toBe(
      true,
    );
  });

  it('a static target that is down: ERR_UPSTREAM_REFUSED', async () => {
    const key = h.key('alicedown');
    h.accounts.bind(key.fingerprint, ALICE);
    await local.close();
    spawnSsh(h.port, key, ['-N', '-R', `80:127.0.0.1:${local.port}`, '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    const error: unknown = await h.server.upstream.connect(TARGET).catch((e: unknown) => e);
    expect(isGatehouseError(error, 'ERR_UPSTREAM_REFUSED')).toBe(true);
    expect((error as Error).message).toMatch(/npm run dev/);
  });
});
