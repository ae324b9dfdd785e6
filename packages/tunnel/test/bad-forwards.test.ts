import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionViewSource } from '../src/index.ts';
import { killAllSsh, spawnSsh, type TestKey } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

describe('bad forward requests are refused one by one, nothing else disturbed', () => {
  let h: Harness;
  let key: TestKey;
  let view: SessionViewSource | undefined;
  const errors = (): string[] =>
    view
      ?.current()
      .logs.filter((l) => l.level === 'error')
      .map((l) => l.text) ?? [];

  beforeEach(async () => {
    view = undefined;
    h = await startHarness({
      renderTui: (_io, source) => {
        view = source;
        return { close: () => {} };
      },
    });
    key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE);
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
  });

  it('a bind address that is not a DNS label, an unsupported port and a duplicate', async () => {
    const ssh = spawnSsh(h.port, key, [
      '-tt',
      '-R',
      '0',
      '-R',
      'bad_name:0',
      '-R',
      '8080:localhost:3000',
      '-R',
      '*:0',
      '-R',
      'echo:0',
      '127.0.0.1',
    ]);
    await eventually(() => view !== undefined && h.server.isLive(ALICE.namespace, 'echo'));
    await ssh.waitFor(/remote port forwarding failed for listen port 8080/);
    expect(
      h.server
        .list(ALICE.userId)
        .map((t) => t.route)
        .sort(),
    ).toEqual(['echo', 'mcp']);
    await eventually(() => errors().length === 3);
    expect(errors()[0]).toMatch(/"bad_name" is not a route name/);
    expect(errors()[1]).toMatch(/port 8080 is not supported/);
    expect(errors()[2]).toMatch(/duplicate forward: route "mcp"/);
    expect(view?.current().requests.map((r) => r.routes[0])).toEqual(['mcp', 'echo']);
  });

  it('the 129th forward is refused; the first 128 serve', async () => {
    const args = Array.from({ length: 129 }, (_, i) => ['-R', `r${i}:0`]).flat();
    spawnSsh(h.port, key, ['-tt', ...args, '127.0.0.1']);
    await eventually(() => errors().some((e) => /too many forwards: at most 128/.test(e)));
    expect(h.server.list(ALICE.userId)).toHaveLength(128);
    expect(h.server.isLive(ALICE.namespace, 'r127')).toBe(true);
    expect(h.server.isLive(ALICE.namespace, 'r128')).toBe(false);
  });

  it('direct-tcpip (ssh -W / -L) is refused; the tunnel keeps serving', async () => {
    spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    const probe = spawnSsh(h.port, key, ['-W', 'example.com:80', '127.0.0.1']);
    await probe.waitFor(/open failed: administratively prohibited/);
    expect(h.server.isLive(ALICE.namespace, 'mcp')).toBe(true);
  });
});
