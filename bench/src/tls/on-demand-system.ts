import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSystem, type GatehouseSystem } from '@gatehouse/cli';
import { silentLogger } from '@gatehouse/core';
import { configFromText } from '@gatehouse/gateway';
import { addAccount, startPebble, type Pebble } from '@gatehouse/testing/gateway';
import { killAllSsh, makeKey, spawnSsh } from '@gatehouse/testing';
import { freePort } from '../lib/free-port.ts';
import { handshakeOnce } from './handshake.ts';

export const NAMESPACE = 'bench-otter-123';
export const AUTH_HOST = 'auth.example.test';
const WAIT_MS = 120_000;

/** The whole server with `tls.acme` against Debian's pebble, and one live SSH tunnel user. */
export interface OnDemandSetup {
  readonly port: number;
  /** The root that signs pebble's certificates (verify handshakes against it). */
  readonly root: string;
  readonly pebble: Pebble;
  /** `{route}--{namespace}.tunnels.example.test` for a route of the live ssh session. */
  tunnelHost(route: string): string;
  close(): Promise<void>;
}

/** Polls `check` every 50 ms until it is true; throws naming `what` after WAIT_MS. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = performance.now() + WAIT_MS;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** An account, its namespace and an SSH key bound to it, as the verify page leaves a user. */
async function sshUser(system: GatehouseSystem, dir: string) {
  const store = system.gateway.store;
  await addAccount(store, 'bench@example.test');
  const account = await store.accounts.findByEmail('bench@example.test');
  if (account === undefined) throw new Error('no account');
  await store.tunnels.claimNamespace(account.id, NAMESPACE, Date.now());
  const key = makeKey(dir, 'bench-key');
  const [type = '', body = ''] = (await readFile(`${key.path}.pub`, 'utf8')).split(' ');
  await store.tunnels.putBinding({
    fingerprint: key.fingerprint,
    accountId: account.id,
    publicKey: `${type} ${body}`,
    remember: true,
    createdAt: Date.now(),
    lastUsedAt: Date.now(),
    expiresAt: null,
  });
  return key;
}

/**
 * pebble + challtestsrv on loopback, `startSystem` (gateway + SSH tunnel, in this process) with
 * `tls.acme` on pebble, the authenticate host's certificate issued, and the real OpenSSH client
 * holding one tunnel per route (`ssh -N -R <route>:0`), all live.
 */
export async function startOnDemandSetup(
  dir: string,
  routes: readonly string[],
): Promise<OnDemandSetup> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const port = await freePort();
    const pebble = await startPebble({ dir, httpPort: await freePort(), tlsPort: port });
    closers.push(() => pebble.close());
    const root = await pebble.root();
    const local: Server = createServer((_req, res) => res.end('local'));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => local.close(() => resolve())));
    const text = `listen: 127.0.0.1:${port}
authenticate_service_url: https://${AUTH_HOST}:${port}
tunnel_url: https://{route}--{namespace}.tunnels.example.test:${port}
data_dir: ${dir}/data
ssh: { listen: 127.0.0.1:0 }
tls:
  acme:
    email: ops@example.test
    directory_url: ${pebble.directoryUrl}
    trusted_ca_file: ${pebble.caFile}
    on_demand_per_hour: ${routes.length + 1}
`;
    await writeFile(path.join(dir, 'gatehouse.yaml'), text);
    const system = await startSystem({
      config: configFromText(text, path.join(dir, 'gatehouse.yaml')),
      logger: silentLogger,
      tunnelLocalAddress: `127.0.0.1:${(local.address() as AddressInfo).port}`,
    });
    closers.push(() => system.close());
    await until(
      'the authenticate host certificate',
      async () => (await handshakeOnce({ port, servername: AUTH_HOST, ca: root })).authorized,
    );
    const key = await sshUser(system, dir);
    spawnSsh(system.sshPort ?? 0, key, [
      '-N',
      ...routes.flatMap((r) => ['-R', `${r}:0`]),
      '127.0.0.1',
    ]);
    closers.push(() => killAllSsh());
    await until(`live tunnels for ${routes.join(', ')}`, () =>
      routes.every((route) =>
        (system.tunnel?.list() ?? []).some((t) => t.route === route && t.namespace === NAMESPACE),
      ),
    );
    return {
      port,
      root,
      pebble,
      tunnelHost: (route) => `${route}--${NAMESPACE}.tunnels.example.test`,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
