import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, addAccount, answer, browserSignIn } from '@gatehouse/testing/gateway';
import { killAllSsh, makeKey, spawnSsh, type SshProcess, type TestKey } from '@gatehouse/testing';
import {
  cli,
  startCluster,
  STORE_KINDS,
  type Cluster,
  type NodeProcess,
} from './support/cluster-nodes.ts';
import { VERIFY_URL } from './support/tunnel-system.ts';

// Two `gatehouse serve` processes on one store (a SQLite file; a PostgreSQL database), real
// OpenSSH clients and the real `gatehouse users` CLI as a third process: disabling an account
// closes its tunnels on every node from the store's change feed (issue 17), not at the next 60 s
// re-authorization.

const ADA = 'ada@example.com';
const BOB = 'bob@example.com';

function suite(label: string, startNodes: () => Promise<Cluster>): void {
  let cluster: Cluster;
  let a: NodeProcess;
  let b: NodeProcess;
  const keys = new Map<string, TestKey>();
  const routeKeys = new Map<string, string>();

  /** Polls `check` until it is true (no fixed sleeps; the test timeout is the only bound). */
  async function until(check: () => Promise<boolean>): Promise<void> {
    while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const holders = async (email: string) =>
    (await cluster.store.nodes.holdersOf(routeKeys.get(email) ?? '', Date.now())).length;

  /** Signs `email` in, binds a new key (remembered) through node A, and leaves no tunnel open. */
  async function bindKey(email: string): Promise<void> {
    await addAccount(cluster.store, email);
    const browser = new Client();
    const landed = await browserSignIn(browser, `${cluster.authUrl}/account`, email);
    expect(landed.status).toBe(200);
    const key = makeKey(cluster.dir, email.split('@')[0] ?? 'key');
    keys.set(email, key);
    const first = spawnSsh(a.sshPort, key, ['-N', '-R', '0', '127.0.0.1']);
    const [verifyUrl = ''] = await first.waitFor(VERIFY_URL, 60_000);
    await answer(browser, verifyUrl, 'authorize', true);
    const account = await cluster.store.accounts.findByEmail(email);
    const namespace = await cluster.store.tunnels.namespaceOf(account?.id ?? '');
    routeKeys.set(email, `mcp.${namespace ?? ''}`);
    await until(async () => (await holders(email)) === 1);
    first.child.kill('SIGTERM');
    await first.exited;
    await until(async () => (await holders(email)) === 0);
  }

  /** `email`'s tunnel through `node` (its key is remembered: no sign-in). */
  const tunnel = (email: string, node: NodeProcess): SshProcess =>
    spawnSsh(node.sshPort, keys.get(email) as TestKey, ['-N', '-R', '0', '127.0.0.1']);

  const users = (sub: string, email: string) =>
    cli(['users', sub, email, '--config', cluster.configOf('a')]);

  beforeAll(async () => {
    cluster = await startNodes();
    // Node A first: it takes the public port (the cluster helper gives it to the first node).
    a = await cluster.start('a');
    b = await cluster.start('b');
    await bindKey(ADA);
    await bindKey(BOB);
  }, 180_000);

  afterAll(async () => {
    await killAllSsh();
    await cluster?.close();
  }, 60_000);

  describe(`gatehouse users disable on a running cluster (${label})`, () => {
    it("closes the account's SSH tunnels on every node at once; users enable closes none", async () => {
      const ada = [tunnel(ADA, a), tunnel(ADA, b)];
      const bob = [tunnel(BOB, a), tunnel(BOB, b)];
      await until(async () => (await holders(ADA)) === 2 && (await holders(BOB)) === 2);

      // `enable` on an enabled account still publishes "account changed": nothing may close.
      expect((await users('enable', ADA)).code).toBe(0);
      // Bob's disable is published after Ada's notice, and every node handles the feed in order:
      // once Bob's tunnels are gone on both nodes, both nodes have seen Ada's notice too.
      const bobDisabled = await users('disable', BOB);
      expect(bobDisabled).toMatchObject({ code: 0 });
      expect(bobDisabled.out).toContain(`Disabled ${BOB}`);
      const codes = await Promise.all(bob.map((ssh) => ssh.exited));
      for (const [i, ssh] of bob.entries()) {
        // The notice's own message, not the 60 s re-check's "no longer signed in".
        expect(ssh.output(), `bob on node ${i === 0 ? 'A' : 'B'}`).toContain(
          'gatehouse: your account was disabled.',
        );
        expect(codes[i]).not.toBe(0);
      }
      for (const ssh of ada) expect(ssh.child.exitCode).toBeNull();
      expect(await holders(ADA)).toBe(2);

      const adaDisabled = await users('disable', ADA);
      expect(adaDisabled.code).toBe(0);
      await Promise.all(ada.map((ssh) => ssh.exited));
      for (const ssh of ada)
        expect(ssh.output()).toContain('gatehouse: your account was disabled.');
      await until(async () => (await holders(ADA)) === 0);
      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();
    }, 180_000);
  });
}

for (const { kind, label } of STORE_KINDS) suite(label, () => startCluster(kind));
