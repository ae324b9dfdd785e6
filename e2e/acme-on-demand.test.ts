import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type GatehouseSystem } from '@gatehouse/cli';
import { configFromText } from '@gatehouse/gateway';
import {
  freePort,
  handshake,
  until,
  killAllSsh,
  makeKey,
  spawnSsh,
  type TestKey,
} from '@gatehouse/testing';
import {
  recordingLogger,
  addAccount,
  curl,
  logged,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

// Issue 14, on-demand tunnel certificates: the whole server (gateway + SSH tunnel) with
// tls.acme against Debian's pebble, the real OpenSSH client, curl and Node's TLS client.

const NAMESPACE = 'brave-otter-123';
const TUNNEL_HOST = `mcp--${NAMESPACE}.tunnels.example.test`;

let dir: string;
let pebble: Pebble;
let system: GatehouseSystem;
let logger: ReturnType<typeof recordingLogger>;
let port: number;
let root: string;
let rootFile: string;
let local: Server;
let key: TestKey;

/** A new user as the verify page leaves them: an account, a fresh namespace, a bound SSH key. */
async function newSshUser(email: string, namespace: string, keyName: string): Promise<TestKey> {
  const store = system.gateway.store;
  await addAccount(store, email);
  const account = await store.accounts.findByEmail(email);
  if (account === undefined) throw new Error('no account');
  expect(await store.tunnels.claimNamespace(account.id, namespace, Date.now())).toBe(namespace);
  const userKey = makeKey(dir, keyName);
  const [type = '', body = ''] = (await readFile(`${userKey.path}.pub`, 'utf8')).split(' ');
  await store.tunnels.putBinding({
    fingerprint: userKey.fingerprint,
    accountId: account.id,
    publicKey: `${type} ${body}`,
    remember: true,
    createdAt: Date.now(),
    lastUsedAt: Date.now(),
    expiresAt: null,
  });
  return userKey;
}

async function live(route: string): Promise<void> {
  await until(`a live tunnel for route ${route}`, () =>
    (system.tunnel?.list() ?? []).some((t) => t.route === route && t.namespace === NAMESPACE),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-ondemand-'));
  port = await freePort();
  pebble = await startPebble({ dir, httpPort: await freePort(), tlsPort: port });
  root = await pebble.root();
  rootFile = join(dir, 'root.pem');
  await writeFile(rootFile, root);
  local = createServer((req, res) => res.end(`local:${req.url ?? ''}`));
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  logger = recordingLogger();
  const text = `listen: 127.0.0.1:${port}
authenticate_service_url: https://auth.example.test:${port}
tunnel_url: https://{route}--{namespace}.tunnels.example.test:${port}
data_dir: ${dir}/data
ssh: { listen: 127.0.0.1:0 }
tls:
  acme:
    email: ops@example.test
    directory_url: ${pebble.directoryUrl}
    trusted_ca_file: ${pebble.caFile}
    on_demand_per_hour: 2
`;
  system = await startSystem({
    config: configFromText(text, join(dir, 'gatehouse.yaml')),
    logger,
    tunnelLocalAddress: `127.0.0.1:${(local.address() as AddressInfo).port}`,
  });
  // The authenticate host's certificate comes at start: one order before the tunnels.
  await until(
    'the authenticate host certificate',
    async () => (await handshake(port, 'auth.example.test', root)).authorized,
  );
  key = await newSshUser('ada@example.test', NAMESPACE, 'ada');
}, 120_000);
afterAll(async () => {
  await killAllSsh();
  await system?.close();
  await pebble?.close();
  await new Promise<void>((resolve) => local.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

describe('on-demand certificates for tunnel hosts', () => {
  it("gives a new SSH user's tunnel host a certificate at its first handshake, without holding up others", async () => {
    spawnSsh(system.sshPort ?? 0, key, ['-N', '-R', '0', '127.0.0.1']);
    await live('mcp');
    const orders = pebble.orders();
    const first = handshake(port, TUNNEL_HOST, root);
    let firstDone = false;
    void first.then(() => (firstDone = true));
    // Another name's handshake completes while the on-demand order is still running.
    expect((await handshake(port, 'auth.example.test', root)).authorized).toBe(true);
    expect(firstDone).toBe(false);
    const tunnel = await first;
    expect(tunnel.authorized).toBe(true);
    expect(tunnel.subjectAltName).toBe(`DNS:${TUNNEL_HOST}`);
    expect(pebble.orders()).toBe(orders + 1);
    expect(
      logged(
        logger,
        new RegExp(`first handshake for tunnel host ${TUNNEL_HOST.replace(/\./g, '\\.')}`),
      ),
    ).toHaveLength(1);
    // curl verifies it against pebble's root, and the tunnel's MCP route answers (sign-in first).
    const reply = await curl(`https://${TUNNEL_HOST}:${port}/mcp`, rootFile, port);
    expect(reply.err).toBe('');
    expect(reply.out).toContain('invalid_token');
  }, 120_000);

  it('orders nothing for a name without a namespace, and refuses its handshake', async () => {
    const orders = pebble.orders();
    const unknown = await handshake(port, 'mcp--nobody-here-999.tunnels.example.test', root);
    expect(unknown.ok).toBe(false);
    const notLive = await handshake(port, `echo--${NAMESPACE}.tunnels.example.test`, root);
    expect(notLive.ok).toBe(false);
    expect(pebble.orders()).toBe(orders);
    expect(
      logged(
        logger,
        /no certificate for mcp--nobody-here-999\.tunnels\.example\.test: not a live tunnel host, so no ACME order/,
      ),
    ).toHaveLength(1);
  }, 60_000);

  it('stops ordering past tls.acme.on_demand_per_hour, with a log line naming the key', async () => {
    spawnSsh(system.sshPort ?? 0, key, ['-N', '-R', 'one:0', '-R', 'two:0', '127.0.0.1']);
    await live('one');
    await live('two');
    expect((await handshake(port, `one--${NAMESPACE}.tunnels.example.test`, root)).authorized).toBe(
      true,
    );
    const orders = pebble.orders();
    const refused = await handshake(port, `two--${NAMESPACE}.tunnels.example.test`, root);
    expect(refused.ok).toBe(false);
    expect(pebble.orders()).toBe(orders);
    expect(
      logged(
        logger,
        /on-demand limit of 2 orders an hour is reached \(tls\.acme\.on_demand_per_hour\)/,
      ),
    ).toHaveLength(1);
  }, 120_000);
});
