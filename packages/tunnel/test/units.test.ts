import { readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@gatehouse/core';
import ssh2 from 'ssh2';
import { routeForBindAddress } from '../src/forwards/route-name.ts';
import { ForwardTable } from '../src/forwards/forward-table.ts';
import { toSsh2HostKey } from '../src/host-key-format.ts';
import { HOST_KEY_FILE, loadOrCreateHostKey } from '../src/index.ts';
import { parseLocalAddress } from '../src/local-address.ts';
import { socks5Request } from '../src/upstream/socks5.ts';
import { startHarness } from '@gatehouse/testing/tunnel';

describe('bind address → route', () => {
  it.each([
    ['localhost', 'mcp'],
    ['', 'mcp'],
    ['*', 'mcp'],
    ['echo', 'echo'],
    ['Echo', 'echo'],
    ['echo.brave-otter-123.example.com', 'echo'],
  ])('%j serves %s', (bind, route) => {
    expect(routeForBindAddress(bind, 'brave-otter-123')).toEqual({ ok: true, route });
  });
  it.each(['bad_name', '127.0.0.1', 'echo.other-ns-1.example.com', '-x', 'a'.repeat(64)])(
    '%j is refused',
    (bind) => {
      expect(routeForBindAddress(bind, 'brave-otter-123').ok).toBe(false);
    },
  );
});

describe('local address', () => {
  it.each([
    ['3000', 'localhost:3000'],
    ['localhost:5173', 'localhost:5173'],
    ['127.0.0.1:8080', '127.0.0.1:8080'],
    ['[::1]:8080', '[::1]:8080'],
    ['http://localhost:3000/', 'localhost:3000'],
  ])('%j → %s', (input, address) => {
    expect(parseLocalAddress(input)).toMatchObject({ ok: true, address });
  });
  it.each(['', '0', '70000', 'host:', 'a b:80', 'nope:x'])('%j is refused', (input) => {
    expect(parseLocalAddress(input).ok).toBe(false);
  });
});

describe('forward table', () => {
  it('virtual ports are in 32768–65535 and unique within a connection', () => {
    const table = new ForwardTable();
    const ports = Array.from({ length: 100 }, (_, i) => {
      const added = table.add('localhost', 0, `r${i}`);
      if (!added.ok) throw new Error(added.message);
      return added.forward.port;
    });
    expect(new Set(ports).size).toBe(100);
    expect(ports.every((p) => p >= 32768 && p <= 65535)).toBe(true);
  });
  it('cancel finds a dynamic forward by its allocated port', () => {
    const table = new ForwardTable();
    const added = table.add('localhost', 0, 'mcp');
    if (!added.ok) throw new Error(added.message);
    expect(table.remove('localhost', added.forward.port)?.route).toBe('mcp');
    expect(table.list()).toEqual([]);
  });
});

describe('SOCKS5 request', () => {
  it('greeting and CONNECT to localhost:8080 in one buffer (tunnels.md §5.3)', () => {
    expect(socks5Request('localhost', 8080).toString('hex')).toBe(
      '050100' + '05010003' + '09' + Buffer.from('localhost').toString('hex') + '1f90',
    );
  });
  it('IPv4 and IPv6 literals use ATYP 1 and 4', () => {
    expect(socks5Request('127.0.0.1', 80).toString('hex')).toBe('050100050100017f0000010050');
    expect(socks5Request('::1', 80).subarray(6, 7)[0]).toBe(4);
    expect(socks5Request('::1', 80)).toHaveLength(6 + 1 + 16 + 2);
  });
});

describe('host key', () => {
  it('is created once as a 0600 PKCS#8 ed25519 PEM and read back after', async () => {
    const h = await startHarness();
    try {
      const path = `${h.dir}/${HOST_KEY_FILE}`;
      const first = await readFile(path, 'utf8');
      expect(first).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await loadOrCreateHostKey(h.dir, silentLogger)).toBe(first);
      const converted = ssh2.utils.parseKey(toSsh2HostKey(first));
      expect(converted instanceof Error ? converted.message : converted.type).toBe('ssh-ed25519');
    } finally {
      await h.close();
    }
  });
});

describe('the TUI entry point', () => {
  it('loadRenderTui resolves to a renderer function', async () => {
    const { loadRenderTui } = await import('../src/index.ts');
    expect(typeof (await loadRenderTui())).toBe('function');
  });
});
