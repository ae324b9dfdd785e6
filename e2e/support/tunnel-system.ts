import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpTrafficInspector } from '@gatehouse/core';
import { startSystem, type GatehouseSystem } from '@gatehouse/cli';
import { configFromText } from '@gatehouse/gateway';
import {
  Client,
  recordingLogger,
  type Reply,
  addAccount,
  browserSignIn,
  answer,
} from '@gatehouse/testing/gateway';
import {
  freePort,
  killAllSsh,
  makeKey,
  spawnSsh,
  type SshProcess,
  type TestKey,
} from '@gatehouse/testing';
import { eventually } from '@gatehouse/testing/tunnel';

/**
 * What the SSH server prints for an unbound key: the verify page of the authenticate service
 * (`auth.localhost` here, `localhost` under npm start's defaults).
 */
export const VERIFY_URL =
  /http:\/\/(?:auth\.)?localhost:\d+\/ssh\/verify\?user_code=[A-Z]{4}-[A-Z]{4}/;

export interface TunnelSystem {
  readonly system: GatehouseSystem;
  readonly edgePort: number;
  readonly sshPort: number;
  readonly authUrl: string;
  /** The system's data dir (SQLite store and keys), to check what reached disk. */
  readonly dataDir: string;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** A fresh ed25519 key from ssh-keygen, in this system's temp dir. */
  key(name: string): TestKey;
  /** Creates the account and signs a cookie-jar browser in at the authenticate service. */
  signedInBrowser(email: string): Promise<Client>;
  /** `ssh <args>` with an unbound key: reads the verify URL, answers it in `browser`. */
  signIn(
    key: TestKey,
    browser: Client,
    args: readonly string[],
    decision?: { decision?: 'authorize' | 'deny'; remember?: boolean },
  ): Promise<{ ssh: SshProcess; verifyUrl: string; page: Reply }>;
  /** `http://<route>.<namespace>.localhost:<edge port>` of the account's namespace. */
  remoteUrl(email: string, route?: string): Promise<string>;
  /** Kills every ssh the tests started and waits until the server lists no live tunnel. */
  killSsh(): Promise<void>;
  /** Resolves once the route of the account's namespace has a live tunnel. */
  /** Resolves once `route` is live for the account (and, when given, forwards to `localAddress`). */
  waitLive(email: string, route?: string, timeoutMs?: number, localAddress?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole Gatehouse server as `gatehouse serve` wires it (gateway + SSH tunnel), on loopback
 * ports, with a fresh data dir (real SQLite) and the default `base_domain: localhost`.
 */
export async function startTunnelSystem(
  options: {
    /** Extra top-level config lines (e.g. an `oauth:` block). */
    readonly yaml?: string;
    /** Extra CA for fetching client metadata documents from a local test HTTPS host. */
    readonly cimdCa?: string;
    /** The MCP traffic inspector behind /inspect and the TUI's panel [5] (issue 16). */
    readonly trafficInspector?: McpTrafficInspector;
  } = {},
): Promise<TunnelSystem> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-tunnel-'));
  const edgePort = await freePort();
  const authUrl = `http://auth.localhost:${edgePort}`;
  const text = `listen: 127.0.0.1:${edgePort}\nauthenticate_service_url: ${authUrl}\ndata_dir: ${dir}\nssh: { listen: 127.0.0.1:0 }\n${options.yaml ?? ''}`;
  const configPath = join(dir, 'gatehouse.yaml');
  await writeFile(configPath, text);
  const logger = recordingLogger();
  const system = await startSystem({
    config: configFromText(text, configPath),
    logger,
    ...(options.cimdCa === undefined ? {} : { cimdCa: options.cimdCa }),
    ...(options.trafficInspector === undefined
      ? {}
      : { trafficInspector: options.trafficInspector }),
  });
  const sshPort = system.sshPort;
  if (sshPort === undefined) throw new Error('the SSH tunnel did not start');
  const store = system.gateway.store;

  const identity = async (email: string) => {
    const account = await store.accounts.findByEmail(email);
    const namespace =
      account === undefined ? undefined : await store.tunnels.namespaceOf(account.id);
    if (account === undefined || namespace === undefined)
      throw new Error(`${email} has no tunnel namespace yet`);
    return { accountId: account.id, namespace };
  };

  return {
    system,
    edgePort,
    sshPort,
    authUrl,
    dataDir: dir,
    logger,
    key: (name) => makeKey(dir, name),
    async signedInBrowser(email) {
      await addAccount(store, email);
      const browser = new Client();
      const landed = await browserSignIn(browser, `${authUrl}/account`, email);
      if (landed.status !== 200) throw new Error(`sign-in ended with ${landed.status}`);
      return browser;
    },
    async signIn(key, browser, args, choice = {}) {
      const ssh = spawnSsh(sshPort, key, args);
      const [verifyUrl = ''] = await ssh.waitFor(VERIFY_URL);
      const page = await answer(
        browser,
        verifyUrl,
        choice.decision ?? 'authorize',
        choice.remember ?? false,
      );
      return { ssh, verifyUrl, page };
    },
    async remoteUrl(email, route = 'mcp') {
      return `http://${route}.${(await identity(email)).namespace}.localhost:${edgePort}`;
    },
    async killSsh() {
      await killAllSsh();
      await eventually(() => (system.tunnel?.list().length ?? 0) === 0);
    },
    async waitLive(email, route = 'mcp', timeoutMs = 5000, localAddress?: string) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const account = await store.accounts.findByEmail(email);
        const live =
          account !== undefined &&
          (system.tunnel
            ?.list(account.id)
            .some(
              (t) =>
                t.route === route &&
                (localAddress === undefined || t.localAddress === localAddress),
            ) ??
            false);
        if (live) return;
        if (Date.now() > deadline) throw new Error(`no live tunnel for ${email} route ${route}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await system.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
