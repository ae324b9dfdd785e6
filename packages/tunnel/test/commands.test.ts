import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { killAllSsh, spawnSsh, type TestKey } from '@gatehouse/testing';
import { ALICE, eventually, startHarness, type Harness } from '@gatehouse/testing/tunnel';

describe('commands over SSH (exec)', () => {
  let h: Harness;
  let key: TestKey;
  const run = async (...command: string[]): Promise<{ code: number | null; output: string }> => {
    const ssh = spawnSsh(h.port, key, ['-o', 'LogLevel=ERROR', '127.0.0.1', ...command]);
    const code = await ssh.exited;
    return { code, output: ssh.output() };
  };

  beforeEach(async () => {
    h = await startHarness();
    key = h.key('alice');
    h.accounts.bind(key.fingerprint, ALICE);
  });
  afterEach(async () => {
    await killAllSsh();
    await h.close();
  });

  it('whoami names the account, namespace and key', async () => {
    const { code, output } = await run('whoami');
    expect(code).toBe(0);
    expect(output).toContain('alice@example.com (namespace brave-otter-123)');
    expect(output).toContain(key.fingerprint);
  });

  it('--help lists every command', async () => {
    const { code, output } = await run('--', '--help');
    expect(code).toBe(0);
    for (const word of ['whoami', 'logout', 'tunnels', 'share add', 'status --json', '--to']) {
      expect(output).toContain(word);
    }
  });

  it('an unknown command is a usage error with exit status 64', async () => {
    const { code, output } = await run('frobnicate');
    expect(code).toBe(64);
    expect(output).toContain('unknown command "frobnicate"');
  });

  it('share add / list / remove', async () => {
    expect((await run('share', 'add', 'bob@example.com')).output).toContain(
      'Shared http://mcp.brave-otter-123.localhost:8787 with bob@example.com.',
    );
    await run('share', 'add', 'carol@example.com', '--route', 'echo');
    const listed = await run('share', 'list');
    expect(listed.output).toContain('mcp  bob@example.com');
    expect(listed.output).toContain('echo  carol@example.com');
    expect((await run('share', 'remove', 'bob@example.com')).code).toBe(0);
    expect((await run('share', 'remove', 'bob@example.com')).code).toBe(1);
    expect(await h.accounts.shares(ALICE)).toEqual([{ route: 'echo', email: 'carol@example.com' }]);
  });

  it('share with a bad email or route changes nothing', async () => {
    expect((await run('share', 'add', 'not-an-email')).code).toBe(64);
    expect((await run('share', 'add', 'bob@example.com', '--route', 'Bad_Route')).code).toBe(64);
    expect(await h.accounts.shares(ALICE)).toEqual([]);
  });

  it('tunnels and status --json describe the live tunnel', async () => {
    spawnSsh(h.port, key, ['-N', '-R', '0', '127.0.0.1']);
    await eventually(() => h.server.isLive(ALICE.namespace, 'mcp'));
    expect((await run('tunnels')).output).toContain(
      'http://mcp.brave-otter-123.localhost:8787  →  localhost:8080',
    );
    const status = await run('status', '--json');
    const json = JSON.parse(status.output) as { email: string; tunnels: { route: string }[] };
    expect(json.email).toBe('alice@example.com');
    expect(json.tunnels.map((t) => t.route)).toEqual(['mcp']);
  });

  it('-- --to 3000 sets the local address and stays connected', async () => {
    const ssh = spawnSsh(h.port, key, ['-R', '0', '127.0.0.1', '--', '--to', '3000']);
    await ssh.waitFor(
      /ACTIVE {2}http:\/\/mcp\.brave-otter-123\.localhost:8787 {2}→ {2}localhost:3000/,
    );
    expect(h.server.list(ALICE.userId)[0]?.localAddress).toBe('localhost:3000');
    expect(ssh.child.exitCode).toBeNull();
  });

  it('--to with a bad address is a usage error', async () => {
    const { code, output } = await run('--', '--to', 'nope:x');
    expect(code).toBe(64);
    expect(output).toContain('is not a local address');
  });

  it('a shell without a pty (ssh -T) prints the Remote URL as plain text', async () => {
    const ssh = spawnSsh(h.port, key, ['-T', '-R', '0', '127.0.0.1']);
    await ssh.waitFor(
      /ACTIVE {2}http:\/\/mcp\.brave-otter-123\.localhost:8787 {2}→ {2}localhost:8080\n/,
    );
    expect(ssh.output()).not.toContain('\u001b[');
  });

  it('logout forgets the key and ends the session', async () => {
    const { code, output } = await run('logout');
    expect(code).toBe(0);
    expect(output).toContain('Signed out');
    expect(h.accounts.events).toContain(`forget ${key.fingerprint}`);
    expect(h.accounts.bindings.has(key.fingerprint)).toBe(false);
  });
});
