import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatehouseError, isGatehouseError } from '@gatehouse/core';
import type { SessionActions, SessionViewSource, TuiIo } from '../src/index.ts';
import {
  readBody,
  requestOver,
  startLocalServer,
  killAllSsh,
  spawnSsh,
  type SshProcess,
} from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

const TARGET = { routeId: 'alice-mcp', url: new URL('tunnel://mcp.brave-otter-123') };

interface Rendered {
  io: TuiIo;
  view: SessionViewSource;
  actions: SessionActions;
  closed: boolean;
}

describe('the session view a pty session renders (ssh -tt -R 0)', () => {
  let h: Harness;
  let local: Awaited<ReturnType<typeof startLocalServer>>;
  let rendered: Rendered | undefined;
  let ssh: SshProcess;

  beforeEach(async () => {
    local = await startLocalServer((req, res) => res.end(`hi ${req.url ?? ''}`));
    rendered = undefined;
    h = await startHarness({
      defaultLocalAddress: `127.0.0.1:${local.port}`,
      renderTui: (io, view, actions) => {
        const entry: Rendered = { io, view, actions, closed: false };
        rendered = entry;
        io.write(`TUI ${io.columns}x${io.rows}\n`);
        return { close: () => (entry.closed = true) };
      },
    });
    const key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE);
    ssh = spawnSsh(h.port, key, ['-tt', '-R', '0', '127.0.0.1']);
    await eventually(() => rendered !== undefined && h.server.isLive(ALICE.namespace, 'mcp'));
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
    await local.close();
  });

  it('shows who is signed in, the forward request and the ACTIVE route with its Remote URL', async () => {
    const allocated = await ssh.waitFor(/Allocated port (\d+) for remote forward/);
    await ssh.waitFor(/TUI 80x24\r\n/);
    const view = rendered?.view.current();
    expect(view?.email).toBe(ALICE.email);
    expect(view?.clientIp).toBe('127.0.0.1');
    expect(view?.requests).toEqual([
      { bindAddress: 'localhost', port: `D ${allocated[1] ?? ''}`, routes: ['mcp'] },
    ]);
    expect(view?.forwards).toEqual([
      {
        route: 'mcp',
        status: 'ACTIVE',
        remoteUrl: 'http://mcp.brave-otter-123.localhost:8787',
        localAddress: `127.0.0.1:${local.port}`,
        mode: 'dynamic',
        warning: null,
      },
    ]);
  });

  it('records each connection: hostname, path, client, bytes, then closed', async () => {
    const stream = await h.server.upstream.connect(TARGET);
    const response = await requestOver(stream, '/tools?x=1', { 'x-forwarded-for': '203.0.113.9' });
    expect(await readBody(response)).toBe('hi /tools?x=1');
    const open = rendered?.view.current().connections[0];
    expect(open).toMatchObject({
      status: 'open',
      hostname: 'mcp.brave-otter-123',
      path: '/tools?x=1',
      client: '203.0.113.9',
    });
    expect(open?.rxBytes).toBeGreaterThan(30);
    expect(open?.txBytes).toBeGreaterThan(30);
    stream.destroy();
    await eventually(() => rendered?.view.current().connections[0]?.status === 'closed');
  });

  it('repeated log lines collapse into one with a count', async () => {
    const down = { routeId: 'x', url: new URL('tunnel://mcp.brave-otter-123') };
    rendered?.actions.setLocalAddress('127.0.0.1:1');
    for (let i = 0; i < 3; i++) await h.server.upstream.connect(down).catch(() => undefined);
    const last = rendered?.view.current().logs.at(-1);
    expect(last?.level).toBe('error');
    expect(last?.count).toBe(3);
  });

  it('setLocalAddress changes where new connections go; bad input changes nothing', async () => {
    const bad = rendered?.actions.setLocalAddress('not an address');
    expect(bad?.ok).toBe(false);
    expect(rendered?.view.current().forwards[0]?.localAddress).toBe(`127.0.0.1:${local.port}`);
    expect(rendered?.actions.setLocalAddress('1')).toEqual({ ok: true });
    expect(rendered?.view.current().forwards[0]?.localAddress).toBe('localhost:1');
    const error: unknown = await h.server.upstream.connect(TARGET).catch((e: unknown) => e);
    expect(isGatehouseError(error, 'ERR_UPSTREAM_REFUSED')).toBe(true);
    expect((error as Error).message).toContain('localhost:1');
    expect((error as Error).message).toContain('npm run dev');
  });

  it("share reaches accounts.share for the first forward's route and logs the Remote URL", async () => {
    expect(await rendered?.actions.share(' bob@example.com ')).toEqual({ ok: true });
    expect(await rendered?.actions.share('carol@example.com', 'echo')).toEqual({ ok: true });
    expect(h.accounts.sharesByAccount.get(ALICE.userId)).toEqual([
      { route: 'mcp', email: 'bob@example.com' },
      { route: 'echo', email: 'carol@example.com' },
    ]);
    const logs = rendered?.view.current().logs.map((l) => l.text);
    expect(logs).toContain('shared http://mcp.brave-otter-123.localhost:8787 with bob@example.com');
  });

  it('share refuses a bad email or route with a message and shares nothing', async () => {
    const bad = await rendered?.actions.share('bob');
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('email') as unknown });
    expect((await rendered?.actions.share('bob@example.com', 'Not A Route'))?.ok).toBe(false);
    expect(h.accounts.sharesByAccount.get(ALICE.userId)).toBeUndefined();
  });

  it("a failed share answers the gateway's message, but never an internal one", async () => {
    h.accounts.shareFailure = new GatehouseError(
      'ERR_TUNNEL_TOO_MANY_SHARES',
      'at most 100 shares',
    );
    expect(await rendered?.actions.share('bob@example.com')).toEqual({
      ok: false,
      message: 'at most 100 shares',
    });
    h.accounts.shareFailure = new Error('SQLITE_BUSY: /var/lib/gatehouse/db.sqlite');
    const internal = await rendered?.actions.share('bob@example.com');
    expect(internal?.ok).toBe(false);
    expect(JSON.stringify(internal)).not.toContain('SQLITE');
  });

  it('quit ends the session and ssh exits 0; the TUI is closed', async () => {
    rendered?.actions.quit();
    expect(await ssh.exited).toBe(0);
    await eventually(() => rendered?.closed === true);
  });

  it('subscribers hear about changes', async () => {
    const seen: string[] = [];
    rendered?.view.subscribe((v) => seen.push(v.forwards[0]?.localAddress ?? ''));
    rendered?.actions.setLocalAddress('4000');
    await eventually(() => seen.includes('localhost:4000'));
  });
});
